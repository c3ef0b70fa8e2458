import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
}
type Doc = {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>
  >;
};

describe('one list shape (docs/architecture.md, "Lists")', () => {
  let t: TestApp;
  let doc: Doc;
  beforeAll(async () => {
    t = await createTestApp({ setup: false });
    doc = (await t.request({ method: 'GET', url: '/api/openapi.json' })).body as Doc;
  });
  afterAll(() => t.close());

  const answers = () =>
    Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([method, op]) =>
        Object.entries(op.responses ?? {})
          .filter(([status]) => status.startsWith('2'))
          .map(([status, r]) => ({
            at: `${method.toUpperCase()} ${path} ${status}`,
            schema: r.content?.['application/json']?.schema,
          })),
      ),
    );

  it('no endpoint answers a bare array', () => {
    const all = answers();
    expect(all.length).toBeGreaterThan(100);
    expect(all.filter((a) => a.schema?.type === 'array').map((a) => a.at)).toEqual([]);
  });

  // One unit's remedies: an object whose `items` are the remedy per line, not a list endpoint.
  const NOT_LISTS = new Set(['GET /api/warranty/units/{unitId}/remedies 200']);

  it('every answer with items carries their total', () => {
    const lists = answers().filter((a) => a.schema?.properties?.items?.type === 'array' && !NOT_LISTS.has(a.at));
    expect(lists.length).toBeGreaterThan(30);
    expect(lists.filter((a) => a.schema?.properties?.total?.type !== 'integer').map((a) => a.at)).toEqual([]);
  });
});

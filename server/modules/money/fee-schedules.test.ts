import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events } from '../../platform/events/tables.js';
import { buildProductModel, buildUser } from '../../test/factories.js';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';

// The stored fee schedules (docs/money.md, "Stored schedules"): add, list, change, end, preview.

let t: TestApp;
let admin: Agent;
let lineId: string;

const travelFar = (lineId: string) => ({
  schedule: 'customer',
  item: 'travel',
  productLineId: lineId,
  zone: 'far',
  amountFen: 6000,
  effectiveFrom: '2026-01-01',
  label: '远区上门',
});

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.login('admin');
  lineId = (await buildProductModel(t)).lineId;
});
afterAll(async () => t?.close());

describe('fee rules', () => {
  let oldId: string;
  let newId: string;

  it('adds a rule and lists it in force', async () => {
    const made = await admin.post('/api/fee-rules', travelFar(lineId));
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ item: 'travel', amountFen: 6000, effectiveTo: null, serviceType: null });
    expect(made.body.createdByName).toBeTruthy();
    oldId = made.body.id;
    const labour = await admin.post('/api/fee-rules', {
      schedule: 'customer',
      item: 'labour',
      amountFen: 8000,
      effectiveFrom: '2026-01-01',
      label: '人工',
    });
    expect(labour.status).toBe(201);
    const list = await admin.get(`/api/fee-rules?onDay=2026-03-15&productLineId=${lineId}`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0].id).toBe(oldId);
    const before = await admin.get('/api/fee-rules?onDay=2025-12-31');
    expect(before.body).toEqual({ items: [], total: 0 });
    const bySchedule = await admin.get('/api/fee-rules?schedule=customer&item=labour');
    expect(bySchedule.body.total).toBe(1);
  });

  it('changes a rule: the old one ends the day before, the new one is in force from its day', async () => {
    const res = await admin.post(`/api/fee-rules/${oldId}/change`, {
      ...travelFar(lineId),
      amountFen: 7000,
      effectiveFrom: '2026-04-01',
      label: '远区上门（调价）',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.ended).toMatchObject({ id: oldId, effectiveTo: '2026-03-31', amountFen: 6000 });
    expect(res.body.ended.endedByName).toBeTruthy();
    expect(res.body.added).toMatchObject({ effectiveFrom: '2026-04-01', effectiveTo: null, amountFen: 7000 });
    newId = res.body.added.id;
    const march = await admin.get(`/api/fee-rules?onDay=2026-03-31&item=travel`);
    expect(march.body.items.map((r: { id: string }) => r.id)).toEqual([oldId]);
    const april = await admin.get(`/api/fee-rules?onDay=2026-04-01&item=travel`);
    expect(april.body.items.map((r: { id: string }) => r.id)).toEqual([newId]);
    const ended = await admin.get('/api/fee-rules?ended=true');
    expect(ended.body.items.map((r: { id: string }) => r.id)).toEqual([oldId]);
    // An ended rule is final.
    const again = await admin.post(`/api/fee-rules/${oldId}/end`, { effectiveTo: '2026-03-20' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('fee_rule.ended');
  });

  it('the preview picks the new rule on its first day and the old one the day before', async () => {
    const facts = { serviceType: 'on_site', productLineId: lineId, distanceM: 30_100, parts: [] };
    const day1 = await admin.post('/api/fee-rules/quote-preview', { ...facts, day: '2026-04-01' });
    expect(day1.status, JSON.stringify(day1.body)).toBe(200);
    expect(day1.body.zone).toBe('far');
    const travel1 = day1.body.customerQuote.lines.find((l: { item: string }) => l.item === 'travel');
    expect(travel1).toMatchObject({ ruleId: newId, amountFen: 7000 });
    expect(travel1.explanation['zh-CN']).toContain('远区上门（调价）');
    expect(day1.body.customerQuote.totalFen).toBe(15_000);
    const day0 = await admin.post('/api/fee-rules/quote-preview', {
      ...facts,
      day: '2026-03-31',
      parts: [{ name: '电机', quantity: 1, salePriceFen: 23_550, costFen: 15_000, fromOwnStock: true }],
    });
    const travel0 = day0.body.customerQuote.lines.find((l: { item: string }) => l.item === 'travel');
    expect(travel0).toMatchObject({ ruleId: oldId, amountFen: 6000 });
    expect(day0.body.customerQuote.totalFen).toBe(8000 + 6000 + 23_550);
    expect(day0.body.customerQuote.complete).toBe(true);
    // No outlet rule: the service fee is missing, the own-stock part still listed at cost.
    expect(day0.body.outletServiceFee.complete).toBe(false);
    expect(day0.body.outletServiceFee.totalFen).toBe(15_000);
    expect(day0.body.refusedQuoteCharge.totalFen).toBe(0);
  });

  it('ends a rule on a day, audited', async () => {
    const res = await admin.post(`/api/fee-rules/${newId}/end`, { effectiveTo: '2026-12-31' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.effectiveTo).toBe('2026-12-31');
    const rows = await t.database.db.select().from(events).where(eq(events.entity, 'fee_rule'));
    const actions = rows.map((e) => `${e.action}:${e.entityId}`);
    expect(actions).toContain(`fee_rule.created:${oldId}`);
    expect(actions).toContain(`fee_rule.changed:${oldId}`);
    expect(actions).toContain(`fee_rule.created:${newId}`);
    expect(actions).toContain(`fee_rule.ended:${newId}`);
    const changed = rows.find((e) => e.action === 'fee_rule.changed')!;
    expect(changed.changes.effectiveTo).toEqual({ before: null, after: '2026-03-31' });
    expect(changed.actorId).toBe(admin.userId);
  });

  it('refuses invalid rules naming the field', async () => {
    const bad = async (body: object, field: string, url = '/api/fee-rules') => {
      const res = await admin.post(url, body);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    };
    await bad({ ...travelFar(lineId), effectiveTo: '2025-12-31' }, 'body.effectiveTo');
    await bad({ ...travelFar(lineId), minDistanceM: 50_000, maxDistanceM: 30_000 }, 'body.maxDistanceM');
    await bad({ ...travelFar(lineId), item: 'service_fee' }, 'body.item');
    await bad({ ...travelFar(lineId), amountFen: 12.5 }, 'body.amountFen');
    await bad({ ...travelFar(lineId), productLineId: 'no-such-line' }, 'body.productLineId');
    await bad({ ...travelFar(lineId), effectiveFrom: '0000-01-01' }, 'body.effectiveFrom');
    const open = await admin.post('/api/fee-rules', { ...travelFar(lineId), effectiveFrom: '2026-05-01' });
    expect(open.status).toBe(201);
    await bad({ effectiveTo: '2026-04-30' }, 'body.effectiveTo', `/api/fee-rules/${open.body.id}/end`);
    await bad(
      { ...travelFar(lineId), effectiveFrom: '2026-04-01' },
      'body.effectiveFrom',
      `/api/fee-rules/${open.body.id}/change`,
    );
    await bad(
      { ...travelFar(lineId), effectiveFrom: '2026-06-01', endOn: '2026-06-01' },
      'body.endOn',
      `/api/fee-rules/${open.body.id}/change`,
    );
    await bad(
      { ...travelFar(lineId), item: 'labour', zone: null, effectiveFrom: '2026-06-01' },
      'body.item',
      `/api/fee-rules/${open.body.id}/change`,
    );
    const unknown = await admin.post('/api/fee-rules/00000000-0000-4000-8000-000000000000/end', {
      effectiveTo: '2026-06-01',
    });
    expect(unknown.status).toBe(404);
  });

  it('a technician reads the rules but may not write them', async () => {
    const tech = await buildUser(t, { roles: ['technician'] });
    const agent = await t.login(tech.username);
    expect((await agent.get('/api/fee-rules')).status).toBe(200);
    const res = await agent.post('/api/fee-rules', travelFar(lineId));
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('auth.forbidden');
    expect((await agent.post(`/api/fee-rules/${newId}/end`, { effectiveTo: '2026-12-31' })).status).toBe(403);
    const finance = await t.login((await buildUser(t, { roles: ['finance'] })).username);
    const made = await finance.post('/api/fee-rules', { ...travelFar(lineId), effectiveFrom: '2027-01-01' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
  });
});

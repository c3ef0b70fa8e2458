import { describe, expect, it } from 'vitest';
import { routeUrl } from './client.js';

describe('routeUrl', () => {
  it('fills the path parameters, encoded', () => {
    expect(routeUrl('GET /api/orders/:id', { params: { id: 'a b/c' } })).toBe('/api/orders/a%20b%2Fc');
    expect(routeUrl('PUT /api/settings/:key', { params: { key: 'company.name' } })).toBe('/api/settings/company.name');
  });

  it('appends the query, leaving out empty values and repeating arrays', () => {
    expect(
      routeUrl('GET /api/orders', {
        query: { state: ['created', 'dispatched_center'], q: '', technicianId: undefined, page: 2 },
      }),
    ).toBe('/api/orders?state=created&state=dispatched_center&page=2');
    expect(routeUrl('GET /api/roles', {})).toBe('/api/roles');
  });

  it('refuses a missing path parameter rather than calling a wrong URL', () => {
    expect(() => routeUrl('GET /api/orders/:id', { params: {} as { id: string } })).toThrow(':id');
  });
});

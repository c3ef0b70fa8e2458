import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tables from '../../../db/schema.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { SIGNATURE, type ServiceWorld, setUpServiceWorld } from '../../../test/service-world.js';

// Paid work (docs/money-collection.md): quote → signature → collection → hand-over → reconciliation,
// a refused quote's call-out charge, an in-warranty order, corrections as new entries, scope.

let t: TestApp;
let w: ServiceWorld;
const as: Record<string, Agent> = {};
const USERS = [
  'admin',
  'hotline',
  'dispatcher',
  'finance',
  'parts',
  'gd.dispatch',
  'gd01.manager',
  'gd01.tech1',
  'gd02.manager',
];

async function act(who: string, o: { id: string; version: number }, path: string, body: Record<string, unknown> = {}) {
  const res = await as[who]!.post(`/api/orders/${o.id}/${path}`, { version: o.version, ...body });
  if (res.status !== 200) throw new Error(`${who} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** An on-site order of outlet O-GD-01 walked to on site by gd01.tech1. */
async function orderOnSite(): Promise<{ id: string; version: number; code: string }> {
  const made = await as.hotline!.post('/api/orders', {
    customerId: w.customerId,
    unitId: w.unitId,
    serviceType: 'on_site',
    priority: 2,
    faultDescription: '不进水',
  });
  if (made.status !== 201) throw new Error(`order: ${made.status} ${JSON.stringify(made.body)}`);
  let o = made.body;
  o = await act('dispatcher', o, 'dispatch', { toUnitId: w.units['C-GD'] });
  o = await act('gd.dispatch', o, 'dispatch', { toUnitId: w.units['O-GD-01'] });
  o = await act('gd01.manager', o, 'accept');
  o = await act('gd01.manager', o, 'dispatch', { technicianId: w.users['gd01.tech1'] });
  o = await act('gd01.tech1', o, 'appointment', {
    from: '2026-11-23T06:00:00Z',
    to: '2026-11-23T08:00:00Z',
    confirmedWithCustomer: true,
  });
  o = await act('gd01.tech1', o, 'depart');
  return act('gd01.tech1', o, 'arrive', { position: { lat: 23.1372, lng: 113.3245, accuracyM: 12 } });
}

const rule = (item: string, amountFen: number, label: string) => ({
  schedule: 'customer',
  item,
  productLineId: w.lineId,
  amountFen,
  effectiveFrom: '2026-01-01',
  label,
});

const fieldsOf = (body: { errors?: { path: string }[] }) => (body.errors ?? []).map((e) => e.path);

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  w = await setUpServiceWorld(t);
  for (const u of USERS) as[u] = await t.login(u);
  for (const r of [
    rule('labour', 8000, '洗衣机人工'),
    rule('travel', 3000, '上门费'),
    rule('callout', 2500, '上门检测'),
  ]) {
    const res = await as.admin!.post('/api/fee-rules', r);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  }
  const price = await as.parts!.put(`/api/parts/${w.partId}/prices`, {
    costFen: 9000,
    salePriceFen: 12_050,
    effectiveFrom: '2026-01-01',
  });
  expect(price.status, JSON.stringify(price.body)).toBe(200);
  const cert = await as['gd01.manager']!.post('/api/technician-certifications', {
    userId: w.users['gd01.tech1'],
    productLineId: w.lineId,
    validUntil: '2027-12-31',
  });
  expect(cert.status, JSON.stringify(cert.body)).toBe(201);
});
afterAll(async () => t?.close());

describe('paid work: quote, signature, collection, invoice, hand-over, reconciliation', () => {
  let order: { id: string; code: string };
  let quoteId: string;
  let cashId: string;
  let invoiceId: string;
  let handoverId: string;
  const today = () => t.clock.now().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });

  it('shows an out-of-warranty order as paid, nothing due before a quote', async () => {
    order = await orderOnSite();
    const money = await as['gd01.tech1']!.get(`/api/orders/${order.id}/money`);
    expect(money.status, JSON.stringify(money.body)).toBe(200);
    expect(money.body).toMatchObject({ paid: true, quote: null, dueFen: 0, collectedFen: 0, invoiceRequest: null });
    expect(money.body.entitlementText['zh-CN']).toBeTruthy();
    const early = await as['gd01.tech1']!.post(`/api/orders/${order.id}/collections`, {
      amountFen: 100,
      method: 'cash',
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('collection.nothing_due');
  });

  it('quotes by the schedule in force today, frozen with its lines and explanations', async () => {
    const bad = await as['gd01.tech1']!.post(`/api/orders/${order.id}/quote`, {
      parts: [{ partId: '00000000-0000-4000-8000-000000000000', quantity: 1 }],
    });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(['body.parts.0.partId']);
    const q = await as['gd01.tech1']!.post(`/api/orders/${order.id}/quote`, {
      parts: [{ partId: w.partId, quantity: 2 }],
    });
    expect(q.status, JSON.stringify(q.body)).toBe(201);
    expect(q.body).toMatchObject({ state: 'proposed', totalFen: 8000 + 3000 + 24_100, calloutFen: 2500 });
    expect(
      q.body.lines.map((l: { item: string; label: string; amountFen: number }) => [l.item, l.label, l.amountFen]),
    ).toEqual([
      ['labour', '洗衣机人工', 8000],
      ['travel', '上门费', 3000],
      ['part', '排水泵', 24_100],
    ]);
    expect(q.body.lines[2].explanation.en).toContain('120.50');
    quoteId = q.body.id;
    // A new proposal replaces the one not yet decided.
    const again = await as['gd01.tech1']!.post(`/api/orders/${order.id}/quote`, {
      parts: [{ partId: w.partId, quantity: 1 }],
    });
    expect(again.status).toBe(201);
    const stale = await as['gd01.tech1']!.post(`/api/order-quotes/${quoteId}/agree`, { signature: SIGNATURE });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('quote.superseded');
    quoteId = again.body.id;
  });

  it('the customer signs; the quote is agreed and due', async () => {
    const bad = await as['gd01.tech1']!.post(`/api/order-quotes/${quoteId}/agree`, { signature: 'not a png' });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body)).toEqual(['body.signature']);
    const ok = await as['gd01.tech1']!.post(`/api/order-quotes/${quoteId}/agree`, { signature: SIGNATURE });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body).toMatchObject({ state: 'agreed', signatureUrl: SIGNATURE, totalFen: 23_050 });
    expect(ok.body.agreedAt).toBeTruthy();
    const twice = await as['gd01.tech1']!.post(`/api/order-quotes/${quoteId}/refuse`, {});
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('quote.wrong_state');
    const requote = await as['gd01.tech1']!.post(`/api/orders/${order.id}/quote`, {});
    expect(requote.body.code).toBe('quote.already_agreed');
    const money = await as['gd01.tech1']!.get(`/api/orders/${order.id}/money`);
    expect(money.body).toMatchObject({ dueFen: 23_050, collectedFen: 0, quote: { id: quoteId, state: 'agreed' } });
    const audit = await t.database.db.select().from(tables.events).where(eq(tables.events.entityId, quoteId));
    expect(audit.map((e) => e.action).sort()).toEqual(['quote.agreed', 'quote.proposed']);
    expect(JSON.stringify(audit)).not.toContain('base64');
  });

  it('collects with a receipt and an SMS; non-cash needs its reference; never more than is due', async () => {
    const tech = as['gd01.tech1']!;
    const noRef = await tech.post(`/api/orders/${order.id}/collections`, { amountFen: 1000, method: 'wechat' });
    expect(noRef.status).toBe(400);
    expect(fieldsOf(noRef.body)).toEqual(['body.reference']);
    const cash = await tech.post(`/api/orders/${order.id}/collections`, { amountFen: 10_000, method: 'cash' });
    expect(cash.status, JSON.stringify(cash.body)).toBe(201);
    expect(cash.body).toMatchObject({
      orderId: order.id,
      orderCode: order.code,
      amountFen: 10_000,
      method: 'cash',
      reference: null,
      collectedBy: { id: w.users['gd01.tech1'] },
      correctsId: null,
      customerName: '张三',
      smsQueued: true,
    });
    expect(cash.body.receiptNo).toMatch(/^SK\d{8}-[0-9A-F]{6}$/);
    cashId = cash.body.id;
    const sms = await t.database.db.select().from(tables.outbox).where(eq(tables.outbox.template, 'money.receipt'));
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({
      channel: 'sms',
      params: { receiptNo: cash.body.receiptNo, orderCode: order.code, amount: '100.00元', method: '现金' },
    });
    expect(sms[0]!.body).toContain(cash.body.receiptNo);
    expect(sms[0]!.body).toContain(order.code);
    expect(sms[0]!.body).toContain('100.00元（现金）');
    const over = await tech.post(`/api/orders/${order.id}/collections`, { amountFen: 13_051, method: 'cash' });
    expect(over.status).toBe(400);
    expect(over.body.code).toBe('collection.exceeds_due');
    expect(fieldsOf(over.body)).toEqual(['body.amountFen']);
    const wechat = await tech.post(`/api/orders/${order.id}/collections`, {
      amountFen: 13_050,
      method: 'wechat',
      reference: 'WX4200001',
    });
    expect(wechat.status).toBe(201);
    const receipt = await as['gd01.manager']!.get(`/api/collections/${cashId}`);
    expect(receipt.status).toBe(200);
    expect(receipt.body.receiptNo).toBe(cash.body.receiptNo);
    const money = await tech.get(`/api/orders/${order.id}/money`);
    expect(money.body).toMatchObject({ dueFen: 23_050, collectedFen: 23_050 });
    expect(money.body.collections).toHaveLength(2);
  });

  it('corrects a collection by a new entry, never an edit, and never below zero', async () => {
    const mgr = as['gd01.manager']!;
    const noReason = await mgr.post(`/api/collections/${cashId}/correct`, { amountFen: -1000 });
    expect(fieldsOf(noReason.body)).toEqual(['body.reason']);
    const fix = await mgr.post(`/api/collections/${cashId}/correct`, { amountFen: -1000, reason: '多记了10元' });
    expect(fix.status, JSON.stringify(fix.body)).toBe(201);
    expect(fix.body).toMatchObject({
      amountFen: -1000,
      correctsId: cashId,
      reason: '多记了10元',
      method: 'cash',
      collectedBy: { id: w.users['gd01.tech1'] },
    });
    const original = await mgr.get(`/api/collections/${cashId}`);
    expect(original.body.amountFen).toBe(10_000);
    const below = await mgr.post(`/api/collections/${cashId}/correct`, { amountFen: -9001, reason: '冲销' });
    expect(below.status).toBe(400);
    expect(below.body.code).toBe('collection.below_zero');
    const ofCorrection = await mgr.post(`/api/collections/${fix.body.id}/correct`, { amountFen: 500, reason: 'x' });
    expect(ofCorrection.status).toBe(409);
    expect(ofCorrection.body.code).toBe('collection.is_correction');
    const zero = await mgr.post(`/api/collections/${cashId}/correct`, { amountFen: 0, reason: 'x' });
    expect(fieldsOf(zero.body)).toEqual(['body.amountFen']);
    const money = await mgr.get(`/api/orders/${order.id}/money`);
    expect(money.body.collectedFen).toBe(22_050);
    expect(money.body.collections).toHaveLength(3);
  });

  it("takes the customer's invoice request and finance's invoice number", async () => {
    const tech = as['gd01.tech1']!;
    const noTax = await tech.post(`/api/orders/${order.id}/invoice-request`, {
      titleKind: 'company',
      title: '某某公司',
    });
    expect(noTax.status).toBe(400);
    expect(noTax.body.code).toBe('invoice.tax_id_required');
    expect(fieldsOf(noTax.body)).toEqual(['body.taxId']);
    const badTax = await tech.post(`/api/orders/${order.id}/invoice-request`, {
      titleKind: 'company',
      title: '某某公司',
      taxId: '91350100M000100Y44',
    });
    expect(badTax.status).toBe(400);
    expect(badTax.body.code).toBe('invoice.tax_id_invalid');
    expect(fieldsOf(badTax.body)).toEqual(['body.taxId']);
    const ok = await tech.post(`/api/orders/${order.id}/invoice-request`, {
      titleKind: 'company',
      title: '某某公司',
      taxId: '91350100M000100Y43',
      email: 'fp@example.com',
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ state: 'open', amountFen: 22_050, invoiceNo: null, orderCode: order.code });
    invoiceId = ok.body.id;
    const twice = await tech.post(`/api/orders/${order.id}/invoice-request`, { titleKind: 'personal', title: '张三' });
    expect(twice.body.code).toBe('invoice.already_requested');
    const open = await as.finance!.get('/api/invoice-requests?state=open');
    expect(open.body.items.map((i: { id: string }) => i.id)).toContain(invoiceId);
    const forbidden = await tech.post(`/api/invoice-requests/${invoiceId}/invoice`, { invoiceNo: '12345678' });
    expect(forbidden.status).toBe(403);
    const issued = await as.finance!.post(`/api/invoice-requests/${invoiceId}/invoice`, {
      invoiceNo: '25442000000012345678',
    });
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    expect(issued.body).toMatchObject({ state: 'issued', invoiceNo: '25442000000012345678' });
    const again = await as.finance!.post(`/api/invoice-requests/${invoiceId}/invoice`, { invoiceNo: '1' });
    expect(again.body.code).toBe('invoice.already_issued');
    const listed = await as.finance!.get('/api/invoice-requests?state=issued');
    expect(listed.body.items.map((i: { id: string }) => i.id)).toContain(invoiceId);
  });

  it('records the hand-over and reconciles cash per technician and day', async () => {
    const mgr = as['gd01.manager']!;
    const tech = w.users['gd01.tech1']!;
    const self = await as['gd01.tech1']!.post('/api/handovers', { technicianId: tech, amountFen: 100, to: 'outlet' });
    expect(self.status).toBe(403);
    const future = await mgr.post('/api/handovers', {
      technicianId: tech,
      amountFen: 100,
      to: 'outlet',
      day: '2099-01-01',
    });
    expect(fieldsOf(future.body)).toEqual(['body.day']);
    const h = await mgr.post('/api/handovers', { technicianId: tech, amountFen: 5000, to: 'outlet', note: '现金' });
    expect(h.status, JSON.stringify(h.body)).toBe(201);
    expect(h.body).toMatchObject({
      technician: { id: tech },
      outlet: { id: w.units['O-GD-01'] },
      amountFen: 5000,
      to: 'outlet',
      day: today(),
      receivedBy: { id: w.users['gd01.manager'] },
      correctsId: null,
    });
    handoverId = h.body.id;
    const rec = await as.finance!.get(`/api/cash-reconciliation?from=${today()}&to=${today()}&technicianId=${tech}`);
    expect(rec.status, JSON.stringify(rec.body)).toBe(200);
    expect(rec.body.items).toEqual([
      {
        day: today(),
        technician: { id: tech, name: expect.any(String) },
        outlet: { id: w.units['O-GD-01'], name: expect.any(String) },
        collectedCashFen: 9000,
        handedOverFen: 5000,
        differenceFen: 4000,
      },
    ]);
  });

  it('corrects a hand-over by a new entry; a reconciled technician leaves the open list', async () => {
    const mgr = as['gd01.manager']!;
    const tech = w.users['gd01.tech1']!;
    const below = await mgr.post(`/api/handovers/${handoverId}/correct`, { amountFen: -5001, reason: '点错' });
    expect(below.body.code).toBe('handover.below_zero');
    const fix = await mgr.post(`/api/handovers/${handoverId}/correct`, { amountFen: 4000, reason: '补登剩余现金' });
    expect(fix.status, JSON.stringify(fix.body)).toBe(201);
    expect(fix.body).toMatchObject({ amountFen: 4000, correctsId: handoverId, reason: '补登剩余现金' });
    const url = `/api/cash-reconciliation?from=${today()}&to=${today()}&technicianId=${tech}`;
    const all = await as.finance!.get(url);
    expect(all.body.items[0]).toMatchObject({ collectedCashFen: 9000, handedOverFen: 9000, differenceFen: 0 });
    const open = await as.finance!.get(`${url}&onlyOpen=true`);
    expect(open.body).toEqual({ items: [], total: 0 });
    const badRange = await as.finance!.get(`/api/cash-reconciliation?from=${today()}&to=2020-01-01`);
    expect(fieldsOf(badRange.body)).toEqual(['querystring.to']);
    // The hand-overs of the day, the correction first (newest), each one correctable from the list.
    const listed = await mgr.get(`/api/handovers?from=${today()}&to=${today()}&technicianId=${tech}`);
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.items.map((h: { id: string; correctsId: string | null }) => [h.id, h.correctsId])).toEqual([
      [fix.body.id, handoverId],
      [handoverId, null],
    ]);
    const badList = await mgr.get(`/api/handovers?from=${today()}&to=2020-01-01`);
    expect(fieldsOf(badList.body)).toEqual(['querystring.to']);
  });

  it('keeps another outlet out: 404 and not in lists', async () => {
    const other = as['gd02.manager']!;
    expect((await other.get(`/api/orders/${order.id}/money`)).status).toBe(404);
    expect((await other.get(`/api/collections/${cashId}`)).status).toBe(404);
    expect((await other.post(`/api/collections/${cashId}/correct`, { amountFen: -1, reason: 'x' })).status).toBe(404);
    expect((await other.post(`/api/order-quotes/${quoteId}/refuse`, {})).status).toBe(404);
    expect((await other.post(`/api/handovers/${handoverId}/correct`, { amountFen: 1, reason: 'x' })).status).toBe(404);
    const h = await other.post('/api/handovers', { technicianId: w.users['gd01.tech1'], amountFen: 1, to: 'outlet' });
    expect(h.status).toBe(404);
    expect(fieldsOf(h.body)).toEqual(['body.technicianId']);
    const list = await other.get('/api/invoice-requests');
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(invoiceId);
    expect((await other.post(`/api/invoice-requests/${invoiceId}/invoice`, { invoiceNo: 'x' })).status).toBe(404);
    const theirs = await other.get(`/api/handovers?from=2026-01-01&to=${today()}`);
    expect(theirs.body.items.map((h: { id: string }) => h.id)).not.toContain(handoverId);
    const rec = await other.get(`/api/cash-reconciliation?from=2026-01-01&to=${today()}`);
    expect(rec.body.items.map((r: { technician: { id: string } }) => r.technician.id)).not.toContain(
      w.users['gd01.tech1'],
    );
  });
});

describe('a refused quote, an in-warranty order', () => {
  it('a refused quote ends the visit with the call-out charge due', async () => {
    const order = await orderOnSite();
    const q = await as['gd01.tech1']!.post(`/api/orders/${order.id}/quote`, {});
    expect(q.status, JSON.stringify(q.body)).toBe(201);
    expect(q.body.totalFen).toBe(11_000);
    const r = await as['gd01.tech1']!.post(`/api/order-quotes/${q.body.id}/refuse`, { reason: '太贵' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ state: 'refused', refusalReason: '太贵', calloutFen: 2500 });
    const money = await as['gd01.tech1']!.get(`/api/orders/${order.id}/money`);
    expect(money.body).toMatchObject({ dueFen: 2500 });
    const over = await as['gd01.tech1']!.post(`/api/orders/${order.id}/collections`, {
      amountFen: 2501,
      method: 'cash',
    });
    expect(over.body.code).toBe('collection.exceeds_due');
    const ok = await as['gd01.tech1']!.post(`/api/orders/${order.id}/collections`, { amountFen: 2500, method: 'cash' });
    expect(ok.status).toBe(201);
    const requote = await as['gd01.tech1']!.post(`/api/orders/${order.id}/quote`, {});
    expect(requote.body.code).toBe('quote.already_refused');
  });

  it('an order in warranty is not quoted, unless the fault is excluded', async () => {
    const purchased = new Date(t.clock.now().getTime() - 30 * 86_400_000).toISOString().slice(0, 10);
    await t.database.db.update(tables.units).set({ purchaseDate: purchased }).where(eq(tables.units.id, w.unitId));
    const order = await orderOnSite();
    const money = await as['gd01.tech1']!.get(`/api/orders/${order.id}/money`);
    expect(money.body.paid).toBe(false);
    const q = await as['gd01.tech1']!.post(`/api/orders/${order.id}/quote`, {});
    expect(q.status).toBe(409);
    expect(q.body.code).toBe('quote.in_warranty');
    expect(fieldsOf(q.body)).toEqual(['body.exclusion']);
    const en = await as['gd01.tech1']!.request(
      'POST',
      `/api/orders/${order.id}/quote`,
      {},
      { 'accept-language': 'en' },
    );
    expect(en.body.detail).toContain(order.code);
    const excluded = await as['gd01.tech1']!.post(`/api/orders/${order.id}/quote`, {
      exclusion: { kind: 'misuse', note: '用户自行拆机' },
    });
    expect(excluded.status, JSON.stringify(excluded.body)).toBe(201);
    expect(excluded.body.exclusion).toEqual({ kind: 'misuse', note: '用户自行拆机' });
    await t.database.db.update(tables.units).set({ purchaseDate: null }).where(eq(tables.units.id, w.unitId));
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Agent, createTestApp, type TestApp } from '../test/harness.js';

/*
 * The 三包 demo units (server/demo/warranty-load.ts, docs/warranty.md "Demo units") after the full
 * demo setup, judged through the API on the setup day: each shows its remedy or boundary.
 */

interface Item {
  rule: string;
  eligible: boolean;
  remedies: string[];
}
interface Coverage {
  covered: boolean;
  rule: string;
  partCode: string | null;
  labour: string;
  parts: string;
}

describe('三包 demo units', () => {
  let t: TestApp;
  let as: Agent;
  const ids = new Map<string, string>();
  const partIds = new Map<string, string>();

  beforeAll(async () => {
    t = await createTestApp({ demo: true, demoCustomers: true });
    as = await t.login('manager');
    const rows = (await t.database.db.execute(
      sql`select id, serial_no from units where serial_no like 'SB%'`,
    )) as unknown as {
      rows: { id: string; serial_no: string }[];
    };
    for (const r of rows.rows) ids.set(r.serial_no, r.id);
    const parts = (await t.database.db.execute(sql`select id, code from parts`)) as unknown as {
      rows: { id: string; code: string }[];
    };
    for (const p of parts.rows) partIds.set(p.code, p.id);
  }, 600_000);
  afterAll(() => t?.close());

  async function remedies(serial: string): Promise<{ eligible: string[]; items: Map<string, Item> }> {
    const res = await as.get(`/api/warranty/units/${ids.get(serial)}/remedies`);
    expect(res.status, `${serial}: ${JSON.stringify(res.body)}`).toBe(200);
    return { eligible: [...res.body.eligible].sort(), items: new Map(res.body.items.map((i: Item) => [i.rule, i])) };
  }
  async function entitlement(
    serial: string,
    parts: string[] = [],
  ): Promise<{ unit: Coverage; parts: Coverage[]; policy: { code: string } | null }> {
    const q = parts.length ? `?parts=${parts.map((p) => partIds.get(p)).join(',')}` : '';
    const res = await as.get(`/api/warranty/units/${ids.get(serial)}/entitlement${q}`);
    expect(res.status, `${serial}: ${JSON.stringify(res.body)}`).toBe(200);
    return res.body;
  }
  const eligibleRules = async (serial: string) =>
    [...(await remedies(serial)).items.values()]
      .filter((i) => i.eligible)
      .map((i) => i.rule)
      .sort();

  it('loads every named unit', () => {
    expect(ids.size).toBe(21);
  });

  it("gives every open order of the demo its SLA milestones, the 三包 units' orders too", async () => {
    const open = [
      'created',
      'dispatched_center',
      'dispatched_outlet',
      'accepted',
      'assigned',
      'booked',
      'en_route',
      'on_site',
      'received',
      'in_repair',
      'waiting',
    ];
    const states = sql.join(
      open.map((s) => sql`${s}`),
      sql`, `,
    );
    const missing = (await t.database.db.execute(
      sql`select o.code from work_orders o where o.state in (${states})
            and not exists (select 1 from sla_milestones m where m.order_id = o.id and m.ended_at is null)`,
    )) as unknown as { rows: { code: string }[] };
    expect(missing.rows).toEqual([]);
    const units = (await t.database.db.execute(
      sql`select count(distinct o.id)::int as n from work_orders o join sla_milestones m on m.order_id = o.id
            where o.serial_no like 'SB%' and o.state in (${states})`,
    )) as unknown as { rows: { n: number }[] };
    expect(units.rows[0]!.n).toBeGreaterThan(0);
  });

  it('7-day rule: day 5 and day 7 refund or exchange, day 8 exchange only', async () => {
    for (const s of ['SB3B-D05', 'SB3B-D07']) {
      expect((await remedies(s)).eligible, s).toEqual(['exchange', 'refund']);
      expect((await remedies(s)).items.get('within_refund_days')!.eligible, s).toBe(true);
    }
    expect((await remedies('SB3B-D08')).eligible).toEqual(['exchange']);
    expect(await eligibleRules('SB3B-D08')).toEqual(['within_exchange_days']);
  });

  it('15-day rule: day 12 and day 15 exchange, day 16 neither', async () => {
    expect(await eligibleRules('SB3B-D12')).toEqual(['within_exchange_days']);
    expect(await eligibleRules('SB3B-D15')).toEqual(['within_exchange_days']);
    expect((await remedies('SB3B-D16')).eligible).toEqual([]);
  });

  it('the same fault repaired 3 times: exchange; 3 different faults: nothing', async () => {
    const same = await remedies('SB3B-F3S');
    expect(same.eligible).toEqual(['exchange']);
    expect(same.items.get('repeated_fault')).toMatchObject({ eligible: true, remedies: ['exchange'] });
    expect((await remedies('SB3B-F3D')).eligible).toEqual([]);
  });

  it('furniture: 2 repairs of the same fault exchange; an exchange unit with 2 more repairs refunds', async () => {
    const sofa = await remedies('SB3F-F2S');
    expect(sofa.eligible).toEqual(['exchange']);
    expect(sofa.items.get('repeated_fault')!.eligible).toBe(true);
    const fresh = await remedies('SB3F-NEW');
    expect(fresh.items.get('refund_after_exchange')).toMatchObject({ eligible: true, remedies: ['refund'] });
    expect(fresh.eligible).toContain('refund');
  });

  it('no visit within 15 days: exchange; the customer’s delay does not count', async () => {
    const late = await remedies('SB3B-NS');
    expect(late.items.get('no_show')!.eligible).toBe(true);
    expect(late.eligible).toEqual(['exchange']);
    const excused = await remedies('SB3B-NSC');
    expect(excused.items.get('no_show')!.eligible).toBe(false);
    expect(excused.eligible).toEqual([]);
  });

  it('a washer bought 2 years ago: the unit expired, the motor still covered', async () => {
    const e = await entitlement('SB3B-2Y', ['WA-MOTOR']);
    expect(e.policy?.code).toBe('washer-household');
    expect(e.unit.covered).toBe(false);
    expect(e.parts[0]).toMatchObject({ partCode: 'WA-MOTOR', covered: true, rule: 'main_part_term' });
  });

  it('a replaced part: covered on the last day of its 3 months, not the day after', async () => {
    expect((await entitlement('SB3B-RP-IN', ['WA-DRAIN-PUMP'])).parts[0]).toMatchObject({
      covered: true,
      rule: 'replaced_part_term',
    });
    expect((await entitlement('SB3B-RP-OUT', ['WA-DRAIN-PUMP'])).parts[0]).toMatchObject({ covered: false });
  });

  it('the same model: household covered, commercial expired', async () => {
    const h = await entitlement('SB12C-H');
    expect(h.policy?.code).toBe('washer-household');
    expect(h.unit).toMatchObject({ covered: true, rule: 'unit_term' });
    const c = await entitlement('SB12C-C');
    expect(c.policy?.code).toBe('washer-commercial');
    expect(c.unit.covered).toBe(false);
  });

  it('an exchanged unit: the old one replaced and linked, the new one with a fresh warranty', async () => {
    const rows = (await t.database.db.execute(
      sql`select serial_no, status, replaces_id, replaced_by_id from units where serial_no in ('SB10D-OLD', 'SB10D-NEW', 'SB3F-OLD', 'SB3F-NEW')`,
    )) as unknown as {
      rows: { serial_no: string; status: string; replaces_id: string | null; replaced_by_id: string | null }[];
    };
    const by = new Map(rows.rows.map((r) => [r.serial_no, r]));
    for (const [o, n] of [
      ['SB10D-OLD', 'SB10D-NEW'],
      ['SB3F-OLD', 'SB3F-NEW'],
    ] as const) {
      expect(by.get(o)).toMatchObject({ status: 'replaced', replaced_by_id: ids.get(n) });
      expect(by.get(n)).toMatchObject({ status: 'active', replaces_id: ids.get(o) });
    }
    expect((await entitlement('SB10D-NEW')).unit).toMatchObject({ covered: true, rule: 'unit_term' });
    expect((await entitlement('SB10D-OLD')).unit.covered).toBe(false);
  });

  it('an extended-warranty contract covers the unit after the normal period', async () => {
    expect((await entitlement('SB3B-EXT')).unit).toMatchObject({
      covered: true,
      rule: 'contract',
      labour: 'contract',
      parts: 'contract',
    });
  });

  it('is found by the documented phone', async () => {
    const res = await as.get('/api/intake/lookup?q=13900000706');
    expect(res.status).toBe(200);
    expect(res.body.cards.some((c: { customer: { name: string } }) => c.customer.name === '演示-三包-保修期')).toBe(
      true,
    );
  });
});

import { sql } from 'drizzle-orm';
import type { Ctx } from '../platform/context.js';
import {
  ensureDepotFor,
  ensureVanDepot,
  type MovementInput,
  postMovements,
  setReorder,
  setTracking,
} from '../modules/parts/index.js';
import { DEMO_MODELS } from './catalog-data.js';
import { DEMO_CENTERS } from './org-data.js';
import { DemoRandom } from './random.js';

/*
 * Demo parts stock (docs/parts.md, "Demo stock"): a depot for HQ, every center, outlet and
 * technician's van; parts bought in at HQ from the supplier, sent on to the centers, the outlets
 * and the vans (a few outlet shipments still on the way), issued to open demo orders, old parts
 * back at the centers as defective stock, reorder points with a few outlets below them (the keeper
 * gets a notice), and the main parts serial-tracked. Everything goes through the stock ledger's one
 * writer (`postMovements`), reorder points and tracking through their commands, each step in one
 * call with `now` counted back from the setup time, so the ledger reads like two months of work.
 */

const DAY = 86_400_000;

export interface DemoStockResult {
  depots: number;
  parts: number;
  movements: number;
  ledgerRows: number;
  inTransit: number;
  belowReorder: number;
  ms: number;
}

function rowsOf<T>(res: unknown): T[] {
  return (res as { rows: T[] }).rows;
}

/** The parts the demo stocks: per model its first main part and first other part, in model order. */
export function demoStockedParts(): { code: string; main: boolean }[] {
  const out = new Map<string, boolean>();
  for (const m of DEMO_MODELS) {
    const main = m.bom.find(([, , isMain]) => isMain);
    if (main && !out.has(main[0])) out.set(main[0], true);
    for (const [code, , isMain] of m.bom.filter(([, , isMain]) => !isMain).slice(0, 1)) {
      if (!out.has(code)) out.set(code, isMain);
    }
  }
  return [...out].map(([code, main]) => ({ code, main }));
}

/** Which serials of a tracked part sit where (the generator's own account, to name them right). */
class SerialPool {
  private at = new Map<string, string[]>();
  private n = new Map<string, number>();
  make(partCode: string, count: number, yymm: string): string[] {
    const start = this.n.get(partCode) ?? 0;
    this.n.set(partCode, start + count);
    return Array.from({ length: count }, (_, i) => `SN-${partCode}-${yymm}${String(start + i + 1).padStart(4, '0')}`);
  }
  put(depot: string, part: string, serials: string[]) {
    const k = `${depot}/${part}`;
    this.at.set(k, [...(this.at.get(k) ?? []), ...serials]);
  }
  take(depot: string, part: string, count: number): string[] {
    const k = `${depot}/${part}`;
    const list = this.at.get(k) ?? [];
    this.at.set(k, list.slice(count));
    return list.slice(0, count);
  }
}

export async function loadDemoStock(ctx: Ctx): Promise<DemoStockResult> {
  const t0 = performance.now();
  const rnd = new DemoRandom(20_261_205);
  const at = (daysAgo: number, hour = 10) => {
    const d = new Date(ctx.now.getTime() - daysAgo * DAY);
    d.setUTCHours(hour - 8, rnd.int(0, 59), 0, 0); // business hours, Asia/Shanghai
    return d;
  };
  const yymm = (d: Date) => `${String(d.getUTCFullYear()).slice(2)}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  let movements = 0;
  let ledgerRows = 0;
  const post = async (daysAgo: number, moves: MovementInput[]) => {
    if (!moves.length) return;
    const rows = await postMovements(ctx.db, { ...ctx, now: at(daysAgo) }, moves);
    movements += moves.length;
    ledgerRows += rows.length;
  };

  // Parts, main parts tracked by serial.
  const stocked = demoStockedParts();
  const partRows = rowsOf<{ id: string; code: string }>(
    await ctx.db.execute(sql`select id, code from parts where code in ${stocked.map((p) => p.code)}`),
  );
  const partId = new Map(partRows.map((r) => [r.code, r.id]));
  const parts = stocked.filter((p) => partId.has(p.code)).map((p) => ({ ...p, id: partId.get(p.code)! }));
  const mainIds = rowsOf<{ part_id: string }>(
    await ctx.db.execute(sql`select distinct part_id from model_parts where is_main order by part_id`),
  );
  for (const r of mainIds) await setTracking({ ...ctx, now: at(61) }, r.part_id, true);
  const tracked = new Set(mainIds.map((r) => r.part_id));
  const counted = parts.filter((p) => !tracked.has(p.id));
  const mains = parts.filter((p) => tracked.has(p.id));

  // Depots: HQ, centers, outlets, vans.
  const units = rowsOf<{ id: string; code: string; kind: string; parent_id: string | null }>(
    await ctx.db.execute(sql`select id, code, kind, parent_id from org_units where active order by code`),
  );
  const byCode = new Map(units.map((u) => [u.code, u]));
  const hqUnit = units.find((u) => u.kind === 'hq')!;
  const hq = await ensureDepotFor(ctx.db, hqUnit.id);
  const centers: { id: string; code: string; outlets: { id: string; unitId: string; code: string }[] }[] = [];
  for (const c of DEMO_CENTERS) {
    const unit = byCode.get(c.code);
    if (!unit) continue;
    const depot = await ensureDepotFor(ctx.db, unit.id);
    const outlets = [];
    for (const o of c.outlets) {
      const ou = byCode.get(o.code);
      if (ou) outlets.push({ id: (await ensureDepotFor(ctx.db, ou.id)).id, unitId: ou.id, code: o.code });
    }
    centers.push({ id: depot.id, code: c.code, outlets });
  }
  const techs = rowsOf<{ id: string; org_unit_id: string }>(
    await ctx.db.execute(sql`select u.id, u.org_unit_id from users u
      where u.active and exists (select 1 from user_roles r where r.user_id = u.id and r.role_code = 'technician')
      order by u.username`),
  );
  const vans: { id: string; unitId: string }[] = [];
  for (const t of techs) vans.push({ id: (await ensureVanDepot(ctx.db, t.id)).id, unitId: t.org_unit_id });
  const outlets = centers.flatMap((c) => c.outlets);

  const serials = new SerialPool();
  const on = new Map<string, number>();
  const add = (depot: string, part: string, n: number) =>
    on.set(`${depot}/${part}`, (on.get(`${depot}/${part}`) ?? 0) + n);
  const qty = (depot: string, part: string) => on.get(`${depot}/${part}`) ?? 0;

  // 60 days ago: the supplier's delivery at HQ (one purchase order).
  const received = at(60);
  const receipts: MovementInput[] = parts.map((p) => {
    const n = tracked.has(p.id) ? 6 + rnd.int(0, 2) : 150 + rnd.int(0, 25) * 10;
    add(hq.id, p.id, n);
    const s = tracked.has(p.id) ? serials.make(p.code, n, yymm(received)) : undefined;
    if (s) serials.put(hq.id, p.id, s);
    return {
      kind: 'receipt',
      depotId: hq.id,
      partId: p.id,
      quantity: n,
      serials: s,
      document: { kind: 'purchase', id: `PO-${yymm(received)}-001` },
      note: '供应商到货',
    };
  });
  await post(60, receipts);

  // A transfer of `n` from one depot to another: the send, and the receipt (unless left in transit).
  const transfer = (
    from: string,
    to: string,
    p: { id: string },
    n: number,
    doc: string,
  ): [MovementInput, MovementInput] => {
    const s = tracked.has(p.id) ? serials.take(from, p.id, n) : undefined;
    add(from, p.id, -n);
    const document = { kind: 'shipment', id: doc };
    return [
      { kind: 'transfer_out', depotId: from, toDepotId: to, partId: p.id, quantity: n, serials: s, document },
      { kind: 'transfer_in', depotId: to, fromDepotId: from, partId: p.id, quantity: n, serials: s, document },
    ];
  };
  const arrive = (m: MovementInput) => {
    add(m.depotId, m.partId, m.quantity);
    if (m.serials) serials.put(m.depotId, m.partId, m.serials);
  };

  // 45 days ago HQ → centers (received 3 days later): a third of the counted parts and one of half the main parts.
  const toCenters = centers
    .flatMap((c, i) => [
      ...counted
        .filter((_, j) => (i + j) % 2 === 0)
        .map((p) => transfer(hq.id, c.id, p, 20 + rnd.int(0, 4) * 5, `SH-C-${c.code}`)),
      ...mains
        .filter((_, j) => (i + j) % 2 === 0)
        .map((p) => transfer(hq.id, c.id, p, Math.min(1, qty(hq.id, p.id)), `SH-C-${c.code}`)),
    ])
    .filter(([out]) => out.quantity > 0);
  await post(
    45,
    toCenters.map(([out]) => out),
  );
  await post(
    42,
    toCenters.map(([, inn]) => inn),
  );
  for (const [, inn] of toCenters) arrive(inn);

  // 30 days ago centers → outlets (two counted parts each, the first outlet a main part too), received within 2 days; one outlet in six gets a later shipment
  // 2 days ago that is still on the way.
  const toOutlets: [MovementInput, MovementInput][] = [];
  const onTheWay: MovementInput[] = [];
  centers.forEach((c, ci) => {
    const held = parts.filter((p) => qty(c.id, p.id) > 0 && !tracked.has(p.id));
    c.outlets.forEach((o, oi) => {
      const mine = held.filter((_, j) => (j + oi) % 2 === 0).slice(0, 2);
      for (const p of mine) {
        const n = Math.min(qty(c.id, p.id), 3 + rnd.int(0, 5));
        if (n > 0) toOutlets.push(transfer(c.id, o.id, p, n, `SH-O-${o.code}`));
      }
      const main = mains.find((p) => qty(c.id, p.id) > 0);
      if (main && oi === 0) toOutlets.push(transfer(c.id, o.id, main, 1, `SH-O-${o.code}`));
      if ((ci * 3 + oi) % 6 === 5 && mine[0] && qty(c.id, mine[0].id) > 1) {
        onTheWay.push(transfer(c.id, o.id, mine[0], 2, `SH-O-${o.code}-2`)[0]);
      }
    });
  });
  await post(
    30,
    toOutlets.map(([out]) => out),
  );
  await post(
    28,
    toOutlets.map(([, inn]) => inn),
  );
  for (const [, inn] of toOutlets) arrive(inn);

  // 20 days ago each technician's van gets two of one of the outlet's parts (received the same day).
  const toVans: [MovementInput, MovementInput][] = [];
  for (const v of vans) {
    const o = outlets.find((x) => x.unitId === v.unitId);
    if (!o) continue;
    const p = counted.find((x) => qty(o.id, x.id) >= 3);
    if (p) toVans.push(transfer(o.id, v.id, p, 2, `VAN-${o.code}`));
  }
  await post(
    20,
    toVans.map(([out]) => out),
  );
  await post(
    20,
    toVans.map(([, inn]) => inn),
  );
  for (const [, inn] of toVans) arrive(inn);

  // The last days: open demo orders of an outlet take one part each from the outlet's depot.
  const openOrders = rowsOf<{ id: string; holder_unit_id: string }>(
    await ctx.db.execute(sql`select distinct on (holder_unit_id) id, holder_unit_id from work_orders
      where state in ('in_repair', 'on_site', 'waiting') order by holder_unit_id, created_at desc, id`),
  );
  const issues: MovementInput[] = [];
  for (const o of openOrders) {
    const depot = outlets.find((x) => x.unitId === o.holder_unit_id);
    const p = depot && counted.find((x) => qty(depot.id, x.id) >= 2);
    if (!depot || !p) continue;
    add(depot.id, p.id, -1);
    issues.push({ kind: 'issue', depotId: depot.id, partId: p.id, quantity: 1, orderId: o.id, note: '维修领用' });
  }
  await post(3, issues);

  // A week ago: old parts back from closed repairs at each center (defective stock).
  const closed = rowsOf<{ id: string; center: string }>(
    await ctx.db.execute(sql`select w.id, c.code as center from work_orders w
      join org_units h on h.id = w.holder_unit_id join org_units c on c.kind = 'center' and h.path like c.path || '%'
      where w.state in ('closed', 'confirmed') order by w.id limit 400`),
  );
  const oldParts: MovementInput[] = [];
  centers.forEach((c, i) => {
    const mine = closed.filter((w) => w.center === c.code).slice(0, 2);
    mine.forEach((w, j) => {
      const p = counted[(i * 2 + j) % counted.length]!;
      oldParts.push({
        kind: 'old_part_return',
        depotId: c.id,
        partId: p.id,
        quantity: 1,
        orderId: w.id,
        document: { kind: 'old_part_return', id: `OPR-${c.code}-${j + 1}` },
        note: '旧件返还',
      });
    });
  });
  await post(7, oldParts);

  // Shipments sent 2 days ago, not yet received.
  await post(2, onTheWay);

  // Reorder points at the outlets for the parts they hold; one outlet in four is below for its first.
  for (const [oi, o] of outlets.entries()) {
    const held = counted.filter((p) => qty(o.id, p.id) > 0).slice(0, 2);
    for (const [j, p] of held.entries()) {
      const have = qty(o.id, p.id);
      const point = j === 0 && oi % 4 === 0 ? have + 3 : Math.max(1, Math.floor(have / 2));
      await setReorder(
        { ...ctx, now: at(1) },
        { depotId: o.id, partId: p.id, reorderPoint: point, reorderQty: point * 2 },
      );
    }
  }

  const [facts] = rowsOf<{ in_transit: number; below: number }>(
    await ctx.db.execute(sql`select coalesce(sum(in_transit), 0)::int as in_transit,
      count(*) filter (where below_reorder)::int as below from stock_balances`),
  );
  return {
    depots: 1 + centers.length + outlets.length + vans.length,
    parts: parts.length,
    movements,
    ledgerRows,
    inTransit: facts?.in_transit ?? 0,
    belowReorder: facts?.below ?? 0,
    ms: Math.round(performance.now() - t0),
  };
}

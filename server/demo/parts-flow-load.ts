import { sql } from 'drizzle-orm';
import { AppError } from '../platform/errors.js';
import { getSetting } from '../platform/config/index.js';
import type { Ctx } from '../platform/context.js';
import {
  appraiseBatch,
  appraiseObligation,
  approveRequest,
  availableAt,
  cancelRequest,
  createRequest,
  ensureDepotFor,
  receiveBatch,
  receiveShipment,
  rejectRequest,
  setPartPrice,
  setQuota,
  shipBatch,
  shipRequest,
} from '../modules/parts/index.js';
import { localDay } from '../modules/warranty/index.js';
import { createOrder, runAction } from '../modules/work-orders/index.js';
import { DEMO_MODELS } from './catalog-data.js';
import { DEMO_SIGNATURE } from './orders-data.js';
import { DEMO_CENTERS } from './org-data.js';
import { DemoRandom } from './random.js';
import { wireModules } from './wiring.js';
import { demoStockedParts } from './stock-load.js';
import { actingAs } from './acting-as.js';

/*
 * Demo parts flow (docs/parts-requests.md and docs/parts-returns.md, "Demo"): prices of the stocked
 * parts, quotas of every outlet and technician (one outlet over its quota this period), parts
 * requests in every status on the demo orders waiting for parts (a few shipments late, on the way
 * or received late), and old-part return obligations due, overdue, shipped, received and appraised
 * from warranty repairs completed through the work-order commands. Everything goes through the
 * commands the API calls, each as the demo person who would do it, with `now` counted back from
 * the setup time, after the demo stock (server/demo/stock-load.ts).
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface DemoPartsFlowResult {
  prices: number;
  quotas: number;
  requests: Record<string, number>;
  shipments: number;
  lateShipments: number;
  returnOrders: number;
  obligations: number;
  batches: number;
  /** The outlet whose requests this period exceed its quota. */
  overQuotaOutlet: string | null;
  ms: number;
}

function rowsOf<T>(res: unknown): T[] {
  return (res as { rows: T[] }).rows;
}

interface WaitingOrder {
  id: string;
  code: string;
  updated_at: Date | string;
  technician_id: string;
  outlet_id: string;
  outlet_code: string;
  model_code: string;
}

/** Quotas the demo sets (fen and pieces per month). */
const OUTLET_QUOTA = { valueFen: 300_000, quantity: 40 };
const TECH_QUOTA = { valueFen: 100_000, quantity: 8 };
/** The outlet that goes over its quota: small enough that two requests pass it. */
const SMALL_QUOTA = { valueFen: 20_000, quantity: 3 };

export async function loadDemoPartsFlow(ctx: Ctx): Promise<DemoPartsFlowResult> {
  const t0 = performance.now();
  // Requests wait orders, completions create return obligations: the modules' ports must be wired.
  await wireModules();
  const rnd = new DemoRandom(20_261_206);
  const timeZone = await getSetting(ctx.db, 'company.timeZone', ctx.now);
  const dayOf = (d: Date) => localDay(d, timeZone);
  const ago = (days: number, hour = 10) => {
    const d = new Date(ctx.now.getTime() - days * DAY);
    d.setUTCHours(hour - 8, rnd.int(0, 59), 0, 0); // business hours, Asia/Shanghai
    return d;
  };
  /** Not later than a minute before now: a step never lands in the future. */
  const notAfterNow = (d: Date) => new Date(Math.min(d.getTime(), ctx.now.getTime() - MINUTE));

  // People: every step is taken by the demo person who would take it.
  const people = rowsOf<{ id: string; username: string; org_unit_id: string }>(
    await ctx.db.execute(sql`select id, username, org_unit_id from users where active order by username`),
  );
  const as = actingAs(ctx, 'parts');
  const usernameOf = new Map(people.map((p) => [p.id, p.username]));

  const units = rowsOf<{ id: string; code: string; kind: string; path: string }>(
    await ctx.db.execute(sql`select id, code, kind, path from org_units where active order by code`),
  );
  const unitByCode = new Map(units.map((u) => [u.code, u]));
  const centerOf = (outletCode: string) => DEMO_CENTERS.find((c) => c.outlets.some((o) => o.code === outletCode));
  const managerOf = (outletCode: string) => `${outletCode.slice(2).replace('-', '').toLowerCase()}.manager`;

  // Prices of the stocked parts, from 61 days ago (the parts clerk; the price list is the cost a request is valued at).
  const stocked = demoStockedParts();
  const partRows = rowsOf<{ id: string; code: string }>(
    await ctx.db.execute(sql`select id, code from parts where code in ${stocked.map((p) => p.code)} order by code`),
  );
  const partId = new Map(partRows.map((r) => [r.code, r.id]));
  const cost = new Map<string, number>();
  for (const p of stocked) {
    const id = partId.get(p.code);
    if (!id) continue;
    const costFen = p.main ? 180_000 + rnd.int(0, 14) * 10_000 : 2_000 + rnd.int(0, 20) * 400;
    cost.set(id, costFen);
    await setPartPrice(await as('parts', ago(61, 9)), id, {
      costFen,
      salePriceFen: Math.round((costFen * 1.3) / 100) * 100,
      effectiveFrom: dayOf(ago(61)),
    });
  }
  /** A model's stocked parts: its first main part and its first other part. */
  const modelParts = (modelCode: string) => {
    const m = DEMO_MODELS.find((x) => x.code === modelCode);
    const main = m?.bom.find(([, , isMain]) => isMain)?.[0];
    const other = m?.bom.find(([, , isMain]) => !isMain)?.[0];
    return { main: main ? partId.get(main) : undefined, other: other ? partId.get(other) : undefined };
  };

  // The demo orders waiting for parts, oldest wait first: the requests are made for them.
  const waiting = rowsOf<WaitingOrder>(
    await ctx.db.execute(sql`select w.id, w.code, w.updated_at, w.technician_id, w.outlet_id, o.code as outlet_code,
        m.code as model_code
      from work_orders w join org_units o on o.id = w.outlet_id join product_models m on m.id = w.model_id
      where w.state = 'waiting' and w.wait_reason = 'parts' and w.technician_id is not null
      order by w.updated_at, w.id`),
  ).filter((o) => modelParts(o.model_code).other);
  const since = (o: WaitingOrder) => new Date(o.updated_at).getTime();

  // The outlet over its quota: the one with the most orders waiting for parts (ties: by code).
  const perOutlet = new Map<string, number>();
  for (const o of waiting) perOutlet.set(o.outlet_code, (perOutlet.get(o.outlet_code) ?? 0) + 1);
  const overQuotaOutlet = [...perOutlet].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;

  // Quotas, from 60 days ago: each center sets its outlets' and their technicians'.
  let quotas = 0;
  for (const c of DEMO_CENTERS) {
    const center = await as(`${c.key}.center`, ago(60, 11));
    for (const o of c.outlets) {
      const unit = unitByCode.get(o.code);
      if (!unit) continue;
      const q = o.code === overQuotaOutlet ? SMALL_QUOTA : OUTLET_QUOTA;
      await setQuota(center, { orgUnitId: unit.id, ...q, effectiveFrom: dayOf(ago(60)) });
      quotas += 1;
      for (const p of people.filter((x) => x.org_unit_id === unit.id && /\.tech\d$/.test(x.username))) {
        await setQuota(center, { userId: p.id, ...TECH_QUOTA, effectiveFrom: dayOf(ago(60)) });
        quotas += 1;
      }
    }
  }

  // Requests. Each takes the next waiting order (one request per order) and runs from the wait's start.
  const requests: Record<string, number> = {};
  let shipments = 0;
  let lateShipments = 0;
  const used = new Set<string>();
  const take = (pred: (o: WaitingOrder) => boolean) => {
    const o = waiting.find((x) => !used.has(x.id) && pred(x));
    if (o) used.add(o.id);
    return o;
  };
  const centerStaff = (o: WaitingOrder) => `${centerOf(o.outlet_code)?.key ?? 'gd'}.center`;
  const request = async (o: WaitingOrder, at: Date, partIdOf: string, quantity: number, urgency: 'normal' | 'urgent') =>
    createRequest(await as(usernameOf.get(o.technician_id)!, at), {
      orderId: o.id,
      lines: [{ partId: partIdOf, quantity }],
      urgency,
      note: urgency === 'urgent' ? '客户催修，加急' : '维修缺件',
    });
  const statusOf = async (id: string) =>
    rowsOf<{ status: string }>(await ctx.db.execute(sql`select status from part_requests where id = ${id}`))[0]!.status;
  /** Approved and planned: the center (or HQ) approves what the quotas sent up. */
  const approved = async (o: WaitingOrder, id: string, at: Date) => {
    const s = await statusOf(id);
    if (s === 'pending_center') await approveRequest(await as(centerStaff(o), at), id, { note: '同意' });
    if (s === 'pending_hq') await approveRequest(await as('manager', at), id, { note: '同意' });
    return statusOf(id);
  };
  /** A quantity the outlet's depot cannot give on its own, so the parts are shipped from above. */
  const remoteQty = async (o: WaitingOrder, part: string) =>
    Math.min(
      TECH_QUOTA.quantity,
      (await availableAt(ctx.db, (await ensureDepotFor(ctx.db, o.outlet_id)).id, part)) + 1,
    );
  const ship = async (id: string, at: Date) => {
    const shipment = await shipRequest(await as('parts', at), id, {
      carrier: rnd.pick(['顺丰速运', '德邦物流', '中通快递']),
      trackingNo: `SF${String(rnd.int(100_000_000, 999_999_999))}`,
    });
    if (shipment) shipments += 1;
    return shipment;
  };
  const receive = async (o: WaitingOrder, shipmentId: string, at: Date) => {
    const lines = rowsOf<{ part_id: string; qty_shipped: number }>(
      await ctx.db.execute(
        sql`select part_id, qty_shipped from part_shipment_lines where shipment_id = ${shipmentId} order by part_id`,
      ),
    );
    await receiveShipment(await as(managerOf(o.outlet_code), at), shipmentId, {
      lines: lines.map((l) => ({ partId: l.part_id, quantity: l.qty_shipped })),
    });
  };
  const count = (status: string) => {
    requests[status] = (requests[status] ?? 0) + 1;
  };
  const promised = await getSetting(ctx.db, 'parts.shipmentPromisedDays', ctx.now);
  const elsewhere = (o: WaitingOrder) => o.outlet_code !== overQuotaOutlet;

  // Shipped and still on the way past the expected day (late), and received late: the oldest waits.
  for (const kind of ['late_received', 'late_received', 'late_in_transit', 'late_in_transit'] as const) {
    // Expected `promised` days after the shipping day; today is past it.
    const o = take((x) => elsewhere(x) && since(x) + (promised + 1) * DAY + 12 * HOUR < ctx.now.getTime());
    if (!o) break;
    const part = modelParts(o.model_code).other!;
    const at = new Date(since(o) + 30 * MINUTE);
    const made = await request(o, at, part, await remoteQty(o, part), 'normal');
    if ((await approved(o, made.id, new Date(at.getTime() + HOUR))) !== 'approved') continue;
    const shipment = await ship(made.id, new Date(at.getTime() + 2 * HOUR));
    if (!shipment) continue;
    lateShipments += 1;
    if (kind === 'late_received') {
      await receive(o, shipment, notAfterNow(new Date(at.getTime() + (promised + 2) * DAY)));
      count('received');
    } else count('shipped');
  }
  // Shipped on time and received, and shipped within the promise, still on the way.
  for (const kind of ['received', 'received', 'shipped', 'shipped'] as const) {
    const o = take((x) => elsewhere(x) && (kind === 'shipped' || since(x) + 2 * DAY + 3 * HOUR < ctx.now.getTime()));
    if (!o) continue;
    const part = modelParts(o.model_code).other!;
    const at = new Date(since(o) + 30 * MINUTE);
    const made = await request(o, at, part, await remoteQty(o, part), kind === 'shipped' ? 'urgent' : 'normal');
    if ((await approved(o, made.id, new Date(at.getTime() + HOUR))) !== 'approved') continue;
    const shipAt =
      kind === 'received' ? new Date(at.getTime() + 3 * HOUR) : notAfterNow(new Date(ctx.now.getTime() - DAY));
    const shipment = await ship(made.id, new Date(Math.max(shipAt.getTime(), at.getTime() + 2 * HOUR)));
    if (!shipment) continue;
    if (kind === 'received') await receive(o, shipment, new Date(at.getTime() + 2 * DAY));
    count(kind);
  }
  // Approved, to ship: within the quotas (approved on their own) or approved by the center.
  for (let i = 0; i < 3; i++) {
    const o = take(elsewhere);
    if (!o) break;
    const part = modelParts(o.model_code).other!;
    const made = await request(o, new Date(since(o) + 30 * MINUTE), part, await remoteQty(o, part), 'normal');
    count(await approved(o, made.id, notAfterNow(new Date(since(o) + 2 * HOUR))));
  }
  // Pending the center: beyond the technician's quantity quota.
  for (let i = 0; i < 3; i++) {
    const o = take(elsewhere);
    if (!o) break;
    const made = await request(
      o,
      new Date(since(o) + 30 * MINUTE),
      modelParts(o.model_code).other!,
      TECH_QUOTA.quantity + 1,
      'normal',
    );
    count(await statusOf(made.id));
  }
  // Pending HQ: main parts worth more than the HQ approval threshold.
  for (let i = 0; i < 2; i++) {
    const o = take((x) => elsewhere(x) && !!modelParts(x.model_code).main);
    if (!o) break;
    const main = modelParts(o.model_code).main!;
    const threshold = await getSetting(ctx.db, 'parts.hqApprovalAboveFen', ctx.now);
    const made = await request(
      o,
      new Date(since(o) + 30 * MINUTE),
      main,
      Math.floor(threshold / (cost.get(main) ?? threshold)) + 1,
      'urgent',
    );
    count(await statusOf(made.id));
  }
  // Rejected by the center, and cancelled by the technician.
  for (let i = 0; i < 2; i++) {
    const o = take(elsewhere);
    if (!o) break;
    const at = new Date(since(o) + 30 * MINUTE);
    const made = await request(o, at, modelParts(o.model_code).other!, TECH_QUOTA.quantity + 2, 'normal');
    if ((await statusOf(made.id)) !== 'pending_center') continue;
    await rejectRequest(
      await as(centerStaff(o), notAfterNow(new Date(at.getTime() + 3 * HOUR))),
      made.id,
      '数量超出维修所需，请按实际用量重新申请',
    );
    count('rejected');
  }
  for (let i = 0; i < 2; i++) {
    const o = take(elsewhere);
    if (!o) break;
    const at = new Date(since(o) + 30 * MINUTE);
    // Beyond the technician's quota, so it waits for the center (nothing issued yet) when withdrawn.
    const made = await request(o, at, modelParts(o.model_code).other!, TECH_QUOTA.quantity + 1, 'normal');
    if (!(await statusOf(made.id)).startsWith('pending')) continue;
    await cancelRequest(
      await as(usernameOf.get(o.technician_id)!, notAfterNow(new Date(at.getTime() + HOUR))),
      made.id,
      '客户自行购买配件',
    );
    count('cancelled');
  }
  // The outlet over its quota: today, one request within it (approved on its own), then one beyond
  // it that the center approves, then one more waiting for the center.
  if (overQuotaOutlet) {
    const today = ctx.now.getTime() - Math.min(3 * HOUR, (ctx.now.getTime() - startOfDay(ctx.now, timeZone)) / 2);
    for (let i = 0; i < 3; i++) {
      const o = take((x) => x.outlet_code === overQuotaOutlet && since(x) < today - 10 * MINUTE);
      if (!o) break;
      const part = modelParts(o.model_code).other!;
      const at = new Date(today + i * 10 * MINUTE);
      const made = await request(o, at, part, 2, 'normal');
      if (i === 1) count(await approved(o, made.id, new Date(at.getTime() + 5 * MINUTE)));
      else count(await statusOf(made.id));
    }
  }

  // Old-part returns: warranty repairs completed through the work-order commands, a part replaced
  // at the company's cost; the obligations come from the completion (the parts module's effect).
  const completed: { center: (typeof DEMO_CENTERS)[number]; outletCode: string; orderId: string }[] = [];
  /** The `pick`-th suitable unit of the center's `n`-th outlet, repaired under warranty `daysAgo`. */
  const repair = async (center: (typeof DEMO_CENTERS)[number], n: number, pick: number, daysAgo: number) => {
    const outletCode = center.outlets[n % center.outlets.length]!.code;
    const outlet = unitByCode.get(outletCode);
    const centerUnit = unitByCode.get(center.code);
    if (!outlet || !centerUnit) return null;
    const [unit] = rowsOf<{ id: string; customer_id: string; model_code: string }>(
      await ctx.db.execute(sql`select u.id, u.customer_id, m.code as model_code from units u
        join customers c on c.id = u.customer_id join product_models m on m.id = u.model_id
        where c.org_path = ${outlet.path} and u.usage = 'household' and u.status = 'active'
          and u.purchase_date between ${dayOf(ago(daysAgo + 300))} and ${dayOf(ago(daysAgo + 30))}
          and not exists (select 1 from work_orders w where w.unit_id = u.id and w.state not in ('closed', 'cancelled'))
        order by u.serial_no offset ${pick} limit 1`),
    );
    const part = unit && modelParts(unit.model_code).other;
    if (!unit || !part) return null;
    const start = ago(daysAgo, 9);
    const made = await createOrder(
      await as('hotline', start),
      {
        customerId: unit.customer_id,
        unitId: unit.id,
        serviceType: 'carry_in',
        priority: 2,
        faultDescription: rnd.pick(['不脱水，排水慢', '运行时异响', '不通电', '漏水']),
      },
      null,
    );
    const step = async (
      who: string,
      minutes: number,
      action: Parameters<typeof runAction>[2],
      body: Record<string, unknown>,
    ) => {
      const c = await as(who, new Date(start.getTime() + minutes * MINUTE));
      const [{ version }] = rowsOf<{ version: number }>(
        await ctx.db.execute(sql`select version from work_orders where id = ${made.id}`),
      ) as [{ version: number }];
      try {
        await runAction(c, made.id, action, { version, ...body } as never);
      } catch (err) {
        // A dispatch that differs from the routing suggestion says why, as a dispatcher would.
        if (!(err instanceof AppError) || err.code !== 'order.override_reason_required') throw err;
        await runAction(c, made.id, action, { version, ...body, overrideReason: '就近网点' } as never);
      }
    };
    await step('dispatcher', 10, 'dispatch', { toUnitId: centerUnit.id });
    await step(`${center.key}.dispatch`, 25, 'dispatch', { toUnitId: outlet.id });
    await step(managerOf(outletCode), 40, 'accept', {});
    await step(managerOf(outletCode), 120, 'receive', { condition: '外观完好，无磕碰', accessories: [] });
    await step(managerOf(outletCode), 180, 'start', {});
    await step(managerOf(outletCode), 300, 'complete', {
      diagnosis: '配件损坏',
      faultCode: 'E21',
      cause: '正常使用老化',
      solution: '更换配件后试机正常',
      parts: [{ partId: part, qty: 1 }],
      labourMinutes: 45,
      photoIds: [],
      signature: DEMO_SIGNATURE,
      rating: 5,
    });
    completed.push({ center, outletCode, orderId: made.id });
    return made.id;
  };
  const obligationsOf = async (orderIds: string[]) =>
    orderIds.length
      ? rowsOf<{ id: string }>(
          await ctx.db.execute(
            sql`select id from part_return_obligations where order_id in ${orderIds} order by order_code, id`,
          ),
        ).map((r) => r.id)
      : [];
  let batches = 0;
  const batch = async (outletCode: string, orderIds: (string | null)[], at: Date) => {
    const ids = await obligationsOf(orderIds.filter((x): x is string => !!x));
    if (!ids.length) return null;
    const b = await shipBatch(await as(managerOf(outletCode), at), {
      obligationIds: ids,
      carrier: '顺丰速运',
      trackingNo: `SF${String(rnd.int(100_000_000, 999_999_999))}`,
      note: '旧件返还',
    });
    batches += 1;
    return b.id;
  };
  const centerKey = (c: (typeof DEMO_CENTERS)[number]) => `${c.key}.center`;
  for (const [i, c] of DEMO_CENTERS.entries()) {
    // Overdue (completed 40 days ago, not sent back) in half the centers, due (6 days ago) in the others.
    await repair(c, 0, 0, i % 2 === 0 ? 40 : 6);
    if (i === 0) {
      // Sent back in one batch, received and appraised line by line: one confirmed faulty, one without a fault.
      const a = await repair(c, 1, 0, 25);
      const b = await repair(c, 1, 1, 24);
      const id = await batch(c.outlets[1 % c.outlets.length]!.code, [a, b], ago(20, 15));
      if (id) {
        await receiveBatch(await as(centerKey(c), ago(17, 10)), id, { note: '已签收' });
        for (const [j, line] of (await obligationsOf([a, b].filter((x): x is string => !!x))).entries())
          await appraiseObligation(await as(centerKey(c), ago(15, 14)), line, {
            outcome: j === 0 ? 'faulty_confirmed' : 'no_fault_found',
            note: j === 0 ? '故障属实' : '检测无故障',
          });
      }
    } else if (i === 1) {
      // Received and appraised as a whole.
      const a = await repair(c, 1, 0, 22);
      const id = await batch(c.outlets[1 % c.outlets.length]!.code, [a], ago(19, 15));
      if (id) {
        await receiveBatch(await as(centerKey(c), ago(16, 10)), id, {});
        await appraiseBatch(await as(centerKey(c), ago(14, 11)), id, { outcome: 'faulty_confirmed' });
      }
    } else if (i === 2) {
      // Sent back 3 days ago, not yet received.
      const a = await repair(c, 1, 0, 12);
      await batch(c.outlets[1 % c.outlets.length]!.code, [a], ago(3, 15));
    } else if (i === 3) {
      // Received a week ago, not yet appraised.
      const a = await repair(c, 1, 0, 18);
      const id = await batch(c.outlets[1 % c.outlets.length]!.code, [a], ago(10, 15));
      if (id) await receiveBatch(await as(centerKey(c), ago(7, 10)), id, {});
    }
  }
  const [facts] = rowsOf<{ obligations: number }>(
    await ctx.db.execute(sql`select count(*)::int as obligations from part_return_obligations`),
  );
  return {
    prices: cost.size,
    quotas,
    requests,
    shipments,
    lateShipments,
    returnOrders: completed.length,
    obligations: facts?.obligations ?? 0,
    batches,
    overQuotaOutlet,
    ms: Math.round(performance.now() - t0),
  };
}

/** The start of the company day `now` falls in (ms). */
function startOfDay(now: Date, timeZone: string): number {
  // The day's midnight in the zone: step back from now by the local clock time.
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const n = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return now.getTime() - ((n('hour') * 60 + n('minute')) * 60 + n('second')) * 1000 - now.getUTCMilliseconds();
}

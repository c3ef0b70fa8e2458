import { type SQL, sql } from 'drizzle-orm';
import type { Text } from '../../../shared/i18n.js';
import { uuidArray as ids } from '../../db/arrays.js';
import type { DbLike } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { orgUnits } from '../../platform/identity/tables.js';
import { customerAddresses, productLines } from '../customers/index.js';
import type { ServiceType } from './contract.js';
import { haversineKm } from './routing.js';
import { workOrders } from './tables.js';

/*
 * The orders a monthly settlement statement is built from (docs/money-statements.md): the orders
 * completed in a period served by some outlets or passed through some centers, read as one set
 * (one statement per call, never one per order), with the facts the settlement rules take: the
 * product line (its code keys the timeliness bonus), the zone and the outlet ↔ customer distance
 * (the figure routing judges the zone on), whether a visit window was booked.
 */

export interface SettlementOrder {
  id: string;
  code: string;
  outletId: string | null;
  centerId: string | null;
  completedAt: Date;
  serviceType: ServiceType;
  productLineId: string | null;
  productLine: { code: string; name: Text } | null;
  zone: 'near' | 'far' | null;
  /** Serving outlet ↔ customer address, great-circle km; null without both coordinates. */
  distanceKm: number | null;
  booked: boolean;
  /** Confirmed (by the callback or by hand) or closed since: the customer's confirmation is in. */
  confirmed: boolean;
  /** The repeat visit it was reopened as (a callback's "not fixed", or by hand), by its code. */
  reopenedAsCode: string | null;
}

/**
 * Orders completed in [from, to) whose outlet is one of `outletIds` or whose center is one of
 * `centerIds`, oldest completion first. Index-backed: work_orders (outlet_id, completed_at) and
 * (center_id, completed_at). No scope check: the caller chose the units within its scope.
 */
export async function completedOrdersOf(
  db: DbLike,
  q: {
    from: Date;
    to: Date;
    outletIds: readonly string[];
    centerIds: readonly string[];
    /** Only these orders (a late confirmation reads its one order). */
    orderIds?: readonly string[];
    /** Not the orders of these outlets (a center's orders its outlets' statements already read). */
    exceptOutletIds?: readonly string[];
  },
): Promise<SettlementOrder[]> {
  const units: SQL[] = [];
  if (q.outletIds.length) units.push(sql`o.outlet_id = any(${ids(q.outletIds)}::uuid[])`);
  if (q.centerIds.length) units.push(sql`o.center_id = any(${ids(q.centerIds)}::uuid[])`);
  if (!units.length) return [];
  const only = q.orderIds ? sql` and o.id = any(${ids(q.orderIds)}::uuid[])` : sql``;
  // An anti-join over the unnested ids (hashed), not `<> all(…)`, which compares every id per row.
  const except = q.exceptOutletIds?.length
    ? sql` and (o.outlet_id is null or not exists (select 1 from unnest(${ids(q.exceptOutletIds)}::uuid[]) as x(id) where x.id = o.outlet_id))`
    : sql``;
  // One JSON document of positional rows: a month holds a million orders, and parsing one
  // document costs a fraction of mapping as many wide rows.
  type Cells = [
    string,
    string,
    string | null,
    string | null,
    number,
    ServiceType,
    string | null,
    string | null,
    string | null,
    string | null,
    'near' | 'far' | null,
    boolean,
    number | null,
    number | null,
    number | null,
    number | null,
    boolean,
    string | null,
  ];
  const [res] = rowsOf<{ rows: Cells[] }>(
    await db.execute(sql`
      select coalesce(json_agg(json_build_array(o.id, o.code, o.outlet_id, o.center_id,
          floor(extract(epoch from o.completed_at) * 1000)::bigint, o.service_type, o.product_line_id,
          pl.code, pl.name, pl.name_en, o.zone, o.booked_from is not null, a.lat, a.lng, u.lat, u.lng,
          o.state in ('confirmed', 'closed'), r.code)
        order by o.completed_at, o.code), '[]') as rows
      from ${workOrders} o
      left join ${productLines} pl on pl.id = o.product_line_id
      left join ${customerAddresses} a on a.id = o.address_id
      left join ${orgUnits} u on u.id = o.outlet_id
      left join ${workOrders} r on r.id = o.reopened_as_id
      where (${sql.join(units, sql` or `)}) and o.completed_at is not null${only}${except}
        and o.completed_at >= ${q.from.toISOString()}::timestamptz and o.completed_at < ${q.to.toISOString()}::timestamptz`),
  );
  // The few product lines, one object each for all their orders.
  const lines = new Map<string, SettlementOrder['productLine']>();
  return (res?.rows ?? []).map((r) => {
    let productLine: SettlementOrder['productLine'] = null;
    if (r[7] !== null) {
      productLine = lines.get(r[7]) ?? { code: r[7], name: { 'zh-CN': r[8]!, en: r[9] ?? r[8]! } };
      lines.set(r[7], productLine);
    }
    return {
      id: r[0],
      code: r[1],
      outletId: r[2],
      centerId: r[3],
      completedAt: new Date(r[4]),
      serviceType: r[5],
      productLineId: r[6],
      productLine,
      zone: r[10],
      distanceKm:
        r[12] !== null && r[13] !== null && r[14] !== null && r[15] !== null
          ? haversineKm({ lat: r[12], lng: r[13] }, { lat: r[14], lng: r[15] })
          : null,
      booked: r[11],
      confirmed: r[16],
      reopenedAsCode: r[17],
    };
  });
}

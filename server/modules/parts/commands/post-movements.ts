import { and, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { uuidArray } from '../../../db/arrays.js';
import { insertRowsSql } from '../../../db/bulk.js';
import type { DbLike } from '../../../db/client.js';
import { executePrepared } from '../../../db/prepared.js';
import { rowsOf } from '../../../db/rows.js';
import type { Ctx } from '../../../platform/context.js';
import { pathInScope } from '../../../platform/access/index.js';
import { AppError } from '../../../platform/errors.js';
import { type EventInput, eventsInsertSql } from '../../../platform/events/index.js';
import { recordNotFound } from '../../../platform/records.js';
import { partsByIdsSql, partsOfJson } from '../../customers/index.js';
import { belowAfter, crossedBelow, noticeCrossed } from '../reorder.js';
import {
  type BalanceOp,
  type MovementInput,
  type MovementKind,
  opsOfMovement,
  SERIAL_FLOW,
  sortOps,
  type StockGrade,
  validateMovement,
} from '../rules.js';
import { partSerials, stockBalances, stockMovements } from '../tables.js';

export type { MovementInput, MovementKind, StockGrade };
/** One ledger row as written (ids ascend in the order the balances changed). */
export type MovementRow = typeof stockMovements.$inferSelect;

interface DepotFacts {
  id: string;
  code: string;
  name: string;
  kind: string;
  orgUnitId: string;
  orgPath: string;
  technicianUserId: string | null;
  active: boolean;
}

const DEPOT_NAME = { 'zh-CN': '库', en: 'Depot' };
/** The largest balance a column holds (PostgreSQL integer). */
const INT_MAX = 2_147_483_647;
const PART_NAME = { 'zh-CN': '配件', en: 'Part' };

/** Depots by id with their owner's org path (for events and scope). */
export async function depotFacts(db: DbLike, ids: string[]): Promise<Map<string, DepotFacts>> {
  if (!ids.length) return new Map();
  // The same read as a movement's, without parts.
  return (await depotsAndTracking(db, ids, [])).depotMap;
}

/**
 * `depotFacts` and, in the same statement, which of the parts are serial-tracked and the parts
 * themselves (the catalog's `partsByIdsSql`): one round trip where there were three.
 */
async function depotsAndTracking(
  db: DbLike,
  depotIds: string[],
  partIds: string[],
): Promise<{
  depotMap: Map<string, DepotFacts>;
  trackedSet: Set<string>;
  partMap: ReturnType<typeof partsOfJson>;
}> {
  // Text with the ids as arrays, not a query builder: every issue runs it (bench/README.md, "Parts").
  const rows = rowsOf<DepotFacts & { tracked: string[]; catalog: Parameters<typeof partsOfJson>[0] }>(
    await executePrepared(
      db,
      sql`
      select d.id, d.code, d.name, d.kind, d.org_unit_id as "orgUnitId", u.path as "orgPath",
        d.technician_user_id as "technicianUserId", d.active,
        (select coalesce(array_agg(t.part_id::text), '{}') from part_tracking t
          where t.part_id = any(${uuidArray(partIds)}::uuid[]) and t.serial_tracked) as tracked,
        ${partsByIdsSql(partIds)} as catalog
      from depots d join org_units u on u.id = d.org_unit_id
      where d.id = any(${uuidArray(depotIds)}::uuid[])`,
    ),
  );
  return {
    depotMap: new Map(rows.map(({ tracked: _, catalog: __, ...d }) => [d.id, d])),
    trackedSet: new Set(rows[0]?.tracked ?? []),
    partMap: partsOfJson(rows[0]?.catalog ?? null),
  };
}

/**
 * The one writer of stock (docs/parts.md). Posts the movements in the caller's transaction:
 * every balance change is one conditional UPDATE that refuses to make on_hand, reserved,
 * reserved ≤ on_hand or in_transit negative; a refusal throws `stock.insufficient` (409) and,
 * since the caller's transaction rolls back, nothing of the command is written. Balance rows
 * are changed in (depot, part, grade) order so concurrent commands never deadlock. Serials of
 * serial-tracked parts move with them. Writes one ledger row per balance change (per serial for
 * tracked parts), one audit event per movement, and reorder notices for balances that cross
 * below their reorder point.
 */
export async function postMovements(
  tx: DbLike,
  ctx: Pick<Ctx, 'actor' | 'now' | 'requestId' | 'lang'>,
  moves: MovementInput[],
  opts: { inScope?: boolean } = {},
): Promise<MovementRow[]> {
  if (!moves.length) return [];
  const fieldOf = (i: number, f: string) => (moves.length === 1 ? f : `moves.${i}.${f}`);

  const depotIds = [
    ...new Set(moves.flatMap((m) => [m.depotId, m.toDepotId, m.fromDepotId].filter((x): x is string => !!x))),
  ];
  const partIds = [...new Set(moves.map((m) => m.partId))];
  // One query at a time: a transaction is one connection, and each statement is a round trip
  // (the dominant cost of an issue, bench/README.md "Parts"): the depots come with the tracked
  // parts and the parts.
  const { depotMap, trackedSet, partMap } = await depotsAndTracking(tx, depotIds, partIds);

  // Validate every movement before the first write.
  const ops: BalanceOp[] = [];
  moves.forEach((m, i) => {
    const depot = depotMap.get(m.depotId);
    // `inScope`: each movement's depot must be in the actor's data scope, checked on the same read
    // (a depot out of scope is answered as not found, like `depotInScope`).
    if (!depot || (opts.inScope && !pathInScope(ctx.actor, depot.orgPath)))
      throw recordNotFound(ctx.lang, DEPOT_NAME, fieldOf(i, 'depotId'));
    if (!depot.active) throw new AppError('stock.depot_inactive', { depot: depot.code });
    for (const [other, f] of [
      [m.toDepotId, 'toDepotId'],
      [m.fromDepotId, 'fromDepotId'],
    ] as const) {
      if (!other) continue;
      const d = depotMap.get(other);
      if (!d) throw recordNotFound(ctx.lang, DEPOT_NAME, fieldOf(i, f));
      if (f === 'toDepotId' && !d.active) throw new AppError('stock.depot_inactive', { depot: d.code });
    }
    const part = partMap.get(m.partId);
    if (!part) throw recordNotFound(ctx.lang, PART_NAME, fieldOf(i, 'partId'));
    const problem = validateMovement(m, trackedSet.has(m.partId));
    if (problem) {
      throw new AppError(problem.code, { part: part.code, ...problem.params }, [
        { path: fieldOf(i, problem.field), code: problem.code, message: '' },
      ]);
    }
    ops.push(...opsOfMovement(m, i));
  });

  const rows: MovementRow[] = [];
  const idsOf = new Map<number, number[]>();
  const crossed: Parameters<typeof noticeCrossed>[2] = [];
  const sorted = sortOps(ops);
  // A movement's audit event rides on the statement of its last op, which knows all its ledger ids.
  const lastOp = new Map<number, number>(sorted.map((op, k) => [op.moveIndex, k]));
  for (const [k, op] of sorted.entries()) {
    const m = moves[op.moveIndex]!;
    const depot = depotMap.get(op.depotId)!;
    const part = partMap.get(m.partId)!;
    if (op.onHand > 0 || op.reserved > 0 || op.inTransit > 0) {
      await tx.execute(sql`insert into stock_balances (depot_id, part_id, grade, updated_at)
        values (${op.depotId}, ${m.partId}, ${op.grade}, ${ctx.now.toISOString()}::timestamptz) on conflict do nothing`);
    }
    const events = moves.flatMap((mv, i) =>
      lastOp.get(i) === k ? [{ event: movementEvent(mv, depotMap, partMap), before: idsOf.get(i) ?? [] }] : [],
    );
    const done = await changeBalance(tx, ctx, op, m, events);
    if (!done) throw await insufficient(tx, op, m, depot.code, part.code, fieldOf(op.moveIndex, 'quantity'));
    const { after, ledger } = done;
    if (crossedBelow(after, op.onHand, op.reserved)) crossed.push({ depotId: op.depotId, partId: m.partId, ...after });

    if (op.issued < 0) {
      // Consumption and returns take from what the order holds issued from this depot; the
      // balance row's lock (taken by the statement above) serialises them per (depot, part,
      // grade). The sum already counts this op's rows: below zero, more was taken than held,
      // and the error rolls the command back.
      const held = await issuedToOrder(tx, m.orderId!, op.depotId, m.partId, op.grade);
      if (held < 0) {
        throw new AppError(
          'stock.not_issued',
          { part: part.code, depot: depot.code, issued: held - op.issued, asked: -op.issued },
          [{ path: fieldOf(op.moveIndex, 'quantity'), code: 'stock.not_issued', message: '' }],
        );
      }
    }

    if (op.serialStep) await moveSerials(tx, ctx, op, m, depot.code, part.code, fieldOf(op.moveIndex, 'serials'));
    rows.push(...ledger);
    idsOf.set(op.moveIndex, [...(idsOf.get(op.moveIndex) ?? []), ...ledger.map((r) => r.id)]);
  }

  await noticeCrossed(tx, ctx, crossed, depotMap, partMap);
  return rows;
}

function defaultGrade(kind: MovementKind): StockGrade {
  return kind === 'old_part_return' ? 'defective' : 'good';
}

/** The 409 naming part, depot, what is available for this kind of change, and what was asked. */
async function insufficient(
  tx: DbLike,
  op: BalanceOp,
  m: MovementInput,
  depotCode: string,
  partCode: string,
  field: string,
): Promise<AppError> {
  if (op.onHand === 0 && op.reserved === 0 && op.inTransit === 0) {
    // Consuming issued parts where the depot never held the part: nothing was issued.
    return new AppError('stock.not_issued', { part: partCode, depot: depotCode, issued: 0, asked: -op.issued }, [
      { path: field, code: 'stock.not_issued', message: '' },
    ]);
  }
  if (op.reserved === 0 && op.onHand >= 0 && op.inTransit >= 0) {
    // Only adding can fail only by passing the largest balance a row holds.
    return new AppError('stock.bad_quantity', { quantity: m.quantity }, [
      { path: field, code: 'stock.bad_quantity', message: '' },
    ]);
  }
  const [b] = await tx
    .select({ onHand: stockBalances.onHand, reserved: stockBalances.reserved, inTransit: stockBalances.inTransit })
    .from(stockBalances)
    .where(
      and(eq(stockBalances.depotId, op.depotId), eq(stockBalances.partId, m.partId), eq(stockBalances.grade, op.grade)),
    );
  const onHand = b?.onHand ?? 0;
  const reserved = b?.reserved ?? 0;
  const inTransit = b?.inTransit ?? 0;
  let available = onHand - reserved;
  let asked = -op.onHand - (op.reserved < 0 ? -op.reserved : 0);
  if (op.inTransit < 0) {
    available = inTransit;
    asked = -op.inTransit;
  } else if (op.onHand === 0 && op.reserved < 0) {
    available = reserved;
    asked = -op.reserved;
  } else if (op.onHand === 0 && op.reserved > 0) {
    asked = op.reserved;
  } else if (op.reserved < 0) {
    // Issue from a reservation: what is reserved is what may go.
    available = Math.min(reserved, onHand);
    asked = -op.reserved;
  }
  return new AppError(
    'stock.insufficient',
    {
      part: partCode,
      depot: depotCode,
      available: Math.max(0, available),
      asked,
      partId: m.partId,
      depotId: op.depotId,
      grade: op.grade,
    },
    [{ path: field, code: 'stock.insufficient', message: '' }],
  );
}

/** What an order holds issued (issued, not yet consumed or returned) from a depot. */
export async function issuedToOrder(
  db: DbLike,
  orderId: string,
  depotId: string,
  partId: string,
  grade: StockGrade,
): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`coalesce(sum(${stockMovements.issuedDelta}), 0)::int` })
    .from(stockMovements)
    .where(
      and(
        eq(stockMovements.orderId, orderId),
        eq(stockMovements.depotId, depotId),
        eq(stockMovements.partId, partId),
        eq(stockMovements.grade, grade),
      ),
    );
  return row?.n ?? 0;
}

/** Moves the op's serials from the state the movement needs to the one it leaves them in. */
async function moveSerials(
  tx: DbLike,
  ctx: Pick<Ctx, 'now'>,
  op: BalanceOp,
  m: MovementInput,
  depotCode: string,
  partCode: string,
  field: string,
): Promise<void> {
  const serials = op.serials!;
  const flow = SERIAL_FLOW[op.serialStep!];
  const orderAfter = flow.keepsOrder ? (m.orderId ?? null) : null;
  if (flow.from === null) {
    // Coming in from outside: new serials, or ones that left stock for good earlier (consumed, scrapped, returned).
    const done = await tx
      .insert(partSerials)
      .values(
        serials.map((serial) => ({
          partId: m.partId,
          serial,
          depotId: op.depotId,
          grade: op.grade,
          state: flow.to,
          orderId: orderAfter,
          updatedAt: ctx.now,
        })),
      )
      .onConflictDoUpdate({
        target: [partSerials.partId, partSerials.serial],
        set: {
          depotId: op.depotId,
          grade: op.grade,
          state: flow.to,
          orderId: orderAfter,
          updatedAt: ctx.now,
        },
        setWhere: sql`${partSerials.state} in ('consumed', 'scrapped', 'returned')`,
      })
      .returning({ serial: partSerials.serial });
    const ok = new Set(done.map((r) => r.serial));
    const bad = serials.find((s) => !ok.has(s));
    if (bad !== undefined) {
      throw new AppError('stock.serial_in_use', { part: partCode, serial: bad }, [
        { path: field, code: 'stock.serial_in_use', message: '' },
      ]);
    }
    return;
  }
  const where: SQL[] = [
    eq(partSerials.partId, m.partId),
    inArray(partSerials.serial, serials),
    eq(partSerials.depotId, op.depotId),
    eq(partSerials.grade, op.grade),
    eq(partSerials.state, flow.from),
  ];
  if (flow.needsOrder) where.push(m.orderId ? eq(partSerials.orderId, m.orderId) : isNull(partSerials.orderId));
  const done = await tx
    .update(partSerials)
    .set({
      depotId: flow.toPeer ? op.peerDepotId! : op.depotId,
      state: flow.to,
      orderId: orderAfter,
      updatedAt: ctx.now,
    })
    .where(and(...where))
    .returning({ serial: partSerials.serial });
  const ok = new Set(done.map((r) => r.serial));
  const bad = serials.find((s) => !ok.has(s));
  if (bad !== undefined) {
    throw new AppError('stock.serial_not_here', { part: partCode, serial: bad, depot: depotCode }, [
      { path: field, code: 'stock.serial_not_here', message: '' },
    ]);
  }
}

/** A movement's audit event (its ledger ids are added in the statement that writes its last op). */
function movementEvent(
  m: MovementInput,
  depotMap: ReadonlyMap<string, DepotFacts>,
  partMap: ReturnType<typeof partsOfJson>,
): EventInput {
  return {
    entity: 'depot',
    entityId: m.depotId,
    action: `stock.${m.kind}`,
    after: {
      part: partMap.get(m.partId)!.code,
      partId: m.partId,
      grade: m.grade ?? defaultGrade(m.kind),
      quantity: m.quantity,
      ...(m.serials?.length ? { serials: m.serials } : {}),
      ...(m.toDepotId ? { toDepot: depotMap.get(m.toDepotId)!.code } : {}),
      ...(m.fromDepotId ? { fromDepot: depotMap.get(m.fromDepotId)!.code } : {}),
      ...(m.orderId ? { orderId: m.orderId } : {}),
      ...(m.document ? { document: m.document } : {}),
    },
    reason: m.note ?? null,
    orgPath: depotMap.get(m.depotId)!.orgPath,
  };
}

interface BalanceAfter {
  onHand: number;
  reserved: number;
  inTransit: number;
  below: boolean;
  reorderPoint: number | null;
  reorderQty: number | null;
}

/**
 * One op in one statement (bench/README.md, "Parts": each statement is a round trip): the
 * balance's conditional UPDATE, which refuses to make on_hand, reserved, reserved ≤ on_hand or
 * in_transit negative and sets the reorder flag; the op's ledger rows (one, or one per serial,
 * with the running balance after each); and the audit events of the movements this op completes,
 * with all their ledger ids. A refused update writes nothing and answers null.
 */
async function changeBalance(
  tx: DbLike,
  ctx: Pick<Ctx, 'actor' | 'now' | 'requestId'>,
  op: BalanceOp,
  m: MovementInput,
  events: { event: EventInput; before: number[] }[],
): Promise<{ after: BalanceAfter; ledger: MovementRow[] } | null> {
  const base = {
    at: ctx.now,
    kind: m.kind,
    depotId: op.depotId,
    partId: m.partId,
    grade: op.grade,
    peerDepotId: op.peerDepotId ?? null,
    orderId: m.orderId ?? null,
    documentKind: m.document?.kind ?? null,
    documentId: m.document?.id ?? null,
    actorUserId: ctx.actor.id,
    note: m.note ?? null,
    customerPays: m.customerPays ?? null,
  };
  const serials = op.serials?.length ? op.serials : null;
  const steps = serials ? serials.length : 1;
  const unit = (d: number) => d / steps;
  // Each row's balance is the op's final one less the steps still to come after it: the rows
  // carry that distance in the *_after columns, and the statement subtracts it from the balance.
  const values = Array.from({ length: steps }, (_, i) => {
    const left = steps - 1 - i;
    return {
      ...base,
      serial: serials?.[i] ?? null,
      costFen: m.unitCostFen == null ? null : m.unitCostFen * (serials ? 1 : Math.abs(m.quantity)),
      quantity: unit(op.onHand),
      reservedDelta: unit(op.reserved),
      inTransitDelta: unit(op.inTransit),
      issuedDelta: unit(op.issued),
      onHandAfter: left * unit(op.onHand),
      reservedAfter: left * unit(op.reserved),
      inTransitAfter: left * unit(op.inTransit),
    };
  });
  const ledger = insertRowsSql(stockMovements, values, {
    select: {
      onHandAfter: '(select on_hand from b) - r.on_hand_after',
      reservedAfter: '(select reserved from b) - r.reserved_after',
      inTransitAfter: '(select in_transit from b) - r.in_transit_after',
    },
    where: sql.raw('exists (select 1 from b)'),
    returning: sql.raw('id'),
  });
  const ids = `coalesce((select jsonb_agg(id order by id) from l), '[]'::jsonb)`;
  const audit = events.length
    ? sql`, e as (${eventsInsertSql(
        events.map((e) => ({ ctx, event: { ...e.event, after: { ...e.event.after, movementIds: e.before } } })),
        sql.raw('exists (select 1 from b)'),
        {
          // movementIds: the ids of the movement's earlier ops, and this statement's.
          changes: `jsonb_set(r.changes, '{movementIds,after}', (r.changes #> '{movementIds,after}') || ${ids})`,
        },
      )})`
    : sql``;
  // Named: PostgreSQL plans it once per connection (server/db/prepared.ts).
  const res = await executePrepared(
    tx,
    sql`with b as (
      update stock_balances set
        on_hand = on_hand + ${op.onHand}::int,
        reserved = reserved + ${op.reserved}::int,
        in_transit = in_transit + ${op.inTransit}::int,
        below_reorder = ${belowAfter(op.onHand, op.reserved)},
        updated_at = ${ctx.now.toISOString()}::timestamptz
      where depot_id = ${op.depotId} and part_id = ${m.partId} and grade = ${op.grade}
        -- In bigint, so a sum past the int range is refused here rather than failing the SET.
        and on_hand::bigint + ${op.onHand}::int between 0 and ${INT_MAX}
        and reserved::bigint + ${op.reserved}::int >= 0
        and reserved::bigint + ${op.reserved}::int <= on_hand::bigint + ${op.onHand}::int
        and in_transit::bigint + ${op.inTransit}::int between 0 and ${INT_MAX}
      returning on_hand, reserved, in_transit, below_reorder, reorder_point, reorder_qty
    ), l as (${ledger})${audit}
    select b.on_hand as "onHand", b.reserved, b.in_transit as "inTransit", b.below_reorder as below,
      b.reorder_point as "reorderPoint", b.reorder_qty as "reorderQty", ${sql.raw(ids)} as ids
    from b`,
  );
  const [row] = rowsOf<BalanceAfter & { ids: number[] | string }>(res);
  if (!row) return null;
  const { ids: raw, ...after } = row;
  const got = (typeof raw === 'string' ? JSON.parse(raw) : raw) as (number | string)[];
  return {
    after,
    ledger: values.map((v, i) => ({
      ...v,
      id: Number(got[i]),
      onHandAfter: after.onHand - v.onHandAfter,
      reservedAfter: after.reserved - v.reservedAfter,
      inTransitAfter: after.inTransit - v.inTransitAfter,
    })) as MovementRow[],
  };
}

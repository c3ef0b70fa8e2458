import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { appendEvent } from '../../platform/events/index.js';
import { orgUnits } from '../../platform/identity/tables.js';
import { partsByIds } from '../customers/index.js';
import { type MovementInput, type MovementRow, postMovements } from './commands/post-movements.js';
import { pricesOn } from './prices/queries.js';
import { unstockedConsumptions } from './prices/tables.js';
import { availableAt } from './queries.js';
import { depots, partSerials, partTracking, stockMovements } from './tables.js';

/*
 * Work-order completion consumes the parts the technician fitted (docs/parts.md, "Prices and
 * consumption"), in the completion's transaction: first what was issued to the order, then the
 * technician's van, then the outlet's depot. Each consume movement carries its cost (the part's
 * unit cost on the completion day × the count) and whether the customer pays. A part no depot
 * holds is recorded as an unstocked consumption, or refuses the completion (setting
 * parts.completionWithoutStock). Stock never goes negative.
 */

export interface CompletionLine {
  partId: string;
  qty: number;
  /** The serial of the part fitted (serial-tracked parts: taken first when the source holds it). */
  newSerial?: string | null;
  /** Whether the customer pays for the part (the warranty decision), when known. */
  customerPays?: boolean | null;
}

export interface CompletionConsumption {
  orderId: string;
  technicianUserId: string | null;
  outletOrgUnitId: string | null;
  lines: CompletionLine[];
  /** The completion's business day (company time zone), YYYY-MM-DD: prices are read on it. */
  day: string;
}

export interface ConsumptionResult {
  movements: MovementRow[];
  /** Parts fitted that no depot held, by line (setting 'record'). */
  unstocked: { line: number; partId: string; quantity: number }[];
}

/** Where a line's parts come from, in the order they are taken. */
interface Source {
  depotId: string;
  /** Issued to the order from this depot (consume), or the depot's own stock (consume fromStock). */
  issued: boolean;
  left: number;
}

/**
 * Consumes a completion's parts in the caller's transaction (see the comment above). Throws
 * `stock.insufficient` naming `parts.<i>.partId` when the setting is 'refuse' and a line cannot
 * be covered; the caller's transaction then writes nothing.
 */
export async function consumeForCompletion(
  tx: DbLike,
  ctx: Pick<Ctx, 'actor' | 'now' | 'requestId' | 'lang'>,
  input: CompletionConsumption,
): Promise<ConsumptionResult> {
  const lines = input.lines.filter((l) => l.qty > 0);
  if (!lines.length) return { movements: [], unstocked: [] };
  const mode = await getSetting(tx, 'parts.completionWithoutStock', ctx.now);
  const partIds = [...new Set(lines.map((l) => l.partId))];
  const prices = await pricesOn(tx, partIds, input.day);
  const tracked = new Set(
    (
      await tx
        .select({ partId: partTracking.partId })
        .from(partTracking)
        .where(and(inArray(partTracking.partId, partIds), eq(partTracking.serialTracked, true)))
    ).map((r) => r.partId),
  );

  // What the order holds issued, per depot and part (good grade).
  const issuedRows = await tx
    .select({
      depotId: stockMovements.depotId,
      partId: stockMovements.partId,
      n: sql<number>`sum(${stockMovements.issuedDelta})::int`,
    })
    .from(stockMovements)
    .where(
      and(
        eq(stockMovements.orderId, input.orderId),
        inArray(stockMovements.partId, partIds),
        eq(stockMovements.grade, 'good'),
      ),
    )
    .groupBy(stockMovements.depotId, stockMovements.partId)
    .having(gt(sql`sum(${stockMovements.issuedDelta})`, 0))
    .orderBy(asc(stockMovements.depotId));
  const van = input.technicianUserId
    ? (
        await tx
          .select({ id: depots.id })
          .from(depots)
          .where(
            and(eq(depots.technicianUserId, input.technicianUserId), eq(depots.kind, 'van'), eq(depots.active, true)),
          )
      )[0]
    : undefined;
  const outlet = input.outletOrgUnitId
    ? (
        await tx
          .select({ id: depots.id, code: depots.code })
          .from(depots)
          .where(
            and(
              eq(depots.orgUnitId, input.outletOrgUnitId),
              inArray(depots.kind, ['hq', 'center', 'outlet']),
              eq(depots.active, true),
            ),
          )
      )[0]
    : undefined;

  // Per part, its sources in order; counts go down as lines take from them.
  const sources = new Map<string, Source[]>();
  for (const partId of partIds) {
    const list: Source[] = issuedRows
      .filter((r) => r.partId === partId)
      .map((r) => ({ depotId: r.depotId, issued: true, left: r.n }));
    for (const d of [van, outlet]) {
      if (!d) continue;
      const left = await availableAt(tx, d.id, partId, 'good');
      if (left > 0) list.push({ depotId: d.id, issued: false, left });
    }
    sources.set(partId, list);
  }

  const moves: MovementInput[] = [];
  const unstocked: ConsumptionResult['unstocked'] = [];
  const usedSerials = new Set<string>();
  for (const [i, line] of input.lines.entries()) {
    if (line.qty <= 0) continue;
    const unitCostFen = prices.get(line.partId)?.costFen ?? null;
    let need = line.qty;
    for (const s of sources.get(line.partId)!) {
      if (need === 0) break;
      let take = Math.min(need, s.left);
      if (take === 0) continue;
      let serials: string[] | undefined;
      if (tracked.has(line.partId)) {
        serials = await pickSerials(tx, line.partId, s, input.orderId, take, line.newSerial ?? null, usedSerials);
        take = serials.length;
        if (take === 0) continue;
      }
      s.left -= take;
      need -= take;
      moves.push({
        kind: 'consume',
        depotId: s.depotId,
        partId: line.partId,
        quantity: take,
        orderId: input.orderId,
        ...(s.issued ? {} : { fromStock: true }),
        ...(serials ? { serials } : {}),
        document: { kind: 'work_order', id: input.orderId },
        unitCostFen,
        customerPays: line.customerPays ?? null,
      });
    }
    if (need > 0) {
      if (mode === 'refuse') {
        const part = (await partsByIds(tx, [line.partId])).get(line.partId);
        const field = `parts.${i}.partId`;
        throw new AppError(
          'stock.insufficient',
          {
            part: part?.code ?? line.partId,
            depot: outlet?.code ?? '—',
            available: line.qty - need,
            asked: line.qty,
            partId: line.partId,
            grade: 'good',
          },
          [{ path: field, code: 'stock.insufficient', message: '' }],
        );
      }
      unstocked.push({ line: i, partId: line.partId, quantity: need });
    }
  }

  const movements = await postMovements(tx, ctx, moves);

  if (unstocked.length) {
    const [unit] = input.outletOrgUnitId
      ? await tx.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, input.outletOrgUnitId))
      : [];
    const partMap = await partsByIds(tx, [...new Set(unstocked.map((u) => u.partId))]);
    for (const u of unstocked) {
      const line = input.lines[u.line]!;
      const unitCostFen = prices.get(u.partId)?.costFen ?? null;
      const [row] = await tx
        .insert(unstockedConsumptions)
        .values({
          at: ctx.now,
          day: input.day,
          orderId: input.orderId,
          partId: u.partId,
          quantity: u.quantity,
          outletOrgUnitId: input.outletOrgUnitId,
          technicianUserId: input.technicianUserId,
          costFen: unitCostFen == null ? null : unitCostFen * u.quantity,
          customerPays: line.customerPays ?? null,
          serial: line.newSerial ?? null,
          actorUserId: ctx.actor.id,
        })
        .returning({ id: unstockedConsumptions.id });
      await appendEvent(tx, ctx, {
        entity: 'part',
        entityId: u.partId,
        action: 'stock.unstocked_consumption',
        after: {
          part: partMap.get(u.partId)?.code ?? null,
          orderId: input.orderId,
          quantity: u.quantity,
          id: row!.id,
        },
        orgPath: unit?.path ?? null,
      });
    }
  }
  return { movements, unstocked };
}

/**
 * Serials of a tracked part to consume from a source: the fitted serial first when the source
 * holds it, then the lowest others (issued to the order, or in stock at the depot).
 */
async function pickSerials(
  tx: DbLike,
  partId: string,
  s: Source,
  orderId: string,
  n: number,
  prefer: string | null,
  used: Set<string>,
): Promise<string[]> {
  const rows = await tx
    .select({ serial: partSerials.serial })
    .from(partSerials)
    .where(
      and(
        eq(partSerials.partId, partId),
        eq(partSerials.depotId, s.depotId),
        eq(partSerials.grade, 'good'),
        eq(partSerials.state, s.issued ? 'issued' : 'in_stock'),
        s.issued ? eq(partSerials.orderId, orderId) : sql`true`,
      ),
    )
    .orderBy(asc(partSerials.serial));
  const free = rows.map((r) => r.serial).filter((x) => !used.has(`${partId}|${x}`));
  const ordered = prefer && free.includes(prefer) ? [prefer, ...free.filter((x) => x !== prefer)] : free;
  const out = ordered.slice(0, n);
  for (const x of out) used.add(`${partId}|${x}`);
  return out;
}

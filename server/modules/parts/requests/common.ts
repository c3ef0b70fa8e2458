import { and, eq, inArray, lte, or, desc } from 'drizzle-orm';
import type { DbLike } from '../../../db/client.js';
import { AppError } from '../../../platform/errors.js';
import { getSetting } from '../../../platform/config/store.js';
import type { Ctx } from '../../../platform/context.js';
import { orgUnits } from '../../../platform/identity/tables.js';
import { recordNotFound } from '../../../platform/records.js';
import { pathInScope } from '../../../platform/access/index.js';
import { localDay } from '../../warranty/index.js';
import { availableAt, ensureDepotFor } from '../index.js';
import type { DepotLevel, DepotStock } from '../fulfil-rules.js';
import { type QuotaMovement, type QuotaPeriod, quotaPeriodOf, quotaUse, remainingQuota } from '../quota-rules.js';
import type { QuotaView } from './contract.js';
import { partQuotaMovements, partQuotas, partRequests } from './tables.js';

export type RequestRow = typeof partRequests.$inferSelect;
export const REQUEST_NAME = { 'zh-CN': '配件申请', en: 'Parts request' };
export const SHIPMENT_NAME = { 'zh-CN': '发货单', en: 'Shipment' };

export async function companyDay(db: DbLike, now: Date): Promise<string> {
  return localDay(now, await getSetting(db, 'company.timeZone', now));
}

/** A request in the actor's scope, locked for the command; 404 otherwise. */
export async function lockRequest(tx: DbLike, ctx: Ctx, id: string): Promise<RequestRow> {
  const [row] = await tx.select().from(partRequests).where(eq(partRequests.id, id)).for('update');
  if (!row || !pathInScope(ctx.actor, row.orgPath)) throw recordNotFound(ctx.lang, REQUEST_NAME);
  return row;
}

export function wrongStatus(row: RequestRow, action: string): AppError {
  return new AppError('part_request.wrong_status', { code: row.code, status: row.status, action });
}

export interface ChainDepot {
  depotId: string;
  level: DepotLevel;
  orgUnitId: string;
  orgPath: string;
}

/** The depots nearest first for an outlet: its own, its center's (the nearest center above it), HQ central. */
export async function depotChain(tx: DbLike, outletId: string): Promise<ChainDepot[]> {
  const [outlet] = await tx.select().from(orgUnits).where(eq(orgUnits.id, outletId));
  if (!outlet) return [];
  const ancestorIds = outlet.path.split('/').filter(Boolean);
  const units = await tx
    .select({ id: orgUnits.id, kind: orgUnits.kind, path: orgUnits.path })
    .from(orgUnits)
    .where(or(eq(orgUnits.kind, 'hq'), inArray(orgUnits.id, ancestorIds.length ? ancestorIds : [outletId])));
  const chain: ChainDepot[] = [];
  const own = outlet.kind as DepotLevel;
  chain.push({
    depotId: (await ensureDepotFor(tx, outlet.id)).id,
    level: own,
    orgUnitId: outlet.id,
    orgPath: outlet.path,
  });
  if (own === 'outlet') {
    const center = units
      .filter((u) => u.kind === 'center' && outlet.path.startsWith(u.path))
      .sort((a, b) => b.path.length - a.path.length)[0];
    if (center)
      chain.push({
        depotId: (await ensureDepotFor(tx, center.id)).id,
        level: 'center',
        orgUnitId: center.id,
        orgPath: center.path,
      });
  }
  const hq = units.find((u) => u.kind === 'hq');
  if (hq && hq.id !== outlet.id)
    chain.push({ depotId: (await ensureDepotFor(tx, hq.id)).id, level: 'hq', orgUnitId: hq.id, orgPath: hq.path });
  return chain;
}

export async function chainStock(tx: DbLike, chain: ChainDepot[], partIds: string[]): Promise<DepotStock[]> {
  const out: DepotStock[] = [];
  for (const d of chain) {
    const available: Record<string, number> = {};
    for (const p of new Set(partIds)) available[p] = await availableAt(tx, d.depotId, p);
    out.push({ depotId: d.depotId, level: d.level, available });
  }
  return out;
}

/** The quota of a holder in force on a day (the latest effective from not after it), or null. */
async function quotaOf(db: DbLike, holder: { orgUnitId?: string; userId?: string }, day: string) {
  const [row] = await db
    .select()
    .from(partQuotas)
    .where(
      and(
        holder.orgUnitId ? eq(partQuotas.orgUnitId, holder.orgUnitId) : eq(partQuotas.userId, holder.userId!),
        lte(partQuotas.effectiveFrom, day),
      ),
    )
    .orderBy(desc(partQuotas.effectiveFrom), desc(partQuotas.createdAt))
    .limit(1);
  return row ?? null;
}

async function holderView(
  db: DbLike,
  holder: { orgUnitId?: string; userId?: string },
  day: string,
  period: QuotaPeriod,
): Promise<QuotaView['outlet']> {
  const q = await quotaOf(db, holder, day);
  const range = quotaPeriodOf(day, q?.periodKind ?? period);
  const rows = await db
    .select()
    .from(partQuotaMovements)
    .where(
      holder.orgUnitId
        ? eq(partQuotaMovements.outletId, holder.orgUnitId)
        : eq(partQuotaMovements.technicianId, holder.userId!),
    );
  const moves: QuotaMovement[] = rows.map((r) => ({
    kind: r.kind,
    day: r.day,
    quantity: r.quantity,
    valueFen: r.valueFen,
  }));
  const used = quotaUse(moves, range);
  const quota = q ? { valueFen: q.valueFen, quantity: q.quantity } : null;
  return {
    holderId: (holder.orgUnitId ?? holder.userId)!,
    quota,
    used,
    remaining: quota ? remainingQuota(quota, used) : null,
  };
}

/** What remains of the outlet's and the technician's quota on a day (the setting parts.quotaPeriod unless the quota says). */
export async function quotaView(
  db: DbLike,
  now: Date,
  outletId: string,
  technicianId: string | null,
): Promise<QuotaView> {
  const day = await companyDay(db, now);
  const period = await getSetting(db, 'parts.quotaPeriod', now);
  const range = quotaPeriodOf(day, period);
  return {
    period: { kind: period, ...range },
    outlet: await holderView(db, { orgUnitId: outletId }, day, period),
    technician: technicianId ? await holderView(db, { userId: technicianId }, day, period) : null,
  };
}

/** Records what a request commits against the quotas (approval) or frees (return, cancelled remainder). */
export async function quotaMove(
  tx: DbLike,
  ctx: Ctx,
  req: RequestRow,
  kind: 'issued' | 'returned_unused',
  quantity: number,
  valueFen: number,
): Promise<void> {
  if (quantity <= 0) return;
  await tx.insert(partQuotaMovements).values({
    requestId: req.id,
    outletId: req.outletId,
    technicianId: req.technicianId,
    kind,
    day: await companyDay(tx, ctx.now),
    quantity,
    valueFen,
    at: ctx.now,
  });
}

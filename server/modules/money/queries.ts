import { aliasedTable, and, asc, eq, gte, isNotNull, isNull, lte, or, type SQL } from 'drizzle-orm';
import { localDay } from '../../../shared/time-zone.js';
import type { DbLike } from '../../db/client.js';
import { AppError } from '../../platform/errors.js';
import { hasPermission } from '../../platform/access/index.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { users } from '../../platform/identity/tables.js';
import { listOf } from '../../platform/lists/contract.js';
import type { FeeRule, FeeRuleQuery, StoredFeeRule } from './contract.js';
import { feeRules } from './tables.js';

/*
 * Reads of the stored fee schedules (docs/money.md, "Stored schedules"). The rules are company-wide
 * (not org-scoped): whoever reads orders (orders.read) or keeps the schedules (money.fees) reads them.
 */

/** Reading the schedules: orders.read or money.fees. */
export function assertMayReadFees(ctx: Ctx): void {
  if (!hasPermission(ctx.actor, 'orders.read') && !hasPermission(ctx.actor, 'money.fees'))
    throw new AppError('auth.forbidden', { permission: 'money.fees' });
}

type Row = typeof feeRules.$inferSelect;

/** A row as the `FeeRule` the pure rules take (fee-rules.ts), unchanged in meaning. */
export function ruleOfRow(r: Row): FeeRule {
  return {
    id: r.id,
    schedule: r.schedule as FeeRule['schedule'],
    item: r.item as FeeRule['item'],
    serviceType: r.serviceType as FeeRule['serviceType'],
    productLineId: r.productLineId,
    modelClass: r.modelClass,
    repairKind: r.repairKind,
    zone: r.zone as FeeRule['zone'],
    minDistanceM: r.minDistanceM,
    maxDistanceM: r.maxDistanceM,
    amountFen: r.amountFen,
    effectiveFrom: r.effectiveFrom,
    effectiveTo: r.effectiveTo,
    label: r.label,
  };
}

const inForceOn = (day: string): SQL =>
  and(lte(feeRules.effectiveFrom, day), or(isNull(feeRules.effectiveTo), gte(feeRules.effectiveTo, day)))!;

/** Every rule in force on a day (all schedules and items): what `ruleInForce` chooses from. */
export async function rulesInForceOn(db: DbLike, day: string): Promise<FeeRule[]> {
  const rows = await db.select().from(feeRules).where(inForceOn(day)).orderBy(asc(feeRules.effectiveFrom));
  return rows.map(ruleOfRow);
}

const creator = aliasedTable(users, 'creator');
const ender = aliasedTable(users, 'ender');

/** Stored rules with who added and ended them, by schedule, item and first day. */
export async function storedRules(db: DbLike, where: SQL | undefined): Promise<StoredFeeRule[]> {
  const rows = await db
    .select({ row: feeRules, createdByName: creator.displayName, endedByName: ender.displayName })
    .from(feeRules)
    .leftJoin(creator, eq(creator.id, feeRules.createdBy))
    .leftJoin(ender, eq(ender.id, feeRules.endedBy))
    .where(where)
    .orderBy(asc(feeRules.schedule), asc(feeRules.item), asc(feeRules.effectiveFrom), asc(feeRules.id));
  return rows.map(({ row, createdByName, endedByName }) => ({
    ...ruleOfRow(row),
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    createdByName,
    endedAt: row.endedAt?.toISOString() ?? null,
    endedBy: row.endedBy,
    endedByName,
  }));
}

export async function storedRule(db: DbLike, id: string): Promise<StoredFeeRule | null> {
  return (await storedRules(db, eq(feeRules.id, id)))[0] ?? null;
}

/** The list of rules: by schedule, item, product line, in force on a day, ended or not. */
export async function listFeeRules(ctx: Ctx, q: FeeRuleQuery) {
  assertMayReadFees(ctx);
  const where = and(
    q.schedule ? eq(feeRules.schedule, q.schedule) : undefined,
    q.item ? eq(feeRules.item, q.item) : undefined,
    q.productLineId ? eq(feeRules.productLineId, q.productLineId) : undefined,
    q.onDay ? inForceOn(q.onDay) : undefined,
    q.ended === 'true'
      ? isNotNull(feeRules.effectiveTo)
      : q.ended === 'false'
        ? isNull(feeRules.effectiveTo)
        : undefined,
  );
  return listOf(await storedRules(ctx.db, where));
}

/** Today in the company time zone. */
export async function today(db: DbLike, now: Date): Promise<string> {
  return localDay(now, await getSetting(db, 'company.timeZone', now));
}

import { eq } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { appendEvent } from '../../platform/events/index.js';
import { recordNotFound } from '../../platform/records.js';
import { productLinesByIds } from '../customers/index.js';
import type { FeeRuleChange, FeeRuleCreate, FeeRuleEnd, StoredFeeRule } from './contract.js';
import { storedRule } from './queries.js';
import { feeRules } from './tables.js';

/*
 * Commands on the stored fee schedules (docs/money.md, "Stored schedules"): add a rule, change one
 * (end it and add its successor), end one. Rows are never edited but for their end: a rule's last
 * day and who set it. Each command is one transaction with its audit event. money.fees, checked by
 * the route.
 */

const RULE_NAME = { 'zh-CN': '收费标准', en: 'Fee rule' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The day before a YYYY-MM-DD day. */
export function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

async function assertLineExists(tx: DbLike, productLineId: string | null): Promise<void> {
  if (productLineId === null) return;
  if (!UUID.test(productLineId) || !(await productLinesByIds(tx, [productLineId])).has(productLineId))
    throw fieldError('productLineId', 'fee_rule.unknown_line', { productLineId });
}

async function insertRule(tx: DbLike, ctx: Ctx, input: FeeRuleCreate): Promise<string> {
  await assertLineExists(tx, input.productLineId);
  const [row] = await tx
    .insert(feeRules)
    .values({ ...input, createdAt: ctx.now, createdBy: ctx.actor.id })
    .returning();
  return row!.id;
}

/** The row to end, locked: 404 naming nothing when unknown, 409 when it already has its last day. */
async function openRuleForUpdate(tx: DbLike, ctx: Ctx, id: string) {
  const [row] = await tx.select().from(feeRules).where(eq(feeRules.id, id)).for('update');
  if (!row) throw recordNotFound(ctx.lang, RULE_NAME);
  if (row.effectiveTo !== null)
    throw new AppError('fee_rule.ended', { label: row.label, effectiveTo: row.effectiveTo });
  return row;
}

async function endRow(tx: DbLike, ctx: Ctx, row: typeof feeRules.$inferSelect, lastDay: string, field: string) {
  if (lastDay < row.effectiveFrom)
    throw fieldError(field, 'fee_rule.end_before_start', {
      label: row.label,
      effectiveFrom: row.effectiveFrom,
      effectiveTo: lastDay,
    });
  await tx
    .update(feeRules)
    .set({ effectiveTo: lastDay, endedAt: ctx.now, endedBy: ctx.actor.id })
    .where(eq(feeRules.id, row.id));
}

export async function createFeeRule(ctx: Ctx, input: FeeRuleCreate): Promise<StoredFeeRule> {
  const id = await ctx.db.transaction(async (tx) => {
    const id = await insertRule(tx, ctx, input);
    await appendEvent(tx, ctx, { entity: 'fee_rule', entityId: id, action: 'fee_rule.created', after: { ...input } });
    return id;
  });
  return (await storedRule(ctx.db, id))!;
}

/**
 * A change: the old rule gets its last day (`endOn`, by default the day before the new rule's first
 * day) and the new rule is added, in one transaction. The new rule is of the same item and starts
 * after the old one did.
 */
export async function changeFeeRule(
  ctx: Ctx,
  id: string,
  input: FeeRuleChange,
): Promise<{ ended: StoredFeeRule; added: StoredFeeRule }> {
  const { endOn, ...rule } = input;
  const addedId = await ctx.db.transaction(async (tx) => {
    const old = await openRuleForUpdate(tx, ctx, id);
    if (old.schedule !== rule.schedule || old.item !== rule.item)
      throw fieldError('item', 'fee_rule.other_item', { label: old.label, schedule: old.schedule, item: old.item });
    const lastDay = endOn ?? dayBefore(rule.effectiveFrom);
    await endRow(tx, ctx, old, lastDay, endOn ? 'endOn' : 'effectiveFrom');
    const addedId = await insertRule(tx, ctx, rule);
    await appendEvent(tx, ctx, {
      entity: 'fee_rule',
      entityId: id,
      action: 'fee_rule.changed',
      before: { label: old.label, effectiveTo: null, successor: null },
      after: { label: old.label, effectiveTo: lastDay, successor: addedId },
    });
    await appendEvent(tx, ctx, {
      entity: 'fee_rule',
      entityId: addedId,
      action: 'fee_rule.created',
      after: { ...rule, predecessor: id },
    });
    return addedId;
  });
  return { ended: (await storedRule(ctx.db, id))!, added: (await storedRule(ctx.db, addedId))! };
}

/** Ending (removing) a rule: its last day in force, included; the row stays for the orders it priced. */
export async function endFeeRule(ctx: Ctx, id: string, input: FeeRuleEnd): Promise<StoredFeeRule> {
  await ctx.db.transaction(async (tx) => {
    const old = await openRuleForUpdate(tx, ctx, id);
    await endRow(tx, ctx, old, input.effectiveTo, 'effectiveTo');
    await appendEvent(tx, ctx, {
      entity: 'fee_rule',
      entityId: id,
      action: 'fee_rule.ended',
      before: { label: old.label, effectiveTo: null },
      after: { label: old.label, effectiveTo: input.effectiveTo },
    });
  });
  return (await storedRule(ctx.db, id))!;
}

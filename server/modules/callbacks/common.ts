import { eq, or, sql } from 'drizzle-orm';
import type { Text } from '../../../shared/i18n.js';
import type { Permission } from '../../../shared/permissions.js';
import { compactDay } from '../../../shared/time-zone.js';
import type { Db, DbLike } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { type Actor, pathInScope, withinScope } from '../../platform/access/index.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { assertVersion, recordNotFound } from '../../platform/records.js';
import type { CallbackAction } from './contract.js';
import { ACTION_NAMES, callbackCode, STATE_NAMES } from './rules.js';
import { callbackEvents, callbackTasks } from './tables.js';

export type TaskRow = typeof callbackTasks.$inferSelect;

export const actorName = (ctx: Ctx) => ctx.actor.displayName || ctx.actor.username;

/** The company's time zone in force at `at`. */
export const zoneAt = (db: DbLike, at: Date) => getSetting(db, 'company.timeZone', at);

export async function nextCode(tx: DbLike, now: Date): Promise<string> {
  const zone = await zoneAt(tx, now);
  const [r] = rowsOf<{ n: string }>(await tx.execute(sql`select nextval('callback_code_seq')::text as n`));
  return callbackCode(compactDay(now, zone), Number(r!.n));
}

/** WHERE fragment: the task is read by the actor — its calling center's subtree, or the serving outlet's. */
export function taskReadable(actor: Actor) {
  return or(withinScope(actor, callbackTasks.orgPath), withinScope(actor, callbackTasks.outletPath))!;
}

/** The record's name in refusals (entity.not_found). */
export const CALLBACK = { 'zh-CN': '回访任务', en: 'Callback task' };

/** Whether the actor works the task's queue (the calling unit's subtree), not merely reads it. */
export const worksTask = (actor: Actor, t: Pick<TaskRow, 'orgPath'>) => pathInScope(actor, t.orgPath);

/**
 * Loads a task for a command: locked, in the scope of the people who work it (the calling unit's
 * subtree; out of scope reads as not found), at the version given.
 */
export async function lockTask(tx: DbLike, ctx: Ctx, id: string, version: number): Promise<TaskRow> {
  const [row] = await tx.select().from(callbackTasks).where(eq(callbackTasks.id, id)).for('update');
  if (!row || !worksTask(ctx.actor, row)) throw recordNotFound(ctx.lang, CALLBACK);
  await assertVersion(
    tx,
    ctx,
    { entity: 'callback', entityId: row.id, version: row.version, updatedAt: row.updatedAt },
    version,
  );
  return row;
}

export function assertOpen(t: TaskRow, action: CallbackAction): void {
  if (t.state !== 'open')
    throw new AppError('callback.wrong_state', {
      code: t.code,
      stateZh: STATE_NAMES[t.state]['zh-CN'],
      actionZh: ACTION_NAMES[action]['zh-CN'],
      state: STATE_NAMES[t.state].en,
      action: ACTION_NAMES[action].en,
    });
}

/** One timeline row of a task, in the command's transaction. */
export async function addEvent(
  tx: DbLike,
  ctx: Ctx,
  taskId: string,
  kind: string,
  text: Text,
  data: Record<string, unknown> = {},
): Promise<void> {
  await tx.insert(callbackEvents).values({
    taskId,
    kind,
    actorId: ctx.actor.id,
    actorName: actorName(ctx),
    at: ctx.now,
    text,
    data,
  });
}

/**
 * What an answer does to the order and the complaints is the callback's authority, not the
 * caller's own: the agent who records "not fixed" reopens the order even without the dispatcher's
 * right. The steps run through the same commands as by hand (the order's transitions, opening a
 * complaint), as the same person (the audit names them), with the company's scope and the
 * rights those steps need.
 */
export function outcomeCtx(ctx: Ctx, tx: DbLike): Ctx {
  const a = ctx.actor;
  const root = a.orgPath.split('/').filter(Boolean)[0];
  const extra: Permission[] = ['orders.dispatch', 'orders.create', 'orders.read', 'complaints.read'];
  return {
    ...ctx,
    db: tx as unknown as Db,
    actor: { ...a, orgPath: root ? `${root}/` : a.orgPath, permissions: new Set([...a.permissions, ...extra]) },
  };
}

// ---- The fee recorded for an order (money sits above this module: it provides the read) ----------

/** The fee recorded for an order in fen (collected, else due on the agreed quote); null when unknown. */
export type OrderFeeReader = (ctx: Ctx, orderId: string) => Promise<number | null>;

let feeReader: OrderFeeReader | null = null;

/** The money module's read of an order's fee, provided when the modules are wired. */
export function provideOrderFee(fn: OrderFeeReader): void {
  feeReader = fn;
}

export async function recordedFee(ctx: Ctx, orderId: string): Promise<number | null> {
  if (!feeReader) return null;
  try {
    return await feeReader(ctx, orderId);
  } catch (e) {
    // Out of the reader's scope, or the money records cannot be read: the fee is unknown.
    if (e instanceof AppError) return null;
    throw e;
  }
}

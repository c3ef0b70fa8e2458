import { and, eq } from 'drizzle-orm';
import type { DbLike } from '../../../db/client.js';
import { withinScope } from '../../../platform/access/index.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { appendEvent } from '../../../platform/events/index.js';
import { sendMessage } from '../../../platform/notify/index.js';
import { recordNotFound } from '../../../platform/records.js';
import { DEFAULT_LANG } from '../../../../shared/i18n.js';
import { yuan } from '../../../../shared/money.js';
import { messageAddressesOf } from '../../customers/index.js';
import type { Collection, CollectionCreate, EntryCorrect } from './contract.js';
import { companyDay, lockOrder, lockOrderMoney, receiptNumber } from './common.js';
import { collectedOn, collectionById, currentQuote, NAMES } from './queries.js';
import { dueOf, leftToCollect, netAfterCorrection, yuanNumber } from './rules.js';
import { collections } from './tables.js';

/*
 * Collections (docs/money-collection.md): a payment of what is due on the order (the agreed quote's
 * total, or a refused quote's call-out charge), with a receipt number and the receipt message to
 * the customer through the outbox ('money.receipt'). A correction is a new signed entry, never an edit.
 */

const METHOD_NAMES = {
  cash: { 'zh-CN': '现金', en: 'cash' },
  wechat: { 'zh-CN': '微信', en: 'WeChat' },
  alipay: { 'zh-CN': '支付宝', en: 'Alipay' },
  bank_transfer: { 'zh-CN': '银行转账', en: 'bank transfer' },
} as const;

/** What is due and collected on the order now (its money lock held). */
async function dueAndCollected(tx: DbLike, orderId: string): Promise<{ dueFen: number; collectedFen: number }> {
  const quote = await currentQuote(tx, orderId);
  const collectedFen = (await collectedOn(tx, [orderId])).get(orderId) ?? 0;
  return { dueFen: dueOf(quote), collectedFen };
}

/** The person's unit (where their cash is reconciled); the order's holder for the system actor. */
function collectorUnit(
  ctx: Ctx,
  order: { holderUnitId: string; orgPath: string },
): { unitId: string; unitPath: string } {
  if (ctx.actor.orgUnitId) return { unitId: ctx.actor.orgUnitId, unitPath: ctx.actor.orgPath };
  return { unitId: order.holderUnitId, unitPath: order.orgPath };
}

export async function recordCollection(ctx: Ctx, orderId: string, body: CollectionCreate): Promise<Collection> {
  const id = await ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, ctx, orderId);
    await lockOrderMoney(tx, orderId);
    const { dueFen, collectedFen } = await dueAndCollected(tx, orderId);
    if (dueFen === 0) throw new AppError('collection.nothing_due', { code: order.code });
    const left = leftToCollect(dueFen, collectedFen);
    if (body.amountFen > left)
      throw fieldError('amountFen', 'collection.exceeds_due', {
        code: order.code,
        dueYuan: yuanNumber(dueFen),
        collectedYuan: yuanNumber(collectedFen),
        leftYuan: yuanNumber(left),
      });
    const { day, timeZone } = await companyDay(tx, ctx.now);
    const receiptNo = receiptNumber(ctx.now, timeZone);
    // The receipt to the customer ('money.receipt': SMS, and e-mail when enabled), sent after commit by the outbox.
    const to = await messageAddressesOf(tx, order.customerId);
    const lang = to.lang ?? DEFAULT_LANG;
    const queued = await sendMessage(
      tx,
      {
        event: 'money.receipt',
        to,
        params: {
          receiptNo,
          orderCode: order.code,
          amount: yuan(body.amountFen)[lang],
          method: METHOD_NAMES[body.method][lang],
        },
        orgPath: order.orgPath,
      },
      ctx.now,
    );
    const smsQueued = queued.some((m) => m.channel === 'sms' && m.status === 'pending');
    const [row] = await tx
      .insert(collections)
      .values({
        receiptNo,
        orderId,
        orgPath: order.orgPath,
        orderCode: order.code,
        customerName: order.customerName,
        amountFen: body.amountFen,
        method: body.method,
        reference: body.reference ?? null,
        collectedBy: ctx.actor.id!,
        ...collectorUnit(ctx, order),
        collectedAt: ctx.now,
        day,
        smsQueued,
      })
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'collection',
      entityId: row!.id,
      action: 'collection.recorded',
      after: {
        receiptNo,
        orderId,
        orderCode: order.code,
        amountFen: body.amountFen,
        method: body.method,
        reference: body.reference ?? null,
        smsQueued,
      },
      orgPath: order.orgPath,
    });
    return row!.id;
  });
  return (await collectionById(ctx.db, id))!;
}

/**
 * A correction of a collection: a new entry of signed fen with its reason, counted for the original
 * collector (their cash), on the day it is entered. The original and its corrections never come
 * below zero, and never above what is due.
 */
export async function correctCollection(ctx: Ctx, id: string, body: EntryCorrect): Promise<Collection> {
  const newId = await ctx.db.transaction(async (tx) => {
    const [found] = await tx
      .select()
      .from(collections)
      .where(and(eq(collections.id, id), withinScope(ctx.actor, collections.orgPath)));
    if (!found) throw recordNotFound(ctx.lang, NAMES.collection);
    if (found.correctsId) {
      const [original] = await tx
        .select({ receiptNo: collections.receiptNo })
        .from(collections)
        .where(eq(collections.id, found.correctsId));
      throw new AppError('collection.is_correction', {
        receiptNo: found.receiptNo,
        originalNo: original?.receiptNo ?? '',
      });
    }
    const order = await lockOrder(tx, ctx, found.orderId);
    await lockOrderMoney(tx, found.orderId);
    const earlier = await tx
      .select({ fen: collections.amountFen })
      .from(collections)
      .where(eq(collections.correctsId, id));
    const net = netAfterCorrection(
      found.amountFen,
      earlier.map((e) => e.fen),
      body.amountFen,
    );
    if (net < 0)
      throw fieldError('amountFen', 'collection.below_zero', { receiptNo: found.receiptNo, netYuan: yuanNumber(net) });
    const { dueFen, collectedFen } = await dueAndCollected(tx, found.orderId);
    if (body.amountFen > 0 && body.amountFen > leftToCollect(dueFen, collectedFen)) {
      const left = leftToCollect(dueFen, collectedFen);
      throw fieldError('amountFen', 'collection.exceeds_due', {
        code: order.code,
        dueYuan: yuanNumber(dueFen),
        collectedYuan: yuanNumber(collectedFen),
        leftYuan: yuanNumber(left),
      });
    }
    const { day, timeZone } = await companyDay(tx, ctx.now);
    const receiptNo = receiptNumber(ctx.now, timeZone);
    const [row] = await tx
      .insert(collections)
      .values({
        receiptNo,
        orderId: found.orderId,
        orgPath: found.orgPath,
        orderCode: found.orderCode,
        customerName: found.customerName,
        amountFen: body.amountFen,
        method: found.method,
        reference: found.reference,
        collectedBy: found.collectedBy,
        unitId: found.unitId,
        unitPath: found.unitPath,
        collectedAt: ctx.now,
        day,
        correctsId: id,
        reason: body.reason,
        smsQueued: false,
      })
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'collection',
      entityId: row!.id,
      action: 'collection.corrected',
      after: { receiptNo, corrects: found.receiptNo, amountFen: body.amountFen, netFen: net },
      reason: body.reason,
      orgPath: found.orgPath,
    });
    return row!.id;
  });
  return (await collectionById(ctx.db, newId))!;
}

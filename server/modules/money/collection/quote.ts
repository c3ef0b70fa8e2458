import { and, eq, isNull } from 'drizzle-orm';
import type { DbLike } from '../../../db/client.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { appendEvent } from '../../../platform/events/index.js';
import { recordNotFound } from '../../../platform/records.js';
import { formatInstant } from '../../../../shared/time-zone.js';
import { partsByIds } from '../../customers/index.js';
import { entitlementForOrder } from '../../warranty/index.js';
import { priceOrder } from '../pricing.js';
import { QUOTABLE_STATES, type Quote, type QuoteAgree, type QuoteCreate, type QuoteRefuse } from './contract.js';
import { companyDay, lockOrder, lockOrderMoney } from './common.js';
import { currentQuote, NAMES, quoteView } from './queries.js';
import { type CoveredPart, entitlementText, isPaidWork, quoteLines } from './rules.js';
import { orderQuotes } from './tables.js';

/*
 * The quote on the technician's phone (docs/money-collection.md): paid work priced by the customer
 * schedule in force today, frozen with its lines and explanations; the customer agrees by signature
 * or refuses (then the call-out charge is due). One transaction each, with its audit event.
 */

async function when(tx: DbLike, ctx: Ctx, at: Date): Promise<string> {
  const { timeZone } = await companyDay(tx, ctx.now);
  return formatInstant(at, timeZone, ctx.lang);
}

export async function proposeQuote(ctx: Ctx, orderId: string, body: QuoteCreate): Promise<Quote> {
  const row = await ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, ctx, orderId);
    await lockOrderMoney(tx, orderId);
    if (!QUOTABLE_STATES.includes(order.state))
      throw new AppError('quote.order_state', { code: order.code, state: order.state });
    const last = await currentQuote(tx, orderId);
    if (last?.state === 'agreed')
      throw new AppError('quote.already_agreed', { code: order.code, at: await when(tx, ctx, last.agreedAt!) });
    if (last?.state === 'refused')
      throw new AppError('quote.already_refused', { code: order.code, at: await when(tx, ctx, last.refusedAt!) });

    // The parts: the body's, else the order's; quantities of one part added up.
    const asked = body.parts ?? order.parts.map((p) => ({ partId: p.partId, quantity: p.qty }));
    const known = await partsByIds(tx, [...new Set(asked.map((p) => p.partId))]);
    asked.forEach((p, i) => {
      if (!known.has(p.partId)) throw fieldError(`parts.${i}.partId`, 'quote.unknown_part', { partId: p.partId });
    });
    const qty = new Map<string, number>();
    for (const p of asked) qty.set(p.partId, (qty.get(p.partId) ?? 0) + p.quantity);

    // Who pays, judged today with the cause the technician gives (the entitlement completion stores).
    const ent = order.unitId
      ? await entitlementForOrder(tx, {
          orderId,
          unitId: order.unitId,
          partIds: [...qty.keys()],
          exclusion: body.exclusion?.kind ?? null,
          now: ctx.now,
        })
      : null;
    const unit = ent?.unit ?? null;
    if (!isPaidWork(unit))
      throw new AppError('quote.in_warranty', { code: order.code, reason: entitlementText(unit)[ctx.lang] }, [
        { path: 'body.exclusion', code: 'quote.in_warranty', message: '' },
      ]);
    const coveredIds = new Set((ent?.parts ?? []).filter((p) => p.parts !== 'customer').map((p) => p.partId));
    const covered: CoveredPart[] = (ent?.parts ?? [])
      .filter((p) => p.partId && coveredIds.has(p.partId))
      .map((p) => ({
        partId: p.partId!,
        name: known.get(p.partId!)?.name ?? p.partName ?? p.partId!,
        quantity: qty.get(p.partId!) ?? 1,
        reasons: p.reasons,
      }));

    const { day } = await companyDay(tx, ctx.now);
    const priced = await priceOrder(
      tx,
      {
        serviceType: order.serviceType,
        productLineId: order.productLineId,
        modelClass: null,
        repairKind: null,
        distanceM: null,
        zone: order.zone,
        parts: [...qty]
          .filter(([id]) => !coveredIds.has(id))
          .map(([partId, quantity]) => ({
            partId,
            name: known.get(partId)!.name,
            quantity,
            salePriceFen: null,
            costFen: null,
            fromOwnStock: false,
          })),
      },
      day,
      ctx.now,
    );
    const q = priced.customerQuote;
    if (!q.complete)
      throw new AppError(
        'quote.incomplete',
        { missing: q.missing.map((m) => m.explanation[ctx.lang]).join(ctx.lang === 'zh-CN' ? '；' : '; ') },
        q.missing.some((m) => m.item === 'part')
          ? [{ path: 'body.parts', code: 'quote.incomplete', message: '' }]
          : undefined,
      );
    const names = new Map([...known].map(([id, p]) => [id, p.name]));
    const { lines, totalFen } = quoteLines(q, priced.labels, names, covered);

    // A newer proposal replaces the one not yet decided.
    await tx
      .update(orderQuotes)
      .set({ supersededAt: ctx.now })
      .where(
        and(eq(orderQuotes.orderId, orderId), eq(orderQuotes.state, 'proposed'), isNull(orderQuotes.supersededAt)),
      );
    const [row] = await tx
      .insert(orderQuotes)
      .values({
        orderId,
        orgPath: order.orgPath,
        state: 'proposed',
        day,
        lines,
        totalFen,
        calloutFen: priced.refusedQuoteCharge.totalFen,
        calloutExplanation: priced.refusedQuoteCharge.explanation,
        explanation: q.explanation,
        entitlement: entitlementText(unit),
        exclusion: body.exclusion ?? null,
        createdAt: ctx.now,
        createdBy: ctx.actor.id,
      })
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'order_quote',
      entityId: row!.id,
      action: 'quote.proposed',
      after: {
        orderId,
        orderCode: order.code,
        day,
        totalFen,
        calloutFen: row!.calloutFen,
        lines: lines.map((l) => `${l.label} ×${l.quantity} = ${l.amountFen}`),
        exclusion: body.exclusion ?? null,
        replaced: last?.state === 'proposed' ? last.id : null,
      },
      orgPath: order.orgPath,
    });
    return row!;
  });
  return quoteView(row);
}

/** The quote to decide, locked, in the caller's scope through its order. */
async function quoteToDecide(tx: DbLike, ctx: Ctx, id: string) {
  const [found] = await tx.select({ orderId: orderQuotes.orderId }).from(orderQuotes).where(eq(orderQuotes.id, id));
  if (!found) throw recordNotFound(ctx.lang, NAMES.quote);
  const order = await lockOrder(tx, ctx, found.orderId).catch((e) => {
    throw e instanceof AppError && e.code === 'entity.not_found' ? recordNotFound(ctx.lang, NAMES.quote) : e;
  });
  await lockOrderMoney(tx, found.orderId);
  const [row] = await tx.select().from(orderQuotes).where(eq(orderQuotes.id, id)).for('update');
  if (row!.supersededAt) throw new AppError('quote.superseded');
  if (row!.state !== 'proposed') throw new AppError('quote.wrong_state', { state: row!.state });
  return { row: row!, order };
}

export async function agreeQuote(ctx: Ctx, id: string, body: QuoteAgree): Promise<Quote> {
  const row = await ctx.db.transaction(async (tx) => {
    const { row: before, order } = await quoteToDecide(tx, ctx, id);
    const [row] = await tx
      .update(orderQuotes)
      .set({ state: 'agreed', agreedAt: ctx.now, signature: body.signature, decidedBy: ctx.actor.id })
      .where(eq(orderQuotes.id, id))
      .returning();
    // The trail keeps that a signature was given, not the drawing (the quote holds it).
    await appendEvent(tx, ctx, {
      entity: 'order_quote',
      entityId: id,
      action: 'quote.agreed',
      before: { state: before.state, signature: null },
      after: { state: 'agreed', signature: `[PNG, ${body.signature.length} chars]`, totalFen: row!.totalFen },
      orgPath: order.orgPath,
    });
    return row!;
  });
  return quoteView(row);
}

export async function refuseQuote(ctx: Ctx, id: string, body: QuoteRefuse): Promise<Quote> {
  const row = await ctx.db.transaction(async (tx) => {
    const { row: before, order } = await quoteToDecide(tx, ctx, id);
    const [row] = await tx
      .update(orderQuotes)
      .set({ state: 'refused', refusedAt: ctx.now, refusalReason: body.reason ?? null, decidedBy: ctx.actor.id })
      .where(eq(orderQuotes.id, id))
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'order_quote',
      entityId: id,
      action: 'quote.refused',
      before: { state: before.state },
      after: { state: 'refused', calloutFen: row!.calloutFen },
      reason: body.reason ?? null,
      orgPath: order.orgPath,
    });
    return row!;
  });
  return quoteView(row);
}

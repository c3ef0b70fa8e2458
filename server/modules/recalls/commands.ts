import { and, eq, inArray, sql } from 'drizzle-orm';
import type { FieldError } from '../../../shared/errors.js';
import { DEFAULT_LANG } from '../../../shared/i18n.js';
import { endOfLocalDay } from '../../../shared/time-zone.js';
import type { Db, DbLike } from '../../db/client.js';
import { requirePermission } from '../../platform/access/index.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { appendEvent } from '../../platform/events/index.js';
import { issueLink } from '../../platform/links/index.js';
import { prepareSender } from '../../platform/notify/index.js';
import { recordNotFound } from '../../platform/records.js';
import {
  customers,
  isValidSerial,
  messageAddressesOfMany,
  normaliseSerial,
  productModels,
  units,
} from '../customers/index.js';
import { createOrderWithin } from '../work-orders/index.js';
import { coveredUnits, writeUnits } from './affect.js';
import {
  addEvents,
  appendEvents,
  assertCampaignAllows,
  assertUnitAllows,
  CAMPAIGN,
  type CampaignRow,
  lockCampaign,
  lockUnit,
  nextCode,
  type RecallUnitRow,
  unitReadable,
} from './common.js';
import type {
  BookBody,
  CampaignCreate,
  CampaignDetail,
  CampaignUpdate,
  CloseBody,
  OutreachBody,
  OutreachResult,
  ReasonBody,
  RecallUnitItem,
  VersionBody,
} from './contract.js';
import { getCampaign, getRecallUnit } from './queries.js';
import { BOOKING, criteriaProblems, orderDescription } from './rules.js';
import { recallCampaigns, recallUnits } from './tables.js';

/*
 * Recall commands: each runs in one transaction, locks its record, checks its version, writes its
 * timeline row (actor, time) and appends its audit event. A booking creates the recall order
 * through the work orders' one creation pipeline in the same transaction; the outreach writes its
 * messages to the outbox in the same transaction, so they leave only if it commits.
 */

/** The campaign's fields as stored: serials normalised as the installed base stores them, refusals naming the field. */
async function fieldsOf(tx: DbLike, body: CampaignCreate) {
  const serial = (raw: string | undefined, field: string): string | null => {
    if (raw === undefined) return null;
    const s = normaliseSerial(raw);
    if (!isValidSerial(s)) throw fieldError(`body.${field}`, 'unit.invalid_serial', { serial: s });
    return s;
  };
  const f = {
    title: body.title,
    reason: body.reason,
    modelIds: body.modelIds,
    serialFrom: serial(body.serialFrom, 'serialFrom'),
    serialTo: serial(body.serialTo, 'serialTo'),
    serialPrefix: serial(body.serialPrefix, 'serialPrefix'),
    purchasedFrom: body.purchasedFrom ?? null,
    purchasedTo: body.purchasedTo ?? null,
    effectiveFrom: body.effectiveFrom,
    effectiveUntil: body.effectiveUntil ?? null,
  };
  const problems = criteriaProblems(f);
  if (problems.length) {
    const errors: FieldError[] = problems.map((p) => ({ path: p.field, code: p.code, message: '' }));
    throw new AppError(problems[0]!.code, {}, errors);
  }
  const found = await tx
    .select({ id: productModels.id })
    .from(productModels)
    .where(inArray(productModels.id, f.modelIds));
  const known = new Set(found.map((m) => m.id));
  const missing = f.modelIds.findIndex((id) => !known.has(id));
  if (missing >= 0) throw fieldError(`body.modelIds.${missing}`, 'catalog.unknown_model');
  return f;
}

/** POST /api/recalls: a campaign in draft, defined by the actor's unit. */
export async function createCampaign(ctx: Ctx, body: CampaignCreate): Promise<CampaignDetail> {
  requirePermission(ctx.actor, 'recalls.manage');
  const id = await ctx.db.transaction(async (tx) => {
    const f = await fieldsOf(tx, body);
    const code = await nextCode(tx, ctx.now);
    const [row] = await tx
      .insert(recallCampaigns)
      .values({
        ...f,
        code,
        state: 'draft',
        orgPath: ctx.actor.orgPath,
        createdBy: ctx.actor.id,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await addEvents(tx, ctx, [
      {
        campaignId: row!.id,
        kind: 'created',
        text: { 'zh-CN': `创建召回活动${code}（草稿）`, en: `Campaign ${code} created (draft)` },
      },
    ]);
    await appendEvent(tx, ctx, {
      entity: 'recall_campaign',
      entityId: row!.id,
      action: 'recall.created',
      after: { ...f, code, state: 'draft' },
      orgPath: row!.orgPath,
    });
    return row!.id;
  });
  return getCampaign(ctx, id);
}

/** PUT /api/recalls/:id: a draft's definition changed. */
export async function updateCampaign(ctx: Ctx, id: string, body: CampaignUpdate): Promise<CampaignDetail> {
  requirePermission(ctx.actor, 'recalls.manage');
  await ctx.db.transaction(async (tx) => {
    const c = await lockCampaign(tx, ctx, id, body.version);
    assertCampaignAllows(c, 'edit');
    const { version: _v, ...rest } = body;
    const f = await fieldsOf(tx, rest);
    await tx
      .update(recallCampaigns)
      .set({ ...f, version: c.version + 1, updatedAt: ctx.now })
      .where(eq(recallCampaigns.id, c.id));
    await addEvents(tx, ctx, [
      { campaignId: c.id, kind: 'edited', text: { 'zh-CN': '修改召回活动定义', en: 'Definition changed' } },
    ]);
    await appendEvent(tx, ctx, {
      entity: 'recall_campaign',
      entityId: c.id,
      action: 'recall.updated',
      before: { ...pick(c), version: c.version },
      after: { ...f, version: c.version + 1 },
      orgPath: c.orgPath,
    });
  });
  return getCampaign(ctx, id);
}

const pick = (c: CampaignRow) => ({
  title: c.title,
  reason: c.reason,
  modelIds: c.modelIds,
  serialFrom: c.serialFrom,
  serialTo: c.serialTo,
  serialPrefix: c.serialPrefix,
  purchasedFrom: c.purchasedFrom,
  purchasedTo: c.purchasedTo,
  effectiveFrom: c.effectiveFrom,
  effectiveUntil: c.effectiveUntil,
});

/** POST /api/recalls/:id/activate: the affected units are found in the installed base, one row each. */
export async function activateCampaign(ctx: Ctx, id: string, body: VersionBody): Promise<CampaignDetail> {
  requirePermission(ctx.actor, 'recalls.manage');
  await ctx.db.transaction(async (tx) => {
    const c = await lockCampaign(tx, ctx, id, body.version);
    assertCampaignAllows(c, 'activate');
    const found = await coveredUnits(tx, c);
    const rows = await writeUnits(tx, ctx, c, found, 'activation');
    await tx
      .update(recallCampaigns)
      .set({ state: 'active', activatedAt: ctx.now, version: c.version + 1, updatedAt: ctx.now })
      .where(eq(recallCampaigns.id, c.id));
    await addEvents(tx, ctx, [
      {
        campaignId: c.id,
        kind: 'activated',
        text: {
          'zh-CN': `启动召回活动：在装机档案中找到${rows.length}台受影响产品`,
          en: `Campaign started: ${rows.length} affected unit(s) found in the installed base`,
        },
        data: { units: rows.length },
      },
    ]);
    await appendEvent(tx, ctx, {
      entity: 'recall_campaign',
      entityId: c.id,
      action: 'recall.activated',
      before: { state: c.state, version: c.version },
      after: { state: 'active', version: c.version + 1, affectedUnits: rows.length },
      orgPath: c.orgPath,
    });
  });
  return getCampaign(ctx, id);
}

/** POST /api/recalls/:id/close: no more units are added nor worked. */
export async function closeCampaign(ctx: Ctx, id: string, body: CloseBody): Promise<CampaignDetail> {
  requirePermission(ctx.actor, 'recalls.manage');
  await ctx.db.transaction(async (tx) => {
    const c = await lockCampaign(tx, ctx, id, body.version);
    assertCampaignAllows(c, 'close');
    const reason = body.reason?.length ? body.reason : null;
    await tx
      .update(recallCampaigns)
      .set({ state: 'closed', closedAt: ctx.now, closeReason: reason, version: c.version + 1, updatedAt: ctx.now })
      .where(eq(recallCampaigns.id, c.id));
    await addEvents(tx, ctx, [
      {
        campaignId: c.id,
        kind: 'closed',
        text: {
          'zh-CN': `结束召回活动${reason ? `：${reason}` : ''}`,
          en: `Campaign closed${reason ? `: ${reason}` : ''}`,
        },
      },
    ]);
    await appendEvent(tx, ctx, {
      entity: 'recall_campaign',
      entityId: c.id,
      action: 'recall.closed',
      before: { state: c.state, version: c.version },
      after: { state: 'closed', version: c.version + 1 },
      reason,
      orgPath: c.orgPath,
    });
  });
  return getCampaign(ctx, id);
}

/**
 * POST /api/recalls/:id/outreach: an SMS to the customer of every affected unit in the actor's
 * scope (or of the units named) who agreed to messages and has a mobile number, each unit then
 * reached. Units already reached (or further) get none: a unit is messaged once.
 */
export async function sendOutreach(ctx: Ctx, id: string, body: OutreachBody): Promise<OutreachResult> {
  requirePermission(ctx.actor, 'recalls.manage');
  return ctx.db.transaction(async (tx) => {
    const c = await lockCampaign(tx, ctx, id);
    assertCampaignAllows(c, 'outreach');
    const where = [eq(recallUnits.campaignId, c.id), eq(recallUnits.state, 'affected'), unitReadable(ctx.actor)];
    if (body.unitIds) where.push(inArray(recallUnits.id, body.unitIds));
    const rows = await tx
      .select()
      .from(recallUnits)
      .where(and(...where))
      .orderBy(recallUnits.serialNo)
      .for('update');
    const result: OutreachResult = { sent: 0, noConsent: 0, noMobile: 0 };
    if (!rows.length) return result;
    const custIds = [...new Set(rows.map((r) => r.customerId))];
    const consent = new Map<string, boolean>();
    for (let i = 0; i < custIds.length; i += 1000) {
      const chunk = custIds.slice(i, i + 1000);
      for (const cu of await tx
        .select({ id: customers.id, consent: customers.consentMessages })
        .from(customers)
        .where(inArray(customers.id, chunk)))
        consent.set(cu.id, cu.consent);
    }
    // Primary first: the first mobile of each customer is the one texted.
    const addresses = await messageAddressesOfMany(tx, custIds);
    const base = await getSetting(tx, 'portal.publicUrl', ctx.now);
    const expiresAt = await bookingLinkExpiry(tx, c, ctx.now);
    const sender = await prepareSender(tx, 'recall.outreach', ctx.now);
    const reached: RecallUnitRow[] = [];
    for (const r of rows) {
      if (!consent.get(r.customerId)) {
        result.noConsent += 1;
        continue;
      }
      const to = addresses.get(r.customerId);
      if (!to?.phone) {
        result.noMobile += 1;
        continue;
      }
      // The customer books by themselves through a one-time link (platform/links), or calls.
      const link = await issueLink(tx, { purpose: BOOKING, subjectId: r.id, expiresAt }, ctx.now);
      await sender.send(
        to,
        {
          campaign: c.code,
          title: c.title[to.lang ?? DEFAULT_LANG],
          serialNo: r.serialNo,
          url: `${base}/portal/recall/${link.token}`,
        },
        { orgPath: r.orgPath },
      );
      reached.push(r);
    }
    result.sent = reached.length;
    if (!reached.length) return result;
    const ids = reached.map((r) => r.id);
    for (let i = 0; i < ids.length; i += 1000)
      await tx
        .update(recallUnits)
        .set({ state: 'reached', reachedAt: ctx.now, updatedAt: ctx.now, version: sql`${recallUnits.version} + 1` })
        .where(inArray(recallUnits.id, ids.slice(i, i + 1000)));
    await addEvents(tx, ctx, [
      {
        campaignId: c.id,
        kind: 'outreach',
        text: {
          'zh-CN': `发送召回通知短信${reached.length}条${result.noConsent + result.noMobile ? `（未同意接收消息${result.noConsent}户、无手机号${result.noMobile}户，未发送）` : ''}`,
          en: `Recall SMS sent to ${reached.length} customer(s)${result.noConsent + result.noMobile ? ` (not sent: ${result.noConsent} without consent, ${result.noMobile} without a mobile number)` : ''}`,
        },
        data: { ...result },
      },
      ...reached.map((r) => ({
        campaignId: c.id,
        recallUnitId: r.id,
        kind: 'outreach',
        text: { 'zh-CN': `已短信通知（序列号${r.serialNo}）`, en: `SMS sent (unit ${r.serialNo})` },
      })),
    ]);
    await appendEvent(tx, ctx, {
      entity: 'recall_campaign',
      entityId: c.id,
      action: 'recall.outreach',
      after: { ...result },
      orgPath: c.orgPath,
    });
    await appendEvents(
      tx,
      ctx,
      reached.map((r) => ({
        entity: 'recall_unit',
        entityId: r.id,
        action: 'recall.unit_reached',
        before: { state: r.state, version: r.version },
        after: { state: 'reached', version: r.version + 1, channel: 'sms' },
        orgPath: r.orgPath,
      })),
    );
    return result;
  });
}

async function campaignOf(tx: DbLike, ctx: Ctx, u: RecallUnitRow): Promise<CampaignRow> {
  const [c] = await tx.select().from(recallCampaigns).where(eq(recallCampaigns.id, u.campaignId)).for('share');
  if (!c) throw recordNotFound(ctx.lang, CAMPAIGN);
  return c;
}

/**
 * POST /api/recall-units/:id/book: the customer booked (on the phone with an agent, or through a
 * planner): a recall order (service type recall) is created through the order pipeline, with the
 * actor's own rights, and the unit links to it.
 */
export async function bookUnit(ctx: Ctx, id: string, body: BookBody): Promise<RecallUnitItem> {
  requirePermission(ctx.actor, 'recalls.work');
  requirePermission(ctx.actor, 'orders.create');
  await ctx.db.transaction(async (tx) => {
    const u = await lockUnit(tx, ctx, id, body.version);
    await bookLocked(tx, ctx, u, body);
  });
  return getRecallUnit(ctx, id);
}

/**
 * The booking on a unit locked in the caller's transaction — by an agent (bookUnit) or by the
 * customer through the SMS link (booking-link.ts): one code path for both.
 */
export async function bookLocked(
  tx: DbLike,
  ctx: Ctx,
  u: RecallUnitRow,
  body: Pick<BookBody, 'note' | 'priority'>,
): Promise<void> {
  const c = await campaignOf(tx, ctx, u);
  assertUnitAllows(c, u, 'book');
  const [unit] = await tx.select({ addressId: units.addressId }).from(units).where(eq(units.id, u.unitId));
  const note = body.note?.length ? body.note : undefined;
  const order = await createOrderWithin(
    tx,
    { ...ctx, db: tx as unknown as Db },
    {
      customerId: u.customerId,
      unitId: u.unitId,
      ...(unit?.addressId ? { addressId: unit.addressId } : {}),
      serviceType: 'recall',
      priority: body.priority ?? 2,
      faultDescription: orderDescription(c.code, c.title['zh-CN'], note),
    },
  );
  await tx
    .update(recallUnits)
    .set({
      state: 'booked',
      orderId: order.id,
      orderCode: order.code,
      bookedAt: ctx.now,
      reason: null,
      version: u.version + 1,
      updatedAt: ctx.now,
    })
    .where(eq(recallUnits.id, u.id));
  await addEvents(tx, ctx, [
    {
      campaignId: c.id,
      recallUnitId: u.id,
      kind: 'booked',
      text: {
        'zh-CN': `已预约（序列号${u.serialNo}）：召回服务单${order.code}${note ? `，${note}` : ''}`,
        en: `Booked (unit ${u.serialNo}): recall order ${order.code}${note ? `, ${note}` : ''}`,
      },
      data: { orderId: order.id, orderCode: order.code },
    },
  ]);
  await appendEvent(tx, ctx, {
    entity: 'recall_unit',
    entityId: u.id,
    action: 'recall.unit_booked',
    before: { state: u.state, version: u.version },
    after: { state: 'booked', version: u.version + 1, orderId: order.id, orderCode: order.code },
    orgPath: u.orgPath,
  });
}

/** A booking link lasts as long as the campaign (to the end of its last effective day), else 60 days. */
async function bookingLinkExpiry(tx: DbLike, c: CampaignRow, now: Date): Promise<Date> {
  if (!c.effectiveUntil) return new Date(now.getTime() + 60 * 86_400_000);
  const zone = await getSetting(tx, 'company.timeZone', now);
  return endOfLocalDay(c.effectiveUntil, zone);
}

async function closeUnit(
  ctx: Ctx,
  id: string,
  body: ReasonBody,
  to: 'unreachable' | 'declined',
): Promise<RecallUnitItem> {
  requirePermission(ctx.actor, 'recalls.work');
  await ctx.db.transaction(async (tx) => {
    const u = await lockUnit(tx, ctx, id, body.version);
    const c = await campaignOf(tx, ctx, u);
    assertUnitAllows(c, u, to === 'unreachable' ? 'unreachable' : 'decline');
    await tx
      .update(recallUnits)
      .set({ state: to, reason: body.reason, version: u.version + 1, updatedAt: ctx.now })
      .where(eq(recallUnits.id, u.id));
    await addEvents(tx, ctx, [
      {
        campaignId: c.id,
        recallUnitId: u.id,
        kind: to,
        text:
          to === 'unreachable'
            ? {
                'zh-CN': `无法联系（序列号${u.serialNo}）：${body.reason}`,
                en: `Unreachable (unit ${u.serialNo}): ${body.reason}`,
              }
            : {
                'zh-CN': `客户拒绝（序列号${u.serialNo}）：${body.reason}`,
                en: `Declined (unit ${u.serialNo}): ${body.reason}`,
              },
        data: { reason: body.reason },
      },
    ]);
    await appendEvent(tx, ctx, {
      entity: 'recall_unit',
      entityId: u.id,
      action: to === 'unreachable' ? 'recall.unit_unreachable' : 'recall.unit_declined',
      before: { state: u.state, version: u.version },
      after: { state: to, version: u.version + 1 },
      reason: body.reason,
      orgPath: u.orgPath,
    });
  });
  return getRecallUnit(ctx, id);
}

/** POST /api/recall-units/:id/unreachable: the customer could not be reached (with the reason). */
export const markUnreachable = (ctx: Ctx, id: string, body: ReasonBody) => closeUnit(ctx, id, body, 'unreachable');

/** POST /api/recall-units/:id/decline: the customer declined the recall (with the reason). */
export const markDeclined = (ctx: Ctx, id: string, body: ReasonBody) => closeUnit(ctx, id, body, 'declined');

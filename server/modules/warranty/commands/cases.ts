import { and, eq, notInArray, sql } from 'drizzle-orm';
import { DEFAULT_LANG, type Lang } from '../../../../shared/i18n.js';
import type { Permission } from '../../../../shared/permissions.js';
import type { DbLike } from '../../../db/client.js';
import { hasPermission, pathInScope, withinScope } from '../../../platform/access/index.js';
import { getSetting } from '../../../platform/config/index.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { appendEvent } from '../../../platform/events/index.js';
import { sendMessage } from '../../../platform/notify/index.js';
import { assertVersion, recordNotFound } from '../../../platform/records.js';
import { exchangeUnit, getUnit, markUnitReturned, messageAddressesOf } from '../../customers/index.js';
import { attachments, removeUploads, storeUpload, type UploadedPhoto } from '../../intake/index.js';
import { documentCode } from '../codes.js';
import {
  type AppraiseBody,
  type CaseAction,
  type CaseExecuteBody,
  type CaseOpen,
  type CaseState,
  RemedyRules,
} from '../contract.js';
import { selectPolicy } from '../entitlement.js';
import { dayCountingAt, loadPolicies, loadUnit } from '../facts.js';
import { orderFacts } from '../history-port.js';
import { actorLevel } from '../levels.js';
import { caseExecuted } from '../order-port.js';
import { judgedDay, remediesOf } from '../judge.js';
import {
  CASE_ACTION_NAMES,
  CASE_STATE_NAMES,
  type CaseProblem,
  DECISION_WORDS,
  executionKind,
  OPEN_PERMISSIONS,
  refundAmount,
  validateApprove,
  validateCaseAction,
} from '../rules.js';
import { warrantyCaseHistory, warrantyCases, warrantyRefunds } from '../tables.js';

/*
 * Return/exchange cases (退换货): open → appraise (鉴定单) → approve (center; HQ above the value
 * threshold) → execute (exchange or refund) → close; or reject / cancel. Each action runs in one
 * transaction: lock, check the version, ask the rules (rules.ts), write, one history row and one
 * audit event.
 */

type CaseRow = typeof warrantyCases.$inferSelect;
const NAME = { 'zh-CN': '退换货单', en: 'Return/exchange case' };
const FINAL: CaseState[] = ['closed', 'rejected', 'cancelled'];

function problemError(ctx: Ctx, p: CaseProblem, row: CaseRow, action: CaseAction, threshold = 0): AppError {
  switch (p.code) {
    case 'warranty.case_transition':
      return new AppError(p.code, {
        state: CASE_STATE_NAMES[row.state][ctx.lang],
        action: CASE_ACTION_NAMES[action][ctx.lang],
      });
    case 'auth.forbidden':
      return new AppError(p.code, { permission: p.permission });
    case 'warranty.hq_approval_required':
      return new AppError(p.code, { threshold: (threshold / 100).toFixed(2) });
    case 'warranty.appraisal_conclusion':
      return new AppError(p.code, { conclusion: p.conclusion }, [{ path: 'conclusion', code: p.code, message: '' }]);
  }
}

async function history(
  tx: DbLike,
  ctx: Ctx,
  row: CaseRow,
  action: string,
  to: CaseState,
  note: string | null,
  data?: Record<string, unknown>,
) {
  await tx.insert(warrantyCaseHistory).values({
    caseId: row.id,
    at: ctx.now,
    action,
    fromState: action === 'open' ? null : row.state,
    toState: to,
    actorId: ctx.actor.id,
    actorName: ctx.actor.displayName,
    note,
    data: data ?? null,
  });
}

export async function openCase(ctx: Ctx, input: CaseOpen): Promise<string> {
  if (!OPEN_PERMISSIONS.some((p) => hasPermission(ctx.actor, p))) {
    throw new AppError('auth.forbidden', { permission: OPEN_PERMISSIONS.join(' / ') });
  }
  await getUnit(ctx, input.unitId); // the unit must be readable (area or read grant)
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`warranty_case:${input.unitId}`}))`);
    const unit = await loadUnit(tx, input.unitId);
    if (!unit) throw recordNotFound(ctx.lang, { 'zh-CN': '产品', en: 'Unit' }, 'body.unitId');
    let orgPath = unit.orgPath;
    if (input.orderId) {
      const order = await orderFacts(tx, input.orderId);
      // An order of another unit, or one out of the caller's scope, is not found here.
      if (!order || !pathInScope(ctx.actor, order.orgPath) || (order.unitId !== null && order.unitId !== unit.id)) {
        throw recordNotFound(ctx.lang, { 'zh-CN': '服务单', en: 'Work order' }, 'body.orderId');
      }
      orgPath = order.orgPath;
    }
    if (unit.status !== 'active') {
      throw new AppError('warranty.unit_not_active', { status: unit.status }, [
        { path: 'body.unitId', code: 'warranty.unit_not_active', message: '' },
      ]);
    }
    const [open] = await tx
      .select({ code: warrantyCases.code })
      .from(warrantyCases)
      .where(and(eq(warrantyCases.unitId, unit.id), notInArray(warrantyCases.state, FINAL)));
    if (open) {
      throw new AppError('warranty.case_open_exists', { code: open.code }, [
        { path: 'body.unitId', code: 'warranty.case_open_exists', message: '' },
      ]);
    }
    const remediesAtOpen = await remediesOf(tx, unit, ctx.now);
    const [row] = await tx
      .insert(warrantyCases)
      .values({
        code: documentCode('TH', ctx.now, await getSetting(tx, 'company.timeZone', ctx.now)),
        state: 'opened',
        requested: input.requested,
        rule: input.rule ?? null,
        unitId: unit.id,
        customerId: unit.customerId,
        orderId: input.orderId ?? null,
        faultCode: input.faultCode ?? null,
        reason: input.reason,
        priceFen: input.priceFen,
        remediesAtOpen,
        orgPath,
        createdBy: ctx.actor.id,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    await history(tx, ctx, row!, 'open', 'opened', input.reason, {
      requested: input.requested,
      eligible: remediesAtOpen.eligible,
    });
    await appendEvent(tx, ctx, {
      entity: 'warranty_case',
      entityId: row!.id,
      action: 'warranty_case.opened',
      after: row,
      orgPath,
    });
    return row!.id;
  });
}

type Bodies = {
  appraise: AppraiseBody;
  approve: { version: number; note?: string };
  reject: { version: number; reason: string };
  execute: CaseExecuteBody;
  close: { version: number; note?: string };
  cancel: { version: number; reason: string };
};

export async function runCaseAction<A extends CaseAction>(
  ctx: Ctx,
  id: string,
  action: A,
  body: Bodies[A],
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(warrantyCases)
      .where(and(eq(warrantyCases.id, id), withinScope(ctx.actor, warrantyCases.orgPath)))
      .for('update');
    if (!row) throw recordNotFound(ctx.lang, NAME);
    await assertVersion(tx, ctx, { entity: 'warranty_case', entityId: id, ...row }, body.version);
    const problem = validateCaseAction(row.state, action, (p: Permission) => hasPermission(ctx.actor, p));
    if (problem) throw problemError(ctx, problem, row, action);
    const patch: Partial<typeof warrantyCases.$inferInsert> = {};
    let to: CaseState = row.state;
    let note: string | null = null;
    let data: Record<string, unknown> | undefined;

    if (action === 'appraise') {
      const b = body as AppraiseBody;
      // The appraisal's evidence is what was uploaded to this case (POST …/photos), not any id.
      const mine = await casePhotoIds(tx, id);
      if (b.photoIds.some((p) => !mine.has(p))) throw fieldError('photoIds', 'warranty.photo_unknown');
      const { version: _v, ...fields } = b;
      patch.appraisal = {
        ...fields,
        faultCode: b.faultCode ?? null,
        exclusion: b.exclusion ?? null,
        customerChoice: b.customerChoice ?? null,
        at: ctx.now.toISOString(),
        by: ctx.actor.id,
        byName: ctx.actor.displayName,
      };
      if (b.faultCode) patch.faultCode = b.faultCode;
      to = 'appraised';
      note = b.findings;
      data = { conclusion: b.conclusion, customerChoice: b.customerChoice ?? null, faultVerified: b.faultVerified };
    } else if (action === 'approve') {
      const b = body as Bodies['approve'];
      const threshold = await getSetting(tx, 'orders.returnHqApprovalFen', ctx.now);
      const level = await actorLevel(tx, ctx);
      const verdict = validateApprove(row.state, row.appraisal ?? null, level, row.priceFen, threshold);
      if ('problem' in verdict) throw problemError(ctx, verdict.problem, row, action, threshold);
      patch.approvals = [
        ...row.approvals,
        {
          level: verdict.level,
          by: ctx.actor.id,
          byName: ctx.actor.displayName,
          at: ctx.now.toISOString(),
          note: b.note ?? null,
        },
      ];
      to = verdict.to;
      note = b.note ?? null;
      data = { level: verdict.level, thresholdFen: threshold };
      // The customer hears of the final approval (a center's approval above the threshold waits for HQ).
      if (to === 'approved') {
        const kind = executionKind(row.requested, row.appraisal ?? null);
        data.notified = await tellDecision(tx, ctx, row, DECISION_WORDS[kind], null);
      }
    } else if (action === 'reject' || action === 'cancel') {
      const b = body as Bodies['reject'];
      patch.rejection = {
        reason: b.reason,
        by: ctx.actor.id,
        byName: ctx.actor.displayName,
        at: ctx.now.toISOString(),
      };
      to = action === 'reject' ? 'rejected' : 'cancelled';
      note = b.reason;
      if (action === 'reject') data = { notified: await tellDecision(tx, ctx, row, DECISION_WORDS.rejected, b.reason) };
    } else if (action === 'execute') {
      const b = body as CaseExecuteBody;
      const kind = executionKind(row.requested, row.appraisal ?? null);
      const base = {
        kind,
        at: ctx.now.toISOString(),
        by: ctx.actor.id,
        byName: ctx.actor.displayName,
        note: b.note ?? null,
      };
      if (kind === 'exchange') {
        if (!b.newSerialNo) {
          throw new AppError('warranty.exchange_serial_required', {}, [
            { path: 'body.newSerialNo', code: 'warranty.exchange_serial_required', message: '' },
          ]);
        }
        const fresh = await exchangeUnit(
          tx,
          ctx,
          row.unitId,
          { newSerialNo: b.newSerialNo, newModelId: b.newModelId, reason: `${row.code}` },
          { unscoped: true },
        );
        patch.execution = {
          ...base,
          newUnitId: fresh.id,
          newSerialNo: fresh.serialNo,
          refundFen: null,
          depreciationFen: null,
          monthsUsed: null,
        };
        data = { newUnitId: fresh.id };
      } else {
        const unit = await loadUnit(tx, row.unitId);
        const { at, asOf } = await judgedDay(tx, ctx.now);
        const policy = unit ? selectPolicy(await loadPolicies(tx), unit, at) : null;
        const computed = refundAmount(
          row.priceFen,
          unit?.purchaseDate ?? null,
          at,
          policy?.remedies ?? RemedyRules.parse({}),
          await dayCountingAt(tx, asOf),
        );
        const amount = b.refundFen ?? computed.refundFen;
        if (amount > row.priceFen) {
          throw new AppError('warranty.refund_exceeds_price', { price: (row.priceFen / 100).toFixed(2) }, [
            { path: 'body.refundFen', code: 'warranty.refund_exceeds_price', message: '' },
          ]);
        }
        // The refunded unit goes back to the company (三包 return).
        await markUnitReturned(tx, ctx, row.unitId, `退货退款（${row.code}）`);
        await tx.insert(warrantyRefunds).values({
          caseId: row.id,
          unitId: row.unitId,
          priceFen: row.priceFen,
          depreciationFen: row.priceFen - amount,
          amountFen: amount,
          monthsUsed: computed.monthsUsed,
          orgPath: row.orgPath,
          at: ctx.now,
          by: ctx.actor.id,
        });
        patch.execution = {
          ...base,
          newUnitId: null,
          newSerialNo: null,
          refundFen: amount,
          depreciationFen: row.priceFen - amount,
          monthsUsed: computed.monthsUsed,
        };
        data = { refundFen: amount };
      }
      // The unit's open orders end with the case: the unit is refunded or exchanged, not repaired.
      await caseExecuted(tx, ctx, {
        caseId: row.id,
        caseCode: row.code,
        unitId: row.unitId,
        orderId: row.orderId,
        resolution: kind === 'exchange' ? 'exchanged' : 'refunded',
      });
      to = 'executed';
      note = b.note ?? null;
    } else if (action === 'close') {
      const b = body as Bodies['close'];
      to = 'closed';
      note = b.note ?? null;
    }

    const [after] = await tx
      .update(warrantyCases)
      .set({ ...patch, state: to, version: row.version + 1, updatedAt: ctx.now })
      .where(eq(warrantyCases.id, id))
      .returning();
    await history(tx, ctx, row, action, to, note, data);
    await appendEvent(tx, ctx, {
      entity: 'warranty_case',
      entityId: id,
      action: `warranty_case.${action}`,
      before: { state: row.state, ...Object.fromEntries(Object.keys(patch).map((k) => [k, row[k as keyof CaseRow]])) },
      after: { state: to, ...patch },
      reason: note,
      orgPath: after!.orgPath,
    });
  });
}

/**
 * The decision to the customer ('warranty.case_decided'), in the command's transaction, worded in
 * the customer's language; answers whether a message was queued.
 */
async function tellDecision(
  tx: DbLike,
  ctx: Ctx,
  row: CaseRow,
  decision: Record<Lang, string>,
  reason: string | null,
): Promise<boolean> {
  const to = await messageAddressesOf(tx, row.customerId);
  const sent = await sendMessage(
    tx,
    {
      event: 'warranty.case_decided',
      to,
      params: { caseCode: row.code, decision: decision[to.lang ?? DEFAULT_LANG], reason },
      orgPath: row.orgPath,
    },
    ctx.now,
  );
  return sent.some((m) => m.status === 'pending');
}

async function casePhotoIds(tx: DbLike, caseId: string): Promise<Set<string>> {
  const rows = await tx
    .select({ id: attachments.id })
    .from(attachments)
    .where(and(eq(attachments.ownerType, 'warranty_case'), eq(attachments.ownerId, caseId)));
  return new Set(rows.map((r) => r.id));
}

/**
 * A photo for the appraisal (鉴定), stored as every other upload (intake's attachments). Whoever
 * may appraise the case now may add its photos: the same state and permission rule. The file is
 * written before the transaction and removed again when it fails.
 */
export async function addCasePhoto(ctx: Ctx, id: string, photo: UploadedPhoto, dataDir: string): Promise<string> {
  const stored = await storeUpload(dataDir, photo.bytes, ctx.now);
  try {
    return await ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(warrantyCases)
        .where(and(eq(warrantyCases.id, id), withinScope(ctx.actor, warrantyCases.orgPath)))
        .for('update');
      if (!row) throw recordNotFound(ctx.lang, NAME);
      const problem = validateCaseAction(row.state, 'appraise', (p: Permission) => hasPermission(ctx.actor, p));
      if (problem) throw problemError(ctx, problem, row, 'appraise');
      const [att] = await tx
        .insert(attachments)
        .values({
          ownerType: 'warranty_case',
          ownerId: id,
          fileName: photo.fileName,
          mime: photo.mime,
          size: stored.size,
          storageKey: stored.key,
          sha256: stored.sha256,
          createdAt: ctx.now,
        })
        .returning({ id: attachments.id });
      await appendEvent(tx, ctx, {
        entity: 'warranty_case',
        entityId: id,
        action: 'warranty_case.photo_added',
        after: { photoId: att!.id, fileName: photo.fileName, mime: photo.mime, size: stored.size },
        orgPath: row.orgPath,
      });
      return att!.id;
    });
  } catch (err) {
    await removeUploads(dataDir, [stored.key]);
    throw err;
  }
}

import { and, asc, count, desc, eq, type SQL } from 'drizzle-orm';
import { divisionPath } from '../../../shared/divisions.js';
import { hasPermission, withinScope } from '../../platform/access/index.js';
import { cachedSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { recordNotFound } from '../../platform/records.js';
import {
  contactLens,
  customerReadable,
  customers,
  getUnit,
  productModels,
  units,
  unitSheet,
} from '../customers/index.js';
import { attachmentListColumns, attachments } from '../intake/index.js';
import { policyView } from './commands/policies.js';
import type {
  AppraisalForm,
  CaseDetail,
  CaseSummary,
  Entitlement,
  Policy,
  Remedies,
  ServiceContract,
  UnitEntitlement,
  WarrantyDecision,
} from './contract.js';
import { decisionsOfUnit } from './decisions.js';
import { entitlement, versionsInForce } from './entitlement.js';
import { loadEntitlementInput, loadPolicies, loadUnit, type UnitRecord } from './facts.js';
import { orderFacts } from './history-port.js';
import { judgedDay, remediesOf } from './judge.js';
import { actorLevel } from './levels.js';
import { allowedCaseActions } from './rules.js';
import { warrantyCaseHistory, warrantyCases, warrantyContracts, warrantyPolicies } from './tables.js';

const NAMES = {
  unit: { 'zh-CN': '产品', en: 'Unit' },
  contract: { 'zh-CN': '服务合同', en: 'Service contract' },
  case: { 'zh-CN': '退换货单', en: 'Return/exchange case' },
  photo: { 'zh-CN': '照片', en: 'Photo' },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Policies

export async function listPolicies(ctx: Ctx, q: { at?: string; all?: string }): Promise<Policy[]> {
  const rows = await ctx.db
    .select()
    .from(warrantyPolicies)
    .orderBy(asc(warrantyPolicies.code), desc(warrantyPolicies.version));
  if (q.all === 'true') return rows.map(policyView);
  const { at } = await judgedDay(ctx.db, ctx.now, q.at);
  const inForce = new Set(versionsInForce(await loadPolicies(ctx.db), at).map((p) => p.id));
  return rows.filter((r) => inForce.has(r.id)).map(policyView);
}

export async function policyHistory(ctx: Ctx, code: string): Promise<Policy[]> {
  const rows = await ctx.db
    .select()
    .from(warrantyPolicies)
    .where(eq(warrantyPolicies.code, code))
    .orderBy(desc(warrantyPolicies.version));
  if (rows.length === 0) throw new AppError('warranty.policy_not_found', { code });
  return rows.map(policyView);
}

// Contracts

type ContractRow = typeof warrantyContracts.$inferSelect;

export function contractView(c: ContractRow): ServiceContract {
  return {
    id: c.id,
    code: c.code,
    kind: c.kind,
    unitId: c.unitId,
    customerId: c.customerId,
    coversParts: c.coversParts,
    coversLabour: c.coversLabour,
    materialsAtCost: c.materialsAtCost,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    priceFen: c.priceFen,
    visitsIncluded: c.visitsIncluded,
    visitsUsed: c.visitsUsed,
    status: c.status,
    note: c.note,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
  };
}

const contractReadable = (ctx: Ctx) =>
  customerReadable(ctx.actor, warrantyContracts.customerId, warrantyContracts.orgPath);

export async function listContracts(ctx: Ctx, q: { unitId?: string; customerId?: string }): Promise<ServiceContract[]> {
  const where: SQL[] = [contractReadable(ctx)];
  if (q.unitId) where.push(eq(warrantyContracts.unitId, q.unitId));
  if (q.customerId) where.push(eq(warrantyContracts.customerId, q.customerId));
  const rows = await ctx.db
    .select()
    .from(warrantyContracts)
    .where(and(...where))
    .orderBy(desc(warrantyContracts.startsOn))
    .limit(500);
  return rows.map(contractView);
}

export async function getContract(ctx: Ctx, id: string): Promise<ServiceContract> {
  const [row] = await ctx.db
    .select()
    .from(warrantyContracts)
    .where(and(eq(warrantyContracts.id, id), contractReadable(ctx)));
  if (!row) throw recordNotFound(ctx.lang, NAMES.contract);
  return contractView(row);
}

// A unit's entitlement, remedies, decisions

/** The unit, when the caller may read it (customers' getUnit applies the area rule and read grants). */
async function readableUnit(ctx: Ctx, unitId: string): Promise<UnitRecord> {
  await getUnit(ctx, unitId);
  const unit = await loadUnit(ctx.db, unitId);
  if (!unit) throw recordNotFound(ctx.lang, NAMES.unit);
  return unit;
}

export async function unitEntitlement(
  ctx: Ctx,
  unitId: string,
  q: { at?: string; parts?: string; cause?: Entitlement['exclusion'] | string },
): Promise<UnitEntitlement> {
  const unit = await readableUnit(ctx, unitId);
  const partIds = (q.parts ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  partIds.forEach((p, i) => {
    if (!UUID.test(p))
      throw new AppError('validation.failed', {}, [
        { path: `querystring.parts.${i}`, code: 'validation.failed', message: '' },
      ]);
  });
  const { at } = await judgedDay(ctx.db, ctx.now, q.at);
  const { input } = await loadEntitlementInput(ctx.db, unit, {
    at,
    partIds: [...new Set(partIds)],
    exclusion: (q.cause as Entitlement['exclusion']) ?? null,
    now: ctx.now,
  });
  return { ...entitlement(input), unitStatus: unit.status as UnitEntitlement['unitStatus'] };
}

export async function unitRemedies(ctx: Ctx, unitId: string, q: { at?: string }): Promise<Remedies> {
  const unit = await readableUnit(ctx, unitId);
  return remediesOf(ctx.db, unit, ctx.now, q.at);
}

export async function unitDecisions(ctx: Ctx, unitId: string): Promise<WarrantyDecision[]> {
  await readableUnit(ctx, unitId);
  return decisionsOfUnit(ctx.db, unitId);
}

// Cases

const caseColumns = {
  c: warrantyCases,
  serialNo: units.serialNo,
  modelName: productModels.name,
  customerName: customers.name,
};

function summaryOf(r: {
  c: typeof warrantyCases.$inferSelect;
  serialNo: string;
  modelName: string;
  customerName: string;
}): CaseSummary {
  const c = r.c;
  return {
    id: c.id,
    code: c.code,
    state: c.state,
    requested: c.requested,
    rule: c.rule,
    unitId: c.unitId,
    serialNo: r.serialNo,
    modelName: r.modelName,
    customerId: c.customerId,
    customerName: r.customerName,
    orderId: c.orderId,
    priceFen: c.priceFen,
    orgPath: c.orgPath,
    version: c.version,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

function caseQuery(ctx: Ctx) {
  return ctx.db
    .select(caseColumns)
    .from(warrantyCases)
    .innerJoin(units, eq(units.id, warrantyCases.unitId))
    .innerJoin(productModels, eq(productModels.id, units.modelId))
    .innerJoin(customers, eq(customers.id, warrantyCases.customerId));
}

export async function listCases(
  ctx: Ctx,
  q: { state?: CaseSummary['state']; unitId?: string; limit: number; offset: number },
): Promise<{ items: CaseSummary[]; total: number }> {
  const where: SQL[] = [withinScope(ctx.actor, warrantyCases.orgPath)];
  if (q.state) where.push(eq(warrantyCases.state, q.state));
  if (q.unitId) where.push(eq(warrantyCases.unitId, q.unitId));
  const [rows, [total]] = await Promise.all([
    caseQuery(ctx)
      .where(and(...where))
      .orderBy(desc(warrantyCases.createdAt))
      .limit(q.limit)
      .offset(q.offset),
    ctx.db
      .select({ n: count() })
      .from(warrantyCases)
      .where(and(...where)),
  ]);
  return { items: rows.map(summaryOf), total: total?.n ?? 0 };
}

export async function getCase(ctx: Ctx, id: string): Promise<CaseDetail> {
  const [r] = await caseQuery(ctx).where(and(eq(warrantyCases.id, id), withinScope(ctx.actor, warrantyCases.orgPath)));
  if (!r) throw recordNotFound(ctx.lang, NAMES.case);
  const [history, threshold, level, photos] = await Promise.all([
    ctx.db
      .select()
      .from(warrantyCaseHistory)
      .where(eq(warrantyCaseHistory.caseId, id))
      .orderBy(asc(warrantyCaseHistory.id)),
    cachedSetting(ctx.db, 'orders.returnHqApprovalFen', ctx.now),
    actorLevel(ctx.db, ctx),
    ctx.db
      .select(attachmentListColumns)
      .from(attachments)
      .where(casePhotos(id))
      .orderBy(asc(attachments.createdAt), asc(attachments.id)),
  ]);
  const c = r.c;
  return {
    ...summaryOf(r),
    faultCode: c.faultCode,
    reason: c.reason,
    // Cases opened before the counting setting existed were judged counting the start day.
    remediesAtOpen: c.remediesAtOpen
      ? {
          ...c.remediesAtOpen,
          dayCounting: (c.remediesAtOpen as Partial<Remedies>).dayCounting ?? ('start_day_counted' as const),
        }
      : null,
    appraisal: c.appraisal ?? null,
    approvals: c.approvals,
    hqThresholdFen: threshold,
    execution: c.execution ?? null,
    rejection: c.rejection ?? null,
    history: history.map((h) => ({
      at: h.at.toISOString(),
      action: h.action,
      fromState: h.fromState,
      toState: h.toState,
      actorName: h.actorName,
      note: h.note,
    })),
    photos: photos.map((p) => ({
      ...p,
      createdAt: p.createdAt.toISOString(),
      url: `/api/warranty/cases/${id}/photos/${p.id}`,
    })),
    actions: allowedCaseActions(c.state, (p) => hasPermission(ctx.actor, p), {
      level,
      appraisal: c.appraisal ?? null,
      priceFen: c.priceFen,
      thresholdFen: threshold,
    }),
  };
}

function casePhotos(caseId: string): SQL | undefined {
  return and(eq(attachments.ownerType, 'warranty_case'), eq(attachments.ownerId, caseId));
}

/** One photo of a case, as uploaded; the case's scope decides who sees it. */
export async function getCasePhoto(
  ctx: Ctx,
  caseId: string,
  photoId: string,
): Promise<{ fileName: string; mime: string; storageKey: string }> {
  const [c] = await ctx.db
    .select({ id: warrantyCases.id })
    .from(warrantyCases)
    .where(and(eq(warrantyCases.id, caseId), withinScope(ctx.actor, warrantyCases.orgPath)));
  if (!c) throw recordNotFound(ctx.lang, NAMES.case);
  const [a] = await ctx.db
    .select({ fileName: attachments.fileName, mime: attachments.mime, storageKey: attachments.storageKey })
    .from(attachments)
    .where(and(eq(attachments.id, photoId), casePhotos(caseId)));
  if (!a) throw recordNotFound(ctx.lang, NAMES.photo);
  return a;
}

export async function appraisalForm(ctx: Ctx, id: string): Promise<AppraisalForm> {
  const detail = await getCase(ctx, id);
  // The case's unit exists (a foreign key): its sheet is there.
  const f = (await unitSheet(ctx.db, detail.unitId))!;
  // The owner's phone and street as the archive shows them to this reader (customers/contact.ts).
  const mask = (await contactLens(ctx.db, ctx, [f.customerId]))(f.customerId);
  const a = f.address;
  return {
    caseCode: detail.code,
    printedAt: ctx.now.toISOString(),
    customer: {
      name: detail.customerName,
      phone: f.phone ? mask.number(f.phone) : null,
      // The whole address, province/city/district first (GB/T 2260 names): only the street is masked.
      address: a?.detail
        ? [
            a.provinceCode
              ? divisionPath({ provinceCode: a.provinceCode, cityCode: a.cityCode, districtCode: a.districtCode })
              : '',
            mask.detail(a.detail),
          ]
            .filter(Boolean)
            .join(' ')
        : null,
    },
    product: {
      lineName: f.lineName,
      modelCode: f.modelCode,
      modelName: f.modelName,
      serialNo: f.serialNo,
      purchaseDate: f.purchaseDate,
      invoiceNo: f.invoiceNo,
      usage: f.usage,
    },
    orderCode: detail.orderId ? ((await orderFacts(ctx.db, detail.orderId))?.code ?? null) : null,
    requested: detail.requested,
    reason: detail.reason,
    remedyReasons: (detail.remediesAtOpen?.items ?? []).filter((i) => i.eligible).flatMap((i) => i.reasons),
    appraisal: detail.appraisal,
    approvals: detail.approvals,
    state: detail.state,
  };
}

import { and, asc, eq, exists, gte, inArray, lte, or, type SQL } from 'drizzle-orm';
import type { Lang } from '../../../../shared/i18n.js';
import { withinScope } from '../../../platform/access/index.js';
import { getSetting } from '../../../platform/config/store.js';
import type { Ctx } from '../../../platform/context.js';
import { appendEvent } from '../../../platform/events/index.js';
import { streamXlsx, type XlsxColumn } from '../../../platform/export/xlsx.js';
import { orgUnits, userRoles, users } from '../../../platform/identity/tables.js';
import { type QuotaMovement, quotaPeriodOf, quotaUse, remainingQuota } from '../quota-rules.js';
import { companyDay } from './common.js';
import type { QuotaStanding, QuotaStandingQuery } from './contract.js';
import { assertMayRead } from './queries.js';
import { partQuotaMovements, partQuotas } from './tables.js';

/*
 * The quota screen's list (docs/parts-requests.md, "Quota screen"): every outlet and technician in
 * the reader's scope with the quota in force today, the period it counts in, what was used in that
 * period and what remains — the same rules the approval uses (quotaPeriodOf, quotaUse,
 * remainingQuota over the quota movements), read for all holders at once.
 */

/** Outlets, then technicians, by unit and code; `over` and `kind` filter. */
export async function quotaStanding(
  ctx: Ctx,
  q: QuotaStandingQuery,
): Promise<{ items: QuotaStanding[]; total: number }> {
  assertMayRead(ctx);
  const day = await companyDay(ctx.db, ctx.now);
  const setting = await getSetting(ctx.db, 'parts.quotaPeriod', ctx.now);
  const outlets =
    q.kind === 'technician'
      ? []
      : await ctx.db
          .select({ id: orgUnits.id, code: orgUnits.code, name: orgUnits.name })
          .from(orgUnits)
          .where(and(eq(orgUnits.kind, 'outlet'), eq(orgUnits.active, true), withinScope(ctx.actor, orgUnits.path)))
          .orderBy(asc(orgUnits.code));
  const techs =
    q.kind === 'outlet'
      ? []
      : await ctx.db
          .select({
            id: users.id,
            code: users.username,
            name: users.displayName,
            unitId: orgUnits.id,
            unitCode: orgUnits.code,
            unitName: orgUnits.name,
          })
          .from(users)
          .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
          .where(
            and(
              eq(users.active, true),
              withinScope(ctx.actor, orgUnits.path),
              or(
                exists(
                  ctx.db
                    .select({ one: userRoles.userId })
                    .from(userRoles)
                    .where(and(eq(userRoles.userId, users.id), eq(userRoles.roleCode, 'technician'))),
                ),
                exists(ctx.db.select({ one: partQuotas.id }).from(partQuotas).where(eq(partQuotas.userId, users.id))),
              ),
            ),
          )
          .orderBy(asc(orgUnits.code), asc(users.username));
  const outletIds = outlets.map((o) => o.id);
  const techIds = techs.map((t) => t.id);
  const holders: SQL[] = [];
  if (outletIds.length) holders.push(inArray(partQuotas.orgUnitId, outletIds));
  if (techIds.length) holders.push(inArray(partQuotas.userId, techIds));
  // The quota in force today: the latest row not after today (rows are never changed).
  const quotaRows = holders.length
    ? await ctx.db
        .select()
        .from(partQuotas)
        .where(and(or(...holders), lte(partQuotas.effectiveFrom, day)))
        .orderBy(asc(partQuotas.effectiveFrom), asc(partQuotas.createdAt))
    : [];
  const inForce = new Map<string, (typeof quotaRows)[number]>();
  for (const r of quotaRows) inForce.set((r.orgUnitId ?? r.userId)!, r);
  // Movements since the start of the year: the longest period (yearly) a quota counts in.
  const yearStart = quotaPeriodOf(day, 'yearly').start;
  const moveHolders: SQL[] = [];
  if (outletIds.length) moveHolders.push(inArray(partQuotaMovements.outletId, outletIds));
  if (techIds.length) moveHolders.push(inArray(partQuotaMovements.technicianId, techIds));
  const moves = moveHolders.length
    ? await ctx.db
        .select({
          outletId: partQuotaMovements.outletId,
          technicianId: partQuotaMovements.technicianId,
          kind: partQuotaMovements.kind,
          day: partQuotaMovements.day,
          quantity: partQuotaMovements.quantity,
          valueFen: partQuotaMovements.valueFen,
        })
        .from(partQuotaMovements)
        .where(and(or(...moveHolders), gte(partQuotaMovements.day, yearStart)))
    : [];
  const byHolder = new Map<string, QuotaMovement[]>();
  const push = (id: string | null, m: QuotaMovement) => {
    if (id) byHolder.set(id, [...(byHolder.get(id) ?? []), m]);
  };
  for (const m of moves) {
    const mv: QuotaMovement = { kind: m.kind, day: m.day, quantity: m.quantity, valueFen: m.valueFen };
    push(m.outletId, mv);
    push(m.technicianId, mv);
  }
  const standing = (
    holderKind: QuotaStanding['holderKind'],
    h: { id: string; code: string; name: string; unitId: string; unitName: string },
  ): QuotaStanding => {
    const row = inForce.get(h.id);
    const kind = row?.periodKind ?? setting;
    const range = quotaPeriodOf(day, kind);
    const used = quotaUse(byHolder.get(h.id) ?? [], range);
    const quota = row ? { valueFen: row.valueFen, quantity: row.quantity } : null;
    const remaining = quota ? remainingQuota(quota, used) : null;
    return {
      holderKind,
      holderId: h.id,
      holderCode: h.code,
      holderName: h.name,
      unitId: h.unitId,
      unitName: h.unitName,
      period: { kind, ...range },
      quota: row ? { id: row.id, ...quota!, effectiveFrom: row.effectiveFrom } : null,
      used,
      remaining,
      over: !!remaining && (remaining.overValueFen > 0 || remaining.overQuantity > 0),
    };
  };
  const all = [
    ...outlets.map((o) => standing('outlet', { ...o, unitId: o.id, unitName: o.name })),
    ...techs.map((t) => standing('technician', t)),
  ];
  const items = q.over === 'true' ? all.filter((s) => s.over) : q.over === 'false' ? all.filter((s) => !s.over) : all;
  return { items, total: items.length };
}

const t = (lang: Lang, zh: string, en: string) => (lang === 'zh-CN' ? zh : en);
const PERIOD: Record<string, [string, string]> = {
  monthly: ['每月', 'monthly'],
  quarterly: ['每季度', 'quarterly'],
  yearly: ['每年', 'yearly'],
};
const yuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? null : fen / 100);

function standingColumns(lang: Lang): XlsxColumn<QuotaStanding>[] {
  return [
    {
      header: t(lang, '类型', 'Kind'),
      width: 8,
      value: (r) => (r.holderKind === 'outlet' ? t(lang, '网点', 'outlet') : t(lang, '技术员', 'technician')),
    },
    { header: t(lang, '编码/账号', 'Code'), width: 14, value: (r) => r.holderCode },
    { header: t(lang, '名称', 'Name'), width: 20, value: (r) => r.holderName },
    { header: t(lang, '所属单位', 'Unit'), width: 20, value: (r) => r.unitName },
    {
      header: t(lang, '周期', 'Period'),
      width: 10,
      value: (r) => t(lang, ...(PERIOD[r.period.kind] ?? [r.period.kind, r.period.kind])),
    },
    { header: t(lang, '周期开始', 'Period start'), width: 12, value: (r) => r.period.start },
    { header: t(lang, '周期结束', 'Period end'), width: 12, value: (r) => r.period.end },
    { header: t(lang, '生效日', 'Effective from'), width: 12, value: (r) => r.quota?.effectiveFrom ?? null },
    { header: t(lang, '金额额度（元）', 'Value quota (yuan)'), width: 14, value: (r) => yuan(r.quota?.valueFen) },
    { header: t(lang, '数量额度', 'Quantity quota'), width: 10, value: (r) => r.quota?.quantity ?? null },
    { header: t(lang, '已用金额（元）', 'Used value (yuan)'), width: 14, value: (r) => yuan(r.used.valueFen) },
    { header: t(lang, '已用数量', 'Used quantity'), width: 10, value: (r) => r.used.quantity },
    { header: t(lang, '剩余金额（元）', 'Value left (yuan)'), width: 14, value: (r) => yuan(r.remaining?.valueFen) },
    { header: t(lang, '剩余数量', 'Quantity left'), width: 10, value: (r) => r.remaining?.quantity ?? null },
    {
      header: t(lang, '超出金额（元）', 'Value over (yuan)'),
      width: 14,
      value: (r) => yuan(r.remaining?.overValueFen),
    },
    { header: t(lang, '超出数量', 'Quantity over'), width: 10, value: (r) => r.remaining?.overQuantity ?? null },
    {
      header: t(lang, '状态', 'State'),
      width: 10,
      value: (r) =>
        r.quota ? (r.over ? t(lang, '超额', 'over') : t(lang, '正常', 'within')) : t(lang, '未设额度', 'no quota'),
    },
  ];
}

/** The quota list with the list's filters as an XLSX file; the export is recorded first. */
export async function exportQuotaStanding(ctx: Ctx, q: QuotaStandingQuery) {
  const list = await quotaStanding(ctx, q);
  await appendEvent(ctx.db, ctx, {
    entity: 'export',
    entityId: 'part_quotas',
    action: 'export',
    after: { list: 'part_quotas', filter: q, rows: list.total, format: 'xlsx' },
    orgPath: ctx.actor.orgPath,
  });
  async function* pages() {
    yield list.items;
  }
  const stream = streamXlsx({
    sheetName: t(ctx.lang, '配件额度', 'Parts quotas'),
    columns: standingColumns(ctx.lang),
    pages: pages(),
    onError: (err) => ctx.log.error({ err }, 'quota export failed while streaming'),
  });
  const stamp = ctx.now.toISOString().slice(0, 10).replace(/-/g, '');
  return { fileName: `${t(ctx.lang, '配件额度', 'parts-quotas')}-${stamp}.xlsx`, stream, rows: list.total };
}

import { and, eq, inArray, sql } from 'drizzle-orm';
import { divisionName } from '../../../shared/divisions.js';
import type { Lang } from '../../../shared/i18n.js';
import { requirePermission, withinScope } from '../../platform/access/index.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { appendEvent } from '../../platform/events/index.js';
import { streamXlsx } from '../../platform/export/xlsx.js';
import { orgUnits } from '../../platform/identity/tables.js';
import { workOrders, workOrderUrges } from '../work-orders/index.js';
import type { MonthlyReport, UrgeReport } from './contract.js';
import { SEVERITY_NAMES, TYPE_NAMES } from './rules.js';
import { complaintOrders, complaints } from './tables.js';

/*
 * The monthly complaint report (by type, severity, province, outlet and responsible party) and the
 * monthly urging report (urges per outlet, orders urged 1, 2, 3+ times), both in the reader's
 * scope and the company time zone's month, with XLSX exports that are audited.
 */

const t = (lang: Lang, zh: string, en: string) => (lang === 'zh-CN' ? zh : en);

async function* once<T>(rows: T[]): AsyncGenerator<T[]> {
  yield rows;
}

type Row = { key: string; name: string; count: number };
function tally(keys: { key: string; name: string }[]): Row[] {
  const m = new Map<string, Row>();
  for (const k of keys) {
    const r = m.get(k.key) ?? { ...k, count: 0 };
    r.count += 1;
    m.set(k.key, r);
  }
  return [...m.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

async function unitNames(ctx: Ctx, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await ctx.db
    .select({ id: orgUnits.id, name: orgUnits.name })
    .from(orgUnits)
    .where(inArray(orgUnits.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function monthlyReport(ctx: Ctx, month: string): Promise<MonthlyReport> {
  requirePermission(ctx.actor, 'complaints.read');
  const zone = await getSetting(ctx.db, 'company.timeZone', ctx.now);
  const rows = await ctx.db
    .select()
    .from(complaints)
    .where(
      and(
        withinScope(ctx.actor, complaints.orgPath),
        sql`to_char(${complaints.openedAt} at time zone ${zone}, 'YYYY-MM') = ${month}`,
      ),
    );
  const ids = rows.map((r) => r.id);
  const links = ids.length
    ? await ctx.db
        .select({
          complaintId: complaintOrders.complaintId,
          outletId: complaintOrders.outletId,
          province: workOrders.provinceCode,
          holder: workOrders.holderUnitId,
        })
        .from(complaintOrders)
        .innerJoin(workOrders, eq(workOrders.id, complaintOrders.orderId))
        .where(inArray(complaintOrders.complaintId, ids))
    : [];
  const names = await unitNames(ctx, [...new Set(links.map((l) => l.outletId ?? l.holder))]);
  const none = { key: '-', name: t(ctx.lang, '（无）', '(none)') };
  const first = (id: string) => links.find((l) => l.complaintId === id);
  return {
    month,
    total: rows.length,
    byType: tally(rows.map((r) => ({ key: r.type, name: TYPE_NAMES[r.type][ctx.lang] }))),
    bySeverity: tally(rows.map((r) => ({ key: r.severity, name: SEVERITY_NAMES[r.severity][ctx.lang] }))),
    byProvince: tally(
      rows.map((r) => {
        const p = first(r.id)?.province;
        return p ? { key: p, name: divisionName(p) ?? p } : none;
      }),
    ),
    byOutlet: tally(
      rows.map((r) => {
        const l = first(r.id);
        const id = l ? (l.outletId ?? l.holder) : null;
        return id ? { key: id, name: names.get(id) ?? id } : none;
      }),
    ),
    byResponsible: tally(
      rows.map((r) =>
        r.responsible
          ? { key: `${r.responsible.kind}:${r.responsible.id ?? r.responsible.name}`, name: r.responsible.name }
          : { key: '-', name: t(ctx.lang, '（未认定）', '(not assigned)') },
      ),
    ),
  };
}

export async function urgeReport(ctx: Ctx, month: string): Promise<UrgeReport> {
  requirePermission(ctx.actor, 'complaints.read');
  const zone = await getSetting(ctx.db, 'company.timeZone', ctx.now);
  const urges = await ctx.db
    .select({ orderId: workOrderUrges.orderId, unit: workOrderUrges.holderUnitId, at: workOrderUrges.at })
    .from(workOrderUrges)
    .where(
      and(
        withinScope(ctx.actor, workOrderUrges.holderPath),
        sql`to_char(${workOrderUrges.at} at time zone ${zone}, 'YYYY-MM') = ${month}`,
      ),
    );
  const perOrder = new Map<string, { unit: string | null; n: number }>();
  const perUnit = new Map<string | null, { urges: number; orders1: number; orders2: number; orders3plus: number }>();
  const unitRow = (u: string | null) => {
    let r = perUnit.get(u);
    if (!r) {
      r = { urges: 0, orders1: 0, orders2: 0, orders3plus: 0 };
      perUnit.set(u, r);
    }
    return r;
  };
  for (const u of urges.sort((a, b) => a.at.getTime() - b.at.getTime())) {
    unitRow(u.unit).urges += 1;
    const o = perOrder.get(u.orderId) ?? { unit: u.unit, n: 0 };
    o.n += 1;
    o.unit = u.unit;
    perOrder.set(u.orderId, o);
  }
  for (const o of perOrder.values()) {
    const r = unitRow(o.unit);
    if (o.n >= 3) r.orders3plus += 1;
    else if (o.n === 2) r.orders2 += 1;
    else r.orders1 += 1;
  }
  const names = await unitNames(
    ctx,
    [...perUnit.keys()].filter((k): k is string => !!k),
  );
  const outlets = [...perUnit.entries()]
    .map(([id, r]) => ({ outletId: id, name: id ? (names.get(id) ?? id) : '-', ...r }))
    .sort((a, b) => b.urges - a.urges || a.name.localeCompare(b.name));
  const totals = outlets.reduce(
    (s, r) => ({
      urges: s.urges + r.urges,
      orders1: s.orders1 + r.orders1,
      orders2: s.orders2 + r.orders2,
      orders3plus: s.orders3plus + r.orders3plus,
    }),
    { urges: 0, orders1: 0, orders2: 0, orders3plus: 0 },
  );
  return { month, outlets, totals };
}

async function recordExport(ctx: Ctx, list: string, month: string, rows: number) {
  await appendEvent(ctx.db, ctx, {
    entity: 'export',
    entityId: list,
    action: 'export',
    after: { list, filter: { month }, rows, format: 'xlsx' },
    orgPath: ctx.actor.orgPath || null,
  });
}

type Line = { section: string; name: string; count: number };

export async function monthlyReportXlsx(ctx: Ctx, month: string) {
  const r = await monthlyReport(ctx, month);
  const L = ctx.lang;
  const sections: [string, typeof r.byType][] = [
    [t(L, '类型', 'Type'), r.byType],
    [t(L, '严重程度', 'Severity'), r.bySeverity],
    [t(L, '省份', 'Province'), r.byProvince],
    [t(L, '网点', 'Outlet'), r.byOutlet],
    [t(L, '责任方', 'Responsible party'), r.byResponsible],
  ];
  const lines: Line[] = [{ section: t(L, '合计', 'Total'), name: month, count: r.total }];
  for (const [section, rows] of sections) for (const x of rows) lines.push({ section, name: x.name, count: x.count });
  await recordExport(ctx, 'complaints_monthly', month, lines.length);
  const stream = streamXlsx<Line>({
    sheetName: t(L, '投诉月报', 'Complaints'),
    columns: [
      { header: t(L, '分类', 'By'), width: 16, value: (x) => x.section },
      { header: t(L, '项目', 'Item'), width: 28, value: (x) => x.name },
      { header: t(L, '投诉数', 'Complaints'), width: 10, value: (x) => x.count },
    ],
    pages: once(lines),
    onError: (err) => ctx.log.error({ err }, 'complaint report export failed'),
  });
  return { fileName: `${t(L, '投诉月报', 'complaints')}-${month}.xlsx`, stream, rows: lines.length };
}

export async function urgeReportXlsx(ctx: Ctx, month: string) {
  const r = await urgeReport(ctx, month);
  const L = ctx.lang;
  type U = UrgeReport['outlets'][number];
  const rows: U[] = [...r.outlets, { outletId: null, name: t(L, '合计', 'Total'), ...r.totals }];
  await recordExport(ctx, 'urges_monthly', month, rows.length);
  const stream = streamXlsx<U>({
    sheetName: t(L, '催单月报', 'Urges'),
    columns: [
      { header: t(L, '网点', 'Outlet'), width: 28, value: (x) => x.name },
      { header: t(L, '催单次数', 'Urges'), width: 10, value: (x) => x.urges },
      { header: t(L, '催1次的单', 'Orders urged once'), width: 14, value: (x) => x.orders1 },
      { header: t(L, '催2次的单', 'Orders urged twice'), width: 14, value: (x) => x.orders2 },
      { header: t(L, '催3次及以上的单', 'Orders urged 3+ times'), width: 16, value: (x) => x.orders3plus },
    ],
    pages: once(rows),
    onError: (err) => ctx.log.error({ err }, 'urge report export failed'),
  });
  return { fileName: `${t(L, '催单月报', 'urges')}-${month}.xlsx`, stream, rows: rows.length };
}

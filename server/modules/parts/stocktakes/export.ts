import { eq } from 'drizzle-orm';
import type { Lang } from '../../../../shared/i18n.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { appendEvent } from '../../../platform/events/index.js';
import { streamXlsx, type XlsxColumn } from '../../../platform/export/xlsx.js';
import type { ExportFile } from '../export.js';
import type { Stocktake, StocktakeExportQuery, StocktakeLine } from './contract.js';
import { getStocktake, listStocktakes } from './queries.js';
import { GRADE_LABELS, SHEET_HEADERS } from './rules.js';
import { partStocktakes } from './tables.js';

/*
 * XLSX of the stocktake list (the list's filters and scope, as every list export) and of one
 * stocktake's count sheet: downloaded, filled in at the shelves, uploaded back (rules.ts,
 * countsFromSheet reads it). Both append an `export` event before the first byte.
 */

const PAGE = 200;
export const STOCKTAKE_EXPORT_CAP = 50_000;
const t = (lang: Lang, zh: string, en: string) => (lang === 'zh-CN' ? zh : en);
const stamp = (now: Date) => now.toISOString().slice(0, 10).replace(/-/g, '');
const h = (lang: Lang, pair: readonly [string, string]) => (lang === 'zh-CN' ? pair[0] : pair[1]);

export const STATUS_LABELS: Record<Stocktake['status'], [string, string]> = {
  counting: ['盘点中', 'counting'],
  submitted: ['待审核', 'submitted'],
  posted: ['已过账', 'posted'],
  rejected: ['已驳回', 'rejected'],
  cancelled: ['已作废', 'cancelled'],
};

function listColumns(lang: Lang): XlsxColumn<Stocktake>[] {
  return [
    { header: t(lang, '盘点单号', 'Stocktake'), width: 18, value: (r) => r.code },
    { header: t(lang, '库编码', 'Depot code'), width: 14, value: (r) => r.depotCode },
    { header: t(lang, '库', 'Depot'), width: 20, value: (r) => r.depotName },
    { header: t(lang, '状态', 'Status'), width: 10, value: (r) => h(lang, STATUS_LABELS[r.status]) },
    { header: t(lang, '盲盘', 'Blind'), width: 6, value: (r) => (r.blind ? t(lang, '是', 'yes') : null) },
    { header: t(lang, '行数', 'Lines'), width: 8, value: (r) => r.lineCount },
    { header: t(lang, '已盘', 'Counted'), width: 8, value: (r) => r.countedCount },
    { header: t(lang, '差异行', 'Variances'), width: 8, value: (r) => r.varianceCount },
    {
      header: t(lang, '开单时间', 'Opened'),
      width: 18,
      format: 'yyyy-mm-dd hh:mm',
      value: (r) => new Date(r.openedAt),
    },
    { header: t(lang, '开单人', 'Opened by'), width: 12, value: (r) => r.openedByName },
    {
      header: t(lang, '提交时间', 'Submitted'),
      width: 18,
      format: 'yyyy-mm-dd hh:mm',
      value: (r) => (r.submittedAt ? new Date(r.submittedAt) : null),
    },
    {
      header: t(lang, '审核时间', 'Decided'),
      width: 18,
      format: 'yyyy-mm-dd hh:mm',
      value: (r) => (r.decidedAt ? new Date(r.decidedAt) : null),
    },
    { header: t(lang, '审核人', 'Decided by'), width: 12, value: (r) => r.decidedByName },
    { header: t(lang, '说明', 'Note'), width: 24, value: (r) => r.decisionNote ?? r.note },
  ];
}

/** The stocktake list with its filters, as XLSX; recorded first. */
export async function exportStocktakes(ctx: Ctx, filter: StocktakeExportQuery): Promise<ExportFile> {
  const first = await listStocktakes(ctx, { ...filter, limit: PAGE, offset: 0 });
  if (first.total > STOCKTAKE_EXPORT_CAP) throw new AppError('export.too_many_rows', { max: STOCKTAKE_EXPORT_CAP });
  await appendEvent(ctx.db, ctx, {
    entity: 'export',
    entityId: 'stocktakes',
    action: 'export',
    after: { list: 'stocktakes', filter, rows: first.total, format: 'xlsx' },
    orgPath: ctx.actor.orgPath,
  });
  async function* pages(): AsyncGenerator<Stocktake[]> {
    yield first.items;
    for (let offset = PAGE; offset < first.total; offset += PAGE) {
      const next = await listStocktakes(ctx, { ...filter, limit: PAGE, offset });
      if (!next.items.length) return;
      yield next.items;
    }
  }
  const stream = streamXlsx({
    sheetName: t(ctx.lang, '盘点单', 'Stocktakes'),
    columns: listColumns(ctx.lang),
    pages: pages(),
    onError: (err) => ctx.log.error({ err }, 'stocktake list export failed while streaming'),
  });
  return { fileName: `${t(ctx.lang, '盘点单', 'stocktakes')}-${stamp(ctx.now)}.xlsx`, stream, rows: first.total };
}

/**
 * The count sheet as XLSX: part code, name, grade, the book (left out of a blind count for
 * readers who may not see it), the count so far, and the serials found for serial-tracked parts.
 */
export async function exportCountSheet(ctx: Ctx, id: string): Promise<ExportFile> {
  const s = await getStocktake(ctx, id);
  const lang = ctx.lang;
  const columns: XlsxColumn<StocktakeLine>[] = [
    { header: h(lang, SHEET_HEADERS.partCode), width: 16, value: (r) => r.partCode },
    { header: h(lang, SHEET_HEADERS.partName), width: 22, value: (r) => r.partName },
    {
      header: h(lang, SHEET_HEADERS.grade),
      width: 8,
      value: (r) => h(lang, GRADE_LABELS[r.grade] as [string, string]),
    },
    ...(s.bookHidden
      ? []
      : [{ header: h(lang, SHEET_HEADERS.book), width: 10, value: (r: StocktakeLine) => r.bookQty }]),
    { header: h(lang, SHEET_HEADERS.counted), width: 10, value: (r) => r.countedQty },
    {
      header: h(lang, SHEET_HEADERS.serials),
      width: 40,
      value: (r) => (r.serialTracked ? (r.countedSerials ?? []).join(', ') : null),
    },
  ];
  // Recorded under the depot's unit, so the depot's own people see the download in their trail.
  const [own] = await ctx.db
    .select({ orgPath: partStocktakes.orgPath })
    .from(partStocktakes)
    .where(eq(partStocktakes.id, s.id));
  await appendEvent(ctx.db, ctx, {
    entity: 'export',
    entityId: s.id,
    action: 'export',
    after: { list: 'stocktake_sheet', code: s.code, rows: s.lines.length, format: 'xlsx' },
    orgPath: own?.orgPath ?? ctx.actor.orgPath,
  });
  async function* pages(): AsyncGenerator<StocktakeLine[]> {
    yield s.lines;
  }
  const stream = streamXlsx({
    sheetName: s.code,
    columns,
    pages: pages(),
    onError: (err) => ctx.log.error({ err }, 'count sheet export failed while streaming'),
  });
  return { fileName: `${t(lang, '盘点表', 'count-sheet')}-${s.code}.xlsx`, stream, rows: s.lines.length };
}

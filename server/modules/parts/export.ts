import type { Readable } from 'node:stream';
import type { Lang } from '../../../shared/i18n.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { appendEvent } from '../../platform/events/index.js';
import { streamXlsx, type XlsxColumn } from '../../platform/export/xlsx.js';
import { partsByIds } from '../customers/index.js';
import type { DepotStockQuery, LedgerQuery, StockLine } from './contract.js';
import { depotInScope, depotStock, ledgerOf } from './queries.js';

/*
 * XLSX exports of a depot's stock list and of a part's ledger in a depot, with the lists' own
 * filters and scope: the pages come from the very queries the screens read (depotStock,
 * ledgerOf), so a file holds exactly what the list shows. As for the customer and unit lists
 * (customers/import/export.ts), every export appends an `export` event before the first byte.
 */

/** Past this many rows an export is refused, with a request to narrow the filter. */
export const STOCK_EXPORT_CAP = 200_000;
const PAGE = 200;

const t = (lang: Lang, zh: string, en: string) => (lang === 'zh-CN' ? zh : en);
const stamp = (now: Date) => now.toISOString().slice(0, 10).replace(/-/g, '');

const GRADE: Record<string, [string, string]> = { good: ['良品', 'good'], defective: ['坏件', 'defective'] };
const KIND: Record<string, [string, string]> = {
  receipt: ['采购入库', 'receipt'],
  transfer_out: ['调拨出库', 'transfer out'],
  transfer_in: ['调拨入库', 'transfer in'],
  issue: ['领用出库', 'issue'],
  consume: ['消耗', 'consume'],
  return_unused: ['退回未用', 'return unused'],
  old_part_return: ['旧件返回', 'old part return'],
  scrap: ['报废', 'scrap'],
  adjust: ['盘点调整', 'adjustment'],
  reserve: ['预留', 'reserve'],
  release: ['释放预留', 'release'],
};
const label = (lang: Lang, map: Record<string, [string, string]>, key: string) => t(lang, ...(map[key] ?? [key, key]));

export interface ExportFile {
  fileName: string;
  stream: Readable;
  rows: number;
}

async function recordExport(ctx: Ctx, list: string, filter: object, rows: number, orgPath: string): Promise<void> {
  await appendEvent(ctx.db, ctx, {
    entity: 'export',
    entityId: list,
    action: 'export',
    after: { list, filter, rows, format: 'xlsx' },
    orgPath,
  });
}

function stockColumns(lang: Lang): XlsxColumn<StockLine>[] {
  return [
    { header: t(lang, '配件编码', 'Part code'), width: 16, value: (r) => r.partCode },
    { header: t(lang, '配件名称', 'Part name'), width: 22, value: (r) => r.partName },
    { header: t(lang, '品质', 'Grade'), width: 8, value: (r) => label(lang, GRADE, r.grade) },
    { header: t(lang, '在库', 'On hand'), width: 8, value: (r) => r.onHand },
    { header: t(lang, '预留', 'Reserved'), width: 8, value: (r) => r.reserved },
    { header: t(lang, '可用', 'Available'), width: 8, value: (r) => r.available },
    { header: t(lang, '在途', 'In transit'), width: 8, value: (r) => r.inTransit },
    { header: t(lang, '补货点', 'Reorder point'), width: 10, value: (r) => r.reorderPoint },
    { header: t(lang, '补货量', 'Reorder qty'), width: 10, value: (r) => r.reorderQty },
    {
      header: t(lang, '低于补货点', 'Below reorder'),
      width: 10,
      value: (r) => (r.belowReorder ? t(lang, '是', 'yes') : null),
    },
  ];
}

/** A depot's stock list with the list's filters (`q`, `grade`) as an XLSX stream; recorded first. */
export async function exportDepotStock(
  ctx: Ctx,
  depotId: string,
  filter: Pick<DepotStockQuery, 'q' | 'grade'>,
  opts: { cap?: number } = {},
): Promise<ExportFile> {
  const depot = await depotInScope(ctx.db, ctx, depotId);
  const first = await depotStock(ctx, depotId, { ...filter, page: 1, pageSize: PAGE });
  const cap = opts.cap ?? STOCK_EXPORT_CAP;
  if (first.total > cap) throw new AppError('export.too_many_rows', { max: cap });
  await recordExport(ctx, 'depot_stock', { depotId, ...filter }, first.total, depot.orgPath);
  async function* pages(): AsyncGenerator<StockLine[]> {
    yield first.items;
    for (let page = 2; (page - 1) * PAGE < first.total; page++) {
      const next = await depotStock(ctx, depotId, { ...filter, page, pageSize: PAGE });
      if (next.items.length === 0) return;
      yield next.items;
    }
  }
  const stream = streamXlsx({
    sheetName: t(ctx.lang, '库存', 'Stock'),
    columns: stockColumns(ctx.lang),
    pages: pages(),
    onError: (err) => ctx.log.error({ err }, 'depot stock export failed while streaming'),
  });
  return {
    fileName: `${t(ctx.lang, '库存', 'stock')}-${depot.code}-${stamp(ctx.now)}.xlsx`,
    stream,
    rows: first.total,
  };
}

type LedgerItem = Awaited<ReturnType<typeof ledgerOf>>['items'][number];

function ledgerColumns(lang: Lang): XlsxColumn<LedgerItem>[] {
  return [
    { header: t(lang, '流水号', 'Row'), width: 10, value: (r) => r.id },
    { header: t(lang, '时间', 'Time'), width: 18, format: 'yyyy-mm-dd hh:mm', value: (r) => new Date(r.at) },
    { header: t(lang, '类型', 'Kind'), width: 12, value: (r) => label(lang, KIND, r.kind) },
    { header: t(lang, '品质', 'Grade'), width: 8, value: (r) => label(lang, GRADE, r.grade) },
    { header: t(lang, '数量变化', 'Quantity'), width: 10, value: (r) => r.quantity },
    { header: t(lang, '结存', 'On hand after'), width: 10, value: (r) => r.onHandAfter },
    { header: t(lang, '预留结存', 'Reserved after'), width: 10, value: (r) => r.reservedAfter },
    { header: t(lang, '在途结存', 'In transit after'), width: 10, value: (r) => r.inTransitAfter },
    { header: t(lang, '序列号', 'Serial'), width: 18, value: (r) => r.serial },
    { header: t(lang, '对方库', 'Other depot'), width: 14, value: (r) => r.peerDepotCode ?? null },
    { header: t(lang, '服务单', 'Order'), width: 20, value: (r) => r.orderCode ?? r.orderId },
    {
      header: t(lang, '单据', 'Document'),
      width: 24,
      value: (r) => (r.documentKind ? `${r.documentKind} ${r.documentId ?? ''}`.trim() : null),
    },
    { header: t(lang, '操作人', 'Actor'), width: 14, value: (r) => r.actorName ?? null },
    { header: t(lang, '备注', 'Note'), width: 24, value: (r) => r.note },
  ];
}

/** A part's ledger in a depot, newest first, every row, as an XLSX stream; recorded first. */
export async function exportLedger(
  ctx: Ctx,
  q: Pick<LedgerQuery, 'depotId' | 'partId' | 'grade'>,
): Promise<ExportFile> {
  const depot = await depotInScope(ctx.db, ctx, q.depotId, 'depotId');
  // Keyset pages keep memory flat however long the history; the count is the list's (capped).
  const first = await ledgerOf(ctx, { ...q, limit: PAGE });
  const part = (await partsByIds(ctx.db, [q.partId])).get(q.partId);
  await recordExport(ctx, 'stock_ledger', q, first.total, depot.orgPath);
  async function* pages(): AsyncGenerator<LedgerItem[]> {
    let page = first;
    yield page.items;
    while (page.nextBefore !== null) {
      page = await ledgerOf(ctx, { ...q, limit: PAGE, before: page.nextBefore });
      yield page.items;
    }
  }
  const stream = streamXlsx({
    sheetName: t(ctx.lang, '库存流水', 'Ledger'),
    columns: ledgerColumns(ctx.lang),
    pages: pages(),
    onError: (err) => ctx.log.error({ err }, 'stock ledger export failed while streaming'),
  });
  const name = `${t(ctx.lang, '库存流水', 'ledger')}-${depot.code}-${part?.code ?? q.partId}-${stamp(ctx.now)}.xlsx`;
  return { fileName: name, stream, rows: first.total };
}

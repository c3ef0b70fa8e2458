import type { Readable } from 'node:stream';
import { eq } from 'drizzle-orm';
import type { Lang } from '../../../shared/i18n.js';
import { requirePermission } from '../../platform/access/index.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { appendEvent } from '../../platform/events/index.js';
import { streamXlsx, type XlsxColumn } from '../../platform/export/xlsx.js';
import { recordNotFound } from '../../platform/records.js';
import { CAMPAIGN } from './common.js';
import type { RecallUnitExportQuery, RecallUnitItem } from './contract.js';
import { unitPage } from './queries.js';
import { UNIT_STATE_NAMES } from './rules.js';
import { recallCampaigns } from './tables.js';

/*
 * XLSX of a campaign's units with the list's filters and scope, as every list export: recorded
 * as an `export` event before the first byte, streamed page by page.
 */

const PAGE = 500;
export const RECALL_EXPORT_CAP = 100_000;
const t = (lang: Lang, zh: string, en: string) => (lang === 'zh-CN' ? zh : en);

export interface ExportFile {
  fileName: string;
  stream: Readable;
  rows: number;
}

function columns(lang: Lang): XlsxColumn<RecallUnitItem>[] {
  const at = (s: string | null) => (s ? new Date(s) : null);
  return [
    { header: t(lang, '序列号', 'Serial'), width: 20, value: (r) => r.serialNo },
    { header: t(lang, '型号', 'Model'), width: 20, value: (r) => r.modelName },
    { header: t(lang, '客户', 'Customer'), width: 12, value: (r) => r.customerName },
    { header: t(lang, '电话', 'Phone'), width: 14, value: (r) => r.phone },
    { header: t(lang, '省份', 'Province'), width: 10, value: (r) => r.provinceName },
    { header: t(lang, '服务网点', 'Serving outlet'), width: 22, value: (r) => r.outletName },
    { header: t(lang, '状态', 'State'), width: 10, value: (r) => UNIT_STATE_NAMES[r.state][lang] },
    {
      header: t(lang, '来源', 'Added'),
      width: 10,
      value: (r) => (r.addedBy === 'activation' ? t(lang, '启动时', 'at start') : t(lang, '新登记', 'registered')),
    },
    { header: t(lang, '召回服务单', 'Recall order'), width: 18, value: (r) => r.orderCode },
    { header: t(lang, '通知时间', 'Reached'), width: 18, format: 'yyyy-mm-dd hh:mm', value: (r) => at(r.reachedAt) },
    { header: t(lang, '预约时间', 'Booked'), width: 18, format: 'yyyy-mm-dd hh:mm', value: (r) => at(r.bookedAt) },
    { header: t(lang, '完成时间', 'Done'), width: 18, format: 'yyyy-mm-dd hh:mm', value: (r) => at(r.doneAt) },
    { header: t(lang, '原因', 'Reason'), width: 24, value: (r) => r.reason },
  ];
}

/** GET /api/recalls/:id/units.xlsx: the campaign's units with the list's filters, in the reader's scope. */
export async function exportRecallUnits(
  ctx: Ctx,
  campaignId: string,
  filter: RecallUnitExportQuery,
): Promise<ExportFile> {
  requirePermission(ctx.actor, 'recalls.read');
  const [c] = await ctx.db
    .select({ code: recallCampaigns.code })
    .from(recallCampaigns)
    .where(eq(recallCampaigns.id, campaignId));
  if (!c) throw recordNotFound(ctx.lang, CAMPAIGN);
  const first = await unitPage(ctx, campaignId, filter, PAGE, 0);
  if (first.total > RECALL_EXPORT_CAP) throw new AppError('export.too_many_rows', { max: RECALL_EXPORT_CAP });
  await appendEvent(ctx.db, ctx, {
    entity: 'export',
    entityId: 'recall_units',
    action: 'export',
    after: { list: 'recall_units', campaignId, filter, rows: first.total, format: 'xlsx' },
    orgPath: ctx.actor.orgPath,
  });
  async function* pages(): AsyncGenerator<RecallUnitItem[]> {
    yield first.items;
    for (let offset = PAGE; offset < first.total; offset += PAGE) {
      const next = await unitPage(ctx, campaignId, filter, PAGE, offset);
      if (!next.items.length) return;
      yield next.items;
    }
  }
  const stream = streamXlsx({
    sheetName: t(ctx.lang, '召回产品', 'Recall units'),
    columns: columns(ctx.lang),
    pages: pages(),
    onError: (err) => ctx.log.error({ err }, 'recall units export failed while streaming'),
  });
  return { fileName: `${t(ctx.lang, '召回', 'recall')}-${c.code}.xlsx`, stream, rows: first.total };
}

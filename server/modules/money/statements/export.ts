import type { Readable } from 'node:stream';
import type { Lang } from '../../../../shared/i18n.js';
import type { Ctx } from '../../../platform/context.js';
import { appendEvent } from '../../../platform/events/index.js';
import { streamXlsx, type XlsxColumn } from '../../../platform/export/xlsx.js';
import type { LineKind, StatementLine } from './contract.js';
import { getStatement } from './queries.js';

/*
 * One statement's lines as XLSX (the unit's copy to check against its own books): every line with
 * its order, kind, amount in yuan and explanation in the reader's language, then the total row.
 * Recorded as an `export` event before the first byte.
 */

const t = (lang: Lang, zh: string, en: string) => (lang === 'zh-CN' ? zh : en);

export const LINE_KIND_LABELS: Record<LineKind, [string, string]> = {
  service_fee: ['服务费', 'Service fee'],
  parts_reimbursement: ['配件报销', 'Parts reimbursement'],
  timeliness_bonus: ['及时奖励', 'Timeliness bonus'],
  late_completion: ['超时完工扣罚', 'Late completion'],
  over_cap: ['超7天扣罚', 'Over the cap'],
  late_dispatch: ['派单超时扣罚', 'Late dispatch'],
  withheld_old_part: ['旧件扣款', 'Old part withheld'],
  complaint_penalty: ['投诉处罚', 'Complaint penalty'],
  awaiting_confirmation: ['待确认', 'Awaiting confirmation'],
  center_bonus: ['中心月度考核', 'Center monthly bonus'],
  adjustment: ['调整', 'Adjustment'],
  dispute_correction: ['异议更正', 'Dispute correction'],
};

const DISPUTE_LABELS: Record<string, [string, string]> = {
  open: ['异议待裁决', 'disputed'],
  upheld: ['异议成立', 'upheld'],
  rejected: ['异议驳回', 'rejected'],
};

type Row = StatementLine | { total: number };

export async function exportStatement(
  ctx: Ctx,
  id: string,
): Promise<{ fileName: string; rows: number; stream: Readable }> {
  const s = await getStatement(ctx, id);
  await appendEvent(ctx.db, ctx, {
    entity: 'export',
    entityId: s.id,
    action: 'export',
    after: { list: 'statement', code: s.code, rows: s.lines.length, format: 'xlsx' },
    orgPath: ctx.actor.orgPath,
  });
  const lang = ctx.lang;
  const line = (r: Row): StatementLine | null => ('seq' in r ? r : null);
  const columns: XlsxColumn<Row>[] = [
    { header: t(lang, '行号', 'Line'), width: 6, value: (r) => line(r)?.seq ?? null },
    {
      header: t(lang, '类别', 'Kind'),
      width: 14,
      value: (r) => {
        const l = line(r);
        return l ? t(lang, ...LINE_KIND_LABELS[l.kind]) : t(lang, '合计', 'Total');
      },
    },
    { header: t(lang, '服务单号', 'Order'), width: 20, value: (r) => line(r)?.orderCode ?? null },
    {
      header: t(lang, '金额（元）', 'Amount (yuan)'),
      width: 14,
      format: '#,##0.00',
      value: (r) => (line(r)?.amountFen ?? (r as { total: number }).total) / 100,
    },
    { header: t(lang, '说明', 'Explanation'), width: 80, value: (r) => line(r)?.explanation[lang] ?? null },
    {
      header: t(lang, '异议', 'Dispute'),
      width: 12,
      value: (r) => {
        const d = line(r)?.dispute;
        return d ? t(lang, ...(DISPUTE_LABELS[d.state] as [string, string])) : null;
      },
    },
    { header: t(lang, '异议理由', 'Reason'), width: 30, value: (r) => line(r)?.dispute?.reason ?? null },
    { header: t(lang, '裁决', 'Resolution'), width: 30, value: (r) => line(r)?.dispute?.resolution ?? null },
  ];
  async function* pages(): AsyncGenerator<Row[]> {
    yield [...s.lines, { total: s.totalFen }];
  }
  return {
    fileName: `${t(lang, '结算单', 'statement')}-${s.code}.xlsx`,
    rows: s.lines.length,
    stream: streamXlsx({ sheetName: s.code.slice(0, 31), columns, pages: pages() }),
  };
}

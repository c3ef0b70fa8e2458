import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Flex } from 'antd';
import { Link, useParams } from 'react-router';
import { useApiQuery } from '../../api/queries.js';
import { recordLoadState } from '../../components/status-pages.js';
import { useDocumentTitle, useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { formatYuan } from '../warranty/warranty-rules.js';

/** A4 portrait; on paper only the report shows. */
const SHEET_CSS = `
.complaint-sheet { width: 190mm; min-height: 270mm; margin: 0 auto; padding: 12mm; background: #fff; color: #000;
  font-size: 12px; line-height: 1.5; box-shadow: 0 1px 6px rgba(0,0,0,.15); box-sizing: border-box; }
.complaint-sheet h1 { font-size: 20px; text-align: center; margin: 0 0 4mm; letter-spacing: 2px; }
.complaint-sheet h2 { font-size: 14px; margin: 5mm 0 2mm; }
.complaint-sheet .head { display: grid; grid-template-columns: 1fr 1fr; gap: 1mm 6mm; }
.complaint-sheet .block { white-space: pre-wrap; border: 1px solid #000; padding: 2mm; }
.complaint-sheet table { width: 100%; border-collapse: collapse; margin-top: 2mm; }
.complaint-sheet th, .complaint-sheet td { border: 1px solid #000; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
.complaint-sheet th { background: #f0f0f0; width: 32mm; }
.complaint-sheet .nowrap { white-space: nowrap; }
.complaint-sheet .signs { display: flex; justify-content: space-between; margin-top: 16mm; }
.complaint-sheet .signs div { width: 75mm; }
.complaint-sheet .signs span { display: block; border-top: 1px solid #000; padding-top: 1mm; margin-top: 12mm; }
@media print {
  @page { size: A4 portrait; margin: 10mm; }
  body * { visibility: hidden !important; }
  .complaint-sheet, .complaint-sheet * { visibility: visible !important; }
  .complaint-sheet { position: absolute; left: 0; top: 0; width: 100%; min-height: 0; box-shadow: none; padding: 0; }
  .complaint-sheet th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .complaint-sheet tr { break-inside: avoid; }
}
`;

/** The printable complaint-handling report (投诉处理报告): the complaint, its handling, its full history. */
export function ComplaintPrintPage() {
  const { id = '' } = useParams();
  const { t, pick } = useI18n();
  const q = useApiQuery('GET /api/complaints/:id/report', { params: { id } });
  const title = t('cmp.print.title');
  useDocumentTitle(q.data ? `${title} ${q.data.complaint.code}` : title);
  const gate = recordLoadState(q, { text: t('cmp.notFound') });
  if (gate || !q.data) return gate;
  const { complaint: c, company, printedAt, printedBy } = q.data;
  const h = c.handling;
  const sep = t('common.listSeparator');
  return (
    <>
      <style>{SHEET_CSS}</style>
      <Flex justify="space-between" style={{ marginBottom: 16 }}>
        <Link to={`/complaints/${c.id}`}>
          <Button icon={<ArrowLeftOutlined />}>{c.code}</Button>
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('cmp.print.print')}
        </Button>
      </Flex>
      <div className="complaint-sheet" data-testid="complaint-sheet">
        <h1>{title}</h1>
        <div className="head">
          <div>{company}</div>
          <div>
            {t('cmp.code')}: {c.code}
          </div>
          <div>
            {t('cmp.customer')}: {c.customer.name} {c.customer.phone ?? ''}
          </div>
          <div>
            {t('cmp.orders')}: {c.orders.map((o) => o.code).join(sep) || t('cmp.none')}
          </div>
          <div>
            {t('cmp.type')}: {t(`cmp.type.${c.type}`)}
          </div>
          <div>
            {t('cmp.severity')}: {t(`cmp.severity.${c.severity}`)} · {t('cmp.levelN', { n: c.level })}
          </div>
          <div>
            {t('cmp.source')}: {t(`cmp.source.${c.source}`)}
            {c.regulatorKind ? ` · ${t(`cmp.regulator.${c.regulatorKind}`)}` : ''}
          </div>
          <div>
            {t('cmp.state')}: {t(`cmp.state.${c.state}`)}
          </div>
          <div>
            {t('cmp.openedAt')}: {formatDateTime(c.openedAt)}
          </div>
          <div>
            {t('cmp.department')}: {c.department?.name ?? t('cmp.none')}
          </div>
          <div>
            {t('cmp.print.printedAt')}: {formatDateTime(printedAt)} · {printedBy}
          </div>
        </div>
        <h2>{t('cmp.summary')}</h2>
        <div className="block">{c.summary}</div>
        <h2>{t('cmp.print.result')}</h2>
        <table>
          <tbody>
            <tr>
              <th>{t('cmp.detail.responsible')}</th>
              <td>
                {h.responsible
                  ? `${t(`cmp.responsible.${h.responsible.kind}`)} · ${h.responsible.name}`
                  : t('cmp.none')}
              </td>
            </tr>
            <tr>
              <th>{t('cmp.detail.corrective')}</th>
              <td>{h.correctiveAction ?? t('cmp.none')}</td>
            </tr>
            <tr>
              <th>{t('cmp.detail.discipline')}</th>
              <td>
                {h.discipline
                  ? t('cmp.detail.penalty', {
                      amount: formatYuan(h.discipline.penaltyFen),
                      reason: h.discipline.reason,
                    })
                  : t('cmp.none')}
              </td>
            </tr>
            <tr>
              <th>{t('cmp.detail.compensation')}</th>
              <td>
                {h.compensation
                  ? `${t('cmp.detail.compensationLine', {
                      amount: formatYuan(h.compensation.amountFen),
                      kind: t(`cmp.compensation.kind.${h.compensation.kind}`),
                    })} · ${t(`cmp.compensation.state.${h.compensation.state}`)}`
                  : t('cmp.none')}
              </td>
            </tr>
            {h.replies.map((r) => (
              <tr key={r.id}>
                <th>{t('cmp.detail.replies')}</th>
                <td>
                  {formatDateTime(r.at)} · {r.by} · {t(`cmp.channel.${r.channel}`)}
                  <div style={{ whiteSpace: 'pre-wrap' }}>{r.content}</div>
                  <div>
                    {r.accepted === true
                      ? t('cmp.detail.accepted')
                      : r.accepted === false
                        ? t('cmp.detail.notAccepted')
                        : t('cmp.detail.awaiting')}
                    {r.reason ? `: ${r.reason}` : ''}
                  </div>
                </td>
              </tr>
            ))}
            {c.closedAt ? (
              <tr>
                <th>{t('cmp.detail.closedAt')}</th>
                <td>
                  {formatDateTime(c.closedAt)}
                  {c.closeReason ? ` · ${c.closeReason}` : ''}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
        <h2>{t('cmp.print.history')}</h2>
        <table>
          <thead>
            <tr>
              <th className="nowrap">{t('cmp.print.time')}</th>
              <th className="nowrap">{t('cmp.print.actor')}</th>
              <th style={{ width: 'auto' }}>{t('cmp.print.event')}</th>
            </tr>
          </thead>
          <tbody>
            {c.timeline.map((e, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the history only grows and never reorders; entries carry no id
              <tr key={`${e.at}-${i}`}>
                <td className="nowrap">{formatDateTime(e.at)}</td>
                <td className="nowrap">{e.actor}</td>
                <td style={{ whiteSpace: 'pre-wrap' }}>{pick(e.text)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="signs">
          <div>
            <span>{t('cmp.print.signHandler')}</span>
            {t('cmp.print.signDate')}:
          </div>
          <div>
            <span>{t('cmp.print.signSupervisor')}</span>
            {t('cmp.print.signDate')}:
          </div>
        </div>
      </div>
    </>
  );
}

import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Flex } from 'antd';
import { Link, useParams } from 'react-router';
import { useApiQuery } from '../../api/queries.js';
import { useSetupStatus } from '../../api/session.js';
import { recordLoadState } from '../../components/status-pages.js';
import { useDocumentTitle, useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { formatYuan } from '../warranty/warranty-rules.js';

/** A4 portrait; on paper only the statement shows. */
const SHEET_CSS = `
.statement-sheet { width: 190mm; min-height: 270mm; margin: 0 auto; padding: 12mm; background: #fff; color: #000;
  font-size: 12px; line-height: 1.5; box-shadow: 0 1px 6px rgba(0,0,0,.15); box-sizing: border-box; }
.statement-sheet h1 { font-size: 20px; text-align: center; margin: 0 0 4mm; letter-spacing: 2px; }
.statement-sheet .head { display: grid; grid-template-columns: 1fr 1fr; gap: 1mm 6mm; }
.statement-sheet table { width: 100%; border-collapse: collapse; margin-top: 4mm; }
.statement-sheet th, .statement-sheet td { border: 1px solid #000; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
.statement-sheet th { background: #f0f0f0; }
.statement-sheet td.amount, .statement-sheet th.amount { text-align: right; white-space: nowrap; }
.statement-sheet .nowrap { white-space: nowrap; }
.statement-sheet tfoot td { font-weight: 700; }
.statement-sheet .signs { display: flex; justify-content: space-between; margin-top: 16mm; }
.statement-sheet .signs div { width: 75mm; }
.statement-sheet .signs span { display: block; border-top: 1px solid #000; padding-top: 1mm; margin-top: 12mm; }
@media print {
  @page { size: A4 portrait; margin: 10mm; }
  body * { visibility: hidden !important; }
  .statement-sheet, .statement-sheet * { visibility: visible !important; }
  .statement-sheet { position: absolute; left: 0; top: 0; width: 100%; min-height: 0; box-shadow: none; padding: 0; }
  .statement-sheet th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .statement-sheet tr { break-inside: avoid; }
}
`;

/** The printable statement (结算单): head, lines, total and signature blanks for the unit and the center. */
export function StatementPrintPage() {
  const { id = '' } = useParams();
  const { t, pick } = useI18n();
  const company = useSetupStatus().data;
  const q = useApiQuery('GET /api/statements/:id', { params: { id } });
  const s = q.data;
  const title = s?.kind === 'center' ? t('stmt.print.centerTitle') : t('stmt.print.title');
  useDocumentTitle(s ? `${title} ${s.code}` : title);
  const gate = recordLoadState(q, { text: t('stmt.notFound') });
  if (gate || !q.data) return gate;
  const st = q.data;
  return (
    <>
      <style>{SHEET_CSS}</style>
      <Flex justify="space-between" style={{ marginBottom: 16 }}>
        <Link to={`/statements/${id}`}>
          <Button icon={<ArrowLeftOutlined />}>{st.code}</Button>
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('stmt.print')}
        </Button>
      </Flex>
      <div className="statement-sheet" data-testid="statement-sheet">
        <h1>{title}</h1>
        <div className="head">
          <div>{company?.companyName ?? ''}</div>
          <div>
            {t('stmt.code')}: {st.code}
          </div>
          <div>
            {t('stmt.unit')}: {st.unitCode} {st.unitName}
          </div>
          <div>
            {t('stmt.month')}: {st.month}
          </div>
          <div>
            {t('stmt.state')}: {t(`stmt.state.${st.state}`)}
          </div>
          <div>
            {t('stmt.respondBy')}: {st.respondBy ?? ''}
          </div>
          <div>
            {t('stmt.orders')}: {st.orderCount} · {t('stmt.lines')}: {st.lineCount}
          </div>
          <div>
            {t('stmt.print.printedAt')}: {formatDateTime(new Date().toISOString())}
          </div>
        </div>
        <table>
          <thead>
            <tr>
              <th className="nowrap">{t('stmt.line.seq')}</th>
              <th className="nowrap">{t('stmt.line.kind')}</th>
              <th className="nowrap">{t('stmt.line.order')}</th>
              <th>{t('stmt.line.explanation')}</th>
              <th className="amount">{t('stmt.line.amount')}</th>
            </tr>
          </thead>
          <tbody>
            {st.lines.map((l) => (
              <tr key={l.id}>
                <td className="nowrap">{l.seq}</td>
                <td className="nowrap">{t(`stmt.line.kind.${l.kind}`)}</td>
                <td className="nowrap">{l.orderCode ?? l.complaint?.code ?? ''}</td>
                <td>
                  {pick(l.explanation)}
                  {l.dispute ? ` (${t('stmt.line.dispute')}: ${t(`stmt.dispute.state.${l.dispute.state}`)})` : ''}
                </td>
                <td className="amount">{formatYuan(l.amountFen)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={4}>{t('stmt.totalRow')}</td>
              <td className="amount">{formatYuan(st.lines.reduce((sum, l) => sum + l.amountFen, 0))}</td>
            </tr>
          </tfoot>
        </table>
        <div className="signs">
          <div>
            <span>{t('stmt.print.signUnit')}</span>
            {t('stmt.print.signDate')}:
          </div>
          <div>
            <span>{t('stmt.print.signCenter')}</span>
            {t('stmt.print.signDate')}:
          </div>
        </div>
      </div>
    </>
  );
}

import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Checkbox, Flex, Space, Spin } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useApiQuery } from '../../api/queries.js';
import { useSetupStatus } from '../../api/session.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useDocumentTitle, useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';

/** A4 portrait; on paper only the sheet shows. */
const SHEET_CSS = `
.count-sheet { width: 190mm; min-height: 130mm; margin: 0 auto; padding: 12mm; background: #fff; color: #000;
  font-size: 12px; line-height: 1.5; box-shadow: 0 1px 6px rgba(0,0,0,.15); box-sizing: border-box; }
.count-sheet h1 { font-size: 20px; text-align: center; margin: 0 0 2mm; letter-spacing: 2px; }
.count-sheet .code { font-family: monospace; font-size: 18px; font-weight: 700; }
.count-sheet table { width: 100%; border-collapse: collapse; margin-top: 4mm; }
.count-sheet th, .count-sheet td { border: 1px solid #000; padding: 1.5mm 2mm; text-align: left; }
.count-sheet th { background: #f0f0f0; }
.count-sheet td.blank { min-width: 22mm; }
.count-sheet .signs { display: flex; justify-content: space-between; margin-top: 14mm; }
.count-sheet .signs span { border-top: 1px solid #000; width: 50mm; text-align: center; padding-top: 1mm; }
@media print {
  @page { size: A4 portrait; margin: 10mm; }
  body * { visibility: hidden !important; }
  .count-sheet, .count-sheet * { visibility: visible !important; }
  .count-sheet { position: absolute; left: 0; top: 0; width: 100%; box-shadow: none; padding: 0; }
  .count-sheet th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/**
 * The printable count sheet (盘点表) of a stocktake: depot, date, one row per part and grade with a
 * blank column to write the count in, and signatures. The book column is left off a blind count
 * (the server does not send it to counters) and may be hidden by choice for a blind count on paper.
 */
export function CountSheetPage() {
  const { id = '' } = useParams();
  const t = useT();
  const company = useSetupStatus().data;
  const q = useApiQuery('GET /api/parts/stocktakes/:id', { params: { id } });
  const [showBook, setShowBook] = useState(true);
  const code = q.data?.code;
  useDocumentTitle(code ? `${t('stocktake.sheetTitle')} ${code}` : t('stocktake.sheetTitle'));
  if (q.isPending)
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin />
      </Flex>
    );
  if (q.isError) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;
  const s = q.data;
  const book = showBook && !s.bookHidden;
  return (
    <>
      <style>{SHEET_CSS}</style>
      <Flex justify="space-between" style={{ marginBottom: 16 }}>
        <Link to={`/parts/stocktakes/${id}`}>
          <Button icon={<ArrowLeftOutlined />}>{s.code}</Button>
        </Link>
        <Space>
          {!s.bookHidden && (
            <Checkbox checked={showBook} onChange={(e) => setShowBook(e.target.checked)}>
              {t('stocktake.sheetShowBook')}
            </Checkbox>
          )}
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
            {t('stocktake.print')}
          </Button>
        </Space>
      </Flex>
      <div className="count-sheet" data-testid="count-sheet">
        <h1>{t('stocktake.sheetTitle')}</h1>
        <div>{company?.companyName ?? ''}</div>
        <div className="code">{s.code}</div>
        <div>
          {t('stocktake.depot')}: {s.depotCode} {s.depotName}
        </div>
        <div>
          {t('stocktake.openedAt')}: {formatDateTime(s.openedAt)} · {t('stocktake.printedAt')}:{' '}
          {formatDateTime(new Date().toISOString())}
        </div>
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>{t('parts.partCode')}</th>
              <th>{t('parts.partName')}</th>
              <th>{t('parts.grade')}</th>
              {book && <th>{t('stocktake.book')}</th>}
              <th>{t('stocktake.countedQty')}</th>
              <th>{t('stocktake.serials')}</th>
            </tr>
          </thead>
          <tbody>
            {s.lines.map((l, i) => (
              <tr key={l.id}>
                <td>{i + 1}</td>
                <td>{l.partCode}</td>
                <td>{l.partName}</td>
                <td>{t(`parts.grade.${l.grade}`)}</td>
                {book && <td>{l.bookQty}</td>}
                <td className="blank" />
                <td className="blank">{l.serialTracked ? '' : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="signs">
          <span>{t('stocktake.signCounter')}</span>
          <span>{t('stocktake.signKeeper')}</span>
          <span>{t('stocktake.signApprover')}</span>
        </div>
      </div>
    </>
  );
}

import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Spin } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useApiQuery } from '../../api/queries.js';
import { useSetupStatus } from '../../api/session.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useDocumentTitle, useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';

/** A4 portrait; on paper only the note shows. */
const SHEET_CSS = `
.return-note { width: 190mm; min-height: 130mm; margin: 0 auto; padding: 12mm; background: #fff; color: #000;
  font-size: 12px; line-height: 1.5; box-shadow: 0 1px 6px rgba(0,0,0,.15); box-sizing: border-box; }
.return-note h1 { font-size: 20px; text-align: center; margin: 0 0 2mm; letter-spacing: 2px; }
.return-note .code { font-family: monospace; font-size: 22px; font-weight: 700; letter-spacing: 1px; }
.return-note table { width: 100%; border-collapse: collapse; margin-top: 4mm; }
.return-note th, .return-note td { border: 1px solid #000; padding: 1.5mm 2mm; text-align: left; }
.return-note th { background: #f0f0f0; }
.return-note .signs { display: flex; justify-content: space-between; margin-top: 14mm; }
.return-note .signs span { border-top: 1px solid #000; width: 60mm; text-align: center; padding-top: 1mm; }
@media print {
  @page { size: A4 portrait; margin: 10mm; }
  body * { visibility: hidden !important; }
  .return-note, .return-note * { visibility: visible !important; }
  .return-note { position: absolute; left: 0; top: 0; width: 100%; box-shadow: none; padding: 0; }
  .return-note th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/** The printable return note (旧件返还单) of a batch, with a QR code of the batch code for the center's scanner. */
export function ReturnNotePage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const company = useSetupStatus().data;
  const q = useApiQuery('GET /api/part-returns/batches/:id/note', { params: { id } });
  const [qr, setQr] = useState<string | null>(null);
  const [qrFailed, setQrFailed] = useState(false);
  const code = q.data?.batchCode;
  useDocumentTitle(code ? `${t('returns.note.title')} ${code}` : t('returns.note.title'));
  useEffect(() => {
    if (!code) return;
    let live = true;
    QRCode.toDataURL(code, { margin: 1, width: 240, errorCorrectionLevel: 'M' })
      .then((data) => live && setQr(data))
      .catch(() => live && setQrFailed(true));
    return () => {
      live = false;
    };
  }, [code]);
  if (q.isPending)
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin />
      </Flex>
    );
  if (q.isError) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;
  const n = q.data;
  return (
    <>
      <style>{SHEET_CSS}</style>
      <Flex justify="space-between" style={{ marginBottom: 16 }}>
        <Link to={`/part-returns/batches/${id}`}>
          <Button icon={<ArrowLeftOutlined />}>{n.batchCode}</Button>
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('returns.note.print')}
        </Button>
      </Flex>
      {qrFailed && <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('returns.note.qrFailed')} />}
      <div className="return-note" data-testid="return-note">
        <h1>{t('returns.note.title')}</h1>
        <Flex justify="space-between" align="center">
          <div>
            <div>{company?.companyName ?? ''}</div>
            <div className="code">{n.batchCode}</div>
            <div>
              {t('returns.outlet')}: {n.outletCode} {n.outletName}
            </div>
            <div>
              {t('returns.ship.carrier')}: {n.carrier} · {t('returns.ship.trackingNo')}: {n.trackingNo}
            </div>
            <div>
              {t('returns.note.shippedAt')}: {formatDateTime(n.shippedAt)} · {t('returns.note.shippedBy')}:{' '}
              {n.shippedByName ?? ''}
            </div>
            <div>
              {t('returns.note.printedAt')}: {formatDateTime(n.printedAt)}
            </div>
            {n.note && (
              <div>
                {t('returns.ship.note')}: {n.note}
              </div>
            )}
          </div>
          {qr && <img src={qr} alt={n.batchCode} width={120} height={120} />}
        </Flex>
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>{t('returns.order')}</th>
              <th>{t('returns.part')}</th>
              <th>{t('returns.serial')}</th>
              <th>{t('returns.quantity')}</th>
              <th>{t('returns.dueDay')}</th>
            </tr>
          </thead>
          <tbody>
            {n.lines.map((l, i) => (
              <tr key={`${l.orderCode}-${l.partCode}-${l.serial ?? i}`}>
                <td>{i + 1}</td>
                <td>{l.orderCode}</td>
                <td>
                  {l.partCode} {l.partName}
                </td>
                <td>{l.serial ?? ''}</td>
                <td>{l.quantity}</td>
                <td>{l.dueDay}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="signs">
          <span>{t('returns.note.shippedBy')}</span>
          <span>{t('returns.note.signReceiver')}</span>
        </div>
      </div>
    </>
  );
}

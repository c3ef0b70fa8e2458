import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Flex } from 'antd';
import QRCode from 'qrcode';
import { type CSSProperties, type ReactNode, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useSetupStatus } from '../../api/session.js';
import { useDocumentTitle, useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { queryGate, stateKey, typeKey, usePriorityName } from './labels.js';
import { useOrder } from './orders-api.js';

/** A4 portrait; on paper only the sheet shows (no menu, header or buttons). */
const PRINT_CSS = `
.sanbao-sheet { width: 190mm; min-height: 270mm; margin: 0 auto; padding: 10mm; background: #fff; color: #000;
  font-size: 12px; box-shadow: 0 1px 6px rgba(0,0,0,.15); box-sizing: border-box; }
.sanbao-sheet table { width: 100%; border-collapse: collapse; margin-bottom: 4mm; }
.sanbao-sheet th, .sanbao-sheet td { border: 1px solid #000; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }
.sanbao-sheet th { width: 24mm; background: #f2f2f2; font-weight: 600; }
@media print {
  @page { size: A4 portrait; margin: 10mm; }
  body * { visibility: hidden !important; }
  .sanbao-sheet, .sanbao-sheet * { visibility: visible !important; }
  .sanbao-sheet { position: absolute; left: 0; top: 0; box-shadow: none; padding: 0; width: 100%; }
  .sanbao-sheet th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
@media screen and (max-width: 760px) {
  .sanbao-sheet { width: 100%; min-height: 0; padding: 3mm; font-size: 11px; }
  .sanbao-sheet th { width: auto; min-width: 14mm; }
  .sanbao-sheet td { word-break: break-word; }
}
`;

const cell: CSSProperties = { whiteSpace: 'pre-wrap' };

function Row({
  label,
  children,
  label2,
  children2,
}: {
  label: string;
  children: ReactNode;
  label2?: string;
  children2?: ReactNode;
}) {
  return (
    <tr>
      <th>{label}</th>
      <td style={cell} colSpan={label2 ? 1 : 3}>
        {children}
      </td>
      {label2 ? (
        <>
          <th>{label2}</th>
          <td style={cell}>{children2}</td>
        </>
      ) : null}
    </tr>
  );
}

/** The printable service sheet (服务单): the order, parts, signature and a QR code of its page. */
export function OrderPrintPage() {
  const { id } = useParams();
  const t = useT();
  const priorityName = usePriorityName();
  const setup = useSetupStatus().data;
  const company = setup?.companyName ?? t('app.name');
  const q = useOrder(id, false);
  const [qr, setQr] = useState<string | null>(null);
  const link = id ? `${window.location.origin}/orders/${id}` : null;
  useEffect(() => {
    if (!link) return;
    let live = true;
    QRCode.toDataURL(link, { margin: 0, width: 240 }).then(
      (d) => live && setQr(d),
      () => live && setQr(null),
    );
    return () => {
      live = false;
    };
  }, [link]);

  useDocumentTitle(q.data ? `${t('orders.print.title')} ${q.data.code}` : t('orders.print.title'));

  const gate = queryGate(q);
  if (gate || !q.data) return gate;
  const o = q.data;
  const c = o.completion;

  return (
    <>
      <style>{PRINT_CSS}</style>
      <Flex gap={8} style={{ marginBottom: 16 }}>
        <Link to={`/orders/${o.id}`}>
          <Button icon={<ArrowLeftOutlined />}>{t('orders.print.back')}</Button>
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('orders.print.print')}
        </Button>
      </Flex>
      <div className="sanbao-sheet" data-testid="service-sheet">
        <Flex justify="space-between" align="flex-start" style={{ marginBottom: '4mm' }}>
          <div>
            <div style={{ fontSize: 18, fontWeight: 700 }}>{company}</div>
            <div style={{ fontSize: 16, marginTop: 4 }}>{t('orders.print.title')}</div>
            <div style={{ marginTop: 4, fontFamily: 'monospace', fontSize: 14 }}>{o.code}</div>
            {setup?.hotline ? (
              <div style={{ marginTop: 4 }} data-testid="sheet-hotline">
                {t('orders.print.hotline', { phone: setup.hotline })}
              </div>
            ) : null}
          </div>
          {qr ? (
            <div style={{ textAlign: 'center' }}>
              <img src={qr} alt={o.code} width={96} height={96} />
              <div style={{ fontSize: 10 }}>{t('orders.print.scan')}</div>
            </div>
          ) : null}
        </Flex>
        <table>
          <tbody>
            <Row label={t('orders.detail.customer')} label2={t('orders.detail.phone')} children2={o.customerPhone}>
              {o.customerName}
            </Row>
            <Row label={t('orders.detail.address')}>{o.address}</Row>
            <Row label={t('orders.detail.product')} label2={t('orders.detail.serial')} children2={o.serialNo}>
              {o.modelName}
            </Row>
            <Row label={t('orders.col.type')} label2={t('orders.col.state')} children2={t(stateKey(o.state))}>
              {t(typeKey(o.serviceType))} · {priorityName(o.priority, o.priorityLabel)}
            </Row>
            <Row
              label={t('orders.detail.reportedAt')}
              label2={t('orders.detail.booked')}
              children2={o.bookedFrom ? `${formatDateTime(o.bookedFrom)} – ${formatDateTime(o.bookedTo)}` : ''}
            >
              {formatDateTime(o.reportedAt)}
            </Row>
            <Row label={t('orders.detail.holder')} label2={t('orders.detail.technician')} children2={o.technicianName}>
              {o.holderUnitName}
            </Row>
            <Row label={t('orders.detail.fault')}>{o.faultDescription}</Row>
            {o.warrantyDecisions.length ? (
              <>
                <Row label={t('orders.print.warranty')}>
                  {o.warrantyDecisions.map((d) => (
                    <div key={d.id}>
                      {d.subject === 'part' ? `${d.partName ?? d.partCode ?? ''}：` : ''}
                      {t(d.covered ? 'warranty.covered' : 'warranty.notCovered')} · {t(`warranty.rule.${d.rule}`)}
                      {d.until ? ` ${t('warranty.until', { date: d.until })}` : ''}
                    </div>
                  ))}
                </Row>
                <Row label={t('orders.print.charges')}>
                  {o.warrantyDecisions.map((d) => (
                    <div key={d.id}>
                      {d.subject === 'part' ? `${d.partName ?? d.partCode ?? ''}：` : ''}
                      {t('warranty.labour')} {t(`warranty.payer.${d.labour}`)}
                      {t('common.listSeparator')}
                      {t('warranty.parts')} {t(`warranty.payer.${d.parts}`)}
                    </div>
                  ))}
                </Row>
              </>
            ) : null}
            {c ? (
              <>
                <Row
                  label={t('orders.completion.diagnosis')}
                  label2={t('orders.completion.faultCode')}
                  children2={c.faultCode}
                >
                  {c.diagnosis}
                </Row>
                <Row label={t('orders.completion.cause')}>{c.cause}</Row>
                <Row label={t('orders.completion.solution')}>{c.solution}</Row>
                <Row
                  label={t('orders.completion.labour')}
                  label2={t('orders.completion.at')}
                  children2={formatDateTime(c.completedAt)}
                >
                  {c.labourMinutes}
                </Row>
              </>
            ) : null}
          </tbody>
        </table>
        <table>
          <thead>
            <tr>
              <th style={{ width: 'auto' }}>{t('orders.part.code')}</th>
              <th style={{ width: 'auto' }}>{t('orders.part.name')}</th>
              <th style={{ width: 'auto' }}>{t('orders.part.qty')}</th>
              <th style={{ width: 'auto' }}>{t('orders.part.oldSerial')}</th>
              <th style={{ width: 'auto' }}>{t('orders.part.newSerial')}</th>
            </tr>
          </thead>
          <tbody>
            {o.parts.length ? (
              o.parts.map((p) => (
                <tr key={p.id}>
                  <td>{p.partCode}</td>
                  <td>{p.partName}</td>
                  <td>{p.qty}</td>
                  <td>{p.oldSerial}</td>
                  <td>{p.newSerial}</td>
                </tr>
              ))
            ) : (
              <tr>
                <td colSpan={5}>{t('orders.detail.noParts')}</td>
              </tr>
            )}
          </tbody>
        </table>
        <table>
          <tbody>
            <tr>
              <th>{t('orders.print.signedBy')}</th>
              <td style={{ height: '28mm' }}>
                {c?.signature ? (
                  <img
                    src={c.signature}
                    alt={t('orders.print.signedBy')}
                    style={{ maxHeight: '26mm', maxWidth: '70mm' }}
                  />
                ) : null}
              </td>
              <th>{t('orders.completion.rating')}</th>
              <td>{c?.rating ? '★'.repeat(c.rating) + '☆'.repeat(5 - c.rating) : ''}</td>
            </tr>
          </tbody>
        </table>
        <div style={{ textAlign: 'right', fontSize: 10, color: '#555' }}>
          {t('orders.print.printedAt', { at: formatDateTime(new Date().toISOString()) })}
        </div>
      </div>
    </>
  );
}

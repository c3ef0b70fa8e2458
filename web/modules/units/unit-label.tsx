import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Modal, Spin, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useApiQuery } from '../../api/queries.js';
import { useSetupStatus } from '../../api/session.js';
import { useT } from '../../i18n/index.js';
import type { UnitLabel } from './units-api.js';

/** Hides everything but the label while printing; the label keeps its size on paper. */
const PRINT_CSS = `
@media print {
  @page { margin: 8mm; }
  body * { visibility: hidden !important; }
  .sanbao-unit-label, .sanbao-unit-label * { visibility: visible !important; }
  .sanbao-unit-label { position: fixed; left: 0; top: 0; box-shadow: none !important; }
}
`;

/** The QR label itself: company, model, serial and the portal link as a QR code. */
export function UnitLabelCard({ label, qr, company }: { label: UnitLabel; qr: string; company: string }) {
  return (
    <div
      className="sanbao-unit-label"
      style={{
        width: 280,
        padding: 12,
        border: '1px solid #000',
        borderRadius: 6,
        background: '#fff',
        color: '#000',
        textAlign: 'center',
        fontFamily: 'sans-serif',
      }}
    >
      <div style={{ fontWeight: 600, fontSize: 14 }}>{company}</div>
      <img src={qr} alt={label.serial} width={180} height={180} style={{ display: 'block', margin: '4px auto' }} />
      <div style={{ fontSize: 13 }}>{label.model}</div>
      <div style={{ fontFamily: 'monospace', fontSize: 15, fontWeight: 600, letterSpacing: 1 }}>{label.serial}</div>
    </div>
  );
}

/** A print-friendly view of the unit's QR label; the QR opens the portal with model and serial filled in. */
export function UnitLabelModal({ unitId, onClose }: { unitId: string; onClose: () => void }) {
  const t = useT();
  const company = useSetupStatus().data?.companyName ?? t('app.name');
  const label = useApiQuery('GET /api/units/:id/label', { params: { id: unitId } });
  const [qr, setQr] = useState<string | null>(null);
  const url = label.data?.url;

  useEffect(() => {
    if (!url) return;
    let live = true;
    QRCode.toDataURL(url, { margin: 1, width: 360, errorCorrectionLevel: 'M' })
      .then((data) => live && setQr(data))
      .catch(() => live && setQr(null));
    return () => {
      live = false;
    };
  }, [url]);

  return (
    <Modal
      open
      title={t('units.label')}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Flex justify="flex-end" gap={8}>
          <Button onClick={onClose}>{t('units.close')}</Button>
          <Button type="primary" icon={<PrinterOutlined />} disabled={!qr} onClick={() => window.print()}>
            {t('units.print')}
          </Button>
        </Flex>
      }
    >
      <style>{PRINT_CSS}</style>
      {label.isError ? <Alert type="error" showIcon title={label.error.detail || t('app.loadFailed')} /> : null}
      {label.data && qr ? (
        <Flex vertical align="center" gap={12}>
          <UnitLabelCard label={label.data} qr={qr} company={company} />
          <Typography.Text type="secondary" copyable style={{ wordBreak: 'break-all', fontSize: 12 }}>
            {label.data.url}
          </Typography.Text>
        </Flex>
      ) : label.isError ? null : (
        <Flex justify="center" style={{ padding: 32 }}>
          <Spin />
        </Flex>
      )}
    </Modal>
  );
}

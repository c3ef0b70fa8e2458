import { ArrowLeftOutlined, EditOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Flex, Spin } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { can, useMe, useSetupStatus } from '../../api/session.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useDocumentTitle, useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { CorrectModal } from './correct-modal.js';
import { methodKey, useMoneyText } from './payment-section.js';

/** A5 landscape-sized receipt; on paper only the receipt shows. */
const SHEET_CSS = `
.receipt { width: 180mm; margin: 0 auto; padding: 10mm 12mm; background: #fff; color: #000;
  font-size: 13px; line-height: 1.6; box-shadow: 0 1px 6px rgba(0,0,0,.15); box-sizing: border-box; }
.receipt h1 { font-size: 20px; text-align: center; margin: 0 0 2mm; letter-spacing: 4px; }
.receipt .company { text-align: center; margin-bottom: 4mm; }
.receipt table { width: 100%; border-collapse: collapse; }
.receipt th, .receipt td { border: 1px solid #000; padding: 1.5mm 2mm; text-align: left; }
.receipt th { width: 32mm; background: #f0f0f0; font-weight: normal; }
.receipt .amount { font-size: 18px; font-weight: 700; }
.receipt .signs { display: flex; justify-content: space-between; margin-top: 12mm; }
.receipt .signs span { border-top: 1px solid #000; width: 55mm; text-align: center; padding-top: 1mm; }
@media (max-width: 700px) { .receipt { width: 100%; padding: 4mm; } }
@media print {
  @page { size: A5 landscape; margin: 8mm; }
  body * { visibility: hidden !important; }
  .receipt, .receipt * { visibility: visible !important; }
  .receipt { position: absolute; left: 0; top: 0; width: 100%; box-shadow: none; padding: 0; }
  .receipt th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/** The printable receipt (收款收据) of one collection or correction. */
export function ReceiptPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const me = useMe().data;
  const company = useSetupStatus().data;
  const money = useMoneyText();
  const q = useApiQuery('GET /api/collections/:id', { params: { id } });
  const [correcting, setCorrecting] = useState(false);
  const no = q.data?.receiptNo;
  useDocumentTitle(no ? `${t('receipt.title')} ${no}` : t('receipt.title'));
  if (q.isPending)
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin />
      </Flex>
    );
  if (q.isError) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;
  const c = q.data;
  return (
    <>
      <style>{SHEET_CSS}</style>
      <Flex justify="space-between" gap={8} wrap style={{ marginBottom: 16 }}>
        <Button icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)}>
          {t('receipt.back')}
        </Button>
        <Flex gap={8}>
          {can(me, 'money.collect') ? (
            <Button icon={<EditOutlined />} onClick={() => setCorrecting(true)}>
              {t('correct.title')}
            </Button>
          ) : null}
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
            {t('receipt.print')}
          </Button>
        </Flex>
      </Flex>
      <div className="receipt" data-testid="receipt">
        <h1>{t('receipt.title')}</h1>
        <div className="company">{company?.companyName ?? ''}</div>
        <table>
          <tbody>
            <tr>
              <th>{t('receipt.no')}</th>
              <td data-testid="receipt-no">{c.receiptNo}</td>
            </tr>
            <tr>
              <th>{t('receipt.order')}</th>
              <td>
                <Link to={`/orders/${c.orderId}`}>{c.orderCode}</Link>
              </td>
            </tr>
            <tr>
              <th>{t('receipt.customer')}</th>
              <td>{c.customerName}</td>
            </tr>
            <tr>
              <th>{t('receipt.amount')}</th>
              <td className="amount" data-testid="receipt-amount">
                {money(c.amountFen)}
              </td>
            </tr>
            <tr>
              <th>{t('receipt.method')}</th>
              <td>{t(methodKey(c.method))}</td>
            </tr>
            {c.reference ? (
              <tr>
                <th>{t('receipt.reference')}</th>
                <td>{c.reference}</td>
              </tr>
            ) : null}
            {c.correctsId ? (
              <>
                <tr>
                  <th>{t('receipt.corrects')}</th>
                  <td>
                    <Link to={`/collections/${c.correctsId}/receipt`}>{t('receipt.corrects')}</Link>
                  </td>
                </tr>
                <tr>
                  <th>{t('receipt.reason')}</th>
                  <td>{c.reason ?? ''}</td>
                </tr>
              </>
            ) : null}
            <tr>
              <th>{t('receipt.collector')}</th>
              <td>{c.collectedBy.name}</td>
            </tr>
            <tr>
              <th>{t('receipt.time')}</th>
              <td>{formatDateTime(c.collectedAt)}</td>
            </tr>
          </tbody>
        </table>
        <div className="signs">
          <span>{t('receipt.collector')}</span>
          <span>{t('receipt.signCustomer')}</span>
        </div>
      </div>
      {correcting ? (
        <CorrectModal
          title={`${t('correct.title')} ${c.receiptNo}`}
          onClose={() => setCorrecting(false)}
          onSubmit={async (body) => {
            const res = await api.call('POST /api/collections/:id/correct', { params: { id: c.id }, body });
            navigate(`/collections/${res.id}/receipt`);
          }}
        />
      ) : null}
    </>
  );
}

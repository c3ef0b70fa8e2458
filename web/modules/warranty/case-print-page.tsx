import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Flex, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useApiQuery } from '../../api/queries.js';
import { useSetupStatus } from '../../api/session.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useDocumentTitle, useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';

/** A4 portrait; on paper only the form shows. */
const SHEET_CSS = `
.appraisal-form { width: 190mm; min-height: 270mm; margin: 0 auto; padding: 12mm; background: #fff; color: #000;
  font-size: 12px; line-height: 1.5; box-shadow: 0 1px 6px rgba(0,0,0,.15); box-sizing: border-box; }
.appraisal-form h1 { font-size: 20px; text-align: center; margin: 0 0 2mm; letter-spacing: 2px; }
.appraisal-form h2 { font-size: 13px; margin: 4mm 0 1mm; border-bottom: 2px solid #000; }
.appraisal-form .grid { display: grid; grid-template-columns: 28mm 1fr 28mm 1fr; border-top: 1px solid #000;
  border-left: 1px solid #000; }
.appraisal-form .grid > div { border-right: 1px solid #000; border-bottom: 1px solid #000; padding: 1.5mm 2mm;
  white-space: pre-wrap; }
.appraisal-form .grid > .k { background: #f0f0f0; font-weight: 600; }
.appraisal-form .grid > .wide { grid-column: span 3; }
.appraisal-form .signs { display: flex; justify-content: space-between; margin-top: 14mm; }
.appraisal-form .signs span { border-top: 1px solid #000; width: 50mm; text-align: center; padding-top: 1mm; }
@media print {
  @page { size: A4 portrait; margin: 10mm; }
  body * { visibility: hidden !important; }
  .appraisal-form, .appraisal-form * { visibility: visible !important; }
  .appraisal-form { position: absolute; left: 0; top: 0; width: 100%; box-shadow: none; padding: 0; }
  .appraisal-form .grid > .k { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

function Pair({ k, children, wide }: { k: string; children: ReactNode; wide?: boolean }) {
  return (
    <>
      <div className="k">{k}</div>
      <div className={wide ? 'wide' : undefined}>{children}</div>
    </>
  );
}

/** The printable appraisal form (鉴定单) of a return/exchange case. */
export function CasePrintPage() {
  const { id = '' } = useParams();
  const { t, pick } = useI18n();
  const company = useSetupStatus().data;
  const q = useApiQuery('GET /api/warranty/cases/:id/appraisal-form', { params: { id } });
  useDocumentTitle(q.data ? `${t('warranty.print.title')} ${q.data.caseCode}` : t('warranty.print.title'));
  if (q.isPending) {
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin />
      </Flex>
    );
  }
  if (q.isError) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;
  const f = q.data;
  const a = f.appraisal;
  return (
    <>
      <style>{SHEET_CSS}</style>
      <Flex justify="space-between" style={{ marginBottom: 16 }}>
        <Link to={`/warranty/cases/${id}`}>
          <Button icon={<ArrowLeftOutlined />}>{f.caseCode}</Button>
        </Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          {t('warranty.print.button')}
        </Button>
      </Flex>
      <div className="appraisal-form" data-testid="appraisal-form">
        <h1>{t('warranty.print.title')}</h1>
        <Flex justify="space-between">
          <span>{company?.companyName ?? ''}</span>
          <span>
            {f.caseCode} · {t('warranty.print.printedAt')} {formatDateTime(f.printedAt)}
          </span>
        </Flex>
        <h2>{t('warranty.print.customer')}</h2>
        <div className="grid">
          <Pair k={t('warranty.print.name')}>{f.customer.name}</Pair>
          <Pair k={t('warranty.print.phone')}>{f.customer.phone ?? ''}</Pair>
          <Pair k={t('warranty.print.address')} wide>
            {f.customer.address ?? ''}
          </Pair>
        </div>
        <h2>{t('warranty.print.product')}</h2>
        <div className="grid">
          <Pair k={t('warranty.print.line')}>{f.product.lineName}</Pair>
          <Pair k={t('warranty.print.model')}>
            {f.product.modelCode} {f.product.modelName}
          </Pair>
          <Pair k={t('warranty.print.serial')}>{f.product.serialNo}</Pair>
          <Pair k={t('warranty.policy.usage')}>{t(`warranty.usage.${f.product.usage}`)}</Pair>
          <Pair k={t('warranty.print.purchaseDate')}>{f.product.purchaseDate ?? ''}</Pair>
          <Pair k={t('warranty.print.invoiceNo')}>{f.product.invoiceNo ?? ''}</Pair>
        </div>
        <h2>{t('warranty.print.request')}</h2>
        <div className="grid">
          <Pair k={t('warranty.case.requested')}>{t(`warranty.remedy.${f.requested}`)}</Pair>
          <Pair k={t('warranty.case.order')}>{f.orderCode ?? ''}</Pair>
          <Pair k={t('warranty.case.reason')} wide>
            {f.reason}
          </Pair>
          <Pair k={t('warranty.case.rule')} wide>
            {f.remedyReasons.map((r) => pick(r)).join('\n')}
          </Pair>
        </div>
        <h2>{t('warranty.case.appraisal')}</h2>
        <div className="grid">
          <Pair k={t('warranty.appraisal.faultVerified')}>
            {a ? (a.faultVerified ? t('common.yes') : t('common.no')) : ''}
          </Pair>
          <Pair k={t('warranty.appraisal.faultCode')}>{a?.faultCode ?? ''}</Pair>
          <Pair k={t('warranty.appraisal.findings')} wide>
            {a?.findings ?? ''}
          </Pair>
          <Pair k={t('warranty.appraisal.testResults')} wide>
            {a?.testResults ?? ''}
          </Pair>
          <Pair k={t('warranty.appraisal.conclusion')}>
            {a ? t(`warranty.appraisal.conclusion.${a.conclusion}`) : ''}
          </Pair>
          <Pair k={t('warranty.appraisal.customerChoice')}>
            {a?.customerChoice ? t(`warranty.remedy.${a.customerChoice}`) : ''}
          </Pair>
          <Pair k={t('warranty.appraisal.by')}>{a ? `${a.byName} ${formatDateTime(a.at)}` : ''}</Pair>
          <Pair k={t('warranty.case.state')}>{t(`warranty.case.state.${f.state}`)}</Pair>
        </div>
        <h2>{t('warranty.case.approvals')}</h2>
        <div className="grid">
          {f.approvals.map((ap) => (
            <Pair key={`${ap.level}-${ap.at}`} k={t(`warranty.case.approval.${ap.level}`)} wide>
              {`${ap.byName} ${formatDateTime(ap.at)}${ap.note ? ` · ${ap.note}` : ''}`}
            </Pair>
          ))}
        </div>
        <div className="signs">
          <span>{t('warranty.print.signCustomer')}</span>
          <span>{t('warranty.print.signAppraiser')}</span>
          <span>{t('warranty.print.signApprover')}</span>
        </div>
      </div>
    </>
  );
}

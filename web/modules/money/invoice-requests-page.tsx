import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Form, Input, Modal, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { INVOICE_STATES, type InvoiceRequest } from '../../../server/modules/money/collection/contract.js';
import { api } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { PageHeader } from '../../components/page-header.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { useMoneyText } from './payment-section.js';

/*
 * Invoice requests (docs/money-collection-screens.md): the customers' requests by state, open or
 * issued; finance issues one by entering the invoice number (开票).
 */

const URL = '/api/invoice-requests';
type State = (typeof INVOICE_STATES)[number];

export function InvoiceRequestsPage() {
  const { t } = useI18n();
  const me = useMe().data;
  const money = useMoneyText();
  const [state, setState] = useState<State>('open');
  const [page, setPage] = useState(1);
  const q = useApiQuery('GET /api/invoice-requests', { query: { state, page, pageSize: 50 } });
  const [issuing, setIssuing] = useState<InvoiceRequest | null>(null);
  const issue = can(me, 'money.reconcile');
  const columns = [
    {
      title: t('invoices.order'),
      key: 'order',
      render: (_: unknown, r: InvoiceRequest) => <Link to={`/orders/${r.orderId}`}>{r.orderCode}</Link>,
    },
    { title: t('invoices.customer'), dataIndex: 'customerName', key: 'customer' },
    {
      title: t('invoices.title.col'),
      key: 'title',
      render: (_: unknown, r: InvoiceRequest) => (
        <Flex vertical>
          <span>{r.title}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`collect.titleKind.${r.titleKind}`)}
            {r.taxId ? ` · ${r.taxId}` : ''}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('invoices.contact'),
      key: 'contact',
      render: (_: unknown, r: InvoiceRequest) => [r.email, r.phone].filter(Boolean).join(' / '),
    },
    {
      title: t('invoices.amount'),
      dataIndex: 'amountFen',
      key: 'amount',
      align: 'right' as const,
      render: (fen: number) => money(fen),
    },
    {
      title: t('invoices.requested'),
      key: 'requested',
      render: (_: unknown, r: InvoiceRequest) => `${formatDateTime(r.requestedAt)} · ${r.requestedBy.name}`,
    },
    state === 'issued'
      ? {
          title: t('invoices.issued'),
          key: 'issued',
          render: (_: unknown, r: InvoiceRequest) => (
            <Flex vertical>
              <Typography.Text strong>{r.invoiceNo}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(r.issuedAt)} · {r.issuedBy?.name ?? ''}
              </Typography.Text>
            </Flex>
          ),
        }
      : {
          title: '',
          key: 'actions',
          render: (_: unknown, r: InvoiceRequest) =>
            issue ? (
              <Button size="small" type="primary" onClick={() => setIssuing(r)}>
                {t('invoices.issue')}
              </Button>
            ) : null,
        },
  ];
  return (
    <Flex vertical gap={16}>
      <PageHeader title={t('invoices.title')} />
      <Tabs
        activeKey={state}
        onChange={(k) => {
          setState(k as State);
          setPage(1);
        }}
        items={INVOICE_STATES.map((s) => ({ key: s, label: t(`invoices.tab.${s}`) }))}
      />
      <Table<InvoiceRequest>
        rowKey="id"
        size="small"
        loading={q.isFetching}
        columns={columns}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: q.isError ? q.error.detail : t('invoices.empty') }}
        pagination={{ current: page, pageSize: 50, total: q.data?.total ?? 0, onChange: setPage }}
        scroll={{ x: 900 }}
      />
      {issuing ? <IssueModal request={issuing} onClose={() => setIssuing(null)} /> : null}
    </Flex>
  );
}

/** 开票: finance enters the invoice number. */
function IssueModal({ request, onClose }: { request: InvoiceRequest; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const showError = useApiError();
  const [form] = Form.useForm<{ invoiceNo: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async (v: { invoiceNo: string }) => {
    setBusy(true);
    try {
      await api.call('POST /api/invoice-requests/:id/invoice', {
        params: { id: request.id },
        body: { invoiceNo: v.invoiceNo.trim() },
      });
      message.success(t('invoices.issuedOk'));
      await invalidateUrls(qc, URL, `/api/orders/${request.orderId}`);
      onClose();
    } catch (err) {
      showError(err, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('invoices.issueTitle', { title: request.title })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="invoice-issue" onFinish={submit}>
        <Form.Item
          name="invoiceNo"
          label={t('collect.invoiceNo')}
          rules={[{ required: true, whitespace: true, message: t('orders.form.required') }, { max: 40 }]}
        >
          <Input maxLength={40} autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

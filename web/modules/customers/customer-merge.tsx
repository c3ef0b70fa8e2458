import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Empty, Flex, Input, Modal, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Customer, CustomerSummary } from '../../../server/modules/customers/contract.js';
import { api } from '../../api/client.js';
import { invalidateUrls, useApiList } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { useCustomerAudit } from './customer-audit.js';
import { type MergeRecord, mergeHistory } from './customer-form.js';
import { CUSTOMERS_URL } from './customers-api.js';

/**
 * Duplicates by phone merged into this customer (it keeps its code; the other's phones, addresses,
 * units, contacts and requests move here), and the merge history with undo for administrators.
 */
export function CustomerMerge({ customer }: { customer: Customer }) {
  const t = useT();
  const me = useMe().data!;
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const showError = useApiError();
  const primary = customer.phones.find((p) => p.isPrimary) ?? customer.phones[0];
  const [phone, setPhone] = useState(customer.phonesMasked ? '' : (primary?.number ?? ''));
  const [searched, setSearched] = useState(customer.phonesMasked ? '' : (primary?.number ?? ''));
  const [picked, setPicked] = useState<CustomerSummary | null>(null);
  const canMerge = can(me, 'customers.manage') && customer.active && !customer.mergedIntoId;
  const canUndo = can(me, 'customers.merge_undo');

  const dups = useApiList(
    'GET /api/customers/duplicates',
    canMerge && searched ? { query: { phone: searched } } : null,
  );
  const others = (dups.data ?? []).filter((c) => c.id !== customer.id);
  const audit = useCustomerAudit(can(me, 'audit.read') ? customer.id : null, 500);
  const history = mergeHistory(audit.data?.items ?? []);

  const refresh = () => invalidateUrls(qc, CUSTOMERS_URL, '/api/units', '/api/audit', '/api/intake');

  const merge = useMutation({
    mutationFn: (other: CustomerSummary) =>
      api.call('POST /api/customers/:id/merge', {
        params: { id: customer.id },
        body: { otherId: other.id, version: customer.version },
      }),
    onSuccess: async (r) => {
      const m = r.merge.moved;
      message.success(t('customers.mergeDone', { ...m, complaints: m.others.complaints ?? 0 }));
      setPicked(null);
      await refresh();
    },
    onError: (err) => showError(err),
  });

  const undo = useMutation({
    mutationFn: (m: MergeRecord) =>
      api.call('POST /api/customers/merges/:mergeId/undo', { params: { mergeId: m.mergeId } }),
    onSuccess: async () => {
      message.success(t('customers.undoDone'));
      await refresh();
    },
    onError: (err) => showError(err),
  });

  return (
    <Flex vertical gap={16}>
      {canMerge ? (
        <>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            {t('customers.mergeHint', { code: customer.code })}
          </Typography.Paragraph>
          <Input.Search
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            onSearch={(v) => setSearched(v.trim())}
            placeholder={t('customers.dupPhone')}
            aria-label={t('customers.dupPhone')}
            enterButton={t('customers.findDuplicates')}
            inputMode="tel"
            style={{ maxWidth: 420 }}
          />
          {searched ? (
            <Table<CustomerSummary>
              rowKey="id"
              size="small"
              loading={dups.isFetching}
              dataSource={others}
              scroll={{ x: 'max-content' }}
              pagination={false}
              locale={{ emptyText: <Empty description={t('customers.noDuplicates')} /> }}
              columns={[
                {
                  key: 'code',
                  title: t('customers.code'),
                  render: (_, c) => <Link to={`/customers/${c.id}`}>{c.code}</Link>,
                },
                { key: 'name', title: t('customers.name'), dataIndex: 'name' },
                {
                  key: 'phones',
                  title: t('customers.phones'),
                  render: (_, c) => c.phones.map((p) => p.display).join(' / '),
                },
                { key: 'area', title: t('customers.area'), render: (_, c) => c.primaryAddress?.divisionNames },
                { key: 'units', title: t('customers.unitCount'), dataIndex: 'unitCount' },
                {
                  key: 'actions',
                  title: t('common.actions'),
                  render: (_, c) => (
                    <Button size="small" onClick={() => setPicked(c)}>
                      {t('customers.mergeThis')}
                    </Button>
                  ),
                },
              ]}
            />
          ) : null}
        </>
      ) : null}

      {can(me, 'audit.read') ? (
        <>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('customers.mergeHistory')}
          </Typography.Title>
          <Table<MergeRecord>
            rowKey="mergeId"
            size="small"
            loading={audit.isFetching}
            dataSource={history}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty description={t('customers.noMerges')} /> }}
            columns={[
              { key: 'at', title: t('audit.at'), render: (_, m) => formatDateTime(m.at) },
              { key: 'actor', title: t('audit.actor'), dataIndex: 'actorName' },
              { key: 'merged', title: t('customers.mergedCustomer'), dataIndex: 'mergedCode' },
              {
                key: 'state',
                title: t('common.status'),
                render: (_, m) =>
                  m.undone ? (
                    <Tag>{t('customers.mergeUndone')}</Tag>
                  ) : (
                    <Tag color="blue">{t('customers.mergeActive')}</Tag>
                  ),
              },
              ...(canUndo
                ? [
                    {
                      key: 'actions',
                      title: t('common.actions'),
                      render: (_: unknown, m: MergeRecord) =>
                        m.undone ? null : (
                          <Button
                            size="small"
                            danger
                            loading={undo.isPending}
                            onClick={() =>
                              modal.confirm({
                                title: t('customers.undoTitle', { code: m.mergedCode }),
                                content: t('customers.undoHint'),
                                okText: t('customers.undo'),
                                cancelText: t('common.cancel'),
                                okButtonProps: { danger: true },
                                onOk: () => undo.mutateAsync(m),
                              })
                            }
                          >
                            {t('customers.undo')}
                          </Button>
                        ),
                    },
                  ]
                : []),
            ]}
          />
        </>
      ) : null}

      {picked ? (
        <Modal
          open
          title={t('customers.mergeTitle')}
          okText={t('customers.mergeConfirm')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true }}
          confirmLoading={merge.isPending}
          onOk={() => merge.mutate(picked)}
          onCancel={() => setPicked(null)}
          destroyOnHidden
        >
          <Typography.Paragraph>
            {t('customers.mergeExplain', {
              other: `${picked.name}（${picked.code}）`,
              self: `${customer.name}（${customer.code}）`,
            })}
          </Typography.Paragraph>
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: 'keep', label: t('customers.mergeKeeps'), children: `${customer.name}（${customer.code}）` },
              { key: 'gone', label: t('customers.mergeRemoves'), children: `${picked.name}（${picked.code}）` },
              { key: 'units', label: t('customers.unitCount'), children: picked.unitCount },
            ]}
          />
        </Modal>
      ) : null}
    </Flex>
  );
}

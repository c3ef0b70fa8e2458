import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Flex, Form, Input, Modal, Popconfirm, Select, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../api/client.js';
import { invalidateUrls, useApiList, useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useT } from '../../i18n/index.js';
import { useListParams } from '../intake/list-params.js';
import { type Certification, CERTIFICATIONS_URL } from './orders-api.js';
import { TechnicianSelect } from './pickers.js';
import type { ProductLine } from '../catalog/catalog-api.js';

function useLines() {
  return useApiList('GET /api/catalog/lines', {}, { staleTime: 5 * 60_000 });
}

function lineOptions(data: ProductLine[] | undefined) {
  return (data ?? []).map((l) => ({ value: l.id, label: l.name }));
}

interface CreateValues {
  userId: string;
  productLineId: string;
  validUntil: Dayjs;
  certificateNo?: string;
}

function CreateModal({ onClose }: { onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<CreateValues>();
  const lines = useLines();
  const create = useMutation({
    mutationFn: (v: CreateValues) =>
      api.call('POST /api/technician-certifications', {
        body: {
          userId: v.userId,
          productLineId: v.productLineId,
          validUntil: v.validUntil.format('YYYY-MM-DD'),
          certificateNo: v.certificateNo?.trim() || undefined,
        },
      }),
    onSuccess: async () => {
      message.success(t('cert.created'));
      await invalidateUrls(qc, CERTIFICATIONS_URL);
      onClose();
    },
    onError: (err) => showError(err, form),
  });
  const required = [{ required: true, message: t('orders.form.required') }];
  return (
    <Modal
      open
      title={t('cert.add')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="certification" onFinish={(v) => create.mutate(v)}>
        <Form.Item name="userId" label={t('cert.technician')} rules={required}>
          <TechnicianSelect />
        </Form.Item>
        <Form.Item name="productLineId" label={t('cert.productLine')} rules={required}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={lineOptions(lines.data)}
            loading={lines.isFetching}
          />
        </Form.Item>
        <Form.Item name="validUntil" label={t('cert.validUntil')} rules={required}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="certificateNo" label={t('cert.number')} rules={[{ max: 64 }]}>
          <Input />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Technicians' certifications by product line: only certified technicians are assigned. */
export function CertificationsPage() {
  const t = useT();
  const me = useMe().data!;
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const { filters, page, pageSize, set } = useListParams(['userId', 'productLineId'] as const, 50);
  const list = useApiQuery(
    'GET /api/technician-certifications',
    { query: { ...filters, page, pageSize } },
    {
      placeholderData: (prev) => prev,
    },
  );
  const lines = useLines();
  const [creating, setCreating] = useState(false);
  const manage = can(me, 'orders.dispatch');
  const remove = useMutation({
    mutationFn: (c: Certification) =>
      api.call('DELETE /api/technician-certifications/:id', { params: { id: c.id }, query: { version: c.version } }),
    onSuccess: async () => {
      message.success(t('cert.deleted'));
      await invalidateUrls(qc, CERTIFICATIONS_URL);
    },
    onError: (err) => showError(err),
  });
  if (list.isError && !list.data) return <LoadFailed detail={list.error.detail} onRetry={() => list.refetch()} />;

  return (
    <>
      <PageHeader
        title={t('cert.title')}
        extra={
          manage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('cert.add')}
            </Button>
          ) : null
        }
      />
      <Card styles={{ body: { paddingBottom: 8 } }}>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          {can(me, 'users.read') ? (
            <TechnicianSelect
              allowClear
              value={filters.userId}
              onChange={(v) => set({ userId: v })}
              style={{ width: 240 }}
            />
          ) : null}
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            value={filters.productLineId}
            onChange={(v) => set({ productLineId: v })}
            options={lineOptions(lines.data)}
            placeholder={t('cert.productLine')}
            aria-label={t('cert.productLine')}
            style={{ width: 200 }}
          />
        </Flex>
        <Table<Certification>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showTotal: (total) => t('cert.count', { total }),
            onChange: (p, s) => set({ page: p, pageSize: s }),
          }}
          columns={[
            { key: 'user', title: t('cert.technician'), dataIndex: 'userName' },
            { key: 'line', title: t('cert.productLine'), dataIndex: 'productLineName' },
            { key: 'until', title: t('cert.validUntil'), dataIndex: 'validUntil' },
            { key: 'no', title: t('cert.number'), dataIndex: 'certificateNo' },
            {
              key: 'valid',
              title: t('common.status'),
              render: (_, c) => (
                <Tag color={c.valid ? 'green' : 'default'}>{t(c.valid ? 'cert.valid' : 'cert.expired')}</Tag>
              ),
            },
            ...(manage
              ? [
                  {
                    key: 'actions',
                    title: t('common.actions'),
                    render: (_: unknown, c: Certification) => (
                      <Popconfirm
                        title={t('cert.deleteConfirm', { name: c.userName, line: c.productLineName })}
                        okText={t('cert.delete')}
                        cancelText={t('common.cancel')}
                        okButtonProps={{ danger: true }}
                        onConfirm={() => remove.mutate(c)}
                      >
                        <Button type="link" danger icon={<DeleteOutlined />}>
                          {t('cert.delete')}
                        </Button>
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {creating ? <CreateModal onClose={() => setCreating(false)} /> : null}
    </>
  );
}

import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, Modal, Select, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { AnnouncementItem } from '../../../server/modules/care/contract.js';
import { divisionName } from '../../../shared/divisions.js';
import { api, type ApiError, type BodyOf } from '../../api/client.js';
import { invalidateUrls, useApiList, useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { divisionOptions } from '../../components/division-cascader.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { useMutation, useQueryClient } from '@tanstack/react-query';

/*
 * Announcements ahead of a campaign or promotion (docs/care.md, "Announcements"): the list of
 * those made within the reader's area with their state and audience, a form to schedule one (the
 * event day, the text, the provinces and product lines; sent by default two weeks ahead at 09:00)
 * and cancelling a scheduled one with a reason. Refusals land on their fields and always show.
 */

const DAY = 'YYYY-MM-DD';
const URL = '/api/care/announcements';

interface Values {
  title: string;
  body: string;
  eventOn: Dayjs;
  sendOn?: Dayjs;
  provinceCodes?: string[];
  productLineIds?: string[];
}

const STATE_COLOR = { scheduled: 'blue', sent: 'green', cancelled: 'default' } as const;

export function AnnouncementsPage() {
  const t = useT();
  const isPhone = useIsPhone();
  const me = useMe().data;
  const manage = !!me && can(me, 'care.manage');
  const list = useApiQuery('GET /api/care/announcements', {});
  const [creating, setCreating] = useState(false);
  const [cancelling, setCancelling] = useState<AnnouncementItem | null>(null);
  if (list.isError && !list.data) return <LoadFailed detail={list.error.detail} onRetry={() => list.refetch()} />;
  return (
    <>
      <PageHeader
        title={t('care.ann.title')}
        extra={
          manage ? (
            <Button type="primary" onClick={() => setCreating(true)} data-testid="announcement-new">
              {t('care.ann.new')}
            </Button>
          ) : null
        }
      />
      {isPhone ? null : <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('care.ann.intro')} />}
      <Card styles={{ body: isPhone ? { padding: 12 } : undefined }}>
        <Table<AnnouncementItem>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('care.ann.empty') }}
          data-testid="announcements"
          pagination={{ pageSize: 50, hideOnSinglePage: true, simple: isPhone }}
          columns={[
            { key: 'title', title: t('care.ann.titleField'), dataIndex: 'title' },
            { key: 'eventOn', title: t('care.ann.eventOn'), dataIndex: 'eventOn' },
            { key: 'sendAt', title: t('care.ann.sendAt'), render: (_, a) => formatDateTime(a.sendAt) },
            {
              key: 'segment',
              title: t('care.ann.segment'),
              render: (_, a) =>
                a.provinceCodes.length
                  ? a.provinceCodes.map((c) => <Tag key={c}>{divisionName(c) ?? c}</Tag>)
                  : t('care.ann.allArea'),
            },
            { key: 'audience', title: t('care.ann.audience'), dataIndex: 'audience', align: 'right' },
            {
              key: 'state',
              title: t('care.ann.state'),
              render: (_, a) => (
                <Flex vertical gap={2}>
                  <Tag color={STATE_COLOR[a.state]}>{t(`care.ann.state.${a.state}`)}</Tag>
                  {a.cancelReason ? <Typography.Text type="secondary">{a.cancelReason}</Typography.Text> : null}
                </Flex>
              ),
            },
            {
              key: 'actions',
              title: '',
              render: (_, a) =>
                a.actions.includes('cancel') ? (
                  <Button size="small" danger onClick={() => setCancelling(a)}>
                    {t('care.ann.cancel')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      {creating ? <CreateModal onClose={() => setCreating(false)} /> : null}
      {cancelling ? <CancelModal a={cancelling} onClose={() => setCancelling(null)} /> : null}
    </>
  );
}

function CreateModal({ onClose }: { onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<Values>();
  const lines = useApiList('GET /api/catalog/lines', {});
  const provinces = divisionOptions().map((p) => ({ value: p.value, label: p.label }));
  const run = useMutation<AnnouncementItem, ApiError, BodyOf<'POST /api/care/announcements'>>({
    mutationFn: (body) => api.call('POST /api/care/announcements', { body }),
    onSuccess: async () => {
      message.success(t('care.ann.scheduled'));
      await invalidateUrls(qc, URL);
      onClose();
    },
    onError: (err) => showError(err, form),
  });
  const submit = (v: Values) =>
    run.mutate({
      title: v.title,
      body: v.body,
      eventOn: v.eventOn.format(DAY),
      ...(v.sendOn ? { sendOn: v.sendOn.format(DAY) } : {}),
      provinceCodes: v.provinceCodes ?? [],
      productLineIds: v.productLineIds ?? [],
    });
  return (
    <Modal
      open
      title={t('care.ann.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('care.ann.schedule')}
      confirmLoading={run.isPending}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" name="announcement" onFinish={submit}>
        <Form.Item name="title" label={t('care.ann.titleField')} rules={[{ required: true, min: 2, max: 100 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="body"
          label={t('care.ann.body')}
          extra={t('care.ann.bodyHint')}
          rules={[{ required: true, min: 5, max: 300 }]}
        >
          <Input.TextArea rows={3} maxLength={300} showCount />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="eventOn" label={t('care.ann.eventOn')} rules={[{ required: true }]}>
            <DatePicker disabledDate={(d) => !d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="sendOn" label={t('care.ann.sendOn')} extra={t('care.ann.sendOnHint')}>
            <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
        </Flex>
        <Form.Item name="provinceCodes" label={t('care.ann.provinces')} extra={t('care.ann.provincesHint')}>
          <Select mode="multiple" options={provinces} optionFilterProp="label" allowClear />
        </Form.Item>
        <Form.Item name="productLineIds" label={t('care.ann.lines')} extra={t('care.ann.linesHint')}>
          <Select
            mode="multiple"
            allowClear
            optionFilterProp="label"
            options={(lines.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function CancelModal({ a, onClose }: { a: AnnouncementItem; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const [form] = Form.useForm<{ reason: string }>();
  const run = useMutation<AnnouncementItem, ApiError, { reason: string }>({
    mutationFn: ({ reason }) =>
      api.call('POST /api/care/announcements/:id/cancel', {
        params: { id: a.id },
        body: { version: a.version, reason },
      }),
    onSuccess: async () => {
      message.success(t('care.ann.cancelled'));
      await invalidateUrls(qc, URL);
      onClose();
    },
    onError: async (err) => {
      showError(err, form);
      if (err.status === 409) await invalidateUrls(qc, URL);
    },
  });
  return (
    <Modal
      open
      title={t('care.ann.cancelTitle', { title: a.title })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ danger: true }}
      okText={t('care.ann.cancel')}
      confirmLoading={run.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="announcement-cancel" onFinish={(v) => run.mutate(v)}>
        <Form.Item name="reason" label={t('care.ann.reason')} rules={[{ required: true, min: 2, max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Flex, Form, Input, Modal, Spin, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, type ResponseOf } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { type Channel, MESSAGE_CHANNELS } from '../messages/messages-rules.js';
import { channelKey } from '../outbox/outbox-parts.js';

type Messaging = ResponseOf<'GET /api/customers/:id/messaging'>;
type Address = Messaging['addresses'][number];

/**
 * Where the customer's messages go (docs/messages.md): each mobile, e-mail and WeChat address
 * (masked) with whether it still receives messages and, if not, how it was stopped (a "TD" reply,
 * the e-mail link, or an agent on the customer's word). On the customer's word an agent stops or
 * restarts an address, with a note, and chooses the channels; no choice means every enabled one.
 */
export function CustomerMessaging({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const me = useMe().data;
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const canManage = can(me, 'customers.manage');
  const url = `/api/customers/${customerId}/messaging`;
  const q = useApiQuery('GET /api/customers/:id/messaging', { params: { id: customerId } });
  const [changing, setChanging] = useState<Address | null>(null);
  const [channels, setChannels] = useState<Channel[]>([]);
  const [note, setNote] = useState('');
  useEffect(() => setChannels(q.data?.channels ?? []), [q.data?.channels]);

  const saveChannels = useMutation({
    mutationFn: () =>
      api.call('PUT /api/customers/:id/messaging/channels', {
        params: { id: customerId },
        body: { channels: channels.length ? channels : null, note: note.trim() || undefined },
      }),
    onSuccess: async () => {
      message.success(t('custMsg.channelsSaved'));
      setNote('');
      await invalidateUrls(qc, url);
    },
    onError: (err) => showError(err),
  });

  if (q.isPending) return <Spin style={{ display: 'block', margin: '24px auto' }} />;
  if (q.isError) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;
  const m = q.data;
  const chosenChanged = [...channels].sort().join() !== [...(m.channels ?? [])].sort().join();

  return (
    <Flex vertical gap={16} data-testid="customer-messaging">
      <Table<Address>
        rowKey="ref"
        size="small"
        pagination={false}
        dataSource={m.addresses}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('custMsg.noAddresses') }}
        onRow={(a) => {
          const attrs: Record<string, unknown> = {
            'data-testid': 'customer-address',
            'data-opted-out': a.optedOut ? 'true' : 'false',
          };
          return attrs;
        }}
        columns={[
          { key: 'channel', title: t('outbox.channel'), render: (_, a) => t(channelKey(a.channel)) },
          { key: 'address', title: t('custMsg.address'), dataIndex: 'address' },
          {
            key: 'state',
            title: t('common.status'),
            render: (_, a) =>
              a.optedOut ? (
                <Flex vertical gap={2}>
                  <Flex gap={4} wrap>
                    <Tag color="red">{t('custMsg.optedOut')}</Tag>
                    {a.source ? <Tag>{t(`custMsg.source.${a.source}`)}</Tag> : null}
                  </Flex>
                  {a.at ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('custMsg.since', { at: formatDateTime(a.at) })}
                    </Typography.Text>
                  ) : null}
                  {a.note ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {a.note}
                    </Typography.Text>
                  ) : null}
                </Flex>
              ) : (
                <Tag color="green">{t('custMsg.receiving')}</Tag>
              ),
          },
          ...(canManage
            ? [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  render: (_: unknown, a: Address) => (
                    <Button size="small" danger={!a.optedOut} onClick={() => setChanging(a)}>
                      {t(a.optedOut ? 'custMsg.restart' : 'custMsg.stop')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <div>
        <Typography.Text strong>{t('custMsg.channels')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
          {t('custMsg.channelsHint')}
        </Typography.Paragraph>
        <Flex gap={12} wrap align="center">
          <Checkbox.Group<Channel>
            disabled={!canManage}
            value={channels}
            onChange={(v) => setChannels(v)}
            options={MESSAGE_CHANNELS.map((c) => ({ value: c, label: t(channelKey(c)) }))}
            data-testid="customer-channels"
          />
          <Typography.Text type="secondary" data-testid="customer-channels-state">
            {channels.length ? null : t('custMsg.allChannels')}
          </Typography.Text>
        </Flex>
        {canManage && chosenChanged ? (
          <Flex gap={8} wrap style={{ marginTop: 8 }}>
            <Input
              value={note}
              onChange={(e) => setNote(e.target.value)}
              placeholder={t('custMsg.notePlaceholder')}
              aria-label={t('custMsg.note')}
              maxLength={500}
              style={{ width: 320, maxWidth: '100%' }}
            />
            <Button type="primary" loading={saveChannels.isPending} onClick={() => saveChannels.mutate()}>
              {t('custMsg.channelsSave')}
            </Button>
            <Button onClick={() => setChannels(m.channels ?? [])}>{t('common.cancel')}</Button>
          </Flex>
        ) : null}
      </div>
      {can(me, 'messages.read') ? (
        <Link to={`/outbox?customerId=${customerId}`} data-testid="customer-outbox-link">
          {t('custMsg.outbox')}
        </Link>
      ) : null}
      {changing ? (
        <OptOutModal
          customerId={customerId}
          address={changing}
          onDone={async () => {
            setChanging(null);
            await invalidateUrls(qc, url);
          }}
          onClose={() => setChanging(null)}
        />
      ) : null}
    </Flex>
  );
}

function OptOutModal({
  customerId,
  address: a,
  onDone,
  onClose,
}: {
  customerId: string;
  address: Address;
  onDone: () => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ note: string }>();
  const { message } = App.useApp();
  const showError = useApiError();
  const stop = !a.optedOut;
  const change = useMutation({
    mutationFn: (note: string) =>
      api.call('POST /api/customers/:id/messaging/opt-outs', {
        params: { id: customerId },
        body: { ref: a.ref, optedOut: stop, note: note.trim() },
      }),
    onSuccess: async () => {
      message.success(t(stop ? 'custMsg.stopped' : 'custMsg.restarted'));
      await onDone();
    },
    onError: (err) => showError(err, form),
  });
  const params = { address: a.address, channel: t(channelKey(a.channel)) };
  return (
    <Modal
      open
      title={t(stop ? 'custMsg.stopTitle' : 'custMsg.restartTitle', params)}
      okText={t(stop ? 'custMsg.stop' : 'custMsg.restart')}
      okButtonProps={{ danger: stop }}
      cancelText={t('common.cancel')}
      confirmLoading={change.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {t(stop ? 'custMsg.stopIntro' : 'custMsg.restartIntro', params)}
      </Typography.Paragraph>
      <Form form={form} name="opt-out" layout="vertical" onFinish={(v) => change.mutate(v.note)}>
        <Form.Item
          name="note"
          label={t('custMsg.note')}
          extra={t('custMsg.noteHint')}
          rules={[{ required: true, whitespace: true, message: t('custMsg.noteRequired') }, { max: 500 }]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

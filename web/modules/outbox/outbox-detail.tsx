import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Drawer, Flex, Form, Input, Modal, Spin, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { OutboxMessage } from '../../../server/platform/notify/contract.js';
import { api } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { eventLabel } from '../messages/messages-rules.js';
import { channelKey, OUTBOX_URL, StatusTag } from './outbox-parts.js';

type Attempt = OutboxMessage['attempts'][number];

const pre = { whiteSpace: 'pre-wrap', wordBreak: 'break-word' } as const;

/**
 * One message: what it said, where it went, what the provider answered, and every attempt. A
 * failed message (a dead letter) is resent from here, optionally to a corrected address.
 */
export function OutboxDetailDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t, tryT, lang } = useI18n();
  const me = useMe().data;
  const isPhone = useIsPhone();
  const q = useApiQuery('GET /api/outbox/:id', { params: { id } });
  const [resending, setResending] = useState(false);
  const m = q.data;
  const canResend = !!m && m.status === 'failed' && can(me, 'messages.manage');

  return (
    <Drawer
      open
      onClose={onClose}
      size={isPhone ? '100%' : 640}
      title={m ? `${eventLabel(m.template, lang)} · ${t(channelKey(m.channel))}` : t('outbox.detail')}
      extra={
        canResend ? (
          <Button type="primary" danger onClick={() => setResending(true)} data-testid="outbox-resend">
            {t('outbox.resend')}
          </Button>
        ) : null
      }
    >
      <div data-testid="outbox-detail">
        {q.isPending ? (
          <Flex justify="center" style={{ padding: 48 }}>
            <Spin />
          </Flex>
        ) : q.isError ? (
          <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />
        ) : m ? (
          <Flex vertical gap={16}>
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('outbox.status')}>
                <Flex gap={8} align="center" wrap>
                  <StatusTag status={m.status} />
                  {m.reason ? (
                    <Typography.Text type="secondary">{tryT(`outbox.reason.${m.reason}`) ?? m.reason}</Typography.Text>
                  ) : null}
                </Flex>
              </Descriptions.Item>
              <Descriptions.Item label={t('outbox.recipient')}>
                <span data-testid="outbox-detail-recipient">{m.recipient}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('outbox.event')}>
                {eventLabel(m.template, lang)}{' '}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {m.template}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={t('outbox.lang')}>{m.lang === 'en' ? 'English' : '中文'}</Descriptions.Item>
              {m.customerId && can(me, 'customers.read') ? (
                <Descriptions.Item label={t('outbox.customer')}>
                  <Link to={`/customers/${m.customerId}`}>{t('outbox.openCustomer')}</Link>
                </Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('outbox.createdAt')}>{formatDateTime(m.createdAt, true)}</Descriptions.Item>
              {m.status === 'pending' || m.status === 'sending' ? (
                <Descriptions.Item label={t('outbox.nextAttemptAt')}>
                  <span data-testid="outbox-next-attempt">{formatDateTime(m.nextAttemptAt, true)}</span>
                </Descriptions.Item>
              ) : null}
              {m.sentAt ? (
                <Descriptions.Item label={t('outbox.sentAt')}>{formatDateTime(m.sentAt, true)}</Descriptions.Item>
              ) : null}
              {m.deliveredAt ? (
                <Descriptions.Item label={t('outbox.deliveredAt')}>
                  {formatDateTime(m.deliveredAt, true)}
                </Descriptions.Item>
              ) : null}
              {m.failedAt ? (
                <Descriptions.Item label={t('outbox.failedAt')}>{formatDateTime(m.failedAt, true)}</Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('outbox.providerCode')}>{m.providerCode ?? '—'}</Descriptions.Item>
              {m.channel === 'sms' ? (
                <Descriptions.Item label={t('outbox.signature')}>{m.signature ?? '—'}</Descriptions.Item>
              ) : null}
              <Descriptions.Item label={t('outbox.providerId')}>
                <span style={{ wordBreak: 'break-all' }}>{m.providerId ?? '—'}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('outbox.providerAnswer')}>
                <span style={{ ...pre, fontFamily: 'monospace', fontSize: 12 }} data-testid="outbox-provider-answer">
                  {m.providerAnswer ?? '—'}
                </span>
              </Descriptions.Item>
            </Descriptions>

            <div>
              <Typography.Title level={5}>{t('outbox.content')}</Typography.Title>
              <div
                style={{ ...pre, background: '#fafafa', border: '1px solid #f0f0f0', borderRadius: 6, padding: 12 }}
                data-testid="outbox-detail-body"
              >
                {m.subject ? (
                  <Typography.Paragraph strong style={{ marginBottom: 8 }}>
                    {m.subject}
                  </Typography.Paragraph>
                ) : null}
                {m.body}
              </div>
            </div>

            <div>
              <Typography.Title level={5}>{t('outbox.attemptsTitle')}</Typography.Title>
              <Table<Attempt & { n: number }>
                rowKey="n"
                size="small"
                pagination={false}
                dataSource={m.attempts.map((a, n) => ({ ...a, n }))}
                locale={{ emptyText: t('outbox.noAttempts') }}
                data-testid="outbox-attempts"
                columns={[
                  { key: 'at', title: t('outbox.time'), render: (_, a) => formatDateTime(a.at, true) },
                  {
                    key: 'what',
                    title: t('outbox.attemptResult'),
                    render: (_, a) =>
                      a.resend !== undefined ? (
                        <Tag color="blue">{t('outbox.attempt.resend', { name: a.resend })}</Tag>
                      ) : a.error ? (
                        <Flex vertical gap={2}>
                          <Tag color={a.permanent ? 'red' : 'orange'} style={{ width: 'fit-content' }}>
                            {t(a.permanent ? 'outbox.attempt.permanent' : 'outbox.attempt.temporary')}
                          </Tag>
                          <Typography.Text type="secondary" style={{ ...pre, fontSize: 12 }}>
                            {a.error}
                          </Typography.Text>
                        </Flex>
                      ) : (
                        <Tag color="green">{t('outbox.attempt.ok')}</Tag>
                      ),
                  },
                ]}
              />
            </div>
          </Flex>
        ) : null}
      </div>
      {resending && m ? <ResendModal message={m} onClose={() => setResending(false)} /> : null}
    </Drawer>
  );
}

interface ResendForm {
  recipient?: string;
  note?: string;
}

function ResendModal({ message: m, onClose }: { message: OutboxMessage; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<ResendForm>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const resend = useMutation({
    mutationFn: (v: ResendForm) =>
      api.call('POST /api/outbox/:id/resend', {
        params: { id: m.id },
        body: { recipient: v.recipient?.trim() || undefined, note: v.note?.trim() || undefined },
      }),
    onSuccess: async () => {
      message.success(t('outbox.resent'));
      onClose();
      await invalidateUrls(qc, OUTBOX_URL, '/api/messages/report');
    },
    onError: (err) => showError(err, form),
  });
  return (
    <Modal
      open
      title={t('outbox.resendTitle')}
      okText={t('outbox.resend')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={resend.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {t('outbox.resendIntro', { recipient: m.recipient, channel: t(channelKey(m.channel)) })}
      </Typography.Paragraph>
      <Form<ResendForm> form={form} name="resend" layout="vertical" onFinish={(v) => resend.mutate(v)}>
        <Form.Item
          name="recipient"
          label={t('outbox.resendRecipient')}
          extra={t('outbox.resendRecipientHint')}
          rules={[{ min: 3, max: 200 }]}
        >
          <Input placeholder={m.recipient} autoComplete="off" />
        </Form.Item>
        <Form.Item name="note" label={t('common.reasonOptional')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

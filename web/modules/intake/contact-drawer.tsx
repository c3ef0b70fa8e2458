import { PaperClipOutlined } from '@ant-design/icons';
import { Descriptions, Drawer, Flex, Image, List, Spin, Typography } from 'antd';
import { Link } from 'react-router';
import { routeUrl } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import type { Contact } from './intake-api.js';
import { channelKey, classKey, contactStatusKey } from './labels.js';
import { sizeText } from './request-drawer.js';

/** Pictures the server shows inline (the rest of a mail's files are downloads). */
const PREVIEW = /^image\/(jpeg|png|webp|gif)$/;

/**
 * One contact: what the list row showed at once, then the rest read from the server — a mail's
 * subject, sender and attachments (download links), and the order it names as a link.
 */
export function ContactDrawer({ contact, onClose }: { contact: Contact; onClose: () => void }) {
  const t = useT();
  const me = useMe().data;
  const isPhone = useIsPhone();
  const detail = useApiQuery('GET /api/intake/contacts/:id', { params: { id: contact.id } });
  const c = detail.data ?? contact;
  const files = detail.data?.attachments ?? [];
  const orderId = detail.data?.orderId ?? null;
  const mail = c.channel === 'email';
  const fileUrl = (attachmentId: string) =>
    routeUrl('GET /api/intake/contacts/:id/attachments/:attachmentId', { params: { id: c.id, attachmentId } });

  return (
    <Drawer
      open
      onClose={onClose}
      title={t(mail ? 'intake.contacts.mailDetail' : 'intake.contacts.detail', { code: c.code })}
      size={isPhone ? '100%' : 560}
    >
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('intake.form.class')}>{t(classKey(c.class))}</Descriptions.Item>
        <Descriptions.Item label={t('common.status')}>{t(contactStatusKey(c.status))}</Descriptions.Item>
        <Descriptions.Item label={t('intake.form.channel')}>
          {t(channelKey(c.channel))} ·{' '}
          {t(c.direction === 'outbound' ? 'intake.direction.outbound' : 'intake.direction.inbound')}
        </Descriptions.Item>
        {c.fromAddress ? (
          <Descriptions.Item label={t(mail ? 'intake.contacts.sender' : 'intake.contacts.from')}>
            {c.fromAddress}
          </Descriptions.Item>
        ) : null}
        {c.subject ? (
          <Descriptions.Item label={t('intake.contacts.subject')}>
            <span data-testid="contact-subject">{c.subject}</span>
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('intake.contacts.startedAt')}>
          {formatDateTime(c.startedAt, true)}
        </Descriptions.Item>
        {c.endedAt ? (
          <Descriptions.Item label={t('intake.contacts.endedAt')}>{formatDateTime(c.endedAt, true)}</Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('intake.form.content')}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{c.content}</span>
        </Descriptions.Item>
        {c.answer ? (
          <Descriptions.Item label={t('intake.contacts.answer')}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{c.answer}</span>
          </Descriptions.Item>
        ) : null}
        {c.answeredAt ? (
          <Descriptions.Item label={t('intake.contacts.answeredAt')}>{formatDateTime(c.answeredAt)}</Descriptions.Item>
        ) : null}
        {c.orderRef ? (
          <Descriptions.Item label={t(c.class === 'urging' ? 'intake.form.orderRef' : 'intake.contacts.order')}>
            {orderId && can(me, 'orders.read') ? (
              <Link to={`/orders/${orderId}`} data-testid="contact-order-link">
                {c.orderRef}
              </Link>
            ) : (
              c.orderRef
            )}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      {detail.isPending ? (
        <Flex justify="center" style={{ padding: 24 }}>
          <Spin />
        </Flex>
      ) : detail.isError ? (
        <LoadFailed detail={detail.error.detail} onRetry={() => detail.refetch()} />
      ) : files.length ? (
        <>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('intake.contacts.attachments')}
          </Typography.Title>
          <List
            size="small"
            bordered
            dataSource={files}
            renderItem={(a) => (
              <List.Item>
                <Flex gap={8} align="center" wrap>
                  {PREVIEW.test(a.mime) ? (
                    <Image width={96} src={fileUrl(a.id)} alt={a.fileName} />
                  ) : (
                    <PaperClipOutlined />
                  )}
                  <a href={fileUrl(a.id)} download={a.fileName} data-testid="contact-attachment">
                    {a.fileName}
                  </a>
                  <Typography.Text type="secondary">
                    {a.mime} · {sizeText(a.size)}
                  </Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        </>
      ) : null}
    </Drawer>
  );
}

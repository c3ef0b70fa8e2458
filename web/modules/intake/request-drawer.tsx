import { PictureOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Descriptions,
  Drawer,
  Empty,
  Flex,
  Form,
  Image,
  Input,
  List,
  Modal,
  Spin,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { LOOKUP_URL, REQUESTS_URL, type ServiceRequest } from './intake-api.js';
import { REQUEST_STATUS_COLOR, requestKindKey, requestStatusKey, sourceKey } from './labels.js';

/** A file's size as a person reads it (KB, MB). */
export function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function CancelModal({ request, onClose }: { request: ServiceRequest; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ reason: string }>();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const cancel = useMutation({
    mutationFn: (v: { reason: string }) =>
      api.call('POST /api/intake/requests/:id/cancel', {
        params: { id: request.id },
        body: { reason: v.reason.trim(), version: request.version },
      }),
    onSuccess: async (r) => {
      message.success(t('intake.requests.cancelled', { code: r.code }));
      await invalidateUrls(qc, REQUESTS_URL, LOOKUP_URL);
      onClose();
    },
    onError: (err) => showError(err, form),
  });
  return (
    <Modal
      open
      title={t('intake.requests.cancelTitle', { code: request.code })}
      okText={t('intake.requests.cancel')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={cancel.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="cancel-request" onFinish={(v) => cancel.mutate(v)}>
        <Form.Item
          name="reason"
          label={t('intake.requests.reason')}
          rules={[{ required: true, whitespace: true, message: t('intake.requests.reasonRequired') }, { max: 500 }]}
        >
          <Input.TextArea autoFocus autoSize={{ minRows: 2, maxRows: 5 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One service request: who, what, when, and the photos the customer sent. */
export function RequestDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const t = useT();
  const me = useMe().data;
  const isPhone = useIsPhone();
  const req = useApiQuery('GET /api/intake/requests/:id', { params: { id } });
  const [cancelling, setCancelling] = useState(false);
  const r = req.data;
  const cancellable = !!r && (r.status === 'new' || r.status === 'accepted') && can(me, 'contacts.create');
  const convertible = !!r && !r.orderId && (r.status === 'new' || r.status === 'accepted') && can(me, 'orders.create');

  return (
    <Drawer
      open
      onClose={onClose}
      size={isPhone ? '100%' : 560}
      title={r ? t('intake.requests.detail', { code: r.code }) : null}
      extra={
        <Flex gap={8}>
          {convertible ? (
            <Link to={`/orders/new?requestId=${r.id}`}>
              <Button type="primary">{t('orders.fromRequest')}</Button>
            </Link>
          ) : r?.orderId && can(me, 'orders.read') ? (
            <Link to={`/orders/${r.orderId}`}>
              <Button>{t('nav.orders')}</Button>
            </Link>
          ) : null}
          {cancellable ? (
            <Button danger onClick={() => setCancelling(true)}>
              {t('intake.requests.cancel')}
            </Button>
          ) : null}
        </Flex>
      }
    >
      {req.isPending ? (
        <Flex justify="center" style={{ padding: 48 }}>
          <Spin />
        </Flex>
      ) : req.isError ? (
        <LoadFailed detail={req.error.detail} onRetry={() => req.refetch()} />
      ) : r ? (
        <>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('common.status')}>
              <Tag color={REQUEST_STATUS_COLOR[r.status]}>{t(requestStatusKey(r.status))}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('intake.requests.kind')}>{t(requestKindKey(r.kind))}</Descriptions.Item>
            <Descriptions.Item label={t('intake.requests.source')}>{t(sourceKey(r.source))}</Descriptions.Item>
            <Descriptions.Item label={t('intake.requests.customer')}>{r.customerName}</Descriptions.Item>
            <Descriptions.Item label={t('intake.requests.phone')}>{r.phone}</Descriptions.Item>
            {r.serialNo ? (
              <Descriptions.Item label={t('intake.requests.serial')}>{r.serialNo}</Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('intake.requests.symptoms')}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{r.symptoms}</span>
            </Descriptions.Item>
            {r.preferredFrom || r.preferredTo || r.preferredNote ? (
              <Descriptions.Item label={t('intake.requests.preferred')}>
                {[r.preferredFrom && formatDateTime(r.preferredFrom), r.preferredTo && formatDateTime(r.preferredTo)]
                  .filter(Boolean)
                  .join(' – ')}{' '}
                {r.preferredNote}
              </Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('intake.requests.createdAt')}>
              {formatDateTime(r.createdAt, true)}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5} style={{ marginTop: 16 }}>
            {t('intake.requests.photos')}
          </Typography.Title>
          {r.attachments.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('intake.requests.noPhotos')} />
          ) : (
            <List
              size="small"
              bordered
              dataSource={r.attachments}
              renderItem={(a) => (
                <List.Item>
                  <Flex gap={8} align="center" wrap>
                    {/* Browsers show JPEG, PNG and WebP inline; other types (HEIC) open as a download. */}
                    {/^image\/(jpeg|png|webp)$/.test(a.mime) ? (
                      <Image width={96} src={`${REQUESTS_URL}/${r.id}/attachments/${a.id}`} alt={a.fileName} />
                    ) : (
                      <PictureOutlined />
                    )}
                    <a href={`${REQUESTS_URL}/${r.id}/attachments/${a.id}`} target="_blank" rel="noreferrer">
                      {a.fileName}
                    </a>
                    <Typography.Text type="secondary">
                      {a.mime} · {sizeText(a.size)}
                    </Typography.Text>
                  </Flex>
                </List.Item>
              )}
            />
          )}
        </>
      ) : null}
      {cancelling && r ? <CancelModal request={r} onClose={() => setCancelling(false)} /> : null}
    </Drawer>
  );
}

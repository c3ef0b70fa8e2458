import { Tag } from 'antd';
import type { OutboxMessage } from '../../../server/platform/notify/contract.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';

/** Pieces the outbox screens share: the status tag and the names of channels and statuses. */

export const OUTBOX_URL = '/api/outbox';

type Channel = OutboxMessage['channel'];
type Status = OutboxMessage['status'];

export const STATUS_COLOR: Record<Status, string> = {
  pending: 'blue',
  sending: 'processing',
  sent: 'green',
  delivered: 'success',
  failed: 'red',
  logged: 'default',
  suppressed: 'warning',
};
export const channelKey = (c: Channel): MessageKey => `outbox.channel.${c}`;
export const statusKey = (s: Status): MessageKey => `outbox.status.${s}`;

export function StatusTag({ status }: { status: Status }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLOR[status]} style={{ marginInlineEnd: 0, width: 'fit-content' }} data-status={status}>
      {t(statusKey(status))}
    </Tag>
  );
}

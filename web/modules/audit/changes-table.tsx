import { Table, Typography } from 'antd';
import type { AuditEvent } from '../../../server/platform/events/contract.js';
import { useI18n } from '../../i18n/index.js';
import { formatValue } from '../../lib/format.js';
import { fieldLabel } from './audit-labels.js';

function Value({ v }: { v: unknown }) {
  const { t } = useI18n();
  const text = formatValue(v);
  return text === '' ? (
    <Typography.Text type="secondary">{t('audit.empty')}</Typography.Text>
  ) : (
    <Typography.Text style={{ wordBreak: 'break-all' }}>{text}</Typography.Text>
  );
}

/** One row per changed field: before → after. */
export function ChangesTable({ event }: { event: AuditEvent }) {
  const i18n = useI18n();
  const { t } = i18n;
  const rows = Object.entries(event.changes).map(([field, c]) => ({ field, ...c }));
  if (!rows.length) return <Typography.Text type="secondary">{t('audit.noChanges')}</Typography.Text>;
  return (
    <Table
      size="small"
      rowKey="field"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      columns={[
        {
          key: 'field',
          title: t('audit.field'),
          render: (_, r) => <span title={r.field}>{fieldLabel(i18n, event.entity, r.field)}</span>,
        },
        { key: 'before', title: t('audit.before'), render: (_, r) => <Value v={r.before} /> },
        { key: 'after', title: t('audit.after'), render: (_, r) => <Value v={r.after} /> },
      ]}
    />
  );
}

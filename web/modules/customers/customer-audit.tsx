import { Table } from 'antd';
import type { AuditEvent } from '../../../server/platform/events/contract.js';
import { useApiQuery } from '../../api/queries.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { actionLabel } from '../audit/audit-labels.js';
import { ChangesTable } from '../audit/changes-table.js';

/** The customer's audit events, newest first (the audit trail filtered to this record). */
export const useCustomerAudit = (customerId: string | null, limit = 100) =>
  useApiQuery('GET /api/audit', customerId ? { query: { entity: 'customer', entityId: customerId, limit } } : null);

/** This customer's audit events, newest first, each expandable to its field changes. */
export function CustomerAudit({ customerId }: { customerId: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const events = useCustomerAudit(customerId);
  return (
    <Table<AuditEvent>
      rowKey="id"
      size="small"
      loading={events.isFetching}
      dataSource={events.data?.items}
      scroll={{ x: 'max-content' }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      expandable={{ expandedRowRender: (e) => <ChangesTable event={e} /> }}
      columns={[
        { key: 'at', title: t('audit.at'), render: (_, e) => formatDateTime(e.at, true) },
        { key: 'actor', title: t('audit.actor'), dataIndex: 'actorName' },
        { key: 'action', title: t('audit.action'), render: (_, e) => actionLabel(i18n, e.action) },
        { key: 'reason', title: t('customers.reason'), dataIndex: 'reason' },
      ]}
    />
  );
}

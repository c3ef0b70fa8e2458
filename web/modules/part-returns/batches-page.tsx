import { Card, Segmented, Table, Tag } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { BATCH_STATUSES, type ReturnBatch } from '../../../server/modules/parts/returns/contract.js';
import { useApiQuery } from '../../api/queries.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { formatYuan } from '../warranty/warranty-rules.js';

const PAGE_SIZE = 50;
type Status = (typeof BATCH_STATUSES)[number];

export const BATCH_STATUS_COLOR: Record<Status, string> = { shipped: 'gold', received: 'blue', appraised: 'green' };

export function BatchStatusTag({ status }: { status: Status }) {
  const t = useT();
  return <Tag color={BATCH_STATUS_COLOR[status]}>{t(`returns.batch.status.${status}`)}</Tag>;
}

function isStatus(v: string | null): v is Status {
  return !!v && (BATCH_STATUSES as readonly string[]).includes(v);
}

/** Return batches of my area: in transit, received, appraised. */
export function ReturnBatchesPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status');
  const status = isStatus(raw) ? raw : undefined;
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const list = useApiQuery('GET /api/part-returns/batches', {
    query: { status, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE },
  });
  if (list.isError && !list.data) return <LoadFailed detail={list.error.detail} onRetry={() => list.refetch()} />;
  return (
    <>
      <PageHeader title={t('returns.batches.title')} />
      <Card>
        <Segmented
          style={{ marginBottom: 16 }}
          value={status ?? 'all'}
          onChange={(v) => setParams(v === 'all' ? {} : { status: String(v) })}
          options={[
            { value: 'all', label: t('common.all') },
            ...BATCH_STATUSES.map((s) => ({ value: s, label: t(`returns.batch.status.${s}`) })),
          ]}
        />
        <Table<ReturnBatch>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            onChange: (p) => {
              const next = new URLSearchParams(params);
              next.set('page', String(p));
              setParams(next);
            },
          }}
          columns={[
            {
              key: 'code',
              title: t('returns.batch.code'),
              render: (_, b) => <Link to={`/part-returns/batches/${b.id}`}>{b.code}</Link>,
            },
            { key: 'status', title: t('returns.batch.status'), render: (_, b) => <BatchStatusTag status={b.status} /> },
            { key: 'outlet', title: t('returns.outlet'), dataIndex: 'outletName' },
            { key: 'carrier', title: t('returns.ship.carrier'), dataIndex: 'carrier' },
            { key: 'tracking', title: t('returns.ship.trackingNo'), dataIndex: 'trackingNo' },
            { key: 'lines', title: t('returns.batch.lines'), dataIndex: 'lineCount' },
            {
              key: 'appraised',
              title: t('returns.outcome'),
              render: (_, b) => t('returns.batch.appraised', { done: b.appraisedCount, all: b.lineCount }),
            },
            { key: 'withheld', title: t('returns.withheld'), render: (_, b) => formatYuan(b.withheldFen) },
            { key: 'shipped', title: t('returns.batch.shippedAt'), render: (_, b) => formatDateTime(b.shippedAt) },
            { key: 'received', title: t('returns.batch.receivedAt'), render: (_, b) => formatDateTime(b.receivedAt) },
          ]}
        />
      </Card>
    </>
  );
}

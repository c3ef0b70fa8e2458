import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Drawer, Flex, Switch, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, routeUrl } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { type MessageKey, useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { type LedgerItem, PARTS_URL } from './parts-api.js';

export interface LedgerTarget {
  depotId: string;
  depotName: string;
  partId: string;
  partCode: string;
  partName: string;
}

const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** A part's ledger in a depot, newest first, with the balances after each row; "load more" pages on by id. */
export function LedgerDrawer({ target, onClose }: { target: LedgerTarget; onClose: () => void }) {
  const t = useT();
  const isPhone = useIsPhone();
  const me = useMe().data;
  const mayManage = can(me, 'parts.manage');
  const query = { depotId: target.depotId, partId: target.partId };
  const first = useApiQuery('GET /api/parts/ledger', { query });
  const [more, setMore] = useState<LedgerItem[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const showError = useApiError();
  // A refetch of the first page (after a movement) starts the list over.
  useEffect(() => {
    setMore([]);
    setNext(first.data?.nextBefore ?? null);
  }, [first.data]);
  const loadMore = async () => {
    if (next === null) return;
    setLoading(true);
    try {
      const page = await api.call('GET /api/parts/ledger', { query: { ...query, before: next } });
      setMore((rows) => [...rows, ...page.items]);
      setNext(page.nextBefore);
    } catch (err) {
      showError(err);
    } finally {
      setLoading(false);
    }
  };
  const rows = [...(first.data?.items ?? []), ...more];
  return (
    <Drawer
      open
      onClose={onClose}
      width={isPhone ? '100%' : 1100}
      title={t('parts.ledgerTitle', { part: `${target.partCode} ${target.partName}`, depot: target.depotName })}
      extra={
        <Flex gap={12} align="center">
          <TrackingSwitch partId={target.partId} editable={mayManage} />
          <Button icon={<DownloadOutlined />} href={routeUrl('GET /api/parts/ledger.xlsx', { query })}>
            {t('parts.export')}
          </Button>
        </Flex>
      }
    >
      <Table<LedgerItem>
        rowKey="id"
        size="small"
        data-testid="parts-ledger"
        loading={first.isFetching}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        columns={[
          { key: 'at', title: t('parts.time'), render: (_, r) => formatDateTime(r.at) },
          {
            key: 'kind',
            title: t('parts.kind'),
            render: (_, r) => t(`parts.kind.${r.kind}` as MessageKey),
          },
          { key: 'grade', title: t('parts.grade'), render: (_, r) => t(`parts.grade.${r.grade}` as MessageKey) },
          {
            key: 'quantity',
            title: t('parts.delta'),
            align: 'right',
            render: (_, r) => (
              <Typography.Text type={r.quantity < 0 ? 'danger' : r.quantity > 0 ? 'success' : undefined}>
                {r.quantity === 0 ? '0' : signed(r.quantity)}
              </Typography.Text>
            ),
          },
          { key: 'onHand', title: t('parts.onHandAfter'), align: 'right', dataIndex: 'onHandAfter' },
          { key: 'reserved', title: t('parts.reservedAfter'), align: 'right', dataIndex: 'reservedAfter' },
          { key: 'inTransit', title: t('parts.inTransitAfter'), align: 'right', dataIndex: 'inTransitAfter' },
          { key: 'serial', title: t('parts.serial'), render: (_, r) => r.serial ?? '' },
          { key: 'peer', title: t('parts.peerDepot'), render: (_, r) => r.peerDepotCode ?? '' },
          {
            key: 'order',
            title: t('parts.order'),
            render: (_, r) =>
              r.orderId ? <Link to={`/orders/${r.orderId}`}>{r.orderCode ?? r.orderId.slice(0, 8)}</Link> : '',
          },
          {
            key: 'document',
            title: t('parts.document'),
            render: (_, r) => (r.documentKind ? `${r.documentKind} ${r.documentId ?? ''}` : ''),
          },
          { key: 'actor', title: t('parts.actor'), render: (_, r) => r.actorName ?? '' },
          { key: 'note', title: t('parts.note'), render: (_, r) => r.note ?? '' },
        ]}
      />
      {next !== null ? (
        <Flex justify="center" style={{ marginTop: 12 }}>
          <Button onClick={loadMore} loading={loading}>
            {t('parts.loadMore')}
          </Button>
        </Flex>
      ) : null}
    </Drawer>
  );
}

/** The part's serial-tracked flag; company-wide, changeable only while none of it is held (the server says so). */
function TrackingSwitch({ partId, editable }: { partId: string; editable: boolean }) {
  const t = useT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const tracking = useApiQuery('GET /api/parts/tracking/:partId', { params: { partId } });
  const save = useMutation({
    mutationFn: (serialTracked: boolean) =>
      api.call('PUT /api/parts/tracking/:partId', { params: { partId }, body: { serialTracked } }),
    onSuccess: async () => {
      message.success(t('parts.trackingSaved'));
      await invalidateUrls(qc, `${PARTS_URL}/tracking`);
    },
    onError: (err) => showError(err),
  });
  return (
    <Flex gap={6} align="center">
      <Switch
        size="small"
        checked={tracking.data?.serialTracked ?? false}
        disabled={!editable || !tracking.data}
        loading={save.isPending}
        onChange={(v) => save.mutate(v)}
        aria-label={t('parts.serialTracked')}
      />
      <Typography.Text>{t('parts.serialTracked')}</Typography.Text>
    </Flex>
  );
}

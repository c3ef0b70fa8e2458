import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Input, Select, Space, Table, Tabs, Tag, Tree, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { routeUrl } from '../../api/client.js';
import { useApiList, useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { type MessageKey, useT } from '../../i18n/index.js';
import { buildDepotTree, type DepotNode, flattenDepotTree } from './depot-tree.js';
import { type LedgerTarget, LedgerDrawer } from './ledger-drawer.js';
import { MovementModal } from './movement-modal.js';
import { PartPick } from './part-pick.js';
import { type Depot, GRADES, type StockLine } from './parts-api.js';
import { ReorderModal } from './reorder-modal.js';

type TreeItem = { key: string; title: React.ReactNode; children: TreeItem[] };

function treeData(nodes: DepotNode[], t: ReturnType<typeof useT>): TreeItem[] {
  return nodes.map((n) => ({
    key: n.depot.id,
    title: (
      <span>
        {n.depot.name}{' '}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t(`parts.depotKind.${n.depot.kind}` as MessageKey)}
        </Typography.Text>
      </span>
    ),
    children: treeData(n.children, t),
  }));
}

/** Stock by depot: the depots in scope as a tree on the left, the chosen depot's stock on the right. */
export function StockPage() {
  const t = useT();
  const isPhone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const depots = useApiList('GET /api/parts/depots', {});
  const tree = useMemo(() => buildDepotTree(depots.data ?? []), [depots.data]);
  const selectedId = params.get('depot') ?? tree[0]?.depot.id ?? null;
  const selected = depots.data?.find((d) => d.id === selectedId) ?? null;
  const tab = params.get('tab') ?? 'depot';
  const setParam = (patch: Record<string, string | undefined>) => {
    const out = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) out.delete(k);
      else out.set(k, v);
    }
    setParams(out, { replace: true });
  };

  if (depots.isError && !depots.data)
    return <LoadFailed detail={depots.error.detail} onRetry={() => depots.refetch()} />;

  return (
    <>
      <PageHeader title={t('parts.title')} />
      <Tabs
        activeKey={tab}
        onChange={(k) => setParam({ tab: k === 'depot' ? undefined : k })}
        items={[
          {
            key: 'depot',
            label: t('parts.depots'),
            children: (
              <Flex gap={16} vertical={isPhone} align="flex-start">
                <Card
                  size="small"
                  title={t('parts.depots')}
                  style={{ width: isPhone ? '100%' : 300, flex: 'none' }}
                  styles={{ body: { maxHeight: isPhone ? 240 : 640, overflow: 'auto' } }}
                  loading={depots.isLoading}
                >
                  {tree.length ? (
                    <Tree
                      blockNode
                      data-testid="depot-tree"
                      defaultExpandedKeys={flattenDepotTree(tree).slice(0, 12)}
                      selectedKeys={selectedId ? [selectedId] : []}
                      onSelect={(keys) =>
                        keys[0] && setParam({ depot: String(keys[0]), q: undefined, page: undefined })
                      }
                      treeData={treeData(tree, t)}
                    />
                  ) : (
                    <Empty description={t('parts.noDepots')} />
                  )}
                </Card>
                <div style={{ flex: 1, minWidth: 0, width: '100%' }}>
                  {selected ? (
                    <DepotStock depot={selected} depots={depots.data ?? []} />
                  ) : (
                    <Empty description={t('parts.pickDepot')} />
                  )}
                </div>
              </Flex>
            ),
          },
          { key: 'across', label: t('parts.acrossDepots'), children: <AcrossDepots /> },
        ]}
      />
    </>
  );
}

function DepotStock({ depot, depots }: { depot: Depot; depots: readonly Depot[] }) {
  const t = useT();
  const isPhone = useIsPhone();
  const me = useMe().data;
  const mayManage = can(me, 'parts.manage');
  const [params, setParams] = useSearchParams();
  const filters = {
    q: params.get('q') ?? undefined,
    grade: (params.get('grade') ?? undefined) as (typeof GRADES)[number] | undefined,
    page: Number(params.get('page') ?? 1) || 1,
    pageSize: Number(params.get('pageSize') ?? 20) || 20,
  };
  const [q, setQ] = useState(filters.q ?? '');
  const stock = useApiQuery(
    'GET /api/parts/depots/:id/stock',
    { params: { id: depot.id }, query: filters },
    { placeholderData: (prev) => prev },
  );
  const [ledger, setLedger] = useState<LedgerTarget | null>(null);
  const [moving, setMoving] = useState<{ part: StockLine | null } | null>(null);
  const [reorder, setReorder] = useState<StockLine | null>(null);
  const setFilter = (patch: Record<string, string | number | undefined>) => {
    const out = new URLSearchParams(params);
    for (const [k, v] of Object.entries({ page: undefined, ...patch })) {
      if (v === undefined || v === '') out.delete(k);
      else out.set(k, String(v));
    }
    setParams(out, { replace: true });
  };
  return (
    <Card
      size="small"
      title={
        <Space>
          {depot.name}
          <Typography.Text type="secondary">{depot.code}</Typography.Text>
        </Space>
      }
      extra={
        <Space wrap>
          <Button
            icon={<DownloadOutlined />}
            href={routeUrl('GET /api/parts/depots/:id/stock.xlsx', {
              params: { id: depot.id },
              query: { q: filters.q, grade: filters.grade },
            })}
          >
            {t('parts.export')}
          </Button>
          {mayManage ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setMoving({ part: null })}>
              {t('parts.move')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onSearch={(v) => setFilter({ q: v.trim() || undefined })}
          placeholder={t('parts.searchPart')}
          aria-label={t('common.search')}
          enterButton
          style={{ width: 320, maxWidth: '100%' }}
        />
        <Select
          allowClear
          value={filters.grade}
          onChange={(v) => setFilter({ grade: v })}
          options={GRADES.map((g) => ({ value: g, label: t(`parts.grade.${g}` as MessageKey) }))}
          placeholder={t('parts.grade')}
          aria-label={t('parts.grade')}
          style={{ width: 120 }}
        />
      </Flex>
      <Table<StockLine>
        rowKey={(r) => `${r.partId}:${r.grade}`}
        size="middle"
        data-testid="depot-stock"
        loading={stock.isFetching}
        dataSource={stock.data?.items}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: stock.data?.total ?? 0,
          showSizeChanger: !isPhone,
          simple: isPhone,
          showTotal: (total) => t('parts.count', { total }),
          onChange: (page, pageSize) => setFilter({ page, pageSize }),
        }}
        columns={[
          { key: 'code', title: t('parts.partCode'), dataIndex: 'partCode' },
          { key: 'name', title: t('parts.partName'), dataIndex: 'partName' },
          {
            key: 'grade',
            title: t('parts.grade'),
            render: (_, r) => (
              <Tag color={r.grade === 'good' ? 'green' : 'orange'}>{t(`parts.grade.${r.grade}` as MessageKey)}</Tag>
            ),
          },
          { key: 'onHand', title: t('parts.onHand'), align: 'right', dataIndex: 'onHand' },
          { key: 'reserved', title: t('parts.reserved'), align: 'right', dataIndex: 'reserved', responsive: ['md'] },
          {
            key: 'available',
            title: t('parts.available'),
            align: 'right',
            render: (_, r) => (
              <Space size={4}>
                {r.available}
                {r.belowReorder ? <Tag color="red">{t('parts.belowReorder')}</Tag> : null}
              </Space>
            ),
          },
          { key: 'inTransit', title: t('parts.inTransit'), align: 'right', dataIndex: 'inTransit', responsive: ['md'] },
          {
            key: 'reorder',
            title: t('parts.reorderPoint'),
            align: 'right',
            responsive: ['md'],
            render: (_, r) =>
              r.reorderPoint === null ? '' : `${r.reorderPoint}${r.reorderQty ? ` / ${r.reorderQty}` : ''}`,
          },
          {
            key: 'actions',
            title: '',
            render: (_, r) => (
              <Space size={0} wrap>
                <Button
                  type="link"
                  size="small"
                  onClick={() =>
                    setLedger({
                      depotId: depot.id,
                      depotName: depot.name,
                      partId: r.partId,
                      partCode: r.partCode,
                      partName: r.partName,
                    })
                  }
                >
                  {t('parts.ledger')}
                </Button>
                {mayManage ? (
                  <Button type="link" size="small" onClick={() => setMoving({ part: r })}>
                    {t('parts.move')}
                  </Button>
                ) : null}
                {mayManage && r.grade === 'good' ? (
                  <Button type="link" size="small" onClick={() => setReorder(r)}>
                    {t('parts.editReorder')}
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      {ledger ? <LedgerDrawer target={ledger} onClose={() => setLedger(null)} /> : null}
      {moving ? (
        <MovementModal
          depot={depot}
          depots={depots}
          part={moving.part ? { id: moving.part.partId, code: moving.part.partCode, name: moving.part.partName } : null}
          onClose={() => setMoving(null)}
        />
      ) : null}
      {reorder ? <ReorderModal line={reorder} onClose={() => setReorder(null)} /> : null}
    </Card>
  );
}

/** One part's stock in every depot in scope. */
function AcrossDepots() {
  const t = useT();
  const [partId, setPartId] = useState<string | undefined>();
  const stock = useApiList('GET /api/parts/stock', partId ? { query: { partId } } : null);
  return (
    <Card size="small">
      <div style={{ marginBottom: 12, maxWidth: 420 }}>
        <PartPick value={partId} onChange={(id) => setPartId(id)} />
      </div>
      {partId ? (
        <Table<StockLine>
          rowKey={(r) => `${r.depotId}:${r.grade}`}
          size="middle"
          loading={stock.isFetching}
          dataSource={stock.data}
          pagination={false}
          scroll={{ x: 'max-content' }}
          columns={[
            { key: 'depot', title: t('parts.depot'), render: (_, r) => `${r.depotCode} · ${r.depotName}` },
            { key: 'grade', title: t('parts.grade'), render: (_, r) => t(`parts.grade.${r.grade}` as MessageKey) },
            { key: 'onHand', title: t('parts.onHand'), align: 'right', dataIndex: 'onHand' },
            { key: 'reserved', title: t('parts.reserved'), align: 'right', dataIndex: 'reserved' },
            {
              key: 'available',
              title: t('parts.available'),
              align: 'right',
              render: (_, r) => (
                <Space size={4}>
                  {r.available}
                  {r.belowReorder ? <Tag color="red">{t('parts.belowReorder')}</Tag> : null}
                </Space>
              ),
            },
            { key: 'inTransit', title: t('parts.inTransit'), align: 'right', dataIndex: 'inTransit' },
          ]}
        />
      ) : (
        <Empty description={t('parts.pickPart')} />
      )}
    </Card>
  );
}

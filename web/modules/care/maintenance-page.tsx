import { Alert, App, Button, Card, DatePicker, Flex, Select, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { divisionPath } from '../../../shared/divisions.js';
import {
  type BulkResults,
  MAINTENANCE_STATUSES,
  type MaintenanceItem,
  type MaintenanceStatus,
} from '../../../server/modules/care/contract.js';
import { useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { DivisionCascader } from '../../components/division-cascader.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useI18n } from '../../i18n/index.js';
import { useOrgUnits } from '../org/use-org-units.js';
import { useCreateMaintenanceOrders } from './care-api.js';
import { DaysLeft, divisionCodes, MaintenanceStatusTag } from './care-parts.js';

/*
 * The maintenance planner (保养计划, docs/care.md): the units due in a period (today to today + the
 * reminder lead by default) and the overdue ones, filtered by area (the address's province, city
 * or district), by outlet or center, and by status; the filters live in the address. Units are
 * chosen to create maintenance orders in bulk; the answer shows every unit — the order created,
 * or why it was refused. A unit with an open maintenance order, or with no date, cannot be chosen.
 */

const DAY = 'YYYY-MM-DD';

/** Each unit's result with a stable key (a unit listed twice is answered twice). */
function resultRows(results: BulkResults) {
  const seen = new Map<string, number>();
  return results.items.map((r) => {
    const n = (seen.get(r.unitId) ?? 0) + 1;
    seen.set(r.unitId, n);
    return { r, key: `${r.unitId}#${n}` };
  });
}

export function MaintenancePage() {
  const { t, pick } = useI18n();
  const isPhone = useIsPhone();
  const { modal } = App.useApp();
  const me = useMe().data;
  const canCreate = can(me, 'care.manage') && can(me, 'orders.create');
  const [params, setParams] = useSearchParams();
  const { units: orgUnits } = useOrgUnits();
  const query = {
    from: params.get('from') ?? undefined,
    to: params.get('to') ?? undefined,
    province: params.get('province') ?? undefined,
    orgUnitId: params.get('orgUnitId') ?? undefined,
    status: (params.get('status') as MaintenanceStatus | null) ?? undefined,
  };
  const q = useApiQuery('GET /api/care/maintenance', { query }, { placeholderData: (prev) => prev });
  const [selected, setSelected] = useState<string[]>([]);
  const [results, setResults] = useState<BulkResults | null>(null);
  const create = useCreateMaintenanceOrders((r) => {
    setResults(r);
    setSelected([]);
  });
  const set = (patch: Partial<Record<keyof typeof query, string | undefined>>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const selectable = (i: MaintenanceItem) => !i.openOrder && i.nextOn !== null;
  const serial = new Map((q.data?.items ?? []).map((i) => [i.unitId, i.serialNo]));

  if (q.isError && !q.data) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;
  return (
    <>
      <PageHeader title={t('care.title')} />
      {isPhone ? null : <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('care.intro')} />}
      <Card styles={{ body: isPhone ? { padding: 12 } : undefined }}>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <DatePicker.RangePicker
            aria-label={t('care.period')}
            value={query.from && query.to ? [dayjs(query.from), dayjs(query.to)] : null}
            style={{ width: isPhone ? '100%' : undefined }}
            onChange={(v) => {
              const [a, b] = (v ?? []) as [Dayjs | null, Dayjs | null];
              set({ from: a?.format(DAY), to: b?.format(DAY) });
            }}
          />
          <DivisionCascader
            aria-label={t('care.area')}
            placeholder={t('care.area')}
            value={query.province ? divisionCodes(query.province) : undefined}
            style={{ width: isPhone ? '100%' : 240 }}
            onChange={(codes) => set({ province: codes[codes.length - 1] })}
          />
          <Select
            aria-label={t('care.orgUnit')}
            placeholder={t('care.orgUnit')}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: isPhone ? '100%' : 220 }}
            value={query.orgUnitId}
            onChange={(v: string | undefined) => set({ orgUnitId: v })}
            options={orgUnits
              .filter((u) => u.active && u.kind !== 'hq')
              .map((u) => ({ value: u.id, label: `${u.name} (${u.code})` }))}
          />
          <Select<MaintenanceStatus | ''>
            aria-label={t('care.status')}
            style={{ width: isPhone ? '100%' : 160 }}
            value={query.status ?? ''}
            onChange={(v) => set({ status: v || undefined })}
            options={[
              { value: '', label: t('care.allStatuses') },
              ...MAINTENANCE_STATUSES.map((s) => ({ value: s, label: t(`care.status.${s}`) })),
            ]}
          />
        </Flex>
        {canCreate ? (
          <Flex gap={12} align="center" style={{ marginBottom: 12 }}>
            <Button
              type="primary"
              disabled={!selected.length}
              loading={create.isPending}
              data-testid="care-create-orders"
              onClick={() =>
                modal.confirm({
                  title: t('care.createConfirm', { n: selected.length }),
                  onOk: () => create.mutateAsync({ unitIds: selected }).catch(() => undefined),
                })
              }
            >
              {t('care.createOrders', { n: selected.length })}
            </Button>
            <Typography.Text type="secondary">{t('care.count', { total: q.data?.total ?? 0 })}</Typography.Text>
          </Flex>
        ) : null}
        {results ? (
          <Alert
            type={results.refused ? 'warning' : 'success'}
            showIcon
            closable
            onClose={() => setResults(null)}
            style={{ marginBottom: 12 }}
            data-testid="care-results"
            title={t('care.results', { created: results.created, refused: results.refused })}
            description={
              <Flex vertical gap={2}>
                {resultRows(results).map(({ r, key }) => (
                  <span key={key}>
                    <Tag color={r.result === 'created' ? 'green' : 'red'}>{t(`care.result.${r.result}`)}</Tag>
                    {r.serialNo ?? serial.get(r.unitId) ?? r.unitId}{' '}
                    {r.orderId ? <Link to={`/orders/${r.orderId}`}>{r.orderCode}</Link> : null}
                    {r.reason ? <Typography.Text type="secondary">{pick(r.reason)}</Typography.Text> : null}
                  </span>
                ))}
              </Flex>
            }
          />
        ) : null}
        <Table<MaintenanceItem>
          rowKey="unitId"
          size="middle"
          loading={q.isFetching}
          dataSource={q.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 50, showSizeChanger: false }}
          locale={{ emptyText: t('care.empty') }}
          data-testid="care-maintenance"
          rowSelection={
            canCreate
              ? {
                  selectedRowKeys: selected,
                  onChange: (keys) => setSelected(keys as string[]),
                  getCheckboxProps: (i) => ({ disabled: !selectable(i) }),
                }
              : undefined
          }
          columns={[
            {
              key: 'serial',
              title: t('care.serialNo'),
              render: (_, i) => <Link to={`/units/${i.unitId}`}>{i.serialNo}</Link>,
            },
            { key: 'model', title: t('care.model'), dataIndex: 'modelName' },
            { key: 'customer', title: t('care.customer'), dataIndex: 'customerName' },
            {
              key: 'area',
              title: t('care.area'),
              render: (_, i) =>
                i.provinceCode
                  ? divisionPath({ provinceCode: i.provinceCode, cityCode: i.cityCode, districtCode: i.districtCode })
                  : t('care.none'),
            },
            { key: 'next', title: t('care.nextOn'), render: (_, i) => i.nextOn ?? t('care.none') },
            { key: 'status', title: t('care.status'), render: (_, i) => <MaintenanceStatusTag status={i.status} /> },
            { key: 'days', title: t('care.daysLeft'), render: (_, i) => <DaysLeft days={i.daysLeft} /> },
            {
              key: 'why',
              title: t('care.why'),
              render: (_, i) => (
                <Flex vertical>
                  {i.source ? <span>{t(`care.source.${i.source}`)}</span> : null}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {pick(i.why)}
                  </Typography.Text>
                </Flex>
              ),
            },
            { key: 'last', title: t('care.lastMaintenance'), render: (_, i) => i.lastMaintenanceOn ?? t('care.none') },
            {
              key: 'open',
              title: t('care.openOrder'),
              render: (_, i) =>
                i.openOrder ? <Link to={`/orders/${i.openOrder.id}`}>{i.openOrder.code}</Link> : t('care.none'),
            },
          ]}
        />
      </Card>
    </>
  );
}

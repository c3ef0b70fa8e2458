import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Flex, Input, Row, Select, Statistic, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  COMPLAINT_LEVELS,
  COMPLAINT_SEVERITIES,
  COMPLAINT_STATES,
  COMPLAINT_TYPES,
  type ComplaintItem,
} from '../../../server/modules/complaints/contract.js';
import { useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { ComplaintStateTag, DeadlineCountdown, LevelTag, SeverityTag } from './complaint-parts.js';
import { type BoardFilters, boardFilters, boardQuery } from './complaint-rules.js';
import { useComplaintDepartments } from './complaints-api.js';

/*
 * The complaints board (投诉看板, docs/complaints-screens.md): the open complaints per level, with
 * the count at each level, filtered by department, state, severity and type; each row counts down
 * to its answer deadline, red when overdue. The filters live in the address.
 */

const PAGE_SIZE = 50;

/** How many complaints each level holds under the other filters (a count, no rows). */
function LevelCounts({ filters, onPick }: { filters: BoardFilters; onPick: (level: 1 | 2 | 3 | undefined) => void }) {
  const t = useT();
  const base = { ...boardQuery({ ...filters, level: undefined, page: 1 }, 1) };
  const l1 = useApiQuery('GET /api/complaints', { query: { ...base, level: 1 } });
  const l2 = useApiQuery('GET /api/complaints', { query: { ...base, level: 2 } });
  const l3 = useApiQuery('GET /api/complaints', { query: { ...base, level: 3 } });
  const counts = [l1, l2, l3];
  return (
    <Row gutter={12} style={{ marginBottom: 16 }}>
      {COMPLAINT_LEVELS.map((level, i) => (
        <Col key={level} xs={8}>
          <Card
            size="small"
            hoverable
            onClick={() => onPick(filters.level === level ? undefined : level)}
            style={{ borderColor: filters.level === level ? '#1677ff' : undefined }}
            data-testid={`level-count-${level}`}
          >
            <Statistic
              title={t(`cmp.levelTitle.${level}`)}
              value={counts[i]?.data?.total ?? 0}
              loading={counts[i]?.isPending}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

export function ComplaintsPage() {
  const t = useT();
  const me = useMe().data;
  const [params, setParams] = useSearchParams();
  const filters = boardFilters(params);
  const [text, setText] = useState(filters.q ?? '');
  const departments = useComplaintDepartments();
  const list = useApiQuery('GET /api/complaints', { query: boardQuery(filters, PAGE_SIZE) });
  const setFilter = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete('page');
    setParams(next);
  };
  if (list.isError && !list.data) return <LoadFailed detail={list.error.detail} onRetry={() => list.refetch()} />;
  return (
    <>
      <PageHeader
        title={t('cmp.title')}
        extra={
          can(me, 'complaints.handle') || can(me, 'contacts.create') ? (
            <Link to="/complaints/new">
              <Button type="primary" icon={<PlusOutlined />}>
                {t('cmp.new')}
              </Button>
            </Link>
          ) : null
        }
      />
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('cmp.intro')} />
      <LevelCounts filters={filters} onPick={(l) => setFilter('level', l ? String(l) : undefined)} />
      <Card>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <Select
            allowClear
            style={{ width: 200 }}
            placeholder={t('cmp.department')}
            aria-label={t('cmp.department')}
            value={filters.departmentId}
            onChange={(v: string | undefined) => setFilter('departmentId', v)}
            options={departments.map((d) => ({ value: d.id, label: d.name }))}
            showSearch={{ optionFilterProp: 'label' }}
          />
          <Select
            allowClear
            style={{ width: 120 }}
            placeholder={t('cmp.level')}
            aria-label={t('cmp.level')}
            value={filters.level}
            onChange={(v: number | undefined) => setFilter('level', v ? String(v) : undefined)}
            options={COMPLAINT_LEVELS.map((l) => ({ value: l, label: t('cmp.levelN', { n: l }) }))}
          />
          <Select
            allowClear
            style={{ width: 160 }}
            placeholder={t('cmp.state')}
            aria-label={t('cmp.state')}
            value={filters.state}
            onChange={(v: string | undefined) => setFilter('state', v)}
            options={COMPLAINT_STATES.map((s) => ({ value: s, label: t(`cmp.state.${s}`) }))}
          />
          <Select
            allowClear
            style={{ width: 120 }}
            placeholder={t('cmp.severity')}
            aria-label={t('cmp.severity')}
            value={filters.severity}
            onChange={(v: string | undefined) => setFilter('severity', v)}
            options={COMPLAINT_SEVERITIES.map((s) => ({ value: s, label: t(`cmp.severity.${s}`) }))}
          />
          <Select
            allowClear
            style={{ width: 200 }}
            placeholder={t('cmp.type')}
            aria-label={t('cmp.type')}
            value={filters.type}
            onChange={(v: string | undefined) => setFilter('type', v)}
            options={COMPLAINT_TYPES.map((s) => ({ value: s, label: t(`cmp.type.${s}`) }))}
          />
          <Input.Search
            allowClear
            style={{ width: 240 }}
            placeholder={t('cmp.search')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(v) => setFilter('q', v.trim() || undefined)}
          />
          {filters.state ? null : (
            <Flex gap={6} align="center">
              <Switch
                size="small"
                checked={filters.open}
                onChange={(on) => setFilter('all', on ? undefined : '1')}
                aria-label={t('cmp.openOnly')}
              />
              <Typography.Text>{t('cmp.openOnly')}</Typography.Text>
            </Flex>
          )}
        </Flex>
        <Table<ComplaintItem>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{
            current: filters.page,
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
              title: t('cmp.code'),
              render: (_, c) => <Link to={`/complaints/${c.id}`}>{c.code}</Link>,
            },
            { key: 'level', title: t('cmp.level'), render: (_, c) => <LevelTag level={c.level} /> },
            { key: 'state', title: t('cmp.state'), render: (_, c) => <ComplaintStateTag state={c.state} /> },
            { key: 'severity', title: t('cmp.severity'), render: (_, c) => <SeverityTag severity={c.severity} /> },
            { key: 'type', title: t('cmp.type'), render: (_, c) => t(`cmp.type.${c.type}`) },
            {
              key: 'deadline',
              title: t('cmp.deadline'),
              render: (_, c) => <DeadlineCountdown complaint={c} />,
            },
            {
              key: 'customer',
              title: t('cmp.customer'),
              render: (_, c) => (
                <>
                  {c.customer.name}{' '}
                  {c.customer.phone ? <Typography.Text type="secondary">{c.customer.phone}</Typography.Text> : null}
                </>
              ),
            },
            {
              key: 'summary',
              title: t('cmp.summary'),
              render: (_, c) => (
                <Typography.Text ellipsis style={{ maxWidth: 280 }} title={c.summary}>
                  {c.summary}
                </Typography.Text>
              ),
            },
            {
              key: 'orders',
              title: t('cmp.orders'),
              render: (_, c) =>
                c.orders.map((o) => (
                  <div key={o.id}>
                    <Link to={`/orders/${o.id}`}>{o.code}</Link>
                  </div>
                )),
            },
            { key: 'department', title: t('cmp.department'), render: (_, c) => c.department?.name ?? t('cmp.none') },
            { key: 'handler', title: t('cmp.handler'), render: (_, c) => c.handler?.name ?? t('cmp.none') },
            { key: 'source', title: t('cmp.source'), render: (_, c) => t(`cmp.source.${c.source}`) },
            { key: 'openedAt', title: t('cmp.openedAt'), render: (_, c) => formatDateTime(c.openedAt) },
            { key: 'urges', title: t('cmp.urges'), align: 'right', dataIndex: 'urgeCount' },
          ]}
        />
      </Card>
    </>
  );
}

import { useInfiniteQuery } from '@tanstack/react-query';
import { AutoComplete, Button, Card, DatePicker, Flex, Form, Input, Select, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import type { User } from '../../../server/modules/org/contract.js';
import type { AuditEvent } from '../../../server/platform/events/contract.js';
import { type ApiError, api, type ResponseOf, routeUrl } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { actionLabel, entityLabel, entitySummary, KNOWN_ENTITIES } from './audit-labels.js';
import { ChangesTable } from './changes-table.js';

type AuditEvents = ResponseOf<'GET /api/audit'>;

interface Filters {
  entity?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

const PAGE_SIZE = 50;

/** Who changed what and when, newest first, loaded in pages of 50 (keyset on the event id). */
export function AuditPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const me = useMe().data!;
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [actorSearch, setActorSearch] = useState('');
  const isPhone = useIsPhone();
  const w = (px: number) => (isPhone ? '100%' : px);

  const query = {
    entity: filters.entity?.trim(),
    entityId: filters.entityId?.trim(),
    actorId: filters.actorId,
    action: filters.action?.trim(),
    from: filters.range?.[0]?.toISOString(),
    to: filters.range?.[1]?.toISOString(),
    limit: PAGE_SIZE,
  };
  const baseUrl = routeUrl('GET /api/audit', { query });
  const events = useInfiniteQuery<AuditEvents, ApiError, { pages: AuditEvents[] }, readonly [string], number | null>({
    queryKey: [baseUrl] as const,
    queryFn: ({ pageParam, signal }) =>
      api.call('GET /api/audit', { query: { ...query, before: pageParam ?? undefined } }, { signal }),
    initialPageParam: null,
    getNextPageParam: (last) => last.nextBefore,
  });
  const rows = useMemo(() => events.data?.pages.flatMap((p) => p.items) ?? [], [events.data]);

  const actors = useApiQuery(
    'GET /api/users',
    can(me, 'users.read') ? { query: { q: actorSearch.trim() || undefined, pageSize: 20 } } : null,
    { placeholderData: (prev) => prev },
  );
  const actorOptions = (actors.data?.items ?? []).map((u: User) => ({
    value: u.id,
    label: `${u.displayName} (${u.username})`,
  }));
  const entityOptions = KNOWN_ENTITIES.map((e) => ({ value: e, label: `${entityLabel(i18n, e)} · ${e}` }));

  if (events.isError && !events.data)
    return <LoadFailed detail={events.error.detail} onRetry={() => events.refetch()} />;

  return (
    <>
      <PageHeader title={t('audit.title')} />
      <Card styles={{ body: { paddingBottom: 8 } }}>
        <Form<Filters>
          form={form}
          name="audit-filter"
          layout={isPhone ? 'vertical' : 'inline'}
          colon={false}
          onFinish={(v) => setFilters(v)}
          style={{ rowGap: 8, marginBottom: 16 }}
        >
          <Form.Item name="entity" label={t('audit.entity')}>
            <AutoComplete options={entityOptions} allowClear style={{ width: w(180) }} />
          </Form.Item>
          <Form.Item name="entityId" label={t('audit.entityId')}>
            <Input allowClear style={{ width: w(200) }} />
          </Form.Item>
          <Form.Item name="actorId" label={t('audit.actor')}>
            <Select
              allowClear
              showSearch={{ filterOption: false, onSearch: setActorSearch }}
              options={actorOptions}
              style={{ width: w(200) }}
            />
          </Form.Item>
          <Form.Item name="action" label={t('audit.action')}>
            <Input allowClear style={{ width: w(180) }} placeholder="user.created" />
          </Form.Item>
          <Form.Item name="range" label={t('audit.range')}>
            <DatePicker.RangePicker showTime allowEmpty={[true, true]} style={{ width: w(380) }} />
          </Form.Item>
          <Form.Item>
            <Flex gap={8}>
              <Button type="primary" htmlType="submit">
                {t('common.search')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setFilters({});
                }}
              >
                {t('common.reset')}
              </Button>
            </Flex>
          </Form.Item>
        </Form>
        <Table<AuditEvent>
          rowKey="id"
          size="middle"
          loading={events.isPending || (events.isFetching && !events.isFetchingNextPage)}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          expandable={{ expandedRowRender: (e) => <ChangesTable event={e} /> }}
          columns={[
            { key: 'at', title: t('audit.at'), render: (_, e) => formatDateTime(e.at, true) },
            { key: 'actor', title: t('audit.actor'), render: (_, e) => e.actorName || t('common.system') },
            {
              key: 'entity',
              title: t('audit.entity'),
              render: (_, e) => <span title={e.entity}>{entityLabel(i18n, e.entity)}</span>,
            },
            {
              key: 'entityId',
              title: t('audit.record'),
              render: (_, e) => {
                const summary = entitySummary(e.changes);
                return (
                  <Typography.Text
                    copyable={{ text: e.entityId }}
                    style={{ maxWidth: 260, wordBreak: 'break-all' }}
                    title={e.entityId}
                  >
                    {summary ?? e.entityId}
                  </Typography.Text>
                );
              },
            },
            {
              key: 'action',
              title: t('audit.action'),
              render: (_, e) => <Tag title={e.action}>{actionLabel(i18n, e.action)}</Tag>,
            },
            { key: 'reason', title: t('audit.reason'), render: (_, e) => e.reason ?? '' },
          ]}
        />
        <Flex justify="center" align="center" gap={12} style={{ padding: 16 }}>
          <Typography.Text type="secondary">{t('audit.shown', { count: rows.length })}</Typography.Text>
          {events.hasNextPage ? (
            <Button onClick={() => events.fetchNextPage()} loading={events.isFetchingNextPage}>
              {t('common.loadMore')}
            </Button>
          ) : events.data ? (
            <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
          ) : null}
        </Flex>
      </Card>
    </>
  );
}

import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Input, Select, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { CAMPAIGN_STATES, type CampaignItem, type CampaignState } from '../../../server/modules/recalls/contract.js';
import { useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { CampaignStateTag, CountsBar, criteriaText } from './recall-parts.js';
import { CampaignFormModal } from './recall-form.js';

/*
 * The recall campaigns (召回活动, docs/recalls.md): newest first, by state and a search, each with
 * its models, criteria and progress (done out of the affected units in the reader's scope). Those
 * who manage campaigns define a new one here; its page takes it on.
 */

const PAGE_SIZE = 50;

export function RecallsPage() {
  const { t, pick } = useI18n();
  const me = useMe();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const state = (params.get('state') ?? undefined) as CampaignState | undefined;
  const q = params.get('q') ?? undefined;
  const page = Number(params.get('page') ?? '1') || 1;
  const [text, setText] = useState(q ?? '');
  useEffect(() => setText(q ?? ''), [q]);
  const [creating, setCreating] = useState(false);
  const list = useApiQuery(
    'GET /api/recalls',
    { query: { state, q, page, pageSize: PAGE_SIZE } },
    { placeholderData: (prev) => prev },
  );
  const setFilter = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    setParams(next, { replace: key !== 'page' });
  };
  if (list.isError && !list.data) return <LoadFailed detail={list.error.detail} onRetry={() => list.refetch()} />;

  return (
    <>
      <PageHeader
        title={t('rc.title')}
        extra={
          can(me.data, 'recalls.manage') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('rc.new')}
            </Button>
          ) : null
        }
      />
      {isPhone ? null : <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('rc.intro')} />}
      <Card>
        <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }}>
          <Select
            allowClear
            style={{ width: isPhone ? '100%' : 160 }}
            placeholder={t('rc.allStates')}
            aria-label={t('rc.state')}
            value={state}
            onChange={(v: string | undefined) => setFilter('state', v)}
            options={CAMPAIGN_STATES.map((s) => ({ value: s, label: t(`rc.state.${s}`) }))}
          />
          <Input.Search
            allowClear
            style={{ width: isPhone ? '100%' : 280 }}
            placeholder={t('rc.search')}
            aria-label={t('common.search')}
            value={text}
            onChange={(e) => setText(e.target.value)}
            onSearch={(v) => setFilter('q', v.trim() || undefined)}
          />
        </Flex>
        <Table<CampaignItem>
          rowKey="id"
          size="middle"
          loading={list.isFetching && !list.data}
          dataSource={list.data?.items ?? []}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('rc.empty') }}
          data-testid="recall-table"
          onRow={(c) => ({ onClick: () => navigate(`/recalls/${c.id}`), style: { cursor: 'pointer' } })}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => t('rc.count', { total }),
            onChange: (p) => setFilter('page', p > 1 ? String(p) : undefined),
          }}
          columns={[
            {
              key: 'code',
              title: t('rc.campaign'),
              render: (_, c) => (
                <Flex vertical gap={2} align="flex-start">
                  <Link to={`/recalls/${c.id}`} onClick={(e) => e.stopPropagation()}>
                    {c.code}
                  </Link>
                  <Typography.Text>{pick(c.title)}</Typography.Text>
                </Flex>
              ),
            },
            { key: 'state', title: t('rc.state'), render: (_, c) => <CampaignStateTag state={c.state} /> },
            {
              key: 'models',
              title: t('rc.models'),
              render: (_, c) => c.models.map((m) => m.code).join(', '),
            },
            {
              key: 'criteria',
              title: t('rc.criteria'),
              render: (_, c) => (
                <Flex vertical gap={0}>
                  {criteriaText(t, c).map((s) => (
                    <Typography.Text key={s} type="secondary" style={{ fontSize: 12 }}>
                      {s}
                    </Typography.Text>
                  ))}
                </Flex>
              ),
            },
            { key: 'progress', title: t('rc.progress'), render: (_, c) => <CountsBar counts={c.counts} /> },
            { key: 'created', title: t('rc.createdAt'), render: (_, c) => formatDateTime(c.createdAt) },
          ]}
        />
      </Card>
      {creating ? (
        <CampaignFormModal
          onClose={() => setCreating(false)}
          onSaved={(c) => {
            setCreating(false);
            navigate(`/recalls/${c.id}`);
          }}
        />
      ) : null}
    </>
  );
}

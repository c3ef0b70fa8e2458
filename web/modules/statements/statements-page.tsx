import { Alert, Button, Card, DatePicker, Flex, Form, Modal, Select, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  STATEMENT_KINDS,
  STATEMENT_STATES,
  type Statement,
  type StatementKind,
  type StatementState,
} from '../../../server/modules/money/statements/contract.js';
import { useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useT } from '../../i18n/index.js';
import { useOrgUnits } from '../org/use-org-units.js';
import { formatYuan } from '../warranty/warranty-rules.js';
import { companyToday, RespondBy, StatementStateTag } from './statement-parts.js';
import { parseMonth, previousMonth } from './statement-rules.js';
import { useDraftMonth } from './statements-api.js';

/*
 * The statements list (docs/money-statements-screens.md): by month (last month unless the address
 * says otherwise), kind, state and unit, within the reader's scope; the center drafts a month here.
 * The filters live in the address, so a link or the back button keeps them.
 */

const PAGE_SIZE = 50;

function pickOf<T extends string>(values: readonly T[], v: string | null): T | undefined {
  return v && (values as readonly string[]).includes(v) ? (v as T) : undefined;
}

/** The units a statement can be of: the outlets and centers the reader sees. */
function useSettledUnits() {
  const { units } = useOrgUnits();
  return units
    .filter((u) => u.kind === 'outlet' || u.kind === 'center')
    .map((u) => ({ value: u.id, label: `${u.code} ${u.name}` }));
}

function DraftDialog({ month, onClose }: { month: string; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ month: dayjs.Dayjs; unitId?: string }>();
  const units = useSettledUnits();
  const draft = useDraftMonth(form, onClose);
  return (
    <Modal
      open
      title={t('stmt.draft.title')}
      okText={t('stmt.draft')}
      cancelText={t('common.cancel')}
      confirmLoading={draft.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('stmt.draft.hint')}</Typography.Paragraph>
      <Form
        form={form}
        name="draft"
        layout="vertical"
        initialValues={{ month: dayjs(`${month}-01`) }}
        onFinish={(v) => draft.mutate({ month: v.month.format('YYYY-MM'), ...(v.unitId ? { unitId: v.unitId } : {}) })}
      >
        <Form.Item name="month" label={t('stmt.month')} rules={[{ required: true }]}>
          <DatePicker picker="month" allowClear={false} />
        </Form.Item>
        <Form.Item name="unitId" label={t('stmt.draft.unit')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={units} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function StatementsPage() {
  const t = useT();
  const me = useMe().data;
  const [params, setParams] = useSearchParams();
  const [drafting, setDrafting] = useState(false);
  const today = companyToday();
  const month = parseMonth(params.get('month')) ?? previousMonth(today);
  const kind = pickOf<StatementKind>(STATEMENT_KINDS, params.get('kind'));
  const state = pickOf<StatementState>(STATEMENT_STATES, params.get('state'));
  const unitId = params.get('unitId') || undefined;
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const units = useSettledUnits();
  const list = useApiQuery('GET /api/statements', {
    query: { month, kind, state, unitId, page, pageSize: PAGE_SIZE },
  });
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
        title={t('stmt.title')}
        extra={
          can(me, 'settlement.manage') ? (
            <Button type="primary" onClick={() => setDrafting(true)}>
              {t('stmt.draft')}
            </Button>
          ) : null
        }
      />
      <Alert type="info" showIcon style={{ marginBottom: 16 }} message={t('stmt.intro')} />
      <Card>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <DatePicker
            picker="month"
            allowClear={false}
            aria-label={t('stmt.month')}
            value={dayjs(`${month}-01`)}
            onChange={(v) => v && setFilter('month', v.format('YYYY-MM'))}
          />
          <Select<StatementKind>
            allowClear
            style={{ width: 140 }}
            placeholder={t('stmt.kind')}
            value={kind}
            onChange={(v) => setFilter('kind', v)}
            options={STATEMENT_KINDS.map((k) => ({ value: k, label: t(`stmt.kind.${k}`) }))}
          />
          <Select<StatementState>
            allowClear
            style={{ width: 140 }}
            placeholder={t('stmt.state')}
            value={state}
            onChange={(v) => setFilter('state', v)}
            options={STATEMENT_STATES.map((s) => ({ value: s, label: t(`stmt.state.${s}`) }))}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 240 }}
            placeholder={t('stmt.unit')}
            value={unitId}
            onChange={(v) => setFilter('unitId', v)}
            options={units}
          />
        </Flex>
        <Table<Statement>
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
            { key: 'code', title: t('stmt.code'), render: (_, s) => <Link to={`/statements/${s.id}`}>{s.code}</Link> },
            {
              key: 'unit',
              title: t('stmt.unit'),
              render: (_, s) => (
                <>
                  {s.unitCode} {s.unitName} <Tag>{t(`stmt.kind.${s.kind}`)}</Tag>
                </>
              ),
            },
            { key: 'month', title: t('stmt.month'), dataIndex: 'month' },
            { key: 'state', title: t('stmt.state'), render: (_, s) => <StatementStateTag state={s.state} /> },
            { key: 'orders', title: t('stmt.orders'), dataIndex: 'orderCount', align: 'right' },
            { key: 'lines', title: t('stmt.lines'), dataIndex: 'lineCount', align: 'right' },
            { key: 'total', title: t('stmt.total'), align: 'right', render: (_, s) => formatYuan(s.totalFen) },
            {
              key: 'disputes',
              title: t('stmt.disputesOpen'),
              align: 'right',
              render: (_, s) => (s.disputedCount > 0 ? <Tag color="red">{s.disputedCount}</Tag> : 0),
            },
            {
              key: 'respondBy',
              title: t('stmt.respondBy'),
              render: (_, s) => <RespondBy statement={s} today={today} />,
            },
          ]}
        />
      </Card>
      {drafting ? <DraftDialog month={month} onClose={() => setDrafting(false)} /> : null}
    </>
  );
}

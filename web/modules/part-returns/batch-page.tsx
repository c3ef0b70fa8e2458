import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Flex, Input, Select, Space, Spin, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import {
  APPRAISAL_OUTCOMES,
  type AppraisalOutcome,
  type ReturnObligation,
} from '../../../server/modules/parts/returns/contract.js';
import { useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { formatYuan } from '../warranty/warranty-rules.js';
import { BatchStatusTag } from './batches-page.js';
import { useAppraise, useAppraiseBatch, useReceiveBatch } from './returns-api.js';
import { ReturnStatusTag } from './returns-page.js';

/** One line's appraisal at the center: the outcome and a note. */
function AppraiseCell({ line }: { line: ReturnObligation }) {
  const { t } = useI18n();
  const appraise = useAppraise();
  const [outcome, setOutcome] = useState<AppraisalOutcome | undefined>(line.outcome ?? undefined);
  const [note, setNote] = useState(line.appraisalNote ?? '');
  return (
    <Space.Compact>
      <Select<AppraisalOutcome>
        style={{ width: 140 }}
        value={outcome}
        placeholder={t('returns.outcome')}
        onChange={setOutcome}
        options={APPRAISAL_OUTCOMES.map((o) => ({ value: o, label: t(`returns.outcome.${o}`) }))}
      />
      <Input
        style={{ width: 180 }}
        value={note}
        maxLength={500}
        placeholder={t('returns.appraise.note')}
        onChange={(e) => setNote(e.target.value)}
      />
      <Button
        type="primary"
        disabled={!outcome}
        loading={appraise.isPending}
        onClick={() => outcome && appraise.mutate({ id: line.id, outcome, note: note.trim() || undefined })}
      >
        {t('returns.appraise')}
      </Button>
    </Space.Compact>
  );
}

/** The rest of a batch at once: one outcome for every line not appraised yet. */
function AppraiseAll({ batchId }: { batchId: string }) {
  const { t } = useI18n();
  const appraise = useAppraiseBatch(batchId);
  const [outcome, setOutcome] = useState<AppraisalOutcome | undefined>();
  return (
    <Space.Compact>
      <Select<AppraisalOutcome>
        style={{ width: 220 }}
        value={outcome}
        placeholder={t('returns.appraiseAll')}
        onChange={setOutcome}
        options={APPRAISAL_OUTCOMES.map((o) => ({ value: o, label: t(`returns.outcome.${o}`) }))}
      />
      <Button disabled={!outcome} loading={appraise.isPending} onClick={() => outcome && appraise.mutate({ outcome })}>
        {t('returns.appraise')}
      </Button>
    </Space.Compact>
  );
}

/** A return batch: its lines, receipt at the center and the appraisal of each line. */
export function ReturnBatchPage() {
  const { id = '' } = useParams();
  const { t, pick } = useI18n();
  const me = useMe().data;
  const q = useApiQuery('GET /api/part-returns/batches/:id', { params: { id } });
  const receive = useReceiveBatch(id);
  if (q.isPending)
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin />
      </Flex>
    );
  if (q.isError) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;
  const b = q.data;
  const appraiser = can(me, 'returns.appraise');
  return (
    <>
      <PageHeader
        title={`${t('returns.batch')} ${b.code}`}
        extra={
          <Space wrap>
            <Link to="/part-returns/batches">
              <Button icon={<ArrowLeftOutlined />}>{t('returns.batches.title')}</Button>
            </Link>
            <Link to={`/part-returns/batches/${b.id}/note`}>
              <Button icon={<PrinterOutlined />}>{t('returns.batch.print')}</Button>
            </Link>
            {appraiser && b.status === 'shipped' && (
              <Button type="primary" loading={receive.isPending} onClick={() => receive.mutate()}>
                {t('returns.batch.receive')}
              </Button>
            )}
          </Space>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('returns.batch.status')}>
            <BatchStatusTag status={b.status} />
          </Descriptions.Item>
          <Descriptions.Item label={t('returns.outlet')}>{b.outletName}</Descriptions.Item>
          <Descriptions.Item label={t('returns.ship.carrier')}>{b.carrier}</Descriptions.Item>
          <Descriptions.Item label={t('returns.ship.trackingNo')}>{b.trackingNo}</Descriptions.Item>
          <Descriptions.Item label={t('returns.batch.shippedAt')}>
            {formatDateTime(b.shippedAt)} {b.shippedByName ?? ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('returns.batch.receivedAt')}>
            {formatDateTime(b.receivedAt)} {b.receivedByName ?? ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('returns.outcome')}>
            {t('returns.batch.appraised', { done: b.appraisedCount, all: b.lineCount })}
          </Descriptions.Item>
          <Descriptions.Item label={t('returns.withheld')}>{formatYuan(b.withheldFen)}</Descriptions.Item>
          {b.note && <Descriptions.Item label={t('returns.ship.note')}>{b.note}</Descriptions.Item>}
        </Descriptions>
      </Card>
      <Card>
        {appraiser && b.status === 'received' && b.appraisedCount < b.lineCount && (
          <Flex justify="end" style={{ marginBottom: 16 }}>
            <AppraiseAll batchId={b.id} />
          </Flex>
        )}
        <Table<ReturnObligation>
          rowKey="id"
          size="middle"
          pagination={false}
          dataSource={b.lines}
          scroll={{ x: 'max-content' }}
          columns={[
            {
              key: 'order',
              title: t('returns.order'),
              render: (_, o) => <Link to={`/orders/${o.orderId}`}>{o.orderCode}</Link>,
            },
            { key: 'part', title: t('returns.part'), render: (_, o) => `${o.partCode} ${o.partName}` },
            { key: 'serial', title: t('returns.serial'), render: (_, o) => o.serial ?? '' },
            { key: 'qty', title: t('returns.quantity'), dataIndex: 'quantity' },
            { key: 'due', title: t('returns.dueDay'), dataIndex: 'dueDay' },
            { key: 'status', title: t('returns.batch.status'), render: (_, o) => <ReturnStatusTag o={o} /> },
            {
              key: 'outcome',
              title: t('returns.outcome'),
              render: (_, o) =>
                o.outcome ? (
                  <Typography.Text>
                    {t(`returns.outcome.${o.outcome}`)} ·{' '}
                    {o.outcome !== 'faulty_confirmed' && o.warrantyAmountFen === null
                      ? t('returns.amountUnknown')
                      : o.settlement
                        ? pick(o.settlement)
                        : ''}
                  </Typography.Text>
                ) : (
                  ''
                ),
            },
            ...(appraiser && b.status !== 'shipped'
              ? [
                  {
                    key: 'appraise',
                    title: t('returns.appraise'),
                    render: (_: unknown, o: ReturnObligation) => <AppraiseCell key={o.id} line={o} />,
                  },
                ]
              : []),
          ]}
        />
      </Card>
    </>
  );
}

import { Alert, Card, DatePicker, Flex, Progress, Segmented, Table, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useSearchParams } from 'react-router';
import {
  SCORE_LEVELS,
  type ScoreLevel,
  type ScoreList,
  type ScoreRow,
} from '../../../server/modules/callbacks/contract.js';
import { useApiQuery } from '../../api/queries.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useT } from '../../i18n/index.js';
import { companyToday } from '../statements/statement-parts.js';
import { scoreFilters } from './callback-rules.js';

/*
 * Callback satisfaction scores (docs/callbacks-screens.md): per outlet or per technician over a
 * period (the last 30 days by default), the answered callbacks behind the figures, the average
 * attitude, quality and timeliness (1–5), the NPS (−100..100), the satisfaction rate, the
 * complaints held against them (and how many carry a discipline penalty) and the score those
 * leave. Every column sorts; the level and the period live in the address. A table only: the
 * web has no chart library.
 */

const DAY = 'YYYY-MM-DD';

const two = (n: number) => n.toFixed(2);

/** Numbers sort ascending; a missing figure (no callbacks, no NPS) always sorts as the lowest. */
const byNumber =
  (key: 'callbacks' | 'attitude' | 'quality' | 'timeliness' | 'nps' | 'satisfaction' | 'complaints' | 'score') =>
  (a: ScoreRow, b: ScoreRow) =>
    (a[key] ?? -Infinity) - (b[key] ?? -Infinity);

/** An average, or "—" for a row without callbacks (complaints held against them only). */
function Figure({ value }: { value: number | null }) {
  return value === null ? <Typography.Text type="secondary">—</Typography.Text> : <span>{two(value)}</span>;
}

/** A percentage as a bar coloured by the satisfaction bands, or "—" without callbacks. */
function PercentBar({ value, testId }: { value: number | null; testId?: string }) {
  if (value === null) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Flex gap={8} align="center" style={{ minWidth: 150 }} data-testid={testId}>
      <Progress
        percent={value}
        showInfo={false}
        size="small"
        strokeColor={satisfactionColor(value)}
        style={{ width: 80, margin: 0 }}
      />
      <Typography.Text>{two(value)}%</Typography.Text>
    </Flex>
  );
}

function satisfactionColor(p: number): string {
  return p >= 90 ? '#52c41a' : p >= 70 ? '#faad14' : '#ff4d4f';
}

export function CallbackScoresPage() {
  const t = useT();
  const isPhone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const f = scoreFilters(params, companyToday());
  const q = useApiQuery('GET /api/callback-scores', { query: f }, { placeholderData: (prev) => prev });
  const set = (patch: Partial<Record<'level' | 'from' | 'to', string>>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  if (q.isError && !q.data) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;
  return (
    <>
      <PageHeader title={t('cb.scores.title')} />
      {isPhone ? null : <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('cb.scores.intro')} />}
      <Card styles={{ body: isPhone ? { padding: 12 } : undefined }}>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 16 }}>
          <Segmented<ScoreLevel>
            value={f.level}
            onChange={(v) => set({ level: v === 'outlet' ? undefined : v })}
            options={SCORE_LEVELS.map((l) => ({ value: l, label: t(`cb.scores.level.${l}`) }))}
            data-testid="score-level"
          />
          <DatePicker.RangePicker
            aria-label={t('cb.scores.period')}
            allowClear={false}
            value={[dayjs(f.from), dayjs(f.to)]}
            style={{ width: isPhone ? '100%' : undefined }}
            onChange={(v) => {
              const [a, b] = (v ?? []) as [Dayjs | null, Dayjs | null];
              if (a && b) set({ from: a.format(DAY), to: b.format(DAY) });
            }}
          />
        </Flex>
        <ScoresTable
          rows={q.data?.items ?? []}
          loading={q.isFetching}
          compact={isPhone}
          firstTitle={t('cb.scores.name')}
          deductions={q.data?.deductions}
        />
      </Card>
    </>
  );
}

/** The scores as a table whose every column sorts: the scores page's, and the unit page's tab. */
export function ScoresTable({
  rows,
  loading,
  compact,
  firstTitle,
  deductions,
  testId = 'callback-scores',
}: {
  rows: ScoreRow[];
  loading: boolean;
  compact: boolean;
  firstTitle: string;
  /** The deductions in force, named in the score column's hint. */
  deductions?: ScoreList['deductions'];
  testId?: string;
}) {
  const t = useT();
  return (
    <Table<ScoreRow>
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: t('cb.scores.empty') }}
      data-testid={testId}
      pagination={{
        pageSize: 50,
        showSizeChanger: false,
        hideOnSinglePage: true,
        simple: compact,
        showTotal: (total) => t('cb.scores.count', { total }),
      }}
      columns={[
        {
          key: 'name',
          title: firstTitle,
          dataIndex: 'name',
          fixed: compact ? undefined : 'left',
          sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN'),
        },
        {
          key: 'callbacks',
          title: t('cb.scores.callbacks'),
          dataIndex: 'callbacks',
          align: 'right',
          sorter: byNumber('callbacks'),
        },
        {
          key: 'attitude',
          title: t('cb.scores.attitude'),
          align: 'right',
          sorter: byNumber('attitude'),
          render: (_, r) => <Figure value={r.attitude} />,
        },
        {
          key: 'quality',
          title: t('cb.scores.quality'),
          align: 'right',
          sorter: byNumber('quality'),
          render: (_, r) => <Figure value={r.quality} />,
        },
        {
          key: 'timeliness',
          title: t('cb.scores.timeliness'),
          align: 'right',
          sorter: byNumber('timeliness'),
          render: (_, r) => <Figure value={r.timeliness} />,
        },
        {
          key: 'nps',
          title: t('cb.scores.nps'),
          align: 'right',
          sorter: byNumber('nps'),
          render: (_, r) =>
            r.nps === null ? (
              <Typography.Text type="secondary">—</Typography.Text>
            ) : (
              <Typography.Text type={r.nps < 0 ? 'danger' : undefined}>{Math.round(r.nps)}</Typography.Text>
            ),
        },
        {
          key: 'satisfaction',
          title: t('cb.scores.satisfaction'),
          sorter: byNumber('satisfaction'),
          render: (_, r) => <PercentBar value={r.satisfaction} />,
        },
        {
          key: 'complaints',
          title: <Tooltip title={t('cb.scores.complaintsHint')}>{t('cb.scores.complaints')}</Tooltip>,
          align: 'right',
          sorter: byNumber('complaints'),
          render: (_, r) =>
            r.complaints === 0 ? (
              <Typography.Text type="secondary">0</Typography.Text>
            ) : (
              <Typography.Text type="danger" data-testid="score-complaints">
                {r.complaints}
                {r.penalties ? ` (${t('cb.scores.penalties', { n: r.penalties })})` : ''}
              </Typography.Text>
            ),
        },
        {
          key: 'score',
          title: deductions ? (
            <Tooltip title={t('cb.scores.scoreHint', deductions)}>{t('cb.scores.score')}</Tooltip>
          ) : (
            t('cb.scores.score')
          ),
          sorter: byNumber('score'),
          defaultSortOrder: 'descend',
          render: (_, r) =>
            r.score === null ? (
              <Typography.Text type="secondary">{t('cb.scores.noCallbacks')}</Typography.Text>
            ) : (
              <PercentBar value={r.score} testId="score-value" />
            ),
        },
      ]}
    />
  );
}

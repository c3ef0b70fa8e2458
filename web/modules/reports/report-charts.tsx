import { Empty } from 'antd';
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { type ChartItemClick, type ChartOption, EChart } from '../../components/echart.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useI18n } from '../../i18n/index.js';
import type { MonthlyRow } from './monthly-table.js';
import { percentValue, ratePercent, type SlaStep } from './report-rules.js';

/*
 * The reports' charts (ECharts through the shared EChart): the 3-day rate per unit against its
 * target and the last 30 days (dashboard), the late share per SLA step, the fault Pareto and the
 * failure rate per purchase month. Where a bar or a point is a count of orders (the trend's days,
 * the Pareto's bars), a click opens those orders: the drill-down the tables link to (drillHref).
 */

const GREEN = '#52c41a';
const RED = '#ff4d4f';
const GREY = '#bfbfbf';
const BLUE = '#1677ff';
const ORANGE = '#fa8c16';

const percent = (v: unknown) => (v === null || v === undefined ? '—' : `${v}%`);

/**
 * One bar per unit with judged orders: its 3-day rate, green when the target is met, red when
 * missed. The target is a stepped line over the bars, since each province group has its own.
 */
export function RateChart({ rows }: { rows: MonthlyRow[] }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const judged = useMemo(() => rows.filter((r) => r.judged > 0), [rows]);
  const option = useMemo<ChartOption>(() => {
    const crowded = judged.length > (isPhone ? 4 : 8);
    return {
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${v}%`) },
      legend: { top: 0 },
      grid: { left: 44, right: 12, top: 36, bottom: crowded ? 72 : 28 },
      xAxis: {
        type: 'category',
        data: judged.map((r) => r.name),
        axisLabel: crowded ? { rotate: 40, interval: 0, width: 80, overflow: 'truncate' } : { interval: 0 },
      },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: t('rep.rateSeries'),
          type: 'bar',
          barMaxWidth: 36,
          itemStyle: { color: GREEN },
          data: judged.map((r) => ({
            value: ratePercent(r.within3, r.judged),
            itemStyle: { color: r.met3 === null ? GREY : r.met3 ? GREEN : RED },
          })),
        },
        {
          name: t('rep.targetSeries'),
          type: 'line',
          step: 'middle',
          // A tick over each bar, so a single unit still shows its target.
          symbol: 'rect',
          symbolSize: [28, 3],
          lineStyle: { type: 'dashed', color: RED, width: 2 },
          itemStyle: { color: RED },
          data: judged.map((r) => r.group?.within3DaysPercent ?? null),
        },
      ],
    };
  }, [judged, t, isPhone]);
  if (!judged.length) return <Empty description={t('rep.noRates')} />;
  return (
    <div data-testid="rate-chart">
      <EChart option={option} label={t('rep.rateChartLabel')} />
    </div>
  );
}

/** The handler of a chart whose items open their orders: the address of each, null for none. */
function useOpenItem(hrefOf: ((item: ChartItemClick) => string | null) | undefined) {
  const navigate = useNavigate();
  if (!hrefOf) return undefined;
  return (item: ChartItemClick) => {
    const href = hrefOf(item);
    if (href) navigate(href);
  };
}

const TREND_METRICS = ['received', 'completed'] as const;

/**
 * Received and completed per day over the last 30 days; a point opens the orders received or
 * completed that day (`hrefOf`).
 */
export function TrendChart({
  points,
  hrefOf,
}: {
  points: { day: string; received: number; completed: number }[];
  hrefOf?: (day: string, metric: 'received' | 'completed') => string;
}) {
  const { t } = useI18n();
  const open = useOpenItem(
    hrefOf
      ? ({ seriesIndex, dataIndex }) => {
          const p = points[dataIndex];
          const metric = TREND_METRICS[seriesIndex];
          return p && metric ? hrefOf(p.day, metric) : null;
        }
      : undefined,
  );
  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 44, right: 12, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: points.map((p) => p.day.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('rep.trendReceived'),
          type: 'line',
          smooth: true,
          symbolSize: 7,
          itemStyle: { color: BLUE },
          data: points.map((p) => p.received),
        },
        {
          name: t('rep.trendCompleted'),
          type: 'line',
          smooth: true,
          symbolSize: 7,
          itemStyle: { color: GREEN },
          data: points.map((p) => p.completed),
        },
      ],
    }),
    [points, t],
  );
  return (
    <div data-testid="trend-chart">
      <EChart option={option} label={t('rep.trendChartLabel')} onItemClick={open} />
    </div>
  );
}

/** The share of late orders at each SLA step, one bar per step. */
export function SlaChart({ steps }: { steps: { step: SlaStep; lateText: string }[] }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: percent },
      grid: { left: 44, right: 12, top: 24, bottom: 40 },
      xAxis: {
        type: 'category',
        data: steps.map((s) => t(`rep.step.${s.step}`)),
        // Long step names (in English) break onto a second line rather than run into each other.
        axisLabel: { interval: 0, width: isPhone ? 56 : 80, overflow: 'break' },
      },
      yAxis: { type: 'value', min: 0, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: t('rep.col.lateShare'),
          type: 'bar',
          barMaxWidth: 48,
          itemStyle: { color: RED },
          label: { show: true, position: 'top', formatter: '{c}%' },
          data: steps.map((s) => percentValue(s.lateText)),
        },
      ],
    }),
    [steps, t, isPhone],
  );
  return (
    <div data-testid="sla-chart">
      <EChart option={option} height={240} label={t('rep.slaChartLabel')} />
    </div>
  );
}

/**
 * A Pareto: one bar per row (its orders), largest first, and the cumulative share as a line on the
 * right axis. A bar opens its orders (`hrefOf`, as the row's count in the table does).
 */
export function ParetoChart<R extends { name: string; count: number; cumulativePercent: number }>({
  rows,
  hrefOf,
}: {
  rows: R[];
  hrefOf?: (row: R) => string | null;
}) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  // The head of the Pareto is what it is read for; the table below lists every row.
  const head = useMemo(() => rows.slice(0, isPhone ? 10 : 20), [rows, isPhone]);
  const open = useOpenItem(
    hrefOf
      ? ({ seriesIndex, dataIndex }) => {
          const row = head[dataIndex];
          // The bars are counts of orders; the line is a share.
          return seriesIndex === 0 && row ? hrefOf(row) : null;
        }
      : undefined,
  );
  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 44, right: 44, top: 36, bottom: 72 },
      xAxis: {
        type: 'category',
        data: head.map((r) => r.name),
        axisLabel: { rotate: 40, interval: 0, width: isPhone ? 60 : 90, overflow: 'truncate' },
      },
      yAxis: [
        { type: 'value', minInterval: 1 },
        { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' }, splitLine: { show: false } },
      ],
      series: [
        {
          name: t('rep.paretoCount'),
          type: 'bar',
          barMaxWidth: 36,
          itemStyle: { color: BLUE },
          data: head.map((r) => r.count),
        },
        {
          name: t('rep.paretoCumulative'),
          type: 'line',
          yAxisIndex: 1,
          cursor: 'default',
          itemStyle: { color: ORANGE },
          tooltip: { valueFormatter: percent },
          data: head.map((r) => r.cumulativePercent),
        },
      ],
    }),
    [head, t, isPhone],
  );
  if (!head.length) return <Empty description={t('rep.empty')} />;
  return (
    <div data-testid="pareto-chart">
      <EChart option={option} height={320} label={t('rep.paretoChartLabel')} onItemClick={open} />
    </div>
  );
}

/** The failure rate of each purchase month. */
export function FailureRateChart({ rows }: { rows: { month: string; units: number; failed: number }[] }) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: percent },
      grid: { left: 44, right: 12, top: 16, bottom: isPhone ? 48 : 28 },
      xAxis: {
        type: 'category',
        data: rows.map((r) => r.month),
        axisLabel: isPhone ? { rotate: 40 } : {},
      },
      yAxis: { type: 'value', min: 0, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: t('rep.failureSeries'),
          type: 'bar',
          barMaxWidth: 36,
          itemStyle: { color: ORANGE },
          data: rows.map((r) => ratePercent(r.failed, r.units)),
        },
      ],
    }),
    [rows, t, isPhone],
  );
  if (!rows.some((r) => r.units > 0)) return <Empty description={t('rep.empty')} />;
  return (
    <div data-testid="failure-chart">
      <EChart option={option} height={260} label={t('rep.failureChartLabel')} />
    </div>
  );
}

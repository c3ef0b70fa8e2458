import { Empty } from 'antd';
import { useMemo } from 'react';
import { type ChartOption, EChart } from '../../components/echart.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useI18n } from '../../i18n/index.js';
import type { MonthlyRow } from './report-parts.js';
import { ratePercent } from './report-rules.js';

/* The dashboard's charts (ECharts through the shared EChart): the 3-day rate per unit against its target, and the last 30 days. */

const GREEN = '#52c41a';
const RED = '#ff4d4f';
const GREY = '#bfbfbf';
const BLUE = '#1677ff';

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

/** Received and completed per day over the last 30 days. */
export function TrendChart({ points }: { points: { day: string; received: number; completed: number }[] }) {
  const { t } = useI18n();
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
          itemStyle: { color: BLUE },
          data: points.map((p) => p.received),
        },
        {
          name: t('rep.trendCompleted'),
          type: 'line',
          smooth: true,
          itemStyle: { color: GREEN },
          data: points.map((p) => p.completed),
        },
      ],
    }),
    [points, t],
  );
  return (
    <div data-testid="trend-chart">
      <EChart option={option} label={t('rep.trendChartLabel')} />
    </div>
  );
}

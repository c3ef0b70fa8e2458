import { useMemo } from 'react';
import { type ChartOption, EChart } from '../../components/echart.js';
import { useI18n } from '../../i18n/index.js';
import type { DayPoint } from './messages-rules.js';

/* Sent, delivered and failed per day as grouped bars (ECharts), with the day's figures as a tooltip. */

const SERIES = [
  { key: 'sent', color: '#1677ff' },
  { key: 'delivered', color: '#52c41a' },
  { key: 'failed', color: '#ff4d4f' },
] as const;

export function DeliveryChart({ points }: { points: DayPoint[] }) {
  const { t } = useI18n();
  const option = useMemo<ChartOption>(
    () => ({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: points.map((p) => p.day.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: SERIES.map((s) => ({
        name: t(`msgReport.${s.key}`),
        type: 'bar',
        itemStyle: { color: s.color },
        data: points.map((p) => p[s.key]),
      })),
    }),
    [points, t],
  );
  return (
    <div data-testid="delivery-chart">
      <EChart option={option} label={t('msgReport.chart')} />
    </div>
  );
}

import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what the screens draw, so the bundle carries no more of ECharts than they use.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;

/** A click on a bar or a point: which series and which item of it. */
export interface ChartItemClick {
  seriesIndex: number;
  dataIndex: number;
}

/**
 * An ECharts chart that fills its box and follows the box's size; `option` is applied whole on
 * every change (notMerge), so a series that goes away goes away. `onItemClick` hears clicks on
 * bars and points (the latest handler, without re-binding).
 */
export function EChart({
  option,
  height = 280,
  label,
  onItemClick,
}: {
  option: ChartOption;
  height?: number;
  label: string;
  onItemClick?: (item: ChartItemClick) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clicked = useRef(onItemClick);
  clicked.current = onItemClick;
  useEffect(() => {
    if (!box.current) return;
    const c = echarts.init(box.current);
    chart.current = c;
    c.on('click', (e) => {
      if (e.componentType === 'series' && typeof e.seriesIndex === 'number' && typeof e.dataIndex === 'number')
        clicked.current?.({ seriesIndex: e.seriesIndex, dataIndex: e.dataIndex });
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(box.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div ref={box} role="img" aria-label={label} style={{ width: '100%', height }} />;
}

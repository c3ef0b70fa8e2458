import { Flex, Spin } from 'antd';
import { lazy, Suspense } from 'react';
import type { Board } from '../../../server/modules/planning/contract.js';
import { Legend, type PlanDrawingProps, PlanPlot } from './plan-plot.js';

// Leaflet loads only where a tile server is configured; the plain plot needs none of it.
const PlanLeaflet = lazy(async () => ({ default: (await import('./plan-leaflet.js')).PlanLeaflet }));

/**
 * The outlet's visits and each technician's route: on the company's map tiles when a tile server is
 * configured (setting planning.mapTiles), else the plain plot, which works without any.
 */
export function PlanMap(props: PlanDrawingProps & { tiles: Board['tiles'] }) {
  const { tiles, ...drawing } = props;
  if (!tiles) return <PlanPlot {...drawing} />;
  return (
    <Flex vertical gap={4}>
      <Suspense fallback={<Spin />}>
        <PlanLeaflet {...drawing} tiles={tiles} />
      </Suspense>
      <Legend board={drawing.board} plan={drawing.plan} colors={drawing.colors} />
    </Flex>
  );
}

import { Flex, Typography } from 'antd';
import { useMemo } from 'react';
import type { Board, Plan, Point } from '../../../server/modules/planning/contract.js';
import { useT } from '../../i18n/index.js';
import { clock, placements, projection, UNPLANNED_COLOR } from './planning-rules.js';

export interface PlanDrawingProps {
  board: Pick<Board, 'outlet' | 'visits' | 'technicians'>;
  plan: Plan | null;
  colors: Map<string, string>;
  selected: string | null;
  onSelect: (orderId: string) => void;
}

const W = 640;
const H = 420;

/** A technician's route as points: start, the stops with coordinates, end. */
export function routePoints(
  route: Plan['routes'][number],
  board: PlanDrawingProps['board'],
  locationOf: Map<string, Point>,
): Point[] {
  const tech = board.technicians.find((t) => t.id === route.technicianId);
  const start = tech?.start ?? board.outlet.location;
  const end = tech?.end ?? board.outlet.location;
  const stops = route.stops.map((s) => locationOf.get(s.orderId)).filter((p): p is Point => !!p);
  return [...(start ? [start] : []), ...stops, ...(end ? [end] : [])];
}

/**
 * The plain plot: no tile server, an SVG of lat/lng (north up, same scale both ways) with the outlet,
 * the visits numbered by their place in their route and coloured by its technician, and the routes as
 * lines in the technician's colour. Grey visits are in no route.
 */
export function PlanPlot({ board, plan, colors, selected, onSelect }: PlanDrawingProps) {
  const t = useT();
  const locationOf = useMemo(
    () => new Map(board.visits.filter((v) => v.location).map((v) => [v.orderId, v.location!])),
    [board.visits],
  );
  const at = useMemo(() => placements(plan), [plan]);
  const proj = useMemo(() => {
    const pts: Point[] = [...locationOf.values()];
    if (board.outlet.location) pts.push(board.outlet.location);
    for (const tech of board.technicians) {
      if (tech.start) pts.push(tech.start);
      if (tech.end) pts.push(tech.end);
    }
    return projection(pts, W, H, 24);
  }, [locationOf, board.outlet.location, board.technicians]);

  const outlet = board.outlet.location ? proj.toXY(board.outlet.location) : null;
  return (
    <Flex vertical gap={4}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={t('planning.map')}
        data-testid="plan-plot"
        style={{ width: '100%', height: 'auto', background: '#fafafa', border: '1px solid #f0f0f0', borderRadius: 6 }}
      >
        {(plan?.routes ?? []).map((r) => {
          const pts = routePoints(r, board, locationOf).map((p) => proj.toXY(p));
          if (pts.length < 2) return null;
          return (
            <polyline
              key={r.technicianId}
              data-testid="plot-route"
              data-technician={r.technicianId}
              points={pts.map((p) => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ')}
              fill="none"
              stroke={colors.get(r.technicianId) ?? UNPLANNED_COLOR}
              strokeWidth={2}
              strokeOpacity={0.8}
              strokeLinejoin="round"
            />
          );
        })}
        {board.visits.map((v) => {
          if (!v.location) return null;
          const { x, y } = proj.toXY(v.location);
          const place = at.get(v.orderId);
          const color = place ? (colors.get(place.technicianId) ?? UNPLANNED_COLOR) : UNPLANNED_COLOR;
          const isSelected = selected === v.orderId;
          const title = [
            v.code,
            v.customerName,
            place ? `${clock(place.stop.start)}–${clock(place.stop.end)}` : t('planning.plot.unplanned'),
          ].join(' · ');
          return (
            <g
              key={v.orderId}
              data-testid="plot-visit"
              data-order={v.orderId}
              role="button"
              tabIndex={0}
              style={{ cursor: 'pointer' }}
              onClick={() => onSelect(v.orderId)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') onSelect(v.orderId);
              }}
            >
              <title>{title}</title>
              <circle
                cx={x}
                cy={y}
                r={isSelected ? 11 : 8}
                fill={color}
                stroke={isSelected ? '#000' : '#fff'}
                strokeWidth={isSelected ? 2 : 1}
              />
              {place ? (
                <text x={x} y={y + 3.5} textAnchor="middle" fontSize={9} fill="#fff" style={{ pointerEvents: 'none' }}>
                  {place.position + 1}
                </text>
              ) : null}
            </g>
          );
        })}
        {outlet ? (
          <g data-testid="plot-outlet">
            <title>{`${t('planning.plot.outlet')}: ${board.outlet.name}`}</title>
            <rect x={outlet.x - 8} y={outlet.y - 8} width={16} height={16} fill="#262626" rx={2} />
            <text x={outlet.x} y={outlet.y + 4} textAnchor="middle" fontSize={10} fill="#fff">
              ⌂
            </text>
          </g>
        ) : null}
      </svg>
      <Legend board={board} plan={plan} colors={colors} />
    </Flex>
  );
}

/** The technicians' colours, those with a route first. */
export function Legend({ board, plan, colors }: Pick<PlanDrawingProps, 'board' | 'plan' | 'colors'>) {
  const t = useT();
  const routed = new Set((plan?.routes ?? []).filter((r) => r.stops.length).map((r) => r.technicianId));
  return (
    <Flex wrap gap={12} data-testid="plot-legend">
      {board.technicians
        .filter((tech) => routed.has(tech.id))
        .map((tech) => (
          <Flex key={tech.id} gap={4} align="center">
            <span
              style={{
                width: 12,
                height: 12,
                borderRadius: 6,
                display: 'inline-block',
                background: colors.get(tech.id),
              }}
            />
            <Typography.Text type="secondary">{tech.name}</Typography.Text>
          </Flex>
        ))}
      <Flex gap={4} align="center">
        <span
          style={{ width: 12, height: 12, borderRadius: 6, display: 'inline-block', background: UNPLANNED_COLOR }}
        />
        <Typography.Text type="secondary">{t('planning.plot.unplanned')}</Typography.Text>
      </Flex>
    </Flex>
  );
}

import 'leaflet/dist/leaflet.css';
import type { LatLngBoundsExpression, LatLngExpression } from 'leaflet';
import { useMemo } from 'react';
import { CircleMarker, MapContainer, Polyline, TileLayer, Tooltip } from 'react-leaflet';
import type { Board, Point } from '../../../server/modules/planning/contract.js';
import { useT } from '../../i18n/index.js';
import { type PlanDrawingProps, routePoints } from './plan-plot.js';
import { clock, placements, UNPLANNED_COLOR } from './planning-rules.js';

const ll = (p: Point): LatLngExpression => [p.lat, p.lng];

/**
 * The map with tiles (setting planning.mapTiles): the same drawing as the plain plot on the company's
 * tile server, through Leaflet. Markers are circles (no marker images to serve).
 */
export function PlanLeaflet({
  board,
  plan,
  colors,
  selected,
  onSelect,
  tiles,
}: PlanDrawingProps & { tiles: NonNullable<Board['tiles']> }) {
  const t = useT();
  const locationOf = useMemo(
    () => new Map(board.visits.filter((v) => v.location).map((v) => [v.orderId, v.location!])),
    [board.visits],
  );
  const at = useMemo(() => placements(plan), [plan]);
  const bounds = useMemo((): LatLngBoundsExpression | null => {
    const pts = [...locationOf.values(), ...(board.outlet.location ? [board.outlet.location] : [])];
    if (pts.length === 0) return null;
    const lats = pts.map((p) => p.lat);
    const lngs = pts.map((p) => p.lng);
    return [
      [Math.min(...lats), Math.min(...lngs)],
      [Math.max(...lats), Math.max(...lngs)],
    ];
  }, [locationOf, board.outlet.location]);

  return (
    <div data-testid="plan-map" style={{ height: 420, borderRadius: 6, overflow: 'hidden', isolation: 'isolate' }}>
      <MapContainer
        {...(bounds ? { bounds, boundsOptions: { padding: [24, 24] } } : { center: [35, 105], zoom: 4 })}
        style={{ height: '100%', width: '100%' }}
        scrollWheelZoom
      >
        <TileLayer url={tiles.url} attribution={tiles.attribution} />
        {(plan?.routes ?? []).map((r) => {
          const pts = routePoints(r, board, locationOf);
          return pts.length < 2 ? null : (
            <Polyline
              key={r.technicianId}
              positions={pts.map(ll)}
              pathOptions={{ color: colors.get(r.technicianId) ?? UNPLANNED_COLOR, weight: 3, opacity: 0.8 }}
            />
          );
        })}
        {board.visits.map((v) => {
          if (!v.location) return null;
          const place = at.get(v.orderId);
          const color = place ? (colors.get(place.technicianId) ?? UNPLANNED_COLOR) : UNPLANNED_COLOR;
          return (
            <CircleMarker
              key={v.orderId}
              center={ll(v.location)}
              radius={selected === v.orderId ? 10 : 7}
              pathOptions={{
                color: selected === v.orderId ? '#000' : '#fff',
                weight: 1,
                fillColor: color,
                fillOpacity: 1,
              }}
              eventHandlers={{ click: () => onSelect(v.orderId) }}
            >
              <Tooltip>
                {[
                  place ? `${place.position + 1}.` : '',
                  v.code,
                  v.customerName,
                  place ? `${clock(place.stop.start)}–${clock(place.stop.end)}` : t('planning.plot.unplanned'),
                ]
                  .filter(Boolean)
                  .join(' ')}
              </Tooltip>
            </CircleMarker>
          );
        })}
        {board.outlet.location ? (
          <CircleMarker
            center={ll(board.outlet.location)}
            radius={9}
            pathOptions={{ color: '#262626', fillColor: '#262626', fillOpacity: 1 }}
          >
            <Tooltip>{`${t('planning.plot.outlet')}: ${board.outlet.name}`}</Tooltip>
          </CircleMarker>
        ) : null}
      </MapContainer>
    </div>
  );
}

import type { Location, TravelConfig } from './problem.js';

/*
 * Travel times from coordinates. The planning board will give real places (lat/lng) and a road
 * factor; the benchmark gives planar points and the instance convention. One function for both so
 * the solver never knows which it was.
 */

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number) => (deg * Math.PI) / 180;

function planar(a: Location, b: Location): [number, number] {
  if ('x' in a && 'x' in b) return [a.x - b.x, a.y - b.y];
  throw new Error('euclidean travel needs planar {x, y} locations');
}

type MatrixConfig = Extract<TravelConfig, { kind: 'matrix' }>;

const pointKey = (p: Location) => ('x' in p ? `x${p.x},${p.y}` : `g${p.lat},${p.lng}`);
const describe = (p: Location) => ('x' in p ? `(x ${p.x}, y ${p.y})` : `(lat ${p.lat}, lng ${p.lng})`);

/** Each point's row in a matrix configuration (the first when a point repeats), checked once per configuration. */
const matrixIndexes = new WeakMap<MatrixConfig, Map<string, number>>();

function matrixIndex(config: MatrixConfig): Map<string, number> {
  const known = matrixIndexes.get(config);
  if (known) return known;
  const n = config.points.length;
  if (config.minutes.length !== n || config.minutes.some((row) => row.length !== n)) {
    throw new Error(`travel matrix: ${n} points need ${n} rows of ${n} minutes`);
  }
  for (const row of config.minutes) {
    for (const x of row) if (!Number.isFinite(x) || x < 0) throw new Error(`travel matrix: ${x} is not a travel time`);
  }
  const index = new Map<string, number>();
  config.points.forEach((p, i) => {
    const key = pointKey(p);
    if (!index.has(key)) index.set(key, i);
  });
  matrixIndexes.set(config, index);
  return index;
}

function matrixRow(index: Map<string, number>, p: Location): number {
  const i = index.get(pointKey(p));
  if (i === undefined) throw new Error(`travel matrix: the location ${describe(p)} is not among its points`);
  return i;
}

/** Minutes from a to b under the configuration. */
export function travelMinutes(a: Location, b: Location, config: TravelConfig): number {
  if (config.kind === 'matrix') {
    const index = matrixIndex(config);
    return config.minutes[matrixRow(index, a)]![matrixRow(index, b)]!;
  }
  if (config.kind === 'euclidean') {
    const [dx, dy] = planar(a, b);
    // DIMACS 2021: coordinates × 10, the arc truncated to an integer, divided back by 10.
    if (config.decimals === 1) return Math.floor(Math.sqrt(100 * (dx * dx + dy * dy))) / 10;
    return Math.sqrt(dx * dx + dy * dy);
  }
  if (!('lat' in a) || !('lat' in b)) throw new Error('great-circle travel needs {lat, lng} locations');
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  const km = 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
  const road = km * config.roadFactor;
  if (!config.far || road <= config.far.beyondKm) return (road / config.speedKmh) * 60;
  return (config.far.beyondKm / config.speedKmh + (road - config.far.beyondKm) / config.far.speedKmh) * 60;
}

/** The full matrix over the given locations, row-major. */
export function travelMatrix(locations: readonly Location[], config: TravelConfig): Float64Array {
  const n = locations.length;
  const m = new Float64Array(n * n);
  if (config.kind === 'matrix') {
    const index = matrixIndex(config);
    const rows = locations.map((p) => matrixRow(index, p));
    for (let i = 0; i < n; i++) {
      const row = config.minutes[rows[i]!]!;
      for (let j = 0; j < n; j++) if (i !== j) m[i * n + j] = row[rows[j]!]!;
    }
    return m;
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) if (i !== j) m[i * n + j] = travelMinutes(locations[i]!, locations[j]!, config);
  }
  return m;
}

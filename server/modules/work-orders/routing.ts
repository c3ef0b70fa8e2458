import type { Bilingual, OrderState } from './contract.js';

/*
 * Routing suggestions, pure: which provincial center, which outlet and which technician should
 * take an order next, each with reasons people can read in zh-CN and en. The query in
 * suggest.ts gathers the candidates; nothing here reads the database or the clock.
 *
 * - Center: the active center of the customer's province (its province code, or a service
 *   area naming the province; division codes share their first two digits with the province).
 * - Outlet: among active outlets below the holding unit, those whose service area names the
 *   customer's district, else city, else province; nearest first (haversine on coordinates).
 *   The zone is near when the nearest covering outlet is within `nearKm`, else far.
 * - Technician: active technicians of the holding outlet with a certification for the
 *   product line valid today; free at the booked time first, then the lowest open load.
 */

export interface RoutingUnit {
  id: string;
  kind: 'hq' | 'center' | 'outlet';
  path: string;
  name: string;
  provinceCode: string | null;
  serviceArea: readonly string[];
  lat: number | null;
  lng: number | null;
}

export interface RoutingTechnician {
  id: string;
  name: string;
  /** Valid-until date (yyyy-mm-dd) of a certification for the product line valid today, or null. */
  certifiedUntil: string | null;
  openLoad: number;
  /** Booked windows of the technician's open orders. */
  busy: readonly { from: Date; to: Date }[];
}

export interface RoutingOrder {
  state: OrderState;
  orgPath: string;
  holderKind: 'hq' | 'center' | 'outlet';
  provinceCode: string | null;
  cityCode: string | null;
  districtCode: string | null;
  lat: number | null;
  lng: number | null;
  bookedFrom: Date | null;
  bookedTo: Date | null;
  productLineKnown: boolean;
}

export interface UnitPick {
  unitId: string;
  name: string;
  distanceKm: number | null;
  reasons: Bilingual[];
}

export interface TechnicianPick {
  userId: string;
  name: string;
  openLoad: number;
  certifiedUntil: string | null;
  freeAtBookedTime: boolean | null;
  reasons: Bilingual[];
}

export interface RoutingResult {
  step: 'center' | 'outlet' | 'technician' | 'none';
  center: UnitPick | null;
  outlet: UnitPick | null;
  technician: TechnicianPick | null;
  alternatives: TechnicianPick[];
  zone: 'near' | 'far' | null;
  nearKm: number;
  reasons: Bilingual[];
}

const R_EARTH_KM = 6371.0088;

/** Great-circle distance in km between two points given in degrees. */
export function haversineKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * R_EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The step the next dispatch of an order is. */
export function routingStep(order: Pick<RoutingOrder, 'state' | 'holderKind'>): RoutingResult['step'] {
  if (order.state === 'created') return order.holderKind === 'hq' ? 'center' : 'outlet';
  if (order.state === 'dispatched_center') return 'outlet';
  if (order.state === 'accepted' || order.state === 'assigned' || order.state === 'booked') return 'technician';
  return 'none';
}

/** The province's center: its own province code, else a service area naming the province. */
export function pickCenter(provinceCode: string | null, units: readonly RoutingUnit[]): UnitPick | null {
  if (!provinceCode) return null;
  const prov = provinceCode.slice(0, 2);
  const centers = units
    .filter((u) => u.kind === 'center')
    .filter((u) => u.provinceCode?.slice(0, 2) === prov || u.serviceArea.some((c) => c === provinceCode))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  const c = centers[0];
  if (!c) return null;
  return {
    unitId: c.id,
    name: c.name,
    distanceKm: null,
    reasons: [
      {
        'zh-CN': `客户所在省份（${provinceCode}）由${c.name}负责`,
        en: `${c.name} serves the customer's province (${provinceCode})`,
      },
    ],
  };
}

type Coverage = 'district' | 'city' | 'province';
const COVERAGE_TEXT: Record<Coverage, Bilingual> = {
  district: { 'zh-CN': '服务范围覆盖客户所在区县', en: 'its service area covers the customer’s district' },
  city: { 'zh-CN': '服务范围覆盖客户所在城市', en: 'its service area covers the customer’s city' },
  province: { 'zh-CN': '服务范围覆盖客户所在省份', en: 'its service area covers the customer’s province' },
};

function coverage(
  u: RoutingUnit,
  order: Pick<RoutingOrder, 'provinceCode' | 'cityCode' | 'districtCode'>,
): Coverage | null {
  const has = (code: string | null) => !!code && u.serviceArea.includes(code);
  if (has(order.districtCode)) return 'district';
  if (has(order.cityCode)) return 'city';
  if (has(order.provinceCode)) return 'province';
  return null;
}

const RANK: Record<Coverage, number> = { district: 0, city: 1, province: 2 };

/**
 * The outlet below `underPath` that covers the customer's area most specifically, nearest first;
 * and the zone from the nearest covering outlet's distance.
 */
export function pickOutlet(
  order: Pick<RoutingOrder, 'provinceCode' | 'cityCode' | 'districtCode' | 'lat' | 'lng'>,
  units: readonly RoutingUnit[],
  underPath: string,
  nearKm: number,
): { outlet: UnitPick | null; zone: 'near' | 'far' | null } {
  const here = order.lat != null && order.lng != null ? { lat: order.lat, lng: order.lng } : null;
  const candidates = units
    .filter((u) => u.kind === 'outlet' && u.path.startsWith(underPath))
    .map((u) => ({
      u,
      cov: coverage(u, order),
      km: here && u.lat != null && u.lng != null ? haversineKm(here, { lat: u.lat, lng: u.lng }) : null,
    }))
    .filter((c): c is typeof c & { cov: Coverage } => c.cov !== null)
    .sort(
      (a, b) =>
        RANK[a.cov] - RANK[b.cov] ||
        (a.km ?? Infinity) - (b.km ?? Infinity) ||
        a.u.name.localeCompare(b.u.name, 'zh-CN'),
    );
  const best = candidates[0];
  if (!best) return { outlet: null, zone: null };
  const distances = candidates.map((c) => c.km).filter((k): k is number => k !== null);
  const nearest = distances.length ? Math.min(...distances) : null;
  const zone = nearest === null ? null : zoneOfDistance(nearest, nearKm);
  const reasons: Bilingual[] = [COVERAGE_TEXT[best.cov]];
  if (best.km !== null) {
    const km = round1(best.km);
    reasons.push(
      km <= nearKm
        ? {
            'zh-CN': `距客户约${km}公里，在${nearKm}公里近区内`,
            en: `about ${km} km from the customer, inside the ${nearKm} km near zone`,
          }
        : {
            'zh-CN': `距客户约${km}公里，超出${nearKm}公里（远区）`,
            en: `about ${km} km from the customer, beyond ${nearKm} km (far zone)`,
          },
    );
  } else {
    reasons.push({ 'zh-CN': '缺少坐标，未计算距离', en: 'no coordinates, distance not computed' });
  }
  if (candidates.length > 1) {
    reasons.push({
      'zh-CN': `共${candidates.length}个网点覆盖该地区，此网点最合适`,
      en: `${candidates.length} outlets cover the area; this one fits best`,
    });
  }
  return {
    outlet: { unitId: best.u.id, name: best.u.name, distanceKm: best.km === null ? null : round1(best.km), reasons },
    zone,
  };
}

/**
 * The near-zone rule (seed 004: "市内 24小时、郊县 72小时", on site in 24 h within 30 km): a distance
 * of exactly `nearKm` (the setting orders.nearZoneKm) is still near; anything beyond is far. The one
 * place the comparison is written, for routing, the SLA zone and the fee schedules.
 */
export function zoneOfDistance(km: number, nearKm: number): 'near' | 'far' {
  return km <= nearKm ? 'near' : 'far';
}

/**
 * The zone of an order served by one outlet: its distance to the customer against `nearKm` (seed
 * 004: on site in 24 h within 30 km, 72 h beyond); unknown without the coordinates of both.
 */
export function zoneOfOutlet(
  here: { lat: number | null; lng: number | null },
  outlet: { lat: number | null; lng: number | null },
  nearKm: number,
): 'near' | 'far' | null {
  if (here.lat == null || here.lng == null || outlet.lat == null || outlet.lng == null) return null;
  return zoneOfDistance(haversineKm({ lat: here.lat, lng: here.lng }, { lat: outlet.lat, lng: outlet.lng }), nearKm);
}

function overlaps(a: { from: Date; to: Date }, b: { from: Date; to: Date }): boolean {
  return a.from.getTime() < b.to.getTime() && b.from.getTime() < a.to.getTime();
}

/** Certified technicians, best first: free at the booked time, then lowest open load, then name. */
export function rankTechnicians(
  techs: readonly RoutingTechnician[],
  booked: { from: Date; to: Date } | null,
  productLineKnown: boolean,
): TechnicianPick[] {
  return techs
    .filter((t) => !productLineKnown || t.certifiedUntil !== null)
    .map((t) => {
      const free = booked ? !t.busy.some((w) => overlaps(w, booked)) : null;
      const reasons: Bilingual[] = [];
      if (productLineKnown) {
        reasons.push({
          'zh-CN': `持有该产品线有效资质（至${t.certifiedUntil}）`,
          en: `certified for the product line until ${t.certifiedUntil}`,
        });
      }
      reasons.push({ 'zh-CN': `当前在办${t.openLoad}单`, en: `${t.openLoad} open orders now` });
      if (free === true) reasons.push({ 'zh-CN': '预约时段空闲', en: 'free in the booked window' });
      if (free === false)
        reasons.push({ 'zh-CN': '预约时段已有其他预约', en: 'has another appointment in the booked window' });
      return {
        userId: t.id,
        name: t.name,
        openLoad: t.openLoad,
        certifiedUntil: t.certifiedUntil,
        freeAtBookedTime: free,
        reasons,
      };
    })
    .sort(
      (a, b) =>
        Number(b.freeAtBookedTime === true) - Number(a.freeAtBookedTime === true) ||
        a.openLoad - b.openLoad ||
        a.name.localeCompare(b.name, 'zh-CN'),
    );
}

/** The whole suggestion for an order's next dispatch. */
export function suggest(
  order: RoutingOrder,
  units: readonly RoutingUnit[],
  techs: readonly RoutingTechnician[],
  nearKm: number,
): RoutingResult {
  const step = routingStep(order);
  const reasons: Bilingual[] = [];
  let center: UnitPick | null = null;
  let outletUnder = order.orgPath;
  if (step === 'center') {
    center = pickCenter(order.provinceCode, units);
    if (center) outletUnder = units.find((u) => u.id === center!.unitId)!.path;
    else
      reasons.push({
        'zh-CN': '没有服务中心负责客户所在省份，请人工选择',
        en: 'no center serves the customer’s province; choose one by hand',
      });
  }
  const { outlet, zone } = pickOutlet(order, units, outletUnder, nearKm);
  if (step === 'outlet' && !outlet) {
    reasons.push({
      'zh-CN': '没有网点的服务范围覆盖客户地址，请人工选择',
      en: 'no outlet’s service area covers the address; choose one by hand',
    });
  }
  let technician: TechnicianPick | null = null;
  let alternatives: TechnicianPick[] = [];
  if (step === 'technician') {
    const booked = order.bookedFrom && order.bookedTo ? { from: order.bookedFrom, to: order.bookedTo } : null;
    const ranked = rankTechnicians(techs, booked, order.productLineKnown);
    technician = ranked[0] ?? null;
    alternatives = ranked.slice(1);
    if (!technician) {
      reasons.push({
        'zh-CN': '本网点没有持该产品线有效资质的工程师',
        en: 'no technician of the outlet is certified for the product line',
      });
    }
  }
  if (step === 'none') reasons.push({ 'zh-CN': '当前状态无需派工', en: 'nothing to dispatch in this state' });
  return {
    step,
    center,
    outlet: step === 'technician' ? null : outlet,
    technician,
    alternatives,
    zone,
    nearKm,
    reasons,
  };
}

/** The id the suggestion names for its step (what a dispatch is compared with). */
export function suggestedId(r: Pick<RoutingResult, 'step' | 'center' | 'outlet' | 'technician'>): string | null {
  if (r.step === 'center') return r.center?.unitId ?? null;
  if (r.step === 'outlet') return r.outlet?.unitId ?? null;
  if (r.step === 'technician') return r.technician?.userId ?? null;
  return null;
}

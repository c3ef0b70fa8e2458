import { divisionName } from '../../../shared/divisions.js';
import type { ErrorCode } from '../../../shared/errors.js';
import type { POOL_STATES } from './contract.js';

/*
 * The order pool's rules (docs/planning-pool.md), pure: which outlets may publish, which orders
 * may go to the pool, whether an open offer still stands, who may claim it and what a technician
 * is told of the place.
 */

export interface DivisionCodes {
  provinceCode: string | null;
  cityCode: string | null;
  districtCode: string | null;
}

/** The outlet's province, city or district is one of the pool regions (planning.poolRegions). */
export function poolEnabledFor(outlet: DivisionCodes, regions: readonly string[]): boolean {
  const codes = [outlet.provinceCode, outlet.cityCode, outlet.districtCode].filter((c): c is string => !!c);
  return codes.some((c) => regions.includes(c));
}

/** What the pool needs to know of an order. */
export interface PoolOrderFacts {
  state: string;
  holderUnitId: string;
  outletId: string | null;
}

/** An order may go to (or stay claimable in) the pool: held by the outlet and accepted, not yet given to a technician. */
export function orderPoolable(order: PoolOrderFacts, outletId: string): boolean {
  return order.state === 'accepted' && order.holderUnitId === outletId && order.outletId === outletId;
}

export interface ClaimFacts {
  offer: { state: (typeof POOL_STATES)[number]; outletId: string; productLineId: string | null };
  /** The claimer: their unit and whether they execute orders. */
  claimer: { orgUnitId: string | null; executes: boolean };
  /** Product lines the claimer holds a certification for that is valid today. */
  certifiedLines: ReadonlySet<string>;
}

/** Why a claim is refused before it races (null: it may race for the offer). */
export function claimProblem(f: ClaimFacts): ErrorCode | null {
  if (f.offer.state === 'claimed') return 'planning.pool_taken';
  if (f.offer.state === 'withdrawn') return 'planning.pool_closed';
  if (!f.claimer.executes || f.claimer.orgUnitId !== f.offer.outletId) return 'planning.pool_not_of_outlet';
  if (f.offer.productLineId && !f.certifiedLines.has(f.offer.productLineId)) return 'planning.pool_not_certified';
  return null;
}

/** Whether the offer is claimable by this person now (the list's `claimable`). */
export function claimable(f: ClaimFacts): boolean {
  return claimProblem(f) === null;
}

/** The place a pool offer shows: the city and district names, never the street or the customer. */
export function areaOf(codes: DivisionCodes): string {
  const city = divisionName(codes.cityCode);
  const district = divisionName(codes.districtCode);
  const parts = [city, district].filter((n): n is string => !!n);
  if (parts.length) return [...new Set(parts)].join('');
  return divisionName(codes.provinceCode) ?? '';
}

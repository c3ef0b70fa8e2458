import type { Text } from '../../../shared/i18n.js';
import { daysBetween, lastCoveredDay, localDay } from '../warranty/index.js';
import type { DepotLevel } from './fulfil-rules.js';

/*
 * Shipments of parts — arrival, lateness, receipt and who a parts wait belongs to; pure
 * (docs/parts-rules.md).
 *
 * DOMAIN.md, Parts: "late or wrong shipments are penalised". Seed 004 (处罚规定): "因总部原因造成
 * 超期服务：总部原因缺件：对于网点和服务经理不予处罚（需配件模块确认原因）；因总部配件组人员迟发、
 * 错发原因造成缺件，扣总部配件组相关人员30元/单" and "省中心原因（缺件、派单错误等）" — the parts module
 * confirms whose a wait is, so the outlet is not penalised for a part HQ could not supply.
 *
 * Days are local days in the company time zone, counted as Civil Code art. 201: the shipping day
 * is not counted, so 3 promised days from a shipment on 03-01 make 03-04 the expected arrival.
 */

/** A route's own promise: from a depot to every depot under a unit (its materialised path). */
export interface PromiseRoute {
  id?: string;
  from: string;
  /** The unit's materialised path ('hqid/centerid/'): the route covers every depot whose unit lies under it. */
  toPath: string;
  promisedDays: number;
}

/**
 * The promised days of a shipment from a depot to a depot whose unit has the path `toPath`: the
 * most specific route from that depot covering the destination (the longest unit path, so an
 * outlet's own route overrides its province's), else the default (the setting
 * parts.shipmentPromisedDays). The parts issue: late is "later than its promised days,
 * configurable per route". `route` is the matching route, null when the default applies.
 */
export function promisedDaysFor<R extends PromiseRoute>(
  shipment: { from: string; toPath: string },
  routes: readonly R[],
  defaultDays: number,
): { promisedDays: number; route: R | null } {
  let best: R | null = null;
  for (const r of routes)
    if (
      r.from === shipment.from &&
      shipment.toPath.startsWith(r.toPath) &&
      (!best || r.toPath.length > best.toPath.length)
    )
      best = r;
  return { promisedDays: best ? best.promisedDays : defaultDays, route: best };
}

/** Expected arrival: the shipped day + promised calendar days (the shipped day not counted); 0 days = the same day. */
export function expectedArrival(shippedDay: string, promisedDays: number): string {
  const days = Math.max(0, Math.floor(promisedDays));
  return lastCoveredDay(shippedDay, { days }, 'civil_code') ?? shippedDay;
}

export interface Lateness {
  shippedDay: string;
  expectedDay: string;
  /** The day received, or today's day when not received yet. */
  day: string;
  received: boolean;
  /** Whole days after the expected day (0 when on time, arrival on the expected day included). */
  daysLate: number;
  explanation: Text;
}

/**
 * How late a shipment is: received on `receivedAt`, or not yet at `now` (pass `null` then). A
 * shipment is on time through the whole expected day (art. 203: a period ends at 24:00).
 */
export function shipmentLateness(
  shippedAt: Date,
  receivedAt: Date | null,
  now: Date,
  promisedDays: number,
  timeZone: string,
): Lateness {
  const shippedDay = localDay(shippedAt, timeZone);
  const expectedDay = expectedArrival(shippedDay, promisedDays);
  const day = localDay(receivedAt ?? now, timeZone);
  const daysLate = Math.max(0, daysBetween(expectedDay, day));
  const received = receivedAt !== null;
  const explanation: Text =
    daysLate === 0
      ? {
          'zh-CN': `${shippedDay}发货，承诺${expectedDay}前到货，${received ? '按时到货' : '尚在期限内'}`,
          en: `Shipped ${shippedDay}, due by ${expectedDay}: ${received ? 'arrived on time' : 'not yet due'}`,
        }
      : {
          'zh-CN': `${shippedDay}发货，承诺${expectedDay}前到货，${received ? `${day}到货，` : ''}逾期${daysLate}天`,
          en: `Shipped ${shippedDay}, due by ${expectedDay}: ${received ? `arrived ${day}, ` : ''}${daysLate} day${daysLate === 1 ? '' : 's'} late`,
        };
  return { shippedDay, expectedDay, day, received, daysLate, explanation };
}

export interface ShipmentLine {
  partId: string;
  quantity: number;
}

export type ReceiptLine =
  | { partId: string; status: 'ok'; shipped: number; received: number; explanation: Text }
  | { partId: string; status: 'short'; shipped: number; received: number; short: number; explanation: Text }
  | { partId: string; status: 'over'; shipped: number; received: number; over: number; explanation: Text }
  | { partId: string; status: 'wrong_part'; shipped: 0; received: number; explanation: Text };

const count = (lines: readonly ShipmentLine[]) => {
  const m = new Map<string, number>();
  for (const l of lines)
    if (Number.isFinite(l.quantity) && l.quantity > 0) m.set(l.partId, (m.get(l.partId) ?? 0) + Math.floor(l.quantity));
  return m;
};

/**
 * Compares what was shipped with what was received, per part (lines of one part summed): ok,
 * short n (including a part not received at all), over n, or wrong part (received, never shipped)
 * — so short and wrong items are recorded against the shipment (错发). Shipped parts come first in
 * their order, then wrong parts in the order received.
 */
export function receiveLines(shipped: readonly ShipmentLine[], received: readonly ShipmentLine[]): ReceiptLine[] {
  const s = count(shipped);
  const r = count(received);
  const out: ReceiptLine[] = [];
  for (const [partId, n] of s) {
    const got = r.get(partId) ?? 0;
    if (got === n)
      out.push({
        partId,
        status: 'ok',
        shipped: n,
        received: got,
        explanation: { 'zh-CN': '数量相符', en: 'As shipped' },
      });
    else if (got < n)
      out.push({
        partId,
        status: 'short',
        shipped: n,
        received: got,
        short: n - got,
        explanation: {
          'zh-CN': `发${n}件，收${got}件，短少${n - got}件`,
          en: `${n} shipped, ${got} received: ${n - got} short`,
        },
      });
    else
      out.push({
        partId,
        status: 'over',
        shipped: n,
        received: got,
        over: got - n,
        explanation: {
          'zh-CN': `发${n}件，收${got}件，多${got - n}件`,
          en: `${n} shipped, ${got} received: ${got - n} over`,
        },
      });
  }
  for (const [partId, got] of r)
    if (!s.has(partId))
      out.push({
        partId,
        status: 'wrong_part',
        shipped: 0,
        received: got,
        explanation: {
          'zh-CN': `收到未发的配件${got}件（错发）`,
          en: `${got} received that were not shipped (wrong part)`,
        },
      });
  return out;
}

export type WaitParty = 'hq' | 'center' | 'outlet';

export interface WaitFacts {
  /** The day the part was requested (the wait starts; not counted, as every period). */
  requestedDay: string;
  /** The level of the depot that shipped (or is to ship) the part; null when no depot had it. */
  source: DepotLevel | null;
  /** HQ could not supply the part when asked (planFulfilment's unavailableAtHq): a backorder. */
  unavailableAtHq: boolean;
  shippedDay: string | null;
  /** The day the part arrived at the outlet; null while it has not. */
  arrivedDay: string | null;
  promisedDays: number;
  /** Today's local day (the wait runs to it while the part has not arrived). */
  today: string;
  /** Days HQ has to ship a part it holds (default 1): HQ's handling beyond them is HQ's (迟发). */
  hqDispatchDays?: number;
}

export interface WaitAttribution {
  /** The party answering for most of the wait (ties go to HQ, then the center: never the outlet on a tie). */
  party: WaitParty;
  total: number;
  days: Record<WaitParty, number>;
  explanation: Text;
}

const PARTY: Record<WaitParty, Text> = {
  hq: { 'zh-CN': '总部', en: 'HQ' },
  center: { 'zh-CN': '服务中心', en: 'the center' },
  outlet: { 'zh-CN': '网点', en: 'the outlet' },
};

/**
 * Whose days a parts wait is, from the day after the request to the arrival (or today):
 * - a part from the outlet's own depot: the outlet's;
 * - from the center's depot: the center's (its approval, dispatch and transit);
 * - from HQ: the days HQ could not supply it (a backorder: from the request until shipped), the
 *   days HQ took to ship beyond `hqDispatchDays`, and the days the shipment arrived after its
 *   expected day are HQ's (总部缺件 / 迟发); the rest — the normal time to bring a part the
 *   center lacked — is the center's (省中心原因：缺件);
 * - no depot had it: HQ's (总部缺件), until it ships.
 */
export function attributeWait(f: WaitFacts): WaitAttribution {
  const end = f.arrivedDay ?? f.today;
  const total = Math.max(0, daysBetween(f.requestedDay, end));
  const days: Record<WaitParty, number> = { hq: 0, center: 0, outlet: 0 };
  if (f.source === 'outlet') days.outlet = total;
  else if (f.source === 'center') days.center = total;
  else if (f.source === null) days.hq = total;
  else {
    const shipped = f.shippedDay ?? end;
    const beforeShip = clamp(daysBetween(f.requestedDay, shipped), total);
    let hq = 0;
    if (f.unavailableAtHq) hq += beforeShip;
    else hq += Math.max(0, beforeShip - Math.max(0, f.hqDispatchDays ?? 1));
    if (f.shippedDay) {
      const expected = expectedArrival(f.shippedDay, f.promisedDays);
      hq += clamp(daysBetween(expected, end), total - beforeShip);
    }
    days.hq = Math.min(total, hq);
    days.center = total - days.hq;
  }
  const order: WaitParty[] = ['hq', 'center', 'outlet'];
  const party = order.reduce((best, p) => (days[p] > days[best] ? p : best), order[0]!);
  const parts = order.filter((p) => days[p] > 0);
  const explanation: Text =
    total === 0
      ? { 'zh-CN': '未等待配件', en: 'No wait for parts' }
      : {
          'zh-CN': `等待配件${total}天：${parts.map((p) => `${PARTY[p]['zh-CN']}${days[p]}天`).join('，')}`,
          en: `Waited ${total} day${total === 1 ? '' : 's'} for parts: ${parts.map((p) => `${PARTY[p].en} ${days[p]}`).join(', ')}`,
        };
  return { party, total, days, explanation };
}

const clamp = (n: number, max: number) => Math.max(0, Math.min(n, max));

import type { DbLike } from '../../db/client.js';
import type { Remedies } from './contract.js';
import { localDay, termEnd } from './dates.js';
import { policyRef, selectPolicy, startOf } from './entitlement.js';
import { companyTimeZone, loadEntitlementInput, type UnitRecord } from './facts.js';
import { remedies } from './rules.js';
import { RemedyRules } from './contract.js';

/** The instant a local day ends (its last millisecond) in a time zone. */
export function endOfLocalDay(day: string, timeZone: string): Date {
  const guess = new Date(`${day}T23:59:59.999Z`);
  const local = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })
    .format(guess)
    .replace(' ', 'T');
  const offset = new Date(`${local}.999Z`).getTime() - guess.getTime();
  return new Date(guess.getTime() - offset);
}

/** Today in the company zone, and the date judged with the instant it ends (now, for today). */
export async function judgedDay(
  db: DbLike,
  now: Date,
  at?: string,
): Promise<{ at: string; asOf: Date; timeZone: string }> {
  const timeZone = await companyTimeZone(db, now);
  const today = localDay(now, timeZone);
  const day = at ?? today;
  // Today: now. Another day: its end (a future day projects open orders as still not visited).
  const asOf = day === today ? now : endOfLocalDay(day, timeZone);
  return { at: day, asOf, timeZone };
}

/** The 三包 remedies of a unit on a date (pure rules over the loaded facts). */
export async function remediesOf(db: DbLike, unit: UnitRecord, now: Date, atDay?: string): Promise<Remedies> {
  const { at, asOf } = await judgedDay(db, now, atDay);
  const { input, history } = await loadEntitlementInput(db, unit, { at, partIds: [], exclusion: null, now });
  const policy = selectPolicy(input.policies, unit, at);
  const rules = policy?.remedies ?? RemedyRules.parse({});
  const start = policy ? startOf(unit, policy.startBasis).date : unit.purchaseDate;
  const warrantyEnd = policy && start ? termEnd(start, policy.unitMonths) : null;
  const result = remedies({
    purchaseDate: unit.purchaseDate,
    isExchangeUnit: unit.replacesId !== null,
    rules,
    warrantyEnd,
    repairs: input.history,
    visits: history
      .filter((o) => o.reportedAt.getTime() <= asOf.getTime())
      .map((o) => ({
        orderId: o.id,
        reportedAt: o.reportedAt,
        arrivedAt: o.arrivedAt && o.arrivedAt.getTime() <= asOf.getTime() ? o.arrivedAt : null,
        customerPauses: o.customerPauses,
      })),
    at,
    asOf,
  });
  return {
    unitId: unit.id,
    at,
    purchaseDate: unit.purchaseDate,
    policy: policy ? policyRef(policy) : null,
    eligible: result.eligible,
    items: result.items,
  };
}

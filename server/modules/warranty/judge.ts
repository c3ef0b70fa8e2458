import type { DbLike } from '../../db/client.js';
import type { Remedies } from './contract.js';
import { judgedInstant, localDay } from './dates.js';
import { policyRef, selectPolicy, startOf, wholeUnitEnd } from './entitlement.js';
import { companyTimeZone, loadEntitlementInput, type UnitRecord } from './facts.js';
import { remedies } from './rules.js';
import { RemedyRules } from './contract.js';

/** Today in the company zone, and the date judged with the instant it ends (now, for today). */
export async function judgedDay(
  db: DbLike,
  now: Date,
  at?: string,
): Promise<{ at: string; asOf: Date; timeZone: string }> {
  const timeZone = await companyTimeZone(db, now);
  const day = at ?? localDay(now, timeZone);
  return { at: day, asOf: judgedInstant(day, now, timeZone), timeZone };
}

/** The 三包 remedies of a unit on a date (pure rules over the loaded facts). */
export async function remediesOf(db: DbLike, unit: UnitRecord, now: Date, atDay?: string): Promise<Remedies> {
  const { at, asOf, timeZone } = await judgedDay(db, now, atDay);
  const { input, history } = await loadEntitlementInput(db, unit, { at, partIds: [], exclusion: null, now });
  const policy = selectPolicy(input.policies, unit, at);
  const rules = policy?.remedies ?? RemedyRules.parse({});
  const start = policy ? startOf(unit, policy.startBasis).date : unit.purchaseDate;
  const warrantyEnd = policy && start ? wholeUnitEnd(policy, start, input.counting) : null;
  const result = remedies({
    counting: input.counting,
    timeZone,
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
    dayCounting: input.counting,
    eligible: result.eligible,
    items: result.items,
  };
}

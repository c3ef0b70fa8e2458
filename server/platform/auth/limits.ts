/*
 * Sign-in limits as pure rules (docs/architecture.md, "Sign-in limits"); `now` is passed in.
 *
 * Three counters judge every attempt: the account from this address (`pair`), the account from
 * everywhere (`account`) and the address (`ip`). An attempt is counted *before* its password is
 * checked (login.ts holds the rows' locks while deciding), so however many arrive at once, no
 * more than the limit are ever checked. The account counters lock when they reach their limit,
 * for `lockMinutes` doubled with every earlier lock (capped at `maxLockMinutes`); the address
 * counter is only a ceiling against spraying and refuses until its window ends.
 */

import { localDay, localParts } from '../../../shared/time-zone.js';

export interface Counter {
  failures: number;
  windowStartedAt: Date;
  lockedUntil: Date | null;
  lockouts: number;
}

export interface SignInLimits {
  perPair: number;
  perAccount: number;
  perIp: number;
  /** The counting window, and the first lock. */
  lockMinutes: number;
  maxLockMinutes: number;
}

export type CounterKind = 'pair' | 'account' | 'ip';
export type Counters = Record<CounterKind, Counter>;

export type Admission =
  | { admitted: true; next: Counters /** this attempt's failure locks the account */; locksUntil: Date | null }
  | { admitted: false; reason: 'account' | 'ip'; retryAfter: Date };

const MINUTE = 60_000;

/** The lock after `lockouts` earlier ones: the first lasts `lockMinutes`, each further one twice as long. */
export function lockDuration(lockouts: number, limits: SignInLimits): number {
  const minutes = limits.lockMinutes * 2 ** Math.min(lockouts, 30);
  return Math.min(minutes, limits.maxLockMinutes) * MINUTE;
}

/** The counter as it stands at `now`: a window that has run out starts again empty. */
function current(c: Counter, limits: SignInLimits, now: Date): Counter {
  if (c.windowStartedAt.getTime() + limits.lockMinutes * MINUTE <= now.getTime()) {
    return { ...c, failures: 0, windowStartedAt: now };
  }
  return c;
}

/** Counts one more attempt on an account counter, locking it when the limit is reached. */
function countOnAccount(c: Counter, limit: number, limits: SignInLimits, now: Date): Counter {
  const failures = c.failures + 1;
  if (failures < limit) return { ...c, failures };
  return {
    failures: 0,
    windowStartedAt: now,
    lockedUntil: new Date(now.getTime() + lockDuration(c.lockouts, limits)),
    lockouts: c.lockouts + 1,
  };
}

/**
 * Admits an attempt or refuses it with the time to try again. Admitted, `next` holds the
 * counters with this attempt counted as a failure (undone by `afterSuccess` when the password
 * turns out right), and `locksUntil` says whether that failure locked the account.
 */
export function admit(counters: Counters, limits: SignInLimits, now: Date): Admission {
  const t = now.getTime();
  const locks = [counters.pair.lockedUntil, counters.account.lockedUntil]
    .filter((d): d is Date => d !== null && d.getTime() > t)
    .sort((a, b) => b.getTime() - a.getTime());
  if (locks[0]) return { admitted: false, reason: 'account', retryAfter: locks[0] };
  const ip = current(counters.ip, limits, now);
  if (ip.failures >= limits.perIp) {
    return {
      admitted: false,
      reason: 'ip',
      retryAfter: new Date(ip.windowStartedAt.getTime() + limits.lockMinutes * MINUTE),
    };
  }
  const pair = countOnAccount(current(counters.pair, limits, now), limits.perPair, limits, now);
  const account = countOnAccount(current(counters.account, limits, now), limits.perAccount, limits, now);
  const newLocks = [pair, account]
    .filter((c, i) => c.lockouts > [counters.pair, counters.account][i]!.lockouts)
    .map((c) => c.lockedUntil!.getTime());
  return {
    admitted: true,
    next: { pair, account, ip: { ...ip, failures: ip.failures + 1 } },
    locksUntil: newLocks.length ? new Date(Math.max(...newLocks)) : null,
  };
}

/**
 * What a refusal tells the person: the instant (`retryAfter`, ISO 8601, for clients to show in
 * their own time), the whole seconds and minutes to wait, and the local clock time in the
 * company zone (`at`, with the date when it is not today) for the message text.
 */
export function retryParams(retryAfter: Date, now: Date, timeZone: string) {
  const seconds = Math.max(1, Math.ceil((retryAfter.getTime() - now.getTime()) / 1000));
  const day = (d: Date) => localDay(d, timeZone);
  const clock = localParts(retryAfter, timeZone);
  const time = `${clock.hour}:${clock.minute}`;
  return {
    retryAfter: retryAfter.toISOString(),
    retryAfterSeconds: seconds,
    minutes: Math.ceil(seconds / 60),
    at: day(retryAfter) === day(now) ? time : `${day(retryAfter)} ${time}`,
  };
}

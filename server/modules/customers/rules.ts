import { CITIES_WITHOUT_DISTRICTS, checkDivisions, type DivisionProblem } from '../../../shared/divisions.js';
import { normalisePhone, type Phone } from '../../../shared/phone.js';
import { compactDay } from '../../../shared/time-zone.js';

/*
 * Pure rules of the customer archive (DOMAIN.md, Intake; seed 001). No database, clock or
 * Fastify: callers pass `now` and settings in.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** What a search box query means: a whole number, the last digits of one, a customer code, or a name. */
export interface SearchTerms {
  /** A whole number in its normal form: exact match. */
  phone?: string;
  /** Four or more trailing digits ("尾号 8000"): suffix match. */
  suffix?: string;
  /** A customer code (C2611230001): exact match. */
  code?: string;
  /** Name or company name prefix. */
  text?: string;
}

export function searchTerms(raw: string): SearchTerms {
  const q = raw.trim();
  if (!q) return {};
  const phone = normalisePhone(q);
  if (phone) return { phone: phone.number };
  const digits = q.replace(/^尾号/, '').replace(/[\s-]/g, '');
  if (/^\d{4,12}$/.test(digits)) return { suffix: digits };
  if (/^C\d{10,}$/i.test(q)) return { code: q.toUpperCase(), text: q };
  return { text: q };
}

/** The customer code for the `seq`-th customer of a day in the company's time zone: C + yymmdd + 4 digits. */
export function customerCodePrefix(now: Date, timeZone: string): string {
  return `C${compactDay(now, timeZone).slice(2)}`;
}

export function customerCode(prefix: string, seq: number): string {
  return `${prefix}${String(seq).padStart(4, '0')}`;
}

export interface PhoneInputLike {
  number: string;
  label?: string | null;
  isPrimary?: boolean;
}

export interface PreparedPhone extends Phone {
  label: string | null;
  isPrimary: boolean;
}

/** A problem with one item of a list in a request, naming its path (phones.1.number). */
export interface ItemProblem {
  path: string;
  code: 'customer.invalid_phone' | 'customer.phone_repeated' | 'customer.primary_count' | 'customer.invalid_division';
  params: Record<string, unknown>;
}

/** Index of the primary item: the one marked, or the first when none is; null when several are. */
export function primaryIndex(items: readonly { isPrimary?: boolean }[]): number | null {
  const marked = items.flatMap((it, i) => (it.isPrimary ? [i] : []));
  if (marked.length > 1) return null;
  return marked[0] ?? 0;
}

/** Normalises a customer's phones: each valid, none repeated, exactly one primary (the first by default). */
export function preparePhones(
  input: readonly PhoneInputLike[],
): { phones: PreparedPhone[] } | { problem: ItemProblem } {
  const primary = primaryIndex(input);
  if (primary === null) {
    const second = input.map((p, i) => (p.isPrimary ? i : -1)).filter((i) => i >= 0)[1]!;
    return {
      problem: { path: `phones.${second}.isPrimary`, code: 'customer.primary_count', params: { what: 'phone' } },
    };
  }
  const phones: PreparedPhone[] = [];
  for (const [i, p] of input.entries()) {
    const n = normalisePhone(p.number);
    if (!n)
      return { problem: { path: `phones.${i}.number`, code: 'customer.invalid_phone', params: { value: p.number } } };
    if (phones.some((x) => x.number === n.number)) {
      return { problem: { path: `phones.${i}.number`, code: 'customer.phone_repeated', params: { number: n.number } } };
    }
    phones.push({ ...n, label: p.label ?? null, isPrimary: i === primary });
  }
  return { phones };
}

export interface AddressInputLike {
  provinceCode: string;
  cityCode?: string | null;
  districtCode?: string | null;
  isPrimary?: boolean;
}

/** Checks every address's division codes and that at most one is primary; names the failing field. */
export function addressesProblem(input: readonly AddressInputLike[]): ItemProblem | null {
  if (primaryIndex(input) === null) {
    const second = input.map((a, i) => (a.isPrimary ? i : -1)).filter((i) => i >= 0)[1]!;
    return { path: `addresses.${second}.isPrimary`, code: 'customer.primary_count', params: { what: 'address' } };
  }
  for (const [i, a] of input.entries()) {
    const problem: DivisionProblem | null = checkDivisions(a);
    if (problem) {
      return {
        path: `addresses.${i}.${problem.field}`,
        code: 'customer.invalid_division',
        params: { code: a[problem.field] ?? '', reason: problem.reason },
      };
    }
  }
  return null;
}

export interface ArchiveFacts {
  name: string;
  hasPrimaryPhone: boolean;
  primaryAddress: { cityCode: string | null; districtCode: string | null } | null;
  unitCount: number;
  firstContactAt: Date | null;
}

export type ArchivePart = 'name' | 'phone' | 'address' | 'unit';

export interface ArchiveStatus {
  complete: boolean;
  missing: ArchivePart[];
  /** First contact + the allowed days; null before any contact. */
  dueAt: Date | null;
  overdue: boolean;
}

/**
 * Seed 001: "a customer archive is opened within 2 days of first contact, with the products
 * owned". Complete means a name, a primary phone, a primary address down to the district (or the
 * city, where the city has no districts) and at least one unit. `dueDays` is the setting
 * customers.archiveDueDays. The SQL twin of this rule is `archiveIncompleteSql` in queries.ts.
 */
export function archiveStatus(f: ArchiveFacts, dueDays: number, now: Date): ArchiveStatus {
  const missing: ArchivePart[] = [];
  if (!f.name.trim()) missing.push('name');
  if (!f.hasPrimaryPhone) missing.push('phone');
  const a = f.primaryAddress;
  if (!a?.cityCode || !(a.districtCode || CITIES_WITHOUT_DISTRICTS.includes(a.cityCode))) missing.push('address');
  if (f.unitCount < 1) missing.push('unit');
  const dueAt = f.firstContactAt ? new Date(f.firstContactAt.getTime() + dueDays * DAY_MS) : null;
  const complete = missing.length === 0;
  return { complete, missing, dueAt, overdue: !complete && dueAt !== null && now.getTime() > dueAt.getTime() };
}

export interface MergeableFields {
  companyName: string | null;
  email: string | null;
  wechatId: string | null;
  notes: string | null;
  preferredContactTime: string | null;
  tags: string[];
  firstContactAt: Date | null;
}

/**
 * What the survivor of a merge takes from the other record: fields it lacks, the union of tags,
 * and the earlier first contact. Only changed fields are returned, so an undo restores exactly those.
 */
export function mergedFields(survivor: MergeableFields, other: MergeableFields): Partial<MergeableFields> {
  const out: Partial<MergeableFields> = {};
  for (const k of ['companyName', 'email', 'wechatId', 'notes', 'preferredContactTime'] as const) {
    if (!survivor[k] && other[k]) out[k] = other[k];
  }
  const tags = [...new Set([...survivor.tags, ...other.tags])];
  if (tags.length !== survivor.tags.length) out.tags = tags;
  if (other.firstContactAt && (!survivor.firstContactAt || other.firstContactAt < survivor.firstContactAt)) {
    out.firstContactAt = other.firstContactAt;
  }
  return out;
}

/**
 * An address detail with the house number hidden, for readers who may not visit or call the
 * customer (DOMAIN.md, Privacy): the street stays, so work can still be routed by area.
 * "天河路 100 号 3 栋" → "天河路****".
 */
export function maskAddressDetail(detail: string): string {
  const firstDigit = detail.search(/[0-9０-９]/);
  const kept = firstDigit > 0 ? detail.slice(0, firstDigit).trim() : detail.slice(0, 2);
  return `${kept.slice(0, 20)}****`;
}

/**
 * An order as the contact rule sees it (DOMAIN.md, Privacy: "only those who serve an order see
 * its phone and address"). An order is worked on until it is completed or closed (a cancelled
 * order is closed without completion); a reopened fault is a new order, so the timestamps never
 * clear again.
 */
export interface ServingOrder {
  technicianId: string | null;
  /** The holding unit's materialised path (the order's org path). */
  orgPath: string;
  completedAt: Date | null;
  closedAt: Date | null;
}

/** The reader, as far as the contact rule cares. */
export interface ContactViewer {
  id: string | null;
  /** The reader's own unit, by its materialised path. */
  orgPath: string;
  /**
   * Keeps the archive and takes the calls (customers.manage: hotline agents, managers,
   * administrators): they record every contact with its phone and address (DOMAIN.md, Intake),
   * so they see every number of their area.
   */
  keepsArchive: boolean;
  /** Dispatches the orders their unit holds (orders.dispatch: outlet managers, dispatchers, center staff). */
  dispatches: boolean;
}

/** The time the rule judges at and the setting in force then. */
export interface ContactClock {
  now: Date;
  timeZone: string;
  /** customers.contactDaysAfterEnd: days after completion (or closing) the servers still see the details. */
  daysAfterEnd: number;
}

/** yyyymmdd of a calendar day plus n days (pure date arithmetic on the day, not on instants). */
function compactPlusDays(day: string, n: number): string {
  const t = new Date(
    Date.UTC(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6, 8))) + n * DAY_MS,
  );
  return `${t.getUTCFullYear()}${String(t.getUTCMonth() + 1).padStart(2, '0')}${String(t.getUTCDate()).padStart(2, '0')}`;
}

/**
 * Whether this order lets the reader see its customer's full phone and street: the reader serves
 * it — its assigned technician, or a dispatcher or manager (orders.dispatch) of the unit holding it —
 * while it is worked on and for `daysAfterEnd` days after it ends. The days are counted as the
 * Civil Code counts periods (art. 201: from the day after the order ended; art. 203: to the end
 * of the last day), in the company time zone; 0 days hides the details the moment it ends.
 */
export function servesOrder(viewer: ContactViewer, order: ServingOrder, clock: ContactClock): boolean {
  const assigned = viewer.id !== null && order.technicianId === viewer.id;
  const holding = viewer.dispatches && order.orgPath === viewer.orgPath;
  if (!assigned && !holding) return false;
  const endedAt = order.completedAt ?? order.closedAt;
  if (endedAt === null) return true;
  if (clock.daysAfterEnd <= 0) return false;
  const lastDay = compactPlusDays(compactDay(endedAt, clock.timeZone), clock.daysAfterEnd);
  return compactDay(clock.now, clock.timeZone) <= lastDay;
}

/**
 * Whether the reader sees a customer's full phones and streets: archive keepers always (the
 * intake desk); everyone else only through an order of the customer they serve (`servesOrder`).
 * Others see 138****8000 and "天河路****" and may reveal a number with a reason, which is audited.
 */
export function seesFullContact(viewer: ContactViewer, orders: readonly ServingOrder[], clock: ContactClock): boolean {
  return viewer.keepsArchive || orders.some((o) => servesOrder(viewer, o, clock));
}

import { createHash } from 'node:crypto';
import { compactDay } from '../../../shared/time-zone.js';

/*
 * Pure rules of the intake desk and the portal: record codes, lookup keys, one-time codes, rate
 * limits and image sniffing. No database, clock or I/O: `now` and settings come in as arguments.
 */

/** yymmdd of `at` in the company's time zone, the day part of contact and request codes. */
export function dayStamp(at: Date, timeZone: string): string {
  return compactDay(at, timeZone).slice(2);
}

/** Contact codes: T + yymmdd + a 4-digit daily sequence (T2611230001); grows past 9999. */
export function contactCode(day: string, seq: number): string {
  return `T${day}${String(seq).padStart(4, '0')}`;
}

/** Request numbers given to customers: SR + yymmdd + '-' + 4-digit daily sequence (SR261123-0042). */
export function requestCode(day: string, seq: number): string {
  return `SR${day}-${String(seq).padStart(4, '0')}`;
}

/** The sequence part of the last code of a day, or 0 when the day has none yet. */
export function lastSequence(code: string | null | undefined, prefix: string): number {
  if (!code?.startsWith(prefix)) return 0;
  const n = Number(code.slice(prefix.length));
  return Number.isInteger(n) ? n : 0;
}

export type LookupKey =
  | { kind: 'request_code'; value: string }
  | { kind: 'contact_code'; value: string }
  | { kind: 'customer_code'; value: string }
  | { kind: 'phone'; value: string }
  | { kind: 'phone_suffix'; value: string }
  | { kind: 'serial'; value: string }
  | { kind: 'name'; value: string };

/**
 * What the agent's one search box may mean. Several keys at once are normal (a run of digits is
 * a phone suffix and maybe a serial); the lookup runs each as one indexed query. `phone` is the
 * normalised number when the text is a whole phone number.
 */
export function lookupKeys(raw: string, phone: string | null): LookupKey[] {
  const q = raw.trim();
  const upper = q.toUpperCase().replace(/\s+/g, '');
  const keys: LookupKey[] = [];
  if (/^SR\d{6}-?\d{1,6}$/.test(upper)) {
    const v = upper.includes('-') ? upper : `${upper.slice(0, 8)}-${upper.slice(8)}`;
    return [{ kind: 'request_code', value: v }];
  }
  if (/^T\d{10,12}$/.test(upper)) return [{ kind: 'contact_code', value: upper }];
  if (phone) keys.push({ kind: 'phone', value: phone });
  const digits = q.replace(/[\s-]/g, '');
  if (!phone && /^\d{4,11}$/.test(digits)) keys.push({ kind: 'phone_suffix', value: digits });
  // Customer numbers: a letter and digits (C2611000123).
  if (/^[A-Z]{1,3}\d{4,}$/.test(upper)) keys.push({ kind: 'customer_code', value: upper });
  // Serials: letters, digits and dashes, at least 4 characters, with a digit in them.
  if (/^[A-Za-z0-9-]{4,64}$/.test(q) && /\d/.test(q)) keys.push({ kind: 'serial', value: q });
  // Names: anything with a letter or CJK character, matched as a prefix.
  if (/[\p{L}]/u.test(q) && !/^[A-Z]{1,3}\d{4,}$/.test(upper)) keys.push({ kind: 'name', value: q });
  return keys;
}

// One-time codes (portal)

/** The stored form of a code: sha256 over a per-row salt and the code; the code itself is never stored. */
export function hashOtp(code: string, salt: string): string {
  return `${salt}:${createHash('sha256').update(`${salt}:${code}`).digest('hex')}`;
}

export function otpMatches(code: string, stored: string): boolean {
  const [salt] = stored.split(':');
  return !!salt && hashOtp(code, salt) === stored;
}

export type OtpProblem = 'missing' | 'expired' | 'consumed' | 'attempts';

/** Whether a stored code may still be tried at `now` (before counting this attempt). */
export function otpProblem(
  row: { expiresAt: Date; consumedAt: Date | null; attempts: number } | null | undefined,
  now: Date,
  maxAttempts: number,
): OtpProblem | null {
  if (!row) return 'missing';
  if (row.consumedAt) return 'consumed';
  if (row.attempts >= maxAttempts) return 'attempts';
  if (now.getTime() >= row.expiresAt.getTime()) return 'expired';
  return null;
}

export interface OtpLimits {
  intervalSeconds: number;
  perPhonePerHour: number;
  perIpPerHour: number;
  perPhonePerDay: number;
  perIpPerDay: number;
}

/** Codes sent (or withheld) in a period, and the oldest of them. */
export interface OtpCount {
  n: number;
  oldest: Date | null;
}

export interface OtpHistory {
  lastForPhoneAt: Date | null;
  phoneLastHour: OtpCount;
  phoneLastDay: OtpCount;
  ipLastHour: OtpCount;
  ipLastDay: OtpCount;
}

const HOUR_MS = 3600_000;

/**
 * Seconds until another code may be sent, or 0 when it may be sent now: an interval per phone,
 * and caps per phone and per IP address for the last hour and the last 24 hours (defaults 1/min,
 * 5/h and 10/day per phone, 20/h and 50/day per IP). A cap full waits for its oldest code to age out.
 */
export function otpWaitSeconds(h: OtpHistory, limits: OtpLimits, now: Date): number {
  const t = now.getTime();
  const waits: number[] = [0];
  if (h.lastForPhoneAt) waits.push(h.lastForPhoneAt.getTime() + limits.intervalSeconds * 1000 - t);
  const cap = (c: OtpCount, max: number, periodMs: number) => {
    if (c.n >= max && c.oldest) waits.push(c.oldest.getTime() + periodMs - t);
  };
  cap(h.phoneLastHour, limits.perPhonePerHour, HOUR_MS);
  cap(h.phoneLastDay, limits.perPhonePerDay, 24 * HOUR_MS);
  cap(h.ipLastHour, limits.perIpPerHour, HOUR_MS);
  cap(h.ipLastDay, limits.perIpPerDay, 24 * HOUR_MS);
  return Math.max(0, Math.ceil(Math.max(...waits) / 1000));
}

// Photos (portal)

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

/**
 * The image type the bytes really are, from their magic numbers, or null. The declared type
 * of an upload is the client's claim; this is what the file is.
 */
export function sniffImage(bytes: Uint8Array): ImageType | null {
  const b = bytes;
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v)) return 'image/png';
  if (b.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (b.length >= 12 && ascii(4, 8) === 'ftyp' && HEIC_BRANDS.has(ascii(8, 12))) return 'image/heic';
  return null;
}

/** Declared types accepted for a sniffed type (browsers send image/heif or octet-stream for HEIC). */
export function declaredTypeFits(declared: string, sniffed: ImageType): boolean {
  const d = declared.toLowerCase().split(';')[0]!.trim();
  if (d === sniffed || d === 'application/octet-stream') return true;
  if (sniffed === 'image/jpeg' && d === 'image/jpg') return true;
  return sniffed === 'image/heic' && d === 'image/heif';
}

export const EXTENSIONS: Record<ImageType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
};

// Requests

/** The status steps a customer sees when tracking: the request's own, then the order's stages. */
export type TrackStep =
  | 'created'
  | 'accepted'
  | 'converted'
  | 'cancelled'
  | 'order_dispatched'
  | 'order_booked'
  | 'order_en_route'
  | 'order_on_site'
  | 'order_received'
  | 'order_in_repair'
  | 'order_waiting'
  | 'order_completed'
  | 'order_closed'
  | 'order_cancelled';

const STEP_OF_REQUEST_ACTION: Record<string, TrackStep> = {
  'service_request.created': 'created',
  'service_request.accepted': 'accepted',
  'service_request.converted': 'converted',
  'service_request.cancelled': 'cancelled',
};

/*
 * What a customer is told of the work order their request became, by the order's state. Routing
 * inside the service network (HQ → center) is not yet "dispatched": the order stays at
 * "converted" until an outlet or a technician holds it (issue: the portal said 已派工处理 before
 * anyone was sent). The lifecycle's states are work-orders/rules.ts ORDER_STATES.
 */
const STEP_OF_ORDER_STATE: Record<string, TrackStep | null> = {
  created: null,
  dispatched_center: null,
  dispatched_outlet: 'order_dispatched',
  accepted: 'order_dispatched',
  assigned: 'order_dispatched',
  booked: 'order_booked',
  en_route: 'order_en_route',
  on_site: 'order_on_site',
  received: 'order_received',
  in_repair: 'order_in_repair',
  waiting: 'order_waiting',
  completed: 'order_completed',
  confirmed: 'order_completed',
  closed: 'order_closed',
  cancelled: 'order_cancelled',
};

/** The step an order in `state` shows; null while it is still routed inside the network. */
export function orderStep(state: string): TrackStep | null {
  return STEP_OF_ORDER_STATE[state] ?? null;
}

/** The order a request became, as far as the customer is concerned. */
export interface TrackedOrder {
  state: string;
  bookedFrom: Date | null;
  bookedTo: Date | null;
  bookedConfirmed: boolean;
}

export interface TrackStage {
  stage: TrackStep;
  /** The booked visit while it is still ahead (booked, technician on the way); else null. */
  appointment: { from: string; to: string; confirmed: boolean } | null;
}

/**
 * Where a request stands now: its own status until it becomes an order, then the order's state
 * (so a completed order reads 维修完成, not 已转服务单 forever).
 */
export function trackStage(requestStatus: string, order: TrackedOrder | null): TrackStage {
  if (!order) {
    const own: TrackStep = requestStatus === 'new' ? 'created' : (requestStatus as TrackStep);
    return { stage: own, appointment: null };
  }
  const stage = orderStep(order.state) ?? 'converted';
  const ahead = stage === 'order_booked' || stage === 'order_en_route';
  const appointment =
    ahead && order.bookedFrom && order.bookedTo
      ? { from: order.bookedFrom.toISOString(), to: order.bookedTo.toISOString(), confirmed: order.bookedConfirmed }
      : null;
  return { stage, appointment };
}

/**
 * The timeline: the request's events, then each change of the order's state (`state`: the state
 * its audit event recorded after the change) as the step it shows, in time order; a run of the same step
 * (HQ → center → outlet, one technician after another) is shown once, at its first time.
 */
export function trackTimeline(
  events: { action: string; at: Date; state?: string | null }[],
): { step: TrackStep; at: string }[] {
  const steps = events
    .map((e) => {
      const step = e.action.startsWith('work_order.')
        ? e.state
          ? orderStep(e.state)
          : null
        : (STEP_OF_REQUEST_ACTION[e.action] ?? null);
      return step ? { step, at: e.at } : null;
    })
    .filter((s): s is { step: TrackStep; at: Date } => s !== null)
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((s) => ({ step: s.step, at: s.at.toISOString() }));
  return steps.filter((s, i) => i === 0 || s.step !== steps[i - 1]!.step);
}

export const CANCELLABLE = new Set(['new', 'accepted']);
export const CONVERTIBLE = new Set(['new', 'accepted']);

/** Contact status at creation: a consultation answered on the spot is answered at once. */
export function initialContactStatus(cls: string, hasAnswer: boolean): 'open' | 'answered' | null {
  if (!hasAnswer) return 'open';
  return cls === 'consultation' ? 'answered' : null;
}

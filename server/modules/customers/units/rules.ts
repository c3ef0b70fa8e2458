import type { ErrorCode } from '../../../../shared/errors.js';
import { STATUS_TRANSITIONS } from './contract.js';

/*
 * Pure rules of the installed base (DOMAIN.md, Intake and 三包): a unit is a model plus a serial
 * number, owned by a customer for a usage, with the dates its warranty is counted from. Nothing
 * here reads a clock or a database: `today` and the model's facts are passed in.
 */

export const UNIT_STATUS_LIST = ['active', 'replaced', 'returned', 'recalled', 'scrapped'] as const;
export type UnitStatus = (typeof UNIT_STATUS_LIST)[number];
export type Usage = 'household' | 'commercial';

/**
 * Serial numbers as stored and searched: surrounding and inner spaces dropped, full-width
 * characters (typed with a Chinese input method) folded to ASCII by NFKC, upper-case.
 */
export function normaliseSerial(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

const SERIAL = /^[A-Z0-9][A-Z0-9._/-]{0,63}$/;

/** True when a normalised serial has only the characters serials are printed with. */
export function isValidSerial(serial: string): boolean {
  return SERIAL.test(serial);
}

export interface UnitDates {
  purchaseDate?: string | null;
  invoiceDate?: string | null;
  installedOn?: string | null;
  acceptedOn?: string | null;
}

export interface FieldProblem {
  field: string;
  code: ErrorCode;
}

const DATE_FIELDS = ['purchaseDate', 'invoiceDate', 'installedOn', 'acceptedOn'] as const;

/**
 * What is wrong with a unit's dates. None may lie after `today` (the company's date). The order
 * must make sense: the invoice documents the sale, so it is not dated before the purchase
 * (三包 periods run from the invoice date); installation is on or after the purchase, and
 * acceptance on or after installation (or the purchase, for units nobody installs). ISO dates
 * compare as strings.
 */
export function unitDateProblems(dates: UnitDates, today: string): FieldProblem[] {
  const out: FieldProblem[] = [];
  for (const field of DATE_FIELDS) {
    const d = dates[field];
    if (d && d > today) out.push({ field, code: 'unit.date_in_future' });
  }
  const { purchaseDate: bought, invoiceDate: invoiced, installedOn: installed, acceptedOn: accepted } = dates;
  const flagged = new Set(out.map((p) => p.field));
  const order = (
    field: (typeof DATE_FIELDS)[number],
    value: string | null | undefined,
    earliest: string | null | undefined,
  ) => {
    if (value && earliest && value < earliest && !flagged.has(field)) out.push({ field, code: 'unit.date_order' });
  };
  order('invoiceDate', invoiced, bought);
  order('installedOn', installed, bought);
  order('acceptedOn', accepted, installed ?? bought);
  return out;
}

/** Whether the model may be registered for this usage (household 家用 / commercial 公用). */
export function usageAllowed(usage: Usage, usageKinds: readonly Usage[]): boolean {
  return usageKinds.includes(usage);
}

// The status changes a person may make (in the contract, so the unit page offers the same ones).
export { STATUS_TRANSITIONS };

/** Why `from` → `to` is refused, or null when it is allowed. */
export function statusChangeProblem(from: UnitStatus, to: UnitStatus): ErrorCode | null {
  if (to === 'replaced' && (from === 'active' || from === 'recalled')) return 'unit.replace_via_exchange';
  return STATUS_TRANSITIONS[from].includes(to) ? null : 'unit.status_transition';
}

/** A unit may be exchanged (换机) while it is with the customer: active or recalled. */
export function mayReplace(status: UnitStatus): boolean {
  return status === 'active' || status === 'recalled';
}

/** A customer's name on a printed label: the first character, the rest as stars (张**). */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** The portal address a unit's QR label opens, with model and serial filled in. */
export function portalReportUrl(origin: string, modelCode: string, serial: string): string {
  const q = new URLSearchParams({ model: modelCode, serial });
  return `${origin.replace(/\/+$/, '')}/portal/report?${q.toString()}`;
}

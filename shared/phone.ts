/*
 * Mainland China phone numbers as callers say and type them (DOMAIN.md, Intake: every contact
 * records a phone). One normal form per number so that duplicate detection and caller-ID lookups
 * are exact matches: mobiles as 11 digits, landlines as area code + local number with the trunk 0
 * (010 6552 9988 → 01065529988), 400/800 service numbers as 10 digits. Browser-safe.
 */

export type PhoneKind = 'mobile' | 'landline' | 'service400';

export interface Phone {
  /** Digits only, e.g. 13800138000, 02088886666, 4008001234. */
  number: string;
  kind: PhoneKind;
  extension?: string;
}

const MOBILE = /^1[3-9]\d{9}$/;
const SERVICE = /^[48]00\d{7}$/;
/** Area codes: 010 and 02x have three digits, the rest (03xx–09xx) four; local numbers start 2–9. */
const LANDLINE_3 = /^(0(?:10|2\d))([2-9]\d{6,7})$/;
const LANDLINE_4 = /^(0[3-9]\d{2})([2-9]\d{6,7})$/;

/** Full-width digits and punctuation (from Chinese input methods) as their ASCII twins. */
function toAscii(raw: string): string {
  return raw.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

function classify(digits: string): Phone | null {
  if (MOBILE.test(digits)) return { number: digits, kind: 'mobile' };
  if (SERVICE.test(digits)) return { number: digits, kind: 'service400' };
  if (LANDLINE_3.test(digits) || LANDLINE_4.test(digits)) return { number: digits, kind: 'landline' };
  // A mobile dialled with the long-distance 0 from a landline (013800138000).
  if (/^01[3-9]\d{9}$/.test(digits)) return { number: digits.slice(1), kind: 'mobile' };
  return null;
}

/** A number without separators, country code removed (+86, 0086, 86) when that leaves a valid number. */
function parseDigits(text: string): Phone | null {
  const plus = text.trim().startsWith('+');
  const digits = text.replace(/[\s\-–—.()[\]/+]/g, '');
  if (!/^\d+$/.test(digits)) return null;
  for (const cc of ['0086', '86']) {
    if (!digits.startsWith(cc)) continue;
    const rest = digits.slice(cc.length);
    // International format drops the trunk 0 of area codes: +86 10 6552 9988 → 010 6552 9988.
    const found = classify(rest) ?? (rest.startsWith('0') ? null : classify(`0${rest}`));
    if (found && (plus || cc === '0086' || !classify(digits))) return found;
  }
  if (plus) return null;
  return classify(digits);
}

const EXTENSION = /(?:转|分机|ext\.?|x|#|,|，)\s*(\d{1,6})\s*$/i;

/**
 * The normal form of a mainland number typed in any common way, or null when it is not one:
 * "+86 138-0013-8000", "(0755)86001234", "020-8888 6666 转 123", "400-800-1234".
 */
export function normalisePhone(raw: string | null | undefined): Phone | null {
  if (!raw) return null;
  const text = toAscii(raw).trim();
  if (!text || text.length > 40) return null;
  const ext = EXTENSION.exec(text);
  if (ext) {
    const main = parseDigits(text.slice(0, ext.index));
    if (!main || main.kind === 'mobile') return null;
    return { ...main, extension: ext[1]! };
  }
  const whole = parseDigits(text);
  if (whole) return whole;
  // "020-8888-6666-123": the last dash group is an extension when the rest is a fixed line.
  const m = /^(.*\d)\s*-\s*(\d{1,6})$/.exec(text);
  if (m) {
    const main = parseDigits(m[1]!);
    if (main && main.kind !== 'mobile') return { ...main, extension: m[2]! };
  }
  return null;
}

/** The kind of an already normalised number, or null when it is not one. */
export function phoneKind(number: string): PhoneKind | null {
  const found = classify(number);
  return found?.number === number ? found.kind : null;
}

function splitLandline(number: string): [string, string] | null {
  const m = LANDLINE_3.exec(number) ?? LANDLINE_4.exec(number);
  return m ? [m[1]!, m[2]!] : null;
}

function groupLocal(local: string): string {
  return `${local.slice(0, local.length - 4)} ${local.slice(-4)}`;
}

/** Display form: 138 0013 8000, 020-8888 6666, 0755-860 0123, 400-800-1234 (转 123 when given). */
export function formatPhone(number: string, extension?: string | null): string {
  let out = number;
  if (MOBILE.test(number)) out = `${number.slice(0, 3)} ${number.slice(3, 7)} ${number.slice(7)}`;
  else if (SERVICE.test(number)) out = `${number.slice(0, 3)}-${number.slice(3, 6)}-${number.slice(6)}`;
  else {
    const parts = splitLandline(number);
    if (parts) out = `${parts[0]}-${groupLocal(parts[1])}`;
  }
  return extension ? `${out} 转 ${extension}` : out;
}

/**
 * A personal number with its middle hidden, for people who may see that a customer exists but
 * not call them (DOMAIN.md, Privacy): 138****8000, 020-****6666. 400/800 numbers belong to
 * companies and are shown whole.
 */
export function maskPhone(number: string): string {
  if (MOBILE.test(number)) return `${number.slice(0, 3)}****${number.slice(-4)}`;
  if (SERVICE.test(number)) return formatPhone(number);
  const parts = splitLandline(number);
  if (parts) return `${parts[0]}-****${parts[1].slice(-4)}`;
  return number.length > 4 ? `****${number.slice(-4)}` : '****';
}

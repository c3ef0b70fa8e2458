import type { Customer, CustomerAddress, CustomerCreate } from '../../../server/modules/customers/contract.js';
import type { AuditEvent } from '../../../server/platform/events/contract.js';

/** A phone row of the customer form. */
export interface PhoneRow {
  number: string;
  label?: string | null;
  isPrimary?: boolean;
}

/** An address row: the division cascader holds the codes from the province down. */
export interface AddressRow {
  id?: string;
  divisions?: string[];
  detail: string;
  lat?: number | null;
  lng?: number | null;
  isPrimary?: boolean;
  label?: string | null;
}

export interface CustomerFormValues {
  kind: 'individual' | 'business';
  name: string;
  companyName?: string | null;
  phones: PhoneRow[];
  addresses: AddressRow[];
  email?: string | null;
  wechatId?: string | null;
  tags?: string[];
  notes?: string | null;
  preferredContactTime?: string | null;
  consentMessages?: boolean;
}

function text(v: string | null | undefined): string | null {
  const s = v?.trim();
  return s ? s : null;
}

function num(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Exactly one primary row among the non-empty ones: the first marked, else the first. */
export function onePrimary<T extends { isPrimary?: boolean }>(rows: T[]): (T & { isPrimary: boolean })[] {
  const first = rows.findIndex((r) => r.isPrimary);
  const chosen = first < 0 ? 0 : first;
  return rows.map((r, i) => ({ ...r, isPrimary: i === chosen }));
}

/** The cascader's code list as the contract's province/city/district codes. */
export function divisionCodes(divisions: readonly string[] | undefined): {
  provinceCode: string;
  cityCode: string | null;
  districtCode: string | null;
} {
  const [provinceCode = '', cityCode = null, districtCode = null] = divisions ?? [];
  return { provinceCode, cityCode, districtCode };
}

export function addressDivisions(a: Pick<CustomerAddress, 'provinceCode' | 'cityCode' | 'districtCode'>): string[] {
  return [a.provinceCode, a.cityCode, a.districtCode].filter((c): c is string => !!c);
}

/** Form values as the body of POST/PATCH /api/customers (empty rows dropped, one primary each). */
export function customerBody(v: CustomerFormValues): Omit<CustomerCreate, 'allowDuplicate'> {
  const phones = onePrimary((v.phones ?? []).filter((p) => p?.number?.trim())).map((p) => ({
    number: p.number.trim(),
    label: text(p.label),
    isPrimary: p.isPrimary,
  }));
  const addresses = onePrimary((v.addresses ?? []).filter((a) => a && (a.divisions?.length || a.detail?.trim()))).map(
    (a) => ({
      ...(a.id ? { id: a.id } : {}),
      ...divisionCodes(a.divisions),
      detail: a.detail?.trim() ?? '',
      lat: num(a.lat),
      lng: num(a.lng),
      isPrimary: a.isPrimary,
      label: text(a.label),
    }),
  );
  return {
    kind: v.kind,
    name: v.name.trim(),
    companyName: v.kind === 'business' ? text(v.companyName) : null,
    email: text(v.email),
    wechatId: text(v.wechatId),
    tags: [...new Set((v.tags ?? []).map((t) => t.trim()).filter(Boolean))],
    notes: text(v.notes),
    preferredContactTime: text(v.preferredContactTime),
    consentMessages: !!v.consentMessages,
    phones,
    addresses,
  };
}

/** A customer as the edit form's starting values. */
export function customerFormValues(c: Customer): CustomerFormValues {
  return {
    kind: c.kind,
    name: c.name,
    companyName: c.companyName,
    phones: c.phones.map((p) => ({
      number: p.display,
      label: p.label,
      isPrimary: p.isPrimary,
    })),
    addresses: c.addresses.map((a) => ({
      id: a.id,
      divisions: addressDivisions(a),
      detail: a.detail,
      lat: a.lat,
      lng: a.lng,
      isPrimary: a.isPrimary,
      label: a.label,
    })),
    email: c.email,
    wechatId: c.wechatId,
    tags: c.tags,
    notes: c.notes,
    preferredContactTime: c.preferredContactTime,
    consentMessages: c.consentMessages,
  };
}

/** The other customer named by a 409 customer.duplicate_phone, when it lies in my area. */
export interface DuplicateHit {
  number: string;
  id?: string;
  code?: string;
  name?: string;
  label: string;
}

export function duplicateHit(params: Record<string, unknown>): DuplicateHit {
  const s = (k: string) => (typeof params[k] === 'string' ? (params[k] as string) : undefined);
  return { number: s('number') ?? '', id: s('id'), code: s('code'), name: s('name'), label: s('customer') ?? '' };
}

/** A merge as the audit trail tells it (customer.merged events of the survivor). */
export interface MergeRecord {
  mergeId: string;
  at: string;
  actorName: string;
  mergedCode: string;
  undone: boolean;
}

/** Merges into this customer, newest first, each marked undone when a later undo names it. */
export function mergeHistory(events: readonly AuditEvent[]): MergeRecord[] {
  const undone = new Set<string>();
  for (const e of events) {
    if (e.action !== 'customer.merge_undone') continue;
    const id = e.changes.mergeId?.after;
    if (typeof id === 'string') undone.add(id);
  }
  const out: MergeRecord[] = [];
  for (const e of events) {
    if (e.action !== 'customer.merged') continue;
    const id = e.changes.mergeId?.after;
    if (typeof id !== 'string') continue;
    const code = e.changes.mergedFrom?.after;
    out.push({
      mergeId: id,
      at: e.at,
      actorName: e.actorName,
      mergedCode: typeof code === 'string' ? code : '',
      undone: undone.has(id),
    });
  }
  return out.sort((a, b) => b.at.localeCompare(a.at));
}

/** Division code errors belong on the address's cascader: `addresses.0.cityCode` → `addresses.0.divisions`. */
export function formErrorPath(path: string): string {
  return path.replace(/^(body\.)?(addresses\.\d+)\.(provinceCode|cityCode|districtCode)$/, '$1$2.divisions');
}

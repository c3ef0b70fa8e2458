import type { ErrorCode } from '../../../../shared/errors.js';
import { normalisePhone, type Phone } from '../../../../shared/phone.js';
import { normaliseSerial } from '../index.js';
import {
  type AreaCodes,
  fieldLabel,
  type ImportField,
  type ImportKind,
  parseDate,
  resolveDivisions,
  UNIT_FIELDS,
} from './fields.js';

/*
 * Pure rules of the customer and unit import: what is wrong with each row, with rows against
 * each other, and what a row changes on an existing record (fields.ts reads the columns). No
 * database, clock or request here: `today` (the company's date) and the facts loaded from the
 * database are passed in.
 */

/** One problem of one row: `row` is the spreadsheet's row number (the header is row 1). */
export interface RowIssue {
  row: number;
  column: string | null;
  field: ImportField | null;
  code: ErrorCode;
  params: Record<string, unknown>;
}

export interface AddressDraft extends AreaCodes {
  detail: string;
}

export interface UnitDraft {
  modelCode: string;
  serialNo: string;
  usage: 'household' | 'commercial' | null;
  purchaseDate: string | null;
  invoiceNo: string | null;
  invoiceDate: string | null;
  sellerChannel: string | null;
  installedOn: string | null;
  location: string | null;
}

/** A valid row: the customer it describes (keyed by its first phone) and, maybe, one unit. */
export interface RowDraft {
  row: number;
  name: string | null;
  kind: 'individual' | 'business' | null;
  companyName: string | null;
  email: string | null;
  notes: string | null;
  tags: string[];
  phones: Phone[];
  address: AddressDraft | null;
  unit: UnitDraft | null;
}

const KINDS: Record<string, 'individual' | 'business'> = {
  individual: 'individual',
  家用: 'individual',
  个人: 'individual',
  家庭: 'individual',
  business: 'business',
  商用: 'business',
  公用: 'business',
  企业: 'business',
  单位: 'business',
};
const USAGES: Record<string, 'household' | 'commercial'> = {
  household: 'household',
  家用: 'household',
  commercial: 'commercial',
  商用: 'commercial',
  公用: 'commercial',
};

/** The values of one data row by field; cells already as trimmed text. */
export type RawRow = Partial<Record<ImportField, string>>;

export interface RowContext {
  kind: ImportKind;
  /** The company's date (YYYY-MM-DD): no date of a unit may lie after it. */
  today: string;
  row: number;
  /** The header of the column a field came from, for the report. */
  columnOf: (field: ImportField) => string | null;
}

const TEXT_LIMITS: Partial<Record<ImportField, number>> = {
  name: 50,
  companyName: 100,
  email: 200,
  detail: 200,
  notes: 2000,
  invoiceNo: 50,
  sellerChannel: 100,
  location: 200,
};
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SERIAL = /^[A-Z0-9][A-Z0-9._/-]{0,63}$/;

/**
 * Checks one row on its own: required fields, phone numbers, divisions, dates, lengths. Returns
 * the row's draft when nothing is wrong. A customers file needs a name and a phone on every row
 * and may carry one unit per row; a units file needs model, serial and the owner's phone.
 */
export function validateRow(raw: RawRow, c: RowContext): { draft: RowDraft | null; issues: RowIssue[] } {
  const issues: RowIssue[] = [];
  const issue = (field: ImportField, code: ErrorCode, params: Record<string, unknown> = {}) =>
    issues.push({
      row: c.row,
      column: c.columnOf(field),
      field,
      code,
      params: { field: fieldLabel(field), ...params },
    });
  const get = (f: ImportField) => {
    const v = raw[f]?.trim() ?? '';
    const max = TEXT_LIMITS[f];
    if (max && v.length > max) issue(f, 'import.invalid_value', { value: `${v.slice(0, 20)}…` });
    return v || null;
  };

  const name = get('name');
  if (c.kind === 'customers' && !name) issue('name', 'import.required');

  const phones: Phone[] = [];
  const phone = get('phone');
  if (!phone) issue('phone', 'import.required');
  for (const f of ['phone', 'phone2'] as const) {
    const value = f === 'phone' ? phone : get(f);
    if (!value) continue;
    // Several numbers in one cell (138…/139…) are common: each becomes a phone of the customer.
    for (const part of value.split(/[;；,，、/]| {2,}/).filter((p) => p.trim())) {
      const n = normalisePhone(part);
      if (!n) issue(f, 'customer.invalid_phone', { value: part.trim() });
      else if (!phones.some((p) => p.number === n.number)) phones.push(n);
    }
  }

  const kindRaw = get('kind');
  const kind = kindRaw ? (KINDS[kindRaw.toLowerCase()] ?? null) : null;
  if (kindRaw && !kind) issue('kind', 'import.invalid_value', { value: kindRaw });
  const email = get('email');
  if (email && !EMAIL.test(email)) issue('email', 'import.invalid_value', { value: email });

  let address: AddressDraft | null = null;
  const [province, city, district, detail] = [get('province'), get('city'), get('district'), get('detail')];
  if (province || city || district || detail) {
    if (!province) issue('province', 'import.required');
    if (!detail) issue('detail', 'import.required');
    if (province) {
      const found = resolveDivisions({ province, city, district });
      if ('field' in found) {
        issue(found.field, 'import.unknown_division', { value: raw[found.field]?.trim() ?? '' });
      } else if (detail) address = { ...found.codes, detail };
    }
  }

  let unit: UnitDraft | null = null;
  const unitGiven = UNIT_FIELDS.some((f) => raw[f]?.trim());
  if (c.kind === 'units' || unitGiven) {
    const modelCode = get('modelCode')?.toUpperCase() ?? null;
    const serialRaw = get('serialNo');
    if (!modelCode) issue('modelCode', 'import.required');
    if (!serialRaw) issue('serialNo', 'import.required');
    const serialNo = serialRaw ? normaliseSerial(serialRaw) : null;
    if (serialNo && !SERIAL.test(serialNo)) issue('serialNo', 'unit.invalid_serial', { serial: serialNo });
    const usageRaw = get('usage');
    const usage = usageRaw ? (USAGES[usageRaw.toLowerCase()] ?? null) : null;
    if (usageRaw && !usage) issue('usage', 'import.invalid_value', { value: usageRaw });
    const dates: Record<'purchaseDate' | 'invoiceDate' | 'installedOn', string | null> = {
      purchaseDate: null,
      invoiceDate: null,
      installedOn: null,
    };
    for (const f of ['purchaseDate', 'invoiceDate', 'installedOn'] as const) {
      const v = get(f);
      if (!v) continue;
      const d = parseDate(v);
      if (!d) issue(f, 'import.invalid_date', { value: v });
      else if (d > c.today) issue(f, 'unit.date_in_future', { value: d, today: c.today });
      else dates[f] = d;
    }
    const { purchaseDate, invoiceDate, installedOn } = dates;
    if (purchaseDate && invoiceDate && invoiceDate < purchaseDate) issue('invoiceDate', 'unit.date_order');
    if (purchaseDate && installedOn && installedOn < purchaseDate) issue('installedOn', 'unit.date_order');
    if (modelCode && serialNo) {
      unit = {
        modelCode,
        serialNo,
        usage,
        ...dates,
        invoiceNo: get('invoiceNo'),
        sellerChannel: get('sellerChannel'),
        location: get('location'),
      };
    }
  }

  if (issues.length > 0) return { draft: null, issues };
  const tags = (get('tags') ?? '')
    .split(/[;；,，、]/)
    .map((t) => t.trim())
    .filter((t) => t && t.length <= 20);
  return {
    draft: {
      row: c.row,
      name,
      kind,
      companyName: get('companyName'),
      email,
      notes: get('notes'),
      tags: [...new Set(tags)],
      phones,
      address,
      unit,
    },
    issues,
  };
}

/**
 * Checks rows against each other: a (model, serial) appears once in a file, and rows sharing a
 * phone describe the same customer (the same name, when both give one).
 */
export function crossRowIssues(rows: readonly RowDraft[], columnOf: RowContext['columnOf']): RowIssue[] {
  const issues: RowIssue[] = [];
  const serials = new Map<string, number>();
  const owners = new Map<string, RowDraft>();
  for (const r of rows) {
    if (r.unit) {
      const key = `${r.unit.modelCode}\u0000${r.unit.serialNo}`;
      const other = serials.get(key);
      if (other !== undefined) {
        issues.push({
          row: r.row,
          column: columnOf('serialNo'),
          field: 'serialNo',
          code: 'import.serial_repeated',
          params: { serial: r.unit.serialNo, model: r.unit.modelCode, other },
        });
      } else serials.set(key, r.row);
    }
    for (const [i, p] of r.phones.entries()) {
      const other = owners.get(p.number);
      if (other?.name && r.name && other.name !== r.name) {
        issues.push({
          row: r.row,
          column: columnOf(i === 0 ? 'phone' : 'phone2'),
          field: i === 0 ? 'phone' : 'phone2',
          code: 'import.phone_conflict',
          params: { number: p.number, other: other.row, name: other.name },
        });
      } else if (!other) owners.set(p.number, r);
    }
  }
  return issues;
}

/** Rows grouped by the customer they describe: the first phone of the group's first row is the key. */
export function groupByCustomer(rows: readonly RowDraft[]): RowDraft[][] {
  const byPhone = new Map<string, RowDraft[]>();
  const groups: RowDraft[][] = [];
  for (const r of rows) {
    const existing = r.phones.map((p) => byPhone.get(p.number)).find(Boolean);
    const group = existing ?? [];
    if (!existing) groups.push(group);
    group.push(r);
    for (const p of r.phones) if (!byPhone.has(p.number)) byPhone.set(p.number, group);
  }
  return groups;
}

export interface CustomerFacts {
  id: string;
  name: string;
  kind: 'individual' | 'business';
  companyName: string | null;
  email: string | null;
  notes: string | null;
  tags: string[];
  phones: string[];
  addresses: AddressDraft[];
  inScope: boolean;
  writable: boolean;
}

export interface CustomerPatch {
  name?: string;
  kind?: 'individual' | 'business';
  companyName?: string;
  email?: string;
  notes?: string;
  tags?: string[];
  addPhones: Phone[];
  addAddresses: AddressDraft[];
}

export const sameAddress = (a: AddressDraft, b: AddressDraft) =>
  a.provinceCode === b.provinceCode &&
  (a.cityCode ?? null) === (b.cityCode ?? null) &&
  (a.districtCode ?? null) === (b.districtCode ?? null) &&
  a.detail === b.detail;

/**
 * What a group of rows changes on an existing customer: the fields it gives that differ, the
 * phones and addresses it adds (none is removed: an import adds to an archive, never prunes
 * it). Null when nothing changes, so a re-run of the same file writes nothing.
 */
export function customerPatch(current: CustomerFacts, group: readonly RowDraft[]): CustomerPatch | null {
  const first = group[0]!;
  const patch: CustomerPatch = { addPhones: [], addAddresses: [] };
  let changed = false;
  for (const f of ['name', 'kind', 'companyName', 'email', 'notes'] as const) {
    const v = first[f];
    if (v !== null && v !== current[f]) {
      (patch as unknown as Record<string, unknown>)[f] = v;
      changed = true;
    }
  }
  const tags = [...new Set([...current.tags, ...group.flatMap((r) => r.tags)])];
  if (tags.length !== current.tags.length) {
    patch.tags = tags;
    changed = true;
  }
  for (const p of group.flatMap((r) => r.phones)) {
    if (!current.phones.includes(p.number) && !patch.addPhones.some((x) => x.number === p.number)) {
      patch.addPhones.push(p);
      changed = true;
    }
  }
  for (const a of group.flatMap((r) => (r.address ? [r.address] : []))) {
    if (![...current.addresses, ...patch.addAddresses].some((x) => sameAddress(x, a))) {
      patch.addAddresses.push(a);
      changed = true;
    }
  }
  return changed ? patch : null;
}

export interface UnitFacts {
  id: string;
  customerId: string;
  usage: 'household' | 'commercial';
  purchaseDate: string | null;
  invoiceNo: string | null;
  invoiceDate: string | null;
  sellerChannel: string | null;
  installedOn: string | null;
  location: string | null;
}

const UNIT_PATCH_FIELDS = [
  'usage',
  'purchaseDate',
  'invoiceNo',
  'invoiceDate',
  'sellerChannel',
  'installedOn',
  'location',
] as const;
export type UnitPatch = Partial<Pick<UnitFacts, (typeof UNIT_PATCH_FIELDS)[number]>>;

/** The fields of an existing unit a row gives differently; null when the row changes nothing. */
export function unitPatch(current: UnitFacts, draft: UnitDraft): UnitPatch | null {
  const patch: Record<string, unknown> = {};
  for (const f of UNIT_PATCH_FIELDS) {
    const v = draft[f];
    if (v !== null && v !== current[f]) patch[f] = v;
  }
  return Object.keys(patch).length ? (patch as UnitPatch) : null;
}

/** The usage of a new unit: the row's, else household when the model allows it, else the model's first. */
export function unitUsage(
  draft: UnitDraft,
  usageKinds: readonly ('household' | 'commercial')[],
): 'household' | 'commercial' {
  return draft.usage ?? (usageKinds.includes('household') ? 'household' : (usageKinds[0] ?? 'household'));
}

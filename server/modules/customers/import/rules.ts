import { areaList } from '@vant/area-data';
import { checkDivisions } from '../../../../shared/divisions.js';
import type { ErrorCode } from '../../../../shared/errors.js';
import type { Text } from '../../../../shared/i18n.js';
import { normalisePhone, type Phone } from '../../../../shared/phone.js';
import { normaliseSerial } from '../index.js';

/*
 * Pure rules of the customer and unit import: which column means which field (field names or
 * the Chinese headers people's spreadsheets carry), and what is wrong with each row. No
 * database, clock or request here: `today` (the company's date) and the facts loaded from the
 * database are passed in.
 */

export const IMPORT_KINDS = ['customers', 'units'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

interface FieldSpec extends Text {
  /** Other headers that mean this field, beyond its key and its zh-CN/en names. */
  aliases?: string[];
}

/** Every field a file may fill, with the header people use for it. */
export const IMPORT_FIELDS = {
  name: { 'zh-CN': '客户姓名', en: 'Customer name', aliases: ['姓名', '客户名称', '客户', '联系人'] },
  kind: { 'zh-CN': '客户类型', en: 'Customer kind', aliases: ['类型'] },
  companyName: { 'zh-CN': '单位名称', en: 'Company', aliases: ['公司', '公司名称', '单位'] },
  phone: { 'zh-CN': '手机号', en: 'Phone', aliases: ['电话', '手机', '手机号码', '联系电话', '主要电话'] },
  phone2: { 'zh-CN': '其他电话', en: 'Other phone', aliases: ['备用电话', '电话2', '固定电话'] },
  email: { 'zh-CN': '邮箱', en: 'Email', aliases: ['电子邮件', '电子邮箱'] },
  province: { 'zh-CN': '省', en: 'Province', aliases: ['省份', '省代码', 'provinceCode'] },
  city: { 'zh-CN': '市', en: 'City', aliases: ['城市', '市代码', 'cityCode'] },
  district: { 'zh-CN': '区', en: 'District', aliases: ['区县', '县区', '区代码', 'districtCode'] },
  detail: { 'zh-CN': '详细地址', en: 'Address', aliases: ['地址', '街道地址'] },
  tags: { 'zh-CN': '标签', en: 'Tags' },
  notes: { 'zh-CN': '备注', en: 'Notes' },
  modelCode: { 'zh-CN': '型号', en: 'Model', aliases: ['产品型号', '型号编码', 'model'] },
  serialNo: { 'zh-CN': '序列号', en: 'Serial number', aliases: ['机身编码', '机身号', '序列号码', 'SN', 'serial'] },
  usage: { 'zh-CN': '用途', en: 'Usage', aliases: ['使用性质'] },
  purchaseDate: { 'zh-CN': '购买日期', en: 'Purchase date', aliases: ['购机日期', '销售日期'] },
  invoiceNo: { 'zh-CN': '发票号', en: 'Invoice number', aliases: ['发票号码', '发票编号'] },
  invoiceDate: { 'zh-CN': '发票日期', en: 'Invoice date', aliases: ['开票日期'] },
  sellerChannel: { 'zh-CN': '销售渠道', en: 'Seller', aliases: ['购买渠道', '经销商', '销售商'] },
  installedOn: { 'zh-CN': '安装日期', en: 'Installed on' },
  location: { 'zh-CN': '安装位置', en: 'Location', aliases: ['位置'] },
} as const satisfies Record<string, FieldSpec>;

export type ImportField = keyof typeof IMPORT_FIELDS;
export const IMPORT_FIELD_NAMES = Object.keys(IMPORT_FIELDS) as ImportField[];
const UNIT_FIELDS: ImportField[] = [
  'modelCode',
  'serialNo',
  'usage',
  'purchaseDate',
  'invoiceNo',
  'invoiceDate',
  'sellerChannel',
  'installedOn',
  'location',
];

export function isImportField(value: string): value is ImportField {
  return Object.hasOwn(IMPORT_FIELDS, value);
}

const headerKey = (h: string) =>
  h
    .normalize('NFKC')
    .replace(/[\s*＊:：]/g, '')
    .toLowerCase();

const HEADER_INDEX = new Map<string, ImportField>();
for (const field of IMPORT_FIELD_NAMES) {
  const spec: FieldSpec = IMPORT_FIELDS[field];
  for (const h of [field, spec['zh-CN'], spec.en, ...(spec.aliases ?? [])]) HEADER_INDEX.set(headerKey(h), field);
}

/** A problem found in one column of the request's mapping: the column and the unknown field. */
export interface MappingProblem {
  column: string;
  field: string;
}

/**
 * Which field each header of the file fills: the caller's mapping first (source column →
 * field; an empty field leaves the column out), else the header itself when it is a field name
 * or one of the usual Chinese or English headers. Columns that match nothing are ignored.
 */
export function resolveColumns(
  headers: readonly string[],
  mapping: Readonly<Record<string, string | null>> = {},
): { columns: Map<ImportField, number>; problem: MappingProblem | null } {
  for (const [column, field] of Object.entries(mapping)) {
    if (field && !isImportField(field)) return { columns: new Map(), problem: { column, field } };
  }
  const columns = new Map<ImportField, number>();
  headers.forEach((header, i) => {
    const h = header.trim();
    if (!h) return;
    const field = Object.hasOwn(mapping, h) ? mapping[h] : HEADER_INDEX.get(headerKey(h));
    if (field && isImportField(field) && !columns.has(field)) columns.set(field, i);
  });
  return { columns, problem: null };
}

/** One problem of one row: `row` is the spreadsheet's row number (the header is row 1). */
export interface RowIssue {
  row: number;
  column: string | null;
  field: ImportField | null;
  code: ErrorCode;
  params: Record<string, unknown>;
}

export interface AddressDraft {
  provinceCode: string;
  cityCode: string | null;
  districtCode: string | null;
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

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A calendar date as written in spreadsheets (2024-05-01, 2024/5/1, 2024.5.1, 2024年5月1日,
 * 20240501, or an Excel day number like 45413), as YYYY-MM-DD; null when it is not a real date.
 */
export function parseDate(raw: string): string | null {
  const s = raw.trim().normalize('NFKC');
  let y: number;
  let m: number;
  let d: number;
  const parts = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$/.exec(s);
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (parts) [y, m, d] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  else if (compact) [y, m, d] = [Number(compact[1]), Number(compact[2]), Number(compact[3])];
  else if (/^\d{5}$/.test(s) && Number(s) > 20000 && Number(s) < 80000) {
    // Excel counts days from 1899-12-30 (its 1900 leap-year bug included).
    const at = new Date(Date.UTC(1899, 11, 30) + Number(s) * 86_400_000);
    return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
  } else return null;
  const at = new Date(Date.UTC(y, m - 1, d));
  if (at.getUTCFullYear() !== y || at.getUTCMonth() !== m - 1 || at.getUTCDate() !== d || y < 1900) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

const shortName = (name: string) => name.replace(/(省|市|自治区|特别行政区|壮族|回族|维吾尔)+$/g, '');

function findDivision(list: Record<string, string>, raw: string, prefix: string): string | null {
  const s = raw.trim().normalize('NFKC');
  if (/^\d{6}$/.test(s)) return list[s] && s.startsWith(prefix) ? s : null;
  const entries = Object.entries(list).filter(([code]) => code.startsWith(prefix));
  const exact = entries.find(([, name]) => name === s);
  if (exact) return exact[0];
  const short = entries.filter(([, name]) => shortName(name) === shortName(s) || name.startsWith(s));
  return short.length === 1 ? short[0]![0] : null;
}

/**
 * Province, city and district as codes (440000) or names (广东省 / 广东, 广州市, 天河区),
 * each looked up within the level above. Names the level that fails.
 */
export function resolveDivisions(input: {
  province: string;
  city?: string | null;
  district?: string | null;
}): DivisionResult {
  // A file repeats the same few areas thousands of times; a lookup scans thousands of names.
  const key = `${input.province}\u0000${input.city ?? ''}\u0000${input.district ?? ''}`;
  let found = resolved.get(key);
  if (!found) {
    if (resolved.size > 10_000) resolved.clear();
    found = lookUpDivisions(input);
    resolved.set(key, found);
  }
  return found;
}

type DivisionResult = { codes: Omit<AddressDraft, 'detail'> } | { field: 'province' | 'city' | 'district' };
const resolved = new Map<string, DivisionResult>();

function lookUpDivisions(input: { province: string; city?: string | null; district?: string | null }): DivisionResult {
  const provinceCode = findDivision(areaList.province_list, input.province, '');
  if (!provinceCode) return { field: 'province' };
  let cityCode: string | null = null;
  if (input.city?.trim()) {
    // Municipalities (北京市) are both province and city: the city list holds them as 110100.
    cityCode =
      findDivision(areaList.city_list, input.city, provinceCode.slice(0, 2)) ??
      (shortName(input.city.trim()) === shortName(areaList.province_list[provinceCode]!)
        ? (Object.keys(areaList.city_list).find((c) => c.startsWith(provinceCode.slice(0, 2))) ?? null)
        : null);
    if (!cityCode) return { field: 'city' };
  }
  let districtCode: string | null = null;
  if (input.district?.trim()) {
    if (!cityCode) return { field: 'city' };
    districtCode = findDivision(areaList.county_list, input.district, cityCode.slice(0, 4));
    if (!districtCode) return { field: 'district' };
  }
  const codes = { provinceCode, cityCode, districtCode };
  const problem = checkDivisions(codes);
  if (problem)
    return {
      field: problem.field === 'provinceCode' ? 'province' : problem.field === 'cityCode' ? 'city' : 'district',
    };
  return { codes };
}

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

/** The field's name for messages (zh-CN; the report's message carries the caller's language). */
function fieldLabel(field: ImportField): string {
  return IMPORT_FIELDS[field]['zh-CN'];
}

/** Field names in the caller's language, for messages of the report. */
export function fieldName(field: ImportField, lang: keyof Text): string {
  return IMPORT_FIELDS[field][lang];
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

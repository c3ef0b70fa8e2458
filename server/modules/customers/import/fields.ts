import { areaList } from '@vant/area-data';
import { checkDivisions } from '../../../../shared/divisions.js';
import type { Text } from '../../../../shared/i18n.js';

/*
 * What the columns of an import file mean: the fields a file may fill with the headers people
 * use for them (field names, Chinese and English headers), and the reading of the two kinds of
 * values spreadsheets write freely: dates and administrative divisions (codes or names). Pure.
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

/** Province, city and district codes of an address (GB/T 2260). */
export interface AreaCodes {
  provinceCode: string;
  cityCode: string | null;
  districtCode: string | null;
}
export const IMPORT_FIELD_NAMES = Object.keys(IMPORT_FIELDS) as ImportField[];
export const UNIT_FIELDS: ImportField[] = [
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

type DivisionResult = { codes: AreaCodes } | { field: 'province' | 'city' | 'district' };
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

/** The field's name for messages (zh-CN; the report's message carries the caller's language). */
export function fieldLabel(field: ImportField): string {
  return IMPORT_FIELDS[field]['zh-CN'];
}

/** Field names in the caller's language, for messages of the report. */
export function fieldName(field: ImportField, lang: keyof Text): string {
  return IMPORT_FIELDS[field][lang];
}

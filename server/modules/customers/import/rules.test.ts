import { describe, expect, it } from 'vitest';
import { decodeText, parseCsv } from './parse.js';
import { type ImportField, parseDate, resolveColumns, resolveDivisions } from './fields.js';
import {
  type CustomerFacts,
  crossRowIssues,
  customerPatch,
  groupByCustomer,
  type RawRow,
  type RowDraft,
  unitPatch,
  validateRow,
} from './rules.js';

const TODAY = '2026-11-23';
const columnOf = (f: ImportField) => f;
const check = (raw: RawRow, kind: 'customers' | 'units' = 'customers') =>
  validateRow(raw, { kind, today: TODAY, row: 2, columnOf });
const codes = (raw: RawRow, kind: 'customers' | 'units' = 'customers') =>
  check(raw, kind).issues.map((i) => `${i.field}:${i.code}`);

const GOOD: RawRow = {
  name: '张三',
  phone: '138 0013 8000',
  province: '广东省',
  city: '广州市',
  district: '天河区',
  detail: '天河路 1 号',
  modelCode: 'xqb70-1',
  serialNo: ' sn 0001 ',
  purchaseDate: '2024/5/1',
};

describe('column mapping', () => {
  it('maps field names and Chinese headers by default, the caller’s mapping first', () => {
    const { columns } = resolveColumns(['客户姓名', '手机号', '省', 'serialNo', '型号', '随便', '电话号码'], {
      电话号码: 'phone2',
    });
    expect(Object.fromEntries(columns)).toEqual({
      name: 0,
      phone: 1,
      province: 2,
      serialNo: 3,
      modelCode: 4,
      phone2: 6,
    });
  });
  it('leaves out a column mapped to null and names an unknown field', () => {
    expect(resolveColumns(['手机号'], { 手机号: null }).columns.size).toBe(0);
    expect(resolveColumns(['手机号'], { 手机号: 'mobile' }).problem).toEqual({ column: '手机号', field: 'mobile' });
  });
});

describe('dates', () => {
  it.each([
    ['2024-05-01', '2024-05-01'],
    ['2024/5/1', '2024-05-01'],
    ['2024.05.01', '2024-05-01'],
    ['2024年5月1日', '2024-05-01'],
    ['20240501', '2024-05-01'],
    ['45413', '2024-05-01'],
    ['2024-02-30', null],
    ['5/1/2024', null],
    ['昨天', null],
  ])('%s → %s', (raw, expected) => expect(parseDate(raw)).toBe(expected));
});

describe('divisions by name or code', () => {
  it.each([
    [
      { province: '广东省', city: '广州市', district: '天河区' },
      { provinceCode: '440000', cityCode: '440100', districtCode: '440106' },
    ],
    [
      { province: '广东', city: '广州', district: '天河' },
      { provinceCode: '440000', cityCode: '440100', districtCode: '440106' },
    ],
    [
      { province: '440000', city: '440300', district: '440305' },
      { provinceCode: '440000', cityCode: '440300', districtCode: '440305' },
    ],
    [
      { province: '北京市', city: '北京市', district: '朝阳区' },
      { provinceCode: '110000', cityCode: '110100', districtCode: '110105' },
    ],
  ])('%j', (input, codes) => expect(resolveDivisions(input)).toEqual({ codes }));
  it.each([
    [{ province: '火星省' }, 'province'],
    [{ province: '广东省', city: '杭州市' }, 'city'],
    [{ province: '广东省', city: '广州市', district: '南山区' }, 'district'],
    [{ province: '440000', city: '440100', district: '440305' }, 'district'],
  ])('%j fails at %s', (input, field) => expect(resolveDivisions(input)).toEqual({ field }));
});

describe('row validation', () => {
  it('accepts a good row and normalises it', () => {
    const { draft, issues } = check(GOOD);
    expect(issues).toEqual([]);
    expect(draft).toMatchObject({
      name: '张三',
      phones: [{ number: '13800138000', kind: 'mobile' }],
      address: { provinceCode: '440000', cityCode: '440100', districtCode: '440106', detail: '天河路 1 号' },
      unit: { modelCode: 'XQB70-1', serialNo: 'SN0001', purchaseDate: '2024-05-01', usage: null },
    });
  });

  it.each<[string, RawRow, string[], ('customers' | 'units')?]>([
    ['missing serial', { ...GOOD, serialNo: '' }, ['serialNo:import.required']],
    ['missing model', { ...GOOD, modelCode: '' }, ['modelCode:import.required']],
    ['invalid phone', { ...GOOD, phone: '12345' }, ['phone:customer.invalid_phone']],
    ['missing phone', { ...GOOD, phone: '' }, ['phone:import.required']],
    ['missing name', { ...GOOD, name: '' }, ['name:import.required']],
    ['a units file may leave the name out', { ...GOOD, name: '' }, [], 'units'],
    [
      'a units file needs a serial',
      { name: '张三', phone: '13800138000' },
      ['modelCode:import.required', 'serialNo:import.required'],
      'units',
    ],
    ['date in the future', { ...GOOD, purchaseDate: '2026-11-24' }, ['purchaseDate:unit.date_in_future']],
    ['today is not the future', { ...GOOD, purchaseDate: '2026-11-23' }, []],
    ['not a date', { ...GOOD, invoiceDate: '下周' }, ['invoiceDate:import.invalid_date']],
    ['invoice before purchase', { ...GOOD, invoiceDate: '2024-04-30' }, ['invoiceDate:unit.date_order']],
    ['bad division', { ...GOOD, district: '南山区' }, ['district:import.unknown_division']],
    ['address without province', { ...GOOD, province: '' }, ['province:import.required']],
    ['address without detail', { ...GOOD, detail: '' }, ['detail:import.required']],
    ['bad serial characters', { ...GOOD, serialNo: 'SN#1' }, ['serialNo:unit.invalid_serial']],
    ['unknown usage', { ...GOOD, usage: '军用' }, ['usage:import.invalid_value']],
    ['unknown kind', { ...GOOD, kind: '外星人' }, ['kind:import.invalid_value']],
    ['bad email', { ...GOOD, email: 'a@b' }, ['email:import.invalid_value']],
    ['second phone invalid', { ...GOOD, phone2: '020-8888' }, ['phone2:customer.invalid_phone']],
  ])('%s', (_name, raw, expected, kind) => {
    expect(codes(raw, kind)).toEqual(expected);
  });

  it('reads several numbers in one cell and a customer without a unit', () => {
    const { draft } = check({ name: '李四', phone: '13800138000/020-8888 6666 转 12' });
    expect(draft?.phones.map((p) => p.number)).toEqual(['13800138000', '02088886666']);
    expect(draft?.phones[1]?.extension).toBe('12');
    expect(draft?.unit).toBeNull();
  });
});

const draft = (row: number, raw: RawRow) => validateRow(raw, { kind: 'customers', today: TODAY, row, columnOf }).draft!;

describe('rows against each other', () => {
  it('finds a serial twice in the file and a phone used for two names', () => {
    const rows = [
      draft(2, GOOD),
      draft(3, { ...GOOD, name: '张三' }),
      draft(4, { ...GOOD, name: '王五', serialNo: 'SN0002' }),
    ];
    expect(crossRowIssues(rows, columnOf).map((i) => [i.row, i.code])).toEqual([
      [3, 'import.serial_repeated'],
      [4, 'import.phone_conflict'],
    ]);
  });
  it('groups rows by any shared phone', () => {
    const rows = [
      draft(2, { name: 'A', phone: '13800138000' }),
      draft(3, { name: 'B', phone: '13900139000' }),
      draft(4, { name: 'A', phone: '13700137000;13800138000' }),
    ];
    expect(groupByCustomer(rows).map((g) => g.map((r) => r.row))).toEqual([[2, 4], [3]]);
  });
});

describe('what a re-import changes', () => {
  const current: CustomerFacts = {
    id: 'c1',
    name: '张三',
    kind: 'individual',
    companyName: null,
    email: null,
    notes: null,
    tags: [],
    phones: ['13800138000'],
    addresses: [{ provinceCode: '440000', cityCode: '440100', districtCode: '440106', detail: '天河路 1 号' }],
    inScope: true,
    writable: true,
  };
  it('nothing, when the row says what the archive holds', () => {
    expect(customerPatch(current, [draft(2, GOOD)])).toBeNull();
  });
  it('the fields that differ and what is new, never removing anything', () => {
    const rows: RowDraft[] = [draft(2, { ...GOOD, name: '张三丰', phone2: '13900139000', detail: '体育西路 2 号' })];
    expect(customerPatch(current, rows)).toMatchObject({
      name: '张三丰',
      addPhones: [{ number: '13900139000' }],
      addAddresses: [{ detail: '体育西路 2 号' }],
    });
  });
  it('a unit: only given fields that differ', () => {
    const unit = {
      id: 'u1',
      customerId: 'c1',
      usage: 'household' as const,
      purchaseDate: '2024-05-01',
      invoiceNo: 'F1',
      invoiceDate: null,
      sellerChannel: null,
      installedOn: null,
      location: null,
    };
    expect(unitPatch(unit, draft(2, GOOD).unit!)).toBeNull();
    expect(unitPatch(unit, draft(2, { ...GOOD, purchaseDate: '2024-05-02' }).unit!)).toEqual({
      purchaseDate: '2024-05-02',
    });
  });
});

describe('CSV text', () => {
  it('parses quotes, doubled quotes, CRLF and a BOM', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n1,\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['1', ''],
    ]);
  });
  it('tells UTF-8 from GBK and refuses binary', () => {
    expect(decodeText(Buffer.from('客户姓名', 'utf8'))).toEqual({ text: '客户姓名', encoding: 'utf-8' });
    expect(decodeText(Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]))).toEqual({ text: '张三', encoding: 'gbk' });
    expect(() => decodeText(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00]))).toThrow();
  });
});

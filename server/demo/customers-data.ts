import { localDay } from '../../shared/time-zone.js';
import { DEMO_MODELS, type DemoModel, type DemoUsage } from './catalog-data.js';
import { DEMO_CENTERS } from './org-data.js';
import { DemoRandom } from './random.js';

/*
 * The demo customer archive and installed base: pure, deterministic data (a seeded generator and
 * a reference date passed in, never the wall clock). Customers live in districts the demo outlets
 * serve, so every outlet has customers; coordinates lie around the district's outlet.
 */

/** Where customers of an outlet live: the outlet's city, its urban districts, the landline area code. */
export interface DemoArea {
  outletCode: string;
  provinceCode: string;
  cityCode: string;
  /** District codes of the city (GB/T 2260, as in @vant/area-data); the outlet's own first. */
  districts: string[];
  areaCode: string;
  lat: number;
  lng: number;
  /** Relative share of the customers. */
  weight: number;
  /** By the sea or a lake: boat owners and marinas. */
  waterside: boolean;
}

const area = (
  outletCode: string,
  areaCode: string,
  districts: string[],
  weight: number,
  waterside = false,
): Omit<DemoArea, 'provinceCode' | 'cityCode' | 'lat' | 'lng'> => ({
  outletCode,
  areaCode,
  districts,
  weight,
  waterside,
});

const AREA_FACTS = [
  area('O-GD-01', '020', ['440106', '440104', '440105', '440111', '440103'], 3, true),
  area('O-GD-02', '0755', ['440305', '440304', '440303', '440306'], 3, true),
  area('O-GD-03', '0757', ['440604', '440605', '440606'], 2),
  // 东莞 has no districts: its towns and subdistricts carry the codes.
  area('O-GD-04', '0769', ['441903', '441916', '441907', '441912', '441927'], 2),
  area('O-ZJ-01', '0571', ['330105', '330106', '330102', '330108'], 3),
  area('O-ZJ-02', '0574', ['330212', '330203', '330205'], 2, true),
  area('O-ZJ-03', '0577', ['330302', '330303', '330304'], 2, true),
  area('O-SC-01', '028', ['510107', '510104', '510105', '510106', '510108'], 3),
  area('O-SC-02', '0816', ['510703', '510704'], 1),
  area('O-SC-03', '0817', ['511302', '511303'], 1),
  area('O-HA-01', '0371', ['410103', '410105', '410102', '410104'], 3),
  area('O-HA-02', '0379', ['410305', '410303', '410311'], 1.5),
  area('O-HA-03', '0373', ['410702', '410703', '410711'], 1),
  area('O-YN-01', '0871', ['530103', '530102', '530111', '530112'], 2, true),
  area('O-YN-02', '0872', ['532901'], 1, true),
  area('O-YN-03', '0874', ['530302', '530303'], 1),
  area('O-LN-01', '024', ['210102', '210103', '210104', '210105', '210106'], 2.5),
  area('O-LN-02', '0411', ['210202', '210203', '210204', '210211'], 2, true),
  area('O-LN-03', '0412', ['210302', '210303', '210304'], 1),
];

export const DEMO_AREAS: DemoArea[] = AREA_FACTS.map((a) => {
  const center = DEMO_CENTERS.find((c) => c.outlets.some((o) => o.code === a.outletCode))!;
  const outlet = center.outlets.find((o) => o.code === a.outletCode)!;
  return { ...a, provinceCode: center.provinceCode, cityCode: outlet.cityCode, lat: outlet.lat, lng: outlet.lng };
});

export interface DemoPhone {
  number: string;
  kind: 'mobile' | 'landline' | 'service400';
  extension: string | null;
  isPrimary: boolean;
  label: string | null;
}

export interface DemoAddress {
  id: string;
  provinceCode: string;
  cityCode: string;
  districtCode: string;
  detail: string;
  lat: number;
  lng: number;
  isPrimary: boolean;
  label: string | null;
}

export interface DemoCustomer {
  id: string;
  code: string;
  kind: 'individual' | 'business';
  name: string;
  companyName: string | null;
  email: string | null;
  wechatId: string | null;
  tags: string[];
  notes: string | null;
  preferredContactTime: string | null;
  consentMessages: boolean;
  outletCode: string;
  createdAt: Date;
  phones: DemoPhone[];
  addresses: DemoAddress[];
}

export interface DemoUnit {
  id: string;
  customerId: string;
  modelCode: string;
  serialNo: string;
  usage: DemoUsage;
  purchaseDate: string;
  invoiceNo: string | null;
  invoiceDate: string | null;
  sellerChannel: string;
  installedOn: string | null;
  acceptedOn: string | null;
  addressId: string;
  location: string | null;
  status: 'active' | 'scrapped';
  createdAt: Date;
}

export interface DemoArchive {
  customers: DemoCustomer[];
  units: DemoUnit[];
}

// Common surnames roughly by frequency, then given names of one or two characters.
const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const GIVEN_FIRST = [...'建国志海小晓伟秀玉明永红丽俊文春桂金德家子宇思嘉佳雨欣浩一梓子梦诗天雅婷'];
const GIVEN_SECOND = [...'华平军芳英强敏静丽杰涛斌燕辉鹏霞刚玲洋勇峰磊琳娟婷雪超波宁萱轩涵睿博怡晨阳菲'];

const ROADS = [
  '人民路',
  '解放路',
  '中山路',
  '建设路',
  '和平路',
  '新华路',
  '胜利路',
  '文化路',
  '光明路',
  '长江路',
  '黄河路',
  '青年路',
  '朝阳路',
  '东风路',
  '南京路',
  '北京路',
  '工业大道',
  '滨江路',
  '花园路',
  '学府路',
];
const ESTATES = [
  '锦绣花园',
  '阳光小区',
  '幸福家园',
  '翠湖苑',
  '金色家园',
  '碧水湾',
  '紫荆园',
  '御景华庭',
  '春江花月',
  '丽都花园',
  '世纪城',
  '万科城',
  '保利花园',
  '绿地公馆',
  '名门世家',
  '南湖小区',
  '新村',
  '凤凰城',
];

type BusinessKind = 'hotel' | 'laundry' | 'marina' | 'property' | 'restaurant';

const BUSINESS: Record<BusinessKind, { names: string[]; suffix: string[]; tags: string[]; where: string[] }> = {
  hotel: {
    names: ['锦江', '华美', '金陵', '悦来', '君悦', '维也纳', '如家', '格林', '丽景', '东方'],
    suffix: ['大酒店', '商务酒店', '精品酒店', '宾馆'],
    tags: ['酒店', '合同客户'],
    where: ['客房部', '大堂', '洗衣房'],
  },
  laundry: {
    names: ['洁净', '衣之家', '福奈特', '象王', '白玉兰', '干净利落', '洗之朗', '清爽'],
    suffix: ['洗衣店', '洗涤服务有限公司', '干洗连锁'],
    tags: ['洗衣房', '大客户'],
    where: ['洗涤车间', '门店'],
  },
  marina: {
    names: ['蓝海', '海湾', '金沙', '星港', '湖畔', '碧波', '远航'],
    suffix: ['游艇俱乐部', '游艇会', '码头管理有限公司'],
    tags: ['游艇会', '合同客户'],
    where: ['泊位'],
  },
  property: {
    names: ['万科', '保利', '碧桂园', '绿城', '龙湖', '中海', '招商', '华润'],
    suffix: ['物业服务有限公司', '物业管理处'],
    tags: ['物业', '工程客户'],
    where: ['主干道', '东门', '南区', '中心广场'],
  },
  restaurant: {
    names: ['海底捞', '外婆家', '大董', '老乡鸡', '西贝', '小龙坎'],
    suffix: ['餐饮管理有限公司', '酒楼'],
    tags: ['餐饮'],
    where: ['员工宿舍', '包间'],
  },
};

const INDIVIDUAL_TAGS = ['VIP', '老客户', '以旧换新', '电商客户', '投诉敏感', '需预约'];
const CONTACT_TIMES = ['工作日 9:00–18:00', '晚上 19:00 以后', '周末全天', '上午', '中午 12:00–14:00'];
const MOBILE_PREFIXES = [
  ...['130', '131', '132', '133', '134', '135', '136', '137', '138', '139'],
  ...['150', '151', '152', '153', '155', '156', '157', '158', '159'],
  ...['170', '173', '175', '176', '177', '178'],
  ...['180', '181', '182', '183', '184', '185', '186', '187', '188', '189'],
  ...['191', '193', '195', '198', '199'],
];
const CHANNELS_RETAIL = ['京东自营', '天猫旗舰店', '苏宁易购', '国美电器', '品牌专卖店', '本地经销商'];
const CHANNELS_COMMERCIAL = ['工程直销', '区域经销商', '政府采购', '品牌专卖店'];

const DAY_MS = 24 * 60 * 60 * 1000;
/** Demo history covers four years before the reference date. */
const HISTORY_DAYS = 4 * 365;

/** The calendar date in China of an instant, as YYYY-MM-DD: the demo company's zone. */
function chinaDate(at: Date): string {
  return localDay(at, 'Asia/Shanghai');
}

const addDays = (day: string, n: number) => chinaDate(new Date(Date.parse(`${day}T04:00:00Z`) + n * DAY_MS));

const model = (code: string): DemoModel => DEMO_MODELS.find((m) => m.code === code)!;

export interface ArchiveOptions {
  /** Today of the demo: every date lies on or before it. */
  referenceDate: Date;
  customers?: number;
  seed?: number;
}

/**
 * ~2,000 customers (about one in ten a business: hotels, laundries, marinas, property companies)
 * with phones, addresses and tags, and ~3,000 units with serials, purchase dates over four years
 * and a usage the model allows (businesses commercial, people household).
 */
export function demoArchive(opts: ArchiveOptions): DemoArchive {
  const rnd = new DemoRandom(opts.seed ?? 20_261_123);
  const count = opts.customers ?? 2000;
  const ref = opts.referenceDate.getTime();
  const today = chinaDate(opts.referenceDate);
  const usedPhones = new Set<string>();
  const serialSeq = new Map<string, number>();
  const codeSeq = new Map<string, number>();
  const customers: DemoCustomer[] = [];
  const units: DemoUnit[] = [];

  const mobile = () => {
    for (;;) {
      const n = `${rnd.pick(MOBILE_PREFIXES)}${rnd.digits(8)}`;
      if (!usedPhones.has(n)) {
        usedPhones.add(n);
        return n;
      }
    }
  };
  const landline = (areaCode: string) => {
    const localDigits = areaCode.length === 3 ? 8 : rnd.chance(0.7) ? 8 : 7;
    for (;;) {
      const n = `${areaCode}${rnd.int(2, 8)}${rnd.digits(localDigits - 1)}`;
      if (!usedPhones.has(n)) {
        usedPhones.add(n);
        return n;
      }
    }
  };
  const personName = () => {
    const given = rnd.chance(0.3) ? rnd.pick(GIVEN_SECOND) : `${rnd.pick(GIVEN_FIRST)}${rnd.pick(GIVEN_SECOND)}`;
    return `${rnd.pick(SURNAMES)}${given}`;
  };
  const address = (a: DemoArea, business: boolean, primary: boolean, label: string | null): DemoAddress => {
    const district = rnd.chance(0.45) ? a.districts[0]! : rnd.pick(a.districts);
    const road = `${rnd.pick(ROADS)} ${rnd.int(1, 999)} 号`;
    const detail = business
      ? road
      : `${road} ${rnd.pick(ESTATES)} ${rnd.int(1, 30)} 栋 ${rnd.int(1, 4)} 单元 ${rnd.int(1, 32)}${String(rnd.int(1, 4)).padStart(2, '0')}`;
    return {
      id: rnd.uuid(),
      provinceCode: a.provinceCode,
      cityCode: a.cityCode,
      districtCode: district,
      detail,
      // About ±5 km around the outlet.
      lat: Math.round((a.lat + (rnd.next() - 0.5) * 0.09) * 1e6) / 1e6,
      lng: Math.round((a.lng + (rnd.next() - 0.5) * 0.1) * 1e6) / 1e6,
      isPrimary: primary,
      label,
    };
  };
  const customerCode = (at: Date) => {
    const day = chinaDate(at);
    const prefix = `C${day.slice(2, 4)}${day.slice(5, 7)}${day.slice(8, 10)}`;
    const seq = (codeSeq.get(prefix) ?? 0) + 1;
    codeSeq.set(prefix, seq);
    return `${prefix}${String(seq).padStart(4, '0')}`;
  };
  const serial = (m: DemoModel, bought: string) => {
    const seq = (serialSeq.get(m.code) ?? 0) + 1;
    serialSeq.set(m.code, seq);
    // Made a few weeks before it was sold.
    const made = addDays(bought, -rnd.int(10, 90));
    return `${m.serialPrefix}${made.slice(2, 4)}${made.slice(5, 7)}${String(seq).padStart(5, '0')}`;
  };
  const addUnit = (c: DemoCustomer, modelCode: string, usage: DemoUsage, bought: string, location: string | null) => {
    const m = model(modelCode);
    // Washers, boats and street lamps are installed; lamps and boats are also accepted.
    const installs = /^(WM|BOAT|LAMP)/.test(m.line);
    const notAfterToday = (day: string) => (day > today ? today : day);
    const installedOn = installs ? notAfterToday(addDays(bought, rnd.int(0, 5))) : null;
    const acceptance = m.line === 'LAMP' || m.line.startsWith('BOAT');
    const invoiced = usage === 'commercial' || rnd.chance(0.75);
    const old = Date.parse(`${bought}T00:00:00Z`) < ref - 3.5 * 365 * DAY_MS;
    units.push({
      id: rnd.uuid(),
      customerId: c.id,
      modelCode,
      serialNo: serial(m, bought),
      usage,
      purchaseDate: bought,
      invoiceNo: invoiced ? `${rnd.int(1, 9)}${rnd.digits(7)}` : null,
      invoiceDate: invoiced ? bought : null,
      sellerChannel: rnd.pick(usage === 'commercial' ? CHANNELS_COMMERCIAL : CHANNELS_RETAIL),
      installedOn,
      acceptedOn: acceptance && installedOn ? notAfterToday(addDays(installedOn, rnd.int(3, 30))) : null,
      addressId: c.addresses[0]!.id,
      location,
      status: old && rnd.chance(0.05) ? 'scrapped' : 'active',
      createdAt: new Date(Math.min(ref, Date.parse(`${bought}T10:00:00+08:00`) + rnd.int(0, 20) * DAY_MS)),
    });
  };
  /** A purchase on or after `from` and on or before the reference date. */
  const laterDay = (from: Date) => chinaDate(new Date(from.getTime() + rnd.next() * Math.max(0, ref - from.getTime())));

  const weights = DEMO_AREAS.map((a) => [a, a.weight] as const);
  // Customers in the order their archives were opened, so codes grow with time as they do live.
  const openedAt = Array.from({ length: count }, () => ref - Math.floor(rnd.next() * HISTORY_DAYS * DAY_MS)).sort(
    (a, b) => a - b,
  );
  for (const [i, opened] of openedAt.entries()) {
    const a = i < DEMO_AREAS.length ? DEMO_AREAS[i]! : rnd.weighted(weights);
    const business = rnd.chance(0.1);
    const createdAt = new Date(opened);
    const id = rnd.uuid();
    const contact = personName();
    let bkind: BusinessKind = 'hotel';
    let companyName: string | null = null;
    const phones: DemoPhone[] = [];
    const tags: string[] = [];
    if (business) {
      bkind = rnd.weighted<BusinessKind>([
        ['hotel', 3],
        ['laundry', 3],
        ['marina', a.waterside ? 2 : 0],
        ['property', 2],
        ['restaurant', 1],
      ]);
      const b = BUSINESS[bkind];
      companyName = `${rnd.pick(b.names)}${rnd.pick(b.suffix)}`;
      tags.push(...b.tags.filter(() => rnd.chance(0.8)));
      phones.push({
        number: landline(a.areaCode),
        kind: 'landline',
        extension: rnd.chance(0.4) ? String(rnd.int(800, 8999)) : null,
        isPrimary: true,
        label: '前台',
      });
      phones.push({ number: mobile(), kind: 'mobile', extension: null, isPrimary: false, label: '负责人' });
      if (bkind === 'property' && rnd.chance(0.5)) {
        phones.push({
          number: `400${rnd.int(1, 9)}${rnd.digits(6)}`,
          kind: 'service400',
          extension: null,
          isPrimary: false,
          label: '客服热线',
        });
      }
    } else {
      phones.push({ number: mobile(), kind: 'mobile', extension: null, isPrimary: true, label: null });
      if (rnd.chance(0.12))
        phones.push({
          number: mobile(),
          kind: 'mobile',
          extension: null,
          isPrimary: false,
          label: rnd.pick(['家人', '工作', '备用']),
        });
      if (rnd.chance(0.15))
        phones.push({ number: landline(a.areaCode), kind: 'landline', extension: null, isPrimary: false, label: '家' });
      for (const t of INDIVIDUAL_TAGS) if (rnd.chance(0.05)) tags.push(t);
    }
    const addresses = [address(a, business, true, business ? '经营地址' : '家')];
    if (!business && rnd.chance(0.08)) {
      const other = rnd.weighted(weights);
      addresses.push(address(other, false, false, rnd.pick(['单位', '老家', '父母家'])));
    }
    const c: DemoCustomer = {
      id,
      code: customerCode(createdAt),
      kind: business ? 'business' : 'individual',
      name: contact,
      companyName,
      email: business || rnd.chance(0.2) ? `c${String(i + 1).padStart(4, '0')}@example.com` : null,
      wechatId: rnd.chance(0.4) ? `wx_${rnd.digits(8)}` : null,
      tags: [...new Set(tags)],
      notes: business
        ? `${companyName}，${rnd.pick(['按合同提供上门服务', '集中报修，月底对账', '设备较多，优先派单'])}`
        : null,
      preferredContactTime: rnd.chance(0.3) ? rnd.pick(CONTACT_TIMES) : null,
      consentMessages: rnd.chance(0.6),
      outletCode: a.outletCode,
      createdAt,
      phones,
      addresses,
    };
    customers.push(c);

    // The installed base: the first unit bought when the archive was opened, later ones since.
    const first = chinaDate(createdAt);
    if (business) {
      const b = BUSINESS[bkind];
      const where = () => `${rnd.pick(b.where)} ${rnd.int(1, 40)}`;
      const many = (n: number, code: string, loc: () => string | null) => {
        for (let k = 0; k < n; k++) addUnit(c, code, 'commercial', k === 0 ? first : laterDay(createdAt), loc());
      };
      if (bkind === 'hotel') {
        many(rnd.int(2, 5), 'LED43-H5', () => `${rnd.int(2, 18)}${String(rnd.int(1, 30)).padStart(2, '0')} 房`);
        if (rnd.chance(0.5)) many(1, 'SF-H-LOBBY', () => '大堂');
        if (rnd.chance(0.4)) many(1, rnd.pick(['XQG150-SC', 'XPB120-3800SC']), () => '洗衣房');
      } else if (bkind === 'laundry') {
        many(rnd.int(2, 5), rnd.pick(['XQG150-SC', 'XGQ25-SH']), where);
        if (rnd.chance(0.4)) many(1, 'XPB120-3800SC', where);
      } else if (bkind === 'marina') {
        for (let k = rnd.int(1, 3); k > 0; k--) {
          const big = rnd.chance(0.5);
          const bought = k === 1 ? first : laterDay(createdAt);
          const berth = `${rnd.pick(['A', 'B', 'C'])}-${rnd.int(1, 60)} 泊位`;
          addUnit(c, big ? 'SY-780CB' : 'SY-520CC', 'commercial', bought, berth);
          addUnit(c, big ? 'ME-250ID' : 'ME-115OB', 'commercial', bought, berth);
        }
      } else if (bkind === 'property') {
        many(rnd.int(4, 8), rnd.pick(['SL-LED120', 'SL-SOLAR60']), () => `${rnd.pick(b.where)} ${rnd.int(1, 60)} 号杆`);
      } else {
        many(rnd.int(1, 3), rnd.pick(['LED43-H5', 'XPB120-3800SC']), where);
      }
      continue;
    }
    // About one in twenty-five opened an archive without a unit yet (incomplete, for the dashboard).
    const n = rnd.weighted([
      [0, 4],
      [1, 74],
      [2, 19],
      [3, 3],
    ]);
    for (let k = 0; k < n; k++) {
      const bought = k === 0 ? first : laterDay(createdAt);
      if (a.waterside && rnd.chance(0.025)) {
        const big = rnd.chance(0.3);
        addUnit(c, big ? 'SY-780CB' : 'SY-520CC', 'household', bought, '私人泊位');
        addUnit(c, big ? 'ME-250ID' : 'ME-115OB', 'household', bought, '私人泊位');
        continue;
      }
      const code = rnd.weighted([
        ['XPB80-2208S', 14],
        ['XPB120-3800SC', 3],
        ['XQB100-8818', 20],
        ['XQG100-B14', 16],
        ['LED55-U8', 18],
        ['LED65-U8', 10],
        ['LED43-H5', 4],
        ['SF-3S-F', 8],
        ['SF-L-LR', 5],
      ] as const);
      addUnit(c, code, 'household', bought, null);
    }
  }
  return { customers, units };
}

import type { PolicyCreate } from './contract.js';
import { RemedyRules } from './contract.js';

/*
 * The default policies (DOMAIN.md, Warranty and 三包; seeds 000, 001, 004), written at setup and
 * topped up at server start. Lines are matched by category or by product-line code, so the demo
 * catalog's lines (server/demo/catalog-data.ts) get theirs before they exist; docs/warranty.md
 * lists which line gets which policy.
 */

const remedies = (over: Partial<RemedyRules> = {}): RemedyRules => RemedyRules.parse(over);
const allMain = (months: number) => ({ partCodes: [], label: null, months, labourMonths: null });

type Default = Omit<PolicyCreate, 'effectiveFrom' | 'active' | 'note'>;

const base = {
  category: null,
  productLineCode: null,
  modelCode: null,
  usage: null,
  startBasis: 'purchase',
  unitLabourMonths: null,
  transferable: true,
} as const;

export const DEFAULT_POLICIES: Default[] = [
  // Any product without a more specific policy: the household/commercial table of seed 004.
  {
    ...base,
    code: 'household',
    name: '家用产品（通用）',
    usage: 'household',
    unitMonths: 12,
    mainParts: [allMain(36)],
    replacedPartMonths: 3,
    remedies: remedies(),
  },
  {
    ...base,
    code: 'commercial',
    name: '公用产品（通用）',
    usage: 'commercial',
    unitMonths: 3,
    mainParts: [allMain(6)],
    replacedPartMonths: 1,
    remedies: remedies(),
  },
  // Washing machines: household 1 y / main parts 3 y / replaced part 3 months; commercial 3 / 6 / 1 months.
  {
    ...base,
    code: 'washer-household',
    name: '洗衣机（家用）',
    category: 'washer',
    usage: 'household',
    unitMonths: 12,
    mainParts: [allMain(36)],
    replacedPartMonths: 3,
    remedies: remedies(),
  },
  {
    ...base,
    code: 'washer-commercial',
    name: '洗衣机（公用）',
    category: 'washer',
    usage: 'commercial',
    unitMonths: 3,
    mainParts: [allMain(6)],
    replacedPartMonths: 1,
    remedies: remedies(),
  },
  // Boats: the hull 1 year; marine engines per the engine maker's term (2 years here, configurable).
  {
    ...base,
    code: 'boat',
    name: '游艇（船体）',
    category: 'boat',
    unitMonths: 12,
    mainParts: [],
    replacedPartMonths: 3,
    remedies: remedies(),
  },
  {
    ...base,
    code: 'boat-engine',
    name: '船用发动机（按发动机厂家保修）',
    productLineCode: 'BOAT-ENGINE',
    unitMonths: 24,
    mainParts: [allMain(24)],
    replacedPartMonths: 3,
    remedies: remedies(),
  },
  // Street lighting, from installation: light source 3 y, fixture 5 y, pole 20 y.
  {
    ...base,
    code: 'lighting',
    name: '道路照明',
    category: 'lighting',
    startBasis: 'installation',
    unitMonths: 36,
    mainParts: [
      {
        partCodes: ['SL-LIGHT-LED120', 'SL-LIGHT-LED60'],
        label: { 'zh-CN': '光源', en: 'light source' },
        months: 36,
        labourMonths: null,
      },
      { partCodes: ['SL-FIXTURE'], label: { 'zh-CN': '灯具', en: 'fixture' }, months: 60, labourMonths: null },
      {
        partCodes: ['SL-POLE-10', 'SL-POLE-6'],
        label: { 'zh-CN': '灯杆', en: 'pole' },
        months: 240,
        labourMonths: null,
      },
    ],
    replacedPartMonths: 3,
    remedies: remedies(),
  },
  // Equipment contracts: 12 months from final acceptance.
  {
    ...base,
    code: 'equipment',
    name: '设备（自终验起）',
    category: 'equipment',
    startBasis: 'acceptance',
    unitMonths: 12,
    mainParts: [],
    replacedPartMonths: 3,
    remedies: remedies(),
  },
  // Furniture: exchange after 2 failed repairs of the same fault; refund after an exchange and 2 more.
  {
    ...base,
    code: 'furniture',
    name: '家具',
    category: 'furniture',
    usage: null,
    unitMonths: 12,
    mainParts: [allMain(36)],
    replacedPartMonths: 3,
    remedies: remedies({ sameFaultRepairs: 2, refundAfterExchangeRepairs: 2 }),
  },
];

import type { Text } from '../../../shared/i18n.js';
import { yuan } from '../../../shared/money.js';
import { localDay } from '../../../shared/time-zone.js';
import { type ServiceType, zoneOfDistance } from '../work-orders/index.js';
import { type FeeItem, type FeeLine, type FeeRule, type FeeTotal, type MissingFee, SCHEDULE_OF } from './contract.js';

/*
 * Fee schedules — pure rules, no database, no clock (docs/money.md).
 *
 * DOMAIN.md, Money: "Fee schedule per product type and repair; monthly settlement with outlets" and
 * "Paid service: the technician collects the fee" (seed 000: 凡属有償服務，應由維修人員直接向客戶收取
 * 費用; seed 004: 维修费用标准及结算管理). Two schedules: what the customer pays for paid work (labour,
 * travel by zone or distance band, the remote-service fee, the call-out fee of a refused quote, parts
 * at their sale price) and what the company pays an outlet for warranty work (服务费 per order, parts
 * from the outlet's own stock reimbursed at cost).
 *
 * Every amount is integer fen and every line carries its explanation (which rule, which figures) in
 * zh-CN and en, as the warranty entitlement does. Amounts are whole-fen rule amounts times whole
 * quantities, so nothing is rounded; the one proportional helper here (`proportionFen`) rounds half
 * up to the fen with integer arithmetic — the rounding rule of docs/money.md.
 *
 * The day a fee is computed for is the order's completion day in the company time zone
 * (`feeDay`): the schedule in force on that day applies (the money issue: "the schedule in force on
 * the completion date").
 */

/** What an order is priced by (read from the order, its unit and its outlet by the caller). */
export interface FeeFacts {
  serviceType: ServiceType;
  productLineId: string | null;
  /** The model's fee class (a free code, e.g. 'twin_tub', 'automatic'); null when the model has none. */
  modelClass: string | null;
  /** The kind of repair done (a free code, e.g. 'motor'); null when none was recorded. */
  repairKind: string | null;
  /** Distance from the outlet to the customer in whole metres; null when unknown (no coordinates). */
  distanceM: number | null;
  /** The order's stored zone: used only when the distance is unknown. */
  zone: 'near' | 'far' | null;
  /** The setting orders.nearZoneKm in force on the day (seed 004: 30 km). */
  nearZoneKm: number;
}

/** The completion day in the company time zone: the day whose schedule prices an order. */
export function feeDay(completedAt: Date, timeZone: string): string {
  return localDay(completedAt, timeZone);
}

/**
 * The zone an order is priced in: from the distance when known, by the project's near-zone rule
 * (`zoneOfDistance`: exactly orders.nearZoneKm is still near, 30.0 km near, 30.1 km far); else the
 * order's stored zone; else unknown (then only rules without a zone criterion match).
 */
export function feeZone(facts: Pick<FeeFacts, 'distanceM' | 'zone' | 'nearZoneKm'>): 'near' | 'far' | null {
  if (facts.distanceM !== null && Number.isFinite(facts.distanceM))
    // m / 1000 is the exact decimal to the nearest double; the setting is a decimal too, so the
    // comparison of two distinct decimals cannot flip (they differ by ≥ 1 m, far above rounding).
    return zoneOfDistance(facts.distanceM / 1000, facts.nearZoneKm);
  return facts.zone;
}

/** Whether a rule is in force on a day: effectiveFrom ≤ day ≤ effectiveTo (its last day, included). */
export function inForce(rule: Pick<FeeRule, 'effectiveFrom' | 'effectiveTo'>, day: string): boolean {
  return rule.effectiveFrom <= day && (rule.effectiveTo === null || day <= rule.effectiveTo);
}

const hasBand = (r: FeeRule) => r.minDistanceM !== null || r.maxDistanceM !== null;

/** How many criteria a rule sets (the distance band counts once, whichever bounds it sets). */
export function specificity(r: FeeRule): number {
  return (
    (r.serviceType !== null ? 1 : 0) +
    (r.productLineId !== null ? 1 : 0) +
    (r.modelClass !== null ? 1 : 0) +
    (r.repairKind !== null ? 1 : 0) +
    (r.zone !== null ? 1 : 0) +
    (hasBand(r) ? 1 : 0)
  );
}

/** Whether a rule's criteria all match the facts (a criterion set on the rule and unknown in the facts does not). */
export function matches(r: FeeRule, facts: FeeFacts): boolean {
  if (r.serviceType !== null && r.serviceType !== facts.serviceType) return false;
  if (r.productLineId !== null && r.productLineId !== facts.productLineId) return false;
  if (r.modelClass !== null && r.modelClass !== facts.modelClass) return false;
  if (r.repairKind !== null && r.repairKind !== facts.repairKind) return false;
  if (r.zone !== null && r.zone !== feeZone(facts)) return false;
  if (hasBand(r)) {
    const d = facts.distanceM;
    if (d === null || !Number.isFinite(d)) return false;
    // The band's lower bound is included, its upper bound excluded: 0–30 000 m and 30 000–50 000 m
    // meet at 30 km without overlap, and exactly 30 km falls in the second.
    if (d < (r.minDistanceM ?? 0)) return false;
    if (r.maxDistanceM !== null && d >= r.maxDistanceM) return false;
  }
  return true;
}

/**
 * Precedence among matching rules in force: the most criteria set; on a tie, a rule with a distance
 * band before one without (a band is narrower than a zone); then the later effectiveFrom (the newer
 * rule); then the smaller id — deterministic whatever order the rules come in.
 */
export function precedence(a: FeeRule, b: FeeRule): number {
  return (
    specificity(b) - specificity(a) ||
    Number(hasBand(b)) - Number(hasBand(a)) ||
    (a.effectiveFrom < b.effectiveFrom ? 1 : a.effectiveFrom > b.effectiveFrom ? -1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

export type RuleChoice<R extends FeeRule> =
  | { found: true; rule: R; specificity: number; candidates: number; explanation: Text }
  | { found: false; rule: null; specificity: 0; candidates: 0; explanation: Text };

export const ITEM_NAMES: Record<FeeItem | 'part', Text> = {
  labour: { 'zh-CN': '人工费', en: 'Labour' },
  travel: { 'zh-CN': '上门费', en: 'Travel' },
  remote: { 'zh-CN': '远程服务费', en: 'Remote service' },
  callout: { 'zh-CN': '上门检测费', en: 'Call-out' },
  service_fee: { 'zh-CN': '服务费', en: 'Service fee' },
  part: { 'zh-CN': '配件', en: 'Part' },
};

export const SERVICE_TYPE_NAMES: Record<ServiceType, Text> = {
  on_site: { 'zh-CN': '上门维修', en: 'on-site repair' },
  carry_in: { 'zh-CN': '送修', en: 'carry-in' },
  remote: { 'zh-CN': '远程服务', en: 'remote service' },
  installation: { 'zh-CN': '安装', en: 'installation' },
  maintenance: { 'zh-CN': '保养', en: 'maintenance' },
  inspection: { 'zh-CN': '巡检', en: 'inspection' },
  training: { 'zh-CN': '培训', en: 'training' },
  recall: { 'zh-CN': '召回', en: 'recall' },
};

/** 30100 m → "30.1", 30000 → "30", 250 → "0.25": kilometres from whole metres, without floats. */
export function km(metres: number): string {
  const frac = metres % 1000;
  const whole = (metres - frac) / 1000;
  return frac === 0 ? String(whole) : `${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
}

const ZONE_NAMES: Record<'near' | 'far', Text> = {
  near: { 'zh-CN': '近区', en: 'near zone' },
  far: { 'zh-CN': '远区', en: 'far zone' },
};

/** The criteria a rule sets, said in both languages ("上门维修、近区" / "on-site repair, near zone"). */
export function criteriaText(r: FeeRule): Text {
  const zh: string[] = [];
  const en: string[] = [];
  if (r.serviceType !== null) {
    zh.push(SERVICE_TYPE_NAMES[r.serviceType]['zh-CN']);
    en.push(SERVICE_TYPE_NAMES[r.serviceType].en);
  }
  if (r.productLineId !== null) {
    zh.push('本产品线');
    en.push('this product line');
  }
  if (r.modelClass !== null) {
    zh.push(`机型类别${r.modelClass}`);
    en.push(`model class ${r.modelClass}`);
  }
  if (r.repairKind !== null) {
    zh.push(`维修类别${r.repairKind}`);
    en.push(`repair kind ${r.repairKind}`);
  }
  if (r.zone !== null) {
    zh.push(ZONE_NAMES[r.zone]['zh-CN']);
    en.push(ZONE_NAMES[r.zone].en);
  }
  if (hasBand(r)) {
    const from = km(r.minDistanceM ?? 0);
    if (r.maxDistanceM === null) {
      zh.push(`${from}公里及以上`);
      en.push(`${from} km and beyond`);
    } else {
      zh.push(`${from}–${km(r.maxDistanceM)}公里（不含${km(r.maxDistanceM)}公里）`);
      en.push(`${from} km up to ${km(r.maxDistanceM)} km (excluded)`);
    }
  }
  return zh.length === 0 ? { 'zh-CN': '通用', en: 'any order' } : { 'zh-CN': zh.join('、'), en: en.join(', ') };
}

/** "标准「…」（…，2026-01-01起至2026-12-31）" — which rule, what it matches, when it is in force. */
export function ruleText(r: FeeRule): Text {
  const c = criteriaText(r);
  const to = r.effectiveTo;
  return {
    'zh-CN': `标准「${r.label}」（${c['zh-CN']}，${r.effectiveFrom}起${to ? `至${to}` : ''}）`,
    en: `rule "${r.label}" (${c.en}, from ${r.effectiveFrom}${to ? ` to ${to}` : ''})`,
  };
}

/**
 * The rule of an item in force on `day` for an order: of the rules of the item's schedule in force
 * that day (effectiveFrom ≤ day ≤ effectiveTo) whose criteria match the facts, the first by
 * `precedence`. None is an answer, not an error: `found: false` with a text the caller can show.
 */
export function ruleInForce<R extends FeeRule>(
  rules: readonly R[],
  item: FeeItem,
  facts: FeeFacts,
  day: string,
): RuleChoice<R> {
  const schedule = SCHEDULE_OF[item];
  const candidates = rules.filter(
    (r) => r.item === item && r.schedule === schedule && inForce(r, day) && matches(r, facts),
  );
  candidates.sort(precedence);
  const rule = candidates[0];
  const name = ITEM_NAMES[item];
  if (!rule)
    return {
      found: false,
      rule: null,
      specificity: 0,
      candidates: 0,
      explanation: {
        'zh-CN': `${day}没有适用于本单的${name['zh-CN']}标准`,
        en: `No ${name.en.toLowerCase()} rule applies to this order on ${day}`,
      },
    };
  const t = ruleText(rule);
  return {
    found: true,
    rule,
    specificity: specificity(rule),
    candidates: candidates.length,
    explanation: {
      'zh-CN': `${name['zh-CN']}按${t['zh-CN']}：${yuan(rule.amountFen)['zh-CN']}`,
      en: `${name.en} by ${t.en}: ${yuan(rule.amountFen).en}`,
    },
  };
}

/**
 * amount × numerator / denominator, rounded half up to the fen (0.5 fen → 1 fen), exactly: integer
 * arithmetic on BigInt, no floating point. For proportional amounts (a percentage, a per-day rate:
 * DOMAIN.md, "0.5% of value per day"). Non-negative safe integers only, denominator > 0.
 */
export function proportionFen(amountFen: number, numerator: number, denominator: number): number {
  for (const n of [amountFen, numerator, denominator])
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError('proportionFen takes non-negative safe integers');
  if (denominator === 0) throw new RangeError('proportionFen: denominator is 0');
  const a = BigInt(amountFen) * BigInt(numerator);
  const d = BigInt(denominator);
  // floor((2a + d) / 2d) = floor(a/d + 1/2): a half goes up.
  return Number((2n * a + d) / (2n * d));
}

/** A part priced at its sale price in force on the day (the parts module's effective-dated prices). */
export interface QuotePart {
  partId: string;
  name: string;
  quantity: number;
  salePriceFen: number;
}

/** A part the outlet fitted from its own stock, reimbursed at its cost in force on the day. */
export interface OwnStockPart {
  partId: string;
  name: string;
  quantity: number;
  costFen: number;
}

/** Travel is charged when the technician goes to the customer: not for a carry-in, nor a remote service. */
export function travels(serviceType: ServiceType): boolean {
  return serviceType !== 'carry_in' && serviceType !== 'remote';
}

function distanceText(facts: FeeFacts): Text | null {
  const zone = feeZone(facts);
  if (facts.distanceM !== null && zone) {
    const d = km(facts.distanceM);
    return zone === 'near'
      ? {
          'zh-CN': `距离${d}公里，在${facts.nearZoneKm}公里近区内`,
          en: `${d} km away, inside the ${facts.nearZoneKm} km near zone`,
        }
      : {
          'zh-CN': `距离${d}公里，超出${facts.nearZoneKm}公里（远区）`,
          en: `${d} km away, beyond ${facts.nearZoneKm} km (far zone)`,
        };
  }
  if (zone)
    return { 'zh-CN': `服务单区域：${ZONE_NAMES[zone]['zh-CN']}`, en: `the order's zone: ${ZONE_NAMES[zone].en}` };
  return null;
}

function ruleLine(
  item: FeeItem,
  choice: RuleChoice<FeeRule>,
  facts: FeeFacts,
  lines: FeeLine[],
  missing: MissingFee[],
): void {
  if (!choice.found) {
    missing.push({ item, partId: null, explanation: choice.explanation });
    return;
  }
  const where = item === 'travel' || choice.rule.zone !== null || hasBand(choice.rule) ? distanceText(facts) : null;
  lines.push({
    item,
    ruleId: choice.rule.id,
    partId: null,
    quantity: 1,
    unitFen: choice.rule.amountFen,
    amountFen: choice.rule.amountFen,
    explanation: where
      ? {
          'zh-CN': `${where['zh-CN']}；${choice.explanation['zh-CN']}`,
          en: `${where.en}; ${choice.explanation.en}`,
        }
      : choice.explanation,
  });
}

const validQuantity = (q: number) => Number.isSafeInteger(q) && q > 0;
const validFen = (f: number) => Number.isSafeInteger(f) && f >= 0;

function partLine(
  p: { partId: string; name: string; quantity: number },
  unitFen: number,
  how: { zh: string; en: string },
  lines: FeeLine[],
  missing: MissingFee[],
): void {
  const amountFen = p.quantity * unitFen;
  if (!validQuantity(p.quantity) || !validFen(unitFen) || !Number.isSafeInteger(amountFen)) {
    missing.push({
      item: 'part',
      partId: p.partId,
      explanation: {
        'zh-CN': `配件「${p.name}」数量或单价无效，未计价`,
        en: `Part "${p.name}" has an invalid quantity or price: not priced`,
      },
    });
    return;
  }
  const u = yuan(unitFen);
  const a = yuan(amountFen);
  lines.push({
    item: 'part',
    ruleId: null,
    partId: p.partId,
    quantity: p.quantity,
    unitFen,
    amountFen,
    explanation: {
      'zh-CN': `配件「${p.name}」${p.quantity}件 × ${how.zh}${u['zh-CN']} = ${a['zh-CN']}`,
      en: `Part "${p.name}": ${p.quantity} × ${how.en} ${u.en} = ${a.en}`,
    },
  });
}

function total(day: string, lines: FeeLine[], missing: MissingFee[], head: Text): FeeTotal {
  const totalFen = lines.reduce((s, l) => s + l.amountFen, 0);
  const t = yuan(totalFen);
  // The total says its terms, item by item, so a reader can add them up.
  const terms = (lang: 'zh-CN' | 'en', glue: string) =>
    lines.map((l) => `${ITEM_NAMES[l.item][lang]}${glue}${yuan(l.amountFen)[lang]}`).join(' + ');
  const zhParts = lines.length === 0 ? '' : `（${terms('zh-CN', '')}）`;
  const enParts = lines.length === 0 ? '' : ` (${terms('en', ' ')})`;
  const incomplete: Text =
    missing.length === 0
      ? { 'zh-CN': '', en: '' }
      : {
          'zh-CN': `；另有${missing.length}项无法计价`,
          en: `; ${missing.length} item${missing.length === 1 ? '' : 's'} could not be priced`,
        };
  return {
    day,
    lines,
    missing,
    complete: missing.length === 0,
    totalFen,
    explanation: {
      'zh-CN': `${head['zh-CN']}合计${t['zh-CN']}${zhParts}，按${day}有效的收费标准${incomplete['zh-CN']}`,
      en: `${head.en} total ${t.en}${enParts}, by the schedule in force on ${day}${incomplete.en}`,
    },
  };
}

/**
 * The customer's quote for paid work on `day`: labour; travel when the technician goes to the
 * customer (by zone or distance band); the remote-service fee when the service is remote; each part
 * at its sale price in force × quantity. An item without a rule is listed in `missing` (the quote is
 * then not `complete`), never priced at 0. The total is the sum of the lines.
 */
export function customerQuote(
  facts: FeeFacts,
  rules: readonly FeeRule[],
  parts: readonly QuotePart[],
  day: string,
): FeeTotal {
  const lines: FeeLine[] = [];
  const missing: MissingFee[] = [];
  const items: FeeItem[] = ['labour'];
  if (travels(facts.serviceType)) items.push('travel');
  if (facts.serviceType === 'remote') items.push('remote');
  for (const item of items) ruleLine(item, ruleInForce(rules, item, facts, day), facts, lines, missing);
  for (const p of parts) partLine(p, p.salePriceFen, { zh: '售价', en: 'sale price' }, lines, missing);
  return total(day, lines, missing, { 'zh-CN': '报价', en: 'Quote:' });
}

/**
 * What a refused quote costs: the call-out rule in force (上门检测费), else nothing — the visit ends
 * with a charge only for what the schedule says (the money issue). No rule is not an error here: 0.
 */
export function refusedQuoteCharge(facts: FeeFacts, rules: readonly FeeRule[], day: string): FeeTotal {
  const choice = ruleInForce(rules, 'callout', facts, day);
  const lines: FeeLine[] = [];
  if (choice.found) ruleLine('callout', choice, facts, lines, []);
  const out = total(day, lines, [], { 'zh-CN': '客户拒绝报价，', en: 'Quote refused:' });
  if (!choice.found)
    out.explanation = {
      'zh-CN': `客户拒绝报价，${day}没有适用的上门检测费标准，不收费`,
      en: `Quote refused: no call-out rule applies on ${day}, nothing to pay`,
    };
  return out;
}

/**
 * What the company pays the outlet for a warranty order (服务费) on `day`: the service-fee rule by
 * service type, product line and zone (or any criterion the schedule sets), plus each part fitted
 * from the outlet's own stock reimbursed at its cost × quantity. The caller passes only parts from
 * the outlet's own stock (parts shipped by the center or HQ cost the outlet nothing). A missing
 * service-fee rule is listed in `missing`.
 */
export function outletServiceFee(
  facts: FeeFacts,
  rules: readonly FeeRule[],
  partsFromOwnStock: readonly OwnStockPart[],
  day: string,
): FeeTotal {
  const lines: FeeLine[] = [];
  const missing: MissingFee[] = [];
  ruleLine('service_fee', ruleInForce(rules, 'service_fee', facts, day), facts, lines, missing);
  for (const p of partsFromOwnStock)
    partLine(p, p.costFen, { zh: '网点自有库存，按成本价', en: "from the outlet's own stock at cost" }, lines, missing);
  return total(day, lines, missing, { 'zh-CN': '网点服务费', en: 'Outlet fee:' });
}

import type {
  Coverage,
  CoverageRule,
  Entitlement,
  ExclusionKind,
  LocalText,
  MainPartTerm,
  Payer,
  PolicyRef,
  RemedyRules,
  StartBasis,
  Usage,
} from './contract.js';
import { type DayCounting, lastCoveredDay, maxDay } from './dates.js';

/*
 * Who pays — a pure function of the unit's facts, the policy versions, the service contracts, the
 * service history, the parts concerned, the cause and the date (docs/warranty.md). No database,
 * no clock: the API, the completion hook and the tests call the same code.
 */

export interface PolicyVersion {
  id: string;
  code: string;
  version: number;
  name: string;
  effectiveFrom: string;
  active: boolean;
  category: string | null;
  productLineCode: string | null;
  modelCode: string | null;
  usage: Usage | null;
  startBasis: StartBasis;
  unitMonths: number;
  unitLabourMonths: number | null;
  mainParts: MainPartTerm[];
  replacedPartMonths: number;
  transferable: boolean;
  remedies: RemedyRules;
}

export interface UnitFacts {
  id: string;
  usage: Usage;
  category: string | null;
  lineCode: string | null;
  modelCode: string | null;
  purchaseDate: string | null;
  invoiceDate: string | null;
  installedOn: string | null;
  acceptedOn: string | null;
  /** The unit changed owner after its warranty started (a non-transferable policy then ends). */
  transferred?: boolean;
}

export interface ContractFacts {
  id: string;
  kind: 'extended_warranty' | 'maintenance' | 'lifetime_paid';
  coversParts: boolean;
  coversLabour: boolean;
  materialsAtCost: boolean;
  startsOn: string;
  endsOn: string | null;
  status: 'active' | 'cancelled';
}

export interface RepairFacts {
  orderId: string;
  /** Completion date (company time zone). */
  completedOn: string;
  faultCode: string | null;
  partsReplaced: { partId: string; on: string }[];
}

export interface PartFacts {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  isMain: boolean;
}

export interface EntitlementInput {
  unit: UnitFacts;
  policies: PolicyVersion[];
  contracts: ContractFacts[];
  history: RepairFacts[];
  parts: PartFacts[];
  exclusion: ExclusionKind | null;
  at: string;
  /** How periods are counted (the `warranty.dayCounting` setting in force on the date judged). */
  counting: DayCounting;
}

const BASIS: Record<StartBasis, LocalText> = {
  purchase: { 'zh-CN': '购买日期', en: 'purchase' },
  invoice: { 'zh-CN': '发票日期', en: 'invoice' },
  installation: { 'zh-CN': '安装日期', en: 'installation' },
  acceptance: { 'zh-CN': '终验日期', en: 'final acceptance' },
};

export const EXCLUSION_NAMES: Record<ExclusionKind, LocalText> = {
  fire: { 'zh-CN': '火灾（不可抗力）', en: 'fire (force majeure)' },
  flood: { 'zh-CN': '水灾（不可抗力）', en: 'flood (force majeure)' },
  lightning: { 'zh-CN': '雷击（不可抗力）', en: 'lightning (force majeure)' },
  power_surge: { 'zh-CN': '电压异常（不可抗力）', en: 'power surge (force majeure)' },
  misuse: { 'zh-CN': '使用不当', en: 'misuse' },
  human_damage: { 'zh-CN': '人为损坏', en: 'human damage' },
  unauthorised_repair: { 'zh-CN': '自行或非授权拆修', en: 'unauthorised repair' },
  consumable: { 'zh-CN': '易耗品', en: 'consumable' },
};

const CONTRACT_NAMES: Record<ContractFacts['kind'], LocalText> = {
  extended_warranty: { 'zh-CN': '延保合同', en: 'Extended warranty' },
  maintenance: { 'zh-CN': '维保合同', en: 'Maintenance agreement' },
  lifetime_paid: { 'zh-CN': '终身有偿维修', en: 'Lifetime paid maintenance' },
};

function period(months: number): LocalText {
  if (months % 12 === 0) {
    const y = months / 12;
    return { 'zh-CN': `${y}年`, en: `${y} year${y === 1 ? '' : 's'}` };
  }
  return { 'zh-CN': `${months}个月`, en: `${months} month${months === 1 ? '' : 's'}` };
}

/** The start of a term as the customer counts it (Civil Code art. 201: from the next day). */
export function countedFrom(basis: LocalText, day: string, counting: DayCounting): LocalText {
  return counting === 'civil_code'
    ? { 'zh-CN': `自${basis['zh-CN']}${day}次日起算`, en: `from the day after ${basis.en} on ${day}` }
    : { 'zh-CN': `自${basis['zh-CN']}${day}当日起算`, en: `from ${basis.en} on ${day} (that day counted)` };
}

/** The last covered day, said in every reason so the customer can check it. */
export function lastDay(until: string | null): LocalText {
  return { 'zh-CN': `至${until ?? '—'}（含当日）`, en: `last covered day ${until ?? '—'}` };
}

const REPLACEMENT: LocalText = { 'zh-CN': '更换日', en: 'its replacement' };

const verdict = (covered: boolean): LocalText =>
  covered ? { 'zh-CN': '本次在保', en: 'covered' } : { 'zh-CN': '本次已过保', en: 'not covered' };

/** The version of each policy code in force on `at` (latest effectiveFrom ≤ at, then the higher version). */
export function versionsInForce(policies: PolicyVersion[], at: string): PolicyVersion[] {
  const best = new Map<string, PolicyVersion>();
  for (const p of policies) {
    if (p.effectiveFrom > at) continue;
    const cur = best.get(p.code);
    if (
      !cur ||
      p.effectiveFrom > cur.effectiveFrom ||
      (p.effectiveFrom === cur.effectiveFrom && p.version > cur.version)
    )
      best.set(p.code, p);
  }
  return [...best.values()];
}

function specificity(p: PolicyVersion): number {
  return (p.modelCode ? 8 : 0) + (p.productLineCode ? 4 : 0) + (p.category ? 2 : 0) + (p.usage ? 1 : 0);
}

/** The policy that applies to the unit on `at`: the most specific active matching version in force. */
export function selectPolicy(policies: PolicyVersion[], unit: UnitFacts, at: string): PolicyVersion | null {
  const matches = versionsInForce(policies, at).filter(
    (p) =>
      p.active &&
      (p.usage === null || p.usage === unit.usage) &&
      (p.category === null || p.category === unit.category) &&
      (p.productLineCode === null || p.productLineCode === unit.lineCode) &&
      (p.modelCode === null || p.modelCode === unit.modelCode),
  );
  matches.sort(
    (a, b) =>
      specificity(b) - specificity(a) ||
      (a.effectiveFrom < b.effectiveFrom ? 1 : a.effectiveFrom > b.effectiveFrom ? -1 : 0) ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
  return matches[0] ?? null;
}

/** The date the warranty counts from: the policy's basis, else the purchase date (said in the reasons). */
export function startOf(unit: UnitFacts, basis: StartBasis): { date: string | null; basis: StartBasis } {
  const byBasis: Record<StartBasis, string | null> = {
    purchase: unit.purchaseDate,
    invoice: unit.invoiceDate,
    installation: unit.installedOn,
    acceptance: unit.acceptedOn,
  };
  const own = byBasis[basis];
  if (own) return { date: own, basis };
  return { date: unit.purchaseDate, basis: 'purchase' };
}

export const policyRef = (p: PolicyVersion): PolicyRef => ({
  id: p.id,
  code: p.code,
  version: p.version,
  name: p.name,
});

interface Term {
  rule: CoverageRule;
  /** Last covered day for parts; labourUntil for labour. */
  until: string | null;
  labourUntil: string | null;
  reason: (covered: boolean) => LocalText;
}

function activeContracts(contracts: ContractFacts[], at: string): ContractFacts[] {
  return contracts.filter((c) => c.status === 'active' && c.startsOn <= at && (c.endsOn === null || at <= c.endsOn));
}

/** Settles who pays given the best term (or none) and the contracts in force. */
function settle(
  base: Omit<
    Coverage,
    'covered' | 'rule' | 'until' | 'labour' | 'parts' | 'materialsAtCost' | 'contractId' | 'reasons'
  >,
  terms: Term[],
  contracts: ContractFacts[],
  at: string,
  exclusion: ExclusionKind | null,
  fallback: { rule: CoverageRule; reason: LocalText } | null,
): Coverage {
  const reasons: LocalText[] = [];
  const live = activeContracts(contracts, at);
  const lifetime = live.find((c) => c.kind === 'lifetime_paid');
  if (exclusion) {
    const name = EXCLUSION_NAMES[exclusion];
    reasons.push({
      'zh-CN': `故障原因为${name['zh-CN']}，不属于保修范围，本次收费`,
      en: `The cause is ${name.en}, which the warranty excludes: paid service`,
    });
    if (lifetime?.materialsAtCost)
      reasons.push({ 'zh-CN': '终身有偿维修：材料按成本价', en: 'Lifetime paid maintenance: materials at cost' });
    return {
      ...base,
      covered: false,
      rule: 'excluded',
      until: null,
      labour: 'customer',
      parts: 'customer',
      materialsAtCost: lifetime?.materialsAtCost ?? false,
      contractId: lifetime?.id ?? null,
      reasons,
    };
  }
  const covering = terms.filter((t) => t.until !== null && at <= t.until);
  covering.sort((a, b) => ((b.until ?? '') > (a.until ?? '') ? 1 : (b.until ?? '') < (a.until ?? '') ? -1 : 0));
  for (const t of terms) reasons.push(t.reason(covering.includes(t)));
  const best = covering[0];
  const paying = live.filter((c) => c.kind !== 'lifetime_paid');
  const partsContract = paying.find((c) => c.coversParts);
  const labourContract = paying.find((c) => c.coversLabour);
  if (best) {
    const labourTerm = covering.find((t) => t.labourUntil !== null && at <= t.labourUntil);
    let labour: Payer = labourTerm ? 'company' : 'customer';
    let contractId: string | null = null;
    if (!labourTerm) {
      // The latest labour end among the covering terms: the day the customer can check.
      const labourEnd = covering.reduce<string | null>((d, t) => maxDay(d, t.labourUntil), null);
      reasons.push({
        'zh-CN': `人工费保修${lastDay(labourEnd)['zh-CN']}，已过`,
        en: `Labour is no longer covered (${lastDay(labourEnd).en})`,
      });
      if (labourContract) {
        labour = 'contract';
        contractId = labourContract.id;
        reasons.push(contractReason(labourContract, 'labour'));
      }
    }
    return {
      ...base,
      covered: true,
      rule: best.rule,
      until: best.until,
      labour,
      parts: 'company',
      materialsAtCost: false,
      contractId,
      reasons,
    };
  }
  if (fallback) reasons.push(fallback.reason);
  if (partsContract || labourContract) {
    const c = partsContract ?? labourContract!;
    reasons.push(contractReason(c, 'both'));
    return {
      ...base,
      covered: true,
      rule: 'contract',
      until: c.endsOn,
      labour: labourContract ? 'contract' : 'customer',
      parts: partsContract ? 'contract' : 'customer',
      materialsAtCost: !partsContract && (lifetime?.materialsAtCost ?? false),
      contractId: c.id,
      reasons,
    };
  }
  if (lifetime) {
    reasons.push({
      'zh-CN': `终身有偿维修${lifetime.materialsAtCost ? '，材料按成本价' : ''}`,
      en: `Lifetime paid maintenance${lifetime.materialsAtCost ? ', materials at cost' : ''}`,
    });
    return {
      ...base,
      covered: false,
      rule: 'lifetime_paid',
      until: null,
      labour: 'customer',
      parts: 'customer',
      materialsAtCost: lifetime.materialsAtCost,
      contractId: lifetime.id,
      reasons,
    };
  }
  return {
    ...base,
    covered: false,
    rule: fallback?.rule ?? 'expired',
    until: null,
    labour: 'customer',
    parts: 'customer',
    materialsAtCost: false,
    contractId: null,
    reasons,
  };
}

function contractReason(c: ContractFacts, what: 'labour' | 'both'): LocalText {
  const name = CONTRACT_NAMES[c.kind];
  const scope =
    what === 'labour'
      ? { 'zh-CN': '人工', en: 'labour' }
      : {
          'zh-CN': [c.coversParts ? '配件' : null, c.coversLabour ? '人工' : null].filter(Boolean).join('、'),
          en: [c.coversParts ? 'parts' : null, c.coversLabour ? 'labour' : null].filter(Boolean).join(' and '),
        };
  return {
    'zh-CN': `${name['zh-CN']}承担${scope['zh-CN']}（${c.startsOn}起，${c.endsOn ? lastDay(c.endsOn)['zh-CN'] : '不设终止日'}）`,
    en: `${name.en} covers ${scope.en} (from ${c.startsOn}, ${c.endsOn ? lastDay(c.endsOn).en : 'no end date'})`,
  };
}

/** The entitlement of a unit and of each part concerned on `at`, with reasons in zh-CN and en. */
export function entitlement(input: EntitlementInput): Entitlement {
  const { unit, at, exclusion, counting } = input;
  const policy = selectPolicy(input.policies, unit, at);
  const unitBase = { subject: 'unit' as const, partId: null, partCode: null, partName: null };
  const head = { unitId: unit.id, at, usage: unit.usage, exclusion, dayCounting: counting };
  if (!policy) {
    const fallback = {
      rule: 'no_policy' as const,
      reason: { 'zh-CN': '该产品没有适用的保修政策', en: 'No warranty policy applies to this product' },
    };
    return {
      ...head,
      policy: null,
      startBasis: null,
      startDate: null,
      unit: settle(unitBase, [], input.contracts, at, exclusion, fallback),
      parts: input.parts.map((p) => settle(partBase(p), [], input.contracts, at, exclusion, fallback)),
    };
  }
  const start = startOf(unit, policy.startBasis);
  const basisName = BASIS[start.basis];
  const notes: LocalText[] = [];
  if (start.date && start.basis !== policy.startBasis) {
    notes.push({
      'zh-CN': `缺少${BASIS[policy.startBasis]['zh-CN']}，按购买日期计算`,
      en: `No ${BASIS[policy.startBasis].en} date: counted from purchase`,
    });
  }
  if (!start.date) {
    const fallback = {
      rule: 'no_start_date' as const,
      reason: {
        'zh-CN': `缺少${basisName['zh-CN']}，无法确定保修期`,
        en: `No ${basisName.en} date: the warranty cannot be dated`,
      },
    };
    return {
      ...head,
      policy: policyRef(policy),
      startBasis: policy.startBasis,
      startDate: null,
      unit: settle(unitBase, [], input.contracts, at, exclusion, fallback),
      parts: input.parts.map((p) => settle(partBase(p), [], input.contracts, at, exclusion, fallback)),
    };
  }
  const from = start.date;
  if (unit.transferred && !policy.transferable) {
    const fallback = {
      rule: 'not_transferable' as const,
      reason: {
        'zh-CN': '该保修不随产品转让，现机主不享受保修',
        en: 'The warranty is not transferable and the unit changed owner',
      },
    };
    return {
      ...head,
      policy: policyRef(policy),
      startBasis: start.basis,
      startDate: from,
      unit: settle(unitBase, [], input.contracts, at, exclusion, fallback),
      parts: input.parts.map((p) => settle(partBase(p), [], input.contracts, at, exclusion, fallback)),
    };
  }
  const unitTerm = wholeUnitTerm(policy, from, basisName, counting);
  const unitCoverage = settle(unitBase, [unitTerm], input.contracts, at, exclusion, null);
  unitCoverage.reasons.unshift(...notes);
  const partCoverages = input.parts.map((p) => {
    const terms: Term[] = [wholeUnitTerm(policy, from, basisName, counting)];
    for (const term of policy.mainParts) {
      const applies = term.partCodes.length > 0 ? term.partCodes.includes(p.code) : p.isMain;
      if (!applies) continue;
      const until = lastCoveredDay(from, { months: term.months }, counting);
      const labourUntil = lastCoveredDay(from, { months: term.labourMonths ?? term.months }, counting);
      const label = term.label ?? { 'zh-CN': p.name, en: p.nameEn ?? p.name };
      const since = countedFrom(basisName, from, counting);
      terms.push({
        rule: 'main_part_term',
        until,
        labourUntil,
        reason: (covered) => ({
          'zh-CN': `主要部件（${label['zh-CN']}）保修${period(term.months)['zh-CN']}，${since['zh-CN']}，${lastDay(until)['zh-CN']}；${verdict(covered)['zh-CN']}`,
          en: `Main part (${label.en}) warranted ${period(term.months).en} ${since.en}, ${lastDay(until).en}: ${verdict(covered).en}`,
        }),
      });
    }
    const replacedOn = lastReplacement(input.history, p.id, at);
    if (replacedOn && policy.replacedPartMonths > 0) {
      const until = lastCoveredDay(replacedOn, { months: policy.replacedPartMonths }, counting);
      const since = countedFrom(REPLACEMENT, replacedOn, counting);
      terms.push({
        rule: 'replaced_part_term',
        until,
        labourUntil: until,
        reason: (covered) => ({
          'zh-CN': `更换的配件（${p.name}）保修${period(policy.replacedPartMonths)['zh-CN']}，${since['zh-CN']}，${lastDay(until)['zh-CN']}；${verdict(covered)['zh-CN']}`,
          en: `Replaced part (${p.nameEn ?? p.name}) warranted ${period(policy.replacedPartMonths).en} ${since.en}, ${lastDay(until).en}: ${verdict(covered).en}`,
        }),
      });
    }
    const c = settle(partBase(p), terms, input.contracts, at, exclusion, null);
    c.reasons.unshift(...notes);
    return c;
  });
  return {
    ...head,
    policy: policyRef(policy),
    startBasis: start.basis,
    startDate: from,
    unit: unitCoverage,
    parts: partCoverages,
  };
}

function partBase(p: PartFacts) {
  return { subject: 'part' as const, partId: p.id, partCode: p.code, partName: p.name };
}

/** The last day of the whole-unit warranty (also bounds the repairs the 三包 remedies count). */
export function wholeUnitEnd(policy: PolicyVersion, from: string, counting: DayCounting): string | null {
  return lastCoveredDay(from, { months: policy.unitMonths }, counting);
}

function wholeUnitTerm(policy: PolicyVersion, from: string, basisName: LocalText, counting: DayCounting): Term {
  const until = wholeUnitEnd(policy, from, counting);
  const labourUntil = lastCoveredDay(from, { months: policy.unitLabourMonths ?? policy.unitMonths }, counting);
  const since = countedFrom(basisName, from, counting);
  return {
    rule: 'unit_term',
    until,
    labourUntil,
    reason: (covered) => ({
      'zh-CN': `整机保修${period(policy.unitMonths)['zh-CN']}，${since['zh-CN']}，${lastDay(until)['zh-CN']}；${verdict(covered)['zh-CN']}`,
      en: `Whole unit warranted ${period(policy.unitMonths).en} ${since.en}, ${lastDay(until).en}: ${verdict(covered).en}`,
    }),
  };
}

/** The latest replacement of a part on or before `at`, from the service history. */
export function lastReplacement(history: RepairFacts[], partId: string, at: string): string | null {
  let last: string | null = null;
  for (const r of history)
    for (const p of r.partsReplaced) if (p.partId === partId && p.on <= at) last = maxDay(last, p.on);
  return last;
}

/** Every end date that could apply to a part (for the property tests and the docs). */
export function latestApplicableEnd(input: EntitlementInput, partId: string | null): string | null {
  const policy = selectPolicy(input.policies, input.unit, input.at);
  let end: string | null = null;
  for (const c of input.contracts)
    if (c.status === 'active' && c.kind !== 'lifetime_paid') end = maxDay(end, c.endsOn ?? '9999-12-31');
  if (!policy) return end;
  const from = startOf(input.unit, policy.startBasis).date;
  if (!from) return end;
  const c = input.counting;
  end = maxDay(end, wholeUnitEnd(policy, from, c));
  if (partId) {
    for (const t of policy.mainParts) end = maxDay(end, lastCoveredDay(from, { months: t.months }, c));
    const r = lastReplacement(input.history, partId, input.at);
    if (r) end = maxDay(end, lastCoveredDay(r, { months: policy.replacedPartMonths }, c));
  }
  return end;
}

import { sql } from 'drizzle-orm';
import type { Ctx } from '../platform/context.js';
import { changeFeeRule, companyToday, createFeeRule, type FeeRuleCreate } from '../modules/money/index.js';
import { addDays } from '../modules/warranty/index.js';

/*
 * Demo fee schedules (docs/money.md, "Demo"): what a customer pays for paid work on the demo
 * product lines and what the company pays an outlet per warranty order (服务费), in force from a
 * year before setup, so every demo order is priced by them. One rule was changed three months ago
 * (automatic washers' labour 70 → 80 yuan), to show a schedule's history. Everything goes through
 * the commands the fee-schedule page calls, so each rule carries its audit event.
 */

type Rule = Omit<FeeRuleCreate, 'effectiveFrom' | 'effectiveTo'>;

const base = {
  serviceType: null,
  productLineId: null,
  modelClass: null,
  repairKind: null,
  zone: null,
  minDistanceM: null,
  maxDistanceM: null,
} as const;

const yuan = (n: number) => Math.round(n * 100);

export interface DemoFeesResult {
  rules: number;
  changed: number;
}

export async function loadDemoFees(ctx: Ctx): Promise<DemoFeesResult> {
  const lines = new Map(
    (
      (await ctx.db.execute(sql`select id, code from product_lines`)) as unknown as {
        rows: { id: string; code: string }[];
      }
    ).rows.map((r) => [r.code, r.id]),
  );
  const line = (code: string) => lines.get(code) ?? null;
  const day = await companyToday(ctx.db, ctx.now);
  const from = addDays(day, -365);
  const customer = (item: FeeRuleCreate['item'], label: string, amount: number, more: Partial<Rule> = {}): Rule => ({
    ...base,
    schedule: 'customer',
    item,
    label,
    amountFen: yuan(amount),
    ...more,
  });
  const outlet = (label: string, amount: number, more: Partial<Rule> = {}): Rule => ({
    ...base,
    schedule: 'outlet',
    item: 'service_fee',
    label,
    amountFen: yuan(amount),
    ...more,
  });
  const rules: Rule[] = [
    // What the customer pays (paid work): labour per line, travel by zone, remote, the call-out fee.
    customer('labour', '通用人工费', 60),
    customer('labour', '双桶洗衣机人工', 50, { productLineId: line('WM-TWIN') }),
    customer('labour', '全自动洗衣机人工', 70, { productLineId: line('WM-AUTO') }),
    customer('labour', '全自动洗衣机电机维修人工', 120, { productLineId: line('WM-AUTO'), repairKind: 'motor' }),
    customer('labour', '电视人工', 100, { productLineId: line('TV') }),
    customer('labour', '船用发动机人工', 300, { productLineId: line('BOAT-ENGINE') }),
    customer('labour', '远程无人工', 0, { serviceType: 'remote' }),
    customer('travel', '近区上门', 20, { zone: 'near' }),
    customer('travel', '远区上门', 50, { zone: 'far' }),
    customer('travel', '百公里外上门', 120, { minDistanceM: 100_000 }),
    customer('remote', '远程服务费', 30),
    customer('callout', '上门检测费', 30),
    // What the company pays an outlet per warranty order (服务费), by service type, line and zone.
    outlet('维修服务费', 40),
    outlet('双桶洗衣机维修', 30, { productLineId: line('WM-TWIN') }),
    outlet('全自动洗衣机维修', 45, { productLineId: line('WM-AUTO') }),
    outlet('全自动洗衣机远区维修', 60, { productLineId: line('WM-AUTO'), zone: 'far' }),
    outlet('电视维修', 50, { productLineId: line('TV') }),
    outlet('船用发动机维修', 200, { productLineId: line('BOAT-ENGINE') }),
    outlet('安装服务费', 25, { serviceType: 'installation' }),
    outlet('保养服务费', 20, { serviceType: 'maintenance' }),
    outlet('召回服务费', 35, { serviceType: 'recall' }),
  ];
  let changed = 0;
  for (const rule of rules) {
    const stored = await createFeeRule(ctx, { ...rule, effectiveFrom: from, effectiveTo: null });
    if (rule.label === '全自动洗衣机人工') {
      await changeFeeRule(ctx, stored.id, {
        ...rule,
        amountFen: yuan(80),
        effectiveFrom: addDays(day, -90),
        effectiveTo: null,
        endOn: null,
      });
      changed++;
    }
  }
  return { rules: rules.length, changed };
}

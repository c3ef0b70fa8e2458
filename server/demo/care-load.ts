import { sql } from 'drizzle-orm';
import { localDay } from '../../shared/time-zone.js';
import { rowsOf } from '../db/rows.js';
import { loadActor } from '../platform/auth/actors.js';
import { getSetting } from '../platform/config/index.js';
import type { Ctx } from '../platform/context.js';
import { respondToOffer, setPlan } from '../modules/care/index.js';
import { createUnit } from '../modules/customers/index.js';
import { addDays, warrantyEndsOf } from '../modules/warranty/index.js';

/*
 * Demo customer care (docs/care.md, "Demo"): six units of models with a maintenance cycle,
 * installed so that their next maintenance falls on each of the next six days (this week's work
 * for the planner), one of them with a custom plan moving it two days on; and four units bought
 * a year ago less a few days, whose warranty (as the warranty module dates it) ends within the
 * month, with the customer's answer to the extended-warranty offer recorded by the hotline:
 * interested, declined, no answer, and bought (the contract created through the warranty module).
 * Owners are demo customers who agreed to messages and have a mobile number, so the reminder
 * sweep after start sends them their SMS. Every step goes through the commands (events, versions).
 */

export interface DemoCareResult {
  dueThisWeek: number;
  offers: number;
  answers: Record<string, number>;
}

/** The same calendar day a year earlier (29 February becomes the 28th). */
function yearBefore(day: string): string {
  const y = Number(day.slice(0, 4)) - 1;
  const md = day.slice(5) === '02-29' ? '02-28' : day.slice(5);
  return `${y}-${md}`;
}

export async function loadDemoCare(ctx: Ctx): Promise<DemoCareResult> {
  const none: DemoCareResult = { dueThisWeek: 0, offers: 0, answers: {} };
  const [hotline] = rowsOf<{ id: string }>(await ctx.db.execute(sql`select id from users where username = 'hotline'`));
  const agent = hotline ? await loadActor(ctx.db, hotline.id) : null;
  if (!agent) return none;
  const owners = rowsOf<{ id: string; address_id: string }>(
    await ctx.db.execute(sql`
      select c.id, (select a.id from customer_addresses a where a.customer_id = c.id order by a.is_primary desc, a.id limit 1) as address_id
      from customers c
      where c.consent_messages and c.kind = 'individual' and c.merged_into_id is null
        and exists (select 1 from customer_phones p where p.customer_id = c.id and p.kind = 'mobile')
        and exists (select 1 from customer_addresses a where a.customer_id = c.id)
      order by c.code limit 10`),
  );
  const cycled = rowsOf<{ id: string; code: string; maintenance_days: number; usage_kinds: string[] }>(
    await ctx.db.execute(sql`
      select id, code, maintenance_days, usage_kinds from product_models
      where maintenance_days is not null and active and usage_kinds ? 'household' order by code`),
  );
  const washers = rowsOf<{ id: string; code: string }>(
    await ctx.db.execute(sql`
      select m.id, m.code from product_models m join product_lines l on l.id = m.line_id
      where l.category = 'washer' and m.active and m.usage_kinds ? 'household' order by m.code limit 2`),
  );
  if (owners.length < 10 || !cycled.length || !washers.length) return none;
  const zone = await getSetting(ctx.db, 'company.timeZone', ctx.now);
  const today = localDay(ctx.now, zone);
  let step = 0;
  const as = (): Ctx => {
    step += 1;
    return { ...ctx, actor: agent, requestId: `demo-care-${step}` };
  };

  // This week's maintenance: next date = installation + cycle = today + k.
  const due: string[] = [];
  for (let k = 0; k < 6; k++) {
    const m = cycled[k % cycled.length]!;
    const owner = owners[k]!;
    const u = await createUnit(as(), {
      modelId: m.id,
      serialNo: `CARE-M${String(k + 1).padStart(3, '0')}`,
      customerId: owner.id,
      usage: 'household',
      purchaseDate: addDays(today, k - m.maintenance_days - 3),
      installedOn: addDays(today, k - m.maintenance_days),
      addressId: owner.address_id,
    });
    due.push(u.id);
  }
  // The customer asked for the visit two days later than the cycle says.
  await setPlan(as(), due[1]!, { version: 0, nextOn: addDays(today, 3), note: '客户本周出差，推迟两天' });

  // Warranty ending within the month, and the answers to the offer.
  const answers = [
    { response: 'interested' as const, note: '客户考虑中，下周再联系' },
    { response: 'declined' as const, note: '客户表示不需要' },
    { response: 'no_answer' as const, note: '两次未接通' },
    {
      response: 'bought' as const,
      note: '购买一年延保',
      contract: { months: 12, priceFen: 29_900, coversParts: true, coversLabour: true },
    },
  ];
  const offerUnits: string[] = [];
  for (const [i, d] of [6, 11, 17, 24].entries()) {
    const owner = owners[6 + i]!;
    const u = await createUnit(as(), {
      modelId: washers[i % washers.length]!.id,
      serialNo: `CARE-W${String(i + 1).padStart(3, '0')}`,
      customerId: owner.id,
      usage: 'household',
      purchaseDate: yearBefore(addDays(today, d)),
      addressId: owner.address_id,
    });
    offerUnits.push(u.id);
  }
  const ends = await warrantyEndsOf(ctx.db, offerUnits, ctx.now);
  const lead = await getSetting(ctx.db, 'care.warrantyExpiryLeadDays', ctx.now);
  const counted: Record<string, number> = {};
  let offers = 0;
  for (const [i, unitId] of offerUnits.entries()) {
    const end = ends.get(unitId)?.endsOn;
    if (!end || end < today || end > addDays(today, lead)) continue;
    offers += 1;
    const a = answers[i]!;
    await respondToOffer(as(), unitId, { version: 0, warrantyEndsOn: end, ...a });
    counted[a.response] = (counted[a.response] ?? 0) + 1;
  }
  return { dueThisWeek: due.length, offers, answers: counted };
}

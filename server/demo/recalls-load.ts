import { sql } from 'drizzle-orm';
import { localDay } from '../../shared/time-zone.js';
import { rowsOf } from '../db/rows.js';
import { getSetting } from '../platform/config/index.js';
import type { Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import {
  activateCampaign,
  bookUnit,
  createCampaign,
  markDeclined,
  markUnreachable,
  sendOutreach,
} from '../modules/recalls/index.js';
import { runAction } from '../modules/work-orders/index.js';
import { DEMO_SIGNATURE } from './orders-data.js';
import { DEMO_CENTERS } from './org-data.js';
import { wireModules } from './wiring.js';
import { actingAs } from './acting-as.js';

/*
 * Demo recall (docs/recalls.md, "Demo"): one campaign half done. Over the serial range of 24
 * units of the model with the most units, defined and started 20 days ago by the manager, who
 * sent the SMS the next day; the hotline booked eight of the customers reached, and four of those
 * recall orders went through the normal chain (HQ → center → outlet → technician) to completion —
 * those units are done, the other four booked; one customer was unreachable and one declined; the
 * rest are reached (SMS sent) or still affected (no consent to messages or no mobile). Every step
 * is the command the API runs, as the demo person who would do it.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface DemoRecallsResult {
  campaign: string | null;
  affected: number;
  reached: number;
  booked: number;
  done: number;
  unreachable: number;
  declined: number;
}

export async function loadDemoRecalls(ctx: Ctx): Promise<DemoRecallsResult> {
  const none: DemoRecallsResult = {
    campaign: null,
    affected: 0,
    reached: 0,
    booked: 0,
    done: 0,
    unreachable: 0,
    declined: 0,
  };
  await wireModules();
  const zone = await getSetting(ctx.db, 'company.timeZone', ctx.now);
  const ago = (days: number, hour = 10) => {
    const d = new Date(ctx.now.getTime() - days * DAY);
    d.setUTCHours(hour - 8, 0, 0, 0); // business hours, Asia/Shanghai
    return d;
  };
  const people = rowsOf<{ id: string; username: string }>(
    await ctx.db.execute(sql`select id, username from users where active order by username`),
  );
  const userId = new Map(people.map((p) => [p.username, p.id]));
  const as = actingAs(ctx, 'recall');
  if (!userId.has('manager') || !userId.has('hotline')) return none;

  // The model with the most active units, and 24 of its units in serial order from the middle.
  const [model] = rowsOf<{ id: string; code: string; name: string }>(
    await ctx.db.execute(sql`select m.id, m.code, m.name from units u join product_models m on m.id = u.model_id
      where u.status = 'active' group by m.id, m.code, m.name order by count(*) desc, m.code limit 1`),
  );
  if (!model) return none;
  const serials = rowsOf<{ serial_no: string }>(
    await ctx.db.execute(sql`select serial_no from units where model_id = ${model.id} and status = 'active'
      order by serial_no`),
  ).map((r) => r.serial_no);
  if (serials.length < 24) return none;
  const from = Math.floor(serials.length / 2) - 12;
  // Serials are compared only with bounds of their own length: the demo's are all of one length per model.
  const lo = serials[from]!;
  const hi = serials[from + 23]!;

  const defined = ago(20, 9);
  const created = await createCampaign(await as('manager', defined), {
    title: { 'zh-CN': `${model.name}进水阀召回`, en: `${model.code} inlet valve recall` },
    reason: '供应商通报：该批次进水阀电磁线圈可能过热，存在漏水风险。免费上门更换进水阀。',
    modelIds: [model.id],
    serialFrom: lo,
    serialTo: hi,
    effectiveFrom: localDay(defined, zone),
  });
  const started = await activateCampaign(await as('manager', new Date(defined.getTime() + HOUR)), created.id, {
    version: created.version,
  });
  await sendOutreach(await as('manager', ago(19, 10)), created.id, {});

  const rows = rowsOf<{
    id: string;
    version: number;
    state: string;
    area_outlet_id: string | null;
    unit_id: string;
    line_id: string;
  }>(
    await ctx.db.execute(sql`select r.id, r.version, r.state, r.area_outlet_id, r.unit_id, m.line_id
      from recall_units r join product_models m on m.id = r.model_id
      where r.campaign_id = ${created.id} order by r.serial_no`),
  );
  const reached = rows.filter((r) => r.state === 'reached');
  const affected = rows.filter((r) => r.state === 'affected');

  // Bookings on the hotline, 12 to 8 days ago; units served by an outlet first (their orders go on to completion).
  const bookable = [...reached.filter((r) => r.area_outlet_id), ...reached.filter((r) => !r.area_outlet_id)];
  const booked = bookable.slice(0, 8);
  const orders: { orderId: string; outletId: string | null; lineId: string }[] = [];
  for (const [i, r] of booked.entries()) {
    const u = await bookUnit(await as('hotline', ago(12 - Math.floor(i / 2), 10 + (i % 2) * 3)), r.id, {
      version: r.version,
      note: i % 3 === 0 ? '客户希望周末上门' : undefined,
    });
    if (u.orderId) orders.push({ orderId: u.orderId, outletId: r.area_outlet_id, lineId: r.line_id });
  }
  // One customer unreachable (no mobile, three calls unanswered), one declined.
  const cold = [...affected, ...reached.slice(8)];
  if (cold[0])
    await markUnreachable(await as('hotline', ago(9, 15)), cold[0].id, {
      version: cold[0].version,
      reason: '三次致电均无人接听',
    });
  if (cold[1])
    await markDeclined(await as('hotline', ago(9, 16)), cold[1].id, {
      version: cold[1].version,
      reason: '客户已自行更换进水阀，不需要上门',
    });

  // Four recall orders through the chain to completion, each by the people of the unit's outlet.
  const units = rowsOf<{ id: string; code: string; path: string }>(
    await ctx.db.execute(sql`select id, code, path from org_units where active`),
  );
  const unitById = new Map(units.map((u) => [u.id, u]));
  let done = 0;
  for (const [i, o] of orders.entries()) {
    if (done >= 4) break;
    const outlet = o.outletId ? unitById.get(o.outletId) : undefined;
    const center = outlet ? DEMO_CENTERS.find((c) => c.outlets.some((x) => x.code === outlet.code)) : undefined;
    const centerUnit = center ? units.find((u) => u.code === center.code) : undefined;
    if (!outlet || !center || !centerUnit) continue;
    const [tech] = rowsOf<{ username: string }>(
      await ctx.db.execute(sql`select u.username from technician_certifications c join users u on u.id = c.user_id
        where c.product_line_id = ${o.lineId} and u.org_unit_id = ${outlet.id} and u.active
        order by u.username limit 1`),
    );
    if (!tech) continue;
    const manager = `${outlet.code.slice(2).replace('-', '').toLowerCase()}.manager`;
    if (!userId.has(manager)) continue;
    const start = ago(8 - i, 9);
    const at = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);
    const act = async (who: string, minutes: number, action: Parameters<typeof runAction>[2], body: object) => {
      const [{ version }] = rowsOf<{ version: number }>(
        await ctx.db.execute(sql`select version from work_orders where id = ${o.orderId}`),
      ) as [{ version: number }];
      const c = await as(who, at(minutes));
      try {
        await runAction(c, o.orderId, action, { version, ...body } as never);
      } catch (err) {
        // A dispatch that differs from the routing suggestion says why, as a dispatcher would.
        if (!(err instanceof AppError) || err.code !== 'order.override_reason_required') throw err;
        await runAction(c, o.orderId, action, { version, ...body, overrideReason: '就近网点' } as never);
      }
    };
    const [holder] = rowsOf<{ holder_unit_id: string }>(
      await ctx.db.execute(sql`select holder_unit_id from work_orders where id = ${o.orderId}`),
    );
    if (holder?.holder_unit_id !== centerUnit.id) await act('dispatcher', 0, 'dispatch', { toUnitId: centerUnit.id });
    await act(`${center.key}.dispatch`, 20, 'dispatch', { toUnitId: outlet.id });
    await act(manager, 40, 'accept', {});
    await act(manager, 50, 'dispatch', { technicianId: userId.get(tech.username) });
    await act(tech.username, 60, 'book', {
      from: at(24 * 60).toISOString(),
      to: at(26 * 60).toISOString(),
      confirmedWithCustomer: true,
    });
    await act(tech.username, 24 * 60 - 30, 'depart', {});
    await act(tech.username, 24 * 60 + 10, 'arrive', {});
    await act(tech.username, 24 * 60 + 15, 'start', {});
    await act(tech.username, 24 * 60 + 70, 'complete', {
      diagnosis: '召回检查：进水阀属召回批次',
      cause: '进水阀电磁线圈批次缺陷',
      solution: '按召回方案免费更换进水阀，试机正常',
      labourMinutes: 40,
      parts: [],
      photoIds: [],
      signature: DEMO_SIGNATURE,
      rating: 5,
    });
    done += 1;
  }

  const counts = rowsOf<{ state: string; n: number }>(
    await ctx.db.execute(
      sql`select state, count(*)::int as n from recall_units where campaign_id = ${created.id} group by state`,
    ),
  );
  const n = (s: string) => Number(counts.find((c) => c.state === s)?.n ?? 0);
  return {
    campaign: started.code,
    affected: rows.length,
    reached: n('reached'),
    booked: n('booked'),
    done: n('done'),
    unreachable: n('unreachable'),
    declined: n('declined'),
  };
}

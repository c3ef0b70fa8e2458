import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/rows.js';
import { loadActor } from '../platform/auth/actors.js';
import { DEFAULT_LANG } from '../../shared/i18n.js';
import { formatInstant } from '../../shared/time-zone.js';
import { getSetting } from '../platform/config/index.js';
import type { Ctx } from '../platform/context.js';
import { sendMessage } from '../platform/notify/index.js';
import { answerCallback, callbackOfCompletion, recordAttempt } from '../modules/callbacks/index.js';
import { messageAddressesOf } from '../modules/customers/index.js';

/*
 * Demo callbacks (docs/callbacks.md, "Demo"): tasks made as a completion makes them (the plan in
 * force, 100 % by default) for the demo's newest completed orders — the newest stay open, upcoming
 * by their windows — and for a few orders completed 8 to 12 days ago, open and overdue. Seven are
 * worked by the hotline through the commands: confirmed (three), one not fixed (a repeat visit),
 * one whose fee the customer disputes (a fee complaint), one with a low score (a notice to the
 * outlet's manager), and one closed as unreachable after three attempts. Tasks the demo's
 * earlier completions made (orders completed more than 20 days ago, still open) are answered
 * as confirmed in their windows. Two closed orders of every outlet and technician had their
 * callbacks answered (scores 3 to 5), so the scores have figures for everyone who served. Every
 * step has its timeline row and audit event.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface DemoCallbacksResult {
  tasks: number;
  answered: number;
  unreachable: number;
  open: number;
}

interface CompletedOrder {
  id: string;
  code: string;
  org_path: string;
  outlet_id: string;
  technician_id: string | null;
  customer_id: string;
}

export async function loadDemoCallbacks(ctx: Ctx): Promise<DemoCallbacksResult> {
  const none = { tasks: 0, answered: 0, unreachable: 0, open: 0 };
  const zone = await getSetting(ctx.db, 'company.timeZone', ctx.now);
  // The completion port's effect, and the completion message the complete command sends with its
  // survey link (the orders were loaded in bulk, not completed through the command).
  const callbackOf = async (o: CompletedOrder, completedAt: Date) => {
    const made = await callbackOfCompletion(
      ctx.db,
      { ...ctx, now: completedAt, requestId: `demo-callback-${o.code}` },
      {
        orderId: o.id,
        orderCode: o.code,
        orgPath: o.org_path,
        outletId: o.outlet_id,
        technicianId: o.technician_id,
        completedAt,
        day: '',
        parts: [],
      },
    );
    if (made?.survey) {
      const to = await messageAddressesOf(ctx.db, o.customer_id);
      await sendMessage(
        ctx.db,
        {
          event: 'order.completed',
          to,
          params: {
            orderCode: o.code,
            surveyUrl: made.survey.surveyUrl,
            surveyUntil: formatInstant(made.survey.surveyUntil, zone, to.lang ?? DEFAULT_LANG),
          },
          orgPath: o.org_path,
        },
        completedAt,
      );
    }
    return made?.task ?? null;
  };
  // The demo's dispatchers confirm an order within a day of its completion, so the orders still
  // completed are the newest: the 8 newest stay open (upcoming), the next 7 are worked now (called
  // early, before their window); 4 orders completed 8 to 12 days ago (confirmed since) have open,
  // overdue tasks.
  const pick = async (states: string[], fromDays: number, toDays: number, limit: number) =>
    rowsOf<{
      id: string;
      code: string;
      org_path: string;
      outlet_id: string;
      technician_id: string | null;
      customer_id: string;
      completed_at: string;
    }>(
      await ctx.db.execute(sql`
        select id, code, org_path, outlet_id, technician_id, customer_id, completed_at from work_orders
        where state in (${sql.join(
          states.map((x) => sql`${x}`),
          sql`, `,
        )}) and outlet_id is not null and completed_at is not null
          and completed_at > ${new Date(ctx.now.getTime() - toDays * DAY).toISOString()}
          and completed_at <= ${new Date(ctx.now.getTime() - fromDays * DAY).toISOString()}
        order by completed_at desc, code limit ${limit}`),
    );
  const completed = await pick(['completed'], 0, 30, 15);
  const overdue = await pick(['confirmed', 'closed'], 8, 12, 4);
  const orders = [...completed, ...overdue];
  const [hotline] = rowsOf<{ id: string }>(await ctx.db.execute(sql`select id from users where username = 'hotline'`));
  const agent = hotline ? await loadActor(ctx.db, hotline.id) : null;
  if (!agent) return none;

  const tasks: { id: string; version: number; completedAt: Date; worked: boolean }[] = [];
  for (const [i, o] of orders.entries()) {
    const completedAt = new Date(o.completed_at);
    const task = await callbackOf(o, completedAt);
    if (task) tasks.push({ id: task.id, version: task.version, completedAt, worked: i >= 8 && i < completed.length });
  }
  const worked = tasks.filter((t) => t.worked);
  let step = 0;
  const as = (at: Date): Ctx => {
    step += 1;
    return { ...ctx, actor: agent, now: at, requestId: `demo-callback-step-${step}` };
  };
  const good = { fixed: true, feeAsRecorded: true, attitude: 5, quality: 5, timeliness: 5, nps: 10 };
  const answers = [
    good,
    { ...good, attitude: 4, quality: 5, timeliness: 4, nps: 9, comments: '师傅很专业' },
    { ...good, fixed: false, quality: 2, nps: 3, comments: '修完第二天又不排水了' },
    { ...good, feeAsRecorded: false, feeSaidFen: 8000, attitude: 3, nps: 5, comments: '师傅说要收80元上门费' },
    { ...good, attitude: 2, timeliness: 2, nps: 4, comments: '迟到两个小时，态度也不好' },
    { ...good, quality: 4, timeliness: 4, nps: 8 },
  ];
  let answered = 0;
  let unreachable = 0;
  for (const [i, t] of worked.entries()) {
    const body = answers[i];
    if (body) {
      await answerCallback(as(new Date(ctx.now.getTime() - (60 - i) * 60_000)), t.id, { version: t.version, ...body });
      answered += 1;
    } else if (i === answers.length) {
      // Three attempts four hours apart (the last just now), then closed as unreachable.
      const first = Math.max(t.completedAt.getTime() + 10 * 60_000, ctx.now.getTime() - 8 * HOUR);
      let version = t.version;
      for (const [n, result] of (['no_answer', 'busy', 'no_answer'] as const).entries()) {
        const d = await recordAttempt(as(new Date(first + n * 4 * HOUR)), t.id, { version, result });
        version = d.version;
      }
      unreachable += 1;
    }
  }
  // Orders the demo completed through the commands in an earlier month (the parts and payment
  // stories) got their tasks then: those callbacks were made in their windows and the customers
  // confirmed, so last month's statements pay for them (money.settleAfter = confirmed).
  const longAgo = new Date(ctx.now.getTime() - 20 * DAY);
  const earlier = rowsOf<{ id: string; version: number; due_from: string }>(
    await ctx.db.execute(sql`
      select id, version, due_from from callback_tasks
      where state = 'open' and completed_at < ${longAgo.toISOString()}
      order by completed_at, code`),
  );
  for (const e of earlier) {
    await answerCallback(as(new Date(Date.parse(e.due_from) + 10 * HOUR)), e.id, { version: e.version, ...good });
    answered += 1;
  }
  // Scores for every outlet and technician: for two of each technician's orders closed 10 to 60
  // days ago (per outlet and technician), the callback was made in its window and answered — the
  // fault fixed, the fee as recorded, scores of 3 to 5 drawn from the order's number (no low score,
  // so no demo complaint) — and the order, confirmed by hand since, is left as it is.
  const sample = rowsOf<{
    id: string;
    code: string;
    org_path: string;
    outlet_id: string;
    technician_id: string;
    customer_id: string;
    completed_at: string;
  }>(
    await ctx.db.execute(sql`
      select id, code, org_path, outlet_id, technician_id, customer_id, completed_at from (
        select o.id, o.code, o.org_path, o.outlet_id, o.technician_id, o.customer_id, o.completed_at,
               row_number() over (partition by o.outlet_id, o.technician_id order by o.completed_at desc, o.code) as n
        from work_orders o
        where o.state = 'closed' and o.outlet_id is not null and o.technician_id is not null
          and o.completed_at > ${new Date(ctx.now.getTime() - 60 * DAY).toISOString()}
          and o.completed_at <= ${new Date(ctx.now.getTime() - 10 * DAY).toISOString()}
          and not exists (select 1 from callback_tasks c where c.order_id = o.id)
      ) x where n <= 2
      order by completed_at, code`),
  );
  let sampled = 0;
  for (const o of sample) {
    const completedAt = new Date(o.completed_at);
    const task = await callbackOf(o, completedAt);
    if (!task) continue;
    const draw = (k: number) =>
      3 + (Number.parseInt(createHash('sha256').update(`${o.code}:${k}`).digest('hex').slice(0, 8), 16) % 3);
    await answerCallback(as(new Date(task.dueFrom.getTime() + 10 * HOUR)), task.id, {
      version: task.version,
      fixed: true,
      feeAsRecorded: true,
      attitude: draw(1),
      quality: draw(2),
      timeliness: draw(3),
      nps: 5 + draw(4),
    });
    sampled += 1;
  }
  answered += sampled;
  return {
    tasks: tasks.length + earlier.length + sampled,
    answered,
    unreachable,
    open: tasks.length - answered - unreachable + earlier.length + sampled,
  };
}

import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/rows.js';
import { loadActor } from '../platform/auth/actors.js';
import type { Ctx } from '../platform/context.js';
import {
  addContact,
  addNote,
  assignResponsibility,
  closeComplaint,
  decideCompensation,
  fireDueComplaints,
  openComplaint,
  proposeCompensation,
  recordAcceptance,
  replyToCustomer,
} from '../modules/complaints/index.js';
import type { ComplaintType } from '../modules/complaints/index.js';
import { companyToday } from '../modules/money/index.js';

/*
 * Demo complaints (docs/complaints.md, "Demo"): on the demo orders, one of every type, severity
 * and state — open, answered, reopened (the customer did not accept), closed (accepted, or closed
 * by a handler) — one crisis at leadership level from a media report and one from the consumers'
 * association, two escalated past their deadline (to level 2, and on to level 3), a discipline
 * penalty on an outlet and an approved compensation. Everything through the commands, so each step
 * has its timeline row and audit event.
 */

const HOUR = 3_600_000;

export interface DemoComplaintsResult {
  complaints: number;
  escalations: number;
}

export async function loadDemoComplaints(ctx: Ctx): Promise<DemoComplaintsResult> {
  const orders = rowsOf<{ id: string; customer_id: string; outlet_id: string; technician_id: string | null }>(
    await ctx.db.execute(sql`
      select id, customer_id, outlet_id, technician_id from work_orders
      where outlet_id is not null order by code limit 40`),
  );
  if (orders.length < 10) return { complaints: 0, escalations: 0 };
  const userIds = rowsOf<{ id: string; username: string }>(
    await ctx.db.execute(sql`select id, username from users where username in ('hotline', 'complaints', 'manager')`),
  );
  const actors = new Map<string, Ctx['actor']>();
  for (const u of userIds) {
    const a = await loadActor(ctx.db, u.id);
    if (a) actors.set(u.username, a);
  }
  if (actors.size < 3) return { complaints: 0, escalations: 0 };
  let step = 0;
  /** `who` acting `hoursAgo` before the load (each step a minute after the one before). */
  const as = (who: string, hoursAgo: number): Ctx => {
    step += 1;
    return {
      ...ctx,
      actor: actors.get(who)!,
      now: new Date(ctx.now.getTime() - hoursAgo * HOUR + step * 60_000),
      requestId: `demo-complaint-${step}`,
    };
  };
  let n = 0;
  const open = async (
    i: number,
    hoursAgo: number,
    type: ComplaintType,
    summary: string,
    extra: Partial<Parameters<typeof openComplaint>[1]> = {},
  ) => {
    const o = orders[i]!;
    n += 1;
    return openComplaint(as('hotline', hoursAgo), {
      source: 'hotline',
      customerId: o.customer_id,
      orderIds: [o.id],
      type,
      summary,
      ...extra,
    });
  };

  // Open, general: attitude → 市场部.
  const a = await open(0, 1, 'attitude', '工程师上门态度冷淡，不解释故障原因');
  await addNote(as('complaints', 0.8), a.id, { text: '已联系网点了解情况，等待工程师说明' });

  // Answered, general: fees → 财务部.
  const b = await open(1, 1.5, 'fees', '上门费与电话里说的不一致');
  await replyToCustomer(as('complaints', 1), b.id, { channel: 'phone', content: '已核对收费标准，多收的 20 元将退还' });

  // Escalated once (difficult, 30 h unanswered): norms → 市场部, now at level 2.
  const c = await open(2, 30, 'norms', '维修后未清理现场，未穿工装', { severity: 'difficult' });
  await addContact(as('hotline', 20), c.id, { channel: 'phone', text: '客户来电询问处理进度' });

  // Escalated twice (difficult, 50 h unanswered): timeliness → the holding outlet, now at level 3.
  await open(3, 50, 'timeliness', '报修三天无人上门', { severity: 'difficult' });

  // Crisis at leadership: product quality reported by the media → 研发部.
  const e = await open(4, 3, 'quality', '新机使用一周外壳开裂，客户已向本地电视台反映', {
    source: 'media',
    mediaExposure: true,
    compensationDemanded: true,
  });
  await addNote(as('manager', 2.5), e.id, { text: '领导已批示：研发部当日派人鉴定，对外统一口径' });

  // Crisis from the consumers' association: fees.
  await open(5, 4, 'fees', '消协转来：收费无明细', { source: 'regulator', regulatorKind: 'consumer_association' });

  // Closed, accepted: engine/component fault → the maker, responsibility on the maker.
  const g = await open(6, 72, 'component', '压缩机异响，更换后仍有噪音');
  await assignResponsibility(as('complaints', 70), g.id, {
    kind: 'maker',
    name: '压缩机制造商',
    correctiveAction: '制造商更换批次部件并书面答复',
  });
  await replyToCustomer(as('complaints', 69), g.id, { channel: 'phone', content: '制造商已确认批次问题，免费更换' });
  await recordAcceptance(as('complaints', 68), g.id, { accepted: true });

  // Reopened: attitude with a penalty on the outlet and an approved compensation; the customer did not accept.
  const h = await open(7, 26, 'attitude', '工程师与客户发生争执', { severity: 'difficult' });
  await assignResponsibility(as('complaints', 25), h.id, {
    kind: 'outlet',
    id: orders[7]!.outlet_id,
    correctiveAction: '网点全员服务礼仪培训',
    penaltyFen: 20_000,
    reason: '服务态度恶劣，查证属实',
  });
  await proposeCompensation(as('complaints', 24.8), h.id, { amountFen: 10_000, kind: 'voucher', reason: '致歉' });
  await decideCompensation(as('complaints', 24.6), h.id, { approve: true });
  await replyToCustomer(as('complaints', 24.5), h.id, { channel: 'visit', content: '网点经理上门致歉并赠送代金券' });
  await recordAcceptance(as('complaints', 2), h.id, { accepted: false, reason: '要求更换工程师' });

  // Closed by a handler: other.
  const i = await open(8, 48, 'other', '咨询类来电被误登记为投诉');
  await closeComplaint(as('complaints', 47), i.id, { reason: '核实为咨询，已解答' });

  // Answered, quality, general.
  const j = await open(9, 5, 'quality', '洗衣机脱水时震动大');
  await replyToCustomer(as('complaints', 4), j.id, { channel: 'sms', content: '已安排工程师调平底脚' });

  // Closed last month: service norms, a penalty on the technician, so it is a line of last month's
  // statement of the technician's outlet (docs/money-statements.md, "Complaint penalties").
  const k = orders.findIndex((o, idx) => idx >= 10 && o.technician_id);
  if (k >= 0) {
    const day = Number((await companyToday(ctx.db, ctx.now)).slice(8, 10));
    const back = (day + 3) * 24;
    const m = await open(k, back, 'norms', '工程师未按规范试机即离开');
    await assignResponsibility(as('complaints', back - 2), m.id, {
      kind: 'technician',
      id: orders[k]!.technician_id!,
      correctiveAction: '重新培训服务规范',
      penaltyFen: 5_000,
      reason: '未试机即离开，违反服务规范',
    });
    await replyToCustomer(as('complaints', back - 3), m.id, { channel: 'phone', content: '已安排回访试机并致歉' });
    await recordAcceptance(as('complaints', back - 4), m.id, { accepted: true });
  }

  // Deadlines that passed while loading escalate as the scheduler would.
  let escalations = 0;
  for (let k = 0; k < 5; k++) {
    const fired = await fireDueComplaints(ctx.db, ctx.now);
    escalations += fired;
    if (!fired) break;
  }
  return { complaints: n, escalations };
}

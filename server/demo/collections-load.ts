import { sql } from 'drizzle-orm';
import { rowsOf } from '../db/rows.js';
import { loadActor } from '../platform/auth/actors.js';
import type { Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import {
  agreeQuote,
  correctCollection,
  issueInvoice,
  proposeQuote,
  recordCollection,
  recordHandover,
  refuseQuote,
  requestInvoice,
} from '../modules/money/index.js';
import { DEMO_SIGNATURE } from './orders-data.js';

/*
 * Demo paid work (docs/money-collection.md, "Demo"): out-of-warranty orders on site or in repair
 * quoted by their technicians by the demo fee schedules, agreed by signature (one refused: the
 * call-out charge), paid in cash or by WeChat with receipts; one invoice request open and one
 * issued; the technicians' cash handed over to their outlets — all but one technician, who still
 * holds part of it (an open difference in the reconciliation). Everything through the commands, so
 * each step has its audit event.
 */

const MINUTE = 60_000;

export interface DemoCollectionsResult {
  quotes: number;
  collections: number;
  invoiceRequests: number;
  handovers: number;
  /** The technician left with an unreconciled difference, and how much. */
  openTechnician: string | null;
  openFen: number;
}

export async function loadDemoCollections(ctx: Ctx): Promise<DemoCollectionsResult> {
  const candidates = rowsOf<{ id: string; technician_id: string; holder_unit_id: string }>(
    await ctx.db.execute(sql`
      select id, technician_id, holder_unit_id from work_orders
      where state in ('on_site', 'in_repair', 'received') and technician_id is not null
      order by code limit 80`),
  );
  const actors = new Map<string, Ctx['actor']>();
  let step = 0;
  const as = async (userId: string): Promise<Ctx> => {
    let actor = actors.get(userId);
    if (!actor) {
      const loaded = await loadActor(ctx.db, userId);
      if (!loaded) throw new Error(`demo: no person ${userId}`);
      actor = loaded;
      actors.set(userId, actor);
    }
    step += 1;
    // Each step a minute after the one before, all within the last three hours.
    return {
      ...ctx,
      actor,
      now: new Date(ctx.now.getTime() - 180 * MINUTE + step * MINUTE),
      requestId: `demo-${step}`,
    };
  };
  const managerOf = async (unitId: string): Promise<string | null> => {
    const [m] = rowsOf<{ id: string }>(
      await ctx.db.execute(sql`
        select u.id from users u join user_roles r on r.user_id = u.id
        where u.org_unit_id = ${unitId} and r.role_code = 'outlet_manager' and u.active order by u.username limit 1`),
    );
    return m?.id ?? null;
  };
  const [finance] = rowsOf<{ id: string }>(await ctx.db.execute(sql`select id from users where username = 'finance'`));

  const out: DemoCollectionsResult = {
    quotes: 0,
    collections: 0,
    invoiceRequests: 0,
    handovers: 0,
    openTechnician: null,
    openFen: 0,
  };
  const paid: {
    orderId: string;
    technicianId: string;
    unitId: string;
    collectionId: string;
    cashFen: number;
    customerName: string;
  }[] = [];
  const wanted = 8;
  for (const c of candidates) {
    if (out.quotes >= wanted) break;
    let quote: Awaited<ReturnType<typeof proposeQuote>>;
    try {
      quote = await proposeQuote(await as(c.technician_id), c.id, {});
    } catch (e) {
      // In warranty, or an item the schedules do not price: not paid work for the demo.
      if (e instanceof AppError) continue;
      throw e;
    }
    out.quotes += 1;
    const tech = await as(c.technician_id);
    if (out.quotes === wanted) {
      // The customer refuses: the call-out charge is due, and paid in cash.
      const refused = await refuseQuote(tech, quote.id, { reason: '费用太高，暂不维修' });
      if (refused.calloutFen > 0) {
        const col = await recordCollection(await as(c.technician_id), c.id, {
          amountFen: refused.calloutFen,
          method: 'cash',
        });
        out.collections += 1;
        paid.push({
          orderId: c.id,
          technicianId: c.technician_id,
          unitId: c.holder_unit_id,
          collectionId: col.id,
          cashFen: col.amountFen,
          customerName: col.customerName,
        });
      }
      continue;
    }
    await agreeQuote(tech, quote.id, { signature: DEMO_SIGNATURE });
    const wechat = out.quotes % 3 === 0;
    const col = await recordCollection(await as(c.technician_id), c.id, {
      amountFen: quote.totalFen,
      method: wechat ? 'wechat' : 'cash',
      ...(wechat ? { reference: `4200002026${String(out.quotes).padStart(8, '0')}` } : {}),
    });
    out.collections += 1;
    paid.push({
      orderId: c.id,
      technicianId: c.technician_id,
      unitId: c.holder_unit_id,
      collectionId: col.id,
      cashFen: wechat ? 0 : col.amountFen,
      customerName: col.customerName,
    });
  }

  // Invoice requests: the first paid order's (a person, open) and the second's (a company, issued by finance).
  if (paid[0]) {
    await requestInvoice(await as(paid[0].technicianId), paid[0].orderId, {
      titleKind: 'personal',
      // A personal invoice is made out to the person (个人抬头: the customer's name).
      title: paid[0].customerName,
    });
    out.invoiceRequests += 1;
  }
  if (paid[1]) {
    const req = await requestInvoice(await as(paid[1].technicianId), paid[1].orderId, {
      titleKind: 'company',
      title: '广州示例电器服务有限公司',
      taxId: '91350100M000100Y43',
      email: 'invoice@example.com',
    });
    out.invoiceRequests += 1;
    if (finance) await issueInvoice(await as(finance.id), req.id, { invoiceNo: '25442000000000012345' });
  }
  // A cash entry recorded ten yuan too high, corrected by a new entry.
  const firstCash = paid.find((p) => p.cashFen > 1000);
  if (firstCash) {
    const manager = await managerOf(firstCash.unitId);
    if (manager) {
      await correctCollection(await as(manager), firstCash.collectionId, {
        amountFen: -1000,
        reason: '收据金额录入多了10元',
      });
      firstCash.cashFen -= 1000;
      await recordCollection(await as(firstCash.technicianId), firstCash.orderId, {
        amountFen: 1000,
        method: 'alipay',
        reference: '2026ALIPAY0001',
      });
      out.collections += 1;
    }
  }

  // Hand-overs: each technician's cash to their outlet's manager; the first technician keeps part of it.
  const cashBy = new Map<string, { unitId: string; fen: number }>();
  for (const p of paid) {
    if (p.cashFen <= 0) continue;
    const had = cashBy.get(p.technicianId) ?? { unitId: p.unitId, fen: 0 };
    cashBy.set(p.technicianId, { unitId: had.unitId, fen: had.fen + p.cashFen });
  }
  let first = true;
  for (const [technicianId, { unitId, fen }] of cashBy) {
    const manager = await managerOf(unitId);
    if (!manager || manager === technicianId) continue;
    const handed = first ? Math.floor(fen / 2) : fen;
    if (handed > 0) {
      await recordHandover(await as(manager), {
        technicianId,
        amountFen: handed,
        to: 'outlet',
        note: '当日现金交网点',
      });
      out.handovers += 1;
    }
    if (first) {
      out.openTechnician = technicianId;
      out.openFen = fen - handed;
      first = false;
    }
  }
  return out;
}

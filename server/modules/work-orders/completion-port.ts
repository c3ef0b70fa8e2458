import type { DbLike } from '../../db/client.js';
import type { Ctx } from '../../platform/context.js';
import { companyToday } from './common.js';
import { orderWarrantyDecisions } from './ports.js';
import type { workOrders } from './tables.js';

/*
 * What a completion means to the modules above this one (parts: the fitted parts leave stock with
 * their cost; old-part return obligations; callbacks: the callback task and its survey link). They sit higher in the module order, so they provide
 * their effect here when their routes are registered (`onOrderCompleted`), and the complete
 * command calls every effect inside its own transaction, after the warranty decisions are stored:
 * the order, its decisions and what follows from them are written together or not at all.
 * One port for every such effect, so a new one cannot be wired past the others.
 */

export interface OrderCompletedPart {
  partId: string;
  qty: number;
  oldSerial: string | null;
  newSerial: string | null;
  /** Who pays for this part per the decisions just stored: true = the customer; null = undecided. */
  customerPays: boolean | null;
}

export interface OrderCompleted {
  orderId: string;
  orderCode: string;
  orgPath: string;
  /** The outlet serving the order, else the unit holding it. */
  outletId: string;
  technicianId: string | null;
  completedAt: Date;
  /** The completion's business day in the company time zone (YYYY-MM-DD). */
  day: string;
  /** The parts replaced, as entered at completion, with who pays each. */
  parts: readonly OrderCompletedPart[];
}

/**
 * What an effect adds to the customer's completion message ('order.completed'): the survey link
 * the callbacks module made for the order's first callback, open until `surveyUntil`. The complete
 * command sends the one message after every effect ran, so a sampled order's customer gets one
 * message with the link, not a completion notice and a survey SMS.
 */
export interface CompletionMessageParts {
  surveyUrl: string;
  surveyUntil: Date;
}

export interface OrderCompletedOutcome {
  message?: CompletionMessageParts;
}

export type OrderCompletedEffect = (
  tx: DbLike,
  ctx: Ctx,
  e: OrderCompleted,
) => Promise<OrderCompletedOutcome | undefined>;

const effects = new Map<string, OrderCompletedEffect>();

/** A module's effect of a completion, under its name (a second call with the same name replaces it). */
export function onOrderCompleted(name: string, fn: OrderCompletedEffect): void {
  effects.set(name, fn);
}

type OrderRow = typeof workOrders.$inferSelect;

/** The facts of a completion for the effects, read after the warranty decisions are stored. */
export async function completionFacts(
  tx: DbLike,
  ctx: Ctx,
  row: Pick<OrderRow, 'id' | 'code' | 'orgPath' | 'outletId' | 'holderUnitId' | 'technicianId'>,
  parts: readonly { partId: string; qty: number; oldSerial?: string | null; newSerial?: string | null }[],
): Promise<OrderCompleted> {
  // The newest decision on the part, else on the unit, says who pays (warranty module).
  const decisions = parts.length
    ? (await orderWarrantyDecisions(tx, row.id)).sort((a, b) => b.decidedAt.localeCompare(a.decidedAt))
    : [];
  const payer = (partId: string) =>
    (decisions.find((d) => d.subject === 'part' && d.partId === partId) ?? decisions.find((d) => d.subject === 'unit'))
      ?.parts;
  return {
    orderId: row.id,
    orderCode: row.code,
    orgPath: row.orgPath,
    outletId: row.outletId ?? row.holderUnitId,
    technicianId: row.technicianId,
    completedAt: ctx.now,
    day: await companyToday(tx, ctx.now),
    parts: parts.map((p) => {
      const who = payer(p.partId);
      return {
        partId: p.partId,
        qty: p.qty,
        oldSerial: p.oldSerial ?? null,
        newSerial: p.newSerial ?? null,
        customerPays: who ? who === 'customer' : null,
      };
    }),
  };
}

/**
 * Called by the complete command in its transaction, effects in the order they were provided;
 * answers what they add to the customer's completion message.
 */
export async function orderCompleted(
  tx: DbLike,
  ctx: Ctx,
  e: OrderCompleted,
): Promise<Partial<CompletionMessageParts>> {
  let message: Partial<CompletionMessageParts> = {};
  for (const fn of effects.values()) {
    const outcome = await fn(tx, ctx, e);
    if (outcome?.message) message = { ...message, ...outcome.message };
  }
  return message;
}

import { eq } from 'drizzle-orm';
import { DEFAULT_LANG, type Lang } from '../../../shared/i18n.js';
import { formatInstant, formatWindow } from '../../../shared/time-zone.js';
import type { DbLike } from '../../db/client.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { orgUnits, users } from '../../platform/identity/tables.js';
import { type MessageEvent, type MessageParams, sendMessage } from '../../platform/notify/index.js';
import type { OrderRow } from './common.js';
import type { CompletionMessageParts } from './completion-port.js';
import { customerMessageAddresses, orderMilestones } from './ports.js';

/*
 * The customer's messages about their order (docs/work-orders.md, "Messages to the customer"):
 * 'order.accepted', 'order.booked', 'order.on_the_way' and 'order.completed', each sent by its
 * command inside its transaction, after the state change, through platform/notify's `sendMessage`
 * — to every address of the order's customer, with the event's variables; the sender picks the
 * channels, honours the customer's choices and opt-outs and renders the wording in force. Times
 * are written in the company's zone and the customer's language.
 */

type Row = Pick<OrderRow, 'id' | 'code' | 'customerId' | 'orgPath'>;

async function send(
  tx: DbLike,
  ctx: Ctx,
  order: Row,
  event: MessageEvent,
  params: (lang: Lang, zone: string) => Promise<MessageParams> | MessageParams,
): Promise<void> {
  const to = await customerMessageAddresses(tx, order.customerId);
  if (!to.phone && !to.email && !to.wechat) return;
  const zone = await getSetting(tx, 'company.timeZone', ctx.now);
  const extra = await params(to.lang ?? DEFAULT_LANG, zone);
  await sendMessage(tx, { event, to, params: { orderCode: order.code, ...extra }, orgPath: order.orgPath }, ctx.now);
}

async function technicianOf(tx: DbLike, id: string | null): Promise<{ name: string | null; phone: string | null }> {
  if (!id) return { name: null, phone: null };
  const [u] = await tx.select({ name: users.displayName, phone: users.mobile }).from(users).where(eq(users.id, id));
  return { name: u?.name ?? null, phone: u?.phone ?? null };
}

/**
 * The outlet accepted the order: its name and phone, and when the customer will be contacted —
 * the due time of the running appointment-contact limit, when the SLA planned one.
 */
export async function sendAccepted(tx: DbLike, ctx: Ctx, order: OrderRow): Promise<void> {
  const [outlet] = await tx
    .select({ name: orgUnits.name, phone: orgUnits.contactPhone })
    .from(orgUnits)
    .where(eq(orgUnits.id, order.outletId ?? order.holderUnitId));
  const milestones = (await orderMilestones(tx, [order.id], ctx.now)).get(order.id) ?? [];
  const contact = milestones.find((m) => m.key === 'appointment_contact' && m.state === 'running');
  await send(tx, ctx, order, 'order.accepted', (lang, zone) => ({
    outletName: outlet?.name ?? null,
    outletPhone: outlet?.phone ?? null,
    contactBy: contact?.dueAt ? formatInstant(contact.dueAt, zone, lang) : null,
  }));
}

/** A visit booked or booked again: the window and the technician with their mobile. */
export async function sendBooked(tx: DbLike, ctx: Ctx, order: OrderRow): Promise<void> {
  if (!order.bookedFrom || !order.bookedTo) return;
  const technician = await technicianOf(tx, order.technicianId);
  await send(tx, ctx, order, 'order.booked', (lang, zone) => ({
    window: formatWindow(order.bookedFrom!, order.bookedTo!, zone, lang),
    technicianName: technician.name,
    technicianPhone: technician.phone,
  }));
}

/** The technician set off for the customer. */
export async function sendOnTheWay(tx: DbLike, ctx: Ctx, order: OrderRow): Promise<void> {
  const technician = await technicianOf(tx, order.technicianId);
  await send(tx, ctx, order, 'order.on_the_way', () => ({
    technicianName: technician.name,
    technicianPhone: technician.phone,
  }));
}

/**
 * The order is complete: one message, carrying the survey link when a completion effect made one
 * (callbacks, for a sampled order's first callback).
 */
export async function sendCompleted(
  tx: DbLike,
  ctx: Ctx,
  order: OrderRow,
  parts: Partial<CompletionMessageParts>,
): Promise<void> {
  await send(tx, ctx, order, 'order.completed', (lang, zone) => ({
    surveyUrl: parts.surveyUrl ?? null,
    surveyUntil: parts.surveyUrl && parts.surveyUntil ? formatInstant(parts.surveyUntil, zone, lang) : null,
  }));
}

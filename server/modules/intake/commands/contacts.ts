import { and, eq } from 'drizzle-orm';
import { requirePermission, withinScope } from '../../../platform/access/index.js';
import type { Db, DbLike } from '../../../db/client.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { appendEvent } from '../../../platform/events/index.js';
import { customers, units } from '../../customers/index.js';
import { notFound, notFoundField, nextSequence } from '../common.js';
import type { AnswerBody, ContactCreate, EscalateBody } from '../contract.js';
import { createCustomerInline, markFirstContact, phoneOrFail } from '../customers-port.js';
import { contactCode, initialContactStatus } from '../rules.js';
import { contacts } from '../tables.js';

export type ContactRow = typeof contacts.$inferSelect;

/**
 * Logs one contact — every call, mail, letter or visit is recorded, even when nothing else is
 * created ("nothing is taken by word only", seeds 000, 002). With `newCustomer` the customer is
 * created in the same transaction; a consultation may be answered on the spot.
 */
export async function createContact(ctx: Ctx, input: ContactCreate): Promise<ContactRow> {
  requirePermission(ctx.actor, 'contacts.create');
  if (input.customerId && input.newCustomer) throw fieldError('newCustomer', 'intake.customer_required');
  const status = initialContactStatus(input.class, !!input.answer);
  if (!status) throw fieldError('answer', 'intake.answer_not_allowed');
  const newPhone = input.newCustomer ? phoneOrFail(input.newCustomer.phone, 'newCustomer.phone') : null;
  const startedAt = input.startedAt ? new Date(input.startedAt) : ctx.now;
  const endedAt = input.endedAt ? new Date(input.endedAt) : null;
  if (endedAt && endedAt < startedAt) throw fieldError('endedAt', 'validation.failed');

  return ctx.db.transaction(async (tx) => {
    const txCtx: Ctx = { ...ctx, db: tx as unknown as Db };
    let customerId: string | null = input.customerId ?? null;
    let orgPath = ctx.actor.orgPath;
    if (input.newCustomer && newPhone) {
      const created = await createCustomerInline(txCtx, input.newCustomer, newPhone);
      customerId = created.id;
      orgPath = created.orgPath;
    } else if (customerId) {
      const [c] = await tx
        .select({ orgPath: customers.orgPath })
        .from(customers)
        .where(and(eq(customers.id, customerId), withinScope(ctx.actor, customers.orgPath)));
      if (!c) throw notFoundField(ctx, 'customer', 'customerId');
      orgPath = c.orgPath;
    }
    if (input.unitId) {
      const [u] = await tx
        .select({ customerId: units.customerId, orgPath: units.orgPath })
        .from(units)
        .where(and(eq(units.id, input.unitId), withinScope(ctx.actor, units.orgPath)));
      if (!u) throw notFoundField(ctx, 'unit', 'unitId');
      if (customerId && u.customerId !== customerId) throw fieldError('unitId', 'intake.unit_not_of_customer');
      if (!customerId) {
        const [owner] = await tx
          .select({ orgPath: customers.orgPath })
          .from(customers)
          .where(eq(customers.id, u.customerId));
        customerId = u.customerId;
        orgPath = owner?.orgPath ?? u.orgPath;
      }
    }
    const { day, seq } = await nextSequence(tx, 'contact', ctx.now);
    const answered = status === 'answered';
    const [row] = await tx
      .insert(contacts)
      .values({
        code: contactCode(day, seq),
        customerId,
        unitId: input.unitId ?? null,
        channel: input.channel,
        direction: input.direction,
        class: input.class,
        fromAddress: input.fromAddress ?? null,
        subject: input.subject ?? null,
        content: input.content,
        status,
        answer: input.answer ?? null,
        answeredBy: answered ? ctx.actor.id : null,
        answeredAt: answered ? ctx.now : null,
        orderRef: input.orderRef ?? null,
        agentId: ctx.actor.id,
        startedAt,
        endedAt,
        orgPath,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    if (customerId) await markFirstContact(tx, customerId, startedAt);
    await appendEvent(tx, ctx, {
      entity: 'contact',
      entityId: row!.id,
      action: 'contact.created',
      after: row,
      orgPath,
    });
    return row!;
  });
}

/** Locks a contact of the actor's subtree; others read as not found. */
async function lockContact(tx: DbLike, ctx: Ctx, id: string): Promise<ContactRow> {
  const [row] = await tx
    .select()
    .from(contacts)
    .where(and(eq(contacts.id, id), withinScope(ctx.actor, contacts.orgPath)))
    .for('update');
  if (!row) throw notFound(ctx, 'contact');
  return row;
}

function assertOpenConsultation(row: ContactRow, allowed: readonly ContactRow['status'][]): void {
  if (row.class !== 'consultation') throw new AppError('intake.not_consultation', { class: row.class });
  if (!allowed.includes(row.status)) throw new AppError('intake.contact_closed', { status: row.status });
}

/** Sends a hard consultation to the technical supervisors' queue (seed 004). */
export async function escalateContact(ctx: Ctx, id: string, input: EscalateBody): Promise<ContactRow> {
  requirePermission(ctx.actor, 'contacts.create');
  return ctx.db.transaction(async (tx) => {
    const before = await lockContact(tx, ctx, id);
    assertOpenConsultation(before, ['open']);
    const [after] = await tx
      .update(contacts)
      .set({ status: 'escalated', queue: input.queue, version: before.version + 1, updatedAt: ctx.now })
      .where(eq(contacts.id, id))
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'contact',
      entityId: id,
      action: 'contact.escalated',
      before: { status: before.status, queue: before.queue },
      after: { status: after!.status, queue: after!.queue },
      reason: input.note ?? null,
      orgPath: before.orgPath,
    });
    return after!;
  });
}

/** Answers a consultation, on the spot or from the supervisors' queue. */
export async function answerContact(ctx: Ctx, id: string, input: AnswerBody): Promise<ContactRow> {
  requirePermission(ctx.actor, 'contacts.create');
  return ctx.db.transaction(async (tx) => {
    const before = await lockContact(tx, ctx, id);
    assertOpenConsultation(before, ['open', 'escalated']);
    const [after] = await tx
      .update(contacts)
      .set({
        status: 'answered',
        answer: input.answer,
        answeredBy: ctx.actor.id,
        answeredAt: ctx.now,
        version: before.version + 1,
        updatedAt: ctx.now,
      })
      .where(eq(contacts.id, id))
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'contact',
      entityId: id,
      action: 'contact.answered',
      before: { status: before.status, answer: before.answer },
      after: { status: after!.status, answer: after!.answer },
      orgPath: before.orgPath,
    });
    return after!;
  });
}

/**
 * For the work-order module, inside its own transaction: logs an urging contact (催单) about an
 * order, at the customer's org path. The caller has checked the order's scope and the permission.
 */
export async function logUrgingContact(
  tx: DbLike,
  ctx: Ctx,
  input: {
    customerId: string;
    unitId: string | null;
    orderCode: string;
    channel: ContactRow['channel'];
    content: string;
  },
): Promise<ContactRow> {
  requirePermission(ctx.actor, 'contacts.create');
  const [c] = await tx.select({ orgPath: customers.orgPath }).from(customers).where(eq(customers.id, input.customerId));
  if (!c) throw notFoundField(ctx, 'customer', 'customerId');
  const { day, seq } = await nextSequence(tx, 'contact', ctx.now);
  const [row] = await tx
    .insert(contacts)
    .values({
      code: contactCode(day, seq),
      customerId: input.customerId,
      unitId: input.unitId,
      channel: input.channel,
      direction: 'inbound',
      class: 'urging',
      content: input.content,
      status: 'closed',
      orderRef: input.orderCode,
      agentId: ctx.actor.id,
      startedAt: ctx.now,
      orgPath: c.orgPath,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  await appendEvent(tx, ctx, {
    entity: 'contact',
    entityId: row!.id,
    action: 'contact.created',
    after: row,
    orgPath: c.orgPath,
  });
  return row!;
}

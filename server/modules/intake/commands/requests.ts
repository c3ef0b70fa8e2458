import { and, eq } from 'drizzle-orm';
import { FIELD_MESSAGES } from '../../../../shared/errors.js';
import type { DbLike } from '../../../db/client.js';
import { requirePermission, withinScope } from '../../../platform/access/index.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { appendEvent } from '../../../platform/events/index.js';
import { customerAddresses, customers, productModels, units } from '../../customers/index.js';
import { assertVersion, notFound, notFoundField, nextSequence } from '../common.js';
import type { CancelBody, RequestCreate } from '../contract.js';
import { firstPhoneOf, markFirstContact, phoneOrFail } from '../customers-port.js';
import { CANCELLABLE, CONVERTIBLE, requestCode } from '../rules.js';
import { contacts, serviceRequests } from '../tables.js';

export type ServiceRequestRow = typeof serviceRequests.$inferSelect;

const SOURCE_OF_CHANNEL = {
  phone: 'hotline',
  email: 'email',
  web: 'portal',
  wechat: 'wechat',
  letter: 'letter',
  walk_in: 'walk_in',
} as const;

function required(ctx: Pick<Ctx, 'lang'>, path: string): AppError {
  return new AppError('validation.failed', {}, [
    { path: `body.${path}`, code: 'required', message: `body.${path}: ${FIELD_MESSAGES.required![ctx.lang]}` },
  ]);
}

/**
 * A repair, installation or maintenance request from the desk: the work-order module turns it
 * into an order (DOMAIN.md, Intake). Unit, address and contact must belong to the customer.
 */
export async function createServiceRequest(ctx: Ctx, input: RequestCreate): Promise<ServiceRequestRow> {
  requirePermission(ctx.actor, 'contacts.create');
  const givenPhone = input.phone ? phoneOrFail(input.phone, 'phone') : null;
  if (input.preferredFrom && input.preferredTo && new Date(input.preferredTo) < new Date(input.preferredFrom)) {
    throw fieldError('preferredTo', 'validation.failed');
  }
  return ctx.db.transaction(async (tx) => {
    const [customer] = await tx
      .select({ id: customers.id, orgPath: customers.orgPath })
      .from(customers)
      .where(and(eq(customers.id, input.customerId), withinScope(ctx.actor, customers.orgPath)));
    if (!customer) throw notFoundField(ctx, 'customer', 'customerId');
    let modelId = input.modelId ?? null;
    let serialNo = input.serialNo ?? null;
    if (input.unitId) {
      const [u] = await tx
        .select({ customerId: units.customerId, modelId: units.modelId, serialNo: units.serialNo })
        .from(units)
        .where(eq(units.id, input.unitId));
      if (!u || u.customerId !== customer.id) throw fieldError('unitId', 'intake.unit_not_of_customer');
      modelId ??= u.modelId;
      serialNo ??= u.serialNo;
    }
    if (modelId && !input.unitId) {
      const [m] = await tx.select({ id: productModels.id }).from(productModels).where(eq(productModels.id, modelId));
      if (!m) throw notFoundField(ctx, 'model', 'modelId');
    }
    if (input.addressId) {
      const [a] = await tx
        .select({ customerId: customerAddresses.customerId })
        .from(customerAddresses)
        .where(eq(customerAddresses.id, input.addressId));
      if (a?.customerId !== customer.id) throw notFoundField(ctx, 'address', 'addressId');
    }
    let contact: { id: string; channel: keyof typeof SOURCE_OF_CHANNEL } | null = null;
    if (input.contactId) {
      const [c] = await tx
        .select({ id: contacts.id, channel: contacts.channel, customerId: contacts.customerId })
        .from(contacts)
        .where(and(eq(contacts.id, input.contactId), withinScope(ctx.actor, contacts.orgPath)))
        .for('update');
      if (!c || (c.customerId && c.customerId !== customer.id)) throw notFoundField(ctx, 'contact', 'contactId');
      contact = c;
    }
    const phone = givenPhone ?? (await firstPhoneOf(tx, customer.id));
    if (!phone) throw required(ctx, 'phone');
    const { day, seq } = await nextSequence(tx, 'service_request', ctx.now);
    const [row] = await tx
      .insert(serviceRequests)
      .values({
        code: requestCode(day, seq),
        kind: input.kind,
        source: contact ? SOURCE_OF_CHANNEL[contact.channel] : 'hotline',
        customerId: customer.id,
        unitId: input.unitId ?? null,
        modelId,
        serialNo,
        symptoms: input.symptoms,
        phone,
        addressId: input.addressId ?? null,
        preferredFrom: input.preferredFrom ? new Date(input.preferredFrom) : null,
        preferredTo: input.preferredTo ? new Date(input.preferredTo) : null,
        preferredNote: input.preferredNote ?? null,
        contactId: contact?.id ?? null,
        createdBy: ctx.actor.id,
        orgPath: customer.orgPath,
        createdAt: ctx.now,
        updatedAt: ctx.now,
      })
      .returning();
    if (contact) {
      await tx
        .update(contacts)
        .set({ serviceRequestId: row!.id, customerId: customer.id, updatedAt: ctx.now })
        .where(eq(contacts.id, contact.id));
    }
    await markFirstContact(tx, customer.id, ctx.now);
    await appendEvent(tx, ctx, {
      entity: 'service_request',
      entityId: row!.id,
      action: 'service_request.created',
      after: row,
      orgPath: row!.orgPath,
    });
    return row!;
  });
}

async function lockRequest(tx: DbLike, ctx: Ctx, id: string): Promise<ServiceRequestRow> {
  const [row] = await tx
    .select()
    .from(serviceRequests)
    .where(and(eq(serviceRequests.id, id), withinScope(ctx.actor, serviceRequests.orgPath)))
    .for('update');
  if (!row) throw notFound(ctx, 'service_request');
  return row;
}

/** Cancels a request not yet turned into an order, with the reason. */
export async function cancelServiceRequest(ctx: Ctx, id: string, input: CancelBody): Promise<ServiceRequestRow> {
  requirePermission(ctx.actor, 'contacts.create');
  return ctx.db.transaction(async (tx) => {
    const before = await lockRequest(tx, ctx, id);
    await assertVersion(tx, ctx, { entity: 'service_request', id, version: before.version }, input.version);
    if (!CANCELLABLE.has(before.status))
      throw new AppError('intake.request_not_cancellable', { status: before.status });
    const [after] = await tx
      .update(serviceRequests)
      .set({ status: 'cancelled', version: before.version + 1, updatedAt: ctx.now })
      .where(eq(serviceRequests.id, id))
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'service_request',
      entityId: id,
      action: 'service_request.cancelled',
      before: { status: before.status },
      after: { status: after!.status },
      reason: input.reason,
      orgPath: before.orgPath,
    });
    return after!;
  });
}

/**
 * For the work-order module, inside its own transaction: the request became order `orderId`.
 * Refuses requests outside the actor's subtree and those already converted or cancelled.
 */
export async function markRequestConverted(
  tx: DbLike,
  ctx: Ctx,
  id: string,
  orderId: string,
): Promise<ServiceRequestRow> {
  const before = await lockRequest(tx, ctx, id);
  if (!CONVERTIBLE.has(before.status)) throw new AppError('intake.request_not_convertible', { status: before.status });
  const [after] = await tx
    .update(serviceRequests)
    .set({ status: 'converted', orderId, version: before.version + 1, updatedAt: ctx.now })
    .where(eq(serviceRequests.id, id))
    .returning();
  await appendEvent(tx, ctx, {
    entity: 'service_request',
    entityId: id,
    action: 'service_request.converted',
    before: { status: before.status, orderId: before.orderId },
    after: { status: after!.status, orderId },
    orgPath: before.orgPath,
  });
  return after!;
}

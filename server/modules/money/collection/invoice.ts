import { and, eq } from 'drizzle-orm';
import { formatInstant } from '../../../../shared/time-zone.js';
import { withinScope } from '../../../platform/access/index.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { appendEvent } from '../../../platform/events/index.js';
import { recordNotFound } from '../../../platform/records.js';
import type { InvoiceIssue, InvoiceRequest, InvoiceRequestCreate } from './contract.js';
import { companyDay, lockOrder, lockOrderMoney } from './common.js';
import { collectedOn, invoiceById, NAMES } from './queries.js';
import { creditCodeProblem } from './rules.js';
import { invoiceRequests } from './tables.js';

/*
 * The customer's invoice request (docs/money-collection.md): one per order, once something was
 * collected; a company title with its unified social credit code (validated). Finance issues the
 * invoice: its number (发票号).
 */

export async function requestInvoice(ctx: Ctx, orderId: string, body: InvoiceRequestCreate): Promise<InvoiceRequest> {
  const taxId = body.taxId ? body.taxId : null;
  if (body.titleKind === 'company') {
    if (!taxId) throw fieldError('taxId', 'invoice.tax_id_required');
    const why = creditCodeProblem(taxId);
    if (why) throw fieldError('taxId', 'invoice.tax_id_invalid', { taxId, why: why[ctx.lang] });
  }
  const id = await ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, ctx, orderId);
    await lockOrderMoney(tx, orderId);
    const collected = (await collectedOn(tx, [orderId])).get(orderId) ?? 0;
    if (collected <= 0) throw new AppError('invoice.nothing_collected', { code: order.code });
    const [existing] = await tx.select().from(invoiceRequests).where(eq(invoiceRequests.orderId, orderId));
    if (existing) {
      const { timeZone } = await companyDay(tx, ctx.now);
      throw new AppError('invoice.already_requested', {
        code: order.code,
        at: formatInstant(existing.requestedAt, timeZone, ctx.lang),
      });
    }
    const [row] = await tx
      .insert(invoiceRequests)
      .values({
        orderId,
        orgPath: order.orgPath,
        orderCode: order.code,
        customerName: order.customerName,
        titleKind: body.titleKind,
        title: body.title,
        taxId,
        email: body.email ?? null,
        phone: body.phone ?? null,
        requestedBy: ctx.actor.id!,
        requestedAt: ctx.now,
      })
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'invoice_request',
      entityId: row!.id,
      action: 'invoice.requested',
      after: { orderId, orderCode: order.code, titleKind: body.titleKind, title: body.title, taxId },
      orgPath: order.orgPath,
    });
    return row!.id;
  });
  return (await invoiceById(ctx.db, id))!;
}

export async function issueInvoice(ctx: Ctx, id: string, body: InvoiceIssue): Promise<InvoiceRequest> {
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(invoiceRequests)
      .where(and(eq(invoiceRequests.id, id), withinScope(ctx.actor, invoiceRequests.orgPath)))
      .for('update');
    if (!row) throw recordNotFound(ctx.lang, NAMES.invoice);
    if (row.invoiceNo) throw new AppError('invoice.already_issued', { invoiceNo: row.invoiceNo });
    await tx
      .update(invoiceRequests)
      .set({ invoiceNo: body.invoiceNo, issuedBy: ctx.actor.id, issuedAt: ctx.now })
      .where(eq(invoiceRequests.id, id));
    await appendEvent(tx, ctx, {
      entity: 'invoice_request',
      entityId: id,
      action: 'invoice.issued',
      before: { invoiceNo: null },
      after: { invoiceNo: body.invoiceNo },
      orgPath: row.orgPath,
    });
  });
  return (await invoiceById(ctx.db, id))!;
}

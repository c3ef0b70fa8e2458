import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { ParsedMail } from 'mailparser';
import type { Db, DbLike } from '../../../db/client.js';
import { type Ctx, systemCtx } from '../../../platform/context.js';
import { appendEvent } from '../../../platform/events/index.js';
import { orgUnits } from '../../../platform/identity/tables.js';
import { customersByEmail } from '../../customers/index.js';
import { nextSequence } from '../common.js';
import { customersByIds, markFirstContact } from '../customers-port.js';
import { type MailOrder, orderMail } from '../order-port.js';
import { contactCode } from '../rules.js';
import { attachments, contacts } from '../tables.js';
import { removeUploads, type StoredFile, storeUpload } from '../uploads.js';
import {
  attachmentMime,
  attachmentName,
  MAX_MAIL_ATTACHMENTS,
  type MailSkipReason,
  mailSkipReason,
  mailSubject,
  mailText,
  messageKey,
  normaliseAddress,
} from './rules.js';

/*
 * A received mail becomes a contact of the intake desk (docs/mail-in.md): channel 'email', an
 * open consultation, from the sender's address, with its subject, text and attachments, in one
 * transaction. The customer is the archive with the sender's address; a subject naming an order's
 * number threads the mail to that order (its customer, its timeline). Auto replies, bounces and
 * our own mail are skipped; a second delivery of the same Message-ID is a duplicate.
 */

/** The system actor that writes received mail (events name it, as the portal's name 'portal'). */
export const MAIL_ACTOR = 'mail-in';

export interface ReceiveOptions {
  now: Date;
  /** Where attachments are stored (`<dataDir>/uploads/yyyy/mm/…`). */
  dataDir: string;
  /** The SMTP envelope sender: '' for the null sender `<>` of a bounce; undefined when not known. */
  envelopeFrom?: string | null;
  /** Our own sending addresses: mail from them is never logged (two systems answering each other). */
  ownAddresses?: readonly string[];
  log?: FastifyBaseLogger;
}

export type ReceiveResult =
  | {
      outcome: 'created';
      contactId: string;
      code: string;
      customerId: string | null;
      orderCode: string | null;
      attachments: number;
    }
  | { outcome: 'duplicate'; contactId: string; messageId: string }
  | { outcome: 'skipped'; reason: MailSkipReason };

/** The sender: the From header's first address, else the envelope's. */
function senderOf(parsed: ParsedMail, envelopeFrom: string | null | undefined): string | null {
  const first = parsed.from?.value.find((a) => a.address) ?? parsed.from?.value.flatMap((a) => a.group ?? [])[0];
  return normaliseAddress(first?.address) ?? normaliseAddress(envelopeFrom);
}

async function contactWithMessageId(db: DbLike, messageId: string): Promise<string | null> {
  const [row] = await db.select({ id: contacts.id }).from(contacts).where(eq(contacts.messageId, messageId));
  return row?.id ?? null;
}

/** Where records of no known customer go: the company's root (headquarters). */
async function companyRootPath(db: DbLike): Promise<string> {
  const [root] = await db
    .select({ path: orgUnits.path })
    .from(orgUnits)
    .where(and(isNull(orgUnits.parentId), eq(orgUnits.kind, 'hq')))
    .orderBy(asc(orgUnits.createdAt))
    .limit(1);
  if (!root) throw new Error('mail received before the company was set up: no headquarters');
  return root.path;
}

/** The customer a mail is from: the order's when it names one, else the oldest archive with the sender's address. */
async function customerOf(
  db: DbLike,
  order: MailOrder | null,
  from: string | null,
): Promise<{ id: string; orgPath: string } | null> {
  if (order) {
    const [c] = await customersByIds(db, [order.customerId]);
    if (c) return { id: c.id, orgPath: c.orgPath };
  }
  if (!from) return null;
  const [c] = await customersByEmail(db, from, 1);
  return c ?? null;
}

/**
 * Logs one received mail as a contact. Files are written before the transaction and removed
 * again when it fails or finds the mail already logged. Throws only when the mail could not be
 * logged (the database), so the SMTP side answers "try later" and the relay keeps it.
 */
export async function receiveMail(db: Db, parsed: ParsedMail, opts: ReceiveOptions): Promise<ReceiveResult> {
  const log = opts.log;
  const from = senderOf(parsed, opts.envelopeFrom);
  const subject = mailSubject(parsed.subject);
  const messageId = messageKey(parsed.messageId);
  const skip = mailSkipReason(
    { headers: parsed.headers, from, envelopeFrom: opts.envelopeFrom },
    opts.ownAddresses ?? [],
  );
  if (skip) {
    log?.info({ mail: { from, subject, messageId }, reason: skip }, 'mail not logged: not a person writing');
    return { outcome: 'skipped', reason: skip };
  }
  if (messageId) {
    const seen = await contactWithMessageId(db, messageId);
    if (seen) {
      log?.info({ mail: { from, messageId }, contactId: seen }, 'mail already logged: duplicate delivery');
      return { outcome: 'duplicate', contactId: seen, messageId };
    }
  }

  const kept = parsed.attachments.filter((a) => a.content.length > 0);
  if (kept.length > MAX_MAIL_ATTACHMENTS)
    log?.warn(
      { mail: { from, messageId }, attachments: kept.length, kept: MAX_MAIL_ATTACHMENTS },
      'mail has more attachments than are kept',
    );
  const stored: string[] = [];
  try {
    const files: (StoredFile & { fileName: string; mime: string })[] = [];
    for (const [i, a] of kept.slice(0, MAX_MAIL_ATTACHMENTS).entries()) {
      const f = await storeUpload(opts.dataDir, a.content, opts.now);
      stored.push(f.key);
      files.push({ ...f, fileName: attachmentName(a.filename, i), mime: attachmentMime(a.contentType) });
    }
    const result = await db.transaction(async (tx): Promise<ReceiveResult> => {
      const ctx: Ctx = systemCtx(tx as unknown as Db, { name: MAIL_ACTOR, now: opts.now, ...(log ? { log } : {}) });
      if (messageId) {
        // Two deliveries at once (two instances, a relay retrying early) log one contact.
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sanbao.mail.${messageId}`}))`);
        const seen = await contactWithMessageId(tx, messageId);
        if (seen) return { outcome: 'duplicate', contactId: seen, messageId };
      }
      const order = subject ? await orderMail().orderNamedIn(tx, subject) : null;
      const customer = await customerOf(tx, order, from);
      const orgPath = customer?.orgPath ?? (await companyRootPath(tx));
      const { day, seq } = await nextSequence(tx, 'contact', opts.now);
      const [row] = await tx
        .insert(contacts)
        .values({
          code: contactCode(day, seq),
          customerId: customer?.id ?? null,
          unitId: order?.unitId ?? null,
          channel: 'email',
          direction: 'inbound',
          class: 'consultation',
          fromAddress: from,
          subject,
          content: mailText(parsed),
          status: 'open',
          orderRef: order?.code ?? null,
          agentId: null,
          startedAt: opts.now,
          orgPath,
          messageId,
          createdAt: opts.now,
          updatedAt: opts.now,
        })
        .returning();
      const contact = row!;
      if (files.length) {
        await tx.insert(attachments).values(
          files.map((f) => ({
            ownerType: 'contact' as const,
            ownerId: contact.id,
            fileName: f.fileName,
            mime: f.mime,
            size: f.size,
            storageKey: f.key,
            sha256: f.sha256,
            createdAt: opts.now,
          })),
        );
      }
      if (customer) await markFirstContact(tx, customer.id, opts.now);
      await appendEvent(tx, ctx, {
        entity: 'contact',
        entityId: contact.id,
        action: 'contact.created',
        after: { ...contact, attachments: files.map((f) => ({ fileName: f.fileName, mime: f.mime, size: f.size })) },
        orgPath,
      });
      if (order)
        await orderMail().mailReceived(tx, ctx, {
          orderId: order.id,
          contactId: contact.id,
          contactCode: contact.code,
          subject,
        });
      return {
        outcome: 'created',
        contactId: contact.id,
        code: contact.code,
        customerId: contact.customerId,
        orderCode: contact.orderRef,
        attachments: files.length,
      };
    });
    if (result.outcome === 'duplicate') {
      await removeUploads(opts.dataDir, stored);
      log?.info({ mail: { from, messageId }, contactId: result.contactId }, 'mail already logged: duplicate delivery');
    } else if (result.outcome === 'created') {
      log?.info(
        { mail: { from, messageId }, contact: result.code, order: result.orderCode, attachments: result.attachments },
        'mail logged as a contact',
      );
    }
    return result;
  } catch (err) {
    await removeUploads(opts.dataDir, stored);
    throw err;
  }
}

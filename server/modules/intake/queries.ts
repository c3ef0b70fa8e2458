import { and, asc, count, desc, eq, gte, inArray, isNull, like, lte, or, type SQL, sql } from 'drizzle-orm';
import { withinScope } from '../../platform/access/index.js';
import type { Ctx } from '../../platform/context.js';
import { events } from '../../platform/events/index.js';
import { type ContactMask, contactLens, customers, productModels, units } from '../customers/index.js';
import { iso, notFound } from './common.js';
import type {
  Contact,
  ContactDetail,
  ContactListQuery,
  CustomerCard,
  LookupResult,
  QueueQuery,
  RequestListQuery,
  ServiceRequest,
  TrackResult,
} from './contract.js';
import {
  customerIdsByPhone,
  customerIdsByPhoneSuffix,
  normaliseSerial,
  phonesOfCustomers,
  tryPhone,
} from './customers-port.js';
import { orderMail, trackedOrder } from './order-port.js';
import { type LookupKey, lookupKeys, trackStage, trackTimeline } from './rules.js';
import { attachments, contacts, serviceRequests } from './tables.js';
import { escapeLike } from '../../platform/records.js';

/*
 * Reads of the intake desk. Every list is filtered by the actor's subtree (platform/access);
 * the lookup runs a fixed number of indexed queries whatever it finds: one per key to collect
 * customer ids, then one each for customers, phones, units, open requests and recent contacts.
 */

const MAX_CARDS = 10;
const RECENT_CONTACTS = 5;

async function idsFor(ctx: Ctx, key: LookupKey): Promise<string[]> {
  const db = ctx.db;
  switch (key.kind) {
    case 'request_code': {
      const rows = await db
        .select({ id: serviceRequests.customerId })
        .from(serviceRequests)
        .where(and(eq(serviceRequests.code, key.value), withinScope(ctx.actor, serviceRequests.orgPath)));
      return rows.map((r) => r.id);
    }
    case 'contact_code': {
      const rows = await db
        .select({ id: contacts.customerId })
        .from(contacts)
        .where(and(eq(contacts.code, key.value), withinScope(ctx.actor, contacts.orgPath)));
      return rows.flatMap((r) => (r.id ? [r.id] : []));
    }
    case 'customer_code': {
      const rows = await db.select({ id: customers.id }).from(customers).where(eq(customers.code, key.value));
      return rows.map((r) => r.id);
    }
    case 'phone':
      return customerIdsByPhone(db, key.value);
    case 'phone_suffix':
      return customerIdsByPhoneSuffix(db, key.value, (orgPath) => withinScope(ctx.actor, orgPath));
    case 'serial': {
      const rows = await db
        .select({ id: units.customerId })
        .from(units)
        .where(
          and(
            like(units.serialNo, `${escapeLike(normaliseSerial(key.value))}%`),
            withinScope(ctx.actor, units.orgPath),
          ),
        )
        .limit(MAX_CARDS * 2);
      return rows.map((r) => r.id);
    }
    case 'name': {
      const prefix = `${escapeLike(key.value)}%`;
      const rows = await db
        .select({ id: customers.id })
        .from(customers)
        .where(
          and(
            or(like(customers.name, prefix), like(customers.companyName, prefix)),
            isNull(customers.mergedIntoId),
            withinScope(ctx.actor, customers.orgPath),
          ),
        )
        .limit(MAX_CARDS * 2);
      return rows.map((r) => r.id);
    }
  }
}

/**
 * The agent's one search box: phone (whole or 4+ trailing digits), customer code, name prefix,
 * serial, request or contact code → customer cards with units, open requests and the last
 * contacts. Phones are shown whole only to people who serve customers (DOMAIN.md, Privacy).
 */
export async function lookup(ctx: Ctx, raw: string): Promise<LookupResult> {
  const phone = /^[\d\s+\-()（）]+$/.test(raw) || /转|ext/i.test(raw) ? tryPhone(raw) : null;
  const keys = lookupKeys(raw, phone);
  const found = await Promise.all(keys.map((k) => idsFor(ctx, k)));
  const matchedBy = new Map<string, string[]>();
  found.forEach((ids, i) => {
    for (const id of ids) matchedBy.set(id, [...(matchedBy.get(id) ?? []), keys[i]!.kind]);
  });
  const candidates = [...matchedBy.keys()].slice(0, MAX_CARDS * 2);
  if (candidates.length === 0) return { q: raw, cards: [] };

  const recent = ctx.db
    .select({
      id: contacts.id,
      customerId: contacts.customerId,
      code: contacts.code,
      channel: contacts.channel,
      class: contacts.class,
      status: contacts.status,
      subject: contacts.subject,
      content: contacts.content,
      startedAt: contacts.startedAt,
      rn: sql<number>`row_number() over (partition by ${contacts.customerId} order by ${contacts.startedAt} desc)`.as(
        'rn',
      ),
    })
    .from(contacts)
    .where(inArray(contacts.customerId, candidates))
    .as('recent');

  const [people, phones, owned, open, lastContacts] = await Promise.all([
    ctx.db
      .select({
        id: customers.id,
        code: customers.code,
        kind: customers.kind,
        name: customers.name,
        companyName: customers.companyName,
        tags: customers.tags,
        firstContactAt: customers.firstContactAt,
      })
      .from(customers)
      .where(
        and(
          inArray(customers.id, candidates),
          isNull(customers.mergedIntoId),
          withinScope(ctx.actor, customers.orgPath),
        ),
      ),
    phonesOfCustomers(ctx.db, candidates),
    ctx.db
      .select({
        id: units.id,
        customerId: units.customerId,
        modelId: units.modelId,
        modelCode: productModels.code,
        modelName: productModels.name,
        serialNo: units.serialNo,
        usage: units.usage,
        status: units.status,
        purchaseDate: units.purchaseDate,
      })
      .from(units)
      .innerJoin(productModels, eq(productModels.id, units.modelId))
      .where(inArray(units.customerId, candidates))
      .orderBy(asc(units.createdAt)),
    ctx.db
      .select({
        id: serviceRequests.id,
        customerId: serviceRequests.customerId,
        code: serviceRequests.code,
        kind: serviceRequests.kind,
        status: serviceRequests.status,
        unitId: serviceRequests.unitId,
        symptoms: serviceRequests.symptoms,
        createdAt: serviceRequests.createdAt,
      })
      .from(serviceRequests)
      .where(and(inArray(serviceRequests.customerId, candidates), inArray(serviceRequests.status, ['new', 'accepted'])))
      .orderBy(desc(serviceRequests.createdAt)),
    ctx.db.select().from(recent).where(lte(recent.rn, RECENT_CONTACTS)).orderBy(desc(recent.startedAt)),
  ]);

  const lens = await contactLens(ctx.db, ctx, candidates);
  const byId = new Map(people.map((p) => [p.id, p]));
  const cards: CustomerCard[] = [];
  for (const id of candidates) {
    const c = byId.get(id);
    if (!c || cards.length >= MAX_CARDS) continue;
    cards.push({
      customer: {
        ...c,
        firstContactAt: iso(c.firstContactAt),
        phones: phones
          .filter((p) => p.customerId === id)
          .map((p) => ({ number: lens(id).number(p.number), kind: p.kind, isPrimary: p.isPrimary })),
      },
      matchedBy: matchedBy.get(id) ?? [],
      units: owned.filter((u) => u.customerId === id).map(({ customerId: _c, ...u }) => u),
      openRequests: open
        .filter((r) => r.customerId === id)
        .map(({ customerId: _c, ...r }) => ({ ...r, createdAt: r.createdAt.toISOString() })),
      recentContacts: lastContacts
        .filter((r) => r.customerId === id)
        .map(({ customerId: _c, rn: _rn, ...r }) => ({
          ...r,
          content: r.content.slice(0, 200),
          startedAt: r.startedAt.toISOString(),
        })),
    });
  }
  return { q: raw, cards };
}

// Contacts

export function contactView(r: typeof contacts.$inferSelect): Contact {
  return {
    id: r.id,
    code: r.code,
    customerId: r.customerId,
    unitId: r.unitId,
    channel: r.channel,
    direction: r.direction,
    class: r.class,
    fromAddress: r.fromAddress,
    subject: r.subject,
    content: r.content,
    status: r.status,
    queue: r.queue,
    answer: r.answer,
    answeredBy: r.answeredBy,
    answeredAt: iso(r.answeredAt),
    orderRef: r.orderRef,
    serviceRequestId: r.serviceRequestId,
    agentId: r.agentId,
    startedAt: r.startedAt.toISOString(),
    endedAt: iso(r.endedAt),
    version: r.version,
    createdAt: r.createdAt.toISOString(),
  };
}

/** One contact of the actor's subtree with its attachments and the order it names; 404 otherwise. */
export async function getContact(ctx: Ctx, id: string): Promise<ContactDetail> {
  const [row] = await ctx.db
    .select()
    .from(contacts)
    .where(and(eq(contacts.id, id), withinScope(ctx.actor, contacts.orgPath)));
  if (!row) throw notFound(ctx, 'contact');
  const files = await ctx.db
    .select({ id: attachments.id, fileName: attachments.fileName, mime: attachments.mime, size: attachments.size })
    .from(attachments)
    .where(and(eq(attachments.ownerType, 'contact'), eq(attachments.ownerId, id)))
    .orderBy(asc(attachments.createdAt), asc(attachments.id));
  const order = row.orderRef ? await orderMail().orderNamedIn(ctx.db, row.orderRef) : null;
  return { ...contactView(row), attachments: files, orderId: order?.code === row.orderRef ? order.id : null };
}

/** One file of a contact of the actor's subtree (the contact's scope decides); 404 otherwise. */
export async function getContactAttachment(ctx: Ctx, contactId: string, attachmentId: string) {
  const [file] = await ctx.db
    .select({
      fileName: attachments.fileName,
      mime: attachments.mime,
      size: attachments.size,
      storageKey: attachments.storageKey,
    })
    .from(attachments)
    .innerJoin(contacts, eq(contacts.id, attachments.ownerId))
    .where(
      and(
        eq(attachments.id, attachmentId),
        eq(attachments.ownerType, 'contact'),
        eq(attachments.ownerId, contactId),
        withinScope(ctx.actor, contacts.orgPath),
      ),
    );
  if (!file) throw notFound(ctx, 'contact');
  return file;
}

export async function listContacts(ctx: Ctx, q: ContactListQuery) {
  const where: SQL[] = [withinScope(ctx.actor, contacts.orgPath)];
  if (q.customerId) where.push(eq(contacts.customerId, q.customerId));
  if (q.channel) where.push(eq(contacts.channel, q.channel));
  if (q.class) where.push(eq(contacts.class, q.class));
  if (q.status) where.push(eq(contacts.status, q.status));
  if (q.from) where.push(gte(contacts.startedAt, new Date(q.from)));
  if (q.to) where.push(lte(contacts.startedAt, new Date(q.to)));
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select()
      .from(contacts)
      .where(and(...where))
      .orderBy(desc(contacts.startedAt), desc(contacts.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db
      .select({ n: count() })
      .from(contacts)
      .where(and(...where)),
  ]);
  return { items: rows.map(contactView), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** Escalated consultations waiting in a queue, oldest first. */
export async function listQueue(ctx: Ctx, q: QueueQuery): Promise<Contact[]> {
  const rows = await ctx.db
    .select()
    .from(contacts)
    .where(and(eq(contacts.status, 'escalated'), eq(contacts.queue, q.queue), withinScope(ctx.actor, contacts.orgPath)))
    .orderBy(asc(contacts.startedAt), asc(contacts.id))
    .limit(q.limit);
  return rows.map(contactView);
}

// Service requests

const requestColumns = {
  id: serviceRequests.id,
  code: serviceRequests.code,
  kind: serviceRequests.kind,
  source: serviceRequests.source,
  customerId: serviceRequests.customerId,
  customerName: customers.name,
  unitId: serviceRequests.unitId,
  modelId: serviceRequests.modelId,
  serialNo: serviceRequests.serialNo,
  symptoms: serviceRequests.symptoms,
  phone: serviceRequests.phone,
  addressId: serviceRequests.addressId,
  preferredFrom: serviceRequests.preferredFrom,
  preferredTo: serviceRequests.preferredTo,
  preferredNote: serviceRequests.preferredNote,
  status: serviceRequests.status,
  orderId: serviceRequests.orderId,
  contactId: serviceRequests.contactId,
  orgPath: serviceRequests.orgPath,
  version: serviceRequests.version,
  createdAt: serviceRequests.createdAt,
};
type RequestRow = { [K in keyof typeof requestColumns]: (typeof requestColumns)[K]['_']['data'] } & {
  customerName: string;
};

/** A request as the reader may see it: its callback number masked as its customer's are (customers/contact.ts). */
function requestView(r: RequestRow, mask: ContactMask, files: ServiceRequest['attachments'] = []): ServiceRequest {
  return {
    ...r,
    phone: mask.number(r.phone),
    preferredFrom: iso(r.preferredFrom),
    preferredTo: iso(r.preferredTo),
    createdAt: r.createdAt.toISOString(),
    attachments: files,
  };
}

async function requestViews(ctx: Ctx, rows: RequestRow[]): Promise<ServiceRequest[]> {
  const lens = await contactLens(
    ctx.db,
    ctx,
    rows.map((r) => r.customerId),
  );
  return rows.map((r) => requestView(r, lens(r.customerId)));
}

/** One request of the actor's subtree, with its attachments; 404 otherwise. */
export async function getServiceRequest(ctx: Ctx, id: string): Promise<ServiceRequest> {
  const [row] = await ctx.db
    .select(requestColumns)
    .from(serviceRequests)
    .innerJoin(customers, eq(customers.id, serviceRequests.customerId))
    .where(and(eq(serviceRequests.id, id), withinScope(ctx.actor, serviceRequests.orgPath)));
  if (!row) throw notFound(ctx, 'service_request');
  const files = await ctx.db
    .select({ id: attachments.id, fileName: attachments.fileName, mime: attachments.mime, size: attachments.size })
    .from(attachments)
    .where(and(eq(attachments.ownerType, 'service_request'), eq(attachments.ownerId, id)))
    .orderBy(asc(attachments.createdAt));
  const lens = await contactLens(ctx.db, ctx, [row.customerId]);
  return requestView(row as RequestRow, lens(row.customerId), files);
}

export async function listServiceRequests(ctx: Ctx, q: RequestListQuery) {
  const where: SQL[] = [withinScope(ctx.actor, serviceRequests.orgPath)];
  if (q.status) where.push(eq(serviceRequests.status, q.status));
  if (q.kind) where.push(eq(serviceRequests.kind, q.kind));
  if (q.customerId) where.push(eq(serviceRequests.customerId, q.customerId));
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select(requestColumns)
      .from(serviceRequests)
      .innerJoin(customers, eq(customers.id, serviceRequests.customerId))
      .where(and(...where))
      .orderBy(desc(serviceRequests.createdAt), desc(serviceRequests.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db
      .select({ n: count() })
      .from(serviceRequests)
      .where(and(...where)),
  ]);
  return {
    items: await requestViews(ctx, rows as RequestRow[]),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** New requests of the actor's subtree, oldest first: the work-order module's inbox. */
export async function listNewServiceRequests(
  ctx: Ctx,
  opts: { limit?: number; kind?: 'repair' | 'installation' | 'maintenance' } = {},
) {
  const where: SQL[] = [eq(serviceRequests.status, 'new'), withinScope(ctx.actor, serviceRequests.orgPath)];
  if (opts.kind) where.push(eq(serviceRequests.kind, opts.kind));
  const rows = await ctx.db
    .select(requestColumns)
    .from(serviceRequests)
    .innerJoin(customers, eq(customers.id, serviceRequests.customerId))
    .where(and(...where))
    .orderBy(asc(serviceRequests.createdAt), asc(serviceRequests.id))
    .limit(opts.limit ?? 100);
  return requestViews(ctx, rows as RequestRow[]);
}

/** The status timeline a customer sees: the request's steps, nothing personal. */
export async function trackView(ctx: Pick<Ctx, 'db'>, requestId: string): Promise<TrackResult> {
  const [row] = await ctx.db
    .select({
      code: serviceRequests.code,
      kind: serviceRequests.kind,
      status: serviceRequests.status,
      createdAt: serviceRequests.createdAt,
      orderId: serviceRequests.orderId,
    })
    .from(serviceRequests)
    .where(eq(serviceRequests.id, requestId));
  const mine = and(eq(events.entity, 'service_request'), eq(events.entityId, requestId));
  // The work order it became: its state now (order-port.ts) and its changes in the audit trail.
  const ofOrder = row?.orderId ? and(eq(events.entity, 'work_order'), eq(events.entityId, row.orderId)) : undefined;
  const [steps, order] = await Promise.all([
    ctx.db
      .select({
        action: events.action,
        at: events.at,
        state: sql<string | null>`${events.changes}->'state'->>'after'`,
      })
      .from(events)
      .where(ofOrder ? or(mine, ofOrder) : mine)
      .orderBy(asc(events.id)),
    row?.orderId ? trackedOrder(ctx.db, row.orderId) : null,
  ]);
  return {
    code: row!.code,
    kind: row!.kind,
    status: row!.status,
    createdAt: row!.createdAt.toISOString(),
    ...trackStage(row!.status, order),
    timeline: trackTimeline(steps),
  };
}

/** One photo of a request of the actor's subtree (the request's scope decides); 404 otherwise. */
export async function getRequestAttachment(ctx: Ctx, requestId: string, attachmentId: string) {
  await getServiceRequest(ctx, requestId);
  const [file] = await ctx.db
    .select({
      fileName: attachments.fileName,
      mime: attachments.mime,
      size: attachments.size,
      storageKey: attachments.storageKey,
    })
    .from(attachments)
    .where(
      and(
        eq(attachments.id, attachmentId),
        eq(attachments.ownerType, 'service_request'),
        eq(attachments.ownerId, requestId),
      ),
    );
  if (!file) throw notFound(ctx, 'service_request');
  return file;
}

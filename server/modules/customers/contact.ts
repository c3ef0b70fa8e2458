import { divisionPath } from '../../../shared/divisions.js';
import { formatPhone, maskPhone } from '../../../shared/phone.js';
import type { Db, DbLike } from '../../db/client.js';
import { type Actor, hasPermission } from '../../platform/access/index.js';
import { cachedSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { servingOrdersOf } from './ports.js';
import {
  type ContactClock,
  type ContactViewer,
  maskAddressDetail,
  type ServingOrder,
  seesFullContact,
} from './rules.js';

/*
 * The one place that decides whether an answer carries a customer's full phones and streets
 * (DOMAIN.md, Privacy: "only those who serve an order see its phone and address"). The rule is
 * pure (rules.ts `seesFullContact` / `servesOrder`); this file gathers its facts — the reader, the
 * orders of the customers in the answer that the reader serves, the setting and the company time
 * zone — and masks. Every read that carries phones or addresses goes through `contactLens` (per
 * customer) or `orderContactLens` (one order): the archive, its export, units, the intake desk,
 * service requests, the appraisal form and the order page; the audit trail masks recorded
 * changes with `auditChangesFor`.
 *
 * The orders live in the work-order module, above this one: it provides them through the typed
 * port `servingOrdersOf` (ports.ts), wired where its routes are registered.
 */

export function contactViewer(actor: Actor): ContactViewer {
  return {
    id: actor.id,
    orgPath: actor.orgPath,
    keepsArchive: actor.kind === 'system' || hasPermission(actor, 'customers.manage'),
    dispatches: hasPermission(actor, 'orders.dispatch'),
  };
}

/** The setting and zone from this instance's cache (ctx.db, also when the answer is read in a transaction). */
async function contactClock(db: Db, now: Date): Promise<ContactClock> {
  const [timeZone, daysAfterEnd] = await Promise.all([
    cachedSetting(db, 'company.timeZone', now),
    cachedSetting(db, 'customers.contactDaysAfterEnd', now),
  ]);
  return { now, timeZone, daysAfterEnd };
}

/**
 * The orders of these customers the reader could be serving: assigned to them, or held by their
 * unit when they dispatch. The rule then judges state and time; one indexed query per answer.
 */
async function servingOrdersByCustomer(
  db: DbLike,
  viewer: ContactViewer,
  customerIds: string[],
): Promise<Map<string, ServingOrder[]>> {
  const out = new Map<string, ServingOrder[]>();
  if (customerIds.length === 0 || viewer.id === null) return out;
  const orders = await servingOrdersOf()(
    db,
    { technicianId: viewer.id, heldBy: viewer.dispatches ? viewer.orgPath : null },
    customerIds,
  );
  for (const { customerId, ...order } of orders) {
    const list = out.get(customerId) ?? [];
    list.push(order);
    out.set(customerId, list);
  }
  return out;
}

/** Shows or masks one customer's phones and streets for the reader. */
export interface ContactMask {
  /** Whether the reader sees this customer's details whole. */
  whole: boolean;
  /** The number in normal form, or 138****8000. */
  number(number: string): string;
  /** The number as people read it (138 0013 8000 转 12), or masked. */
  display(number: string, extension?: string | null): string;
  /** The street and house number, or "天河路****". */
  detail(detail: string): string;
  /** Province, city and district, then the street as the reader may see it. */
  addressText(a: {
    detail: string;
    provinceCode: string;
    cityCode: string | null;
    districtCode: string | null;
  }): string;
}

function maskFor(whole: boolean): ContactMask {
  const detail = (d: string) => (whole ? d : maskAddressDetail(d));
  return {
    whole,
    number: (n) => (whole ? n : maskPhone(n)),
    display: (n, ext) => (whole ? formatPhone(n, ext) : maskPhone(n)),
    detail,
    addressText: (a) => `${divisionPath(a)} ${detail(a.detail)}`.trim(),
  };
}

export const WHOLE_CONTACT: ContactMask = maskFor(true);

/** Per customer of an answer: how the reader sees their phones and streets. One query for the lot. */
export async function contactLens(
  db: DbLike,
  ctx: Pick<Ctx, 'db' | 'actor' | 'now'>,
  customerIds: readonly string[],
): Promise<(customerId: string) => ContactMask> {
  const viewer = contactViewer(ctx.actor);
  if (viewer.keepsArchive) return () => WHOLE_CONTACT;
  const unique = [...new Set(customerIds)];
  const [orders, clock] = await Promise.all([
    servingOrdersByCustomer(db, viewer, unique),
    contactClock(ctx.db, ctx.now),
  ]);
  const masks = new Map(unique.map((id) => [id, maskFor(seesFullContact(viewer, orders.get(id) ?? [], clock))]));
  return (id) => masks.get(id) ?? maskFor(false);
}

/** How the reader sees the contact details of one order (the order page, its answers to actions). */
export async function orderContactLens(
  ctx: Pick<Ctx, 'db' | 'actor' | 'now'>,
  order: ServingOrder,
): Promise<ContactMask> {
  const viewer = contactViewer(ctx.actor);
  if (viewer.keepsArchive) return WHOLE_CONTACT;
  return maskFor(seesFullContact(viewer, [order], await contactClock(ctx.db, ctx.now)));
}

/**
 * The same for an order that has just been created, with no read: a new order is open, so the
 * days after its end do not enter the rule.
 */
export function newOrderContactMask(actor: Actor, order: ServingOrder): ContactMask {
  const viewer = contactViewer(actor);
  return maskFor(seesFullContact(viewer, [order], { now: new Date(0), timeZone: 'UTC', daysAfterEnd: 0 }));
}

/** Fields of audit changes that hold a customer's phone or address (customer, contact, request and order events). */
const PHONE_FIELDS = new Set(['phone', 'phones', 'number', 'customerPhone', 'fromAddress']);
const ADDRESS_FIELDS = new Set(['address', 'addresses', 'detail']);

/** Any run of 7+ digits (spaces and dashes allowed inside) in a text, masked as a number. */
function maskNumbersIn(text: string): string {
  return text.replace(/\d[\d\s-]{5,}\d/g, (run) => maskPhone(run.replace(/[\s-]/g, '')));
}

function maskAuditValue(field: string | null, v: unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => maskAuditValue(field, x));
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [
        k,
        maskAuditValue(PHONE_FIELDS.has(k) || ADDRESS_FIELDS.has(k) ? k : field, x),
      ]),
    );
  }
  if (typeof v !== 'string' || field === null) return v;
  return PHONE_FIELDS.has(field) ? maskNumbersIn(v) : maskAddressDetail(v);
}

/**
 * The audit trail as a reader who does not keep the archive sees it: phones and streets in the
 * recorded changes masked like everywhere else, so the trail is no way around the rule. The
 * trail is read per unit, not per order, so only archive keepers read these fields whole.
 */
export function auditChangesFor(actor: Actor, changes: Record<string, { before: unknown; after: unknown }>) {
  if (contactViewer(actor).keepsArchive) return changes;
  return Object.fromEntries(
    Object.entries(changes).map(([k, c]) => {
      const field = PHONE_FIELDS.has(k) || ADDRESS_FIELDS.has(k) ? k : null;
      return [k, { before: maskAuditValue(field, c.before), after: maskAuditValue(field, c.after) }];
    }),
  );
}

import { and, asc, inArray, or, sql } from 'drizzle-orm';
import type { Db, DbLike } from '../../../db/client.js';
import { IDENTITY_CACHE } from '../../../platform/auth/actors.js';
import { instanceCache } from '../../../platform/cache/index.js';
import { cachedSetting } from '../../../platform/config/index.js';
import type { Ctx } from '../../../platform/context.js';
import { orgUnits } from '../../../platform/identity/tables.js';
import { type ArchiveFacts, orderFactsOf } from '../../customers/index.js';
import { attachmentListColumns, attachments, getServiceRequest } from '../../intake/index.js';
import type { CreationDraft, RequestFacts } from '../rules.js';
import type { RoutingResult } from '../routing.js';
import { suggestionForNewOrder } from '../suggest.js';
import { workOrderIdempotency } from '../tables.js';

/*
 * The facts a group of new orders needs, read for the whole group at once: the requests they
 * convert, earlier uses of their idempotency keys, what they refer to in the customer archive
 * (one statement, customers/order-facts.ts), their intake photos, the unit each creator acts for
 * and the routing suggestion for each order's place. The rules (rules.ts, planCreation) decide.
 *
 * `db` is the database, or the transaction of a command that creates an order as a side effect
 * (a repeat visit): every read goes through it, the cached ones too (a cache keyed by a
 * transaction lives as long as it), so nothing waits on a connection the transaction holds.
 */

export type Holder = { id: string; path: string; kind: 'hq' | 'center' | 'outlet'; name: string };

/** Every org unit by id, and the root; org-unit writes invalidate IDENTITY_CACHE (platform/auth). */
const holders = instanceCache(IDENTITY_CACHE, async (db) => {
  const rows = await db
    .select({
      id: orgUnits.id,
      path: orgUnits.path,
      kind: orgUnits.kind,
      name: orgUnits.name,
      parentId: orgUnits.parentId,
    })
    .from(orgUnits);
  return {
    byId: new Map<string, Holder>(rows.map((r) => [r.id, r])),
    root: rows.find((r) => r.parentId === null) ?? null,
  };
});

/** The unit a person acts for: their own, or HQ (the root) for the system. Null before set-up. */
export async function holderOf(db: DbLike, ctx: Ctx): Promise<Holder | null> {
  const units = await holders.get(db as Db);
  return (ctx.actor.orgUnitId ? units.byId.get(ctx.actor.orgUnitId) : units.root) ?? null;
}

export interface CreationSettings {
  timeZone: string;
  prefix: string;
  digits: number;
  labels: readonly string[];
  backdateWindowHours: number;
}

/** The settings creation reads, in force at `now`. */
export async function creationSettings(db: DbLike, now: Date): Promise<CreationSettings> {
  const d = db as Db;
  return {
    timeZone: await cachedSetting(d, 'company.timeZone', now),
    prefix: await cachedSetting(d, 'orders.numberPrefix', now),
    digits: await cachedSetting(d, 'orders.numberDigits', now),
    labels: await cachedSetting(d, 'orders.priorityLabels', now),
    backdateWindowHours: await cachedSetting(d, 'orders.backdateWindowHours', now),
  };
}

/** Earlier uses of idempotency keys, by `actorKey\0key`. */
export async function priorKeyUses(
  db: DbLike,
  asks: { actorKey: string; key: string }[],
): Promise<Map<string, { orderId: string | null; requestHash: string | null }>> {
  const out = new Map<string, { orderId: string | null; requestHash: string | null }>();
  if (!asks.length) return out;
  const rows = await db
    .select({
      actorKey: workOrderIdempotency.actorKey,
      key: workOrderIdempotency.key,
      orderId: workOrderIdempotency.orderId,
      requestHash: workOrderIdempotency.requestHash,
    })
    .from(workOrderIdempotency)
    .where(
      or(
        ...asks.map((a) =>
          and(sql`${workOrderIdempotency.actorKey} = ${a.actorKey}`, sql`${workOrderIdempotency.key} = ${a.key}`),
        ),
      ),
    );
  for (const r of rows) out.set(keyOf(r.actorKey, r.key), { orderId: r.orderId, requestHash: r.requestHash });
  return out;
}

export const keyOf = (actorKey: string, key: string) => `${actorKey}\u0000${key}`;

/** The service request a creation converts, as its creator may see it; null when missing or out of scope. */
export async function requestFactsOf(db: DbLike, ctx: Ctx, id: string): Promise<RequestFacts | null> {
  try {
    const req = await getServiceRequest({ ...ctx, db: db as Db }, id);
    return {
      id: req.id,
      customerId: req.customerId,
      unitId: req.unitId,
      modelId: req.modelId,
      serialNo: req.serialNo,
      addressId: req.addressId,
      symptoms: req.symptoms,
      contactId: req.contactId,
      createdAt: new Date(req.createdAt),
      photoIds: req.attachments.map((a) => a.id),
    };
  } catch {
    return null;
  }
}

export type PhotoRow = { id: string; fileName: string; mime: string; size: number; createdAt: Date };

/** Intake attachments by id (the photos new orders link), oldest first. */
export async function photosById(db: DbLike, ids: string[]): Promise<Map<string, PhotoRow>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  const rows = await db
    .select(attachmentListColumns)
    .from(attachments)
    .where(inArray(attachments.id, unique))
    .orderBy(asc(attachments.createdAt));
  return new Map(rows.map((r) => [r.id, r]));
}

/** What the customer archive knows of each draft's customer, unit, model and address, in one statement. */
export function archiveFactsOf(db: DbLike, drafts: CreationDraft[]): Promise<ArchiveFacts[]> {
  return orderFactsOf(
    db,
    drafts.map((d) => ({ customerId: d.customerId, unitId: d.unitId, addressId: d.addressId, modelId: d.modelId })),
  );
}

/** The routing suggestion for a new order at its place; its zone is the order's zone from creation on. */
export function suggestionAt(
  db: DbLike,
  holder: Holder,
  facts: ArchiveFacts,
  productLineId: string | null,
  now: Date,
): Promise<RoutingResult> {
  const a = facts.address;
  return suggestionForNewOrder(
    db as Db,
    {
      holderUnitId: holder.id,
      orgPath: holder.path,
      provinceCode: a?.provinceCode ?? null,
      cityCode: a?.cityCode ?? null,
      districtCode: a?.districtCode ?? null,
      productLineId,
      lat: a?.lat ?? null,
      lng: a?.lng ?? null,
    },
    now,
  );
}

import type { DbLike } from '../../../db/client.js';
import { hasPermission, pathInScope } from '../../../platform/access/index.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { type Milestone, planNewOrderMilestones } from '../../sla/index.js';
import { markRequestConverted } from '../../intake/index.js';
import { creationRecord, keyReused, nextOrderCodes, notFound, type OrderRow, requestHash } from '../common.js';
import type { OrderCreate, OrderDetail, Suggestion } from '../contract.js';
import { slaSubjectOf } from '../ports.js';
import { createdOrderDetail, requestPhotoView } from '../queries.js';
import {
  type CreationDraft,
  type CreationRefusal,
  creationDraft,
  judgeKeyReuse,
  orderDay,
  planCreation,
  type RequestFacts,
} from '../rules.js';
import type { RoutingResult } from '../routing.js';
import {
  archiveFactsOf,
  creationSettings,
  type Holder,
  holderOf,
  keyOf,
  type PhotoRow,
  photosById,
  priorKeyUses,
  requestFactsOf,
  suggestionAt,
} from './create-load.js';
import { writeNewOrders } from './create-write.js';

/*
 * The one way an order is created (DOMAIN.md, Work order lifecycle), for N orders where N may be
 * 1: load the facts of all of them (create-load.ts) → the pure rules decide each (rules.ts:
 * creationDraft, judgeKeyReuse, planCreation) → one writer (create-write.ts) writes them in one
 * statement, in one transaction with what follows from them (a converted service request). The
 * answer is built from what was written. Orders from the hotline desk and the API, conversions of
 * service requests with their photos, and repeat visits all come this way; the HTTP requests are
 * gathered into groups under load (create-queue.ts), a repeat visit is a group of one inside its
 * command's transaction.
 */

/** One creation asked for: a body from a person (with its idempotency key), or a draft a command made. */
export type CreationAsk = { ctx: Ctx } & (
  | { body: OrderCreate; key: string | null; draft?: undefined }
  | { draft: CreationDraft; body?: undefined; key?: undefined }
);

/** What was written for a new order, and what its answer shows. */
export interface Created {
  order: OrderRow;
  historyId: string;
  /** The timeline note written (a repeat visit's reason). */
  note: string | null;
  milestones: Milestone[];
  customerName: string;
  holderName: string;
  modelName: string | null;
  phone: string | null;
  address: { detail: string; provinceCode: string; cityCode: string | null; districtCode: string | null } | null;
  photos: PhotoRow[];
  suggestion: RoutingResult;
  labels: readonly string[];
}

export type CreationOutcome =
  | { kind: 'created'; created: Created }
  | { kind: 'replayed'; orderId: string }
  | { kind: 'refused'; error: AppError }
  | /** Its idempotency key was claimed meanwhile (a twin): run it again to answer the first order. */ {
      kind: 'again';
    };

/** Where the writing happens: in a new transaction (and the group's turn), or in the caller's. */
export type WriteIn = <T>(write: (tx: DbLike) => Promise<T>) => Promise<T>;

const actorKeyOf = (ctx: Ctx) => ctx.actor.id ?? `system:${ctx.actor.username}`;

/** The API error of a refusal, naming its field. */
function refusalError(ctx: Ctx, r: CreationRefusal): AppError {
  if (r.kind === 'not_found') return notFound(ctx, r.entity, r.field);
  if (r.kind === 'key_reused') return keyReused();
  return fieldError(r.field, r.code, r.params ?? {});
}

interface Planned {
  i: number;
  ask: CreationAsk;
  order: OrderRow;
  note: string | null;
  key: { actorKey: string; key: string; requestHash: string } | null;
  holder: Holder;
  facts: Awaited<ReturnType<typeof archiveFactsOf>>[number];
  suggestion: RoutingResult;
}

/**
 * Creates the orders asked for. `db` reads the facts (the database, or the caller's transaction);
 * `writeIn` runs the write. Each ask gets its outcome, in order; a failure of the write itself
 * (nothing of it was written) is thrown.
 */
export async function createOrders(db: DbLike, asks: CreationAsk[], writeIn: WriteIn): Promise<CreationOutcome[]> {
  const out: (CreationOutcome | undefined)[] = asks.map(() => undefined);
  const now0 = asks[0]!.ctx.now;
  const settings = await creationSettings(db, now0);

  // Idempotency keys: an earlier use answers its order; a twin in the group waits for the first.
  const hashes = asks.map((a) => (a.key ? requestHash(a.body) : null));
  const priors = await priorKeyUses(
    db,
    asks.flatMap((a) => (a.key ? [{ actorKey: actorKeyOf(a.ctx), key: a.key }] : [])),
  );
  const claimedHere = new Set<string>();
  asks.forEach((a, i) => {
    if (!a.key) return;
    const k = keyOf(actorKeyOf(a.ctx), a.key);
    const judged = judgeKeyReuse(priors.get(k) ?? null, hashes[i]!);
    if (judged && 'replayOf' in judged) out[i] = { kind: 'replayed', orderId: judged.replayOf };
    else if (judged) out[i] = { kind: 'refused', error: refusalError(a.ctx, judged) };
    else if (claimedHere.has(k)) out[i] = { kind: 'again' };
    else claimedHere.add(k);
  });

  // Drafts: from the service request each converts, else the body; or made by a command.
  const drafts: (CreationDraft | null)[] = [];
  for (const [i, a] of asks.entries()) {
    if (out[i]) {
      drafts.push(null);
      continue;
    }
    if (a.draft) {
      drafts.push(a.draft);
      continue;
    }
    // One at a time: `db` may be a transaction (one connection).
    const request: RequestFacts | null | undefined = a.body.serviceRequestId
      ? await requestFactsOf(db, a.ctx, a.body.serviceRequestId)
      : undefined;
    const d = creationDraft(a.body, request, a.ctx.now);
    if ('kind' in d) {
      out[i] = { kind: 'refused', error: refusalError(a.ctx, d) };
      drafts.push(null);
    } else drafts.push(d);
  }

  const live = drafts.flatMap((d, i) => (d ? [{ i, d }] : []));
  const archive = await archiveFactsOf(
    db,
    live.map((x) => x.d),
  );
  const photos = await photosById(
    db,
    live.flatMap((x) => x.d.photoIds),
  );
  const codes = await numbersFor(
    db,
    live.map((x) => asks[x.i]!.ctx.now),
    settings,
  );

  const planned: Planned[] = [];
  for (const [n, { i, d }] of live.entries()) {
    const ask = asks[i]!;
    const { ctx } = ask;
    const holder = await holderOf(db, ctx);
    if (!holder) {
      out[i] = { kind: 'refused', error: new AppError('setup.required') };
      continue;
    }
    const facts = archive[n]!;
    const modelId = d.unitId ? (facts.unit?.modelId ?? null) : d.modelId;
    const productLineId = modelId && facts.model?.id === modelId ? facts.model.lineId : null;
    const suggestion = await suggestionAt(db, holder, facts, productLineId, ctx.now);
    const plan = planCreation(
      d,
      {
        customer: facts.customer,
        unit: facts.unit,
        model: facts.model,
        address: facts.address,
        photosFound: d.photoIds.filter((p, k, all) => all.indexOf(p) === k && photos.has(p)).length,
        holder,
        zone: suggestion.zone,
      },
      {
        id: crypto.randomUUID(),
        code: codes[n]!,
        now: ctx.now,
        backdateWindowHours: settings.backdateWindowHours,
        actor: {
          id: ctx.actor.id,
          name: ctx.actor.displayName || ctx.actor.username,
          inScope: (path) => pathInScope(ctx.actor, path),
          mayBackdate: hasPermission(ctx.actor, 'orders.backdate'),
        },
      },
    );
    if ('kind' in plan) {
      out[i] = { kind: 'refused', error: refusalError(ctx, plan) };
      continue;
    }
    planned.push({
      i,
      ask,
      order: plan.order,
      note: d.note,
      key: ask.key ? { actorKey: actorKeyOf(ctx), key: ask.key, requestHash: hashes[i]! } : null,
      holder,
      facts,
      suggestion,
    });
  }

  if (planned.length) {
    // Every milestone is planned for the zone known at creation (seed 004: 72 h on site beyond 30 km).
    const plans = await planNewOrderMilestones(
      db as Parameters<typeof planNewOrderMilestones>[0],
      planned.map((p) => ({ subject: slaSubjectOf(p.order), at: p.ask.ctx.now })),
    );
    const written = await writeIn(async (tx) => {
      const ids = await writeNewOrders(
        tx,
        planned.map((p, k) => ({
          ctx: p.ask.ctx,
          order: p.order,
          note: p.note,
          key: p.key,
          milestones: plans[k]!.rows,
        })),
      );
      // What follows from a creation, in its transaction: the converted request is marked.
      for (const p of planned) {
        if (p.order.serviceRequestId && ids.has(p.order.id))
          await markRequestConverted(tx, p.ask.ctx, p.order.serviceRequestId, p.order.id);
      }
      return ids;
    });
    for (const [k, p] of planned.entries()) {
      const historyId = written.get(p.order.id);
      if (!historyId) {
        out[p.i] = { kind: 'again' };
        continue;
      }
      const a = p.facts.address;
      out[p.i] = {
        kind: 'created',
        created: {
          order: p.order,
          historyId,
          note: p.note,
          milestones: plans[k]!.views,
          customerName: p.facts.customer?.name ?? '',
          holderName: p.holder.name,
          modelName: p.order.modelId && p.facts.model?.id === p.order.modelId ? p.facts.model.name : null,
          phone: p.facts.phone,
          address: a?.provinceCode
            ? { detail: a.detail, provinceCode: a.provinceCode, cityCode: a.cityCode, districtCode: a.districtCode }
            : null,
          photos: p.order.photoIds.flatMap((id) => photos.get(id) ?? []),
          suggestion: p.suggestion,
          labels: settings.labels,
        },
      };
    }
  }
  return out.map((o) => o ?? { kind: 'again' });
}

/** Numbers for new orders, in order: one counter bump per company-zone day (a group may straddle midnight). */
async function numbersFor(db: DbLike, times: Date[], settings: { timeZone: string; prefix: string; digits: number }) {
  const byDay = new Map<string, number[]>();
  times.forEach((t, i) => {
    const day = orderDay(t, settings.timeZone);
    byDay.set(day, [...(byDay.get(day) ?? []), i]);
  });
  const codes: string[] = [];
  for (const members of byDay.values()) {
    const got = await nextOrderCodes(db, settings, times[members[0]!]!, members.length);
    members.forEach((i, k) => {
      codes[i] = got[k]!;
    });
  }
  return codes;
}

/** The answer to a creation: the order's detail as `getOrder` gives it, with the routing suggestion. */
export function createdAnswer(ctx: Ctx, c: Created): OrderDetail & { suggestion: Suggestion } {
  const detail = createdOrderDetail(ctx, {
    order: c.order,
    customerName: c.customerName,
    holderName: c.holderName,
    holderPath: c.order.orgPath,
    modelName: c.modelName,
    labels: c.labels,
    phone: c.phone,
    address: c.address,
    timeline: [
      {
        id: c.historyId,
        at: ctx.now.toISOString(),
        action: 'created',
        fromState: null,
        toState: 'created',
        actorId: ctx.actor.id,
        actorName: ctx.actor.displayName || ctx.actor.username,
        note: c.note,
        data: creationRecord(c.order).data,
      },
    ],
    milestones: c.milestones,
    photos: c.photos.map((p) => requestPhotoView(c.order.id, p)),
  });
  return { ...detail, suggestion: { orderId: c.order.id, ...c.suggestion } };
}

/**
 * An order created by a command inside its own transaction (a repeat visit after a failed
 * callback): the same pipeline, as a group of one, reading and writing in `tx`.
 */
export async function createWithin(tx: DbLike, ctx: Ctx, draft: CreationDraft): Promise<OrderRow> {
  const [outcome] = await createOrders(tx, [{ ctx, draft }], (write) => write(tx));
  if (outcome!.kind === 'created') return outcome!.created.order;
  if (outcome!.kind === 'refused') throw outcome!.error;
  throw new Error(`order creation within a command ended as ${outcome!.kind}`);
}

/**
 * An order asked for by a command of a module above, inside that command's transaction (a
 * recall booking): the body goes through the same pipeline as one from the hotline desk, as a
 * group of one, reading and writing in `tx`. A refusal is thrown as the API would answer it.
 */
export async function createOrderWithin(tx: DbLike, ctx: Ctx, body: OrderCreate): Promise<OrderRow> {
  const [outcome] = await createOrders(tx, [{ ctx, body, key: null }], (write) => write(tx));
  if (outcome!.kind === 'created') return outcome!.created.order;
  if (outcome!.kind === 'refused') throw outcome!.error;
  throw new Error(`order creation within a command ended as ${outcome!.kind}`);
}

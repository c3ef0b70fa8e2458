import { sql } from 'drizzle-orm';
import { insertRowsSql } from '../../../db/bulk.js';
import type { Db } from '../../../db/client.js';
import { pathInScope, requirePermission } from '../../../platform/access/index.js';
import { IDENTITY_CACHE } from '../../../platform/auth/actors.js';
import { instanceCache } from '../../../platform/cache/index.js';
import { cachedSetting } from '../../../platform/config/index.js';
import type { Ctx } from '../../../platform/context.js';
import { eventsInsertSql } from '../../../platform/events/index.js';
import { orgUnits } from '../../../platform/identity/tables.js';
import { type Milestone, milestonesInsertSql, planNewOrderMilestones } from '../../sla/index.js';
import {
  backdateOf,
  creationRecord,
  type NumberingSettings,
  nextOrderCodes,
  type OrderRow,
  requestHash,
} from '../common.js';
import type { OrderCreate, OrderDetail, Suggestion } from '../contract.js';
import { orderDay } from '../rules.js';
import { ORDERS_CHANNEL, type OrderNotice } from '../live.js';
import { slaSubjectOf } from '../ports.js';
import { createdOrderDetail } from '../queries.js';
import { suggestionForNewOrder } from '../suggest.js';
import { workOrderHistory, workOrderIdempotency, workOrders } from '../tables.js';

/*
 * Direct order creation in groups (group commit). Under load, creations that arrive while
 * others are being written wait and are then written together: one read of what they refer to
 * (customer, unit, model, address, phone, an earlier use of the idempotency key), one counter
 * upsert for their numbers, and one statement of data-modifying CTEs writing the orders, their
 * timeline rows, audit events, SLA milestones, idempotency keys and board notices. One commit
 * carries the lot, all or nothing. A lone request is a group of one and is written at once.
 *
 * The group path writes exactly what the one-by-one path (create.ts) writes. Anything it does
 * not handle goes that way instead, which also gives the exact error: a request converting a
 * service request or linking photos, a reference that is missing, out of scope or not the
 * customer's, a report time it may not take (backdated without a reason or beyond the window, in
 * the future), a reused idempotency key (a replay, another body, or a twin in flight), and every
 * member of a group whose statement failed (nothing of it was written).
 */

export interface GroupResult {
  id: string;
  detail: OrderDetail & { suggestion: Suggestion };
}

interface Member {
  ctx: Ctx;
  input: OrderCreate;
  key: string | null;
  actorKey: string;
  done: (r: GroupResult | null) => void;
  fail: (e: unknown) => void;
}

const MAX_GROUP = 64;

/** Whether the group path can take this request (else the one-by-one path does). */
export function groupable(input: OrderCreate): boolean {
  return !input.serviceRequestId && !input.photoIds?.length && !!input.customerId && !!input.faultDescription;
}

/** How the group path has fared on this instance (the benchmark reports it). */
export interface GroupStats {
  groups: number;
  members: number;
  /** Members handed to the one-by-one path. */
  handedBack: number;
}

/**
 * The two stages a group passes: reading (its references and numbers) and writing (its one
 * statement). A group is formed only when no other group is waiting to write: then it reads
 * while the group before it writes, and the requests that come meanwhile gather into the next
 * one. Under load groups stay large and the database is not left idle between them.
 */
interface Stages {
  /** Runs the group's write when the group before it has written. */
  inWriteTurn<T>(write: () => Promise<T>): Promise<T>;
}

class CreateGroups {
  private queue: Member[] = [];
  /** A group formed and not yet writing (reading, or waiting for its turn). */
  private ahead = false;
  private writes: Promise<unknown> = Promise.resolve();
  readonly stats: GroupStats = { groups: 0, members: 0, handedBack: 0 };

  constructor(private readonly db: Db) {}

  /** Resolves with the order, or null when the one-by-one path must take the request. */
  submit(ctx: Ctx, input: OrderCreate, key: string | null): Promise<GroupResult | null> {
    return new Promise((done, fail) => {
      const handBack = (r: GroupResult | null) => {
        if (!r) this.stats.handedBack += 1;
        done(r);
      };
      this.queue.push({
        ctx,
        input,
        key,
        actorKey: ctx.actor.id ?? `system:${ctx.actor.username}`,
        done: handBack,
        fail,
      });
      this.pump();
    });
  }

  private forming = false;

  private pump(): void {
    if (this.ahead || this.forming || this.queue.length === 0) return;
    // Form the group on the next turn of the event loop, after the requests already received
    // are parsed: with PGlite the database runs on this thread, so requests pile up unparsed
    // while it works, and would otherwise each make a group of one.
    this.forming = true;
    setImmediate(() => {
      this.forming = false;
      this.form();
    });
  }

  private form(): void {
    if (this.ahead || this.queue.length === 0) return;
    const group = this.queue.splice(0, MAX_GROUP);
    this.stats.groups += 1;
    this.stats.members += group.length;
    this.ahead = true;
    let moved = false;
    // The group starts writing (or ends without a write): the next one may form.
    const onward = () => {
      if (moved) return;
      moved = true;
      this.ahead = false;
      this.pump();
    };
    const stages: Stages = {
      inWriteTurn: (write) => {
        const turn = this.writes.then(() => {
          onward();
          return write();
        });
        this.writes = turn.catch(() => {});
        return turn;
      },
    };
    void writeGroup(this.db, group, stages)
      .catch((err) => {
        for (const m of group) m.fail(err);
      })
      .finally(onward);
  }
}

const groups = new WeakMap<Db, CreateGroups>();

/**
 * Creates a direct order through the instance's group writer. Null: the request is for the
 * one-by-one path (see above). Several instances each group their own requests.
 */
export function createInGroup(ctx: Ctx, input: OrderCreate, key: string | null): Promise<GroupResult | null> {
  requirePermission(ctx.actor, 'orders.create');
  let g = groups.get(ctx.db);
  if (!g) {
    g = new CreateGroups(ctx.db);
    groups.set(ctx.db, g);
  }
  return g.submit(ctx, input, key);
}

/** The group path's figures for this database on this instance (zeros before its first creation). */
export function orderGroupStats(db: Db): GroupStats {
  return { ...(groups.get(db)?.stats ?? { groups: 0, members: 0, handedBack: 0 }) };
}

interface Facts {
  n: number;
  customer_id: string | null;
  customer_kind: 'individual' | 'business' | null;
  customer_name: string | null;
  customer_path: string | null;
  customer_live: boolean | null;
  unit_id: string | null;
  unit_customer: string | null;
  unit_address: string | null;
  model_id: string | null;
  serial_no: string | null;
  line_id: string | null;
  model_name: string | null;
  address_id: string | null;
  province_code: string | null;
  city_code: string | null;
  district_code: string | null;
  detail: string | null;
  lat: number | null;
  lng: number | null;
  phone: string | null;
  key_used: boolean;
}

/** What the members refer to, in one read; the address as insertOrder picks it (given, the unit's, else primary). */
async function readFacts(db: Db, group: Member[]): Promise<Map<number, Facts>> {
  const asked = group.map((m, n) => ({
    n,
    customer_id: m.input.customerId,
    unit_id: m.input.unitId ?? null,
    address_id: m.input.addressId ?? null,
    actor_key: m.actorKey,
    key: m.key,
  }));
  const res = await db.execute(sql`
    select i.n,
      c.id as customer_id, c.kind as customer_kind, c.name as customer_name, c.org_path as customer_path,
      (c.merged_into_id is null) as customer_live,
      u.id as unit_id, u.customer_id as unit_customer, u.model_id, u.serial_no, u.address_id as unit_address,
      m.line_id, m.name as model_name,
      a.id as address_id, a.province_code, a.city_code, a.district_code, a.detail, a.lat, a.lng,
      (select p.number from customer_phones p where p.customer_id = c.id order by p.is_primary desc, p.created_at limit 1) as phone,
      (k.key is not null) as key_used
    -- The limit tells the planner how few rows come (else it assumes 100 and scans the tables).
    from (select * from jsonb_to_recordset(${JSON.stringify(asked)}::jsonb)
      as i(n int, customer_id uuid, unit_id uuid, address_id uuid, actor_key text, key text) limit ${asked.length}) i
    left join customers c on c.id = i.customer_id
    left join units u on u.id = i.unit_id
    left join product_models m on m.id = u.model_id
    left join lateral (
      select a.id, a.province_code, a.city_code, a.district_code, a.detail, a.lat, a.lng
      from customer_addresses a
      where a.customer_id = c.id
        and (coalesce(i.address_id, u.address_id) is null or a.id = coalesce(i.address_id, u.address_id))
      order by a.is_primary desc, a.created_at
      limit 1
    ) a on true
    left join work_order_idempotency k on k.actor_key = i.actor_key and k.key = i.key`);
  const rows = (res as unknown as { rows: Facts[] }).rows;
  return new Map(rows.map((r) => [Number(r.n), r]));
}

type Holder = { id: string; path: string; kind: 'hq' | 'center' | 'outlet'; name: string };

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

/** Whether a member can be written by the group: everything it refers to exists, is in scope and fits. */
function fits(m: Member, f: Facts | undefined): f is Facts {
  if (!f?.customer_id || !f.customer_live || !f.customer_kind) return false;
  if (!pathInScope(m.ctx.actor, f.customer_path)) return false;
  if (m.input.unitId && (!f.unit_id || f.unit_customer !== f.customer_id)) return false;
  // A given address (or the unit's) that is not the customer's: the one-by-one path names the field.
  const wanted = m.input.addressId ?? (m.input.unitId ? f.unit_address : null);
  if (wanted && !f.address_id) return false;
  if (m.key && f.key_used) return false;
  return true;
}

interface Planned {
  m: Member;
  f: Facts;
  order: OrderRow;
  holderName: string;
  suggestion: Awaited<ReturnType<typeof suggestionForNewOrder>>;
}

async function writeGroup(db: Db, group: Member[], stages: Stages): Promise<void> {
  const now0 = group[0]!.ctx.now;
  const [timeZone, prefix, digits, labels, backdateWindowHours, units] = await Promise.all([
    cachedSetting(db, 'company.timeZone', now0),
    cachedSetting(db, 'orders.numberPrefix', now0),
    cachedSetting(db, 'orders.numberDigits', now0),
    cachedSetting(db, 'orders.priorityLabels', now0),
    cachedSetting(db, 'orders.backdateWindowHours', now0),
    holders.get(db),
  ]);
  // Numbers for every member while their references are read (two statements at once): a
  // member that goes the one-by-one way leaves its number unused, as a refused creation does.
  const [facts, codes] = await Promise.all([readFacts(db, group), numbersFor(db, group, { timeZone, prefix, digits })]);
  const planned: Planned[] = [];
  const aside: Member[] = [];
  const keys = new Set<string>();
  for (const [i, m] of group.entries()) {
    const f = facts.get(i);
    const twin = m.key ? `${m.actorKey}\u0000${m.key}` : null;
    const holder = m.ctx.actor.orgUnitId ? units.byId.get(m.ctx.actor.orgUnitId) : units.root;
    if (!fits(m, f) || !holder || (twin && keys.has(twin))) {
      aside.push(m);
      continue;
    }
    const now = m.ctx.now;
    const reportedAt = m.input.reportedAt ? new Date(m.input.reportedAt) : now;
    let backdate: OrderRow['backdate'];
    try {
      backdate = backdateOf(
        m.ctx,
        { reportedAt, recordedAt: now, backdateReason: m.input.backdateReason ?? null },
        backdateWindowHours,
      );
    } catch {
      aside.push(m); // The one-by-one path refuses it, naming the field.
      continue;
    }
    if (twin) keys.add(twin);
    // The zone is known at creation (the suggestion's), so every milestone is planned for it.
    const suggestion = await suggestionForNewOrder(
      db,
      {
        holderUnitId: holder.id,
        orgPath: holder.path,
        provinceCode: f.province_code,
        cityCode: f.city_code,
        districtCode: f.district_code,
        productLineId: f.unit_id ? f.line_id : null,
        lat: f.lat,
        lng: f.lng,
      },
      now,
    );
    const order: OrderRow = {
      id: crypto.randomUUID(),
      code: codes[i]!,
      serviceRequestId: null,
      contactId: m.input.contactId ?? null,
      customerId: f.customer_id!,
      unitId: m.input.unitId ?? null,
      modelId: f.unit_id ? f.model_id : null,
      productLineId: f.unit_id ? f.line_id : null,
      serialNo: f.unit_id ? f.serial_no : null,
      addressId: f.address_id,
      serviceType: m.input.serviceType,
      priority: m.input.priority,
      faultDescription: m.input.faultDescription!,
      photoIds: [],
      state: 'created',
      holderUnitId: holder.id,
      orgPath: holder.path,
      centerId: holder.kind === 'center' ? holder.id : null,
      outletId: null,
      technicianId: null,
      partTime: false,
      customerKind: f.customer_kind!,
      zone: suggestion.zone,
      provinceCode: f.province_code,
      cityCode: f.city_code,
      districtCode: f.district_code,
      reportedAt,
      backdate,
      bookedFrom: null,
      bookedTo: null,
      bookedConfirmed: false,
      bookedNote: null,
      waitReason: null,
      waitNote: null,
      custody: null,
      custodyLabel: null,
      completion: null,
      cancelReason: null,
      resolution: null,
      urgeCount: 0,
      lastUrgedAt: null,
      repeatOfId: null,
      reopenedAsId: null,
      completedAt: null,
      closedAt: null,
      createdBy: m.ctx.actor.id,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    planned.push({ m, f, order, holderName: holder.name, suggestion });
  }

  let written = new Map<string, string>();
  let plans: Awaited<ReturnType<typeof planNewOrderMilestones>> = [];
  if (planned.length > 0) {
    try {
      ({ written, plans } = await stages.inWriteTurn(() => writePlanned(db, planned)));
    } catch {
      // Nothing of the statement was written: each member goes the one-by-one way, which
      // reports what was wrong with it (a customer merged meanwhile, say) or writes it.
      for (const p of planned) p.m.done(null);
      planned.length = 0;
    }
  }
  for (const m of aside) m.done(null);
  for (const [i, p] of planned.entries()) {
    const historyId = written.get(p.order.id);
    // Not written: its idempotency key was claimed meanwhile; the one-by-one path replays it.
    if (!historyId) {
      p.m.done(null);
      continue;
    }
    // Written and committed: from here a failure is this member's error, never a second try.
    try {
      p.m.done(answer(p, historyId, plans[i]!.views, labels));
    } catch (err) {
      p.m.fail(err);
    }
  }
}

function answer(
  p: Planned,
  historyId: string,
  milestones: Milestone[],
  labels: readonly string[],
): GroupResult {
  const { ctx } = p.m;
  const { suggestion } = p;
  const detail = createdOrderDetail(ctx, {
    order: p.order,
    customerName: p.f.customer_name ?? '',
    holderName: p.holderName,
    holderPath: p.order.orgPath,
    modelName: p.order.modelId ? p.f.model_name : null,
    labels,
    phone: p.f.phone,
    address:
      p.f.address_id && p.f.province_code
        ? {
            detail: p.f.detail ?? '',
            provinceCode: p.f.province_code,
            cityCode: p.f.city_code,
            districtCode: p.f.district_code,
          }
        : null,
    timeline: [
      {
        id: historyId,
        at: ctx.now.toISOString(),
        action: 'created',
        fromState: null,
        toState: 'created',
        actorId: ctx.actor.id,
        actorName: ctx.actor.displayName || ctx.actor.username,
        note: null,
        data: creationRecord(p.order).data,
      },
    ],
    milestones,
  });
  return { id: p.order.id, detail: { ...detail, suggestion: { orderId: p.order.id, ...suggestion } } };
}

/** The members' order numbers, in order: one counter upsert per company-zone day (a group may straddle midnight). */
async function numbersFor(db: Db, group: Member[], numbering: NumberingSettings): Promise<string[]> {
  const byDay = new Map<string, number[]>();
  group.forEach((m, i) => {
    const day = orderDay(m.ctx.now, numbering.timeZone);
    byDay.set(day, [...(byDay.get(day) ?? []), i]);
  });
  const codes: string[] = [];
  for (const members of byDay.values()) {
    const got = await nextOrderCodes(db, numbering, group[members[0]!]!.ctx.now, members.length);
    members.forEach((i, k) => {
      codes[i] = got[k]!;
    });
  }
  return codes;
}

/** Milestones and the one statement; returns the timeline row id of each order written. */
async function writePlanned(
  db: Db,
  planned: Planned[],
): Promise<{ written: Map<string, string>; plans: Awaited<ReturnType<typeof planNewOrderMilestones>> }> {
  const plans = await planNewOrderMilestones(
    db,
    planned.map((p) => ({ subject: slaSubjectOf(p.order), at: p.m.ctx.now })),
  );
  const keyed = planned.filter((p) => p.m.key);
  const unkeyed = planned.filter((p) => !p.m.key).map((p) => p.order.id);
  const ok = sql`(select id from ok)`;
  const notices: { id: string; payload: string }[] = planned.map((p) => ({
    id: p.order.id,
    payload: JSON.stringify({
      orderId: p.order.id,
      code: p.order.code,
      state: 'created',
      action: 'created',
      at: p.m.ctx.now.toISOString(),
      paths: [p.order.orgPath],
    } satisfies OrderNotice),
  }));
  const claimed = keyed.length
    ? insertRowsSql(
        workOrderIdempotency,
        keyed.map((p) => ({
          actorKey: p.m.actorKey,
          key: p.m.key!,
          requestHash: requestHash(p.m.input),
          orderId: p.order.id,
          createdAt: p.m.ctx.now,
        })),
        { onConflictDoNothing: true, returning: sql`order_id` },
      )
    : sql`select null::uuid as order_id where false`;
  const res = await db.execute(sql`
    with claimed as (${claimed}),
    ok as (
      select order_id as id from claimed
      union all
      select (value #>> '{}')::uuid from jsonb_array_elements(${JSON.stringify(unkeyed)}::jsonb)
    ),
    o as (${insertRowsSql(
      workOrders,
      planned.map((p) => p.order),
      { where: sql`r.id in ${ok}`, returning: sql`id` },
    )}),
    h as (${insertRowsSql(
      workOrderHistory,
      planned.map((p) => ({
        orderId: p.order.id,
        at: p.m.ctx.now,
        action: 'created',
        fromState: null,
        toState: 'created' as const,
        actorId: p.m.ctx.actor.id,
        actorName: p.m.ctx.actor.displayName || p.m.ctx.actor.username,
        note: null,
        data: creationRecord(p.order).data,
      })),
      { where: sql`r.order_id in ${ok}`, returning: sql`id, order_id` },
    )}),
    e as (${eventsInsertSql(
      planned.map((p) => ({
        ctx: p.m.ctx,
        event: {
          entity: 'work_order',
          entityId: p.order.id,
          action: 'work_order.created',
          before: null,
          after: creationRecord(p.order).after,
          reason: null,
          orgPath: p.order.orgPath,
        },
      })),
      sql`r.entity_id in (select id::text from ok)`,
    )}),
    m as (${milestonesInsertSql(
      plans.flatMap((p) => p.rows),
      sql`r.order_id in ${ok}`,
    )}),
    n as (
      select pg_notify(${ORDERS_CHANNEL}, x.payload)
      from jsonb_to_recordset(${JSON.stringify(notices)}::jsonb) as x(id uuid, payload text)
      where x.id in ${ok}
    )
    select coalesce((select json_agg(json_build_object('id', h.id, 'order', h.order_id)) from h), '[]') as history,
      (select count(*) from n) as notified`);
  const row = (res as unknown as { rows: { history: { id: number; order: string }[] | string }[] }).rows[0]!;
  const history =
    typeof row.history === 'string' ? (JSON.parse(row.history) as { id: number; order: string }[]) : row.history;
  return { written: new Map(history.map((h) => [h.order, String(h.id)])), plans };
}

import { sql } from 'drizzle-orm';
import type { DbLike } from '../db/client.js';
import { getSetting } from '../platform/config/index.js';
import type { Ctx } from '../platform/context.js';
import { appendEvent } from '../platform/events/index.js';
import { loadCalendarSpecs, slaPolicies } from '../modules/sla/index.js';
import type { DemoArchive } from './customers-data.js';
import { insertRows } from './load.js';
import { type DemoOrders, type DemoTechnician, demoOrders, type OrdersInput } from './orders-data.js';
import type { SlaWorld } from './orders-sla.js';

/*
 * Loads the demo orders (orders-data.ts) set-based, like load.ts: one INSERT … SELECT FROM
 * jsonb_to_recordset per table and batch, in the caller's transaction. Rows: work orders, their
 * timeline and audit events (one per step, the demo person who took it as actor), replaced parts,
 * urges, complaint flags, the outlets' customer read grants, technicians' certifications and the
 * SLA milestones the engine would hold (warned and breached ones already marked).
 */

const BATCH = 2_000;

function rowsOf<T>(res: unknown): T[] {
  return (res as { rows: T[] }).rows;
}

async function insertBatched(
  db: DbLike,
  table: string,
  columns: string,
  rows: Record<string, unknown>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insertRows(db, table, columns, rows.slice(i, i + BATCH));
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** What the generator needs from the database: org, people, catalog, settings and SLA policies. */
export async function demoOrdersInput(
  ctx: Ctx,
  archive: DemoArchive,
  people: { username: string; unitCode: string; roles: string[] }[],
): Promise<OrdersInput> {
  const db = ctx.db;
  const unitRows = rowsOf<{
    id: string;
    code: string;
    path: string;
    kind: 'hq' | 'center' | 'outlet';
    parent_code: string | null;
    lat: number | null;
    lng: number | null;
  }>(
    await db.execute(
      sql`select u.id, u.code, u.path, u.kind, p.code as parent_code, u.lat, u.lng from org_units u left join org_units p on p.id = u.parent_id`,
    ),
  );
  const units = new Map(
    unitRows.map((u) => [
      u.code,
      { id: u.id, path: u.path, kind: u.kind, parentCode: u.parent_code, lat: u.lat, lng: u.lng },
    ]),
  );
  const userRows = rowsOf<{ id: string; username: string; display_name: string }>(
    await db.execute(sql`select id, username, display_name from users`),
  );
  const byName = new Map(userRows.map((u) => [u.username, { id: u.id, name: u.display_name }]));
  const technicians: DemoTechnician[] = people
    .filter((p) => p.roles.includes('technician') && byName.has(p.username))
    .map((p) => ({ ...byName.get(p.username)!, username: p.username, outletCode: p.unitCode }));
  const modelRows = rowsOf<{ id: string; code: string; line_id: string; category: string }>(
    await db.execute(
      sql`select m.id, m.code, m.line_id, l.category from product_models m join product_lines l on l.id = m.line_id`,
    ),
  );
  const bomRows = rowsOf<{ model_id: string; part_id: string; quantity: number; is_main: boolean; code: string }>(
    await db.execute(
      sql`select mp.model_id, mp.part_id, mp.quantity, mp.is_main, p.code from model_parts mp join parts p on p.id = mp.part_id order by p.code`,
    ),
  );
  const models = new Map(
    modelRows.map((m) => [
      m.code,
      {
        id: m.id,
        lineId: m.line_id,
        category: m.category,
        bom: bomRows
          .filter((b) => b.model_id === m.id)
          .map((b) => ({ partId: b.part_id, qty: b.quantity, isMain: b.is_main, code: b.code })),
      },
    ]),
  );
  // One at a time: the demo loads inside a transaction, which has one connection.
  const timeZone = await getSetting(db, 'company.timeZone', ctx.now);
  const prefix = await getSetting(db, 'orders.numberPrefix', ctx.now);
  const digits = await getSetting(db, 'orders.numberDigits', ctx.now);
  const nearKm = await getSetting(db, 'orders.nearZoneKm', ctx.now);
  const urgesBeforeComplaint = await getSetting(db, 'orders.urgesBeforeComplaint', ctx.now);
  return {
    now: ctx.now,
    archive,
    units,
    people: byName,
    technicians,
    models,
    sla: await slaWorld(db, ctx.now),
    timeZone,
    prefix,
    digits,
    nearKm,
    urgesBeforeComplaint,
  };
}

/** The SLA policies and calendars as the engine reads them. */
export async function slaWorld(db: DbLike, at: Date): Promise<SlaWorld> {
  const policies = await db.select().from(slaPolicies);
  const codes = [...new Set(policies.flatMap((p) => p.milestones.map((m) => m.calendar)))];
  const specs = await loadCalendarSpecs(db, { codes }, at);
  return {
    policies,
    calendars: new Map([...specs.values()].map((c) => [c.row.code, { id: c.row.id, spec: c.spec }])),
  };
}

/**
 * Runs `load` with the secondary indexes of `tables` dropped, then builds them again from their
 * own definitions (pg_indexes): one sort per index instead of 60,000 index insertions each. The
 * caller's transaction holds the tables, so nobody sees them without their indexes.
 */
async function withoutIndexes(db: DbLike, tables: string[], load: () => Promise<void>): Promise<void> {
  const defs = rowsOf<{ indexname: string; indexdef: string }>(
    await db.execute(sql`select i.indexname, i.indexdef from pg_indexes i
      where i.schemaname = current_schema() and i.tablename in (${sql.join(
        tables.map((t) => sql`${t}`),
        sql`, `,
      )})
        and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`),
  );
  for (const d of defs) await db.execute(sql.raw(`drop index "${d.indexname}"`));
  await load();
  for (const d of defs) await db.execute(sql.raw(d.indexdef));
}

/** Inserts generated orders and everything around them; one `demo.loaded` event counts them. */
export async function insertDemoOrders(ctx: Ctx, d: DemoOrders): Promise<void> {
  await withoutIndexes(ctx.db, ['events', 'work_order_history', 'sla_milestones'], () => insertAll(ctx, d));
}

async function insertAll(ctx: Ctx, d: DemoOrders): Promise<void> {
  const db = ctx.db;
  await insertBatched(
    db,
    'technician_certifications',
    'id uuid, user_id uuid, product_line_id uuid, valid_until date, certificate_no text, org_path text, created_at timestamptz, updated_at timestamptz',
    d.certifications.map((c) => ({
      id: c.id,
      user_id: c.userId,
      product_line_id: c.productLineId,
      valid_until: c.validUntil,
      certificate_no: c.certificateNo,
      org_path: c.orgPath,
      created_at: iso(ctx.now),
      updated_at: iso(ctx.now),
    })),
  );
  await insertBatched(
    db,
    'work_orders',
    `id uuid, code text, customer_id uuid, unit_id uuid, model_id uuid, product_line_id uuid, serial_no text, address_id uuid,
     service_type text, priority int, fault_description text, state text, holder_unit_id uuid, org_path text, center_id uuid,
     outlet_id uuid, technician_id uuid, customer_kind text, zone text, province_code text, city_code text, district_code text,
     reported_at timestamptz, booked_from timestamptz, booked_to timestamptz, booked_confirmed boolean, booked_note text,
     wait_reason text, wait_note text, custody jsonb, custody_label text, completion jsonb, cancel_reason text, urge_count int,
     last_urged_at timestamptz, repeat_of_id uuid, reopened_as_id uuid, completed_at timestamptz, closed_at timestamptz,
     created_by uuid, version int, created_at timestamptz, updated_at timestamptz`,
    d.orders.map((o) => ({
      id: o.id,
      code: o.code,
      customer_id: o.customerId,
      unit_id: o.unitId,
      model_id: o.modelId,
      product_line_id: o.productLineId,
      serial_no: o.serialNo,
      address_id: o.addressId,
      service_type: o.serviceType,
      priority: o.priority,
      fault_description: o.faultDescription,
      state: o.state,
      holder_unit_id: o.holderUnitId,
      org_path: o.orgPath,
      center_id: o.centerId,
      outlet_id: o.outletId,
      technician_id: o.technicianId,
      customer_kind: o.customerKind,
      zone: o.zone,
      province_code: o.provinceCode,
      city_code: o.cityCode,
      district_code: o.districtCode,
      reported_at: iso(o.reportedAt),
      booked_from: iso(o.bookedFrom),
      booked_to: iso(o.bookedTo),
      booked_confirmed: o.bookedConfirmed,
      booked_note: o.bookedNote,
      wait_reason: o.waitReason,
      wait_note: o.waitNote,
      custody: o.custody,
      custody_label: o.custodyLabel,
      completion: o.completion,
      cancel_reason: o.cancelReason,
      urge_count: o.urgeCount,
      last_urged_at: iso(o.lastUrgedAt),
      repeat_of_id: o.repeatOfId,
      reopened_as_id: o.reopenedAsId,
      completed_at: iso(o.completedAt),
      closed_at: iso(o.closedAt),
      created_by: o.createdBy,
      version: o.version,
      created_at: iso(o.createdAt),
      updated_at: iso(o.updatedAt),
    })),
  );
  // Timeline and audit trail in time order, so ids rise with time as they would have.
  const history = [...d.history].sort((a, b) => a.at.getTime() - b.at.getTime());
  // One parse per batch feeds both the timeline and the audit trail.
  for (let i = 0; i < history.length; i += BATCH) {
    const rows = history.slice(i, i + BATCH).map((h) => ({
      o: h.orderId,
      t: iso(h.at),
      a: h.action,
      f: h.fromState,
      s: h.toState,
      u: h.actor.id,
      n: h.actor.name,
      r: h.note,
      d: h.data,
      c: h.changes,
      p: h.eventPath,
    }));
    await db.execute(sql`with x as (
        select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as x(o uuid, t timestamptz, a text, f text, s text, u uuid, n text, r text, d jsonb, c jsonb, p text)
      ), h as (
        insert into work_order_history (order_id, at, action, from_state, to_state, actor_id, actor_name, note, data)
        select o, t, a, f, s, u, n, r, d from x
      )
      insert into events (at, actor_id, actor_name, entity, entity_id, action, changes, reason, org_path)
      select t, u, n, 'work_order', o::text, 'work_order.' || a, c, r, p from x`);
  }
  await insertBatched(
    db,
    'work_order_parts',
    'id uuid, order_id uuid, part_id uuid, qty int, old_serial text, new_serial text, created_at timestamptz',
    d.parts.map((p) => ({
      id: p.id,
      order_id: p.orderId,
      part_id: p.partId,
      qty: p.qty,
      old_serial: p.oldSerial,
      new_serial: p.newSerial,
      created_at: iso(p.createdAt),
    })),
  );
  await insertBatched(
    db,
    'work_order_urges',
    'id uuid, order_id uuid, n int, at timestamptz, holder_unit_id uuid, holder_path text, note text',
    d.urges.map((u) => ({
      id: u.id,
      order_id: u.orderId,
      n: u.n,
      at: iso(u.at),
      holder_unit_id: u.holderUnitId,
      holder_path: u.holderPath,
      note: u.note,
    })),
  );
  await insertBatched(
    db,
    'complaint_flags',
    'id uuid, order_id uuid, reason text, urge_count int, urge_limit int, note text, status text, holder_unit_id uuid, org_path text, created_by uuid, created_by_name text, created_at timestamptz, updated_at timestamptz',
    d.flags.map((f) => ({
      id: f.id,
      order_id: f.orderId,
      reason: 'urged',
      urge_count: f.urgeCount,
      urge_limit: f.urgeLimit,
      note: f.note,
      status: 'open',
      holder_unit_id: f.holderUnitId,
      org_path: f.orgPath,
      created_by: f.createdBy.id,
      created_by_name: f.createdBy.name,
      created_at: iso(f.createdAt),
      updated_at: iso(f.updatedAt),
    })),
  );
  await insertBatched(
    db,
    'customer_grants',
    'customer_id uuid, org_path text, source_entity text, source_id uuid, granted_at timestamptz, revoked_at timestamptz',
    d.grants.map((g) => ({
      customer_id: g.customerId,
      org_path: g.orgPath,
      source_entity: 'work_order',
      source_id: g.sourceId,
      granted_at: iso(g.grantedAt),
      revoked_at: iso(g.revokedAt),
    })),
  );
  await insertBatched(
    db,
    'sla_milestones',
    `id uuid, order_id uuid, order_code text, org_path text, key text, policy_id uuid, policy_version int, calendar_id uuid,
     base_limit_minutes int, limit_minutes int, warn_at_percent int, paused_by_parts boolean, escalation jsonb,
     responsible_level text, state text, started_at timestamptz, due_at timestamptz, warn_at timestamptz, provisional boolean,
     pauses jsonb, met_at timestamptz, ended_at timestamptz, warned_at timestamptz, breached_at timestamptz, late_minutes int,
     excused boolean, excused_reason text, next_fire_at timestamptz, next_fire_kind text, created_at timestamptz, updated_at timestamptz`,
    d.milestones.map((m) => ({
      id: m.id,
      order_id: m.orderId,
      order_code: m.orderCode,
      org_path: m.orgPath,
      key: m.key,
      policy_id: m.policyId,
      policy_version: m.policyVersion,
      calendar_id: m.calendarId,
      base_limit_minutes: m.baseLimitMinutes,
      limit_minutes: m.limitMinutes,
      warn_at_percent: m.warnAtPercent,
      paused_by_parts: m.pausedByParts,
      escalation: m.escalation,
      responsible_level: m.responsibleLevel,
      state: m.state,
      started_at: iso(m.startedAt),
      due_at: iso(m.dueAt),
      warn_at: iso(m.warnAt),
      provisional: m.provisional,
      pauses: m.pauses,
      met_at: iso(m.metAt),
      ended_at: iso(m.endedAt),
      warned_at: iso(m.warnedAt),
      breached_at: iso(m.breachedAt),
      late_minutes: m.lateMinutes,
      excused: m.excused,
      excused_reason: m.excusedReason,
      next_fire_at: iso(m.nextFireAt),
      next_fire_kind: m.nextFireKind,
      created_at: iso(m.startedAt),
      updated_at: iso(m.endedAt ?? m.startedAt),
    })),
  );
  await appendEvent(db, ctx, {
    entity: 'demo',
    entityId: 'orders',
    action: 'demo.loaded',
    after: {
      orders: d.orders.length,
      history: d.history.length,
      milestones: d.milestones.length,
      urges: d.urges.length,
      parts: d.parts.length,
    },
  });
}

/** Generates and loads the demo orders; returns counts and the time it took. */
export async function loadDemoOrders(
  ctx: Ctx,
  archive: DemoArchive,
  people: { username: string; unitCode: string; roles: string[] }[],
  opts: Partial<Pick<OrdersInput, 'count' | 'seed'>> = {},
): Promise<{ orders: number; milestones: number; ms: number }> {
  const t0 = performance.now();
  const input = await demoOrdersInput(ctx, archive, people);
  const d = demoOrders({ ...input, ...opts });
  await insertDemoOrders(ctx, d);
  return { orders: d.orders.length, milestones: d.milestones.length, ms: Math.round(performance.now() - t0) };
}

import { and, eq, gt, gte, inArray, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import { AppError, fieldError } from '../../platform/errors.js';
import { pathInScope } from '../../platform/access/index.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { orgUnits, rolePermissions, userRoles, users } from '../../platform/identity/tables.js';
import { contactLens, customerAddresses, customers, parts, productLines } from '../customers/index.js';
import { depots, partNeedsOfOrders, stockBalances } from '../parts/index.js';
import { type Milestone, milestonesOfMany } from '../sla/index.js';
import { technicianCertifications, workOrders } from '../work-orders/index.js';
import type { Board, BoardTechnician, BoardVisit } from './contract.js';
import { clockMinutes, dayStart, minutesOf } from './rules.js';
import { shiftsOf } from './shifts.js';
import { planningPool } from './tables.js';

/*
 * The planning board of one outlet and day, read from the modules below through their index.ts:
 * the outlet, its technicians (active people of the outlet who carry out orders and do not
 * dispatch them) with their shifts, certifications and van stock, and the day's visits.
 *
 * Visits: orders the outlet holds in accepted / assigned / booked, booked on the day or not booked
 * at all; and, fixed where they are, orders of the outlet started (en route, on site, received,
 * in repair, waiting) and booked on the day, or completed on the day by its technicians. Carry-in
 * and remote orders need no trip and are left off. A visit's parts are not read yet (the parts
 * requests are not on the parts module's surface): every visit needs none.
 */

const PLANNABLE = ['accepted', 'assigned', 'booked'] as const;
const STARTED = ['en_route', 'on_site', 'received', 'in_repair', 'waiting'] as const;
const NO_TRIP = ['carry_in', 'remote'] as const;
const DAY = 1440;

/** What the commands need beside the board: the orders' versions and booking, the zone, the outlet's path. */
export interface BoardData {
  board: Omit<Board, 'plan'>;
  outletPath: string;
  timeZone: string;
  /** The outlet depot's good stock, part code → quantity available. */
  outletStock: Record<string, number>;
  orders: Map<
    string,
    {
      id: string;
      code: string;
      state: string;
      version: number;
      technicianId: string | null;
      bookedFrom: Date | null;
      bookedTo: Date | null;
      bookedConfirmed: boolean;
    }
  >;
}

/** The outlet named by a query or body, within the caller's scope (403 otherwise). */
export async function outletInScope(db: DbLike, ctx: Ctx, outletId: string) {
  const [unit] = await db.select().from(orgUnits).where(eq(orgUnits.id, outletId));
  if (!unit || !pathInScope(ctx.actor, unit.path)) throw new AppError('auth.out_of_scope');
  if (unit.kind !== 'outlet') throw fieldError('outletId', 'planning.not_an_outlet');
  return unit;
}

export async function readBoard(db: DbLike, ctx: Ctx, outletId: string, day: string): Promise<BoardData> {
  const outlet = await outletInScope(db, ctx, outletId);
  const timeZone = await getSetting(db, 'company.timeZone', ctx.now);
  const durations = await getSetting(db, 'planning.durations', ctx.now);
  const regions = await getSetting(db, 'planning.poolRegions', ctx.now);
  const tiles = await getSetting(db, 'planning.mapTiles', ctx.now);
  const from = dayStart(day, timeZone);
  const to = new Date(from.getTime() + DAY * 60_000);
  const outletPoint = outlet.lat !== null && outlet.lng !== null ? { lat: outlet.lat, lng: outlet.lng } : null;

  const technicians = await techniciansOf(db, ctx, outletId, day, outletPoint);
  const working = technicians.filter((t) => t.working);
  const defaultShift = await getSetting(db, 'planning.shift', ctx.now);
  const dayFrom = working.length ? Math.min(...working.map((t) => t.shift.start)) : clockMinutes(defaultShift.start);
  const dayTo = working.length ? Math.max(...working.map((t) => t.shift.end)) : clockMinutes(defaultShift.end);

  const techIds = technicians.map((t) => t.id);
  const onDay = and(lt(workOrders.bookedFrom, to), gt(workOrders.bookedTo, from));
  const rows = await db
    .select({
      id: workOrders.id,
      code: workOrders.code,
      state: workOrders.state,
      version: workOrders.version,
      serviceType: workOrders.serviceType,
      priority: workOrders.priority,
      customerId: workOrders.customerId,
      addressId: workOrders.addressId,
      productLineId: workOrders.productLineId,
      technicianId: workOrders.technicianId,
      bookedFrom: workOrders.bookedFrom,
      bookedTo: workOrders.bookedTo,
      bookedConfirmed: workOrders.bookedConfirmed,
      completedAt: workOrders.completedAt,
    })
    .from(workOrders)
    .where(
      and(
        eq(workOrders.outletId, outletId),
        or(
          and(
            eq(workOrders.holderUnitId, outletId),
            inArray(workOrders.state, [...PLANNABLE]),
            or(isNull(workOrders.bookedFrom), onDay),
          ),
          and(inArray(workOrders.state, [...STARTED]), onDay),
          techIds.length
            ? and(
                inArray(workOrders.technicianId, techIds),
                gte(workOrders.completedAt, from),
                lt(workOrders.completedAt, to),
              )
            : sql`false`,
        ),
        ...NO_TRIP.map((s) => ne(workOrders.serviceType, s)),
      ),
    )
    .orderBy(workOrders.code);

  const customerIds = [...new Set(rows.map((r) => r.customerId))];
  const names = customerIds.length
    ? await db
        .select({ id: customers.id, name: customers.name })
        .from(customers)
        .where(inArray(customers.id, customerIds))
    : [];
  const addressIds = rows.map((r) => r.addressId).filter((a): a is string => !!a);
  const addresses = addressIds.length
    ? await db
        .select({
          id: customerAddresses.id,
          detail: customerAddresses.detail,
          provinceCode: customerAddresses.provinceCode,
          cityCode: customerAddresses.cityCode,
          districtCode: customerAddresses.districtCode,
          lat: customerAddresses.lat,
          lng: customerAddresses.lng,
        })
        .from(customerAddresses)
        .where(inArray(customerAddresses.id, addressIds))
    : [];
  const lineIds = [...new Set(rows.map((r) => r.productLineId).filter((l): l is string => !!l))];
  const lines = lineIds.length
    ? await db
        .select({ id: productLines.id, code: productLines.code, name: productLines.name })
        .from(productLines)
        .where(inArray(productLines.id, lineIds))
    : [];
  const orderIds = rows.map((r) => r.id);
  const milestones: Map<string, Milestone[]> = orderIds.length
    ? await milestonesOfMany(db, orderIds, ctx.now)
    : new Map();
  const pooled = orderIds.length
    ? await db
        .select({ orderId: planningPool.orderId })
        .from(planningPool)
        .where(and(inArray(planningPool.orderId, orderIds), eq(planningPool.state, 'open')))
    : [];
  const lens = await contactLens(db, ctx, customerIds);
  // The parts each visit needs, by its requests (a van holding them, or the outlet's stock when leaving from it).
  const needs = await partNeedsOfOrders(db, orderIds);
  const needsOf = new Map<string, { partId: string; code: string; qty: number }[]>();
  for (const n of needs)
    needsOf.set(n.orderId, [...(needsOf.get(n.orderId) ?? []), { partId: n.partId, code: n.code, qty: n.qty }]);

  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  const addressOf = new Map(addresses.map((a) => [a.id, a]));
  const lineOf = new Map(lines.map((l) => [l.id, l]));
  const pooledSet = new Set(pooled.map((p) => p.orderId));
  const clip = (m: number) => Math.max(0, Math.min(2 * DAY, Math.round(m)));

  const visits: BoardVisit[] = rows.map((r) => {
    const a = r.addressId ? addressOf.get(r.addressId) : undefined;
    const line = r.productLineId ? lineOf.get(r.productLineId) : undefined;
    const booked = !!r.bookedFrom && !!r.bookedTo;
    const window = booked
      ? {
          start: clip(Math.max(0, minutesOf(day, r.bookedFrom!, timeZone))),
          end: clip(Math.min(DAY, minutesOf(day, r.bookedTo!, timeZone))),
        }
      : { start: dayFrom, end: dayTo };
    const onSite = (milestones.get(r.id) ?? []).find((m) => m.key === 'on_site' && !m.metAt && m.state !== 'cancelled');
    const due = onSite?.dueAt ? minutesOf(day, new Date(onSite.dueAt), timeZone) : null;
    const fixed = (STARTED as readonly string[]).includes(r.state) || r.completedAt !== null;
    return {
      orderId: r.id,
      code: r.code,
      state: r.state,
      serviceType: r.serviceType,
      priority: r.priority,
      customerName: nameOf.get(r.customerId) ?? '',
      address: a ? lens(r.customerId).addressText(a) : '',
      location: a && a.lat !== null && a.lng !== null ? { lat: a.lat, lng: a.lng } : null,
      productLine: line ? { id: line.id, name: line.name } : null,
      window,
      booked,
      confirmed: booked && r.bookedConfirmed,
      dueAt: due !== null && due >= 0 && due < DAY ? Math.round(due) : null,
      duration: durations[`${r.serviceType}:${line?.code ?? ''}`] ?? durations[r.serviceType] ?? 60,
      parts: needsOf.get(r.id) ?? [],
      technicianId: r.technicianId,
      fixed,
      pooled: pooledSet.has(r.id),
    };
  });

  const outletStock: Record<string, number> = {};
  for (const b of await db
    .select({ code: parts.code, onHand: stockBalances.onHand, reserved: stockBalances.reserved })
    .from(depots)
    .innerJoin(stockBalances, eq(stockBalances.depotId, depots.id))
    .innerJoin(parts, eq(parts.id, stockBalances.partId))
    .where(and(eq(depots.orgUnitId, outletId), eq(depots.kind, 'outlet'), eq(stockBalances.grade, 'good')))) {
    if (b.onHand - b.reserved > 0) outletStock[b.code] = b.onHand - b.reserved;
  }
  // Parts that arrived for an order were issued to it at the outlet: set aside there, not in its stock.
  for (const n of needs) if (n.atOutlet > 0) outletStock[n.code] = (outletStock[n.code] ?? 0) + n.atOutlet;
  const place = outlet.districtCode ?? outlet.cityCode ?? outlet.provinceCode ?? '';
  return {
    board: {
      outlet: { id: outlet.id, name: outlet.name, location: outletPoint },
      day,
      technicians,
      visits,
      poolEnabled: !!place && regions.some((r) => place.startsWith(r)),
      tiles: tiles.url ? { url: tiles.url, attribution: tiles.attribution } : null,
    },
    outletPath: outlet.path,
    timeZone,
    outletStock,
    orders: new Map(
      rows.map((r) => [
        r.id,
        {
          id: r.id,
          code: r.code,
          state: r.state,
          version: r.version,
          technicianId: r.technicianId,
          bookedFrom: r.bookedFrom,
          bookedTo: r.bookedTo,
          bookedConfirmed: r.bookedConfirmed,
        },
      ]),
    ),
  };
}

/** The outlet's active people who carry out orders and do not dispatch them. */
export async function technicianIdsOf(db: DbLike, outletId: string): Promise<{ id: string; name: string }[]> {
  const people = await db
    .selectDistinct({ id: users.id, name: users.displayName, permission: rolePermissions.permission })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .innerJoin(rolePermissions, eq(rolePermissions.roleCode, userRoles.roleCode))
    .where(
      and(
        eq(users.orgUnitId, outletId),
        eq(users.active, true),
        inArray(rolePermissions.permission, ['orders.execute', 'orders.dispatch', '*']),
      ),
    );
  const byId = new Map<string, { name: string; execute: boolean; dispatch: boolean }>();
  for (const p of people) {
    const e = byId.get(p.id) ?? { name: p.name, execute: false, dispatch: false };
    if (p.permission === 'orders.execute') e.execute = true;
    else e.dispatch = true;
    byId.set(p.id, e);
  }
  return [...byId]
    .filter(([, e]) => e.execute && !e.dispatch)
    .map(([id, e]) => ({ id, name: e.name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id));
}

async function techniciansOf(
  db: DbLike,
  ctx: Ctx,
  outletId: string,
  day: string,
  outletPoint: { lat: number; lng: number } | null,
): Promise<BoardTechnician[]> {
  const people = await technicianIdsOf(db, outletId);
  if (people.length === 0) return [];
  const ids = people.map((p) => p.id);
  const shifts = await shiftsOf(db, ctx.now, ids);
  const certs = await db
    .select({
      userId: technicianCertifications.userId,
      productLineId: technicianCertifications.productLineId,
      validUntil: technicianCertifications.validUntil,
      name: productLines.name,
    })
    .from(technicianCertifications)
    .innerJoin(productLines, eq(productLines.id, technicianCertifications.productLineId))
    .where(and(inArray(technicianCertifications.userId, ids), gte(technicianCertifications.validUntil, day)));
  const stock = await db
    .select({
      userId: depots.technicianUserId,
      partId: stockBalances.partId,
      code: parts.code,
      name: parts.name,
      onHand: stockBalances.onHand,
      reserved: stockBalances.reserved,
    })
    .from(depots)
    .innerJoin(stockBalances, eq(stockBalances.depotId, depots.id))
    .innerJoin(parts, eq(parts.id, stockBalances.partId))
    .where(
      and(
        eq(depots.kind, 'van'),
        eq(depots.active, true),
        inArray(depots.technicianUserId, ids),
        eq(stockBalances.grade, 'good'),
      ),
    );
  return people.map((p) => {
    const s = shifts.get(p.id)!;
    const place = s.startAt === 'home' ? s.home : outletPoint;
    return {
      id: p.id,
      name: p.name,
      working: !s.daysOff.includes(day),
      shift: { start: clockMinutes(s.start), end: clockMinutes(s.end) },
      break:
        s.breakMinutes > 0
          ? { earliestStart: clockMinutes(s.breakFrom), latestStart: clockMinutes(s.breakTo), minutes: s.breakMinutes }
          : null,
      start: place,
      end: place,
      startAt: s.startAt,
      maxJobs: s.maxJobs,
      certifications: certs
        .filter((c) => c.userId === p.id)
        .map((c) => ({ productLineId: c.productLineId, name: c.name, validUntil: c.validUntil })),
      stock: stock
        .filter((b) => b.userId === p.id && b.onHand - b.reserved > 0)
        .map((b) => ({ partId: b.partId, code: b.code, name: b.name, qty: b.onHand - b.reserved })),
    };
  });
}

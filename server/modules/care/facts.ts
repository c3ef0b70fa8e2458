import { and, desc, eq, inArray, isNotNull, isNull, like, max, or, type SQL } from 'drizzle-orm';
import { localDay } from '../../../shared/time-zone.js';
import type { DbLike } from '../../db/client.js';
import { type Actor, withinScope } from '../../platform/access/index.js';
import { getSetting } from '../../platform/config/index.js';
import { orgUnits } from '../../platform/identity/tables.js';
import { escapeLike } from '../../platform/records.js';
import { customerAddresses, customers, productModels, units } from '../customers/index.js';
import { warrantyContracts } from '../warranty/index.js';
import { OPEN_STATES, workOrders } from '../work-orders/index.js';
import type { CustomPlan, MaintenanceItem } from './contract.js';
import { nextMaintenance, type VisitContract } from './rules.js';
import { carePlans } from './tables.js';

/*
 * The facts the due-date rules need, for many units at once: the units with their model's cycle,
 * customer and address; the last completed maintenance order of each; open maintenance orders;
 * service contracts with included visits; custom plans. Other modules' rows are read through their
 * exported tables with the query builder, never named in SQL text.
 */

export interface UnitRow {
  id: string;
  serialNo: string;
  modelName: string;
  customerId: string;
  customerName: string;
  status: string;
  orgPath: string;
  installedOn: string | null;
  acceptedOn: string | null;
  purchaseDate: string | null;
  cycleDays: number | null;
  provinceCode: string | null;
  cityCode: string | null;
  districtCode: string | null;
}

export interface UnitFilter {
  unitId?: string;
  unitIds?: string[];
  province?: string;
  orgPath?: string;
  /** Active units only (the planner and the sweeps); a unit page reads any. */
  activeOnly?: boolean;
}

export const zoneAt = (db: DbLike, at: Date) => getSetting(db, 'company.timeZone', at);
export const todayOf = async (db: DbLike, now: Date) => localDay(now, await zoneAt(db, now));

/** A division code matches the address's province, city or district by its level. */
function divisionWhere(code: string): SQL {
  if (code.endsWith('0000')) return eq(customerAddresses.provinceCode, code);
  if (code.endsWith('00')) return eq(customerAddresses.cityCode, code);
  return eq(customerAddresses.districtCode, code);
}

/** The org unit's path (for the area filter), or null when it does not exist. */
export async function orgPathOf(db: DbLike, orgUnitId: string): Promise<string | null> {
  const [u] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, orgUnitId));
  return u?.path ?? null;
}

/** Units in the actor's scope (null: the system, every unit) matching the filter. */
export async function loadUnits(db: DbLike, actor: Actor | null, f: UnitFilter): Promise<UnitRow[]> {
  const where: SQL[] = [];
  if (actor) where.push(withinScope(actor, units.orgPath));
  if (f.activeOnly) where.push(eq(units.status, 'active'));
  if (f.unitId) where.push(eq(units.id, f.unitId));
  if (f.unitIds) where.push(inArray(units.id, f.unitIds.length ? f.unitIds : ['00000000-0000-0000-0000-000000000000']));
  if (f.orgPath) where.push(like(units.orgPath, `${escapeLike(f.orgPath)}%`));
  if (f.province) where.push(divisionWhere(f.province));
  return db
    .select({
      id: units.id,
      serialNo: units.serialNo,
      modelName: productModels.name,
      customerId: units.customerId,
      customerName: customers.name,
      status: units.status,
      orgPath: units.orgPath,
      installedOn: units.installedOn,
      acceptedOn: units.acceptedOn,
      purchaseDate: units.purchaseDate,
      cycleDays: productModels.maintenanceDays,
      provinceCode: customerAddresses.provinceCode,
      cityCode: customerAddresses.cityCode,
      districtCode: customerAddresses.districtCode,
    })
    .from(units)
    .innerJoin(productModels, eq(productModels.id, units.modelId))
    .innerJoin(customers, eq(customers.id, units.customerId))
    .leftJoin(customerAddresses, eq(customerAddresses.id, units.addressId))
    .where(and(...where))
    .orderBy(units.serialNo);
}

function chunks<T>(xs: T[], n = 1000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

export interface CareFacts {
  lastMaintenance: Map<string, string>;
  openOrders: Map<string, { id: string; code: string }>;
  contracts: (VisitContract & { unitId: string | null; customerId: string })[];
  plans: Map<string, typeof carePlans.$inferSelect>;
}

/** The orders, contracts and plans of these units (a few queries per thousand units). */
export async function loadFacts(db: DbLike, rows: UnitRow[], timeZone: string): Promise<CareFacts> {
  const facts: CareFacts = { lastMaintenance: new Map(), openOrders: new Map(), contracts: [], plans: new Map() };
  for (const part of chunks(rows)) {
    const ids = part.map((r) => r.id);
    const done = await db
      .select({ unitId: workOrders.unitId, last: max(workOrders.completedAt) })
      .from(workOrders)
      .where(
        and(
          inArray(workOrders.unitId, ids),
          eq(workOrders.serviceType, 'maintenance'),
          isNotNull(workOrders.completedAt),
        ),
      )
      .groupBy(workOrders.unitId);
    for (const d of done)
      if (d.unitId && d.last) facts.lastMaintenance.set(d.unitId, localDay(new Date(d.last), timeZone));
    const open = await db
      .select({ id: workOrders.id, code: workOrders.code, unitId: workOrders.unitId })
      .from(workOrders)
      .where(
        and(
          inArray(workOrders.unitId, ids),
          eq(workOrders.serviceType, 'maintenance'),
          inArray(workOrders.state, [...OPEN_STATES]),
        ),
      )
      .orderBy(desc(workOrders.createdAt));
    for (const o of open)
      if (o.unitId && !facts.openOrders.has(o.unitId)) facts.openOrders.set(o.unitId, { id: o.id, code: o.code });
    const custIds = [...new Set(part.map((r) => r.customerId))];
    const cs = await db
      .select()
      .from(warrantyContracts)
      .where(
        and(
          eq(warrantyContracts.status, 'active'),
          isNotNull(warrantyContracts.visitsIncluded),
          or(
            inArray(warrantyContracts.unitId, ids),
            and(isNull(warrantyContracts.unitId), inArray(warrantyContracts.customerId, custIds)),
          ),
        ),
      );
    for (const c of cs)
      facts.contracts.push({
        id: c.id,
        code: c.code,
        startsOn: c.startsOn,
        endsOn: c.endsOn,
        visitsIncluded: c.visitsIncluded,
        visitsUsed: c.visitsUsed,
        status: c.status,
        unitId: c.unitId,
        customerId: c.customerId,
      });
    const ps = await db.select().from(carePlans).where(inArray(carePlans.unitId, ids));
    for (const p of ps) facts.plans.set(p.unitId, p);
  }
  return facts;
}

export function planView(p: typeof carePlans.$inferSelect | undefined): CustomPlan | null {
  if (!p?.active) return null;
  return {
    intervalDays: p.intervalDays,
    intervalMonths: p.intervalMonths,
    nextOn: p.nextOn,
    note: p.note,
    setOn: p.setOn,
    setByName: p.setByName,
  };
}

/** A unit's maintenance item: its next date by the rules, and what the planner shows with it. */
export function maintenanceItem(r: UnitRow, facts: CareFacts, today: string, leadDays: number): MaintenanceItem {
  const plan = planView(facts.plans.get(r.id));
  const last = facts.lastMaintenance.get(r.id) ?? null;
  const n = nextMaintenance({
    today,
    leadDays,
    cycleDays: r.cycleDays,
    lastMaintenanceOn: last,
    installedOn: r.installedOn,
    acceptedOn: r.acceptedOn,
    purchaseDate: r.purchaseDate,
    plan: plan ? { ...plan } : null,
    contracts: facts.contracts.filter((c) => c.unitId === r.id || (c.unitId === null && c.customerId === r.customerId)),
  });
  return {
    unitId: r.id,
    serialNo: r.serialNo,
    modelName: r.modelName,
    customerId: r.customerId,
    customerName: r.customerName,
    provinceCode: r.provinceCode,
    cityCode: r.cityCode,
    districtCode: r.districtCode,
    nextOn: n.nextOn,
    status: n.status,
    daysLeft: n.daysLeft,
    source: n.source,
    basis: n.basis,
    basisOn: n.basisOn,
    cycleDays: r.cycleDays,
    lastMaintenanceOn: last,
    openOrder: facts.openOrders.get(r.id) ?? null,
    why: n.why,
  };
}

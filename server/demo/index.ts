import type { RoleCode } from '../../shared/permissions.js';
import { hashPassword } from '../platform/auth/passwords.js';
import type { Ctx } from '../platform/context.js';
import { createOrgUnit, createUser } from '../modules/org/index.js';
import { demoArchive } from './customers-data.js';
import { loadDemoArchive, loadDemoCatalog } from './load.js';
import { loadDemoOrders } from './orders-load.js';
import { DEMO_CENTERS, GIVEN, SURNAMES } from './org-data.js';
import { type DemoCallbacksResult, loadDemoCallbacks } from './callbacks-load.js';
import { type DemoCareResult, loadDemoCare } from './care-load.js';
import { type DemoCollectionsResult, loadDemoCollections } from './collections-load.js';
import { loadDemoComplaints } from './complaints-load.js';
import { type DemoFeesResult, loadDemoFees } from './fees-load.js';
import { type DemoPartsFlowResult, loadDemoPartsFlow } from './parts-flow-load.js';
import { type DemoPlanningResult, loadDemoPlanningDay } from './planning-day.js';
import { type DemoRecallsResult, loadDemoRecalls } from './recalls-load.js';
import { type DemoStatementsResult, loadDemoStatements } from './statements-load.js';
import { type DemoStockResult, loadDemoStock } from './stock-load.js';
import { loadWarrantyDemo } from './warranty-load.js';

/**
 * Demo data, deterministic so that screenshots, docs and tests agree. Later capabilities add
 * their generators here (customers, products, orders) and call them from `seedDemo`.
 * Every demo account uses DEMO_PASSWORD (documented in the README).
 */
export const DEMO_PASSWORD = 'Sanbao2026';

/**
 * The demo's "today": purchase dates, archive openings and serials are counted back from it, never
 * from the wall clock, so the same data comes out on every run.
 */
export const DEMO_REFERENCE_DATE = new Date('2026-11-20T10:00:00+08:00');

export interface SeedDemoOptions {
  hqId: string;
  /**
   * Product catalog, ~2,000 customers, ~3,000 units and ~5,000 work orders of the last 90 days
   * (counted back from `ctx.now`); false: the organisation only (module
   * tests count the catalog and unit rows they create themselves). Default: true.
   */
  customers?: boolean;
  /** Overrides DEMO_REFERENCE_DATE. */
  referenceDate?: Date;
}

export interface SeedDemoResult {
  units: number;
  users: number;
  catalog?: { lines: number; models: number; parts: number };
  customers?: number;
  installedUnits?: number;
  /** Work orders of the last 90 days (server/demo/orders-data.ts) and how long loading them took. */
  orders?: number;
  ordersLoadMs?: number;
  /** The 三包 demo units (server/demo/warranty-load.ts, docs/warranty.md "Demo units") and their load time. */
  warrantyUnits?: number;
  warrantyLoadMs?: number;
  /** The demo parts stock (server/demo/stock-load.ts, docs/parts.md "Demo stock"). */
  stock?: DemoStockResult;
  /** Prices, quotas, parts requests and old-part returns (server/demo/parts-flow-load.ts, docs/parts-requests.md "Demo"). */
  partsFlow?: DemoPartsFlowResult;
  /** Fee schedules of the demo product lines (server/demo/fees-load.ts, docs/money.md "Demo"). */
  fees?: DemoFeesResult;
  /** Last month's settlement statements (server/demo/statements-load.ts, docs/money-statements.md "Demo"). */
  statements?: DemoStatementsResult;
  /** Paid work: quotes, collections, invoice requests, hand-overs (server/demo/collections-load.ts, docs/money-collection.md "Demo"). */
  collections?: DemoCollectionsResult;
  /** Callback tasks of recent completions, some worked (server/demo/callbacks-load.ts, docs/callbacks.md "Demo"). */
  callbacks?: DemoCallbacksResult;
  /** One recall campaign half done (server/demo/recalls-load.ts, docs/recalls.md "Demo"). */
  recalls?: DemoRecallsResult;
  /** Units due for maintenance this week and warranty-expiry offers with answers (server/demo/care-load.ts, docs/care.md "Demo"). */
  care?: DemoCareResult;
  /** Tomorrow at one outlet for the planning board (server/demo/planning-day.ts, README "Demo data"). */
  planningDay?: DemoPlanningResult;
}

export interface DemoUser {
  username: string;
  displayName: string;
  roles: RoleCode[];
  unitCode: string;
}

/** One account per role at HQ; per center its staff and dispatcher; per outlet a manager and two technicians. */
export function demoUsers(): DemoUser[] {
  const list: DemoUser[] = [
    { username: 'hotline', displayName: '接线员 小王', roles: ['hotline_agent'], unitCode: 'HQ' },
    { username: 'dispatcher', displayName: '总部调度 李敏', roles: ['dispatcher'], unitCode: 'HQ' },
    { username: 'parts', displayName: '配件管理员 赵芳', roles: ['parts_clerk'], unitCode: 'HQ' },
    { username: 'finance', displayName: '财务 钱丽', roles: ['finance'], unitCode: 'HQ' },
    { username: 'complaints', displayName: '投诉专员 孙静', roles: ['complaint_handler'], unitCode: 'HQ' },
    { username: 'manager', displayName: '售后经理 周总', roles: ['manager'], unitCode: 'HQ' },
    { username: 'auditor', displayName: '审计 吴审', roles: ['auditor'], unitCode: 'HQ' },
  ];
  let n = 0;
  const person = () => {
    const name = `${SURNAMES[n % SURNAMES.length]}${GIVEN[(n * 7 + 3) % GIVEN.length]}`;
    n += 1;
    return name;
  };
  for (const c of DEMO_CENTERS) {
    list.push({
      username: `${c.key}.center`,
      displayName: `${c.name.slice(0, 2)}中心 ${person()}`,
      roles: ['center_staff'],
      unitCode: c.code,
    });
    list.push({
      username: `${c.key}.dispatch`,
      displayName: `${c.name.slice(0, 2)}调度 ${person()}`,
      roles: ['dispatcher'],
      unitCode: c.code,
    });
    c.outlets.forEach((o) => {
      const key = o.code.slice(2).replace('-', '').toLowerCase(); // O-GD-01 → gd01
      list.push({
        username: `${key}.manager`,
        displayName: o.contactName,
        roles: ['outlet_manager'],
        unitCode: o.code,
      });
      for (const t of [1, 2]) {
        list.push({ username: `${key}.tech${t}`, displayName: person(), roles: ['technician'], unitCode: o.code });
      }
    });
  }
  return list;
}

/**
 * Creates the demo organisation under HQ (centers, outlets, the accounts of `demoUsers()`) and,
 * unless `customers: false`, the demo catalog, customers and installed base (server/demo/load.ts).
 */
export async function seedDemo(ctx: Ctx, opts: SeedDemoOptions): Promise<SeedDemoResult> {
  const unitIds = new Map<string, string>([['HQ', opts.hqId]]);
  for (const c of DEMO_CENTERS) {
    const center = await createOrgUnit(ctx, {
      kind: 'center',
      parentId: opts.hqId,
      code: c.code,
      name: c.name,
      provinceCode: c.provinceCode,
      cityCode: c.cityCode,
      districtCode: c.districtCode,
      address: c.address,
      lat: c.lat,
      lng: c.lng,
      serviceArea: [c.provinceCode],
    });
    unitIds.set(c.code, center.id);
    for (const [i, o] of c.outlets.entries()) {
      const outlet = await createOrgUnit(ctx, {
        kind: 'outlet',
        parentId: center.id,
        code: o.code,
        name: o.name,
        licenceNo: `91${c.provinceCode.slice(0, 2)}0000MA${String(i + 1).padStart(2, '0')}${o.code.slice(2, 4)}X${i}`,
        contactName: o.contactName,
        contactPhone: `0${o.cityCode.slice(0, 3)}-8${o.districtCode.slice(-3)}${String(i + 1).padStart(4, '0')}`,
        provinceCode: c.provinceCode,
        cityCode: o.cityCode,
        districtCode: o.districtCode,
        address: o.address,
        lat: o.lat,
        lng: o.lng,
        serviceArea: [o.districtCode === o.cityCode ? o.cityCode : o.districtCode, o.cityCode].filter(
          (v, j, a) => a.indexOf(v) === j,
        ),
      });
      unitIds.set(o.code, outlet.id);
    }
  }
  // One hash for the one documented password: argon2id per account would make setup slow.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const people = demoUsers();
  for (const [i, u] of people.entries()) {
    await createUser(
      ctx,
      {
        username: u.username,
        displayName: u.displayName,
        password: DEMO_PASSWORD,
        mobile: `139${String(10_000_000 + i * 137).slice(0, 8)}`,
        email: null,
        lang: 'zh-CN',
        orgUnitId: unitIds.get(u.unitCode)!,
        roles: u.roles,
      },
      { passwordHash },
    );
  }
  const org = { units: unitIds.size, users: people.length };
  if (opts.customers === false) return org;
  return ctx.db.transaction(async (tx) => {
    const c: Ctx = { ...ctx, db: tx as unknown as Ctx['db'] };
    const catalog = await loadDemoCatalog(c);
    const data = demoArchive({ referenceDate: opts.referenceDate ?? DEMO_REFERENCE_DATE });
    const archive = await loadDemoArchive(c, data, catalog);
    const orders = await loadDemoOrders(c, data, people);
    console.info(`demo: ${orders.orders} work orders, ${orders.milestones} time limits loaded in ${orders.ms} ms`);
    const warranty = await loadWarrantyDemo(c, catalog);
    console.info(
      `demo: ${warranty.units.length} warranty units, ${warranty.orders} orders loaded in ${warranty.ms} ms`,
    );
    const stock = await loadDemoStock(c);
    console.info(
      `demo: stock in ${stock.depots} depots, ${stock.movements} movements (${stock.ledgerRows} ledger rows) in ${stock.ms} ms`,
    );
    const partsFlow = await loadDemoPartsFlow(c);
    console.info(
      `demo: ${Object.values(partsFlow.requests).reduce((a, b) => a + b, 0)} parts requests, ${partsFlow.quotas} quotas, ${partsFlow.obligations} old-part returns in ${partsFlow.ms} ms`,
    );
    const fees = await loadDemoFees(c);
    console.info(`demo: ${fees.rules} fee rules (${fees.changed} changed)`);
    const collections = await loadDemoCollections(c);
    console.info(
      `demo: ${collections.quotes} quotes, ${collections.collections} collections, ${collections.handovers} hand-overs`,
    );
    const complaints = await loadDemoComplaints(c);
    console.info(`demo: ${complaints.complaints} complaints (${complaints.escalations} escalations)`);
    const callbacks = await loadDemoCallbacks(c);
    console.info(
      `demo: ${callbacks.tasks} callback tasks (${callbacks.answered} answered, ${callbacks.unreachable} unreachable, ${callbacks.open} open)`,
    );
    const care = await loadDemoCare(c);
    console.info(
      `demo: ${care.dueThisWeek} units due for maintenance this week, ${care.offers} warranty-expiry offers answered (${JSON.stringify(care.answers)})`,
    );
    const statements = await loadDemoStatements(c);
    console.info(
      `demo: ${statements.drafted} settlement statements of ${statements.month} (${JSON.stringify(statements.byState)}; centers losing the bonus: ${statements.bonusLost.join(', ') || 'none'}) in ${statements.ms} ms`,
    );
    const recalls = await loadDemoRecalls(c);
    console.info(
      `demo: recall ${recalls.campaign ?? '(none)'} over ${recalls.affected} units (${recalls.done} done, ${recalls.booked} booked, ${recalls.reached} reached, ${recalls.unreachable} unreachable, ${recalls.declined} declined)`,
    );
    const planningDay = await loadDemoPlanningDay(c);
    console.info(
      `demo: planning day ${planningDay.day ?? '(none)'} at ${planningDay.outlet ?? '(none)'}: ${planningDay.orders} orders (${planningDay.booked} booked), ${planningDay.technicians} technicians in ${planningDay.ms} ms`,
    );
    return {
      ...org,
      planningDay,
      fees,
      statements,
      collections,
      callbacks,
      recalls,
      care,
      catalog: { lines: catalog.lines, models: catalog.models.size, parts: catalog.parts },
      customers: archive.customers,
      installedUnits: archive.units,
      orders: orders.orders,
      ordersLoadMs: orders.ms,
      warrantyUnits: warranty.units.length,
      warrantyLoadMs: warranty.ms,
      stock,
      partsFlow,
    };
  });
}

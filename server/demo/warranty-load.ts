import { sql } from 'drizzle-orm';
import { compactDay } from '../../shared/time-zone.js';
import { getSetting, SETTINGS } from '../platform/config/index.js';
import type { Ctx } from '../platform/context.js';
import { addDays, lastCoveredDay, localDay } from '../modules/warranty/index.js';
import type { CatalogIds } from './load.js';
import { insertRows, loadDemoArchive } from './load.js';
import type { SlaSignal, SlaSubject } from '../modules/sla/index.js';
import { insertDemoOrders, slaWorld } from './orders-load.js';
import { OrderSla } from './orders-sla.js';
import type { DemoArchive, DemoCustomer, DemoUnit } from './customers-data.js';
import type { DemoOrders, DemoPerson, HistoryRecord, OrderRecord } from './orders-data.js';
import { DEMO_SIGNATURE } from './orders-data.js';
import { DemoRandom } from './random.js';

/*
 * Warranty (三包) demo units: a few named customers (演示-三包-…, phones 1390000070x) whose units
 * and service history show each remedy and each boundary of docs/warranty.md ("Demo units").
 * Dates are counted back from the setup time `ctx.now` in the company time zone (a replaced part's
 * fitting is completed at 12:00 UTC, the same calendar day in any zone within ±11 h), so on the day of
 * setup each unit sits exactly on its boundary. Customers and units go in through the archive
 * loader, orders (timeline, audit events, replaced parts) through the demo orders' inserter.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function rowsOf<T>(res: unknown): T[] {
  return (res as { rows: T[] }).rows;
}

/** One demo unit and what it shows (the docs table and the test read this list). */
export interface WarrantyDemoUnit {
  serialNo: string;
  customer: string;
  phone: string;
  modelCode: string;
  usage: 'household' | 'commercial';
  purchaseDate: string;
  shows: string;
}

export interface WarrantyDemoResult {
  units: WarrantyDemoUnit[];
  orders: number;
  ms: number;
}

interface Repair {
  /** Days before now the order was reported; completed a few hours later unless open. */
  daysAgo: number;
  faultCode: string | null;
  fault: string;
  parts?: string[];
  /** Open orders: 'assigned' (nobody came) or 'waiting' (waiting for the customer before any visit). */
  open?: 'assigned' | 'waiting';
  /** Completion day (company time zone) when the exact day matters (a replaced part's term). */
  on?: string;
}

interface UnitSpec {
  serial: string;
  customer: number;
  model: string;
  usage: 'household' | 'commercial';
  /** Purchase date. */
  bought: string;
  shows: string;
  repairs?: Repair[];
  /** Serial of the unit this one replaced in an exchange. */
  replaces?: string;
  /** Extended warranty from the day after the whole-unit term, for two years. */
  contract?: boolean;
}

const CUSTOMERS = [
  { name: '演示-三包-七日', phone: '13900000701' },
  { name: '演示-三包-十五日', phone: '13900000702' },
  { name: '演示-三包-多次维修', phone: '13900000703' },
  { name: '演示-三包-沙发', phone: '13900000704' },
  { name: '演示-三包-未上门', phone: '13900000705' },
  { name: '演示-三包-保修期', phone: '13900000706' },
];

/** The units, dated from `today` (company time zone). */
export function warrantyDemoSpecs(today: string): UnitSpec[] {
  // The demo follows the counting setting's default (Civil Code art. 201: the purchase day is
  // not counted, so "day n" is the n-th day after it).
  const counting = SETTINGS['warranty.dayCounting'].default;
  /** Today is day n after the purchase day. */
  const dayN = (n: number) => addDays(today, -n);
  const ago = (n: number) => addDays(today, -n);
  const yearsAgo = (y: number) => `${Number(today.slice(0, 4)) - y}${today.slice(4)}`.replace(/-02-29$/, '-02-28');
  // The latest fitting day whose replaced-part term (3 months) still covers today, and the day before.
  let fitted = addDays(today, -80);
  while (lastCoveredDay(addDays(fitted, -1), { months: 3 }, counting)! >= today) fitted = addDays(fitted, -1);
  const perf = '洗涤时不转，电机无反应';
  return [
    {
      serial: 'SB3B-D05',
      customer: 0,
      model: 'XQB100-8818',
      usage: 'household',
      bought: dayN(5),
      shows: 'day 5 with a performance fault (open order): refund or exchange (7-day rule)',
      repairs: [{ daysAgo: 0.1, faultCode: null, fault: perf, open: 'assigned' }],
    },
    {
      serial: 'SB3B-D07',
      customer: 0,
      model: 'XQB100-8818',
      usage: 'household',
      bought: dayN(7),
      shows: 'day 7: still refund or exchange (last day of the 7-day rule)',
    },
    {
      serial: 'SB3B-D08',
      customer: 0,
      model: 'XQB100-8818',
      usage: 'household',
      bought: dayN(8),
      shows: 'day 8: exchange only',
    },
    {
      serial: 'SB3B-D12',
      customer: 1,
      model: 'XQB100-8818',
      usage: 'household',
      bought: dayN(12),
      shows: 'day 12: exchange only (15-day rule)',
    },
    {
      serial: 'SB3B-D15',
      customer: 1,
      model: 'XQB100-8818',
      usage: 'household',
      bought: dayN(15),
      shows: 'day 15: exchange (last day of the 15-day rule)',
    },
    {
      serial: 'SB3B-D16',
      customer: 1,
      model: 'XQB100-8818',
      usage: 'household',
      bought: dayN(16),
      shows: 'day 16: neither refund nor exchange',
    },
    {
      serial: 'SB3B-F3S',
      customer: 2,
      model: 'XQB100-8818',
      usage: 'household',
      bought: ago(240),
      shows: 'fault E21 repaired 3 times within the warranty and failing again (open order): exchange',
      repairs: [
        { daysAgo: 150, faultCode: 'E21', fault: '脱水时报E21，不排水', parts: ['WA-DRAIN-PUMP'] },
        { daysAgo: 90, faultCode: 'E21', fault: '又报E21，不排水', parts: ['WA-LEVEL-SENSOR'] },
        { daysAgo: 30, faultCode: 'E21', fault: '第三次报E21', parts: ['WA-BOARD-MAIN'] },
        { daysAgo: 1, faultCode: null, fault: '仍报E21，不能使用', open: 'assigned' },
      ],
    },
    {
      serial: 'SB3B-F3D',
      customer: 2,
      model: 'XQB100-8818',
      usage: 'household',
      bought: ago(240),
      shows: '3 repairs of different faults (E21, E30, E45): no remedy',
      repairs: [
        { daysAgo: 150, faultCode: 'E21', fault: '脱水时报E21，不排水' },
        { daysAgo: 90, faultCode: 'E30', fault: '进水慢，报E30' },
        { daysAgo: 30, faultCode: 'E45', fault: '门盖开关失灵，报E45' },
      ],
    },
    {
      serial: 'SB3F-F2S',
      customer: 3,
      model: 'SF-3S-F',
      usage: 'household',
      bought: ago(200),
      shows: 'furniture: the same fault (SF01) repaired twice: exchange',
      repairs: [
        { daysAgo: 120, faultCode: 'SF01', fault: '框架异响', parts: ['SF-FRAME'] },
        { daysAgo: 40, faultCode: 'SF01', fault: '框架仍异响' },
      ],
    },
    {
      serial: 'SB3F-OLD',
      customer: 3,
      model: 'SF-3S-F',
      usage: 'household',
      bought: ago(300),
      shows: 'furniture: 2 repairs of SF01, then exchanged (status replaced, linked to SB3F-NEW)',
      repairs: [
        { daysAgo: 200, faultCode: 'SF01', fault: '框架异响' },
        { daysAgo: 120, faultCode: 'SF01', fault: '框架仍异响' },
      ],
    },
    {
      serial: 'SB3F-NEW',
      customer: 3,
      model: 'SF-3S-F',
      usage: 'household',
      bought: ago(90),
      replaces: 'SB3F-OLD',
      shows: 'furniture exchange unit (fresh warranty from the exchange) with 2 more repairs of SF01: refund',
      repairs: [
        { daysAgo: 60, faultCode: 'SF01', fault: '换货后框架异响' },
        { daysAgo: 20, faultCode: 'SF01', fault: '框架仍异响' },
      ],
    },
    {
      serial: 'SB3B-NS',
      customer: 4,
      model: 'XQB100-8818',
      usage: 'household',
      bought: ago(100),
      shows: 'reported 16 days ago, nobody came: exchange (no-show rule)',
      repairs: [{ daysAgo: 16.2, faultCode: null, fault: '通电无反应', open: 'assigned' }],
    },
    {
      serial: 'SB3B-NSC',
      customer: 4,
      model: 'XQB100-8818',
      usage: 'household',
      bought: ago(100),
      shows:
        'reported 17 days ago, waiting for the customer since the next day: not eligible (the delay is the customer’s)',
      repairs: [{ daysAgo: 17, faultCode: null, fault: '排水不畅，桶内积水', open: 'waiting' }],
    },
    {
      serial: 'SB3B-2Y',
      customer: 5,
      model: 'XQB100-8818',
      usage: 'household',
      bought: yearsAgo(2),
      shows: 'bought 2 years ago: whole unit expired (1 y), motor WA-MOTOR covered (main part, 3 y)',
    },
    {
      serial: 'SB3B-RP-IN',
      customer: 5,
      model: 'XQB100-8818',
      usage: 'household',
      bought: yearsAgo(2),
      shows: `drain pump WA-DRAIN-PUMP replaced ${fitted} (today is the last covered day of its 3-month replaced-part term): covered`,
      repairs: [{ daysAgo: 0, on: fitted, faultCode: 'E21', fault: '不排水', parts: ['WA-DRAIN-PUMP'] }],
    },
    {
      serial: 'SB3B-RP-OUT',
      customer: 5,
      model: 'XQB100-8818',
      usage: 'household',
      bought: yearsAgo(2),
      shows: `drain pump WA-DRAIN-PUMP replaced ${addDays(fitted, -1)} (one day earlier): not covered`,
      repairs: [{ daysAgo: 0, on: addDays(fitted, -1), faultCode: 'E21', fault: '不排水', parts: ['WA-DRAIN-PUMP'] }],
    },
    {
      serial: 'SB12C-H',
      customer: 5,
      model: 'XPB120-3800SC',
      usage: 'household',
      bought: ago(150),
      shows: 'household XPB120-3800SC bought 150 days ago: covered (washer-household, 1 y)',
    },
    {
      serial: 'SB12C-C',
      customer: 5,
      model: 'XPB120-3800SC',
      usage: 'commercial',
      bought: ago(150),
      shows: 'the same model for commercial use: expired (washer-commercial, 3 months)',
    },
    {
      serial: 'SB10D-OLD',
      customer: 5,
      model: 'XQG100-B14',
      usage: 'household',
      bought: ago(400),
      shows: 'exchanged 30 days ago: status replaced, linked to SB10D-NEW',
    },
    {
      serial: 'SB10D-NEW',
      customer: 5,
      model: 'XQG100-B14',
      usage: 'household',
      bought: ago(30),
      replaces: 'SB10D-OLD',
      shows: 'the exchange unit: fresh warranty from the exchange date',
    },
    {
      serial: 'SB3B-EXT',
      customer: 5,
      model: 'XQB100-8818',
      usage: 'household',
      bought: ago(500),
      contract: true,
      shows: 'warranty over after 1 year; an extended-warranty contract covers it (parts and labour)',
    },
  ];
}

/** Loads the warranty demo customers, units, orders and contract after the demo orders. */
export async function loadWarrantyDemo(ctx: Ctx, catalog: CatalogIds): Promise<WarrantyDemoResult> {
  const t0 = performance.now();
  const db = ctx.db;
  // One at a time: the demo loads inside a transaction, which has one connection.
  const timeZone = await getSetting(db, 'company.timeZone', ctx.now);
  const prefix = await getSetting(db, 'orders.numberPrefix', ctx.now);
  const digits = await getSetting(db, 'orders.numberDigits', ctx.now);
  const today = localDay(ctx.now, timeZone);
  const specs = warrantyDemoSpecs(today);
  const rnd = new DemoRandom(20_261_123);

  const [outlet] = rowsOf<{ id: string; path: string; parent_id: string }>(
    await db.execute(sql`select id, path, parent_id from org_units where code = 'O-GD-01'`),
  );
  const [tech] = rowsOf<{ id: string; display_name: string }>(
    await db.execute(sql`select id, display_name from users where username = 'gd01.tech1'`),
  );
  const [hotline] = rowsOf<{ id: string; display_name: string }>(
    await db.execute(sql`select id, display_name from users where username = 'hotline'`),
  );
  const [manager] = rowsOf<{ id: string; display_name: string }>(
    await db.execute(sql`select id, display_name from users where username = 'gd01.manager'`),
  );
  const [dispatcher] = rowsOf<{ id: string; display_name: string }>(
    await db.execute(sql`select id, display_name from users where username = 'dispatcher'`),
  );
  if (!outlet || !tech || !hotline || !manager || !dispatcher)
    throw new Error('warranty demo: the demo organisation is missing');
  const sla = await slaWorld(db, ctx.now);
  const models = rowsOf<{ id: string; code: string; line_id: string }>(
    await db.execute(sql`select id, code, line_id from product_models`),
  );
  const lineOf = new Map(models.map((m) => [m.code, m.line_id]));
  const partIds = new Map(
    rowsOf<{ id: string; code: string }>(await db.execute(sql`select id, code from parts`)).map((p) => [p.code, p.id]),
  );

  // Customers in Guangzhou Tianhe (outlet O-GD-01), one address each.
  const created = new Date(ctx.now.getTime() - 800 * DAY);
  const yymmdd = today.slice(2).replaceAll('-', '');
  const customers: DemoCustomer[] = CUSTOMERS.map((c, i) => ({
    id: rnd.uuid(),
    code: `C${yymmdd}9${String(i + 1).padStart(3, '0')}`,
    kind: 'individual',
    name: c.name,
    companyName: null,
    email: null,
    wechatId: null,
    tags: ['三包演示'],
    notes: '三包演示客户（docs/warranty.md, Demo units）',
    preferredContactTime: null,
    consentMessages: true,
    outletCode: 'O-GD-01',
    createdAt: created,
    phones: [{ number: c.phone, kind: 'mobile', extension: null, isPrimary: true, label: null }],
    addresses: [
      {
        id: rnd.uuid(),
        provinceCode: '440000',
        cityCode: '440100',
        districtCode: '440106',
        detail: `天河路 ${300 + i} 号 ${i + 1}0${i + 1} 室`,
        lat: 23.13 + i * 0.001,
        lng: 113.33 + i * 0.001,
        isPrimary: true,
        label: null,
      },
    ],
  }));
  const unitIds = new Map(specs.map((s) => [s.serial, rnd.uuid()]));
  const units: DemoUnit[] = specs.map((s) => ({
    id: unitIds.get(s.serial)!,
    customerId: customers[s.customer]!.id,
    modelCode: s.model,
    serialNo: s.serial,
    usage: s.usage,
    purchaseDate: s.bought,
    invoiceNo: null,
    invoiceDate: null,
    sellerChannel: '门店',
    installedOn: null,
    acceptedOn: null,
    addressId: customers[s.customer]!.addresses[0]!.id,
    location: null,
    status: 'active',
    createdAt: new Date(Date.parse(`${s.bought}T12:00:00+08:00`)),
  }));
  const archive: DemoArchive = { customers, units };
  await loadDemoArchive(ctx, archive, catalog);
  for (const s of specs.filter((x) => x.replaces)) {
    const oldId = unitIds.get(s.replaces!)!;
    const newId = unitIds.get(s.serial)!;
    await db.execute(
      sql`update units set status = 'replaced', replaced_by_id = ${newId}, updated_at = ${ctx.now.toISOString()} where id = ${oldId}`,
    );
    await db.execute(sql`update units set replaces_id = ${oldId} where id = ${newId}`);
  }
  const orgPath = rowsOf<{ org_path: string }>(
    await db.execute(sql`select org_path from customers where id = ${customers[0]!.id}`),
  )[0]!.org_path;

  // Orders: numbers continue each day's sequence after the demo orders of that day.
  const orders: OrderRecord[] = [];
  const history: HistoryRecord[] = [];
  const parts: DemoOrders['parts'] = [];
  const seq = new Map<string, number>();
  const techP: DemoPerson = { id: tech.id, name: tech.display_name };
  const hotP: DemoPerson = { id: hotline.id, name: hotline.display_name };
  const managerP: DemoPerson = { id: manager.id, name: manager.display_name };
  const dispatcherP: DemoPerson = { id: dispatcher.id, name: dispatcher.display_name };
  const milestones: DemoOrders['milestones'] = [];
  const plans = specs.flatMap((s) =>
    (s.repairs ?? []).map((r) => ({
      s,
      r,
      at: r.on ? new Date(Date.parse(`${r.on}T12:00:00Z`) - 5 * HOUR) : new Date(ctx.now.getTime() - r.daysAgo * DAY),
    })),
  );
  plans.sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const { s, r, at } of plans) {
    const day = compactDay(at, timeZone);
    if (!seq.has(day)) {
      const head = `${prefix}${day}-`;
      const [hi] = rowsOf<{ code: string | null }>(
        await db.execute(
          sql`select max(code) as code from work_orders where code like ${`${head}%`} and length(code) = ${head.length + digits}`,
        ),
      );
      seq.set(day, hi?.code ? Number(hi.code.slice(head.length)) : 0);
    }
    const n = seq.get(day)! + 1;
    seq.set(day, n);
    const id = rnd.uuid();
    const code = `${prefix}${day}-${String(n).padStart(digits, '0')}`;
    const customer = customers[s.customer]!;
    const address = customer.addresses[0]!;
    // The steps the live system takes (HQ straight to the outlet, the outlet accepts and assigns),
    // each with the SLA signal its command sends (work-orders/rules.ts), so every order, open ones
    // above all, carries the milestones the engine would have planned.
    const steps: {
      action: string;
      at: Date;
      to: OrderRecord['state'];
      actor: DemoPerson;
      signal: SlaSignal | null;
      note?: string;
      data?: Record<string, unknown>;
    }[] = [
      { action: 'created', at, to: 'created', actor: hotP, signal: 'created' },
      {
        action: 'dispatch',
        at: new Date(at.getTime() + 0.2 * HOUR),
        to: 'dispatched_outlet',
        actor: dispatcherP,
        signal: 'dispatched_outlet',
        data: { toUnitId: outlet.id },
      },
      {
        action: 'accept',
        at: new Date(at.getTime() + 0.3 * HOUR),
        to: 'accepted',
        actor: managerP,
        signal: 'accepted',
      },
      {
        action: 'dispatch',
        at: new Date(at.getTime() + 0.4 * HOUR),
        to: 'assigned',
        actor: managerP,
        signal: null,
        data: { toUnitId: null, technicianId: tech.id },
      },
    ];
    let completion: OrderRecord['completion'] = null;
    let completedAt: Date | null = null;
    let closedAt: Date | null = null;
    let state: OrderRecord['state'] = 'assigned';
    if (r.open === 'waiting') {
      steps.push({
        action: 'wait',
        at: new Date(at.getTime() + DAY),
        to: 'waiting',
        actor: techP,
        signal: 'pause_customer',
        note: '客户出差，约定回来后再上门',
        data: { reason: 'customer' },
      });
      state = 'waiting';
    } else if (!r.open) {
      const arrive = new Date(at.getTime() + 3 * HOUR);
      completedAt = new Date(at.getTime() + 5 * HOUR);
      closedAt = new Date(at.getTime() + 2 * DAY);
      steps.push(
        { action: 'arrive', at: arrive, to: 'on_site', actor: techP, signal: 'arrived' },
        { action: 'start', at: new Date(arrive.getTime() + 0.2 * HOUR), to: 'in_repair', actor: techP, signal: null },
        { action: 'complete', at: completedAt, to: 'completed', actor: techP, signal: 'completed' },
        { action: 'close', at: closedAt, to: 'closed', actor: hotP, signal: 'closed' },
      );
      completion = {
        diagnosis: r.fault,
        faultCode: r.faultCode,
        cause: '部件故障',
        solution: r.parts?.length ? '更换故障部件，试机正常' : '检修调整，试机正常',
        labourMinutes: 60,
        photoIds: [],
        signature: DEMO_SIGNATURE,
        rating: 4,
        workaround: false,
        completedAt: completedAt.toISOString(),
      };
      for (const p of r.parts ?? []) {
        parts.push({
          id: rnd.uuid(),
          orderId: id,
          partId: partIds.get(p)!,
          qty: 1,
          oldSerial: null,
          newSerial: `${p}-${rnd.digits(8)}`,
          createdAt: completedAt,
        });
      }
      state = 'closed';
    }
    const subject: SlaSubject = {
      orderId: id,
      orderCode: code,
      orgPath,
      serviceType: 'on_site',
      productLineId: lineOf.get(s.model)!,
      customerKind: 'individual',
      zone: 'near',
      faultLevel: 0,
      provinceCode: address.provinceCode,
      reportedAt: at,
      bookedWindowEnd: null,
    };
    const clock = new OrderSla(sla, () => rnd.uuid());
    let from: OrderRecord['state'] | null = null;
    for (const st of steps) {
      if (st.signal) clock.signal(subject, st.signal, st.at, st.action === 'wait' ? { reason: 'customer' } : {});
      history.push({
        orderId: id,
        at: st.at,
        action: st.action,
        fromState: from,
        toState: st.to,
        actor: st.actor,
        note: st.note ?? null,
        data: st.data ?? null,
        changes:
          from === null
            ? { code: { before: null, after: code }, state: { before: null, after: 'created' } }
            : { state: { before: from, after: st.to } },
        eventPath: orgPath,
      });
      from = st.to;
    }
    // What the scheduler would have fired before the load is marked, not sent.
    clock.tick(ctx.now);
    for (const m of clock.rows) milestones.push({ ...m, orderId: id, orderCode: code, orgPath });
    const last = steps.at(-1)!.at;
    orders.push({
      id,
      code,
      customerId: customer.id,
      unitId: unitIds.get(s.serial)!,
      modelId: catalog.models.get(s.model)!,
      productLineId: lineOf.get(s.model)!,
      serialNo: s.serial,
      addressId: address.id,
      serviceType: 'on_site',
      priority: 0,
      faultDescription: r.fault,
      state,
      holderUnitId: outlet.id,
      orgPath,
      centerId: outlet.parent_id,
      outletId: outlet.id,
      technicianId: tech.id,
      customerKind: 'individual',
      zone: 'near',
      provinceCode: address.provinceCode,
      cityCode: address.cityCode,
      districtCode: address.districtCode,
      reportedAt: at,
      bookedFrom: null,
      bookedTo: null,
      bookedConfirmed: false,
      bookedNote: null,
      waitReason: state === 'waiting' ? 'customer' : null,
      waitNote: state === 'waiting' ? '客户出差，约定回来后再上门' : null,
      custody: null,
      custodyLabel: null,
      completion,
      cancelReason: null,
      urgeCount: 0,
      lastUrgedAt: null,
      repeatOfId: null,
      reopenedAsId: null,
      completedAt,
      closedAt,
      createdBy: hotline.id,
      version: steps.length,
      createdAt: at,
      updatedAt: last,
    });
  }
  await insertDemoOrders(ctx, {
    orders,
    history,
    parts,
    urges: [],
    flags: [],
    grants: [],
    milestones,
    certifications: [],
  });

  // The extended warranty: from the day after the whole-unit year, for two years.
  const ext = specs.find((s) => s.contract)!;
  const counting = SETTINGS['warranty.dayCounting'].default;
  const starts = addDays(lastCoveredDay(ext.bought, { months: 12 }, counting)!, 1);
  await insertRows(
    db,
    'warranty_contracts',
    `id uuid, code text, kind text, unit_id uuid, customer_id uuid, covers_parts boolean, covers_labour boolean,
     starts_on date, ends_on date, price_fen bigint, status text, note text, org_path text, created_at timestamptz, updated_at timestamptz`,
    [
      {
        id: rnd.uuid(),
        code: `SC${yymmdd}-DEMO01`,
        kind: 'extended_warranty',
        unit_id: unitIds.get(ext.serial),
        customer_id: customers[ext.customer]!.id,
        covers_parts: true,
        covers_labour: true,
        starts_on: starts,
        ends_on: lastCoveredDay(starts, { months: 24 }, counting),
        price_fen: 39_900,
        status: 'active',
        note: '延保两年（三包演示）',
        org_path: orgPath,
        created_at: ctx.now.toISOString(),
        updated_at: ctx.now.toISOString(),
      },
    ],
  );
  return {
    units: specs.map((s) => ({
      serialNo: s.serial,
      customer: CUSTOMERS[s.customer]!.name,
      phone: CUSTOMERS[s.customer]!.phone,
      modelCode: s.model,
      usage: s.usage,
      purchaseDate: s.bought,
      shows: s.shows,
    })),
    orders: orders.length,
    ms: Math.round(performance.now() - t0),
  };
}

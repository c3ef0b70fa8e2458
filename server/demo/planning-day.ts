import { sql } from 'drizzle-orm';
import { addDays, localDay, localParts } from '../../shared/time-zone.js';
import { rowsOf } from '../db/rows.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { getSetting } from '../platform/config/index.js';
import type { Ctx } from '../platform/context.js';
import { AppError } from '../platform/errors.js';
import { createCustomer, createUnit } from '../modules/customers/index.js';
import { createUser } from '../modules/org/index.js';
import {
  createRequest,
  ensureDepotFor,
  ensureVanDepot,
  type MovementInput,
  postMovements,
} from '../modules/parts/index.js';
import { type ShiftBody, saveShift } from '../modules/planning/index.js';
import { createCertification, createOrder, runAction, type ServiceType } from '../modules/work-orders/index.js';
import { DEMO_PASSWORD } from './index.js';
import { DemoRandom } from './random.js';
import { wireModules } from './wiring.js';
import { actingAs } from './acting-as.js';

/*
 * Demo day planning (README, "Demo data"): tomorrow at one outlet, O-GD-01 in Guangzhou, for the
 * planning board. Eight technicians (the outlet's two demo technicians and six more added by its
 * manager), with certifications that make the assignment a choice: five hold automatic washers, the
 * line most visits need, two of the new ones twin-tub washers, two televisions, and one an
 * automatic-washer certificate that has expired (the first two, like every outlet's, may hold more
 * lines from the order history). Four vans carry a few washer parts. Sixty customers spread over
 * 25 km around the outlet (two addresses without coordinates), each with one unit and one order
 * opened today — by HQ's hotline (dispatched HQ → center → outlet) or the province's center desk
 * (center → outlet) — and accepted by the outlet; twenty of them are assigned and booked for
 * tomorrow in two-hour windows confirmed with the customer, and eight need a part (a parts request
 * through the parts module). Two technicians start from home, one starts late and one is off tomorrow
 * (their shifts); the others work the settings' default. Every step is the command the API runs, as
 * the person who would do it.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The outlet whose tomorrow is planned. */
export const PLANNING_OUTLET = 'O-GD-01';
/** Serial numbers of the day's units start with this; the test and the docs find them by it. */
export const PLANNING_SERIAL_PREFIX = 'PLAN-';
export const PLANNING_ORDERS = 60;

export interface DemoPlanningResult {
  outlet: string | null;
  day: string | null;
  technicians: number;
  certifications: number;
  orders: number;
  booked: number;
  withoutLocation: number;
  partRequests: number;
  vanMovements: number;
  ms: number;
}

/** The new technicians of the outlet: username suffix, name. */
const NEW_TECHS: [string, string][] = [
  ['tech3', '梁家豪'],
  ['tech4', '何建军'],
  ['tech5', '罗志明'],
  ['tech6', '郑伟强'],
  ['tech7', '谢永康'],
  ['tech8', '冯国栋'],
];

/** Districts of Guangzhou by their centre, the address's district is the nearest one. */
const DISTRICTS: { code: string; name: string; lat: number; lng: number; roads: string[] }[] = [
  { code: '440103', name: '荔湾区', lat: 23.1259, lng: 113.2442, roads: ['中山八路', '芳村大道', '龙溪大道'] },
  { code: '440104', name: '越秀区', lat: 23.1291, lng: 113.2668, roads: ['环市东路', '东风中路', '解放北路'] },
  { code: '440105', name: '海珠区', lat: 23.0837, lng: 113.3172, roads: ['新港西路', '江南大道', '工业大道'] },
  { code: '440106', name: '天河区', lat: 23.1246, lng: 113.3612, roads: ['天河北路', '中山大道', '黄埔大道西'] },
  { code: '440111', name: '白云区', lat: 23.1985, lng: 113.2731, roads: ['白云大道', '广园中路', '机场路'] },
  { code: '440112', name: '黄埔区', lat: 23.1063, lng: 113.4593, roads: ['黄埔东路', '开创大道', '科学大道'] },
  { code: '440113', name: '番禺区', lat: 22.9376, lng: 113.3843, roads: ['市桥街', '迎宾路', '汉溪大道'] },
];

/** The day's windows agreed with customers (local clock time). */
const WINDOWS: [string, string][] = [
  ['09:00', '11:00'],
  ['10:00', '12:00'],
  ['13:30', '15:30'],
  ['14:00', '16:00'],
  ['15:00', '17:00'],
];

const FAULTS: Record<string, string[]> = {
  'WM-AUTO': ['不脱水，排水慢', '进水慢，显示 E1', '运行时异响', '门锁打不开', '漏水'],
  'WM-TWIN': ['甩干桶不转', '洗涤电机异响', '排水管漏水'],
  TV: ['开机无图像', '屏幕有竖线', '遥控无反应'],
};

/** The instant of a local clock time on a day in the zone. */
function atLocal(day: string, clock: string, zone: string): Date {
  const guess = new Date(`${day}T${clock}:00Z`);
  const p = localParts(guess, zone);
  const local = new Date(`${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}Z`);
  return new Date(guess.getTime() - (local.getTime() - guess.getTime()));
}

export async function loadDemoPlanningDay(ctx: Ctx): Promise<DemoPlanningResult> {
  const t0 = performance.now();
  const none: DemoPlanningResult = {
    outlet: null,
    day: null,
    technicians: 0,
    certifications: 0,
    orders: 0,
    booked: 0,
    withoutLocation: 0,
    partRequests: 0,
    vanMovements: 0,
    ms: 0,
  };
  const rnd = new DemoRandom(20_261_207);
  const zone = await getSetting(ctx.db, 'company.timeZone', ctx.now);
  const today = localDay(ctx.now, zone);
  const tomorrow = addDays(today, 1);

  const units = rowsOf<{ id: string; code: string; lat: number | null; lng: number | null }>(
    await ctx.db.execute(
      sql`select id, code, lat, lng from org_units where active and code in ('C-GD', ${PLANNING_OUTLET})`,
    ),
  );
  const outlet = units.find((u) => u.code === PLANNING_OUTLET);
  const center = units.find((u) => u.code === 'C-GD');
  const lines = rowsOf<{ id: string; code: string }>(
    await ctx.db.execute(sql`select id, code from product_lines where code in ('WM-AUTO', 'WM-TWIN', 'TV')`),
  );
  const lineId = new Map(lines.map((l) => [l.code, l.id]));
  const models = rowsOf<{ id: string; code: string; line: string }>(
    await ctx.db.execute(sql`select m.id, m.code, l.code as line from product_models m
      join product_lines l on l.id = m.line_id
      where m.active and m.usage_kinds ? 'household' and l.code in ('WM-AUTO', 'WM-TWIN', 'TV') order by m.code`),
  );
  if (!outlet || !center || outlet.lat === null || outlet.lng === null || lineId.size < 3 || !models.length)
    return none;
  const key = 'gd01';
  const people = async () =>
    new Map(
      rowsOf<{ id: string; username: string }>(
        await ctx.db.execute(sql`select id, username from users where active order by username`),
      ).map((p) => [p.username, p.id]),
    );
  let userId = await people();
  const needed = [
    'hotline',
    'dispatcher',
    'gd.center',
    'gd.dispatch',
    `${key}.manager`,
    `${key}.tech1`,
    `${key}.tech2`,
  ];
  if (needed.some((u) => !userId.has(u))) return none;
  await wireModules();

  const as = actingAs(ctx, 'planning');
  // The morning's work: orders come in from four hours before the load's now, a step a minute or so.
  const start = ctx.now.getTime() - 4 * HOUR;
  let clock = 0;
  const tick = (minutes = 1) => {
    clock += minutes;
    return new Date(start + clock * MINUTE);
  };

  // Technicians: the six new ones of the outlet, the outlet's manager adding them.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const [i, [suffix, name]] of NEW_TECHS.entries()) {
    const username = `${key}.${suffix}`;
    if (userId.has(username)) continue;
    await createUser(
      await as(`${key}.manager`, tick()),
      {
        username,
        displayName: name,
        password: DEMO_PASSWORD,
        mobile: `1360200${String(1001 + i * 17).padStart(4, '0')}`,
        email: null,
        lang: 'zh-CN',
        orgUnitId: outlet.id,
        roles: ['technician'],
      },
      { passwordHash },
    );
  }
  userId = await people();
  const techs = ['tech1', 'tech2', ...NEW_TECHS.map(([s]) => s)].map((s) => `${key}.${s}`);

  // Certifications: automatic washers (most visits) for five, twin-tub for two, televisions for two;
  // tech8's automatic-washer certificate ran out last month. Those the technician already holds stay.
  const valid = addDays(today, 365);
  const plan: [string, string, string][] = [
    ['tech1', 'WM-AUTO', valid],
    ['tech2', 'WM-AUTO', valid],
    ['tech3', 'WM-AUTO', valid],
    ['tech4', 'WM-AUTO', valid],
    ['tech5', 'WM-AUTO', valid],
    ['tech6', 'WM-TWIN', valid],
    ['tech7', 'WM-TWIN', valid],
    ['tech3', 'TV', valid],
    ['tech8', 'TV', valid],
    ['tech8', 'WM-AUTO', addDays(today, -20)],
  ];
  const held = new Set(
    rowsOf<{ user_id: string; product_line_id: string }>(
      await ctx.db.execute(sql`select user_id, product_line_id from technician_certifications
        where user_id in ${techs.map((t) => userId.get(t)!)}`),
    ).map((r) => `${r.user_id}/${r.product_line_id}`),
  );
  let certifications = 0;
  for (const [n, [suffix, line, until]] of plan.entries()) {
    const user = userId.get(`${key}.${suffix}`)!;
    const lid = lineId.get(line)!;
    if (held.has(`${user}/${lid}`)) continue;
    await createCertification(await as(`${key}.manager`, tick()), {
      userId: user,
      productLineId: lid,
      validUntil: until,
      certificateNo: `ZS-GZ-${today.slice(0, 4)}-${String(n + 1).padStart(3, '0')}`,
    });
    certifications += 1;
  }

  // Shifts for tomorrow: two technicians start from home, one starts late, one is off; the others
  // keep the settings' default (planning.shift).
  const shifts: [string, Partial<ShiftBody>][] = [
    ['tech2', { startAt: 'home', home: { lat: 23.1853, lng: 113.4127 } }],
    ['tech5', { startAt: 'home', home: { lat: 23.0221, lng: 113.3355 } }],
    ['tech4', { start: '10:00' }],
    ['tech7', { daysOff: [tomorrow] }],
  ];
  const usual = await getSetting(ctx.db, 'planning.shift', ctx.now);
  for (const [suffix, change] of shifts) {
    await saveShift(await as(`${key}.manager`, tick()), userId.get(`${key}.${suffix}`)!, {
      ...usual,
      startAt: 'outlet',
      home: null,
      maxJobs: null,
      daysOff: [],
      ...change,
      version: 0,
    });
  }

  // Van stock: parts of the automatic washers received at the outlet and sent on to four vans.
  const parts = rowsOf<{ id: string; code: string }>(
    await ctx.db.execute(sql`select id, code from parts
      where code in ('WA-INLET-VALVE', 'WA-DRAIN-PUMP', 'WA-BOARD-DISPLAY', 'WA-LEVEL-SENSOR')`),
  );
  const partId = new Map(parts.map((p) => [p.code, p.id]));
  const vanLoads: [string, string, number][] = [
    ['tech1', 'WA-INLET-VALVE', 2],
    ['tech3', 'WA-DRAIN-PUMP', 2],
    ['tech4', 'WA-BOARD-DISPLAY', 1],
    ['tech4', 'WA-INLET-VALVE', 1],
    ['tech8', 'WA-DRAIN-PUMP', 1],
  ].filter(([, p]) => partId.has(p as string)) as [string, string, number][];
  let vanMovements = 0;
  if (vanLoads.length) {
    const outletDepot = await ensureDepotFor(ctx.db, outlet.id);
    const received: MovementInput[] = [];
    for (const code of new Set(vanLoads.map(([, p]) => p))) {
      const n = vanLoads.filter(([, p]) => p === code).reduce((s, [, , q]) => s + q, 0);
      received.push({
        kind: 'receipt',
        depotId: outletDepot.id,
        partId: partId.get(code)!,
        quantity: n,
        document: { kind: 'purchase', id: `PO-PLAN-${today.replaceAll('-', '')}` },
        note: '补充车载备件',
      });
    }
    const out: MovementInput[] = [];
    const inn: MovementInput[] = [];
    for (const [suffix, code, n] of vanLoads) {
      const van = await ensureVanDepot(ctx.db, userId.get(`${key}.${suffix}`)!);
      const document = { kind: 'van_load', id: `VAN-${PLANNING_OUTLET}-${today.replaceAll('-', '')}` };
      const part = partId.get(code)!;
      out.push({
        kind: 'transfer_out',
        depotId: outletDepot.id,
        toDepotId: van.id,
        partId: part,
        quantity: n,
        document,
      });
      inn.push({
        kind: 'transfer_in',
        depotId: van.id,
        fromDepotId: outletDepot.id,
        partId: part,
        quantity: n,
        document,
      });
    }
    for (const moves of [received, out, inn]) {
      await postMovements(ctx.db, { ...ctx, now: tick(2) }, moves);
      vanMovements += moves.length;
    }
  }

  // The customers, each with one unit, spread over 25 km around the outlet.
  const byLine = new Map<string, typeof models>();
  for (const m of models) byLine.set(m.line, [...(byLine.get(m.line) ?? []), m]);
  const surnames = ['陈', '李', '黄', '张', '梁', '刘', '林', '吴', '何', '郭', '罗', '叶', '周', '邓', '麦'];
  const given = ['先生', '女士', '伟', '芳', '敏', '静', '丽', '强', '磊', '洁', '婷', '斌', '军', '琳'];
  const asked: { at: Ctx; body: Parameters<typeof createOrder>[1]; line: string; modelCode: string }[] = [];
  let withoutLocation = 0;
  for (let i = 0; i < PLANNING_ORDERS; i++) {
    const line = i % 20 < 13 ? 'WM-AUTO' : i % 20 < 18 ? 'WM-TWIN' : 'TV';
    const model = rnd.pick(byLine.get(line) ?? models);
    const r = 25 * Math.sqrt(rnd.next()) * (i < 10 ? 0.4 : 1);
    const angle = rnd.next() * 2 * Math.PI;
    const lat = Math.round((outlet.lat + (r * Math.cos(angle)) / 111) * 1e6) / 1e6;
    const lng =
      Math.round((outlet.lng + (r * Math.sin(angle)) / (111 * Math.cos((outlet.lat * Math.PI) / 180))) * 1e6) / 1e6;
    const district = DISTRICTS.reduce((best, d) =>
      (d.lat - lat) ** 2 + (d.lng - lng) ** 2 < (best.lat - lat) ** 2 + (best.lng - lng) ** 2 ? d : best,
    );
    const located = i !== 17 && i !== 43;
    if (!located) withoutLocation += 1;
    const who = await as('hotline', tick(2));
    const customer = await createCustomer(who, {
      kind: 'individual',
      name: `${rnd.pick(surnames)}${rnd.pick(given)}`,
      consentMessages: true,
      phones: [{ number: `1660200${String(2001 + i * 7).padStart(4, '0')}`, isPrimary: true }],
      addresses: [
        {
          provinceCode: '440000',
          cityCode: '440100',
          districtCode: district.code,
          detail: `${rnd.pick(district.roads)} ${rnd.int(1, 899)} 号${rnd.int(1, 30)}栋${rnd.int(1, 32)}0${rnd.int(1, 6)}`,
          lat: located ? lat : null,
          lng: located ? lng : null,
          isPrimary: true,
        },
      ],
      allowDuplicate: true,
    });
    const addressId = customer.addresses[0]!.id;
    const unit = await createUnit(who, {
      modelId: model.id,
      serialNo: `${PLANNING_SERIAL_PREFIX}${String(i + 1).padStart(3, '0')}`,
      customerId: customer.id,
      usage: 'household',
      purchaseDate: addDays(today, -rnd.int(60, 700)),
      addressId,
    });
    const serviceType: ServiceType = rnd.weighted<ServiceType>([
      ['on_site', 8],
      ['installation', 2],
      ['maintenance', 2],
      ['inspection', 1],
    ]);
    // Two calls in three reach the province's center desk, which holds the order it opens; the rest HQ's hotline.
    const desk = i % 3 === 0 ? who : await as('gd.center', tick());
    asked.push({
      at: desk,
      line,
      modelCode: model.code,
      body: {
        customerId: customer.id,
        unitId: unit.id,
        addressId,
        serviceType,
        priority: rnd.weighted([
          [1, 2],
          [2, 7],
          [3, 2],
        ]),
        faultDescription:
          serviceType === 'on_site'
            ? rnd.pick(FAULTS[line]!)
            : serviceType === 'installation'
              ? '新机安装'
              : serviceType === 'maintenance'
                ? '定期保养'
                : '上门检测',
      },
    });
  }
  // The orders are opened together: the creation queue makes them in one group, as it does with a
  // busy desk's requests, in the order they were asked for.
  const made = await Promise.all(asked.map((a) => createOrder(a.at, a.body, null)));
  const orders = made.map((m, i) => ({ id: m.id, line: asked[i]!.line, modelCode: asked[i]!.modelCode }));

  const act = async (orderId: string, who: string, action: Parameters<typeof runAction>[2], body: object) => {
    const [{ version }] = rowsOf<{ version: number }>(
      await ctx.db.execute(sql`select version from work_orders where id = ${orderId}`),
    ) as [{ version: number }];
    const c = await as(who, tick());
    try {
      await runAction(c, orderId, action, { version, ...body } as never);
    } catch (err) {
      // A dispatch that differs from the routing suggestion says why, as a dispatcher would.
      if (!(err instanceof AppError) || err.code !== 'order.override_reason_required') throw err;
      await runAction(c, orderId, action, { version, ...body, overrideReason: '就近网点' } as never);
    }
  };
  // HQ → center → outlet, accepted by the outlet.
  for (const o of orders) {
    const [row] = rowsOf<{ holder_unit_id: string }>(
      await ctx.db.execute(sql`select holder_unit_id from work_orders where id = ${o.id}`),
    );
    if (row?.holder_unit_id !== center.id && row?.holder_unit_id !== outlet.id)
      await act(o.id, 'dispatcher', 'dispatch', { toUnitId: center.id });
    if (row?.holder_unit_id !== outlet.id) await act(o.id, 'gd.dispatch', 'dispatch', { toUnitId: outlet.id });
    await act(o.id, `${key}.manager`, 'accept', {});
  }

  // Twenty booked for tomorrow: assigned to a technician certified for the line, who confirms the
  // window with the customer; tech7 has none.
  const certified: Record<string, string[]> = {
    'WM-AUTO': ['tech1', 'tech2', 'tech3', 'tech4', 'tech5'],
    'WM-TWIN': ['tech6'],
    TV: ['tech3', 'tech8'],
  };
  let booked = 0;
  for (const [i, o] of orders.entries()) {
    if (booked >= 20 || i % 3 !== 0) continue;
    const list = certified[o.line]!;
    const tech = `${key}.${list[booked % list.length]}`;
    const [from, to] = WINDOWS[booked % WINDOWS.length]!;
    await act(o.id, `${key}.manager`, 'dispatch', { technicianId: userId.get(tech) });
    await act(o.id, tech, 'book', {
      from: atLocal(tomorrow, from, zone).toISOString(),
      to: atLocal(tomorrow, to, zone).toISOString(),
      confirmedWithCustomer: true,
    });
    booked += 1;
  }

  // Eight automatic-washer orders need a part, asked for by the outlet's manager.
  const wanted = ['WA-INLET-VALVE', 'WA-DRAIN-PUMP', 'WA-BOARD-DISPLAY', 'WA-LEVEL-SENSOR'].filter((p) =>
    partId.has(p),
  );
  let partRequests = 0;
  const needy = orders.filter((o) => o.line === 'WM-AUTO' && o.modelCode === 'XQB100-8818');
  for (const [i, o] of needy.entries()) {
    if (partRequests >= 8 || !wanted.length) break;
    await createRequest(await as(`${key}.manager`, tick()), {
      orderId: o.id,
      lines: [{ partId: partId.get(wanted[i % wanted.length]!)!, quantity: 1 }],
      urgency: 'normal',
      note: '上门前备件',
    });
    partRequests += 1;
  }

  return {
    outlet: PLANNING_OUTLET,
    day: tomorrow,
    technicians: techs.length,
    certifications,
    orders: orders.length,
    booked,
    withoutLocation,
    partRequests,
    vanMovements,
    ms: Math.round(performance.now() - t0),
  };
}

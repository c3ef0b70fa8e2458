import { type OrderState, type ServiceType, urgeMakesComplaint } from '../modules/work-orders/index.js';
import { compactDay } from '../../shared/time-zone.js';
import type { DemoArchive } from './customers-data.js';
import type { SlaSignal, SlaSubject } from '../modules/sla/index.js';
import { OrderSla, type SimRow, type SlaWorld } from './orders-sla.js';
import { DemoRandom } from './random.js';

/*
 * ~5,000 demo work orders over the 90 days before "now", every one walked through the lifecycle
 * of rules.ts (created → dispatched to the province center → to the outlet covering the district
 * → accepted → a certified technician → booked → en route → on site / received → in repair (some
 * wait for parts or the customer) → completed → confirmed → closed), with realistic minutes
 * between the steps: most meet their time limits, about one in ten misses one (late dispatch,
 * late contact, late arrival, over three days). The most recent orders are still open in every
 * state; a few are cancelled, a few were rejected once by an outlet, a few were reopened as repeat
 * visits, some were urged (the 4th urge, past the limit of 3, opens a complaint). Steps after "now" never happened, so
 * the same generator gives live boards whatever the day of the load. Deterministic: the same
 * inputs give the same orders. Milestones are the SLA engine's, replayed in memory (orders-sla.ts).
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Shift of the demo's company zone (Asia/Shanghai) for the working-hour habits of people. */
const ZONE_SHIFT = 8 * HOUR;

export interface DemoPerson {
  id: string;
  name: string;
}

export interface DemoOrgUnit {
  id: string;
  path: string;
  kind: 'hq' | 'center' | 'outlet';
  parentCode: string | null;
  lat: number | null;
  lng: number | null;
}

export interface DemoModelInfo {
  id: string;
  lineId: string;
  category: string;
  bom: { partId: string; qty: number; isMain: boolean; code: string }[];
}

export interface DemoTechnician extends DemoPerson {
  username: string;
  outletCode: string;
}

export interface OrdersInput {
  now: Date;
  archive: DemoArchive;
  units: Map<string, DemoOrgUnit>;
  people: Map<string, DemoPerson>;
  technicians: DemoTechnician[];
  models: Map<string, DemoModelInfo>;
  sla: SlaWorld;
  timeZone: string;
  prefix: string;
  digits: number;
  nearKm: number;
  urgesBeforeComplaint: number;
  count?: number;
  seed?: number;
  /** Keep every SLA signal with its subject (tests replay them through the real engine). */
  trace?: boolean;
}

export interface OrderRecord {
  id: string;
  code: string;
  customerId: string;
  unitId: string;
  modelId: string;
  productLineId: string;
  serialNo: string;
  addressId: string;
  serviceType: ServiceType;
  priority: number;
  faultDescription: string;
  state: OrderState;
  holderUnitId: string;
  orgPath: string;
  centerId: string | null;
  outletId: string | null;
  technicianId: string | null;
  customerKind: 'individual' | 'business';
  zone: 'near' | 'far' | null;
  provinceCode: string;
  cityCode: string;
  districtCode: string;
  reportedAt: Date;
  bookedFrom: Date | null;
  bookedTo: Date | null;
  bookedConfirmed: boolean;
  bookedNote: string | null;
  waitReason: 'parts' | 'customer' | null;
  waitNote: string | null;
  custody: {
    label: string;
    condition: string;
    accessories: string[];
    receivedAt: string;
    receivedBy: string | null;
  } | null;
  custodyLabel: string | null;
  completion: {
    diagnosis: string;
    faultCode: string | null;
    cause: string;
    solution: string;
    labourMinutes: number;
    photoIds: string[];
    signature: string | null;
    rating: number | null;
    workaround: boolean;
    completedAt: string;
  } | null;
  cancelReason: string | null;
  urgeCount: number;
  lastUrgedAt: Date | null;
  repeatOfId: string | null;
  reopenedAsId: string | null;
  completedAt: Date | null;
  closedAt: Date | null;
  createdBy: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface HistoryRecord {
  orderId: string;
  at: Date;
  action: string;
  fromState: OrderState | null;
  toState: OrderState | null;
  actor: DemoPerson;
  note: string | null;
  data: Record<string, unknown> | null;
  changes: Record<string, { before: unknown; after: unknown }>;
  /** Path of the audit event. */
  eventPath: string;
}

export interface DemoOrders {
  orders: OrderRecord[];
  history: HistoryRecord[];
  parts: {
    id: string;
    orderId: string;
    partId: string;
    qty: number;
    oldSerial: string | null;
    newSerial: string | null;
    createdAt: Date;
  }[];
  urges: { id: string; orderId: string; n: number; at: Date; holderUnitId: string; holderPath: string; note: string }[];
  flags: {
    id: string;
    orderId: string;
    urgeCount: number;
    urgeLimit: number;
    note: string;
    holderUnitId: string;
    orgPath: string;
    createdBy: DemoPerson;
    createdAt: Date;
    updatedAt: Date;
  }[];
  grants: { customerId: string; orgPath: string; sourceId: string; grantedAt: Date; revokedAt: Date | null }[];
  milestones: (SimRow & { orderId: string; orderCode: string; orgPath: string })[];
  certifications: {
    id: string;
    userId: string;
    productLineId: string;
    validUntil: string;
    certificateNo: string;
    orgPath: string;
  }[];
  signals?: { orderId: string; subject: SlaSubject; signal: SlaSignal; at: Date; extra: { reason?: string } }[];
}

/** A 1×1 transparent PNG: the signature placeholder of demo completions. */
export const DEMO_SIGNATURE =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

const FAULTS: Record<string, string[]> = {
  washer: ['不脱水，甩干时噪音大', '进水慢，显示E1', '排水不畅，桶内积水', '运转时漏水', '通电无反应', '洗涤时不转'],
  boat: ['发动机启动困难', '船体渗水', '仪表盘无显示', '舵机转向沉重'],
  electronics: ['开机无图像有声音', '屏幕出现竖线', '遥控失灵', '频繁自动关机'],
  furniture: ['沙发坐垫塌陷', '框架异响', '面料开裂'],
  lighting: ['路灯夜间不亮', '灯具闪烁', '控制器故障，整排不亮'],
};
const FIXES = [
  { diagnosis: '电机电容老化', cause: '长期使用元件老化', solution: '更换电容，试机正常' },
  { diagnosis: '进水阀堵塞', cause: '水质杂质多', solution: '清洗并更换进水阀，建议加装前置过滤器' },
  { diagnosis: '排水泵损坏', cause: '异物进入排水泵', solution: '更换排水泵，清理管路，告知用户洗前掏空口袋' },
  { diagnosis: '主板故障', cause: '电压波动击穿元件', solution: '更换主板，建议使用稳压插座' },
  { diagnosis: '密封件老化', cause: '使用年限较长', solution: '更换密封件，测试无渗漏' },
  { diagnosis: '线路接触不良', cause: '接头松动氧化', solution: '重新压接线路并紧固，试运行正常' },
];
const CANCEL_REASONS = ['客户自行解决，取消服务', '客户重复报修，已合并', '客户改约，暂不需要上门'];
const PARTS_NOTES = ['配件缺货，已向省中心申请', '等待总部发货主板', '需调拨专用配件'];
const CUSTOMER_NOTES = ['客户出差，约定回来后继续', '客户要求改期', '等待客户确认付费项目'];

function km(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

/** Local hour (0–24, fractional) of `t` in the company zone. */
const localHour = (t: number) => ((((t + ZONE_SHIFT) % DAY) + DAY) % DAY) / HOUR;
/** `t` moved into the hours people of an outlet answer the phone (8:00–20:00 local, every day). */
function inOffice(t: number, rnd: DemoRandom): number {
  const h = localHour(t);
  if (h >= 8 && h < 20) return t;
  return t + ((8 - h + 24) % 24) * HOUR + rnd.int(0, 40) * MINUTE;
}

const OPEN: OrderState[] = [
  'created',
  'dispatched_center',
  'dispatched_outlet',
  'accepted',
  'assigned',
  'booked',
  'en_route',
  'on_site',
  'received',
  'in_repair',
  'waiting',
];
const STALLS: [OrderState, number][] = [
  ['created', 2],
  ['dispatched_center', 2],
  ['dispatched_outlet', 3],
  ['accepted', 2],
  ['assigned', 3],
  ['booked', 3],
];

interface Step {
  action: string;
  at: number;
  actor: DemoPerson;
  to: OrderState;
  patch: Partial<OrderRecord>;
  signal: SlaSignal | null;
  note?: string | null;
  data?: Record<string, unknown> | null;
  /** Part replacements, grants and custody are derived from these. */
  grant?: string;
  revoke?: 'outlet' | 'all';
  parts?: { partId: string; qty: number; code: string }[];
  reopen?: true;
}

interface Plan {
  id: string;
  createdAt: number;
  customer: DemoArchive['customers'][number];
  unit: DemoArchive['units'][number];
  serviceType: ServiceType;
  priority: number;
  fault: string;
  repeatOf: Plan | null;
  steps: Step[];
  urges: number[];
  repeat: Plan | null;
  code: string;
}

/** The demo orders, their timelines, parts, urges, complaint flags, read grants and milestones. */
export function demoOrders(input: OrdersInput): DemoOrders {
  const seed = input.seed ?? 20_261_124;
  const rnd = new DemoRandom(seed);
  const now = input.now.getTime();
  const count = input.count ?? 4_950;
  const person = (username: string) => input.people.get(username)!;
  const unitOf = (code: string) => input.units.get(code)!;
  const customers = new Map(input.archive.customers.map((c) => [c.id, c]));
  const activeUnits = input.archive.units.filter((u) => u.status === 'active' && input.models.has(u.modelCode));
  const techsOf = new Map<string, DemoTechnician[]>();
  for (const t of input.technicians) techsOf.set(t.outletCode, [...(techsOf.get(t.outletCode) ?? []), t]);
  const outletKeyOf = (code: string) => code.slice(2).replace('-', '').toLowerCase();
  const centerKeyOf = (outletCode: string) => outletCode.split('-')[1]!.toLowerCase();

  // Certifications: the first technician of an outlet for every line, the second for most.
  const lineIds = [...new Set([...input.models.values()].map((m) => m.lineId))].sort();
  const certifiedFor = new Map<string, Set<string>>();
  const certifications: DemoOrders['certifications'] = [];
  const validUntil = new Date(now + 400 * DAY).toISOString().slice(0, 10);
  for (const [i, t] of input.technicians.entries()) {
    const second = t.username.endsWith('tech2');
    const lines = second ? lineIds.filter((_, j) => (j + i) % 4 !== 0) : lineIds;
    certifiedFor.set(t.id, new Set(lines));
    for (const lineId of lines) {
      certifications.push({
        id: rnd.uuid(),
        userId: t.id,
        productLineId: lineId,
        validUntil,
        certificateNo: `ZS-${new Date(now).getUTCFullYear()}-${String(certifications.length + 1).padStart(5, '0')}`,
        orgPath: unitOf(t.outletCode).path,
      });
    }
  }

  // When orders come in: over 90 days, a little busier lately, by day mostly in daytime.
  const plans: Plan[] = [];
  const startOf = now - 90 * DAY;
  for (let i = 0; i < count; i++) {
    const r = new DemoRandom(seed + 7919 * (i + 1));
    const dayFrac = Math.sqrt(r.next()); // Denser towards now.
    let t = startOf + Math.floor(dayFrac * 90) * DAY;
    const hour = r.weighted<number>([
      [7, 2],
      [8, 5],
      [9, 9],
      [10, 10],
      [11, 9],
      [12, 6],
      [13, 7],
      [14, 9],
      [15, 9],
      [16, 8],
      [17, 6],
      [18, 5],
      [19, 4],
      [20, 3],
      [21, 2],
      [22, 1],
      [2, 0.5],
    ]);
    t = t - ((((t + ZONE_SHIFT) % DAY) + DAY) % DAY) + hour * HOUR + r.int(0, 59) * MINUTE + r.int(0, 59) * 1000;
    if (t > now - 2 * MINUTE) t = now - r.int(2, 600) * MINUTE;
    const unit = activeUnits[r.int(0, activeUnits.length - 1)]!;
    plans.push(newPlan(r, t, unit, null));
  }

  function newPlan(r: DemoRandom, createdAt: number, unit: DemoArchive['units'][number], repeatOf: Plan | null): Plan {
    const customer = customers.get(unit.customerId)!;
    const model = input.models.get(unit.modelCode)!;
    const serviceType = r.weighted<ServiceType>([
      ['on_site', 76],
      ['carry_in', model.category === 'electronics' ? 30 : 6],
      ['installation', 7],
      ['maintenance', 6],
      ['remote', 2],
    ]);
    const fault = repeatOf
      ? `回访发现故障未排除\n— ${repeatOf.fault}`
      : serviceType === 'installation'
        ? '新机安装调试'
        : serviceType === 'maintenance'
          ? '定期保养'
          : r.pick(FAULTS[model.category] ?? FAULTS.washer!);
    return {
      id: r.uuid(),
      createdAt,
      customer,
      unit,
      serviceType,
      priority: r.weighted([
        [1, 1],
        [2, 8],
        [3, 2],
      ] as const),
      fault,
      repeatOf,
      steps: [],
      urges: [],
      repeat: null,
      code: '',
    };
  }

  /** Walks one order through the lifecycle; steps after now (or after a stall) never happen. */
  function walk(plan: Plan, r: DemoRandom, stall: OrderState | null): void {
    const steps: Step[] = [];
    plan.steps = steps;
    const { customer, unit } = plan;
    const model = input.models.get(unit.modelCode)!;
    const addr = customer.addresses.find((a) => a.id === unit.addressId) ?? customer.addresses[0]!;
    const centerKey = centerKeyOf(customer.outletCode);
    const center = unitOf(`C-${centerKey.toUpperCase()}`);
    let outletCode = customer.outletCode;
    const centerDispatcher = person(`${centerKey}.dispatch`);
    let state: OrderState = 'created';
    let t = plan.createdAt;
    const push = (s: Omit<Step, 'to'> & { to?: OrderState }): boolean => {
      if (s.at > now) return false;
      const to = s.to ?? state;
      steps.push({ ...s, to });
      state = to;
      return true;
    };
    const stopped = () => stall !== null && state === stall;
    const late = (p: number) => r.chance(p);

    push({ action: 'created', at: t, actor: person('hotline'), signal: 'created', patch: {}, to: 'created' });
    const cancelAt = r.chance(0.022) ? r.int(0, 4) : -1;
    const cancel = (i: number) => {
      if (i !== cancelAt) return false;
      t += r.int(10, 600) * MINUTE;
      push({
        action: 'cancel',
        at: t,
        actor: person('hotline'),
        to: 'cancelled',
        signal: 'cancelled',
        note: r.pick(CANCEL_REASONS),
        patch: {},
        revoke: 'all',
      });
      return true;
    };
    if (stopped() || cancel(0)) return;

    t += (late(0.02) ? r.int(16, 90) : r.int(1, 11)) * MINUTE + r.int(0, 59) * 1000;
    if (
      !push({
        action: 'dispatch',
        at: t,
        actor: person('dispatcher'),
        to: 'dispatched_center',
        signal: 'dispatched_center',
        patch: { holderUnitId: center.id, orgPath: center.path, centerId: center.id },
        data: { toUnitId: center.id, suggestedId: center.id },
      }) ||
      stopped()
    ) {
      return;
    }
    const toOutlet = (code: string) => {
      const o = unitOf(code);
      const zone =
        o.lat != null && o.lng != null && km(addr, { lat: o.lat, lng: o.lng }) > input.nearKm ? 'far' : 'near';
      return push({
        action: 'dispatch',
        at: t,
        actor: centerDispatcher,
        to: 'dispatched_outlet',
        signal: 'dispatched_outlet',
        patch: { holderUnitId: o.id, orgPath: o.path, outletId: o.id, zone },
        data: {
          toUnitId: o.id,
          suggestedId: code === customer.outletCode ? o.id : unitOf(customer.outletCode).id,
          zone,
        },
        note: code === customer.outletCode ? null : '原网点拒单，改派邻近网点',
        grant: o.path,
      });
    };
    t += (late(0.02) ? r.int(16, 120) : r.int(2, 12)) * MINUTE + r.int(0, 59) * 1000;
    let atOutlet = t;
    if (!toOutlet(outletCode) || stopped() || cancel(1)) return;

    if (r.chance(0.03)) {
      // The outlet refuses (no capacity); the center passes the order to a sibling outlet.
      t += r.int(5, 40) * MINUTE;
      if (
        !push({
          action: 'reject',
          at: t,
          actor: person(`${outletKeyOf(outletCode)}.manager`),
          to: 'dispatched_center',
          signal: 'rejected',
          note: '本网点技术人员已满负荷，申请改派',
          patch: { holderUnitId: center.id, orgPath: center.path, outletId: null, zone: null, technicianId: null },
          revoke: 'outlet',
        })
      ) {
        return;
      }
      const siblings = [...techsOf.keys()].filter((c) => c !== outletCode && centerKeyOf(c) === centerKey).sort();
      if (siblings.length) outletCode = siblings[r.int(0, siblings.length - 1)]!;
      t += r.int(3, 14) * MINUTE;
      atOutlet = t;
      if (!toOutlet(outletCode)) return;
    }
    const outletKey = outletKeyOf(outletCode);
    const manager = person(`${outletKey}.manager`);
    t += r.int(2, 15) * MINUTE;
    if (
      !push({ action: 'accept', at: t, actor: manager, to: 'accepted', signal: 'accepted', patch: {} }) ||
      stopped() ||
      cancel(2)
    )
      return;

    const certified = (techsOf.get(outletCode) ?? []).filter((x) => certifiedFor.get(x.id)!.has(model.lineId));
    const tech = certified[r.int(0, certified.length - 1)] ?? techsOf.get(outletCode)![0]!;
    t += r.int(1, 10) * MINUTE;
    if (
      !push({
        action: 'dispatch',
        at: t,
        actor: manager,
        to: 'assigned',
        signal: null,
        patch: { technicianId: tech.id },
        data: { toUnitId: null, technicianId: tech.id, suggestedId: tech.id },
      }) ||
      stopped() ||
      cancel(3)
    ) {
      return;
    }

    const travelling = plan.serviceType !== 'carry_in' && plan.serviceType !== 'remote';
    if (travelling || plan.serviceType === 'carry_in') {
      // The outlet calls the customer within working time (a few take longer).
      const contact = inOffice(atOutlet, r) + (late(0.02) ? r.int(65, 240) : r.int(8, 40)) * MINUTE;
      t = Math.max(t + MINUTE, contact);
      const far = steps.at(-1)?.patch.zone === 'far' || steps.some((s) => s.patch.zone === 'far');
      const daysAhead = far
        ? r.int(1, 2)
        : r.weighted([
            [0, 3],
            [1, 6],
            [2, 1],
          ] as const);
      const dayStart = t - ((((t + ZONE_SHIFT) % DAY) + DAY) % DAY) + daysAhead * DAY;
      let fromT = dayStart + r.int(9, 16) * HOUR;
      if (fromT < t + HOUR) fromT = dayStart + DAY + r.int(9, 16) * HOUR;
      const toT = fromT + 2 * HOUR;
      if (
        !push({
          action: 'book',
          at: t,
          actor: tech,
          to: 'booked',
          signal: 'appointment_booked',
          patch: {
            bookedFrom: new Date(fromT),
            bookedTo: new Date(toT),
            bookedConfirmed: true,
            bookedNote: plan.serviceType === 'carry_in' ? '客户送修' : null,
          },
          data: { from: new Date(fromT).toISOString(), to: new Date(toT).toISOString() },
        }) ||
        stopped() ||
        cancel(4)
      ) {
        return;
      }
      if (travelling) {
        t = Math.max(t + 5 * MINUTE, fromT - r.int(20, 60) * MINUTE);
        if (!push({ action: 'depart', at: t, actor: tech, to: 'en_route', signal: 'en_route', patch: {} })) return;
        t = late(0.025) ? toT + r.int(60, 1800) * MINUTE : fromT + r.int(0, 100) * MINUTE;
        if (!push({ action: 'arrive', at: t, actor: tech, to: 'on_site', signal: 'arrived', patch: {} })) return;
      } else {
        t = late(0.025) ? toT + r.int(60, 1800) * MINUTE : fromT + r.int(0, 100) * MINUTE;
        if (
          !push({
            action: 'receive',
            at: t,
            actor: tech,
            to: 'received',
            signal: 'arrived',
            patch: {},
            data: { condition: '外观完好，轻微划痕', accessories: ['电源线', '遥控器'] },
          })
        ) {
          return;
        }
      }
    }
    t += r.int(3, 20) * MINUTE;
    if (!push({ action: 'start', at: t, actor: tech, to: 'in_repair', signal: null, patch: {} })) return;

    const wait = r.weighted([
      [null, 80],
      ['parts', 15],
      ['customer', 5],
    ] as const);
    if (wait) {
      t += r.int(20, 90) * MINUTE;
      const note = wait === 'parts' ? r.pick(PARTS_NOTES) : r.pick(CUSTOMER_NOTES);
      if (
        !push({
          action: 'wait',
          at: t,
          actor: tech,
          to: 'waiting',
          signal: wait === 'parts' ? 'pause_parts' : 'pause_customer',
          note,
          patch: { waitReason: wait, waitNote: note },
          data: { reason: wait },
        })
      ) {
        return;
      }
      t = inOffice(t + (wait === 'parts' ? r.int(20, late(0.2) ? 200 : 110) : r.int(16, 70)) * HOUR, r);
      if (
        !push({
          action: 'resume',
          at: t,
          actor: tech,
          to: 'in_repair',
          signal: 'resume',
          patch: { waitReason: null, waitNote: null },
          data: { waitedFor: wait },
        })
      )
        return;
    }
    t += late(0.02) ? r.int(30, 72) * HOUR : r.int(25, 170) * MINUTE;
    const fix = r.pick(FIXES);
    const replaced =
      model.bom.length && plan.serviceType !== 'installation' && r.chance(wait === 'parts' ? 1 : 0.55)
        ? [r.pick(model.bom)]
        : [];
    const completion = {
      diagnosis:
        plan.serviceType === 'installation'
          ? '安装调试完成'
          : plan.serviceType === 'maintenance'
            ? '例行保养'
            : fix.diagnosis,
      faultCode:
        plan.serviceType === 'on_site' || plan.serviceType === 'carry_in' ? `E${r.int(1, 9)}${r.int(0, 9)}` : null,
      cause:
        plan.serviceType === 'installation'
          ? '新机安装'
          : plan.serviceType === 'maintenance'
            ? '保养周期到期'
            : fix.cause,
      solution: plan.serviceType === 'installation' ? '按说明书安装，试机正常，讲解使用方法' : fix.solution,
      labourMinutes: r.int(20, 150),
      photoIds: [] as string[],
      signature: DEMO_SIGNATURE,
      rating: r.weighted([
        [5, 70],
        [4, 20],
        [3, 7],
        [2, 2],
        [1, 1],
      ] as const),
      workaround: false,
      completedAt: new Date(t).toISOString(),
    };
    if (
      !push({
        action: 'complete',
        at: t,
        actor: tech,
        to: 'completed',
        signal: 'completed',
        patch: { completion, completedAt: new Date(t), waitReason: null, waitNote: null },
        parts: replaced.map((p) => ({ partId: p.partId, qty: p.qty, code: p.code })),
        data: {
          parts: replaced.map((p) => ({ partId: p.partId, qty: p.qty })),
          labourMinutes: completion.labourMinutes,
          rating: completion.rating,
          faultCode: completion.faultCode,
        },
      })
    ) {
      return;
    }
    t = inOffice(t + r.int(2, 26) * HOUR, r);
    if (
      !push({
        action: 'confirm',
        at: t,
        actor: centerDispatcher,
        to: 'confirmed',
        signal: 'confirmed',
        patch: {},
        note: '回访确认：客户已签字，对服务满意',
      })
    )
      return;
    t = inOffice(t + r.int(1, 48) * HOUR, r);
    if (
      !push({
        action: 'close',
        at: t,
        actor: centerDispatcher,
        to: 'closed',
        signal: 'closed',
        patch: { closedAt: new Date(t), custodyLabel: null },
        revoke: 'all',
      })
    )
      return;
    if (!plan.repeatOf && r.chance(0.02)) {
      // The callback finds the fault back: a repeat visit, linked both ways.
      const at = t + r.int(1, 6) * DAY;
      if (at < now - 30 * MINUTE) {
        plan.repeat = newPlan(new DemoRandom(seed ^ (at % 2_147_483_647)), at, unit, plan);
        push({
          action: 'reopen',
          at,
          actor: person('hotline'),
          signal: null,
          patch: { reopenedAsId: plan.repeat.id },
          note: '回访发现故障复发，安排返修',
          reopen: true,
        });
      }
    }
  }

  const all: Plan[] = [];
  for (const [i, plan] of plans.entries()) {
    const r = new DemoRandom(seed + 104_729 * (i + 1));
    const recent = now - plan.createdAt < 2 * DAY;
    walk(plan, r, recent && r.chance(0.08) ? r.weighted(STALLS) : null);
    all.push(plan);
    if (plan.repeat) {
      walk(plan.repeat, new DemoRandom(seed + 15_485_863 * (i + 1)), null);
      all.push(plan.repeat);
    }
  }
  // Every open state shows on the boards: an order of the right kind stops there when none does.
  const stateOfPlan = (p: Plan) => p.steps.at(-1)!.to;
  for (const s of OPEN) {
    if (all.some((p) => stateOfPlan(p) === s)) continue;
    const candidates = all
      .filter((p) => !p.repeat && !p.repeatOf && p.steps.some((st) => st.to === s) && now - p.createdAt < 5 * DAY)
      .sort((a, b) => b.createdAt - a.createdAt);
    const pick = candidates[0];
    if (!pick) continue;
    const idx = pick.steps.findIndex((st) => st.to === s);
    pick.steps = pick.steps.slice(0, idx + 1);
  }
  // Urging: a customer chases an order that is slow (1–4 times; more than the limit is a complaint).
  for (const [i, p] of all.entries()) {
    const r = new DemoRandom(seed + 31_337 * (i + 1));
    const last = p.steps.at(-1)!;
    const openUntil = OPEN.includes(last.to) ? now : (p.steps.find((s) => !OPEN.includes(s.to))?.at ?? now);
    const span = openUntil - p.createdAt;
    if (span < 6 * HOUR || !r.chance(span > 3 * DAY ? 0.35 : 0.06)) continue;
    const n = r.weighted([
      [1, 6],
      [2, 3],
      [3, 2],
      [4, 2],
    ] as const);
    const times = Array.from(
      { length: n },
      () => p.createdAt + 2 * HOUR + Math.floor(r.next() * (span - 2 * HOUR)),
    ).sort((a, b) => a - b);
    p.urges = times;
  }

  // Numbers: per company-zone day in order of creation, as the live system hands them out.
  all.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  const seq = new Map<string, number>();
  for (const p of all) {
    const day = compactDay(new Date(p.createdAt), input.timeZone);
    const n = (seq.get(day) ?? 0) + 1;
    seq.set(day, n);
    p.code = `${input.prefix}${day}-${String(n).padStart(input.digits, '0')}`;
  }

  return materialise(all, input, rnd, certifications);
}

function materialise(
  all: Plan[],
  input: OrdersInput,
  rnd: DemoRandom,
  certifications: DemoOrders['certifications'],
): DemoOrders {
  const hq = input.units.get('HQ')!;
  const out: DemoOrders = {
    orders: [],
    history: [],
    parts: [],
    urges: [],
    flags: [],
    grants: [],
    milestones: [],
    certifications,
  };
  if (input.trace) out.signals = [];
  const byId = new Map(all.map((p) => [p.id, p]));
  for (const p of all) {
    const model = input.models.get(p.unit.modelCode)!;
    const addr = p.customer.addresses.find((a) => a.id === p.unit.addressId) ?? p.customer.addresses[0]!;
    const o: OrderRecord = {
      id: p.id,
      code: p.code,
      customerId: p.customer.id,
      unitId: p.unit.id,
      modelId: model.id,
      productLineId: model.lineId,
      serialNo: p.unit.serialNo,
      addressId: addr.id,
      serviceType: p.serviceType,
      priority: p.priority,
      faultDescription: p.repeatOf
        ? `${p.fault.split('\n')[0]}\n— ${byId.get(p.repeatOf.id)!.code}: ${p.repeatOf.fault}`
        : p.fault,
      state: 'created',
      holderUnitId: hq.id,
      orgPath: hq.path,
      centerId: null,
      outletId: null,
      technicianId: null,
      customerKind: p.customer.kind,
      zone: null,
      provinceCode: addr.provinceCode,
      cityCode: addr.cityCode,
      districtCode: addr.districtCode,
      reportedAt: new Date(p.createdAt),
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
      urgeCount: 0,
      lastUrgedAt: null,
      repeatOfId: p.repeatOf?.id ?? null,
      reopenedAsId: null,
      completedAt: null,
      closedAt: null,
      createdBy: input.people.get('hotline')!.id,
      version: 1,
      createdAt: new Date(p.createdAt),
      updatedAt: new Date(p.createdAt),
    };
    const sla = new OrderSla(input.sla, () => rnd.uuid());
    const subject = () => ({
      orderId: o.id,
      orderCode: o.code,
      orgPath: o.orgPath,
      serviceType: o.serviceType,
      productLineId: o.productLineId,
      customerKind: o.customerKind,
      zone: o.zone,
      faultLevel: o.priority,
      provinceCode: o.provinceCode,
      reportedAt: o.reportedAt,
      bookedWindowEnd: o.bookedTo,
    });
    const urges = [...p.urges];
    let urged = 0;
    let flag: DemoOrders['flags'][number] | undefined;
    const grants = new Map<string, DemoOrders['grants'][number]>();
    const urgeUntil = (limit: number) => {
      while (urges.length && urges[0]! <= limit) {
        const at = new Date(urges.shift()!);
        urged += 1;
        o.urgeCount = urged;
        o.lastUrgedAt = at;
        const note = urged === 1 ? '客户来电询问进度' : '客户再次来电催促，情绪不满';
        out.urges.push({
          id: rnd.uuid(),
          orderId: o.id,
          n: urged,
          at,
          holderUnitId: o.holderUnitId,
          holderPath: o.orgPath,
          note,
        });
        const actor = input.people.get('hotline')!;
        out.history.push({
          orderId: o.id,
          at,
          action: 'urged',
          fromState: o.state,
          toState: o.state,
          actor,
          note,
          data: { n: urged, holderUnitId: o.holderUnitId },
          changes: { urgeCount: { before: urged - 1, after: urged } },
          eventPath: o.orgPath,
        });
        // As urging does it (commands/urge.ts): one record, opened by the urge past the limit, kept up to date after.
        if (flag) Object.assign(flag, { urgeCount: urged, updatedAt: at });
        else if (urgeMakesComplaint(urged, input.urgesBeforeComplaint)) {
          const id = rnd.uuid();
          const limit = input.urgesBeforeComplaint;
          flag = {
            id,
            orderId: o.id,
            urgeCount: urged,
            urgeLimit: limit,
            note,
            holderUnitId: o.holderUnitId,
            orgPath: o.orgPath,
            createdBy: actor,
            createdAt: at,
            updatedAt: at,
          };
          out.flags.push(flag);
          out.history.push({
            orderId: o.id,
            at,
            action: 'complaint_flagged',
            fromState: o.state,
            toState: o.state,
            actor,
            note: null,
            data: { flagId: id, urgeCount: urged, limit },
            changes: { complaintFlag: { before: null, after: 'urged' } },
            eventPath: o.orgPath,
          });
        }
      }
    };
    for (const s of p.steps) {
      urgeUntil(s.at - 1);
      const at = new Date(s.at);
      const from = s.action === 'created' ? null : o.state;
      const beforePath = o.orgPath;
      const patch: Partial<OrderRecord> = { ...s.patch };
      if (s.action === 'receive') {
        patch.custodyLabel = `${o.code}-R`;
        patch.custody = {
          label: `${o.code}-R`,
          condition: '外观完好，轻微划痕',
          accessories: ['电源线', '遥控器'],
          receivedAt: at.toISOString(),
          receivedBy: s.actor.id,
        };
      }
      if (s.action === 'cancel')
        Object.assign(patch, { cancelReason: s.note ?? null, closedAt: at, custodyLabel: null });
      const changes: HistoryRecord['changes'] = {};
      if (s.action !== 'created') {
        for (const [k, v] of Object.entries({ ...patch, state: s.to })) {
          const b = (o as unknown as Record<string, unknown>)[k] ?? null;
          const a = k === 'completion' ? { ...(v as object), signature: '[PNG]' } : (v ?? null);
          if (JSON.stringify(b) !== JSON.stringify(a))
            changes[k] = {
              before: b instanceof Date ? b.toISOString() : b,
              after: a instanceof Date ? a.toISOString() : a,
            };
        }
      } else {
        changes.code = { before: null, after: o.code };
        changes.state = { before: null, after: 'created' };
      }
      Object.assign(o, patch);
      o.state = s.to;
      if (s.action !== 'created') o.version += 1;
      o.updatedAt = at;
      const data = s.data ?? null;
      out.history.push({
        orderId: o.id,
        at,
        action: s.action,
        fromState: from,
        toState: s.to,
        actor: s.actor,
        note: s.note ?? null,
        data: s.reopen && p.repeat ? { repeatOrderId: p.repeat.id, repeatOrderCode: p.repeat.code } : data,
        changes,
        eventPath: o.orgPath.startsWith(beforePath) ? o.orgPath : beforePath,
      });
      if (s.grant)
        grants.set(s.grant, {
          customerId: o.customerId,
          orgPath: s.grant,
          sourceId: o.id,
          grantedAt: at,
          revokedAt: null,
        });
      if (s.revoke === 'outlet') {
        const g = grants.get(beforePath);
        if (g && !g.revokedAt) g.revokedAt = at;
      }
      if (s.revoke === 'all') for (const g of grants.values()) g.revokedAt ??= at;
      for (const part of s.parts ?? []) {
        out.parts.push({
          id: rnd.uuid(),
          orderId: o.id,
          partId: part.partId,
          qty: part.qty,
          oldSerial: null,
          newSerial: `${part.code}-${rnd.digits(8)}`,
          createdAt: at,
        });
      }
      if (s.signal) {
        // The command passes the body's `reason` (the wait kind, or the reason of a refusal, cancellation, reopening).
        const reason =
          s.action === 'wait'
            ? (s.data?.reason as string)
            : ['reject', 'cancel', 'reopen'].includes(s.action)
              ? s.note
              : null;
        const extra = reason ? { reason } : {};
        out.signals?.push({ orderId: o.id, subject: subject(), signal: s.signal, at, extra });
        sla.signal(subject(), s.signal, at, extra);
      }
    }
    if (OPEN.includes(o.state)) urgeUntil(input.now.getTime());
    // What the scheduler would have fired before the load is marked, not sent.
    sla.tick(input.now);
    out.orders.push(o);
    out.grants.push(...grants.values());
    for (const m of sla.rows) out.milestones.push({ ...m, orderId: o.id, orderCode: o.code, orgPath: o.orgPath });
  }
  return out;
}

import { asc, count, eq, max } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_PERMISSIONS } from '../../shared/permissions.js';
import { formatPhone, maskPhone } from '../../shared/phone.js';
import { settingVersions } from '../platform/config/tables.js';
import { events } from '../platform/events/tables.js';
import {
  apiTokens,
  orgUnits,
  rolePermissions,
  roles,
  sessions,
  userRoles,
  users,
} from '../platform/identity/tables.js';
import { customers } from '../modules/customers/index.js';
import { contacts, serviceRequests } from '../modules/intake/index.js';
import { ensureDepotFor, postMovements } from '../modules/parts/index.js';
import { applySlaSignal } from '../modules/sla/index.js';
import { systemCtx } from '../platform/context.js';
import { notifyInbox, outbox } from '../platform/notify/index.js';
import { complaintFlags, repairRegister, technicianCertifications, workOrders } from '../modules/work-orders/index.js';
import * as tables from '../db/schema.js';
import { type Agent, createTestApp, type TestApp } from './harness.js';

/*
 * The data-scope walk: two sibling outlets' managers probe every route of the API with each
 * other's ids. Reads by id must be 404 (or 403), lists must not contain the other side's
 * records, and writes must be refused without touching a row or the audit trail.
 *
 * ROUTES classifies every route the app registers. A route missing from it fails the test, so
 * a module that adds routes must say here how they are scoped (and get walked).
 */

/** One outlet's side of the walk: its unit, its people, a token of its manager. */
interface Side {
  name: string;
  agent: Agent;
  unitId: string;
  centerId: string;
  managerId: string;
  techId: string;
  userIds: string[];
  tokenId: string;
}

/** A request one side makes with the other side's ids (`o`); `me` is the caller's own side. */
interface Probe {
  url: (o: Side, me: Side) => string;
  body?: (o: Side, me: Side) => unknown;
  /**
   * How a caller holding every permission is refused: a record named in the path reads as not
   * found (404); a unit named in the body is out of scope (403). Default: not found.
   */
  refused?: 'entity.not_found' | 'auth.out_of_scope';
}

type RouteClass =
  /** Open to anyone (health, setup, sign-in, API docs). */
  | { kind: 'public' }
  /** Acts only on the caller's own account; takes no record id. */
  | { kind: 'self' }
  /** Company-wide records that are not org-scoped (settings, roles); guarded by permission only. */
  | { kind: 'admin-global' }
  /** A list: must never include the other side's records; `own` names records it should show. */
  | { kind: 'list'; query?: string; own?: (me: Side) => string[] }
  /** Names a record by id in the path or body: the other side's records are 403/404 and unchanged. */
  | { kind: 'scoped'; probes: Probe[] };

const v1 = () => ({ version: 1 });

/** Customer archive records of each side (by side name): a customer of the outlet's area, and a merge there. */
const customerWalk: Record<string, { customerId: string; mergedId: string; mergeId: string }> = {};
const WALK_ADDRESSES: Record<string, object> = {
  gd01: { provinceCode: '440000', cityCode: '440100', districtCode: '440106', detail: '天河路 1 号' },
  gd02: { provinceCode: '440000', cityCode: '440300', districtCode: '440305', detail: '南海大道 1 号' },
};

/** A failed outgoing message about each side's customer (by side name): the outbox is scoped by org path. */
const messageWalk: Record<string, string> = {};

async function setUpMessageWalk(t: TestApp, sides: Side[]): Promise<void> {
  for (const side of sides) {
    const [unit] = await t.database.db
      .select({ path: orgUnits.path })
      .from(orgUnits)
      .where(eq(orgUnits.id, side.unitId));
    const [row] = await t.database.db
      .insert(outbox)
      .values({
        channel: 'sms',
        recipient: '13800000000',
        template: 'order.booked',
        body: '走查',
        status: 'failed',
        orgPath: unit!.path,
        createdAt: t.clock.now(),
        failedAt: t.clock.now(),
      })
      .returning({ id: outbox.id });
    messageWalk[side.name] = row!.id;
  }
}

/** Intake records of each side (by side name): a customer of the outlet's area, contacts, a request. */
const intakeWalk: Record<string, { customerId: string; contactId: string; escalatedId: string; requestId: string }> =
  {};

/** Each outlet's intake records, written straight into the tables with the outlet's org path. */
async function setUpIntakeWalk(t: TestApp, sides: Side[]): Promise<void> {
  const db = t.database.db;
  for (const side of sides) {
    const [unit] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, side.unitId));
    const orgPath = unit!.path;
    const [customer] = await db
      .insert(customers)
      .values({ code: `CWALK${side.name}`, kind: 'individual', name: `走查客户${side.name}`, orgPath })
      .returning();
    const contact = (status: 'open' | 'escalated', n: number) => ({
      code: `TWALK${side.name}${n}`,
      customerId: customer!.id,
      channel: 'phone' as const,
      class: 'consultation' as const,
      content: '走查',
      status,
      queue: status === 'escalated' ? 'tech_supervisor' : null,
      startedAt: t.clock.now(),
      orgPath,
    });
    const [open] = await db.insert(contacts).values(contact('open', 1)).returning();
    const [escalated] = await db.insert(contacts).values(contact('escalated', 2)).returning();
    const [request] = await db
      .insert(serviceRequests)
      .values({
        code: `SRWALK-${side.name}`,
        kind: 'repair',
        source: 'hotline',
        customerId: customer!.id,
        symptoms: '走查',
        phone: PII[side.name]!.servedPhone,
        orgPath,
      })
      .returning();
    intakeWalk[side.name] = {
      customerId: customer!.id,
      contactId: open!.id,
      escalatedId: escalated!.id,
      requestId: request!.id,
    };
  }
}

/** Time limits and inbox notices of each side (by side name): an order held by the outlet, a notice to its manager. */
const slaWalk: Record<string, { orderId: string; noticeId: string }> = {};

async function setUpSlaWalk(t: TestApp, sides: Side[]): Promise<void> {
  const db = t.database.db;
  for (const side of sides) {
    const [unit] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, side.unitId));
    const orderId = crypto.randomUUID();
    const subject = {
      orderId,
      orderCode: `WO-WALK-${side.name}`,
      orgPath: unit!.path,
      serviceType: 'on_site',
      productLineId: null,
      customerKind: 'individual' as const,
      zone: 'near' as const,
      faultLevel: null,
      provinceCode: '44',
      reportedAt: t.clock.now(),
    };
    await db.transaction((tx) =>
      applySlaSignal(tx, systemCtx(db, { now: t.clock.now() }), subject, 'created', t.clock.now()),
    );
    await db.transaction((tx) =>
      notifyInbox(tx, {
        userIds: [side.managerId],
        title: { 'zh-CN': '走查', en: 'walk' },
        body: { 'zh-CN': '走查', en: 'walk' },
        at: t.clock.now(),
      }),
    );
    const [notice] = await db
      .select({ id: tables.inboxItems.id })
      .from(tables.inboxItems)
      .where(eq(tables.inboxItems.userId, side.managerId));
    slaWalk[side.name] = { orderId, noticeId: notice!.id };
  }
}

/** Installed-base records of each side (by side name): a customer of the outlet's area and its unit. */
const unitWalk: Record<string, { customerId: string; unitId: string; serial: string }> = {};
const walkUnit = (o: Side) => unitWalk[o.name]!;
/** The catalog model both sides' walk units are of (not a side's record: both lists show it). */
const walkCatalog = { modelId: '', lineId: '' };

/** Work-order records of each side (by side name): an order held by the outlet, its register entry, a certification, a complaint record. */
const orderWalk: Record<
  string,
  { orderId: string; addressId: string; registerId: string; certificationId: string; complaintId: string }
> = {};
const walkOrder = (o: Side) => orderWalk[o.name]!;
const WALK_SIGNATURE = 'data:image/png;base64,iVBORw0KGgo=';

/** Each outlet's order (accepted, assigned to its technician), written straight into the tables with the outlet's path. */
async function setUpOrderWalk(t: TestApp, sides: Side[]): Promise<void> {
  const db = t.database.db;
  for (const side of sides) {
    const [unit] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, side.unitId));
    const orgPath = unit!.path;
    const { customerId } = intakeWalk[side.name]!;
    // The served customer's contact details (the PII walk): the order's technician and unit see them whole.
    await db
      .insert(tables.customerPhones)
      .values({ customerId, number: PII[side.name]!.servedPhone, kind: 'mobile', isPrimary: true });
    const [address] = await db
      .insert(tables.customerAddresses)
      .values({
        customerId,
        provinceCode: '440000',
        cityCode: '440100',
        districtCode: '440106',
        detail: PII[side.name]!.servedStreet,
        isPrimary: true,
      })
      .returning();
    const [order] = await db
      .insert(workOrders)
      .values({
        addressId: address!.id,
        code: `FWWALK-${side.name}`,
        customerId,
        serviceType: 'on_site',
        faultDescription: '走查',
        state: 'accepted',
        holderUnitId: side.unitId,
        orgPath,
        outletId: side.unitId,
        technicianId: side.techId,
        customerKind: 'individual',
        reportedAt: t.clock.now(),
      })
      .returning();
    const [entry] = await db
      .insert(repairRegister)
      .values({
        orderId: order!.id,
        orderCode: order!.code,
        customerId,
        faultReport: '走查',
        reportedByName: 'walk',
        orgPath,
        at: t.clock.now(),
      })
      .returning();
    const [cert] = await db
      .insert(technicianCertifications)
      .values({ userId: side.techId, productLineId: walkCatalog.lineId, validUntil: '2030-01-01', orgPath })
      .returning();
    const [complaint] = await db
      .insert(complaintFlags)
      .values({
        orderId: order!.id,
        reason: 'urged',
        urgeCount: 4,
        urgeLimit: 3,
        holderUnitId: side.unitId,
        orgPath,
        createdByName: 'walk',
        createdAt: t.clock.now(),
        updatedAt: t.clock.now(),
      })
      .returning();
    orderWalk[side.name] = {
      orderId: order!.id,
      addressId: address!.id,
      registerId: entry!.id,
      certificationId: cert!.id,
      complaintId: complaint!.id,
    };
  }
}

/**
 * The PII column's records of each side: the customer whose order the outlet serves (the walk
 * order, assigned to tech1), and a unit owner it serves no order of. The archive walk customer
 * (13811112222, WALK_ADDRESSES) is not served either.
 */
const PII: Record<string, { servedPhone: string; servedStreet: string; ownerPhone: string; ownerStreet: string }> = {
  gd01: {
    servedPhone: '13900000101',
    servedStreet: '服务街 11 号',
    ownerPhone: '13700000101',
    ownerStreet: '机主路 15 号',
  },
  gd02: {
    servedPhone: '13900000201',
    servedStreet: '服务街 21 号',
    ownerPhone: '13700000201',
    ownerStreet: '机主路 25 号',
  },
};

/** A minimal valid body of each order action (so the refusal is about scope, not validation). */
const ORDER_ACTION_BODIES: Record<string, (o: Side, me: Side) => unknown> = {
  dispatch: (_o, me) => ({ toUnitId: me.unitId, version: 1 }),
  accept: v1,
  reject: () => ({ reason: '越界', version: 1 }),
  appointment: () => ({
    from: '2026-11-24T01:00:00Z',
    to: '2026-11-24T03:00:00Z',
    confirmedWithCustomer: true,
    version: 1,
  }),
  depart: v1,
  arrive: v1,
  receive: () => ({ condition: '越界', version: 1 }),
  start: v1,
  wait: () => ({ reason: 'parts', note: '越界', version: 1 }),
  resume: v1,
  complete: () => ({
    diagnosis: 'x',
    cause: 'x',
    solution: 'x',
    labourMinutes: 1,
    signature: WALK_SIGNATURE,
    version: 1,
  }),
  confirm: v1,
  close: v1,
  cancel: () => ({ reason: '越界', version: 1 }),
  reopen: () => ({ reason: '越界', version: 1 }),
  unfixable: () => ({ faultReport: '越界', version: 1 }),
  // The order's own address: a crossing would answer 400 (unchanged), not the 404 of scope.
  address: (o) => ({ addressId: walkOrder(o).addressId, reason: '越界', version: 1 }),
};

const orderRoutes: Record<string, RouteClass> = {
  'GET /api/orders': { kind: 'list', query: '?pageSize=200', own: (me) => [walkOrder(me).orderId] },
  'GET /api/orders/:id': { kind: 'scoped', probes: [{ url: (o) => `/api/orders/${walkOrder(o).orderId}` }] },
  'GET /api/orders/:id/suggestion': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/orders/${walkOrder(o).orderId}/suggestion` }],
  },
  'POST /api/orders': {
    kind: 'scoped',
    probes: [
      {
        url: () => '/api/orders',
        body: (o) => ({ customerId: intakeWalk[o.name]!.customerId, serviceType: 'on_site', faultDescription: '越界' }),
      },
    ],
  },
  'POST /api/orders/:id/photos': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/orders/${walkOrder(o).orderId}/photos` }],
  },
  'GET /api/orders/:id/photos/:photoId': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/orders/${walkOrder(o).orderId}/photos/${crypto.randomUUID()}` }],
  },
  'POST /api/orders/:id/urges': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/orders/${walkOrder(o).orderId}/urges`, body: () => ({ note: '越界' }) }],
  },
  'POST /api/orders/:id/reveal-contact': {
    kind: 'scoped',
    probes: [
      { url: (o) => `/api/orders/${walkOrder(o).orderId}/reveal-contact`, body: () => ({ reason: '越界查看' }) },
    ],
  },
  'POST /api/orders/:id/approvals': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/orders/${walkOrder(o).orderId}/approvals`,
        body: () => ({ kind: 'part_time_staff', note: '越界' }),
      },
    ],
  },
  ...Object.fromEntries(
    Object.entries(ORDER_ACTION_BODIES).map(([path, body]) => [
      `POST /api/orders/:id/${path}`,
      {
        kind: 'scoped',
        probes: [{ url: (o: Side) => `/api/orders/${walkOrder(o).orderId}/${path}`, body }],
      } satisfies RouteClass,
    ]),
  ),
  'GET /api/repair-register': { kind: 'list', query: '?pageSize=200', own: (me) => [walkOrder(me).registerId] },
  'GET /api/complaint-records': { kind: 'list', query: '?pageSize=200', own: (me) => [walkOrder(me).complaintId] },
  'GET /api/complaint-records/:id': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/complaint-records/${walkOrder(o).complaintId}` }],
  },
  // Complaints (docs/complaints.md): each outlet's walk complaint about its walk order (complaintWalk).
  'GET /api/complaints': { kind: 'list', query: '?pageSize=200', own: (me) => [complaintWalk[me.name]!] },
  'GET /api/complaints/:id': { kind: 'scoped', probes: [{ url: (o) => `/api/complaints/${complaintWalk[o.name]}` }] },
  'GET /api/complaints/:id/report': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/complaints/${complaintWalk[o.name]}/report` }],
  },
  'POST /api/complaints': {
    kind: 'scoped',
    probes: [
      {
        url: () => '/api/complaints',
        body: (o) => ({
          source: 'hotline',
          customerId: intakeWalk[o.name]!.customerId,
          orderIds: [walkOrder(o).orderId],
          type: 'other',
          summary: '走查',
        }),
      },
    ],
  },
  ...Object.fromEntries(
    (
      [
        ['notes', { text: '走查' }],
        ['contacts', { channel: 'phone', text: '走查' }],
        ['route', { departmentId: '00000000-0000-4000-8000-000000000001', reason: '走查' }],
        ['responsibility', { kind: 'maker', name: '走查', correctiveAction: '走查' }],
        ['compensation', { amountFen: 100, kind: 'cash', reason: '走查' }],
        ['compensation/decide', { approve: true }],
        ['reply', { channel: 'phone', content: '走查' }],
        ['acceptance', { accepted: true }],
        ['close', { reason: '走查' }],
      ] as const
    ).map(([path, body]) => [
      `POST /api/complaints/:id/${path}`,
      {
        kind: 'scoped',
        probes: [{ url: (o: Side) => `/api/complaints/${complaintWalk[o.name]}/${path}`, body: () => body }],
      } satisfies RouteClass,
    ]),
  ),
  // Callbacks (docs/callbacks.md): each outlet's walk task about its walk order (callbackWalk), read
  // under the outlet's path and worked under its center's.
  'GET /api/callbacks': { kind: 'list', query: '?pageSize=200', own: (me) => [callbackWalk[me.name]!] },
  'GET /api/callbacks/:id': { kind: 'scoped', probes: [{ url: (o) => `/api/callbacks/${callbackWalk[o.name]}` }] },
  'POST /api/callbacks/:id/answer': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/callbacks/${callbackWalk[o.name]}/answer`,
        body: () => ({ version: 1, fixed: true, feeAsRecorded: true, attitude: 5, quality: 5, timeliness: 5 }),
      },
    ],
  },
  'POST /api/callbacks/:id/attempts': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/callbacks/${callbackWalk[o.name]}/attempts`,
        body: () => ({ version: 1, result: 'no_answer' }),
      },
    ],
  },
  'POST /api/callbacks/:id/cancel': {
    kind: 'scoped',
    probes: [
      { url: (o) => `/api/callbacks/${callbackWalk[o.name]}/cancel`, body: () => ({ version: 1, reason: '走查' }) },
    ],
  },
  'GET /api/callback-scores': { kind: 'list', query: '?from=2026-11-01&to=2026-11-30' },
  // Recall campaigns (docs/recalls.md): a campaign is company-wide (changed only within the defining unit's
  // subtree); its units are read under the center of their area or through the recall order (recallWalk: each
  // outlet's unit row about its walk order), and worked only by the center's people.
  'GET /api/recalls': { kind: 'list', query: '?pageSize=200' },
  'POST /api/recalls': { kind: 'admin-global' },
  'GET /api/recalls/:id': { kind: 'admin-global' },
  'PUT /api/recalls/:id': { kind: 'admin-global' },
  'POST /api/recalls/:id/activate': { kind: 'admin-global' },
  'POST /api/recalls/:id/close': { kind: 'admin-global' },
  'POST /api/recalls/:id/outreach': { kind: 'admin-global' },
  'GET /api/recalls/:id/progress': { kind: 'list' },
  'GET /api/recalls/:id/units': { kind: 'list' },
  'GET /api/recalls/:id/units.xlsx': { kind: 'list' },
  'POST /api/recall-units/:id/book': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/recall-units/${recallWalk[o.name]}/book`, body: v1 }],
  },
  'POST /api/recall-units/:id/unreachable': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/recall-units/${recallWalk[o.name]}/unreachable`,
        body: () => ({ version: 1, reason: '走查' }),
      },
    ],
  },
  'POST /api/recall-units/:id/decline': {
    kind: 'scoped',
    probes: [
      { url: (o) => `/api/recall-units/${recallWalk[o.name]}/decline`, body: () => ({ version: 1, reason: '走查' }) },
    ],
  },
  // Customer care (docs/care.md): each outlet's walk unit (unitWalk) has no maintenance cycle, so the
  // planner lists it as not planned; plans, offers and bulk orders name the other side's unit.
  'GET /api/care/maintenance': { kind: 'list', query: '?status=not_planned', own: (me) => [walkUnit(me).unitId] },
  'GET /api/care/warranty-offers': { kind: 'list' },
  // Announcements are made within the announcing unit's area (org_path) and cancelled only there;
  // outlets have no care.manage, so they make none.
  'GET /api/care/announcements': { kind: 'list' },
  'POST /api/care/announcements': { kind: 'admin-global' },
  'POST /api/care/announcements/:id/cancel': { kind: 'admin-global' },
  'POST /api/care/maintenance/orders': {
    kind: 'scoped',
    probes: [{ url: () => '/api/care/maintenance/orders', body: (o) => ({ unitIds: [walkUnit(o).unitId] }) }],
  },
  'GET /api/care/units/:unitId': { kind: 'scoped', probes: [{ url: (o) => `/api/care/units/${walkUnit(o).unitId}` }] },
  'PUT /api/care/units/:unitId/plan': {
    kind: 'scoped',
    probes: [
      { url: (o) => `/api/care/units/${walkUnit(o).unitId}/plan`, body: () => ({ version: 0, intervalDays: 90 }) },
    ],
  },
  'POST /api/care/units/:unitId/plan/clear': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/care/units/${walkUnit(o).unitId}/plan/clear`, body: v1 }],
  },
  'POST /api/care/warranty-offers/:unitId/response': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/care/warranty-offers/${walkUnit(o).unitId}/response`,
        body: () => ({ version: 0, warrantyEndsOn: '2026-12-10', response: 'declined' }),
      },
    ],
  },
  'GET /api/complaint-departments': { kind: 'admin-global' },
  'GET /api/complaint-routes': { kind: 'admin-global' },
  'PUT /api/complaint-routes': { kind: 'admin-global' },
  'GET /api/complaint-reports/monthly': { kind: 'list', query: '?month=2026-11' },
  'GET /api/complaint-reports/monthly.xlsx': { kind: 'list', query: '?month=2026-11' },
  'GET /api/complaint-reports/urges': { kind: 'list', query: '?month=2026-11' },
  'GET /api/complaint-reports/urges.xlsx': { kind: 'list', query: '?month=2026-11' },
  'GET /api/reports/dashboard': { kind: 'list' },
  'GET /api/reports/daily': { kind: 'list', query: '?from=2026-11-01&to=2026-11-30&by=outlet' },
  'GET /api/reports/daily.xlsx': { kind: 'list', query: '?from=2026-11-01&to=2026-11-30&by=outlet' },
  'GET /api/reports/monthly': { kind: 'list', query: '?month=2026-11&by=outlet' },
  'GET /api/reports/monthly.xlsx': { kind: 'list', query: '?month=2026-11&by=outlet' },
  'GET /api/reports/orders': {
    kind: 'list',
    query: '?from=2026-11-01&to=2026-11-30&metric=received&pageSize=200',
    own: (me) => [walkOrder(me).orderId],
  },
  'GET /api/reports/orders.xlsx': { kind: 'list', query: '?from=2026-11-01&to=2026-11-30&metric=received' },
  'GET /api/reports/sla': { kind: 'list', query: '?from=2026-11-01&to=2026-11-30' },
  'GET /api/reports/sla.xlsx': { kind: 'list', query: '?from=2026-11-01&to=2026-11-30' },
  'GET /api/reports/productivity': { kind: 'list', query: '?from=2026-11-01&to=2026-11-30&by=technician' },
  'GET /api/reports/productivity.xlsx': { kind: 'list', query: '?from=2026-11-01&to=2026-11-30&by=technician' },
  'GET /api/reports/faults': { kind: 'list', query: '?from=2026-11-01&to=2026-11-30&dimension=model' },
  'GET /api/reports/faults.xlsx': { kind: 'list', query: '?from=2026-11-01&to=2026-11-30&dimension=model' },
  'GET /api/reports/failure-rate': { kind: 'list', query: '?from=2025-01&to=2026-12' },
  'GET /api/reports/failure-rate.xlsx': { kind: 'list', query: '?from=2025-01&to=2026-12' },
  'GET /api/reports/parts': { kind: 'list', query: '?from=2026-11-01&to=2026-11-30&by=outlet' },
  'GET /api/reports/parts.xlsx': { kind: 'list', query: '?from=2026-11-01&to=2026-11-30&by=outlet' },
  'GET /api/reports/money': { kind: 'list', query: '?from=2026-10&to=2026-11&by=unit' },
  'GET /api/reports/money.xlsx': { kind: 'list', query: '?from=2026-10&to=2026-11&by=unit' },
  'GET /api/technician-certifications': {
    kind: 'list',
    query: '?pageSize=200',
    own: (me) => [walkOrder(me).certificationId],
  },
  'GET /api/technician-certifications/:id': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/technician-certifications/${walkOrder(o).certificationId}` }],
  },
  'POST /api/technician-certifications': {
    kind: 'scoped',
    probes: [
      {
        url: () => '/api/technician-certifications',
        body: (o) => ({ userId: o.techId, productLineId: walkCatalog.lineId, validUntil: '2030-01-01' }),
      },
    ],
  },
  'PATCH /api/technician-certifications/:id': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/technician-certifications/${walkOrder(o).certificationId}`,
        body: () => ({ validUntil: '2031-01-01', version: 1 }),
      },
    ],
  },
  'DELETE /api/technician-certifications/:id': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/technician-certifications/${walkOrder(o).certificationId}?version=1` }],
  },
};

const ROUTES: Record<string, RouteClass> = {
  // Platform
  'GET /api/health': { kind: 'public' },
  'GET /api/openapi.json': { kind: 'public' },
  'GET /api/docs': { kind: 'public' },
  'GET /api/docs/': { kind: 'public' },
  'GET /api/docs/*': { kind: 'public' },
  'GET /api/docs/json': { kind: 'public' },
  'GET /api/docs/yaml': { kind: 'public' },
  'GET /api/docs/static/index.html': { kind: 'public' },
  'GET /api/docs/static/swagger-initializer.js': { kind: 'public' },
  'GET /api/setup': { kind: 'public' },
  'POST /api/setup': { kind: 'public' },
  'POST /api/auth/login': { kind: 'public' },
  'POST /api/auth/logout': { kind: 'self' },
  'POST /api/auth/logout-all': { kind: 'self' },
  'GET /api/auth/me': { kind: 'self' },
  'PATCH /api/auth/me': { kind: 'self' },
  'POST /api/auth/password': { kind: 'self' },
  'GET /api/auth/tokens': { kind: 'list' },
  'POST /api/auth/tokens': { kind: 'self' },
  'DELETE /api/auth/tokens/:id': { kind: 'scoped', probes: [{ url: (o) => `/api/auth/tokens/${o.tokenId}` }] },
  // System
  'GET /api/settings': { kind: 'admin-global' },
  'PUT /api/settings/:key': { kind: 'admin-global' },
  'GET /api/settings/:key/versions': { kind: 'admin-global' },
  'GET /api/audit': { kind: 'list', query: '?limit=500', own: (me) => [me.techId] },
  // Org units
  'GET /api/org/units': { kind: 'list', query: '?includeInactive=true', own: (me) => [me.unitId] },
  'GET /api/org/units/:id': { kind: 'scoped', probes: [{ url: (o) => `/api/org/units/${o.unitId}` }] },
  'POST /api/org/units': {
    kind: 'scoped',
    probes: [
      {
        url: () => '/api/org/units',
        body: (o) => ({ kind: 'outlet', parentId: o.unitId, code: 'O-WALK', name: '越界' }),
        refused: 'auth.out_of_scope',
      },
    ],
  },
  'PATCH /api/org/units/:id': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/org/units/${o.unitId}`, body: () => ({ name: '越界', version: 1 }) }],
  },
  'POST /api/org/units/:id/move': {
    kind: 'scoped',
    probes: [
      { url: (o) => `/api/org/units/${o.unitId}/move`, body: (_o, me) => ({ parentId: me.centerId, version: 1 }) },
      {
        url: (_o, me) => `/api/org/units/${me.unitId}/move`,
        body: (o) => ({ parentId: o.unitId, version: 1 }),
        refused: 'auth.out_of_scope',
      },
    ],
  },
  'POST /api/org/units/:id/deactivate': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/org/units/${o.unitId}/deactivate`, body: v1 }],
  },
  'POST /api/org/units/:id/activate': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/org/units/${o.unitId}/activate`, body: v1 }],
  },
  // People
  'GET /api/users': { kind: 'list', query: '?pageSize=200', own: (me) => me.userIds },
  'GET /api/users/:id': { kind: 'scoped', probes: [{ url: (o) => `/api/users/${o.techId}` }] },
  'POST /api/users': {
    kind: 'scoped',
    probes: [
      {
        url: () => '/api/users',
        body: (o) => ({
          username: 'walker',
          displayName: '越界',
          password: 'Passw0rd1',
          orgUnitId: o.unitId,
          roles: ['technician'],
        }),
        refused: 'auth.out_of_scope',
      },
    ],
  },
  'PATCH /api/users/:id': {
    kind: 'scoped',
    probes: [
      { url: (o) => `/api/users/${o.techId}`, body: () => ({ displayName: '越界', version: 1 }) },
      { url: (o) => `/api/users/${o.managerId}`, body: () => ({ roles: ['technician'], version: 1 }) },
      {
        url: (_o, me) => `/api/users/${me.techId}`,
        body: (o) => ({ orgUnitId: o.unitId, version: 1 }),
        refused: 'auth.out_of_scope',
      },
    ],
  },
  'POST /api/users/:id/deactivate': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/users/${o.techId}/deactivate`, body: v1 }],
  },
  'POST /api/users/:id/activate': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/users/${o.techId}/activate`, body: v1 }],
  },
  'POST /api/users/:id/reset-password': {
    kind: 'scoped',
    probes: [
      { url: (o) => `/api/users/${o.techId}/reset-password`, body: () => ({ password: 'Takeover1', version: 1 }) },
    ],
  },
  'POST /api/users/:id/unlock': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/users/${o.techId}/unlock`, body: () => ({}) }],
  },
  // Intake desk: records of each outlet's walk customer (intakeWalk, set up below)
  'GET /api/outbox': { kind: 'list', own: (me) => [messageWalk[me.name]!] },
  'GET /api/outbox/:id': { kind: 'scoped', probes: [{ url: (o) => `/api/outbox/${messageWalk[o.name]}` }] },
  'POST /api/outbox/:id/resend': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/outbox/${messageWalk[o.name]}/resend`, body: () => ({}) }],
  },
  'GET /api/messages/report': { kind: 'list', query: '?from=2000-01-01&to=2100-01-01' },
  'GET /api/messages/templates': { kind: 'admin-global' },
  'GET /api/messages/templates/:event/:channel': { kind: 'admin-global' },
  'POST /api/messages/templates/:event/:channel': { kind: 'admin-global' },
  'POST /api/messages/templates/:event/:channel/preview': { kind: 'admin-global' },
  'GET /api/me/staff-mail': { kind: 'self' },
  'PUT /api/me/staff-mail': { kind: 'self' },
  // The unsubscribe link of a customer e-mail: the 192-bit token is the only key.
  'GET /api/portal/unsubscribe/:token': { kind: 'public' },
  // Providers' pushes: each checked by the provider's signature or the URL's secret token.
  'POST /api/hooks/messages/sms/webhook/receipts': { kind: 'public' },
  'POST /api/hooks/messages/sms/webhook/inbound': { kind: 'public' },
  'POST /api/hooks/messages/sms/aliyun/receipts': { kind: 'public' },
  'POST /api/hooks/messages/sms/aliyun/inbound': { kind: 'public' },
  'GET /api/hooks/messages/wechat': { kind: 'public' },
  'POST /api/hooks/messages/wechat': { kind: 'public' },
  'POST /api/portal/unsubscribe/:token': { kind: 'public' },
  'GET /api/intake/lookup': { kind: 'list', query: '?q=走查', own: (me) => [intakeWalk[me.name]!.customerId] },
  'GET /api/intake/contacts': { kind: 'list', own: (me) => [intakeWalk[me.name]!.contactId] },
  'GET /api/intake/queue': { kind: 'list', own: (me) => [intakeWalk[me.name]!.escalatedId] },
  'GET /api/intake/requests': { kind: 'list', own: (me) => [intakeWalk[me.name]!.requestId] },
  'GET /api/intake/contacts/:id': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/intake/contacts/${intakeWalk[o.name]!.contactId}` }],
  },
  'GET /api/intake/contacts/:id/attachments/:attachmentId': {
    kind: 'scoped',
    probes: [
      { url: (o) => `/api/intake/contacts/${intakeWalk[o.name]!.contactId}/attachments/${crypto.randomUUID()}` },
    ],
  },
  'POST /api/intake/contacts': {
    kind: 'scoped',
    probes: [
      {
        url: () => '/api/intake/contacts',
        body: (o) => ({
          channel: 'phone',
          class: 'consultation',
          content: '越界',
          customerId: intakeWalk[o.name]!.customerId,
        }),
      },
    ],
  },
  'POST /api/intake/contacts/:id/escalate': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/intake/contacts/${intakeWalk[o.name]!.contactId}/escalate`,
        body: () => ({ queue: 'tech_supervisor' }),
      },
    ],
  },
  'POST /api/intake/contacts/:id/answer': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/intake/contacts/${intakeWalk[o.name]!.escalatedId}/answer`,
        body: () => ({ answer: '越界' }),
      },
    ],
  },
  'POST /api/intake/requests': {
    kind: 'scoped',
    probes: [
      {
        url: () => '/api/intake/requests',
        body: (o) => ({
          kind: 'repair',
          customerId: intakeWalk[o.name]!.customerId,
          symptoms: '越界',
          phone: '13800000000',
        }),
      },
    ],
  },
  'GET /api/intake/requests/:id': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/intake/requests/${intakeWalk[o.name]!.requestId}` }],
  },
  'GET /api/intake/requests/:id/attachments/:attachmentId': {
    kind: 'scoped',
    probes: [
      { url: (o) => `/api/intake/requests/${intakeWalk[o.name]!.requestId}/attachments/${crypto.randomUUID()}` },
    ],
  },
  'POST /api/intake/requests/:id/cancel': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/intake/requests/${intakeWalk[o.name]!.requestId}/cancel`,
        body: () => ({ reason: '越界', version: 1 }),
      },
    ],
  },
  // Caller ID acts within the token user's scope and names no record; the stream is the caller's own.
  'POST /api/intake/caller-id': { kind: 'self' },
  'GET /api/intake/events': { kind: 'self' },
  'GET /api/orders/events': { kind: 'self' },
  // Customer portal: public, bounded per phone and IP
  'POST /api/portal/otp': { kind: 'public' },
  'GET /api/portal/unit': { kind: 'public' },
  'POST /api/portal/requests': { kind: 'public' },
  'POST /api/portal/track': { kind: 'public' },
  // The callback survey behind a one-time SMS link: the 192-bit token is the only key.
  'GET /api/portal/survey/:token': { kind: 'public' },
  'POST /api/portal/survey/:token': { kind: 'public' },
  // The recall booking behind a one-time SMS link: the 192-bit token is the only key.
  'GET /api/portal/recall/:token': { kind: 'public' },
  'POST /api/portal/recall/:token': { kind: 'public' },
  // Product catalog: company-wide, guarded by catalog.manage for writes
  'GET /api/catalog/lines': { kind: 'admin-global' },
  'GET /api/catalog/lines/:id': { kind: 'admin-global' },
  'POST /api/catalog/lines': { kind: 'admin-global' },
  'PATCH /api/catalog/lines/:id': { kind: 'admin-global' },
  'POST /api/catalog/lines/:id/deactivate': { kind: 'admin-global' },
  'POST /api/catalog/lines/:id/activate': { kind: 'admin-global' },
  'GET /api/catalog/models': { kind: 'admin-global' },
  'GET /api/catalog/models/:id': { kind: 'admin-global' },
  'POST /api/catalog/models': { kind: 'admin-global' },
  'PATCH /api/catalog/models/:id': { kind: 'admin-global' },
  'PUT /api/catalog/models/:id/bom': { kind: 'admin-global' },
  'POST /api/catalog/models/:id/deactivate': { kind: 'admin-global' },
  'POST /api/catalog/models/:id/activate': { kind: 'admin-global' },
  'GET /api/catalog/parts': { kind: 'admin-global' },
  'GET /api/catalog/parts/:id': { kind: 'admin-global' },
  'POST /api/catalog/parts': { kind: 'admin-global' },
  'PATCH /api/catalog/parts/:id': { kind: 'admin-global' },
  'POST /api/catalog/parts/:id/deactivate': { kind: 'admin-global' },
  'POST /api/catalog/parts/:id/activate': { kind: 'admin-global' },
  // Installed base: each outlet's walk unit (unitWalk, set up below)
  'GET /api/units': { kind: 'list', query: '?pageSize=200', own: (me) => [walkUnit(me).unitId] },
  'GET /api/units/export.xlsx': { kind: 'list' },
  'GET /api/units/:id': { kind: 'scoped', probes: [{ url: (o) => `/api/units/${walkUnit(o).unitId}` }] },
  'GET /api/units/:id/label': { kind: 'scoped', probes: [{ url: (o) => `/api/units/${walkUnit(o).unitId}/label` }] },
  'GET /api/units/by-serial/:serial': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/units/by-serial/${walkUnit(o).serial}` }],
  },
  'POST /api/units': {
    kind: 'scoped',
    probes: [
      {
        url: () => '/api/units',
        body: (o) => ({
          modelId: walkCatalog.modelId,
          serialNo: 'WALK-NEW',
          customerId: walkUnit(o).customerId,
          usage: 'household',
        }),
        refused: 'auth.out_of_scope',
      },
    ],
  },
  'PATCH /api/units/:id': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/units/${walkUnit(o).unitId}`, body: () => ({ location: '越界', version: 1 }) }],
  },
  'POST /api/units/:id/status': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/units/${walkUnit(o).unitId}/status`,
        body: () => ({ status: 'scrapped', reason: '越界', version: 1 }),
      },
    ],
  },
  'POST /api/units/:id/replace': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/units/${walkUnit(o).unitId}/replace`,
        body: () => ({ newSerialNo: 'WALK-X', reason: '越界', version: 1 }),
      },
    ],
  },
  // Customer archive: each outlet's walk customer (customerWalk, set up below)
  'GET /api/customers': { kind: 'list', query: '?pageSize=100', own: (me) => [customerWalk[me.name]!.customerId] },
  'GET /api/customers/duplicates': {
    kind: 'list',
    query: '?phone=13811112222',
    own: (me) => [customerWalk[me.name]!.customerId],
  },
  'GET /api/customers/incomplete-archives': { kind: 'list', query: '?pageSize=100' },
  // Export: the list's filter and scope as XLSX (zipped, so the walk cannot read it; import.test.ts checks its scope).
  'GET /api/customers/export.xlsx': { kind: 'list' },
  // Import names no record by id: each row is checked against the caller's scope (import.test.ts), and
  // a job's progress is visible to the person who started it only.
  'POST /api/import/:kind': { kind: 'self' },
  'GET /api/import/jobs/:id': { kind: 'self' },
  'GET /api/customers/:id': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/customers/${customerWalk[o.name]!.customerId}` }],
  },
  'POST /api/customers': {
    kind: 'scoped',
    probes: [
      {
        url: () => '/api/customers',
        body: (o) => ({ name: '越界', addresses: [WALK_ADDRESSES[o.name]] }),
        refused: 'auth.out_of_scope',
      },
    ],
  },
  'PATCH /api/customers/:id': {
    kind: 'scoped',
    probes: [
      { url: (o) => `/api/customers/${customerWalk[o.name]!.customerId}`, body: () => ({ name: '越界', version: 2 }) },
    ],
  },
  'POST /api/customers/:id/deactivate': {
    kind: 'scoped',
    probes: [
      { url: (o) => `/api/customers/${customerWalk[o.name]!.customerId}/deactivate`, body: () => ({ version: 2 }) },
    ],
  },
  'POST /api/customers/:id/activate': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/customers/${customerWalk[o.name]!.mergedId}/activate`, body: () => ({ version: 2 }) }],
  },
  'GET /api/customers/:id/messaging': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/customers/${customerWalk[o.name]!.customerId}/messaging` }],
  },
  'PUT /api/customers/:id/messaging/channels': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/customers/${customerWalk[o.name]!.customerId}/messaging/channels`,
        body: () => ({ channels: ['email'] }),
      },
    ],
  },
  'POST /api/customers/:id/messaging/opt-outs': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/customers/${customerWalk[o.name]!.customerId}/messaging/opt-outs`,
        body: () => ({ ref: 0, optedOut: true }),
      },
    ],
  },
  'POST /api/customers/:id/reveal-contact': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/customers/${customerWalk[o.name]!.customerId}/reveal-contact`,
        body: () => ({ reason: '越界查看' }),
      },
    ],
  },
  'POST /api/customers/:id/merge': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/customers/${customerWalk[o.name]!.customerId}/merge`,
        body: (_o, me) => ({ otherId: customerWalk[me.name]!.customerId, version: 2 }),
      },
      {
        url: (_o, me) => `/api/customers/${customerWalk[me.name]!.customerId}/merge`,
        body: (o) => ({ otherId: customerWalk[o.name]!.customerId, version: 2 }),
      },
    ],
  },
  'POST /api/customers/merges/:mergeId/undo': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/customers/merges/${customerWalk[o.name]!.mergeId}/undo` }],
  },
  // Inbox: the caller's own notices; another person's notice reads as not found
  // Parts stock: each outlet's depot (partsWalk); the serial-tracking flag is company-wide
  'GET /api/parts/depots': { kind: 'list', own: (me) => [partsWalk[me.name]!.depotId] },
  'POST /api/parts/depots': {
    kind: 'scoped',
    probes: [
      {
        url: () => '/api/parts/depots',
        body: (o, me) => ({
          code: 'K-WALK',
          name: '越界',
          customerId: intakeWalk[me.name]!.customerId,
          orgUnitId: o.unitId,
        }),
        refused: 'auth.out_of_scope',
      },
    ],
  },
  'GET /api/parts/depots/:id/stock': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/parts/depots/${partsWalk[o.name]!.depotId}/stock` }],
  },
  'GET /api/parts/stock': {
    kind: 'list',
    get query() {
      return `?partId=${walkPart.id}`;
    },
    own: (me) => [partsWalk[me.name]!.depotId],
  },
  'GET /api/parts/ledger': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/parts/ledger?depotId=${partsWalk[o.name]!.depotId}&partId=${walkPart.id}` }],
  },
  'POST /api/parts/movements': {
    kind: 'scoped',
    probes: [
      {
        url: () => '/api/parts/movements',
        body: (o) => ({ kind: 'receipt', depotId: partsWalk[o.name]!.depotId, partId: walkPart.id, quantity: 1 }),
      },
      {
        url: () => '/api/parts/movements',
        body: (o) => ({ kind: 'scrap', depotId: partsWalk[o.name]!.depotId, partId: walkPart.id, quantity: 1 }),
      },
    ],
  },
  'PUT /api/parts/reorder': {
    kind: 'scoped',
    probes: [
      {
        url: () => '/api/parts/reorder',
        body: (o) => ({ depotId: partsWalk[o.name]!.depotId, partId: walkPart.id, reorderPoint: 9 }),
      },
    ],
  },
  'PUT /api/parts/tracking/:partId': { kind: 'admin-global' },
  // Part prices are company-wide (the catalog's); parts cost reads are scoped by unit and order.
  'GET /api/parts/:partId/prices': { kind: 'admin-global' },
  'PUT /api/parts/:partId/prices': { kind: 'admin-global' },
  'GET /api/parts/costs': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/parts/costs?month=2026-11&outletId=${o.unitId}` }],
  },
  'GET /api/parts/costs/orders/:orderId': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/parts/costs/orders/${walkOrder(o).orderId}` }],
  },
  // Parts requests (docs/parts-requests.md): each outlet's request, shipment and quota (partsWalk)
  'GET /api/part-requests': { kind: 'list', query: '?pageSize=200', own: (me) => [partsWalk[me.name]!.requestId!] },
  'GET /api/part-requests/quota': {
    kind: 'scoped',
    probes: [
      { url: (o) => `/api/part-requests/quota?orderId=${walkOrder(o).orderId}` },
      { url: (o) => `/api/part-requests/quota?outletId=${o.unitId}`, refused: 'auth.out_of_scope' },
    ],
  },
  'POST /api/part-requests': {
    kind: 'scoped',
    probes: [
      {
        url: () => '/api/part-requests',
        body: (o) => ({ orderId: walkOrder(o).orderId, lines: [{ partId: walkPart.id, quantity: 1 }] }),
      },
    ],
  },
  'POST /api/part-requests/preview': {
    kind: 'scoped',
    probes: [
      {
        url: () => '/api/part-requests/preview',
        body: (o) => ({ orderId: walkOrder(o).orderId, lines: [{ partId: walkPart.id, quantity: 1 }] }),
      },
    ],
  },
  'GET /api/part-requests/:id': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/part-requests/${partsWalk[o.name]!.requestId}` }],
  },
  'POST /api/part-requests/:id/approve': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/part-requests/${partsWalk[o.name]!.requestId}/approve`, body: () => ({}) }],
  },
  'POST /api/part-requests/:id/reject': {
    kind: 'scoped',
    probes: [
      { url: (o) => `/api/part-requests/${partsWalk[o.name]!.requestId}/reject`, body: () => ({ reason: '越界' }) },
    ],
  },
  'POST /api/part-requests/:id/cancel': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/part-requests/${partsWalk[o.name]!.requestId}/cancel`, body: () => ({}) }],
  },
  'POST /api/part-requests/:id/ship': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/part-requests/${partsWalk[o.name]!.requestId}/ship`,
        body: () => ({ carrier: '越界', trackingNo: 'X' }),
      },
    ],
  },
  'POST /api/part-requests/:id/return': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/part-requests/${partsWalk[o.name]!.requestId}/return`,
        body: () => ({ lines: [{ partId: walkPart.id, quantity: 1 }] }),
      },
    ],
  },
  'GET /api/part-shipments': { kind: 'list', own: (me) => [partsWalk[me.name]!.shipmentId!] },
  'POST /api/part-shipments/:id/receive': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/part-shipments/${partsWalk[o.name]!.shipmentId}/receive`,
        body: () => ({ lines: [{ partId: walkPart.id, quantity: 1 }] }),
      },
    ],
  },
  'GET /api/part-quotas': { kind: 'list', own: (me) => [partsWalk[me.name]!.quotaId!] },
  'GET /api/part-quotas/standing': { kind: 'list' },
  'GET /api/part-quotas/standing.xlsx': { kind: 'list' },
  'PUT /api/part-quotas': {
    kind: 'scoped',
    probes: [
      {
        url: () => '/api/part-quotas',
        body: (o) => ({ orgUnitId: o.unitId, valueFen: 1, quantity: 1 }),
        refused: 'auth.out_of_scope',
      },
    ],
  },
  // Shipping routes' promised days: each outlet's depot's route (partsWalk); a route names its depot and unit
  'GET /api/part-shipment-routes': { kind: 'list', own: (me) => [partsWalk[me.name]!.routeId!] },
  'PUT /api/part-shipment-routes': {
    kind: 'scoped',
    probes: [
      {
        url: () => '/api/part-shipment-routes',
        body: (o, me) => ({ fromDepotId: partsWalk[o.name]!.depotId, toOrgUnitId: me.unitId, promisedDays: 1 }),
      },
    ],
  },
  'DELETE /api/part-shipment-routes/:id': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/part-shipment-routes/${partsWalk[o.name]!.routeId}` }],
  },
  'GET /api/parts/tracking/:partId': { kind: 'admin-global' },
  'GET /api/parts/depots/:id/stock.xlsx': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/parts/depots/${partsWalk[o.name]!.depotId}/stock.xlsx` }],
  },
  'GET /api/parts/ledger.xlsx': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/parts/ledger.xlsx?depotId=${partsWalk[o.name]!.depotId}&partId=${walkPart.id}` }],
  },
  // Stocktakes (docs/parts.md, "Stocktake"): each outlet's depot's count sheet (partsWalk)
  'GET /api/parts/stocktakes': { kind: 'list', own: (me) => [partsWalk[me.name]!.stocktakeId!] },
  'GET /api/parts/stocktakes.xlsx': { kind: 'list' },
  'POST /api/parts/stocktakes': {
    kind: 'scoped',
    probes: [{ url: () => '/api/parts/stocktakes', body: (o) => ({ depotId: partsWalk[o.name]!.depotId }) }],
  },
  'GET /api/parts/stocktakes/:id': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/parts/stocktakes/${partsWalk[o.name]!.stocktakeId}` }],
  },
  'GET /api/parts/stocktakes/:id/sheet.xlsx': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/parts/stocktakes/${partsWalk[o.name]!.stocktakeId}/sheet.xlsx` }],
  },
  'PUT /api/parts/stocktakes/:id/counts': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/parts/stocktakes/${partsWalk[o.name]!.stocktakeId}/counts`,
        body: () => ({ lines: [{ lineId: crypto.randomUUID(), countedQty: 1 }] }),
      },
    ],
  },
  'POST /api/parts/stocktakes/:id/lines': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/parts/stocktakes/${partsWalk[o.name]!.stocktakeId}/lines`,
        body: () => ({ partId: walkPart.id }),
      },
    ],
  },
  'POST /api/parts/stocktakes/:id/sheet': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/parts/stocktakes/${partsWalk[o.name]!.stocktakeId}/sheet` }],
  },
  ...Object.fromEntries(
    (['submit', 'recount', 'approve', 'reject', 'cancel'] as const).map((step) => [
      `POST /api/parts/stocktakes/:id/${step}`,
      {
        kind: 'scoped',
        probes: [
          {
            url: (o: Side) => `/api/parts/stocktakes/${partsWalk[o.name]!.stocktakeId}/${step}`,
            body: () => (step === 'reject' ? { reason: '越界' } : {}),
          },
        ],
      } satisfies RouteClass,
    ]),
  ),
  'GET /api/inbox': { kind: 'list', own: (me) => [slaWalk[me.name]!.noticeId] },
  'GET /api/inbox/unread-count': { kind: 'self' },
  'POST /api/inbox/read-all': { kind: 'self' },
  'POST /api/inbox/:id/read': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/inbox/${slaWalk[o.name]!.noticeId}/read` }],
  },
  // Time limits: calendars and policies are company-wide (write: settings.manage); milestones follow the order's unit
  'GET /api/sla/calendars': { kind: 'admin-global' },
  'POST /api/sla/calendars': { kind: 'admin-global' },
  'GET /api/sla/calendars/:id': { kind: 'admin-global' },
  'PATCH /api/sla/calendars/:id': { kind: 'admin-global' },
  'GET /api/sla/calendars/:id/overrides': { kind: 'admin-global' },
  'POST /api/sla/calendars/:id/overrides': { kind: 'admin-global' },
  'POST /api/sla/calendars/:id/overrides/remove': { kind: 'admin-global' },
  'GET /api/sla/calendars/:id/days': { kind: 'admin-global' },
  'POST /api/sla/calendars/:id/years/:year/confirm': { kind: 'admin-global' },
  'POST /api/sla/calendars/:id/years/:year/unconfirm': { kind: 'admin-global' },
  'GET /api/sla/calendar-years': { kind: 'admin-global' },
  'POST /api/sla/preview': { kind: 'admin-global' },
  'GET /api/sla/policies': { kind: 'admin-global' },
  'POST /api/sla/policies': { kind: 'admin-global' },
  'GET /api/sla/policies/:code': { kind: 'admin-global' },
  'POST /api/sla/policies/:code/versions': { kind: 'admin-global' },
  'GET /api/sla/orders/:orderId/milestones': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/sla/orders/${slaWalk[o.name]!.orderId}/milestones` }],
  },
  // Paid work: each outlet's walk order with its quote, collection, invoice request and hand-over (moneyWalk)
  'POST /api/orders/:id/quote': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/orders/${walkOrder(o).orderId}/quote`, body: () => ({}) }],
  },
  'POST /api/order-quotes/:id/agree': {
    kind: 'scoped',
    probes: [
      { url: (o) => `/api/order-quotes/${walkMoney(o).quoteId}/agree`, body: () => ({ signature: WALK_SIGNATURE }) },
    ],
  },
  'POST /api/order-quotes/:id/refuse': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/order-quotes/${walkMoney(o).quoteId}/refuse`, body: () => ({ reason: '越界' }) }],
  },
  'GET /api/orders/:id/money': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/orders/${walkOrder(o).orderId}/money` }],
  },
  'POST /api/orders/:id/collections': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/orders/${walkOrder(o).orderId}/collections`,
        body: () => ({ amountFen: 100, method: 'cash' }),
      },
    ],
  },
  'GET /api/collections/:id': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/collections/${walkMoney(o).collectionId}` }],
  },
  'POST /api/collections/:id/correct': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/collections/${walkMoney(o).collectionId}/correct`,
        body: () => ({ amountFen: -100, reason: '越界' }),
      },
    ],
  },
  'POST /api/orders/:id/invoice-request': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/orders/${walkOrder(o).orderId}/invoice-request`,
        body: () => ({ titleKind: 'personal', title: '越界' }),
      },
    ],
  },
  'GET /api/invoice-requests': { kind: 'list', own: (me) => [walkMoney(me).invoiceId] },
  'POST /api/invoice-requests/:id/invoice': {
    kind: 'scoped',
    probes: [
      { url: (o) => `/api/invoice-requests/${walkMoney(o).invoiceId}/invoice`, body: () => ({ invoiceNo: '越界' }) },
    ],
  },
  'POST /api/handovers': {
    kind: 'scoped',
    probes: [{ url: () => '/api/handovers', body: (o) => ({ technicianId: o.techId, amountFen: 100, to: 'outlet' }) }],
  },
  'POST /api/handovers/:id/correct': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/handovers/${walkMoney(o).handoverId}/correct`,
        body: () => ({ amountFen: 100, reason: '越界' }),
      },
    ],
  },
  'GET /api/handovers': {
    kind: 'list',
    query: '?from=2026-01-01&to=2026-12-31',
    own: (me) => [walkMoney(me).handoverId],
  },
  'GET /api/cash-reconciliation': {
    kind: 'list',
    query: '?from=2026-01-01&to=2026-12-31',
    own: (me) => [me.techId],
  },
  // Fee schedules: company-wide rules, guarded by permission (money.fees to write)
  'GET /api/fee-rules': { kind: 'admin-global' },
  'POST /api/fee-rules': { kind: 'admin-global' },
  'POST /api/fee-rules/:id/change': { kind: 'admin-global' },
  'POST /api/fee-rules/:id/end': { kind: 'admin-global' },
  'POST /api/fee-rules/quote-preview': { kind: 'admin-global' },
  // Settlement statements (docs/money-statements.md): scoped by the unit's org path.
  'GET /api/statements': { kind: 'list', query: '?month=2026-11', own: (me) => [stmtWalk[me.name]!.statementId] },
  'GET /api/statements/:id': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/statements/${stmtWalk[o.name]!.statementId}` }],
  },
  'GET /api/statements/:id/export.xlsx': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/statements/${stmtWalk[o.name]!.statementId}/export.xlsx` }],
  },
  'POST /api/statements/draft': {
    kind: 'scoped',
    probes: [
      {
        url: () => '/api/statements/draft',
        body: (o) => ({ month: '2026-11', unitId: o.unitId }),
        refused: 'auth.out_of_scope',
      },
    ],
  },
  ...Object.fromEntries(
    ['recompute', 'send', 'accept', 'lock'].map((step) => [
      `POST /api/statements/:id/${step}`,
      { kind: 'scoped', probes: [{ url: (o: Side) => `/api/statements/${stmtWalk[o.name]!.statementId}/${step}` }] },
    ]),
  ),
  'POST /api/statements/:id/adjustments': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/statements/${stmtWalk[o.name]!.statementId}/adjustments`,
        body: () => ({ amountFen: 100, reason: '走查调整' }),
      },
    ],
  },
  'POST /api/statements/:id/lines/:lineId/dispute': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/statements/${stmtWalk[o.name]!.statementId}/lines/${stmtWalk[o.name]!.lineId}/dispute`,
        body: () => ({ reason: '走查异议' }),
      },
      // The other side's line under the caller's own statement: not found either.
      {
        url: (o, me) => `/api/statements/${stmtWalk[me.name]!.statementId}/lines/${stmtWalk[o.name]!.lineId}/dispute`,
        body: () => ({ reason: '走查异议' }),
      },
    ],
  },
  'POST /api/statements/:id/lines/:lineId/resolve': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/statements/${stmtWalk[o.name]!.statementId}/lines/${stmtWalk[o.name]!.lineId}/resolve`,
        body: () => ({ outcome: 'rejected', note: '走查' }),
      },
    ],
  },
  // Warranty: each outlet's walk unit, a service contract and a return/exchange case (warrantyWalk)
  'GET /api/warranty/policies': { kind: 'admin-global' },
  'POST /api/warranty/policies': { kind: 'admin-global' },
  'GET /api/warranty/policies/:code': { kind: 'admin-global' },
  'POST /api/warranty/policies/:code/versions': { kind: 'admin-global' },
  'GET /api/warranty/contracts': { kind: 'list', own: (me) => [warrantyWalk[me.name]!.contractId] },
  'POST /api/warranty/contracts': {
    kind: 'scoped',
    probes: [
      {
        url: () => '/api/warranty/contracts',
        body: (o) => ({
          kind: 'extended_warranty',
          unitId: walkUnit(o).unitId,
          coversParts: true,
          coversLabour: true,
          startsOn: '2026-01-01',
          endsOn: '2027-12-31',
        }),
      },
      {
        url: () => '/api/warranty/contracts',
        body: (o) => ({
          kind: 'maintenance',
          customerId: walkUnit(o).customerId,
          coversParts: false,
          coversLabour: true,
          startsOn: '2026-01-01',
        }),
      },
    ],
  },
  'GET /api/warranty/contracts/:id': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/warranty/contracts/${warrantyWalk[o.name]!.contractId}` }],
  },
  'PATCH /api/warranty/contracts/:id': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/warranty/contracts/${warrantyWalk[o.name]!.contractId}`,
        body: () => ({ visitsUsed: 9, version: 1 }),
      },
    ],
  },
  'GET /api/warranty/units/:unitId/entitlement': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/warranty/units/${walkUnit(o).unitId}/entitlement` }],
  },
  'GET /api/warranty/units/:unitId/remedies': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/warranty/units/${walkUnit(o).unitId}/remedies` }],
  },
  'GET /api/warranty/units/:unitId/decisions': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/warranty/units/${walkUnit(o).unitId}/decisions` }],
  },
  // Old-part returns: an obligation and a batch of each outlet (returnWalk)
  'GET /api/part-returns/obligations': {
    kind: 'list',
    own: (me) => [returnWalk[me.name]!.obligationId, returnWalk[me.name]!.shippedId],
  },
  'GET /api/part-returns/obligations/:id': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/part-returns/obligations/${returnWalk[o.name]!.obligationId}` }],
  },
  'POST /api/part-returns/obligations/:id/appraise': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/part-returns/obligations/${returnWalk[o.name]!.shippedId}/appraise`,
        body: () => ({ outcome: 'missing' }),
      },
    ],
  },
  'GET /api/part-returns/batches': { kind: 'list', own: (me) => [returnWalk[me.name]!.batchId] },
  'POST /api/part-returns/batches': {
    kind: 'scoped',
    probes: [
      {
        url: () => '/api/part-returns/batches',
        body: (o) => ({ obligationIds: [returnWalk[o.name]!.obligationId], carrier: '顺丰', trackingNo: 'SF1' }),
      },
      {
        url: () => '/api/part-returns/batches',
        body: (o, me) => ({
          obligationIds: [returnWalk[me.name]!.obligationId, returnWalk[o.name]!.obligationId],
          carrier: '顺丰',
          trackingNo: 'SF1',
        }),
      },
    ],
  },
  'GET /api/part-returns/batches/:id': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/part-returns/batches/${returnWalk[o.name]!.batchId}` }],
  },
  'GET /api/part-returns/batches/:id/note': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/part-returns/batches/${returnWalk[o.name]!.batchId}/note` }],
  },
  'POST /api/part-returns/batches/:id/appraise': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/part-returns/batches/${returnWalk[o.name]!.batchId}/appraise`,
        body: () => ({ outcome: 'missing' }),
      },
    ],
  },
  'POST /api/part-returns/batches/:id/receive': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/part-returns/batches/${returnWalk[o.name]!.batchId}/receive` }],
  },
  'GET /api/warranty/cases': { kind: 'list', own: (me) => [warrantyWalk[me.name]!.caseId] },
  'POST /api/warranty/cases': {
    kind: 'scoped',
    probes: [
      {
        url: () => '/api/warranty/cases',
        body: (o) => ({ unitId: walkUnit(o).unitId, requested: 'exchange', reason: '越界', priceFen: 100 }),
      },
      {
        url: () => '/api/warranty/cases',
        body: (o, me) => ({
          unitId: walkUnit(me).unitId,
          orderId: walkOrder(o).orderId,
          requested: 'exchange',
          reason: '越界',
          priceFen: 100,
        }),
      },
    ],
  },
  'GET /api/warranty/cases/:id': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/warranty/cases/${warrantyWalk[o.name]!.caseId}` }],
  },
  'GET /api/warranty/cases/:id/appraisal-form': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/warranty/cases/${warrantyWalk[o.name]!.caseId}/appraisal-form` }],
  },
  'POST /api/warranty/cases/:id/photos': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/warranty/cases/${warrantyWalk[o.name]!.caseId}/photos` }],
  },
  'GET /api/warranty/cases/:id/photos/:photoId': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/warranty/cases/${warrantyWalk[o.name]!.caseId}/photos/${crypto.randomUUID()}` }],
  },
  'POST /api/warranty/cases/:id/appraise': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/warranty/cases/${warrantyWalk[o.name]!.caseId}/appraise`,
        body: () => ({ version: 1, faultVerified: true, findings: '越界', conclusion: 'exchange' }),
      },
    ],
  },
  'POST /api/warranty/cases/:id/approve': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/warranty/cases/${warrantyWalk[o.name]!.caseId}/approve`, body: v1 }],
  },
  'POST /api/warranty/cases/:id/reject': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/warranty/cases/${warrantyWalk[o.name]!.caseId}/reject`,
        body: () => ({ version: 1, reason: '越界' }),
      },
    ],
  },
  'POST /api/warranty/cases/:id/execute': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/warranty/cases/${warrantyWalk[o.name]!.caseId}/execute`,
        body: () => ({ version: 1, newSerialNo: 'WALKX1' }),
      },
    ],
  },
  'POST /api/warranty/cases/:id/close': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/warranty/cases/${warrantyWalk[o.name]!.caseId}/close`, body: v1 }],
  },
  'POST /api/warranty/cases/:id/cancel': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/warranty/cases/${warrantyWalk[o.name]!.caseId}/cancel`,
        body: () => ({ version: 1, reason: '越界' }),
      },
    ],
  },
  // Day planning: the board and plans (docs/planning-board.md): each outlet's draft plan (planWalk); the board and a
  // new plan name the outlet (a unit: 403), plans and technicians' shifts are named in the path (404); my route is the
  // caller's own.
  'GET /api/planning/board': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/planning/board?outletId=${o.unitId}&day=2026-11-24`, refused: 'auth.out_of_scope' }],
  },
  'POST /api/planning/plans': {
    kind: 'scoped',
    probes: [
      {
        url: () => '/api/planning/plans',
        body: (o) => ({ outletId: o.unitId, day: '2026-11-24', timeLimitMs: 200 }),
        refused: 'auth.out_of_scope',
      },
    ],
  },
  'GET /api/planning/plans/:id': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/planning/plans/${planWalk[o.name]}` }],
  },
  'POST /api/planning/plans/:id/moves': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/planning/plans/${planWalk[o.name]}/moves`,
        body: (o) => ({ version: 1, orderId: walkOrder(o).orderId, technicianId: null, position: 0 }),
      },
    ],
  },
  'POST /api/planning/plans/:id/locks': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/planning/plans/${planWalk[o.name]}/locks`,
        body: (o) => ({ version: 1, orderId: walkOrder(o).orderId, locked: true }),
      },
    ],
  },
  'POST /api/planning/plans/:id/replan': {
    kind: 'scoped',
    probes: [
      { url: (o) => `/api/planning/plans/${planWalk[o.name]}/replan`, body: () => ({ version: 1, timeLimitMs: 200 }) },
    ],
  },
  'POST /api/planning/plans/:id/publish': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/planning/plans/${planWalk[o.name]}/publish`, body: v1 }],
  },
  'GET /api/planning/my-route': { kind: 'self' },
  'GET /api/planning/shifts/:userId': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/planning/shifts/${o.techId}` }],
  },
  'PUT /api/planning/shifts/:userId': {
    kind: 'scoped',
    probes: [
      {
        url: (o) => `/api/planning/shifts/${o.techId}`,
        body: () => ({
          start: '08:00',
          end: '17:00',
          breakFrom: '11:30',
          breakTo: '13:00',
          breakMinutes: 60,
          startAt: 'outlet',
          home: null,
          maxJobs: null,
          daysOff: [],
          version: 0,
        }),
      },
    ],
  },
  // Day planning: the order pool (docs/planning-pool.md): each outlet's open offer of its walk order (poolWalk);
  // publishing names the outlet in the body, claims and withdrawals the offer in the path.
  'GET /api/planning/pool': { kind: 'list', own: (me) => [poolWalk[me.name]!] },
  'POST /api/planning/pool': {
    kind: 'scoped',
    probes: [
      {
        url: () => '/api/planning/pool',
        body: (o) => ({ outletId: o.unitId, orderIds: [walkOrder(o).orderId] }),
        refused: 'auth.out_of_scope',
      },
    ],
  },
  'POST /api/planning/pool/:id/claim': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/planning/pool/${poolWalk[o.name]}/claim` }],
  },
  'POST /api/planning/pool/:id/withdraw': {
    kind: 'scoped',
    probes: [{ url: (o) => `/api/planning/pool/${poolWalk[o.name]}/withdraw`, body: v1 }],
  },
  // Roles
  'GET /api/roles': { kind: 'admin-global' },
  'GET /api/permissions': { kind: 'admin-global' },
  'PUT /api/roles/:code/permissions': { kind: 'admin-global' },
  // Work orders: each outlet's walk order, register entry and certification (orderWalk, set up below)
  ...orderRoutes,
};

/**
 * Every route the app registers, read from Fastify's route tree (printRoutes nests each path
 * under its longest registered prefix; a line's segment continues its parent's path).
 */
function registeredRoutes(app: FastifyInstance): { method: string; url: string }[] {
  const out: { method: string; url: string }[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:│ {3}| {4})*)(?:├── |└── )(.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    const url = (depth > 0 ? stack[depth - 1]! : '') + m[2]!;
    stack.length = depth;
    stack.push(url);
    for (const method of m[3]?.split(', ') ?? []) {
      // HEAD is Fastify's automatic twin of GET.
      if (method !== 'HEAD') out.push({ method, url });
    }
  }
  return out;
}

/** Everything a refused request must leave alone: the identity tables, settings and the audit trail. */
async function snapshot(t: TestApp): Promise<string> {
  const db = t.database.db;
  const [ev] = await db.select({ n: count(), last: max(events.id) }).from(events);
  return JSON.stringify({
    units: await db.select().from(orgUnits).orderBy(asc(orgUnits.id)),
    users: await db.select().from(users).orderBy(asc(users.id)),
    userRoles: await db.select().from(userRoles).orderBy(asc(userRoles.userId), asc(userRoles.roleCode)),
    roles: await db.select().from(roles).orderBy(asc(roles.code)),
    rolePermissions: await db
      .select()
      .from(rolePermissions)
      .orderBy(asc(rolePermissions.roleCode), asc(rolePermissions.permission)),
    sessions: await db
      .select({ id: sessions.idHash, user: sessions.userId })
      .from(sessions)
      .orderBy(asc(sessions.idHash)),
    tokens: await db
      .select({ id: apiTokens.id, revokedAt: apiTokens.revokedAt })
      .from(apiTokens)
      .orderBy(asc(apiTokens.id)),
    settings: (await db.select({ n: count() }).from(settingVersions))[0],
    customers: await db
      .select({
        id: customers.id,
        version: customers.version,
        active: customers.active,
        merged: customers.mergedIntoId,
      })
      .from(customers)
      .orderBy(asc(customers.id)),
    orders: await db
      .select({
        id: workOrders.id,
        version: workOrders.version,
        state: workOrders.state,
        path: workOrders.orgPath,
        urges: workOrders.urgeCount,
      })
      .from(workOrders)
      .orderBy(asc(workOrders.id)),
    certifications: await db
      .select({ id: technicianCertifications.id, version: technicianCertifications.version })
      .from(technicianCertifications)
      .orderBy(asc(technicianCertifications.id)),
    depots: await db.select().from(tables.depots).orderBy(asc(tables.depots.id)),
    stock: await db
      .select()
      .from(tables.stockBalances)
      .orderBy(asc(tables.stockBalances.depotId), asc(tables.stockBalances.partId), asc(tables.stockBalances.grade)),
    movements: (await db.select({ n: count(), last: max(tables.stockMovements.id) }).from(tables.stockMovements))[0],
    events: ev,
  });
}

/** Parts stock of each side (by side name): the outlet's depot holding a part both sides stock. */
/** Paid-work records of each side (by side name): a quote, a cash collection, an invoice request, a hand-over of its walk order and technician. */
/** Each outlet's complaint about its walk order (by side name), written straight into the tables with the outlet's path. */
const complaintWalk: Record<string, string> = {};

async function setUpComplaintWalk(t: TestApp, sides: Side[]): Promise<void> {
  const db = t.database.db;
  const now = t.clock.now();
  for (const side of sides) {
    const [unit] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, side.unitId));
    const [c] = await db
      .insert(tables.complaints)
      .values({
        code: `TSWALK${side.name}`,
        source: 'hotline',
        customerId: intakeWalk[side.name]!.customerId,
        type: 'attitude',
        severity: 'general',
        summary: '走查',
        orgPath: unit!.path,
        calendar: '24x7',
        routedUnitId: side.unitId,
        openedAt: now,
        updatedAt: now,
      })
      .returning();
    await db.insert(tables.complaintOrders).values({
      complaintId: c!.id,
      orderId: walkOrder(side).orderId,
      orderCode: `FWWALK-${side.name}`,
      outletId: side.unitId,
    });
    complaintWalk[side.name] = c!.id;
  }
}

/** Each outlet's callback task about its walk order (by side name), written straight into the tables: worked under the center's path, read under the outlet's. */
const callbackWalk: Record<string, string> = {};

async function setUpCallbackWalk(t: TestApp, sides: Side[]): Promise<void> {
  const db = t.database.db;
  const now = t.clock.now();
  for (const side of sides) {
    const [unit] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, side.unitId));
    const [center] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, side.centerId));
    const [c] = await db
      .insert(tables.callbackTasks)
      .values({
        code: `HFWALK${side.name}`,
        orderId: walkOrder(side).orderId,
        orderCode: `FWWALK-${side.name}`,
        kind: 'first',
        centerId: side.centerId,
        orgPath: center!.path,
        outletId: side.unitId,
        outletPath: unit!.path,
        technicianId: side.techId,
        plan: { key: 'walk', sharePercent: 100, firstAfterDays: [3, 7], secondWithinDays: null },
        completedAt: now,
        dueFrom: now,
        dueBy: new Date(now.getTime() + 7 * 86_400_000),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    callbackWalk[side.name] = c!.id;
  }
}

/** Each outlet's recall unit row about its walk order (by side name), in one company-wide campaign, written straight into the tables. */
const recallWalk: Record<string, string> = {};

async function setUpRecallWalk(t: TestApp, sides: Side[]): Promise<void> {
  const db = t.database.db;
  const now = t.clock.now();
  const [hq] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.kind, 'hq'));
  const [campaign] = await db
    .insert(tables.recallCampaigns)
    .values({
      code: 'RCWALK',
      title: { 'zh-CN': '走查召回', en: 'Walk recall' },
      reason: '走查',
      modelIds: [walkCatalog.modelId],
      state: 'active',
      effectiveFrom: '2026-01-01',
      orgPath: hq!.path,
      activatedAt: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  for (const side of sides) {
    const [center] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, side.centerId));
    const [row] = await db
      .insert(tables.recallUnits)
      .values({
        campaignId: campaign!.id,
        unitId: walkUnit(side).unitId,
        customerId: walkUnit(side).customerId,
        modelId: walkCatalog.modelId,
        serialNo: walkUnit(side).serial,
        provinceCode: '440000',
        orgPath: center!.path,
        areaOutletId: side.unitId,
        state: 'affected',
        addedBy: 'activation',
        orderId: walkOrder(side).orderId,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    recallWalk[side.name] = row!.id;
  }
}

/** Each outlet's draft plan of a day (by side name), written straight into the table with the outlet's path. */
const planWalk: Record<string, string> = {};

async function setUpPlanWalk(t: TestApp, sides: Side[]): Promise<void> {
  const db = t.database.db;
  for (const side of sides) {
    const [unit] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, side.unitId));
    const [row] = await db
      .insert(tables.planningPlans)
      .values({
        outletId: side.unitId,
        orgPath: unit!.path,
        day: '2026-11-24',
        plan: {
          routes: [],
          unplaced: [{ orderId: walkOrder(side).orderId, reason: 'no_room' }],
          cost: { unplaced: 1, lateMinutes: 0, travelMinutes: 0, technicians: 0 },
          orderVersions: {},
        },
        seed: 1,
        timeLimitMs: 200,
        solvedInMs: 0,
        iterations: 0,
        createdBy: side.managerId,
      })
      .returning();
    planWalk[side.name] = row!.id;
  }
}

/** Each outlet's open order-pool offer of its walk order (by side name), written straight into the table. */
const poolWalk: Record<string, string> = {};

async function setUpPoolWalk(t: TestApp, sides: Side[]): Promise<void> {
  const db = t.database.db;
  for (const side of sides) {
    const [unit] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, side.unitId));
    const [row] = await db
      .insert(tables.planningPool)
      .values({
        orderId: walkOrder(side).orderId,
        outletId: side.unitId,
        orgPath: unit!.path,
        productLineId: walkCatalog.lineId,
        publishedBy: side.managerId,
        publishedAt: t.clock.now(),
      })
      .returning();
    poolWalk[side.name] = row!.id;
  }
}

const moneyWalk: Record<string, { quoteId: string; collectionId: string; invoiceId: string; handoverId: string }> = {};
const walkMoney = (o: Side) => moneyWalk[o.name]!;

/** Each outlet's paid-work rows, written straight into the tables with the outlet's path. */
async function setUpMoneyWalk(t: TestApp, sides: Side[]): Promise<void> {
  const db = t.database.db;
  const now = t.clock.now();
  const text = { 'zh-CN': '走查', en: 'walk' };
  for (const side of sides) {
    const [unit] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, side.unitId));
    const orgPath = unit!.path;
    const orderId = walkOrder(side).orderId;
    const [quote] = await db
      .insert(tables.orderQuotes)
      .values({
        orderId,
        orgPath,
        state: 'proposed',
        day: '2026-11-20',
        lines: [],
        totalFen: 1000,
        calloutFen: 500,
        calloutExplanation: text,
        explanation: text,
        entitlement: text,
        createdAt: now,
      })
      .returning();
    const [collection] = await db
      .insert(tables.collections)
      .values({
        receiptNo: `SKWALK-${side.name}`,
        orderId,
        orgPath,
        orderCode: `FWWALK-${side.name}`,
        customerName: '走查',
        amountFen: 1000,
        method: 'cash',
        collectedBy: side.techId,
        unitId: side.unitId,
        unitPath: orgPath,
        collectedAt: now,
        day: '2026-11-20',
      })
      .returning();
    const [invoice] = await db
      .insert(tables.invoiceRequests)
      .values({
        orderId,
        orgPath,
        orderCode: `FWWALK-${side.name}`,
        customerName: '走查',
        titleKind: 'personal',
        title: '走查',
        requestedBy: side.techId,
        requestedAt: now,
      })
      .returning();
    const [handover] = await db
      .insert(tables.cashHandovers)
      .values({
        technicianId: side.techId,
        unitId: side.unitId,
        unitPath: orgPath,
        amountFen: 400,
        toTarget: 'outlet',
        day: '2026-11-20',
        receivedBy: side.managerId,
        receivedAt: now,
      })
      .returning();
    moneyWalk[side.name] = {
      quoteId: quote!.id,
      collectionId: collection!.id,
      invoiceId: invoice!.id,
      handoverId: handover!.id,
    };
  }
}

const partsWalk: Record<
  string,
  {
    depotId: string;
    requestId?: string;
    shipmentId?: string;
    quotaId?: string;
    stocktakeId?: string;
    routeId?: string;
  }
> = {};
const walkPart = { id: '' };

/** A sent statement of each side's outlet for November with one line (direct inserts, no events). */
const stmtWalk: Record<string, { statementId: string; lineId: string }> = {};

async function setUpStatementWalk(t: TestApp, sides: Side[]): Promise<void> {
  const db = t.database.db;
  const now = t.clock.now();
  for (const side of sides) {
    const [unit] = await db.select().from(orgUnits).where(eq(orgUnits.id, side.unitId));
    const [statement] = await db
      .insert(tables.settlementStatements)
      .values({
        code: `JS202611-${unit!.code}`,
        kind: 'outlet',
        unitId: side.unitId,
        orgPath: unit!.path,
        month: '2026-11',
        state: 'sent',
        totalFen: 4000,
        lineCount: 1,
        orderCount: 0,
        draftedAt: now,
        sentAt: now,
        respondBy: '2026-12-31',
        updatedAt: now,
      })
      .returning();
    const [line] = await db
      .insert(tables.settlementLines)
      .values({
        statementId: statement!.id,
        seq: 1,
        kind: 'adjustment',
        amountFen: 4000,
        explanation: { 'zh-CN': '走查', en: 'walk' },
      })
      .returning();
    stmtWalk[side.name] = { statementId: statement!.id, lineId: line!.id };
  }
}

async function setUpPartsWalk(t: TestApp, sides: Side[]): Promise<void> {
  const db = t.database.db;
  const [part] = await db.insert(tables.parts).values({ code: 'WALK-PART', name: '走查配件' }).returning();
  walkPart.id = part!.id;
  const ctx = systemCtx(db, { now: t.clock.now() });
  for (const side of sides) {
    const depot = await db.transaction((tx) => ensureDepotFor(tx, side.unitId));
    await db.transaction((tx) =>
      postMovements(tx, ctx, [{ kind: 'receipt', depotId: depot.id, partId: part!.id, quantity: 5 }]),
    );
    partsWalk[side.name] = { depotId: depot.id };
    // A parts request of the side's walk order with a shipment, and a quota of the outlet (direct inserts).
    const [unit] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, side.unitId));
    const orgPath = unit!.path;
    const now = t.clock.now();
    const [request] = await db
      .insert(tables.partRequests)
      .values({
        code: `PR-WALK-${side.name}`,
        orderId: walkOrder(side).orderId,
        orderCode: `WALK-${side.name}`,
        outletId: side.unitId,
        orgPath,
        status: 'shipped',
        approvalLevel: 'center',
        judgement: { explanation: [] },
        totalFen: 0,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await db
      .insert(tables.partRequestLines)
      .values({ requestId: request!.id, n: 0, partId: part!.id, quantity: 1, unitCostFen: 0 });
    const [shipment] = await db
      .insert(tables.partShipments)
      .values({
        code: `PS-WALK-${side.name}`,
        requestId: request!.id,
        fromDepotId: depot.id,
        toDepotId: depot.id,
        fromLevel: 'center',
        orgPath,
        carrier: '走查',
        trackingNo: 'WALK',
        shippedAt: now,
        promisedDays: 3,
        expectedDay: '2030-01-01',
      })
      .returning();
    await db.insert(tables.partShipmentLines).values({ shipmentId: shipment!.id, partId: part!.id, qtyShipped: 1 });
    const [quota] = await db
      .insert(tables.partQuotas)
      .values({
        orgUnitId: side.unitId,
        orgPath,
        periodKind: 'monthly',
        valueFen: 1000,
        quantity: 1,
        effectiveFrom: '2020-01-01',
      })
      .returning();
    // A stocktake of the outlet's depot, submitted, with one counted line.
    const [stocktake] = await db
      .insert(tables.partStocktakes)
      .values({ code: `ST-WALK-${side.name}`, depotId: depot.id, orgPath, status: 'submitted', openedAt: now })
      .returning();
    await db.insert(tables.partStocktakeLines).values({
      stocktakeId: stocktake!.id,
      partId: part!.id,
      grade: 'good',
      bookQty: 5,
      bookMovementId: 0,
      countedQty: 4,
    });
    // A shipping route of the outlet's depot to its own unit (scoped by the depot's unit).
    const [route] = await db
      .insert(tables.partShipmentRoutes)
      .values({
        fromDepotId: depot.id,
        toOrgUnitId: side.unitId,
        promisedDays: 2,
        orgPath,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    Object.assign(partsWalk[side.name]!, {
      requestId: request!.id,
      shipmentId: shipment!.id,
      quotaId: quota!.id,
      stocktakeId: stocktake!.id,
      routeId: route!.id,
    });
  }
}

/** A catalog model, and a customer of each outlet's area owning one unit (direct inserts, no events). */
async function setUpUnitWalk(t: TestApp, sides: Side[]): Promise<void> {
  const db = t.database.db;
  const [line] = await db
    .insert(tables.productLines)
    .values({ code: 'WALK', name: '走查', category: 'other' })
    .returning();
  const [model] = await db
    .insert(tables.productModels)
    .values({ lineId: line!.id, code: 'WALK-M1', name: '走查型号' })
    .returning();
  walkCatalog.modelId = model!.id;
  walkCatalog.lineId = line!.id;
  for (const side of sides) {
    const [unit] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, side.unitId));
    const orgPath = unit!.path;
    const [customer] = await db
      .insert(tables.customers)
      .values({ code: `CUWALK${side.name}`, kind: 'individual', name: `走查机主${side.name}`, orgPath })
      .returning();
    await db
      .insert(tables.customerPhones)
      .values({ customerId: customer!.id, number: PII[side.name]!.ownerPhone, kind: 'mobile', isPrimary: true });
    const [ownerAddress] = await db
      .insert(tables.customerAddresses)
      .values({
        customerId: customer!.id,
        provinceCode: '440000',
        cityCode: '440100',
        districtCode: '440106',
        detail: PII[side.name]!.ownerStreet,
        isPrimary: true,
      })
      .returning();
    const serial = `SWALK${side.name.toUpperCase()}`;
    const [owned] = await db
      .insert(tables.units)
      .values({
        modelId: model!.id,
        serialNo: serial,
        customerId: customer!.id,
        addressId: ownerAddress!.id,
        usage: 'household',
        orgPath,
      })
      .returning();
    unitWalk[side.name] = { customerId: customer!.id, unitId: owned!.id, serial };
  }
}

/** Each outlet's walk customer, opened through the API in the outlet's area, and a merge of a duplicate into it. */
async function setUpCustomerWalk(t: TestApp, sides: Side[]): Promise<void> {
  const admin = await t.login('admin');
  for (const side of sides) {
    const body = {
      name: `巡检客户${side.name}`,
      phones: [{ number: '13811112222' }],
      addresses: [WALK_ADDRESSES[side.name]],
      allowDuplicate: true,
    };
    const kept = await admin.post('/api/customers', body);
    const merged = await admin.post('/api/customers', { ...body, name: `巡检重复${side.name}` });
    const merge = await admin.post(`/api/customers/${kept.body.id}/merge`, { otherId: merged.body.id, version: 1 });
    expect(merge.status, JSON.stringify(merge.body)).toBe(200);
    customerWalk[side.name] = { customerId: kept.body.id, mergedId: merged.body.id, mergeId: merge.body.merge.id };
  }
}

/** Warranty records of each side (by side name): a contract and a case on the walk unit, at the unit's path. */
const warrantyWalk: Record<string, { contractId: string; caseId: string }> = {};

async function setUpWarrantyWalk(t: TestApp, sides: Side[]): Promise<void> {
  const db = t.database.db;
  for (const side of sides) {
    const { unitId, customerId } = walkUnit(side);
    const [unit] = await db
      .select({ orgPath: tables.units.orgPath })
      .from(tables.units)
      .where(eq(tables.units.id, unitId));
    const orgPath = unit!.orgPath;
    const [contract] = await db
      .insert(tables.warrantyContracts)
      .values({
        code: `SCWALK${side.name}`,
        kind: 'extended_warranty',
        unitId,
        customerId,
        coversParts: true,
        coversLabour: true,
        startsOn: '2026-01-01',
        orgPath,
      })
      .returning();
    const [wcase] = await db
      .insert(tables.warrantyCases)
      .values({
        code: `THWALK${side.name}`,
        requested: 'exchange',
        unitId,
        customerId,
        reason: '走查',
        priceFen: 100,
        orgPath,
      })
      .returning();
    warrantyWalk[side.name] = { contractId: contract!.id, caseId: wcase!.id };
  }
}

/** Old-part returns of each side (by side name): a due obligation, and a shipped batch of another, on the walk order. */
const returnWalk: Record<string, { obligationId: string; shippedId: string; batchId: string }> = {};

async function setUpReturnWalk(t: TestApp, sides: Side[]): Promise<void> {
  const db = t.database.db;
  for (const side of sides) {
    const [unit] = await db.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, side.unitId));
    const orgPath = unit!.path;
    const line = {
      orderId: walkOrder(side).orderId,
      orderCode: `FWWALK-${side.name}`,
      partId: crypto.randomUUID(),
      partCode: 'P-WALK',
      partName: '走查配件',
      quantity: 1,
      paidBy: 'company' as const,
      technicianUserId: side.techId,
      outletId: side.unitId,
      orgPath,
      dueDay: '2026-12-23',
    };
    const [batch] = await db
      .insert(tables.partReturnBatches)
      .values({
        code: `RB-WALK-${side.name}`,
        outletId: side.unitId,
        orgPath,
        carrier: '顺丰',
        trackingNo: `SF${side.name}`,
        shippedBy: side.managerId,
        shippedAt: t.clock.now(),
      })
      .returning();
    const [due] = await db.insert(tables.partReturnObligations).values(line).returning();
    const [shipped] = await db
      .insert(tables.partReturnObligations)
      .values({ ...line, status: 'shipped', batchId: batch!.id, shippedAt: t.clock.now() })
      .returning();
    returnWalk[side.name] = { obligationId: due!.id, shippedId: shipped!.id, batchId: batch!.id };
  }
}

describe('data scope walk: sibling outlets probe every route with each other’s ids', () => {
  let t: TestApp;
  let routes: { method: string; url: string }[];
  const sides: Record<'gd01' | 'gd02', Side> = {} as never;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    routes = registeredRoutes(t.app).filter((r) => r.url.startsWith('/api'));
    const db = t.database.db;
    for (const key of ['gd01', 'gd02'] as const) {
      const code = `O-GD-${key.slice(2)}`;
      const [unit] = await db.select().from(orgUnits).where(eq(orgUnits.code, code));
      const people = await db.select().from(users).where(eq(users.orgUnitId, unit!.id));
      const byName = (n: string) => people.find((p) => p.username === `${key}.${n}`)!.id;
      const [token] = await db
        .insert(apiTokens)
        .values({ userId: byName('manager'), name: 'walk', tokenHash: crypto.randomUUID(), prefix: 'sbt_walk' })
        .returning();
      sides[key] = {
        name: key,
        agent: await t.login(`${key}.manager`),
        unitId: unit!.id,
        centerId: unit!.parentId!,
        managerId: byName('manager'),
        techId: byName('tech1'),
        userIds: people.map((p) => p.id),
        tokenId: token!.id,
      };
    }
    await setUpUnitWalk(t, Object.values(sides));
    await setUpIntakeWalk(t, Object.values(sides));
    await setUpCustomerWalk(t, Object.values(sides));
    await setUpSlaWalk(t, Object.values(sides));
    await setUpOrderWalk(t, Object.values(sides));
    await setUpWarrantyWalk(t, Object.values(sides));
    await setUpReturnWalk(t, Object.values(sides));
    await setUpPartsWalk(t, Object.values(sides));
    await setUpStatementWalk(t, Object.values(sides));
    await setUpMoneyWalk(t, Object.values(sides));
    await setUpComplaintWalk(t, Object.values(sides));
    await setUpCallbackWalk(t, Object.values(sides));
    await setUpRecallWalk(t, Object.values(sides));
    await setUpPoolWalk(t, Object.values(sides));
    await setUpPlanWalk(t, Object.values(sides));
    await setUpMessageWalk(t, Object.values(sides));
  });
  afterAll(() => t.close());

  it('reads the route table right', () => {
    expect(routes.length).toBeGreaterThan(30);
    // (Fastify's hasRoute does not match wildcard routes, so those are left out of this check.)
    for (const r of routes.filter((x) => !x.url.includes('*'))) {
      expect(t.app.hasRoute({ method: r.method as 'GET', url: r.url }), `${r.method} ${r.url}`).toBe(true);
    }
    expect(routes).toContainEqual({ method: 'POST', url: '/api/users/:id/reset-password' });
    expect(routes).toContainEqual({ method: 'POST', url: '/api/auth/logout-all' });
  });

  it('classifies every registered route (add new routes to ROUTES in this file)', () => {
    const registered = routes.map((r) => `${r.method} ${r.url}`);
    expect(
      registered.filter((r) => !ROUTES[r]),
      'routes missing from ROUTES',
    ).toEqual([]);
    expect(
      Object.keys(ROUTES).filter((r) => !registered.includes(r)),
      'ROUTES entries with no such route',
    ).toEqual([]);
  });

  /*
   * The PII column (DOMAIN.md, Privacy: "only those who serve an order see its phone and
   * address"): every read of the API, as each outlet role, must not carry the full phone or
   * street of a customer that role serves no order of. PII_ROLES says whom each role serves;
   * PII_SHOWN names the reads that must show the served customer's details whole.
   */
  describe('PII: full phones and streets only to those who serve the order', () => {
    const PII_ROLES: { user: 'manager' | 'tech1' | 'tech2'; serves: boolean }[] = [
      // Holds the walk order's unit and dispatches it.
      { user: 'manager', serves: true },
      // The walk order's technician.
      { user: 'tech1', serves: true },
      // Same outlet, another technician's order: masked.
      { user: 'tech2', serves: false },
    ];
    const PII_SHOWN: ((me: Side) => string)[] = [
      (me) => `/api/orders/${walkOrder(me).orderId}`,
      (me) => `/api/customers/${intakeWalk[me.name]!.customerId}`,
      (me) => `/api/intake/requests/${intakeWalk[me.name]!.requestId}`,
    ];
    const forms = (phone: string) => [phone, formatPhone(phone)];

    /** Every read of the API with the caller's own records: lists with their query, probes with own ids. */
    function ownReads(me: Side): string[] {
      const urls: string[] = [];
      for (const r of routes) {
        const cls = ROUTES[`${r.method} ${r.url}`];
        if (r.method !== 'GET' || !cls || r.url.includes('*') || r.url.endsWith('/events')) continue;
        if (cls.kind === 'scoped') urls.push(...cls.probes.map((p) => p.url(me, me)));
        else if (!r.url.includes(':')) urls.push(r.url + (cls.kind === 'list' ? (cls.query ?? '') : ''));
      }
      return [...urls, ...PII_SHOWN.map((f) => f(me))];
    }

    for (const side of ['gd01', 'gd02'] as const) {
      for (const role of PII_ROLES) {
        it(`${side}.${role.user}: ${role.serves ? 'the served customer whole, no other' : 'no full number or street'}`, async () => {
          const me = sides[side];
          const agent = await t.login(`${side}.${role.user}`);
          const mine = PII[side]!;
          const never = [
            ...forms(mine.ownerPhone),
            mine.ownerStreet,
            ...forms('13811112222'),
            ...Object.values(WALK_ADDRESSES).map((a) => (a as { detail: string }).detail),
          ];
          const served = [...forms(mine.servedPhone), mine.servedStreet];
          const forbidden = role.serves ? never : [...never, ...served];
          let read = 0;
          for (const url of ownReads(me)) {
            const res = await agent.get(url);
            expect(res.status, `GET ${url}`).toBeLessThan(500);
            const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '');
            for (const pii of forbidden)
              expect(text.includes(pii), `GET ${url} as ${side}.${role.user} shows ${pii}`).toBe(false);
            if (res.status === 200) read += 1;
          }
          expect(read).toBeGreaterThan(3);
          for (const f of PII_SHOWN) {
            const res = await agent.get(f(me));
            if (res.status !== 200) continue;
            const text = JSON.stringify(res.body);
            expect(text.includes(mine.servedPhone), `GET ${f(me)} as ${side}.${role.user}`).toBe(role.serves);
          }
          // The order page shows the served customer's phone and street whole to those who serve it.
          const order = await agent.get(`/api/orders/${walkOrder(me).orderId}`);
          expect(order.status).toBe(200);
          expect(order.body).toMatchObject({
            customerPhone: role.serves ? mine.servedPhone : maskPhone(mine.servedPhone),
            contactMasked: !role.serves,
          });
        }, 120_000);
      }
    }
  });

  const passes = [
    { name: 'with the outlet manager role as seeded', grantAll: false },
    // Every permission at outlet scope: then nothing but the scope check stands in the way.
    { name: 'with every permission granted to the outlet manager role', grantAll: true },
  ];

  for (const pass of passes) {
    describe(pass.name, () => {
      beforeAll(async () => {
        if (!pass.grantAll) return;
        const admin = await t.login('admin');
        const role = (await admin.get('/api/roles')).body.items.find(
          (r: { code: string }) => r.code === 'outlet_manager',
        );
        const res = await admin.put('/api/roles/outlet_manager/permissions', {
          permissions: ALL_PERMISSIONS,
          version: role.version,
        });
        expect(res.status).toBe(200);
      });

      for (const [from, to] of [
        ['gd01', 'gd02'],
        ['gd02', 'gd01'],
      ] as const) {
        it(`${from}.manager sees none of ${to}'s records in any list or read`, async () => {
          const me = sides[from];
          const other = sides[to];
          const foreign = [
            other.unitId,
            ...other.userIds,
            other.tokenId,
            ...Object.values(intakeWalk[to] ?? {}),
            ...Object.values(unitWalk[to] ?? {}),
            ...Object.values(customerWalk[to] ?? {}),
            ...Object.values(slaWalk[to] ?? {}),
            ...Object.values(orderWalk[to] ?? {}),
            ...Object.values(warrantyWalk[to] ?? {}),
            ...Object.values(returnWalk[to] ?? {}),
            ...Object.values(partsWalk[to] ?? {}),
            ...Object.values(stmtWalk[to] ?? {}),
            ...Object.values(moneyWalk[to] ?? {}),
            ...(complaintWalk[to] ? [complaintWalk[to]] : []),
            ...(callbackWalk[to] ? [callbackWalk[to]] : []),
            ...(recallWalk[to] ? [recallWalk[to]] : []),
            ...(poolWalk[to] ? [poolWalk[to]] : []),
          ];
          for (const r of routes) {
            const cls = ROUTES[`${r.method} ${r.url}`];
            if (r.method !== 'GET' || r.url.includes(':') || r.url.includes('*') || !cls) continue;
            const url = r.url + (cls.kind === 'list' ? (cls.query ?? '') : '');
            const res = await me.agent.get(url);
            expect(res.status, `GET ${url}`).toBeLessThan(500);
            const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '');
            for (const id of foreign) expect(text.includes(id), `GET ${url} shows ${to}'s ${id}`).toBe(false);
            if (cls.kind === 'list' && cls.own && res.status === 200) {
              for (const id of cls.own(me)) expect(text.includes(id), `GET ${url} misses own ${id}`).toBe(true);
            }
          }
        });

        it(`${from}.manager cannot read or change ${to}'s records by id`, async () => {
          const me = sides[from];
          const other = sides[to];
          let probed = 0;
          for (const r of routes) {
            const cls = ROUTES[`${r.method} ${r.url}`];
            if (cls?.kind !== 'scoped') continue;
            for (const probe of cls.probes) {
              const url = probe.url(other, me);
              const body = probe.body?.(other, me) ?? (r.method === 'GET' || r.method === 'DELETE' ? undefined : {});
              const before = await snapshot(t);
              const res = await me.agent.request(r.method as 'GET', url, body);
              const label = `${r.method} ${url} ${JSON.stringify(body ?? null)} → ${res.status} ${res.body?.code ?? ''}`;
              expect([403, 404], label).toContain(res.status);
              if (pass.grantAll) {
                const code = probe.refused ?? 'entity.not_found';
                expect({ status: res.status, code: res.body?.code }, label).toEqual({
                  status: code === 'entity.not_found' ? 404 : 403,
                  code,
                });
              }
              expect(await snapshot(t), `${label} changed data`).toBe(before);
              probed += 1;
            }
          }
          expect(probed).toBeGreaterThanOrEqual(14);
        }, 120_000);
      }
    });
  }
});

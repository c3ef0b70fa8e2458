import { z } from 'zod';

/* Parts requests, quotas and shipments: what the API takes and answers (docs/parts-requests.md). */

export const RequestStatus = z.enum([
  'pending_center',
  'pending_hq',
  'approved',
  'rejected',
  'shipped',
  'received',
  'cancelled',
]);
export type RequestStatus = z.infer<typeof RequestStatus>;
export const Urgency = z.enum(['normal', 'urgent']);
export const ApprovalLevel = z.enum(['auto', 'center', 'hq']);
export const QuotaPeriodKind = z.enum(['monthly', 'quarterly', 'yearly']);
export const LineOutcome = z.enum(['ok', 'short', 'over', 'wrong_part']);
export const WaitParty = z.enum(['hq', 'center', 'outlet']);
const Text = z.object({ 'zh-CN': z.string(), en: z.string() });

const Qty = z.number().int().min(1).max(9999);
const Serials = z.array(z.string().trim().min(1).max(64)).max(9999).optional();

export const RequestCreate = z.object({
  orderId: z.uuid(),
  lines: z
    .array(z.object({ partId: z.uuid(), quantity: Qty }))
    .min(1)
    .max(50),
  urgency: Urgency.default('normal'),
  note: z.string().trim().max(500).optional(),
});
export type RequestCreate = z.infer<typeof RequestCreate>;

export const IdParams = z.object({ id: z.uuid() });
export const ApproveBody = z.object({ depotId: z.uuid().optional(), note: z.string().trim().max(500).optional() });
export const RejectBody = z.object({ reason: z.string().trim().min(1).max(500) });
export const CancelBody = z.object({ reason: z.string().trim().max(500).optional() });
export const ShipBody = z.object({
  fromDepotId: z.uuid().optional(),
  carrier: z.string().trim().min(1).max(64),
  trackingNo: z.string().trim().min(1).max(64),
  lines: z
    .array(z.object({ partId: z.uuid(), quantity: Qty, serials: Serials }))
    .min(1)
    .max(50)
    .optional(),
});
export type ShipBody = z.infer<typeof ShipBody>;
export const ReceiveBody = z.object({
  lines: z.array(z.object({ partId: z.uuid(), quantity: z.number().int().min(0).max(9999), serials: Serials })).max(50),
  note: z.string().trim().max(500).optional(),
});
export type ReceiveBody = z.infer<typeof ReceiveBody>;
export const ReturnBody = z.object({
  lines: z
    .array(z.object({ partId: z.uuid(), quantity: Qty, serials: Serials }))
    .min(1)
    .max(50),
  note: z.string().trim().max(500).optional(),
});
export type ReturnBody = z.infer<typeof ReturnBody>;

export const RequestListQuery = z.object({
  status: RequestStatus.optional(),
  orderId: z.uuid().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type RequestListQuery = z.infer<typeof RequestListQuery>;
export const ShipmentListQuery = z.object({
  late: z.enum(['true', 'false']).optional(),
  requestId: z.uuid().optional(),
});
export const QuotaQuery = z.object({
  orderId: z.uuid().optional(),
  outletId: z.uuid().optional(),
  technicianId: z.uuid().optional(),
});

export const Remaining = z.object({
  valueFen: z.number().int().nullable(),
  quantity: z.number().int().nullable(),
  overValueFen: z.number().int(),
  overQuantity: z.number().int(),
});
export const HolderQuota = z.object({
  holderId: z.string(),
  quota: z.object({ valueFen: z.number().int().nullable(), quantity: z.number().int().nullable() }).nullable(),
  used: z.object({ valueFen: z.number().int(), quantity: z.number().int() }),
  /** null when no quota is set for the holder. */
  remaining: Remaining.nullable(),
});
export const QuotaView = z.object({
  period: z.object({ kind: QuotaPeriodKind, start: z.string(), end: z.string() }),
  outlet: HolderQuota,
  technician: HolderQuota.nullable(),
  /** With ?orderId=: the parts list of the order's model, to pick from. */
  parts: z
    .array(z.object({ partId: z.string(), code: z.string(), name: z.string(), nameEn: z.string().nullable() }))
    .optional(),
});
export type QuotaView = z.infer<typeof QuotaView>;

export const RequestLineView = z.object({
  id: z.string(),
  partId: z.string(),
  partCode: z.string(),
  partName: z.string(),
  quantity: z.number().int(),
  unitCostFen: z.number().int(),
  fromDepotId: z.string().nullable(),
  receivedQty: z.number().int(),
  /** On shipments not received yet: neither to ship again nor arrived. */
  inTransitQty: z.number().int(),
  returnedQty: z.number().int(),
  outcome: LineOutcome.nullable(),
});
export const ShipmentLineView = z.object({
  partId: z.string(),
  partCode: z.string(),
  qtyShipped: z.number().int(),
  serials: z.array(z.string()),
  qtyReceived: z.number().int().nullable(),
  outcome: LineOutcome.nullable(),
});
export const ShipmentView = z.object({
  id: z.string(),
  code: z.string(),
  requestId: z.string(),
  requestCode: z.string(),
  orderCode: z.string(),
  fromDepotId: z.string(),
  toDepotId: z.string(),
  fromLevel: WaitParty,
  carrier: z.string(),
  trackingNo: z.string(),
  shippedAt: z.string(),
  promisedDays: z.number().int(),
  /** Where promisedDays came from: a route's promise or the setting parts.shipmentPromisedDays. */
  promiseSource: z.enum(['route', 'default']),
  expectedDay: z.string(),
  receivedAt: z.string().nullable(),
  latenessDays: z.number().int().nullable(),
  /** Days late now (received, or still on the way past its expected day). */
  daysLate: z.number().int(),
  attributedParty: WaitParty.nullable(),
  wrong: z.boolean(),
  lines: z.array(ShipmentLineView),
});
export type ShipmentView = z.infer<typeof ShipmentView>;
export const RequestEvent = z.object({
  at: z.string(),
  action: z.string(),
  actorName: z.string(),
  reason: z.string().nullable(),
});
export const RequestView = z.object({
  id: z.string(),
  code: z.string(),
  orderId: z.string(),
  orderCode: z.string(),
  requesterId: z.string().nullable(),
  technicianId: z.string().nullable(),
  outletId: z.string(),
  urgency: Urgency,
  status: RequestStatus,
  approvalLevel: ApprovalLevel,
  explanation: z.array(Text),
  plan: z.array(z.object({ partId: z.string(), status: z.string(), explanation: Text })).nullable(),
  note: z.string().nullable(),
  totalFen: z.number().int(),
  unavailableAtHq: z.boolean(),
  rejectedReason: z.string().nullable(),
  waitParty: WaitParty.nullable(),
  waitAttribution: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
  approvedAt: z.string().nullable(),
  receivedAt: z.string().nullable(),
  lines: z.array(RequestLineView),
});
export type RequestView = z.infer<typeof RequestView>;
export const RequestDetail = RequestView.extend({
  shipments: z.array(ShipmentView),
  events: z.array(RequestEvent),
});
export type RequestDetail = z.infer<typeof RequestDetail>;
export const RequestCreated = z.object({
  request: RequestView,
  orderWaiting: z.boolean(),
  quota: QuotaView,
});
/** What a request would be judged now (POST /api/part-requests/preview): who approves and why. */
export const RequestPreview = z.object({
  level: ApprovalLevel,
  totalFen: z.number().int(),
  totalQuantity: z.number().int(),
  explanation: z.array(Text),
});
export const RequestPage = z.object({
  items: z.array(RequestView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

export const QuotaRow = z.object({
  id: z.string(),
  orgUnitId: z.string().nullable(),
  userId: z.string().nullable(),
  periodKind: QuotaPeriodKind,
  valueFen: z.number().int().nullable(),
  quantity: z.number().int().nullable(),
  effectiveFrom: z.string(),
  createdAt: z.string(),
});
export const QuotaSet = z
  .object({
    orgUnitId: z.uuid().optional(),
    userId: z.uuid().optional(),
    periodKind: QuotaPeriodKind.optional(),
    valueFen: z.number().int().min(0).max(2_000_000_000).nullable(),
    quantity: z.number().int().min(0).max(1_000_000).nullable(),
    effectiveFrom: z.iso.date().optional(),
  })
  .refine((q) => (q.orgUnitId === undefined) !== (q.userId === undefined), {
    message: 'orgUnitId or userId, exactly one',
    path: ['orgUnitId'],
  });
export type QuotaSet = z.infer<typeof QuotaSet>;

/** The quota screen: every outlet and technician in scope with the quota in force today and its use. */
export const HolderKind = z.enum(['outlet', 'technician']);
export const QuotaStandingQuery = z.object({
  kind: HolderKind.optional(),
  /** true: only holders whose use exceeds their quota this period. */
  over: z.enum(['true', 'false']).optional(),
});
export type QuotaStandingQuery = z.infer<typeof QuotaStandingQuery>;
export const QuotaStanding = z.object({
  holderKind: HolderKind,
  /** The outlet's org unit id, or the technician's user id (what PUT /api/part-quotas takes). */
  holderId: z.string(),
  /** The outlet's code, or the technician's username. */
  holderCode: z.string(),
  holderName: z.string(),
  /** The outlet itself, or the technician's unit. */
  unitId: z.string(),
  unitName: z.string(),
  period: z.object({ kind: QuotaPeriodKind, start: z.string(), end: z.string() }),
  /** The quota in force today; null when none is set. */
  quota: z
    .object({
      id: z.string(),
      valueFen: z.number().int().nullable(),
      quantity: z.number().int().nullable(),
      effectiveFrom: z.string(),
    })
    .nullable(),
  used: z.object({ valueFen: z.number().int(), quantity: z.number().int() }),
  remaining: Remaining.nullable(),
  over: z.boolean(),
});
export type QuotaStanding = z.infer<typeof QuotaStanding>;
/** A shipping depot's promise to the depots under a unit (docs/parts-requests.md, "Promised days per route"). */
export const ShipmentRouteSet = z.object({
  fromDepotId: z.uuid(),
  /** The unit whose depots (its own and every one under it) the promise covers. */
  toOrgUnitId: z.uuid(),
  promisedDays: z.number().int().min(0).max(365),
});
export type ShipmentRouteSet = z.infer<typeof ShipmentRouteSet>;
export const ShipmentRouteRow = z.object({
  id: z.string(),
  fromDepotId: z.string(),
  fromDepotCode: z.string(),
  fromDepotName: z.string(),
  toOrgUnitId: z.string(),
  toOrgUnitCode: z.string(),
  toOrgUnitName: z.string(),
  promisedDays: z.number().int(),
  updatedAt: z.string(),
});
export const ShipmentRouteList = z.object({
  items: z.array(ShipmentRouteRow),
  total: z.number().int(),
  /** parts.shipmentPromisedDays: what a shipment on no route is promised. */
  defaultPromisedDays: z.number().int(),
});

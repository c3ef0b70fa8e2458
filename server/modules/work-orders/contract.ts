import { z } from 'zod';
import { Page as ListPage } from '../../platform/lists/contract.js';
import { Backdate, Milestone } from '../sla/contract.js';
import { Exclusion, WarrantyDecision } from '../warranty/contract.js';

/*
 * Requests and responses of the work-order module (服务单): orders, their lifecycle actions,
 * routing suggestions, urging, the repair register and technician certifications. The
 * constants mirror the tables (tables.ts) so the browser can import this file without the
 * database layer. Additions are fine; renaming or removing a field breaks the web app.
 */

export const SERVICE_TYPES = [
  'on_site',
  'carry_in',
  'remote',
  'installation',
  'maintenance',
  'inspection',
  'training',
  'recall',
] as const;
export const ServiceType = z.enum(SERVICE_TYPES);
export type ServiceType = z.infer<typeof ServiceType>;

/** States of an order, in lifecycle order (docs/work-orders.md). */
export const ORDER_STATES = [
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
  'completed',
  'confirmed',
  'closed',
  'cancelled',
] as const;
export const OrderState = z.enum(ORDER_STATES);
export type OrderState = z.infer<typeof OrderState>;

/** States in which dispatch sends the order to a unit below (HQ → center, center → outlet). */
export const UNIT_DISPATCH_STATES: readonly OrderState[] = ['created', 'dispatched_center'];
/** States in which dispatch assigns (or reassigns) a technician of the holding outlet. */
export const ASSIGN_STATES: readonly OrderState[] = ['accepted', 'assigned', 'booked'];

/** States an order is still being worked on in (the technician's open load, urging, `open=true`). */
export const OPEN_STATES: readonly OrderState[] = [
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

/**
 * How a closed order ended other than by a repair: its unit was refunded or exchanged by a
 * return/exchange case (docs/work-orders.md, Ended by a return/exchange case). Null: repaired or open.
 */
export const ORDER_RESOLUTIONS = ['refunded', 'exchanged'] as const;
export const OrderResolution = z.enum(ORDER_RESOLUTIONS);
export type OrderResolution = z.infer<typeof OrderResolution>;

/** Every lifecycle action; each has its own endpoint `POST /api/orders/:id/<path>` (ACTION_PATHS). */
export const ORDER_ACTIONS = [
  'dispatch',
  'accept',
  'reject',
  'book',
  'depart',
  'arrive',
  'receive',
  'start',
  'wait',
  'resume',
  'complete',
  'confirm',
  'close',
  'cancel',
  'reopen',
  'report_unfixable',
  'correct_address',
] as const;
export const OrderAction = z.enum(ORDER_ACTIONS);
export type OrderAction = z.infer<typeof OrderAction>;

/** The URL segment of each action: POST /api/orders/:id/<segment>. */
export const ACTION_PATHS: Record<OrderAction, string> = {
  dispatch: 'dispatch',
  accept: 'accept',
  reject: 'reject',
  book: 'appointment',
  depart: 'depart',
  arrive: 'arrive',
  receive: 'receive',
  start: 'start',
  wait: 'wait',
  resume: 'resume',
  complete: 'complete',
  confirm: 'confirm',
  close: 'close',
  cancel: 'cancel',
  reopen: 'reopen',
  report_unfixable: 'unfixable',
  correct_address: 'address',
};

export const WAIT_REASONS = ['parts', 'customer', 'approval'] as const;
export const WaitReason = z.enum(WAIT_REASONS);
export type WaitReason = z.infer<typeof WaitReason>;

export const APPROVAL_KINDS = ['part_time_staff', 'parts_workaround'] as const;
export const ApprovalKind = z.enum(APPROVAL_KINDS);
export type ApprovalKind = z.infer<typeof ApprovalKind>;

export const PHOTO_KINDS = ['fault', 'custody', 'completion'] as const;
export const PhotoKind = z.enum(PHOTO_KINDS);
export type PhotoKind = z.infer<typeof PhotoKind>;

export const Priority = z.number().int().min(1).max(3);
export const Zone = z.enum(['near', 'far']);
export const CustomerKind = z.enum(['individual', 'business']);

const When = z.iso.datetime({ offset: true });
const Text = (max: number) => z.string().trim().min(1).max(max);
const Reason = Text(500);
const Version = z.number().int().min(1);
/** A signature drawn on the phone: a PNG data URL (at most ~300 KB of base64). */
export const SignatureDataUrl = z
  .string()
  .max(400_000)
  .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/, 'must be a PNG data URL');

export const IdParams = z.object({ id: z.uuid() });

export const Page = <T extends z.ZodType>(item: T) =>
  ListPage(item).extend({
    /** True when more than `total` match (the count stops at 10 000). */
    totalCapped: z.boolean().optional(),
  });

/** zh-CN and en text of one human-readable line (routing reasons, labels). */
export const Bilingual = z.object({ 'zh-CN': z.string(), en: z.string() });
export type Bilingual = z.infer<typeof Bilingual>;

// Create

/**
 * A report time this close to its entry is the same moment (the entering device's clock may be a
 * little off); earlier is backdating. A tolerance of clocks, not a business limit, so not a setting.
 */
export const BACKDATE_GRACE_MINUTES = 5;

/**
 * A new order: from a service request (customer, unit and symptoms are taken from it unless
 * given) or directly (customerId and faultDescription required). Send `Idempotency-Key` to make
 * a retry return the first order (200) instead of creating another (201).
 */
export const OrderCreate = z.object({
  serviceRequestId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  addressId: z.uuid().optional(),
  serviceType: ServiceType,
  priority: Priority.default(2),
  faultDescription: Text(5000).optional(),
  /** Intake attachments (photos of the fault); those of the service request are linked by default. */
  photoIds: z.array(z.uuid()).max(20).optional(),
  /** The intake contact that led to the order. */
  contactId: z.uuid().optional(),
  /**
   * When the customer reported the fault; defaults to the request's time, else now. Earlier than
   * that by more than BACKDATE_GRACE_MINUTES is backdating: `backdateReason` is required, and
   * beyond the setting `orders.backdateWindowHours` (default 72) the permission `orders.backdate`.
   */
  reportedAt: When.optional(),
  /** Why the report is entered later than it was made (a call logged late, paper forms after an outage). */
  backdateReason: Text(500).optional(),
});
export type OrderCreate = z.infer<typeof OrderCreate>;

// Views

export const OrderSummary = z.object({
  id: z.string(),
  code: z.string(),
  state: OrderState,
  serviceType: ServiceType,
  priority: z.number().int(),
  priorityLabel: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  customerKind: CustomerKind,
  unitId: z.string().nullable(),
  modelName: z.string().nullable(),
  serialNo: z.string().nullable(),
  faultDescription: z.string(),
  provinceCode: z.string().nullable(),
  /** The unit holding the order now (HQ, a center or an outlet). */
  holderUnitId: z.string(),
  holderUnitName: z.string(),
  technicianId: z.string().nullable(),
  technicianName: z.string().nullable(),
  bookedFrom: z.string().nullable(),
  bookedTo: z.string().nullable(),
  waitReason: WaitReason.nullable(),
  urgeCount: z.number().int(),
  zone: Zone.nullable(),
  repeatOfId: z.string().nullable(),
  reportedAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  /** SLA milestones (from the sla module), for the board's countdowns. */
  milestones: z.array(Milestone).optional(),
});
export type OrderSummary = z.infer<typeof OrderSummary>;

export const TimelineEntry = z.object({
  id: z.string(),
  at: z.string(),
  action: z.string(),
  fromState: OrderState.nullable(),
  toState: OrderState.nullable(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  note: z.string().nullable(),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const PartUsed = z.object({
  partId: z.uuid(),
  qty: z.number().int().min(1).max(999),
  oldSerial: z.string().trim().max(64).nullable().optional(),
  newSerial: z.string().trim().max(64).nullable().optional(),
});
export type PartUsed = z.infer<typeof PartUsed>;
export const PartUsedView = z.object({
  id: z.string(),
  partId: z.string(),
  partCode: z.string(),
  partName: z.string(),
  qty: z.number().int(),
  oldSerial: z.string().nullable(),
  newSerial: z.string().nullable(),
});

export const Custody = z.object({
  label: z.string(),
  condition: z.string(),
  accessories: z.array(z.string()),
  receivedAt: z.string(),
  receivedBy: z.string().nullable(),
});

export const Completion = z.object({
  diagnosis: z.string(),
  faultCode: z.string().nullable(),
  cause: z.string(),
  solution: z.string(),
  labourMinutes: z.number().int(),
  photoIds: z.array(z.string()),
  /** PNG data URL of the customer's signature. */
  signature: z.string().nullable(),
  rating: z.number().int().nullable(),
  workaround: z.boolean(),
  completedAt: z.string(),
});

export const UrgeView = z.object({
  id: z.string(),
  at: z.string(),
  n: z.number().int(),
  contactId: z.string().nullable(),
  holderUnitId: z.string(),
  holderUnitName: z.string(),
  note: z.string().nullable(),
});

export const ApprovalView = z.object({
  id: z.string(),
  kind: ApprovalKind,
  note: z.string(),
  approvedBy: z.string().nullable(),
  approvedByName: z.string(),
  at: z.string(),
});

export const RegisterEntry = z.object({
  id: z.string(),
  orderId: z.string(),
  orderCode: z.string(),
  customerName: z.string(),
  modelName: z.string().nullable(),
  serialNo: z.string().nullable(),
  faultReport: z.string(),
  reason: z.string().nullable(),
  reportedBy: z.string().nullable(),
  reportedByName: z.string(),
  at: z.string(),
});
export type RegisterEntry = z.infer<typeof RegisterEntry>;

export const COMPLAINT_REASONS = ['urged'] as const;
export const COMPLAINT_STATUSES = ['open', 'taken', 'dismissed'] as const;

/**
 * A complaint record (投诉记录): the order was urged more than `urgeLimit` times (seed 004). Opened
 * by the urge that crossed the limit (`createdBy` logged it), `urgeCount` follows later urges.
 * `holderUnitId` is the unit holding the order then. Status 'open' until the complaints module
 * takes it.
 */
export const ComplaintRecord = z.object({
  id: z.string(),
  orderId: z.string(),
  orderCode: z.string(),
  reason: z.enum(COMPLAINT_REASONS),
  /** The reason in words, zh-CN and en. */
  reasonText: Bilingual,
  urgeCount: z.number().int(),
  urgeLimit: z.number().int().nullable(),
  /** The customer's words on the urge that opened the record. */
  note: z.string().nullable(),
  status: z.enum(COMPLAINT_STATUSES),
  holderUnitId: z.string().nullable(),
  holderUnitName: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdByName: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ComplaintRecord = z.infer<typeof ComplaintRecord>;

/**
 * A photo of the order: the service request's (source `request`, kind fault) or one uploaded on
 * the job with POST /api/orders/:id/photos (multipart, file parts named photo…, optional field
 * `kind`). `url` downloads it (GET /api/orders/:id/photos/:photoId).
 */
export const OrderPhoto = z.object({
  id: z.string(),
  kind: PhotoKind,
  source: z.enum(['request', 'order']),
  fileName: z.string(),
  mime: z.string(),
  size: z.number().int(),
  url: z.string(),
  createdAt: z.string(),
});
export type OrderPhoto = z.infer<typeof OrderPhoto>;
export const OrderPhotoParams = z.object({ id: z.uuid(), photoId: z.uuid() });

/** An SLA milestone as the sla module reports it (shape owned by that module). */
/** A time limit of the order, as the sla module computes it. */
export const MilestoneView = Milestone;

export const OrderDetail = OrderSummary.extend({
  serviceRequestId: z.string().nullable(),
  contactId: z.string().nullable(),
  addressId: z.string().nullable(),
  address: z.string().nullable(),
  customerPhone: z.string().nullable(),
  /** The phone and street are masked for this reader (DOMAIN.md, Privacy); `reveal-contact` shows them, audited. */
  contactMasked: z.boolean(),
  cityCode: z.string().nullable(),
  districtCode: z.string().nullable(),
  productLineId: z.string().nullable(),
  modelId: z.string().nullable(),
  photoIds: z.array(z.string()),
  /** Every photo of the order with its download URL (request photos and those taken on the job). */
  photos: z.array(OrderPhoto),
  holderUnitPath: z.string(),
  centerId: z.string().nullable(),
  outletId: z.string().nullable(),
  partTime: z.boolean(),
  bookedConfirmed: z.boolean(),
  bookedNote: z.string().nullable(),
  waitNote: z.string().nullable(),
  custody: Custody.nullable(),
  completion: Completion.nullable(),
  parts: z.array(PartUsedView),
  cancelReason: z.string().nullable(),
  /** Set when a return/exchange case ended the order (state closed, no completion). */
  resolution: OrderResolution.nullable(),
  reopenedAsId: z.string().nullable(),
  lastUrgedAt: z.string().nullable(),
  complaintFlagged: z.boolean(),
  /** The order's complaint records (as GET /api/complaint-records lists them), oldest first. */
  complaints: z.array(ComplaintRecord),
  urges: z.array(UrgeView),
  approvals: z.array(ApprovalView),
  register: z.array(RegisterEntry),
  timeline: z.array(TimelineEntry),
  milestones: z.array(MilestoneView),
  /** Who paid: the warranty decisions recorded at completion (warranty module), oldest first. */
  warrantyDecisions: z.array(WarrantyDecision),
  /** Actions the caller may take now (state, permission and assignment allowing). */
  allowedActions: z.array(OrderAction),
  createdBy: z.string().nullable(),
  /** The report time was entered later than the report was made: who, by how much and why. */
  backdate: Backdate.nullable(),
});
export type OrderDetail = z.infer<typeof OrderDetail>;

export const OrderListQuery = z.object({
  state: z
    .union([OrderState, z.array(OrderState)])
    .optional()
    .describe('One state or several (state=a&state=b)'),
  /** Open orders only (not completed, confirmed, closed or cancelled). */
  open: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  serviceType: ServiceType.optional(),
  priority: z.coerce.number().int().min(1).max(3).optional(),
  /** Orders held by this org unit or its subtree. */
  unitId: z.uuid().optional(),
  technicianId: z.uuid().optional(),
  /** Assigned to me (technicians' own list). */
  mine: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  customerId: z.uuid().optional(),
  /** Order code, customer name or unit serial (prefix). */
  q: z.string().trim().min(1).max(60).optional(),
  from: When.optional(),
  to: When.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type OrderListQuery = z.infer<typeof OrderListQuery>;
export const OrderPage = Page(OrderSummary);

// Action bodies

export const DispatchBody = z
  .object({
    toUnitId: z.uuid().optional(),
    technicianId: z.uuid().optional(),
    version: Version,
    /** Required when the target differs from the routing suggestion. */
    overrideReason: Reason.optional(),
    /** Part-time staff (emergency): needs a recorded `part_time_staff` approval first. */
    partTime: z.boolean().optional(),
  })
  .refine((b) => !!b.toUnitId !== !!b.technicianId, {
    message: 'give exactly one of toUnitId and technicianId',
    path: ['toUnitId'],
  });
export type DispatchBody = z.infer<typeof DispatchBody>;

export const VersionBody = z.object({ version: Version, note: z.string().trim().max(1000).optional() });
export type VersionBody = z.infer<typeof VersionBody>;
/** Arriving on site: where the phone says the technician is, when it may tell (proof of the visit). */
export const ArriveBody = VersionBody.extend({
  position: z
    .object({
      lat: z.number().min(-90).max(90),
      lng: z.number().min(-180).max(180),
      accuracyM: z.number().min(0).max(100_000).optional(),
    })
    .optional(),
});
export type ArriveBody = z.infer<typeof ArriveBody>;
export const ReasonBody = z.object({ version: Version, reason: Reason });
export type ReasonBody = z.infer<typeof ReasonBody>;

export const BookBody = z.object({
  version: Version,
  from: When,
  to: When,
  /** The time window was agreed with the customer (phone call, message). */
  confirmedWithCustomer: z.literal(true),
  note: z.string().trim().max(500).optional(),
});
export type BookBody = z.infer<typeof BookBody>;

export const ReceiveBody = z.object({
  version: Version,
  /** Unique label stuck on the unit; generated from the order code when omitted. */
  label: z.string().trim().min(1).max(64).optional(),
  condition: Text(1000),
  accessories: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
});
export type ReceiveBody = z.infer<typeof ReceiveBody>;

export const WaitBody = z.object({ version: Version, reason: WaitReason, note: Text(500) });
export type WaitBody = z.infer<typeof WaitBody>;

export const CompleteBody = z.object({
  version: Version,
  diagnosis: Text(2000),
  faultCode: z.string().trim().max(32).optional(),
  cause: Text(2000),
  solution: Text(2000),
  parts: z.array(PartUsed).max(50).default([]),
  labourMinutes: z.number().int().min(0).max(100_000),
  /** Photos uploaded to the order first (POST /api/orders/:id/photos). */
  photoIds: z.array(z.uuid()).max(20).default([]),
  signature: SignatureDataUrl,
  rating: z.number().int().min(1).max(5).optional(),
  /** A parts workaround was used: needs a recorded `parts_workaround` approval. */
  workaround: z.boolean().optional(),
  /** The fault's cause is not covered (force majeure, misuse…): the work is paid (warranty module). */
  exclusion: Exclusion.optional(),
});
export type CompleteBody = z.infer<typeof CompleteBody>;

export const UnfixableBody = z.object({
  version: Version,
  faultReport: Text(5000),
  reason: z.string().trim().max(500).optional(),
});
export type UnfixableBody = z.infer<typeof UnfixableBody>;

export const ReopenBody = z.object({ version: Version, reason: Reason });
export type ReopenBody = z.infer<typeof ReopenBody>;

/** Correcting the service address: another (or newly added) address of the order's customer, and why. */
export const AddressBody = z.object({ version: Version, addressId: z.uuid(), reason: Reason });
export type AddressBody = z.infer<typeof AddressBody>;

/** The body schema of each action endpoint. */
export const ACTION_BODIES = {
  dispatch: DispatchBody,
  accept: VersionBody,
  reject: ReasonBody,
  book: BookBody,
  depart: VersionBody,
  arrive: ArriveBody,
  receive: ReceiveBody,
  start: VersionBody,
  wait: WaitBody,
  resume: VersionBody,
  complete: CompleteBody,
  confirm: VersionBody,
  close: VersionBody,
  cancel: ReasonBody,
  reopen: ReopenBody,
  report_unfixable: UnfixableBody,
  correct_address: AddressBody,
} as const satisfies Record<OrderAction, z.ZodType>;

export const ApprovalBody = z.object({ kind: ApprovalKind, note: Text(500) });
export type ApprovalBody = z.infer<typeof ApprovalBody>;

export const UrgeBody = z.object({
  channel: z.enum(['phone', 'email', 'web', 'wechat', 'letter', 'walk_in']).default('phone'),
  note: z.string().trim().max(2000).optional(),
});
export type UrgeBody = z.infer<typeof UrgeBody>;
export const UrgeResult = z.object({
  urgeCount: z.number().int(),
  contactId: z.string(),
  complaintFlagged: z.boolean(),
  order: OrderDetail,
});

// Routing suggestion

export const SuggestedUnit = z.object({
  unitId: z.string(),
  name: z.string(),
  distanceKm: z.number().nullable(),
  reasons: z.array(Bilingual),
});
export const SuggestedTechnician = z.object({
  userId: z.string(),
  name: z.string(),
  openLoad: z.number().int(),
  certifiedUntil: z.string().nullable(),
  freeAtBookedTime: z.boolean().nullable(),
  reasons: z.array(Bilingual),
});
export const Suggestion = z.object({
  orderId: z.string(),
  /** What the next dispatch of this order is: to a center, to an outlet, to a technician, or none. */
  step: z.enum(['center', 'outlet', 'technician', 'none']),
  center: SuggestedUnit.nullable(),
  outlet: SuggestedUnit.nullable(),
  technician: SuggestedTechnician.nullable(),
  /** Other technicians, best first (certified ones only). */
  alternatives: z.array(SuggestedTechnician),
  zone: Zone.nullable(),
  nearKm: z.number(),
  reasons: z.array(Bilingual),
});
export type Suggestion = z.infer<typeof Suggestion>;

/**
 * POST /api/orders answers with the order and the routing suggestion for its first dispatch;
 * 201 when created, 200 when an Idempotency-Key replays.
 */
export const OrderCreated = OrderDetail.extend({ suggestion: Suggestion });
export type OrderCreated = z.infer<typeof OrderCreated>;

// Repair register (客户产品维修登记簿)

export const RegisterQuery = z.object({
  q: z.string().trim().min(1).max(60).optional(),
  orderId: z.uuid().optional(),
  from: When.optional(),
  to: When.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type RegisterQuery = z.infer<typeof RegisterQuery>;
export const RegisterPage = Page(RegisterEntry);

// Complaint records (投诉记录)

export const ComplaintRecordQuery = z.object({
  orderId: z.uuid().optional(),
  status: z.enum(COMPLAINT_STATUSES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ComplaintRecordQuery = z.infer<typeof ComplaintRecordQuery>;
export const ComplaintRecordPage = Page(ComplaintRecord);

// Technician certifications

export const CertificationCreate = z.object({
  userId: z.uuid(),
  productLineId: z.uuid(),
  validUntil: z.iso.date(),
  certificateNo: z.string().trim().max(64).optional(),
});
export type CertificationCreate = z.infer<typeof CertificationCreate>;
export const CertificationPatch = z.object({
  validUntil: z.iso.date().optional(),
  certificateNo: z.string().trim().max(64).nullable().optional(),
  version: Version,
});
export type CertificationPatch = z.infer<typeof CertificationPatch>;
export const Certification = z.object({
  id: z.string(),
  userId: z.string(),
  userName: z.string(),
  productLineId: z.string(),
  productLineName: z.string(),
  validUntil: z.string(),
  certificateNo: z.string().nullable(),
  valid: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type Certification = z.infer<typeof Certification>;
export const CertificationQuery = z.object({
  userId: z.uuid().optional(),
  productLineId: z.uuid().optional(),
  validOn: z.iso.date().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(100),
});
export type CertificationQuery = z.infer<typeof CertificationQuery>;
export const CertificationPage = Page(Certification);
export const DeleteQuery = z.object({ version: z.coerce.number().int().min(1) });

/** Revealing the order's masked phone and address: a reason, audited with the order (DOMAIN.md, Privacy). */
export { RevealBody } from '../customers/contract.js';
export const RevealedOrderContact = z.object({
  customerPhone: z.string().nullable(),
  address: z.string().nullable(),
});
export type RevealedOrderContact = z.infer<typeof RevealedOrderContact>;

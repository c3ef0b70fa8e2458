import { z } from 'zod';
import { CatalogPage, LineCategory, UsageKind } from '../catalog/contract.js';

/*
 * The installed base (DOMAIN.md, Intake; issue 3): one physical unit a customer owns — model,
 * serial number, usage, the dates its warranty counts from, where it stands, and its status.
 */

export const UNIT_STATUSES = ['active', 'replaced', 'returned', 'recalled', 'scrapped'] as const;
export const UnitStatus = z.enum(UNIT_STATUSES);

/**
 * Status changes a person may make directly. `replaced` is reached only by the replace action,
 * which registers the new unit and links both; returned, replaced and scrapped units are final.
 * A recalled unit goes back to active when the recall work is done.
 */
export const STATUS_TRANSITIONS: Record<(typeof UNIT_STATUSES)[number], readonly (typeof UNIT_STATUSES)[number][]> = {
  active: ['returned', 'recalled', 'scrapped'],
  recalled: ['active', 'returned', 'scrapped'],
  returned: [],
  replaced: [],
  scrapped: [],
};
export type UnitStatus = z.infer<typeof UnitStatus>;

/** Normalised by the command (spaces dropped, upper-case) and checked there, naming the field. */
const SerialInput = z.string().min(1).max(80);
const IsoDate = z.iso.date();
const Text = (max: number) => z.string().trim().max(max);

const UnitFields = {
  usage: UsageKind,
  purchaseDate: IsoDate.nullable().optional(),
  invoiceNo: Text(50).nullable().optional(),
  invoiceDate: IsoDate.nullable().optional(),
  purchasePriceFen: z
    .number()
    .int()
    .min(0)
    .max(100_000_000_00)
    .nullable()
    .optional()
    .describe('Price paid in fen, from the invoice; a return/exchange case starts from it'),
  sellerChannel: Text(100).nullable().optional().describe('Shop, distributor or online store that sold it'),
  installedOn: IsoDate.nullable().optional(),
  acceptedOn: IsoDate.nullable().optional().describe('Final acceptance; some contracts count warranty from it'),
  addressId: z.uuid().nullable().optional().describe("One of the customer's addresses"),
  location: Text(200).nullable().optional().describe('Where on the premises, e.g. 3楼机房'),
};

export const UnitCreate = z.object({
  modelId: z.uuid(),
  serialNo: SerialInput,
  customerId: z.uuid(),
  ...UnitFields,
});
export type UnitCreate = z.infer<typeof UnitCreate>;

export const UnitUpdate = z
  .object({ modelId: z.uuid(), serialNo: SerialInput, ...UnitFields })
  .partial()
  .extend({ version: z.number().int() });
export type UnitUpdate = z.infer<typeof UnitUpdate>;

export const UnitStatusChange = z.object({
  status: UnitStatus,
  reason: z.string().trim().min(1).max(500),
  version: z.number().int(),
});
export type UnitStatusChange = z.infer<typeof UnitStatusChange>;

export const UnitReplace = z.object({
  newSerialNo: SerialInput,
  newModelId: z.uuid().optional().describe('Defaults to the old unit’s model'),
  reason: z.string().trim().min(1).max(500),
  version: z.number().int(),
});
export type UnitReplace = z.infer<typeof UnitReplace>;

export const UnitListQuery = z.object({
  q: z.string().trim().max(80).optional().describe('Serial number, exact or its beginning'),
  customerId: z.uuid().optional(),
  modelId: z.uuid().optional(),
  status: UnitStatus.optional(),
  page: z.coerce.number().int().min(1).max(500).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type UnitListQuery = z.infer<typeof UnitListQuery>;

export const UnitIdParams = z.object({ id: z.uuid() });
export const SerialParams = z.object({ serial: z.string().min(1).max(80) });
export const SerialQuery = z.object({ modelId: z.uuid().optional() });

/** A row of the unit list. */
export const UnitListItem = z.object({
  id: z.string(),
  serialNo: z.string(),
  status: UnitStatus,
  usage: UsageKind,
  modelId: z.string(),
  modelCode: z.string(),
  modelName: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  purchaseDate: z.string().nullable(),
  installedOn: z.string().nullable(),
  version: z.number().int(),
});
export type UnitListItem = z.infer<typeof UnitListItem>;

export const UnitPage = CatalogPage(UnitListItem).extend({
  totalCapped: z.boolean().describe('True when there are more matches than `total` counts (10,000)'),
});
export type UnitPage = z.infer<typeof UnitPage>;

const ChainLink = z
  .object({ id: z.string(), serialNo: z.string(), modelCode: z.string(), status: UnitStatus })
  .nullable();

export const UnitHistoryEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  actorName: z.string(),
  action: z.string(),
  changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })),
  reason: z.string().nullable(),
});

export const UnitDetail = z.object({
  id: z.string(),
  serialNo: z.string(),
  status: UnitStatus,
  usage: UsageKind,
  purchaseDate: z.string().nullable(),
  invoiceNo: z.string().nullable(),
  invoiceDate: z.string().nullable(),
  purchasePriceFen: z.number().int().nullable(),
  sellerChannel: z.string().nullable(),
  installedOn: z.string().nullable(),
  acceptedOn: z.string().nullable(),
  location: z.string().nullable(),
  orgPath: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  model: z.object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    usageKinds: z.array(UsageKind),
    maintenanceDays: z.number().int().nullable(),
    maintenanceHours: z.number().int().nullable(),
  }),
  line: z.object({ id: z.string(), code: z.string(), name: z.string(), category: LineCategory }),
  customer: z.object({
    id: z.string(),
    code: z.string(),
    name: z.string(),
    kind: z.enum(['individual', 'business']),
    active: z.boolean(),
  }),
  address: z
    .object({
      id: z.string(),
      provinceCode: z.string(),
      cityCode: z.string().nullable(),
      districtCode: z.string().nullable(),
      detail: z.string(),
    })
    .nullable(),
  replaces: ChainLink.describe('The unit this one replaced'),
  replacedBy: ChainLink.describe('The unit that replaced this one'),
  history: z.array(UnitHistoryEntry).describe("The unit's audit events, newest first"),
});
export type UnitDetail = z.infer<typeof UnitDetail>;

export const UnitLabel = z.object({
  url: z.string().describe('Portal link the QR code encodes'),
  model: z.string(),
  serial: z.string(),
  customerNameMasked: z.string(),
});
export type UnitLabel = z.infer<typeof UnitLabel>;

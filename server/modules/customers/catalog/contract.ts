import { z } from 'zod';

/*
 * The product catalog (DOMAIN.md, Parts; issue 3): product lines, models with their parts list
 * (BOM) marking main parts (主要部件), and parts. Company-wide records, not org-scoped.
 */

/** Codes are stored upper-case, so "xqb80-1508" and "XQB80-1508" are one model. */
export const CatalogCode = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/)
  .toUpperCase();
const Name = z.string().trim().min(1).max(100);

export const LINE_CATEGORIES = [
  'washer',
  'electronics',
  'boat',
  'furniture',
  'lighting',
  'software',
  'equipment',
  'other',
] as const;
export const LineCategory = z.enum(LINE_CATEGORIES);
export const USAGE_KINDS = ['household', 'commercial'] as const;
/** 家用 household, 公用/商用 commercial: warranty periods differ by usage (DOMAIN.md, 三包). */
export const UsageKind = z.enum(USAGE_KINDS);
export type UsageKind = z.infer<typeof UsageKind>;

export const IdParams = z.object({ id: z.uuid() });
export const VersionBody = z.object({ version: z.number().int(), reason: z.string().trim().max(500).optional() });
export type VersionBody = z.infer<typeof VersionBody>;
const Flag = z.enum(['true', 'false']);
const PageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};

export { List, Page as CatalogPage } from '../../../platform/lists/contract.js';

// Product lines
export const ProductLine = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  category: LineCategory,
  active: z.boolean(),
  version: z.number().int(),
  modelCount: z.number().int().describe('Active models of the line'),
});
export type ProductLine = z.infer<typeof ProductLine>;

export const LineCreate = z.object({
  code: CatalogCode,
  name: Name,
  nameEn: Name.nullable().optional(),
  category: LineCategory,
});
export type LineCreate = z.infer<typeof LineCreate>;
export const LineUpdate = LineCreate.partial().extend({ version: z.number().int() });
export type LineUpdate = z.infer<typeof LineUpdate>;

export const LineListQuery = z.object({
  q: z.string().trim().max(50).optional().describe('Code or name prefix'),
  includeInactive: Flag.optional(),
});
export type LineListQuery = z.infer<typeof LineListQuery>;

// Models
const MaintenanceCycle = {
  maintenanceDays: z.number().int().min(1).max(3650).nullable().optional().describe('Maintenance every N days'),
  maintenanceHours: z.number().int().min(1).max(100_000).nullable().optional().describe('…or every N running hours'),
};

export const ModelCreate = z.object({
  lineId: z.uuid(),
  code: CatalogCode,
  name: Name,
  usageKinds: z
    .array(UsageKind)
    .min(1)
    .max(2)
    .refine((a) => new Set(a).size === a.length, 'duplicate usage kind'),
  ...MaintenanceCycle,
});
export type ModelCreate = z.infer<typeof ModelCreate>;
export const ModelUpdate = ModelCreate.partial().extend({ version: z.number().int() });
export type ModelUpdate = z.infer<typeof ModelUpdate>;

export const ProductModel = z.object({
  id: z.string(),
  lineId: z.string(),
  lineCode: z.string(),
  lineName: z.string(),
  code: z.string(),
  name: z.string(),
  usageKinds: z.array(UsageKind),
  maintenanceDays: z.number().int().nullable(),
  maintenanceHours: z.number().int().nullable(),
  active: z.boolean(),
  version: z.number().int(),
  partCount: z.number().int(),
});
export type ProductModel = z.infer<typeof ProductModel>;

export const BomLine = z.object({
  partId: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  quantity: z.number().int(),
  isMain: z.boolean().describe('主要部件: main parts have their own warranty period'),
  active: z.boolean(),
});
export type BomLine = z.infer<typeof BomLine>;

export const ProductModelDetail = ProductModel.extend({
  lineCategory: LineCategory,
  parts: z.array(BomLine),
});
export type ProductModelDetail = z.infer<typeof ProductModelDetail>;

export const ModelListQuery = z.object({
  lineId: z.uuid().optional(),
  q: z.string().trim().max(50).optional().describe('Code or name prefix'),
  usage: UsageKind.optional(),
  includeInactive: Flag.optional(),
  ...PageQuery,
});
export type ModelListQuery = z.infer<typeof ModelListQuery>;

export const BomItem = z.object({
  partId: z.uuid(),
  quantity: z.number().int().min(1).max(9999).default(1),
  isMain: z.boolean().default(false),
});
export type BomItem = z.infer<typeof BomItem>;
export const BomReplace = z.object({ items: z.array(BomItem).max(500), version: z.number().int() });
export type BomReplace = z.infer<typeof BomReplace>;

// Parts
export const Part = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  active: z.boolean(),
  version: z.number().int(),
});
export type Part = z.infer<typeof Part>;

export const PartDetail = Part.extend({
  usedIn: z
    .array(
      z.object({
        modelId: z.string(),
        code: z.string(),
        name: z.string(),
        quantity: z.number().int(),
        isMain: z.boolean(),
      }),
    )
    .describe('Models whose parts list holds this part'),
});
export type PartDetail = z.infer<typeof PartDetail>;

export const PartCreate = z.object({ code: CatalogCode, name: Name, nameEn: Name.nullable().optional() });
export type PartCreate = z.infer<typeof PartCreate>;
export const PartUpdate = PartCreate.partial().extend({ version: z.number().int() });
export type PartUpdate = z.infer<typeof PartUpdate>;

export const PartListQuery = z.object({
  q: z.string().trim().max(50).optional().describe('Code or name prefix'),
  includeInactive: Flag.optional(),
  ...PageQuery,
});
export type PartListQuery = z.infer<typeof PartListQuery>;

import { z } from 'zod';
import { ROLE_CODES } from '../../../shared/permissions.js';
import { DisplayName, LangCode, Mobile, PasswordInput, PersonView, Username } from '../../platform/fields/contract.js';

/** Division codes: 6-digit national administrative codes (province 110000, city 110100, district 110101). */
const DivisionCode = z.string().regex(/^\d{6}$/);
const Phone = z.string().regex(/^[0-9+\-() ]{5,20}$/);

export const OrgKind = z.enum(['hq', 'center', 'outlet']);

export const OrgUnit = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  path: z.string(),
  kind: OrgKind,
  code: z.string(),
  name: z.string(),
  licenceNo: z.string().nullable(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  provinceCode: z.string().nullable(),
  cityCode: z.string().nullable(),
  districtCode: z.string().nullable(),
  address: z.string().nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  serviceArea: z.array(z.string()),
  active: z.boolean(),
  version: z.number().int(),
  userCount: z.number().int().optional().describe('Active people attached directly to this unit'),
});
export type OrgUnit = z.infer<typeof OrgUnit>;

const OrgUnitFields = {
  code: z
    .string()
    .trim()
    .min(1)
    .max(32)
    .regex(/^[A-Za-z0-9_-]+$/),
  name: z.string().trim().min(1).max(100),
  licenceNo: z.string().trim().max(50).nullable().optional(),
  contactName: z.string().trim().max(50).nullable().optional(),
  contactPhone: Phone.nullable().optional(),
  provinceCode: DivisionCode.nullable().optional(),
  cityCode: DivisionCode.nullable().optional(),
  districtCode: DivisionCode.nullable().optional(),
  address: z.string().trim().max(200).nullable().optional(),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lng: z.number().min(-180).max(180).nullable().optional(),
  serviceArea: z.array(DivisionCode).max(500).optional(),
};

export const OrgUnitCreate = z.object({ ...OrgUnitFields, kind: OrgKind, parentId: z.uuid() });
export type OrgUnitCreate = z.infer<typeof OrgUnitCreate>;

export const OrgUnitUpdate = z
  .object({ ...OrgUnitFields, version: z.number().int() })
  .partial()
  .required({ version: true });
export type OrgUnitUpdate = z.infer<typeof OrgUnitUpdate>;

export const OrgUnitMove = z.object({ parentId: z.uuid(), version: z.number().int() });
export type OrgUnitMove = z.infer<typeof OrgUnitMove>;
export const VersionBody = z.object({ version: z.number().int(), reason: z.string().trim().max(500).optional() });
export type VersionBody = z.infer<typeof VersionBody>;

/** Path parameter of unit and user routes. */
export const IdParams = z.object({ id: z.uuid() });
export const RoleParams = z.object({ code: z.string().min(1).max(50) });

export const OrgUnitListQuery = z.object({
  kind: OrgKind.optional(),
  q: z.string().trim().max(50).optional().describe('Matches code or name'),
  // A string enum, not z.coerce.boolean(): coercion would read "false" as true.
  includeInactive: z.enum(['true', 'false']).optional(),
});
export type OrgUnitListQuery = z.infer<typeof OrgUnitListQuery>;

export const User = PersonView.extend({
  active: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  lockedUntil: z
    .string()
    .nullable()
    .describe('Until when failed sign-ins lock the account (from some address), or null'),
});
export type User = z.infer<typeof User>;

export const RoleCode = z.enum(ROLE_CODES);

export const UserCreate = z.object({
  username: Username,
  displayName: DisplayName,
  password: PasswordInput,
  mobile: Mobile.nullable().optional(),
  email: z.email().nullable().optional(),
  lang: LangCode.default('zh-CN'),
  orgUnitId: z.uuid(),
  roles: z.array(RoleCode).min(1).max(11),
});
export type UserCreate = z.infer<typeof UserCreate>;

export const UserUpdate = z.object({
  displayName: DisplayName.optional(),
  mobile: Mobile.nullable().optional(),
  email: z.email().nullable().optional(),
  lang: LangCode.optional(),
  orgUnitId: z.uuid().optional(),
  roles: z.array(RoleCode).min(1).max(11).optional(),
  version: z.number().int(),
});
export type UserUpdate = z.infer<typeof UserUpdate>;

export const UserListQuery = z.object({
  q: z.string().trim().max(50).optional().describe('Matches username, name or mobile'),
  orgUnitId: z.uuid().optional().describe('Only this unit and its subtree'),
  role: RoleCode.optional(),
  active: z.enum(['true', 'false']).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type UserListQuery = z.infer<typeof UserListQuery>;

export const ResetPasswordBody = z.object({ password: z.string().min(1).max(128), version: z.number().int() });
export type ResetPasswordBody = z.infer<typeof ResetPasswordBody>;

export { List, Page } from '../../platform/lists/contract.js';

export const Role = z.object({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  builtin: z.boolean(),
  permissions: z.array(z.string()),
  version: z.number().int(),
});
export type Role = z.infer<typeof Role>;

export const RolePermissionsBody = z.object({ permissions: z.array(z.string()).max(200), version: z.number().int() });
export type RolePermissionsBody = z.infer<typeof RolePermissionsBody>;

export const PermissionInfo = z.object({ code: z.string(), zh: z.string(), en: z.string() });
export type PermissionInfo = z.infer<typeof PermissionInfo>;

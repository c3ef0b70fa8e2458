import { and, asc, count, eq, ilike, like, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { PERMISSIONS, ROLE_CODES } from '../../../shared/permissions.js';
import type { DbLike } from '../../db/client.js';
import { withinScope } from '../../platform/access/index.js';
import { lockedUntilSql } from '../../platform/auth/login.js';
import type { Ctx } from '../../platform/context.js';
import { orgUnits, rolePermissions, roles, userRoles, users } from '../../platform/identity/tables.js';
import { escapeLike, notFound } from './common.js';
import type { OrgUnit, OrgUnitListQuery, PermissionInfo, Role, User, UserListQuery } from './contract.js';

/*
 * Reads of the org module. Every query filters by the actor's subtree through platform/access,
 * so records of other branches never appear in lists and read as 404 by id.
 */

const parent = alias(orgUnits, 'parent');

const unitColumns = {
  id: orgUnits.id,
  parentId: orgUnits.parentId,
  path: orgUnits.path,
  kind: orgUnits.kind,
  code: orgUnits.code,
  name: orgUnits.name,
  licenceNo: orgUnits.licenceNo,
  contactName: orgUnits.contactName,
  contactPhone: orgUnits.contactPhone,
  provinceCode: orgUnits.provinceCode,
  cityCode: orgUnits.cityCode,
  districtCode: orgUnits.districtCode,
  address: orgUnits.address,
  lat: orgUnits.lat,
  lng: orgUnits.lng,
  serviceArea: orgUnits.serviceArea,
  active: orgUnits.active,
  version: orgUnits.version,
  // Spelled out with table names: without a join, drizzle leaves columns unqualified and the
  // subquery would compare users' columns with themselves.
  userCount: sql<number>`(select count(*)::int from "users" u where u."org_unit_id" = "org_units"."id" and u."active")`,
};

/**
 * Tree order with siblings by code: HQ, then each center followed by its outlets. The tree has
 * three fixed levels (ALLOWED_PARENT), so the parent's code is enough; "C" collation keeps the
 * order the same on every server.
 */
const treeOrder = [
  sql`case ${orgUnits.kind} when 'hq' then 0 else 1 end`,
  sql`(case when ${orgUnits.kind} = 'outlet' then ${parent.code} else ${orgUnits.code} end) collate "C"`,
  sql`case ${orgUnits.kind} when 'outlet' then 1 else 0 end`,
  sql`${orgUnits.code} collate "C"`,
];

/** The units of the actor's subtree as a flat list in tree order, each with its number of active people. */
export async function listOrgUnits(ctx: Ctx, q: OrgUnitListQuery): Promise<OrgUnit[]> {
  const where: SQL[] = [withinScope(ctx.actor, orgUnits.path)];
  if (q.kind) where.push(eq(orgUnits.kind, q.kind));
  if (q.includeInactive !== 'true') where.push(eq(orgUnits.active, true));
  if (q.q) {
    const text = `%${escapeLike(q.q)}%`;
    where.push(or(ilike(orgUnits.code, text), ilike(orgUnits.name, text))!);
  }
  return ctx.db
    .select(unitColumns)
    .from(orgUnits)
    .leftJoin(parent, eq(parent.id, orgUnits.parentId))
    .where(and(...where))
    .orderBy(...treeOrder);
}

export async function getOrgUnit(ctx: Ctx, id: string): Promise<OrgUnit> {
  const [unit] = await ctx.db
    .select(unitColumns)
    .from(orgUnits)
    .where(and(eq(orgUnits.id, id), withinScope(ctx.actor, orgUnits.path)));
  if (!unit) throw notFound(ctx, 'org_unit');
  return unit;
}

const userColumns = (now: Date) => ({
  id: users.id,
  username: users.username,
  displayName: users.displayName,
  mobile: users.mobile,
  email: users.email,
  lang: users.lang,
  orgUnitId: users.orgUnitId,
  orgUnitName: orgUnits.name,
  // One subquery per row inside the same statement, not a query per user.
  roles: sql<
    string[]
  >`array(select ${userRoles.roleCode} from ${userRoles} where ${userRoles.userId} = ${users.id} order by 1)`,
  active: users.active,
  mustChangePassword: users.mustChangePassword,
  lastLoginAt: users.lastLoginAt,
  createdAt: users.createdAt,
  version: users.version,
  lockedUntil: lockedUntilSql(users.id, now),
});

function toUser<T extends { lastLoginAt: Date | null; createdAt: Date; lockedUntil: string | null }>(u: T) {
  return {
    ...u,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
    lockedUntil: u.lockedUntil ? new Date(u.lockedUntil).toISOString() : null,
  };
}

/** People of the actor's subtree, filtered and paged; never a password hash. */
export async function listUsers(ctx: Ctx, q: UserListQuery) {
  const where: SQL[] = [withinScope(ctx.actor, orgUnits.path)];
  if (q.q) {
    const text = `%${escapeLike(q.q)}%`;
    where.push(or(ilike(users.username, text), ilike(users.displayName, text), ilike(users.mobile, text))!);
  }
  if (q.orgUnitId) {
    // The unit must itself be visible; an unknown or foreign unit gives an empty page, not a hint.
    const [unit] = await ctx.db
      .select({ path: orgUnits.path })
      .from(orgUnits)
      .where(and(eq(orgUnits.id, q.orgUnitId), withinScope(ctx.actor, orgUnits.path)));
    if (!unit) return { items: [], total: 0, page: q.page, pageSize: q.pageSize };
    where.push(like(orgUnits.path, `${escapeLike(unit.path)}%`));
  }
  if (q.role) {
    where.push(
      sql`exists (select 1 from ${userRoles} where ${userRoles.userId} = ${users.id} and ${userRoles.roleCode} = ${q.role})`,
    );
  }
  if (q.active) where.push(eq(users.active, q.active === 'true'));
  const filter = and(...where);
  const [rows, [total]] = await Promise.all([
    ctx.db
      .select(userColumns(ctx.now))
      .from(users)
      .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
      .where(filter)
      .orderBy(asc(users.username), asc(users.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(users).innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId)).where(filter),
  ]);
  return { items: rows.map(toUser), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

export async function getUser(ctx: Ctx, id: string): Promise<User> {
  const [u] = await ctx.db
    .select(userColumns(ctx.now))
    .from(users)
    .innerJoin(orgUnits, eq(orgUnits.id, users.orgUnitId))
    .where(and(eq(users.id, id), withinScope(ctx.actor, orgUnits.path)));
  if (!u) throw notFound(ctx, 'user');
  return toUser(u) satisfies User;
}

const roleOrder = (code: string) => {
  const i = (ROLE_CODES as readonly string[]).indexOf(code);
  return i < 0 ? ROLE_CODES.length : i;
};

/** Roles are company-wide (not org-scoped): every role with its permissions, built-in ones in their usual order. */
export async function listRoles(ctx: Ctx, code?: string): Promise<Role[]> {
  const rows = await ctx.db
    .select({
      code: roles.code,
      nameZh: roles.nameZh,
      nameEn: roles.nameEn,
      builtin: roles.builtin,
      version: roles.version,
      permissions: sql<
        string[]
      >`array(select ${rolePermissions.permission} from ${rolePermissions} where ${rolePermissions.roleCode} = ${roles.code} order by 1)`,
    })
    .from(roles)
    .where(code === undefined ? undefined : eq(roles.code, code));
  return rows.sort((a, b) => roleOrder(a.code) - roleOrder(b.code) || a.code.localeCompare(b.code));
}

export async function getRole(ctx: Ctx, code: string): Promise<Role> {
  const [role] = await listRoles(ctx, code);
  if (!role) throw notFound(ctx, 'role');
  return role;
}

export function listPermissions(): PermissionInfo[] {
  return Object.entries(PERMISSIONS).map(([code, text]) => ({ code, zh: text['zh-CN'], en: text.en }));
}

export interface ResponsibleUnit {
  id: string;
  path: string;
  name: string;
}

/**
 * The active unit serving an area most specifically (DOMAIN.md, People and places): an outlet
 * whose service area names the district, else one naming the city, else the provincial center
 * of the province, else HQ. Ties go to the lowest unit code, so the answer is stable. One query:
 * the org tree is small and every candidate is ranked in it.
 */
export async function findResponsibleUnit(
  db: DbLike,
  area: { provinceCode?: string | null; cityCode?: string | null; districtCode?: string | null },
): Promise<ResponsibleUnit> {
  const has = (code: string | null | undefined) =>
    sql`(${orgUnits.serviceArea} @> jsonb_build_array(${code ?? null}::text))`;
  const rank = sql`case
    when ${orgUnits.kind} = 'outlet' and ${has(area.districtCode)} then 0
    when ${orgUnits.kind} = 'outlet' and ${has(area.cityCode)} then 1
    when ${orgUnits.kind} = 'center' and (${has(area.provinceCode)} or ${orgUnits.provinceCode} = ${area.provinceCode ?? null}::text) then 2
    when ${orgUnits.kind} = 'hq' then 3
    else 4 end`;
  const [unit] = await db
    .select({ id: orgUnits.id, path: orgUnits.path, name: orgUnits.name })
    .from(orgUnits)
    .where(and(eq(orgUnits.active, true), sql`${rank} < 4`))
    .orderBy(rank, sql`${orgUnits.code} collate "C"`)
    .limit(1);
  if (!unit) throw new Error('no active headquarters unit');
  return unit;
}

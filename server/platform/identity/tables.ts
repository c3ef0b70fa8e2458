import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/*
 * Identity tables live in the platform, not in the org module, because every request turns a
 * session into an actor (user, roles, org path) before any module runs. The org module owns the
 * commands and queries that change them.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true });

export const orgUnits = pgTable(
  'org_units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    parentId: uuid('parent_id'),
    /** Materialised path of ids from the root, each followed by '/': 'hqid/centerid/'. Scope checks are prefix matches. */
    path: text('path').notNull(),
    kind: text('kind', { enum: ['hq', 'center', 'outlet'] }).notNull(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    licenceNo: text('licence_no'),
    contactName: text('contact_name'),
    contactPhone: text('contact_phone'),
    provinceCode: text('province_code'),
    cityCode: text('city_code'),
    districtCode: text('district_code'),
    address: text('address'),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    /** Division codes (province, city or district) the unit serves. */
    serviceArea: jsonb('service_area').$type<string[]>().notNull().default([]),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('org_units_code_uq').on(t.code),
    index('org_units_path_idx').using('btree', sql`${t.path} text_pattern_ops`),
    index('org_units_parent_idx').on(t.parentId),
  ],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    username: text('username').notNull(),
    mobile: text('mobile'),
    email: text('email'),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    lang: text('lang', { enum: ['zh-CN', 'en'] })
      .notNull()
      .default('zh-CN'),
    orgUnitId: uuid('org_unit_id')
      .notNull()
      .references(() => orgUnits.id),
    active: boolean('active').notNull().default(true),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    lastLoginAt: ts('last_login_at'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('users_username_uq').on(sql`lower(${t.username})`),
    uniqueIndex('users_mobile_uq').on(t.mobile),
    index('users_org_idx').on(t.orgUnitId),
  ],
);

export const roles = pgTable('roles', {
  code: text('code').primaryKey(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  builtin: boolean('builtin').notNull().default(true),
  version: integer('version').notNull().default(1),
});

export const rolePermissions = pgTable(
  'role_permissions',
  {
    roleCode: text('role_code')
      .notNull()
      .references(() => roles.code),
    permission: text('permission').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roleCode, t.permission] })],
);

export const userRoles = pgTable(
  'user_roles',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    roleCode: text('role_code')
      .notNull()
      .references(() => roles.code),
  },
  (t) => [primaryKey({ columns: [t.userId, t.roleCode] })],
);

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie value; the raw value is never stored. */
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    /** sha256 of the secret; shown once at creation. */
    tokenHash: text('token_hash').notNull(),
    prefix: text('prefix').notNull(),
    /** Permissions the token may use (a subset of its user's); empty means all of the user's. */
    scopes: jsonb('scopes').$type<string[]>().notNull().default([]),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at'),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [uniqueIndex('api_tokens_hash_uq').on(t.tokenHash), index('api_tokens_user_idx').on(t.userId)],
);

/**
 * Sign-in counters, one row per key, shared by all app instances (docs/architecture.md,
 * "Sign-in limits"). Keys: `account:<user id>` (or `name:<typed login>` when no account has it,
 * so unknown names behave like real ones), `pair:<account key>@<ip>`, `ip:<ip>`. Each attempt
 * is counted under a row lock before its password is checked, so parallel attempts cannot
 * pass the limit; a correct password resets the account's rows.
 */
export const loginThrottles = pgTable(
  'login_throttles',
  {
    key: text('key').primaryKey(),
    /** The account the row counts for (account and pair rows of known accounts), for unlocking and display. */
    userId: uuid('user_id'),
    /** Attempts in the current window, including ones still being checked. */
    failures: integer('failures').notNull().default(0),
    windowStartedAt: ts('window_started_at').notNull(),
    lockedUntil: ts('locked_until'),
    /** Locks so far; each doubles the next (reset by a correct password or a quiet day). */
    lockouts: integer('lockouts').notNull().default(0),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('login_throttles_user_idx').on(t.userId), index('login_throttles_updated_idx').on(t.updatedAt)],
);

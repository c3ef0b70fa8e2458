import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Text } from '../../../shared/i18n.js';
import { compactDay } from '../../../shared/time-zone.js';
import type { DbLike } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { hasPermission, pathInScope } from '../../platform/access/index.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { orgUnits, users } from '../../platform/identity/tables.js';
import { assertVersion, recordNotFound } from '../../platform/records.js';
import { inboxRecipients, notifyInbox } from '../../platform/notify/index.js';
import { dueAt, loadCalendarSpecs } from '../sla/index.js';
import type { ComplaintConfig, ComplaintLevel, ComplaintSeverity, RouteRow } from './contract.js';
import { complaintCode, DEFAULT_CONFIG, deadlineOf } from './rules.js';
import { complaintDepartments, complaintEvents, complaintRoutes, complaintSettings, complaints } from './tables.js';

export type ComplaintRow = typeof complaints.$inferSelect;
export type DepartmentRow = typeof complaintDepartments.$inferSelect;

/** The business calendar complaint deadlines count on when configured so (the SLA module's office hours). */
export const BUSINESS_CALENDAR = 'office';

export async function loadConfig(
  db: DbLike,
): Promise<{ config: ComplaintConfig; version: number; row: typeof complaintSettings.$inferSelect | null }> {
  const [row] = await db.select().from(complaintSettings).where(eq(complaintSettings.id, 1));
  return { config: row?.config ?? DEFAULT_CONFIG, version: row?.version ?? 0, row: row ?? null };
}

export async function loadRoutes(db: DbLike): Promise<RouteRow[]> {
  const rows = await db.select().from(complaintRoutes);
  return rows.map((r) => ({ type: r.type, target: r.target, departmentId: r.departmentId }));
}

export async function loadDepartments(db: DbLike): Promise<DepartmentRow[]> {
  return db.select().from(complaintDepartments).where(eq(complaintDepartments.active, true));
}

export const deptName = (d: Pick<DepartmentRow, 'nameZh' | 'nameEn'>, lang: string) =>
  lang === 'en' ? d.nameEn : d.nameZh;

/** The deadline of the current level from `start` (24×7 arithmetic, or the business calendar). */
export async function deadlineFrom(
  db: DbLike,
  severity: ComplaintSeverity,
  start: Date,
  config: ComplaintConfig,
): Promise<Date | null> {
  let business: ((s: Date, m: number) => Date | null) | null = null;
  if (config.calendar === 'business') {
    const specs = await loadCalendarSpecs(db, { codes: [BUSINESS_CALENDAR] }, start);
    const spec = [...specs.values()][0]?.spec;
    business = (s, m) => (spec ? dueAt(s, m, spec).due : new Date(s.getTime() + m * 60_000));
  }
  return deadlineOf(severity, start, config, business ?? ((s, m) => new Date(s.getTime() + m * 60_000)));
}

export async function nextCode(tx: DbLike, now: Date): Promise<string> {
  const zone = await getSetting(tx, 'company.timeZone', now);
  const [r] = rowsOf<{ n: string }>(await tx.execute(sql`select nextval('complaint_code_seq')::text as n`));
  return complaintCode(compactDay(now, zone), Number(r!.n));
}

/** The record's name in refusals (entity.not_found). */
export const COMPLAINT = { 'zh-CN': '投诉', en: 'Complaint' };

/** Loads a complaint for a command: locked, in the actor's scope, at the version given (if any). */
export async function lockComplaint(tx: DbLike, ctx: Ctx, id: string, version?: number): Promise<ComplaintRow> {
  const [row] = await tx.select().from(complaints).where(eq(complaints.id, id)).for('update');
  // Out of scope reads as not found, like every record named by id.
  if (!row || !pathInScope(ctx.actor, row.orgPath)) throw recordNotFound(ctx.lang, COMPLAINT);
  if (version !== undefined)
    await assertVersion(
      tx,
      ctx,
      { entity: 'complaint', entityId: row.id, version: row.version, updatedAt: row.updatedAt },
      version,
    );
  return row;
}

export const actorName = (ctx: Ctx) => ctx.actor.displayName || ctx.actor.username;

/** One timeline row of a complaint, in the command's transaction. */
export async function addEvent(
  tx: DbLike,
  ctx: Ctx,
  complaintId: string,
  kind: string,
  text: Text,
  data: Record<string, unknown> = {},
): Promise<void> {
  await tx.insert(complaintEvents).values({
    complaintId,
    kind,
    actorId: ctx.actor.id,
    actorName: actorName(ctx),
    at: ctx.now,
    text,
    data,
  });
}

/** The level a person acts at: 3 leadership (manager, admin), 2 complaints.manage, 1 complaints.handle. */
export function actorLevel(ctx: Ctx): ComplaintLevel | 0 {
  const a = ctx.actor;
  if (a.kind === 'system' || a.roles.includes('manager') || a.roles.includes('admin')) return 3;
  if (hasPermission(a, 'complaints.manage')) return 2;
  if (hasPermission(a, 'complaints.handle')) return 1;
  return 0;
}

/** The root (HQ) unit of a path. */
export const rootOf = (path: string) => path.split('/').filter(Boolean)[0] ?? null;

/** The org path a complaint without an order is read under: the company's root. */
export async function rootPath(tx: DbLike, ctx: Ctx): Promise<string> {
  const root = rootOf(ctx.actor.orgPath);
  if (root) return `${root}/`;
  const [hq] = await tx.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.kind, 'hq')).limit(1);
  if (!hq) throw new AppError('entity.not_found', { entity: 'org_unit' });
  return hq.path;
}

/**
 * The people of a level: 1 — the handler, and the routed unit's people who handle complaints, or
 * HQ's complaint handlers for a department; 2 — the handler's superiors (complaints.manage at HQ,
 * and the center above a routed outlet); 3 — company leadership (HQ managers, else administrators).
 */
export async function levelPeople(tx: DbLike, c: ComplaintRow, level: number): Promise<string[]> {
  const root = rootOf(c.orgPath);
  const ids = new Set<string>();
  const add = (xs: string[]) => {
    for (const x of xs) ids.add(x);
  };
  if (level === 1) {
    if (c.handlerId) ids.add(c.handlerId);
    if (c.routedUnitId) add(await inboxRecipients(tx, { orgUnitId: c.routedUnitId, permission: 'complaints.handle' }));
    else if (root) add(await inboxRecipients(tx, { orgUnitId: root, permission: 'complaints.handle' }));
  } else if (level === 2) {
    if (root) add(await inboxRecipients(tx, { orgUnitId: root, permission: 'complaints.manage' }));
    if (c.routedUnitId) {
      const [u] = await tx.select({ path: orgUnits.path }).from(orgUnits).where(eq(orgUnits.id, c.routedUnitId));
      const center = u?.path.split('/').filter(Boolean)[1];
      if (center && center !== c.routedUnitId)
        add(await inboxRecipients(tx, { orgUnitId: center, permission: 'complaints.handle' }));
    }
  } else if (root) {
    let xs = await inboxRecipients(tx, { orgUnitId: root, role: 'manager' });
    if (!xs.length) xs = await inboxRecipients(tx, { orgUnitId: root, role: 'admin' });
    add(xs);
  }
  return [...ids];
}

/** Notifies a level's people of a complaint; answers their names. */
export async function notifyLevel(
  tx: DbLike,
  c: ComplaintRow,
  level: number,
  title: Text,
  body: Text,
  at: Date,
): Promise<string[]> {
  const ids = await levelPeople(tx, c, level);
  if (!ids.length) return [];
  await notifyInbox(tx, {
    userIds: ids,
    title,
    body,
    link: `/complaints/${c.id}`,
    entity: 'complaint',
    entityId: c.id,
    at,
    // A complaint for these people to handle (new, routed to their level, escalated): by e-mail too for those who asked.
    event: 'complaint.assigned',
    orgPath: c.orgPath,
  });
  const rows = await tx.select({ name: users.displayName }).from(users).where(inArray(users.id, ids));
  return rows.map((r) => r.name).sort();
}

/** The department a route or a routing row names: a complaint department, else an org unit. */
export async function findDepartment(
  tx: DbLike,
  id: string,
): Promise<
  { kind: 'department'; row: DepartmentRow } | { kind: 'unit'; id: string; name: string; path: string } | null
> {
  const [d] = await tx
    .select()
    .from(complaintDepartments)
    .where(and(eq(complaintDepartments.id, id)));
  if (d) return { kind: 'department', row: d };
  const [u] = await tx
    .select({ id: orgUnits.id, name: orgUnits.name, path: orgUnits.path })
    .from(orgUnits)
    .where(eq(orgUnits.id, id));
  return u ? { kind: 'unit', ...u } : null;
}

import { and, count, desc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Text } from '../../../shared/i18n.js';
import type { Permission } from '../../../shared/permissions.js';
import type { DbLike } from '../../db/client.js';
import type { Ctx } from '../context.js';
import { AppError } from '../errors.js';
import { rolePermissions, userRoles, users } from '../identity/tables.js';
import { recordNotFound } from '../records.js';
import type { InboxItem, InboxPage, InboxQuery } from './contract.js';
import type { StaffEvent } from './events.js';
import { inboxItems } from './inbox-tables.js';
import { mailStaff } from './send.js';

export interface InboxInput {
  /** People named directly. */
  userIds?: string[];
  /** And/or the active people of one org unit (not its subtree)… */
  orgUnitId?: string;
  /** …holding this permission (through any of their roles)… */
  permission?: Permission;
  /** …or this role. */
  role?: string;
  title: Text;
  body: Text;
  link?: string;
  entity?: string;
  entityId?: string;
  /** When the notice was written; defaults to the wall clock. */
  at?: Date;
  /** The staff event it is: the recipients who asked for its e-mail get one too (send.ts, mailStaff). */
  event?: StaffEvent;
  /** Whose notice it is, for the outbox's data scope (the order's org path). */
  orgPath?: string | null;
}

/** The people a notice goes to: named ones plus the unit's people with the permission or role. */
export async function inboxRecipients(
  tx: DbLike,
  input: Pick<InboxInput, 'userIds' | 'orgUnitId' | 'permission' | 'role'>,
): Promise<string[]> {
  const ids = new Set(input.userIds ?? []);
  if (input.orgUnitId) {
    const where: SQL[] = [eq(users.orgUnitId, input.orgUnitId), eq(users.active, true)];
    const rights: SQL[] = [];
    if (input.permission) {
      rights.push(
        sql`exists (select 1 from ${userRoles} ur join ${rolePermissions} rp on rp.role_code = ur.role_code
          where ur.user_id = ${users.id} and rp.permission = ${input.permission})`,
      );
    }
    if (input.role)
      rights.push(
        sql`exists (select 1 from ${userRoles} ur where ur.user_id = ${users.id} and ur.role_code = ${input.role})`,
      );
    if (rights.length) where.push(sql`(${sql.join(rights, sql` or `)})`);
    for (const r of await tx
      .select({ id: users.id })
      .from(users)
      .where(and(...where)))
      ids.add(r.id);
  }
  return [...ids];
}

/**
 * Writes a notice into the inbox of each recipient, inside the caller's transaction (it exists
 * only if the change that caused it commits). Returns the recipients' ids.
 */
export async function notifyInbox(tx: DbLike, input: InboxInput): Promise<string[]> {
  const recipients = await inboxRecipients(tx, input);
  if (!recipients.length) return [];
  const at = input.at ?? new Date();
  await tx.insert(inboxItems).values(
    recipients.map((userId) => ({
      userId,
      title: input.title,
      body: input.body,
      link: input.link ?? null,
      entity: input.entity ?? null,
      entityId: input.entityId ?? null,
      createdAt: at,
    })),
  );
  if (input.event)
    await mailStaff(
      tx,
      input.event,
      recipients,
      { title: input.title, body: input.body, link: input.link, orgPath: input.orgPath },
      at,
    );
  return recipients;
}

function me(ctx: Ctx): string {
  if (!ctx.actor.id) throw new AppError('auth.required');
  return ctx.actor.id;
}

const view = (r: typeof inboxItems.$inferSelect): InboxItem => ({
  id: r.id,
  title: r.title,
  body: r.body,
  link: r.link,
  entity: r.entity,
  entityId: r.entityId,
  createdAt: r.createdAt.toISOString(),
  readAt: r.readAt?.toISOString() ?? null,
});

/** My notices: unread first, then newest first. */
export async function listInbox(ctx: Ctx, q: InboxQuery): Promise<InboxPage> {
  const userId = me(ctx);
  const where = and(eq(inboxItems.userId, userId), q.unread ? isNull(inboxItems.readAt) : undefined);
  const [rows, [total], [unread]] = await Promise.all([
    ctx.db
      .select()
      .from(inboxItems)
      .where(where)
      .orderBy(sql`${inboxItems.readAt} is not null`, desc(inboxItems.createdAt), desc(inboxItems.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    ctx.db.select({ n: count() }).from(inboxItems).where(where),
    ctx.db
      .select({ n: count() })
      .from(inboxItems)
      .where(and(eq(inboxItems.userId, userId), isNull(inboxItems.readAt))),
  ]);
  return { items: rows.map(view), total: total?.n ?? 0, unread: unread?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

export async function unreadCount(ctx: Ctx): Promise<{ unread: number }> {
  const [row] = await ctx.db
    .select({ n: count() })
    .from(inboxItems)
    .where(and(eq(inboxItems.userId, me(ctx)), isNull(inboxItems.readAt)));
  return { unread: row?.n ?? 0 };
}

/** Marks one of my notices read (somebody else's reads as not found). */
export async function markRead(ctx: Ctx, id: string): Promise<InboxItem> {
  const userId = me(ctx);
  const [row] = await ctx.db
    .update(inboxItems)
    .set({ readAt: sql`coalesce(${inboxItems.readAt}, ${ctx.now.toISOString()}::timestamptz)` })
    .where(and(eq(inboxItems.id, id), eq(inboxItems.userId, userId)))
    .returning();
  if (!row) throw recordNotFound(ctx.lang, { 'zh-CN': '消息', en: 'Notice' });
  return view(row);
}

export async function markAllRead(ctx: Ctx, ids?: string[]): Promise<{ updated: number }> {
  const rows = await ctx.db
    .update(inboxItems)
    .set({ readAt: ctx.now })
    .where(
      and(eq(inboxItems.userId, me(ctx)), isNull(inboxItems.readAt), ids ? inArray(inboxItems.id, ids) : undefined),
    )
    .returning({ id: inboxItems.id });
  return { updated: rows.length };
}

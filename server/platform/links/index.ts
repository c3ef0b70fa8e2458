import { createHash, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import { AppError } from '../errors.js';
import { oneTimeLinks } from './tables.js';

export { oneTimeLinks } from './tables.js';

/*
 * One way to send a customer a link that acts without a login: issue it in the transaction that
 * causes it (with the message that carries it), read it to show the page, and use it in the
 * transaction that does what it allows — the row locked, so two submissions of one link cannot
 * both pass. Refusals: `link.not_found` (unknown, or another purpose), `link.expired`, `link.used`.
 */

export type LinkPurpose = 'callback.survey' | 'recall.booking' | 'messages.unsubscribe';

/** 24 random bytes, URL-safe: 32 characters, 192 bits — not guessable, short enough for an SMS. */
const newToken = () => randomBytes(24).toString('base64url');
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
/** A token's shape, checked before any query (the route refuses anything else as not found). */
export const LINK_TOKEN = /^[A-Za-z0-9_-]{32}$/;

export interface IssuedLink {
  id: string;
  token: string;
}

export async function issueLink(
  tx: DbLike,
  link: { purpose: LinkPurpose; subjectId: string; expiresAt: Date },
  now: Date,
): Promise<IssuedLink> {
  const token = newToken();
  const [row] = await tx
    .insert(oneTimeLinks)
    .values({ ...link, tokenHash: hashOf(token), createdAt: now })
    .returning({ id: oneTimeLinks.id });
  return { id: row!.id, token };
}

export type LinkRow = typeof oneTimeLinks.$inferSelect;

async function find(db: DbLike, purpose: LinkPurpose, token: string, lock: boolean): Promise<LinkRow> {
  if (!LINK_TOKEN.test(token)) throw new AppError('link.not_found');
  const q = db
    .select()
    .from(oneTimeLinks)
    .where(and(eq(oneTimeLinks.tokenHash, hashOf(token)), eq(oneTimeLinks.purpose, purpose)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw new AppError('link.not_found');
  return row;
}

export type LinkState = 'open' | 'used' | 'expired';

export const linkState = (row: Pick<LinkRow, 'usedAt' | 'expiresAt'>, now: Date): LinkState =>
  row.usedAt ? 'used' : row.expiresAt.getTime() <= now.getTime() ? 'expired' : 'open';

/** The link for showing its page: any state (the page says it was used or has expired). */
export const readLink = (db: DbLike, purpose: LinkPurpose, token: string): Promise<LinkRow> =>
  find(db, purpose, token, false);

/** Refuses a used or expired link. */
export function assertLinkOpen(row: LinkRow, now: Date): void {
  const state = linkState(row, now);
  if (state === 'used') throw new AppError('link.used');
  if (state === 'expired') throw new AppError('link.expired');
}

/**
 * Uses the link inside the caller's transaction: locked, checked open, marked used. If the
 * transaction fails the link stays open, so a refused answer can be corrected and sent again.
 */
export async function useLink(tx: DbLike, purpose: LinkPurpose, token: string, now: Date): Promise<LinkRow> {
  const row = await find(tx, purpose, token, true);
  assertLinkOpen(row, now);
  await tx.update(oneTimeLinks).set({ usedAt: now }).where(eq(oneTimeLinks.id, row.id));
  return { ...row, usedAt: now };
}

import type { DbLike } from '../../db/client.js';
import { outbox } from './tables.js';

export type OutboxChannel = (typeof outbox.$inferInsert)['channel'];

export interface MessageInput {
  channel: OutboxChannel;
  /** Normalised phone number, mail address or WeChat open id. */
  recipient: string;
  /** Stable template name, e.g. 'portal.otp'; channels that use provider templates send it with `params`. */
  template: string;
  params: Record<string, unknown>;
  subject?: string | null;
  /** The rendered text, for channels that send plain text and for the outbox page. */
  body: string;
}

/**
 * Writes a message to the outbox inside the caller's transaction: it is sent only if the change
 * that caused it commits, and never lost if the process stops before sending.
 */
export async function enqueueMessage(tx: DbLike, input: MessageInput, now: Date = new Date()): Promise<string> {
  const [row] = await tx
    .insert(outbox)
    .values({
      channel: input.channel,
      recipient: input.recipient,
      template: input.template,
      params: input.params,
      subject: input.subject ?? null,
      body: input.body,
      status: 'pending',
      nextAttemptAt: now,
      createdAt: now,
    })
    .returning({ id: outbox.id });
  return row!.id;
}

import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Lang, Text } from '../../../shared/i18n.js';
import type { DbLike } from '../../db/client.js';
import { getSetting } from '../config/index.js';
import { users } from '../identity/tables.js';
import { issueLink } from '../links/index.js';
import { eventDef, type MessageChannel, type MessageEvent, type StaffEvent } from './events.js';
import { renderTemplate } from './render.js';
import { quietRelease } from './rules.js';
import { customerChannelPrefs, messageOptOuts, type OutboxAttachment, outbox, staffMailPrefs } from './tables.js';
import { type ResolvedTemplate, templateAt } from './templates.js';

/*
 * The one way a module sends a message (docs/messages.md): name the event, the recipient's
 * addresses and the event's variables. Inside the caller's transaction this picks the channels
 * whose template is on, honours the customer's channel choice and opt-outs (recorded as
 * 'suppressed'), renders the wording in force, holds customers' messages over quiet hours, and
 * writes the outbox rows the dispatcher sends after the commit.
 */

export interface Recipient {
  /** The customer the message is for: their channel choice applies and the outbox links them. */
  customerId?: string | null;
  phone?: string | null;
  email?: string | null;
  /** The customer's WeChat open id for the official account. */
  wechat?: string | null;
  lang?: Lang;
}

export type MessageParams = Record<string, string | number | null | undefined>;

export interface Queued {
  channel: MessageChannel;
  id: string;
  status: 'pending' | 'suppressed';
}

const UNSUBSCRIBE_DAYS = 365;

const addressOf = (to: Recipient, channel: MessageChannel) =>
  (channel === 'sms' ? to.phone : channel === 'email' ? to.email : to.wechat)?.trim() || null;

/** Everything a batch of one event's messages shares, read once (a recall's outreach sends thousands). */
export interface Sender {
  send(
    to: Recipient,
    params: MessageParams,
    opts?: { orgPath?: string | null; attachments?: OutboxAttachment[] },
  ): Promise<Queued[]>;
}

export async function prepareSender(tx: DbLike, event: MessageEvent, now: Date): Promise<Sender> {
  const def = eventDef(event);
  const templates: ResolvedTemplate[] = [];
  // One query at a time: `tx` may be a transaction, one connection.
  for (const channel of Object.keys(def.channels) as MessageChannel[]) {
    const t = await templateAt(tx, event, channel, now);
    if (t?.enabled) templates.push(t);
  }
  const company = await getSetting(tx, 'company.name', now);
  const hotline = await getSetting(tx, 'company.hotline', now);
  const zone = await getSetting(tx, 'company.timeZone', now);
  const quiet = await getSetting(tx, 'messages.quietHours', now);
  const publicUrl = await getSetting(tx, 'portal.publicUrl', now);
  const customer = def.audience === 'customer';
  const release = customer && def.category !== 'security' ? (quietRelease(now, zone, quiet) ?? now) : now;

  return {
    async send(to, params, opts = {}) {
      if (!templates.length) return [];
      const lang: Lang = to.lang ?? 'zh-CN';
      let chosen: MessageChannel[] | null = null;
      if (to.customerId) {
        const [p] = await tx
          .select({ channels: customerChannelPrefs.channels })
          .from(customerChannelPrefs)
          .where(eq(customerChannelPrefs.customerId, to.customerId));
        chosen = p?.channels ?? null;
      }
      const vars: Record<string, unknown> = { company, hotline, ...params };
      const out: Queued[] = [];
      for (const t of templates) {
        const address = addressOf(to, t.channel);
        if (!address) continue;
        // The customer's choice of channels holds for everything but the codes they ask for.
        if (chosen && def.category !== 'security' && !chosen.includes(t.channel)) continue;
        let suppressed = false;
        if (def.category !== 'security') {
          const [o] = await tx
            .select({ at: messageOptOuts.at })
            .from(messageOptOuts)
            .where(and(eq(messageOptOuts.channel, t.channel), eq(messageOptOuts.address, address)));
          suppressed = !!o;
        }
        const id = randomUUID();
        let body = renderTemplate(t.body[lang], vars);
        const subject = t.subject ? renderTemplate(t.subject[lang], vars) : null;
        if (t.channel === 'sms' && def.category === 'marketing' && !/TD/.test(body))
          body += lang === 'en' ? ' Reply TD to stop.' : ' 回复TD退订';
        if (t.channel === 'email' && customer && !suppressed) {
          const link = await issueLink(
            tx,
            {
              purpose: 'messages.unsubscribe',
              subjectId: id,
              expiresAt: new Date(now.getTime() + UNSUBSCRIBE_DAYS * 86_400_000),
            },
            now,
          );
          const url = `${publicUrl}/portal/unsubscribe/${link.token}`;
          body +=
            lang === 'en'
              ? `\n\n--\n${company} ${hotline}\nStop these e-mails: ${url}`
              : `\n\n——\n${company} ${hotline}\n退订邮件通知：${url}`;
        }
        await tx.insert(outbox).values({
          id,
          channel: t.channel,
          recipient: address,
          template: event,
          params: vars,
          subject,
          body,
          attachments: t.channel === 'email' ? (opts.attachments ?? []) : [],
          lang,
          providerCode: t.providerCode,
          signature: t.signature,
          orgPath: opts.orgPath ?? null,
          customerId: to.customerId ?? null,
          status: suppressed ? 'suppressed' : 'pending',
          reason: suppressed ? 'opted_out' : null,
          nextAttemptAt: release,
          createdAt: now,
        });
        out.push({ channel: t.channel, id, status: suppressed ? 'suppressed' : 'pending' });
      }
      return out;
    },
  };
}

/** One message of one event (most callers): prepare and send. */
export async function sendMessage(
  tx: DbLike,
  input: { event: MessageEvent; to: Recipient; params: MessageParams; orgPath?: string | null },
  now: Date,
): Promise<Queued[]> {
  const sender = await prepareSender(tx, input.event, now);
  return sender.send(input.to, input.params, { orgPath: input.orgPath });
}

/**
 * Staff notices by e-mail, for the people among `userIds` who asked for this event's mail and
 * have an address (the inbox notice itself is written by notifyInbox, which calls this).
 */
export async function mailStaff(
  tx: DbLike,
  event: StaffEvent,
  userIds: string[],
  notice: {
    title: Text;
    body: Text;
    link?: string | null;
    orgPath?: string | null;
    /** Files each e-mail carries (a report's XLSX). */
    attachments?: OutboxAttachment[];
  },
  now: Date,
): Promise<number> {
  if (!userIds.length) return 0;
  const people = await tx
    .select({ id: users.id, email: users.email, lang: users.lang })
    .from(users)
    .innerJoin(staffMailPrefs, and(eq(staffMailPrefs.userId, users.id), eq(staffMailPrefs.event, event)))
    .where(and(inArray(users.id, userIds), isNotNull(users.email), eq(users.active, true)));
  if (!people.length) return 0;
  const base = await getSetting(tx, 'portal.publicUrl', now);
  const sender = await prepareSender(tx, event, now);
  let n = 0;
  for (const p of people) {
    const q = await sender.send(
      { email: p.email, lang: p.lang },
      {
        title: notice.title[p.lang],
        body: notice.body[p.lang],
        link: notice.link ? `${base}${notice.link}` : null,
      },
      { orgPath: notice.orgPath ?? null, ...(notice.attachments ? { attachments: notice.attachments } : {}) },
    );
    n += q.length;
  }
  return n;
}

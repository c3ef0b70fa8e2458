import { and, desc, eq, gt, lte } from 'drizzle-orm';
import type { Lang, Text } from '../../../shared/i18n.js';
import type { DbLike } from '../../db/client.js';
import { requirePermission } from '../access/index.js';
import type { Ctx } from '../context.js';
import { AppError } from '../errors.js';
import { appendEvent } from '../events/append.js';
import {
  eventDef,
  isMessageEvent,
  knownVariables,
  MESSAGE_EVENT_KEYS,
  type MessageChannel,
  type MessageEvent,
} from './events.js';
import { checkTemplate, renderTemplate } from './render.js';
import { messageTemplates } from './tables.js';

/** The wording in force for one event and channel. */
export interface ResolvedTemplate {
  event: MessageEvent;
  channel: MessageChannel;
  enabled: boolean;
  subject: Text | null;
  body: Text;
  providerCode: string | null;
  signature: string | null;
  /** The stored version's id; null: the event's default. */
  versionId: string | null;
  effectiveFrom: string | null;
}

type Row = typeof messageTemplates.$inferSelect;

function fromRow(event: MessageEvent, channel: MessageChannel, row: Row | undefined): ResolvedTemplate | null {
  const def = eventDef(event).channels[channel];
  if (!def) return null;
  if (!row)
    return {
      event,
      channel,
      enabled: def.enabled,
      subject: def.subject ?? null,
      body: def.body,
      providerCode: null,
      signature: null,
      versionId: null,
      effectiveFrom: null,
    };
  return {
    event,
    channel,
    enabled: row.enabled,
    subject: row.subjectZh !== null ? { 'zh-CN': row.subjectZh, en: row.subjectEn ?? row.subjectZh } : null,
    body: { 'zh-CN': row.bodyZh, en: row.bodyEn },
    providerCode: row.providerCode,
    signature: row.signature,
    versionId: row.id,
    effectiveFrom: row.effectiveFrom.toISOString(),
  };
}

/** The template of an event and channel in force at `at`; null when the event has no such channel. */
export async function templateAt(
  db: DbLike,
  event: MessageEvent,
  channel: MessageChannel,
  at: Date,
): Promise<ResolvedTemplate | null> {
  if (!eventDef(event).channels[channel]) return null;
  const [row] = await db
    .select()
    .from(messageTemplates)
    .where(
      and(
        eq(messageTemplates.event, event),
        eq(messageTemplates.channel, channel),
        lte(messageTemplates.effectiveFrom, at),
      ),
    )
    .orderBy(desc(messageTemplates.effectiveFrom), desc(messageTemplates.createdAt))
    .limit(1);
  return fromRow(event, channel, row);
}

export interface TemplateInput {
  event: string;
  channel: MessageChannel;
  enabled: boolean;
  subject?: Text | null;
  body: Text;
  providerCode?: string | null;
  signature?: string | null;
  effectiveFrom?: string | null;
  note?: string | null;
}

function knownEvent(event: string): MessageEvent {
  if (!isMessageEvent(event)) throw new AppError('message.event_unknown', { event });
  return event;
}

/**
 * Refuses a template that would reach people wrong: a variable the event never supplies, one its
 * message needs left out, stray braces, a mail without a subject. Each refusal names the field.
 */
export function assertTemplateValid(input: TemplateInput): MessageEvent {
  const event = knownEvent(input.event);
  const def = eventDef(event);
  if (!def.channels[input.channel])
    throw new AppError('message.channel_not_offered', { event, channel: input.channel }, [
      { path: 'channel', code: 'message.channel_not_offered', message: '' },
    ]);
  const known = knownVariables(event);
  const texts: [string, string, readonly string[]][] = [
    ['body.zh-CN', input.body['zh-CN'], def.required],
    ['body.en', input.body.en, def.required],
  ];
  if (input.channel === 'email') {
    if (!input.subject?.['zh-CN']?.trim() || !input.subject.en?.trim())
      throw new AppError('message.template_subject_required', {}, [
        {
          path: input.subject?.['zh-CN']?.trim() ? 'subject.en' : 'subject.zh-CN',
          code: 'message.template_subject_required',
          message: '',
        },
      ]);
    texts.push(['subject.zh-CN', input.subject['zh-CN'], []], ['subject.en', input.subject.en, []]);
  }
  for (const [path, text, required] of texts) {
    const [p] = checkTemplate(text, known, required);
    if (!p) continue;
    const code =
      p.kind === 'unknown'
        ? 'message.template_unknown_variable'
        : p.kind === 'missing'
          ? 'message.template_missing_variable'
          : 'message.template_unbalanced';
    throw new AppError(code, { variable: p.variable, known: known.join(', ') }, [{ path, code, message: '' }]);
  }
  return event;
}

/** A new version of one template, effective now or from a later date, audited. */
export async function saveTemplate(ctx: Ctx, input: TemplateInput) {
  requirePermission(ctx.actor, 'settings.manage');
  const event = assertTemplateValid(input);
  const effectiveFrom = input.effectiveFrom ? new Date(input.effectiveFrom) : ctx.now;
  return ctx.db.transaction(async (tx) => {
    const before = await templateAt(tx, event, input.channel, effectiveFrom);
    const [row] = await tx
      .insert(messageTemplates)
      .values({
        event,
        channel: input.channel,
        enabled: input.enabled,
        subjectZh: input.channel === 'email' ? (input.subject?.['zh-CN'] ?? null) : null,
        subjectEn: input.channel === 'email' ? (input.subject?.en ?? null) : null,
        bodyZh: input.body['zh-CN'],
        bodyEn: input.body.en,
        providerCode: input.providerCode?.trim() || null,
        signature: input.signature?.trim() || null,
        effectiveFrom,
        note: input.note ?? null,
        createdBy: ctx.actor.id,
        createdAt: ctx.now,
      })
      .returning();
    await appendEvent(tx, ctx, {
      entity: 'message_template',
      entityId: `${event}/${input.channel}`,
      action: 'message.template_saved',
      before: before ? { ...before } : null,
      after: fromRow(event, input.channel, row) as never,
      reason: input.note ?? null,
    });
    return fromRow(event, input.channel, row)!;
  });
}

/** Every event with each channel's template in force now and how many versions wait to start. */
export async function listTemplates(ctx: Ctx) {
  requirePermission(ctx.actor, 'settings.read');
  const upcoming = await ctx.db
    .select({ event: messageTemplates.event, channel: messageTemplates.channel })
    .from(messageTemplates)
    .where(gt(messageTemplates.effectiveFrom, ctx.now));
  const out = [];
  for (const event of MESSAGE_EVENT_KEYS) {
    const def = eventDef(event);
    const channels = [];
    for (const channel of Object.keys(def.channels) as MessageChannel[]) {
      const t = (await templateAt(ctx.db, event, channel, ctx.now))!;
      channels.push({
        ...t,
        upcoming: upcoming.filter((u) => u.event === event && u.channel === channel).length,
      });
    }
    out.push({
      event,
      label: def.label,
      audience: def.audience,
      category: def.category,
      variables: Object.entries({ ...def.variables }).map(([name, label]) => ({
        name,
        label,
        required: def.required.includes(name),
      })),
      sample: def.sample,
      channels,
    });
  }
  return out;
}

/** The versions of one template, newest first. */
export async function templateVersions(ctx: Ctx, event: string, channel: MessageChannel) {
  requirePermission(ctx.actor, 'settings.read');
  const e = knownEvent(event);
  const rows = await ctx.db
    .select()
    .from(messageTemplates)
    .where(and(eq(messageTemplates.event, e), eq(messageTemplates.channel, channel)))
    .orderBy(desc(messageTemplates.effectiveFrom), desc(messageTemplates.createdAt));
  return rows.map((r) => ({ ...fromRow(e, channel, r)!, note: r.note, createdAt: r.createdAt.toISOString() }));
}

/**
 * The template rendered with the event's example values, as the customer would read it —
 * refused exactly as saving it would be, so the editor shows the problem before the save.
 */
export function previewTemplate(
  input: TemplateInput & { lang: Lang },
  common: { company: string; hotline: string },
): { subject: string | null; body: string; length: number } {
  const event = assertTemplateValid(input);
  const vars = { ...common, ...eventDef(event).sample };
  const body = renderTemplate(input.body[input.lang], vars);
  const subject = input.channel === 'email' && input.subject ? renderTemplate(input.subject[input.lang], vars) : null;
  return { subject, body, length: [...body].length };
}

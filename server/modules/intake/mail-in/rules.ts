import { createHash } from 'node:crypto';

/*
 * Pure rules of received mail (docs/mail-in.md): which mails are not a customer writing (auto
 * replies, bounces, our own), and what of a mail is kept — sender, subject, text, the Message-ID
 * that makes a second delivery a duplicate, attachment names and types. No database, clock or I/O.
 */

/** The longest text of a mail kept on its contact; quoted threads beyond it are cut. */
export const MAX_MAIL_TEXT = 20_000;
/** The longest subject kept (the desk's own form allows 200). */
export const MAX_SUBJECT = 200;
/** The most attachments of one mail stored; later ones are left out and logged. */
export const MAX_MAIL_ATTACHMENTS = 20;

/** Why a mail is not logged as a contact. */
export type MailSkipReason = 'auto_submitted' | 'auto_reply' | 'bulk' | 'bounce' | 'own_address';

/** The header values of a parsed mail, by lower-case name, as mailparser gives them. */
export type MailHeaders = ReadonlyMap<string, unknown>;

/** A header's text, the first value of a repeated one; structured values give their main value. */
export function headerText(headers: MailHeaders, name: string): string | null {
  let v = headers.get(name);
  if (Array.isArray(v)) v = v[0];
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && 'value' in v && typeof (v as { value: unknown }).value === 'string')
    return (v as { value: string }).value;
  return null;
}

/** Text a PostgreSQL `text` column takes: no NUL characters. */
export function storable(s: string): string {
  return s.replaceAll('\u0000', '');
}

export function normaliseAddress(address: string | null | undefined): string | null {
  const a = storable(address ?? '')
    .trim()
    .toLowerCase();
  return a && a.length <= 200 ? a : null;
}

/**
 * Whether a mail is something other than a person writing, so that two systems never answer each
 * other in a loop (RFC 3834): an `Auto-Submitted` header other than `no`, `X-Autoreply` or
 * `X-Autorespond`, `Precedence: bulk | auto_reply | junk | list`, a bounce (the null envelope
 * sender `<>`, a `multipart/report`, MAILER-DAEMON), or a mail from one of our own addresses.
 */
export function mailSkipReason(
  mail: { headers: MailHeaders; from: string | null; envelopeFrom?: string | null },
  ownAddresses: readonly string[],
): MailSkipReason | null {
  const h = mail.headers;
  const own = new Set(ownAddresses.map((a) => a.trim().toLowerCase()).filter(Boolean));
  if (mail.from && own.has(mail.from)) return 'own_address';
  const submitted = headerText(h, 'auto-submitted');
  if (submitted !== null && submitted.split(';')[0]!.trim().toLowerCase() !== 'no') return 'auto_submitted';
  if (h.has('x-autoreply') || h.has('x-autorespond')) return 'auto_reply';
  const precedence = headerText(h, 'precedence')?.trim().toLowerCase();
  if (precedence === 'auto_reply') return 'auto_reply';
  if (precedence === 'bulk' || precedence === 'junk' || precedence === 'list') return 'bulk';
  if (mail.envelopeFrom === '') return 'bounce';
  if (headerText(h, 'content-type')?.trim().toLowerCase() === 'multipart/report') return 'bounce';
  const local = mail.from?.split('@')[0];
  if (local === 'mailer-daemon' || local === 'postmaster') return 'bounce';
  return null;
}

/**
 * The key a second delivery of the same mail is found by: its Message-ID as sent, or a hash of
 * an over-long one (the column is indexed). Null when the mail has none.
 */
export function messageKey(messageId: string | null | undefined): string | null {
  const id = storable(messageId ?? '').trim();
  if (!id) return null;
  return id.length <= 500 ? id : `sha256:${createHash('sha256').update(id).digest('hex')}`;
}

export function mailSubject(subject: string | null | undefined): string | null {
  const s = storable(subject ?? '')
    .replace(/\s+/g, ' ')
    .trim();
  return s ? s.slice(0, MAX_SUBJECT) : null;
}

/**
 * The text kept of a mail: its plain text (mailparser converts an HTML-only mail), else the HTML
 * with its tags dropped when conversion failed; line ends unified, at most MAX_MAIL_TEXT
 * characters (cut with '…'). Empty when the mail has no text at all.
 */
export function mailText(mail: { text?: string | null; html?: string | false | null }): string {
  let text = mail.text ?? '';
  if (!text.trim() && typeof mail.html === 'string')
    text = mail.html
      .replace(/<(style|script)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<br\s*\/?>|<\/p>|<\/div>/gi, '\n')
      .replace(/<[^>]*>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  text = storable(text)
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text.length > MAX_MAIL_TEXT ? `${text.slice(0, MAX_MAIL_TEXT - 1)}…` : text;
}

/** A stored attachment's name: no folders or control characters, at most 200 characters. */
export function attachmentName(fileName: string | null | undefined, index: number): string {
  const base = storable(fileName ?? '')
    .split(/[/\\]/)
    .pop()!
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
  if (!base || base === '.' || base === '..') return `attachment-${index + 1}`;
  return base.length <= 200 ? base : base.slice(base.length - 200);
}

/** A stored attachment's type as declared, when it reads as one; else application/octet-stream. */
export function attachmentMime(contentType: string | null | undefined): string {
  const t = (contentType ?? '').trim().toLowerCase();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/.test(t) ? t : 'application/octet-stream';
}

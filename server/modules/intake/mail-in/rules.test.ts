import { describe, expect, it } from 'vitest';
import { DEFAULT_MAIL_MAX_MB, mailInboundConfig } from '../../../config.js';
import {
  attachmentMime,
  attachmentName,
  MAX_MAIL_TEXT,
  mailSkipReason,
  mailSubject,
  mailText,
  messageKey,
  normaliseAddress,
} from './rules.js';

const headers = (h: Record<string, unknown>) => new Map(Object.entries(h));

describe('received mail rules', () => {
  it('tells automatic mail from a person writing', () => {
    const person = { headers: headers({}), from: 'wang@example.com', envelopeFrom: 'wang@example.com' };
    expect(mailSkipReason(person, [])).toBeNull();
    expect(mailSkipReason({ ...person, headers: headers({ 'auto-submitted': 'no' }) }, [])).toBeNull();
    expect(mailSkipReason({ ...person, headers: headers({ 'auto-submitted': 'auto-replied' }) }, [])).toBe(
      'auto_submitted',
    );
    expect(mailSkipReason({ ...person, headers: headers({ 'auto-submitted': ['auto-generated; x=1'] }) }, [])).toBe(
      'auto_submitted',
    );
    expect(mailSkipReason({ ...person, headers: headers({ 'x-autoreply': 'yes' }) }, [])).toBe('auto_reply');
    expect(mailSkipReason({ ...person, headers: headers({ 'x-autorespond': 'Out of office' }) }, [])).toBe(
      'auto_reply',
    );
    expect(mailSkipReason({ ...person, headers: headers({ precedence: 'auto_reply' }) }, [])).toBe('auto_reply');
    expect(mailSkipReason({ ...person, headers: headers({ precedence: 'Bulk' }) }, [])).toBe('bulk');
    expect(mailSkipReason({ ...person, headers: headers({ precedence: 'junk' }) }, [])).toBe('bulk');
    expect(mailSkipReason({ ...person, envelopeFrom: '' }, [])).toBe('bounce');
    expect(
      mailSkipReason(
        { ...person, headers: headers({ 'content-type': { value: 'multipart/report', params: {} } }) },
        [],
      ),
    ).toBe('bounce');
    expect(mailSkipReason({ ...person, from: 'mailer-daemon@relay.example.com' }, [])).toBe('bounce');
    expect(mailSkipReason({ ...person, from: 'noreply@sanbao.example.com' }, [' NoReply@Sanbao.example.com '])).toBe(
      'own_address',
    );
  });

  it('keeps the Message-ID, a hash of an over-long one, nothing when there is none', () => {
    expect(messageKey('<a.b@example.com>')).toBe('<a.b@example.com>');
    expect(messageKey('  ')).toBeNull();
    expect(messageKey(undefined)).toBeNull();
    expect(messageKey(`<${'x'.repeat(600)}@example.com>`)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('keeps sender, subject and text as a text column takes them', () => {
    expect(normaliseAddress(' Wang@Example.COM ')).toBe('wang@example.com');
    expect(normaliseAddress('')).toBeNull();
    expect(mailSubject('  回复：\n 洗衣机\u0000不脱水 ')).toBe('回复： 洗衣机不脱水');
    expect(mailSubject('   ')).toBeNull();
    expect(mailSubject('长'.repeat(300))).toHaveLength(200);
    expect(mailText({ text: '第一行\r\n\r\n\r\n\r\n第二行  \r\n' })).toBe('第一行\n\n第二行');
    expect(mailText({ text: '', html: '<style>p{}</style><p>您好&nbsp;&lt;师傅&gt;</p><div>谢谢</div>' })).toBe(
      '您好 <师傅>\n 谢谢',
    );
    expect(mailText({})).toBe('');
    const long = mailText({ text: 'a'.repeat(MAX_MAIL_TEXT + 10) });
    expect(long).toHaveLength(MAX_MAIL_TEXT);
    expect(long.endsWith('…')).toBe(true);
  });

  it('names and types attachments safely', () => {
    expect(attachmentName('故障照片.jpg', 0)).toBe('故障照片.jpg');
    expect(attachmentName('../../etc/passwd', 0)).toBe('passwd');
    expect(attachmentName('C:\\Users\\a\\发票.pdf', 0)).toBe('发票.pdf');
    expect(attachmentName('a\u0000b\nc.txt', 0)).toBe('abc.txt');
    expect(attachmentName(undefined, 2)).toBe('attachment-3');
    expect(attachmentName('..', 0)).toBe('attachment-1');
    expect(attachmentName(`${'n'.repeat(300)}.pdf`, 0)).toMatch(/^n+\.pdf$/);
    expect(attachmentName(`${'n'.repeat(300)}.pdf`, 0)).toHaveLength(200);
    expect(attachmentMime('Image/JPEG')).toBe('image/jpeg');
    expect(attachmentMime('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(attachmentMime('text/html; charset=utf-8')).toBe('application/octet-stream');
    expect(attachmentMime('')).toBe('application/octet-stream');
  });
});

describe('mail listener configuration', () => {
  it('is off without MAIL_INBOUND_PORT and reads host, size and our own addresses', () => {
    expect(mailInboundConfig({})).toBeNull();
    expect(mailInboundConfig({ MAIL_INBOUND_PORT: '2525' })).toEqual({
      port: 2525,
      host: '127.0.0.1',
      maxBytes: DEFAULT_MAIL_MAX_MB * 1024 * 1024,
      ownAddresses: [],
    });
    expect(
      mailInboundConfig({
        MAIL_INBOUND_PORT: '25',
        MAIL_INBOUND_HOST: '10.0.0.5',
        MAIL_INBOUND_MAX_MB: '5',
        MAIL_INBOUND_OWN_ADDRESSES: 'NoReply@sanbao.example.com, ',
      }),
    ).toEqual({ port: 25, host: '10.0.0.5', maxBytes: 5 * 1024 * 1024, ownAddresses: ['noreply@sanbao.example.com'] });
    expect(() => mailInboundConfig({ MAIL_INBOUND_PORT: 'smtp' })).toThrow(/MAIL_INBOUND_PORT/);
    expect(() => mailInboundConfig({ MAIL_INBOUND_PORT: '25', MAIL_INBOUND_MAX_MB: '0' })).toThrow(
      /MAIL_INBOUND_MAX_MB/,
    );
  });
});

import { createServer } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../channels.js';
import { refusal } from './refusal.test-helper.js';
import { SmtpChannel } from './smtp.js';

/*
 * Against a real SMTP server in the process (smtp-server, the library's own counterpart): AUTH
 * checked, STARTTLS with its built-in self-signed certificate, recipients refused on demand.
 */

const USER = 'mailer@example.com';
const PASSWORD = 'pa55-word';

interface Received {
  /** Whether the session was encrypted (implicit TLS or STARTTLS) when the message came. */
  secure: boolean;
  from: string | false;
  to: string[];
  raw: Buffer;
}

async function startSmtp(opts: { secure?: boolean; plainOnly?: boolean } = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    secure: opts.secure ?? false,
    // plainOnly: no STARTTLS offered, and AUTH allowed in the clear (the client must refuse it).
    hideSTARTTLS: opts.plainOnly ?? false,
    allowInsecureAuth: opts.plainOnly ?? false,
    logger: false,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, cb) {
      if (auth.username === USER && auth.password === PASSWORD) return cb(null, { user: USER });
      const err = Object.assign(new Error('Invalid username or password'), { responseCode: 535 });
      cb(err);
    },
    onRcptTo(address, _session, cb) {
      // 550: no such mailbox (permanent); 451: try again later (greylisting, local error).
      const code = address.address.startsWith('nobody@') ? 550 : address.address.startsWith('busy@') ? 451 : 0;
      if (!code) return cb();
      const text = code === 550 ? 'No such user here' : 'Requested action aborted: try again later';
      cb(Object.assign(new Error(text), { responseCode: code }));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          secure: session.secure,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : false,
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks),
        });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return { received, port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const message = (over: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  id: '9a7e1c3d-5b2f-4e6a-8d0c-1f2e3a4b5c6d',
  channel: 'email',
  recipient: 'customer@example.com',
  template: 'order.completed',
  params: {},
  subject: '工单 WO-2024-0001 已完成',
  body: '张三您好:\n\n您的空调维修工单 WO-2024-0001 已完成,感谢您的耐心等待。\n如有问题请致电 400-800-8888。\n\n三包售后服务',
  ...over,
});

describe('mail through SMTP (STARTTLS, AUTH)', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let channel: SmtpChannel;
  beforeAll(async () => {
    smtp = await startSmtp();
    channel = new SmtpChannel(
      {
        host: '127.0.0.1',
        port: smtp.port,
        secure: false,
        user: USER,
        password: PASSWORD,
        from: '三包售后 <service@example.com>',
      },
      { tls: { rejectUnauthorized: false } },
    );
  });
  afterAll(async () => {
    await channel.close();
    await smtp.close();
  });

  it('arrives with sender, recipient, subject and a Chinese body intact', async () => {
    const result = await channel.send(message());
    expect(result.answer).toMatch(/^250 /);
    expect(result.providerId).toMatch(/^<.+@.+>$/);
    const got = smtp.received.at(-1)!;
    expect(got.secure).toBe(true);
    expect(got.from).toBe('service@example.com');
    expect(got.to).toEqual(['customer@example.com']);
    const mail = await simpleParser(got.raw);
    expect(mail.from?.value).toEqual([{ name: '三包售后', address: 'service@example.com' }]);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : null).toBe('customer@example.com');
    expect(mail.subject).toBe('工单 WO-2024-0001 已完成');
    expect(mail.text?.trimEnd()).toBe(message().body);
    expect(mail.messageId).toBe(result.providerId);
  });

  it('carries its attachments (a report’s XLSX) byte for byte, with their Chinese file names', async () => {
    const content = Buffer.from('PK\u0003\u0004 a workbook', 'utf8');
    await channel.send(
      message({
        attachments: [
          {
            fileName: '月度汇总-2026-11.xlsx',
            contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            contentBase64: content.toString('base64'),
          },
        ],
      }),
    );
    const mail = await simpleParser(smtp.received.at(-1)!.raw);
    expect(mail.text?.trimEnd()).toBe(message().body);
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.filename).toBe('月度汇总-2026-11.xlsx');
    expect(mail.attachments[0]!.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(Buffer.compare(mail.attachments[0]!.content, content)).toBe(0);
  });

  it('a mailbox the server refuses with 550 is a permanent failure carrying the reply', async () => {
    const err = await refusal(channel.send(message({ recipient: 'nobody@example.com' })));
    expect(err.permanent).toBe(true);
    expect(err.answer).toMatch(/^550 .*No such user here/);
  });

  it('a 451 is temporary', async () => {
    const err = await refusal(channel.send(message({ recipient: 'busy@example.com' })));
    expect(err.permanent).toBe(false);
    expect(err.answer).toMatch(/^451 /);
  });

  it('wrong credentials are refused by the server (535): permanent', async () => {
    const wrong = new SmtpChannel(
      { host: '127.0.0.1', port: smtp.port, secure: false, user: USER, password: 'guess', from: 'service@example.com' },
      { tls: { rejectUnauthorized: false } },
    );
    try {
      const err = await refusal(wrong.send(message()));
      expect(err.permanent).toBe(true);
      expect(err.answer).toMatch(/^535 /);
    } finally {
      await wrong.close();
    }
  });
});

describe('mail through SMTP, other connections', () => {
  it('implicit TLS (secure) delivers too', async () => {
    const smtp = await startSmtp({ secure: true });
    const channel = new SmtpChannel(
      { host: '127.0.0.1', port: smtp.port, secure: true, user: USER, password: PASSWORD, from: 'service@example.com' },
      { tls: { rejectUnauthorized: false } },
    );
    try {
      await channel.send(message({ subject: 'TLS' }));
      expect((await simpleParser(smtp.received.at(-1)!.raw)).subject).toBe('TLS');
    } finally {
      await channel.close();
      await smtp.close();
    }
  });

  it('credentials are never sent in the clear: a server without STARTTLS is given up (temporary)', async () => {
    const smtp = await startSmtp({ plainOnly: true });
    const channel = new SmtpChannel({
      host: '127.0.0.1',
      port: smtp.port,
      secure: false,
      user: USER,
      password: PASSWORD,
      from: 'service@example.com',
    });
    try {
      expect((await refusal(channel.send(message()))).permanent).toBe(false);
      expect(smtp.received).toEqual([]);
    } finally {
      await channel.close();
      await smtp.close();
    }
  });

  it('a server that cannot be reached is temporary', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const { port } = probe.address() as { port: number };
    await new Promise<void>((r) => probe.close(() => r()));
    const channel = new SmtpChannel({ host: '127.0.0.1', port, secure: false, from: 'service@example.com' });
    try {
      const err = await refusal(channel.send(message()));
      expect(err.permanent).toBe(false);
      expect(err.answer).toBeNull();
    } finally {
      await channel.close();
    }
  });
});

import type { AddressInfo } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import type { Database } from '../../../db/client.js';
import { receiveMail } from './receive.js';

/*
 * The intake desk's mail listener (docs/mail-in.md): an SMTP server that receives the mail the
 * company's relay forwards for the after-sales addresses, like an MX, and logs each message as a
 * contact (receive.ts). It asks for no AUTH and offers no STARTTLS: it belongs behind the relay,
 * on a private address (MAIL_INBOUND_HOST, 127.0.0.1 by default), which does spam filtering, TLS
 * to the world and recipient checks. The relay keeps a mail that gets a 4xx and retries it, so
 * nothing is lost while the database is unavailable.
 */

export interface MailListenerOptions {
  /** 0 picks a free port (tests); the port listened on is answered. */
  port: number;
  host: string;
  /** Largest mail accepted, in bytes; a bigger one is refused with 552 and nothing is written. */
  maxBytes: number;
  clock: () => Date;
  log: FastifyBaseLogger;
  /** The data folder attachments are stored under. */
  dataDir: string;
  /** Our own sending addresses (MAIL_INBOUND_OWN_ADDRESSES): mail from them is not logged. */
  ownAddresses?: readonly string[];
  /** The name in the greeting; the host name by default. */
  name?: string;
}

export interface MailListener {
  port: number;
  /** Stops accepting, lets mails being received finish, and resolves once none is in hand. */
  stop(): Promise<void>;
}

function smtpError(responseCode: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode });
}

/** Reads a message up to `maxBytes`; past it the rest is drained and only the overflow is reported. */
function readMessage(stream: SMTPServerDataStream, maxBytes: number): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let over = false;
    stream.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (over) return;
      if (bytes > maxBytes) {
        over = true;
        chunks.length = 0;
      } else chunks.push(chunk);
    });
    stream.on('end', () => resolve(over || stream.sizeExceeded ? 'too_large' : Buffer.concat(chunks, bytes)));
    stream.on('error', reject);
  });
}

export async function startMailListener(database: Database, opts: MailListenerOptions): Promise<MailListener> {
  const log = opts.log.child({ component: 'mail-in' });
  const inHand = new Set<Promise<unknown>>();

  async function handle(raw: Buffer, session: SMTPServerSession): Promise<string> {
    let parsed: ParsedMail;
    try {
      parsed = await simpleParser(raw, {
        keepCidLinks: true,
        skipTextToHtml: true,
        checksumAlgo: false,
        maxHtmlLengthToParse: 5_000_000,
      });
    } catch (err) {
      log.warn({ err, session: session.id }, 'mail could not be parsed');
      throw smtpError(554, 'Message could not be parsed');
    }
    const mailFrom = session.envelope.mailFrom;
    try {
      const r = await receiveMail(database.db, parsed, {
        now: opts.clock(),
        dataDir: opts.dataDir,
        envelopeFrom: mailFrom ? mailFrom.address : null,
        ownAddresses: opts.ownAddresses ?? [],
        log,
      });
      if (r.outcome === 'created') return `OK: logged as ${r.code}`;
      if (r.outcome === 'duplicate') return 'OK: already logged';
      return 'OK: not logged (automatic message)';
    } catch (err) {
      log.error({ err, session: session.id, messageId: parsed.messageId }, 'mail could not be logged');
      throw smtpError(451, 'Temporary failure, try again later');
    }
  }

  const server = new SMTPServer({
    ...(opts.name ? { name: opts.name } : {}),
    banner: 'Sanbao after-sales mail intake',
    size: opts.maxBytes,
    // Receives like an MX behind the company's relay: no sign-in, no TLS of its own.
    disabledCommands: ['AUTH', 'STARTTLS'],
    authOptional: true,
    disableReverseLookup: true,
    maxClients: 10,
    maxRecipients: 100,
    closeTimeout: 5_000,
    logger: false,
    onData(stream, session, callback) {
      const work = readMessage(stream, opts.maxBytes).then(async (raw) => {
        if (raw === 'too_large') {
          log.warn({ session: session.id, maxBytes: opts.maxBytes }, 'mail refused: larger than the limit');
          throw smtpError(552, `Message exceeds the fixed maximum message size of ${opts.maxBytes} bytes`);
        }
        return handle(raw, session);
      });
      inHand.add(work);
      work.then(
        (message) => callback(null, message),
        (err: Error & { responseCode?: number }) =>
          callback(err.responseCode ? err : smtpError(451, 'Temporary failure, try again later')),
      );
      void work.catch(() => {}).finally(() => inHand.delete(work));
    },
  });
  server.on('error', (err) => log.warn({ err }, 'mail listener error'));

  await new Promise<void>((resolve, reject) => {
    const failed = (err: Error) => reject(err);
    server.server.once('error', failed);
    server.listen(opts.port, opts.host, () => {
      server.server.off('error', failed);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  log.info(`mail intake listening on ${opts.host}:${port}`);

  let stopping: Promise<void> | null = null;
  return {
    port,
    stop() {
      stopping ??= (async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await Promise.allSettled([...inHand]);
      })();
      return stopping;
    },
  };
}

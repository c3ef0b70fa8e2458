import { join } from 'node:path';
import { ROOT } from './paths.js';

/** Process configuration from the environment. Business settings live in the settings store instead. */
export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  /** Cookies get `Secure` when served over HTTPS (behind a proxy set SANBAO_SECURE_COOKIES=1). */
  secureCookies: boolean;
  logLevel: string;
  /** Largest accepted request body in bytes. */
  bodyLimit: number;
  /**
   * Addresses (or CIDR ranges, or `loopback`, `linklocal`, `uniquelocal`) of the reverse proxies
   * whose `X-Forwarded-For` is believed; empty: none, the socket's address is the client's.
   * Believing anyone's header would let any client pick the address the sign-in and portal
   * limits count under.
   */
  trustProxy: string[];
  /**
   * The intake desk's mail listener (docs/mail-in.md): SMTP on this port (MAIL_INBOUND_PORT; unset:
   * no listener) and address (MAIL_INBOUND_HOST, default 127.0.0.1), mails up to MAIL_INBOUND_MAX_MB
   * (default 20); mail from MAIL_INBOUND_OWN_ADDRESSES (our own senders, comma-separated) is not logged.
   */
  mailInbound: MailInboundConfig | null;
}

export interface MailInboundConfig {
  port: number;
  host: string;
  maxBytes: number;
  ownAddresses: string[];
}

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The mail listener's settings, or null when MAIL_INBOUND_PORT is unset; a bad value stops the start. */
/** The default largest mail accepted, in MB (docs/mail-in.md). */
export const DEFAULT_MAIL_MAX_MB = 20;

export function mailInboundConfig(env: NodeJS.ProcessEnv): MailInboundConfig | null {
  const raw = env.MAIL_INBOUND_PORT?.trim();
  if (!raw) return null;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`MAIL_INBOUND_PORT must be a port number, not '${raw}'`);
  const mb = Number(env.MAIL_INBOUND_MAX_MB?.trim() || DEFAULT_MAIL_MAX_MB);
  if (!Number.isFinite(mb) || mb <= 0 || mb > 200)
    throw new Error(`MAIL_INBOUND_MAX_MB must be a number of megabytes up to 200, not '${env.MAIL_INBOUND_MAX_MB}'`);
  return {
    port,
    host: env.MAIL_INBOUND_HOST?.trim() || '127.0.0.1',
    maxBytes: Math.floor(mb * 1024 * 1024),
    ownAddresses: list(env.MAIL_INBOUND_OWN_ADDRESSES).map((a) => a.toLowerCase()),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '127.0.0.1',
    dataDir: env.SANBAO_DATA_DIR ?? join(ROOT, 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    secureCookies: env.SANBAO_SECURE_COOKIES === '1',
    logLevel: env.LOG_LEVEL ?? 'info',
    bodyLimit: Number(env.SANBAO_BODY_LIMIT ?? 1_048_576),
    trustProxy: list(env.SANBAO_TRUST_PROXY),
    mailInbound: mailInboundConfig(env),
  };
}

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
    trustProxy: (env.SANBAO_TRUST_PROXY ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}

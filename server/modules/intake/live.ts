import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import type { Database } from '../../db/client.js';
import type { Actor } from '../../platform/access/index.js';
import type { CallerIdEvent } from './contract.js';

/*
 * Live pushes to the agents' open screens (server-sent events). A push is published with
 * pg_notify on one channel; every app instance listens and delivers it to the streams it holds,
 * so a CTI call reaching instance A pops up on an agent connected to instance B.
 */

export const INTAKE_CHANNEL = 'sanbao_intake';
const HEARTBEAT_MS = 20_000;

/** What travels through pg_notify: who should see it, and the event with each customer's org path. */
export interface IntakeNotice {
  /** Username of the agent whose phone rings; null: every agent within `scopePath`. */
  agent: string | null;
  scopePath: string;
  event: Omit<CallerIdEvent, 'customers'> & { customers: (CallerIdEvent['customers'][number] & { orgPath: string })[] };
}

interface Stream {
  actor: Actor;
  write(chunk: string): void;
  end(): void;
  /** Whether the stream's session still stands (signed out, expired or disabled: the stream ends). */
  alive?: () => Promise<boolean>;
}

export function sseFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** The open event streams of this instance, and the database listener that feeds them. */
export class IntakeHub {
  private readonly streams = new Set<Stream>();
  private stopListening: (() => Promise<void>) | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly log: FastifyBaseLogger,
    heartbeatMs = HEARTBEAT_MS,
  ) {
    this.timer = setInterval(() => {
      for (const s of this.streams) void this.beat(s);
    }, heartbeatMs);
    this.timer.unref();
  }

  get size(): number {
    return this.streams.size;
  }

  /** A heartbeat keeps proxies from closing the stream; a stream whose session ended is closed instead. */
  private async beat(s: Stream): Promise<void> {
    try {
      if (s.alive && !(await s.alive())) {
        this.streams.delete(s);
        s.end();
        return;
      }
      s.write(': ping\n\n');
    } catch (err) {
      this.log.warn({ err }, 'intake stream heartbeat failed');
    }
  }

  /** Registers a stream; returns the function that removes it (call it when the connection closes). */
  add(actor: Actor, write: (chunk: string) => void, end: () => void, alive?: () => Promise<boolean>): () => void {
    const s: Stream = { actor, write, end, alive };
    this.streams.add(s);
    return () => {
      this.streams.delete(s);
    };
  }

  /** Delivers a notice to the matching streams; each agent sees only customers within their own scope. */
  deliver(notice: IntakeNotice): void {
    for (const s of this.streams) {
      const a = s.actor;
      if (notice.agent ? a.username.toLowerCase() !== notice.agent.toLowerCase() : !a.orgPath.startsWith(notice.scopePath)) continue;
      const event: CallerIdEvent = {
        ...notice.event,
        customers: notice.event.customers
          .filter((c) => c.orgPath.startsWith(a.orgPath))
          .map(({ orgPath: _p, ...c }) => c),
      };
      try {
        s.write(sseFrame('caller-id', event));
      } catch (err) {
        this.log.warn({ err }, 'intake stream write failed');
      }
    }
  }

  /** Listens on the database channel: PGlite's own listen(), or a dedicated pg.Client on PostgreSQL. */
  async listen(database: Database): Promise<void> {
    const onPayload = (payload: string | undefined) => {
      try {
        if (payload) this.deliver(JSON.parse(payload) as IntakeNotice);
      } catch (err) {
        this.log.warn({ err }, 'bad intake notice');
      }
    };
    if (database.lite) {
      const unlisten = await database.lite.listen(INTAKE_CHANNEL, onPayload);
      this.stopListening = () => unlisten();
      return;
    }
    if (!database.pool) return;
    const connectionString = (database.pool as unknown as { options: { connectionString?: string } }).options.connectionString;
    let client: pg.Client | null = null;
    let stopped = false;
    let retry: NodeJS.Timeout | null = null;
    // A database that is down at start or drops the connection must not stop the server (health
    // reports it); the listener keeps trying in the background.
    const again = () => {
      if (!stopped) retry = setTimeout(connect, 2_000).unref();
    };
    const connect = async () => {
      const c = new pg.Client({ connectionString });
      c.on('notification', (n) => {
        if (n.channel === INTAKE_CHANNEL) onPayload(n.payload);
      });
      c.on('error', (err) => {
        this.log.warn({ err }, 'intake listener lost its connection; reconnecting');
        client = null;
        c.end().catch(() => {});
        again();
      });
      try {
        await c.connect();
        await c.query(`LISTEN ${INTAKE_CHANNEL}`);
        client = c;
        if (stopped) await c.end();
      } catch (err) {
        this.log.warn({ err }, 'intake listener cannot connect; retrying');
        c.end().catch(() => {});
        again();
      }
    };
    await connect();
    this.stopListening = async () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      await client?.end().catch(() => {});
    };
  }

  /** Ends every open stream (before the server closes, which waits for open connections). */
  endStreams(): void {
    for (const s of this.streams) s.end();
    this.streams.clear();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.endStreams();
    await this.stopListening?.();
    this.stopListening = null;
    this.streams.clear();
  }
}

import type { FastifyBaseLogger } from 'fastify';
import pg from 'pg';
import type { Database } from '../../db/client.js';
import type { Actor } from '../access/index.js';

/*
 * Live pushes to open screens (server-sent events), for any module. A notice is published with
 * pg_notify on the hub's channel — inside the causing transaction, so it travels only when that
 * commits — and every app instance listens and delivers it to the streams it holds: an event
 * on instance A reaches a screen connected to instance B. Each hub decides per stream what a
 * notice shows, which is where data scope applies.
 */

const HEARTBEAT_MS = 20_000;

export interface LiveStream {
  actor: Actor;
  write(chunk: string): void;
  end(): void;
  /** Whether the stream's session still stands (signed out, expired or disabled: the stream ends). */
  alive?: () => Promise<boolean>;
}

/** One server-sent event. */
export function sseFrame(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** What one stream is sent for a notice: an event and its data, or null for nothing. */
export type LiveView<N> = (notice: N, actor: Actor) => { event: string; data: unknown } | null;

/** The open event streams of this instance for one channel, and the database listener that feeds them. */
export class LiveHub<N> {
  private readonly streams = new Set<LiveStream>();
  private stopListening: (() => Promise<void>) | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(
    protected readonly log: FastifyBaseLogger,
    readonly channel: string,
    private readonly view: LiveView<N>,
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
  private async beat(s: LiveStream): Promise<void> {
    try {
      if (s.alive && !(await s.alive())) {
        this.streams.delete(s);
        s.end();
        return;
      }
      s.write(': ping\n\n');
    } catch (err) {
      this.log.warn({ err, channel: this.channel }, 'live stream heartbeat failed');
    }
  }

  /** Registers a stream; returns the function that removes it (call it when the connection closes). */
  add(actor: Actor, write: (chunk: string) => void, end: () => void, alive?: () => Promise<boolean>): () => void {
    const s: LiveStream = { actor, write, end, alive };
    this.streams.add(s);
    return () => {
      this.streams.delete(s);
    };
  }

  /** Delivers a notice to every stream its view shows something to. */
  deliver(notice: N): void {
    for (const s of this.streams) {
      const shown = this.view(notice, s.actor);
      if (!shown) continue;
      try {
        s.write(sseFrame(shown.event, shown.data));
      } catch (err) {
        this.log.warn({ err, channel: this.channel }, 'live stream write failed');
      }
    }
  }

  /** Listens on the database channel: PGlite's own listen(), or a dedicated pg.Client on PostgreSQL. */
  async listen(database: Database): Promise<void> {
    const onPayload = (payload: string | undefined) => {
      try {
        if (payload) this.deliver(JSON.parse(payload) as N);
      } catch (err) {
        this.log.warn({ err, channel: this.channel }, 'bad live notice');
      }
    };
    if (database.lite) {
      const unlisten = await database.lite.listen(this.channel, onPayload);
      this.stopListening = () => unlisten();
      return;
    }
    if (!database.pool) return;
    const connectionString = (database.pool as unknown as { options: { connectionString?: string } }).options
      .connectionString;
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
        if (n.channel === this.channel) onPayload(n.payload);
      });
      c.on('error', (err) => {
        this.log.warn({ err, channel: this.channel }, 'live listener lost its connection; reconnecting');
        client = null;
        c.end().catch(() => {});
        again();
      });
      try {
        await c.connect();
        await c.query(`LISTEN ${this.channel}`);
        client = c;
        if (stopped) await c.end();
      } catch (err) {
        this.log.warn({ err, channel: this.channel }, 'live listener cannot connect; retrying');
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

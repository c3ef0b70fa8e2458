import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A local SMS gateway behind the generic webhook, for tests and benchmarks: it takes only calls
 * signed with its secret (HMAC-SHA256 of '<timestamp>.<raw body>', recomputed here) and at most
 * 5 minutes old, keeps accepted messages in `messages`, and can be told to answer the next calls
 * with a given status. Nothing is logged per request.
 */

export interface FakeWebhookMessage {
  id: string;
  to: string;
  template: string;
  providerCode: string | null;
  signature: string | null;
  params: Record<string, unknown>;
  text: string;
  lang: string | null;
  /** The id the gateway answered. */
  gatewayId: string;
}

export interface FakeWebhookSms {
  url: string;
  secret: string;
  messages: FakeWebhookMessage[];
  requests: number;
  /** Calls refused for their signature or timestamp. */
  unsigned: number;
  /** The next `times` correctly signed calls are answered with `status` and `body`. */
  script(status: number, times?: number, body?: string): void;
  close(): Promise<void>;
}

function reply(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(body);
}

export async function startFakeWebhookSms(opts: { secret?: string; now?: () => number } = {}): Promise<FakeWebhookSms> {
  const secret = opts.secret ?? 'fake-webhook-secret';
  const now = opts.now ?? Date.now;
  const scripted: { status: number; body: string }[] = [];
  let seq = 0;

  const server = createServer((req, res) => {
    fake.requests += 1;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const timestamp = String(req.headers['x-sanbao-timestamp'] ?? '');
      const given = Buffer.from(String(req.headers['x-sanbao-signature'] ?? ''));
      const expected = Buffer.from(
        `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(raw).digest('hex')}`,
      );
      const fresh = /^\d+$/.test(timestamp) && Math.abs(now() / 1000 - Number(timestamp)) <= 300;
      if (!fresh || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        fake.unsigned += 1;
        return reply(res, 401, '{"error":"bad signature"}');
      }
      const next = scripted.shift();
      if (next) return reply(res, next.status, next.body);
      let msg: Omit<FakeWebhookMessage, 'gatewayId'>;
      try {
        msg = JSON.parse(raw.toString('utf8'));
      } catch {
        return reply(res, 400, '{"error":"not JSON"}');
      }
      if (typeof msg.id !== 'string' || typeof msg.to !== 'string' || typeof msg.text !== 'string') {
        return reply(res, 422, '{"error":"id, to and text are required"}');
      }
      seq += 1;
      const gatewayId = `gw-${seq}`;
      fake.messages.push({ ...msg, gatewayId });
      reply(res, 200, JSON.stringify({ id: gatewayId, status: 'queued' }));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeWebhookSms = {
    url: `http://127.0.0.1:${port}/sms`,
    secret,
    messages: [],
    requests: 0,
    unsigned: 0,
    script(status, times = 1, body = `{"error":"scripted ${status}"}`) {
      for (let i = 0; i < times; i++) scripted.push({ status, body });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}

import { randomBytes } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A local WeChat API (access tokens and template messages) for tests and benchmarks. Tokens last
 * `tokenTtlSeconds` on the fake's clock; an expired or invalidated token is answered 42001 as
 * WeChat does, an unknown one 40001. Sent messages are kept in `messages`; the next sends can be
 * told to answer given errcodes. Nothing is logged per request.
 */

export interface FakeWechatMessage {
  msgid: number;
  touser: string;
  template_id: string;
  url?: string;
  data: Record<string, { value: string }>;
}

export interface FakeWechat {
  /** The apiBase to configure. */
  url: string;
  appId: string;
  appSecret: string;
  messages: FakeWechatMessage[];
  tokenRequests: number;
  sendRequests: number;
  /** Tokens issued from now on last this long (WeChat: 7200). */
  tokenTtlSeconds: number;
  /** Every token issued so far is answered 42001 from now on, as if it had expired. */
  expireTokens(): void;
  /** The next `times` sends with a valid token are answered with `errcode`. */
  script(errcode: number, times?: number, errmsg?: string): void;
  close(): Promise<void>;
}

function reply(res: ServerResponse, body: Record<string, unknown>): void {
  // WeChat answers HTTP 200 and puts the outcome in errcode.
  res.writeHead(200, { 'content-type': 'application/json; encoding=utf-8' });
  res.end(JSON.stringify(body));
}

export async function startFakeWechat(
  opts: { appId?: string; appSecret?: string; tokenTtlSeconds?: number; now?: () => number } = {},
): Promise<FakeWechat> {
  const appId = opts.appId ?? 'wxfake0000000001';
  const appSecret = opts.appSecret ?? 'fake-app-secret';
  const now = opts.now ?? Date.now;
  const tokens = new Map<string, number>();
  const scripted: { errcode: number; errmsg: string }[] = [];
  let msgid = 1_000_000;

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (req.method === 'GET' && url.pathname === '/cgi-bin/token') {
      fake.tokenRequests += 1;
      const q = url.searchParams;
      if (q.get('grant_type') !== 'client_credential')
        return reply(res, { errcode: 40002, errmsg: 'invalid grant_type' });
      if (q.get('appid') !== appId) return reply(res, { errcode: 40013, errmsg: 'invalid appid' });
      if (q.get('secret') !== appSecret) return reply(res, { errcode: 40125, errmsg: 'invalid appsecret' });
      const token = randomBytes(24).toString('base64url');
      tokens.set(token, now() + fake.tokenTtlSeconds * 1000);
      return reply(res, { access_token: token, expires_in: fake.tokenTtlSeconds });
    }
    if (req.method === 'POST' && url.pathname === '/cgi-bin/message/template/send') {
      fake.sendRequests += 1;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const expiresAt = tokens.get(url.searchParams.get('access_token') ?? '');
        if (expiresAt === undefined) return reply(res, { errcode: 40001, errmsg: 'invalid credential' });
        if (expiresAt <= now()) return reply(res, { errcode: 42001, errmsg: 'access_token expired' });
        let body: Partial<FakeWechatMessage>;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          return reply(res, { errcode: 47001, errmsg: 'data format error' });
        }
        if (typeof body.touser !== 'string' || !body.touser)
          return reply(res, { errcode: 40003, errmsg: 'invalid openid' });
        if (typeof body.template_id !== 'string' || !body.template_id) {
          return reply(res, { errcode: 40037, errmsg: 'invalid template_id' });
        }
        const next = scripted.shift();
        if (next) return reply(res, next);
        msgid += 1;
        fake.messages.push({
          msgid,
          touser: body.touser,
          template_id: body.template_id,
          ...(body.url !== undefined ? { url: body.url } : {}),
          data: body.data ?? {},
        });
        reply(res, { errcode: 0, errmsg: 'ok', msgid });
      });
      return;
    }
    res.writeHead(404).end();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeWechat = {
    url: `http://127.0.0.1:${port}`,
    appId,
    appSecret,
    messages: [],
    tokenRequests: 0,
    sendRequests: 0,
    tokenTtlSeconds: opts.tokenTtlSeconds ?? 7200,
    expireTokens() {
      for (const token of tokens.keys()) tokens.set(token, 0);
    },
    script(errcode, times = 1, errmsg = `scripted ${errcode}`) {
      for (let i = 0; i < times; i++) scripted.push({ errcode, errmsg });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}

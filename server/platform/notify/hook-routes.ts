import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { getSetting } from '../config/index.js';
import { AppError } from '../errors.js';
import { typed } from '../http.js';
import type { DeliveryReceipt, InboundText } from './channels.js';
import { recordInboundTexts, recordReceipts } from './preferences.js';
import {
  parseAliyunInbound,
  parseAliyunReports,
  parseWebhookInbound,
  parseWebhookReceipts,
  parseWechatEvent,
  verifyWebhookSignature,
  verifyWechatSignature,
} from './providers/index.js';

/*
 * What providers push back (docs/messages.md, Delivery): delivery receipts and customers' replies.
 * Public endpoints, each checked the provider's way before anything is read: the webhook
 * gateway's HMAC over the raw body, WeChat's signature with the account's token, and for Aliyun
 * (whose pushes carry no signature) a secret token in the configured URL.
 */

const tags = ['messages'];
const Ack = z.object({ code: z.number(), msg: z.string() });
const ok = { code: 0, msg: '成功' };
const TokenQuery = z.object({ token: z.string().max(200).optional() });
const WechatQuery = z.object({
  signature: z.string().max(100).optional(),
  timestamp: z.string().max(20).optional(),
  nonce: z.string().max(100).optional(),
  echostr: z.string().max(200).optional(),
});

const refused = () => new AppError('message.receipt_refused');
const rawOf = (req: FastifyRequest) => (req as FastifyRequest & { rawBody?: string }).rawBody ?? '';

function parsed<T>(fn: () => T): T {
  try {
    return fn();
  } catch {
    throw new AppError('validation.failed', {}, [{ path: 'body', code: 'validation.failed', message: '' }]);
  }
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function messageHookRoutes(app: FastifyInstance) {
  // The raw body is what the signature covers: keep it beside the parsed JSON (this plugin only).
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    (req as FastifyRequest & { rawBody?: string }).rawBody = body as string;
    try {
      done(null, body ? JSON.parse(body as string) : {});
    } catch {
      done(new AppError('request.malformed'), undefined);
    }
  });
  app.addContentTypeParser(['text/xml', 'application/xml'], { parseAs: 'string' }, (req, body, done) => {
    (req as FastifyRequest & { rawBody?: string }).rawBody = body as string;
    done(null, body);
  });
  const r = typed(app);
  const db = () => app.database.db;

  const webhookSecret = async () => {
    const s = await getSetting(db(), 'messages.sms', app.clock());
    return s.provider === 'webhook' ? s.secret : null;
  };
  const aliyunToken = async (token: string | undefined) => {
    const s = await getSetting(db(), 'messages.hookToken', app.clock());
    if (!s || !token || !sameSecret(s, token)) throw refused();
  };
  const receipts = async (channel: 'sms' | 'wechat', list: DeliveryReceipt[]) =>
    recordReceipts(db(), channel, list, app.clock());
  const inbound = async (list: InboundText[]) => recordInboundTexts(db(), list, app.clock());

  r.post(
    '/api/hooks/messages/sms/webhook/receipts',
    {
      schema: {
        tags,
        summary: 'Delivery receipts from the webhook SMS gateway (X-Sanbao-Signature over the raw body)',
        body: z.unknown(),
        response: { 200: Ack },
      },
    },
    async (req) => {
      const secret = await webhookSecret();
      if (!secret || !verifyWebhookSignature(secret, req.headers as never, rawOf(req), app.clock())) throw refused();
      await receipts(
        'sms',
        parsed(() => parseWebhookReceipts(req.body)),
      );
      return ok;
    },
  );
  r.post(
    '/api/hooks/messages/sms/webhook/inbound',
    {
      schema: {
        tags,
        summary: 'Texts customers sent back through the webhook gateway ("TD" opts out)',
        body: z.unknown(),
        response: { 200: Ack },
      },
    },
    async (req) => {
      const secret = await webhookSecret();
      if (!secret || !verifyWebhookSignature(secret, req.headers as never, rawOf(req), app.clock())) throw refused();
      await inbound(parsed(() => parseWebhookInbound(req.body)));
      return ok;
    },
  );
  r.post(
    '/api/hooks/messages/sms/aliyun/receipts',
    {
      schema: {
        tags,
        summary: 'Aliyun SmsReport push (delivery receipts); the URL carries messages.hookToken',
        querystring: TokenQuery,
        body: z.unknown(),
        response: { 200: Ack },
      },
    },
    async (req) => {
      await aliyunToken(req.query.token);
      await receipts(
        'sms',
        parsed(() => parseAliyunReports(req.body)),
      );
      return ok;
    },
  );
  r.post(
    '/api/hooks/messages/sms/aliyun/inbound',
    {
      schema: {
        tags,
        summary: 'Aliyun SmsUp push (customers’ replies, "TD" opts out); the URL carries messages.hookToken',
        querystring: TokenQuery,
        body: z.unknown(),
        response: { 200: Ack },
      },
    },
    async (req) => {
      await aliyunToken(req.query.token);
      await inbound(parsed(() => parseAliyunInbound(req.body)));
      return ok;
    },
  );

  const wechatChecked = async (q: z.infer<typeof WechatQuery>) => {
    const s = await getSetting(db(), 'messages.wechat', app.clock());
    if (s.provider !== 'wechat' || !verifyWechatSignature(s.token, q)) throw refused();
  };
  r.get(
    '/api/hooks/messages/wechat',
    {
      schema: {
        tags,
        summary: 'WeChat’s server check: echoes echostr when the signature matches the account token',
        querystring: WechatQuery,
        response: { 200: z.string() },
      },
    },
    async (req, reply) => {
      await wechatChecked(req.query);
      reply.type('text/plain');
      return req.query.echostr ?? '';
    },
  );
  r.post(
    '/api/hooks/messages/wechat',
    {
      schema: {
        tags,
        summary: 'WeChat events: TEMPLATESENDJOBFINISH is a template message’s delivery receipt',
        querystring: WechatQuery,
        body: z.unknown(),
        response: { 200: z.string() },
      },
    },
    async (req, reply) => {
      await wechatChecked(req.query);
      const receipt = parsed(() => parseWechatEvent(rawOf(req)));
      if (receipt) await receipts('wechat', [receipt]);
      // WeChat wants "success" (or an empty body) for an event it need not resend.
      reply.type('text/plain');
      return 'success';
    },
  );
}

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { getSetting } from '../config/index.js';
import { AppError } from '../errors.js';
import { ctxOf, typed } from '../http.js';
import { List, listOf } from '../lists/contract.js';
import {
  EventTemplates,
  OutboxMessage,
  OutboxPage,
  OutboxQuery,
  Preview,
  PreviewBody,
  Report,
  ReportQuery,
  ResendBody,
  StaffMailBody,
  StaffMailPrefs,
  TemplateBody,
  TemplateInfo,
  TemplateParams,
  TemplateVersion,
} from './contract.js';
import { maskAddress, myStaffMail, setMyStaffMail, unsubscribeByLink, unsubscribeTarget } from './preferences.js';
import { deliveryReport, getOutboxMessage, listOutbox, resendMessage } from './queries.js';
import { listTemplates, previewTemplate, saveTemplate, templateVersions } from './templates.js';

const tags = ['messages'];
const IdParams = z.object({ id: z.string().max(60) });
const TokenParams = z.object({ token: z.string().max(100) });

/** The outbox, its dead letters and report, the templates, and a person's own mail choices. */
export async function outboxRoutes(app: FastifyInstance) {
  const r = typed(app);
  r.get(
    '/api/outbox',
    {
      schema: {
        tags,
        summary:
          'Outgoing messages in my data scope, newest first, keyset-paged; status=failed is the dead-letter list',
        querystring: OutboxQuery,
        response: { 200: OutboxPage },
      },
    },
    async (req) => listOutbox(ctxOf(req, 'messages.read'), req.query),
  );
  r.get(
    '/api/outbox/:id',
    {
      schema: {
        tags,
        summary: 'One outgoing message with its attempts',
        params: IdParams,
        response: { 200: OutboxMessage },
      },
    },
    async (req) => getOutboxMessage(ctxOf(req, 'messages.read'), req.params.id),
  );
  r.post(
    '/api/outbox/:id/resend',
    {
      schema: {
        tags,
        summary: 'Send a failed message again, optionally to a corrected address (messages.manage)',
        params: IdParams,
        body: ResendBody,
        response: { 200: OutboxMessage },
      },
    },
    async (req) => resendMessage(ctxOf(req, 'messages.manage'), req.params.id, req.body),
  );
  r.get(
    '/api/messages/report',
    {
      schema: {
        tags,
        summary: 'Delivery report: queued, sent, delivered, failed per channel and company day, in my data scope',
        querystring: ReportQuery,
        response: { 200: Report },
      },
    },
    async (req) => deliveryReport(ctxOf(req, 'messages.read'), req.query),
  );
  r.get(
    '/api/messages/templates',
    {
      schema: {
        tags,
        summary: 'Every message event with each channel’s template in force (settings.read)',
        response: { 200: List(EventTemplates) },
      },
    },
    async (req) => listOf(await listTemplates(ctxOf(req, 'settings.read'))),
  );
  r.get(
    '/api/messages/templates/:event/:channel',
    {
      schema: {
        tags,
        summary: 'The versions of one template, newest first',
        params: TemplateParams,
        response: { 200: List(TemplateVersion) },
      },
    },
    async (req) => listOf(await templateVersions(ctxOf(req, 'settings.read'), req.params.event, req.params.channel)),
  );
  r.post(
    '/api/messages/templates/:event/:channel',
    {
      schema: {
        tags,
        summary: 'A new version of a template, from now or a later date; variables checked (settings.manage)',
        params: TemplateParams,
        body: TemplateBody,
        response: { 200: TemplateInfo },
      },
    },
    async (req) => saveTemplate(ctxOf(req, 'settings.manage'), { ...req.body, ...req.params }),
  );
  r.post(
    '/api/messages/templates/:event/:channel/preview',
    {
      schema: {
        tags,
        summary: 'A template rendered with the event’s example values, refused as saving it would be',
        params: TemplateParams,
        body: PreviewBody,
        response: { 200: Preview },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, 'settings.read');
      const company = await getSetting(ctx.db, 'company.name', ctx.now);
      const hotline = await getSetting(ctx.db, 'company.hotline', ctx.now);
      return previewTemplate({ ...req.body, ...req.params }, { company, hotline });
    },
  );
  r.get(
    '/api/me/staff-mail',
    {
      schema: {
        tags,
        summary: 'Which staff notices I also get by e-mail',
        response: { 200: StaffMailPrefs },
      },
    },
    async (req) => myStaffMail(ctxOf(req)),
  );
  r.put(
    '/api/me/staff-mail',
    {
      schema: {
        tags,
        summary: 'Choose the staff notices I also get by e-mail',
        body: StaffMailBody,
        response: { 200: StaffMailPrefs },
      },
    },
    async (req) => setMyStaffMail(ctxOf(req), req.body.events),
  );

  // The unsubscribe link of a customer e-mail: public; the token is the only key, the address masked.
  r.get(
    '/api/portal/unsubscribe/:token',
    {
      schema: {
        tags: ['portal'],
        summary: 'What the unsubscribe link stops: channel and masked address, and whether it already has',
        params: TokenParams,
        response: {
          200: z.object({ channel: z.enum(['sms', 'email', 'wechat']), address: z.string(), optedOut: z.boolean() }),
        },
      },
    },
    async (req) => {
      const t = await unsubscribeTarget(req.server.database.db, req.params.token, req.server.clock());
      if (!t.message) throw new AppError('link.not_found');
      return {
        channel: t.message.channel,
        address: maskAddress(t.message.channel, t.message.recipient),
        optedOut: t.optedOut,
      };
    },
  );
  r.post(
    '/api/portal/unsubscribe/:token',
    {
      schema: {
        tags: ['portal'],
        summary: 'Stop messages to the link’s address on its channel (recorded; repeatable)',
        params: TokenParams,
        response: {
          200: z.object({
            channel: z.enum(['sms', 'email', 'wechat']),
            address: z.string(),
            optedOut: z.literal(true),
          }),
        },
      },
    },
    async (req) => {
      const r2 = await unsubscribeByLink(req.server.database.db, req.params.token, req.server.clock());
      return { channel: r2.channel, address: maskAddress(r2.channel, r2.address), optedOut: true as const };
    },
  );
}

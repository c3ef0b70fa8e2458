import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../config.js';
import { z } from 'zod';
import { ctxOf, typed } from '../../platform/http.js';
import { attachHub, openEventStream } from '../../platform/live/index.js';
import { messageHookRoutes, outboxRoutes } from '../../platform/notify/index.js';
import { provideCustomerReferences } from '../customers/index.js';
import { reportIncomingCall } from './commands/caller-id.js';
import { customerReferences } from './customer-references.js';
import { answerContact, createContact, escalateContact } from './commands/contacts.js';
import { cancelServiceRequest, createServiceRequest } from './commands/requests.js';
import {
  AnswerBody,
  CallerIdBody,
  CallerIdResult,
  CancelBody,
  Contact,
  ContactAttachmentParams,
  ContactCreate,
  ContactDetail,
  ContactListQuery,
  EscalateBody,
  IdParams,
  LookupQuery,
  LookupResult,
  Page,
  QueueQuery,
  RequestCreate,
  RequestListQuery,
  ServiceRequest,
} from './contract.js';
import { IntakeHub } from './live.js';
import { sendMailAttachment, sendUpload } from './uploads.js';
import {
  contactView,
  getContact,
  getContactAttachment,
  getRequestAttachment,
  getServiceRequest,
  listContacts,
  listQueue,
  listServiceRequests,
  lookup,
} from './queries.js';
import { List, listOf } from '../../platform/lists/contract.js';

const tags = ['intake'];

/**
 * The intake desk: lookup, contacts, the supervisors' queue, service requests, caller ID and
 * the agents' live event stream. Also registers the outbox page's route (platform/notify).
 */
export async function intakeRoutes(app: FastifyInstance) {
  const r = typed(app);
  // Contacts and service requests point at customers: the customers module (below) moves them in
  // a merge and keeps addresses they use (customers/ports.ts).
  provideCustomerReferences(customerReferences);
  await app.register(outboxRoutes);
  await app.register(messageHookRoutes);

  const hub = new IntakeHub(app.log);
  attachHub(app, hub);

  r.get(
    '/api/intake/lookup',
    {
      schema: {
        tags,
        summary:
          'Customer cards by phone (or its last 4+ digits), code, name, serial, request or contact code (customers.read)',
        querystring: LookupQuery,
        response: { 200: LookupResult },
      },
    },
    async (req) => lookup(ctxOf(req, 'customers.read'), req.query.q),
  );

  r.post(
    '/api/intake/contacts',
    {
      schema: {
        tags,
        summary: 'Log a contact, optionally creating the customer inline (contacts.create)',
        body: ContactCreate,
        response: { 201: Contact },
      },
    },
    async (req, reply) =>
      reply.status(201).send(contactView(await createContact(ctxOf(req, 'contacts.create'), req.body))),
  );
  r.get(
    '/api/intake/contacts',
    {
      schema: {
        tags,
        summary: 'Contacts of my subtree, newest first (contacts.create)',
        querystring: ContactListQuery,
        response: { 200: Page(Contact) },
      },
    },
    async (req) => listContacts(ctxOf(req, 'contacts.create'), req.query),
  );
  r.get(
    '/api/intake/contacts/:id',
    {
      schema: {
        tags,
        summary: "One contact with a mail's attachments and the order it names (contacts.create)",
        params: IdParams,
        response: { 200: ContactDetail },
      },
    },
    async (req) => getContact(ctxOf(req, 'contacts.create'), req.params.id),
  );
  r.get(
    '/api/intake/contacts/:id/attachments/:attachmentId',
    {
      schema: {
        tags,
        summary:
          'A file a received mail brought: pictures inline, anything else as a sandboxed download (contacts.create)',
        params: ContactAttachmentParams,
      },
    },
    async (req, reply) => {
      const file = await getContactAttachment(ctxOf(req, 'contacts.create'), req.params.id, req.params.attachmentId);
      return sendMailAttachment(reply, app.dataDir ?? loadConfig().dataDir, file);
    },
  );
  r.post(
    '/api/intake/contacts/:id/escalate',
    {
      schema: {
        tags,
        summary: 'Send a consultation to the technical supervisors (contacts.create)',
        params: IdParams,
        body: EscalateBody,
        response: { 200: Contact },
      },
    },
    async (req) => contactView(await escalateContact(ctxOf(req, 'contacts.create'), req.params.id, req.body)),
  );
  r.post(
    '/api/intake/contacts/:id/answer',
    {
      schema: {
        tags,
        summary: 'Answer a consultation (contacts.create)',
        params: IdParams,
        body: AnswerBody,
        response: { 200: Contact },
      },
    },
    async (req) => contactView(await answerContact(ctxOf(req, 'contacts.create'), req.params.id, req.body)),
  );
  r.get(
    '/api/intake/queue',
    {
      schema: {
        tags,
        summary: 'Escalated consultations, oldest first (contacts.create)',
        querystring: QueueQuery,
        response: { 200: List(Contact) },
      },
    },
    async (req) => listOf(await listQueue(ctxOf(req, 'contacts.create'), req.query)),
  );

  r.post(
    '/api/intake/requests',
    {
      schema: {
        tags,
        summary: 'Open a repair, installation or maintenance request (contacts.create)',
        body: RequestCreate,
        response: { 201: ServiceRequest },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'contacts.create');
      const row = await createServiceRequest(ctx, req.body);
      return reply.status(201).send(await getServiceRequest(ctx, row.id));
    },
  );
  r.get(
    '/api/intake/requests',
    {
      schema: {
        tags,
        summary: 'Service requests of my subtree (customers.read)',
        querystring: RequestListQuery,
        response: { 200: Page(ServiceRequest) },
      },
    },
    async (req) => listServiceRequests(ctxOf(req, 'customers.read'), req.query),
  );
  r.get(
    '/api/intake/requests/:id',
    {
      schema: {
        tags,
        summary: 'One service request (customers.read)',
        params: IdParams,
        response: { 200: ServiceRequest },
      },
    },
    async (req) => getServiceRequest(ctxOf(req, 'customers.read'), req.params.id),
  );
  r.get(
    '/api/intake/requests/:id/attachments/:attachmentId',
    {
      schema: {
        tags,
        summary: 'A photo of a service request, as uploaded (customers.read)',
        params: z.object({ id: z.uuid(), attachmentId: z.uuid() }),
      },
    },
    async (req, reply) => {
      const file = await getRequestAttachment(ctxOf(req, 'customers.read'), req.params.id, req.params.attachmentId);
      return sendUpload(reply, app.dataDir ?? loadConfig().dataDir, file);
    },
  );
  r.post(
    '/api/intake/requests/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a request not yet an order (contacts.create)',
        params: IdParams,
        body: CancelBody,
        response: { 200: ServiceRequest },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, 'contacts.create');
      await cancelServiceRequest(ctx, req.params.id, req.body);
      return getServiceRequest(ctx, req.params.id);
    },
  );

  r.post(
    '/api/intake/caller-id',
    {
      schema: {
        tags,
        summary:
          'Incoming call from the CTI system (API token with contacts.create): pops the customer on the agent screen',
        body: CallerIdBody,
        response: { 200: CallerIdResult },
      },
    },
    async (req) => reportIncomingCall(ctxOf(req, 'contacts.create'), req.body),
  );
  r.get(
    '/api/intake/events',
    {
      schema: {
        tags,
        summary: 'Server-sent events for the signed-in agent (contacts.create): `caller-id` pops, heartbeat every 20 s',
      },
    },
    async (req, reply) => openEventStream(app, req, reply, ctxOf(req, 'contacts.create'), hub),
  );
}

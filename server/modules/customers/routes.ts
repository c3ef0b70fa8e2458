import type { FastifyInstance, FastifyReply } from 'fastify';
import { ctxOf, setEtag, typed } from '../../platform/http.js';
import { createCustomer } from './commands/create.js';
import { mergeCustomers, undoMerge } from './commands/merge.js';
import { revealCustomerContact } from './commands/reveal.js';
import { setCustomerActive, updateCustomer } from './commands/update.js';
import {
  Customer,
  CustomerCreate,
  CustomerListQuery,
  CustomerPage,
  CustomerSummary,
  CustomerUpdate,
  DuplicatesQuery,
  IdParams,
  IncompleteArchivesQuery,
  MergeBody,
  MergeParams,
  MergeResult,
  RevealBody,
  RevealedContact,
  VersionBody,
} from './contract.js';
import { findCustomersByPhone, getCustomer, listCustomers, listIncompleteArchives } from './queries.js';
import { List, listOf } from '../../platform/lists/contract.js';
import { changeCustomerChannels, changeCustomerOptOut, getCustomerMessaging } from './messaging.js';
import { CustomerChannelsBody, CustomerMessaging, CustomerOptOutBody } from './contract.js';

const tags = ['customers'];

function send(reply: FastifyReply, customer: Customer, status = 200) {
  setEtag(reply, customer.version);
  return reply.status(status).send(customer);
}

/** The customer archive. Reads need customers.read, writes customers.manage; undoing a merge customers.merge_undo. */
export async function customerRoutes(app: FastifyInstance) {
  const r = typed(app);

  r.get(
    '/api/customers',
    {
      schema: {
        tags,
        summary:
          'Search and list customers of my area, paged (customers.read; phones and streets masked unless the reader keeps the archive or serves an order of the customer)',
        querystring: CustomerListQuery,
        response: { 200: CustomerPage },
      },
    },
    async (req) => listCustomers(ctxOf(req, 'customers.read'), req.query),
  );
  r.get(
    '/api/customers/duplicates',
    {
      schema: {
        tags,
        summary: 'Customers of my area with this phone number, in any format (customers.read)',
        querystring: DuplicatesQuery,
        response: { 200: List(CustomerSummary) },
      },
    },
    async (req) => listOf(await findCustomersByPhone(ctxOf(req, 'customers.read'), req.query.phone)),
  );
  r.get(
    '/api/customers/incomplete-archives',
    {
      schema: {
        tags,
        summary: 'Customers whose archive is still incomplete past the days allowed after first contact (seed 001)',
        querystring: IncompleteArchivesQuery,
        response: { 200: CustomerPage },
      },
    },
    async (req) => listIncompleteArchives(ctxOf(req, 'customers.read'), req.query),
  );
  r.get(
    '/api/customers/:id',
    {
      schema: {
        tags,
        summary: 'One customer with phones, addresses and archive status; 404 outside my area (customers.read)',
        params: IdParams,
        response: { 200: Customer },
      },
    },
    async (req, reply) => send(reply, await getCustomer(ctxOf(req, 'customers.read'), req.params.id)),
  );
  r.post(
    '/api/customers/:id/reveal-contact',
    {
      schema: {
        tags,
        summary:
          'Show a masked customer’s full phones and addresses, with a reason; audited as customer.contact_revealed (customers.read)',
        params: IdParams,
        body: RevealBody,
        response: { 200: RevealedContact },
      },
    },
    async (req) => revealCustomerContact(ctxOf(req, 'customers.read'), req.params.id, req.body),
  );
  r.post(
    '/api/customers',
    {
      schema: {
        tags,
        summary: 'Open a customer archive; 409 customer.duplicate_phone unless allowDuplicate (customers.manage)',
        body: CustomerCreate,
        response: { 201: Customer },
      },
    },
    async (req, reply) => send(reply, await createCustomer(ctxOf(req, 'customers.manage'), req.body), 201),
  );
  r.patch(
    '/api/customers/:id',
    {
      schema: {
        tags,
        summary:
          'Edit a customer; phones and addresses replace the current sets (customers.manage; 409 on a stale version)',
        params: IdParams,
        body: CustomerUpdate,
        response: { 200: Customer },
      },
    },
    async (req, reply) => send(reply, await updateCustomer(ctxOf(req, 'customers.manage'), req.params.id, req.body)),
  );
  for (const [action, active] of [
    ['deactivate', false],
    ['activate', true],
  ] as const) {
    r.post(
      `/api/customers/:id/${action}`,
      {
        schema: {
          tags,
          summary: active ? 'Re-activate a customer (customers.manage)' : 'Deactivate a customer (customers.manage)',
          params: IdParams,
          body: VersionBody,
          response: { 200: Customer },
        },
      },
      async (req, reply) =>
        send(reply, await setCustomerActive(ctxOf(req, 'customers.manage'), req.params.id, active, req.body)),
    );
  }
  r.post(
    '/api/customers/:id/merge',
    {
      schema: {
        tags,
        summary: 'Merge another customer into this one, keeping all history (customers.manage; audited, reversible)',
        params: IdParams,
        body: MergeBody,
        response: { 200: MergeResult },
      },
    },
    async (req) => mergeCustomers(ctxOf(req, 'customers.manage'), req.params.id, req.body),
  );
  r.post(
    '/api/customers/merges/:mergeId/undo',
    {
      schema: {
        tags,
        summary: 'Undo a merge: the recorded rows move back and the merged customer returns (customers.merge_undo)',
        params: MergeParams,
        response: { 200: MergeResult },
      },
    },
    async (req) => undoMerge(ctxOf(req, 'customers.merge_undo'), req.params.mergeId),
  );
  r.get(
    '/api/customers/:id/messaging',
    {
      schema: {
        tags,
        summary:
          'Where messages reach the customer (addresses masked), their chosen channels and opt-outs (customers.read)',
        params: IdParams,
        response: { 200: CustomerMessaging },
      },
    },
    async (req) => getCustomerMessaging(ctxOf(req, 'customers.read'), req.params.id),
  );
  r.put(
    '/api/customers/:id/messaging/channels',
    {
      schema: {
        tags,
        summary: 'The channels the customer wants messages on; null or empty: every enabled one (customers.manage)',
        params: IdParams,
        body: CustomerChannelsBody,
        response: { 200: CustomerMessaging },
      },
    },
    async (req) => changeCustomerChannels(ctxOf(req, 'customers.manage'), req.params.id, req.body),
  );
  r.post(
    '/api/customers/:id/messaging/opt-outs',
    {
      schema: {
        tags,
        summary: 'Stop or restart messages to one of the customer’s addresses, on their word (customers.manage)',
        params: IdParams,
        body: CustomerOptOutBody,
        response: { 200: CustomerMessaging },
      },
    },
    async (req) => changeCustomerOptOut(ctxOf(req, 'customers.manage'), req.params.id, req.body),
  );
}

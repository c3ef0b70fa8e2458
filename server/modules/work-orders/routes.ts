import type { FastifyInstance } from 'fastify';
import { ctxOf, typed } from '../../platform/http.js';
import { createApproval } from './commands/approvals.js';
import { createCertification, deleteCertification, updateCertification } from './commands/certifications.js';
import { createOrder } from './commands/create.js';
import { runAction } from './commands/transitions.js';
import { urgeOrder } from './commands/urge.js';
import {
  ACTION_BODIES,
  ACTION_PATHS,
  ApprovalBody,
  Certification,
  CertificationCreate,
  CertificationPage,
  CertificationPatch,
  CertificationQuery,
  DeleteQuery,
  IdParams,
  ORDER_ACTIONS,
  OrderCreate,
  OrderDetail,
  OrderListQuery,
  OrderPage,
  RegisterPage,
  RegisterQuery,
  Suggestion,
  UrgeBody,
  UrgeResult,
} from './contract.js';
import { getCertification, getOrder, listCertifications, listOrders, listRegister } from './queries.js';
import { suggestRoute } from './suggest.js';

const tags = ['work-orders'];

const SUMMARIES: Record<(typeof ORDER_ACTIONS)[number], string> = {
  dispatch: 'Dispatch to a center, an outlet or a technician (orders.dispatch); overrideReason when differing from the suggestion',
  accept: 'The holding outlet accepts the order (orders.dispatch)',
  reject: 'The holding unit rejects it with a reason; it returns to the level above (orders.dispatch)',
  book: 'Book the appointment window agreed with the customer (orders.execute, assigned technician, or orders.dispatch)',
  depart: 'The technician sets off (orders.execute, assigned technician)',
  arrive: 'The technician is on site (orders.execute, assigned technician)',
  receive: 'Carry-in: the unit is received, labelled, its condition and accessories noted (orders.execute)',
  start: 'Repair starts (orders.execute)',
  wait: 'Waiting for parts, the customer or an approval, with a reason (orders.execute)',
  resume: 'Back to repair after waiting (orders.execute)',
  complete: 'Completed: diagnosis, cause, solution, parts, labour, signature, rating (orders.execute)',
  confirm: 'The completion is confirmed (orders.dispatch)',
  close: 'Closed (orders.dispatch)',
  cancel: 'Cancelled with a reason (orders.create or orders.dispatch)',
  reopen: 'Reopened: creates a linked repeat-visit order (orders.create)',
  report_unfixable: 'Not fixable on site: fault report and an entry in the repair register (orders.execute)',
};

/**
 * Work orders: create (idempotent), list and read, one endpoint per lifecycle action, the routing
 * suggestion, urging, emergency approvals, the repair register and technician certifications.
 */
export async function workOrderRoutes(app: FastifyInstance) {
  const r = typed(app);

  r.post(
    '/api/orders',
    {
      schema: {
        tags,
        summary: 'Create an order from a service request or directly (orders.create); honours Idempotency-Key',
        body: OrderCreate,
        response: { 200: OrderDetail, 201: OrderDetail },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'orders.create');
      const key = req.headers['idempotency-key'];
      const { id, replayed } = await createOrder(ctx, req.body, typeof key === 'string' && key.trim() ? key.trim().slice(0, 200) : null);
      return reply.status(replayed ? 200 : 201).send(await getOrder(ctx, id));
    },
  );
  r.get(
    '/api/orders',
    { schema: { tags, summary: 'Orders of my subtree, newest first (orders.read)', querystring: OrderListQuery, response: { 200: OrderPage } } },
    async (req) => listOrders(ctxOf(req, 'orders.read'), req.query),
  );
  r.get(
    '/api/orders/:id',
    { schema: { tags, summary: 'One order with its timeline (orders.read)', params: IdParams, response: { 200: OrderDetail } } },
    async (req) => getOrder(ctxOf(req, 'orders.read'), req.params.id),
  );
  r.get(
    '/api/orders/:id/suggestion',
    { schema: { tags, summary: 'Routing suggestion for the next dispatch, with reasons (orders.dispatch)', params: IdParams, response: { 200: Suggestion } } },
    async (req) => suggestRoute(ctxOf(req, 'orders.dispatch'), req.params.id),
  );

  for (const action of ORDER_ACTIONS) {
    r.post(
      `/api/orders/:id/${ACTION_PATHS[action]}`,
      { schema: { tags, summary: SUMMARIES[action], params: IdParams, body: ACTION_BODIES[action], response: { 200: OrderDetail } } },
      async (req) => {
        const ctx = ctxOf(req, 'orders.read');
        const id = await runAction(ctx, req.params.id, action, req.body as never);
        return getOrder(ctx, id, { unscoped: true });
      },
    );
  }

  r.post(
    '/api/orders/:id/urges',
    {
      schema: {
        tags,
        summary: 'Urge an order (催单, contacts.create): logs the contact, counts it, notifies the holder, flags a complaint after the limit',
        params: IdParams,
        body: UrgeBody,
        response: { 200: UrgeResult },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, 'contacts.create');
      const res = await urgeOrder(ctx, req.params.id, req.body);
      return { ...res, order: await getOrder(ctx, req.params.id) };
    },
  );
  r.post(
    '/api/orders/:id/approvals',
    {
      schema: {
        tags,
        summary: 'Record a manager approval for an emergency: part-time staff or a parts workaround (orders.approve)',
        params: IdParams,
        body: ApprovalBody,
        response: { 200: OrderDetail },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, 'orders.approve');
      await createApproval(ctx, req.params.id, req.body);
      return getOrder(ctx, req.params.id);
    },
  );

  r.get(
    '/api/repair-register',
    {
      schema: {
        tags,
        summary: 'The repair register (客户产品维修登记簿): faults not fixable on site, searchable (orders.read)',
        querystring: RegisterQuery,
        response: { 200: RegisterPage },
      },
    },
    async (req) => listRegister(ctxOf(req, 'orders.read'), req.query),
  );

  r.get(
    '/api/technician-certifications',
    { schema: { tags, summary: 'Technician certifications of my subtree (orders.read)', querystring: CertificationQuery, response: { 200: CertificationPage } } },
    async (req) => listCertifications(ctxOf(req, 'orders.read'), req.query),
  );
  r.get(
    '/api/technician-certifications/:id',
    { schema: { tags, summary: 'One certification (orders.read)', params: IdParams, response: { 200: Certification } } },
    async (req) => getCertification(ctxOf(req, 'orders.read'), req.params.id),
  );
  r.post(
    '/api/technician-certifications',
    { schema: { tags, summary: 'Certify a technician for a product line until a date (orders.dispatch)', body: CertificationCreate, response: { 201: Certification } } },
    async (req, reply) => {
      const ctx = ctxOf(req, 'orders.dispatch');
      const id = await createCertification(ctx, req.body);
      return reply.status(201).send(await getCertification(ctx, id));
    },
  );
  r.patch(
    '/api/technician-certifications/:id',
    { schema: { tags, summary: 'Change a certification (orders.dispatch)', params: IdParams, body: CertificationPatch, response: { 200: Certification } } },
    async (req) => {
      const ctx = ctxOf(req, 'orders.dispatch');
      await updateCertification(ctx, req.params.id, req.body);
      return getCertification(ctx, req.params.id);
    },
  );
  r.delete(
    '/api/technician-certifications/:id',
    { schema: { tags, summary: 'Remove a certification (orders.dispatch); send the version as If-Match or ?version', params: IdParams, querystring: DeleteQuery } },
    async (req, reply) => {
      const ctx = ctxOf(req, 'orders.dispatch');
      await deleteCertification(ctx, req.params.id, req.query.version);
      return reply.status(204).send();
    },
  );
}

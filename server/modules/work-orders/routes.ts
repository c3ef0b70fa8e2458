import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../config.js';
import { getSetting } from '../../platform/config/index.js';
import { AppError } from '../../platform/errors.js';
import { ctxOf, typed } from '../../platform/http.js';
import { attachHub, openEventStream } from '../../platform/live/index.js';
import { provideServingOrders } from '../customers/index.js';
import { provideOrderMail, provideTrackedOrder, readPhotoForm, sendUpload } from '../intake/index.js';
import { onCaseExecuted, provideServiceHistory } from '../warranty/index.js';
import { closeOrdersOfCase } from './commands/close-by-case.js';
import { addOrderPhotos } from './commands/photos.js';
import { createApproval } from './commands/approvals.js';
import { orderMailReceived, orderNamedIn } from './commands/mail.js';
import { createCertification, deleteCertification, updateCertification } from './commands/certifications.js';
import { createOrder } from './commands/create-queue.js';
import { revealOrderContact } from './commands/reveal.js';
import { runAction } from './commands/transitions.js';
import { urgeOrder } from './commands/urge.js';
import { OrdersHub } from './live.js';
import { serviceHistory, servingOrders, trackedOrder } from './provided.js';
import {
  ACTION_BODIES,
  ACTION_PATHS,
  ApprovalBody,
  Certification,
  CertificationCreate,
  CertificationPage,
  CertificationPatch,
  CertificationQuery,
  ComplaintRecord,
  ComplaintRecordPage,
  ComplaintRecordQuery,
  DeleteQuery,
  IdParams,
  ORDER_ACTIONS,
  OrderCreate,
  OrderCreated,
  OrderDetail,
  OrderListQuery,
  OrderPage,
  OrderPhoto,
  OrderPhotoParams,
  PhotoKind,
  RegisterPage,
  RegisterQuery,
  RevealBody,
  RevealedOrderContact,
  Suggestion,
  UrgeBody,
  UrgeResult,
} from './contract.js';
import {
  assertOrderVisible,
  getCertification,
  getComplaintRecord,
  getOrder,
  getOrderPhoto,
  listCertifications,
  listComplaintRecords,
  listOrders,
  listRegister,
} from './queries.js';
import { suggestRoute } from './suggest.js';
import { List, listOf } from '../../platform/lists/contract.js';

const tags = ['work-orders'];

/** The optional `kind` of the job photos' form (fault, custody, completion; default completion). */
function photoKind(kind: string | undefined) {
  const parsed = PhotoKind.safeParse(kind ?? 'completion');
  if (!parsed.success)
    throw new AppError('validation.failed', {}, [{ path: 'body.kind', code: 'invalid_value', message: '' }]);
  return parsed.data;
}

const SUMMARIES: Record<(typeof ORDER_ACTIONS)[number], string> = {
  dispatch:
    'Dispatch to a center, an outlet or a technician (orders.dispatch); overrideReason when differing from the suggestion',
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
  correct_address:
    'Correct the service address to another address of the customer, with a reason; a new zone re-plans the open time limits (orders.dispatch, or orders.execute as the assigned technician)',
};

/**
 * Work orders: create (idempotent), list and read, one endpoint per lifecycle action, the routing
 * suggestion, urging, emergency approvals, the repair register and technician certifications.
 */
export async function workOrderRoutes(app: FastifyInstance) {
  const r = typed(app);
  // A carried-out return/exchange case (warranty, below) ends the unit's open orders.
  onCaseExecuted(closeOrdersOfCase);
  // What the modules below read of orders, through their ports (provided.ts).
  provideServingOrders(servingOrders);
  provideTrackedOrder(trackedOrder);
  // A mail the intake desk receives about an order shows on the order (commands/mail.ts).
  provideOrderMail({ orderNamedIn, mailReceived: orderMailReceived });
  provideServiceHistory(serviceHistory);
  await app.register(fastifyMultipart);

  r.post(
    '/api/orders',
    {
      schema: {
        tags,
        summary: 'Create an order from a service request or directly (orders.create); honours Idempotency-Key',
        body: OrderCreate,
        response: { 200: OrderCreated, 201: OrderCreated },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'orders.create');
      const raw = req.headers['idempotency-key'];
      const key = typeof raw === 'string' && raw.trim() ? raw.trim().slice(0, 200) : null;
      // Every creation goes through the one pipeline, gathered into groups under load
      // (commands/create-queue.ts); the answer of a new order is built from what was written.
      const created = await createOrder(ctx, req.body, key);
      if (created.kind === 'created') return reply.status(201).send(created.detail);
      const [detail, suggestion] = await Promise.all([getOrder(ctx, created.id), suggestRoute(ctx, created.id)]);
      return reply.status(200).send({ ...detail, suggestion });
    },
  );
  r.get(
    '/api/orders',
    {
      schema: {
        tags,
        summary: 'Orders of my subtree, newest first (orders.read)',
        querystring: OrderListQuery,
        response: { 200: OrderPage },
      },
    },
    async (req) => listOrders(ctxOf(req, 'orders.read'), req.query),
  );
  const hub = new OrdersHub(app.log);
  attachHub(app, hub);
  r.get(
    '/api/orders/events',
    {
      schema: {
        tags,
        summary:
          'Server-sent events for the dispatch boards (orders.read): `order` on every change of an order in my subtree, heartbeat every 20 s',
      },
    },
    async (req, reply) => openEventStream(app, req, reply, ctxOf(req, 'orders.read'), hub),
  );
  r.get(
    '/api/orders/:id',
    {
      schema: {
        tags,
        summary: 'One order with its timeline (orders.read)',
        params: IdParams,
        response: { 200: OrderDetail },
      },
    },
    async (req) => getOrder(ctxOf(req, 'orders.read'), req.params.id),
  );
  r.get(
    '/api/orders/:id/suggestion',
    {
      schema: {
        tags,
        summary: 'Routing suggestion for the next dispatch, with reasons (orders.dispatch)',
        params: IdParams,
        response: { 200: Suggestion },
      },
    },
    async (req) => suggestRoute(ctxOf(req, 'orders.dispatch'), req.params.id),
  );

  for (const action of ORDER_ACTIONS) {
    r.post(
      `/api/orders/:id/${ACTION_PATHS[action]}`,
      {
        schema: {
          tags,
          summary: SUMMARIES[action],
          params: IdParams,
          body: ACTION_BODIES[action],
          response: { 200: OrderDetail },
        },
      },
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
        summary:
          'Urge an order (催单, contacts.create): logs the contact, counts it, notifies the holder, flags a complaint after the limit',
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
    '/api/orders/:id/reveal-contact',
    {
      schema: {
        tags,
        summary:
          'Show the order’s masked phone and address whole, with a reason; audited as customer.contact_revealed naming the order (orders.read)',
        params: IdParams,
        body: RevealBody,
        response: { 200: RevealedOrderContact },
      },
    },
    async (req) => revealOrderContact(ctxOf(req, 'orders.read'), req.params.id, req.body),
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

  r.post(
    '/api/orders/:id/photos',
    {
      schema: {
        tags,
        summary: 'Add photos taken on the job (orders.execute for the assigned technician, or orders.dispatch/create)',
        description:
          'multipart/form-data: file parts (JPEG, PNG, WebP, HEIC; size and count limits of the portal settings) and an optional field `kind` (fault, custody, completion; default completion).',
        consumes: ['multipart/form-data'],
        params: IdParams,
        response: { 201: List(OrderPhoto) },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'orders.read');
      await assertOrderVisible(ctx, req.params.id);
      const [maxMb, maxCount] = await Promise.all([
        getSetting(ctx.db, 'portal.photoMaxMb', ctx.now),
        getSetting(ctx.db, 'portal.photoMaxCount', ctx.now),
      ]);
      const { fields, photos } = await readPhotoForm(req, { maxMb, maxCount, fields: 5, fieldSize: 100 });
      const kind = photoKind(fields.kind);
      if (photos.length === 0)
        throw new AppError('validation.failed', {}, [{ path: 'body.photo', code: 'required', message: '' }]);
      const ids = await addOrderPhotos(ctx, req.params.id, kind, photos, app.dataDir ?? loadConfig().dataDir);
      const order = await getOrder(ctx, req.params.id);
      return reply.status(201).send(listOf(order.photos.filter((p) => ids.includes(p.id))));
    },
  );
  r.get(
    '/api/orders/:id/photos/:photoId',
    { schema: { tags, summary: 'One photo of an order, as uploaded (orders.read)', params: OrderPhotoParams } },
    async (req, reply) => {
      const file = await getOrderPhoto(ctxOf(req, 'orders.read'), req.params.id, req.params.photoId);
      return sendUpload(reply, app.dataDir ?? loadConfig().dataDir, file);
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
    '/api/complaint-records',
    {
      schema: {
        tags,
        summary:
          'Complaint records of my subtree (投诉记录: orders urged more than orders.urgesBeforeComplaint times), newest first (orders.read)',
        querystring: ComplaintRecordQuery,
        response: { 200: ComplaintRecordPage },
      },
    },
    async (req) => listComplaintRecords(ctxOf(req, 'orders.read'), req.query),
  );
  r.get(
    '/api/complaint-records/:id',
    {
      schema: {
        tags,
        summary: 'One complaint record (orders.read)',
        params: IdParams,
        response: { 200: ComplaintRecord },
      },
    },
    async (req) => getComplaintRecord(ctxOf(req, 'orders.read'), req.params.id),
  );

  r.get(
    '/api/technician-certifications',
    {
      schema: {
        tags,
        summary: 'Technician certifications of my subtree (orders.read)',
        querystring: CertificationQuery,
        response: { 200: CertificationPage },
      },
    },
    async (req) => listCertifications(ctxOf(req, 'orders.read'), req.query),
  );
  r.get(
    '/api/technician-certifications/:id',
    {
      schema: { tags, summary: 'One certification (orders.read)', params: IdParams, response: { 200: Certification } },
    },
    async (req) => getCertification(ctxOf(req, 'orders.read'), req.params.id),
  );
  r.post(
    '/api/technician-certifications',
    {
      schema: {
        tags,
        summary: 'Certify a technician for a product line until a date (orders.dispatch)',
        body: CertificationCreate,
        response: { 201: Certification },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'orders.dispatch');
      const id = await createCertification(ctx, req.body);
      return reply.status(201).send(await getCertification(ctx, id));
    },
  );
  r.patch(
    '/api/technician-certifications/:id',
    {
      schema: {
        tags,
        summary: 'Change a certification (orders.dispatch)',
        params: IdParams,
        body: CertificationPatch,
        response: { 200: Certification },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, 'orders.dispatch');
      await updateCertification(ctx, req.params.id, req.body);
      return getCertification(ctx, req.params.id);
    },
  );
  r.delete(
    '/api/technician-certifications/:id',
    {
      schema: {
        tags,
        summary: 'Remove a certification (orders.dispatch); send the version as If-Match or ?version',
        params: IdParams,
        querystring: DeleteQuery,
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'orders.dispatch');
      await deleteCertification(ctx, req.params.id, req.query.version);
      return reply.status(204).send();
    },
  );
}

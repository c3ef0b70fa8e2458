import type { FastifyInstance } from 'fastify';
import { sendXlsx, XLSX_MIME } from '../../../platform/export/xlsx.js';
import { ctxOf, typed } from '../../../platform/http.js';
import { List } from '../../../platform/lists/contract.js';
import { setQuota } from './commands/quotas.js';
import {
  approveRequest,
  cancelRequest,
  createRequest,
  previewRequest,
  rejectRequest,
  returnUnused,
} from './commands/requests.js';
import { removeShipmentRoute, setShipmentRoute } from './commands/shipment-routes.js';
import { receiveShipment, shipRequest } from './commands/shipments.js';
import {
  ApproveBody,
  CancelBody,
  IdParams,
  QuotaQuery,
  QuotaRow,
  QuotaSet,
  QuotaStanding,
  QuotaStandingQuery,
  QuotaView,
  ReceiveBody,
  RejectBody,
  RequestCreate,
  RequestCreated,
  RequestDetail,
  RequestListQuery,
  RequestPage,
  RequestPreview,
  ReturnBody,
  ShipBody,
  ShipmentListQuery,
  ShipmentRouteList,
  ShipmentRouteRow,
  ShipmentRouteSet,
  ShipmentView,
} from './contract.js';
import {
  getRequest,
  getShipmentRoute,
  listQuotas,
  listRequests,
  listShipmentRoutes,
  listShipments,
  quotaFor,
} from './queries.js';
import { exportQuotaStanding, quotaStanding } from './standing.js';

const tags = ['parts'];

/** Parts requests against quotas, approval, shipments and receipts (docs/parts-requests.md). */
export async function partRequestRoutes(app: FastifyInstance) {
  const r = typed(app);

  r.get(
    '/api/part-requests',
    {
      schema: {
        tags,
        summary: 'Parts requests in scope, by status or order (the board)',
        querystring: RequestListQuery,
        response: { 200: RequestPage },
      },
    },
    async (req) => listRequests(ctxOf(req), req.query),
  );
  r.get(
    '/api/part-requests/quota',
    {
      schema: {
        tags,
        summary: "Remaining quota of an order's outlet and technician (with the model's parts), or of an outlet",
        querystring: QuotaQuery,
        response: { 200: QuotaView },
      },
    },
    async (req) => quotaFor(ctxOf(req), req.query),
  );
  r.post(
    '/api/part-requests',
    {
      schema: {
        tags,
        summary: 'Request parts for an order (parts.request): judged against quotas; the order waits for parts',
        body: RequestCreate,
        response: { 201: RequestCreated },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      const made = await createRequest(ctx, req.body);
      const request = await getRequest(ctx, made.id);
      const quota = await quotaFor(ctx, { orderId: req.body.orderId });
      const { shipments: _s, events: _e, ...view } = request;
      return reply.status(201).send({ request: view, orderWaiting: made.orderWaiting, quota });
    },
  );
  r.post(
    '/api/part-requests/preview',
    {
      schema: {
        tags,
        summary:
          'Who would approve a request now and why (the same judgement as POST /api/part-requests), nothing written',
        body: RequestCreate,
        response: { 200: RequestPreview },
      },
    },
    async (req) => previewRequest(ctxOf(req), req.body),
  );
  r.get(
    '/api/part-requests/:id',
    {
      schema: {
        tags,
        summary: 'One parts request with lines, shipments and events',
        params: IdParams,
        response: { 200: RequestDetail },
      },
    },
    async (req) => getRequest(ctxOf(req), req.params.id),
  );
  r.post(
    '/api/part-requests/:id/approve',
    {
      schema: {
        tags,
        summary: 'Approve (parts.approve; parts.approve_hq above the HQ threshold), optionally choosing the depot',
        params: IdParams,
        body: ApproveBody,
        response: { 200: RequestDetail },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      await approveRequest(ctx, req.params.id, req.body);
      return getRequest(ctx, req.params.id);
    },
  );
  r.post(
    '/api/part-requests/:id/reject',
    {
      schema: {
        tags,
        summary: 'Reject with a reason',
        params: IdParams,
        body: RejectBody,
        response: { 200: RequestDetail },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      await rejectRequest(ctx, req.params.id, req.body.reason);
      return getRequest(ctx, req.params.id);
    },
  );
  r.post(
    '/api/part-requests/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a request nothing of which was shipped or issued',
        params: IdParams,
        body: CancelBody,
        response: { 200: RequestDetail },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      await cancelRequest(ctx, req.params.id, req.body.reason);
      return getRequest(ctx, req.params.id);
    },
  );
  r.post(
    '/api/part-requests/:id/ship',
    {
      schema: {
        tags,
        summary: 'Ship an approved request from a depot (parts.manage): transfer out, in transit to the outlet',
        params: IdParams,
        body: ShipBody,
        response: { 200: RequestDetail },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      await shipRequest(ctx, req.params.id, req.body);
      return getRequest(ctx, req.params.id);
    },
  );
  r.post(
    '/api/part-requests/:id/return',
    {
      schema: {
        tags,
        summary: 'Return unused parts to the depot they were issued from',
        params: IdParams,
        body: ReturnBody,
        response: { 200: RequestDetail },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      await returnUnused(ctx, req.params.id, req.body);
      return getRequest(ctx, req.params.id);
    },
  );
  r.get(
    '/api/part-shipments',
    {
      schema: {
        tags,
        summary: 'Shipments in scope; late=true for late ones',
        querystring: ShipmentListQuery,
        response: { 200: List(ShipmentView) },
      },
    },
    async (req) => listShipments(ctxOf(req), req.query),
  );
  r.post(
    '/api/part-shipments/:id/receive',
    {
      schema: {
        tags,
        summary:
          'Receive a shipment: short and wrong items recorded, lateness attributed; the order resumes when all arrived',
        params: IdParams,
        body: ReceiveBody,
        response: { 200: RequestDetail },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      const requestId = await receiveShipment(ctx, req.params.id, req.body);
      return getRequest(ctx, requestId);
    },
  );
  r.get(
    '/api/part-quotas',
    { schema: { tags, summary: 'Quotas in scope', response: { 200: List(QuotaRow) } } },
    async (req) => listQuotas(ctxOf(req)),
  );
  r.get(
    '/api/part-quotas/standing',
    {
      schema: {
        tags,
        summary: 'Every outlet and technician in scope: the quota in force today, used and remaining this period',
        querystring: QuotaStandingQuery,
        response: { 200: List(QuotaStanding) },
      },
    },
    async (req) => quotaStanding(ctxOf(req), req.query),
  );
  r.get(
    '/api/part-quotas/standing.xlsx',
    {
      schema: {
        tags,
        summary: 'The quota list with the same filters, as XLSX; audited',
        querystring: QuotaStandingQuery,
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => sendXlsx(reply, await exportQuotaStanding(ctxOf(req), req.query)),
  );
  r.put(
    '/api/part-quotas',
    {
      schema: {
        tags,
        summary: "Set an outlet's or technician's quota from a day on (parts.approve)",
        body: QuotaSet,
        response: { 200: QuotaRow },
      },
    },
    async (req) => {
      const row = await setQuota(ctxOf(req), req.body);
      return { ...row, createdAt: row.createdAt.toISOString() };
    },
  );
  r.get(
    '/api/part-shipment-routes',
    {
      schema: {
        tags,
        summary: 'Promised days per shipping route in scope (a depot to the depots under a unit), with the default',
        response: { 200: ShipmentRouteList },
      },
    },
    async (req) => listShipmentRoutes(ctxOf(req)),
  );
  r.put(
    '/api/part-shipment-routes',
    {
      schema: {
        tags,
        summary: "Set a depot's promised days to the depots under a unit (parts.manage)",
        body: ShipmentRouteSet,
        response: { 200: ShipmentRouteRow },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      return getShipmentRoute(ctx, await setShipmentRoute(ctx, req.body));
    },
  );
  r.delete(
    '/api/part-shipment-routes/:id',
    {
      schema: {
        tags,
        summary: 'Remove a route: shipments on it get the default promise again (parts.manage)',
        params: IdParams,
      },
    },
    async (req, reply) => {
      await removeShipmentRoute(ctxOf(req), req.params.id);
      return reply.status(204).send();
    },
  );
}

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendXlsx, XLSX_MIME } from '../../platform/export/xlsx.js';
import { ctxOf, typed } from '../../platform/http.js';
import { provideCompletionEffects } from './completion-effects.js';
import { partPricesRoutes } from './prices/routes.js';
import { List, listOf } from '../../platform/lists/contract.js';
import { createConsignmentDepot } from './commands/depots.js';
import { postMovementCommand, setReorder, setTracking } from './commands/stock.js';
import {
  ConsignmentDepotCreate,
  Depot,
  DepotParams,
  DepotStockExportQuery,
  DepotStockQuery,
  LedgerExportQuery,
  LedgerPage,
  LedgerQuery,
  MovementPost,
  MovementPosted,
  PartParams,
  PartStockQuery,
  PartTracking,
  ReorderSet,
  StockLine,
  StockPage,
  TrackingSet,
} from './contract.js';
import { exportDepotStock, exportLedger } from './export.js';
import { depotStock, ledgerOf, listDepots, partStock, trackingOf } from './queries.js';

const tags = ['parts'];

/** The parts stock ledger (docs/parts.md). Reads need parts.read, writes parts.manage; all within the data scope. */
export async function partsRoutes(app: FastifyInstance) {
  const r = typed(app);
  // Work-order completion (below) consumes the parts fitted and creates the old-part return
  // obligations, through its completion port.
  provideCompletionEffects();
  await partPricesRoutes(app);

  r.get(
    '/api/parts/depots',
    {
      schema: {
        tags,
        summary: 'Depots in my data scope, flat, with their unit and its parent (parts.read)',
        response: { 200: List(Depot) },
      },
    },
    async (req) => listOf(await listDepots(ctxOf(req))),
  );
  r.post(
    '/api/parts/depots',
    {
      schema: {
        tags,
        summary: 'Create a consignment depot at a customer, kept by a unit in scope (parts.manage)',
        body: ConsignmentDepotCreate,
        response: { 201: Depot },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'parts.manage');
      const row = await createConsignmentDepot(ctx, req.body);
      const depot = (await listDepots(ctx)).find((d) => d.id === row.id)!;
      return reply.status(201).send(depot);
    },
  );
  r.get(
    '/api/parts/depots/:id/stock',
    {
      schema: {
        tags,
        summary: "A depot's stock by part and grade, paged; q filters by part (parts.read)",
        params: DepotParams,
        querystring: DepotStockQuery,
        response: { 200: StockPage },
      },
    },
    async (req) => depotStock(ctxOf(req), req.params.id, req.query),
  );
  r.get(
    '/api/parts/depots/:id/stock.xlsx',
    {
      schema: {
        tags,
        summary: "A depot's stock list with the same filters as its list, as XLSX; audited (parts.read)",
        params: DepotParams,
        querystring: DepotStockExportQuery,
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => sendXlsx(reply, await exportDepotStock(ctxOf(req), req.params.id, req.query)),
  );
  r.get(
    '/api/parts/stock',
    {
      schema: {
        tags,
        summary: "One part's stock in every depot in scope (parts.read)",
        querystring: PartStockQuery,
        response: { 200: List(StockLine) },
      },
    },
    async (req) => listOf(await partStock(ctxOf(req), req.query.partId)),
  );
  r.get(
    '/api/parts/ledger',
    {
      schema: {
        tags,
        summary: "A part's ledger in a depot with the balance after each row, newest first (parts.read)",
        querystring: LedgerQuery,
        response: { 200: LedgerPage },
      },
    },
    async (req) => ledgerOf(ctxOf(req), req.query),
  );
  r.get(
    '/api/parts/ledger.xlsx',
    {
      schema: {
        tags,
        summary: "A part's whole ledger in a depot, newest first, as XLSX; audited (parts.read)",
        querystring: LedgerExportQuery,
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => sendXlsx(reply, await exportLedger(ctxOf(req), req.query)),
  );
  r.post(
    '/api/parts/movements',
    {
      schema: {
        tags,
        summary:
          'Post a receipt, adjustment, scrap, transfer out or in, issue or return (parts.manage); 409 stock.insufficient',
        body: MovementPost,
        response: { 201: MovementPosted },
      },
    },
    async (req, reply) => {
      const rows = await postMovementCommand(ctxOf(req, 'parts.manage'), req.body);
      const items = rows.map((r) => ({ ...r, at: r.at.toISOString() }));
      return reply.status(201).send({ items, total: items.length });
    },
  );
  r.put(
    '/api/parts/reorder',
    {
      schema: {
        tags,
        summary: 'Set or clear the reorder point and quantity of a part at a depot (parts.manage)',
        body: ReorderSet,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await setReorder(ctxOf(req, 'parts.manage'), req.body);
      return reply.status(204).send(null);
    },
  );
  r.get(
    '/api/parts/tracking/:partId',
    {
      schema: {
        tags,
        summary: 'Whether a part is serial-tracked (parts.read)',
        params: PartParams,
        response: { 200: PartTracking },
      },
    },
    async (req) => trackingOf(ctxOf(req), req.params.partId),
  );
  r.put(
    '/api/parts/tracking/:partId',
    {
      schema: {
        tags,
        summary: 'Whether a part is serial-tracked; only while none of it is held (parts.manage)',
        params: PartParams,
        body: TrackingSet,
        response: { 200: PartTracking },
      },
    },
    async (req) => setTracking(ctxOf(req, 'parts.manage'), req.params.partId, req.body.serialTracked),
  );
}

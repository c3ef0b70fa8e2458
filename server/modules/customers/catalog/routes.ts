import type { FastifyInstance, FastifyReply } from 'fastify';
import { ctxOf, setEtag, typed } from '../../../platform/http.js';
import {
  createLine,
  createModel,
  createPart,
  replaceBom,
  setLineActive,
  setModelActive,
  setPartActive,
  updateLine,
  updateModel,
  updatePart,
} from './commands.js';
import {
  BomReplace,
  CatalogPage,
  IdParams,
  LineCreate,
  LineListQuery,
  LineUpdate,
  ModelCreate,
  ModelListQuery,
  ModelUpdate,
  PartCreate,
  Part,
  PartDetail,
  PartListQuery,
  PartUpdate,
  ProductLine,
  ProductModel,
  ProductModelDetail,
  VersionBody,
} from './contract.js';
import { getLine, getModel, getPart, listLines, listModels, listParts } from './queries.js';
import { List, listOf } from '../../../platform/lists/contract.js';

const tags = ['catalog'];

function send<T extends { version: number }>(reply: FastifyReply, body: T, status = 200) {
  setEtag(reply, body.version);
  return reply.status(status).send(body);
}

const toggles = [
  ['deactivate', false],
  ['activate', true],
] as const;

/**
 * The product catalog: lines, models with their parts list, parts. Company-wide; reads need
 * customers.read or orders.read, writes catalog.manage.
 */
export async function catalogRoutes(app: FastifyInstance) {
  const r = typed(app);

  // Product lines
  r.get(
    '/api/catalog/lines',
    {
      schema: {
        tags,
        summary: 'Product lines, active ones unless asked (customers.read or orders.read)',
        querystring: LineListQuery,
        response: { 200: List(ProductLine) },
      },
    },
    async (req) => listOf(await listLines(ctxOf(req), req.query)),
  );
  r.get(
    '/api/catalog/lines/:id',
    { schema: { tags, summary: 'One product line', params: IdParams, response: { 200: ProductLine } } },
    async (req, reply) => send(reply, await getLine(ctxOf(req), req.params.id)),
  );
  r.post(
    '/api/catalog/lines',
    {
      schema: {
        tags,
        summary: 'Create a product line (catalog.manage)',
        body: LineCreate,
        response: { 201: ProductLine },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'catalog.manage');
      const line = await createLine(ctx, req.body);
      return send(reply, await getLine(ctx, line.id), 201);
    },
  );
  r.patch(
    '/api/catalog/lines/:id',
    {
      schema: {
        tags,
        summary: 'Edit a product line (catalog.manage; 409 on a stale version)',
        params: IdParams,
        body: LineUpdate,
        response: { 200: ProductLine },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'catalog.manage');
      await updateLine(ctx, req.params.id, req.body);
      return send(reply, await getLine(ctx, req.params.id));
    },
  );
  for (const [action, active] of toggles) {
    r.post(
      `/api/catalog/lines/:id/${action}`,
      {
        schema: {
          tags,
          summary: active
            ? 'Activate a product line (catalog.manage)'
            : 'Deactivate a product line without active models (catalog.manage)',
          params: IdParams,
          body: VersionBody,
          response: { 200: ProductLine },
        },
      },
      async (req, reply) => {
        const ctx = ctxOf(req, 'catalog.manage');
        await setLineActive(ctx, req.params.id, active, req.body);
        return send(reply, await getLine(ctx, req.params.id));
      },
    );
  }

  // Models
  r.get(
    '/api/catalog/models',
    {
      schema: {
        tags,
        summary: 'Models, filtered by line, usage and code/name prefix, paged',
        querystring: ModelListQuery,
        response: { 200: CatalogPage(ProductModel) },
      },
    },
    async (req) => listModels(ctxOf(req), req.query),
  );
  r.get(
    '/api/catalog/models/:id',
    {
      schema: {
        tags,
        summary: 'One model with its line and parts list (BOM)',
        params: IdParams,
        response: { 200: ProductModelDetail },
      },
    },
    async (req, reply) => send(reply, await getModel(ctxOf(req), req.params.id)),
  );
  r.post(
    '/api/catalog/models',
    {
      schema: {
        tags,
        summary: 'Create a model under an active line (catalog.manage)',
        body: ModelCreate,
        response: { 201: ProductModelDetail },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'catalog.manage');
      const model = await createModel(ctx, req.body);
      return send(reply, await getModel(ctx, model.id), 201);
    },
  );
  r.patch(
    '/api/catalog/models/:id',
    {
      schema: {
        tags,
        summary: 'Edit a model (catalog.manage; 409 on a stale version)',
        params: IdParams,
        body: ModelUpdate,
        response: { 200: ProductModelDetail },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'catalog.manage');
      await updateModel(ctx, req.params.id, req.body);
      return send(reply, await getModel(ctx, req.params.id));
    },
  );
  r.put(
    '/api/catalog/models/:id/bom',
    {
      schema: {
        tags,
        summary: "Replace a model's parts list, marking main parts (catalog.manage; 409 on a stale version)",
        params: IdParams,
        body: BomReplace,
        response: { 200: ProductModelDetail },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'catalog.manage');
      await replaceBom(ctx, req.params.id, req.body);
      return send(reply, await getModel(ctx, req.params.id));
    },
  );
  for (const [action, active] of toggles) {
    r.post(
      `/api/catalog/models/:id/${action}`,
      {
        schema: {
          tags,
          summary: active
            ? 'Activate a model under an active line (catalog.manage)'
            : 'Deactivate a model (catalog.manage)',
          params: IdParams,
          body: VersionBody,
          response: { 200: ProductModelDetail },
        },
      },
      async (req, reply) => {
        const ctx = ctxOf(req, 'catalog.manage');
        await setModelActive(ctx, req.params.id, active, req.body);
        return send(reply, await getModel(ctx, req.params.id));
      },
    );
  }

  // Parts
  r.get(
    '/api/catalog/parts',
    {
      schema: {
        tags,
        summary: 'Parts, filtered by code/name prefix, paged',
        querystring: PartListQuery,
        response: { 200: CatalogPage(Part) },
      },
    },
    async (req) => listParts(ctxOf(req), req.query),
  );
  r.get(
    '/api/catalog/parts/:id',
    {
      schema: { tags, summary: 'One part with the models using it', params: IdParams, response: { 200: PartDetail } },
    },
    async (req, reply) => send(reply, await getPart(ctxOf(req), req.params.id)),
  );
  r.post(
    '/api/catalog/parts',
    { schema: { tags, summary: 'Create a part (catalog.manage)', body: PartCreate, response: { 201: PartDetail } } },
    async (req, reply) => {
      const ctx = ctxOf(req, 'catalog.manage');
      const part = await createPart(ctx, req.body);
      return send(reply, await getPart(ctx, part.id), 201);
    },
  );
  r.patch(
    '/api/catalog/parts/:id',
    {
      schema: {
        tags,
        summary: 'Edit a part (catalog.manage; 409 on a stale version)',
        params: IdParams,
        body: PartUpdate,
        response: { 200: PartDetail },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'catalog.manage');
      await updatePart(ctx, req.params.id, req.body);
      return send(reply, await getPart(ctx, req.params.id));
    },
  );
  for (const [action, active] of toggles) {
    r.post(
      `/api/catalog/parts/:id/${action}`,
      {
        schema: {
          tags,
          summary: active
            ? 'Activate a part (catalog.manage)'
            : 'Deactivate a part; lists holding it keep it (catalog.manage)',
          params: IdParams,
          body: VersionBody,
          response: { 200: PartDetail },
        },
      },
      async (req, reply) => {
        const ctx = ctxOf(req, 'catalog.manage');
        await setPartActive(ctx, req.params.id, active, req.body);
        return send(reply, await getPart(ctx, req.params.id));
      },
    );
  }
}

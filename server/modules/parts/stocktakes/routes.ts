import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../../platform/errors.js';
import { sendXlsx, XLSX_MIME } from '../../../platform/export/xlsx.js';
import { ctxOf, typed } from '../../../platform/http.js';
import { formParts, multipartError } from '../../../platform/multipart.js';
import { readSheet, UnsupportedFile } from '../../customers/index.js';
import {
  addLine,
  approveStocktake,
  cancelStocktake,
  enterCounts,
  openStocktake,
  recount,
  rejectStocktake,
  submitStocktake,
} from './commands/stocktakes.js';
import {
  CountsEnter,
  DecisionBody,
  LineAdd,
  RejectBody,
  StocktakeDetail,
  StocktakeExportQuery,
  StocktakeListQuery,
  StocktakeOpen,
  StocktakePage,
  StocktakeParams,
} from './contract.js';
import { exportCountSheet, exportStocktakes } from './export.js';
import { getStocktake, listStocktakes, sheetLines } from './queries.js';
import { countsFromSheet } from './rules.js';

const tags = ['parts'];
/** The largest count sheet accepted (a depot's sheet is a few hundred rows; 5 MB is far above). */
const SHEET_MAX_BYTES = 5 * 1024 * 1024;

/**
 * Stocktakes (盘点; docs/parts.md, "Stocktake"). Reads need parts.read (or parts.manage); the
 * keeper's steps parts.manage; approving or rejecting parts.stocktake_approve. All in scope.
 */
export async function partStocktakeRoutes(app: FastifyInstance) {
  const r = typed(app);
  await app.register(fastifyMultipart);

  r.get(
    '/api/parts/stocktakes',
    {
      schema: {
        tags,
        summary: 'Stocktakes of the depots in my scope, newest first; by status and depot (parts.read)',
        querystring: StocktakeListQuery,
        response: { 200: StocktakePage },
      },
    },
    async (req) => listStocktakes(ctxOf(req), req.query),
  );
  r.get(
    '/api/parts/stocktakes.xlsx',
    {
      schema: {
        tags,
        summary: 'The stocktake list with the same filters, as XLSX; audited (parts.read)',
        querystring: StocktakeExportQuery,
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => sendXlsx(reply, await exportStocktakes(ctxOf(req), req.query)),
  );
  r.post(
    '/api/parts/stocktakes',
    {
      schema: {
        tags,
        summary: 'Open a stocktake of a depot: the book is snapshotted now (parts.manage); 409 stocktake.already_open',
        body: StocktakeOpen,
        response: { 201: StocktakeDetail },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'parts.manage');
      const { id } = await openStocktake(ctx, req.body);
      return reply.status(201).send(await getStocktake(ctx, id));
    },
  );
  r.get(
    '/api/parts/stocktakes/:id',
    {
      schema: {
        tags,
        summary: 'A stocktake with its lines, variances and their value at cost (parts.read)',
        params: StocktakeParams,
        response: { 200: StocktakeDetail },
      },
    },
    async (req) => getStocktake(ctxOf(req), req.params.id),
  );
  r.put(
    '/api/parts/stocktakes/:id/counts',
    {
      schema: {
        tags,
        summary: 'Enter counted quantities (serials for serial-tracked parts) while counting (parts.manage)',
        params: StocktakeParams,
        body: CountsEnter,
        response: { 200: StocktakeDetail },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, 'parts.manage');
      await enterCounts(ctx, req.params.id, req.body);
      return getStocktake(ctx, req.params.id);
    },
  );
  r.post(
    '/api/parts/stocktakes/:id/lines',
    {
      schema: {
        tags,
        summary: 'Add a part found that the sheet does not list (parts.manage)',
        params: StocktakeParams,
        body: LineAdd,
        response: { 200: StocktakeDetail },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, 'parts.manage');
      await addLine(ctx, req.params.id, req.body);
      return getStocktake(ctx, req.params.id);
    },
  );
  r.get(
    '/api/parts/stocktakes/:id/sheet.xlsx',
    {
      schema: {
        tags,
        summary: 'The count sheet as XLSX, to fill in and upload back; audited (parts.read)',
        params: StocktakeParams,
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => sendXlsx(reply, await exportCountSheet(ctxOf(req), req.params.id)),
  );
  r.post(
    '/api/parts/stocktakes/:id/sheet',
    {
      schema: {
        tags,
        summary:
          'Upload the filled count sheet (multipart field file, XLSX ≤ 5 MB): all its counts or none (400 stocktake.sheet_row naming the row) (parts.manage)',
        consumes: ['multipart/form-data'],
        params: StocktakeParams,
        response: { 200: StocktakeDetail },
      },
      bodyLimit: SHEET_MAX_BYTES + 1024 * 1024,
    },
    async (req) => {
      const ctx = ctxOf(req, 'parts.manage');
      // The stocktake is looked up (in scope) before the file is read.
      const lines = await sheetLines(ctx, req.params.id);
      if (!req.isMultipart())
        throw new AppError('request.unsupported_media_type', { type: req.headers['content-type'] ?? '' });
      let file: Buffer | null = null;
      for await (const part of formParts(req, { fileSize: SHEET_MAX_BYTES, files: 1, fields: 5, fieldSize: 1000 })) {
        if (part.type === 'field') continue;
        if (part.fieldname !== 'file' || file) {
          part.file.resume();
          continue;
        }
        try {
          file = await part.toBuffer();
        } catch (err) {
          throw multipartError(err);
        }
      }
      const fileError = () =>
        new AppError('stocktake.file_type', {}, [{ path: 'body.file', code: 'stocktake.file_type', message: '' }]);
      if (!file) throw fileError();
      const sheet = await readSheet(file).catch((err: unknown) => {
        throw err instanceof UnsupportedFile ? fileError() : err;
      });
      const read = countsFromSheet(sheet, lines);
      if ('problem' in read)
        throw new AppError(
          'stocktake.sheet_row',
          { row: read.problem.row, reason: read.problem.reason['zh-CN'], reasonEn: read.problem.reason.en },
          [{ path: 'body.file', code: 'stocktake.sheet_row', message: '' }],
        );
      if (read.counts.length) await enterCounts(ctx, req.params.id, { lines: read.counts }, 'sheet');
      return getStocktake(ctx, req.params.id);
    },
  );
  r.post(
    '/api/parts/stocktakes/:id/submit',
    {
      schema: {
        tags,
        summary: 'Submit a fully counted sheet for approval (parts.manage); 409 stocktake.uncounted',
        params: StocktakeParams,
        body: DecisionBody,
        response: { 200: StocktakeDetail },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      await submitStocktake(ctx, req.params.id);
      return getStocktake(ctx, req.params.id);
    },
  );
  r.post(
    '/api/parts/stocktakes/:id/recount',
    {
      schema: {
        tags,
        summary:
          'Snapshot again the lines whose book moved since the count began and clear their counts; back to counting (parts.manage)',
        params: StocktakeParams,
        body: DecisionBody,
        response: { 200: StocktakeDetail },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      await recount(ctx, req.params.id);
      return getStocktake(ctx, req.params.id);
    },
  );
  r.post(
    '/api/parts/stocktakes/:id/approve',
    {
      schema: {
        tags,
        summary:
          'Approve: post the variances as adjustments (parts.stocktake_approve); 409 stocktake.book_moved or stock.insufficient',
        params: StocktakeParams,
        body: DecisionBody,
        response: { 200: StocktakeDetail },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      await approveStocktake(ctx, req.params.id, req.body.note);
      return getStocktake(ctx, req.params.id);
    },
  );
  r.post(
    '/api/parts/stocktakes/:id/reject',
    {
      schema: {
        tags,
        summary: 'Reject a submitted sheet with a reason; nothing is posted (parts.stocktake_approve)',
        params: StocktakeParams,
        body: RejectBody,
        response: { 200: StocktakeDetail },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      await rejectStocktake(ctx, req.params.id, req.body.reason);
      return getStocktake(ctx, req.params.id);
    },
  );
  r.post(
    '/api/parts/stocktakes/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a sheet not yet posted (parts.manage)',
        params: StocktakeParams,
        body: DecisionBody,
        response: { 200: StocktakeDetail },
      },
    },
    async (req) => {
      const ctx = ctxOf(req);
      await cancelStocktake(ctx, req.params.id, req.body.note);
      return getStocktake(ctx, req.params.id);
    },
  );
}

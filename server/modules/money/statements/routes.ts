import type { FastifyInstance } from 'fastify';
import { ctxOf, typed } from '../../../platform/http.js';
import { sendXlsx, XLSX_MIME } from '../../../platform/export/xlsx.js';
import { addAdjustment } from './commands/adjust.js';
import { provideAppraisalEffect } from './commands/appraisal.js';
import { provideConfirmationEffect } from './commands/confirmation.js';
import { providePenaltyEffect } from './commands/penalty.js';
import { draftMonthFor, recomputeStatement } from './commands/draft.js';
import { acceptStatement, disputeLine, lockStatement, resolveLine, sendStatement } from './commands/lifecycle.js';
import {
  Adjustment,
  AdjustmentBody,
  DraftMonth,
  DraftResult,
  LineDisputeBody,
  LineResolveBody,
  StatementDetail,
  StatementLineParams,
  StatementList,
  StatementParams,
  StatementQuery,
} from './contract.js';
import { exportStatement } from './export.js';
import { getStatement, listStatements } from './queries.js';

const tags = ['money'];

/** The monthly settlement statements (docs/money-statements.md). Handlers hold no SQL. */
export async function statementRoutes(app: FastifyInstance) {
  const r = typed(app);
  // An old-part appraisal after its month's statement left draft becomes an adjustment (parts' port).
  provideAppraisalEffect();
  providePenaltyEffect();
  provideConfirmationEffect();

  r.get(
    '/api/statements',
    {
      schema: {
        tags,
        summary: 'Settlement statements by month, kind, state and unit, within the reader’s scope (settlement.read)',
        querystring: StatementQuery,
        response: { 200: StatementList },
      },
    },
    async (req) => listStatements(ctxOf(req, 'settlement.read'), req.query),
  );
  r.get(
    '/api/statements/:id',
    {
      schema: {
        tags,
        summary: 'A statement with its lines and their disputes (settlement.read)',
        params: StatementParams,
        response: { 200: StatementDetail },
      },
    },
    async (req) => getStatement(ctxOf(req, 'settlement.read'), req.params.id),
  );
  r.get(
    '/api/statements/:id/export.xlsx',
    {
      schema: {
        tags,
        summary: 'A statement’s lines as XLSX; audited (settlement.read)',
        params: StatementParams,
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => sendXlsx(reply, await exportStatement(ctxOf(req, 'settlement.read'), req.params.id)),
  );
  r.post(
    '/api/statements/draft',
    {
      schema: {
        tags,
        summary:
          'Draft (or recompute the drafts of) a month’s statements of every outlet with completed orders and every center in scope, or of one unit (settlement.manage)',
        body: DraftMonth,
        response: { 200: DraftResult },
      },
    },
    async (req) => draftMonthFor(ctxOf(req, 'settlement.manage'), req.body),
  );
  r.post(
    '/api/statements/:id/recompute',
    {
      schema: {
        tags,
        summary: 'Compute a draft statement again from the month’s facts (settlement.manage)',
        params: StatementParams,
        response: { 200: StatementDetail },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, 'settlement.manage');
      await recomputeStatement(ctx, req.params.id);
      return getStatement(ctx, req.params.id);
    },
  );
  r.post(
    '/api/statements/:id/send',
    {
      schema: {
        tags,
        summary:
          'Send a draft to the unit; it may respond until today + money.statementResponseDays (settlement.manage)',
        params: StatementParams,
        response: { 200: StatementDetail },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, 'settlement.manage');
      await sendStatement(ctx, req.params.id);
      return getStatement(ctx, req.params.id);
    },
  );
  r.post(
    '/api/statements/:id/accept',
    {
      schema: {
        tags,
        summary: 'Accept a sent statement, or a disputed one whose disputes are all resolved (settlement.respond)',
        params: StatementParams,
        response: { 200: StatementDetail },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, 'settlement.respond');
      await acceptStatement(ctx, req.params.id);
      return getStatement(ctx, req.params.id);
    },
  );
  r.post(
    '/api/statements/:id/lines/:lineId/dispute',
    {
      schema: {
        tags,
        summary: 'Dispute a line with a reason, within the response days; a line once (settlement.respond)',
        params: StatementLineParams,
        body: LineDisputeBody,
        response: { 200: StatementDetail },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, 'settlement.respond');
      await disputeLine(ctx, req.params.id, req.params.lineId, req.body);
      return getStatement(ctx, req.params.id);
    },
  );
  r.post(
    '/api/statements/:id/lines/:lineId/resolve',
    {
      schema: {
        tags,
        summary:
          'Resolve a line’s dispute: upheld with the corrected amount (a correction line with the difference) or rejected (settlement.manage)',
        params: StatementLineParams,
        body: LineResolveBody,
        response: { 200: StatementDetail },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, 'settlement.manage');
      await resolveLine(ctx, req.params.id, req.params.lineId, req.body);
      return getStatement(ctx, req.params.id);
    },
  );
  r.post(
    '/api/statements/:id/lock',
    {
      schema: {
        tags,
        summary:
          'Lock a statement: accepted, or with every dispute resolved, or sent with no open dispute after its response days (settlement.manage)',
        params: StatementParams,
        response: { 200: StatementDetail },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, 'settlement.manage');
      await lockStatement(ctx, req.params.id);
      return getStatement(ctx, req.params.id);
    },
  );
  r.post(
    '/api/statements/:id/adjustments',
    {
      schema: {
        tags,
        summary:
          'A correction of a locked statement, carried as an adjustment line into the unit’s next month (settlement.manage)',
        params: StatementParams,
        body: AdjustmentBody,
        response: { 201: Adjustment },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await addAdjustment(ctxOf(req, 'settlement.manage'), req.params.id, req.body)),
  );
}

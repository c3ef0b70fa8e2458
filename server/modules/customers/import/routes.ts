import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Ctx } from '../../../platform/context.js';
import { AppError, fieldError, toProblem } from '../../../platform/errors.js';
import { sendXlsx, XLSX_MIME } from '../../../platform/export/xlsx.js';
import { ctxOf, typed } from '../../../platform/http.js';
import { formParts, multipartError } from '../../../platform/multipart.js';
import { importSheet, rowsInvalid } from './commands.js';
import {
  CustomerExportQuery,
  ImportFields,
  ImportJob,
  ImportJobParams,
  ImportKindParams,
  ImportMapping,
  ImportRejected,
  ImportReport,
  UnitExportQuery,
} from './contract.js';
import { exportCustomers, exportUnits } from './export.js';
import { findJob, type JobHandle, startJob } from './jobs.js';
import { readSheet, UnsupportedFile } from './parse.js';

const tags = ['import'];
/** Upload limit of an import file (issue 3: a 20 MB file is refused, naming the field). */
export const IMPORT_MAX_MB = 20;
const MAX_BYTES = IMPORT_MAX_MB * 1024 * 1024;

function startJobOf(fields: Record<string, string>, ctx: Ctx, kind: 'customers' | 'units'): JobHandle {
  const jobId = z.uuid().safeParse(fields.jobId).data ?? crypto.randomUUID();
  return startJob(jobId, ctx.actor, kind, fields.dryRun !== 'false', ctx.now);
}

/** The form's text fields and its one file, read in order: fields sent before the file take effect before the upload ends. */
async function readForm(req: FastifyRequest, ctx: Ctx, kind: 'customers' | 'units') {
  const fields: Record<string, string> = {};
  let file: Buffer | null = null;
  let job: JobHandle | null = null;
  try {
    for await (const part of formParts(req, { fileSize: MAX_BYTES, files: 1, fields: 10, fieldSize: 20_000 })) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        // Known from here on, so a client can poll while the file is still on its way.
        if (part.fieldname === 'jobId' && !job) job = startJobOf(fields, ctx, kind);
        continue;
      }
      if (part.fieldname !== 'file' || file) {
        part.file.resume();
        continue;
      }
      job ??= startJobOf(fields, ctx, kind);
      try {
        file = await part.toBuffer();
      } catch (err) {
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new AppError('import.file_too_large', { field: 'file', maxMb: IMPORT_MAX_MB }, [
            { path: 'body.file', code: 'import.file_too_large', message: '' },
          ]);
        }
        throw multipartError(err);
      }
    }
  } catch (err) {
    // A job announced by its id must end, so a client polling it sees the failure.
    job?.finish(false);
    throw err;
  }
  if (!file || !job) {
    job?.finish(false);
    throw fieldError('body.file', 'import.file_missing');
  }
  return { fields, file, job };
}

/**
 * Import of customers and units from CSV/XLSX (customers.manage), progress of a running import,
 * and the XLSX exports of the customer and unit lists (customers.read, scoped like the lists).
 */
export async function importRoutes(app: FastifyInstance) {
  const r = typed(app);
  await app.register(fastifyMultipart);

  r.post(
    '/api/import/:kind',
    {
      schema: {
        tags,
        summary:
          'Import customers or units from an XLSX or CSV (UTF-8/GBK) file: multipart fields jobId, mapping, dryRun, then file (≤ 20 MB). A dry run returns the row report; a real run imports all rows or none (422 import.rows_invalid with the report) (customers.manage)',
        consumes: ['multipart/form-data'],
        params: ImportKindParams,
        response: { 200: ImportReport, 422: ImportRejected },
      },
      bodyLimit: MAX_BYTES + 1024 * 1024,
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'customers.manage');
      if (!req.isMultipart())
        throw new AppError('request.unsupported_media_type', { type: req.headers['content-type'] ?? '' });
      const { fields, file, job } = await readForm(req, ctx, req.params.kind);
      try {
        const form = ImportFields.safeParse(fields);
        if (!form.success)
          throw fieldError(`body.${String(form.error.issues[0]?.path[0] ?? 'mapping')}`, 'validation.failed');
        let mapping: Record<string, string | null> = {};
        if (form.data.mapping) {
          const parsed = ImportMapping.safeParse(JSON.parse(form.data.mapping));
          if (!parsed.success) throw fieldError('body.mapping', 'validation.failed');
          mapping = parsed.data;
        }
        const sheet = await readSheet(file).catch((err: unknown) => {
          if (err instanceof UnsupportedFile) {
            throw new AppError('import.file_type', { field: 'file', reason: err.reason }, [
              { path: 'body.file', code: 'import.file_type', message: '' },
            ]);
          }
          throw err;
        });
        const dryRun = form.data.dryRun !== 'false';
        job.setDryRun(dryRun);
        const report = await importSheet(ctx, { kind: req.params.kind, sheet, mapping, dryRun }, job);
        job.finish(report.errors.length === 0);
        if (!dryRun && !report.imported) {
          const err = rowsInvalid(report);
          const problem = toProblem(err.code, ctx.lang, err.params, { instance: req.url, requestId: req.id });
          return reply
            .status(422)
            .type('application/problem+json; charset=utf-8')
            .send({ ...problem, report });
        }
        return report;
      } catch (err) {
        job.finish(false);
        if (err instanceof SyntaxError) throw fieldError('body.mapping', 'validation.failed');
        throw err;
      }
    },
  );
  r.get(
    '/api/import/jobs/:id',
    {
      schema: {
        tags,
        summary: 'Progress of an import I started (kept in the serving instance’s memory for 15 minutes)',
        params: ImportJobParams,
        response: { 200: ImportJob },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, 'customers.manage');
      const job = findJob(ctx.actor, req.params.id);
      if (!job) throw new AppError('entity.not_found', { entity: ctx.lang === 'zh-CN' ? '导入任务' : 'Import job' });
      return job;
    },
  );
  r.get(
    '/api/customers/export.xlsx',
    {
      schema: {
        tags,
        summary: 'The customer list with the same filters as GET /api/customers, as XLSX; audited (customers.read)',
        querystring: CustomerExportQuery,
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => sendXlsx(reply, await exportCustomers(ctxOf(req, 'customers.read'), req.query)),
  );
  r.get(
    '/api/units/export.xlsx',
    {
      schema: {
        tags,
        summary: 'The unit list with the same filters as GET /api/units, as XLSX; audited (customers.read)',
        querystring: UnitExportQuery,
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => sendXlsx(reply, await exportUnits(ctxOf(req, 'customers.read'), req.query)),
  );
}

import { z } from 'zod';
import { CustomerListQuery } from '../contract.js';
import { UnitListQuery } from '../units/contract.js';

/*
 * Import of customers and units from CSV/XLSX, and XLSX export of the customer and unit lists.
 * The upload is multipart/form-data: `jobId` (optional, first, so progress can be polled while
 * the file is still uploading), `mapping`, `dryRun`, then `file`.
 */

export const ImportKind = z.enum(['customers', 'units']);
export type ImportKind = z.infer<typeof ImportKind>;

export const ImportKindParams = z.object({ kind: ImportKind });

/** The text fields of the import form. */
export const ImportFields = z.object({
  jobId: z.uuid().optional().describe('Chosen by the client so it can poll GET /api/import/jobs/:id during the upload'),
  /** JSON object: source column header → field name ("" or null leaves the column out). */
  mapping: z
    .string()
    .max(20_000)
    .optional()
    .describe(
      'JSON: {"客户": "name", "电话号码": "phone", "备用": null}; headers that are field names or the usual Chinese headers map themselves',
    ),
  dryRun: z.enum(['true', 'false']).default('true').describe('Check only (default); "false" imports all rows or none'),
});
export type ImportFields = z.infer<typeof ImportFields>;

export const ImportMapping = z.record(z.string().max(100), z.string().max(40).nullable());

export const ImportIssue = z.object({
  row: z.number().int().describe('Spreadsheet row number; the header is row 1'),
  column: z.string().nullable().describe('Header of the column at fault, as in the file'),
  field: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});
export type ImportIssue = z.infer<typeof ImportIssue>;

const Counts = z.object({ create: z.number().int(), update: z.number().int(), unchanged: z.number().int() });
export type ImportCounts = z.infer<typeof Counts>;

export const ImportReport = z.object({
  jobId: z.string(),
  kind: ImportKind,
  dryRun: z.boolean(),
  /** True when the rows were written (never in a dry run, never with errors). */
  imported: z.boolean(),
  format: z.enum(['xlsx', 'csv']),
  encoding: z.enum(['utf-8', 'gbk']).nullable(),
  rows: z.number().int(),
  /** Field → the file's column header it was read from. */
  columns: z.record(z.string(), z.string()),
  customers: Counts,
  units: Counts,
  errors: z.array(ImportIssue),
  /** Only the first 1,000 problems are listed. */
  errorsTruncated: z.boolean(),
  ms: z.number().int(),
});
export type ImportReport = z.infer<typeof ImportReport>;

/** 422 of a real run with problems: problem+json (code import.rows_invalid) carrying the report. */
export const ImportRejected = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string(),
  instance: z.string().optional(),
  requestId: z.string().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  report: ImportReport,
});

export const ImportJobParams = z.object({ id: z.uuid() });

export const ImportJob = z.object({
  id: z.string(),
  kind: ImportKind,
  dryRun: z.boolean(),
  status: z.enum(['uploading', 'checking', 'writing', 'done', 'failed']),
  /** Rows checked or written so far, of `total` (0 until the file is read). */
  processed: z.number().int(),
  total: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportJob = z.infer<typeof ImportJob>;

/** The list filters, without paging: the export holds every match up to its cap. */
export const CustomerExportQuery = CustomerListQuery.omit({ page: true, pageSize: true });
export type CustomerExportQuery = z.infer<typeof CustomerExportQuery>;
export const UnitExportQuery = UnitListQuery.omit({ page: true, pageSize: true });
export type UnitExportQuery = z.infer<typeof UnitExportQuery>;

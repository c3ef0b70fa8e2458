import type { ImportJob, ImportKind, ImportReport } from '../../../server/modules/customers/import/contract.js';
import type { Lang } from '../../../shared/i18n.js';
import { ApiError } from '../../api/client.js';

export type { ImportJob, ImportKind, ImportReport };

/** Fields an import file may fill (the server also recognises the usual Chinese headers by itself). */
export const IMPORT_FIELDS = [
  'name',
  'kind',
  'companyName',
  'phone',
  'phone2',
  'email',
  'province',
  'city',
  'district',
  'detail',
  'tags',
  'notes',
  'modelCode',
  'serialNo',
  'usage',
  'purchaseDate',
  'invoiceNo',
  'invoiceDate',
  'sellerChannel',
  'installedOn',
  'location',
] as const;

export const IMPORT_MAX_MB = 20;

/** What is wrong with a chosen file before it is sent: its type or its size. */
export function fileProblem(file: { name: string; size: number }): 'type' | 'size' | null {
  if (!/\.(xlsx|csv)$/i.test(file.name)) return 'type';
  if (file.size > IMPORT_MAX_MB * 1024 * 1024) return 'size';
  return null;
}

/** The header row of a CSV file, read as UTF-8, or as GBK when it is not valid UTF-8. */
export function csvHeaders(bytes: ArrayBuffer): string[] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gbk').decode(bytes);
  }
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < first.length; i++) {
    const ch = first[i]!;
    if (quoted) {
      if (ch === '"' && first[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  out.push(cell.trim());
  return out.filter(Boolean);
}

/** The mapping rows as the form field: header → field, "" (ignore) kept, unset rows left to the server. */
export function mappingJson(rows: readonly { header?: string; field?: string | null }[]): string | undefined {
  const out: Record<string, string | null> = {};
  for (const r of rows) {
    const h = r.header?.trim();
    if (!h || r.field === undefined) continue;
    out[h] = r.field === '' ? null : r.field;
  }
  return Object.keys(out).length ? JSON.stringify(out) : undefined;
}

/**
 * Sends a file to POST /api/import/:kind (multipart: jobId, mapping, dryRun, then the file). A
 * real run with bad rows answers 422 with the report, returned here like a dry run's.
 */
export async function uploadImport(opts: {
  kind: ImportKind;
  file: File;
  jobId: string;
  mapping?: string;
  dryRun: boolean;
  csrf: string | null;
  lang: Lang;
}): Promise<ImportReport> {
  const form = new FormData();
  form.append('jobId', opts.jobId);
  if (opts.mapping) form.append('mapping', opts.mapping);
  form.append('dryRun', String(opts.dryRun));
  form.append('file', opts.file, opts.file.name);
  let res: Response;
  try {
    res = await fetch(`/api/import/${opts.kind}`, {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        'accept-language': opts.lang,
        ...(opts.csrf ? { 'x-csrf-token': opts.csrf } : {}),
      },
    });
  } catch {
    throw new ApiError(0, { code: 'network' });
  }
  const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (res.ok) return body as unknown as ImportReport;
  if (res.status === 422 && body.report) return body.report as ImportReport;
  throw new ApiError(res.status, body);
}

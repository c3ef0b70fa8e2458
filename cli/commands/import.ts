import { readFileSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { Problem } from '../../shared/errors.js';
import { AppError, fieldError } from '../../server/platform/errors.js';
import { ApiError, createHttpClient, DEFAULT_URL, ServerUnreachable, serverUrl } from '../http.js';
import { say } from '../output.js';

/*
 * `sanbao import customers|units <file>`: uploads a spreadsheet to a running server
 * (POST /api/import/:kind) with a progress bar for the upload, then follows the server's
 * progress (GET /api/import/jobs/:id) until the report arrives, and prints it. Exit code 1 when
 * any row has a problem (nothing is imported then: the import is all or nothing).
 */

/** The server's limit (server/modules/customers/import/routes.ts); checked here before uploading. */
const MAX_MB = 20;

export interface ServerAuth {
  url?: string;
  token?: string;
}

/** Adds --url and --token to a command that talks to a running server. */
export function withServerAuth(cmd: Command): Command {
  return cmd
    .option('--url <url>', `server address (default: SANBAO_URL, else 127.0.0.1 on PORT, ${DEFAULT_URL} when unset)`)
    .option('--token <token>', 'API token (default: SANBAO_TOKEN); make one in the web UI under 接口令牌');
}

export function serverOf(o: ServerAuth): { baseUrl: string; token: string | undefined } {
  const baseUrl = serverUrl(o);
  return { baseUrl, token: o.token ?? process.env.SANBAO_TOKEN };
}

interface Issue {
  row: number;
  column: string | null;
  field: string | null;
  code: string;
  message: string;
}

interface Counts {
  create: number;
  update: number;
  unchanged: number;
}

interface Report {
  jobId: string;
  dryRun: boolean;
  imported: boolean;
  format: string;
  encoding: string | null;
  rows: number;
  customers: Counts;
  units: Counts;
  errors: Issue[];
  errorsTruncated: boolean;
  ms: number;
}

function multipart(fields: Record<string, string>, file: { name: string; bytes: Buffer }) {
  const boundary = `----sanbao${crypto.randomUUID().replace(/-/g, '')}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  const name = encodeURIComponent(file.name);
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    file.bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** POSTs a body in slices, reporting bytes sent; resolves with the status and the parsed answer. */
function upload(
  url: URL,
  body: Buffer,
  headers: Record<string, string>,
  onSent: (bytes: number) => void,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: 'POST', headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        try {
          parsed = JSON.parse(text);
        } catch {}
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => reject(new ServerUnreachable(url.origin, err.code ?? err.message)));
    const SLICE = 256 * 1024;
    let sent = 0;
    const writeNext = () => {
      while (sent < body.length) {
        const end = Math.min(body.length, sent + SLICE);
        const ok = req.write(body.subarray(sent, end));
        sent = end;
        onSent(sent);
        if (!ok) {
          req.once('drain', writeNext);
          return;
        }
      }
      req.end();
    };
    writeNext();
  });
}

/** Display width: CJK characters take two columns in a terminal. */
function width(text: string): number {
  let w = 0;
  for (const ch of text)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 2
      : 1;
  return w;
}

/** A plain text table with aligned columns. */
export function formatTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c))))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

export function reportLines(report: Report): string[] {
  const c = report.customers;
  const u = report.units;
  const lines = [
    `${report.rows} 行 rows (${report.format}${report.encoding ? `, ${report.encoding}` : ''}), ${report.ms} ms`,
    ...formatTable(
      ['', '新建 create', '更新 update', '不变 unchanged'],
      [
        ['客户 customers', String(c.create), String(c.update), String(c.unchanged)],
        ['产品 units', String(u.create), String(u.update), String(u.unchanged)],
      ],
    ),
  ];
  if (report.errors.length > 0) {
    lines.push(
      '',
      ...formatTable(
        ['行 row', '列 column', '代码 code', '说明 message'],
        report.errors.map((e) => [String(e.row), e.column ?? e.field ?? '', e.code, e.message]),
      ),
    );
    if (report.errorsTruncated) lines.push('… (只列出前 1000 处 / first 1,000 listed)');
  }
  if (report.imported) lines.push('', '已导入 Imported.');
  else if (report.errors.length > 0)
    lines.push(
      '',
      `有 ${report.errors.length} 处问题，未导入任何数据 / ${report.errors.length} problems: nothing imported.`,
    );
  else
    lines.push(
      '',
      '检查通过（试运行，未导入）/ Check passed (dry run, nothing imported); run again without --dry-run.',
    );
  return lines;
}

interface ImportOpts extends ServerAuth {
  mapping?: string;
  dryRun?: boolean;
}

async function runImport(kind: 'customers' | 'units', file: string, o: ImportOpts): Promise<void> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw fieldError('<file>', 'entity.not_found', { entity: file });
  }
  if (size > MAX_MB * 1024 * 1024) throw fieldError('<file>', 'import.file_too_large', { field: file, maxMb: MAX_MB });
  let mapping: string | undefined;
  if (o.mapping) {
    try {
      const parsed = JSON.parse(readFileSync(o.mapping, 'utf8')) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      mapping = JSON.stringify(parsed);
    } catch (err) {
      throw fieldError('--mapping', 'request.malformed', { reason: (err as Error).message });
    }
  }
  const { baseUrl, token } = serverOf(o);
  const jobId = crypto.randomUUID();
  const fields: Record<string, string> = { jobId, dryRun: o.dryRun ? 'true' : 'false' };
  if (mapping) fields.mapping = mapping;
  const form = multipart(fields, { name: basename(file), bytes: readFileSync(file) });
  const headers: Record<string, string> = {
    'content-type': form.contentType,
    accept: 'application/json',
    'accept-language': 'zh-CN',
  };
  if (token) headers.authorization = `Bearer ${token}`;

  // Bars only at a terminal: piped output (scripts, CI) gets the report alone.
  const bars = process.stderr.isTTY
    ? new cliProgress.MultiBar(
        { format: '{label} |{bar}| {percentage}% {value}/{total} {unit}', hideCursor: true, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      )
    : null;
  const kb = Math.max(1, Math.ceil(form.body.length / 1024));
  const sending = bars?.create(kb, 0, { label: '上传 upload ', unit: 'KB' });
  let checking: cliProgress.SingleBar | undefined;
  const client = createHttpClient({ url: baseUrl }, { ...process.env, SANBAO_TOKEN: token ?? '' });
  let done = false;
  // The server's own progress, polled while the request runs; a 404 (another instance) leaves the bar as it is.
  const poll = async () => {
    while (!done) {
      await new Promise((r) => setTimeout(r, 400));
      if (done) break;
      const res = await client
        .raw<{ status: string; processed: number; total: number }>('GET', `/api/import/jobs/${jobId}`)
        .catch(() => null);
      if (res?.status !== 200 || typeof res.body !== 'object' || !res.body.total) continue;
      checking ??= bars?.create(res.body.total, 0, { label: '处理 rows   ', unit: '' });
      checking?.setTotal(res.body.total);
      checking?.update(res.body.processed, { label: res.body.status === 'writing' ? '写入 write  ' : '检查 check  ' });
    }
  };
  const polling = bars ? poll() : Promise.resolve();
  let res: { status: number; body: unknown };
  try {
    res = await upload(new URL(`${baseUrl}/api/import/${kind}`), form.body, headers, (bytes) =>
      sending?.update(Math.ceil(bytes / 1024)),
    );
  } finally {
    done = true;
    await polling;
    bars?.stop();
  }
  const body = res.body as Partial<Problem> & { report?: Report };
  if (res.status === 200) {
    const report = res.body as Report;
    say(...reportLines(report));
    if (report.errors.length > 0) process.exitCode = 1;
    return;
  }
  if (res.status === 422 && body.report) {
    say(...reportLines(body.report));
    process.exitCode = 1;
    return;
  }
  if (typeof res.body === 'object' && res.body) throw new ApiError(res.status, body);
  throw new AppError('request.malformed', { reason: `HTTP ${res.status}: ${String(res.body).slice(0, 200)}` });
}

export function registerImport(program: Command): void {
  const cmd = program
    .command('import')
    .description('import customers or units from an XLSX or CSV file into a running server (导入客户/产品)');
  for (const kind of ['customers', 'units'] as const) {
    withServerAuth(
      cmd
        .command(`${kind} <file>`)
        .description(
          kind === 'customers'
            ? 'customers with phones and addresses, and one unit per row when model and serial are given (导入客户)'
            : 'units by model and serial, owned by the customer with the row’s phone (导入产品)',
        )
        .option('--mapping <file>', 'JSON file: {"源列标题": "field"}; the usual Chinese headers map themselves')
        .option('--dry-run', 'check every row and print the report; import nothing')
        .addHelpText(
          'after',
          `\nAll or nothing: when any row has a problem nothing is imported and the exit code is 1.\nExample:\n  SANBAO_TOKEN=sbt_… sanbao import ${kind} ${kind}.xlsx --dry-run`,
        ),
    ).action((file: string, o: ImportOpts) => runImport(kind, file, o));
  }
}

import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { Problem } from '../../shared/errors.js';
import { ApiError, ServerUnreachable } from '../http.js';
import { say } from '../output.js';
import { type ServerAuth, serverOf, withServerAuth } from './import.js';

/*
 * `sanbao export customers|units <out.xlsx>`: the list with the same filters as the web UI's,
 * downloaded from a running server (GET /api/customers/export.xlsx …) within the token user's
 * scope. The server records every export in the audit trail.
 */

interface ExportOpts extends ServerAuth {
  q?: string;
  kind?: string;
  tag?: string;
  incomplete?: boolean;
  includeInactive?: boolean;
  status?: string;
  modelId?: string;
  customerId?: string;
}

function filters(list: 'customers' | 'units', o: ExportOpts): URLSearchParams {
  const p = new URLSearchParams();
  if (o.q) p.set('q', o.q);
  if (list === 'customers') {
    if (o.kind) p.set('kind', o.kind);
    if (o.tag) p.set('tag', o.tag);
    if (o.incomplete) p.set('incomplete', 'true');
    if (o.includeInactive) p.set('includeInactive', 'true');
  } else {
    if (o.status) p.set('status', o.status);
    if (o.modelId) p.set('modelId', o.modelId);
    if (o.customerId) p.set('customerId', o.customerId);
  }
  return p;
}

function runExport(list: 'customers' | 'units', out: string, o: ExportOpts): Promise<void> {
  return downloadXlsx(`/api/${list}/export.xlsx`, filters(list, o), out, o);
}

/** Downloads an XLSX of a running server's API (`path` with `query`) to `out`, within the token user's scope. */
export async function downloadXlsx(path: string, params: URLSearchParams, out: string, o: ServerAuth): Promise<void> {
  const { baseUrl, token } = serverOf(o);
  const query = params.toString();
  const headers: Record<string, string> = { 'accept-language': 'zh-CN' };
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(`${baseUrl}${path}${query ? `?${query}` : ''}`, { headers });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new ServerUnreachable(baseUrl, cause?.code ?? cause?.message ?? (err as Error).message);
  }
  if (!res.ok || !res.body) {
    const text = await res.text();
    let problem: Partial<Problem> = { detail: text.slice(0, 200) };
    try {
      problem = JSON.parse(text) as Partial<Problem>;
    } catch {}
    throw new ApiError(res.status, problem);
  }
  const rows = Number(res.headers.get('x-total-count') ?? 0);
  const bar = process.stderr.isTTY
    ? new cliProgress.SingleBar(
        { format: '下载 download {value} KB', hideCursor: true },
        cliProgress.Presets.shades_classic,
      )
    : null;
  bar?.start(0, 0);
  // Written next to the target and renamed at the end, so a cut download never looks complete.
  const partial = `${out}.part`;
  const file = createWriteStream(partial);
  let bytes = 0;
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      if (!file.write(chunk)) await new Promise<void>((r) => file.once('drain', () => r()));
      bar?.update(Math.ceil(bytes / 1024));
    }
    await new Promise<void>((resolve, reject) => file.end((err?: Error | null) => (err ? reject(err) : resolve())));
    await rename(partial, out);
  } catch (err) {
    file.destroy();
    await rm(partial, { force: true });
    throw err;
  } finally {
    bar?.stop();
  }
  say(
    `已导出 ${rows} 条到 ${out}（${Math.ceil(bytes / 1024)} KB）`,
    `Exported ${rows} rows to ${out} (${Math.ceil(bytes / 1024)} KB)`,
  );
}

export function registerExport(program: Command): void {
  const cmd = program
    .command('export')
    .description('download a list from a running server as XLSX, with the list’s filters (导出)');
  withServerAuth(
    cmd
      .command('customers <out>')
      .description('customers of my area (导出客户)')
      .option('--q <text>', 'phone, last digits, customer code, or the start of a name')
      .option('--kind <kind>', 'individual or business')
      .option('--tag <tag>', 'only customers with this tag')
      .option('--incomplete', 'only customers whose archive is incomplete')
      .option('--include-inactive', 'include deactivated customers'),
  ).action((out: string, o: ExportOpts) => runExport('customers', out, o));
  withServerAuth(
    cmd
      .command('units <out>')
      .description('units of my area (导出产品)')
      .option('--q <serial>', 'serial number, exact or its beginning')
      .option('--status <status>', 'active, replaced, returned, recalled or scrapped')
      .option('--model-id <id>', 'only units of this model')
      .option('--customer-id <id>', 'only units of this customer'),
  ).action((out: string, o: ExportOpts) => runExport('units', out, o));
}

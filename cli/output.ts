import type { z } from 'zod';
import { type ErrorCode, ERRORS, errorMessage, FIELD_MESSAGES, type FieldError } from '../shared/errors.js';
import { fill } from '../shared/i18n.js';
import { BackupError } from '../server/platform/backup/index.js';
import { AppError } from '../server/platform/errors.js';
import { DataDirInUse } from './data-lock.js';
import { ApiError, ServerUnreachable } from './http.js';

export function say(...lines: string[]): void {
  for (const line of lines) process.stdout.write(`${line}\n`);
}

/** Maps schema paths (admin.password) to the options a person typed (--password). */
export type OptionNames = Record<string, string>;

function optionFor(path: string, names: OptionNames): string {
  const direct = names[path];
  if (direct) return direct;
  const parent = Object.keys(names).find((k) => path.startsWith(`${k}.`));
  return parent ? names[parent]! : path;
}

/** A schema failure as the API would report it, naming options instead of body fields. */
export function validationError(error: z.ZodError, names: OptionNames): AppError {
  const fieldErrors: FieldError[] = error.issues.map((issue) => {
    const path = issue.path.join('.');
    const raw = issue as unknown as Record<string, unknown>;
    const key = issue.code === 'invalid_type' && raw.input === undefined ? 'required' : issue.code;
    const text = FIELD_MESSAGES[key] ?? FIELD_MESSAGES.custom!;
    const allowed = Array.isArray(raw.values) ? ` (${raw.values.join(', ')})` : '';
    return {
      path: optionFor(path, names),
      code: key,
      message: `${fill(text['zh-CN'], raw)} / ${fill(text.en, raw)}${allowed}`,
    };
  });
  return new AppError('validation.failed', {}, fieldErrors);
}

/** The same error with its field paths renamed to options. */
export function renameFields(err: unknown, names: OptionNames): unknown {
  if (!(err instanceof AppError) || !err.fieldErrors) return err;
  return new AppError(
    err.code,
    err.params,
    err.fieldErrors.map((f) => ({ ...f, path: optionFor(f.path, names) })),
  );
}

/** Runs a rule check that throws AppError, naming options in what it throws. */
export function tryRule(check: () => void, names: OptionNames): void {
  try {
    check();
  } catch (err) {
    throw renameFields(err, names);
  }
}

/** A PostgreSQL unique violation (possibly wrapped by drizzle) as the API reports it. */
export function duplicateError(err: unknown): AppError | null {
  const e = err as { code?: string; detail?: string; cause?: { code?: string; detail?: string } };
  const src = e?.code === '23505' ? e : e?.cause?.code === '23505' ? e.cause : null;
  if (!src) return null;
  const m = /\((.+?)\)=\((.+?)\)/.exec(src.detail ?? '');
  return new AppError('entity.duplicate', { field: m?.[1] ?? 'value', value: m?.[2] ?? '' });
}

function appErrorLines(code: ErrorCode, params: Record<string, unknown>, fields: FieldError[] = []): string[] {
  const lines = [
    `错误 ${code}：${errorMessage(code, 'zh-CN', params)}`,
    `Error ${code}: ${errorMessage(code, 'en', params)}`,
  ];
  for (const f of fields) {
    const known = f.code in ERRORS ? (f.code as ErrorCode) : null;
    const message =
      f.message ||
      (known && known !== code ? `${errorMessage(known, 'zh-CN', params)} / ${errorMessage(known, 'en', params)}` : '');
    lines.push(`  ${f.path}${message ? `: ${message}` : ''}`);
  }
  return lines;
}

/** Prints any failure in both languages, with the stable code first; stacks only with SANBAO_DEBUG=1. */
export function reportError(err: unknown): void {
  const lines = errorLines(duplicateError(err) ?? err);
  for (const line of lines) process.stderr.write(`${line}\n`);
  if (process.env.SANBAO_DEBUG === '1' && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
}

export function errorLines(err: unknown): string[] {
  if (err instanceof AppError) return appErrorLines(err.code, err.params, err.fieldErrors);
  if (err instanceof BackupError)
    return [`错误 ${err.code}：${err.text('zh-CN')}`, `Error ${err.code}: ${err.text('en')}`];
  if (err instanceof DataDirInUse) return err.lines();
  if (err instanceof ApiError) {
    const p = err.problem;
    if (p.code && p.code in ERRORS) return appErrorLines(p.code as ErrorCode, p.params ?? {}, p.errors);
    return [`Error: HTTP ${err.status}${p.detail ? `: ${p.detail}` : ''}`];
  }
  if (err instanceof ServerUnreachable) {
    return [
      `错误：无法连接 Sanbao 服务器 ${err.url}（${err.reason}）。服务器是否已启动（sanbao serve）？可用 --url 或 SANBAO_URL 指定地址。`,
      `Error: cannot reach the Sanbao server at ${err.url} (${err.reason}). Is it running (sanbao serve)? Point to it with --url or SANBAO_URL.`,
    ];
  }
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
  if (e?.code === 'EADDRINUSE') {
    return [
      `错误：端口 ${e.port ?? ''} 已被占用，请用 PORT 指定其他端口。`,
      `Error: port ${e.port ?? ''} is already in use; choose another with PORT.`,
    ];
  }
  if (e?.code === 'ECONNREFUSED' || e?.code === 'ENOTFOUND' || e?.code === '28P01' || e?.code === '3D000') {
    return [
      `错误：无法连接 PostgreSQL（DATABASE_URL）：${e.message}`,
      `Error: cannot connect to PostgreSQL (DATABASE_URL): ${e.message}`,
    ];
  }
  return [`Error: ${err instanceof Error ? err.message : String(err)}`];
}

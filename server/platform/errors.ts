import {
  ERRORS,
  type ErrorCode,
  errorMessage,
  errorTitle,
  type FieldError,
  type Problem,
} from '../../shared/errors.js';
import type { Lang } from '../../shared/i18n.js';

/** The one error type domain and platform code throws; the error handler maps it to problem+json. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, unknown> = {},
    readonly fieldErrors?: FieldError[],
  ) {
    super(code);
    this.name = 'AppError';
  }

  get status(): number {
    return ERRORS[this.code].status;
  }
}

export function toProblem(
  code: ErrorCode,
  lang: Lang,
  params: Record<string, unknown>,
  extra: { instance?: string; requestId?: string; errors?: FieldError[] } = {},
): Problem {
  const status = ERRORS[code].status;
  return {
    type: `https://sanbao.dev/problems/${code}`,
    title: errorTitle(code, lang),
    status,
    code,
    detail: errorMessage(code, lang, params),
    ...(extra.instance ? { instance: extra.instance } : {}),
    ...(extra.requestId ? { requestId: extra.requestId } : {}),
    ...(extra.errors ? { errors: extra.errors } : {}),
    ...(Object.keys(params).length ? { params } : {}),
  };
}

/** A 400 naming one field, for checks a schema cannot express (e.g. password rules). */
export function fieldError(path: string, code: ErrorCode, params: Record<string, unknown> = {}): AppError {
  return new AppError(code, params, [{ path, code, message: '' }]);
}

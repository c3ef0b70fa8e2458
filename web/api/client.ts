import type { FieldError, Problem } from '../../shared/errors.js';
import type { Lang } from '../../shared/i18n.js';
import type { Routes } from './routes.js';

/** A failed API call, carrying the RFC 9457 problem the server sent (or a synthetic one). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: FieldError[];
  readonly params: Record<string, unknown>;

  constructor(status: number, problem: Omit<Partial<Problem>, 'code'> & { code?: string }) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? (status === 0 ? 'network' : 'http');
    this.detail = problem.detail ?? problem.title ?? '';
    this.errors = problem.errors ?? [];
    this.params = problem.params ?? {};
  }
}

export function isApiError(err: unknown): err is ApiError {
  return err instanceof ApiError;
}

// The session's CSRF token and the UI language live here rather than in React state because
// every request needs them and the client is not a component.
let csrfToken: string | null = null;
let apiLang: Lang = 'zh-CN';
let onUnauthorized: (() => void) | null = null;

const SESSION_HINT = 'sanbao.signedIn';

/**
 * The session cookie is httpOnly, so the page keeps its own hint that one probably exists. Without
 * it the app skips the "who am I" probe, whose 401 the browser would log as a console error.
 */
export function hasSessionHint(): boolean {
  try {
    return localStorage.getItem(SESSION_HINT) === '1';
  } catch {
    return true;
  }
}

function setSessionHint(on: boolean): void {
  try {
    if (on) localStorage.setItem(SESSION_HINT, '1');
    else localStorage.removeItem(SESSION_HINT);
  } catch {
    // Without storage the app simply probes every time.
  }
}

/** Remembers the session's CSRF token (from login or /api/auth/me) for every write. */
export function markSignedIn(csrf: string | null): void {
  csrfToken = csrf;
  setSessionHint(true);
}

export function markSignedOut(): void {
  csrfToken = null;
  setSessionHint(false);
}

export function setApiLang(lang: Lang): void {
  apiLang = lang;
}

/** Called when a request finds the session gone (401 auth.required); the app sends the user to /login. */
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  onUnauthorized = fn;
}

export interface RequestOptions {
  /** Don't run the 401 handler (the "who am I" probe, the login form). */
  quiet401?: boolean;
  signal?: AbortSignal;
  /** Extra request headers (e.g. `Idempotency-Key`). */
  headers?: Record<string, string>;
}

type QueryValue = string | number | boolean | null | undefined;

/** Builds `path?a=1&b=2`, leaving out empty values; an array repeats its key (`state=a&state=b`). */
export function withQuery(path: string, params: Record<string, QueryValue | readonly QueryValue[]>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const one of Array.isArray(v) ? v : [v]) {
      if (one === undefined || one === null || one === '') continue;
      qs.append(k, String(one));
    }
  }
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

async function readProblem(res: Response): Promise<Partial<Problem>> {
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) return {};
  try {
    return (await res.json()) as Partial<Problem>;
  } catch {
    return {};
  }
}

export async function apiRequest<T>(
  method: string,
  path: string,
  body?: unknown,
  opts: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': apiLang, ...opts.headers };
  // A FormData body (file uploads) sets its own multipart content type.
  const multipart = typeof FormData !== 'undefined' && body instanceof FormData;
  if (body !== undefined && !multipart) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : multipart ? body : JSON.stringify(body),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, { code: 'network' });
  }

  if (!res.ok) {
    const problem = await readProblem(res);
    const error = new ApiError(res.status, problem);
    if (res.status === 401 && error.code === 'auth.required') {
      markSignedOut();
      if (!opts.quiet401) onUnauthorized?.();
    }
    throw error;
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

// The typed client: a route of web/api/routes.ts (`'GET /api/orders/:id'`) and its parameters,
// query and body, the answer typed from the route's contract schema.

export type RouteKey = keyof Routes;
export type GetRoute = Extract<RouteKey, `GET ${string}`>;
/** What a route answers on success. */
export type ResponseOf<K extends RouteKey> = Routes[K]['response'];
/** The body a route takes (its contract schema's input). */
export type BodyOf<K extends RouteKey> = Routes[K] extends { body: infer B } ? B : never;
/** The query a route takes (its contract schema's input). */
export type QueryOf<K extends RouteKey> = Routes[K] extends { query: infer Q } ? Q : never;

type ParamsPart<K extends RouteKey> = Routes[K] extends { params: infer P } ? { params: P } : { params?: undefined };
type QueryPart<K extends RouteKey> = Routes[K] extends { query: infer Q }
  ? object extends Q
    ? { query?: Q }
    : { query: Q }
  : { query?: undefined };
// A route without a body schema takes none, or a multipart form (uploads read their own parts).
type BodyPart<K extends RouteKey> = Routes[K] extends { body: infer B } ? { body: B } : { body?: FormData };

/** Where a route is: its path parameters and query. */
export type UrlInput<K extends RouteKey> = ParamsPart<K> & QueryPart<K>;
/** Everything a call sends: path parameters, query and body. */
export type CallInput<K extends RouteKey> = UrlInput<K> & BodyPart<K>;
type CallArgs<K extends RouteKey> =
  object extends CallInput<K>
    ? [input?: CallInput<K>, opts?: RequestOptions]
    : [input: CallInput<K>, opts?: RequestOptions];

/** The URL of a route: `:name` segments filled (encoded), the query appended. */
export function routeUrl<K extends RouteKey>(route: K, input: UrlInput<K>): string {
  const path = route.slice(route.indexOf(' ') + 1);
  const params = (input.params ?? {}) as Record<string, string>;
  const filled = path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${route}: no value for :${name}`);
    return encodeURIComponent(value);
  });
  return input.query ? withQuery(filled, input.query as Record<string, QueryValue>) : filled;
}

function routeMethod(route: RouteKey): string {
  return route.slice(0, route.indexOf(' '));
}

/** Calls a route of the table; a write without a body sends `{}`, as the server's JSON parser wants. */
function call<K extends RouteKey>(route: K, ...[input, opts]: CallArgs<K>): Promise<ResponseOf<K>> {
  const method = routeMethod(route);
  const given = (input ?? {}) as CallInput<K>;
  const body = given.body ?? (method === 'GET' || method === 'DELETE' ? undefined : {});
  return apiRequest<ResponseOf<K>>(method, routeUrl(route, given), body, opts);
}

export const api = { call };

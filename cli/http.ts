import type { Problem } from '../shared/errors.js';

/*
 * Domain commands talk to a running server over the HTTP API, like any other client: same
 * permissions, same audit trail, no second process opening the database.
 */
export const DEFAULT_URL = 'http://127.0.0.1:3000';

/**
 * The server this machine's `npm start` would run: PORT and HOST as the server reads them
 * (server/config.ts), so `PORT=3100 sanbao status` asks the server started with PORT=3100.
 * A server listening on every interface is reached through the loopback address.
 */
export function defaultServerUrl(env: NodeJS.ProcessEnv = process.env): string {
  const host = env.HOST && env.HOST !== '0.0.0.0' && env.HOST !== '::' ? env.HOST : '127.0.0.1';
  const port = env.PORT && /^\d+$/.test(env.PORT) ? env.PORT : '3000';
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** --url, else SANBAO_URL, else the local server by PORT/HOST. */
export function serverUrl(opts: ServerOptions, env: NodeJS.ProcessEnv = process.env): string {
  return (opts.url ?? env.SANBAO_URL ?? defaultServerUrl(env)).replace(/\/+$/, '');
}

export interface ServerOptions {
  url?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem>,
  ) {
    super(problem.detail ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }
}

export class ServerUnreachable extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`cannot reach ${url}: ${reason}`);
    this.name = 'ServerUnreachable';
  }
}

export interface HttpResponse<T> {
  status: number;
  body: T;
}

export interface HttpClient {
  baseUrl: string;
  /** Any status; the body parsed as JSON when it is JSON. */
  raw<T = unknown>(method: string, path: string, body?: unknown): Promise<HttpResponse<T>>;
  /** 2xx bodies; anything else throws ApiError carrying the server's problem+json. */
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  get<T = unknown>(path: string): Promise<T>;
  post<T = unknown>(path: string, body?: unknown): Promise<T>;
}

/** Base URL from --url, SANBAO_URL or PORT/HOST; bearer token from SANBAO_TOKEN (an API token made in the web UI). */
export function createHttpClient(opts: ServerOptions = {}, env: NodeJS.ProcessEnv = process.env): HttpClient {
  const baseUrl = serverUrl(opts, env);
  const token = env.SANBAO_TOKEN;
  const raw = async <T>(method: string, path: string, body?: unknown): Promise<HttpResponse<T>> => {
    const headers: Record<string, string> = { accept: 'application/json', 'accept-language': 'zh-CN' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new ServerUnreachable(baseUrl, cause?.code ?? cause?.message ?? (err as Error).message);
    }
    const text = await res.text();
    let parsed: unknown = text;
    if (/json/.test(res.headers.get('content-type') ?? '')) {
      try {
        parsed = JSON.parse(text);
      } catch {}
    }
    return { status: res.status, body: parsed as T };
  };
  const request = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await raw<T>(method, path, body);
    if (res.status >= 200 && res.status < 300) return res.body;
    const problem =
      typeof res.body === 'object' && res.body ? (res.body as Partial<Problem>) : { detail: String(res.body) };
    throw new ApiError(res.status, problem);
  };
  return {
    baseUrl,
    raw,
    request,
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body ?? {}),
  };
}

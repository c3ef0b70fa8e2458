import type { RunningServer } from './server.js';

/** A small JSON client for setting up browser tests through the API (bearer token, no cookies). */
export interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
}

async function json<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) throw new Error(`${what}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

export function apiClient(baseUrl: string, token?: string): Api {
  const call = async <T>(method: string, path: string, body?: unknown) =>
    json<T>(
      await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
      `${method} ${path}`,
    );
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body),
  };
}

export const ADMIN = { username: 'admin', password: 'Admin12345' };

/** Sets up the company (with the demo organisation when asked) on a server started empty. */
export async function setupCompany(baseUrl: string, { demo }: { demo: boolean }): Promise<void> {
  await apiClient(baseUrl).post('/api/setup', {
    company: '浙江某某电器有限公司',
    admin: { username: ADMIN.username, displayName: '系统管理员', password: ADMIN.password },
    demo,
  });
}

/** API clients signed in by token on a server started on a copy of the run's demo (startDemoServer). */
export async function setupDemo(
  server: RunningServer,
): Promise<{ admin: Api; as(username: string, password: string): Promise<Api> }> {
  const anon = apiClient(server.url);
  const as = async (username: string, password: string) => {
    const { token } = await anon.post<{ token: string }>('/api/auth/login', {
      username,
      password,
      token: true,
      tokenName: 'e2e',
    });
    return apiClient(server.url, token);
  };
  return { admin: await as(ADMIN.username, ADMIN.password), as };
}

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

/** Sets up the company with the demo organisation and returns API clients signed in by token. */
export async function setupDemo(
  baseUrl: string,
): Promise<{ admin: Api; as(username: string, password: string): Promise<Api> }> {
  const anon = apiClient(baseUrl);
  await anon.post('/api/setup', {
    company: '浙江某某电器有限公司',
    admin: { username: 'admin', displayName: '系统管理员', password: 'Admin12345' },
    demo: true,
  });
  const as = async (username: string, password: string) => {
    const { token } = await anon.post<{ token: string }>('/api/auth/login', {
      username,
      password,
      token: true,
      tokenName: 'e2e',
    });
    return apiClient(baseUrl, token);
  };
  return { admin: await as('admin', 'Admin12345'), as };
}

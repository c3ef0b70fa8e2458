import { type QueryClient, useQuery, type UseQueryOptions } from '@tanstack/react-query';
import { type ApiError, api } from './client.js';

type Extra<T> = Omit<UseQueryOptions<T, ApiError, T, readonly [string]>, 'queryKey' | 'queryFn'>;

/** A GET keyed by its URL (query string included); `null` skips the request. */
export function useApiQuery<T>(url: string | null, options: Extra<T> = {}) {
  return useQuery<T, ApiError, T, readonly [string]>({
    queryKey: [url ?? ''] as const,
    queryFn: ({ signal }) => api.get<T>(url!, { signal }),
    ...options,
    enabled: url !== null && (options.enabled ?? true),
  });
}

/** Refetches every query whose URL starts with one of the prefixes (e.g. '/api/users'). */
export function invalidateUrls(qc: QueryClient, ...prefixes: string[]): Promise<void> {
  return qc.invalidateQueries({
    predicate: (q) => {
      const key = q.queryKey[0];
      return (
        typeof key === 'string' && prefixes.some((p) => key === p || key.startsWith(`${p}?`) || key.startsWith(`${p}/`))
      );
    },
  });
}

import { type QueryClient, useQuery, type UseQueryOptions } from '@tanstack/react-query';
import { type ApiError, api } from './client.js';

type Extra<T, D = T> = Omit<UseQueryOptions<T, ApiError, D, readonly [string]>, 'queryKey' | 'queryFn'>;

/** A GET keyed by its URL (query string included); `null` skips the request. */
export function useApiQuery<T, D = T>(url: string | null, options: Extra<T, D> = {}) {
  return useQuery<T, ApiError, D, readonly [string]>({
    queryKey: [url ?? ''] as const,
    queryFn: ({ signal }) => api.get<T>(url!, { signal }),
    ...options,
    enabled: url !== null && (options.enabled ?? true),
  });
}

/** What every list endpoint answers (docs/architecture.md, "Lists"); paged lists add their paging fields. */
export interface ListOf<T> {
  items: T[];
  total: number;
}

const itemsOf = <T>(list: ListOf<T>): T[] => list.items;

/** A GET of a list read whole: the cache holds the server's `{ items, total }`, `data` is the items. */
export function useApiList<T>(url: string | null, options: Omit<Extra<ListOf<T>, T[]>, 'select'> = {}) {
  return useApiQuery<ListOf<T>, T[]>(url, { ...options, select: itemsOf });
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

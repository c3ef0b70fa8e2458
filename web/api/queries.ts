import { type QueryClient, useQuery, type UseQueryOptions } from '@tanstack/react-query';
import { type ApiError, apiRequest, type GetRoute, type ResponseOf, routeUrl, type UrlInput } from './client.js';

type Extra<T, D = T> = Omit<UseQueryOptions<T, ApiError, D, readonly [string]>, 'queryKey' | 'queryFn'>;

/**
 * A GET of a route of the table (web/api/routes.ts), keyed by its URL (query string included) so
 * `invalidateUrls` finds it by prefix; `null` input skips the request. The answer's type is the
 * route's contract schema.
 */
export function useApiQuery<K extends GetRoute, D = ResponseOf<K>>(
  route: K,
  input: UrlInput<K> | null,
  options: Extra<ResponseOf<K>, D> = {},
) {
  const url = input === null ? null : routeUrl(route, input);
  return useQuery<ResponseOf<K>, ApiError, D, readonly [string]>({
    queryKey: [url ?? ''] as const,
    queryFn: ({ signal }) => apiRequest<ResponseOf<K>>('GET', url!, undefined, { signal }),
    ...options,
    enabled: url !== null && (options.enabled ?? true),
  });
}

/** What every list endpoint answers (docs/architecture.md, "Lists"); paged lists add their paging fields. */
export interface ListOf<T> {
  items: T[];
  total: number;
}

/** The GET routes that answer a list. */
export type ListRoute = {
  [K in GetRoute]: ResponseOf<K> extends ListOf<unknown> ? K : never;
}[GetRoute];
/** One item of a list route's answer. */
export type ItemOf<K extends ListRoute> = ResponseOf<K> extends ListOf<infer T> ? T : never;

const itemsOf = <T>(list: ListOf<T>): T[] => list.items;

/** A GET of a list read whole: the cache holds the server's `{ items, total }`, `data` is the items. */
export function useApiList<K extends ListRoute>(
  route: K,
  input: UrlInput<K> | null,
  options: Omit<Extra<ResponseOf<K>, ItemOf<K>[]>, 'select'> = {},
) {
  return useApiQuery<K, ItemOf<K>[]>(route, input, {
    ...options,
    select: itemsOf as (list: ResponseOf<K>) => ItemOf<K>[],
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

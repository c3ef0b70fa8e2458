import { useSearchParams } from 'react-router';

/** Filters kept in the URL (shareable, back-button safe); page 1 and the default size left out. */
export function useListParams<K extends string>(keys: readonly K[], defaultSize = 20) {
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(keys.map((k) => [k, params.get(k) ?? undefined])) as Record<K, string | undefined>;
  const page = Number(params.get('page') ?? 1) || 1;
  const pageSize = Number(params.get('pageSize') ?? defaultSize) || defaultSize;
  const set = (patch: Partial<Record<K | 'page' | 'pageSize', string | number | undefined>>) => {
    const next: Record<string, string | number | undefined> = { ...filters, page: 1, pageSize, ...patch };
    const out = new URLSearchParams();
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined || v === '' || (k === 'page' && v === 1) || (k === 'pageSize' && v === defaultSize)) continue;
      out.set(k, String(v));
    }
    setParams(out, { replace: true });
  };
  return { filters, page, pageSize, set };
}

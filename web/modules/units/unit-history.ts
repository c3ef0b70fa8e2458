import { formatValue } from '../../lib/format.js';

type Lookup = (key: string, params?: Record<string, unknown>) => string | undefined;

interface Entry {
  changes: Record<string, { before: unknown; after: unknown }>;
}

/** Fields the history leaves out: ids and bookkeeping a person does not need to read. */
const HIDDEN = new Set(['id', 'customerId', 'modelId', 'addressId', 'orgPath', 'replacesId', 'replacedById']);

function show(field: string, v: unknown, tr: Lookup): string {
  if (v === null || v === undefined || v === '') return '—';
  if (field === 'status' && typeof v === 'string') return tr(`units.status.${v}`) ?? v;
  if (field === 'usage' && typeof v === 'string') return tr(`units.usage.${v}`) ?? v;
  return formatValue(v);
}

/** One line per history entry: "状态: 在用 → 已换机; 序列号: A1 → A2" (ids left out). */
export function historyLine(entry: Entry, tr: Lookup): string {
  return Object.entries(entry.changes)
    .filter(([field]) => !HIDDEN.has(field))
    .map(([field, c]) => {
      const label = tr(`units.field.${field}`) ?? field;
      if (c.before === null || c.before === undefined) return `${label}: ${show(field, c.after, tr)}`;
      return `${label}: ${show(field, c.before, tr)} → ${show(field, c.after, tr)}`;
    })
    .join('; ');
}

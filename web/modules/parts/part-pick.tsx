import { Select } from 'antd';
import { useState } from 'react';
import { useApiQuery } from '../../api/queries.js';
import { useT } from '../../i18n/index.js';

export interface PickedPart {
  id: string;
  code: string;
  name: string;
}

/** A catalog part by code or name, as a controlled form field (value: the part's id). */
export function PartPick({
  value,
  onChange,
  initial,
  id,
  style,
}: {
  value?: string;
  onChange?: (id: string, part: PickedPart | undefined) => void;
  /** The part shown before any search (a row the dialog was opened from). */
  initial?: PickedPart | null;
  id?: string;
  style?: React.CSSProperties;
}) {
  const t = useT();
  const [q, setQ] = useState('');
  const parts = useApiQuery(
    'GET /api/catalog/parts',
    { query: { q: q.trim() || undefined, pageSize: 30 } },
    { placeholderData: (prev) => prev },
  );
  const items: PickedPart[] = parts.data?.items ?? [];
  const options = [...(initial && !items.some((p) => p.id === initial.id) ? [initial] : []), ...items];
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={(v: string) =>
        onChange?.(
          v,
          options.find((p) => p.id === v),
        )
      }
      options={options.map((p) => ({ value: p.id, label: `${p.code} · ${p.name}` }))}
      loading={parts.isFetching}
      placeholder={t('parts.pickPart')}
      aria-label={t('parts.part')}
      style={{ width: '100%', ...style }}
    />
  );
}

import { Select } from 'antd';
import { useState } from 'react';
import { useApiQuery } from '../../api/queries.js';
import { useT } from '../../i18n/index.js';
import type { Part } from './catalog-api.js';

/** Picks an active part by code or name; parts already listed are left out. */
export function PartSelect({ exclude, onPick }: { exclude: readonly string[]; onPick: (p: Part) => void }) {
  const t = useT();
  const [q, setQ] = useState('');
  const parts = useApiQuery(
    'GET /api/catalog/parts',
    { query: { q: q.trim() || undefined, pageSize: 30 } },
    {
      placeholderData: (prev) => prev,
    },
  );
  const items = (parts.data?.items ?? []).filter((p) => !exclude.includes(p.id));
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={null}
      onChange={(id: string) => {
        const p = items.find((x) => x.id === id);
        if (p) onPick(p);
        setQ('');
      }}
      options={items.map((p) => ({ value: p.id, label: `${p.code} · ${p.name}` }))}
      loading={parts.isFetching}
      placeholder={t('catalog.addPart')}
      aria-label={t('catalog.addPart')}
      style={{ width: 320, maxWidth: '100%' }}
    />
  );
}

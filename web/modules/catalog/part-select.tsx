import { Select } from 'antd';
import { useState } from 'react';
import { withQuery } from '../../api/client.js';
import { useApiQueryUrl } from '../../api/queries.js';
import { useT } from '../../i18n/index.js';
import { type Paged, type Part, PARTS_URL } from './catalog-api.js';

/** Picks an active part by code or name; parts already listed are left out. */
export function PartSelect({ exclude, onPick }: { exclude: readonly string[]; onPick: (p: Part) => void }) {
  const t = useT();
  const [q, setQ] = useState('');
  const parts = useApiQueryUrl<Paged<Part>>(withQuery(PARTS_URL, { q: q.trim(), pageSize: 30 }), {
    placeholderData: (prev) => prev,
  });
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

import { Select } from 'antd';
import { type CSSProperties, useState } from 'react';
import { useApiQuery } from '../../api/queries.js';
import { useT } from '../../i18n/index.js';
import type { ProductModel } from './catalog-api.js';

/** Picks an active model (any model with `includeInactive`), searching the catalog by code or name as one types. */
export function ModelSelect({
  value,
  onChange,
  id,
  initialLabel,
  onModel,
  includeInactive,
  placeholder,
  ariaLabel,
  style,
  testId,
}: {
  value?: string;
  onChange?: (id: string | undefined) => void;
  id?: string;
  /** Shown for the current value before any search (e.g. "XQB80 全自动洗衣机"). */
  initialLabel?: string;
  onModel?: (m: ProductModel | undefined) => void;
  includeInactive?: boolean;
  placeholder?: string;
  ariaLabel?: string;
  style?: CSSProperties;
  testId?: string;
}) {
  const t = useT();
  const [q, setQ] = useState('');
  const models = useApiQuery(
    'GET /api/catalog/models',
    { query: { q: q.trim() || undefined, pageSize: 30, includeInactive: includeInactive ? 'true' : undefined } },
    {
      placeholderData: (prev) => prev,
    },
  );
  const items = models.data?.items ?? [];
  const options = items.map((m) => ({ value: m.id, label: `${m.code} · ${m.name}` }));
  if (value && initialLabel && !options.some((o) => o.value === value)) {
    options.unshift({ value, label: initialLabel });
  }
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value}
      onChange={(v: string | undefined) => {
        onChange?.(v);
        onModel?.(items.find((m) => m.id === v));
      }}
      options={options}
      loading={models.isFetching}
      placeholder={placeholder ?? t('units.modelSearch')}
      aria-label={ariaLabel}
      style={style}
      data-testid={testId}
      notFoundContent={models.isFetching ? null : t('units.noModel')}
    />
  );
}

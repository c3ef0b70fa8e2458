import { Select } from 'antd';
import { type CSSProperties, useState } from 'react';
import type { OrgUnit } from '../../../server/modules/org/contract.js';
import { useApiQuery } from '../../api/queries.js';
import { useT } from '../../i18n/index.js';
import { useOrgUnits } from '../org/use-org-units.js';

/** Searches technicians (by name or mobile), optionally of one unit's subtree. */
export function TechnicianSelect({
  value,
  onChange,
  unitId,
  id,
  placeholder,
  allowClear,
  style,
  extra = [],
}: {
  value?: string;
  onChange?: (id: string | undefined) => void;
  unitId?: string;
  id?: string;
  placeholder?: string;
  allowClear?: boolean;
  style?: CSSProperties;
  /** Options shown before any search (e.g. the suggestion's alternatives). */
  extra?: { value: string; label: string }[];
}) {
  const t = useT();
  const [q, setQ] = useState('');
  const users = useApiQuery(
    'GET /api/users',
    { query: { role: 'technician', orgUnitId: unitId, q: q.trim() || undefined, active: 'true', pageSize: 50 } },
    { placeholderData: (prev) => prev },
  );
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear={allowClear}
      value={value}
      onChange={(v: string | undefined) => onChange?.(v)}
      options={[
        ...extra.filter((e) => !users.data?.items.some((u) => u.id === e.value)),
        ...(users.data?.items ?? []).map((u) => ({
          value: u.id,
          label: u.orgUnitName ? `${u.displayName} · ${u.orgUnitName}` : u.displayName,
        })),
      ]}
      loading={users.isFetching}
      placeholder={placeholder ?? t('cert.technicianSearch')}
      style={style}
    />
  );
}

/** Picks an active unit of the given kind, searchable by name or code; `under` keeps to one subtree. */
export function UnitSelect({
  kind,
  under,
  value,
  onChange,
  id,
}: {
  kind: OrgUnit['kind'];
  under?: string;
  value?: string;
  onChange?: (id: string | undefined) => void;
  id?: string;
}) {
  const { units } = useOrgUnits();
  const options = units
    .filter((u) => u.active && u.kind === kind && (!under || u.path.startsWith(under)))
    .map((u) => ({ value: u.id, label: `${u.name} (${u.code})` }));
  return (
    <Select
      id={id}
      showSearch={{ optionFilterProp: 'label' }}
      value={value}
      onChange={(v: string | undefined) => onChange?.(v)}
      options={options}
    />
  );
}

import { useCallback, useMemo } from 'react';
import type { OrgUnit } from '../../../server/modules/org/contract.js';
import { useApiList } from '../../api/queries.js';
import { useT } from '../../i18n/index.js';
import { buildUnitForest } from './org-tree.js';

export const ORG_UNITS_URL = '/api/org/units';

/** The units the user may see, flat and as a forest. */
export function useOrgUnits(includeInactive = false, enabled = true) {
  const query = useApiList(
    'GET /api/org/units',
    enabled ? { query: { includeInactive: includeInactive ? 'true' : undefined } } : null,
  );
  const forest = useMemo(() => buildUnitForest(query.data ?? []), [query.data]);
  const byId = useMemo(() => new Map((query.data ?? []).map((u) => [u.id, u])), [query.data]);
  return { ...query, units: query.data ?? [], forest, byId };
}

/** A unit's name for pickers, marked when deactivated. */
export function useUnitLabel() {
  const t = useT();
  return useCallback((u: OrgUnit) => (u.active ? u.name : t('org.inactiveName', { name: u.name })), [t]);
}

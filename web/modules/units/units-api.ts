import type {
  UnitDetail,
  UnitLabel,
  UnitListItem,
  UnitPage,
  UnitStatus,
} from '../../../server/modules/customers/units/contract.js';

export const UNITS_URL = '/api/units';

export function unitUrl(id: string): string {
  return `${UNITS_URL}/${id}`;
}

export const STATUS_COLORS: Record<UnitStatus, string> = {
  active: 'green',
  replaced: 'blue',
  returned: 'orange',
  recalled: 'gold',
  scrapped: 'default',
};

export type { UnitDetail, UnitLabel, UnitListItem, UnitPage, UnitStatus };

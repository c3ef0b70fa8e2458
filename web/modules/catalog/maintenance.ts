import type { Translate } from '../../i18n/index.js';

/** "每 180 天 / 每 500 小时", or empty without a cycle. */
export function maintenanceText(
  m: { maintenanceDays: number | null; maintenanceHours: number | null },
  t: Translate,
): string {
  return [
    m.maintenanceDays ? t('catalog.everyDays', { n: m.maintenanceDays }) : null,
    m.maintenanceHours ? t('catalog.everyHours', { n: m.maintenanceHours }) : null,
  ]
    .filter(Boolean)
    .join(' / ');
}

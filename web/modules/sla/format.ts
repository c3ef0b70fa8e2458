import type { Translate } from '../../i18n/index.js';

/** 90 → '1 小时 30 分钟'; whole days and hours when they divide. */
export function formatMinutes(t: Translate, n: number): string {
  if (n === 0) return t('sla.minutes', { n });
  if (n % 1440 === 0) return t('sla.days', { n: n / 1440 });
  if (n % 60 === 0) return t('sla.hours', { n: n / 60 });
  if (n > 60) return `${t('sla.hours', { n: Math.floor(n / 60) })} ${t('sla.minutes', { n: n % 60 })}`;
  return t('sla.minutes', { n });
}

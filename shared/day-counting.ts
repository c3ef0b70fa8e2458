import type { Text } from './i18n.js';

/**
 * How periods counted in days, months or years are counted (the `warranty.dayCounting`
 * setting). `civil_code` follows China's Civil Code art. 201–202 (the start day is not
 * counted); `start_day_counted` is for a company whose own terms count the start day as day 1.
 * The arithmetic is `server/modules/warranty/dates.ts`.
 */
export const DAY_COUNTINGS = ['civil_code', 'start_day_counted'] as const;
export type DayCounting = (typeof DAY_COUNTINGS)[number];

export const DAY_COUNTING_NAMES: Record<DayCounting, Text> = {
  civil_code: {
    'zh-CN': '按《民法典》第201–202条：起算当日不计入',
    en: 'Civil Code art. 201–202: the start day is not counted',
  },
  start_day_counted: {
    'zh-CN': '起算当日计入（当日为第1天）',
    en: 'The start day counts as day 1',
  },
};

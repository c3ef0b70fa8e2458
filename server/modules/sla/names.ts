import type { Text } from '../../../shared/i18n.js';

/** Names of the milestones for notices and the audit trail (the web has its own copy in i18n). */
export const MILESTONE_NAMES = {
  hq_dispatch: { 'zh-CN': '总部派单', en: 'HQ dispatch' },
  center_dispatch: { 'zh-CN': '中心派单', en: 'Center dispatch' },
  appointment_contact: { 'zh-CN': '预约联系', en: 'Appointment contact' },
  on_site: { 'zh-CN': '上门', en: 'On site' },
  resolved: { 'zh-CN': '修复', en: 'Resolved' },
  resolved_cap: { 'zh-CN': '7天完结', en: 'Closed within 7 days' },
} as const satisfies Record<string, Text>;

export const ENTITY_NAMES = {
  calendar: { 'zh-CN': '业务日历', en: 'Business calendar' },
  policy: { 'zh-CN': 'SLA 策略', en: 'SLA policy' },
  order: { 'zh-CN': '服务单', en: 'Work order' },
} as const satisfies Record<string, Text>;

import type { Text } from './i18n.js';

/**
 * Named capabilities. Roles map to these in the role_permissions table (editable by admin,
 * audited); the defaults below seed that table. Later modules add their capabilities here.
 */
export const PERMISSIONS = {
  'org.read': { 'zh-CN': '查看组织架构', en: 'View the organisation' },
  'org.manage': { 'zh-CN': '维护组织架构（网点、中心）', en: 'Manage units (centers, outlets)' },
  'users.read': { 'zh-CN': '查看人员', en: 'View people' },
  'users.manage': { 'zh-CN': '管理人员账号', en: 'Manage user accounts' },
  'roles.manage': { 'zh-CN': '维护角色权限', en: 'Edit roles and permissions' },
  'audit.read': { 'zh-CN': '查看审计日志', en: 'Read the audit log' },
  'settings.read': { 'zh-CN': '查看系统配置', en: 'View settings' },
  'settings.manage': { 'zh-CN': '修改系统配置', en: 'Change settings' },
  'tokens.manage': { 'zh-CN': '管理接口令牌', en: 'Manage API tokens' },
  'customers.read': { 'zh-CN': '查看客户档案', en: 'View customers' },
  'customers.manage': { 'zh-CN': '维护客户档案', en: 'Manage customers' },
  'customers.merge_undo': { 'zh-CN': '撤销客户合并', en: 'Undo customer merges' },
  'catalog.manage': { 'zh-CN': '维护产品目录', en: 'Manage the product catalog' },
  'contacts.create': { 'zh-CN': '登记来电来访', en: 'Log contacts' },
  'orders.read': { 'zh-CN': '查看服务单', en: 'View work orders' },
  'orders.create': { 'zh-CN': '创建服务单', en: 'Create work orders' },
  'orders.dispatch': { 'zh-CN': '派工', en: 'Dispatch work orders' },
  'orders.execute': { 'zh-CN': '执行服务单（上门、维修、完工）', en: 'Carry out work orders' },
  'orders.approve': { 'zh-CN': '审批（应急、退换货）', en: 'Approve exceptions and returns' },
  // Backdating a report beyond orders.backdateWindowHours (admin and manager by default).
  'orders.backdate': { 'zh-CN': '补录超时限报修时间', en: 'Backdate reports beyond the window' },
  'parts.read': { 'zh-CN': '查看配件库存', en: 'View parts stock' },
  'parts.manage': { 'zh-CN': '配件管理', en: 'Manage parts' },
  // Old-part returns (旧件返还): an outlet ships its returns, the center receives and appraises them.
  'returns.ship': { 'zh-CN': '寄回旧件', en: 'Ship old parts back' },
  'returns.appraise': { 'zh-CN': '签收并鉴定旧件', en: 'Receive and appraise old parts' },
  'parts.request': { 'zh-CN': '申请配件', en: 'Request parts' },
  'parts.approve': { 'zh-CN': '审批配件申请（服务中心）', en: 'Approve parts requests (center)' },
  'parts.approve_hq': { 'zh-CN': '审批配件申请（总部）', en: 'Approve parts requests (HQ)' },
  // Stocktake: the keeper counts and submits (parts.manage); a manager approves, which posts the variances.
  'parts.stocktake_approve': { 'zh-CN': '审核盘点并过账', en: 'Approve and post stocktakes' },
  // Fee schedules (docs/money.md, "Stored schedules"): add, change and end the rules.
  'money.fees': { 'zh-CN': '维护收费标准', en: 'Manage fee schedules' },
  // Monthly settlement statements (docs/money-statements.md): read them, respond as the outlet, and
  // draft, send, resolve disputes and lock them as the center, finance or HQ.
  'settlement.read': { 'zh-CN': '查看结算单', en: 'View settlement statements' },
  'settlement.respond': { 'zh-CN': '确认/异议结算单', en: 'Accept or dispute settlement statements' },
  'settlement.manage': {
    'zh-CN': '编制/发送/裁决/锁定结算单',
    en: 'Draft, send, resolve and lock settlement statements',
  },
  // Paid work (docs/money-collection.md): take payments, receipts, invoice requests, cash hand-overs.
  'money.collect': { 'zh-CN': '收款与交款', en: 'Collect payments and hand over cash' },
  // Cash reconciliation and issuing invoices; an outlet manager sees the own outlet (data scope).
  'money.reconcile': { 'zh-CN': '对账', en: 'Reconcile cash and issue invoices' },
  'finance.manage': { 'zh-CN': '财务结算', en: 'Finance and settlement' },
  // Complaints (docs/complaints.md): read them (an outlet its own orders' only), handle them, and manage
  // the routing table and approve compensation at the configured level.
  'complaints.read': { 'zh-CN': '查看投诉', en: 'View complaints' },
  'complaints.handle': { 'zh-CN': '处理投诉', en: 'Handle complaints' },
  'complaints.manage': {
    'zh-CN': '投诉管理（分派规则、补偿审批）',
    en: 'Manage complaints (routing, compensation approval)',
  },
  // Callbacks (docs/callbacks.md): read the queue (an outlet its own orders' only), work it (call,
  // answer, record failed attempts), and cancel tasks.
  'callbacks.read': { 'zh-CN': '查看回访', en: 'View callbacks' },
  'callbacks.work': { 'zh-CN': '执行回访', en: 'Make callbacks' },
  'callbacks.manage': { 'zh-CN': '回访管理（取消任务）', en: 'Manage callbacks (cancel tasks)' },
  // Messages (docs/messages.md): what was sent to whom and its delivery (within the data scope), and the
  // dead letters resent, opt-outs recorded on a customer's word.
  'messages.read': { 'zh-CN': '查看消息发送记录', en: 'View sent messages' },
  'messages.manage': { 'zh-CN': '消息管理（重发、登记退订）', en: 'Manage messages (resend, opt-outs)' },
  // Recall campaigns (docs/recalls.md): read campaigns and their units (a center its province's, an outlet its
  // own orders'), work the units (book, unreachable, declined), and define, start, notify and close campaigns.
  'recalls.read': { 'zh-CN': '查看召回活动', en: 'View recall campaigns' },
  'recalls.work': { 'zh-CN': '处理召回（预约、无法联系、拒绝）', en: 'Work recalls (book, unreachable, declined)' },
  'recalls.manage': {
    'zh-CN': '召回活动管理（定义、启动、通知、结束）',
    en: 'Manage recall campaigns (define, start, notify, close)',
  },
  // Customer care (docs/care.md): read the maintenance planner and the warranty-expiry offers; set
  // units' plans, create maintenance orders in bulk (with orders.create), record offer answers.
  'care.read': { 'zh-CN': '查看保养计划与延保推荐', en: 'View maintenance plans and warranty offers' },
  'care.manage': {
    'zh-CN': '客户关怀（保养计划、批量建保养单、记录延保答复）',
    en: 'Customer care (maintenance plans, bulk maintenance orders, offer answers)',
  },
  'reports.read': { 'zh-CN': '查看报表', en: 'View reports' },
} as const satisfies Record<string, Text>;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

export const ROLE_CODES = [
  'admin',
  'hotline_agent',
  'dispatcher',
  'center_staff',
  'outlet_manager',
  'technician',
  'parts_clerk',
  'finance',
  'complaint_handler',
  'manager',
  'auditor',
] as const;
export type RoleCode = (typeof ROLE_CODES)[number];

export const ROLE_NAMES: Record<RoleCode, Text> = {
  admin: { 'zh-CN': '系统管理员', en: 'Administrator' },
  hotline_agent: { 'zh-CN': '接线员', en: 'Hotline agent' },
  dispatcher: { 'zh-CN': '调度员', en: 'Dispatcher' },
  center_staff: { 'zh-CN': '服务中心专员', en: 'Center staff' },
  outlet_manager: { 'zh-CN': '网点经理', en: 'Outlet manager' },
  technician: { 'zh-CN': '维修工程师', en: 'Technician' },
  parts_clerk: { 'zh-CN': '配件管理员', en: 'Parts clerk' },
  finance: { 'zh-CN': '财务', en: 'Finance' },
  complaint_handler: { 'zh-CN': '投诉专员', en: 'Complaint handler' },
  manager: { 'zh-CN': '经理', en: 'Manager' },
  auditor: { 'zh-CN': '审计（只读）', en: 'Auditor (read-only)' },
};

/**
 * Permissions the admin role always keeps, so that somebody can still manage accounts and
 * roles after any edit (the role editor shows them locked).
 */
export const ADMIN_ROLE = 'admin' satisfies RoleCode;
export const ADMIN_LOCKED_PERMISSIONS: readonly Permission[] = ['users.manage', 'roles.manage'];

export function isPermission(code: string): code is Permission {
  return Object.hasOwn(PERMISSIONS, code);
}

const READ_ALL: Permission[] = ALL_PERMISSIONS.filter((p) => p.endsWith('.read'));

/** Default role → permission mapping, seeded at setup. Admin edits it later. */
export const DEFAULT_ROLE_PERMISSIONS: Record<RoleCode, Permission[]> = {
  admin: [...ALL_PERMISSIONS],
  hotline_agent: [
    'messages.read',
    'org.read',
    'customers.read',
    'customers.manage',
    'contacts.create',
    'orders.read',
    'orders.create',
    'complaints.read',
    'callbacks.read',
    'callbacks.work',
    'recalls.read',
    'recalls.work',
    'care.read',
    'care.manage',
  ],
  dispatcher: [
    'org.read',
    'users.read',
    'customers.read',
    'orders.read',
    'orders.create',
    'orders.dispatch',
    'complaints.read',
    'callbacks.read',
    'callbacks.work',
    'recalls.read',
    'recalls.work',
    'care.read',
    'care.manage',
  ],
  // A provincial center approves return/exchange cases up to the HQ threshold
  // (orders.returnHqApprovalFen; docs/warranty.md) and emergencies of its outlets.
  center_staff: [
    'messages.read',
    'org.read',
    'users.read',
    'customers.read',
    'orders.read',
    'orders.create',
    'orders.dispatch',
    'orders.approve',
    'parts.read',
    'parts.approve',
    'reports.read',
    'returns.appraise',
    'audit.read',
    'settlement.read',
    'settlement.manage',
    'complaints.read',
    'complaints.handle',
    'callbacks.read',
    'callbacks.work',
    'recalls.read',
    'recalls.work',
    'care.read',
    'care.manage',
  ],
  outlet_manager: [
    'messages.read',
    'org.read',
    'users.read',
    'users.manage',
    'customers.read',
    'orders.read',
    'orders.dispatch',
    'orders.execute',
    'parts.read',
    'parts.manage',
    'returns.ship',
    'parts.request',
    'money.collect',
    'money.reconcile',
    // Scoped like every list: an outlet manager reads the trail of their own outlet only.
    'audit.read',
    // Its own outlet's statements only (docs/money-statements.md).
    'settlement.read',
    'settlement.respond',
    // Complaints about its own outlet's orders only (data scope).
    'complaints.read',
    // Callbacks of its own outlet's orders only (data scope).
    'callbacks.read',
    // Recall units of its own outlet's recall orders only (data scope).
    'recalls.read',
    'care.read',
    // Its own outlet's dashboard and reports only (data scope).
    'reports.read',
  ],
  technician: [
    'org.read',
    'customers.read',
    'orders.read',
    'orders.execute',
    'parts.read',
    'parts.request',
    'money.collect',
  ],
  parts_clerk: ['org.read', 'parts.read', 'parts.manage', 'orders.read'],
  finance: [
    'org.read',
    'orders.read',
    'finance.manage',
    'money.fees',
    'reports.read',
    'settlement.read',
    'settlement.manage',
    'money.collect',
    'money.reconcile',
  ],
  complaint_handler: [
    'org.read',
    'customers.read',
    'orders.read',
    'complaints.read',
    'complaints.handle',
    'complaints.manage',
    'contacts.create',
  ],
  // Runs the service network: every business right, but not the system's own (roles, settings).
  // Undoing a customer merge repairs data across archives: an administrator's task.
  // Responding to a statement is the outlet's act, not the network manager's.
  manager: ALL_PERMISSIONS.filter(
    (p) =>
      p !== 'roles.manage' && p !== 'settings.manage' && p !== 'customers.merge_undo' && p !== 'settlement.respond',
  ),
  auditor: [...READ_ALL],
};

/** Org unit kinds, top to bottom. */
export const ORG_KINDS = ['hq', 'center', 'outlet'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export const ORG_KIND_NAMES: Record<OrgKind, Text> = {
  hq: { 'zh-CN': '总部', en: 'Headquarters' },
  center: { 'zh-CN': '省级服务中心', en: 'Provincial center' },
  outlet: { 'zh-CN': '特约维修网点', en: 'Repair outlet' },
};
/** Which kind may sit under which: HQ → centers → outlets (DOMAIN.md, People and places). */
export const ALLOWED_PARENT: Record<OrgKind, OrgKind | null> = { hq: null, center: 'hq', outlet: 'center' };

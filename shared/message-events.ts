import type { Text } from './i18n.js';

/*
 * The events that send a message (docs/messages.md): who receives it, what it may say (its
 * variables), which channels carry it, and the default wording. An administrator replaces the
 * wording per channel with effective-dated versions (templates.ts); the variables stay the
 * event's, so a template can only use what the event supplies.
 */

export const MESSAGE_CHANNELS = ['sms', 'wechat', 'email'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

/**
 * 'security': one-time codes the person asked for — sent at night and despite an opt-out;
 * 'service': about the person's own order or case; 'marketing': reminders and offers the
 * company starts — they carry "回复TD退订" and need the customer's consent (the caller checks it).
 */
export type MessageCategory = 'security' | 'service' | 'marketing';

export interface ChannelDefault {
  enabled: boolean;
  subject?: Text;
  body: Text;
}

export interface MessageEventDef {
  label: Text;
  audience: 'customer' | 'staff';
  category: MessageCategory;
  /** Variables the event supplies, with what they are (shown beside the editor). */
  variables: Record<string, Text>;
  /** Variables every template of the event must use. */
  required: string[];
  /** Example values for the preview. */
  sample: Record<string, string>;
  channels: Partial<Record<MessageChannel, ChannelDefault>>;
}

/** Supplied for every message: the company's name and hotline (settings). */
export const COMMON_VARIABLES: Record<string, Text> = {
  company: { 'zh-CN': '公司名称', en: 'Company name' },
  hotline: { 'zh-CN': '服务热线', en: 'Service hotline' },
};

const ORDER = { 'zh-CN': '服务单号', en: 'Order number' };
const sms = (zh: string, en: string, enabled = true): ChannelDefault => ({ enabled, body: { 'zh-CN': zh, en } });
const mail = (subject: Text, zh: string, en: string, enabled = false): ChannelDefault => ({
  enabled,
  subject,
  body: { 'zh-CN': zh, en },
});

/** Staff e-mails repeat the inbox notice: its title, text and a link into Sanbao. */
const staffEvent = (label: Text): MessageEventDef => ({
  label,
  audience: 'staff',
  category: 'service',
  variables: {
    title: { 'zh-CN': '通知标题', en: 'Notice title' },
    body: { 'zh-CN': '通知内容', en: 'Notice text' },
    link: { 'zh-CN': '系统内链接', en: 'Link into Sanbao' },
  },
  required: ['title'],
  sample: {
    title: '服务单SB000123即将超时',
    body: '预约时限将于今天16:00到期。',
    link: 'https://sanbao.example.com/orders/1',
  },
  channels: {
    email: mail(
      { 'zh-CN': '【{{company}}】{{title}}', en: '[{{company}}] {{title}}' },
      '{{title}}\n\n{{body}}\n\n{{#link}}查看：{{link}}{{/link}}',
      '{{title}}\n\n{{body}}\n\n{{#link}}Open: {{link}}{{/link}}',
      true,
    ),
  },
});

export const MESSAGE_EVENTS = {
  'portal.otp': {
    label: { 'zh-CN': '门户验证码', en: 'Portal one-time code' },
    audience: 'customer',
    category: 'security',
    variables: {
      code: { 'zh-CN': '验证码', en: 'Code' },
      minutes: { 'zh-CN': '有效分钟数', en: 'Minutes valid' },
    },
    required: ['code'],
    sample: { code: '382915', minutes: '5' },
    channels: {
      sms: sms(
        '您的验证码是 {{code}}，{{minutes}}分钟内有效，请勿告诉他人。',
        'Your code is {{code}}, valid for {{minutes}} minutes. Do not share it.',
      ),
    },
  },
  'order.accepted': {
    label: { 'zh-CN': '网点已受理', en: 'Order accepted by the outlet' },
    audience: 'customer',
    category: 'service',
    variables: {
      orderCode: ORDER,
      outletName: { 'zh-CN': '网点名称', en: 'Outlet' },
      outletPhone: { 'zh-CN': '网点电话', en: "Outlet's phone" },
      contactBy: { 'zh-CN': '预计联系时间', en: 'Expected contact by' },
    },
    required: ['orderCode'],
    sample: {
      orderCode: 'SB000123',
      outletName: '杭州西湖特约维修站',
      outletPhone: '0571-88886666',
      contactBy: '今天 16:00',
    },
    channels: {
      sms: sms(
        '您的服务单{{orderCode}}已由{{outletName}}受理{{#contactBy}}，服务人员将于{{contactBy}}前与您联系{{/contactBy}}。{{#outletPhone}}网点电话{{outletPhone}}。{{/outletPhone}}',
        'Your order {{orderCode}} was accepted by {{outletName}}{{#contactBy}}; they will contact you by {{contactBy}}{{/contactBy}}.{{#outletPhone}} Phone: {{outletPhone}}.{{/outletPhone}}',
      ),
      wechat: sms('服务单{{orderCode}}已由{{outletName}}受理', 'Order {{orderCode}} accepted by {{outletName}}'),
      email: mail(
        { 'zh-CN': '服务单{{orderCode}}已受理', en: 'Order {{orderCode}} accepted' },
        '您的服务单{{orderCode}}已由{{outletName}}受理{{#contactBy}}，服务人员将于{{contactBy}}前与您联系{{/contactBy}}。{{#outletPhone}}\n网点电话：{{outletPhone}}{{/outletPhone}}',
        'Your order {{orderCode}} was accepted by {{outletName}}{{#contactBy}}; they will contact you by {{contactBy}}{{/contactBy}}.{{#outletPhone}}\nPhone: {{outletPhone}}{{/outletPhone}}',
      ),
    },
  },
  'order.booked': {
    label: { 'zh-CN': '已预约上门', en: 'Visit booked' },
    audience: 'customer',
    category: 'service',
    variables: {
      orderCode: ORDER,
      window: { 'zh-CN': '预约时段', en: 'Time window' },
      technicianName: { 'zh-CN': '工程师姓名', en: "Technician's name" },
      technicianPhone: { 'zh-CN': '工程师电话', en: "Technician's phone" },
    },
    required: ['orderCode', 'window'],
    sample: {
      orderCode: 'SB000123',
      window: '12月8日 14:00–16:00',
      technicianName: '王师傅',
      technicianPhone: '13800138000',
    },
    channels: {
      sms: sms(
        '您的服务单{{orderCode}}已预约{{window}}上门{{#technicianName}}，服务工程师{{technicianName}}{{#technicianPhone}}（{{technicianPhone}}）{{/technicianPhone}}{{/technicianName}}。如需改约请致电{{hotline}}。',
        'Order {{orderCode}}: visit booked for {{window}}{{#technicianName}} with {{technicianName}}{{#technicianPhone}} ({{technicianPhone}}){{/technicianPhone}}{{/technicianName}}. To change it call {{hotline}}.',
      ),
      wechat: sms('服务单{{orderCode}}已预约{{window}}上门', 'Order {{orderCode}}: visit booked for {{window}}'),
      email: mail(
        { 'zh-CN': '服务单{{orderCode}}已预约上门', en: 'Order {{orderCode}}: visit booked' },
        '您的服务单{{orderCode}}已预约{{window}}上门。{{#technicianName}}\n服务工程师：{{technicianName}} {{technicianPhone}}{{/technicianName}}',
        'Order {{orderCode}}: visit booked for {{window}}.{{#technicianName}}\nTechnician: {{technicianName}} {{technicianPhone}}{{/technicianName}}',
      ),
    },
  },
  'order.on_the_way': {
    label: { 'zh-CN': '工程师已出发', en: 'Technician on the way' },
    audience: 'customer',
    category: 'service',
    variables: {
      orderCode: ORDER,
      technicianName: { 'zh-CN': '工程师姓名', en: "Technician's name" },
      technicianPhone: { 'zh-CN': '工程师电话', en: "Technician's phone" },
    },
    required: ['orderCode'],
    sample: { orderCode: 'SB000123', technicianName: '王师傅', technicianPhone: '13800138000' },
    channels: {
      sms: sms(
        '服务工程师{{technicianName}}{{#technicianPhone}}（{{technicianPhone}}）{{/technicianPhone}}已出发前往您处，服务单{{orderCode}}，请保持电话畅通。',
        '{{technicianName}}{{#technicianPhone}} ({{technicianPhone}}){{/technicianPhone}} is on the way for order {{orderCode}}.',
      ),
      wechat: sms(
        '工程师{{technicianName}}已出发，服务单{{orderCode}}',
        '{{technicianName}} is on the way, order {{orderCode}}',
      ),
    },
  },
  'order.completed': {
    label: { 'zh-CN': '服务完工', en: 'Service completed' },
    audience: 'customer',
    category: 'service',
    variables: {
      orderCode: ORDER,
      surveyUrl: { 'zh-CN': '评价链接（有回访时）', en: 'Survey link (when called back)' },
      surveyUntil: { 'zh-CN': '评价截止时间', en: 'Survey open until' },
    },
    required: ['orderCode'],
    sample: {
      orderCode: 'SB000123',
      surveyUrl: 'https://sanbao.example.com/portal/survey/abc',
      surveyUntil: '12月15日 24:00',
    },
    channels: {
      sms: sms(
        '您的服务单{{orderCode}}已完工，感谢您的信任。{{#surveyUrl}}请花1分钟评价本次服务：{{surveyUrl}}（{{surveyUntil}}前有效，仅可提交一次）{{/surveyUrl}}',
        'Order {{orderCode}} is complete. Thank you.{{#surveyUrl}} Please rate our service: {{surveyUrl}} (open until {{surveyUntil}}, once).{{/surveyUrl}}',
      ),
      wechat: sms('服务单{{orderCode}}已完工', 'Order {{orderCode}} is complete'),
      email: mail(
        { 'zh-CN': '服务单{{orderCode}}已完工', en: 'Order {{orderCode}} is complete' },
        '您的服务单{{orderCode}}已完工，感谢您的信任。{{#surveyUrl}}\n请评价本次服务：{{surveyUrl}}（{{surveyUntil}}前有效）{{/surveyUrl}}',
        'Order {{orderCode}} is complete. Thank you.{{#surveyUrl}}\nPlease rate our service: {{surveyUrl}} (open until {{surveyUntil}}){{/surveyUrl}}',
      ),
    },
  },
  'warranty.case_decided': {
    label: { 'zh-CN': '退换货审批结果', en: 'Return/exchange decision' },
    audience: 'customer',
    category: 'service',
    variables: {
      caseCode: { 'zh-CN': '申请编号', en: 'Case number' },
      decision: { 'zh-CN': '结果', en: 'Decision' },
      reason: { 'zh-CN': '理由', en: 'Reason' },
    },
    required: ['caseCode', 'decision'],
    sample: { caseCode: 'RX000045', decision: '同意换货', reason: '' },
    channels: {
      sms: sms(
        '您的退换货申请{{caseCode}}：{{decision}}。{{#reason}}{{reason}}。{{/reason}}如有疑问请致电{{hotline}}。',
        'Your return/exchange request {{caseCode}}: {{decision}}.{{#reason}} {{reason}}.{{/reason}} Questions: {{hotline}}.',
      ),
      wechat: sms('退换货申请{{caseCode}}：{{decision}}', 'Return/exchange {{caseCode}}: {{decision}}'),
      email: mail(
        { 'zh-CN': '退换货申请{{caseCode}}：{{decision}}', en: 'Return/exchange {{caseCode}}: {{decision}}' },
        '您的退换货申请{{caseCode}}：{{decision}}。{{#reason}}\n{{reason}}{{/reason}}',
        'Your return/exchange request {{caseCode}}: {{decision}}.{{#reason}}\n{{reason}}{{/reason}}',
      ),
    },
  },
  'complaint.replied': {
    label: { 'zh-CN': '投诉答复', en: 'Complaint reply' },
    audience: 'customer',
    category: 'service',
    variables: {
      complaintCode: { 'zh-CN': '投诉编号', en: 'Complaint number' },
      reply: { 'zh-CN': '答复内容', en: 'Reply' },
    },
    required: ['complaintCode', 'reply'],
    sample: { complaintCode: 'TS000012', reply: '已安排主管上门复查并赔付上门费。' },
    channels: {
      sms: sms(
        '您的投诉{{complaintCode}}处理答复：{{reply}} 如不满意请致电{{hotline}}。',
        'Reply to your complaint {{complaintCode}}: {{reply}} Not satisfied? Call {{hotline}}.',
      ),
      wechat: sms('投诉{{complaintCode}}已答复：{{reply}}', 'Complaint {{complaintCode}} answered: {{reply}}'),
      email: mail(
        { 'zh-CN': '投诉{{complaintCode}}处理答复', en: 'Reply to complaint {{complaintCode}}' },
        '您的投诉{{complaintCode}}处理答复：\n{{reply}}',
        'Reply to your complaint {{complaintCode}}:\n{{reply}}',
      ),
    },
  },
  'money.receipt': {
    label: { 'zh-CN': '收款回执', en: 'Payment receipt' },
    audience: 'customer',
    category: 'service',
    variables: {
      receiptNo: { 'zh-CN': '收据号', en: 'Receipt number' },
      orderCode: ORDER,
      amount: { 'zh-CN': '金额', en: 'Amount' },
      method: { 'zh-CN': '付款方式', en: 'Method' },
    },
    required: ['receiptNo', 'amount'],
    sample: { receiptNo: 'R20261207-0001', orderCode: 'SB000123', amount: '¥180.00', method: '微信' },
    channels: {
      sms: sms(
        '您的服务单{{orderCode}}已收款{{amount}}（{{method}}），收据号{{receiptNo}}。',
        'Received {{amount}} ({{method}}) for order {{orderCode}}, receipt {{receiptNo}}.',
      ),
      email: mail(
        { 'zh-CN': '收款回执{{receiptNo}}', en: 'Receipt {{receiptNo}}' },
        '您的服务单{{orderCode}}已收款{{amount}}（{{method}}），收据号{{receiptNo}}。',
        'Received {{amount}} ({{method}}) for order {{orderCode}}, receipt {{receiptNo}}.',
      ),
    },
  },
  'care.maintenance': {
    label: { 'zh-CN': '保养提醒', en: 'Maintenance reminder' },
    audience: 'customer',
    category: 'marketing',
    variables: {
      customerName: { 'zh-CN': '客户姓名', en: "Customer's name" },
      model: { 'zh-CN': '型号', en: 'Model' },
      serialNo: { 'zh-CN': '机号', en: 'Serial number' },
      dueOn: { 'zh-CN': '保养日期', en: 'Due on' },
    },
    required: ['dueOn'],
    sample: { customerName: '张先生', model: 'XQG80-1', serialNo: 'A1234567', dueOn: '2026-12-20' },
    channels: {
      sms: sms(
        '尊敬的{{customerName}}：您的{{model}}（{{serialNo}}）应于{{dueOn}}前后进行定期保养，请致电{{hotline}}预约上门。',
        'Your {{model}} ({{serialNo}}) is due for maintenance around {{dueOn}}; call {{hotline}} to book a visit.',
      ),
    },
  },
  'care.warranty_expiry': {
    label: { 'zh-CN': '保修到期提醒', en: 'Warranty expiry reminder' },
    audience: 'customer',
    category: 'marketing',
    variables: {
      customerName: { 'zh-CN': '客户姓名', en: "Customer's name" },
      model: { 'zh-CN': '型号', en: 'Model' },
      serialNo: { 'zh-CN': '机号', en: 'Serial number' },
      dueOn: { 'zh-CN': '保修到期日', en: 'Warranty ends on' },
    },
    required: ['dueOn'],
    sample: { customerName: '张先生', model: 'XQG80-1', serialNo: 'A1234567', dueOn: '2027-01-15' },
    channels: {
      sms: sms(
        '尊敬的{{customerName}}：您的{{model}}（{{serialNo}}）保修将于{{dueOn}}到期，可致电{{hotline}}了解延保服务。',
        'The warranty of your {{model}} ({{serialNo}}) ends on {{dueOn}}; call {{hotline}} about an extended warranty.',
      ),
    },
  },
  'care.announcement': {
    label: { 'zh-CN': '服务公告', en: 'Service announcement' },
    audience: 'customer',
    category: 'marketing',
    variables: {
      title: { 'zh-CN': '标题', en: 'Title' },
      text: { 'zh-CN': '公告内容', en: 'Text' },
      eventOn: { 'zh-CN': '活动日期', en: 'Event date' },
    },
    required: ['text'],
    sample: { title: '春节服务安排', text: '2月10日至2月17日热线照常服务，上门服务顺延。', eventOn: '2027-02-10' },
    channels: { sms: sms('{{text}}', '{{text}}') },
  },
  'recall.outreach': {
    label: { 'zh-CN': '召回通知', en: 'Recall notice' },
    audience: 'customer',
    category: 'service',
    variables: {
      campaign: { 'zh-CN': '活动编号', en: 'Campaign' },
      title: { 'zh-CN': '活动名称', en: 'Campaign title' },
      serialNo: { 'zh-CN': '机号', en: 'Serial number' },
      url: { 'zh-CN': '预约链接', en: 'Booking link' },
    },
    required: ['serialNo'],
    sample: {
      campaign: 'RC2026-01',
      title: '电源板免费更换',
      serialNo: 'A1234567',
      url: 'https://sanbao.example.com/portal/recall/abc',
    },
    channels: {
      sms: sms(
        '您的产品（机号{{serialNo}}）在“{{title}}”（{{campaign}}）范围内，我们将免费上门处理。{{#url}}在线预约：{{url}} 或{{/url}}致电{{hotline}}预约。',
        'Your product ({{serialNo}}) is covered by "{{title}}" ({{campaign}}); we will fix it free of charge.{{#url}} Book: {{url}} or{{/url}} call {{hotline}}.',
      ),
    },
  },
  'sla.warning': staffEvent({ 'zh-CN': '时限预警（员工）', en: 'Time-limit warning (staff)' }),
  'sla.breach': staffEvent({ 'zh-CN': '时限超时（员工）', en: 'Time-limit breach (staff)' }),
  'statement.ready': staffEvent({ 'zh-CN': '结算单待确认（员工）', en: 'Statement ready (staff)' }),
  'parts.shipped': staffEvent({ 'zh-CN': '配件已发货（员工）', en: 'Parts shipped (staff)' }),
  'complaint.assigned': staffEvent({ 'zh-CN': '投诉待处理（员工）', en: 'Complaint to handle (staff)' }),
  // The monthly summary against the targets, as an XLSX attachment, on the 1st (docs/reports.md).
  'report.monthly': staffEvent({ 'zh-CN': '月度汇总报表（员工）', en: 'Monthly summary report (staff)' }),
} satisfies Record<string, MessageEventDef>;

export type MessageEvent = keyof typeof MESSAGE_EVENTS;
export const MESSAGE_EVENT_KEYS = Object.keys(MESSAGE_EVENTS) as MessageEvent[];
/** The staff notices that may also go by e-mail (built with staffEvent above). */
export const STAFF_EVENTS = [
  'sla.warning',
  'sla.breach',
  'statement.ready',
  'parts.shipped',
  'complaint.assigned',
  'report.monthly',
] as const;
export type StaffEvent = (typeof STAFF_EVENTS)[number] & MessageEvent;

export const isMessageEvent = (k: string): k is MessageEvent => k in MESSAGE_EVENTS;
export const eventDef = (k: MessageEvent): MessageEventDef => MESSAGE_EVENTS[k];

/** The variables a template of the event may use: the event's own and the common ones. */
export const knownVariables = (k: MessageEvent): string[] => [
  ...Object.keys(MESSAGE_EVENTS[k].variables),
  ...Object.keys(COMMON_VARIABLES),
];

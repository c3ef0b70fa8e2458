import { fill, type Lang, type Text } from './i18n.js';

/**
 * Every error the API can return, declared once: stable code → HTTP status and zh-CN/en text.
 * Clients switch on `code`, never on the message.
 *
 * The zh-CN/en text is the problem's `detail` and may hold `{placeholders}`. The problem's `title`
 * is the same for every occurrence of a code (RFC 9457 §3.1.3), so a code whose text has
 * placeholders declares a `title` without them; a code without placeholders is its own title.
 */
export const ERRORS = {
  'validation.failed': { status: 400, 'zh-CN': '输入有误，请检查标出的字段', en: 'Some fields are invalid' },
  'request.malformed': {
    status: 400,
    title: { 'zh-CN': '请求格式错误', en: 'Malformed request' },
    'zh-CN': '请求格式错误：{reason}',
    en: 'Malformed request: {reason}',
  },
  'request.unknown_parameter': {
    status: 400,
    title: { 'zh-CN': '未知的查询参数', en: 'Unknown query parameter' },
    'zh-CN': '接口不支持查询参数：{names}（可用的参数：{known}）',
    en: 'Unknown query parameters: {names} (this endpoint takes: {known})',
  },
  'request.too_large': { status: 413, 'zh-CN': '请求内容过大', en: 'Request body is too large' },
  'request.unsupported_media_type': {
    status: 415,
    title: { 'zh-CN': '不支持的内容类型', en: 'Unsupported content type' },
    'zh-CN': '不支持的内容类型：{type}',
    en: 'Unsupported content type: {type}',
  },
  'route.not_found': {
    status: 404,
    title: { 'zh-CN': '接口不存在', en: 'No such endpoint' },
    'zh-CN': '接口不存在：{method} {url}',
    en: 'No such endpoint: {method} {url}',
  },
  'entity.not_found': {
    status: 404,
    title: { 'zh-CN': '记录不存在或无权查看', en: 'Not found or not visible to you' },
    'zh-CN': '{entity}不存在或无权查看',
    en: '{entity} not found or not visible to you',
  },
  'entity.version_conflict': {
    status: 409,
    title: { 'zh-CN': '记录已被他人修改', en: 'The record was changed meanwhile' },
    'zh-CN': '记录已被{by}于{at}修改，请刷新后重试',
    en: 'The record was changed by {by} at {at}; reload and try again',
  },
  'entity.duplicate': {
    status: 409,
    title: { 'zh-CN': '记录已存在', en: 'Already exists' },
    'zh-CN': '{field}“{value}”已存在',
    en: '{field} "{value}" already exists',
  },
  'auth.required': { status: 401, 'zh-CN': '请先登录', en: 'Please sign in' },
  'auth.invalid_credentials': { status: 401, 'zh-CN': '用户名或密码错误', en: 'Wrong username or password' },
  'auth.account_disabled': { status: 403, 'zh-CN': '账号已停用，请联系管理员', en: 'This account is disabled' },
  // Titles carry no placeholders; the wait goes into the detail and params.retryAfter (ISO 8601).
  'auth.locked': {
    status: 429,
    title: {
      'zh-CN': '登录失败次数过多，账号已暂时锁定',
      en: 'Too many failed sign-ins; the account is locked for a while',
    },
    'zh-CN': '登录失败次数过多，账号已暂时锁定，请在{at}（约{minutes}分钟后）再试，或请管理员解锁',
    en: 'Too many failed sign-ins; try again at {at} (in about {minutes} minutes) or ask an administrator to unlock the account',
  },
  'auth.ip_limited': {
    status: 429,
    title: { 'zh-CN': '该网络地址登录失败次数过多', en: 'Too many failed sign-ins from this network address' },
    'zh-CN': '该网络地址登录失败次数过多，请在{at}（约{minutes}分钟后）再试',
    en: 'Too many failed sign-ins from this network address; try again at {at} (in about {minutes} minutes)',
  },
  'auth.csrf': {
    status: 403,
    'zh-CN': '安全校验失败（CSRF），请刷新页面后重试',
    en: 'Security check failed (CSRF); reload the page and try again',
  },
  'auth.forbidden': {
    status: 403,
    title: { 'zh-CN': '没有权限', en: 'Not allowed' },
    'zh-CN': '没有权限：{permission}',
    en: 'Not allowed: {permission}',
  },
  'auth.out_of_scope': {
    status: 403,
    'zh-CN': '该记录不在您的组织范围内',
    en: 'That record is outside your part of the organisation',
  },
  'auth.wrong_password': { status: 400, 'zh-CN': '当前密码不正确', en: 'The current password is wrong' },
  'password.weak': {
    status: 400,
    'zh-CN': '密码至少8位，且须包含字母和数字',
    en: 'Passwords need at least 8 characters with letters and digits',
  },
  'setup.already_done': { status: 409, 'zh-CN': '系统已完成初始化', en: 'Sanbao is already set up' },
  'setup.required': { status: 409, 'zh-CN': '系统尚未初始化', en: 'Sanbao is not set up yet' },
  'org.invalid_parent': {
    status: 400,
    title: { 'zh-CN': '上级组织不合法', en: 'Invalid parent unit' },
    'zh-CN': '上级组织不合法：{reason}',
    en: 'Invalid parent unit: {reason}',
  },
  'org.has_active_children': {
    status: 409,
    'zh-CN': '该组织下仍有启用的下级组织或人员，不能停用',
    en: 'The unit still has active sub-units or people',
  },
  'org.inactive': {
    status: 409,
    title: { 'zh-CN': '组织已停用', en: 'The unit is deactivated' },
    'zh-CN': '组织“{name}”已停用',
    en: 'Unit "{name}" is deactivated',
  },
  'role.unknown': {
    status: 400,
    title: { 'zh-CN': '未知角色', en: 'Unknown role' },
    'zh-CN': '未知角色：{role}',
    en: 'Unknown role: {role}',
  },
  'permission.unknown': {
    status: 400,
    title: { 'zh-CN': '未知权限', en: 'Unknown permission' },
    'zh-CN': '未知权限：{permission}',
    en: 'Unknown permission: {permission}',
  },
  'role.builtin_admin': {
    status: 409,
    title: { 'zh-CN': '管理员角色必须保留该权限', en: 'The admin role must keep this permission' },
    'zh-CN': '管理员角色必须保留权限：{permission}',
    en: 'The admin role must keep {permission}',
  },
  'permission.not_held': {
    status: 403,
    title: { 'zh-CN': '不能授予自己没有的权限', en: 'You cannot grant a permission you do not hold' },
    'zh-CN': '不能授予自己没有的权限：{permission}',
    en: 'You cannot grant a permission you do not hold: {permission}',
  },
  'role.exceeds_own': {
    status: 403,
    title: { 'zh-CN': '不能授予超出自身权限的角色', en: 'You cannot grant a role with more rights than your own' },
    'zh-CN': '不能授予超出自身权限的角色：{role}（{permission}）',
    en: 'You cannot grant a role with more rights than your own: {role} ({permission})',
  },
  'user.self_disable': { status: 409, 'zh-CN': '不能停用自己的账号', en: 'You cannot deactivate your own account' },
  'user.exceeds_own': {
    status: 403,
    title: { 'zh-CN': '不能管理权限超出自身的账号', en: 'You cannot manage an account with more rights than your own' },
    'zh-CN': '不能管理权限超出自身的账号：{role}（{permission}）',
    en: 'You cannot manage an account with more rights than your own: {role} ({permission})',
  },
  'customer.invalid_phone': {
    status: 400,
    title: { 'zh-CN': '电话号码无效', en: 'Invalid phone number' },
    'zh-CN': '电话号码“{value}”无效：请填写手机号、带区号的固定电话或400/800号码',
    en: 'Phone number "{value}" is invalid: give a mobile, a landline with its area code, or a 400/800 number',
  },
  'customer.phone_repeated': {
    status: 400,
    title: { 'zh-CN': '电话号码重复填写', en: 'A phone number is given twice' },
    'zh-CN': '电话号码{number}填写了两次',
    en: 'Phone number {number} is given twice',
  },
  'customer.primary_count': {
    status: 400,
    title: { 'zh-CN': '只能有一个主要项', en: 'Only one may be primary' },
    'zh-CN': '只能有一个主要{what}',
    en: 'Only one {what} may be primary',
  },
  'customer.invalid_division': {
    status: 400,
    title: { 'zh-CN': '地区代码无效', en: 'Invalid division code' },
    'zh-CN': '地区代码“{code}”无效或不属于所选的上级地区（{reason}）',
    en: 'Division code "{code}" is unknown or not within the level above ({reason})',
  },
  'customer.duplicate_phone': {
    status: 409,
    title: { 'zh-CN': '电话号码已登记在其他客户名下', en: 'The phone number belongs to another customer' },
    'zh-CN': '电话号码{number}已登记在客户{customer}名下；确属另一位客户时请确认后再保存',
    en: 'Phone number {number} already belongs to customer {customer}; confirm if this is another customer',
  },
  'customer.merged': {
    status: 409,
    title: { 'zh-CN': '客户已合并', en: 'The customer was merged' },
    'zh-CN': '客户{code}已合并到其他客户，请在合并后的档案中操作',
    en: 'Customer {code} was merged into another record; work on that one',
  },
  'customer.inactive': {
    status: 409,
    title: { 'zh-CN': '客户已停用', en: 'The customer is deactivated' },
    'zh-CN': '客户{code}已停用',
    en: 'Customer {code} is deactivated',
  },
  'customer.merge_self': {
    status: 400,
    'zh-CN': '不能把客户与自身合并',
    en: 'A customer cannot be merged with itself',
  },
  'customer.merge_undone': {
    status: 409,
    title: { 'zh-CN': '该合并已撤销', en: 'The merge was undone' },
    'zh-CN': '该合并已于{at}撤销',
    en: 'That merge was undone at {at}',
  },
  'customer.merge_not_undoable': {
    status: 409,
    title: { 'zh-CN': '无法撤销合并', en: 'The merge cannot be undone' },
    'zh-CN': '无法撤销合并：客户{code}已被合并到其他客户，请先撤销那次合并',
    en: 'Cannot undo the merge: customer {code} has since been merged into another; undo that merge first',
  },
  'customer.address_in_use': {
    status: 409,
    title: { 'zh-CN': '地址正在使用，不能删除', en: 'The address is in use' },
    'zh-CN': '地址“{detail}”已被产品或服务请求使用，不能删除',
    en: 'Address "{detail}" is used by a unit or a service request and cannot be removed',
  },
  'setting.unknown': {
    status: 404,
    title: { 'zh-CN': '未知配置项', en: 'Unknown setting' },
    'zh-CN': '未知配置项：{key}',
    en: 'Unknown setting: {key}',
  },
  'token.invalid_scope': {
    status: 400,
    title: { 'zh-CN': '令牌权限超出您的权限', en: 'Token scope exceeds your permissions' },
    'zh-CN': '令牌权限超出您的权限：{permission}',
    en: 'Token scope exceeds your permissions: {permission}',
  },
  'db.unavailable': { status: 503, 'zh-CN': '数据库暂时不可用', en: 'The database is unavailable' },
  'db.busy': {
    status: 503,
    title: { 'zh-CN': '系统繁忙', en: 'The system is busy' },
    'zh-CN': '系统繁忙，请 {retryAfterSeconds} 秒后重试',
    en: 'The system is busy; try again in {retryAfterSeconds} s',
  },
  'backup.incompatible': {
    status: 400,
    title: { 'zh-CN': '备份文件不兼容', en: 'Incompatible backup file' },
    'zh-CN': '备份文件不兼容：{reason}',
    en: 'Incompatible backup file: {reason}',
  },
  'intake.phone_invalid': {
    status: 400,
    title: { 'zh-CN': '电话号码无法识别', en: 'Unrecognised phone number' },
    'zh-CN': '电话号码“{value}”无法识别，请输入手机、固话或400号码',
    en: 'Phone number "{value}" is not a mainland mobile, landline or 400 number',
  },
  'intake.not_consultation': {
    status: 409,
    title: { 'zh-CN': '只有咨询类来电可以答复或升级', en: 'Only consultations can be answered or escalated' },
    'zh-CN': '只有咨询类来电可以答复或升级（当前：{class}）',
    en: 'Only consultations can be answered or escalated (this is a {class} contact)',
  },
  'intake.contact_closed': {
    status: 409,
    title: { 'zh-CN': '来电记录已处理完毕', en: 'The contact is closed' },
    'zh-CN': '该来电记录已{status}，不能再处理',
    en: 'The contact is already {status}',
  },
  'intake.answer_not_allowed': {
    status: 400,
    'zh-CN': '只有咨询类来电可以当场答复',
    en: 'Only a consultation can be answered on the spot',
  },
  'intake.request_not_cancellable': {
    status: 409,
    title: { 'zh-CN': '服务申请不能取消', en: 'The service request can no longer be cancelled' },
    'zh-CN': '服务申请当前状态为{status}，不能取消',
    en: 'The service request is {status} and can no longer be cancelled',
  },
  'intake.request_not_convertible': {
    status: 409,
    title: { 'zh-CN': '服务申请不能转为服务单', en: 'The service request cannot become an order' },
    'zh-CN': '服务申请当前状态为{status}，不能转为服务单',
    en: 'The service request is {status} and cannot become an order',
  },
  'intake.unit_not_of_customer': {
    status: 400,
    'zh-CN': '该产品不属于所选客户',
    en: 'That unit does not belong to the chosen customer',
  },
  'intake.customer_required': {
    status: 400,
    'zh-CN': '请选择客户或填写新客户信息（二选一）',
    en: 'Give either a customer or a new customer, not both or neither',
  },
  'live.event_stream_only': {
    status: 406,
    'zh-CN': '此接口为事件流，请以 Accept: text/event-stream 访问',
    en: 'This endpoint is an event stream; request it with Accept: text/event-stream',
  },
  'sla.hours_invalid': {
    status: 400,
    title: { 'zh-CN': '工作时间有误', en: 'Invalid working hours' },
    'zh-CN': '工作时间“{field}”有误：时段须开始早于结束且互不重叠',
    en: 'Working hours "{field}" are invalid: each interval must start before it ends and not overlap another',
  },
  'sla.time_zone_invalid': {
    status: 400,
    title: { 'zh-CN': '时区无法识别', en: 'Unknown time zone' },
    'zh-CN': '时区“{value}”无法识别',
    en: 'Unknown time zone "{value}"',
  },
  'sla.no_working_time': {
    status: 400,
    title: { 'zh-CN': '工作日历没有工作时间', en: 'The calendar has no working time' },
    'zh-CN': '工作日历“{field}”没有任何工作时间',
    en: 'Calendar "{field}" has no working time at all',
  },
  'sla.unknown_calendar': {
    status: 400,
    title: { 'zh-CN': '业务日历不存在或已停用', en: 'Unknown or inactive calendar' },
    'zh-CN': '字段“{field}”引用的业务日历“{value}”不存在或已停用',
    en: 'Field "{field}" names calendar "{value}", which does not exist or is inactive',
  },
  'sla.duplicate_milestone': {
    status: 400,
    title: { 'zh-CN': '时限重复', en: 'A milestone appears twice' },
    'zh-CN': '字段“{field}”：时限“{value}”重复',
    en: 'Field "{field}": milestone "{value}" appears twice',
  },
  'sla.effective_before_previous': {
    status: 400,
    title: { 'zh-CN': '生效时间早于上一版本', en: 'Effective before the previous version' },
    'zh-CN': '生效时间“{field}”不能早于上一版本的生效时间 {previous}',
    en: 'Effective time "{field}" cannot be earlier than the previous version\'s ({previous})',
  },
  'warranty.policy_not_found': {
    status: 404,
    title: { 'zh-CN': '保修政策不存在', en: 'No such warranty policy' },
    'zh-CN': '保修政策“{code}”不存在',
    en: 'Warranty policy "{code}" does not exist',
  },
  'warranty.effective_before_previous': {
    status: 400,
    title: { 'zh-CN': '生效日期早于上一版本', en: 'Effective before the previous version' },
    'zh-CN': '字段“effectiveFrom”：生效日期不能早于上一版本的生效日期 {date}',
    en: 'Field "effectiveFrom": the effective date cannot be earlier than the previous version\'s ({date})',
  },
  'warranty.contract_dates': {
    status: 400,
    'zh-CN': '字段“endsOn”：结束日期不能早于开始日期“startsOn”',
    en: 'Field "endsOn": the end date cannot be before "startsOn"',
  },
  'warranty.contract_term': {
    status: 400,
    'zh-CN': '字段“months”：请只填写期限（月）或结束日期“endsOn”其中之一',
    en: 'Field "months": give either the term in months or the end date "endsOn", not both',
  },
  'warranty.contract_target': {
    status: 400,
    'zh-CN': '字段“unitId”或“customerId”：请指定产品或客户',
    en: 'Field "unitId" or "customerId": name a unit or a customer',
  },
  'warranty.unit_not_active': {
    status: 409,
    title: { 'zh-CN': '产品当前状态不能办理退换货', en: "No return or exchange in the unit's current status" },
    'zh-CN': '字段“unitId”：产品状态为“{status}”，不能办理退换货',
    en: 'Field "unitId": the unit is {status}; no return or exchange is possible',
  },
  'warranty.case_open_exists': {
    status: 409,
    title: { 'zh-CN': '该产品已有进行中的退换货单', en: 'The unit already has an open return/exchange case' },
    'zh-CN': '字段“unitId”：该产品已有进行中的退换货单 {code}',
    en: 'Field "unitId": the unit already has an open return/exchange case {code}',
  },
  'warranty.case_transition': {
    status: 409,
    title: { 'zh-CN': '退换货单当前状态不允许此操作', en: "Not possible in the case's current state" },
    'zh-CN': '退换货单当前状态为“{state}”，不能执行“{action}”',
    en: 'The case is {state}; "{action}" is not possible now',
  },
  'warranty.hq_approval_required': {
    status: 403,
    title: { 'zh-CN': '须由总部审批', en: 'HQ must approve' },
    'zh-CN': '金额超过{threshold}元，须由总部审批',
    en: 'Above {threshold} yuan, HQ must approve',
  },
  'warranty.exchange_serial_required': {
    status: 400,
    'zh-CN': '字段“newSerialNo”：换货须填写新机条码',
    en: 'Field "newSerialNo": an exchange needs the new unit\'s serial number',
  },
  'warranty.refund_exceeds_price': {
    status: 400,
    title: { 'zh-CN': '退款金额超过购买价格', en: 'The refund exceeds the price' },
    'zh-CN': '字段“refundFen”：退款金额不能超过购买价格 {price} 元',
    en: 'Field "refundFen": the refund cannot exceed the price of {price} yuan',
  },
  'warranty.appraisal_conclusion': {
    status: 409,
    title: { 'zh-CN': '鉴定结论不支持退换货', en: 'The appraisal does not support a return or exchange' },
    'zh-CN': '字段“conclusion”：鉴定结论为“{conclusion}”，不能批准退换货，请驳回',
    en: 'Field "conclusion": the appraisal concluded "{conclusion}"; reject the case instead',
  },
  'warranty.photo_unknown': {
    status: 400,
    'zh-CN': '字段“photoIds”：照片不存在或不是本退换货单上传的',
    en: 'Field "photoIds": a photo is unknown or was not uploaded to this case',
  },
  'order.transition_forbidden': {
    status: 409,
    title: { 'zh-CN': '服务单当前状态不允许此操作', en: "Not possible in the order's current state" },
    'zh-CN': '服务单当前状态为“{state}”，不能执行“{action}”',
    en: 'The order is {state}; "{action}" is not possible now',
  },
  'order.not_holder': {
    status: 403,
    title: { 'zh-CN': '只有当前持有服务单的单位才能操作', en: 'Only the unit holding the order may do this' },
    'zh-CN': '只有当前持有服务单的单位才能执行“{action}”',
    en: 'Only the unit holding the order may {action} it',
  },
  'order.not_assigned': {
    status: 403,
    'zh-CN': '只有被指派的工程师才能执行此操作（technicianId）',
    en: 'Only the technician assigned to the order (technicianId) may do this',
  },
  'order.certification_missing': {
    status: 400,
    'zh-CN': '该工程师没有此产品线的有效资质，不能派工（technicianId）',
    en: "The technician (technicianId) holds no valid certification for the order's product line",
  },
  'order.dispatch_target_invalid': {
    status: 400,
    title: { 'zh-CN': '派工目标单位不合法', en: 'Invalid dispatch target' },
    'zh-CN': '派工目标单位不合法（toUnitId）：{reason}',
    en: 'The dispatch target (toUnitId) is invalid: {reason}',
  },
  'order.technician_not_of_outlet': {
    status: 400,
    'zh-CN': '该人员不是持单网点的在职工程师（technicianId）',
    en: 'The person (technicianId) is not an active technician of the holding outlet',
  },
  'order.override_reason_required': {
    status: 400,
    'zh-CN': '派工对象与系统建议不同，请填写原因（overrideReason）',
    en: 'The target differs from the suggestion; give a reason (overrideReason)',
  },
  'order.approval_required': {
    status: 409,
    title: { 'zh-CN': '应急处理须先经经理审批', en: "The emergency measure needs a manager's approval" },
    'zh-CN': '应急处理“{kind}”须先经经理审批（orders.approve）',
    en: 'The emergency measure "{kind}" needs a manager\'s approval first (orders.approve)',
  },
  'order.service_type_mismatch': {
    status: 409,
    title: { 'zh-CN': '该服务类型的服务单不能执行此操作', en: 'Not possible for this type of order' },
    'zh-CN': '服务类型为“{serviceType}”的服务单不能执行“{action}”',
    en: 'A {serviceType} order cannot {action}',
  },
  'order.booking_window_invalid': {
    status: 400,
    'zh-CN': '预约结束时间须晚于开始时间（to）',
    en: 'The appointment must end after it starts (to)',
  },
  'order.address_unchanged': {
    status: 400,
    'zh-CN': '所选地址就是服务单当前的服务地址（addressId）',
    en: 'The chosen address is already the order’s service address (addressId)',
  },
  'order.already_reopened': {
    status: 409,
    'zh-CN': '该服务单已重开过，请处理其返修单',
    en: 'The order was already reopened; work on its repeat-visit order',
  },
  'order.label_taken': {
    status: 409,
    title: { 'zh-CN': '标签已用于另一台在修产品', en: 'The label is already in use' },
    'zh-CN': '标签“{label}”已用于另一台在修产品（label）',
    en: 'Label "{label}" is already on another unit in custody (label)',
  },
  'order.customer_required': {
    status: 400,
    'zh-CN': '请给出服务申请（serviceRequestId）或客户（customerId）',
    en: 'Give a service request (serviceRequestId) or a customer (customerId)',
  },
  'order.fault_required': {
    status: 400,
    'zh-CN': '请填写故障描述（faultDescription）',
    en: 'Describe the fault (faultDescription)',
  },
  'order.photo_unknown': {
    status: 400,
    'zh-CN': '照片不存在或不属于该服务申请（photoIds）',
    en: 'A photo (photoIds) is unknown or not of this request',
  },
  'order.reported_in_future': {
    status: 400,
    'zh-CN': '报修时间不能晚于现在，转单时不能晚于服务申请的登记时间（reportedAt）',
    en: 'The report time cannot be later than now, or than its service request was logged (reportedAt)',
  },
  'order.backdate_reason_required': {
    status: 400,
    'zh-CN': '报修时间早于录入时间，请填写补录原因（backdateReason）',
    en: 'The report time is earlier than its entry; give the reason for backdating it (backdateReason)',
  },
  'order.backdate_beyond_window': {
    status: 403,
    'zh-CN': '报修时间早于录入时间超过允许的补录时限，需要“补录超时限报修时间”权限（reportedAt）',
    en: 'The report time is earlier than the backdating window allows; backdating further needs a permission (reportedAt)',
  },
  // Old-part returns (docs/parts-returns.md): an outlet ships its own due returns; the center receives and appraises.
  'returns.already_shipped': {
    status: 409,
    title: { 'zh-CN': '旧件已寄回', en: 'The old part was already sent back' },
    'zh-CN': '字段“{field}”：服务单{order}的旧件{part}已在返还批次{batch}中寄回',
    en: 'Field "{field}": the old part {part} of order {order} was already sent back in batch {batch}',
  },
  'returns.already_appraised': {
    status: 409,
    title: { 'zh-CN': '旧件已鉴定', en: 'The old part was already appraised' },
    'zh-CN': '字段“{field}”：服务单{order}的旧件{part}已鉴定为“{outcome}”，不能再寄回',
    en: 'Field "{field}": the old part {part} of order {order} was already appraised ({outcome}); it cannot be shipped',
  },
  'returns.mixed_outlets': {
    status: 400,
    title: { 'zh-CN': '一个批次只能包含一个网点的旧件', en: 'A batch holds the returns of one outlet' },
    'zh-CN': '字段“{field}”：该旧件属于另一网点，一个返还批次只能包含同一网点的旧件',
    en: 'Field "{field}": this old part belongs to another outlet; a return batch holds the returns of one outlet only',
  },
  'returns.duplicate_line': {
    status: 400,
    title: { 'zh-CN': '旧件重复', en: 'An old part appears twice' },
    'zh-CN': '字段“{field}”：同一旧件重复选择',
    en: 'Field "{field}": the same old part is chosen twice',
  },
  'returns.batch_received': {
    status: 409,
    title: { 'zh-CN': '返还批次已签收', en: 'The return batch was already received' },
    'zh-CN': '返还批次{batch}已于{at}签收',
    en: 'Return batch {batch} was already received at {at}',
  },
  'returns.center_only': {
    status: 403,
    title: { 'zh-CN': '旧件由上级服务中心签收和鉴定', en: 'Old parts are received and appraised above the outlet' },
    'zh-CN': '网点不能签收或鉴定自己寄回的旧件，请由上级服务中心办理',
    en: 'An outlet cannot receive or appraise the old parts it sent back; the service center above it does',
  },
  'returns.not_received': {
    status: 409,
    title: { 'zh-CN': '旧件尚未签收', en: 'The old part has not been received' },
    'zh-CN': '字段“outcome”：旧件尚未签收，只能鉴定为“未返还”',
    en: 'Field "outcome": the old part has not been received; it can only be appraised as missing',
  },
  'idempotency.key_reused': {
    status: 422,
    'zh-CN': '该幂等键已用于内容不同的请求，新请求请使用新的键（请求头 Idempotency-Key）',
    en: 'This idempotency key was used for a different request; send a new key with a new request (header Idempotency-Key)',
  },
  'order.not_urgeable': {
    status: 409,
    title: { 'zh-CN': '服务单不能催单', en: 'The order cannot be urged' },
    'zh-CN': '服务单已{state}，不能催单',
    en: 'The order is {state} and cannot be urged',
  },
  'portal.rate_limited': {
    status: 429,
    title: { 'zh-CN': '操作过于频繁', en: 'Too many requests' },
    'zh-CN': '操作过于频繁，请在{seconds}秒后再试',
    en: 'Too many requests; try again in {seconds} seconds',
  },
  'portal.otp_invalid': {
    status: 400,
    'zh-CN': '验证码错误或已失效，请重新获取',
    en: 'The verification code is wrong or no longer valid; request a new one',
  },
  'portal.otp_attempts': {
    status: 429,
    'zh-CN': '验证码输错次数过多，请重新获取',
    en: 'Too many wrong codes; request a new one',
  },
  'portal.file_too_large': {
    status: 413,
    title: { 'zh-CN': '文件过大', en: 'File too large' },
    'zh-CN': '文件“{field}”超过{maxMb}MB',
    en: 'File "{field}" is larger than {maxMb} MB',
  },
  'portal.file_type': {
    status: 415,
    title: { 'zh-CN': '不支持的图片格式', en: 'Unsupported image type' },
    'zh-CN': '文件“{field}”不是支持的图片（JPEG、PNG、WebP、HEIC）',
    en: 'File "{field}" is not a supported image (JPEG, PNG, WebP, HEIC)',
  },
  'portal.too_many_files': {
    status: 413,
    title: { 'zh-CN': '照片数量超过上限', en: 'Too many photos' },
    'zh-CN': '最多上传{max}张照片',
    en: 'At most {max} photos can be attached',
  },
  'catalog.unknown_model': { status: 400, 'zh-CN': '产品型号不存在', en: 'No such product model' },
  'catalog.unknown_line': { status: 400, 'zh-CN': '产品线不存在', en: 'No such product line' },
  'catalog.unknown_part': { status: 400, 'zh-CN': '配件不存在', en: 'No such part' },
  'catalog.duplicate_part': {
    status: 400,
    'zh-CN': '配件清单中重复出现该配件',
    en: 'The part appears twice in the parts list',
  },
  'catalog.inactive_part': {
    status: 400,
    'zh-CN': '配件已停用，不能加入配件清单',
    en: 'A deactivated part cannot be added to a parts list',
  },
  'catalog.inactive': {
    status: 409,
    title: { 'zh-CN': '已停用', en: 'Deactivated' },
    'zh-CN': '“{name}”已停用',
    en: '"{name}" is deactivated',
  },
  'catalog.line_has_active_models': {
    status: 409,
    title: { 'zh-CN': '产品线下仍有启用的型号', en: 'The product line still has active models' },
    'zh-CN': '该产品线下仍有{count}个启用的型号，不能停用',
    en: 'The product line still has {count} active models',
  },
  'unit.invalid_serial': {
    status: 400,
    'zh-CN': '序列号只能包含字母、数字和 . _ / -',
    en: 'Serial numbers may hold letters, digits and . _ / - only',
  },
  'unit.duplicate_serial': {
    status: 409,
    title: { 'zh-CN': '序列号已存在', en: 'The serial number already exists' },
    'zh-CN': '型号{model}下已有序列号{serial}的产品',
    en: 'Model {model} already has a unit with serial {serial}',
  },
  'unit.usage_not_allowed': {
    status: 400,
    title: { 'zh-CN': '该型号不能按此用途登记', en: 'The model is not sold for this use' },
    'zh-CN': '型号{model}不能按“{usage}”用途登记（允许：{allowed}）',
    en: 'Model {model} is not sold for {usage} use (allowed: {allowed})',
  },
  'unit.date_in_future': { status: 400, 'zh-CN': '日期不能晚于今天', en: 'The date cannot be in the future' },
  'unit.date_order': {
    status: 400,
    'zh-CN': '日期先后顺序不对：发票日期不早于购买日期，安装不早于购买，验收不早于安装',
    en: 'Dates out of order: invoice and installation on or after purchase, acceptance on or after installation',
  },
  'unit.customer_inactive': { status: 409, 'zh-CN': '客户已停用或已合并', en: 'The customer is deactivated or merged' },
  'unit.address_not_of_customer': {
    status: 400,
    'zh-CN': '该地址不属于此客户',
    en: 'The address does not belong to this customer',
  },
  'unit.status_transition': {
    status: 409,
    title: { 'zh-CN': '产品状态不能这样改变', en: 'Unit status change not allowed' },
    'zh-CN': '产品状态不能从“{from}”改为“{to}”',
    en: 'A unit cannot go from {from} to {to}',
  },
  'unit.replace_via_exchange': {
    status: 409,
    'zh-CN': '换机请使用“换机”操作，以便登记新机',
    en: 'Use the replace action, which registers the new unit',
  },
  'import.file_missing': { status: 400, 'zh-CN': '请上传文件（字段 file）', en: 'Attach the file (field "file")' },
  'import.file_too_large': {
    status: 413,
    title: { 'zh-CN': '导入文件过大', en: 'Import file too large' },
    'zh-CN': '导入文件“{field}”超过{maxMb}MB',
    en: 'Import file "{field}" is larger than {maxMb} MB',
  },
  'import.file_type': {
    status: 415,
    title: { 'zh-CN': '导入文件格式不支持', en: 'Unsupported import file type' },
    'zh-CN': '文件“{field}”不是 XLSX 或 CSV（UTF-8 或 GBK 编码）',
    en: 'File "{field}" is neither XLSX nor CSV (UTF-8 or GBK)',
  },
  'import.too_many_rows': {
    status: 413,
    title: { 'zh-CN': '导入行数超过上限', en: 'Too many rows to import' },
    'zh-CN': '文件有{count}行，一次最多导入{max}行，请拆分后再导入',
    en: 'The file has {count} rows; at most {max} can be imported at once, so split it',
  },
  'import.mapping_invalid': {
    status: 400,
    title: { 'zh-CN': '列对应关系有误', en: 'Invalid column mapping' },
    'zh-CN': '列对应关系有误：“{column}”对应的字段“{field}”不存在',
    en: 'Column mapping is invalid: "{column}" maps to unknown field "{field}"',
  },
  'import.changed_meanwhile': {
    status: 409,
    title: { 'zh-CN': '导入期间数据已被修改', en: 'Records changed while importing' },
    'zh-CN': '导入期间“{value}”已被另一导入或编辑建档，未导入任何数据；请重新导入（已有记录会被更新，不会重复建档）',
    en: '"{value}" was added by another import or edit while this one ran; nothing was imported. Import again (existing records are updated, never duplicated)',
  },
  'import.rows_invalid': {
    status: 422,
    title: { 'zh-CN': '导入数据有误', en: 'The import has errors' },
    'zh-CN': '{count}处数据有误，未导入任何数据；请按报告修正后重新导入',
    en: '{count} problems found; nothing was imported. Fix them as reported and import again',
  },
  'import.required': {
    status: 400,
    title: { 'zh-CN': '必填项为空', en: 'A required value is missing' },
    'zh-CN': '“{field}”必填',
    en: '"{field}" is required',
  },
  'import.invalid_value': {
    status: 400,
    title: { 'zh-CN': '取值无效', en: 'Invalid value' },
    'zh-CN': '“{field}”的值“{value}”无效',
    en: 'Value "{value}" of "{field}" is invalid',
  },
  'import.invalid_date': {
    status: 400,
    title: { 'zh-CN': '日期无效', en: 'Invalid date' },
    'zh-CN': '日期“{value}”无效，请用 2024-05-01 的格式',
    en: 'Date "{value}" is invalid; write it as 2024-05-01',
  },
  'import.unknown_division': {
    status: 400,
    title: { 'zh-CN': '地区不存在', en: 'Unknown division' },
    'zh-CN': '地区“{value}”不存在或不属于上一级地区',
    en: 'Division "{value}" is unknown or not within the level above',
  },
  'import.unknown_model': {
    status: 400,
    title: { 'zh-CN': '产品型号不存在', en: 'Unknown product model' },
    'zh-CN': '产品型号“{value}”不存在',
    en: 'No product model "{value}"',
  },
  'import.serial_repeated': {
    status: 400,
    title: { 'zh-CN': '文件中序列号重复', en: 'The serial number repeats in the file' },
    'zh-CN': '型号{model}的序列号{serial}在文件第{other}行已出现',
    en: 'Serial {serial} of model {model} already appears in row {other} of the file',
  },
  'import.serial_taken': {
    status: 409,
    title: { 'zh-CN': '序列号已登记在其他客户名下', en: 'The serial number belongs to another customer' },
    'zh-CN': '型号{model}的序列号{serial}已登记在其他客户名下',
    en: 'Serial {serial} of model {model} is registered to another customer',
  },
  'import.phone_conflict': {
    status: 409,
    title: {
      'zh-CN': '电话号码在文件中属于另一位客户',
      en: 'The phone number belongs to another customer in the file',
    },
    'zh-CN': '电话{number}在文件第{other}行属于另一位客户“{name}”',
    en: 'Phone {number} belongs to another customer ("{name}") in row {other} of the file',
  },
  'import.owner_unknown': {
    status: 400,
    title: { 'zh-CN': '没有该电话号码的客户', en: 'No customer has this phone number' },
    'zh-CN': '没有电话为{number}的客户；请填写客户姓名以新建客户',
    en: 'No customer has phone {number}; give the customer name to create one',
  },
  'import.out_of_scope': {
    status: 403,
    'zh-CN': '该客户不在您的组织范围内',
    en: 'That customer is outside your part of the organisation',
  },
  'import.customer_unavailable': {
    status: 409,
    title: { 'zh-CN': '客户已停用或已合并', en: 'The customer is deactivated or merged' },
    'zh-CN': '电话{number}所属的客户已停用或已合并',
    en: 'The customer with phone {number} is deactivated or merged',
  },
  'export.too_many_rows': {
    status: 413,
    title: { 'zh-CN': '导出记录过多', en: 'Too many records to export' },
    'zh-CN': '符合条件的记录超过{max}条，请缩小筛选范围后再导出',
    en: 'More than {max} records match; narrow the filter and export again',
  },
  // Parts stock ledger (docs/parts.md): stock never goes negative; serials move with their parts.
  'stock.insufficient': {
    status: 409,
    title: { 'zh-CN': '库存不足', en: 'Not enough stock' },
    'zh-CN': '配件{part}在{depot}的可用数量为{available}，不足{asked}',
    en: 'Only {available} of part {part} available at {depot}; {asked} asked',
  },
  'stock.serial_not_here': {
    status: 409,
    title: { 'zh-CN': '序列号不在该库', en: 'The serial is not in that depot' },
    'zh-CN': '配件{part}的序列号{serial}不在{depot}（或状态不符）',
    en: 'Serial {serial} of part {part} is not in {depot} (or not in the state this movement needs)',
  },
  'stock.serial_in_use': {
    status: 409,
    title: { 'zh-CN': '序列号已在库', en: 'The serial is already held' },
    'zh-CN': '配件{part}的序列号{serial}已在库、在途或已发出，不能再入库',
    en: 'Serial {serial} of part {part} is already in stock, in transit or issued; it cannot come in again',
  },
  'stock.serials_count': {
    status: 400,
    title: { 'zh-CN': '序列号数量不符', en: 'Wrong number of serials' },
    'zh-CN': '配件{part}按序列号管理：数量{quantity}须对应{quantity}个不同的序列号（现有{given}个）',
    en: 'Part {part} is serial-tracked: a quantity of {quantity} needs {quantity} distinct serials ({given} given)',
  },
  'stock.serials_not_tracked': {
    status: 400,
    title: { 'zh-CN': '该配件不按序列号管理', en: 'The part is not serial-tracked' },
    'zh-CN': '配件{part}不按序列号管理，不能填写序列号',
    en: 'Part {part} is not serial-tracked; give no serials',
  },
  'stock.not_issued': {
    status: 409,
    title: { 'zh-CN': '超出已发料数量', en: 'More than was issued' },
    'zh-CN': '服务单在{depot}领用的配件{part}尚余{issued}，不足{asked}',
    en: 'The order holds {issued} of part {part} issued from {depot}; {asked} asked',
  },
  'stock.order_required': { status: 400, 'zh-CN': '该类出入库须关联服务单', en: 'This movement needs a work order' },
  'stock.destination_required': {
    status: 400,
    'zh-CN': '调拨须指定另一个收货库',
    en: 'A transfer needs a destination depot other than the source',
  },
  'stock.depot_inactive': {
    status: 409,
    title: { 'zh-CN': '库已停用', en: 'The depot is deactivated' },
    'zh-CN': '库“{depot}”已停用',
    en: 'Depot "{depot}" is deactivated',
  },
  'stock.tracking_locked': {
    status: 409,
    title: { 'zh-CN': '有库存时不能更改序列号管理方式', en: 'Serial tracking cannot change while stock is held' },
    'zh-CN': '配件{part}仍有库存或在途（{held}），不能更改是否按序列号管理',
    en: 'Part {part} still has stock or stock in transit ({held}); serial tracking cannot change',
  },
  'stock.bad_quantity': {
    status: 400,
    'zh-CN': '数量须为正整数（盘点调整可为负，但不能为0）',
    en: 'The quantity must be a positive whole number (a stocktake adjustment may be negative, never 0)',
  },
  // Parts requests (docs/parts-requests.md).
  'part_request.part_not_in_model': {
    status: 400,
    title: { 'zh-CN': '配件不在该机型的配件清单中', en: "The part is not in the model's parts list" },
    'zh-CN': '配件{part}不在服务单机型的配件清单中',
    en: "Part {part} is not in the parts list of the order's model",
  },
  'part_request.order_closed': {
    status: 409,
    title: { 'zh-CN': '服务单已结束', en: 'The order is no longer open' },
    'zh-CN': '服务单{order}已结束（{state}），不能申请配件',
    en: 'Order {order} is no longer open ({state}); parts cannot be requested for it',
  },
  'part_request.wrong_status': {
    status: 409,
    title: { 'zh-CN': '申请状态不允许此操作', en: 'Not possible in the request’s status' },
    'zh-CN': '配件申请{code}当前为“{status}”，不能{action}',
    en: 'Parts request {code} is {status}; it cannot be {action}',
  },
  'part_request.fulfil_refused': {
    status: 409,
    title: { 'zh-CN': '无法从所选仓库发货', en: 'Cannot ship from the chosen depot' },
    'zh-CN': '配件{part}：{reason}',
    en: 'Part {part}: {reasonEn}',
  },
  'part_request.nothing_to_ship': {
    status: 409,
    title: { 'zh-CN': '没有待发的配件', en: 'Nothing left to ship' },
    'zh-CN': '配件申请{code}没有待从该库发出的配件',
    en: 'Parts request {code} has nothing left to ship from that depot',
  },
  'part_request.too_many': {
    status: 400,
    title: { 'zh-CN': '数量超出', en: 'Quantity too large' },
    'zh-CN': '配件{part}最多{max}件',
    en: 'At most {max} of part {part}',
  },
  'part_shipment.already_received': {
    status: 409,
    title: { 'zh-CN': '发货单已收货', en: 'The shipment was already received' },
    'zh-CN': '发货单{code}已于{at}收货',
    en: 'Shipment {code} was received at {at}',
  },
  'part_route.not_shipping_depot': {
    status: 400,
    title: { 'zh-CN': '该库不发货', en: 'That depot does not ship' },
    'zh-CN': '库{depot}不是总部或服务中心的库，不向网点发货，不能设承诺到货天数',
    en: 'Depot {depot} is not an HQ or center depot: it ships to no outlet, so it has no promised days',
  },
  // Fee schedules (docs/money.md, "Stored schedules").
  'fee_rule.ended': {
    status: 409,
    title: { 'zh-CN': '收费标准已截止', en: 'The fee rule has ended' },
    'zh-CN': '收费标准「{label}」已设截止日{effectiveTo}，不能再变更或截止；请新增一条标准',
    en: 'Fee rule "{label}" already ends on {effectiveTo}: it cannot be changed or ended again; add a new rule',
  },
  'fee_rule.end_before_start': {
    status: 400,
    title: { 'zh-CN': '截止日早于生效日', en: 'The last day is before the first' },
    'zh-CN': '收费标准「{label}」自{effectiveFrom}起生效，截止日{effectiveTo}不能早于生效日',
    en: 'Fee rule "{label}" is in force from {effectiveFrom}: its last day {effectiveTo} cannot be before that',
  },
  'fee_rule.other_item': {
    status: 400,
    title: { 'zh-CN': '变更不能改收费项目', en: 'A change keeps the fee item' },
    'zh-CN': '收费标准「{label}」属于{schedule}/{item}，变更后的标准须属于同一收费项目',
    en: 'Fee rule "{label}" is {schedule}/{item}: the changed rule must be of the same item',
  },
  'fee_rule.unknown_line': {
    status: 400,
    title: { 'zh-CN': '产品线不存在', en: 'No such product line' },
    'zh-CN': '产品线{productLineId}不存在',
    en: 'Product line {productLineId} does not exist',
  },
  // Settlement statements (docs/money-statements.md).
  'statement.not_draft': {
    status: 409,
    title: { 'zh-CN': '结算单已不是草稿', en: 'The statement is no longer a draft' },
    'zh-CN': '结算单{code}当前为“{stateZh}”，只有草稿可以重算或发送',
    en: 'Statement {code} is {state}: only a draft can be recomputed or sent',
  },
  'statement.locked': {
    status: 409,
    title: { 'zh-CN': '结算单已锁定', en: 'The statement is locked' },
    'zh-CN': '结算单{code}已锁定，不能再修改；更正请作为下月调整录入',
    en: 'Statement {code} is locked and cannot change; enter a correction as an adjustment to next month',
  },
  'statement.not_locked': {
    status: 409,
    title: { 'zh-CN': '结算单尚未锁定', en: 'The statement is not locked' },
    'zh-CN': '结算单{code}当前为“{stateZh}”，只有锁定后的结算单才能录入下月调整',
    en: 'Statement {code} is {state}: adjustments are entered for locked statements only',
  },
  'statement.wrong_state': {
    status: 409,
    title: { 'zh-CN': '结算单状态不允许此操作', en: 'Not possible in the statement’s state' },
    'zh-CN': '结算单{code}当前为“{stateZh}”，不能{actionZh}',
    en: 'Statement {code} is {state}; it cannot be {action}',
  },
  'statement.respond_window_closed': {
    status: 409,
    title: { 'zh-CN': '确认/异议期限已过', en: 'The response period has ended' },
    'zh-CN': '结算单{code}的确认/异议期限为{respondBy}，已过期',
    en: 'Statement {code} could be accepted or disputed until {respondBy}; that day has passed',
  },
  'statement.open_disputes': {
    status: 409,
    title: { 'zh-CN': '还有未裁决的异议', en: 'Some disputes are still open' },
    'zh-CN': '结算单{code}还有{open}条异议未裁决',
    en: 'Statement {code} still has {open} open disputes',
  },
  'statement.line_already_disputed': {
    status: 409,
    title: { 'zh-CN': '该行已提出过异议', en: 'The line was already disputed' },
    'zh-CN': '结算单{code}第{seq}行已提出过异议，每行只能异议一次',
    en: 'Line {seq} of statement {code} was already disputed; a line can be disputed once',
  },
  'statement.line_not_disputed': {
    status: 409,
    title: { 'zh-CN': '该行没有待裁决的异议', en: 'The line has no open dispute' },
    'zh-CN': '结算单{code}第{seq}行没有待裁决的异议',
    en: 'Line {seq} of statement {code} has no open dispute',
  },
  'statement.line_not_disputable': {
    status: 400,
    title: { 'zh-CN': '该行不能异议', en: 'The line cannot be disputed' },
    'zh-CN': '结算单{code}第{seq}行是裁决产生的更正行，不能再异议',
    en: 'Line {seq} of statement {code} is a correction made by a resolution and cannot be disputed',
  },
  'statement.not_yet_lockable': {
    status: 409,
    title: { 'zh-CN': '结算单还不能锁定', en: 'The statement cannot be locked yet' },
    'zh-CN': '结算单{code}尚未确认，确认/异议期限{respondBy}也未过，不能锁定',
    en: 'Statement {code} is not accepted and its response period (until {respondBy}) has not ended: it cannot be locked yet',
  },
  'statement.future_month': {
    status: 400,
    title: { 'zh-CN': '不能编制未来月份的结算单', en: 'A future month cannot be drafted' },
    'zh-CN': '{month}尚未开始，只能编制本月或以前月份的结算单',
    en: '{month} has not started: only the current or a past month can be drafted',
  },
  'statement.not_settled_unit': {
    status: 400,
    title: { 'zh-CN': '该单位不出结算单', en: 'The unit has no statements' },
    'zh-CN': '{unit}不是网点或省级服务中心，不出结算单',
    en: '{unit} is not an outlet or a provincial center: it has no statements',
  },
  // Paid work (docs/money-collection.md): quotes, collections, invoice requests, cash hand-overs.
  'quote.in_warranty': {
    status: 409,
    title: { 'zh-CN': '保修范围内的服务单不能报价', en: 'An order in warranty is not quoted' },
    'zh-CN': '服务单{code}在保修范围内，不向客户收费：{reason}',
    en: 'Order {code} is in warranty, the customer pays nothing: {reason}',
  },
  'quote.order_state': {
    status: 409,
    title: { 'zh-CN': '服务单状态不允许报价', en: 'The order’s state allows no quote' },
    'zh-CN': '服务单{code}状态为{state}，只能在上门或维修中报价',
    en: 'Order {code} is {state}: a quote is given on site or in repair only',
  },
  'quote.already_agreed': {
    status: 409,
    title: { 'zh-CN': '报价已确认', en: 'The quote was already agreed' },
    'zh-CN': '服务单{code}的报价已于{at}由客户签字确认，不能重新报价',
    en: 'The quote of order {code} was signed by the customer at {at}; it cannot be quoted again',
  },
  'quote.already_refused': {
    status: 409,
    title: { 'zh-CN': '报价已被拒绝', en: 'The quote was refused' },
    'zh-CN': '客户已于{at}拒绝服务单{code}的报价，本次上门已结束',
    en: 'The customer refused the quote of order {code} at {at}: the visit has ended',
  },
  'quote.incomplete': {
    status: 422,
    title: { 'zh-CN': '报价不完整', en: 'The quote is incomplete' },
    'zh-CN': '无法报价：{missing}',
    en: 'Cannot quote: {missing}',
  },
  'quote.unknown_part': {
    status: 400,
    title: { 'zh-CN': '配件不存在', en: 'No such part' },
    'zh-CN': '配件{partId}不存在',
    en: 'Part {partId} does not exist',
  },
  'quote.wrong_state': {
    status: 409,
    title: { 'zh-CN': '报价状态不允许此操作', en: 'Not possible in the quote’s state' },
    'zh-CN': '报价已是{state}状态，不能再确认或拒绝',
    en: 'The quote is already {state}: it cannot be agreed or refused again',
  },
  'quote.superseded': {
    status: 409,
    title: { 'zh-CN': '报价已被新报价取代', en: 'A newer quote replaced this one' },
    'zh-CN': '此报价已被服务单的新报价取代，请在新报价上操作',
    en: 'A newer quote of the order replaced this one: act on the newer quote',
  },
  'collection.nothing_due': {
    status: 409,
    title: { 'zh-CN': '无应收款', en: 'Nothing is due' },
    'zh-CN': '服务单{code}没有应收款：需客户签字确认报价或拒绝报价（上门检测费）后才能收款',
    en: 'Nothing is due on order {code}: the customer signs the quote, or refuses it (call-out charge), before payment',
  },
  'collection.exceeds_due': {
    status: 400,
    title: { 'zh-CN': '收款超过应收金额', en: 'More than is due' },
    'zh-CN': '服务单{code}应收{dueYuan}元，已收{collectedYuan}元，本次最多收{leftYuan}元',
    en: 'Order {code}: ¥{dueYuan} due, ¥{collectedYuan} collected, at most ¥{leftYuan} more',
  },
  'collection.below_zero': {
    status: 400,
    title: { 'zh-CN': '冲正后金额为负', en: 'The correction goes below zero' },
    'zh-CN': '收款{receiptNo}冲正后为{netYuan}元，不能为负',
    en: 'Collection {receiptNo} would come to ¥{netYuan} after the correction: it cannot be negative',
  },
  'collection.is_correction': {
    status: 409,
    title: { 'zh-CN': '不能冲正一条冲正记录', en: 'A correction is not corrected' },
    'zh-CN': '{receiptNo}本身是冲正记录，请对原收款{originalNo}再做冲正',
    en: '{receiptNo} is itself a correction: correct the original collection {originalNo} instead',
  },
  'invoice.tax_id_required': {
    status: 400,
    'zh-CN': '单位抬头须填写纳税人识别号（统一社会信用代码）',
    en: 'A company title needs its tax id (unified social credit code)',
  },
  'invoice.tax_id_invalid': {
    status: 400,
    title: { 'zh-CN': '纳税人识别号无效', en: 'Invalid tax id' },
    'zh-CN': '纳税人识别号{taxId}不是有效的18位统一社会信用代码：{why}',
    en: 'Tax id {taxId} is not a valid 18-character unified social credit code: {why}',
  },
  'invoice.nothing_collected': {
    status: 409,
    title: { 'zh-CN': '尚未收款', en: 'Nothing was collected' },
    'zh-CN': '服务单{code}尚未收款，不能申请发票',
    en: 'Nothing was collected on order {code}: no invoice can be requested',
  },
  'invoice.already_requested': {
    status: 409,
    title: { 'zh-CN': '已申请发票', en: 'An invoice was already requested' },
    'zh-CN': '服务单{code}已于{at}申请发票',
    en: 'An invoice for order {code} was requested at {at}',
  },
  'invoice.already_issued': {
    status: 409,
    title: { 'zh-CN': '发票已开具', en: 'The invoice was already issued' },
    'zh-CN': '该发票申请已开具发票{invoiceNo}',
    en: 'This request was already invoiced as {invoiceNo}',
  },
  'handover.not_technician': {
    status: 400,
    title: { 'zh-CN': '交款人不是工程师', en: 'Not a technician' },
    'zh-CN': '{name}不是维修工程师，不能登记交款',
    en: '{name} is not a technician: no hand-over is recorded for them',
  },
  'handover.self_receipt': {
    status: 400,
    'zh-CN': '交款由收款人登记，工程师不能登记交给自己的款',
    en: 'The receiver records a hand-over: a technician cannot receive their own cash',
  },
  'handover.future_day': {
    status: 400,
    title: { 'zh-CN': '交款日期在未来', en: 'The day is in the future' },
    'zh-CN': '交款日期{day}晚于今天{today}',
    en: 'The hand-over day {day} is after today {today}',
  },
  'handover.below_zero': {
    status: 400,
    title: { 'zh-CN': '冲正后金额为负', en: 'The correction goes below zero' },
    'zh-CN': '该交款冲正后为{netYuan}元，不能为负',
    en: 'The hand-over would come to ¥{netYuan} after the correction: it cannot be negative',
  },
  'handover.is_correction': {
    status: 409,
    'zh-CN': '该记录本身是冲正记录，请对原交款再做冲正',
    en: 'This entry is itself a correction: correct the original hand-over instead',
  },
  // Stocktakes (docs/parts.md, "Stocktake").
  'stocktake.already_open': {
    status: 409,
    title: { 'zh-CN': '该库已有进行中的盘点', en: 'The depot already has an open stocktake' },
    'zh-CN': '库{depot}已有进行中的盘点单{code}，请先完成或作废',
    en: 'Depot {depot} already has the open stocktake {code}; finish or cancel it first',
  },
  'stocktake.wrong_status': {
    status: 409,
    title: { 'zh-CN': '盘点单状态不允许此操作', en: 'Not possible in the stocktake’s status' },
    'zh-CN': '盘点单{code}当前为“{statusZh}”，不能{actionZh}',
    en: 'Stocktake {code} is {status}; it cannot be {action}',
  },
  'stocktake.uncounted': {
    status: 409,
    title: { 'zh-CN': '还有未盘点的配件', en: 'Some lines are not counted yet' },
    'zh-CN': '还有{uncounted}行未填写实盘数量（如配件{part}）；未找到的配件请填0',
    en: '{uncounted} lines have no count yet (part {part} among them); enter 0 for a part not found',
  },
  'stocktake.book_moved': {
    status: 409,
    title: { 'zh-CN': '盘点期间账面已变动，请复盘', en: 'The book moved during the count; recount' },
    'zh-CN': '配件{parts}自盘点开始后有出入库，账面已变：请对这些配件复盘后再审核过账',
    en: 'Parts {parts} moved in or out since the count began: recount them before approving',
  },
  'stocktake.serials_required': {
    status: 400,
    title: { 'zh-CN': '请填写实盘序列号', en: 'List the serials found' },
    'zh-CN': '配件{part}按序列号管理：请逐个填写实盘的序列号',
    en: 'Part {part} is serial-tracked: list each serial found',
  },
  'stocktake.line_exists': {
    status: 409,
    title: { 'zh-CN': '盘点单上已有该配件', en: 'The part is already on the sheet' },
    'zh-CN': '配件{part}（{grade}）已在盘点单上',
    en: 'Part {part} ({grade}) is already on the sheet',
  },
  'stocktake.sheet_row': {
    status: 400,
    title: { 'zh-CN': '盘点表有误', en: 'The count sheet has an error' },
    'zh-CN': '第{row}行：{reason}（未导入任何数量）',
    en: 'Row {row}: {reasonEn} (no count was taken from the file)',
  },
  'stocktake.file_type': {
    status: 400,
    title: { 'zh-CN': '文件格式不支持', en: 'Unsupported file' },
    'zh-CN': '请上传从本盘点单下载的 XLSX 盘点表',
    en: 'Upload the XLSX count sheet downloaded from this stocktake',
  },
  'request.uri_too_long': { status: 414, 'zh-CN': '请求地址过长', en: 'The request URL is too long' },
  'request.headers_too_large': { status: 431, 'zh-CN': '请求头过大', en: 'The request headers are too large' },
  'request.timeout': { status: 408, 'zh-CN': '请求超时', en: 'The request took too long' },
  'request.range_not_satisfiable': {
    status: 416,
    'zh-CN': '请求的范围超出文件大小',
    en: 'The requested range lies outside the file',
  },
  // Complaints (docs/complaints.md).
  'complaint.wrong_state': {
    status: 409,
    title: { 'zh-CN': '投诉状态不允许此操作', en: 'Not possible in the complaint’s state' },
    'zh-CN': '投诉{code}当前为“{stateZh}”，不能{actionZh}',
    en: 'Complaint {code} is {state}: it cannot be {action}',
  },
  'complaint.unknown_order': {
    status: 400,
    title: { 'zh-CN': '服务单不存在或不属于该客户', en: 'Order unknown or of another customer' },
    'zh-CN': '服务单{id}不存在、无权查看或不属于该客户',
    en: 'Order {id} does not exist, is not visible to you or belongs to another customer',
  },
  'complaint.unknown_department': {
    status: 400,
    title: { 'zh-CN': '处理部门不存在', en: 'Unknown department' },
    'zh-CN': '处理部门{id}不存在（应为投诉部门或组织单位）',
    en: 'Department {id} does not exist (a complaint department or an org unit)',
  },
  'complaint.regulator_required': {
    status: 400,
    'zh-CN': '监管部门转来的投诉须注明部门（技监、消协或工商）',
    en: 'A regulator’s referral names the regulator (quality supervision, consumers’ association or market regulation)',
  },
  'complaint.responsible_required': {
    status: 400,
    'zh-CN': '责任方须注明（网点、工程师或部门的编号，或制造商名称）',
    en: 'Name the responsible party (the outlet’s, technician’s or department’s id, or the maker’s name)',
  },
  'complaint.penalty_not_allowed': {
    status: 400,
    'zh-CN': '处罚只能针对网点或工程师，并须写明理由',
    en: 'A penalty falls on an outlet or a technician only, and needs a reason',
  },
  'complaint.no_compensation': {
    status: 409,
    'zh-CN': '没有待审批的补偿',
    en: 'There is no compensation awaiting approval',
  },
  'complaint.approval_level': {
    status: 403,
    title: { 'zh-CN': '补偿须由更高层级审批', en: 'A higher level approves this compensation' },
    'zh-CN': '该补偿须由第{level}级审批',
    en: 'This compensation is approved at level {level}',
  },
  'complaint.no_reply': {
    status: 409,
    'zh-CN': '还没有待客户确认的答复',
    en: 'There is no reply awaiting the customer’s acceptance',
  },
  'complaint.reason_required': {
    status: 400,
    'zh-CN': '客户不满意时须记录原因',
    en: 'Record why the customer does not accept',
  },
  'complaint.routing_incomplete': {
    status: 400,
    title: { 'zh-CN': '分派规则不完整', en: 'The routing table is incomplete' },
    'zh-CN': '分派规则须为每个投诉类型各有一行，部门须存在：{types}',
    en: 'The routing table needs one row per complaint type, with an existing department: {types}',
  },
  // Callbacks (docs/callbacks.md).
  'callback.wrong_state': {
    status: 409,
    title: { 'zh-CN': '回访任务状态不允许此操作', en: 'Not possible in the callback’s state' },
    'zh-CN': '回访任务{code}当前为“{stateZh}”，不能{actionZh}',
    en: 'Callback {code} is {state}: it cannot be {action}',
  },
  'callback.attempt_too_early': {
    status: 409,
    title: { 'zh-CN': '还未到再次拨打的时间', en: 'Too early for the next attempt' },
    'zh-CN': '回访任务{code}须在{atText}之后再次拨打（间隔{minutes}分钟）',
    en: 'Callback {code}: the next attempt may be made after {atText} ({minutes} minutes apart)',
  },
  'callback.fee_said_required': {
    status: 400,
    'zh-CN': '客户所说的收费与记录不符时，须填写客户所说的金额（feeSaidFen，单位：分）',
    en: 'When the fee differs from the record, give the amount the customer says was paid (feeSaidFen, in fen)',
  },
  'callback.fee_said_unexpected': {
    status: 400,
    'zh-CN': '收费与记录一致时不填写客户所说的金额（feeSaidFen）',
    en: 'Give no amount (feeSaidFen) when the fee is as recorded',
  },
  'report.period_invalid': {
    status: 400,
    title: { 'zh-CN': '报表期间有误', en: 'Invalid report period' },
    'zh-CN': '报表期间的结束日（to，{to}）不能早于开始日（from，{from}），且不超过366天',
    en: 'The report’s last day (to, {to}) cannot be before its first day (from, {from}), and spans at most 366 days',
  },
  'callback.period_invalid': {
    status: 400,
    title: { 'zh-CN': '统计期间有误', en: 'Invalid period' },
    'zh-CN': '统计期间的结束日（to，{to}）不能早于开始日（from，{from}），且不超过366天',
    en: 'The period’s last day (to, {to}) cannot be before its first day (from, {from}), and spans at most 366 days',
  },
  // One-time links sent to customers (server/platform/links).
  'link.not_found': {
    status: 404,
    title: { 'zh-CN': '链接无效', en: 'Invalid link' },
    'zh-CN': '链接无效，请核对短信中的链接是否完整',
    en: 'This link is not valid; check that the whole link from the SMS was opened',
  },
  'link.expired': {
    status: 410,
    title: { 'zh-CN': '链接已失效', en: 'Link expired' },
    'zh-CN': '链接已过有效期，如需反馈请致电服务热线',
    en: 'This link has expired; to tell us anything, please call the service hotline',
  },
  'link.booked': {
    status: 409,
    title: { 'zh-CN': '已预约', en: 'Already booked' },
    'zh-CN': '该产品已预约召回服务（服务单{orderCode}），我们会按约上门',
    en: 'This unit is already booked for the recall service (order {orderCode}); we will come as agreed',
  },
  'link.used': {
    status: 409,
    title: { 'zh-CN': '已提交过', en: 'Already sent' },
    'zh-CN': '该链接只能提交一次，已经提交过了，感谢您的配合',
    en: 'This link can be used once and has already been used; thank you',
  },
  // Messages (docs/messages.md): templates, the outbox, receipts.
  'message.event_unknown': {
    status: 404,
    title: { 'zh-CN': '没有该消息事件', en: 'No such message event' },
    'zh-CN': '没有名为{event}的消息事件',
    en: 'There is no message event {event}',
  },
  'message.channel_not_offered': {
    status: 400,
    title: { 'zh-CN': '该事件不使用此渠道', en: 'Channel not offered for the event' },
    'zh-CN': '消息事件{event}不通过{channel}发送',
    en: 'The message event {event} is not sent by {channel}',
  },
  'message.template_unknown_variable': {
    status: 400,
    title: { 'zh-CN': '模板使用了未知变量', en: 'Unknown template variable' },
    'zh-CN': '模板使用了变量 {variable}，但该事件不提供它；可用变量：{known}',
    en: 'The template uses the variable {variable}, which the event does not supply; available: {known}',
  },
  'message.template_missing_variable': {
    status: 400,
    title: { 'zh-CN': '模板缺少必需变量', en: 'Template lacks a required variable' },
    'zh-CN': '该事件的消息必须包含变量 {variable}',
    en: 'Messages of this event must include the variable {variable}',
  },
  'message.template_unbalanced': {
    status: 400,
    title: { 'zh-CN': '模板花括号不成对', en: 'Unbalanced braces in the template' },
    'zh-CN': '模板中有不成对的花括号，变量应写成两对花括号包住变量名',
    en: 'The template has unbalanced braces; write a variable as its name inside two pairs of braces',
  },
  'message.template_subject_required': {
    status: 400,
    'zh-CN': '邮件模板需要主题',
    en: 'An e-mail template needs a subject',
  },
  'message.not_resendable': {
    status: 409,
    title: { 'zh-CN': '该消息不能重发', en: 'The message cannot be resent' },
    'zh-CN': '消息当前状态为{status}，只有发送失败的消息可以重发',
    en: 'The message is {status}; only failed messages can be resent',
  },
  'message.receipt_refused': {
    status: 401,
    'zh-CN': '回执签名或令牌无效',
    en: 'The receipt’s signature or token is not valid',
  },
  // Recall campaigns (docs/recalls.md).
  'recall.wrong_state': {
    status: 409,
    title: { 'zh-CN': '召回活动状态不允许此操作', en: 'Not possible in the campaign’s state' },
    'zh-CN': '召回活动{code}当前为“{stateZh}”，不能{actionZh}',
    en: 'Campaign {code} is {state}: it cannot be {action}',
  },
  'recall.unit_wrong_state': {
    status: 409,
    title: { 'zh-CN': '召回产品状态不允许此操作', en: 'Not possible in the recall unit’s state' },
    'zh-CN': '召回活动{code}中序列号{serial}的产品当前为“{stateZh}”，不能{actionZh}',
    en: 'The unit {serial} of campaign {code} is {state}: it cannot be {action}',
  },
  'recall.serial_range_lengths': {
    status: 400,
    'zh-CN': '序列号范围的起止（serialFrom、serialTo）须长度相同：同长度的序列号逐字符比较',
    en: 'The serial range’s bounds (serialFrom, serialTo) must have the same length: serials of equal length are compared character by character',
  },
  'recall.serial_range_order': {
    status: 400,
    'zh-CN': '序列号范围的截止（serialTo）不能小于起始（serialFrom）',
    en: 'The serial range’s end (serialTo) cannot come before its start (serialFrom)',
  },
  'recall.purchase_range_order': {
    status: 400,
    'zh-CN': '购买日期范围的截止日（purchasedTo）不能早于起始日（purchasedFrom）',
    en: 'The purchase-date range’s last day (purchasedTo) cannot be before its first day (purchasedFrom)',
  },
  'recall.effective_range_order': {
    status: 400,
    'zh-CN': '有效期的截止日（effectiveUntil）不能早于起始日（effectiveFrom）',
    en: 'The last effective day (effectiveUntil) cannot be before the first (effectiveFrom)',
  },
  'recall.models_repeated': {
    status: 400,
    'zh-CN': '召回型号（modelIds）不能重复',
    en: 'A model is listed twice (modelIds)',
  },
  // The order pool of day planning (docs/planning-pool.md).
  'planning.pool_region_disabled': {
    status: 409,
    title: { 'zh-CN': '该地区未启用工单池', en: 'The order pool is not enabled for the region' },
    'zh-CN': '网点{unit}所在地区未启用工单池（outletId；设置 planning.poolRegions）',
    en: 'The order pool is not enabled for the region of outlet {unit} (outletId; setting planning.poolRegions)',
  },
  'planning.pool_not_outlet': {
    status: 400,
    'zh-CN': '只有网点可以发布到工单池（outletId）',
    en: 'Only an outlet publishes to the order pool (outletId)',
  },
  'planning.pool_order_not_eligible': {
    status: 409,
    title: { 'zh-CN': '服务单不能进入工单池', en: 'The order cannot go to the pool' },
    'zh-CN': '服务单{code}须由该网点持有且处于“已接单”状态（未派给工程师）才能进入工单池（{field}）',
    en: 'Order {code} must be held by the outlet and accepted (not yet given to a technician) to go to the pool ({field})',
  },
  'planning.pool_already_open': {
    status: 409,
    title: { 'zh-CN': '服务单已在工单池中', en: 'The order is already in the pool' },
    'zh-CN': '服务单{code}已在工单池中（{field}）',
    en: 'Order {code} is already open in the pool ({field})',
  },
  'planning.pool_orders_repeated': {
    status: 400,
    'zh-CN': '同一服务单不能重复发布（orderIds）',
    en: 'An order is listed twice (orderIds)',
  },
  'planning.pool_taken': {
    status: 409,
    'zh-CN': '该工单已被其他工程师抢走',
    en: 'Another technician has already claimed this order',
  },
  'planning.pool_closed': {
    status: 409,
    'zh-CN': '该工单已撤回，不能再抢',
    en: 'The offer was withdrawn; it can no longer be claimed',
  },
  'planning.pool_order_moved': {
    status: 409,
    'zh-CN': '服务单已不在待派工状态（已派工或已取消），该工单已从工单池撤回',
    en: 'The order is no longer waiting for a technician (assigned or cancelled); the offer was withdrawn',
  },
  'planning.pool_not_of_outlet': {
    status: 403,
    'zh-CN': '只有该网点的工程师才能抢此工单',
    en: 'Only technicians of the outlet may claim this order',
  },
  'planning.pool_not_certified': {
    status: 403,
    'zh-CN': '您没有该产品线的有效资质，不能抢此工单',
    en: 'You hold no valid certification for this order’s product line, so you cannot claim it',
  },
  'planning.pool_not_open': {
    status: 409,
    'zh-CN': '只有开放中的工单可以撤回',
    en: 'Only an open offer can be withdrawn',
  },
  // Customer care (docs/care.md).
  'care.announcement_event_past': {
    status: 400,
    title: { 'zh-CN': '活动日期有误', en: 'Invalid event day' },
    'zh-CN': '活动日期（eventOn）须晚于今天（{today}）',
    en: 'The event day (eventOn) must be after today ({today})',
  },
  'care.announcement_send_day': {
    status: 400,
    title: { 'zh-CN': '发送日期有误', en: 'Invalid sending day' },
    'zh-CN': '发送日期（sendOn）须在今天（{today}）与活动日期（{eventOn}）之间',
    en: 'The sending day (sendOn) must be between today ({today}) and the event day ({eventOn})',
  },
  'care.announcement_not_scheduled': {
    status: 409,
    title: { 'zh-CN': '活动通知已发送或已取消', en: 'The announcement was sent or cancelled' },
    'zh-CN': '活动通知“{title}”已发送或已取消，不能再取消',
    en: 'The announcement "{title}" was already sent or cancelled; it cannot be cancelled',
  },
  'care.period_invalid': {
    status: 400,
    title: { 'zh-CN': '期间有误', en: 'Invalid period' },
    'zh-CN': '期间的结束日（to，{to}）不能早于开始日（from，{from}），且不超过366天',
    en: 'The period’s last day (to, {to}) cannot be before its first day (from, {from}), and spans at most 366 days',
  },
  'care.plan_empty': {
    status: 400,
    'zh-CN': '保养计划须给出间隔天数（intervalDays）、间隔月数（intervalMonths）或指定日期（nextOn）',
    en: 'A maintenance plan needs an interval in days (intervalDays) or months (intervalMonths), or a date (nextOn)',
  },
  'care.plan_interval_both': {
    status: 400,
    'zh-CN': '间隔天数（intervalDays）与间隔月数（intervalMonths）只能填一项',
    en: 'Give the interval in days (intervalDays) or in months (intervalMonths), not both',
  },
  'care.plan_date_past': {
    status: 400,
    title: { 'zh-CN': '指定日期已过', en: 'The date has passed' },
    'zh-CN': '指定的保养日期（nextOn，{nextOn}）不能早于今天（{today}）',
    en: 'The maintenance date (nextOn, {nextOn}) cannot be before today ({today})',
  },
  'care.no_plan': {
    status: 409,
    title: { 'zh-CN': '没有自定义计划', en: 'No custom plan' },
    'zh-CN': '产品{serialNo}没有自定义保养计划，无需清除',
    en: 'Unit {serialNo} has no custom maintenance plan to clear',
  },
  'care.contract_required': {
    status: 400,
    'zh-CN': '客户购买延保时须填写合同（contract：月数、价格）',
    en: 'When the customer buys, give the contract (contract: months and price)',
  },
  'care.contract_unexpected': {
    status: 400,
    'zh-CN': '只有客户购买时才填写合同（contract）',
    en: 'Give a contract (contract) only when the customer buys',
  },
  'care.offer_closed': {
    status: 409,
    title: { 'zh-CN': '延保已购买', en: 'Already bought' },
    'zh-CN': '产品{serialNo}的延保已购买（合同{contractCode}），答复不能再改',
    en: 'Unit {serialNo} already bought the extended warranty (contract {contractCode}): the answer cannot change',
  },
  'care.not_expiring': {
    status: 409,
    title: { 'zh-CN': '保修不在到期提醒范围内', en: 'Warranty not expiring soon' },
    'zh-CN': '产品{serialNo}的保修不是在{warrantyEndsOn}到期，或不在提醒期内（{days}天）',
    en: 'Unit {serialNo}’s warranty does not end on {warrantyEndsOn}, or not within the reminder lead ({days} days)',
  },
  'care.unit_inactive': {
    status: 409,
    title: { 'zh-CN': '产品已不在用', en: 'Unit not in use' },
    'zh-CN': '产品{serialNo}已退货或换货，不能安排保养',
    en: 'Unit {serialNo} was returned or exchanged: no maintenance can be planned',
  },
  'care.open_maintenance_order': {
    status: 409,
    title: { 'zh-CN': '已有未完成的保养单', en: 'Open maintenance order' },
    'zh-CN': '产品{serialNo}已有未完成的保养单{orderCode}',
    en: 'Unit {serialNo} already has an open maintenance order {orderCode}',
  },
  'care.duplicate_unit': {
    status: 400,
    'zh-CN': '产品在列表中重复出现',
    en: 'The unit appears more than once in the list',
  },
  // Day planning: the board and plans (docs/planning-board.md).
  'planning.not_an_outlet': {
    status: 400,
    'zh-CN': '只能为网点排程（outletId）',
    en: 'Only an outlet’s day is planned (outletId)',
  },
  'planning.plan_superseded': {
    status: 409,
    title: { 'zh-CN': '计划已被新计划取代', en: 'The plan was superseded' },
    'zh-CN': '该计划已被更新的计划取代，请打开当日最新计划',
    en: 'A newer plan superseded this one; open the day’s newest plan',
  },
  'planning.visit_not_on_board': {
    status: 409,
    title: { 'zh-CN': '服务单不在排程看板上', en: 'The order is not on the board' },
    'zh-CN': '服务单{code}不在该网点当日的排程看板上（orderId）',
    en: 'Order {code} is not on the outlet’s board for the day (orderId)',
  },
  'planning.visit_not_planned': {
    status: 409,
    'zh-CN': '只有已排入路线的服务可以锁定（orderId）',
    en: 'Only a visit placed on a route can be locked (orderId)',
  },
  'planning.technician_not_on_board': {
    status: 400,
    'zh-CN': '该工程师不是本网点当日可排程的工程师（technicianId）',
    en: 'Not a technician of the outlet on the board for the day (technicianId)',
  },
  'planning.publish_refused': {
    status: 409,
    title: { 'zh-CN': '计划无法发布', en: 'The plan cannot be published' },
    'zh-CN': '服务单{code}无法按计划派工或预约：{reason}；未做任何更改',
    en: 'Order {code} cannot be assigned or booked as planned: {reason}; nothing was changed',
  },
  'planning.shift_home_required': {
    status: 400,
    'zh-CN': '从家出发时须填写家庭位置（home）',
    en: 'A day starting at home needs the home location (home)',
  },
  'planning.shift_end_before_start': {
    status: 400,
    'zh-CN': '下班时间须晚于上班时间（end）',
    en: 'The shift must end after it starts (end)',
  },
  'planning.shift_break_outside': {
    status: 400,
    'zh-CN': '午休须在班次之内（breakFrom、breakTo）',
    en: 'The lunch break must lie inside the shift (breakFrom, breakTo)',
  },
  internal: {
    status: 500,
    title: { 'zh-CN': '服务器内部错误', en: 'Internal error' },
    'zh-CN': '服务器内部错误（请求号 {requestId}）',
    en: 'Internal error (request {requestId})',
  },
} as const satisfies Record<string, { status: number; title?: Text } & Text>;

export type ErrorCode = keyof typeof ERRORS;

/** One failing field in a validation error; `path` is dot-joined (e.g. `admin.password`). */
export interface FieldError {
  path: string;
  code: string;
  message: string;
}

/** RFC 9457 problem details, as every failing response carries them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  params?: Record<string, unknown>;
}

export function errorMessage(code: ErrorCode, lang: Lang, params: Record<string, unknown> = {}): string {
  return fill(ERRORS[code][lang], params);
}

/** The problem `title`: one fixed text per code and language, never with placeholders. */
export function errorTitle(code: ErrorCode, lang: Lang): string {
  const e: { title?: Text } & Text = ERRORS[code];
  return (e.title ?? e)[lang];
}

/** Field messages for validation issues, keyed by zod issue code. */
export const FIELD_MESSAGES: Record<string, Text> = {
  required: { 'zh-CN': '必填', en: 'is required' },
  invalid_type: { 'zh-CN': '类型不正确，应为{expected}', en: 'must be {expected}' },
  too_small: { 'zh-CN': '太短或太小（最小 {minimum}）', en: 'is too short or too small (min {minimum})' },
  too_big: { 'zh-CN': '太长或太大（最大 {maximum}）', en: 'is too long or too large (max {maximum})' },
  invalid_format: { 'zh-CN': '格式不正确', en: 'has an invalid format' },
  invalid_value: { 'zh-CN': '取值不在允许范围内', en: 'is not one of the allowed values' },
  unrecognized_keys: { 'zh-CN': '包含未知字段：{keys}', en: 'has unknown fields: {keys}' },
  unknown_parameter: { 'zh-CN': '不是该接口的查询参数', en: 'is not a query parameter of this endpoint' },
  custom: { 'zh-CN': '不合法', en: 'is invalid' },
  nul_character: { 'zh-CN': '不能包含空字符（U+0000）', en: 'must not contain the NUL character (U+0000)' },
};

/** Texts of the shipping routes' promised days (zh-CN first; en typed against it). */
export const shipmentRoutesZh = {
  'nav.shipmentRoutes': '发货承诺天数',
  'shipRoute.title': '发货线路承诺到货天数',
  'shipRoute.intro':
    '从总部或服务中心的库发往某一组织下所有网点的承诺到货天数（发货当天不计）。网点自己的线路优先于所属省份的线路；没有线路时按默认 {days} 天。',
  'shipRoute.add': '添加线路',
  'shipRoute.edit': '修改',
  'shipRoute.remove': '删除',
  'shipRoute.removeConfirm': '删除这条线路？此后从该库发往这里的货按默认天数承诺；已发出的货不受影响。',
  'shipRoute.from': '发货库',
  'shipRoute.to': '发往（组织及其下属网点）',
  'shipRoute.days': '承诺天数',
  'shipRoute.daysValue': '{days} 天',
  'shipRoute.updated': '更新时间',
  'shipRoute.saved': '已保存',
  'shipRoute.removed': '已删除',
  'shipRoute.empty': '尚无线路：所有发货按默认天数承诺',
};

export const shipmentRoutesEn: Record<keyof typeof shipmentRoutesZh, string> = {
  'nav.shipmentRoutes': 'Shipping promises',
  'shipRoute.title': 'Promised days per shipping route',
  'shipRoute.intro':
    "Days an HQ or center depot promises for a shipment to every depot under a unit (the shipping day not counted). An outlet's own route comes before its province's; without a route the default of {days} days applies.",
  'shipRoute.add': 'Add route',
  'shipRoute.edit': 'Change',
  'shipRoute.remove': 'Remove',
  'shipRoute.removeConfirm':
    'Remove this route? Shipments from that depot to here will be promised the default days; shipments already sent keep their promise.',
  'shipRoute.from': 'Shipping depot',
  'shipRoute.to': 'To (the unit and its outlets)',
  'shipRoute.days': 'Promised days',
  'shipRoute.daysValue': '{days} days',
  'shipRoute.updated': 'Updated',
  'shipRoute.saved': 'Saved',
  'shipRoute.removed': 'Removed',
  'shipRoute.empty': 'No routes yet: every shipment is promised the default days',
};

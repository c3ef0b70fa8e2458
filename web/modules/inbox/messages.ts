/** Texts of the in-app inbox (zh-CN first; en typed against it). */
export const inboxZh = {
  'nav.inbox': '消息',
  'inbox.title': '站内消息',
  'inbox.bell': '站内消息（{n} 条未读）',
  'inbox.unreadOnly': '只看未读',
  'inbox.readAll': '全部标为已读',
  'inbox.markRead': '标为已读',
  'inbox.open': '查看',
  'inbox.empty': '暂无消息',
  'inbox.unread': '未读',
  'inbox.time': '时间',
  'inbox.allRead': '已全部标为已读',
} as const;

export const inboxEn: Record<keyof typeof inboxZh, string> = {
  'nav.inbox': 'Inbox',
  'inbox.title': 'Inbox',
  'inbox.bell': 'Inbox ({n} unread)',
  'inbox.unreadOnly': 'Unread only',
  'inbox.readAll': 'Mark all read',
  'inbox.markRead': 'Mark read',
  'inbox.open': 'Open',
  'inbox.empty': 'No notices',
  'inbox.unread': 'Unread',
  'inbox.time': 'Time',
  'inbox.allRead': 'All notices marked read',
};

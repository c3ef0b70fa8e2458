import { Card, DatePicker, Flex, Select, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { QueryOf } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { formatElapsed } from './call-timer.js';
import { ContactDrawer } from './contact-drawer.js';
import { CLASS_ORDER } from './desk-keys.js';
import { type Contact, CONTACT_CHANNELS, CONTACT_STATUSES } from './intake-api.js';
import { CLASS_COLOR, CONTACT_STATUS_COLOR, channelKey, classKey, contactStatusKey } from './labels.js';
import { useListParams } from './list-params.js';

function duration(c: Contact): string {
  return c.endedAt ? formatElapsed(new Date(c.endedAt).getTime() - new Date(c.startedAt).getTime()) : '';
}

/** Every logged contact of my area, newest first, by class, status and period. */
export function ContactsPage() {
  const t = useT();
  const isPhone = useIsPhone();
  const { filters, page, pageSize, set } = useListParams(['channel', 'class', 'status', 'from', 'to'] as const);
  const list = useApiQuery(
    'GET /api/intake/contacts',
    { query: { ...(filters as QueryOf<'GET /api/intake/contacts'>), page, pageSize } },
    {
      placeholderData: (prev) => prev,
    },
  );
  const [open, setOpen] = useState<Contact | null>(null);
  if (list.isError && !list.data) return <LoadFailed detail={list.error.detail} onRetry={() => list.refetch()} />;

  return (
    <>
      <PageHeader title={t('intake.contacts.title')} />
      <Card styles={{ body: { paddingBottom: 8 } }}>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Select
            allowClear
            value={filters.channel}
            onChange={(v) => set({ channel: v })}
            options={CONTACT_CHANNELS.map((c) => ({ value: c, label: t(channelKey(c)) }))}
            placeholder={t('intake.form.channel')}
            aria-label={t('intake.form.channel')}
            style={{ width: 140 }}
          />
          <Select
            allowClear
            value={filters.class}
            onChange={(v) => set({ class: v })}
            options={CLASS_ORDER.map((c) => ({ value: c, label: t(classKey(c)) }))}
            placeholder={t('intake.form.class')}
            aria-label={t('intake.form.class')}
            style={{ width: 140 }}
          />
          <Select
            allowClear
            value={filters.status}
            onChange={(v) => set({ status: v })}
            options={CONTACT_STATUSES.map((s) => ({ value: s, label: t(contactStatusKey(s)) }))}
            placeholder={t('common.status')}
            aria-label={t('common.status')}
            style={{ width: 140 }}
          />
          <DatePicker.RangePicker
            aria-label={t('intake.contacts.range')}
            value={[filters.from ? dayjs(filters.from) : null, filters.to ? dayjs(filters.to) : null]}
            onChange={(r) =>
              set({
                from: r?.[0]?.startOf('day').toISOString(),
                to: r?.[1]?.endOf('day').toISOString(),
              })
            }
            style={{ width: isPhone ? '100%' : 260 }}
          />
        </Flex>
        <Table<Contact>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={list.data?.items}
          scroll={{ x: 'max-content' }}
          onRow={(c) => ({ onClick: () => setOpen(c), style: { cursor: 'pointer' } })}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('intake.contacts.count', { total }),
            onChange: (p, s) => set({ page: p, pageSize: s }),
          }}
          columns={[
            { key: 'code', title: t('intake.contacts.code'), dataIndex: 'code' },
            { key: 'startedAt', title: t('intake.contacts.startedAt'), render: (_, c) => formatDateTime(c.startedAt) },
            { key: 'duration', title: t('intake.contacts.duration'), render: (_, c) => duration(c) },
            {
              key: 'class',
              title: t('intake.form.class'),
              render: (_, c) => <Tag color={CLASS_COLOR[c.class]}>{t(classKey(c.class))}</Tag>,
            },
            {
              key: 'channel',
              title: t('intake.form.channel'),
              render: (_, c) =>
                `${t(channelKey(c.channel))} · ${t(c.direction === 'outbound' ? 'intake.direction.outbound' : 'intake.direction.inbound')}`,
            },
            {
              key: 'status',
              title: t('common.status'),
              render: (_, c) => <Tag color={CONTACT_STATUS_COLOR[c.status]}>{t(contactStatusKey(c.status))}</Tag>,
            },
            {
              key: 'content',
              title: t('intake.form.content'),
              render: (_, c) => (
                <Typography.Text ellipsis style={{ maxWidth: 360 }}>
                  {c.subject ? <Typography.Text strong>{c.subject} </Typography.Text> : null}
                  {c.content}
                </Typography.Text>
              ),
            },
          ]}
        />
      </Card>
      {open ? <ContactDrawer contact={open} onClose={() => setOpen(null)} /> : null}
    </>
  );
}

import { Badge, Button, Card, Flex, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { ResponseOf } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { PageHeader } from '../../components/page-header.js';
import { FullPageSpin, LoadFailed } from '../../components/status-pages.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { channelKey } from '../outbox/outbox-parts.js';
import { type Channel, MESSAGE_CHANNELS } from './messages-rules.js';
import { TemplateEditor } from './template-editor.js';

export type EventTemplates = ResponseOf<'GET /api/messages/templates'>['items'][number];
export type ChannelTemplate = EventTemplates['channels'][number];

const CATEGORY_COLOR = { security: 'purple', service: 'blue', marketing: 'orange' } as const;
const AUDIENCES = ['customer', 'staff'] as const;

/**
 * The wording of every message the system sends, per event and channel (docs/messages.md):
 * customers' messages and staff notices, each channel on or off, the default wording or a saved
 * version, and versions waiting for their date. A cell opens the editor.
 */
export function TemplatesPage() {
  const { t, pick } = useI18n();
  const q = useApiQuery('GET /api/messages/templates', {});
  const [editing, setEditing] = useState<{ event: string; channel: Channel } | null>(null);

  if (q.isPending) return <FullPageSpin />;
  if (q.isError) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;
  const items = q.data.items;
  const open = editing ? items.find((i) => i.event === editing.event) : undefined;

  const cell = (e: EventTemplates, channel: Channel) => {
    const c = e.channels.find((x) => x.channel === channel);
    if (!c) return <Typography.Text type="secondary">—</Typography.Text>;
    return (
      <Button
        type="text"
        size="small"
        style={{ height: 'auto', padding: '2px 4px', textAlign: 'start' }}
        onClick={() => setEditing({ event: e.event, channel })}
        data-testid={`tpl-${e.event}-${channel}`}
        data-enabled={c.enabled ? 'true' : 'false'}
        aria-label={`${pick(e.label)} · ${t(channelKey(channel))}`}
      >
        <Flex vertical gap={2} align="start">
          <Flex gap={4} align="center">
            <Badge status={c.enabled ? 'success' : 'default'} />
            <span>{t(c.enabled ? 'msgTpl.enabled' : 'msgTpl.disabled')}</span>
            {c.upcoming ? (
              <Tag color="orange" style={{ marginInlineEnd: 0 }}>
                {t('msgTpl.upcomingN', { n: c.upcoming })}
              </Tag>
            ) : null}
          </Flex>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.versionId && c.effectiveFrom
              ? t('msgTpl.versionSince', { at: formatDateTime(c.effectiveFrom) })
              : t('msgTpl.default')}
          </Typography.Text>
        </Flex>
      </Button>
    );
  };

  return (
    <>
      <PageHeader title={t('msgTpl.title')} />
      <Typography.Paragraph type="secondary">{t('msgTpl.intro')}</Typography.Paragraph>
      <Flex vertical gap={16}>
        {AUDIENCES.map((audience) => (
          <Card
            key={audience}
            title={t(`msgTpl.audience.${audience}`)}
            styles={{ body: { padding: 0 } }}
            data-testid={`tpl-audience-${audience}`}
          >
            <Table<EventTemplates>
              rowKey="event"
              size="middle"
              pagination={false}
              scroll={{ x: 'max-content' }}
              dataSource={items.filter((i) => i.audience === audience)}
              columns={[
                {
                  key: 'event',
                  title: t('msgTpl.event'),
                  render: (_, e) => (
                    <Flex vertical>
                      <span>{pick(e.label)}</span>
                      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                        {e.event}
                      </Typography.Text>
                    </Flex>
                  ),
                },
                {
                  key: 'category',
                  title: t('msgTpl.category'),
                  render: (_, e) => <Tag color={CATEGORY_COLOR[e.category]}>{t(`msgTpl.category.${e.category}`)}</Tag>,
                },
                ...MESSAGE_CHANNELS.map((channel) => ({
                  key: channel,
                  title: t(channelKey(channel)),
                  render: (_: unknown, e: EventTemplates) => cell(e, channel),
                })),
              ]}
            />
          </Card>
        ))}
      </Flex>
      {open && editing ? (
        <TemplateEditor
          key={`${editing.event}/${editing.channel}`}
          item={open}
          channel={editing.channel}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}

import { Button, Card, Empty, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useApiList } from '../../api/queries.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { AnswerModal } from './answer-modal.js';
import type { Contact } from './intake-api.js';
import { channelKey } from './labels.js';
import { waitedParts } from './waited.js';

function waitedText(iso: string, lang: string): string {
  const { d, h, m } = waitedParts(iso, Date.now());
  if (lang === 'en') return d ? `${d} d ${h} h` : h ? `${h} h ${m} min` : `${m} min`;
  return d ? `${d}天${h}小时` : h ? `${h}小时${m}分` : `${m}分钟`;
}

/** Escalated consultations for the technical supervisors, oldest first (seed 004). */
export function QueuePage() {
  const { t, lang } = useI18n();
  const queue = useApiList(
    'GET /api/intake/queue',
    { query: { queue: 'tech_supervisor', limit: 200 } },
    {
      refetchInterval: 30_000,
    },
  );
  const [answering, setAnswering] = useState<Contact | null>(null);
  if (queue.isError && !queue.data) return <LoadFailed detail={queue.error.detail} onRetry={() => queue.refetch()} />;
  return (
    <>
      <PageHeader title={t('intake.queue.title')} />
      <Card>
        <Table<Contact>
          rowKey="id"
          size="middle"
          loading={queue.isFetching}
          dataSource={queue.data}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('intake.queue.empty')} /> }}
          pagination={{
            pageSize: 50,
            hideOnSinglePage: true,
            showTotal: (total) => t('intake.queue.count', { total }),
          }}
          columns={[
            { key: 'code', title: t('intake.contacts.code'), dataIndex: 'code' },
            { key: 'startedAt', title: t('intake.contacts.startedAt'), render: (_, c) => formatDateTime(c.startedAt) },
            {
              key: 'waited',
              title: t('intake.queue.waiting'),
              render: (_, c) => <Tag color="orange">{waitedText(c.startedAt, lang)}</Tag>,
            },
            { key: 'channel', title: t('intake.form.channel'), render: (_, c) => t(channelKey(c.channel)) },
            {
              key: 'content',
              title: t('intake.form.content'),
              render: (_, c) => (
                <Typography.Paragraph
                  style={{ margin: 0, maxWidth: 480, whiteSpace: 'pre-wrap' }}
                  ellipsis={{ rows: 3, expandable: true }}
                >
                  {c.content}
                </Typography.Paragraph>
              ),
            },
            {
              key: 'actions',
              title: t('common.actions'),
              render: (_, c) => (
                <Button type="primary" size="small" onClick={() => setAnswering(c)}>
                  {t('intake.queue.answer')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      {answering ? <AnswerModal contact={answering} onClose={() => setAnswering(null)} /> : null}
    </>
  );
}

import { useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Checkbox, Flex, List, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { INBOX_URL, type InboxItem } from './inbox-api.js';

const PAGE_SIZE = 20;

/** My notices (time-limit warnings and breaches…), unread first. */
export function InboxPage() {
  const { t, pick } = useI18n();
  const qc = useQueryClient();
  const onError = useApiError();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const q = useApiQuery('GET /api/inbox', {
    query: { page, pageSize: PAGE_SIZE, unread: unreadOnly ? 'true' : undefined },
  });
  const refresh = () => invalidateUrls(qc, INBOX_URL);
  if (q.isError && !q.data) return <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />;

  const read = async (item: InboxItem) => {
    if (!item.readAt) await api.call('POST /api/inbox/:id/read', { params: { id: item.id } }).catch(onError);
    await refresh();
  };

  return (
    <>
      <PageHeader
        title={t('inbox.title')}
        extra={
          <>
            <Checkbox
              checked={unreadOnly}
              onChange={(e) => {
                setUnreadOnly(e.target.checked);
                setPage(1);
              }}
            >
              {t('inbox.unreadOnly')}
            </Checkbox>
            <Button
              disabled={!q.data?.unread}
              onClick={() =>
                api
                  .call('POST /api/inbox/read-all')
                  .then(refresh)
                  .catch((e) => onError(e))
              }
            >
              {t('inbox.readAll')}
            </Button>
          </>
        }
      />
      <Card>
        <List<InboxItem>
          loading={q.isFetching}
          dataSource={q.data?.items ?? []}
          locale={{ emptyText: t('inbox.empty') }}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: q.data?.total ?? 0,
            onChange: setPage,
            hideOnSinglePage: true,
          }}
          renderItem={(item) => (
            <List.Item
              data-testid="inbox-item"
              actions={[
                item.link ? (
                  <Button
                    key="open"
                    type="link"
                    onClick={async () => {
                      await read(item);
                      navigate(item.link!);
                    }}
                  >
                    {t('inbox.open')}
                  </Button>
                ) : null,
                item.readAt ? null : (
                  <Button key="read" type="link" onClick={() => read(item)}>
                    {t('inbox.markRead')}
                  </Button>
                ),
              ].filter(Boolean)}
            >
              <List.Item.Meta
                title={
                  <Flex gap={8} align="center">
                    {item.readAt ? null : <Badge status="processing" aria-label={t('inbox.unread')} />}
                    <Typography.Text strong={!item.readAt}>{pick(item.title)}</Typography.Text>
                  </Flex>
                }
                description={
                  <>
                    <div>{pick(item.body)}</div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(item.createdAt)}
                    </Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </>
  );
}

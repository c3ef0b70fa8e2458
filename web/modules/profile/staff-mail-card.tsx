import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Card, Flex, Spin, Switch, Typography } from 'antd';
import type { Me } from '../../../server/platform/auth/contract.js';
import { api } from '../../api/client.js';
import { useApiQuery } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { LoadFailed } from '../../components/status-pages.js';
import { useI18n } from '../../i18n/index.js';

const URL = '/api/me/staff-mail';

/**
 * The staff notices I also get by e-mail (docs/messages.md): each one with a switch. Without an
 * e-mail address on my profile nothing can be sent, and the card says so.
 */
export function StaffMailCard({ me }: { me: Me }) {
  const { t, pick } = useI18n();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const q = useApiQuery('GET /api/me/staff-mail', {});
  const save = useMutation({
    mutationFn: (events: string[]) => api.call('PUT /api/me/staff-mail', { body: { events } }),
    onSuccess: (data) => {
      qc.setQueryData([URL], data);
      message.success(t('staffMail.saved'));
    },
    onError: (err) => showError(err),
  });
  const email = me.email ?? null;

  return (
    <Card title={t('staffMail.title')} data-testid="staff-mail">
      {q.isPending ? (
        <Spin />
      ) : q.isError ? (
        <LoadFailed detail={q.error.detail} onRetry={() => q.refetch()} />
      ) : (
        <Flex vertical gap={12}>
          {email ? (
            <Typography.Text type="secondary">{t('staffMail.to', { email })}</Typography.Text>
          ) : (
            <Alert type="warning" showIcon title={t('staffMail.noEmail')} data-testid="staff-mail-no-email" />
          )}
          <Flex vertical>
            {q.data.events.map((e) => (
              <Flex
                key={e.event}
                justify="space-between"
                align="center"
                gap={12}
                style={{ padding: '8px 0', borderBottom: '1px solid #f0f0f0' }}
              >
                <span>{pick(e.label)}</span>
                <Switch
                  checked={e.email}
                  loading={save.isPending}
                  aria-label={pick(e.label)}
                  onChange={(on) =>
                    save.mutate(q.data.events.filter((x) => (x.event === e.event ? on : x.email)).map((x) => x.event))
                  }
                />
              </Flex>
            ))}
          </Flex>
        </Flex>
      )}
    </Card>
  );
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Flex, Space, Tabs, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { Customer, RevealedContact } from '../../../server/modules/customers/contract.js';
import { api } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { PageHeader } from '../../components/page-header.js';
import { ReasonModal } from '../../components/reason-modal.js';
import { RevealContactButton } from '../../components/reveal-contact.js';
import { FullPageSpin, LoadFailed } from '../../components/status-pages.js';
import { useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { ArchiveBadge } from './archive-badge.js';
import { CustomerActivity } from './customer-activity.js';
import { CustomerAudit } from './customer-audit.js';
import { CustomerFormDrawer } from './customer-form-drawer.js';
import { CustomerMerge } from './customer-merge.js';
import { CustomerMessaging } from './customer-messaging.js';
import { CustomerUnits } from './customer-units.js';
import { CUSTOMERS_URL } from './customers-api.js';

/** Leaves out facts nobody recorded, so the card shows what is known. */
function filled<T extends { children?: ReactNode }>(items: T[]): T[] {
  return items.filter((i) => i.children !== null && i.children !== undefined && i.children !== '');
}

/** One customer's archive: contact facts, units, contacts and requests, merges, audit trail. */
export function CustomerDetailPage() {
  const t = useT();
  const { id = '' } = useParams();
  const me = useMe().data!;
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const customer = useApiQuery('GET /api/customers/:id', { params: { id } });
  const [editing, setEditing] = useState(false);
  const [toggling, setToggling] = useState(false);
  // Phones and addresses shown whole after a reveal (audited server-side); this screen only.
  const [revealed, setRevealed] = useState<{ id: string; value: RevealedContact } | null>(null);
  const canManage = can(me, 'customers.manage');

  const toggle = useMutation({
    mutationFn: ({ c, reason }: { c: Customer; reason?: string }) =>
      api.call(`POST /api/customers/:id/${c.active ? 'deactivate' : 'activate'}` as const, {
        params: { id: c.id },
        body: { version: c.version, reason },
      }),
    onSuccess: async (c) => {
      message.success(c.active ? t('customers.activated') : t('customers.deactivated'));
      setToggling(false);
      await invalidateUrls(qc, CUSTOMERS_URL, '/api/audit');
    },
    onError: (err) => showError(err),
  });

  if (customer.isPending) return <FullPageSpin />;
  if (customer.isError) return <LoadFailed detail={customer.error.detail} onRetry={() => customer.refetch()} />;
  const shown = revealed?.id === customer.data.id ? revealed.value : null;
  const c: Customer = shown ? { ...customer.data, ...shown, phonesMasked: false } : customer.data;
  const merged = !!c.mergedIntoId;

  const tabs = [
    { key: 'units', label: t('customers.tab.units'), children: <CustomerUnits customer={c} /> },
    { key: 'activity', label: t('customers.tab.activity'), children: <CustomerActivity customerId={c.id} /> },
    { key: 'messaging', label: t('customers.tab.messaging'), children: <CustomerMessaging customerId={c.id} /> },
    ...(canManage || can(me, 'customers.merge_undo')
      ? [{ key: 'merge', label: t('customers.tab.merge'), children: <CustomerMerge customer={c} /> }]
      : []),
    ...(can(me, 'audit.read')
      ? [{ key: 'audit', label: t('customers.tab.audit'), children: <CustomerAudit customerId={c.id} /> }]
      : []),
  ];

  return (
    <>
      <PageHeader
        title={
          <Space wrap size={8}>
            <span>{c.name}</span>
            <Typography.Text type="secondary" style={{ fontSize: 14, fontWeight: 'normal' }}>
              {c.code}
            </Typography.Text>
            {c.active ? null : <Tag>{t('common.inactive')}</Tag>}
          </Space>
        }
        extra={
          canManage && !merged ? (
            <>
              <Button onClick={() => setEditing(true)} disabled={!c.active}>
                {t('common.edit')}
              </Button>
              <Button danger={c.active} onClick={() => setToggling(true)}>
                {c.active ? t('common.deactivate') : t('common.activate')}
              </Button>
            </>
          ) : null
        }
      />
      <Flex vertical gap={16}>
        {merged ? (
          <Alert
            type="info"
            showIcon
            title={t('customers.mergedInto')}
            action={
              <Link to={`/customers/${c.mergedIntoId}`}>
                <Button size="small">{t('customers.openSurvivor')}</Button>
              </Link>
            }
          />
        ) : null}
        <Card>
          <Descriptions
            column={{ xs: 1, sm: 1, md: 2, lg: 3 }}
            items={filled([
              { key: 'kind', label: t('customers.kind'), children: t(`customers.kind.${c.kind}`) },
              ...(c.companyName
                ? [{ key: 'company', label: t('customers.companyName'), children: c.companyName }]
                : []),
              {
                key: 'phones',
                label: t('customers.phones'),
                children: c.phones.length ? (
                  <Flex vertical>
                    {c.phones.map((p) => (
                      <span key={p.id} style={{ whiteSpace: 'nowrap' }}>
                        {p.display}
                        {p.label ? <Typography.Text type="secondary">（{p.label}）</Typography.Text> : null}
                        {p.isPrimary ? (
                          <Tag color="blue" style={{ marginInlineStart: 6 }}>
                            {t('customers.primary')}
                          </Tag>
                        ) : null}
                      </span>
                    ))}
                    {c.phonesMasked ? (
                      <Flex gap={8} align="center" wrap>
                        <Typography.Text type="secondary">{t('customers.phonesMasked')}</Typography.Text>
                        <RevealContactButton
                          route="POST /api/customers/:id/reveal-contact"
                          id={c.id}
                          onRevealed={(value) => setRevealed({ id: c.id, value })}
                        />
                      </Flex>
                    ) : null}
                  </Flex>
                ) : null,
              },
              {
                key: 'addresses',
                label: t('customers.addresses'),
                span: 'filled' as const,
                children: c.addresses.length ? (
                  <Flex vertical>
                    {c.addresses.map((a) => (
                      <span key={a.id}>
                        {a.divisionNames} {a.detail}
                        {a.label ? <Typography.Text type="secondary">（{a.label}）</Typography.Text> : null}
                        {a.lat !== null && a.lng !== null ? (
                          <Typography.Text type="secondary">
                            {' '}
                            [{a.lat}, {a.lng}]
                          </Typography.Text>
                        ) : null}
                        {a.isPrimary ? (
                          <Tag color="blue" style={{ marginInlineStart: 6 }}>
                            {t('customers.primary')}
                          </Tag>
                        ) : null}
                      </span>
                    ))}
                  </Flex>
                ) : null,
              },
              { key: 'email', label: t('customers.email'), children: c.email },
              { key: 'wechat', label: t('customers.wechatId'), children: c.wechatId },
              {
                key: 'tags',
                label: t('customers.tags'),
                children: c.tags.length ? (
                  <Flex gap={4} wrap>
                    {c.tags.map((tag) => (
                      <Tag key={tag} style={{ marginInlineEnd: 0 }}>
                        {tag}
                      </Tag>
                    ))}
                  </Flex>
                ) : null,
              },
              { key: 'time', label: t('customers.preferredContactTime'), children: c.preferredContactTime },
              {
                key: 'consent',
                label: t('customers.consentMessages'),
                children: c.consentMessages ? t('common.yes') : t('common.no'),
              },
              { key: 'unit', label: t('customers.responsibleUnit'), children: c.responsibleUnit?.name },
              { key: 'archive', label: t('customers.archive'), children: <ArchiveBadge c={c} /> },
              { key: 'first', label: t('customers.firstContactAt'), children: formatDateTime(c.firstContactAt) },
              { key: 'created', label: t('customers.createdAt'), children: formatDateTime(c.createdAt) },
              ...(c.notes
                ? [
                    {
                      key: 'notes',
                      label: t('customers.notes'),
                      span: 'filled' as const,
                      children: <span style={{ whiteSpace: 'pre-wrap' }}>{c.notes}</span>,
                    },
                  ]
                : []),
            ])}
          />
        </Card>
        <Card styles={{ body: { paddingTop: 4 } }}>
          <Tabs items={tabs} destroyOnHidden />
        </Card>
      </Flex>
      {editing ? <CustomerFormDrawer target={{ mode: 'edit', customer: c }} onClose={() => setEditing(false)} /> : null}
      {toggling ? (
        <ReasonModal
          title={t(c.active ? 'customers.deactivateTitle' : 'customers.activateTitle', { name: c.name })}
          okText={t(c.active ? 'common.deactivate' : 'common.activate')}
          danger={c.active}
          busy={toggle.isPending}
          onConfirm={(reason) => toggle.mutate({ c, reason })}
          onClose={() => setToggling(false)}
        />
      ) : null}
    </>
  );
}

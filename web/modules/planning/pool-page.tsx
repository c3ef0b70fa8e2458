import { ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { PoolOffer } from '../../../server/modules/planning/contract.js';
import { formatWindow } from '../../../shared/time-zone.js';
import { api } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { useDocumentTitle, useI18n } from '../../i18n/index.js';
import { formatDateTime, getDisplayZone } from '../../lib/format.js';
import { queryGate } from '../work-orders/labels.js';
import { useCodeText } from './code-text.js';

/** Tap targets at least 44 px high, as on the technician's jobs. */
const BIG = { size: 'large' as const, style: { minHeight: 48 } };

const STATE_COLOR: Record<PoolOffer['state'], string> = { open: 'blue', claimed: 'green', withdrawn: 'default' };

function OfferCard({
  offer,
  canWithdraw,
  busy,
  onClaim,
  onWithdraw,
}: {
  offer: PoolOffer;
  canWithdraw: boolean;
  busy: boolean;
  onClaim: () => void;
  onWithdraw: () => void;
}) {
  const { t, lang } = useI18n();
  const code = useCodeText();
  return (
    <Card size="small" data-testid="pool-offer" data-order={offer.orderId} styles={{ body: { padding: 12 } }}>
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Text strong style={{ fontSize: 16 }}>
          {offer.window ? formatWindow(offer.window.from, offer.window.to, getDisplayZone(), lang) : offer.code}
        </Typography.Text>
        <Tag color={STATE_COLOR[offer.state]}>{t(`pool.state.${offer.state}`)}</Tag>
      </Flex>
      <Typography.Text style={{ display: 'block', marginTop: 4 }}>
        {code.type(offer.serviceType)} · {offer.productLine?.name ?? t('pool.noLine')}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ display: 'block' }}>
        {[offer.code, offer.area].filter(Boolean).join(' · ')}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
        {t('pool.publishedAt', { at: formatDateTime(offer.publishedAt) })}
        {offer.claimedBy ? ` · ${t('pool.claimedBy', { name: offer.claimedBy.name })}` : ''}
      </Typography.Text>
      {offer.state === 'open' ? (
        <Flex gap={8} style={{ marginTop: 8 }}>
          {offer.claimable ? (
            <Button {...BIG} block type="primary" data-testid="pool-claim" loading={busy} onClick={onClaim}>
              {t('pool.claim')}
            </Button>
          ) : (
            <Typography.Text type="secondary">{t('pool.notClaimable')}</Typography.Text>
          )}
          {canWithdraw ? (
            <Button {...BIG} data-testid="pool-withdraw" disabled={busy} onClick={onWithdraw}>
              {t('pool.withdraw')}
            </Button>
          ) : null}
        </Flex>
      ) : null}
    </Card>
  );
}

/**
 * The order pool (工单池) of the reader's outlet: the open offers, claimable ones with a button. The
 * first claim wins; a lost race shows the server's message and the list is read again.
 */
export function PoolPage() {
  const { t } = useI18n();
  useDocumentTitle(t('pool.title'));
  const { message } = App.useApp();
  const onError = useApiError();
  const qc = useQueryClient();
  const me = useMe().data;
  const list = useApiQuery(
    'GET /api/planning/pool',
    { query: { state: 'open', limit: 100 } },
    { refetchInterval: 20_000 },
  );
  const [busy, setBusy] = useState<string | null>(null);
  const refresh = () => invalidateUrls(qc, '/api/planning/pool', '/api/orders', '/api/planning/my-route');

  const claim = async (offer: PoolOffer) => {
    setBusy(offer.id);
    try {
      await api.call('POST /api/planning/pool/:id/claim', { params: { id: offer.id } });
      message.success(t('pool.claimed'));
    } catch (err) {
      onError(err);
    } finally {
      setBusy(null);
      void refresh();
    }
  };
  const withdraw = async (offer: PoolOffer) => {
    setBusy(offer.id);
    try {
      await api.call('POST /api/planning/pool/:id/withdraw', {
        params: { id: offer.id },
        body: { version: offer.version },
      });
      message.success(t('pool.withdrawn'));
    } catch (err) {
      onError(err);
    } finally {
      setBusy(null);
      void refresh();
    }
  };

  const gate = queryGate(list);
  const offers = list.data?.items ?? [];
  return (
    <Flex vertical gap={12} style={{ maxWidth: 640, margin: '0 auto' }}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={4} style={{ margin: '4px 0' }}>
          {t('pool.title')}
        </Typography.Title>
        <Button icon={<ReloadOutlined />} onClick={() => list.refetch()} aria-label={t('common.refresh')} />
      </Flex>
      <Typography.Text type="secondary">{t('pool.intro')}</Typography.Text>
      {gate}
      {list.data && offers.length === 0 ? <Empty description={t('pool.empty')} /> : null}
      {offers.map((o) => (
        <OfferCard
          key={o.id}
          offer={o}
          canWithdraw={can(me, 'orders.dispatch')}
          busy={busy === o.id}
          onClaim={() => claim(o)}
          onWithdraw={() => withdraw(o)}
        />
      ))}
    </Flex>
  );
}

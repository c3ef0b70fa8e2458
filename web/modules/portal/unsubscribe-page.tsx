import { Button, Card, Descriptions, Result, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { type ApiError, isApiError } from '../../api/client.js';
import { useSetupStatus } from '../../api/session.js';
import { useI18n } from '../../i18n/index.js';
import { portalApi, type UnsubscribeView } from './portal-api.js';

type Load =
  | { kind: 'loading' }
  | { kind: 'failed'; error: ApiError | null }
  | { kind: 'ready'; view: UnsubscribeView; done: boolean };

/*
 * The unsubscribe link at the foot of a customer e-mail (docs/messages.md): no login; the page
 * names the channel and the address (masked) the link stops, one button, then the confirmation.
 * An address already stopped says so; an unknown or expired link shows the server's reason.
 */
export function UnsubscribePage() {
  const { t, lang } = useI18n();
  const { token = '' } = useParams();
  const hotline = useSetupStatus().data?.hotline;
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<ApiError | null>(null);

  const read = useCallback(async () => {
    setLoad({ kind: 'loading' });
    try {
      setLoad({ kind: 'ready', view: await portalApi.unsubscribeView(lang, token), done: false });
    } catch (err) {
      setLoad({ kind: 'failed', error: isApiError(err) ? err : null });
    }
  }, [lang, token]);
  useEffect(() => {
    void read();
  }, [read]);

  const call = hotline ? t('portal.unsub.hotline', { hotline }) : undefined;
  if (load.kind === 'loading') return <Spin style={{ display: 'block', margin: '48px auto' }} />;
  if (load.kind === 'failed') {
    const unknown = load.error && load.error.status > 0 && load.error.status < 500;
    return (
      <Card>
        <Result
          status={unknown ? 'warning' : 'error'}
          title={unknown ? load.error!.detail : t('portal.unsub.failed')}
          subTitle={call}
          extra={unknown ? null : <Button onClick={() => void read()}>{t('portal.survey.retry')}</Button>}
          data-testid="unsub-invalid"
        />
      </Card>
    );
  }

  const v = load.view;
  const channel = t(`portal.unsub.channel.${v.channel}`);
  if (v.optedOut)
    return (
      <Card>
        <Result
          status="success"
          title={t(load.done ? 'portal.unsub.done' : 'portal.unsub.already')}
          subTitle={
            <>
              {t('portal.unsub.doneText', { channel, address: v.address })}
              {call ? (
                <>
                  <br />
                  {call}
                </>
              ) : null}
            </>
          }
          data-testid={load.done ? 'unsub-done' : 'unsub-already'}
        />
      </Card>
    );

  const unsubscribe = async () => {
    setBusy(true);
    setRefused(null);
    try {
      const r = await portalApi.unsubscribe(lang, token);
      setLoad({ kind: 'ready', view: { ...v, ...r }, done: true });
    } catch (err) {
      setRefused(isApiError(err) ? err : null);
      if (!isApiError(err)) setLoad({ kind: 'failed', error: null });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card data-testid="unsub-page">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('portal.unsub.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('portal.unsub.intro', { channel })}</Typography.Paragraph>
      <Descriptions size="small" column={1} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('portal.unsub.channel')}>{channel}</Descriptions.Item>
        <Descriptions.Item label={t('portal.unsub.address')}>
          <span data-testid="unsub-address">{v.address}</span>
        </Descriptions.Item>
      </Descriptions>
      {refused ? (
        <Result
          status="warning"
          title={refused.detail || t('portal.unsub.failed')}
          subTitle={call}
          data-testid="unsub-refused"
        />
      ) : (
        <Button type="primary" danger block size="large" loading={busy} onClick={() => void unsubscribe()}>
          {t('portal.unsub.button')}
        </Button>
      )}
    </Card>
  );
}

import { Button, Card, Result, Spin } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { isApiError } from '../../api/client.js';
import type { Lang } from '../../../shared/i18n.js';
import { type MessageKey, useI18n } from '../../i18n/index.js';

/*
 * The pages a customer opens from a one-time SMS link (the callback survey, the recall booking):
 * the token from the address, the page's view loaded in the reader's language, and one way to
 * show it loading, unknown (404: the link is not valid) or failed (with a retry).
 */

export type LinkLoad<T> = { kind: 'loading' } | { kind: 'failed'; status: number } | { kind: 'ready'; view: T };

export function useLinkPage<T>(fetchView: (lang: Lang, token: string) => Promise<T>) {
  const { token = '' } = useParams();
  const { lang } = useI18n();
  const [load, setLoad] = useState<LinkLoad<T>>({ kind: 'loading' });
  const read = useCallback(async () => {
    try {
      setLoad({ kind: 'ready', view: await fetchView(lang, token) });
    } catch (err) {
      setLoad({ kind: 'failed', status: isApiError(err) ? err.status : 0 });
    }
  }, [fetchView, lang, token]);
  useEffect(() => {
    void read();
  }, [read]);
  return { token, lang, load, read, show: (view: T) => setLoad({ kind: 'ready', view }) };
}

/** The page while it loads, or when it could not: null once the view is there. */
export function LinkLoadState<T>({
  load,
  failedTitle,
  onRetry,
  testId,
}: {
  load: LinkLoad<T>;
  failedTitle: MessageKey;
  onRetry: () => void;
  testId: string;
}) {
  const { t } = useI18n();
  if (load.kind === 'loading') return <Spin style={{ display: 'block', margin: '48px auto' }} />;
  if (load.kind === 'ready') return null;
  const unknown = load.status === 404;
  return (
    <Card>
      <Result
        status={unknown ? 'warning' : 'error'}
        title={t(unknown ? 'portal.survey.invalid' : failedTitle)}
        data-testid={testId}
        extra={unknown ? null : <Button onClick={onRetry}>{t('portal.survey.retry')}</Button>}
      />
    </Card>
  );
}

import { Button, Flex, Result, Spin } from 'antd';
import type { ReactElement } from 'react';
import { Link } from 'react-router';
import { useT } from '../i18n/index.js';

export function FullPageSpin() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: '60vh' }}>
      <Spin size="large" />
    </Flex>
  );
}

export function NotFoundPage() {
  const t = useT();
  return (
    <Result
      status="404"
      title="404"
      subTitle={t('app.notFound')}
      extra={
        <Link to="/">
          <Button type="primary">{t('app.backHome')}</Button>
        </Link>
      }
    />
  );
}

export function ForbiddenPage() {
  const t = useT();
  return (
    <Result
      status="403"
      title="403"
      subTitle={t('app.forbidden')}
      extra={
        <Link to="/">
          <Button type="primary">{t('app.backHome')}</Button>
        </Link>
      }
    />
  );
}

export function LoadFailed({ detail, onRetry }: { detail?: string; onRetry?: () => void }) {
  const t = useT();
  return (
    <Result
      status="error"
      title={t('app.loadFailed')}
      subTitle={detail}
      extra={onRetry ? <Button onClick={onRetry}>{t('common.refresh')}</Button> : undefined}
    />
  );
}

/** A record page's read as far as its state goes (TanStack Query's result, narrowed to what is used). */
interface RecordRead {
  isPending: boolean;
  isError: boolean;
  error: { status?: number; detail?: string } | null;
  refetch: () => unknown;
}

/**
 * What a record page shows until its record is here: a spinner while it is read; "not found" (a 404,
 * or a 400 for an id that is not one) with the way back to its list; the failure with a retry.
 * Null once the record has arrived. One gate for every record page, so none is left blank.
 */
export function recordLoadState(
  q: RecordRead,
  notFound: { text: string; back?: { to: string; label: string } },
): ReactElement | null {
  if (q.isPending)
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin />
      </Flex>
    );
  if (!q.isError) return null;
  if (q.error?.status === 404 || q.error?.status === 400)
    return (
      <Result
        status="404"
        title="404"
        subTitle={notFound.text}
        extra={
          notFound.back ? (
            <Link to={notFound.back.to}>
              <Button type="primary">{notFound.back.label}</Button>
            </Link>
          ) : undefined
        }
      />
    );
  return <LoadFailed detail={q.error?.detail} onRetry={() => q.refetch()} />;
}

import { Badge, Button, Card, Statistic } from 'antd';
import { Link } from 'react-router';
import { useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useT } from '../../i18n/index.js';

/** Home-page check (seed 001): customers whose archive is still incomplete past the days allowed. */
function useOverdueArchives() {
  const me = useMe().data;
  const allowed = can(me, 'customers.read');
  const page = useApiQuery('GET /api/customers/incomplete-archives', allowed ? { query: { pageSize: 1 } } : null);
  return { allowed, page };
}

export function IncompleteArchivesCard() {
  const t = useT();
  const { allowed, page } = useOverdueArchives();
  if (!allowed) return null;
  const total = page.data?.total ?? 0;
  return (
    <Card size="small" style={{ maxWidth: 320 }}>
      <Link to="/customers/incomplete">
        <Statistic
          title={t('customers.overdueTitle')}
          value={page.isError ? '—' : total}
          loading={page.isPending}
          suffix={page.data?.totalCapped ? '+' : undefined}
          styles={{ content: { color: total > 0 ? '#cf1322' : undefined } }}
        />
      </Link>
    </Card>
  );
}

/** The same check on the intake desk, the hotline's home: a button only while some archive is overdue. */
export function IncompleteArchivesButton() {
  const t = useT();
  const { allowed, page } = useOverdueArchives();
  const total = page.data?.total ?? 0;
  if (!allowed || total === 0) return null;
  return (
    <Link to="/customers/incomplete">
      <Badge count={total} overflowCount={99}>
        <Button danger>{t('customers.overdueTitle')}</Button>
      </Badge>
    </Link>
  );
}

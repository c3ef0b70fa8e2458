import { BellOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { useNavigate } from 'react-router';
import { useApiQuery } from '../../api/queries.js';
import { useT } from '../../i18n/index.js';

/** The bell in the header: unread notices, polled every 30 seconds; opens the inbox. */
export function InboxBell() {
  const t = useT();
  const navigate = useNavigate();
  const unread = useApiQuery('GET /api/inbox/unread-count', {}, { refetchInterval: 30_000 }).data?.unread ?? 0;
  return (
    <Badge count={unread} size="small" offset={[-4, 4]}>
      <Button
        type="text"
        icon={<BellOutlined />}
        aria-label={t('inbox.bell', { n: unread })}
        data-testid="inbox-bell"
        onClick={() => navigate('/inbox')}
      />
    </Badge>
  );
}

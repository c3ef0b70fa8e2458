import { Tag, Tooltip } from 'antd';
import type { CustomerSummary } from '../../../server/modules/customers/contract.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';

type Archive = Pick<CustomerSummary, 'archiveComplete' | 'archiveMissing' | 'archiveOverdue' | 'archiveDueAt'>;

/** Complete, incomplete (what is missing) or overdue past the days allowed after first contact. */
export function ArchiveBadge({ c }: { c: Archive }) {
  const { t, tryT } = useI18n();
  if (c.archiveComplete) return <Tag color="green">{t('customers.archiveComplete')}</Tag>;
  const missing = c.archiveMissing.map((m) => tryT(`customers.missing.${m}`) ?? m).join(t('common.listSeparator'));
  const tip = [
    t('customers.archiveMissing', { missing }),
    c.archiveDueAt ? t('customers.archiveDue', { at: formatDateTime(c.archiveDueAt) }) : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <Tooltip title={tip}>
      <Tag color={c.archiveOverdue ? 'red' : 'orange'}>
        {c.archiveOverdue ? t('customers.archiveOverdue') : t('customers.archiveIncomplete')}
      </Tag>
    </Tooltip>
  );
}

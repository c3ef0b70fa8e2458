import { Table, Typography } from 'antd';
import type { AuditEvent } from '../../../server/platform/events/contract.js';
import { type Translate, useI18n } from '../../i18n/index.js';
import type { Lang } from '../../../shared/i18n.js';
import { formatValue } from '../../lib/format.js';
import { permissionName, roleName } from '../../lib/names.js';
import { fieldLabel } from './audit-labels.js';

/** Yes/no, and role and permission lists by name rather than by code. */
function display(field: string, v: unknown, lang: Lang, t: Translate): unknown {
  if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
  if (!Array.isArray(v)) return v;
  const sep = t('common.listSeparator');
  if (field === 'roles') return v.map((c) => roleName(String(c), lang)).join(sep);
  if (field === 'permissions' || field === 'scopes') return v.map((c) => permissionName(String(c), lang)).join(sep);
  return v;
}

function Value({ field, v }: { field: string; v: unknown }) {
  const { t, lang } = useI18n();
  const text = formatValue(display(field, v, lang, t));
  return text === '' ? (
    <Typography.Text type="secondary">{t('audit.empty')}</Typography.Text>
  ) : (
    <Typography.Text style={{ wordBreak: 'break-all' }}>{text}</Typography.Text>
  );
}

/** One row per changed field: before → after. */
export function ChangesTable({ event }: { event: AuditEvent }) {
  const i18n = useI18n();
  const { t } = i18n;
  const rows = Object.entries(event.changes).map(([field, c]) => ({ field, ...c }));
  if (!rows.length) return <Typography.Text type="secondary">{t('audit.noChanges')}</Typography.Text>;
  return (
    <Table
      size="small"
      rowKey="field"
      pagination={false}
      dataSource={rows}
      scroll={{ x: 'max-content' }}
      columns={[
        {
          key: 'field',
          title: t('audit.field'),
          render: (_, r) => <span title={r.field}>{fieldLabel(i18n, event.entity, r.field)}</span>,
        },
        { key: 'before', title: t('audit.before'), render: (_, r) => <Value field={r.field} v={r.before} /> },
        { key: 'after', title: t('audit.after'), render: (_, r) => <Value field={r.field} v={r.after} /> },
      ]}
    />
  );
}

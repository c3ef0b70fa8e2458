import { QrcodeOutlined, SwapOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Empty, Flex, Space, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { divisionPath } from '../../../shared/divisions.js';
import { useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { PageHeader } from '../../components/page-header.js';
import { FullPageSpin, LoadFailed } from '../../components/status-pages.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { actionLabel } from '../audit/audit-labels.js';
import { maintenanceText } from '../catalog/maintenance.js';
import { UnitCareSection } from '../care/unit-care.js';
import { UnitWarrantySection } from '../warranty/unit-warranty.js';
import { settableStatuses, UnitReplaceModal, UnitStatusModal } from './unit-actions.js';
import { historyLine } from './unit-history.js';
import { UnitFormModal } from './unit-form-modal.js';
import { UnitLabelModal } from './unit-label.js';
import { UnitStatusTag } from './unit-status-tag.js';
import type { UnitDetail } from './units-api.js';
import { formatYuan } from '../warranty/warranty-rules.js';

type Link_ = UnitDetail['replaces'];

function ChainLink({ link }: { link: Link_ }) {
  const { t } = useI18n();
  if (!link) return null;
  return (
    <Space size={6}>
      <Link to={`/units/${link.id}`}>{link.serialNo}</Link>
      <Typography.Text type="secondary">{link.modelCode}</Typography.Text>
      <Typography.Text type="secondary">{t(`units.status.${link.status}`)}</Typography.Text>
    </Space>
  );
}

/** One unit: model, owner, dates, status, replacement chain, service history and its QR label. */
export function UnitDetailPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const me = useMe().data!;
  const unit = useApiQuery('GET /api/units/:id', { params: { id } });
  const canManage = can(me, 'customers.manage');
  const owner = useApiQuery(
    'GET /api/customers/:id',
    canManage && unit.data ? { params: { id: unit.data.customer.id } } : null,
  );
  const [dialog, setDialog] = useState<'label' | 'status' | 'replace' | 'edit' | null>(null);

  if (unit.isPending) return <FullPageSpin />;
  if (unit.isError) return <LoadFailed detail={unit.error.detail} onRetry={() => unit.refetch()} />;
  const u = unit.data;
  const d = (s: string | null) => s ?? '';
  const known = <T extends { children?: unknown }>(items: T[]) =>
    items.filter((i) => i.children !== '' && i.children !== null);

  return (
    <>
      <PageHeader
        title={
          <Space wrap size={8}>
            <span style={{ fontFamily: 'monospace' }}>{u.serialNo}</span>
            <UnitStatusTag status={u.status} />
          </Space>
        }
        extra={
          <>
            <Button icon={<QrcodeOutlined />} onClick={() => setDialog('label')}>
              {t('units.label')}
            </Button>
            {canManage ? (
              <>
                <Button onClick={() => setDialog('edit')}>{t('common.edit')}</Button>
                {settableStatuses(u.status).length ? (
                  <Button onClick={() => setDialog('status')}>{t('units.changeStatus')}</Button>
                ) : null}
                {u.status === 'active' && !u.replacedBy ? (
                  <Button icon={<SwapOutlined />} onClick={() => setDialog('replace')}>
                    {t('units.replace')}
                  </Button>
                ) : null}
              </>
            ) : null}
          </>
        }
      />
      <Flex vertical gap={16}>
        <Card>
          <Descriptions
            column={{ xs: 1, sm: 1, md: 2, lg: 3 }}
            items={known([
              { key: 'model', label: t('units.model'), children: `${u.model.code} · ${u.model.name}` },
              {
                key: 'line',
                label: t('units.line'),
                children: `${u.line.name}（${t(`catalog.category.${u.line.category}`)}）`,
              },
              {
                key: 'owner',
                label: t('units.owner'),
                children: (
                  <Link to={`/customers/${u.customer.id}`}>
                    {u.customer.name}（{u.customer.code}）
                  </Link>
                ),
              },
              { key: 'usage', label: t('units.usage'), children: t(`units.usage.${u.usage}`) },
              { key: 'purchase', label: t('units.purchaseDate'), children: d(u.purchaseDate) },
              { key: 'invoice', label: t('units.invoiceNo'), children: d(u.invoiceNo) },
              { key: 'invoiceDate', label: t('units.invoiceDate'), children: d(u.invoiceDate) },
              {
                key: 'purchasePrice',
                label: t('units.purchasePrice'),
                children: formatYuan(u.purchasePriceFen),
              },
              { key: 'seller', label: t('units.sellerChannel'), children: d(u.sellerChannel) },
              { key: 'installed', label: t('units.installedOn'), children: d(u.installedOn) },
              { key: 'accepted', label: t('units.acceptedOn'), children: d(u.acceptedOn) },
              {
                key: 'maintenance',
                label: t('catalog.maintenance'),
                children: maintenanceText(u.model, t),
              },
              {
                key: 'address',
                label: t('units.address'),
                span: 'filled' as const,
                children: u.address ? `${divisionPath(u.address)} ${u.address.detail}` : '',
              },
              { key: 'location', label: t('units.location'), children: d(u.location) },
              ...(u.replaces
                ? [{ key: 'replaces', label: t('units.replaces'), children: <ChainLink link={u.replaces} /> }]
                : []),
              ...(u.replacedBy
                ? [{ key: 'replacedBy', label: t('units.replacedBy'), children: <ChainLink link={u.replacedBy} /> }]
                : []),
              { key: 'created', label: t('customers.createdAt'), children: formatDateTime(u.createdAt) },
            ])}
          />
        </Card>
        <UnitWarrantySection unitId={u.id} modelId={u.model.id} customerId={u.customer.id} />
        <UnitCareSection unitId={u.id} />
        <Card title={t('units.history')}>
          {u.history.length ? (
            <Timeline
              items={u.history.map((h) => ({
                key: h.id,
                content: (
                  <Flex vertical gap={2}>
                    <Typography.Text type="secondary">{formatDateTime(h.at)}</Typography.Text>
                    <span>
                      <Typography.Text strong>{actionLabel(i18n, h.action)}</Typography.Text>
                      <Typography.Text type="secondary"> · {h.actorName}</Typography.Text>
                    </span>
                    {historyLine(h, (k, p) => i18n.tryT(k, p)) ? (
                      <Typography.Text type="secondary" style={{ wordBreak: 'break-all' }}>
                        {historyLine(h, (k, p) => i18n.tryT(k, p))}
                      </Typography.Text>
                    ) : null}
                    {h.reason ? <Typography.Text>{t('units.reasonIs', { reason: h.reason })}</Typography.Text> : null}
                  </Flex>
                ),
              }))}
            />
          ) : (
            <Empty />
          )}
        </Card>
      </Flex>
      {dialog === 'label' ? <UnitLabelModal unitId={u.id} onClose={() => setDialog(null)} /> : null}
      {dialog === 'status' ? <UnitStatusModal unit={u} onClose={() => setDialog(null)} /> : null}
      {dialog === 'replace' ? (
        <UnitReplaceModal
          unit={u}
          onClose={() => setDialog(null)}
          onReplaced={(fresh) => navigate(`/units/${fresh.id}`)}
        />
      ) : null}
      {dialog === 'edit' ? (
        <UnitFormModal
          target={{ mode: 'edit', unit: u, addresses: owner.data?.addresses ?? [] }}
          onClose={() => setDialog(null)}
        />
      ) : null}
    </>
  );
}

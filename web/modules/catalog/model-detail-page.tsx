import { DeleteOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Flex, InputNumber, Space, Switch, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { BomReplace } from '../../../server/modules/customers/catalog/contract.js';
import { api } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { PageHeader } from '../../components/page-header.js';
import { FullPageSpin, LoadFailed } from '../../components/status-pages.js';
import { useI18n } from '../../i18n/index.js';
import { ActiveTag } from './active-tag.js';
import { CATALOG_URL, type ProductModelDetail } from './catalog-api.js';
import { type BomRow, bomChanged, bomItems } from './catalog-rules.js';
import { maintenanceText } from './maintenance.js';
import { ModelFormModal } from './model-form-modal.js';
import { PartSelect } from './part-select.js';
import { useToggleActive } from './use-toggle-active.js';

function rowsOf(m: ProductModelDetail): BomRow[] {
  return m.parts.map((p) => ({
    partId: p.partId,
    code: p.code,
    name: p.name,
    quantity: p.quantity,
    isMain: p.isMain,
    active: p.active,
  }));
}

/** One model: line, usages, maintenance cycle, and its parts list (BOM) marking main parts. */
export function ModelDetailPage() {
  const { t, lang } = useI18n();
  const { id = '' } = useParams();
  const me = useMe().data!;
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  const canManage = can(me, 'catalog.manage');
  const model = useApiQuery('GET /api/catalog/models/:id', { params: { id } });
  const [rows, setRows] = useState<BomRow[]>([]);
  const [editing, setEditing] = useState(false);
  const toggle = useToggleActive('models');

  useEffect(() => {
    if (model.data) setRows(rowsOf(model.data));
  }, [model.data]);

  const saveBom = useMutation({
    mutationFn: (m: ProductModelDetail) => {
      const body: BomReplace = { items: bomItems(rows), version: m.version };
      return api.call('PUT /api/catalog/models/:id/bom', { params: { id: m.id }, body });
    },
    onSuccess: async () => {
      message.success(t('catalog.bomSaved'));
      await invalidateUrls(qc, CATALOG_URL);
    },
    onError: (err) => showError(err),
  });

  if (model.isPending) return <FullPageSpin />;
  if (model.isError) return <LoadFailed detail={model.error.detail} onRetry={() => model.refetch()} />;
  const m = model.data;
  const dirty = bomChanged(rowsOf(m), rows);
  const update = (partId: string, patch: Partial<BomRow>) =>
    setRows((rs) => rs.map((r) => (r.partId === partId ? { ...r, ...patch } : r)));

  return (
    <>
      <PageHeader
        title={
          <Space wrap size={8}>
            <span>{m.name}</span>
            <Typography.Text type="secondary" style={{ fontSize: 14, fontWeight: 'normal' }}>
              {m.code}
            </Typography.Text>
            <ActiveTag active={m.active} />
          </Space>
        }
        extra={
          <>
            <Link to="/catalog?tab=models">
              <Button>{t('catalog.backToModels')}</Button>
            </Link>
            {canManage ? (
              <>
                <Button onClick={() => setEditing(true)}>{t('common.edit')}</Button>
                <Button danger={m.active} loading={toggle.isPending} onClick={() => toggle.mutate(m)}>
                  {m.active ? t('common.deactivate') : t('common.activate')}
                </Button>
              </>
            ) : null}
          </>
        }
      />
      <Flex vertical gap={16}>
        <Card>
          <Descriptions
            column={{ xs: 1, sm: 2, lg: 3 }}
            items={[
              {
                key: 'line',
                label: t('catalog.line'),
                children: `${m.lineName}（${t(`catalog.category.${m.lineCategory}`)}）`,
              },
              {
                key: 'usage',
                label: t('catalog.usageKinds'),
                children: m.usageKinds.map((u) => <Tag key={u}>{t(`units.usage.${u}`)}</Tag>),
              },
              {
                key: 'maintenance',
                label: t('catalog.maintenance'),
                children: maintenanceText(m, t) || t('catalog.noCycle'),
              },
            ]}
          />
        </Card>
        <Card
          title={t('catalog.bom')}
          extra={
            canManage ? (
              <Space wrap>
                {dirty ? <Button onClick={() => setRows(rowsOf(m))}>{t('common.reset')}</Button> : null}
                <Button type="primary" disabled={!dirty} loading={saveBom.isPending} onClick={() => saveBom.mutate(m)}>
                  {t('catalog.saveBom')}
                </Button>
              </Space>
            ) : null
          }
        >
          <Flex vertical gap={12}>
            <Typography.Text type="secondary">{t('catalog.bomHint')}</Typography.Text>
            {canManage ? (
              <PartSelect
                exclude={rows.map((r) => r.partId)}
                onPick={(p) =>
                  setRows((rs) => [
                    ...rs,
                    {
                      partId: p.id,
                      code: p.code,
                      name: lang === 'en' && p.nameEn ? p.nameEn : p.name,
                      quantity: 1,
                      isMain: false,
                    },
                  ])
                }
              />
            ) : null}
            {dirty ? <Alert type="warning" showIcon title={t('catalog.bomUnsaved')} /> : null}
            <Table<BomRow>
              rowKey="partId"
              size="small"
              dataSource={rows}
              pagination={false}
              scroll={{ x: 'max-content' }}
              columns={[
                { key: 'code', title: t('catalog.partCode'), dataIndex: 'code' },
                {
                  key: 'name',
                  title: t('catalog.partName'),
                  render: (_, r) => (
                    <span>
                      {r.name}
                      {r.active === false ? <Tag style={{ marginInlineStart: 6 }}>{t('common.inactive')}</Tag> : null}
                    </span>
                  ),
                },
                {
                  key: 'quantity',
                  title: t('catalog.quantity'),
                  render: (_, r) =>
                    canManage ? (
                      <InputNumber
                        size="small"
                        min={1}
                        max={9999}
                        precision={0}
                        value={r.quantity}
                        onChange={(v) => update(r.partId, { quantity: v ?? 1 })}
                        aria-label={t('catalog.quantity')}
                        style={{ width: 90 }}
                      />
                    ) : (
                      r.quantity
                    ),
                },
                {
                  key: 'main',
                  title: t('catalog.isMain'),
                  render: (_, r) =>
                    canManage ? (
                      <Switch
                        size="small"
                        checked={r.isMain}
                        onChange={(v) => update(r.partId, { isMain: v })}
                        aria-label={t('catalog.isMain')}
                      />
                    ) : r.isMain ? (
                      <Tag color="red">{t('catalog.isMain')}</Tag>
                    ) : null,
                },
                ...(canManage
                  ? [
                      {
                        key: 'remove',
                        title: '',
                        render: (_: unknown, r: BomRow) => (
                          <Button
                            type="text"
                            danger
                            size="small"
                            icon={<DeleteOutlined />}
                            aria-label={t('catalog.removePart')}
                            onClick={() => setRows((rs) => rs.filter((x) => x.partId !== r.partId))}
                          />
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Flex>
        </Card>
      </Flex>
      {editing ? <ModelFormModal model={m} onClose={() => setEditing(false)} /> : null}
    </>
  );
}

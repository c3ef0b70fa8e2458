import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { useApiQuery } from '../../api/queries.js';
import { useI18n } from '../../i18n/index.js';
import { ActiveTag } from './active-tag.js';
import type { Part } from './catalog-api.js';
import { PartFormModal } from './part-form-modal.js';
import { mayReadPrices, PartPricesDrawer } from './part-prices.js';
import { useMe } from '../../api/session.js';
import { useToggleActive } from './use-toggle-active.js';

/** Parts of the catalog, searched by code or name. */
export function PartsTab({ canManage }: { canManage: boolean }) {
  const { t, lang } = useI18n();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [withInactive, setWithInactive] = useState(false);
  const [editing, setEditing] = useState<Part | 'new' | null>(null);
  const parts = useApiQuery(
    'GET /api/catalog/parts',
    { query: { q: q || undefined, page, pageSize: 50, includeInactive: withInactive ? 'true' : undefined } },
    { placeholderData: (prev) => prev },
  );
  const toggle = useToggleActive('parts');
  const showPrices = mayReadPrices(useMe().data?.permissions ?? []);
  const [pricing, setPricing] = useState<Part | null>(null);
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" wrap gap={8}>
        <Flex gap={8} align="center" wrap>
          <Input.Search
            allowClear
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
            placeholder={t('catalog.searchPlaceholder')}
            aria-label={t('common.search')}
            style={{ width: 240, maxWidth: '100%' }}
          />
          <Switch
            size="small"
            checked={withInactive}
            onChange={setWithInactive}
            aria-label={t('catalog.showInactive')}
          />
          <Typography.Text>{t('catalog.showInactive')}</Typography.Text>
        </Flex>
        {canManage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('catalog.createPart')}
          </Button>
        ) : null}
      </Flex>
      <Table<Part>
        rowKey="id"
        size="middle"
        loading={parts.isFetching}
        dataSource={parts.data?.items}
        scroll={{ x: 'max-content' }}
        pagination={{
          current: page,
          pageSize: 50,
          total: parts.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        columns={[
          { key: 'code', title: t('catalog.code'), dataIndex: 'code' },
          { key: 'name', title: t('catalog.name'), render: (_, p) => (lang === 'en' && p.nameEn ? p.nameEn : p.name) },
          { key: 'active', title: t('common.status'), render: (_, p) => <ActiveTag active={p.active} /> },
          ...(showPrices
            ? [
                {
                  key: 'prices',
                  title: t('parts.prices.action'),
                  render: (_: unknown, p: Part) => (
                    <Button type="link" size="small" onClick={() => setPricing(p)}>
                      {t('parts.prices.action')}
                    </Button>
                  ),
                },
              ]
            : []),
          ...(canManage
            ? [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  render: (_: unknown, p: Part) => (
                    <Flex gap={0} wrap>
                      <Button type="link" size="small" onClick={() => setEditing(p)}>
                        {t('common.edit')}
                      </Button>
                      <Button type="link" size="small" danger={p.active} onClick={() => toggle.mutate(p)}>
                        {p.active ? t('common.deactivate') : t('common.activate')}
                      </Button>
                    </Flex>
                  ),
                },
              ]
            : []),
        ]}
      />
      {pricing ? <PartPricesDrawer part={pricing} onClose={() => setPricing(null)} /> : null}
      {editing ? <PartFormModal part={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
    </Flex>
  );
}

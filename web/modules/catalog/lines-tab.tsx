import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { useApiList } from '../../api/queries.js';
import { useI18n } from '../../i18n/index.js';
import { ActiveTag } from './active-tag.js';
import type { ProductLine } from './catalog-api.js';
import { LineFormModal } from './line-form-modal.js';
import { useToggleActive } from './use-toggle-active.js';

/** Product lines (washing machines, boats, lighting…), with the count of active models. */
export function LinesTab({ canManage, onShowModels }: { canManage: boolean; onShowModels: (lineId: string) => void }) {
  const { t, lang } = useI18n();
  const [withInactive, setWithInactive] = useState(false);
  const [editing, setEditing] = useState<ProductLine | 'new' | null>(null);
  const lines = useApiList('GET /api/catalog/lines', { query: { includeInactive: withInactive ? 'true' : undefined } });
  const toggle = useToggleActive('lines');
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" wrap gap={8}>
        <Flex gap={8} align="center">
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
            {t('catalog.createLine')}
          </Button>
        ) : null}
      </Flex>
      <Table<ProductLine>
        rowKey="id"
        size="middle"
        loading={lines.isFetching}
        dataSource={lines.data}
        scroll={{ x: 'max-content' }}
        pagination={false}
        columns={[
          { key: 'code', title: t('catalog.code'), dataIndex: 'code' },
          { key: 'name', title: t('catalog.name'), render: (_, l) => (lang === 'en' && l.nameEn ? l.nameEn : l.name) },
          { key: 'category', title: t('catalog.category'), render: (_, l) => t(`catalog.category.${l.category}`) },
          {
            key: 'models',
            title: t('catalog.modelCount'),
            align: 'right',
            render: (_, l) => (
              <Button type="link" size="small" onClick={() => onShowModels(l.id)}>
                {l.modelCount}
              </Button>
            ),
          },
          { key: 'active', title: t('common.status'), render: (_, l) => <ActiveTag active={l.active} /> },
          ...(canManage
            ? [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  render: (_: unknown, l: ProductLine) => (
                    <Flex gap={0} wrap>
                      <Button type="link" size="small" onClick={() => setEditing(l)}>
                        {t('common.edit')}
                      </Button>
                      <Button type="link" size="small" danger={l.active} onClick={() => toggle.mutate(l)}>
                        {l.active ? t('common.deactivate') : t('common.activate')}
                      </Button>
                    </Flex>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing ? <LineFormModal line={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
    </Flex>
  );
}

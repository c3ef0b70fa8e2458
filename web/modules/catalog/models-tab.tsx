import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Select, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { USAGE_KINDS } from '../../../server/modules/customers/catalog/contract.js';
import { useApiList, useApiQuery } from '../../api/queries.js';
import { useT } from '../../i18n/index.js';
import { ActiveTag } from './active-tag.js';
import type { ProductModel } from './catalog-api.js';
import { ModelFormModal } from './model-form-modal.js';
import { maintenanceText } from './maintenance.js';

/** Models by line, usage and code/name; a row opens the model with its parts list. */
export function ModelsTab({
  canManage,
  lineId,
  onLineChange,
}: {
  canManage: boolean;
  lineId?: string;
  onLineChange: (lineId: string | undefined) => void;
}) {
  const t = useT();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [usage, setUsage] = useState<(typeof USAGE_KINDS)[number] | undefined>();
  const [page, setPage] = useState(1);
  const [withInactive, setWithInactive] = useState(false);
  const [editing, setEditing] = useState<ProductModel | 'new' | null>(null);
  const lines = useApiList('GET /api/catalog/lines', {});
  const models = useApiQuery(
    'GET /api/catalog/models',
    {
      query: {
        lineId,
        q: q || undefined,
        usage,
        page,
        pageSize: 50,
        includeInactive: withInactive ? 'true' : undefined,
      },
    },
    { placeholderData: (prev) => prev },
  );
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
            style={{ width: 220, maxWidth: '100%' }}
          />
          <Select
            allowClear
            value={lineId}
            onChange={(v) => {
              onLineChange(v);
              setPage(1);
            }}
            options={(lines.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
            placeholder={t('catalog.line')}
            aria-label={t('catalog.line')}
            style={{ width: 180 }}
          />
          <Select
            allowClear
            value={usage}
            onChange={(v) => {
              setUsage(v);
              setPage(1);
            }}
            options={USAGE_KINDS.map((u) => ({ value: u, label: t(`units.usage.${u}`) }))}
            placeholder={t('units.usage')}
            aria-label={t('units.usage')}
            style={{ width: 120 }}
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
            {t('catalog.createModel')}
          </Button>
        ) : null}
      </Flex>
      <Table<ProductModel>
        rowKey="id"
        size="middle"
        loading={models.isFetching}
        dataSource={models.data?.items}
        scroll={{ x: 'max-content' }}
        onRow={(m) => ({ onClick: () => navigate(`/catalog/models/${m.id}`), style: { cursor: 'pointer' } })}
        pagination={{
          current: page,
          pageSize: 50,
          total: models.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
        }}
        columns={[
          {
            key: 'code',
            title: t('catalog.modelCode'),
            render: (_, m) => <Link to={`/catalog/models/${m.id}`}>{m.code}</Link>,
          },
          { key: 'name', title: t('catalog.name'), dataIndex: 'name' },
          { key: 'line', title: t('catalog.line'), dataIndex: 'lineName' },
          {
            key: 'usage',
            title: t('catalog.usageKinds'),
            render: (_, m) =>
              m.usageKinds.map((u) => (
                <Tag key={u} style={{ marginInlineEnd: 4 }}>
                  {t(`units.usage.${u}`)}
                </Tag>
              )),
          },
          { key: 'maintenance', title: t('catalog.maintenance'), render: (_, m) => maintenanceText(m, t) },
          { key: 'parts', title: t('catalog.partCount'), dataIndex: 'partCount', align: 'right' },
          { key: 'active', title: t('common.status'), render: (_, m) => <ActiveTag active={m.active} /> },
        ]}
      />
      {editing ? (
        <ModelFormModal model={editing === 'new' ? null : editing} lineId={lineId} onClose={() => setEditing(null)} />
      ) : null}
    </Flex>
  );
}

import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Table } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Customer } from '../../../server/modules/customers/contract.js';
import { useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useT } from '../../i18n/index.js';
import { UnitFormModal } from '../units/unit-form-modal.js';
import { UnitStatusTag } from '../units/unit-status-tag.js';
import type { UnitListItem } from '../units/units-api.js';

/** The customer's installed base, with "add unit". */
export function CustomerUnits({ customer }: { customer: Customer }) {
  const t = useT();
  const me = useMe().data!;
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const units = useApiQuery(
    'GET /api/units',
    { query: { customerId: customer.id, page, pageSize: 20 } },
    {
      placeholderData: (prev) => prev,
    },
  );
  const canAdd = can(me, 'customers.manage') && customer.active && !customer.mergedIntoId;

  return (
    <Flex vertical gap={12}>
      {canAdd ? (
        <Flex justify="flex-end">
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('units.create')}
          </Button>
        </Flex>
      ) : null}
      <Table<UnitListItem>
        rowKey="id"
        size="small"
        loading={units.isFetching}
        dataSource={units.data?.items}
        scroll={{ x: 'max-content' }}
        onRow={(u) => ({ onClick: () => navigate(`/units/${u.id}`), style: { cursor: 'pointer' } })}
        pagination={{
          current: page,
          pageSize: 20,
          total: units.data?.total ?? 0,
          hideOnSinglePage: true,
          onChange: setPage,
        }}
        columns={[
          {
            key: 'serial',
            title: t('units.serial'),
            render: (_, u) => <Link to={`/units/${u.id}`}>{u.serialNo}</Link>,
          },
          { key: 'model', title: t('units.model'), render: (_, u) => `${u.modelCode} · ${u.modelName}` },
          { key: 'usage', title: t('units.usage'), render: (_, u) => t(`units.usage.${u.usage}`) },
          { key: 'purchase', title: t('units.purchaseDate'), dataIndex: 'purchaseDate' },
          { key: 'status', title: t('common.status'), render: (_, u) => <UnitStatusTag status={u.status} /> },
        ]}
      />
      {adding ? (
        <UnitFormModal
          target={{
            mode: 'create',
            customerId: customer.id,
            customerKind: customer.kind,
            addresses: customer.addresses,
          }}
          onClose={() => setAdding(false)}
          onSaved={(u) => navigate(`/units/${u.id}`)}
        />
      ) : null}
    </Flex>
  );
}

import { Empty, Flex, Table, Tag, Typography } from 'antd';
import type { Contact, ServiceRequest } from '../../../server/modules/intake/contract.js';
import { useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';

/** Contacts logged for this customer and their service requests (from the intake desk). */
export function CustomerActivity({ customerId }: { customerId: string }) {
  const { t, tryT } = useI18n();
  const me = useMe().data!;
  const contacts = useApiQuery(
    'GET /api/intake/contacts',
    can(me, 'contacts.create') ? { query: { customerId, pageSize: 50 } } : null,
  );
  const requests = useApiQuery('GET /api/intake/requests', { query: { customerId, pageSize: 50 } });
  const label = (prefix: string, code: string) => tryT(`${prefix}.${code}`) ?? code;

  return (
    <Flex vertical gap={16}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('customers.requests')}
      </Typography.Title>
      {requests.isError ? (
        <Empty description={t('customers.notAvailable')} />
      ) : (
        <Table<ServiceRequest>
          rowKey="id"
          size="small"
          loading={requests.isFetching}
          dataSource={requests.data?.items}
          scroll={{ x: 'max-content' }}
          pagination={false}
          columns={[
            { key: 'code', title: t('customers.requestCode'), dataIndex: 'code' },
            {
              key: 'kind',
              title: t('customers.requestKind'),
              render: (_, r) => label('customers.requestKind', r.kind),
            },
            { key: 'serial', title: t('units.serial'), dataIndex: 'serialNo' },
            {
              key: 'symptoms',
              title: t('customers.symptoms'),
              render: (_, r) => (
                <Typography.Text ellipsis style={{ maxWidth: 320 }}>
                  {r.symptoms}
                </Typography.Text>
              ),
            },
            {
              key: 'status',
              title: t('common.status'),
              render: (_, r) => <Tag>{label('customers.requestStatus', r.status)}</Tag>,
            },
            { key: 'at', title: t('customers.createdAt'), render: (_, r) => formatDateTime(r.createdAt) },
          ]}
        />
      )}
      {can(me, 'contacts.create') ? (
        <>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('customers.contacts')}
          </Typography.Title>
          {contacts.isError ? (
            <Empty description={t('customers.notAvailable')} />
          ) : (
            <Table<Contact>
              rowKey="id"
              size="small"
              loading={contacts.isFetching}
              dataSource={contacts.data?.items}
              scroll={{ x: 'max-content' }}
              pagination={false}
              columns={[
                { key: 'at', title: t('customers.contactAt'), render: (_, c) => formatDateTime(c.startedAt) },
                {
                  key: 'channel',
                  title: t('customers.channel'),
                  render: (_, c) => label('customers.channel', c.channel),
                },
                {
                  key: 'class',
                  title: t('customers.contactClass'),
                  render: (_, c) => label('customers.class', c.class),
                },
                {
                  key: 'content',
                  title: t('customers.contactContent'),
                  render: (_, c) => (
                    <Typography.Text ellipsis style={{ maxWidth: 360 }}>
                      {c.subject ? `${c.subject}：` : ''}
                      {c.content}
                    </Typography.Text>
                  ),
                },
                {
                  key: 'status',
                  title: t('common.status'),
                  render: (_, c) => <Tag>{label('customers.contactStatus', c.status)}</Tag>,
                },
              ]}
            />
          )}
        </>
      ) : null}
    </Flex>
  );
}

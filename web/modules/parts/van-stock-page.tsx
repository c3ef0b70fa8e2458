import { Card, Empty, Flex, List, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useApiList, useApiQuery } from '../../api/queries.js';
import { useMe } from '../../api/session.js';
import { type MessageKey, useT } from '../../i18n/index.js';
import { vanOf } from './depot-tree.js';

/** The technician's phone: what is in my van, one compact line per part. */
export function VanStockPage() {
  const t = useT();
  const me = useMe().data;
  const depots = useApiList('GET /api/parts/depots', {});
  const van = me && depots.data ? vanOf(depots.data, me.id) : undefined;
  const stock = useApiQuery(
    'GET /api/parts/depots/:id/stock',
    van ? { params: { id: van.id }, query: { pageSize: 200 } } : null,
  );
  return (
    <Flex vertical gap={12} style={{ maxWidth: 640, margin: '0 auto' }}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={4} style={{ margin: '4px 0' }}>
          {t('parts.myVan')}
        </Typography.Title>
        <Link to="/tech">{t('tech.title')}</Link>
      </Flex>
      {depots.isLoading || stock.isLoading ? <Card loading /> : null}
      {depots.data && !van ? <Empty description={t('parts.noVan')} /> : null}
      {van && stock.data ? (
        stock.data.items.length ? (
          <List
            bordered
            data-testid="van-stock"
            dataSource={stock.data.items}
            renderItem={(r) => (
              <List.Item style={{ padding: '10px 12px' }}>
                <Flex justify="space-between" align="center" style={{ width: '100%' }} gap={8}>
                  <Flex vertical style={{ minWidth: 0 }}>
                    <Typography.Text strong ellipsis>
                      {r.partName}
                    </Typography.Text>
                    <Typography.Text type="secondary">
                      {r.partCode}
                      {r.grade === 'defective' ? (
                        <Tag color="orange" style={{ marginLeft: 6 }}>
                          {t(`parts.grade.${r.grade}` as MessageKey)}
                        </Tag>
                      ) : null}
                    </Typography.Text>
                  </Flex>
                  <Flex vertical align="flex-end">
                    <Typography.Text strong style={{ fontSize: 18 }}>
                      {r.available}
                    </Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('parts.available')}
                      {r.inTransit ? ` · ${t('parts.inTransit')} ${r.inTransit}` : ''}
                    </Typography.Text>
                  </Flex>
                </Flex>
              </List.Item>
            )}
          />
        ) : (
          <Empty description={t('parts.vanEmpty')} />
        )
      ) : null}
    </Flex>
  );
}

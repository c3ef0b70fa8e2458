import { Button, Empty, List, Tag, Typography } from 'antd';
import type { BoardVisit, Unplaced } from '../../../server/modules/planning/contract.js';
import { useI18n } from '../../i18n/index.js';
import { reasonKey } from './planning-rules.js';

const REASON_COLOR: Record<Unplaced['reason'], string> = {
  no_location: 'default',
  no_certified_technician: 'magenta',
  part_missing: 'orange',
  window_unreachable: 'volcano',
  no_room: 'gold',
};

/** The visits the plan could not place, each with the reason and the server's detail in the reader's language. */
export function UnplacedList({
  unplaced,
  visits,
  onSelect,
}: {
  unplaced: Unplaced[];
  visits: BoardVisit[];
  onSelect: (orderId: string) => void;
}) {
  const { t, lang } = useI18n();
  const visitOf = new Map(visits.map((v) => [v.orderId, v]));
  if (unplaced.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('planning.unplacedNone')} />;
  return (
    <List
      size="small"
      data-testid="unplaced-list"
      dataSource={unplaced}
      renderItem={(u) => {
        const v = visitOf.get(u.orderId);
        return (
          <List.Item
            data-testid="unplaced-item"
            data-order={u.orderId}
            data-reason={u.reason}
            actions={[
              <Button key="move" size="small" onClick={() => onSelect(u.orderId)}>
                {t('planning.move')}
              </Button>,
            ]}
          >
            <List.Item.Meta
              title={
                <>
                  <Typography.Text strong>{v?.code ?? u.orderId.slice(0, 8)}</Typography.Text>{' '}
                  <Tag color={REASON_COLOR[u.reason]} data-testid="unplaced-reason">
                    {t(reasonKey(u.reason))}
                  </Tag>
                </>
              }
              description={
                <>
                  {v ? (
                    <Typography.Text type="secondary" style={{ display: 'block' }}>
                      {[v.customerName, v.productLine?.name].filter(Boolean).join(' · ')}
                    </Typography.Text>
                  ) : null}
                  <Typography.Text>{u.detail[lang]}</Typography.Text>
                </>
              }
            />
          </List.Item>
        );
      }}
    />
  );
}

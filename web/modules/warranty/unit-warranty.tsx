import { Card } from 'antd';
import type { OrderDetail } from '../../../server/modules/work-orders/contract.js';
import { can, useMe } from '../../api/session.js';
import { useT } from '../../i18n/index.js';
import { ContractsTable } from './contracts-page.js';
import { DecisionsCard, EntitlementPanel } from './entitlement-panel.js';
import { useDecisions } from './warranty-api.js';

/** On the unit page: its entitlement (main parts), the 三包 banner, stored decisions and service contracts. */
export function UnitWarrantySection({
  unitId,
  modelId,
  customerId,
}: {
  unitId: string;
  modelId: string;
  customerId: string;
}) {
  const t = useT();
  const me = useMe().data;
  const decisions = useDecisions(can(me, 'orders.read') ? unitId : null);
  return (
    <>
      {can(me, 'orders.read') ? <EntitlementPanel unitId={unitId} modelId={modelId} allowOpenCase /> : null}
      <Card size="small" title={t('warranty.contracts.title')}>
        <ContractsTable unitId={unitId} customerId={customerId} />
      </Card>
      <DecisionsCard decisions={decisions.data ?? []} />
    </>
  );
}

/** On the order page: the unit's entitlement now (with the case button) and the decisions stored at completion. */
export function OrderWarrantySection({ order }: { order: OrderDetail }) {
  return (
    <>
      {order.unitId ? (
        <EntitlementPanel
          unitId={order.unitId}
          modelId={order.modelId}
          parts={order.parts.length ? order.parts.map((p) => p.partId) : undefined}
          orderId={order.id}
          allowOpenCase
        />
      ) : null}
      <DecisionsCard decisions={order.warrantyDecisions ?? []} />
    </>
  );
}

import { Flex, Typography } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../../i18n/index.js';
import { EntitlementPanel } from '../warranty/entitlement-panel.js';
import { suggestedUnit } from '../work-orders/order-rules.js';
import type { Suggestion } from '../work-orders/orders-api.js';

/** The order the desk just made from a call: what the agent tells the caller before hanging up. */
export interface DeskOrder {
  id: string;
  code: string;
  unitId: string | null;
  modelId: string | null;
  suggestion: Suggestion;
}

/**
 * The created order's code (a link to it), where the routing suggests it goes next with its
 * reasons (the dispatcher confirms it on the order), and the unit's entitlement: who pays.
 */
export function DeskOrderResult({ order }: { order: DeskOrder }) {
  const { t, pick } = useI18n();
  const s = order.suggestion;
  const unit = suggestedUnit(s);
  const next = unit?.name ?? (s.step === 'technician' ? s.technician?.name : null) ?? null;
  const reasons = [
    ...(s.step === 'center' ? (s.center?.reasons ?? []) : []),
    ...(s.step === 'outlet' ? (s.outlet?.reasons ?? []) : []),
    ...(s.step === 'technician' ? (s.technician?.reasons ?? []) : []),
    ...s.reasons,
  ];
  return (
    <Flex vertical gap={8} data-testid="desk-order-result">
      <Flex gap={12} wrap align="center">
        <Typography.Text strong>
          {t('intake.order.created')}
          {t('intake.colon')}
          <Link to={`/orders/${order.id}`} data-testid="desk-order-link">
            {order.code}
          </Link>
        </Typography.Text>
        <Typography.Text data-testid="desk-order-suggestion">
          {next
            ? t(`intake.order.next.${s.step === 'technician' ? 'technician' : 'unit'}`, { name: next })
            : t('intake.order.noSuggestion')}
        </Typography.Text>
      </Flex>
      {reasons.length ? (
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {reasons.map((r) => (
            <li key={r.en}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {pick(r)}
              </Typography.Text>
            </li>
          ))}
        </ul>
      ) : null}
      {order.unitId ? <EntitlementPanel unitId={order.unitId} modelId={order.modelId} /> : null}
    </Flex>
  );
}

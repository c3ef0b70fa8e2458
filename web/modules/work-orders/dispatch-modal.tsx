import { CheckOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Divider, Flex, Form, Input, Modal, Spin, Tag, Typography } from 'antd';
import type { Bilingual } from '../../../server/modules/work-orders/contract.js';
import { useI18n } from '../../i18n/index.js';
import { dispatchBody, overridesSuggestion } from './order-rules.js';
import { type OrderDetail, type Suggestion, useOrderAction, useSuggestion } from './orders-api.js';
import { TechnicianSelect, UnitSelect } from './pickers.js';

interface Pick {
  id: string;
  name: string;
  facts: string[];
  reasons: Bilingual[];
}

/** What the suggestion proposes for this step, as one card's worth of text. */
function suggestedPick(
  s: Suggestion | undefined,
  to: 'unit' | 'technician',
  t: ReturnType<typeof useI18n>['t'],
): Pick | null {
  if (!s) return null;
  if (to === 'technician') {
    const tech = s.technician;
    if (!tech) return null;
    const facts = [t('orders.form.openLoad', { count: tech.openLoad })];
    if (tech.certifiedUntil) facts.push(t('orders.form.certifiedUntil', { date: tech.certifiedUntil }));
    if (tech.freeAtBookedTime === false) facts.push(t('orders.form.notFree'));
    return { id: tech.userId, name: tech.name, facts, reasons: [...tech.reasons, ...s.reasons] };
  }
  const unit = s.step === 'center' ? s.center : s.step === 'outlet' ? s.outlet : null;
  if (!unit) return null;
  const facts = unit.distanceKm !== null ? [t('orders.form.distance', { km: unit.distanceKm.toFixed(1) })] : [];
  return { id: unit.unitId, name: unit.name, facts, reasons: [...unit.reasons, ...s.reasons] };
}

interface Values {
  toUnitId?: string;
  technicianId?: string;
  overrideReason?: string;
  partTime?: boolean;
}

/**
 * Dispatch to the unit below or assign a technician: the routing suggestion with its reasons is
 * one click; a different choice asks for the reason. Server errors (e.g. no valid certification)
 * land on the field they name.
 */
export function DispatchModal({
  order,
  to,
  onClose,
}: {
  order: OrderDetail;
  to: 'unit' | 'technician';
  onClose: () => void;
}) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<Values>();
  const suggestion = useSuggestion(order.id, true);
  const run = useOrderAction(order.id, { form, onDone: onClose });
  const suggested = suggestedPick(suggestion.data, to, t);
  const field = to === 'unit' ? 'toUnitId' : 'technicianId';
  const chosen = Form.useWatch(field, form) as string | undefined;
  const override = overridesSuggestion(chosen, suggested?.id ?? null);
  const send = (v: Values) => {
    const targetId = (to === 'unit' ? v.toUnitId : v.technicianId) ?? '';
    run.mutate({
      action: 'dispatch',
      label: to === 'unit' ? 'dispatch_unit' : 'assign',
      body: dispatchBody(
        { targetId, reason: v.overrideReason, partTime: v.partTime },
        to,
        suggested?.id ?? null,
        order.version,
      ),
    });
  };
  const unitKind = order.state === 'created' ? 'center' : 'outlet';
  const alternatives = to === 'technician' ? (suggestion.data?.alternatives ?? []) : [];

  return (
    <Modal
      open
      title={`${t(to === 'unit' ? 'orders.action.dispatch_unit' : 'orders.action.assign')} · ${order.code}`}
      okText={t(to === 'unit' ? 'orders.action.dispatch_unit' : 'orders.action.assign')}
      cancelText={t('common.cancel')}
      confirmLoading={run.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={560}
    >
      {suggestion.isPending ? (
        <Flex justify="center" style={{ padding: 16 }}>
          <Spin />
        </Flex>
      ) : suggested ? (
        <Card size="small" title={t('orders.form.suggestion')} data-testid="suggestion">
          <Flex vertical gap={8}>
            <Flex gap={8} wrap align="center">
              <Typography.Text strong>{suggested.name}</Typography.Text>
              {suggested.facts.map((f) => (
                <Tag key={f}>{f}</Tag>
              ))}
            </Flex>
            {suggested.reasons.length ? (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {suggested.reasons.map((r) => (
                  <li key={pick(r)}>
                    <Typography.Text type="secondary">{pick(r)}</Typography.Text>
                  </li>
                ))}
              </ul>
            ) : null}
            <Button
              type="primary"
              icon={<CheckOutlined />}
              loading={run.isPending}
              data-testid="accept-suggestion"
              onClick={() => send({ [field]: suggested.id })}
            >
              {t('orders.form.acceptSuggestion', { name: suggested.name })}
            </Button>
          </Flex>
        </Card>
      ) : (
        <Alert type="info" showIcon title={t('orders.form.noSuggestion')} />
      )}
      <Divider plain>{t('orders.form.orChoose')}</Divider>
      <Form form={form} layout="vertical" name="dispatch" onFinish={send}>
        {to === 'unit' ? (
          <Form.Item
            name="toUnitId"
            label={t('orders.form.targetUnit')}
            rules={[{ required: true, message: t('orders.form.required') }]}
          >
            <UnitSelect kind={unitKind} under={order.holderUnitPath} />
          </Form.Item>
        ) : (
          <>
            {alternatives.length ? (
              <Flex gap={4} wrap style={{ marginBottom: 8 }}>
                {alternatives.map((a) => (
                  <Tag.CheckableTag
                    key={a.userId}
                    checked={chosen === a.userId}
                    onChange={() => form.setFieldValue('technicianId', a.userId)}
                  >
                    {a.name} · {t('orders.form.openLoad', { count: a.openLoad })}
                  </Tag.CheckableTag>
                ))}
              </Flex>
            ) : null}
            <Form.Item
              name="technicianId"
              label={t('orders.form.technician')}
              rules={[{ required: true, message: t('orders.form.required') }]}
            >
              <TechnicianSelect
                unitId={order.holderUnitId}
                extra={[...(suggestion.data?.technician ? [suggestion.data.technician] : []), ...alternatives].map(
                  (a) => ({ value: a.userId, label: a.name }),
                )}
              />
            </Form.Item>
            <Form.Item name="partTime" valuePropName="checked">
              <Checkbox>{t('orders.form.partTime')}</Checkbox>
            </Form.Item>
          </>
        )}
        {override ? (
          <Form.Item
            name="overrideReason"
            label={t('orders.form.overrideReason')}
            extra={t('orders.form.overrideHint')}
            rules={[{ required: true, whitespace: true, message: t('orders.form.reasonRequired') }, { max: 500 }]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

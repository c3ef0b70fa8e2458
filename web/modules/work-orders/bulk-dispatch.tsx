import { useQueries, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { api, isApiError, routeUrl } from '../../api/client.js';
import { invalidateUrls } from '../../api/queries.js';
import { useT } from '../../i18n/index.js';
import { dispatchBody, suggestedUnit } from './order-rules.js';
import { ORDERS_URL, type OrderSummary } from './orders-api.js';
import { UnitSelect } from './pickers.js';

/**
 * Dispatches the selected orders to one unit: all must be at the same step (HQ → center or
 * center → outlet). A reason is asked for when the unit differs from any order's suggestion.
 */
export function BulkDispatchModal({ orders, onClose }: { orders: OrderSummary[]; onClose: (done: boolean) => void }) {
  const t = useT();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<{ targetId: string; reason?: string }>();
  const [busy, setBusy] = useState(false);
  const steps = new Set(orders.map((o) => o.state));
  const mixed = steps.size !== 1;
  const kind = orders[0]?.state === 'created' ? 'center' : 'outlet';
  const suggestions = useQueries({
    queries: orders.map((o) => ({
      queryKey: [routeUrl('GET /api/orders/:id/suggestion', { params: { id: o.id } })],
      queryFn: () => api.call('GET /api/orders/:id/suggestion', { params: { id: o.id } }),
      staleTime: 30_000,
    })),
  });
  const suggested = suggestions.map((s) => suggestedUnit(s.data));
  const names = [...new Set(suggested.filter(Boolean).map((s) => s!.name))];
  const targetId = Form.useWatch('targetId', form);
  const overrides = !!targetId && suggested.some((s) => s && s.id !== targetId);

  const submit = async (v: { targetId: string; reason?: string }) => {
    setBusy(true);
    const failed: string[] = [];
    for (const [i, o] of orders.entries()) {
      try {
        await api.call('POST /api/orders/:id/dispatch', {
          params: { id: o.id },
          body: dispatchBody({ targetId: v.targetId, reason: v.reason }, 'unit', suggested[i]?.id ?? null, o.version),
        });
      } catch (err) {
        failed.push(t('orders.bulk.failedOne', { code: o.code, detail: isApiError(err) ? err.detail : String(err) }));
      }
    }
    setBusy(false);
    await invalidateUrls(qc, ORDERS_URL);
    const summary = t('orders.bulk.result', { ok: orders.length - failed.length, failed: failed.length });
    if (failed.length) modal.warning({ title: summary, content: failed.map((f) => <div key={f}>{f}</div>) });
    else message.success(summary);
    onClose(true);
  };

  return (
    <Modal
      open
      title={t('orders.bulk.title', { count: orders.length })}
      okText={t('orders.action.dispatch_unit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: mixed }}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={() => onClose(false)}
      destroyOnHidden
    >
      {mixed ? (
        <Alert type="warning" showIcon title={t('orders.bulk.mixed')} />
      ) : (
        <Form form={form} layout="vertical" name="bulk-dispatch" onFinish={submit}>
          {names.length ? (
            <Typography.Paragraph type="secondary">
              {t('orders.bulk.suggested', { names: names.join(t('common.listSeparator')) })}
            </Typography.Paragraph>
          ) : null}
          <Form.Item
            name="targetId"
            label={t('orders.form.targetUnit')}
            rules={[{ required: true, message: t('orders.form.required') }]}
          >
            <UnitSelect kind={kind} />
          </Form.Item>
          {overrides ? (
            <Form.Item
              name="reason"
              label={t('orders.form.overrideReason')}
              extra={t('orders.form.overrideHint')}
              rules={[{ required: true, whitespace: true, message: t('orders.form.reasonRequired') }, { max: 500 }]}
            >
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} />
            </Form.Item>
          ) : null}
        </Form>
      )}
    </Modal>
  );
}

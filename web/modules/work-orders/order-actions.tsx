import { Button, Checkbox, Flex, Form, Input, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  type AddressBody,
  APPROVAL_KINDS,
  type ApprovalBody,
  type UrgeBody,
  type WaitReason,
} from '../../../server/modules/work-orders/contract.js';
import { useApiQuery } from '../../api/queries.js';
import { useMe } from '../../api/session.js';
import { useT } from '../../i18n/index.js';
import { CONTACT_CHANNELS } from '../intake/intake-api.js';
import { channelKey } from '../intake/labels.js';
import { DispatchModal } from './dispatch-modal.js';
import { BookingWindowInput } from './booking-window-input.js';
import { actionKey, approvalKindKey, waitKey } from './labels.js';
import { barActions, bookBody, DANGER_ACTIONS, receiveBody, type UiAction, waitBody } from './order-rules.js';
import { type ActionPath, type OrderDetail, useOrderAction, WAIT_REASONS } from './orders-api.js';

/**
 * One action as a modal form: the body is built from the form values and the version the page
 * read; API field errors land on the fields, a conflict reloads the order.
 */
export function ActionModal<V extends object>({
  order,
  action,
  title,
  okText,
  danger,
  toBody,
  onClose,
  onDone,
  children,
}: {
  order: OrderDetail;
  action: ActionPath;
  title: ReactNode;
  okText?: string;
  danger?: boolean;
  toBody: (values: V, version: number) => unknown;
  onClose: () => void;
  onDone?: (o: OrderDetail) => void;
  children?: ReactNode;
}) {
  const t = useT();
  const [form] = Form.useForm<V>();
  const run = useOrderAction(order.id, {
    form,
    onDone: (o) => {
      onClose();
      onDone?.(o);
    },
  });
  return (
    <Modal
      open
      title={title}
      okText={okText ?? t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger }}
      confirmLoading={run.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        name={`order-${action}`}
        onFinish={(v) => run.mutate({ action, body: toBody(v, order.version) })}
      >
        {children}
      </Form>
    </Modal>
  );
}

const reasonRules = (msg: string) => [{ required: true, whitespace: true, message: msg }, { max: 500 }];

function NoteField() {
  const t = useT();
  return (
    <Form.Item name="note" label={t('common.reasonOptional')} rules={[{ max: 1000 }]}>
      <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} />
    </Form.Item>
  );
}

/** The modal of one button; `null` for the actions that go elsewhere (complete → the job page). */
function ActionDialog({ order, action, onClose }: { order: OrderDetail; action: UiAction; onClose: () => void }) {
  const t = useT();
  const navigate = useNavigate();
  const title = `${t(actionKey(action))} · ${order.code}`;
  const common = { order, title, okText: t(actionKey(action)), danger: DANGER_ACTIONS.has(action), onClose };
  switch (action) {
    case 'dispatch_unit':
      return <DispatchModal order={order} to="unit" onClose={onClose} />;
    case 'assign':
      return <DispatchModal order={order} to="technician" onClose={onClose} />;
    case 'reject':
    case 'cancel':
      return (
        <ActionModal<{ reason: string }>
          {...common}
          action={action}
          toBody={(v, version) => ({ version, reason: v.reason.trim() })}
        >
          <Form.Item name="reason" label={t('orders.form.reason')} rules={reasonRules(t('orders.form.reasonRequired'))}>
            <Input.TextArea autoFocus autoSize={{ minRows: 2, maxRows: 5 }} />
          </Form.Item>
        </ActionModal>
      );
    case 'reopen':
      return (
        <ActionModal<{ reason: string }>
          {...common}
          action="reopen"
          toBody={(v, version) => ({ version, reason: v.reason.trim() })}
          onDone={(o) => (o.reopenedAsId ? navigate(`/orders/${o.reopenedAsId}`) : undefined)}
        >
          <Typography.Paragraph type="secondary">{t('orders.form.reopenHint')}</Typography.Paragraph>
          <Form.Item name="reason" label={t('orders.form.reason')} rules={reasonRules(t('orders.form.reasonRequired'))}>
            <Input.TextArea autoFocus autoSize={{ minRows: 2, maxRows: 5 }} />
          </Form.Item>
        </ActionModal>
      );
    case 'book':
      return (
        <ActionModal<{ window: [Dayjs, Dayjs]; confirmed: boolean; note?: string }>
          {...common}
          action="book"
          toBody={(v, version) => bookBody(v, version)}
        >
          <Form.Item
            name="window"
            label={t('orders.form.window')}
            rules={[{ required: true, message: t('orders.form.required') }]}
          >
            <BookingWindowInput />
          </Form.Item>
          <Form.Item
            name="confirmed"
            valuePropName="checked"
            rules={[
              {
                validator: (_, v) =>
                  v ? Promise.resolve() : Promise.reject(new Error(t('orders.form.confirmedRequired'))),
              },
            ]}
          >
            <Checkbox>{t('orders.form.confirmed')}</Checkbox>
          </Form.Item>
          <Form.Item name="note" label={t('orders.form.note')} rules={[{ max: 500 }]}>
            <Input />
          </Form.Item>
        </ActionModal>
      );
    case 'receive':
      return (
        <ActionModal<{ label?: string; condition: string; accessories?: string }>
          {...common}
          action="receive"
          toBody={(v, version) => receiveBody(v, version)}
        >
          <Form.Item name="label" label={t('orders.form.label')} rules={[{ max: 64 }]}>
            <Input />
          </Form.Item>
          <Form.Item
            name="condition"
            label={t('orders.form.condition')}
            rules={[{ required: true, whitespace: true, message: t('orders.form.required') }, { max: 1000 }]}
          >
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} />
          </Form.Item>
          <Form.Item name="accessories" label={t('orders.form.accessories')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
          </Form.Item>
        </ActionModal>
      );
    case 'wait':
      return (
        <ActionModal<{ reason: WaitReason; note: string }>
          {...common}
          action="wait"
          toBody={(v, version) => waitBody(v, version)}
        >
          <Form.Item
            name="reason"
            label={t('orders.form.waitReason')}
            rules={[{ required: true, message: t('orders.form.required') }]}
          >
            <Select options={WAIT_REASONS.map((w) => ({ value: w, label: t(waitKey(w)) }))} />
          </Form.Item>
          <Form.Item name="note" label={t('orders.form.note')} rules={reasonRules(t('orders.form.required'))}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} />
          </Form.Item>
        </ActionModal>
      );
    case 'report_unfixable':
      return (
        <ActionModal<{ faultReport: string; reason?: string }>
          {...common}
          action="report_unfixable"
          toBody={(v, version) => ({
            version,
            faultReport: v.faultReport.trim(),
            reason: v.reason?.trim() || undefined,
          })}
        >
          <Form.Item
            name="faultReport"
            label={t('orders.form.faultReport')}
            rules={[{ required: true, whitespace: true, message: t('orders.form.required') }, { max: 5000 }]}
          >
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
          </Form.Item>
          <Form.Item name="reason" label={t('common.reasonOptional')} rules={[{ max: 500 }]}>
            <Input />
          </Form.Item>
        </ActionModal>
      );
    case 'correct_address':
      return <AddressModal common={common} order={order} />;
    case 'urge':
      return (
        <ActionModal<UrgeBody>
          {...common}
          action="urge"
          toBody={(v) => ({ channel: v.channel, note: v.note?.trim() || undefined })}
        >
          <Form.Item name="channel" label={t('orders.form.urgeChannel')} initialValue="phone">
            <Select options={CONTACT_CHANNELS.map((c) => ({ value: c, label: t(channelKey(c)) }))} />
          </Form.Item>
          <NoteField />
        </ActionModal>
      );
    case 'approve':
      return (
        <ActionModal<ApprovalBody> {...common} action="approve" toBody={(v) => ({ kind: v.kind, note: v.note.trim() })}>
          <Form.Item
            name="kind"
            label={t('orders.form.approvalKind')}
            rules={[{ required: true, message: t('orders.form.required') }]}
          >
            <Select
              options={APPROVAL_KINDS.map((k) => ({
                value: k,
                label: t(approvalKindKey(k)),
              }))}
            />
          </Form.Item>
          <Form.Item name="note" label={t('orders.form.approvalNote')} rules={reasonRules(t('orders.form.required'))}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} />
          </Form.Item>
        </ActionModal>
      );
    case 'complete':
      return null;
    default:
      // accept, depart, arrive, start, resume, confirm, close: a confirmation with an optional note.
      return (
        <ActionModal<{ note?: string }>
          {...common}
          action={action}
          toBody={(v, version) => ({ version, ...(v.note?.trim() ? { note: v.note.trim() } : {}) })}
        >
          <Typography.Paragraph>
            {t('orders.form.confirmText', { action: t(actionKey(action)), code: order.code })}
          </Typography.Paragraph>
          <NoteField />
        </ActionModal>
      );
  }
}

/**
 * Correcting the service address: one of the customer's addresses (street masked as the reader
 * sees it) and a reason. The server judges the zone again and re-plans the open limits.
 */
function AddressModal({
  order,
  common,
}: {
  order: OrderDetail;
  common: { order: OrderDetail; title: string; okText: string; danger: boolean; onClose: () => void };
}) {
  const t = useT();
  const customer = useApiQuery('GET /api/customers/:id', { params: { id: order.customerId } });
  return (
    <ActionModal<AddressBody>
      {...common}
      action="correct_address"
      toBody={(v, version) => ({ version, addressId: v.addressId, reason: v.reason.trim() })}
    >
      <Typography.Paragraph type="secondary">{t('orders.form.addressHint')}</Typography.Paragraph>
      <Form.Item
        name="addressId"
        label={t('orders.form.newAddress')}
        rules={[{ required: true, message: t('orders.form.required') }]}
      >
        <Select
          loading={customer.isLoading}
          options={(customer.data?.addresses ?? []).map((a) => ({
            value: a.id,
            label: `${a.divisionNames} ${a.detail}`,
            disabled: a.id === order.addressId,
          }))}
        />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('orders.form.addressReason')}
        rules={reasonRules(t('orders.form.reasonRequired'))}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} />
      </Form.Item>
    </ActionModal>
  );
}

/** The buttons the state and the user's permissions allow; the first is the primary one. */
export function OrderActionsBar({
  order,
  exclude = [],
  size,
}: {
  order: OrderDetail;
  /** Buttons the page shows elsewhere (the technician's big step button). */
  exclude?: readonly UiAction[];
  size?: 'large';
}) {
  const t = useT();
  const me = useMe().data!;
  const navigate = useNavigate();
  const [open, setOpen] = useState<UiAction | null>(null);
  const actions = barActions(order, me.permissions).filter((a) => !exclude.includes(a));
  if (actions.length === 0 && exclude.length) return null;
  if (actions.length === 0) return <Typography.Text type="secondary">{t('orders.detail.noActions')}</Typography.Text>;
  return (
    <>
      <Flex gap={8} wrap data-testid="order-actions">
        {actions.map((a, i) => (
          <Button
            key={a}
            size={size}
            type={i === 0 && !exclude.length ? 'primary' : 'default'}
            danger={DANGER_ACTIONS.has(a)}
            onClick={() => (a === 'complete' ? navigate(`/tech/orders/${order.id}`) : setOpen(a))}
          >
            {t(actionKey(a))}
          </Button>
        ))}
      </Flex>
      {open ? <ActionDialog order={order} action={open} onClose={() => setOpen(null)} /> : null}
    </>
  );
}

import { useQueries } from '@tanstack/react-query';
import { Form, Input, Modal, Radio, Select, Typography } from 'antd';
import type { Rule } from 'antd/es/form/index.js';
import {
  COMPENSATION_KINDS,
  CONTACT_CHANNELS,
  type ComplaintDetail,
  REPLY_CHANNELS,
  RESPONSIBLE_KINDS,
  type ResponsibleKind,
} from '../../../server/modules/complaints/contract.js';
import type { OrderDetail } from '../../../server/modules/work-orders/contract.js';
import { apiRequest, routeUrl } from '../../api/client.js';
import { can, useMe } from '../../api/session.js';
import { type Translate, useT } from '../../i18n/index.js';
import { formatYuan } from '../warranty/warranty-rules.js';
import { TechnicianSelect, UnitSelect } from '../work-orders/pickers.js';
import { yuanToFen } from './complaint-rules.js';
import {
  type CommandBody,
  type ComplaintCommand,
  useComplaintCommand,
  useComplaintDepartments,
} from './complaints-api.js';

/*
 * The handling forms of a complaint page, one dialog per command the server allows
 * (`actions`). Every field is named as the API's, so a refusal lands on its field; amounts are
 * typed in yuan and sent in fen.
 */

const REASON_RULES: Rule[] = [{ required: true, whitespace: true, min: 2, max: 500 }];
const OPTIONAL_REASON: Rule[] = [{ min: 2, max: 500 }];

function yuanRule(t: Translate, required: boolean): Rule {
  return {
    validator: async (_, value: string | undefined) => {
      if (!required && !value?.trim()) return;
      const r = yuanToFen(value);
      if (!r.ok) throw new Error(t('cmp.form.yuanFormat'));
    },
  };
}

function fenOf(text: string | undefined): number | undefined {
  if (!text?.trim()) return undefined;
  const r = yuanToFen(text);
  return r.ok ? r.fen : undefined;
}

function trimmed(v: string | undefined): string | undefined {
  const s = v?.trim();
  return s ? s : undefined;
}

/** The outlets and technicians of the orders a complaint concerns: the usual responsible parties. */
function useOrderParties(c: ComplaintDetail) {
  const results = useQueries({
    queries: c.orders.map((o) => {
      const url = routeUrl('GET /api/orders/:id', { params: { id: o.id } });
      return {
        queryKey: [url] as const,
        queryFn: ({ signal }: { signal: AbortSignal }) => apiRequest<OrderDetail>('GET', url, undefined, { signal }),
        retry: false,
      };
    }),
  });
  const outlets = new Map<string, string>();
  const technicians = new Map<string, string>();
  for (const r of results) {
    const o = r.data;
    if (!o) continue;
    outlets.set(o.holderUnitId, o.holderUnitName);
    if (o.technicianId) technicians.set(o.technicianId, o.technicianName ?? '');
  }
  return {
    outlets: [...outlets].map(([value, label]) => ({ value, label })),
    technicians: [...technicians].map(([value, label]) => ({ value, label })),
  };
}

interface DialogProps {
  complaint: ComplaintDetail;
  onClose: () => void;
}

/** The dialog frame every command shares: its title, its busy OK button, its form. */
function CommandDialog<C extends ComplaintCommand>({
  complaint,
  command,
  onClose,
  build,
  initialValues,
  children,
}: DialogProps & {
  command: C;
  // biome-ignore lint/suspicious/noExplicitAny: each dialog's form values are its own
  build: (values: any) => CommandBody[C];
  initialValues?: Record<string, unknown>;
  children: React.ReactNode;
}) {
  const t = useT();
  const [form] = Form.useForm();
  const run = useComplaintCommand(complaint.id, command, form, onClose);
  return (
    <Modal
      open
      title={t(`cmp.action.${command}`)}
      okText={t(`cmp.action.${command}`)}
      cancelText={t('common.cancel')}
      confirmLoading={run.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={560}
    >
      <Form
        form={form}
        name={`complaint-${command}`}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(v) => run.mutate(build(v))}
      >
        {children}
      </Form>
    </Modal>
  );
}

function NoteDialog(p: DialogProps) {
  const t = useT();
  return (
    <CommandDialog {...p} command="note" build={(v: { text: string }) => ({ text: v.text.trim() })}>
      <Form.Item name="text" label={t('cmp.form.text')} rules={[{ required: true, whitespace: true, max: 4000 }]}>
        <Input.TextArea rows={4} maxLength={4000} />
      </Form.Item>
    </CommandDialog>
  );
}

function ContactDialog(p: DialogProps) {
  const t = useT();
  return (
    <CommandDialog
      {...p}
      command="contact"
      initialValues={{ channel: 'phone' }}
      build={(v: { channel: (typeof CONTACT_CHANNELS)[number]; text: string }) => ({
        channel: v.channel,
        text: v.text.trim(),
      })}
    >
      <Form.Item name="channel" label={t('cmp.form.channel')} rules={[{ required: true }]}>
        <Select options={CONTACT_CHANNELS.map((c) => ({ value: c, label: t(`cmp.channel.${c}`) }))} />
      </Form.Item>
      <Form.Item name="text" label={t('cmp.form.text')} rules={[{ required: true, whitespace: true, max: 4000 }]}>
        <Input.TextArea rows={4} maxLength={4000} />
      </Form.Item>
    </CommandDialog>
  );
}

function RouteDialog(p: DialogProps) {
  const t = useT();
  const departments = useComplaintDepartments();
  return (
    <CommandDialog
      {...p}
      command="route"
      initialValues={{ departmentId: p.complaint.department?.id }}
      build={(v: { departmentId: string; reason: string }) => ({
        departmentId: v.departmentId,
        reason: v.reason.trim(),
      })}
    >
      <Form.Item name="departmentId" label={t('cmp.form.departmentId')} rules={[{ required: true }]}>
        <Select
          showSearch={{ optionFilterProp: 'label' }}
          options={departments.map((d) => ({ value: d.id, label: d.name }))}
        />
      </Form.Item>
      <Form.Item name="reason" label={t('cmp.form.reason')} rules={REASON_RULES}>
        <Input.TextArea rows={3} maxLength={500} />
      </Form.Item>
    </CommandDialog>
  );
}

interface ResponsibilityValues {
  kind: ResponsibleKind;
  id?: string;
  name?: string;
  correctiveAction: string;
  penaltyFen?: string;
  reason?: string;
}

/** Picks the party of the chosen kind: the orders' outlets and technicians first, then any. */
function PartyPicker({
  kind,
  complaint,
  value,
  onChange,
  id,
}: {
  kind: ResponsibleKind;
  complaint: ComplaintDetail;
  value?: string;
  onChange?: (v: string | undefined) => void;
  id?: string;
}) {
  const me = useMe().data;
  const departments = useComplaintDepartments();
  const parties = useOrderParties(complaint);
  if (kind === 'department')
    return (
      <Select
        id={id}
        value={value}
        onChange={onChange}
        showSearch={{ optionFilterProp: 'label' }}
        options={departments.filter((d) => d.kind !== 'maker').map((d) => ({ value: d.id, label: d.name }))}
      />
    );
  if (kind === 'technician')
    return can(me, 'users.read') ? (
      <TechnicianSelect id={id} value={value} onChange={onChange} extra={parties.technicians} />
    ) : (
      <Select id={id} value={value} onChange={onChange} options={parties.technicians} />
    );
  return can(me, 'org.read') && parties.outlets.length === 0 ? (
    <UnitSelect id={id} kind="outlet" value={value} onChange={onChange} />
  ) : (
    <Select id={id} value={value} onChange={onChange} options={parties.outlets} />
  );
}

function ResponsibilityDialog(p: DialogProps) {
  const t = useT();
  const r = p.complaint.handling;
  return (
    <CommandDialog
      {...p}
      command="responsibility"
      initialValues={{
        kind: r.responsible?.kind ?? 'outlet',
        id: r.responsible?.id ?? undefined,
        name: r.responsible?.kind === 'maker' ? r.responsible.name : undefined,
        correctiveAction: r.correctiveAction ?? undefined,
      }}
      build={(v: ResponsibilityValues) => ({
        kind: v.kind,
        ...(v.kind === 'maker' ? { name: trimmed(v.name) } : { id: v.id }),
        correctiveAction: v.correctiveAction.trim(),
        ...(v.kind === 'outlet' || v.kind === 'technician'
          ? { penaltyFen: fenOf(v.penaltyFen), reason: trimmed(v.reason) }
          : {}),
      })}
    >
      <Form.Item name="kind" label={t('cmp.form.kind')} rules={[{ required: true }]}>
        <Radio.Group
          optionType="button"
          options={RESPONSIBLE_KINDS.map((k) => ({ value: k, label: t(`cmp.responsible.${k}`) }))}
        />
      </Form.Item>
      <Form.Item noStyle dependencies={['kind']}>
        {({ getFieldValue }) => {
          const kind = getFieldValue('kind') as ResponsibleKind;
          const disciplined = kind === 'outlet' || kind === 'technician';
          return (
            <>
              {kind === 'maker' ? (
                <Form.Item
                  name="name"
                  label={t('cmp.form.responsibleName')}
                  rules={[{ required: true, whitespace: true, max: 200 }]}
                >
                  <Input maxLength={200} />
                </Form.Item>
              ) : (
                <Form.Item name="id" label={t('cmp.form.responsibleId')} rules={[{ required: true }]}>
                  <PartyPicker kind={kind} complaint={p.complaint} />
                </Form.Item>
              )}
              <Form.Item
                name="correctiveAction"
                label={t('cmp.form.correctiveAction')}
                rules={[{ required: true, whitespace: true, min: 2, max: 2000 }]}
              >
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
              {disciplined ? (
                <>
                  <Form.Item name="penaltyFen" label={t('cmp.form.penaltyFen')} rules={[yuanRule(t, false)]}>
                    <Input inputMode="decimal" style={{ width: 200 }} />
                  </Form.Item>
                  <Form.Item
                    name="reason"
                    label={t('cmp.form.penaltyReason')}
                    dependencies={['penaltyFen']}
                    rules={[
                      ...OPTIONAL_REASON,
                      ({ getFieldValue: get }) => ({
                        required: !!(get('penaltyFen') as string | undefined)?.trim(),
                        whitespace: true,
                      }),
                    ]}
                  >
                    <Input.TextArea rows={2} maxLength={500} />
                  </Form.Item>
                </>
              ) : null}
            </>
          );
        }}
      </Form.Item>
    </CommandDialog>
  );
}

function CompensationDialog(p: DialogProps) {
  const t = useT();
  const c = p.complaint.handling.compensation;
  return (
    <CommandDialog
      {...p}
      command="compensation"
      initialValues={{ kind: c?.kind ?? 'cash' }}
      build={(v: { amountFen: string; kind: (typeof COMPENSATION_KINDS)[number]; reason: string }) => ({
        amountFen: fenOf(v.amountFen) ?? 0,
        kind: v.kind,
        reason: v.reason.trim(),
      })}
    >
      <Form.Item name="amountFen" label={t('cmp.form.amountFen')} rules={[yuanRule(t, true)]}>
        <Input inputMode="decimal" style={{ width: 200 }} />
      </Form.Item>
      <Form.Item name="kind" label={t('cmp.form.compensationKind')} rules={[{ required: true }]}>
        <Select options={COMPENSATION_KINDS.map((k) => ({ value: k, label: t(`cmp.compensation.kind.${k}`) }))} />
      </Form.Item>
      <Form.Item name="reason" label={t('cmp.form.reason')} rules={REASON_RULES}>
        <Input.TextArea rows={3} maxLength={500} />
      </Form.Item>
    </CommandDialog>
  );
}

function DecideDialog(p: DialogProps) {
  const t = useT();
  const c = p.complaint.handling.compensation;
  return (
    <CommandDialog
      {...p}
      command="decide"
      initialValues={{ approve: true }}
      build={(v: { approve: boolean; reason?: string }) => ({ approve: v.approve, reason: trimmed(v.reason) })}
    >
      {c ? (
        <Typography.Paragraph>
          {t('cmp.detail.compensationLine', {
            amount: formatYuan(c.amountFen),
            kind: t(`cmp.compensation.kind.${c.kind}`),
          })}
          {' · '}
          {c.reason}
        </Typography.Paragraph>
      ) : null}
      <Form.Item name="approve" label={t('cmp.form.approve')} rules={[{ required: true }]}>
        <Radio.Group
          options={[
            { value: true, label: t('cmp.form.approveYes') },
            { value: false, label: t('cmp.form.approveNo') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('cmp.form.reason')}
        dependencies={['approve']}
        rules={[
          ...OPTIONAL_REASON,
          ({ getFieldValue }) => ({ required: getFieldValue('approve') === false, whitespace: true }),
        ]}
      >
        <Input.TextArea rows={3} maxLength={500} />
      </Form.Item>
    </CommandDialog>
  );
}

function ReplyDialog(p: DialogProps) {
  const t = useT();
  return (
    <CommandDialog
      {...p}
      command="reply"
      initialValues={{ channel: 'phone' }}
      build={(v: { channel: (typeof REPLY_CHANNELS)[number]; content: string }) => ({
        channel: v.channel,
        content: v.content.trim(),
      })}
    >
      <Form.Item name="channel" label={t('cmp.form.channel')} rules={[{ required: true }]}>
        <Select options={REPLY_CHANNELS.map((c) => ({ value: c, label: t(`cmp.channel.${c}`) }))} />
      </Form.Item>
      <Form.Item
        name="content"
        label={t('cmp.form.content')}
        rules={[{ required: true, whitespace: true, min: 2, max: 4000 }]}
      >
        <Input.TextArea rows={5} maxLength={4000} />
      </Form.Item>
    </CommandDialog>
  );
}

function AcceptanceDialog(p: DialogProps) {
  const t = useT();
  return (
    <CommandDialog
      {...p}
      command="acceptance"
      initialValues={{ accepted: true }}
      build={(v: { accepted: boolean; reason?: string }) => ({ accepted: v.accepted, reason: trimmed(v.reason) })}
    >
      <Form.Item name="accepted" label={t('cmp.form.accepted')} rules={[{ required: true }]}>
        <Radio.Group
          options={[
            { value: true, label: t('cmp.form.acceptedYes') },
            { value: false, label: t('cmp.form.acceptedNo') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t('cmp.form.reason')}
        dependencies={['accepted']}
        rules={[
          ...OPTIONAL_REASON,
          ({ getFieldValue }) => ({ required: getFieldValue('accepted') === false, whitespace: true }),
        ]}
      >
        <Input.TextArea rows={3} maxLength={500} />
      </Form.Item>
    </CommandDialog>
  );
}

function CloseDialog(p: DialogProps) {
  const t = useT();
  return (
    <CommandDialog {...p} command="close" build={(v: { reason: string }) => ({ reason: v.reason.trim() })}>
      <Form.Item name="reason" label={t('cmp.form.closeReason')} rules={REASON_RULES}>
        <Input.TextArea rows={3} maxLength={500} />
      </Form.Item>
    </CommandDialog>
  );
}

const DIALOGS: Record<ComplaintCommand, (p: DialogProps) => React.ReactNode> = {
  note: NoteDialog,
  contact: ContactDialog,
  route: RouteDialog,
  responsibility: ResponsibilityDialog,
  compensation: CompensationDialog,
  decide: DecideDialog,
  reply: ReplyDialog,
  acceptance: AcceptanceDialog,
  close: CloseDialog,
};

/** The dialog of one handling command. */
export function ComplaintCommandDialog({ command, ...p }: DialogProps & { command: ComplaintCommand }) {
  const Dialog = DIALOGS[command];
  return <Dialog {...p} />;
}

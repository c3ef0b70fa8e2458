import {
  Button,
  Card,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import type { UnitCare } from '../../../server/modules/care/contract.js';
import { useApiQuery } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useI18n } from '../../i18n/index.js';
import { usePlanCommand } from './care-api.js';
import { DaysLeft, MaintenanceStatusTag, OfferStateTag } from './care-parts.js';

/*
 * A unit's care card on its page (docs/care.md): the next maintenance date, its status and basis,
 * the last maintenance, the custom plan (set or cleared by those with care.manage, with the plan's
 * version), the warranty's last day and the extended-warranty offer when there is one.
 */

/** The end the warranty rules give an open-ended contract. */
const OPEN_ENDED = '9999-12-31';

interface PlanValues {
  intervalDays?: number | null;
  intervalMonths?: number | null;
  nextOn?: Dayjs | null;
  note?: string;
}

function PlanModal({ unitId, care, onClose }: { unitId: string; care: UnitCare; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<PlanValues>();
  const save = usePlanCommand(unitId, form, onClose);
  const p = care.plan;
  return (
    <Modal
      open
      title={t('care.unit.planTitle')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('care.unit.planHint')}</Typography.Paragraph>
      <Form<PlanValues>
        form={form}
        layout="vertical"
        initialValues={{
          intervalDays: p?.intervalDays ?? null,
          intervalMonths: p?.intervalMonths ?? null,
          nextOn: p?.nextOn ? dayjs(p.nextOn) : null,
          note: p?.note ?? undefined,
        }}
        onFinish={(v) =>
          save.mutate({
            clear: false,
            body: {
              version: care.planVersion,
              ...(v.intervalDays ? { intervalDays: v.intervalDays } : {}),
              ...(v.intervalMonths ? { intervalMonths: v.intervalMonths } : {}),
              ...(v.nextOn ? { nextOn: v.nextOn.format('YYYY-MM-DD') } : {}),
              ...(v.note ? { note: v.note } : {}),
            },
          })
        }
      >
        <Flex gap={12} wrap>
          <Form.Item name="intervalDays" label={t('care.unit.intervalDays')}>
            <InputNumber min={1} max={3650} precision={0} />
          </Form.Item>
          <Form.Item name="intervalMonths" label={t('care.unit.intervalMonths')}>
            <InputNumber min={1} max={120} precision={0} />
          </Form.Item>
          <Form.Item name="nextOn" label={t('care.unit.nextOn')}>
            <DatePicker />
          </Form.Item>
        </Flex>
        <Form.Item name="note" label={t('care.unit.note')}>
          <Input maxLength={300} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function planText(t: ReturnType<typeof useI18n>['t'], care: UnitCare): string {
  const p = care.plan;
  if (!p) return t('care.unit.noPlan');
  return [
    p.intervalDays ? t('care.unit.planEvery', { n: p.intervalDays }) : null,
    p.intervalMonths ? t('care.unit.planEveryMonths', { n: p.intervalMonths }) : null,
    p.nextOn ? t('care.unit.planOn', { day: p.nextOn }) : null,
    p.note,
  ]
    .filter(Boolean)
    .join(' · ');
}

export function UnitCareSection({ unitId }: { unitId: string }) {
  const { t, pick } = useI18n();
  const me = useMe().data;
  const readable = can(me, 'care.read');
  const canManage = can(me, 'care.manage');
  const q = useApiQuery('GET /api/care/units/:unitId', readable ? { params: { unitId } } : null);
  const [editing, setEditing] = useState(false);
  const clear = usePlanCommand(unitId, undefined, () => undefined);
  if (!readable || !q.data) return null;
  const c = q.data;
  const m = c.maintenance;
  return (
    <Card
      title={t('care.unit.title')}
      data-testid="unit-care"
      extra={
        canManage ? (
          <Flex gap={8}>
            <Button size="small" onClick={() => setEditing(true)}>
              {t('care.unit.setPlan')}
            </Button>
            {c.plan ? (
              <Popconfirm
                title={t('care.unit.clearPlan')}
                onConfirm={() =>
                  clear.mutateAsync({ clear: true, body: { version: c.planVersion } }).catch(() => undefined)
                }
              >
                <Button size="small" loading={clear.isPending}>
                  {t('care.unit.clearPlan')}
                </Button>
              </Popconfirm>
            ) : null}
          </Flex>
        ) : null
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          {
            key: 'next',
            label: t('care.nextOn'),
            children: (
              <Flex gap={8} wrap align="center">
                <span>{m.nextOn ?? t('care.none')}</span>
                <MaintenanceStatusTag status={m.status} />
                {m.nextOn ? <DaysLeft days={m.daysLeft} /> : null}
              </Flex>
            ),
          },
          { key: 'why', label: t('care.why'), children: pick(m.why) },
          { key: 'last', label: t('care.lastMaintenance'), children: m.lastMaintenanceOn ?? t('care.none') },
          {
            key: 'open',
            label: t('care.openOrder'),
            children: m.openOrder ? <Link to={`/orders/${m.openOrder.id}`}>{m.openOrder.code}</Link> : t('care.none'),
          },
          { key: 'plan', label: t('care.unit.plan'), children: planText(t, c) },
          {
            key: 'warranty',
            label: t('care.unit.warrantyEndsOn'),
            children: c.warrantyEndsOn === OPEN_ENDED ? t('care.unit.noEnd') : (c.warrantyEndsOn ?? t('care.none')),
          },
          ...(c.offer
            ? [
                {
                  key: 'offer',
                  label: t('care.unit.offer'),
                  children: (
                    <Flex gap={8} align="center">
                      <OfferStateTag state={c.offer.state} />
                      <Link to="/care/warranty-offers">{c.offer.warrantyEndsOn}</Link>
                      {c.offer.contractCode ? <span>{c.offer.contractCode}</span> : null}
                    </Flex>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing ? <PlanModal unitId={unitId} care={c} onClose={() => setEditing(false)} /> : null}
    </Card>
  );
}

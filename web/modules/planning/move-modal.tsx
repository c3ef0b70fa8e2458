import { Alert, App, Checkbox, Form, Modal, Select, Space, Button, Typography } from 'antd';
import { useState } from 'react';
import type {
  BoardTechnician,
  BoardVisit,
  MoveBody,
  MoveResult,
  Plan,
} from '../../../server/modules/planning/contract.js';
import { useApiError } from '../../api/use-api-error.js';
import { useI18n } from '../../i18n/index.js';
import { placements, positionCount } from './planning-rules.js';

/** The technician a visit goes to: an id, or '' for "out of the plan". */
const OUT = '';

interface Values {
  technicianId: string;
  position: number;
  lock: boolean;
}

/**
 * Moves one visit by hand: to a technician at a position of their route, or out of the plan. "Check"
 * asks the server with a dry run whether it fits and shows why not; "Apply" makes the move (locked by
 * default: a hand move is a decision re-planning keeps).
 */
export function MoveModal({
  visit,
  plan,
  technicians,
  onMove,
  onClose,
}: {
  visit: BoardVisit;
  plan: Plan;
  technicians: BoardTechnician[];
  onMove: (body: MoveBody) => Promise<MoveResult>;
  onClose: (moved: boolean) => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const here = placements(plan).get(visit.orderId);
  const [result, setResult] = useState<MoveResult | null>(null);
  const [busy, setBusy] = useState<'check' | 'apply' | null>(null);
  const technicianId = Form.useWatch('technicianId', form) ?? here?.technicianId ?? OUT;
  const route = plan.routes.find((r) => r.technicianId === technicianId);
  const count = technicianId === OUT ? 1 : positionCount(route, visit.orderId);

  const body = (v: Values, dryRun: boolean): MoveBody => ({
    version: plan.version,
    orderId: visit.orderId,
    technicianId: v.technicianId === OUT ? null : v.technicianId,
    position: v.technicianId === OUT ? 0 : v.position,
    lock: v.lock,
    dryRun,
  });

  const run = async (dryRun: boolean) => {
    const values = await form.validateFields();
    setBusy(dryRun ? 'check' : 'apply');
    try {
      const res = await onMove(body(values, dryRun));
      setResult(res);
      if (!dryRun && res.feasible) {
        message.success(t('planning.moved'));
        onClose(true);
      }
    } catch (err) {
      onError(err, form);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Modal
      open
      title={t('planning.moveTitle', { code: visit.code })}
      onCancel={() => onClose(false)}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={() => onClose(false)}>{t('common.cancel')}</Button>
          <Button data-testid="move-check" loading={busy === 'check'} onClick={() => run(true)}>
            {t('planning.check')}
          </Button>
          <Button
            type="primary"
            data-testid="move-apply"
            loading={busy === 'apply'}
            disabled={result?.feasible === false}
            onClick={() => run(false)}
          >
            {t('planning.apply')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        {[visit.customerName, visit.address].filter(Boolean).join(' · ')}
      </Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ technicianId: here?.technicianId ?? OUT, position: here?.position ?? 0, lock: true }}
        onValuesChange={(changed) => {
          setResult(null);
          if ('technicianId' in changed) {
            const r = plan.routes.find((x) => x.technicianId === changed.technicianId);
            form.setFieldValue('position', positionCount(r, visit.orderId) - 1);
          }
        }}
      >
        <Form.Item name="technicianId" label={t('planning.moveTo')}>
          <Select
            data-testid="move-technician"
            options={[
              ...technicians.filter((x) => x.working).map((x) => ({ value: x.id, label: x.name })),
              { value: OUT, label: t('planning.moveOut') },
            ]}
          />
        </Form.Item>
        {technicianId !== OUT ? (
          <Form.Item name="position" label={t('planning.movePosition')}>
            <Select
              data-testid="move-position"
              options={Array.from({ length: count }, (_, i) => ({
                value: i,
                label:
                  i === count - 1
                    ? `${t('planning.movePositionN', { n: i + 1 })} (${t('planning.moveLast')})`
                    : t('planning.movePositionN', { n: i + 1 }),
              }))}
            />
          </Form.Item>
        ) : null}
        <Form.Item name="lock" valuePropName="checked">
          <Checkbox>{t('planning.moveLock')}</Checkbox>
        </Form.Item>
      </Form>
      {result ? (
        <Alert
          data-testid="move-result"
          data-feasible={String(result.feasible)}
          type={result.feasible ? 'success' : 'error'}
          showIcon
          title={result.feasible ? t('planning.feasible') : t('planning.infeasible')}
          description={result.violation ? result.violation[lang] : undefined}
        />
      ) : (
        <Typography.Text type="secondary">{t('planning.checkFirst')}</Typography.Text>
      )}
    </Modal>
  );
}

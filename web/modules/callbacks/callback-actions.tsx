import { Alert, Button, Card, Flex, Form, Input, Modal, Radio, Rate, Typography } from 'antd';
import type { Rule } from 'antd/es/form/index.js';
import type { ReactNode } from 'react';
import { ATTEMPT_RESULTS, type CallbackDetail, type ScriptKey } from '../../../server/modules/callbacks/contract.js';
import { type Translate, useI18n, useT } from '../../i18n/index.js';
import { formatDueTime } from '../../lib/format.js';
import { useNow } from '../complaints/complaint-parts.js';
import { formatYuan } from '../warranty/warranty-rules.js';
import { formatSpan } from './callback-parts.js';
import { type AnswerValues, answerBody, nextAttemptView, yuanToFen } from './callback-rules.js';
import { useCallbackCommand } from './callbacks-api.js';

/*
 * The forms of a callback task, each shown when the server allows it (`actions`): the answer
 * (the script's questions in the reader's language), a failed attempt, and cancelling. Every field
 * is named as the API's, so a refusal lands on its field; each sends the task's `version`, and a
 * refusal (a stale version, a wrong state, an attempt too early) is always shown as a message too.
 * The amount the customer says was paid is typed in yuan and sent in fen.
 */

/** A question's wording: the script's (setting callbacks.script) in the reader's language, else the UI's own. */
export function useQuestion(c: Pick<CallbackDetail, 'script'>) {
  const { t, pick } = useI18n();
  return (key: ScriptKey): string => {
    const q = c.script.find((s) => s.key === key);
    return q ? pick(q.text) : t(`cb.form.${key}`);
  };
}

function yuanRule(t: Translate): Rule {
  return {
    validator: async (_, value: string | undefined) => {
      const r = yuanToFen(value);
      if (!r.ok) throw new Error(t('cb.form.yuanFormat'));
    },
  };
}

const scoreRule = (t: Translate): Rule => ({
  validator: async (_, v: number | undefined) => {
    if (!v || v < 1) throw new Error(t('cb.form.required'));
  },
});

/** A 1–5 score with its figure beside the stars. */
function Score({ value, onChange, id }: { value?: number; onChange?: (v: number) => void; id?: string }) {
  return (
    <Flex gap={8} align="center">
      <Rate id={id} value={value} onChange={onChange} />
      <Typography.Text type="secondary">{value ? value : ''}</Typography.Text>
    </Flex>
  );
}

const NPS = Array.from({ length: 11 }, (_, i) => i);

/** 0..10 as buttons, or none. */
function NpsPicker({
  value,
  onChange,
  id,
}: {
  value?: number | null;
  onChange?: (v: number | null) => void;
  id?: string;
}) {
  const t = useT();
  return (
    <Flex gap={8} wrap align="center">
      <Radio.Group
        id={id}
        optionType="button"
        size="small"
        value={value ?? undefined}
        onChange={(e) => onChange?.(e.target.value as number)}
        options={NPS.map((n) => ({ value: n, label: String(n) }))}
      />
      {value === null || value === undefined ? null : (
        <Button size="small" type="link" onClick={() => onChange?.(null)}>
          {t('cb.form.npsClear')}
        </Button>
      )}
    </Flex>
  );
}

function YesNo({
  yes,
  no,
  testId,
  value,
  onChange,
  id,
}: {
  yes: string;
  no: string;
  testId: string;
  value?: boolean;
  onChange?: (v: boolean) => void;
  id?: string;
}) {
  return (
    <Radio.Group
      id={id}
      value={value}
      onChange={(e) => onChange?.(e.target.value as boolean)}
      optionType="button"
      buttonStyle="solid"
      data-testid={testId}
      options={[
        { value: true, label: yes },
        { value: false, label: no },
      ]}
    />
  );
}

/** A field of the form under a script question. */
function Question({
  name,
  label,
  rules,
  required,
  extra,
  children,
}: {
  name: keyof AnswerValues;
  label: string;
  rules?: Rule[];
  /** Marks the question as required where its rule is a validator. */
  required?: boolean;
  extra?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Form.Item name={name} label={label} rules={rules} required={required} extra={extra}>
      {children}
    </Form.Item>
  );
}

/**
 * The script's questions as form fields, in the reader's language: the agent's answer form and
 * the customer's survey page ask the same questions with the same fields (named as the API's).
 */
export function ScriptFields({ script, feeFen }: { script: CallbackDetail['script']; feeFen: number | null }) {
  const t = useT();
  const q = useQuestion({ script });
  const required = [{ required: true, message: t('cb.form.required') }];
  return (
    <>
      <Question name="fixed" label={q('fixed')} rules={required}>
        <YesNo yes={t('cb.form.fixedYes')} no={t('cb.form.fixedNo')} testId="callback-fixed" />
      </Question>
      <Question
        name="feeAsRecorded"
        label={q('feeAsRecorded')}
        rules={required}
        extra={
          feeFen === null
            ? t('cb.form.feeRecorded', { amount: t('cb.detail.feeUnknown') })
            : t('cb.form.feeRecorded', { amount: formatYuan(feeFen) })
        }
      >
        <YesNo yes={t('cb.form.feeYes')} no={t('cb.form.feeNo')} testId="callback-fee" />
      </Question>
      <Form.Item noStyle dependencies={['feeAsRecorded']}>
        {({ getFieldValue }) =>
          getFieldValue('feeAsRecorded') === false ? (
            <Form.Item
              name="feeSaidFen"
              label={t('cb.form.feeSaid')}
              rules={[{ required: true, message: t('cb.form.yuanFormat') }, yuanRule(t)]}
            >
              <Input inputMode="decimal" prefix="¥" style={{ maxWidth: 220 }} />
            </Form.Item>
          ) : null
        }
      </Form.Item>
      <Question name="attitude" label={q('attitude')} rules={[scoreRule(t)]} required>
        <Score />
      </Question>
      <Question name="quality" label={q('quality')} rules={[scoreRule(t)]} required>
        <Score />
      </Question>
      <Question name="timeliness" label={q('timeliness')} rules={[scoreRule(t)]} required>
        <Score />
      </Question>
      <Question name="nps" label={q('nps')}>
        <NpsPicker />
      </Question>
      <Question name="comments" label={q('comments')} rules={[{ max: 2000 }]}>
        <Input.TextArea rows={3} maxLength={2000} showCount />
      </Question>
    </>
  );
}

/** 回访结果: the script's questions and the customer's answers. */
export function AnswerForm({ c }: { c: CallbackDetail }) {
  const t = useT();
  const [form] = Form.useForm<AnswerValues>();
  const run = useCallbackCommand(c.id, 'answer', form, () => form.resetFields());
  return (
    <Card size="small" title={t('cb.action.answer')} style={{ marginBottom: 16 }}>
      <Form<AnswerValues>
        form={form}
        name="callback-answer"
        layout="vertical"
        data-testid="callback-answer"
        initialValues={{ nps: null }}
        onFinish={(v) => run.mutate(answerBody(v, c.version))}
      >
        <ScriptFields script={c.script} feeFen={c.order.feeFen} />
        <Button type="primary" htmlType="submit" loading={run.isPending} disabled={run.isPending}>
          {t('cb.form.submitAnswer')}
        </Button>
      </Form>
    </Card>
  );
}

interface AttemptValues {
  result: (typeof ATTEMPT_RESULTS)[number];
  note?: string;
}

/** 未接通: why the customer was not reached; the attempts so far and when the next may be made. */
export function AttemptForm({ c }: { c: CallbackDetail }) {
  const t = useT();
  const now = useNow();
  const [form] = Form.useForm<AttemptValues>();
  const run = useCallbackCommand(c.id, 'attempt', form, () => form.resetFields());
  const wait = nextAttemptView(c.nextAttemptAt, now);
  const last = c.maxAttempts > 0 && c.attempts + 1 >= c.maxAttempts;
  return (
    <Card
      size="small"
      title={t('cb.action.attempt')}
      extra={
        <Typography.Text type="secondary" data-testid="callback-attempts">
          {t('cb.detail.attemptsLeft', { n: c.attempts, max: c.maxAttempts })}
        </Typography.Text>
      }
      style={{ marginBottom: 16 }}
    >
      {wait && !wait.ready ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('cb.form.attemptWait', { at: formatDueTime(c.nextAttemptAt), time: formatSpan(t, wait.wait) })}
        />
      ) : null}
      {last ? <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('cb.form.lastAttempt')} /> : null}
      <Form<AttemptValues>
        form={form}
        name="callback-attempt"
        layout="vertical"
        data-testid="callback-attempt"
        onFinish={(v) => run.mutate({ version: c.version, result: v.result, note: v.note?.trim() || undefined })}
      >
        <Form.Item
          name="result"
          label={t('cb.form.result')}
          rules={[{ required: true, message: t('cb.form.required') }]}
        >
          <Radio.Group
            optionType="button"
            options={ATTEMPT_RESULTS.map((r) => ({ value: r, label: t(`cb.result.${r}`) }))}
          />
        </Form.Item>
        <Form.Item name="note" label={t('cb.form.note')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Button htmlType="submit" loading={run.isPending} disabled={run.isPending}>
          {t('cb.form.submitAttempt')}
        </Button>
      </Form>
    </Card>
  );
}

/** 取消任务: the reason, required. */
export function CancelDialog({ c, onClose }: { c: CallbackDetail; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ reason: string }>();
  const run = useCallbackCommand(c.id, 'cancel', form, onClose);
  return (
    <Modal
      open
      title={t('cb.form.cancelTitle', { code: c.code })}
      okText={t('cb.action.cancel')}
      okButtonProps={{ danger: true, disabled: run.isPending }}
      cancelText={t('common.cancel')}
      confirmLoading={run.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('cb.form.cancelHint')}</Typography.Paragraph>
      <Form
        form={form}
        name="callback-cancel"
        layout="vertical"
        data-testid="callback-cancel"
        onFinish={(v) => run.mutate({ version: c.version, reason: v.reason.trim() })}
      >
        <Form.Item
          name="reason"
          label={t('cb.form.reason')}
          rules={[{ required: true, whitespace: true, min: 2, max: 500 }]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

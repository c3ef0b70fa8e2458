import { ArrowLeftOutlined, CloseCircleOutlined, PhoneOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Empty, Flex, Rate, Row, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { CallbackDetail, OutcomeKind } from '../../../server/modules/callbacks/contract.js';
import { PageHeader } from '../../components/page-header.js';
import { recordLoadState } from '../../components/status-pages.js';
import { TimelineText } from '../../components/timeline-text.js';
import { useI18n, useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { telLink } from '../work-orders/order-rules.js';
import { formatYuan } from '../warranty/warranty-rules.js';
import { AnswerForm, AttemptForm, CancelDialog, useQuestion } from './callback-actions.js';
import { attemptsText, CallbackStateTag, KindTag, NextAttempt, WindowCountdown, windowText } from './callback-parts.js';
import { outcomeLink } from './callback-rules.js';
import { useCallbackTask } from './callbacks-api.js';

/*
 * One callback task (docs/callbacks-screens.md): who to call and about what (the order's facts:
 * the service, the product, the fault and what was done, the parts fitted and the fee recorded),
 * the script's questions in the reader's language with the answer form, a failed attempt and
 * cancelling — each only when the server allows it now (`actions`) — and once answered, the
 * answer, what followed from it and the history.
 */

const OUTCOME_COLOR: Record<OutcomeKind, string> = {
  order_confirmed: 'green',
  order_not_confirmable: 'default',
  repeat_visit: 'orange',
  fee_complaint: 'red',
  low_score_notice: 'gold',
  low_score_complaint: 'volcano',
  second_callback: 'purple',
};

/** A phone shown whole can be dialled; a masked one (138****5678) is only shown. */
function Phone({ phone, masked }: { phone: string | null; masked: boolean }) {
  const t = useT();
  if (!phone) return <>{t('cb.none')}</>;
  if (masked || phone.includes('*')) return <Typography.Text>{phone}</Typography.Text>;
  return (
    <a href={telLink(phone)}>
      <PhoneOutlined /> {phone}
    </a>
  );
}

function TaskFacts({ c }: { c: CallbackDetail }) {
  const t = useT();
  return (
    <Card size="small" title={t('cb.detail.task')} style={{ marginBottom: 16 }} data-testid="callback-task">
      <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
        <Descriptions.Item label={t('cb.customer')}>{c.customerName}</Descriptions.Item>
        <Descriptions.Item label={t('cb.detail.phone')}>
          <Phone phone={c.phone} masked={c.contactMasked} />
        </Descriptions.Item>
        <Descriptions.Item label={t('cb.order')}>
          <Link to={`/orders/${c.orderId}`}>{c.orderCode}</Link>
        </Descriptions.Item>
        <Descriptions.Item label={t('cb.center')}>{c.centerName}</Descriptions.Item>
        <Descriptions.Item label={t('cb.outlet')}>{c.outletName ?? t('cb.none')}</Descriptions.Item>
        <Descriptions.Item label={t('cb.technician')}>{c.technicianName ?? t('cb.none')}</Descriptions.Item>
        <Descriptions.Item label={t('cb.window')} span="filled">
          <Space size={6} wrap>
            <WindowCountdown task={c} />
            <Typography.Text type="secondary">{windowText(c)}</Typography.Text>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('cb.attempts')}>{attemptsText(t, c.attempts, c.maxAttempts)}</Descriptions.Item>
        {c.state === 'open' && c.nextAttemptAt ? (
          <Descriptions.Item label={t('cb.nextAttempt')}>
            <NextAttempt task={c} />
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('cb.createdAt')}>{formatDateTime(c.createdAt)}</Descriptions.Item>
        {c.closedAt ? (
          <Descriptions.Item label={t('cb.closedAt')}>{formatDateTime(c.closedAt)}</Descriptions.Item>
        ) : null}
        {c.cancelReason ? (
          <Descriptions.Item label={t('cb.detail.cancelReason')} span="filled">
            <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{c.cancelReason}</Typography.Text>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
    </Card>
  );
}

function OrderFacts({ c }: { c: CallbackDetail }) {
  const { t, tryT } = useI18n();
  const o = c.order;
  const text = (v: string | null) =>
    v ? <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{v}</Typography.Text> : t('cb.none');
  return (
    <Card size="small" title={t('cb.detail.order')} style={{ marginBottom: 16 }} data-testid="callback-order">
      <Descriptions size="small" column={{ xs: 1, sm: 2 }}>
        <Descriptions.Item label={t('cb.detail.serviceType')}>
          {tryT(`orders.type.${o.serviceType}`) ?? o.serviceType}
        </Descriptions.Item>
        <Descriptions.Item label={t('cb.detail.orderState')}>
          {tryT(`orders.state.${o.state}`) ?? o.state}
        </Descriptions.Item>
        <Descriptions.Item label={t('cb.detail.productLine')}>{o.productLine ?? t('cb.none')}</Descriptions.Item>
        <Descriptions.Item label={t('cb.detail.model')}>{o.model ?? t('cb.none')}</Descriptions.Item>
        <Descriptions.Item label={t('cb.detail.serialNo')}>{o.serialNo ?? t('cb.none')}</Descriptions.Item>
        <Descriptions.Item label={t('cb.detail.completedAt')}>
          {o.completedAt ? formatDateTime(o.completedAt) : t('cb.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('cb.detail.fault')} span="filled">
          {text(o.faultDescription)}
        </Descriptions.Item>
        <Descriptions.Item label={t('cb.detail.diagnosis')} span="filled">
          {text(o.diagnosis)}
        </Descriptions.Item>
        <Descriptions.Item label={t('cb.detail.cause')} span="filled">
          {text(o.cause)}
        </Descriptions.Item>
        <Descriptions.Item label={t('cb.detail.solution')} span="filled">
          {text(o.solution)}
        </Descriptions.Item>
        <Descriptions.Item label={t('cb.detail.parts')} span="filled">
          {o.parts.length ? (
            <Flex vertical gap={0}>
              {o.parts.map((p) => (
                <span key={p.partId}>{t('cb.detail.partLine', { name: p.name, qty: p.qty })}</span>
              ))}
            </Flex>
          ) : (
            t('cb.none')
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('cb.detail.fee')}>
          <Typography.Text strong data-testid="callback-fee-recorded">
            {o.feeFen === null ? t('cb.detail.feeUnknown') : formatYuan(o.feeFen)}
          </Typography.Text>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** The script read only (when the answer form is not offered and there is no answer yet). */
function Script({ c }: { c: CallbackDetail }) {
  const { t, pick } = useI18n();
  if (c.script.length === 0) return null;
  return (
    <Card size="small" title={t('cb.detail.script')} style={{ marginBottom: 16 }} data-testid="callback-script">
      <ol style={{ margin: 0, paddingInlineStart: 20 }}>
        {c.script.map((q) => (
          <li key={q.key}>{pick(q.text)}</li>
        ))}
      </ol>
    </Card>
  );
}

function Answer({ c }: { c: CallbackDetail }) {
  const t = useT();
  const q = useQuestion(c);
  const a = c.answer;
  if (!a) return null;
  const yes = (v: boolean, good: string, bad: string) => <Tag color={v ? 'green' : 'red'}>{v ? good : bad}</Tag>;
  const score = (n: number) => (
    <Space size={6}>
      <Rate disabled value={n} style={{ fontSize: 14 }} />
      <Typography.Text>{t('cb.detail.score', { n })}</Typography.Text>
    </Space>
  );
  return (
    <Card
      size="small"
      title={t('cb.detail.answer')}
      extra={
        <Typography.Text type="secondary">
          {a.channel === 'survey'
            ? `${t('cb.detail.bySurvey')} · ${formatDateTime(a.at)}`
            : t('cb.detail.answeredBy', { by: a.by, at: formatDateTime(a.at) })}
        </Typography.Text>
      }
      style={{ marginBottom: 16 }}
      data-testid="callback-answer-view"
    >
      <Descriptions size="small" column={1} colon={false}>
        <Descriptions.Item label={q('fixed')}>
          {yes(a.fixed, t('cb.form.fixedYes'), t('cb.form.fixedNo'))}
        </Descriptions.Item>
        <Descriptions.Item label={q('feeAsRecorded')}>
          <Space size={6} wrap>
            {yes(a.feeAsRecorded, t('cb.form.feeYes'), t('cb.form.feeNo'))}
            {a.feeSaidFen !== null ? (
              <Typography.Text type="danger">
                {t('cb.detail.feeSaid', { amount: formatYuan(a.feeSaidFen) })}
              </Typography.Text>
            ) : null}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={q('attitude')}>{score(a.attitude)}</Descriptions.Item>
        <Descriptions.Item label={q('quality')}>{score(a.quality)}</Descriptions.Item>
        <Descriptions.Item label={q('timeliness')}>{score(a.timeliness)}</Descriptions.Item>
        <Descriptions.Item label={q('nps')}>{a.nps ?? t('cb.none')}</Descriptions.Item>
        <Descriptions.Item label={q('comments')}>
          {a.comments ? (
            <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{a.comments}</Typography.Text>
          ) : (
            t('cb.none')
          )}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function Outcomes({ c }: { c: CallbackDetail }) {
  const { t, pick } = useI18n();
  if (!c.answer && c.outcomes.length === 0) return null;
  return (
    <Card size="small" title={t('cb.detail.outcomes')} style={{ marginBottom: 16 }}>
      {c.outcomes.length === 0 ? (
        <Typography.Text type="secondary" data-testid="callback-outcomes">
          {t('cb.detail.noOutcomes')}
        </Typography.Text>
      ) : (
        <Flex vertical gap={8} data-testid="callback-outcomes">
          {c.outcomes.map((o, i) => {
            const to = outcomeLink(o);
            return (
              <Flex
                key={`${o.kind}-${o.refId ?? i}`}
                gap={6}
                wrap
                align="baseline"
                data-testid="callback-outcome"
                data-kind={o.kind}
              >
                <Tag color={OUTCOME_COLOR[o.kind]}>{t(`cb.outcome.${o.kind}`)}</Tag>
                {to ? <Link to={to}>{o.refCode ?? t(`cb.outcome.${o.kind}`)}</Link> : null}
                <Typography.Text type="secondary" style={{ whiteSpace: 'pre-wrap' }}>
                  {pick(o.text)}
                </Typography.Text>
              </Flex>
            );
          })}
        </Flex>
      )}
    </Card>
  );
}

function Attempts({ c }: { c: CallbackDetail }) {
  const t = useT();
  return (
    <Card
      size="small"
      title={t('cb.detail.attempts')}
      style={{ marginBottom: 16 }}
      data-testid="callback-attempt-history"
    >
      {c.attemptsHistory.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cb.detail.noAttempts')} />
      ) : (
        <Flex vertical gap={8}>
          {c.attemptsHistory.map((a) => (
            <Flex key={a.n} vertical gap={2} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8 }}>
              <Typography.Text>
                {t('cb.detail.attemptLine', { n: a.n, result: t(`cb.result.${a.result}`) })}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(a.at)} · {a.by}
              </Typography.Text>
              {a.note ? <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{a.note}</Typography.Text> : null}
            </Flex>
          ))}
        </Flex>
      )}
    </Card>
  );
}

function History({ c }: { c: CallbackDetail }) {
  const { t, pick } = useI18n();
  return (
    <Card size="small" title={t('cb.detail.timeline')} data-testid="callback-timeline">
      <Timeline
        items={c.timeline.map((e, i) => ({
          key: `${e.at}-${i}`,
          color:
            e.kind === 'answered'
              ? 'green'
              : e.kind === 'unreachable' || e.kind === 'cancelled'
                ? 'red'
                : e.kind === 'attempt'
                  ? 'orange'
                  : 'blue',
          content: <TimelineText at={e.at} actor={e.actor} text={pick(e.text)} />,
        }))}
      />
    </Card>
  );
}

export function CallbackPage() {
  const { id = '' } = useParams();
  const t = useT();
  const q = useCallbackTask(id);
  const [cancelling, setCancelling] = useState(false);
  const gate = recordLoadState(q, { text: t('cb.notFound'), back: { to: '/callbacks', label: t('cb.back') } });
  if (gate || !q.data) return gate;
  const c = q.data;
  const can = (a: CallbackDetail['actions'][number]) => c.actions.includes(a);
  return (
    <>
      <PageHeader
        title={
          <Space size={8} wrap>
            {t('cb.detail.title', { code: c.code })}
            <KindTag kind={c.kind} />
            <CallbackStateTag state={c.state} />
          </Space>
        }
        extra={
          <>
            <Link to="/callbacks">
              <Button icon={<ArrowLeftOutlined />}>{t('cb.back')}</Button>
            </Link>
            {can('cancel') ? (
              <Button danger icon={<CloseCircleOutlined />} onClick={() => setCancelling(true)}>
                {t('cb.action.cancel')}
              </Button>
            ) : null}
          </>
        }
      />
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <TaskFacts c={c} />
          <OrderFacts c={c} />
          {can('answer') ? <AnswerForm c={c} /> : c.answer ? null : <Script c={c} />}
          <Answer c={c} />
          <Outcomes c={c} />
        </Col>
        <Col xs={24} lg={10}>
          {can('attempt') ? <AttemptForm c={c} /> : null}
          <Attempts c={c} />
          <History c={c} />
        </Col>
      </Row>
      {cancelling ? <CancelDialog c={c} onClose={() => setCancelling(false)} /> : null}
    </>
  );
}

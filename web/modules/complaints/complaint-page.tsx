import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Empty, Flex, Row, Space, Tag, Timeline, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { ComplaintDetail } from '../../../server/modules/complaints/contract.js';
import { useApiQuery } from '../../api/queries.js';
import { PageHeader } from '../../components/page-header.js';
import { recordLoadState } from '../../components/status-pages.js';
import { TimelineText } from '../../components/timeline-text.js';
import { useI18n, useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { formatYuan } from '../warranty/warranty-rules.js';
import { ComplaintCommandDialog } from './complaint-actions.js';
import { ComplaintStateTag, DeadlineCountdown, LevelTag, SeverityTag } from './complaint-parts.js';
import type { ComplaintCommand } from './complaints-api.js';

/*
 * One complaint (docs/complaints-screens.md): its header, what it concerns, the handling so far
 * (notes, responsible party and discipline, compensation and its approval, replies and the
 * customer's answers), its contacts, routing and escalations, and the full history. The buttons
 * are the commands the server says this reader may take now (`actions`).
 */

const PRIMARY: ComplaintCommand[] = ['reply', 'acceptance', 'decide'];

/** One entry of a list on the page (a reply, a note, a contact): a line under the one before. */
function Entry({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <Flex vertical gap={2} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 8 }} data-testid={testId}>
      {children}
    </Flex>
  );
}

function Facts({ c }: { c: ComplaintDetail }) {
  const t = useT();
  return (
    <Card size="small" title={t('cmp.detail.facts')} style={{ marginBottom: 16 }}>
      <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
        <Descriptions.Item label={t('cmp.state')}>
          <ComplaintStateTag state={c.state} />
        </Descriptions.Item>
        <Descriptions.Item label={t('cmp.level')}>
          <LevelTag level={c.level} />
        </Descriptions.Item>
        <Descriptions.Item label={t('cmp.severity')}>
          <SeverityTag severity={c.severity} />
          {c.crisisReasons.length ? (
            <Typography.Text type="danger">
              {t('cmp.crisis.reasons', {
                reasons: c.crisisReasons.map((r) => t(`cmp.crisis.${r}`)).join(t('common.listSeparator')),
              })}
            </Typography.Text>
          ) : null}
        </Descriptions.Item>
        <Descriptions.Item label={t('cmp.type')}>{t(`cmp.type.${c.type}`)}</Descriptions.Item>
        <Descriptions.Item label={t('cmp.source')}>
          {t(`cmp.source.${c.source}`)}
          {c.regulatorKind ? ` · ${t(`cmp.regulator.${c.regulatorKind}`)}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('cmp.deadline')}>
          <Space size={4} wrap>
            <DeadlineCountdown complaint={c} />
            {c.deadlineAt ? (
              <Typography.Text type="secondary">{t(`cmp.calendar.${c.calendar}`)}</Typography.Text>
            ) : null}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('cmp.customer')}>
          <Space size={6}>
            <Link to={`/customers/${c.customer.id}`}>{c.customer.name}</Link>
            {c.customer.phone ? <Typography.Text type="secondary">{c.customer.phone}</Typography.Text> : null}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('cmp.orders')}>
          <Space size={8} wrap>
            {c.orders.length
              ? c.orders.map((o) => (
                  <Link key={o.id} to={`/orders/${o.id}`}>
                    {o.code}
                  </Link>
                ))
              : t('cmp.none')}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('cmp.unit')}>
          {c.unit ? <Link to={`/units/${c.unit.id}`}>{c.unit.serialNo ?? c.unit.id.slice(0, 8)}</Link> : t('cmp.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('cmp.department')}>{c.department?.name ?? t('cmp.none')}</Descriptions.Item>
        <Descriptions.Item label={t('cmp.handler')}>{c.handler?.name ?? t('cmp.none')}</Descriptions.Item>
        <Descriptions.Item label={t('cmp.openedAt')}>{formatDateTime(c.openedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('cmp.urges')}>{c.urgeCount}</Descriptions.Item>
        {c.compensationDemanded || c.mediaExposure ? (
          <Descriptions.Item label={t('cmp.detail.flags')}>
            {c.compensationDemanded ? <Tag color="red">{t('cmp.open.compensationDemanded')}</Tag> : null}
            {c.mediaExposure ? <Tag color="red">{t('cmp.open.mediaExposure')}</Tag> : null}
          </Descriptions.Item>
        ) : null}
        {c.closedAt ? (
          <Descriptions.Item label={t('cmp.detail.closedAt')}>
            {formatDateTime(c.closedAt)}
            {c.closeReason ? ` · ${c.closeReason}` : ''}
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('cmp.summary')} span="filled">
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="complaint-summary">
            {c.summary}
          </Typography.Paragraph>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function Handling({ c }: { c: ComplaintDetail }) {
  const t = useT();
  const h = c.handling;
  const comp = h.compensation;
  return (
    <Card size="small" title={t('cmp.detail.handling')} style={{ marginBottom: 16 }} data-testid="complaint-handling">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('cmp.detail.responsible')}>
          {h.responsible ? `${t(`cmp.responsible.${h.responsible.kind}`)} · ${h.responsible.name}` : t('cmp.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('cmp.detail.corrective')}>{h.correctiveAction ?? t('cmp.none')}</Descriptions.Item>
        <Descriptions.Item label={t('cmp.detail.discipline')}>
          {h.discipline
            ? t('cmp.detail.penalty', { amount: formatYuan(h.discipline.penaltyFen), reason: h.discipline.reason })
            : t('cmp.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('cmp.detail.compensation')}>
          {comp ? (
            <Space size={4} wrap>
              {t('cmp.detail.compensationLine', {
                amount: formatYuan(comp.amountFen),
                kind: t(`cmp.compensation.kind.${comp.kind}`),
              })}
              <Tag
                color={comp.state === 'approved' ? 'green' : comp.state === 'rejected' ? 'red' : 'gold'}
                data-testid="compensation-state"
              >
                {t(`cmp.compensation.state.${comp.state}`)}
              </Tag>
              <Typography.Text type="secondary">
                {t('cmp.detail.approvalLevel', { n: comp.approvalLevel })} · {comp.reason}
              </Typography.Text>
              {comp.decidedBy ? (
                <Typography.Text type="secondary">
                  {comp.decidedBy}
                  {comp.decisionReason ? `: ${comp.decisionReason}` : ''}
                </Typography.Text>
              ) : null}
            </Space>
          ) : (
            t('cmp.none')
          )}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5}>{t('cmp.detail.replies')}</Typography.Title>
      {h.replies.length === 0 ? (
        <Typography.Text type="secondary">{t('cmp.detail.noReplies')}</Typography.Text>
      ) : (
        <Flex vertical gap={8} style={{ marginBottom: 12 }}>
          {h.replies.map((r) => (
            <Entry key={r.id} testId="complaint-reply">
              <Flex vertical gap={2} style={{ width: '100%' }}>
                <Space size={6} wrap>
                  <Typography.Text type="secondary">
                    {formatDateTime(r.at)} · {r.by} · {t(`cmp.channel.${r.channel}`)}
                  </Typography.Text>
                  <Tag color={r.accepted === true ? 'green' : r.accepted === false ? 'red' : 'gold'}>
                    {r.accepted === true
                      ? t('cmp.detail.accepted')
                      : r.accepted === false
                        ? t('cmp.detail.notAccepted')
                        : t('cmp.detail.awaiting')}
                  </Tag>
                  {r.reason ? <Typography.Text type="secondary">{r.reason}</Typography.Text> : null}
                </Space>
                <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{r.content}</Typography.Text>
              </Flex>
            </Entry>
          ))}
        </Flex>
      )}
      <Typography.Title level={5}>{t('cmp.detail.notes')}</Typography.Title>
      {h.notes.length === 0 ? (
        <Typography.Text type="secondary">{t('cmp.detail.noNotes')}</Typography.Text>
      ) : (
        <Flex vertical gap={8}>
          {h.notes.map((n) => (
            <Entry key={`${n.at}-${n.actor}-${n.text.slice(0, 20)}`}>
              <Typography.Text type="secondary">
                {formatDateTime(n.at)} · {n.actor}
              </Typography.Text>
              <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{n.text}</Typography.Text>
            </Entry>
          ))}
        </Flex>
      )}
    </Card>
  );
}

function Contacts({ c }: { c: ComplaintDetail }) {
  const { t, tryT } = useI18n();
  return (
    <Card size="small" title={t('cmp.detail.contacts')} style={{ marginBottom: 16 }}>
      {c.contacts.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cmp.detail.noContacts')} />
      ) : (
        <Flex vertical gap={8}>
          {c.contacts.map((k) => (
            <Entry key={k.id}>
              <Typography.Text type="secondary">
                {formatDateTime(k.at)} · {k.actor} · {tryT(`cmp.channel.${k.channel}`) ?? k.channel}
              </Typography.Text>
              <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{k.text}</Typography.Text>
            </Entry>
          ))}
        </Flex>
      )}
    </Card>
  );
}

function RoutingCard({ c }: { c: ComplaintDetail }) {
  const { t, pick } = useI18n();
  return (
    <Card size="small" title={t('cmp.detail.routing')} style={{ marginBottom: 16 }} data-testid="complaint-routing">
      <Flex vertical gap={6}>
        {c.routing.department ? (
          <Typography.Text strong>
            {t('cmp.detail.routedTo', { department: c.routing.department.name })}
            {c.routing.at ? (
              <Typography.Text type="secondary"> · {formatDateTime(c.routing.at)}</Typography.Text>
            ) : null}
          </Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('cmp.detail.notRouted')}</Typography.Text>
        )}
        <Typography.Text type="secondary">{t('cmp.detail.routedWhy', { why: pick(c.routing.why) })}</Typography.Text>
        {c.escalations.length === 0 ? (
          <Typography.Text type="secondary">{t('cmp.detail.noEscalation')}</Typography.Text>
        ) : (
          c.escalations.map((e) => (
            <div key={`${e.at}-${e.toLevel}`} data-testid="complaint-escalation">
              <Typography.Text>
                {t('cmp.detail.escalated', { at: formatDateTime(e.at), from: e.fromLevel, to: e.toLevel })}
              </Typography.Text>{' '}
              <Tag color={e.why === 'crisis' ? 'red' : 'orange'}>{t(`cmp.escalation.${e.why}`)}</Tag>
              {e.notified.length ? (
                <div>
                  <Typography.Text type="secondary">
                    {t('cmp.detail.notified', { names: e.notified.join(t('common.listSeparator')) })}
                  </Typography.Text>
                </div>
              ) : null}
            </div>
          ))
        )}
      </Flex>
    </Card>
  );
}

function History({ c }: { c: ComplaintDetail }) {
  const { t, pick } = useI18n();
  return (
    <Card size="small" title={t('cmp.detail.timeline')} data-testid="complaint-timeline">
      <Timeline
        items={c.timeline.map((e, i) => ({
          key: `${e.at}-${i}`,
          color:
            e.kind === 'escalated' || e.kind === 'crisis' || e.kind === 'not_accepted'
              ? 'red'
              : e.kind === 'closed' || e.kind === 'accepted'
                ? 'green'
                : 'blue',
          content: <TimelineText at={e.at} actor={e.actor} text={pick(e.text)} />,
        }))}
      />
    </Card>
  );
}

export function ComplaintPage() {
  const { id = '' } = useParams();
  const t = useT();
  const q = useApiQuery('GET /api/complaints/:id', { params: { id } });
  const [dialog, setDialog] = useState<ComplaintCommand | null>(null);
  const gate = recordLoadState(q, { text: t('cmp.notFound'), back: { to: '/complaints', label: t('cmp.back') } });
  if (gate || !q.data) return gate;
  const c = q.data;
  return (
    <>
      <PageHeader
        title={
          <Space size={8} wrap>
            {t('cmp.detail.title', { code: c.code })}
            <ComplaintStateTag state={c.state} />
            <SeverityTag severity={c.severity} />
            <LevelTag level={c.level} />
          </Space>
        }
        extra={
          <>
            <Link to="/complaints">
              <Button icon={<ArrowLeftOutlined />}>{t('cmp.back')}</Button>
            </Link>
            <Link to={`/complaints/${c.id}/print`}>
              <Button icon={<PrinterOutlined />}>{t('cmp.detail.print')}</Button>
            </Link>
          </>
        }
      />
      {c.actions.length ? (
        <Flex gap={8} wrap style={{ marginBottom: 16 }} data-testid="complaint-actions">
          {c.actions.map((a) => (
            <Button key={a} type={PRIMARY.includes(a) ? 'primary' : 'default'} onClick={() => setDialog(a)}>
              {t(`cmp.action.${a}`)}
            </Button>
          ))}
        </Flex>
      ) : null}
      <Facts c={c} />
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Handling c={c} />
          <Contacts c={c} />
        </Col>
        <Col xs={24} lg={10}>
          <RoutingCard c={c} />
          <History c={c} />
        </Col>
      </Row>
      {dialog ? <ComplaintCommandDialog command={dialog} complaint={c} onClose={() => setDialog(null)} /> : null}
    </>
  );
}

import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Image,
  Rate,
  Row,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { Link, useParams } from 'react-router';
import { type DivisionCodes, divisionPath } from '../../../shared/divisions.js';
import { can, useMe } from '../../api/session.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useI18n } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { formatMinutes } from '../sla/format.js';
import { OrderMilestones } from '../sla/order-milestones.js';
import { OrderWarrantySection } from '../warranty/unit-warranty.js';
import { PaymentSection } from '../money/payment-section.js';
import { approvalKindKey, queryGate, PriorityTag, SlaCell, StateTag, stateKey, typeKey, waitKey } from './labels.js';
import { OrderActionsBar } from './order-actions.js';
import { OrderPartRequests } from '../part-requests/order-part-requests.js';
import { RequestPartsButton } from '../part-requests/request-parts-button.js';
import { useOrderContact } from './order-contact.js';
import { type OrderDetail, type TimelineEntry, useOrder, useLiveOrders } from './orders-api.js';

/** The button name of a timeline entry: a dispatch to a technician reads as the assignment. */
function timelineAction(e: TimelineEntry): string {
  if (e.action !== 'dispatch') return e.action;
  return e.toState === 'assigned' || e.data?.technicianId ? 'assign' : 'dispatch_unit';
}

/** What a zone change did: the zones and each re-planned limit (server: transitions.ts, zoneChanged). */
function ZoneChange({ data }: { data: Record<string, unknown> }) {
  const { t, tryT } = useI18n();
  const zone = (z: unknown) => (typeof z === 'string' ? (tryT(`orders.zone.${z}`) ?? z) : t('orders.zone.unknown'));
  const items = Array.isArray(data.milestones)
    ? (data.milestones as { key: string; limitBefore: number; limitAfter: number }[])
    : [];
  return (
    <Typography.Text type="secondary" data-testid="timeline-zone-change">
      {t('orders.timeline.zoneChanged', { from: zone(data.from), to: zone(data.to) })}
      {items.map((m) => (
        <div key={m.key}>
          {t('orders.timeline.replanned', {
            key: tryT(`sla.key.${m.key}`) ?? m.key,
            before: formatMinutes(t, m.limitBefore),
            after: formatMinutes(t, m.limitAfter),
          })}
        </div>
      ))}
    </Typography.Text>
  );
}

/** Where a corrected address moved the service: the divisions of both (the street stays off the timeline). */
function AddressChange({ data }: { data: Record<string, unknown> }) {
  const { t } = useI18n();
  const place = (v: unknown) => (v && typeof v === 'object' ? divisionPath(v as DivisionCodes) || '—' : '—');
  return (
    <Typography.Text type="secondary" data-testid="timeline-address-change">
      {t('orders.timeline.addressChanged', { from: place(data.from), to: place(data.to) })}
    </Typography.Text>
  );
}

/** The contact a customer's mail about the order was logged as (docs/mail-in.md). */
function MailContact({ data }: { data: Record<string, unknown> }) {
  const { t } = useI18n();
  if (typeof data.contactCode !== 'string') return null;
  return (
    <Typography.Text type="secondary" data-testid="timeline-mail-contact">
      {t('orders.timeline.mailContact', { code: data.contactCode })}
    </Typography.Text>
  );
}

/** The phone's position at arrival, worded in the reader's language (stored as data, never as a note). */
function ArrivalPosition({ data }: { data: Record<string, unknown> | null }) {
  const { t } = useI18n();
  const p = data?.position as { lat?: unknown; lng?: unknown; accuracyM?: unknown } | undefined;
  if (!p || typeof p.lat !== 'number' || typeof p.lng !== 'number') return null;
  return (
    <Typography.Text type="secondary" data-testid="timeline-position">
      {t('tech.location', {
        lat: p.lat.toFixed(5),
        lng: p.lng.toFixed(5),
        acc: typeof p.accuracyM === 'number' ? Math.round(p.accuracyM) : '?',
      })}
    </Typography.Text>
  );
}

function OrderTimeline({ order }: { order: OrderDetail }) {
  const { t, tryT } = useI18n();
  if (order.timeline.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orders.timeline.empty')} />;
  return (
    <Timeline
      items={[...order.timeline].reverse().map((e) => ({
        key: e.id,
        content: (
          <Flex vertical>
            <Typography.Text>
              <Typography.Text strong>
                {tryT(`orders.event.${e.action}`) ?? tryT(`orders.action.${timelineAction(e)}`) ?? e.action}
              </Typography.Text>
              {e.toState && e.toState !== e.fromState ? ` → ${t(stateKey(e.toState))}` : ''}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(e.at, true)} · {e.actorName}
            </Typography.Text>
            {e.note ? <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{e.note}</Typography.Text> : null}
            {e.action === 'zone_changed' && e.data ? <ZoneChange data={e.data} /> : null}
            {e.action === 'correct_address' && e.data ? <AddressChange data={e.data} /> : null}
            {e.action === 'mail_received' && e.data ? <MailContact data={e.data} /> : null}
            <ArrivalPosition data={e.data} />
          </Flex>
        ),
      }))}
    />
  );
}

function CompletionCard({ order }: { order: OrderDetail }) {
  const { t } = useI18n();
  const c = order.completion;
  return (
    <Card size="small" title={t('orders.detail.parts')}>
      {order.parts.length ? (
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={order.parts}
          scroll={{ x: 'max-content' }}
          columns={[
            { key: 'code', title: t('orders.part.code'), dataIndex: 'partCode' },
            { key: 'name', title: t('orders.part.name'), dataIndex: 'partName' },
            { key: 'qty', title: t('orders.part.qty'), dataIndex: 'qty' },
            { key: 'old', title: t('orders.part.oldSerial'), dataIndex: 'oldSerial' },
            { key: 'new', title: t('orders.part.newSerial'), dataIndex: 'newSerial' },
          ]}
        />
      ) : (
        <Typography.Text type="secondary">{t('orders.detail.noParts')}</Typography.Text>
      )}
      {c ? (
        <Descriptions size="small" column={1} style={{ marginTop: 12 }} title={t('orders.detail.completion')}>
          <Descriptions.Item label={t('orders.completion.at')}>{formatDateTime(c.completedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('orders.completion.diagnosis')}>{c.diagnosis}</Descriptions.Item>
          {c.faultCode ? (
            <Descriptions.Item label={t('orders.completion.faultCode')}>{c.faultCode}</Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('orders.completion.cause')}>{c.cause}</Descriptions.Item>
          <Descriptions.Item label={t('orders.completion.solution')}>{c.solution}</Descriptions.Item>
          <Descriptions.Item label={t('orders.completion.labour')}>{c.labourMinutes}</Descriptions.Item>
          {c.rating ? (
            <Descriptions.Item label={t('orders.completion.rating')}>
              <Rate disabled value={c.rating} />
            </Descriptions.Item>
          ) : null}
          {c.signature ? (
            <Descriptions.Item label={t('orders.completion.signature')}>
              <img
                src={c.signature}
                alt={t('orders.completion.signature')}
                style={{ maxWidth: 240, border: '1px solid #eee' }}
                data-testid="signature-image"
              />
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      ) : null}
    </Card>
  );
}

/** The order's complaint records (urged more than the limit, seed 004): why, how often, who logged it. */
function OrderComplaints({ order }: { order: OrderDetail }) {
  const { t, pick } = useI18n();
  if (!order.complaints.length) return null;
  return (
    <Card size="small" title={t('orders.detail.complaints')} data-testid="order-complaints">
      {order.complaints.map((c) => (
        <Descriptions key={c.id} size="small" column={1}>
          <Descriptions.Item label={t('orders.complaint.reason')}>
            {pick(c.reasonText)}
            <Tag color={c.status === 'open' ? 'red' : 'default'} style={{ marginInlineStart: 8 }}>
              {t(`orders.complaint.status.${c.status}`)}
            </Tag>
          </Descriptions.Item>
          {c.note ? <Descriptions.Item label={t('orders.complaint.note')}>{c.note}</Descriptions.Item> : null}
          {c.holderUnitName ? (
            <Descriptions.Item label={t('orders.complaint.holder')}>{c.holderUnitName}</Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('orders.complaint.opened')}>
            {formatDateTime(c.createdAt)} · {c.createdByName}
          </Descriptions.Item>
          {c.updatedAt !== c.createdAt ? (
            <Descriptions.Item label={t('orders.complaint.lastUrged')}>{formatDateTime(c.updatedAt)}</Descriptions.Item>
          ) : null}
        </Descriptions>
      ))}
    </Card>
  );
}

/** One order: header, actions the user may take, the facts, SLA milestones, parts, timeline. */
export function OrderDetailPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const me = useMe().data!;
  const isPhone = useIsPhone();
  useLiveOrders();
  const q = useOrder(id);
  const contactOf = useOrderContact();
  const gate = queryGate(q, t('orders.notFound'));
  if (gate || !q.data) return gate;
  const o = q.data;
  const contact = contactOf(o);
  const photos = o.photos;

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Flex gap={8} align="center" wrap>
          <Link to="/orders" aria-label={t('orders.back')}>
            <ArrowLeftOutlined />
          </Link>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="order-code">
            {o.code}
          </Typography.Title>
          <StateTag state={o.state} />
          {o.resolution ? (
            <Tag color="purple" data-testid="order-resolution">
              {t(`orders.resolution.${o.resolution}`)}
            </Tag>
          ) : null}
          <PriorityTag priority={o.priority} label={o.priorityLabel} />
          <Tag>{t(typeKey(o.serviceType))}</Tag>
          <SlaCell milestones={o.milestones} detailed />
          {o.complaintFlagged ? <Tag color="red">{t('orders.detail.complaint')}</Tag> : null}
        </Flex>
        <Link to={`/orders/${o.id}/print`}>
          <Button icon={<PrinterOutlined />}>{isPhone ? null : t('orders.detail.print')}</Button>
        </Link>
      </Flex>
      <Card size="small">
        <OrderActionsBar order={o} />
        <RequestPartsButton order={o} />
      </Card>
      <OrderPartRequests orderId={o.id} />
      {o.reopenedAsId ? (
        <Alert
          type="info"
          showIcon
          title={
            <Link to={`/orders/${o.reopenedAsId}`}>
              {t('orders.detail.reopenedAs')} · {t('orders.form.openRepeat')}
            </Link>
          }
        />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Flex vertical gap={16}>
            <Card size="small">
              <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
                <Descriptions.Item label={t('orders.detail.customer')}>
                  {can(me, 'customers.read') ? (
                    <Link to={`/customers/${o.customerId}`}>{o.customerName}</Link>
                  ) : (
                    o.customerName
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={t('orders.detail.phone')}>
                  <Flex gap={8} align="center" wrap>
                    {contact.phone}
                    {contact.masked ? contact.revealButton() : null}
                  </Flex>
                </Descriptions.Item>
                <Descriptions.Item label={t('orders.detail.address')} span={2}>
                  {contact.address}
                </Descriptions.Item>
                <Descriptions.Item label={t('orders.detail.product')}>
                  {o.unitId && can(me, 'customers.read') ? (
                    <Link to={`/units/${o.unitId}`}>{o.modelName ?? o.serialNo}</Link>
                  ) : (
                    o.modelName
                  )}
                </Descriptions.Item>
                <Descriptions.Item label={t('orders.detail.serial')}>{o.serialNo}</Descriptions.Item>
                <Descriptions.Item label={t('orders.detail.holder')}>{o.holderUnitName}</Descriptions.Item>
                <Descriptions.Item label={t('orders.detail.technician')}>
                  {o.technicianName}
                  {o.partTime ? <Tag style={{ marginInlineStart: 8 }}>{t('orders.detail.partTime')}</Tag> : null}
                </Descriptions.Item>
                <Descriptions.Item label={t('orders.detail.booked')}>
                  {o.bookedFrom ? `${formatDateTime(o.bookedFrom)} – ${formatDateTime(o.bookedTo)}` : ''}
                  {o.bookedConfirmed ? (
                    <Tag color="green" style={{ marginInlineStart: 8 }}>
                      {t('orders.detail.bookedConfirmed')}
                    </Tag>
                  ) : null}
                </Descriptions.Item>
                <Descriptions.Item label={t('orders.detail.reportedAt')}>
                  {formatDateTime(o.reportedAt)}
                  {o.backdate ? (
                    <Tag color="orange" style={{ marginInlineStart: 8 }}>
                      {t('orders.detail.backdate')}
                    </Tag>
                  ) : null}
                </Descriptions.Item>
                {o.backdate ? (
                  <Descriptions.Item label={t('orders.detail.backdate')} span={2}>
                    <span data-testid="order-backdate">
                      {t('orders.detail.backdateText', {
                        by: o.backdate.byName,
                        at: formatDateTime(o.backdate.recordedAt),
                        duration: formatMinutes(t, o.backdate.minutes),
                        reason: o.backdate.reason,
                      })}
                    </span>
                  </Descriptions.Item>
                ) : null}
                {o.zone ? (
                  <Descriptions.Item label={t('orders.detail.zone')}>{t(`orders.zone.${o.zone}`)}</Descriptions.Item>
                ) : null}
                {o.urgeCount ? (
                  <Descriptions.Item label={t('orders.detail.urges')}>
                    {t('orders.detail.urgeCount', { count: o.urgeCount })}
                  </Descriptions.Item>
                ) : null}
                {o.waitReason ? (
                  <Descriptions.Item label={t('orders.detail.waitReason')} span={2}>
                    {t(waitKey(o.waitReason))}
                    {o.waitNote ? ` · ${o.waitNote}` : ''}
                  </Descriptions.Item>
                ) : null}
                {o.cancelReason ? (
                  <Descriptions.Item label={t('orders.detail.cancelReason')} span={2}>
                    {o.cancelReason}
                  </Descriptions.Item>
                ) : null}
                {o.repeatOfId ? (
                  <Descriptions.Item label={t('orders.detail.repeatOf')}>
                    <Link to={`/orders/${o.repeatOfId}`}>{t('orders.detail.repeatOf')}</Link>
                  </Descriptions.Item>
                ) : null}
                <Descriptions.Item label={t('orders.detail.fault')} span={2}>
                  <span style={{ whiteSpace: 'pre-wrap' }}>{o.faultDescription}</span>
                </Descriptions.Item>
              </Descriptions>
              {photos.length ? (
                <Image.PreviewGroup>
                  <Flex gap={8} wrap style={{ marginTop: 12 }} data-testid="order-photos">
                    {photos.map((p) => (
                      <Image
                        key={p.id}
                        width={96}
                        height={96}
                        style={{ objectFit: 'cover' }}
                        src={p.url}
                        alt={t('orders.detail.photos')}
                      />
                    ))}
                  </Flex>
                </Image.PreviewGroup>
              ) : null}
            </Card>
            {o.custody ? (
              <Card size="small" title={t('orders.detail.custody')}>
                <Descriptions size="small" column={1}>
                  <Descriptions.Item label={t('orders.custody.label')}>{o.custody.label}</Descriptions.Item>
                  <Descriptions.Item label={t('orders.custody.condition')}>{o.custody.condition}</Descriptions.Item>
                  <Descriptions.Item label={t('orders.custody.accessories')}>
                    {o.custody.accessories.join(t('common.listSeparator'))}
                  </Descriptions.Item>
                  <Descriptions.Item label={t('orders.custody.receivedAt')}>
                    {formatDateTime(o.custody.receivedAt)}
                  </Descriptions.Item>
                </Descriptions>
              </Card>
            ) : null}
            <OrderComplaints order={o} />
            <CompletionCard order={o} />
            <PaymentSection orderId={o.id} variant="desk" />
            <OrderWarrantySection order={o} />
            {o.register.length ? (
              <Card size="small" title={t('orders.detail.register')}>
                {o.register.map((r) => (
                  <Descriptions key={r.id} size="small" column={1}>
                    <Descriptions.Item label={t('register.at')}>
                      {formatDateTime(r.at)} · {r.reportedByName}
                    </Descriptions.Item>
                    <Descriptions.Item label={t('register.fault')}>{r.faultReport}</Descriptions.Item>
                    {r.reason ? <Descriptions.Item label={t('register.reason')}>{r.reason}</Descriptions.Item> : null}
                  </Descriptions>
                ))}
              </Card>
            ) : null}
            {o.approvals.length ? (
              <Card size="small" title={t('orders.detail.approvals')}>
                {o.approvals.map((a) => (
                  <div key={a.id}>
                    <Tag>{t(approvalKindKey(a.kind))}</Tag> {a.note} · {a.approvedByName} · {formatDateTime(a.at)}
                  </div>
                ))}
              </Card>
            ) : null}
          </Flex>
        </Col>
        <Col xs={24} lg={10}>
          <Flex vertical gap={16}>
            {o.milestones.length ? (
              <Card size="small" title={t('orders.detail.milestones')}>
                <OrderMilestones orderId={o.id} />
              </Card>
            ) : null}
            <Card size="small" title={t('orders.detail.timeline')}>
              <OrderTimeline order={o} />
            </Card>
          </Flex>
        </Col>
      </Row>
    </Flex>
  );
}

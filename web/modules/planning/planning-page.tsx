import { LockOutlined, ReloadOutlined, SendOutlined, ThunderboltOutlined, UnlockOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Progress,
  Row,
  Select,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Board, BoardTechnician, Plan, PublishResult } from '../../../server/modules/planning/contract.js';
import { useApiList } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { PageHeader } from '../../components/page-header.js';
import { useDocumentTitle, useI18n } from '../../i18n/index.js';
import { formatDateTime, getDisplayZone } from '../../lib/format.js';
import { useOrgUnits } from '../org/use-org-units.js';
import { queryGate } from '../work-orders/labels.js';
import { ShiftDialog, TechniciansList, VisitMarks, VisitsTable } from './board-parts.js';
import { useCodeText } from './code-text.js';
import { MoveModal } from './move-modal.js';
import { PlanMap } from './plan-map.js';
import { PlanTimeline } from './plan-timeline.js';
import { useBoard, usePlanCommands } from './planning-api.js';
import { placements, progressPercent, span, techColors, tomorrow } from './planning-rules.js';
import { UnplacedList } from './unplaced-list.js';

/** The setting's default (planning.timeLimitMs), for people who may not read the settings. */
const DEFAULT_TIME_LIMIT_MS = 5000;

/** How long the solver searches: the setting in force when the reader may see the settings, else its default. */
function useTimeLimitMs(): number {
  const me = useMe().data;
  const settings = useApiList('GET /api/settings', can(me, 'settings.read') ? {} : null, { staleTime: 5 * 60_000 });
  const value = settings.data?.find((s) => s.key === 'planning.timeLimitMs')?.value;
  return typeof value === 'number' ? value : DEFAULT_TIME_LIMIT_MS;
}

/** A progress bar counting up to the time limit while the solver runs. */
function SolverProgress({ limitMs }: { limitMs: number }) {
  const { t } = useI18n();
  const [started] = useState(() => Date.now());
  const [now, setNow] = useState(started);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(timer);
  }, []);
  return (
    <Card size="small" data-testid="plan-progress">
      <Typography.Text>{t('planning.planning')}</Typography.Text>
      <Progress percent={progressPercent(now - started, limitMs)} status="active" />
      <Typography.Text type="secondary">
        {t('planning.planningHint', { seconds: Math.ceil(limitMs / 1000) })}
      </Typography.Text>
    </Card>
  );
}

/** The plan's state and figures, above the map. */
function PlanSummary({ plan }: { plan: Plan }) {
  const { t } = useI18n();
  return (
    <Flex vertical gap={2} data-testid="plan-summary" data-state={plan.state}>
      <Flex gap={8} align="center" wrap>
        <Tag color={plan.state === 'published' ? 'green' : plan.state === 'draft' ? 'blue' : 'default'}>
          {t(`planning.state.${plan.state}`)}
        </Tag>
        <Typography.Text>
          {t('planning.summary', {
            unplaced: plan.cost.unplaced,
            late: plan.cost.lateMinutes,
            travel: plan.cost.travelMinutes,
            technicians: plan.cost.technicians,
          })}
        </Typography.Text>
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {[
          plan.createdBy
            ? t('planning.createdBy', { name: plan.createdBy.name, at: formatDateTime(plan.createdAt) })
            : '',
          t('planning.solvedIn', { seconds: (plan.solvedInMs / 1000).toFixed(1), iterations: plan.iterations }),
          plan.publishedAt ? t('planning.publishedAt', { at: formatDateTime(plan.publishedAt) }) : '',
        ]
          .filter(Boolean)
          .join(' · ')}
      </Typography.Text>
    </Flex>
  );
}

/** The selected visit: where the plan puts it, and the hand move and the lock. */
function SelectedVisit({
  board,
  orderId,
  busy,
  onMove,
  onLock,
}: {
  board: Board;
  orderId: string;
  busy: boolean;
  onMove: () => void;
  onLock: (locked: boolean) => void;
}) {
  const { t } = useI18n();
  const code = useCodeText();
  const v = board.visits.find((x) => x.orderId === orderId);
  if (!v) return null;
  const plan = board.plan;
  const place = placements(plan).get(orderId);
  const tech = place ? board.technicians.find((x) => x.id === place.technicianId) : undefined;
  const editable = !!plan && plan.state !== 'superseded' && !v.fixed;
  return (
    <Card
      size="small"
      data-testid="selected-visit"
      data-order={orderId}
      title={
        <Link to={`/orders/${v.orderId}`} data-testid="selected-visit-link">
          {v.code}
        </Link>
      }
      extra={
        <Flex gap={8}>
          {place && editable ? (
            <Button
              size="small"
              data-testid="lock-toggle"
              data-locked={String(place.stop.locked)}
              icon={place.stop.locked ? <UnlockOutlined /> : <LockOutlined />}
              loading={busy}
              onClick={() => onLock(!place.stop.locked)}
            >
              {place.stop.locked ? t('planning.unlock') : t('planning.lock')}
            </Button>
          ) : null}
          {editable ? (
            <Button size="small" type="primary" data-testid="move-open" onClick={onMove}>
              {t('planning.move')}
            </Button>
          ) : null}
        </Flex>
      }
    >
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('planning.customer')}>
          {v.customerName} · {v.address}
        </Descriptions.Item>
        <Descriptions.Item label={t('planning.window')}>
          {span(v.window.start, v.window.end)} · {code.type(v.serviceType)} · {t('planning.minutes', { n: v.duration })}
        </Descriptions.Item>
        <Descriptions.Item label={t('planning.state')}>
          <Flex gap={4} wrap>
            {code.state(v.state)}
            <VisitMarks v={v} />
          </Flex>
        </Descriptions.Item>
        <Descriptions.Item label={t('planning.technician')}>
          <span data-testid="selected-visit-place">
            {place && tech ? (
              <>
                {tech.name} · {t('planning.position', { n: place.position + 1 })} ·{' '}
                {span(place.stop.start, place.stop.end)}
                {place.stop.locked ? (
                  <Tag icon={<LockOutlined />} style={{ marginLeft: 8 }} data-testid="selected-visit-locked">
                    {t('planning.locked')}
                  </Tag>
                ) : null}
                {place.stop.lateMinutes ? (
                  <Tag color="red" style={{ marginLeft: 4 }}>
                    {t('planning.timeline.late', { n: place.stop.lateMinutes })}
                  </Tag>
                ) : null}
              </>
            ) : (
              t('planning.notPlanned')
            )}
          </span>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/**
 * The planning board (排程) of one outlet and day: the visits and technicians; "plan the day" runs the
 * route optimiser with a progress bar; then the routes on the map or plain plot, a timeline per
 * technician, the visits that could not be placed and why. A visit is moved by hand (checked first),
 * locked, the rest re-planned, and the plan published through the normal dispatch and booking.
 */
export function PlanningPage() {
  const { t } = useI18n();
  useDocumentTitle(t('planning.title'));
  const { message, modal } = App.useApp();
  const onError = useApiError();
  const me = useMe().data;
  const { units } = useOrgUnits();
  const [params, setParams] = useSearchParams();
  const outlets = useMemo(() => units.filter((u) => u.kind === 'outlet' && u.active), [units]);
  const outletId =
    params.get('outletId') ??
    (me && me.orgUnitKind === 'outlet' ? me.orgUnitId : undefined) ??
    (outlets.length === 1 ? outlets[0]!.id : undefined);
  const day = params.get('day') ?? tomorrow(new Date(), getDisplayZone());
  const set = (patch: Record<string, string>) => setParams({ ...Object.fromEntries(params), ...patch });

  const board = useBoard(outletId, day);
  const commands = usePlanCommands();
  const limitMs = useTimeLimitMs();
  const [running, setRunning] = useState<'plan' | 'replan' | null>(null);
  const [busy, setBusy] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [moving, setMoving] = useState<string | null>(null);
  const [shiftOf, setShiftOf] = useState<BoardTechnician | null>(null);
  const [pooled, setPooled] = useState<string[]>([]);
  const [published, setPublished] = useState<PublishResult | null>(null);

  // A new outlet or day starts with nothing selected.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on the outlet and day only
  useEffect(() => {
    setSelected(null);
    setPooled([]);
    setPublished(null);
  }, [outletId, day]);

  const data = board.data;
  const colors = useMemo(() => techColors(data?.technicians ?? []), [data?.technicians]);
  const plan = data?.plan ?? null;

  const plan_ = async () => {
    if (!outletId) return;
    setRunning('plan');
    setPublished(null);
    try {
      await commands.create({ outletId, day });
    } catch (err) {
      onError(err);
    } finally {
      setRunning(null);
      void commands.refresh();
    }
  };
  const replan = async () => {
    if (!plan) return;
    setRunning('replan');
    setPublished(null);
    try {
      await commands.replan(plan);
    } catch (err) {
      onError(err);
    } finally {
      setRunning(null);
      void commands.refresh();
    }
  };
  const lock = async (orderId: string, locked: boolean) => {
    if (!plan) return;
    setBusy(true);
    try {
      await commands.lock(plan, orderId, locked);
      message.success(locked ? t('planning.lockedDone') : t('planning.unlockedDone'));
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  const publish = () => {
    if (!plan) return;
    modal.confirm({
      title: t('planning.publishTitle'),
      content: t('planning.publishConfirm'),
      okText: t('planning.publish'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          const res = await commands.publish(plan);
          setPublished(res);
        } catch (err) {
          onError(err);
        }
      },
    });
  };
  const toPool = async () => {
    if (!outletId || pooled.length === 0) return;
    setBusy(true);
    try {
      const res = await commands.publishToPool(outletId, pooled);
      message.success(t('planning.pool.published', { n: res.published }));
      setPooled([]);
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  const gate = outletId ? queryGate(board) : null;
  const canDispatch = can(me, 'orders.dispatch');
  const movingVisit = moving ? data?.visits.find((v) => v.orderId === moving) : undefined;

  return (
    <Flex vertical gap={12}>
      <PageHeader
        title={t('planning.title')}
        extra={
          <>
            <Select
              aria-label={t('planning.outlet')}
              data-testid="planning-outlet"
              placeholder={t('planning.outlet')}
              style={{ minWidth: 200 }}
              showSearch={{ optionFilterProp: 'label' }}
              value={outletId}
              onChange={(v: string) => set({ outletId: v })}
              options={outlets.map((u) => ({ value: u.id, label: `${u.name} (${u.code})` }))}
            />
            <DatePicker
              aria-label={t('planning.day')}
              data-testid="planning-day"
              allowClear={false}
              value={dayjs(day)}
              onChange={(d) => d && set({ day: d.format('YYYY-MM-DD') })}
            />
            {canDispatch ? (
              <Button
                type="primary"
                icon={<ThunderboltOutlined />}
                data-testid="plan-run"
                disabled={!data || !!running}
                loading={running === 'plan'}
                onClick={plan_}
              >
                {t('planning.plan')}
              </Button>
            ) : null}
            {canDispatch && plan && plan.state !== 'superseded' ? (
              <Button
                icon={<ReloadOutlined />}
                data-testid="plan-replan"
                title={t('planning.replanHint')}
                disabled={!!running}
                loading={running === 'replan'}
                onClick={replan}
              >
                {t('planning.replan')}
              </Button>
            ) : null}
            {canDispatch && plan?.state === 'draft' ? (
              <Button icon={<SendOutlined />} data-testid="plan-publish" disabled={!!running} onClick={publish}>
                {t('planning.publish')}
              </Button>
            ) : null}
          </>
        }
      />
      {!outletId ? <Empty description={t('planning.noOutlet')} /> : gate}
      {running ? <SolverProgress key={running} limitMs={limitMs} /> : null}
      {plan?.stale ? (
        <Alert
          type="warning"
          showIcon
          data-testid="plan-stale"
          title={t('planning.stale')}
          action={
            canDispatch ? (
              <Button size="small" onClick={replan} disabled={!!running}>
                {t('planning.replan')}
              </Button>
            ) : null
          }
        />
      ) : null}
      {published ? (
        <Alert
          type="success"
          showIcon
          closable
          data-testid="publish-result"
          title={t('planning.published', {
            assigned: published.assigned,
            booked: published.booked,
            unchanged: published.unchanged,
          })}
          onClose={() => setPublished(null)}
        />
      ) : null}
      {data ? (
        <Row gutter={[12, 12]}>
          <Col xs={24} xl={10}>
            <Card size="small" styles={{ body: { padding: 0 } }}>
              <Tabs
                size="small"
                tabBarStyle={{ paddingInline: 12, marginBottom: 0 }}
                items={[
                  {
                    key: 'visits',
                    label: t('planning.visitsCount', { n: data.visits.length }),
                    children: (
                      <Flex vertical gap={8}>
                        {data.poolEnabled && canDispatch ? (
                          <Flex gap={8} align="center" wrap style={{ padding: '8px 12px 0' }}>
                            <Button
                              size="small"
                              data-testid="pool-publish"
                              disabled={pooled.length === 0}
                              loading={busy}
                              onClick={toPool}
                            >
                              {t('planning.pool.publish', { n: pooled.length })}
                            </Button>
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {t('planning.pool.hint')}
                            </Typography.Text>
                          </Flex>
                        ) : null}
                        <VisitsTable
                          visits={data.visits}
                          plan={plan}
                          technicians={data.technicians}
                          colors={colors}
                          selected={selected}
                          onSelect={setSelected}
                          poolSelection={data.poolEnabled && canDispatch ? { keys: pooled, onChange: setPooled } : null}
                        />
                      </Flex>
                    ),
                  },
                  {
                    key: 'technicians',
                    label: t('planning.techniciansCount', { n: data.technicians.length }),
                    children: (
                      <div style={{ padding: '0 12px' }}>
                        <TechniciansList technicians={data.technicians} colors={colors} onEditShift={setShiftOf} />
                      </div>
                    ),
                  },
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} xl={14}>
            <Flex vertical gap={12}>
              {plan ? <PlanSummary plan={plan} /> : <Alert type="info" showIcon title={t('planning.noPlan')} />}
              {selected ? (
                <SelectedVisit
                  board={data}
                  orderId={selected}
                  busy={busy}
                  onMove={() => setMoving(selected)}
                  onLock={(locked) => lock(selected, locked)}
                />
              ) : null}
              <Card size="small" title={t('planning.map')}>
                <PlanMap
                  board={data}
                  plan={plan}
                  colors={colors}
                  selected={selected}
                  onSelect={setSelected}
                  tiles={data.tiles}
                />
              </Card>
              {plan ? (
                <>
                  <Card size="small" title={t('planning.timeline')}>
                    <PlanTimeline
                      technicians={data.technicians}
                      visits={data.visits}
                      plan={plan}
                      colors={colors}
                      selected={selected}
                      onSelect={setSelected}
                    />
                  </Card>
                  <Card
                    size="small"
                    title={t('planning.unplacedCount', { n: plan.unplaced.length })}
                    data-testid="unplaced-card"
                    styles={{ body: { maxHeight: 520, overflowY: 'auto' } }}
                  >
                    <UnplacedList
                      unplaced={plan.unplaced}
                      visits={data.visits}
                      onSelect={(id) => {
                        setSelected(id);
                        if (canDispatch && plan.state !== 'superseded') setMoving(id);
                      }}
                    />
                  </Card>
                </>
              ) : null}
            </Flex>
          </Col>
        </Row>
      ) : null}
      {movingVisit && plan ? (
        <MoveModal
          visit={movingVisit}
          plan={plan}
          technicians={data?.technicians ?? []}
          onMove={(body) => commands.move(plan.id, body)}
          onClose={() => setMoving(null)}
        />
      ) : null}
      {shiftOf ? <ShiftDialog tech={shiftOf} onClose={() => setShiftOf(null)} /> : null}
    </Flex>
  );
}

import { LockOutlined } from '@ant-design/icons';
import { Flex, Tooltip, Typography } from 'antd';
import { type CSSProperties, Fragment } from 'react';
import type { BoardTechnician, BoardVisit, Plan } from '../../../server/modules/planning/contract.js';
import { useT } from '../../i18n/index.js';
import { clock, hourTicks, percentOf, span, timelineSpan } from './planning-rules.js';

interface Props {
  technicians: BoardTechnician[];
  visits: BoardVisit[];
  plan: Plan;
  colors: Map<string, string>;
  selected: string | null;
  onSelect: (orderId: string) => void;
}

const NAME_W = 120;
const ROW_H = 34;

/**
 * One row per technician over the day: the shift as the background, each visit as a bar from its
 * start to its end in the technician's colour (locked ones marked), the travel before it as a thin
 * bar, the break as a hatched bar. A click on a visit selects it on the board.
 */
export function PlanTimeline({ technicians, visits, plan, colors, selected, onSelect }: Props) {
  const t = useT();
  const range = timelineSpan(technicians, plan.routes);
  const ticks = hourTicks(range);
  const at = (m: number) => percentOf(m, range);
  const visitOf = new Map(visits.map((v) => [v.orderId, v]));
  const routeOf = new Map(plan.routes.map((r) => [r.technicianId, r]));
  const pos = (from: number, to: number): CSSProperties => ({
    position: 'absolute',
    left: `${at(from)}%`,
    width: `${Math.max(0.3, at(to) - at(from))}%`,
  });

  return (
    <div data-testid="plan-timeline" style={{ overflowX: 'auto' }}>
      <div style={{ minWidth: 720 }}>
        <Flex>
          <div style={{ width: NAME_W, flex: 'none' }} />
          <div style={{ position: 'relative', flex: 1, height: 18 }}>
            {ticks.map((m) => (
              <Typography.Text
                key={m}
                type="secondary"
                style={{ position: 'absolute', left: `${at(m)}%`, fontSize: 11, transform: 'translateX(-50%)' }}
              >
                {clock(m)}
              </Typography.Text>
            ))}
          </div>
        </Flex>
        {technicians.map((tech) => {
          const route = routeOf.get(tech.id);
          const color = colors.get(tech.id) ?? '#1677ff';
          return (
            <Flex key={tech.id} align="center" data-testid="timeline-row" data-technician={tech.id}>
              <div style={{ width: NAME_W, flex: 'none', paddingRight: 8 }}>
                <Typography.Text ellipsis style={{ display: 'block' }}>
                  <span
                    style={{
                      display: 'inline-block',
                      width: 8,
                      height: 8,
                      borderRadius: 4,
                      background: color,
                      marginRight: 6,
                    }}
                  />
                  {tech.name}
                </Typography.Text>
              </div>
              <div
                style={{
                  position: 'relative',
                  flex: 1,
                  height: ROW_H,
                  borderBottom: '1px solid #f0f0f0',
                  backgroundImage: `repeating-linear-gradient(to right, #f0f0f0 0 1px, transparent 1px ${100 / Math.max(1, ticks.length - 1)}%)`,
                }}
              >
                {tech.working ? (
                  <Tooltip title={`${t('planning.timeline.shift')} ${span(tech.shift.start, tech.shift.end)}`}>
                    <div
                      style={{ ...pos(tech.shift.start, tech.shift.end), top: 4, bottom: 4, background: '#f6ffed' }}
                    />
                  </Tooltip>
                ) : (
                  <Typography.Text type="secondary" style={{ position: 'absolute', left: 8, top: 7 }}>
                    {t('planning.offDuty')}
                  </Typography.Text>
                )}
                {route?.break ? (
                  <Tooltip title={`${t('planning.timeline.break')} ${span(route.break.start, route.break.end)}`}>
                    <div
                      data-testid="timeline-break"
                      style={{
                        ...pos(route.break.start, route.break.end),
                        top: 10,
                        bottom: 10,
                        background: 'repeating-linear-gradient(45deg, #d9d9d9 0 3px, #f5f5f5 3px 6px)',
                      }}
                    />
                  </Tooltip>
                ) : null}
                {route?.stops.map((s) => {
                  const v = visitOf.get(s.orderId);
                  const isSelected = selected === s.orderId;
                  const title = [
                    v?.code,
                    v?.customerName,
                    span(s.start, s.end),
                    s.travelMinutes
                      ? `${t('planning.timeline.travel')} ${t('planning.minutes', { n: s.travelMinutes })}`
                      : '',
                    s.lateMinutes ? t('planning.timeline.late', { n: s.lateMinutes }) : '',
                  ]
                    .filter(Boolean)
                    .join(' · ');
                  return (
                    <Fragment key={s.orderId}>
                      {s.travelMinutes > 0 ? (
                        <div
                          data-testid="timeline-travel"
                          style={{
                            ...pos(s.arrival - s.travelMinutes, s.arrival),
                            top: ROW_H / 2 - 1,
                            height: 2,
                            background: color,
                            opacity: 0.5,
                          }}
                        />
                      ) : null}
                      <Tooltip title={title}>
                        <button
                          type="button"
                          data-testid="timeline-stop"
                          data-order={s.orderId}
                          aria-label={title}
                          onClick={() => onSelect(s.orderId)}
                          style={{
                            ...pos(s.start, s.end),
                            top: 6,
                            bottom: 6,
                            padding: 0,
                            border: isSelected ? '2px solid #000' : s.lateMinutes ? '2px solid #ff4d4f' : 'none',
                            borderRadius: 3,
                            background: color,
                            color: '#fff',
                            fontSize: 10,
                            overflow: 'hidden',
                            cursor: 'pointer',
                            whiteSpace: 'nowrap',
                          }}
                        >
                          {s.locked || s.fixed ? <LockOutlined /> : null}
                        </button>
                      </Tooltip>
                    </Fragment>
                  );
                })}
              </div>
            </Flex>
          );
        })}
      </div>
    </div>
  );
}

import { EditOutlined, LockOutlined } from '@ant-design/icons';
import { Button, Flex, List, Modal, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import { Link } from 'react-router';
import type { BoardTechnician, BoardVisit, Plan } from '../../../server/modules/planning/contract.js';
import { useI18n } from '../../i18n/index.js';
import { useCodeText } from './code-text.js';
import { ShiftModal } from './shift-modal.js';
import { useSaveShift, useShift } from './planning-api.js';
import { clock, type Placement, placements, poolable, span } from './planning-rules.js';

/** The marks of a visit: booked or not, confirmed, started, in the pool, no coordinates. */
export function VisitMarks({ v }: { v: BoardVisit }) {
  const { t } = useI18n();
  return (
    <Flex gap={2} wrap>
      {v.booked ? (
        <Tag color={v.confirmed ? 'green' : 'blue'}>{v.confirmed ? t('planning.confirmed') : t('planning.booked')}</Tag>
      ) : (
        <Tag>{t('planning.unbooked')}</Tag>
      )}
      {v.fixed ? (
        <Tag color="purple" icon={<LockOutlined />} data-testid="visit-fixed">
          {t('planning.fixed')}
        </Tag>
      ) : null}
      {v.pooled ? <Tag color="cyan">{t('planning.pooled')}</Tag> : null}
      {v.location ? null : <Tag color="red">{t('planning.noLocation')}</Tag>}
    </Flex>
  );
}

/** The board's visits: window, line, parts, state and where the plan puts each; rows select the visit. */
export function VisitsTable({
  visits,
  plan,
  technicians,
  colors,
  selected,
  onSelect,
  poolSelection,
}: {
  visits: BoardVisit[];
  plan: Plan | null;
  technicians: BoardTechnician[];
  colors: Map<string, string>;
  selected: string | null;
  onSelect: (orderId: string) => void;
  /** When the outlet may use the order pool: the ticked visits. */
  poolSelection: { keys: string[]; onChange: (keys: string[]) => void } | null;
}) {
  const { t } = useI18n();
  const code = useCodeText();
  const at = placements(plan);
  const nameOf = new Map(technicians.map((x) => [x.id, x.name]));
  const where = (p: Placement | undefined, v: BoardVisit) => {
    if (p)
      return (
        <Typography.Text style={{ color: colors.get(p.technicianId) }}>
          {nameOf.get(p.technicianId)} · {t('planning.position', { n: p.position + 1 })} · {clock(p.stop.start)}
          {p.stop.locked ? <LockOutlined style={{ marginLeft: 4 }} /> : null}
        </Typography.Text>
      );
    if (v.technicianId) return <Typography.Text type="secondary">{nameOf.get(v.technicianId) ?? ''}</Typography.Text>;
    return <Typography.Text type="secondary">{t('planning.notPlanned')}</Typography.Text>;
  };
  return (
    <Table<BoardVisit>
      size="small"
      rowKey="orderId"
      data-testid="visits-table"
      dataSource={visits}
      pagination={false}
      scroll={{ x: 720, y: 560 }}
      onRow={(v) => ({
        onClick: () => onSelect(v.orderId),
        style: { cursor: 'pointer', background: selected === v.orderId ? '#e6f4ff' : undefined },
        'data-testid': 'visit-row',
        'data-order': v.orderId,
      })}
      rowSelection={
        poolSelection
          ? {
              selectedRowKeys: poolSelection.keys,
              onChange: (keys) => poolSelection.onChange(keys.map(String)),
              getCheckboxProps: (v) => ({ disabled: !poolable(v) }),
            }
          : undefined
      }
      columns={[
        {
          key: 'code',
          title: t('planning.code'),
          width: 150,
          render: (_, v) => (
            <Flex vertical>
              <Link to={`/orders/${v.orderId}`} onClick={(e) => e.stopPropagation()}>
                {v.code}
              </Link>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {v.customerName}
              </Typography.Text>
            </Flex>
          ),
        },
        {
          key: 'technician',
          title: t('planning.technician'),
          width: 160,
          render: (_, v) => where(at.get(v.orderId), v),
        },
        {
          key: 'window',
          title: t('planning.window'),
          width: 110,
          render: (_, v) => (
            <Flex vertical>
              <span>{span(v.window.start, v.window.end)}</span>
              {v.dueAt !== null ? (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('planning.due', { time: clock(v.dueAt) })}
                </Typography.Text>
              ) : null}
            </Flex>
          ),
        },
        {
          key: 'line',
          title: t('planning.line'),
          width: 120,
          render: (_, v) => (
            <Flex vertical>
              <span>{v.productLine?.name ?? '—'}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {code.type(v.serviceType)} · {t('planning.minutes', { n: v.duration })}
              </Typography.Text>
            </Flex>
          ),
        },
        {
          key: 'parts',
          title: t('planning.parts'),
          width: 100,
          render: (_, v) => (v.parts.length ? v.parts.map((p) => `${p.code}×${p.qty}`).join(', ') : '—'),
        },
        {
          key: 'state',
          title: t('planning.state'),
          width: 150,
          render: (_, v) => (
            <Flex vertical gap={2}>
              <span>{code.state(v.state)}</span>
              <VisitMarks v={v} />
            </Flex>
          ),
        },
      ]}
    />
  );
}

/** The technicians of the outlet on the day: shift, break, certifications, van stock, and the shift dialog. */
export function TechniciansList({
  technicians,
  colors,
  onEditShift,
}: {
  technicians: BoardTechnician[];
  colors: Map<string, string>;
  onEditShift: (tech: BoardTechnician) => void;
}) {
  const { t } = useI18n();
  return (
    <List
      size="small"
      data-testid="technicians-list"
      dataSource={technicians}
      renderItem={(tech) => (
        <List.Item
          data-testid="technician-item"
          data-technician={tech.id}
          actions={[
            <Button key="shift" size="small" icon={<EditOutlined />} onClick={() => onEditShift(tech)}>
              {t('planning.editShift')}
            </Button>,
          ]}
        >
          <Flex vertical gap={2} style={{ minWidth: 0 }}>
            <Flex gap={6} align="center" wrap>
              <span
                style={{
                  width: 10,
                  height: 10,
                  borderRadius: 5,
                  display: 'inline-block',
                  background: colors.get(tech.id),
                }}
              />
              <Typography.Text strong>{tech.name}</Typography.Text>
              {tech.working ? (
                <Typography.Text>
                  {t('planning.shift')} {span(tech.shift.start, tech.shift.end)}
                </Typography.Text>
              ) : (
                <Tag>{t('planning.offDuty')}</Tag>
              )}
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {[
                tech.break
                  ? `${t('planning.break')} ${t('planning.breakSpan', {
                      from: clock(tech.break.earliestStart),
                      to: clock(tech.break.latestStart),
                      minutes: tech.break.minutes,
                    })}`
                  : t('planning.noBreak'),
                t(`planning.startAt.${tech.startAt}`),
                tech.maxJobs ? t('planning.maxJobs', { n: tech.maxJobs }) : '',
              ]
                .filter(Boolean)
                .join(' · ')}
            </Typography.Text>
            <Flex gap={2} wrap>
              {tech.certifications.length ? (
                tech.certifications.map((c) => (
                  <Tooltip key={c.productLineId} title={c.validUntil}>
                    <Tag color="geekblue">{c.name}</Tag>
                  </Tooltip>
                ))
              ) : (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('planning.noCertifications')}
                </Typography.Text>
              )}
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('planning.stock')}:{' '}
              {tech.stock.length
                ? tech.stock.map((s) => `${s.code} ${s.name}×${s.qty}`).join(t('common.listSeparator'))
                : t('planning.noStock')}
            </Typography.Text>
          </Flex>
        </List.Item>
      )}
    />
  );
}

/** Loads a technician's shift and edits it. */
export function ShiftDialog({ tech, onClose }: { tech: BoardTechnician; onClose: () => void }) {
  const { t } = useI18n();
  const shift = useShift(tech.id);
  const save = useSaveShift();
  if (!shift.data)
    return (
      <Modal open title={t('planning.shiftTitle', { name: tech.name })} footer={null} onCancel={onClose}>
        {shift.error ? (
          <Typography.Text type="danger">{shift.error.detail}</Typography.Text>
        ) : (
          <Flex justify="center">
            <Spin />
          </Flex>
        )}
      </Modal>
    );
  return <ShiftModal name={tech.name} shift={shift.data} onSave={(body) => save(tech.id, body)} onClose={onClose} />;
}

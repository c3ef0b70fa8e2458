import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Segmented,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import {
  type Calendar,
  CalendarKind,
  type CalendarYear,
  type DayOverride,
} from '../../../server/modules/sla/contract.js';
import { api } from '../../api/client.js';
import { invalidateUrls, useApiList } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadFailed } from '../../components/status-pages.js';
import { type MessageKey, useT } from '../../i18n/index.js';
import { formatDateTime } from '../../lib/format.js';
import { parseDates } from './parse-dates.js';

const CALENDARS_URL = '/api/sla/calendars';
const YEARS_URL = '/api/sla/calendar-years';
const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;

type WeekHours = Calendar['hours'];

/** '09:00-12:00, 13:00-18:00' ⇄ intervals. */
function hoursToText(day: WeekHours[number]): string {
  return day.map((i) => `${i.from}-${i.to}`).join(', ');
}
function textToHours(text: string): WeekHours[number] {
  return text
    .split(/[,，;；\s]+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [from = '', to = ''] = s.split(/[-–~～]/);
      return { from: from.trim().padStart(5, '0'), to: to.trim().padStart(5, '0') };
    });
}

/** Business calendars: year status (red when holidays are missing), month view, overrides, preview. */
export function CalendarsPage() {
  const t = useT();
  const me = useMe().data!;
  const manage = can(me, 'settings.manage');
  const calendars = useApiList('GET /api/sla/calendars', {});
  const years = useApiList('GET /api/sla/calendar-years', {});
  const [selected, setSelected] = useState<string | null>(null);
  const [editing, setEditing] = useState<Calendar | 'new' | null>(null);
  if (calendars.isError && !calendars.data)
    return <LoadFailed detail={calendars.error.detail} onRetry={() => calendars.refetch()} />;

  const list = calendars.data ?? [];
  const current = list.find((c) => c.id === selected) ?? list.find((c) => c.kind === 'working') ?? list[0];
  const thisYear = dayjs().year();
  const missing = (years.data ?? []).filter((y) => y.provisional && y.year >= thisYear);

  return (
    <>
      <PageHeader
        title={t('sla.calendars.title')}
        extra={manage ? <Button onClick={() => setEditing('new')}>{t('sla.calendar.new')}</Button> : null}
      />
      <Typography.Paragraph type="secondary">{t('sla.calendars.intro')}</Typography.Paragraph>
      {missing.map((y) => (
        <Alert
          key={`${y.calendarId}-${y.year}`}
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="calendar-year-missing"
          title={t('sla.years.missing', { year: y.year, calendar: y.calendarName })}
          description={t('sla.years.missingHint')}
        />
      ))}
      <Card style={{ marginBottom: 16 }}>
        <Table<Calendar>
          rowKey="id"
          size="middle"
          loading={calendars.isFetching}
          dataSource={list}
          pagination={false}
          scroll={{ x: 'max-content' }}
          rowSelection={{
            type: 'radio',
            selectedRowKeys: current ? [current.id] : [],
            onChange: (keys) => setSelected(String(keys[0])),
          }}
          onRow={(c) => ({ onClick: () => setSelected(c.id) })}
          columns={[
            {
              key: 'code',
              title: t('sla.calendar.code'),
              render: (_, c) => <Typography.Text code>{c.code}</Typography.Text>,
            },
            { key: 'name', title: t('sla.calendar.name'), dataIndex: 'name' },
            {
              key: 'kind',
              title: t('sla.calendar.kind'),
              render: (_, c) => t(`sla.calendar.kind.${c.kind}` as MessageKey),
            },
            {
              key: 'zone',
              title: t('sla.calendar.timeZone'),
              render: (_, c) =>
                c.timeZone ? c.timeZone : t('sla.calendar.companyZone', { zone: c.effectiveTimeZone }),
            },
            {
              key: 'hours',
              title: t('sla.calendar.hours'),
              render: (_, c) =>
                c.kind === '24x7'
                  ? '—'
                  : WEEKDAYS.filter((d) => c.hours[d]?.length)
                      .map((d) => `${t(`sla.weekday.${d}` as MessageKey)} ${hoursToText(c.hours[d]!)}`)
                      .join('；'),
            },
            { key: 'overrides', title: t('sla.calendar.overrides'), dataIndex: 'overrideCount' },
            {
              key: 'status',
              title: t('common.status'),
              render: (_, c) =>
                c.active ? <Tag color="green">{t('common.active')}</Tag> : <Tag>{t('common.inactive')}</Tag>,
            },
            ...(manage
              ? [
                  {
                    key: 'actions',
                    title: t('common.actions'),
                    render: (_: unknown, c: Calendar) => (
                      <Button type="link" onClick={() => setEditing(c)}>
                        {t('common.edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {current ? (
        <Card title={current.name}>
          <Tabs
            items={[
              { key: 'month', label: t('sla.month.title'), children: <MonthView calendar={current} /> },
              ...(current.kind === 'working'
                ? [
                    {
                      key: 'years',
                      label: t('sla.years.title'),
                      children: <YearsTab calendar={current} years={years.data ?? []} manage={manage} />,
                    },
                    {
                      key: 'overrides',
                      label: t('sla.overrides.title'),
                      children: <OverridesTab calendar={current} manage={manage} />,
                    },
                  ]
                : []),
              { key: 'preview', label: t('sla.preview.title'), children: <Preview calendar={current} /> },
            ]}
          />
        </Card>
      ) : null}
      {editing ? (
        <CalendarModal calendar={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
    </>
  );
}

function MonthView({ calendar }: { calendar: Calendar }) {
  const t = useT();
  const [month, setMonth] = useState<Dayjs>(dayjs().startOf('month'));
  const days = useApiList('GET /api/sla/calendars/:id/days', {
    params: { id: calendar.id },
    query: { month: month.format('YYYY-MM') },
  });
  const cells = useMemo(() => {
    const list = days.data ?? [];
    const lead = (month.day() + 6) % 7; // Monday first
    const blanks = Array.from({ length: lead }, (_, i) => ({ blank: `blank-${i}` }));
    return [...blanks, ...list];
  }, [days.data, month]);
  return (
    <>
      <Flex gap={8} align="center" style={{ marginBottom: 12 }}>
        <Button onClick={() => setMonth(month.subtract(1, 'month'))}>‹</Button>
        <DatePicker
          picker="month"
          value={month}
          allowClear={false}
          onChange={(v) => v && setMonth(v.startOf('month'))}
        />
        <Button onClick={() => setMonth(month.add(1, 'month'))}>›</Button>
        <Tag color="blue">{t('sla.month.work')}</Tag>
        <Tag>{t('sla.month.off')}</Tag>
        <Tag color="orange">{t('sla.month.override')}</Tag>
        <Tag color="red">{t('sla.month.provisional')}</Tag>
      </Flex>
      <div
        style={{ display: 'grid', gridTemplateColumns: 'repeat(7, minmax(0, 1fr))', gap: 4, maxWidth: 720 }}
        data-testid="month-view"
      >
        {WEEKDAYS.map((d) => (
          <Typography.Text key={`h${d}`} type="secondary" style={{ textAlign: 'center' }}>
            {t(`sla.weekday.${d}` as MessageKey)}
          </Typography.Text>
        ))}
        {cells.map((d) =>
          'date' in d ? (
            <Tooltip key={d.date} title={[d.name, d.note].filter(Boolean).join(' · ') || undefined}>
              <div
                data-testid={`day-${d.date}`}
                data-work={d.work}
                style={{
                  padding: '6px 4px',
                  borderRadius: 6,
                  textAlign: 'center',
                  background: d.work ? '#e6f4ff' : '#f5f5f5',
                  border: `1px solid ${d.source === 'override' ? '#fa8c16' : d.provisional ? '#ff4d4f' : 'transparent'}`,
                }}
              >
                <div style={{ fontWeight: 600 }}>{Number(d.date.slice(8))}</div>
                <div style={{ fontSize: 11, color: d.work ? '#1677ff' : '#8c8c8c' }}>
                  {d.name ?? (d.work ? t('sla.month.work') : t('sla.month.off'))}
                </div>
              </div>
            </Tooltip>
          ) : (
            <div key={d.blank} />
          ),
        )}
      </div>
    </>
  );
}

function YearsTab({ calendar, years, manage }: { calendar: Calendar; years: CalendarYear[]; manage: boolean }) {
  const t = useT();
  const qc = useQueryClient();
  const onError = useApiError();
  const mine = years.filter((y) => y.calendarId === calendar.id);
  const act = (year: number, what: 'confirm' | 'unconfirm') =>
    api
      .call(`POST /api/sla/calendars/:id/years/:year/${what}` as const, {
        params: { id: calendar.id, year: String(year) },
      })
      .then(() => invalidateUrls(qc, YEARS_URL, CALENDARS_URL))
      .catch((e) => onError(e));
  return (
    <Table<CalendarYear>
      rowKey="year"
      size="small"
      pagination={false}
      dataSource={mine}
      columns={[
        { key: 'year', title: t('sla.years.year'), dataIndex: 'year' },
        {
          key: 'source',
          title: t('sla.years.source'),
          render: (_, y) =>
            y.packageData
              ? t('sla.years.package')
              : y.overrides
                ? `${t('sla.years.manual')}（${y.overrides}）`
                : t('sla.years.none'),
        },
        {
          key: 'status',
          title: t('sla.years.status'),
          render: (_, y) =>
            y.provisional ? (
              <Tag color="red">{t('sla.years.provisional')}</Tag>
            ) : y.confirmedAt ? (
              <Tag color="green">{t('sla.years.confirmed', { at: formatDateTime(y.confirmedAt) })}</Tag>
            ) : (
              <Tag color="green">{t('sla.years.ok')}</Tag>
            ),
        },
        ...(manage
          ? [
              {
                key: 'actions',
                title: t('common.actions'),
                render: (_: unknown, y: CalendarYear) =>
                  y.packageData ? null : y.confirmedAt ? (
                    <Button type="link" onClick={() => act(y.year, 'unconfirm')}>
                      {t('sla.years.unconfirm')}
                    </Button>
                  ) : (
                    <Popconfirm
                      title={t('sla.years.confirmTitle', { year: y.year })}
                      onConfirm={() => act(y.year, 'confirm')}
                    >
                      <Button type="link">{t('sla.years.confirm')}</Button>
                    </Popconfirm>
                  ),
              },
            ]
          : []),
      ]}
    />
  );
}

function OverridesTab({ calendar, manage }: { calendar: Calendar; manage: boolean }) {
  const t = useT();
  const qc = useQueryClient();
  const onError = useApiError();
  const { message } = App.useApp();
  const [year, setYear] = useState(dayjs().year() + 1);
  const [text, setText] = useState('');
  const [kind, setKind] = useState<'work' | 'off'>('off');
  const [note, setNote] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const list = useApiList('GET /api/sla/calendars/:id/overrides', { params: { id: calendar.id }, query: { year } });
  const parsed = parseDates(text);
  const refresh = () => invalidateUrls(qc, CALENDARS_URL, YEARS_URL);

  const add = () =>
    api
      .call('POST /api/sla/calendars/:id/overrides', {
        params: { id: calendar.id },
        body: { items: parsed.map((date) => ({ date, kind, note: note.trim() || null })) },
      })
      .then(() => {
        setText('');
        message.success(t('common.saved'));
        return refresh();
      })
      .catch((e) => onError(e));
  const remove = (dates: string[]) =>
    api
      .call('POST /api/sla/calendars/:id/overrides/remove', { params: { id: calendar.id }, body: { dates } })
      .then(() => {
        setPicked([]);
        return refresh();
      })
      .catch((e) => onError(e));

  return (
    <Flex vertical gap={12}>
      <Space>
        {t('sla.overrides.year')}
        <InputNumber min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />
      </Space>
      {manage ? (
        <Card size="small" title={t('sla.overrides.paste')}>
          <Input.TextArea
            rows={4}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('sla.overrides.pasteHint')}
            aria-label={t('sla.overrides.paste')}
          />
          <Flex gap={8} wrap align="center" style={{ marginTop: 8 }}>
            <Segmented<'work' | 'off'>
              value={kind}
              onChange={setKind}
              options={[
                { value: 'off', label: t('sla.overrides.kind.off') },
                { value: 'work', label: t('sla.overrides.kind.work') },
              ]}
            />
            <Input
              value={note}
              onChange={(e) => setNote(e.target.value)}
              placeholder={t('sla.overrides.note')}
              style={{ width: 200 }}
              maxLength={100}
            />
            <Typography.Text type="secondary">{t('sla.overrides.parsed', { n: parsed.length })}</Typography.Text>
            <Button type="primary" disabled={!parsed.length} onClick={add}>
              {t('sla.overrides.add')}
            </Button>
          </Flex>
        </Card>
      ) : null}
      <Table<DayOverride>
        rowKey="date"
        size="small"
        loading={list.isFetching}
        dataSource={list.data ?? []}
        pagination={false}
        rowSelection={manage ? { selectedRowKeys: picked, onChange: (k) => setPicked(k.map(String)) } : undefined}
        columns={[
          {
            key: 'date',
            title: t('sla.overrides.date'),
            render: (_, o) => `${o.date}（${t(`sla.weekday.${(dayjs(o.date).day() + 6) % 7}` as MessageKey)}）`,
          },
          {
            key: 'kind',
            title: t('sla.overrides.kind'),
            render: (_, o) => (
              <Tag color={o.kind === 'work' ? 'blue' : 'default'}>
                {t(`sla.overrides.kind.${o.kind}` as MessageKey)}
              </Tag>
            ),
          },
          { key: 'note', title: t('sla.overrides.note'), dataIndex: 'note' },
          ...(manage
            ? [
                {
                  key: 'actions',
                  title: t('common.actions'),
                  render: (_: unknown, o: DayOverride) => (
                    <Button type="link" danger onClick={() => remove([o.date])}>
                      {t('sla.overrides.remove')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
        footer={
          manage && picked.length
            ? () => (
                <Button danger onClick={() => remove(picked)}>
                  {t('sla.overrides.removeSelected')}
                </Button>
              )
            : undefined
        }
      />
    </Flex>
  );
}

function Preview({ calendar }: { calendar: Calendar }) {
  const t = useT();
  const onError = useApiError();
  const [start, setStart] = useState<Dayjs>(dayjs());
  const [limit, setLimit] = useState(60);
  const [result, setResult] = useState<{ due: string | null; provisional: boolean } | null>(null);
  const run = () =>
    api
      .call('POST /api/sla/preview', {
        body: { start: start.toISOString(), limitMinutes: limit, calendarId: calendar.id },
      })
      .then(setResult)
      .catch((e) => onError(e));
  return (
    <Flex gap={8} wrap align="center">
      <DatePicker showTime value={start} onChange={(v) => v && setStart(v)} aria-label={t('sla.preview.start')} />
      <InputNumber min={0} value={limit} onChange={(v) => setLimit(v ?? 0)} addonAfter={t('sla.preview.limit')} />
      <Button type="primary" onClick={run}>
        {t('sla.preview.run')}
      </Button>
      {result ? (
        <Typography.Text strong data-testid="preview-result">
          {result.due ? t('sla.preview.due', { due: formatDateTime(result.due) }) : t('sla.preview.never')}
          {result.provisional ? (
            <Tag color="red" style={{ marginInlineStart: 8 }}>
              {t('sla.preview.provisional')}
            </Tag>
          ) : null}
        </Typography.Text>
      ) : null}
    </Flex>
  );
}

interface CalendarForm {
  code: string;
  name: string;
  kind: Calendar['kind'];
  timeZone?: string;
  active?: boolean;
  days: string[];
}

function CalendarModal({ calendar, onClose }: { calendar: Calendar | null; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const onError = useApiError();
  const [form] = Form.useForm<CalendarForm>();
  const [saving, setSaving] = useState(false);
  const kind = Form.useWatch('kind', form);
  const initial: CalendarForm = {
    code: calendar?.code ?? '',
    name: calendar?.name ?? '',
    kind: calendar?.kind ?? 'working',
    timeZone: calendar?.timeZone ?? undefined,
    days: WEEKDAYS.map((d) =>
      hoursToText(calendar?.hours[d] ?? (d < 5 ? textToHours('09:00-12:00, 13:00-18:00') : [])),
    ),
  };
  const submit = async (v: CalendarForm) => {
    setSaving(true);
    const hours = v.kind === '24x7' ? WEEKDAYS.map(() => []) : v.days.map((d) => textToHours(d ?? ''));
    const body = { name: v.name, kind: v.kind, timeZone: v.timeZone?.trim() || null, hours };
    try {
      if (calendar)
        await api.call('PATCH /api/sla/calendars/:id', {
          params: { id: calendar.id },
          body: { ...body, version: calendar.version },
        });
      else await api.call('POST /api/sla/calendars', { body: { ...body, code: v.code } });
      await invalidateUrls(qc, CALENDARS_URL, YEARS_URL);
      onClose();
    } catch (e) {
      onError(e, form);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={calendar ? t('sla.calendar.edit') : t('sla.calendar.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      width={560}
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit}>
        <Form.Item name="code" label={t('sla.calendar.code')} rules={[{ required: true }]}>
          <Input disabled={!!calendar} maxLength={40} />
        </Form.Item>
        <Form.Item name="name" label={t('sla.calendar.name')} rules={[{ required: true }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="kind" label={t('sla.calendar.kind')}>
          <Select
            options={CalendarKind.options.map((k) => ({
              value: k,
              label: t(`sla.calendar.kind.${k}` as MessageKey),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="timeZone"
          label={t('sla.calendar.timeZone')}
          extra={t('sla.calendar.companyZone', { zone: calendar?.effectiveTimeZone ?? 'Asia/Shanghai' })}
        >
          <Input placeholder="Asia/Shanghai" maxLength={60} />
        </Form.Item>
        {kind === 'working' ? (
          <>
            <Typography.Text type="secondary">{t('sla.calendar.hoursHint')}</Typography.Text>
            {WEEKDAYS.map((d) => (
              <Form.Item
                key={d}
                name={['days', d]}
                label={t(`sla.weekday.${d}` as MessageKey)}
                style={{ marginBottom: 8 }}
              >
                <Input placeholder="09:00-12:00, 13:00-18:00" />
              </Form.Item>
            ))}
          </>
        ) : null}
      </Form>
    </Modal>
  );
}

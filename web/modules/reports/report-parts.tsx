import { DownloadOutlined } from '@ant-design/icons';
import { Button, DatePicker, Select, Tabs, Tag, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { type CSSProperties, useEffect, useMemo, useRef } from 'react';
import { Link, useLocation, useSearchParams } from 'react-router';
import type { ApiError } from '../../api/client.js';
import { useApiList } from '../../api/queries.js';
import { can, useMe } from '../../api/session.js';
import { useApiError } from '../../api/use-api-error.js';
import { divisionOptions } from '../../components/division-cascader.js';
import { useIsPhone } from '../../components/use-is-phone.js';
import { useI18n } from '../../i18n/index.js';
import { useOrgUnits } from '../org/use-org-units.js';
import { companyToday } from '../statements/statement-parts.js';
import { typeKey } from '../work-orders/labels.js';
import { SERVICE_TYPES } from '../work-orders/orders-api.js';
import {
  durationParts,
  hubLinks,
  isDay,
  monthToDate,
  type Narrow,
  type NarrowKey,
  narrowOf,
  PERIOD_PRESETS,
  presetPeriod,
} from './report-rules.js';

/* Pieces the report screens share: the filters, the period, the tabs, a figure that drills down, a rate against its target. */

/** Shows every refusal of a report's read as a message (useApiError), once per failure. */
export function useRefusal(error: ApiError | null) {
  const showError = useApiError();
  const shown = useRef<ApiError | null>(null);
  useEffect(() => {
    if (error && shown.current !== error) {
      shown.current = error;
      showError(error);
    }
  }, [error, showError]);
}

/** The provinces (2-digit codes) with their names, from the national division codes. */
export function provinceOptions(): { value: string; label: string }[] {
  return divisionOptions().map((o) => ({ value: o.value.slice(0, 2), label: o.label }));
}

/** Names of what a report narrows by: provinces, units and product lines, as the reader may see them. */
export function useNarrowNames() {
  const { lang } = useI18n();
  const me = useMe().data;
  const units = useOrgUnits(true, can(me, 'org.read'));
  const lines = useApiList(
    'GET /api/catalog/lines',
    can(me, 'orders.read') ? { query: { includeInactive: 'true' } } : null,
  );
  return useMemo(() => {
    const provinces = new Map(provinceOptions().map((o) => [o.value, o.label]));
    const lineName = new Map(
      (lines.data ?? []).map((l) => [l.id, lang === 'en' && l.nameEn ? l.nameEn : l.name] as const),
    );
    return {
      units: units.units,
      lines: lines.data ?? [],
      province: (code: string) => provinces.get(code) ?? code,
      unit: (id: string) => units.byId.get(id)?.name ?? id,
      line: (id: string) => lineName.get(id) ?? id,
    };
  }, [units.units, units.byId, lines.data, lang]);
}

/**
 * The filters every report narrows by. Which show depends on where the reader sits: headquarters
 * picks a province and a center, a center its outlets; everyone a product line and a service type.
 * `only` keeps just some of them (a report that narrows by fewer).
 */
export function ReportFilters({
  value,
  onChange,
  only,
}: {
  value: Narrow;
  onChange: (patch: Narrow) => void;
  only?: readonly NarrowKey[];
}) {
  const { t } = useI18n();
  const shown = (key: NarrowKey) => !only || only.includes(key);
  const me = useMe().data!;
  const isPhone = useIsPhone();
  const names = useNarrowNames();
  const centers = names.units.filter((u) => u.kind === 'center');
  const center = value.centerId ? names.units.find((u) => u.id === value.centerId) : undefined;
  const outlets = names.units.filter((u) => u.kind === 'outlet' && (!center || u.path.startsWith(center.path)));
  const width = (px: number): CSSProperties => ({ width: isPhone ? 'calc(50% - 4px)' : px });
  const set = (key: NarrowKey, v: string | undefined) => {
    const patch: Narrow = { [key]: v };
    // An outlet belongs to its center: a new center clears the outlet.
    if (key === 'centerId') patch.outletId = undefined;
    onChange(patch);
  };
  return (
    <>
      {me.orgUnitKind === 'hq' && shown('province') ? (
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={width(130)}
          aria-label={t('rep.province')}
          placeholder={t('rep.allProvinces')}
          value={value.province}
          onChange={(v: string | undefined) => set('province', v)}
          options={provinceOptions()}
          data-testid="filter-province"
        />
      ) : null}
      {centers.length > 1 && shown('centerId') ? (
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={width(170)}
          aria-label={t('rep.center')}
          placeholder={t('rep.allCenters')}
          value={value.centerId}
          onChange={(v: string | undefined) => set('centerId', v)}
          options={centers.map((u) => ({ value: u.id, label: u.name }))}
          data-testid="filter-center"
        />
      ) : null}
      {outlets.length > 1 && shown('outletId') ? (
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={width(200)}
          aria-label={t('rep.outlet')}
          placeholder={t('rep.allOutlets')}
          value={value.outletId}
          onChange={(v: string | undefined) => set('outletId', v)}
          options={outlets.map((u) => ({ value: u.id, label: u.name }))}
          data-testid="filter-outlet"
        />
      ) : null}
      {shown('productLineId') ? (
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={width(150)}
          aria-label={t('rep.productLine')}
          placeholder={t('rep.allLines')}
          value={value.productLineId}
          onChange={(v: string | undefined) => set('productLineId', v)}
          options={names.lines.map((l) => ({ value: l.id, label: names.line(l.id) }))}
          data-testid="filter-line"
        />
      ) : null}
      {shown('serviceType') ? (
        <Select
          allowClear
          style={width(130)}
          aria-label={t('rep.serviceType')}
          placeholder={t('rep.allTypes')}
          value={value.serviceType}
          onChange={(v: string | undefined) => set('serviceType', v)}
          options={SERVICE_TYPES.map((s) => ({ value: s, label: t(typeKey(s)) }))}
          data-testid="filter-type"
        />
      ) : null}
    </>
  );
}

/**
 * The address of a report over a period of days: from and to (this month up to today by default),
 * the filters, and a setter that patches the address (an empty value removes its key).
 */
export function usePeriodAddress() {
  const [params, setParams] = useSearchParams();
  const fallback = monthToDate(companyToday());
  const from = isDay(params.get('from')) ? params.get('from')! : fallback.from;
  const to = isDay(params.get('to')) ? params.get('to')! : fallback.to;
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  return { params, from, to, narrow: narrowOf(params), set };
}

const DAY = 'YYYY-MM-DD';

/**
 * The period of a report: a range picker with this month, last month and the last 30 or 90 days a
 * click away; on a phone two day pickers side by side, which fit its width.
 */
export function PeriodPicker({
  from,
  to,
  onChange,
  testId,
}: {
  from: string;
  to: string;
  onChange: (period: { from?: string; to?: string }) => void;
  testId: string;
}) {
  const { t } = useI18n();
  const isPhone = useIsPhone();
  if (isPhone) {
    const picker = (key: 'from' | 'to', value: string) => (
      <DatePicker
        allowClear={false}
        aria-label={t(`rep.${key}`)}
        value={dayjs(value)}
        onChange={(v: Dayjs | null) => v && onChange({ [key]: v.format(DAY) })}
        style={{ width: 'calc(50% - 4px)' }}
        data-testid={`${testId}-${key}`}
      />
    );
    return (
      <>
        {picker('from', from)}
        {picker('to', to)}
      </>
    );
  }
  const today = companyToday();
  return (
    <DatePicker.RangePicker
      allowClear={false}
      aria-label={t('rep.period')}
      value={[dayjs(from), dayjs(to)]}
      presets={PERIOD_PRESETS.map((p) => {
        const period = presetPeriod(p, today);
        return { label: t(`rep.preset.${p}`), value: [dayjs(period.from), dayjs(period.to)] as [Dayjs, Dayjs] };
      })}
      onChange={(v) => {
        const [a, b] = (v ?? []) as [Dayjs | null, Dayjs | null];
        if (a && b) onChange({ from: a.format(DAY), to: b.format(DAY) });
      }}
      data-testid={`${testId}-period`}
    />
  );
}

/**
 * The reports hub: a row of tabs over every report screen the reader may open, then the complaint
 * and urging reports and the callback scores for those who may read them. Between screens over a
 * period of days the tabs keep the period and the filters.
 */
export function ReportsNav() {
  const { t } = useI18n();
  const me = useMe().data!;
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  const links = hubLinks(me.permissions, pathname, params);
  return (
    <nav aria-label={t('rep.nav.label')} data-testid="reports-nav">
      <Tabs
        size="small"
        activeKey={pathname}
        tabBarStyle={{ marginBottom: 12 }}
        items={links.map((l) => ({
          key: l.key,
          label: (
            <Link to={l.to} data-testid={`reports-nav-${l.key}`}>
              {t(l.label)}
            </Link>
          ),
        }))}
      />
    </nav>
  );
}

/** Minutes as "2小时6分" (or "6分" under an hour); a dash for none. */
export function useDuration() {
  const { t } = useI18n();
  return (minutes: number | null | undefined) => {
    if (minutes === null || minutes === undefined) return t('rep.none');
    const { h, m } = durationParts(minutes);
    return h ? t('rep.duration', { h, m }) : t('rep.durationMinutes', { m });
  };
}

/** A figure that lists its orders when clicked. */
export function DrillLink({ value, href, testId }: { value: number; href: string | null; testId?: string }) {
  if (!href) return <span data-testid={testId}>{value}</span>;
  return (
    <Link to={href} data-testid={testId} data-drill="true">
      {value}
    </Link>
  );
}

/** A rate with its verdict: green when the target is met, red when missed, grey without a target. */
export function RateTag({
  text,
  met,
  target,
  testId,
}: {
  text: string;
  met: boolean | null;
  target: number | null;
  testId?: string;
}) {
  const { t } = useI18n();
  const tip =
    met === null || target === null ? t('rep.noTarget') : t(met ? 'rep.metTarget' : 'rep.missedTarget', { target });
  return (
    <Tooltip title={tip}>
      <Tag
        color={met === null ? 'default' : met ? 'success' : 'error'}
        data-testid={testId}
        data-met={met === null ? 'none' : String(met)}
        style={{ marginInlineEnd: 0 }}
      >
        {text}
      </Tag>
    </Tooltip>
  );
}

/** The export button: the same query as the screen, as an XLSX download. */
export function ExportButton({ href, testId }: { href: string; testId: string }) {
  const { t } = useI18n();
  return (
    <Button icon={<DownloadOutlined />} href={href} data-testid={testId}>
      {t('rep.export')}
    </Button>
  );
}

import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLE_PERMISSIONS } from '../../../shared/permissions.js';
import {
  addMonths,
  defaultPurchaseMonths,
  drillHref,
  drillQueryOf,
  durationParts,
  failedUnitsHref,
  faultRowNarrow,
  hubLinks,
  hoursOf,
  lateMetric,
  monthDays,
  monthSpan,
  monthToDate,
  narrowOf,
  percentValue,
  periodText,
  presetPeriod,
  previousMonth,
  productivityRowNarrow,
  purchaseMonths,
  partsRowNarrow,
  ratePercent,
  rowNarrow,
  SLA_STEPS,
  SLA_STEPS_OF,
  slaUnitNarrow,
  trendHref,
  unitsFor,
} from './report-rules.js';

describe('report periods', () => {
  it('runs a month from its first to its last local day', () => {
    expect(monthDays('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(monthDays('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthDays('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
    expect(previousMonth('2027-01')).toBe('2026-12');
    expect(monthToDate('2026-11-18')).toEqual({ from: '2026-11-01', to: '2026-11-18' });
  });

  it('words a period as a day, a whole month or a range', () => {
    expect(periodText('2026-11-05', '2026-11-05')).toBe('2026-11-05');
    expect(periodText('2026-11-01', '2026-11-30')).toBe('2026-11');
    expect(periodText('2026-11-01', '2026-11-29')).toBe('2026-11-01 ~ 2026-11-29');
    expect(periodText('2026-10-01', '2026-11-30')).toBe('2026-10-01 ~ 2026-11-30');
  });
});

describe('drill-down links', () => {
  it('narrows a row by its province, center or outlet; a "-" row to the orders without one', () => {
    expect(rowNarrow('province', '44')).toEqual({ province: '44' });
    expect(rowNarrow('province', '-')).toEqual({ noProvince: 'true' });
    expect(rowNarrow('center', 'c1')).toEqual({ centerId: 'c1' });
    expect(rowNarrow('outlet', 'o1')).toEqual({ outletId: 'o1' });
    expect(rowNarrow('center', '-')).toEqual({ noCenter: 'true' });
    expect(rowNarrow('outlet', '-')).toEqual({ noOutlet: 'true' });
  });

  it('drops the page’s center or outlet for a row of orders not sent to one', () => {
    const q = (row: Record<string, string>) =>
      Object.fromEntries(
        new URLSearchParams(
          drillHref({ from: 'a', to: 'b', metric: 'received', narrow: { centerId: 'c1', outletId: 'o1' }, row }).split(
            '?',
          )[1],
        ),
      );
    expect(q({ noCenter: 'true' })).toEqual({
      from: 'a',
      to: 'b',
      metric: 'received',
      outletId: 'o1',
      noCenter: 'true',
    });
    expect(q({ noOutlet: 'true' })).toEqual({
      from: 'a',
      to: 'b',
      metric: 'received',
      centerId: 'c1',
      noOutlet: 'true',
    });
  });

  it('keeps the period, the metric, the page’s filters and the row’s unit in the address', () => {
    const href = drillHref({
      from: '2026-11-01',
      to: '2026-11-30',
      metric: 'over3',
      narrow: { serviceType: 'on_site', productLineId: 'l1' },
      row: { province: '44' },
    });
    const [path, qs] = href.split('?') as [string, string];
    expect(path).toBe('/reports/orders');
    expect(Object.fromEntries(new URLSearchParams(qs))).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
      metric: 'over3',
      serviceType: 'on_site',
      productLineId: 'l1',
      province: '44',
    });
    // A "no province" row drops the page's province.
    const none = new URLSearchParams(
      drillHref({
        from: 'a',
        to: 'b',
        metric: 'completed',
        narrow: { province: '44' },
        row: { noProvince: 'true' },
      }).split('?')[1],
    );
    expect(none.get('province')).toBeNull();
    expect(none.get('noProvince')).toBe('true');
  });

  it('reads the drill-down’s query back from its address, paging left out', () => {
    const params = new URLSearchParams('from=2026-11-01&to=2026-11-30&metric=over3&province=44&page=2&pageSize=20');
    expect(drillQueryOf(params)).toEqual({ from: '2026-11-01', to: '2026-11-30', metric: 'over3', province: '44' });
    expect(drillQueryOf(new URLSearchParams('from=2026-11-01&metric=over3'))).toBeNull();
    expect(drillQueryOf(new URLSearchParams('from=2026-11-01&to=2026-11-30'))).toBeNull();
    expect(narrowOf(params)).toEqual({ province: '44' });
  });
});

describe('figures', () => {
  it('computes rates and hours with one decimal', () => {
    expect(ratePercent(303, 349)).toBe(86.8);
    expect(ratePercent(0, 0)).toBe(0);
    expect(hoursOf(12909)).toBe(215.2);
  });

  it('offers an outlet no grouping by center', () => {
    expect(unitsFor('outlet')).toEqual(['province', 'outlet']);
    expect(unitsFor('hq')).toEqual(['province', 'center', 'outlet']);
  });
});

describe('the analyses’ drill-downs', () => {
  it('lists a step’s late orders for the unit answering for it', () => {
    expect(SLA_STEPS.map(lateMetric)).toEqual([
      'late_hq_dispatch',
      'late_center_dispatch',
      'late_contact',
      'late_on_site',
      'late_fix',
    ]);
    // Every step is some one kind of unit's.
    expect([...SLA_STEPS_OF.hq, ...SLA_STEPS_OF.center, ...SLA_STEPS_OF.outlet].sort()).toEqual([...SLA_STEPS].sort());
    expect(slaUnitNarrow('hq', 'hq')).toEqual({});
    expect(slaUnitNarrow('center', 'c1')).toEqual({ centerId: 'c1' });
    expect(slaUnitNarrow('outlet', 'o1')).toEqual({ outletId: 'o1' });
  });

  it('narrows productivity rows by outlet or technician, the "-" rows to the orders without one', () => {
    expect(productivityRowNarrow('outlet', 'o1')).toEqual({ outletId: 'o1' });
    expect(productivityRowNarrow('outlet', '-')).toEqual({ noOutlet: 'true' });
    expect(productivityRowNarrow('technician', 'u1')).toEqual({ technicianId: 'u1' });
    expect(productivityRowNarrow('technician', '-')).toEqual({ noTechnician: 'true' });
  });

  it('narrows a fault row by its model, line, part, fault code or cause', () => {
    expect(faultRowNarrow('model', 'm1')).toEqual({ modelId: 'm1' });
    expect(faultRowNarrow('line', 'l1')).toEqual({ productLineId: 'l1' });
    expect(faultRowNarrow('part', 'p1')).toEqual({ partId: 'p1' });
    expect(faultRowNarrow('fault_code', 'E4')).toEqual({ faultCode: 'E4' });
    expect(faultRowNarrow('cause', '电机损坏')).toEqual({ cause: '电机损坏' });
    // "-" is "none recorded": "-" for a code or cause, a filter of its own for a model or line.
    expect(faultRowNarrow('fault_code', '-')).toEqual({ faultCode: '-' });
    expect(faultRowNarrow('cause', '-')).toEqual({ cause: '-' });
    expect(faultRowNarrow('model', '-')).toEqual({ noModel: 'true' });
    expect(faultRowNarrow('line', '-')).toEqual({ noLine: 'true' });
    // The page's model goes with the row's cause.
    const href = drillHref({
      from: '2026-11-01',
      to: '2026-11-30',
      metric: 'completed',
      narrow: { modelId: 'm1', province: undefined },
      row: faultRowNarrow('cause', '线路 老化&短路'),
    });
    expect(Object.fromEntries(new URLSearchParams(href.split('?')[1]))).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
      metric: 'completed',
      modelId: 'm1',
      cause: '线路 老化&短路',
    });
  });

  it('drops the page’s filter a "-" row cannot have (no model, no line, no technician)', () => {
    const params = (href: string) => Object.fromEntries(new URLSearchParams(href.split('?')[1]));
    const narrow = { modelId: 'm1', productLineId: 'l1', technicianId: 'u1', province: '44' };
    expect(params(drillHref({ from: 'a', to: 'b', metric: 'completed', narrow, row: { noModel: 'true' } }))).toEqual({
      from: 'a',
      to: 'b',
      metric: 'completed',
      noModel: 'true',
      productLineId: 'l1',
      technicianId: 'u1',
      province: '44',
    });
    expect(
      params(drillHref({ from: 'a', to: 'b', metric: 'completed', narrow, row: { noLine: 'true' } })),
    ).not.toHaveProperty('productLineId');
    expect(
      params(
        drillHref({ from: 'a', to: 'b', metric: 'reopened', narrow, row: productivityRowNarrow('technician', '-') }),
      ),
    ).toMatchObject({ noTechnician: 'true', metric: 'reopened' });
    expect(
      params(
        drillHref({ from: 'a', to: 'b', metric: 'reopened', narrow, row: productivityRowNarrow('technician', '-') }),
      ),
    ).not.toHaveProperty('technicianId');
  });

  it('narrows the parts report’s rows to the orders that used a part: the part’s, an outlet’s, all of them', () => {
    expect(partsRowNarrow('part', 'p1')).toEqual({ anyPart: 'true', partId: 'p1' });
    expect(partsRowNarrow('outlet', 'o1')).toEqual({ anyPart: 'true', outletId: 'o1' });
    expect(partsRowNarrow('outlet', '-')).toEqual({ anyPart: 'true', noOutlet: 'true' });
    expect(partsRowNarrow('part', null)).toEqual({ anyPart: 'true' });
    expect(partsRowNarrow('outlet', null)).toEqual({ anyPart: 'true' });
  });

  it('lists a purchase month’s failed units and a day of the trend', () => {
    expect(failedUnitsHref('2026-02', { modelId: 'm1', productLineId: undefined })).toBe(
      '/reports/orders?from=2026-02-01&to=2026-02-28&metric=failed&modelId=m1',
    );
    expect(failedUnitsHref('2026-12', {})).toBe('/reports/orders?from=2026-12-01&to=2026-12-31&metric=failed');
    expect(trendHref('2026-11-18', 'received')).toBe('/reports/orders?from=2026-11-18&to=2026-11-18&metric=received');
    expect(trendHref('2026-11-18', 'completed', { province: '44' })).toBe(
      '/reports/orders?from=2026-11-18&to=2026-11-18&metric=completed&province=44',
    );
  });
});

describe('periods and figures of the analyses', () => {
  it('offers this month, last month and the last 30 or 90 days', () => {
    expect(presetPeriod('thisMonth', '2026-03-05')).toEqual({ from: '2026-03-01', to: '2026-03-05' });
    expect(presetPeriod('lastMonth', '2026-03-05')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(presetPeriod('lastMonth', '2026-01-10')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetPeriod('last30', '2026-03-05')).toEqual({ from: '2026-02-04', to: '2026-03-05' });
    expect(presetPeriod('last90', '2026-03-05')).toEqual({ from: '2025-12-06', to: '2026-03-05' });
  });

  it('counts purchase months and keeps at most 36 of them', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2026-05', -11)).toBe('2025-06');
    expect(monthSpan('2025-06', '2026-05')).toBe(12);
    expect(monthSpan('2026-05', '2026-04')).toBe(0);
    expect(defaultPurchaseMonths('2026-05-20')).toEqual({ from: '2025-06', to: '2026-05' });
    expect(purchaseMonths('2026-05', '2025-06')).toEqual({ from: '2025-06', to: '2026-05' });
    expect(purchaseMonths('2020-01', '2026-05')).toEqual({ from: '2023-06', to: '2026-05' });
    expect(monthSpan('2023-06', '2026-05')).toBe(36);
  });

  it('splits minutes into hours and minutes and reads the server’s percents', () => {
    expect(durationParts(125.5)).toEqual({ h: 2, m: 6 });
    expect(durationParts(59.4)).toEqual({ h: 0, m: 59 });
    expect(durationParts(59.6)).toEqual({ h: 1, m: 0 });
    expect(durationParts(1440)).toEqual({ h: 24, m: 0 });
    expect(percentValue('12.5%')).toBe(12.5);
    expect(percentValue('0%')).toBe(0);
    expect(percentValue('—')).toBe(0);
  });
});

describe('the reports hub', () => {
  const perms = (role: keyof typeof DEFAULT_ROLE_PERMISSIONS) => DEFAULT_ROLE_PERMISSIONS[role];
  const none = new URLSearchParams();

  it('links every report screen, and the complaint, urging and callback reports for who may read them', () => {
    const manager = hubLinks(perms('manager'), '/reports', none).map((l) => l.to);
    expect(manager).toEqual([
      '/reports',
      '/reports/monthly',
      '/reports/daily',
      '/reports/sla',
      '/reports/productivity',
      '/reports/faults',
      '/reports/failure-rate',
      '/reports/parts',
      '/complaints/reports',
      '/complaints/reports?tab=urges',
      '/callback-scores',
    ]);
    // Finance reads the reports but not complaints or callbacks.
    const finance = hubLinks(perms('finance'), '/reports', none).map((l) => l.to);
    expect(finance).toHaveLength(8);
    expect(finance.every((p) => p.startsWith('/reports'))).toBe(true);
  });

  it('keeps the period and the filters between the screens over days', () => {
    const params = new URLSearchParams('from=2026-10-01&to=2026-10-31&province=44&dimension=cause&by=outlet');
    const links = Object.fromEntries(hubLinks(perms('manager'), '/reports/faults', params).map((l) => [l.key, l.to]));
    expect(links['/reports/sla']).toBe('/reports/sla?from=2026-10-01&to=2026-10-31&province=44');
    expect(links['/reports/daily']).toBe('/reports/daily?from=2026-10-01&to=2026-10-31&province=44');
    // Its own tab, the month-based screens and the other modules' reports start afresh.
    expect(links['/reports/faults']).toBe('/reports/faults');
    expect(links['/reports/monthly']).toBe('/reports/monthly');
    expect(links['/reports/failure-rate']).toBe('/reports/failure-rate');
    expect(links['/callback-scores']).toBe('/callback-scores');
    // From the dashboard nothing is kept.
    expect(hubLinks(perms('manager'), '/reports', params).find((l) => l.key === '/reports/sla')?.to).toBe(
      '/reports/sla',
    );
  });
});

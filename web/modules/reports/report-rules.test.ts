import { describe, expect, it } from 'vitest';
import {
  drillHref,
  drillQueryOf,
  hoursOf,
  monthDays,
  monthToDate,
  narrowOf,
  periodText,
  previousMonth,
  ratePercent,
  rowNarrow,
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
  it('narrows a row by its province, center or outlet; the "-" province row to no province', () => {
    expect(rowNarrow('province', '44')).toEqual({ province: '44' });
    expect(rowNarrow('province', '-')).toEqual({ noProvince: 'true' });
    expect(rowNarrow('center', 'c1')).toEqual({ centerId: 'c1' });
    expect(rowNarrow('outlet', 'o1')).toEqual({ outletId: 'o1' });
    // The drill-down has no "no center" / "no outlet" filter: such a row does not drill.
    expect(rowNarrow('center', '-')).toBeNull();
    expect(rowNarrow('outlet', '-')).toBeNull();
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

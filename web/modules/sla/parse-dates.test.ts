import { describe, expect, it } from 'vitest';
import { parseDates } from './parse-dates.js';

describe('parseDates', () => {
  it('reads single dates in the usual ways', () => {
    expect(parseDates('2027-01-01, 2027/1/2\n2027年1月3日 2027.1.4')).toEqual([
      '2027-01-01',
      '2027-01-02',
      '2027-01-03',
      '2027-01-04',
    ]);
  });
  it('expands ranges, also across a month, and keeps year and month of the first date', () => {
    expect(parseDates('春节：2027年2月6日至12日放假调休，共7天。')).toEqual([
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
      '2027-02-12',
    ]);
    expect(parseDates('2027-04-30 ~ 2027-05-02')).toEqual(['2027-04-30', '2027-05-01', '2027-05-02']);
  });
  it('drops impossible dates and duplicates', () => {
    expect(parseDates('2027-02-30 2027-03-01 2027-03-01')).toEqual(['2027-03-01']);
    expect(parseDates('无日期')).toEqual([]);
  });
});

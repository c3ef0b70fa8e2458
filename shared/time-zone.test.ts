import { describe, expect, it } from 'vitest';
import { compactDay, formatInstant, formatWindow, localDay, localParts } from './time-zone.js';

describe('formatInstant', () => {
  const at = '2026-11-18T08:44:35.164Z';

  it('says the time in the company zone, never UTC', () => {
    expect(formatInstant(at, 'Asia/Shanghai', 'zh-CN')).toBe('2026-11-18 16:44');
    expect(formatInstant(at, 'Asia/Urumqi', 'zh-CN')).toBe('2026-11-18 14:44');
    // Past 16:00 UTC it is already the next day in Beijing.
    expect(formatInstant('2026-11-18T16:30:00Z', 'Asia/Shanghai', 'zh-CN')).toBe('2026-11-19 00:30');
  });

  it('follows the reader’s language, with seconds and weekday on request', () => {
    expect(formatInstant(at, 'Asia/Shanghai', 'zh-CN', { seconds: true, weekday: true })).toBe(
      '2026-11-18 周三 16:44:35',
    );
    expect(formatInstant(at, 'Asia/Shanghai', 'en')).toBe('18 Nov 2026 16:44');
    expect(formatInstant(new Date(at), 'Asia/Shanghai', 'en', { weekday: true })).toBe('Wed 18 Nov 2026 16:44');
  });

  it('returns what it cannot read as it came', () => {
    expect(formatInstant('not a date', 'Asia/Shanghai', 'en')).toBe('not a date');
  });
});

describe('formatWindow', () => {
  it('names the day once for a window within it, both ends across days', () => {
    const from = '2026-12-08T06:00:00Z';
    expect(formatWindow(from, '2026-12-08T08:00:00Z', 'Asia/Shanghai', 'zh-CN')).toBe('2026-12-08 14:00–16:00');
    expect(formatWindow(new Date(from), new Date('2026-12-08T08:00:00Z'), 'Asia/Shanghai', 'en')).toBe(
      '8 Dec 2026 14:00–16:00',
    );
    expect(formatWindow('2026-12-08T14:00:00Z', '2026-12-08T18:00:00Z', 'Asia/Shanghai', 'zh-CN')).toBe(
      '2026-12-08 22:00 – 2026-12-09 02:00',
    );
  });
});

describe('localDay: the calendar day in a zone', () => {
  it.each([
    // Asia/Shanghai is UTC+8 all year: midnight there is 16:00 UTC the day before.
    ['2026-11-23T15:59:59.999Z', 'Asia/Shanghai', '2026-11-23'],
    ['2026-11-23T16:00:00.000Z', 'Asia/Shanghai', '2026-11-24'],
    ['2026-11-23T16:00:00.000Z', 'UTC', '2026-11-23'],
    ['2026-11-23T23:59:59.999Z', 'UTC', '2026-11-23'],
    ['2026-11-24T00:00:00.000Z', 'UTC', '2026-11-24'],
    // Half and three-quarter hour offsets (India +05:30, Nepal +05:45).
    ['2026-11-23T18:29:59.999Z', 'Asia/Kolkata', '2026-11-23'],
    ['2026-11-23T18:30:00.000Z', 'Asia/Kolkata', '2026-11-24'],
    ['2026-11-23T18:14:59.999Z', 'Asia/Kathmandu', '2026-11-23'],
    ['2026-11-23T18:15:00.000Z', 'Asia/Kathmandu', '2026-11-24'],
  ])('%s in %s is %s', (at, tz, expected) => {
    expect(localDay(new Date(at), tz)).toBe(expected);
  });

  it('turns the year at the zone’s midnight, not UTC’s', () => {
    expect(localDay(new Date('2026-12-31T15:59:59.999Z'), 'Asia/Shanghai')).toBe('2026-12-31');
    expect(localDay(new Date('2026-12-31T16:00:00.000Z'), 'Asia/Shanghai')).toBe('2027-01-01');
    expect(localDay(new Date('2027-01-01T04:59:59.999Z'), 'America/New_York')).toBe('2026-12-31');
    expect(localDay(new Date('2027-01-01T05:00:00.000Z'), 'America/New_York')).toBe('2027-01-01');
    expect(compactDay(new Date('2026-12-31T16:00:00.000Z'), 'Asia/Shanghai')).toBe('20270101');
    expect(compactDay(new Date('2026-12-31T16:00:00.000Z'), 'UTC')).toBe('20261231');
  });

  it('follows daylight saving time', () => {
    // New York: EST (-05:00) until 2026-03-08 02:00, EDT (-04:00) until 2026-11-01 02:00.
    expect(localDay(new Date('2026-03-08T04:59:59.999Z'), 'America/New_York')).toBe('2026-03-07');
    expect(localDay(new Date('2026-03-08T05:00:00.000Z'), 'America/New_York')).toBe('2026-03-08');
    expect(localDay(new Date('2026-07-01T03:59:59.999Z'), 'America/New_York')).toBe('2026-06-30');
    expect(localDay(new Date('2026-07-01T04:00:00.000Z'), 'America/New_York')).toBe('2026-07-01');
    expect(localDay(new Date('2026-11-01T03:59:59.999Z'), 'America/New_York')).toBe('2026-10-31');
    expect(localDay(new Date('2026-11-02T04:59:59.999Z'), 'America/New_York')).toBe('2026-11-01');
    expect(localDay(new Date('2026-11-02T05:00:00.000Z'), 'America/New_York')).toBe('2026-11-02');
    // Berlin's summer midnight is 22:00 UTC, its winter one 23:00.
    expect(localDay(new Date('2026-07-14T21:59:59.999Z'), 'Europe/Berlin')).toBe('2026-07-14');
    expect(localDay(new Date('2026-07-14T22:00:00.000Z'), 'Europe/Berlin')).toBe('2026-07-15');
    expect(localDay(new Date('2026-01-14T22:59:59.999Z'), 'Europe/Berlin')).toBe('2026-01-14');
  });

  it('answers what a fresh formatter answers, cached or not', () => {
    const zones = ['Asia/Shanghai', 'UTC', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe'];
    // Every 97 minutes 13 seconds over a year, twice: the second pass reads the cache.
    for (const timeZone of zones) {
      const fresh = new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
      for (const pass of [1, 2])
        for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 5_833_000) {
          const at = new Date(ms);
          const want = fresh.format(at);
          const got = localDay(at, timeZone);
          if (got !== want) expect(got, `${at.toISOString()} ${timeZone} pass ${pass}`).toBe(want);
        }
    }
  });

  it('stays exact where a zone’s day began off the quarter hour (local mean time)', () => {
    // Shanghai kept local mean time (+08:05:43) until 1901: its midnight fell at 15:54:17 UTC.
    expect(localDay(new Date('1900-06-01T15:54:16Z'), 'Asia/Shanghai')).toBe('1900-06-01');
    expect(localDay(new Date('1900-06-01T15:54:17Z'), 'Asia/Shanghai')).toBe('1900-06-02');
    expect(localDay(new Date('1900-06-01T15:50:00Z'), 'Asia/Shanghai')).toBe('1900-06-01');
  });

  it('refuses what is not an instant or a zone', () => {
    expect(() => localDay(new Date('not a date'), 'UTC')).toThrow(RangeError);
    expect(() => localDay(new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('localParts', () => {
  it('gives the wall clock with zero-padded parts, midnight as 00', () => {
    expect(localParts(new Date('2026-02-28T16:05:09Z'), 'Asia/Shanghai')).toEqual({
      year: '2026',
      month: '03',
      day: '01',
      hour: '00',
      minute: '05',
      second: '09',
    });
  });
});

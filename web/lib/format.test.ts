import { afterEach, describe, expect, it } from 'vitest';
import { formatDateTime, formatDayOrInstant, formatDueTime, setDisplayLang, setDisplayZone } from './format.js';

describe('dates shown in the company zone', () => {
  afterEach(() => {
    setDisplayZone('Asia/Shanghai');
    setDisplayLang('zh-CN');
  });

  it('formats in the company zone, not the browser’s or UTC', () => {
    expect(formatDateTime('2026-11-18T08:44:35.164Z')).toBe('2026-11-18 16:44');
    expect(formatDateTime('2026-11-18T08:44:35.164Z', true)).toBe('2026-11-18 16:44:35');
    setDisplayZone('Asia/Urumqi');
    expect(formatDateTime('2026-11-18T08:44:35.164Z')).toBe('2026-11-18 14:44');
    expect(formatDateTime(null)).toBe('');
  });

  it('follows the reader’s language', () => {
    setDisplayLang('en');
    expect(formatDateTime('2026-11-18T08:44:35.164Z')).toBe('18 Nov 2026 16:44');
    expect(formatDueTime('2026-12-07T02:00:00Z')).toBe('Mon 7 Dec 2026 10:00');
  });

  it('gives due times their weekday', () => {
    expect(formatDueTime('2026-12-07T02:00:00Z')).toBe('2026-12-07 周一 10:00');
  });

  it('keeps a calendar day as it is and moves an instant into the zone', () => {
    expect(formatDayOrInstant('2026-03-08')).toBe('2026-03-08');
    // 16:00 UTC is already the next day in Beijing: never the UTC day.
    expect(formatDayOrInstant('2026-12-08T16:00:00.000Z')).toBe('2026-12-09 00:00');
  });
});

import { describe, expect, it } from 'vitest';
import { formatInstant } from './time-zone.js';

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

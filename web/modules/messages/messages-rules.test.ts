import { describe, expect, it } from 'vitest';
import {
  addDays,
  dailySeries,
  daysBetween,
  eventLabel,
  insertAt,
  lastDays,
  smsParts,
  templateErrorPath,
} from './messages-rules.js';

describe('message screen helpers', () => {
  it('counts SMS parts as carriers bill them: 70 characters in one, 67 a part beyond', () => {
    expect(smsParts(0)).toBe(0);
    expect(smsParts(1)).toBe(1);
    expect(smsParts(70)).toBe(1);
    expect(smsParts(71)).toBe(2);
    expect(smsParts(134)).toBe(2);
    expect(smsParts(135)).toBe(3);
  });

  it('inserts a variable at the caret or over the selection', () => {
    expect(insertAt('服务单预约', 3, 3, '{{orderCode}}')).toEqual({ text: '服务单{{orderCode}}预约', caret: 16 });
    expect(insertAt('abcdef', 1, 4, 'X')).toEqual({ text: 'aXef', caret: 2 });
    expect(insertAt('ab', 9, 9, 'X')).toEqual({ text: 'abX', caret: 3 });
  });

  it('places a template refusal on the field it names', () => {
    expect(templateErrorPath('body.zh-CN')).toBe('body.body.zh-CN');
    expect(templateErrorPath('body.en')).toBe('body.body.en');
    expect(templateErrorPath('body.subject.zh-CN')).toBe('body.subject.zh-CN');
    expect(templateErrorPath('body.body.en')).toBe('body.body.en');
  });

  it('names events in the reader’s language, unknown ones by their key', () => {
    expect(eventLabel('order.booked', 'zh-CN')).toBe('已预约上门');
    expect(eventLabel('order.booked', 'en')).toBe('Visit booked');
    expect(eventLabel('no.such', 'en')).toBe('no.such');
  });

  it('takes the last seven company days and every day of a period', () => {
    expect(lastDays('2026-03-02', 7)).toEqual({ from: '2026-02-24', to: '2026-03-02' });
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(daysBetween('2026-01-30', '2026-02-02')).toEqual(['2026-01-30', '2026-01-31', '2026-02-01', '2026-02-02']);
    expect(daysBetween('2026-02-02', '2026-01-30')).toEqual([]);
  });

  it('adds up the channels per day, days without messages at zero', () => {
    const rows = [
      { day: '2026-03-01', channel: 'sms', sent: 3, delivered: 2, failed: 1 },
      { day: '2026-03-01', channel: 'email', sent: 1, delivered: 0, failed: 0 },
      { day: '2026-03-03', channel: 'sms', sent: 5, delivered: 5, failed: 0 },
      { day: '2026-02-01', channel: 'sms', sent: 9, delivered: 9, failed: 9 },
    ];
    expect(dailySeries(rows, '2026-03-01', '2026-03-03')).toEqual([
      { day: '2026-03-01', sent: 4, delivered: 2, failed: 1 },
      { day: '2026-03-02', sent: 0, delivered: 0, failed: 0 },
      { day: '2026-03-03', sent: 5, delivered: 5, failed: 0 },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { callSpan, formatElapsed, secondsLeft } from './call-timer.js';

describe('call timer', () => {
  it('formats minutes and seconds, hours past the hour', () => {
    expect(formatElapsed(0)).toBe('00:00');
    expect(formatElapsed(999)).toBe('00:00');
    expect(formatElapsed(247_000)).toBe('04:07');
    expect(formatElapsed(3_599_000)).toBe('59:59');
    expect(formatElapsed(3_729_000)).toBe('1:02:09');
    expect(formatElapsed(-5000)).toBe('00:00');
  });

  it('ends the call now and never before it started', () => {
    const now = new Date('2026-11-23T02:00:30Z');
    expect(callSpan(new Date('2026-11-23T02:00:00Z'), now)).toEqual({
      startedAt: '2026-11-23T02:00:00.000Z',
      endedAt: '2026-11-23T02:00:30.000Z',
    });
    expect(callSpan(null, now)).toEqual({ startedAt: now.toISOString(), endedAt: now.toISOString() });
    expect(callSpan(new Date('2026-11-23T03:00:00Z'), now).startedAt).toBe(now.toISOString());
  });

  it('counts down whole seconds', () => {
    expect(secondsLeft(60_000, 0)).toBe(60);
    expect(secondsLeft(60_000, 59_001)).toBe(1);
    expect(secondsLeft(60_000, 60_000)).toBe(0);
    expect(secondsLeft(60_000, 70_000)).toBe(0);
  });
});

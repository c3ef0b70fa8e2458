/** Call time as the agent reads it: "04:07", or "1:02:09" past the hour. Negative spans count as zero. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** startedAt/endedAt for the contact: ended now, never before it started. */
export function callSpan(startedAt: Date | null, now: Date): { startedAt: string; endedAt: string } {
  const start = startedAt && startedAt.getTime() <= now.getTime() ? startedAt : now;
  return { startedAt: start.toISOString(), endedAt: now.toISOString() };
}

/** Seconds left until `until` (ms epoch), rounded up; 0 once passed. */
export function secondsLeft(until: number, now: number): number {
  return Math.max(0, Math.ceil((until - now) / 1000));
}

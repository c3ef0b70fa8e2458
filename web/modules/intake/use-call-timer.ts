import { useCallback, useEffect, useState } from 'react';

/** The call's start (null until the agent starts the contact) and a clock that ticks while it runs. */
export function useCallTimer() {
  const [startedAt, setStartedAt] = useState<Date | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!startedAt) return;
    setNow(Date.now());
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, [startedAt]);
  const start = useCallback(() => setStartedAt((s) => s ?? new Date()), []);
  const restart = useCallback(() => setStartedAt(new Date()), []);
  const stop = useCallback(() => setStartedAt(null), []);
  return { startedAt, elapsedMs: startedAt ? now - startedAt.getTime() : 0, start, restart, stop };
}

import { useCallback, useEffect, useState } from 'react';
import { secondsLeft } from '../intake/call-timer.js';

/** Seconds until the code may be asked for again; `startCountdown(60)` after each send or 429. */
export function useCountdown() {
  const [until, setUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until <= Date.now()) return;
    const id = window.setInterval(() => setNow(Date.now()), 500);
    return () => window.clearInterval(id);
  }, [until]);
  const startCountdown = useCallback((seconds: number) => {
    setNow(Date.now());
    setUntil(Date.now() + seconds * 1000);
  }, []);
  return { left: secondsLeft(until, now), startCountdown };
}

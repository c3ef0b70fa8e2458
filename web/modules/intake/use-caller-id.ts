import { useEffect, useRef } from 'react';
import { type CallerIdEvent, EVENTS_URL } from './intake-api.js';

/**
 * Keeps the agent's event stream open while the desk is shown and hands each incoming call
 * (event `caller-id`) to `onCall`. The browser reconnects by itself after a dropped connection.
 */
export function useCallerId(onCall: (e: CallerIdEvent) => void, enabled = true): void {
  const handler = useRef(onCall);
  handler.current = onCall;
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource(EVENTS_URL);
    const listener = (msg: MessageEvent<string>) => {
      try {
        handler.current(JSON.parse(msg.data) as CallerIdEvent);
      } catch {
        // A frame that is not ours; the stream goes on.
      }
    };
    source.addEventListener('caller-id', listener as EventListener);
    return () => {
      source.removeEventListener('caller-id', listener as EventListener);
      source.close();
    };
  }, [enabled]);
}

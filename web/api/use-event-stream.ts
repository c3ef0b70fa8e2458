import { useEffect, useRef } from 'react';

/**
 * Keeps a server-sent event stream open while the component is shown and hands each `event`
 * frame's JSON to `onEvent`. The browser reconnects by itself after a dropped connection.
 */
export function useEventStream<T>(url: string, event: string, onEvent: (data: T) => void, enabled = true): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource(url);
    const listener = (msg: MessageEvent<string>) => {
      try {
        handler.current(JSON.parse(msg.data) as T);
      } catch {
        // A frame that is not ours; the stream goes on.
      }
    };
    source.addEventListener(event, listener as EventListener);
    return () => {
      source.removeEventListener(event, listener as EventListener);
      source.close();
    };
  }, [url, event, enabled]);
}

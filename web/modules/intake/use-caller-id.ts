import { useEventStream } from '../../api/use-event-stream.js';
import { type CallerIdEvent, EVENTS_URL } from './intake-api.js';

/**
 * Keeps the agent's event stream open while the desk is shown and hands each incoming call
 * (event `caller-id`) to `onCall`. The browser reconnects by itself after a dropped connection.
 */
export function useCallerId(onCall: (e: CallerIdEvent) => void, enabled = true): void {
  useEventStream<CallerIdEvent>(EVENTS_URL, 'caller-id', onCall, enabled);
}

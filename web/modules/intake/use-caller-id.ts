import { useEventStream } from '../../lib/use-event-stream.js';
import { type CallerIdEvent, EVENTS_URL } from './intake-api.js';

/** Keeps the agent's event stream open while the desk is shown and hands each incoming call to `onCall`. */
export function useCallerId(onCall: (e: CallerIdEvent) => void, enabled = true): void {
  useEventStream<CallerIdEvent>(EVENTS_URL, 'caller-id', onCall, enabled);
}

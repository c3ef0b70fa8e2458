import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { invalidateUrls } from '../../api/queries.js';
import { useEventStream } from '../../lib/use-event-stream.js';
import { ORDERS_URL } from './order-rules.js';

export const ORDER_EVENTS_URL = `${ORDERS_URL}/events`;

/**
 * Live boards: the server tells this screen when an order it may see changes (on any instance),
 * and the open lists and order pages refetch — at most once a second, so a bulk dispatch of
 * fifty orders is one refetch, not fifty.
 */
export function useLiveOrders(enabled = true): void {
  const qc = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  useEventStream<{ orderId: string }>(
    ORDER_EVENTS_URL,
    'order',
    () => {
      if (timer.current) return;
      timer.current = setTimeout(() => {
        timer.current = null;
        void invalidateUrls(qc, ORDERS_URL);
      }, 1_000);
    },
    enabled,
  );
}

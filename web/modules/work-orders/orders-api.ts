import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import { App, type FormInstance } from 'antd';
import {
  ACTION_PATHS,
  type Certification,
  type OrderAction,
  type OrderCreated,
  type OrderDetail,
  type OrderState,
  type OrderSummary,
  type RegisterEntry,
  type ServiceType,
  type Suggestion,
  type TimelineEntry,
} from '../../../server/modules/work-orders/contract.js';
import { type ApiError, api, isApiError, type RouteKey } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { useEventStream } from '../../api/use-event-stream.js';
import { useT } from '../../i18n/index.js';
import { actionKey } from './labels.js';
import { ORDERS_URL, type UiAction } from './order-rules.js';

export { ORDERS_URL };

export {
  ORDER_STATES,
  SERVICE_TYPES,
  WAIT_REASONS,
} from '../../../server/modules/work-orders/contract.js';
export type {
  Certification,
  OrderAction,
  OrderCreated,
  OrderDetail,
  OrderState,
  OrderSummary,
  RegisterEntry,
  ServiceType,
  Suggestion,
  TimelineEntry,
};

export const REGISTER_URL = '/api/repair-register';
export const CERTIFICATIONS_URL = '/api/technician-certifications';

export const orderUrl = (id: string) => `${ORDERS_URL}/${id}`;

export const ORDER_EVENTS_URL = `${ORDERS_URL}/events`;

/**
 * Live boards: a change of any order the user may see (server-sent `order` event) refetches the
 * open order queries, at most once per half second; the 15 s refresh stays as the fallback.
 */
export function useLiveOrders(): void {
  const qc = useQueryClient();
  const timer = useRef<number | null>(null);
  useEventStream<{ orderId: string }>(ORDER_EVENTS_URL, 'order', () => {
    if (timer.current !== null) return;
    timer.current = window.setTimeout(() => {
      timer.current = null;
      void invalidateUrls(qc, ORDERS_URL);
    }, 500);
  });
}

/** One order, refreshed every 15 s while open (live push comes later). */
export function useOrder(id: string | undefined, refetchInterval: number | false = 15_000) {
  return useApiQuery('GET /api/orders/:id', id ? { params: { id } } : null, { refetchInterval });
}

export type ActionPath = OrderAction | 'urge' | 'approve';

type ActionRoute = Exclude<
  Extract<RouteKey, `POST /api/orders/:id/${string}`>,
  'POST /api/orders/:id/photos' | 'POST /api/orders/:id/reveal-contact'
>;

/** The route of an action; which one is known only at run time, so its body is checked by the caller's form. */
function actionRoute(action: ActionPath): ActionRoute {
  if (action === 'urge') return 'POST /api/orders/:id/urges';
  if (action === 'approve') return 'POST /api/orders/:id/approvals';
  return `POST /api/orders/:id/${ACTION_PATHS[action]}` as ActionRoute;
}

/** The version conflict (someone else changed the order) and the state-machine refusals that a reload fixes. */
export function isStale(err: unknown): err is ApiError {
  return (
    isApiError(err) &&
    err.status === 409 &&
    (err.code === 'entity.version_conflict' || err.code === 'order.transition_forbidden')
  );
}

/**
 * Runs one action on an order (`POST /api/orders/:id/<action>`), the body carrying the version it
 * read. On success the order's cache takes the answer; on a conflict the message names who changed
 * it and when (the server's text), and the order is fetched again.
 */
export function useOrderAction(orderId: string, opts: { form?: FormInstance; onDone?: (o: OrderDetail) => void } = {}) {
  const qc = useQueryClient();
  const t = useT();
  const { message } = App.useApp();
  const showError = useApiError();
  return useMutation<OrderDetail, ApiError, { action: ActionPath; body: unknown; label?: UiAction }>({
    mutationFn: async ({ action, body }) => {
      const res = await api.call(actionRoute(action), { params: { id: orderId }, body: body as never });
      return 'order' in res && !('id' in res) ? res.order : (res as OrderDetail);
    },
    onSuccess: (order, { action, label }) => {
      qc.setQueryData([orderUrl(orderId)], order);
      const done: UiAction = label ?? (action === 'dispatch' ? 'dispatch_unit' : action);
      message.success(t('orders.done', { action: t(actionKey(done)) }));
      opts.onDone?.(order);
      // Lists and the register catch up in the background: the next button works at once.
      void invalidateUrls(qc, ORDERS_URL, REGISTER_URL);
    },
    onError: async (err) => {
      if (isStale(err)) {
        message.warning(err.detail || t('orders.staleReloaded'), 6);
        await invalidateUrls(qc, orderUrl(orderId));
        return;
      }
      showError(err, opts.form);
    },
  });
}

export function useSuggestion(orderId: string, enabled: boolean) {
  return useApiQuery('GET /api/orders/:id/suggestion', enabled ? { params: { id: orderId } } : null, {
    staleTime: 30_000,
  });
}

/** A fresh idempotency key per form instance: a double click or a retry returns the first order. */
export function newIdempotencyKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, type FormInstance } from 'antd';
import { type ApiError, routeUrl } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';

export const RECALLS_URL = '/api/recalls';
export const RECALL_UNITS_URL = '/api/recall-units';

/** The address of a campaign's detail (its query key). */
export function campaignUrl(id: string): string {
  return routeUrl('GET /api/recalls/:id', { params: { id } });
}

/** One campaign, read fresh when opened (its counts move as units are worked). */
export function useCampaign(id: string) {
  return useApiQuery('GET /api/recalls/:id', { params: { id } }, { staleTime: 0 });
}

/**
 * A command of the recall pages. On success the campaigns, their units and the orders are read
 * again (a booking creates an order); a refusal is shown through useApiError — on the form's field
 * it names, and always as a message, so nothing is refused silently; a conflict (409: changed
 * meanwhile, or not possible in its state now) reloads what the page shows.
 */
export function useRecallCommand<B, R>(
  run: (body: B) => Promise<R>,
  opts: { form?: FormInstance; onDone?: (r: R) => void; success?: (r: R) => string } = {},
) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  return useMutation<R, ApiError, B>({
    mutationFn: run,
    onSuccess: async (r) => {
      if (opts.success) message.success(opts.success(r));
      opts.onDone?.(r);
      await invalidateUrls(qc, RECALLS_URL, '/api/orders');
    },
    onError: async (err) => {
      showError(err, opts.form);
      if (err.status === 409) await invalidateUrls(qc, RECALLS_URL);
    },
  });
}

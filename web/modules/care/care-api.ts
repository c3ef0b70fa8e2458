import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, type FormInstance } from 'antd';
import type { BulkResults, OfferItem, UnitCare } from '../../../server/modules/care/contract.js';
import { type ApiError, api, type BodyOf } from '../../api/client.js';
import { invalidateUrls } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { useT } from '../../i18n/index.js';

/*
 * The care module's commands from the browser. Each answer refreshes the lists it changes; a
 * refusal is shown through useApiError — on the form's field it names, and always as a message —
 * so nothing is refused silently; a conflict (409) reloads the record so the form shows its version.
 */

export const CARE_URL = '/api/care';

/** Bulk maintenance orders: the answer lists every unit (created or refused with why). */
export function useCreateMaintenanceOrders(onDone: (r: BulkResults) => void) {
  const qc = useQueryClient();
  const showError = useApiError();
  return useMutation<BulkResults, ApiError, BodyOf<'POST /api/care/maintenance/orders'>>({
    mutationFn: (body) => api.call('POST /api/care/maintenance/orders', { body }),
    onSuccess: async (r) => {
      onDone(r);
      await invalidateUrls(qc, CARE_URL, '/api/orders');
    },
    onError: async (err) => {
      showError(err);
      await invalidateUrls(qc, CARE_URL);
    },
  });
}

/** The customer's answer to an extended-warranty offer. */
export function useRecordResponse(unitId: string, form: FormInstance, onDone: (o: OfferItem) => void) {
  const t = useT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  return useMutation<OfferItem, ApiError, BodyOf<'POST /api/care/warranty-offers/:unitId/response'>>({
    mutationFn: (body) => api.call('POST /api/care/warranty-offers/:unitId/response', { params: { unitId }, body }),
    onSuccess: async (o) => {
      message.success(t('care.offers.saved'));
      onDone(o);
      await invalidateUrls(qc, CARE_URL, '/api/warranty');
    },
    onError: async (err) => {
      showError(err, form);
      if (err.status === 409) await invalidateUrls(qc, CARE_URL);
    },
  });
}

/** Setting or clearing a unit's custom plan. */
export function usePlanCommand(unitId: string, form: FormInstance | undefined, onDone: (c: UnitCare) => void) {
  const t = useT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  return useMutation<
    UnitCare,
    ApiError,
    | { clear: true; body: BodyOf<'POST /api/care/units/:unitId/plan/clear'> }
    | { clear: false; body: BodyOf<'PUT /api/care/units/:unitId/plan'> }
  >({
    mutationFn: (v) =>
      v.clear
        ? api.call('POST /api/care/units/:unitId/plan/clear', { params: { unitId }, body: v.body })
        : api.call('PUT /api/care/units/:unitId/plan', { params: { unitId }, body: v.body }),
    onSuccess: async (c, v) => {
      message.success(t(v.clear ? 'care.unit.planCleared' : 'care.unit.planSaved'));
      onDone(c);
      await invalidateUrls(qc, CARE_URL);
    },
    onError: async (err) => {
      showError(err, form);
      if (err.status === 409) await invalidateUrls(qc, CARE_URL);
    },
  });
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, type FormInstance } from 'antd';
import type {
  AppraisalOutcome,
  BatchDetail,
  ReturnObligation,
} from '../../../server/modules/parts/returns/contract.js';
import { type ApiError, api } from '../../api/client.js';
import { invalidateUrls } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { useT } from '../../i18n/index.js';

export const OBLIGATIONS_URL = '/api/part-returns/obligations';
export const BATCHES_URL = '/api/part-returns/batches';

/** Ships the chosen obligations as one batch; a refusal names the line or the field. */
export function useShipBatch(form: FormInstance, onDone: (b: BatchDetail) => void) {
  const qc = useQueryClient();
  const t = useT();
  const { message } = App.useApp();
  const showError = useApiError();
  return useMutation<
    BatchDetail,
    ApiError,
    { obligationIds: string[]; carrier: string; trackingNo: string; note?: string }
  >({
    mutationFn: (body) => api.call('POST /api/part-returns/batches', { body }),
    onSuccess: async (b) => {
      message.success(t('returns.ship.done', { code: b.code }));
      await invalidateUrls(qc, OBLIGATIONS_URL, BATCHES_URL);
      onDone(b);
    },
    onError: (err) => showError(err, form),
  });
}

export function useReceiveBatch(id: string) {
  const qc = useQueryClient();
  const t = useT();
  const { message } = App.useApp();
  const showError = useApiError();
  return useMutation<BatchDetail, ApiError, void>({
    mutationFn: () => api.call('POST /api/part-returns/batches/:id/receive', { params: { id }, body: {} }),
    onSuccess: async (b) => {
      message.success(t('returns.batch.received', { code: b.code }));
      await invalidateUrls(qc, OBLIGATIONS_URL, BATCHES_URL);
    },
    onError: (err) => showError(err),
  });
}

export function useAppraise() {
  const qc = useQueryClient();
  const t = useT();
  const { message } = App.useApp();
  const showError = useApiError();
  return useMutation<ReturnObligation, ApiError, { id: string; outcome: AppraisalOutcome; note?: string }>({
    mutationFn: ({ id, outcome, note }) =>
      api.call('POST /api/part-returns/obligations/:id/appraise', {
        params: { id },
        body: { outcome, ...(note ? { note } : {}) },
      }),
    onSuccess: async () => {
      message.success(t('returns.appraise.done'));
      await invalidateUrls(qc, OBLIGATIONS_URL, BATCHES_URL);
    },
    onError: (err) => showError(err),
  });
}

/** One outcome for every line of the batch not appraised yet. */
export function useAppraiseBatch(id: string) {
  const qc = useQueryClient();
  const t = useT();
  const { message } = App.useApp();
  const showError = useApiError();
  return useMutation<BatchDetail, ApiError, { outcome: AppraisalOutcome }>({
    mutationFn: ({ outcome }) =>
      api.call('POST /api/part-returns/batches/:id/appraise', { params: { id }, body: { outcome } }),
    onSuccess: async () => {
      message.success(t('returns.appraise.done'));
      await invalidateUrls(qc, OBLIGATIONS_URL, BATCHES_URL);
    },
    onError: (err) => showError(err),
  });
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, type FormInstance } from 'antd';
import type { StocktakeDetail } from '../../../server/modules/parts/stocktakes/contract.js';
import { type ApiError, api } from '../../api/client.js';
import { invalidateUrls } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { useT } from '../../i18n/index.js';
import { PARTS_URL } from './parts-api.js';

export type { StocktakeDetail };
/** Every stocktake read starts with the parts prefix: a posting changes the stock pages too. */
export const STOCKTAKES_URL = '/api/parts/stocktakes';

/** Opens a stocktake for a depot; a refusal (another open one, a depot out of scope) names the field. */
export function useOpenStocktake(form: FormInstance, onDone: (s: StocktakeDetail) => void) {
  const qc = useQueryClient();
  const t = useT();
  const { message } = App.useApp();
  const showError = useApiError();
  return useMutation<StocktakeDetail, ApiError, { depotId: string; blind: boolean; note?: string }>({
    mutationFn: (body) => api.call('POST /api/parts/stocktakes', { body }),
    onSuccess: async (s) => {
      message.success(t('stocktake.opened', { code: s.code }));
      await invalidateUrls(qc, STOCKTAKES_URL);
      onDone(s);
    },
    onError: (err) => showError(err, form),
  });
}

/** Every write of one stocktake: the answer is the stocktake as it now stands. */
function useStocktakeWrite<V>(run: (v: V) => Promise<StocktakeDetail>, done: (s: StocktakeDetail, v: V) => string) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  return useMutation<StocktakeDetail, ApiError, V>({
    mutationFn: run,
    onSuccess: async (s, v) => {
      message.success(done(s, v));
      // A posting moves stock: the stock and ledger reads refresh with the stocktakes.
      await invalidateUrls(qc, PARTS_URL);
    },
    onError: (err) => showError(err),
  });
}

export function useEnterCounts(id: string) {
  const t = useT();
  return useStocktakeWrite(
    (body: { version: number; lines: { lineId: string; countedQty?: number | null; serials?: string[] }[] }) =>
      api.call('PUT /api/parts/stocktakes/:id/counts', { params: { id }, body }),
    () => t('stocktake.countsSaved'),
  );
}

export function useUploadSheet(id: string) {
  const t = useT();
  return useStocktakeWrite(
    (file: File) => {
      const body = new FormData();
      body.append('file', file);
      return api.call('POST /api/parts/stocktakes/:id/sheet', { params: { id }, body });
    },
    () => t('stocktake.uploaded'),
  );
}

export function useAddLine(id: string) {
  const t = useT();
  return useStocktakeWrite(
    (body: { partId: string; grade: 'good' | 'defective' }) =>
      api.call('POST /api/parts/stocktakes/:id/lines', { params: { id }, body }),
    () => t('stocktake.lineAdded'),
  );
}

export type StepAction = 'submit' | 'recount' | 'approve' | 'reject' | 'cancel';

/** The steps of a stocktake: submit, recount, approve, reject (with a reason), cancel. */
export function useStep(id: string) {
  const t = useT();
  return useStocktakeWrite(
    ({ action, text }: { action: StepAction; text?: string }) => {
      const params = { id };
      switch (action) {
        case 'reject':
          return api.call('POST /api/parts/stocktakes/:id/reject', { params, body: { reason: text ?? '' } });
        case 'approve':
          return api.call('POST /api/parts/stocktakes/:id/approve', { params, body: text ? { note: text } : {} });
        case 'cancel':
          return api.call('POST /api/parts/stocktakes/:id/cancel', { params, body: text ? { note: text } : {} });
        case 'submit':
          return api.call('POST /api/parts/stocktakes/:id/submit', { params, body: {} });
        case 'recount':
          return api.call('POST /api/parts/stocktakes/:id/recount', { params, body: {} });
      }
    },
    (_s, { action }) => t(`stocktake.done.${action}`),
  );
}

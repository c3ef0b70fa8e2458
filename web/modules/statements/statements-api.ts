import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, type FormInstance } from 'antd';
import type { Adjustment, DraftResult, StatementDetail } from '../../../server/modules/money/statements/contract.js';
import { type ApiError, api } from '../../api/client.js';
import { invalidateUrls } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { useT } from '../../i18n/index.js';

export const STATEMENTS_URL = '/api/statements';

/*
 * The statement writes. Every one refreshes the statements (list and detail) and shows a refusal
 * through useApiError: on the form's field when it names one, and always as a message.
 */

function useStatementMutation<T, V>(
  run: (v: V) => Promise<T>,
  done: (result: T) => string,
  opts: { form?: FormInstance; onDone?: (result: T) => void } = {},
) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  return useMutation<T, ApiError, V>({
    mutationFn: run,
    onSuccess: async (result) => {
      message.success(done(result));
      await invalidateUrls(qc, STATEMENTS_URL);
      opts.onDone?.(result);
    },
    onError: (err) => showError(err, opts.form),
  });
}

export function useDraftMonth(form: FormInstance, onDone: (r: DraftResult) => void) {
  const t = useT();
  return useStatementMutation(
    (body: { month: string; unitId?: string }) => api.call('POST /api/statements/draft', { body }),
    (r) => t('stmt.draft.done', { drafted: r.drafted, recomputed: r.recomputed, skipped: r.skipped }),
    { form, onDone },
  );
}

type Step = 'recompute' | 'send' | 'accept' | 'lock';

/** The statement's own steps, none with a body. */
export function useStatementStep(id: string, step: Step) {
  const t = useT();
  return useStatementMutation(
    (): Promise<StatementDetail> => {
      const params = { params: { id } };
      if (step === 'recompute') return api.call('POST /api/statements/:id/recompute', params);
      if (step === 'send') return api.call('POST /api/statements/:id/send', params);
      if (step === 'accept') return api.call('POST /api/statements/:id/accept', params);
      return api.call('POST /api/statements/:id/lock', params);
    },
    (s) => (step === 'send' ? t('stmt.send.done', { respondBy: s.respondBy ?? '' }) : t(`stmt.${step}.done`)),
  );
}

export function useDisputeLine(id: string, form: FormInstance, onDone: () => void) {
  const t = useT();
  return useStatementMutation(
    ({ lineId, reason }: { lineId: string; reason: string }) =>
      api.call('POST /api/statements/:id/lines/:lineId/dispute', { params: { id, lineId }, body: { reason } }),
    () => t('stmt.dispute.done'),
    { form, onDone },
  );
}

export function useResolveLine(id: string, form: FormInstance, onDone: () => void) {
  const t = useT();
  return useStatementMutation(
    ({
      lineId,
      ...body
    }: {
      lineId: string;
      outcome: 'upheld' | 'rejected';
      correctedAmountFen?: number;
      note: string;
    }) => api.call('POST /api/statements/:id/lines/:lineId/resolve', { params: { id, lineId }, body }),
    () => t('stmt.resolve.done'),
    { form, onDone },
  );
}

export function useAddAdjustment(id: string, form: FormInstance, onDone: () => void) {
  const t = useT();
  return useStatementMutation(
    (body: { amountFen: number; reason: string }) =>
      api.call('POST /api/statements/:id/adjustments', { params: { id }, body }),
    (a: Adjustment) => t('stmt.adjust.done', { month: a.month }),
    { form, onDone },
  );
}

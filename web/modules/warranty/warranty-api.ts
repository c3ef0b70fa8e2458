import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, type FormInstance } from 'antd';
import type { CaseAction, CaseDetail } from '../../../server/modules/warranty/contract.js';
import { type ApiError, api, isApiError, type QueryOf } from '../../api/client.js';
import { invalidateUrls, useApiList, useApiQuery } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { useT } from '../../i18n/index.js';

export const POLICIES_URL = '/api/warranty/policies';
export const CONTRACTS_URL = '/api/warranty/contracts';
export const CASES_URL = '/api/warranty/cases';
export const WARRANTY_UNITS_URL = '/api/warranty/units';

export const caseUrl = (id: string) => `${CASES_URL}/${id}`;

/** The damage causes the entitlement engine excludes (the query's `cause`). */
type EntitlementCause = NonNullable<QueryOf<'GET /api/warranty/units/:unitId/entitlement'>['cause']>;

export function useEntitlement(
  unitId: string | null | undefined,
  opts: { parts?: readonly string[]; cause?: EntitlementCause | null } = {},
) {
  return useApiQuery(
    'GET /api/warranty/units/:unitId/entitlement',
    unitId
      ? {
          params: { unitId },
          query: { parts: opts.parts?.length ? opts.parts.join(',') : undefined, cause: opts.cause ?? undefined },
        }
      : null,
    { placeholderData: (p) => p },
  );
}

export function useRemedies(unitId: string | null | undefined) {
  return useApiQuery('GET /api/warranty/units/:unitId/remedies', unitId ? { params: { unitId } } : null);
}

export function useDecisions(unitId: string | null | undefined) {
  return useApiList('GET /api/warranty/units/:unitId/decisions', unitId ? { params: { unitId } } : null);
}

/** A version conflict or a refused transition: reloading shows the case as it is now. */
export function isStaleCase(err: unknown): err is ApiError {
  return (
    isApiError(err) &&
    err.status === 409 &&
    (err.code === 'entity.version_conflict' || err.code === 'warranty.case_transition')
  );
}

/**
 * Runs one action on a case with the version it read. On a conflict the server's text ("changed by X
 * at T") is shown and the case is fetched again.
 */
export function useCaseAction(caseId: string, opts: { form?: FormInstance; onDone?: (c: CaseDetail) => void } = {}) {
  const qc = useQueryClient();
  const t = useT();
  const { message } = App.useApp();
  const showError = useApiError();
  return useMutation<CaseDetail, ApiError, { action: CaseAction; body: Record<string, unknown> }>({
    // Which action is known only at run time, so its body is checked by the caller's form.
    mutationFn: ({ action, body }) =>
      api.call(`POST /api/warranty/cases/:id/${action}` as const, { params: { id: caseId }, body: body as never }),
    onSuccess: async (c, { action }) => {
      qc.setQueryData([caseUrl(caseId)], c);
      message.success(t('warranty.case.done', { action: t(`warranty.case.action.${action}`) }));
      await invalidateUrls(qc, CASES_URL, WARRANTY_UNITS_URL);
      opts.onDone?.(c);
    },
    onError: async (err) => {
      if (isStaleCase(err)) {
        message.warning(err.detail || t('warranty.case.stale'), 6);
        await invalidateUrls(qc, caseUrl(caseId));
        return;
      }
      showError(err, opts.form);
    },
  });
}

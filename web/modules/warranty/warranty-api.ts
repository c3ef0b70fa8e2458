import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, type FormInstance } from 'antd';
import type {
  CaseAction,
  CaseDetail,
  UnitEntitlement,
  Remedies,
  WarrantyDecision,
} from '../../../server/modules/warranty/contract.js';
import { type ApiError, api, isApiError, withQuery } from '../../api/client.js';
import { invalidateUrls, useApiListUrl, useApiQueryUrl } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { useT } from '../../i18n/index.js';

export const POLICIES_URL = '/api/warranty/policies';
export const CONTRACTS_URL = '/api/warranty/contracts';
export const CASES_URL = '/api/warranty/cases';
export const WARRANTY_UNITS_URL = '/api/warranty/units';

export const caseUrl = (id: string) => `${CASES_URL}/${id}`;
export const casePhotosUrl = (id: string) => `${CASES_URL}/${id}/photos`;

export function entitlementUrl(unitId: string, opts: { parts?: readonly string[]; cause?: string | null } = {}) {
  return withQuery(`${WARRANTY_UNITS_URL}/${unitId}/entitlement`, {
    parts: opts.parts?.length ? opts.parts.join(',') : undefined,
    cause: opts.cause ?? undefined,
  });
}

export function useEntitlement(
  unitId: string | null | undefined,
  opts: { parts?: readonly string[]; cause?: string | null } = {},
) {
  return useApiQueryUrl<UnitEntitlement>(unitId ? entitlementUrl(unitId, opts) : null, { placeholderData: (p) => p });
}

export function useRemedies(unitId: string | null | undefined) {
  return useApiQueryUrl<Remedies>(unitId ? `${WARRANTY_UNITS_URL}/${unitId}/remedies` : null);
}

export function useDecisions(unitId: string | null | undefined) {
  return useApiListUrl<WarrantyDecision>(unitId ? `${WARRANTY_UNITS_URL}/${unitId}/decisions` : null);
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
    mutationFn: ({ action, body }) => api.post<CaseDetail>(`${caseUrl(caseId)}/${action}`, body),
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

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { api } from '../../api/client.js';
import { invalidateUrls } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { useT } from '../../i18n/index.js';
import { CATALOG_URL } from './catalog-api.js';

/** Activates or deactivates a catalog record (`POST /api/catalog/{kind}/{id}/activate|deactivate` with its version). */
export function useToggleActive(kind: 'lines' | 'models' | 'parts') {
  const t = useT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  return useMutation({
    mutationFn: (r: { id: string; active: boolean; version: number }) =>
      api.call(`POST /api/catalog/${kind}/:id/${r.active ? 'deactivate' : 'activate'}` as const, {
        params: { id: r.id },
        body: { version: r.version },
      }),
    onSuccess: async (_, r) => {
      message.success(r.active ? t('catalog.deactivated') : t('catalog.activated'));
      await invalidateUrls(qc, CATALOG_URL);
    },
    onError: (err) => showError(err),
  });
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, type FormInstance } from 'antd';
import type { CallbackDetail } from '../../../server/modules/callbacks/contract.js';
import { type ApiError, api, type BodyOf, routeUrl } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { type MessageKey, useT } from '../../i18n/index.js';

export const CALLBACKS_URL = '/api/callbacks';
export const SCORES_URL = '/api/callback-scores';

/** The commands on a callback task, each a form on the task's page (the server's `actions`). */
export type CallbackCommand = CallbackDetail['actions'][number];

export type CommandBody = {
  answer: BodyOf<'POST /api/callbacks/:id/answer'>;
  attempt: BodyOf<'POST /api/callbacks/:id/attempts'>;
  cancel: BodyOf<'POST /api/callbacks/:id/cancel'>;
};

const DONE: Record<CallbackCommand, MessageKey> = {
  answer: 'cb.form.answered',
  attempt: 'cb.form.attempted',
  cancel: 'cb.form.cancelled',
};

function send<C extends CallbackCommand>(id: string, command: C, body: CommandBody[C]): Promise<CallbackDetail> {
  const params = { id };
  const b = body as never;
  switch (command) {
    case 'answer':
      return api.call('POST /api/callbacks/:id/answer', { params, body: b });
    case 'attempt':
      return api.call('POST /api/callbacks/:id/attempts', { params, body: b });
    default:
      return api.call('POST /api/callbacks/:id/cancel', { params, body: b });
  }
}

/** The address of a task's detail (its query key). */
export function callbackUrl(id: string): string {
  return routeUrl('GET /api/callbacks/:id', { params: { id } });
}

/** One task, read fresh each time it is opened (someone else may be calling the same customer). */
export function useCallbackTask(id: string) {
  return useApiQuery('GET /api/callbacks/:id', { params: { id } }, { staleTime: 0 });
}

/**
 * One command on a task. The answer is the task as it now stands: it replaces the page's copy at
 * once, and the queue, the scores and what an answer may have opened (an order's repeat visit, a
 * complaint) are refreshed. A refusal is shown through useApiError — on the form's field it names,
 * and always as a message, so nothing is refused silently; a conflict (someone changed the task
 * meanwhile, 409) also reloads the task, so the form shows its current state and version.
 */
export function useCallbackCommand<C extends CallbackCommand>(
  id: string,
  command: C,
  form: FormInstance,
  onDone: (c: CallbackDetail) => void,
) {
  const t = useT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  return useMutation<CallbackDetail, ApiError, CommandBody[C]>({
    mutationFn: (body) => send(id, command, body),
    onSuccess: async (c) => {
      qc.setQueryData([callbackUrl(id)], c);
      message.success(t(DONE[command]));
      onDone(c);
      await invalidateUrls(qc, CALLBACKS_URL, SCORES_URL, '/api/orders', '/api/complaints');
    },
    onError: async (err) => {
      showError(err, form);
      if (err.status === 409) await invalidateUrls(qc, callbackUrl(id));
    },
  });
}

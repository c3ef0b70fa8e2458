import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, type FormInstance } from 'antd';
import type { ComplaintDetail } from '../../../server/modules/complaints/contract.js';
import { type ApiError, api, type BodyOf } from '../../api/client.js';
import { invalidateUrls, useApiList } from '../../api/queries.js';
import { useApiError } from '../../api/use-api-error.js';
import { useT } from '../../i18n/index.js';

export const COMPLAINTS_URL = '/api/complaints';

/** The handling commands of a complaint, each a form on the complaint page. */
export type ComplaintCommand =
  | 'note'
  | 'contact'
  | 'route'
  | 'responsibility'
  | 'compensation'
  | 'decide'
  | 'reply'
  | 'acceptance'
  | 'close';

export type CommandBody = {
  note: BodyOf<'POST /api/complaints/:id/notes'>;
  contact: BodyOf<'POST /api/complaints/:id/contacts'>;
  route: BodyOf<'POST /api/complaints/:id/route'>;
  responsibility: BodyOf<'POST /api/complaints/:id/responsibility'>;
  compensation: BodyOf<'POST /api/complaints/:id/compensation'>;
  decide: BodyOf<'POST /api/complaints/:id/compensation/decide'>;
  reply: BodyOf<'POST /api/complaints/:id/reply'>;
  acceptance: BodyOf<'POST /api/complaints/:id/acceptance'>;
  close: BodyOf<'POST /api/complaints/:id/close'>;
};

function send<C extends ComplaintCommand>(id: string, command: C, body: CommandBody[C]): Promise<unknown> {
  const params = { id };
  const b = body as never;
  switch (command) {
    case 'note':
      return api.call('POST /api/complaints/:id/notes', { params, body: b });
    case 'contact':
      return api.call('POST /api/complaints/:id/contacts', { params, body: b });
    case 'route':
      return api.call('POST /api/complaints/:id/route', { params, body: b });
    case 'responsibility':
      return api.call('POST /api/complaints/:id/responsibility', { params, body: b });
    case 'compensation':
      return api.call('POST /api/complaints/:id/compensation', { params, body: b });
    case 'decide':
      return api.call('POST /api/complaints/:id/compensation/decide', { params, body: b });
    case 'reply':
      return api.call('POST /api/complaints/:id/reply', { params, body: b });
    case 'acceptance':
      return api.call('POST /api/complaints/:id/acceptance', { params, body: b });
    default:
      return api.call('POST /api/complaints/:id/close', { params, body: b });
  }
}

/**
 * One handling command of a complaint. It refreshes the complaint (page, board, the intake desk's
 * card) and shows a refusal through useApiError: on the form's field it names, and always as a
 * message, so nothing is refused silently.
 */
export function useComplaintCommand<C extends ComplaintCommand>(
  id: string,
  command: C,
  form: FormInstance,
  onDone: () => void,
) {
  const t = useT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  return useMutation<unknown, ApiError, CommandBody[C]>({
    mutationFn: (body) => send(id, command, body),
    onSuccess: async () => {
      message.success(t('cmp.action.done'));
      onDone();
      await invalidateUrls(qc, COMPLAINTS_URL);
    },
    onError: (err) => showError(err, form),
  });
}

/** Opens a complaint; the answer is the new complaint's detail. */
export function useOpenComplaint(form: FormInstance, onDone: (c: ComplaintDetail) => void) {
  const t = useT();
  const qc = useQueryClient();
  const { message } = App.useApp();
  const showError = useApiError();
  return useMutation<ComplaintDetail, ApiError, BodyOf<'POST /api/complaints'>>({
    mutationFn: (body) => api.call('POST /api/complaints', { body }),
    onSuccess: async (c) => {
      message.success(t('cmp.open.done', { code: c.code }));
      await invalidateUrls(qc, COMPLAINTS_URL);
      onDone(c);
    },
    onError: (err) => showError(err, form),
  });
}

/** The complaint departments (市场部, 研发部, 财务部, the makers) and org units complaints are routed to. */
export function useComplaintDepartments() {
  const q = useApiList('GET /api/complaint-departments', {}, { staleTime: 60_000 });
  return q.data ?? [];
}

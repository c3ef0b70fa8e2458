import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { useT } from '../i18n/index.js';
import { isApiError } from './client.js';
import { fieldMessage, type NamePath, nearestField, toNamePath } from './field-errors.js';

function findField(form: FormInstance, path: NamePath): NamePath | null {
  return nearestField(
    form.getFieldsError().map((f) => f.name),
    path,
  );
}

/**
 * Shows an API failure where it belongs: field errors (validation.failed, or a duplicate naming a
 * field) on the form's fields, and always a message as well, so a refusal is never silent even when
 * the field it names is off screen or rendered without room for an error. Every form's mutation
 * passes its failures here (with the form), never to `message.error` directly.
 */
export function useApiError() {
  const { message } = App.useApp();
  const t = useT();
  return useCallback(
    (err: unknown, form?: FormInstance) => {
      if (!isApiError(err)) {
        message.error(err instanceof Error ? err.message : String(err));
        return;
      }
      if (err.code === 'network') {
        message.error(t('common.networkError'));
        return;
      }
      const text = err.detail || t('common.unknownError', { status: err.status });
      if (form) {
        const fields = new Map<string, { name: NamePath; errors: string[] }>();
        const unplaced: string[] = [];
        for (const fe of err.errors) {
          const name = findField(form, toNamePath(fe.path));
          const msg = fieldMessage(fe.path, fe.message);
          if (!name) {
            unplaced.push(fe.message);
            continue;
          }
          const key = JSON.stringify(name);
          const entry = fields.get(key) ?? { name, errors: [] };
          entry.errors.push(msg || text);
          fields.set(key, entry);
        }
        if (err.code === 'entity.duplicate' && typeof err.params.field === 'string') {
          const name = findField(form, toNamePath(err.params.field));
          if (name) fields.set(JSON.stringify(name), { name, errors: [text] });
        }
        if (fields.size > 0) {
          form.setFields([...fields.values()]);
          form.scrollToField([...fields.values()][0]!.name);
          message.error(unplaced.length ? `${text}: ${unplaced.join('; ')}` : text);
          return;
        }
      }
      const extra = err.errors.map((e) => e.message).filter(Boolean);
      message.error(extra.length ? `${text}: ${extra.join('; ')}` : text);
    },
    [message, t],
  );
}

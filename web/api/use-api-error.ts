import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { useT } from '../i18n/index.js';
import { isApiError } from './client.js';

type NamePath = (string | number)[];

function toNamePath(path: string): NamePath {
  return path
    .replace(/^body\./, '')
    .split('.')
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** The nearest registered form field for an API path: `scopes.2` lands on the `scopes` select. */
function findField(form: FormInstance, path: NamePath): NamePath | null {
  const registered = new Set(form.getFieldsError().map((f) => JSON.stringify(f.name)));
  for (let n = path.length; n > 0; n--) {
    const candidate = path.slice(0, n);
    if (registered.has(JSON.stringify(candidate))) return candidate;
  }
  return null;
}

/**
 * Shows an API failure where it belongs: field errors (validation.failed, or a duplicate naming a
 * field) on the form's fields, anything else as a message.
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
          const msg = fe.message.startsWith(`${fe.path}: `) ? fe.message.slice(fe.path.length + 2) : fe.message;
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
          if (unplaced.length) message.error(unplaced.join('; '));
          return;
        }
      }
      const extra = err.errors.map((e) => e.message).filter(Boolean);
      message.error(extra.length ? `${text}: ${extra.join('; ')}` : text);
    },
    [message, t],
  );
}

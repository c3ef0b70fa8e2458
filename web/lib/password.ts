import type { FormRule } from 'antd';
import type { Translate } from '../i18n/index.js';

/** The server's password rule, checked before sending: 8+ characters with letters and digits. */
export function isStrongPassword(p: string): boolean {
  return p.length >= 8 && /[A-Za-z]/.test(p) && /\d/.test(p);
}

export function passwordRules(t: Translate): FormRule[] {
  return [
    { required: true },
    {
      validator: (_, value: string | undefined) =>
        !value || isStrongPassword(value) ? Promise.resolve() : Promise.reject(new Error(t('password.rule'))),
    },
  ];
}

/** Confirmation must equal the field `other` (a name path). */
export function confirmRules(t: Translate, other: string | (string | number)[]): FormRule[] {
  return [
    { required: true },
    ({ getFieldValue }) => ({
      validator: (_, value: string | undefined) =>
        !value || value === getFieldValue(other)
          ? Promise.resolve()
          : Promise.reject(new Error(t('password.mismatch'))),
    }),
  ];
}

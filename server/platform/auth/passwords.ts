import { hash, verify } from '@node-rs/argon2';
import { fieldError } from '../errors.js';

/** argon2id with the library's defaults (m=19 MiB, t=2, p=1: the OWASP baseline). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

/** Password rule: at least 8 characters, with letters and digits. Throws naming the field. */
export function checkPasswordRules(password: string, field = 'password'): void {
  if (password.length < 8 || password.length > 128 || !/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    throw fieldError(field, 'password.weak');
  }
}

import { createHash, randomBytes } from 'node:crypto';

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export const TOKEN_PREFIX = 'sbt_';
export const SESSION_COOKIE = 'sanbao_sid';

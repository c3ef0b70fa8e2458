import { z } from 'zod';
import { DisplayName, LangCode, Mobile, PasswordInput, PersonView } from '../fields/contract.js';

export const LoginBody = z.object({
  username: z.string().trim().min(1).max(64).describe('Username or mobile number'),
  password: z.string().min(1).max(128),
  token: z.boolean().optional().describe('true: return a bearer token instead of setting the session cookie'),
  tokenName: z.string().max(100).optional(),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const Me = PersonView.extend({
  orgUnitKind: z.enum(['hq', 'center', 'outlet']),
  permissions: z.array(z.string()),
  csrfToken: z.string().nullable(),
});
export type Me = z.infer<typeof Me>;

export const LoginResponse = z.object({
  user: Me,
  token: z.string().optional().describe('Bearer token, only when requested with token: true'),
});

export const ProfileBody = z.object({
  displayName: DisplayName.optional(),
  mobile: Mobile.nullable().optional(),
  email: z.email().nullable().optional(),
  lang: LangCode.optional(),
  version: z.number().int().optional(),
});
export type ProfileBody = z.infer<typeof ProfileBody>;

export const PasswordBody = z.object({
  currentPassword: PasswordInput,
  newPassword: PasswordInput,
});

export const TokenCreateBody = z.object({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.string()).max(50).default([]),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type TokenCreateBody = z.infer<typeof TokenCreateBody>;

export const TokenView = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type TokenView = z.infer<typeof TokenView>;

export const TokenCreated = TokenView.extend({ token: z.string().describe('Shown once; store it now') });
export const Ok = z.object({ ok: z.literal(true) });

import { z } from 'zod';

/** Field schemas shared by several contracts, so a rule (what a username may be) is stated once. */

export const Username = z
  .string()
  .trim()
  .min(2)
  .max(32)
  .regex(/^[A-Za-z0-9_.-]+$/);
export const DisplayName = z.string().trim().min(1).max(50);
/** Checked against the password rules by the command, which names the field in its error. */
export const PasswordInput = z.string().min(1).max(128);
/** Mainland mobile numbers (11 digits starting 13–19). */
export const Mobile = z.string().regex(/^1[3-9]\d{9}$/);
export const LangCode = z.enum(['zh-CN', 'en']);

/** What every view of a person shows. */
export const PersonView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  lang: LangCode,
  orgUnitId: z.string(),
  orgUnitName: z.string(),
  roles: z.array(z.string()),
  mustChangePassword: z.boolean(),
  version: z.number().int(),
});

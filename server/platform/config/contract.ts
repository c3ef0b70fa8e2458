import { z } from 'zod';
import { DisplayName, PasswordInput, Username } from '../fields/contract.js';
import { isTimeZone } from '../../../shared/time-zone.js';

export const SettingInfo = z.object({
  key: z.string(),
  group: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  value: z.unknown().describe('Value in force now'),
  default: z.unknown(),
  /** The values a choice setting takes, with their labels; null for free values. */
  options: z.array(z.object({ value: z.string(), labelZh: z.string(), labelEn: z.string() })).nullable(),
  /** Versions scheduled to take effect later. */
  upcoming: z.array(z.object({ value: z.unknown(), effectiveFrom: z.string() })),
});
export type SettingInfo = z.infer<typeof SettingInfo>;

export const SettingVersion = z.object({
  id: z.string(),
  key: z.string(),
  value: z.unknown(),
  effectiveFrom: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  /** Who set it, for people reading the history; null for setup and system changes. */
  createdByName: z.string().nullable(),
  note: z.string().nullable(),
});
export type SettingVersion = z.infer<typeof SettingVersion>;

export const SettingPut = z.object({
  value: z.unknown(),
  effectiveFrom: z.iso.datetime({ offset: true }).optional().describe('Default: now'),
  note: z.string().trim().max(500).optional(),
});

export const SetupStatus = z.object({
  needsSetup: z.boolean(),
  companyName: z.string().nullable(),
  /** The service hotline (setting company.hotline); null before setup or when none is set. */
  hotline: z.string().nullable(),
  /** The company time zone (setting company.timeZone): every date the UI shows is in it. */
  timeZone: z.string(),
});
export const SetupBody = z.object({
  company: z.string().trim().min(1).max(100),
  timeZone: z.string().refine(isTimeZone, 'unknown time zone').default('Asia/Shanghai'),
  admin: z.object({
    username: Username,
    displayName: DisplayName.optional(),
    password: PasswordInput,
  }),
  /** Load the demo organisation (centers, outlets, one account per role). */
  demo: z.boolean().default(false),
});
export type SetupBody = z.infer<typeof SetupBody>;

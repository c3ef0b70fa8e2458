import type { Text } from '../../../shared/i18n.js';
import type { DbLike } from '../../db/client.js';
import type { Ctx } from '../../platform/context.js';
import type { AppError } from '../../platform/errors.js';
import { assertVersion as checkVersion, recordNotFound } from '../../platform/records.js';

/** What the org module's records are called in messages. */
const ENTITY_NAMES = {
  org_unit: { 'zh-CN': '组织', en: 'Unit' },
  user: { 'zh-CN': '用户', en: 'User' },
  role: { 'zh-CN': '角色', en: 'Role' },
} as const satisfies Record<string, Text>;
export type OrgEntity = keyof typeof ENTITY_NAMES;

/** Missing and out-of-scope records get the same 404 (see platform/records). */
export function notFound(ctx: Pick<Ctx, 'lang'>, entity: OrgEntity): AppError {
  return recordNotFound(ctx.lang, ENTITY_NAMES[entity]);
}

export { escapeLike } from '../../platform/records.js';

/** Optimistic concurrency on an org record (see platform/records). */
export function assertVersion(
  tx: DbLike,
  ctx: Pick<Ctx, 'now'>,
  target: { entity: OrgEntity; entityId: string; version: number; updatedAt?: Date },
  expected: number,
): Promise<void> {
  return checkVersion(tx, ctx, target, expected);
}

import type { Text } from '../../../../shared/i18n.js';
import type { DbLike } from '../../../db/client.js';
import type { Ctx } from '../../../platform/context.js';
import type { AppError } from '../../../platform/errors.js';
import { assertVersion as checkVersion, recordNotFound } from '../../../platform/records.js';

/** What the catalog's and the installed base's records are called in messages and events. */
const ENTITY_NAMES = {
  product_line: { 'zh-CN': '产品线', en: 'Product line' },
  product_model: { 'zh-CN': '产品型号', en: 'Product model' },
  part: { 'zh-CN': '配件', en: 'Part' },
  unit: { 'zh-CN': '产品', en: 'Unit' },
} as const satisfies Record<string, Text>;
export type CatalogEntity = keyof typeof ENTITY_NAMES;

/** Missing and out-of-scope records get the same 404 (see platform/records). */
export function notFound(ctx: Pick<Ctx, 'lang'>, entity: CatalogEntity): AppError {
  return recordNotFound(ctx.lang, ENTITY_NAMES[entity]);
}

export { definedFields, escapeLike } from '../../../platform/records.js';

/** Optimistic concurrency on a catalog or installed-base record (see platform/records). */
export function assertVersion(
  tx: DbLike,
  ctx: Pick<Ctx, 'now'>,
  target: { entity: CatalogEntity; entityId: string; version: number; updatedAt?: Date },
  expected: number,
): Promise<void> {
  return checkVersion(tx, ctx, target, expected);
}

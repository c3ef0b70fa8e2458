import type { I18n } from '../../i18n/index.js';

/** Entity types the audit filter offers; the server may record others, shown by their code. */
export const KNOWN_ENTITIES = ['org_unit', 'user', 'role', 'setting', 'api_token', 'system'];

export function entityLabel(i18n: Pick<I18n, 'tryT'>, entity: string): string {
  return i18n.tryT(`entity.${entity}`) ?? entity;
}

/** Actions are `entity.verb` (org_unit.created); the verb carries the meaning. */
export function actionLabel(i18n: Pick<I18n, 'tryT'>, action: string): string {
  const verb = action.includes('.') ? action.slice(action.indexOf('.') + 1) : action;
  return i18n.tryT(`action.${action}`) ?? i18n.tryT(`action.${verb}`) ?? action;
}

/** A changed field's name in the UI language when a form elsewhere already names it. */
export function fieldLabel(i18n: Pick<I18n, 'tryT'>, entity: string, field: string): string {
  const areas = entity === 'org_unit' ? ['field', 'org', 'users'] : ['field', 'users', 'org', 'tokens'];
  for (const area of areas) {
    const label = i18n.tryT(`${area}.${field}`);
    if (label) return label;
  }
  return field;
}

type Changes = Record<string, { before: unknown; after: unknown }>;

function pickText(changes: Changes, field: string): string | undefined {
  const c = changes[field];
  const v = c?.after ?? c?.before;
  return typeof v === 'string' && v ? v : undefined;
}

/**
 * A readable name for the changed record, taken from the change itself ("王师傅 (xh.tech1)",
 * "浙江省服务中心 (C-ZJ)"); undefined when the change names nothing, and the id is shown instead.
 */
export function entitySummary(changes: Changes): string | undefined {
  const main = pickText(changes, 'displayName') ?? pickText(changes, 'name') ?? pickText(changes, 'key');
  const handle = pickText(changes, 'username') ?? pickText(changes, 'code');
  if (main && handle) return `${main} (${handle})`;
  return main ?? handle;
}

import type { Lang } from '../../shared/i18n.js';
import {
  ORG_KIND_NAMES,
  type OrgKind,
  PERMISSIONS,
  ROLE_CODES,
  ROLE_NAMES,
  type RoleCode,
} from '../../shared/permissions.js';

/** Display names for codes the UI shows; unknown codes (added by a newer server) show as they are. */
export function roleName(code: string, lang: Lang): string {
  return (ROLE_CODES as readonly string[]).includes(code) ? ROLE_NAMES[code as RoleCode][lang] : code;
}

export function roleOptions(lang: Lang): { value: RoleCode; label: string }[] {
  return ROLE_CODES.map((code) => ({ value: code, label: ROLE_NAMES[code][lang] }));
}

export function kindName(kind: string, lang: Lang): string {
  return kind in ORG_KIND_NAMES ? ORG_KIND_NAMES[kind as OrgKind][lang] : kind;
}

export function permissionName(code: string, lang: Lang): string {
  return code in PERMISSIONS ? PERMISSIONS[code as keyof typeof PERMISSIONS][lang] : code;
}

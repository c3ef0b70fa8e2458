import type { Lang } from '../../../shared/i18n.js';
import type { Permission } from '../../../shared/permissions.js';

/** Who is acting: resolved once per request from a session cookie or a bearer token. */
export interface Actor {
  kind: 'user' | 'system';
  id: string | null;
  username: string;
  displayName: string;
  orgUnitId: string | null;
  /** Materialised path of the actor's org unit; every scope check is a prefix match on it. */
  orgPath: string;
  roles: string[];
  permissions: ReadonlySet<Permission>;
  lang: Lang;
  via: 'session' | 'token' | 'system';
  sessionIdHash?: string;
  csrfToken?: string;
}

/** The actor for CLI and setup work that no signed-in person does; sees everything. */
export function systemActor(name = 'system'): Actor {
  return {
    kind: 'system',
    id: null,
    username: name,
    displayName: name,
    orgUnitId: null,
    orgPath: '',
    roles: ['admin'],
    permissions: new Set<Permission>(['*' as Permission]),
    lang: 'zh-CN',
    via: 'system',
  };
}

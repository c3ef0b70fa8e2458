import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import type { Me } from '../../server/platform/auth/contract.js';
import type { Permission } from '../../shared/permissions.js';
import { ApiError, api, hasSessionHint, markSignedIn, markSignedOut } from './client.js';
import { useApiQuery } from './queries.js';

export const ME_URL = '/api/auth/me';
export const SETUP_URL = '/api/setup';

export interface SetupStatus {
  needsSetup: boolean;
  companyName: string | null;
  hotline: string | null;
  /** The company time zone: every date shown is in it. */
  timeZone: string;
}

/** The signed-in user; a 401 here means "not signed in" and never triggers the redirect handler. */
export function useMe() {
  return useQuery<Me, ApiError, Me, readonly [string]>({
    queryKey: [ME_URL] as const,
    queryFn: async ({ signal }) => {
      if (!hasSessionHint()) throw new ApiError(401, { code: 'auth.required' });
      const me = await api.call('GET /api/auth/me', {}, { quiet401: true, signal });
      markSignedIn(me.csrfToken);
      return me;
    },
    retry: false,
    staleTime: 60_000,
  });
}

/** Stores a freshly returned Me (login, profile edit) as the current user. */
export function useSetMe() {
  const qc = useQueryClient();
  return useCallback(
    (me: Me) => {
      markSignedIn(me.csrfToken);
      qc.setQueryData([ME_URL], me);
    },
    [qc],
  );
}

export function useSetupStatus() {
  return useApiQuery('GET /api/setup', {}, { staleTime: 5 * 60_000, retry: 1 });
}

export function can(me: Pick<Me, 'permissions'> | undefined, permission: Permission): boolean {
  return !!me?.permissions.includes(permission);
}

/** Signs out this session, forgets every cached response and goes to the login page. */
export function useLogout() {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return useCallback(
    async (route: 'POST /api/auth/logout' | 'POST /api/auth/logout-all' = 'POST /api/auth/logout') => {
      try {
        await api.call(route, {}, { quiet401: true });
      } finally {
        markSignedOut();
        qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SETUP_URL });
        navigate('/login', { replace: true });
      }
    },
    [qc, navigate],
  );
}

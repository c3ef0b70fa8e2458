import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import type { Permission } from '../../shared/permissions.js';
import { can, useMe, useSetupStatus } from '../api/session.js';
import { ForbiddenPage, FullPageSpin, LoadFailed } from './status-pages.js';

/** Sends everyone to /setup until the first-run wizard is done (the wizard itself leaves once done). */
export function SetupGate({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  const setup = useSetupStatus();
  if (setup.isPending) return <FullPageSpin />;
  if (setup.isError) return <LoadFailed detail={setup.error.detail} onRetry={() => setup.refetch()} />;
  if (setup.data.needsSetup && pathname !== '/setup') return <Navigate to="/setup" replace />;
  return children;
}

/** Renders its children for a signed-in user; otherwise goes to /login and comes back afterwards. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const location = useLocation();
  const me = useMe();
  if (me.isPending) return <FullPageSpin />;
  if (me.isError) {
    if (me.error.status === 401)
      return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
    return <LoadFailed detail={me.error.detail} onRetry={() => me.refetch()} />;
  }
  return children;
}

export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const me = useMe();
  if (!can(me.data, permission)) return <ForbiddenPage />;
  return children;
}

import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type {
  Board,
  MoveBody,
  MoveResult,
  Plan,
  PlanCreate,
  PublishResult,
  Shift,
  ShiftBody,
} from '../../../server/modules/planning/contract.js';
import { api, routeUrl } from '../../api/client.js';
import { invalidateUrls, useApiQuery } from '../../api/queries.js';

/** The board's URL, the key its query is cached under. */
export const boardUrl = (outletId: string, day: string) =>
  routeUrl('GET /api/planning/board', { query: { outletId, day } });

/** The planning board of one outlet and day (null: nothing chosen yet). */
export function useBoard(outletId: string | undefined, day: string) {
  return useApiQuery('GET /api/planning/board', outletId ? { query: { outletId, day } } : null);
}

/** Puts a plan the server answered into the cached board, so the screen shows it without a reload. */
function setPlan(qc: QueryClient, plan: Plan) {
  qc.setQueryData<Board>([boardUrl(plan.outletId, plan.day)], (b) => (b ? { ...b, plan } : b));
}

/** The plan commands; each answer updates the cached board, and the board is read again for the visits' new state. */
export function usePlanCommands() {
  const qc = useQueryClient();
  const refresh = useCallback(() => invalidateUrls(qc, '/api/planning/board'), [qc]);
  const create = useCallback(
    async (body: PlanCreate): Promise<Plan> => {
      const plan = await api.call('POST /api/planning/plans', { body });
      setPlan(qc, plan);
      return plan;
    },
    [qc],
  );
  const move = useCallback(
    async (planId: string, body: MoveBody): Promise<MoveResult> => {
      const res = await api.call('POST /api/planning/plans/:id/moves', { params: { id: planId }, body });
      if (!body.dryRun && res.feasible) setPlan(qc, res.plan);
      return res;
    },
    [qc],
  );
  const lock = useCallback(
    async (plan: Plan, orderId: string, locked: boolean): Promise<Plan> => {
      const next = await api.call('POST /api/planning/plans/:id/locks', {
        params: { id: plan.id },
        body: { version: plan.version, orderId, locked },
      });
      setPlan(qc, next);
      return next;
    },
    [qc],
  );
  const replan = useCallback(
    async (plan: Plan, timeLimitMs?: number): Promise<Plan> => {
      const next = await api.call('POST /api/planning/plans/:id/replan', {
        params: { id: plan.id },
        body: { version: plan.version, ...(timeLimitMs ? { timeLimitMs } : {}) },
      });
      setPlan(qc, next);
      return next;
    },
    [qc],
  );
  const publish = useCallback(
    async (plan: Plan): Promise<PublishResult> => {
      const res = await api.call('POST /api/planning/plans/:id/publish', {
        params: { id: plan.id },
        body: { version: plan.version },
      });
      setPlan(qc, res.plan);
      await invalidateUrls(qc, '/api/planning/board', '/api/orders');
      return res;
    },
    [qc],
  );
  const publishToPool = useCallback(
    async (outletId: string, orderIds: string[]) => {
      const res = await api.call('POST /api/planning/pool', { body: { outletId, orderIds } });
      await invalidateUrls(qc, '/api/planning/board', '/api/planning/pool');
      return res;
    },
    [qc],
  );
  return { create, move, lock, replan, publish, publishToPool, refresh };
}

/** A technician's shift for the shift dialog. */
export function useShift(userId: string | null) {
  return useApiQuery('GET /api/planning/shifts/:userId', userId ? { params: { userId } } : null, { staleTime: 0 });
}

export function useSaveShift() {
  const qc = useQueryClient();
  return useCallback(
    async (userId: string, body: ShiftBody): Promise<Shift> => {
      const shift = await api.call('PUT /api/planning/shifts/:userId', { params: { userId }, body });
      qc.setQueryData([routeUrl('GET /api/planning/shifts/:userId', { params: { userId } })], shift);
      await invalidateUrls(qc, '/api/planning/board');
      return shift;
    },
    [qc],
  );
}

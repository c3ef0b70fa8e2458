import type { FastifyBaseLogger } from 'fastify';
import { LiveHub } from '../../platform/live/index.js';
import type { CallerIdEvent } from './contract.js';

/*
 * Caller ID pushes to the agents' open screens, over the platform's live hub (pg_notify on one
 * channel, delivered by whichever instance holds the agent's stream).
 */

export const INTAKE_CHANNEL = 'sanbao_intake';

/** What travels through pg_notify: who should see it, and the event with each customer's org path. */
export interface IntakeNotice {
  /** Username of the agent whose phone rings; null: every agent within `scopePath`. */
  agent: string | null;
  scopePath: string;
  event: Omit<CallerIdEvent, 'customers'> & { customers: (CallerIdEvent['customers'][number] & { orgPath: string })[] };
}

export { sseFrame } from '../../platform/live/index.js';

/** The agents' streams: a notice goes to the named agent (or every agent within its scope), showing only customers each may see. */
export class IntakeHub extends LiveHub<IntakeNotice> {
  constructor(log: FastifyBaseLogger, heartbeatMs?: number) {
    super(
      log,
      INTAKE_CHANNEL,
      (notice, a) => {
        if (
          notice.agent
            ? a.username.toLowerCase() !== notice.agent.toLowerCase()
            : !a.orgPath.startsWith(notice.scopePath)
        )
          return null;
        const event: CallerIdEvent = {
          ...notice.event,
          customers: notice.event.customers
            .filter((c) => c.orgPath.startsWith(a.orgPath))
            .map(({ orgPath: _p, ...c }) => c),
        };
        return { event: 'caller-id', data: event };
      },
      heartbeatMs,
    );
  }
}

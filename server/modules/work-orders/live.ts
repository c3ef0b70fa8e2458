import type { FastifyBaseLogger } from 'fastify';
import type { DbLike } from '../../db/client.js';
import { LiveHub, publishLive } from '../../platform/live/index.js';

/*
 * Live updates of the dispatch boards: every change of an order (a timeline row) publishes a
 * notice on one channel; each instance tells the open boards that may see the order — the units
 * holding it before and after the change, and everyone above them — so HQ, the center and the
 * outlet see a dispatch at once on any instance (issue: "live updates via server-sent events
 * across several server instances"). The notice carries no customer data: the board refetches
 * through its own scoped query.
 */

export const ORDERS_CHANNEL = 'sanbao_orders';

export interface OrderNotice {
  orderId: string;
  code: string;
  state: string | null;
  action: string;
  at: string;
  /** Org paths of the units that held the order before and after the change. */
  paths: string[];
}

export class OrdersHub extends LiveHub<OrderNotice> {
  constructor(log: FastifyBaseLogger, heartbeatMs?: number) {
    super(
      log,
      ORDERS_CHANNEL,
      (notice, actor) => {
        if (!notice.paths.some((p) => p.startsWith(actor.orgPath))) return null;
        const { paths: _paths, ...shown } = notice;
        return { event: 'order', data: shown };
      },
      heartbeatMs,
    );
  }
}

/** Publishes an order change; sent when the command's transaction commits. */
export async function publishOrderChange(tx: DbLike, notice: OrderNotice): Promise<void> {
  await publishLive(tx, ORDERS_CHANNEL, notice);
}

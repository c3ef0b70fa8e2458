import type { Ctx } from '../../../platform/context.js';
import { requirePermission } from '../../../platform/access/index.js';
import { lockOrder, recordHistory } from '../common.js';
import type { ApprovalBody } from '../contract.js';
import { OPEN_STATES } from '../rules.js';
import { AppError } from '../../../platform/errors.js';
import { workOrderApprovals } from '../tables.js';

/**
 * A manager's approval of an emergency measure (seed 000): sending part-time staff when no
 * technician is free, or a parts workaround when parts are short. Dispatch and completion
 * refuse those measures without it.
 */
export async function createApproval(ctx: Ctx, id: string, input: ApprovalBody): Promise<void> {
  requirePermission(ctx.actor, 'orders.approve');
  await ctx.db.transaction(async (tx) => {
    const order = await lockOrder(tx, ctx, id);
    if (!OPEN_STATES.includes(order.state))
      throw new AppError('order.transition_forbidden', { state: order.state, action: 'approve' });
    const [row] = await tx
      .insert(workOrderApprovals)
      .values({
        orderId: id,
        kind: input.kind,
        note: input.note,
        approvedBy: ctx.actor.id,
        approvedByName: ctx.actor.displayName || ctx.actor.username,
        at: ctx.now,
      })
      .returning();
    await recordHistory(tx, ctx, {
      order,
      action: 'approved',
      fromState: order.state,
      toState: order.state,
      after: { approval: input.kind },
      note: input.note,
      data: { approvalId: row!.id, kind: input.kind },
    });
  });
}

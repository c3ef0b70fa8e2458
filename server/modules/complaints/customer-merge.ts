import { and, eq, inArray } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import type { Ctx } from '../../platform/context.js';
import { appendEvent } from '../../platform/events/index.js';
import type { CustomerMergeMover, MergePair } from '../customers/index.js';
import { addEvent } from './common.js';
import { complaints } from './tables.js';

/*
 * A customer merge moves the merged record's complaints to the survivor, and its undo moves back
 * those still with the survivor (docs/complaints.md, "A customer merge"). The customers module sits
 * below this one: it declares the port (customers/ports.ts, `onCustomerMerge`) and runs this mover
 * in the merge's transaction. Only `customer_id` changes, as intake's rows in the same merge: the
 * complaint is not handled, so its version, deadlines and `updated_at` stay (settlement reads
 * penalties changed since a time by `updated_at`). Each moved complaint gets a timeline row and an
 * audit event naming both records.
 */

async function move(
  tx: DbLike,
  ctx: Ctx,
  rows: { id: string; orgPath: string }[],
  from: MergePair['merged'],
  to: MergePair['survivor'],
  undo: boolean,
): Promise<void> {
  for (const r of rows) {
    await addEvent(
      tx,
      ctx,
      r.id,
      'customer_merged',
      undo
        ? {
            'zh-CN': `客户合并已撤销：投诉回到客户 ${to.code}（原在 ${from.code}）`,
            en: `Customer merge undone: the complaint is back with customer ${to.code} (was with ${from.code})`,
          }
        : {
            'zh-CN': `客户 ${from.code} 已并入 ${to.code}：投诉随之转入`,
            en: `Customer ${from.code} was merged into ${to.code}: the complaint moved with it`,
          },
      { fromCustomerId: from.id, toCustomerId: to.id, undo },
    );
    await appendEvent(tx, ctx, {
      entity: 'complaint',
      entityId: r.id,
      action: undo ? 'complaint.customer_unmerged' : 'complaint.customer_merged',
      before: { customerId: from.id, customer: from.code },
      after: { customerId: to.id, customer: to.code },
      orgPath: r.orgPath,
    });
  }
}

export const complaintsOfMerge: CustomerMergeMover = {
  async moveAll(tx, ctx, pair) {
    const moved = await tx
      .update(complaints)
      .set({ customerId: pair.survivor.id })
      .where(eq(complaints.customerId, pair.merged.id))
      .returning({ id: complaints.id, orgPath: complaints.orgPath });
    moved.sort((a, b) => a.id.localeCompare(b.id));
    await move(tx, ctx, moved, pair.merged, pair.survivor, false);
    return moved.map((r) => r.id);
  },

  async moveBack(tx, ctx, ids, pair) {
    if (!ids.length) return [];
    const moved = await tx
      .update(complaints)
      .set({ customerId: pair.merged.id })
      .where(and(eq(complaints.customerId, pair.survivor.id), inArray(complaints.id, [...ids])))
      .returning({ id: complaints.id, orgPath: complaints.orgPath });
    moved.sort((a, b) => a.id.localeCompare(b.id));
    await move(tx, ctx, moved, pair.survivor, pair.merged, true);
    return moved.map((r) => r.id);
  },
};

import { eq } from 'drizzle-orm';
import type { DbLike } from '../../../db/client.js';
import { hasPermission } from '../../../platform/access/index.js';
import type { Ctx } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { removeUploads, storeUpload, type UploadedPhoto } from '../../intake/index.js';
import { lockOrder, recordHistory } from '../common.js';
import type { PhotoKind } from '../contract.js';
import { OPEN_STATES } from '../rules.js';
import { workOrderPhotos } from '../tables.js';

/**
 * Photos taken on the job. Files are written before the transaction and removed again when it
 * fails (as intake's uploads). Technicians add photos to orders assigned to them; people with
 * orders.dispatch or orders.create to any order of their subtree.
 */
export async function addOrderPhotos(
  ctx: Ctx,
  id: string,
  kind: PhotoKind,
  photos: UploadedPhoto[],
  dataDir: string,
): Promise<string[]> {
  const staff = hasPermission(ctx.actor, 'orders.dispatch') || hasPermission(ctx.actor, 'orders.create');
  if (!staff && !hasPermission(ctx.actor, 'orders.execute'))
    throw new AppError('auth.forbidden', { permission: 'orders.execute' });
  const stored = await Promise.all(photos.map((p) => storeUpload(dataDir, p.bytes, ctx.now)));
  try {
    return await ctx.db.transaction(async (tx) => {
      const order = await lockOrder(tx, ctx, id);
      if (!staff && order.technicianId !== ctx.actor.id) throw new AppError('order.not_assigned');
      if (!OPEN_STATES.includes(order.state) && order.state !== 'completed') {
        throw new AppError('order.transition_forbidden', { state: order.state, action: 'photos' });
      }
      const rows = await tx
        .insert(workOrderPhotos)
        .values(
          photos.map((p, i) => ({
            orderId: id,
            kind,
            fileName: p.fileName,
            mime: p.mime,
            size: stored[i]!.size,
            storageKey: stored[i]!.key,
            sha256: stored[i]!.sha256,
            uploadedBy: ctx.actor.id,
            createdAt: ctx.now,
          })),
        )
        .returning({ id: workOrderPhotos.id });
      await recordHistory(tx, ctx, {
        order,
        action: 'photos_added',
        fromState: order.state,
        toState: order.state,
        data: { kind, photoIds: rows.map((r) => r.id) },
      });
      return rows.map((r) => r.id);
    });
  } catch (err) {
    await removeUploads(
      dataDir,
      stored.map((s) => s.key),
    );
    throw err;
  }
}

/** Photo ids of an order that exist, for the completion's check. */
export async function orderPhotoIds(tx: DbLike, orderId: string): Promise<Set<string>> {
  const rows = await tx
    .select({ id: workOrderPhotos.id })
    .from(workOrderPhotos)
    .where(eq(workOrderPhotos.orderId, orderId));
  return new Set(rows.map((r) => r.id));
}

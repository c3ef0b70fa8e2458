import { eq } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import type { Ctx } from '../../platform/context.js';
import { orgUnits } from '../../platform/identity/tables.js';

/** The level a person acts at (approval of cases depends on it); the system acts as HQ. */
export async function actorLevel(db: DbLike, ctx: Pick<Ctx, 'actor'>): Promise<'hq' | 'center' | 'outlet'> {
  if (ctx.actor.kind === 'system' || !ctx.actor.orgUnitId) return 'hq';
  const [u] = await db.select({ kind: orgUnits.kind }).from(orgUnits).where(eq(orgUnits.id, ctx.actor.orgUnitId));
  return (u?.kind as 'hq' | 'center' | 'outlet') ?? 'outlet';
}

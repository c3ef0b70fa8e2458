import { eq } from 'drizzle-orm';
import { loadActor } from '../platform/auth/actors.js';
import type { Ctx } from '../platform/context.js';
import { users } from '../platform/identity/tables.js';

/**
 * The demo's steps are taken by the demo person who would take them: `as(username, at)` gives a
 * command context acting as that person at that instant, each with a request id of its own
 * (`demo-<prefix>-<n>`). People are looked up by username once each.
 */
export function actingAs(ctx: Ctx, prefix: string): (username: string, at: Date) => Promise<Ctx> {
  const actors = new Map<string, Ctx['actor']>();
  let step = 0;
  return async (username, at) => {
    let actor = actors.get(username);
    if (!actor) {
      const [u] = await ctx.db.select({ id: users.id }).from(users).where(eq(users.username, username));
      const loaded = u ? await loadActor(ctx.db, u.id) : null;
      if (!loaded) throw new Error(`demo: no person ${username}`);
      actor = loaded;
      actors.set(username, actor);
    }
    step += 1;
    return { ...ctx, actor, now: at, requestId: `demo-${prefix}-${step}` };
  };
}

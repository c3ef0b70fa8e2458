import { pathInScope, requirePermission } from '../../../platform/access/index.js';
import type { Ctx } from '../../../platform/context.js';
import { publishLive } from '../../../platform/live/index.js';
import type { CallerIdBody } from '../contract.js';
import { customerIdsByPhone, customersByIds, phoneOrFail } from '../customers-port.js';
import { INTAKE_CHANNEL, type IntakeNotice } from '../live.js';

/**
 * An incoming call reported by the CTI / 400-number system: finds the customers with that number
 * (within the token user's scope) and pushes them to the agent's screen on every instance.
 */
export async function reportIncomingCall(ctx: Ctx, input: CallerIdBody) {
  requirePermission(ctx.actor, 'contacts.create');
  const phone = phoneOrFail(input.phone, 'phone');
  const ids = await customerIdsByPhone(ctx.db, phone, 10);
  const found = (await customersByIds(ctx.db, ids)).filter((c) => pathInScope(ctx.actor, c.orgPath));
  const notice: IntakeNotice = {
    agent: input.agent ?? null,
    scopePath: ctx.actor.orgPath,
    event: {
      type: 'caller-id',
      callId: input.callId ?? null,
      phone,
      at: ctx.now.toISOString(),
      customers: found.map((c) => ({ id: c.id, code: c.code, name: c.name, kind: c.kind, orgPath: c.orgPath })),
    },
  };
  // pg_notify payloads are limited to 8000 bytes; ten short cards stay well below.
  await publishLive(ctx.db, INTAKE_CHANNEL, notice);
  return { phone, customers: found.map((c) => ({ id: c.id, code: c.code, name: c.name })) };
}

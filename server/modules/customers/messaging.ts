import { and, eq, inArray } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import { requirePermission } from '../../platform/access/index.js';
import type { Ctx } from '../../platform/context.js';
import { fieldError } from '../../platform/errors.js';
import {
  customerMessaging,
  maskAddress,
  type MessageChannel,
  type Recipient,
  setCustomerChannels,
  setOptOut,
} from '../../platform/notify/index.js';
import { customerReadable } from './access.js';
import { customerNotFound, phonesOf } from './queries.js';
import { customerPhones, customers } from './tables.js';

/*
 * A customer's messages (docs/messages.md): where messages reach them — mobile phones, e-mail and
 * WeChat — which channels they want, and the opt-outs of their addresses, recorded on their word
 * by an agent. The platform keeps the choices; this module knows the addresses.
 */

/** Where messages to a customer go: first mobile, e-mail, WeChat open id (the one way modules ask). */
export async function messageAddressesOf(db: DbLike, customerId: string): Promise<Recipient> {
  const [c] = await db
    .select({ email: customers.email, wechat: customers.wechatOpenId })
    .from(customers)
    .where(eq(customers.id, customerId));
  if (!c) return { customerId };
  const phones = (await phonesOf(db, [customerId])).get(customerId) ?? [];
  const mobile = phones.find((p) => p.kind === 'mobile');
  return { customerId, phone: mobile?.number ?? null, email: c.email, wechat: c.wechat };
}

/** The message addresses of many customers (a batch of one event: recall outreach), keyed by id; unknown ids are left out. */
export async function messageAddressesOfMany(
  db: DbLike,
  customerIds: readonly string[],
): Promise<Map<string, Recipient>> {
  const out = new Map<string, Recipient>();
  const ids = [...new Set(customerIds)];
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const rows = await db
      .select({ id: customers.id, email: customers.email, wechat: customers.wechatOpenId })
      .from(customers)
      .where(inArray(customers.id, chunk));
    const phones = await phonesOf(db, chunk);
    for (const c of rows) {
      const mobile = phones.get(c.id)?.find((p) => p.kind === 'mobile');
      out.set(c.id, { customerId: c.id, phone: mobile?.number ?? null, email: c.email, wechat: c.wechat });
    }
  }
  return out;
}

async function customerInScope(db: DbLike, ctx: Ctx, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw customerNotFound(ctx);
  const [c] = await db
    .select({ id: customers.id, orgPath: customers.orgPath, email: customers.email, wechat: customers.wechatOpenId })
    .from(customers)
    .where(and(eq(customers.id, id), customerReadable(ctx.actor, customers.id, customers.orgPath)));
  if (!c) throw customerNotFound(ctx);
  const phones = await db
    .select({ number: customerPhones.number })
    .from(customerPhones)
    .where(and(eq(customerPhones.customerId, id), eq(customerPhones.kind, 'mobile')));
  return { ...c, mobiles: phones.map((p) => p.number) };
}

/** The customer's addresses in a fixed order: `ref` in a change is the position in this list. */
const addressList = (c: { mobiles: string[]; email: string | null; wechat: string | null }) => [
  ...c.mobiles.map((a) => ({ channel: 'sms' as const, address: a })),
  ...(c.email ? [{ channel: 'email' as const, address: c.email }] : []),
  ...(c.wechat ? [{ channel: 'wechat' as const, address: c.wechat }] : []),
];

/** The customer's addresses per channel, each with its opt-out, and their chosen channels. */
export async function getCustomerMessaging(ctx: Ctx, id: string) {
  requirePermission(ctx.actor, 'customers.read');
  const c = await customerInScope(ctx.db, ctx, id);
  const m = await customerMessaging(ctx.db, id, {
    phones: c.mobiles,
    emails: c.email ? [c.email] : [],
    wechat: c.wechat ? [c.wechat] : [],
  });
  const list = addressList(c);
  return {
    customerId: id,
    channels: m.channels,
    addresses: list.map((a, ref) => {
      const o = m.optOuts.find((x) => x.channel === a.channel && x.address === a.address);
      return {
        ref,
        channel: a.channel,
        address: maskAddress(a.channel, a.address),
        optedOut: !!o,
        source: o?.source ?? null,
        at: o?.at ?? null,
        note: o?.note ?? null,
      };
    }),
  };
}

/** The channels the customer wants (null: every enabled one), on their word. */
export async function changeCustomerChannels(
  ctx: Ctx,
  id: string,
  body: { channels: MessageChannel[] | null; note?: string },
) {
  requirePermission(ctx.actor, 'customers.manage');
  await ctx.db.transaction(async (tx) => {
    const c = await customerInScope(tx, ctx, id);
    await setCustomerChannels(tx, ctx, id, body.channels?.length ? body.channels : null, body.note ?? null, c.orgPath);
  });
  return getCustomerMessaging(ctx, id);
}

/** Stop (or restart) messages to one of the customer's addresses, on their word. */
export async function changeCustomerOptOut(
  ctx: Ctx,
  id: string,
  body: { ref: number; optedOut: boolean; note?: string },
) {
  requirePermission(ctx.actor, 'customers.manage');
  await ctx.db.transaction(async (tx) => {
    const c = await customerInScope(tx, ctx, id);
    const list = addressList(c);
    const target = list[body.ref];
    if (!target) throw fieldError('ref', 'validation.failed');
    await setOptOut(tx, ctx, { ...target, optedOut: body.optedOut, source: 'agent', note: body.note ?? null });
  });
  return getCustomerMessaging(ctx, id);
}

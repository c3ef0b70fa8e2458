import { and, desc, eq, inArray } from 'drizzle-orm';
import { localDay } from '../../../shared/time-zone.js';
import { requirePermission, withinScope } from '../../platform/access/index.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { contactLens, customerAddresses, customers } from '../customers/index.js';
import { workOrders } from '../work-orders/index.js';
import type { MyRoute } from './contract.js';
import { planningPlans } from './tables.js';

/*
 * The signed-in technician's route of a day (today in the company's zone by default) from the
 * day's published plan, stops in order, with the orders' codes, states and addresses as the order
 * page shows them to its technician (the assigned technician sees the address whole).
 */

/** GET /api/planning/my-route */
export async function myRoute(ctx: Ctx, q: { day?: string }): Promise<MyRoute> {
  requirePermission(ctx.actor, 'orders.execute');
  const timeZone = await getSetting(ctx.db, 'company.timeZone', ctx.now);
  const day = q.day ?? localDay(ctx.now, timeZone);
  const plans = await ctx.db
    .select()
    .from(planningPlans)
    .where(
      and(
        eq(planningPlans.day, day),
        eq(planningPlans.state, 'published'),
        withinScope(ctx.actor, planningPlans.orgPath),
      ),
    )
    .orderBy(desc(planningPlans.publishedAt));
  const plan = plans.find((p) => p.plan.routes.some((r) => r.technicianId === ctx.actor.id && r.stops.length > 0));
  const route = plan?.plan.routes.find((r) => r.technicianId === ctx.actor.id);
  if (!plan || !route) {
    return { day, planId: null, publishedAt: null, departure: null, break: null, stops: [] };
  }
  const ids = route.stops.map((s) => s.orderId);
  const orders = await ctx.db
    .select({
      id: workOrders.id,
      code: workOrders.code,
      state: workOrders.state,
      serviceType: workOrders.serviceType,
      customerId: workOrders.customerId,
      addressId: workOrders.addressId,
    })
    .from(workOrders)
    .where(inArray(workOrders.id, ids));
  const byId = new Map(orders.map((o) => [o.id, o]));
  const customerIds = [...new Set(orders.map((o) => o.customerId))];
  const names = customerIds.length
    ? await ctx.db
        .select({ id: customers.id, name: customers.name })
        .from(customers)
        .where(inArray(customers.id, customerIds))
    : [];
  const addressIds = orders.map((o) => o.addressId).filter((a): a is string => !!a);
  const addresses = addressIds.length
    ? await ctx.db.select().from(customerAddresses).where(inArray(customerAddresses.id, addressIds))
    : [];
  const lens = await contactLens(ctx.db, ctx, customerIds);
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  const addressOf = new Map(addresses.map((a) => [a.id, a]));
  return {
    day,
    planId: plan.id,
    publishedAt: plan.publishedAt ? plan.publishedAt.toISOString() : null,
    departure: route.departure,
    break: route.break,
    stops: route.stops.flatMap((s) => {
      const o = byId.get(s.orderId);
      if (!o) return [];
      const a = o.addressId ? addressOf.get(o.addressId) : undefined;
      return [
        {
          orderId: o.id,
          code: o.code,
          state: o.state,
          start: s.start,
          end: s.end,
          customerName: nameOf.get(o.customerId) ?? '',
          address: a ? lens(o.customerId).addressText(a) : '',
          location: a && a.lat !== null && a.lng !== null ? { lat: a.lat, lng: a.lng } : null,
          serviceType: o.serviceType,
          travelMinutes: s.travelMinutes,
        },
      ];
    }),
  };
}

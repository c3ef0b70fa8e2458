import { and, eq, inArray, lte } from 'drizzle-orm';
import { localDay } from '../../../shared/time-zone.js';
import type { DbLike } from '../../db/client.js';
import { getSetting } from '../../platform/config/index.js';
import { systemCtx } from '../../platform/context.js';
import { appendEvent } from '../../platform/events/index.js';
import {
  type MessageParams,
  prepareSender,
  type Recipient as Addresses,
  type Sender,
} from '../../platform/notify/index.js';
import { customers, messageAddressesOf } from '../customers/index.js';
import { warrantyEndsOf } from '../warranty/index.js';
import { loadFacts, loadUnits, maintenanceItem, type UnitRow } from './facts.js';
import { remindNow } from './rules.js';
import { careOfferEvents, careOffers, careReminders, careSweeps, type ReminderKind } from './tables.js';

/*
 * Reminders on the SLA scheduler's loop (sla/scheduler.ts, onSchedulerTick). Due dates are
 * computed, not stored, so there are no due rows to claim; instead one sweep row is claimed with
 * FOR UPDATE SKIP LOCKED when its time has come (every SWEEP_MINUTES): the instance that holds it
 * computes every unit's next maintenance date and warranty end, and for each within its lead
 * writes a `care_reminders` row keyed by kind, unit and date — ON CONFLICT DO NOTHING — and sends
 * the message ('care.maintenance', 'care.warranty_expiry') only when its row was new. Each reminder
 * is sent once however many instances run and however often the sweep runs; a later date (the next
 * cycle, a new warranty end) is a new key.
 */

export const SWEEP = 'reminders';
export const SWEEP_MINUTES = 10;

interface Recipient {
  consent: boolean;
  /** The customer's message addresses; null without consent (nothing is sent). */
  to: Addresses | null;
}

async function recipientOf(tx: DbLike, customerId: string, cache: Map<string, Recipient>): Promise<Recipient> {
  const hit = cache.get(customerId);
  if (hit) return hit;
  const [c] = await tx
    .select({ consent: customers.consentMessages })
    .from(customers)
    .where(eq(customers.id, customerId));
  const r = {
    consent: c?.consent ?? false,
    to: c?.consent ? await messageAddressesOf(tx, customerId) : null,
  };
  cache.set(customerId, r);
  return r;
}

/** Claims the sweep when due; answers whether this call may sweep. */
async function claimSweep(tx: DbLike, now: Date, force: boolean): Promise<boolean> {
  await tx.insert(careSweeps).values({ name: SWEEP, nextRunAt: now }).onConflictDoNothing();
  const [row] = await tx
    .select()
    .from(careSweeps)
    .where(force ? eq(careSweeps.name, SWEEP) : and(eq(careSweeps.name, SWEEP), lte(careSweeps.nextRunAt, now)))
    .for('update', { skipLocked: true });
  if (!row) return false;
  await tx
    .update(careSweeps)
    .set({ nextRunAt: new Date(now.getTime() + SWEEP_MINUTES * 60_000), lastRunAt: now })
    .where(eq(careSweeps.name, SWEEP));
  return true;
}

/**
 * One sweep: maintenance reminders for units whose next date is within `care.maintenanceLeadDays`
 * (today included, not yet passed), warranty-expiry reminders with the extended-warranty offer for
 * units whose warranty ends within `care.warrantyExpiryLeadDays`. Answers how many reminders were
 * recorded. `force` sweeps even before the sweep's time (tests, the demo loader).
 */
export async function fireCareReminders(db: DbLike, now: Date, opts: { force?: boolean } = {}): Promise<number> {
  return db.transaction(async (tx) => {
    if (!(await claimSweep(tx, now, opts.force ?? false))) return 0;
    const ctx = systemCtx(tx as never, { name: 'care-reminders', now });
    const zone = await getSetting(tx, 'company.timeZone', now);
    const today = localDay(now, zone);
    const lead = await getSetting(tx, 'care.maintenanceLeadDays', now);
    const expiryLead = await getSetting(tx, 'care.warrantyExpiryLeadDays', now);
    const rows = await loadUnits(tx, null, { activeOnly: true });
    const facts = await loadFacts(tx, rows, zone);
    const cache = new Map<string, Recipient>();
    let fired = 0;

    // One sender per event for the whole sweep: templates and settings read once.
    const senders: Partial<Record<ReminderKind, Sender>> = {};
    const senderOf = async (kind: ReminderKind) =>
      (senders[kind] ??= await prepareSender(
        tx,
        kind === 'maintenance' ? 'care.maintenance' : 'care.warranty_expiry',
        now,
      ));

    const remind = async (kind: ReminderKind, u: UnitRow, dueOn: string, params: MessageParams) => {
      const [rec] = await tx
        .insert(careReminders)
        .values({ kind, unitId: u.id, dueOn, customerId: u.customerId, orgPath: u.orgPath, at: now })
        .onConflictDoNothing()
        .returning({ id: careReminders.id });
      if (!rec) return null;
      const who = await recipientOf(tx, u.customerId, cache);
      let outboxId: string | null = null;
      let skipped: 'no_consent' | 'no_mobile' | null = null;
      if (!who.consent || !who.to) skipped = 'no_consent';
      else {
        // Marketing: the consent above is the caller's check; the sender honours opt-outs and quiet hours.
        const queued = await (await senderOf(kind)).send(
          who.to,
          { customerName: u.customerName, ...params },
          { orgPath: u.orgPath },
        );
        outboxId = queued[0]?.id ?? null;
        // The reminders are text messages: nothing queued for a customer without a mobile.
        if (!queued.length && !who.to.phone) skipped = 'no_mobile';
      }
      await tx.update(careReminders).set({ outboxId, skipped }).where(eq(careReminders.id, rec.id));
      await appendEvent(tx, ctx, {
        entity: 'unit',
        entityId: u.id,
        action: `care.${kind}_reminder`,
        after: { dueOn, sent: outboxId !== null, skipped },
        orgPath: u.orgPath,
      });
      fired += 1;
      return { outboxId, skipped };
    };

    for (const u of rows) {
      const item = maintenanceItem(u, facts, today, lead);
      if (!item.nextOn || item.openOrder || !remindNow(item.nextOn, today, lead)) continue;
      await remind('maintenance', u, item.nextOn, { serialNo: u.serialNo, model: u.modelName, dueOn: item.nextOn });
    }

    const ends = await warrantyEndsOf(
      tx,
      rows.map((r) => r.id),
      now,
    );
    for (const u of rows) {
      const end = ends.get(u.id)?.endsOn ?? null;
      if (!end || !remindNow(end, today, expiryLead)) continue;
      const sent = await remind('warranty_expiry', u, end, { serialNo: u.serialNo, model: u.modelName, dueOn: end });
      if (!sent) continue;
      // The offer the reminder opens (the agents' list records the customer's answer on it).
      const [offer] = await tx
        .insert(careOffers)
        .values({
          unitId: u.id,
          customerId: u.customerId,
          warrantyEndsOn: end,
          state: 'open',
          remindedAt: sent.outboxId ? now : null,
          orgPath: u.orgPath,
          version: 1,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: careOffers.id });
      if (offer)
        await tx.insert(careOfferEvents).values({
          offerId: offer.id,
          kind: 'reminder',
          response: null,
          note: null,
          actorId: null,
          actorName: ctx.actor.displayName,
          at: now,
          text: sent.outboxId
            ? {
                'zh-CN': '已发送保修到期提醒短信（含延保推荐）',
                en: 'Warranty-expiry SMS sent with the extended-warranty offer',
              }
            : sent.skipped === 'no_consent'
              ? {
                  'zh-CN': '客户未同意接收短信，未发送提醒',
                  en: 'The customer has not agreed to messages: no SMS sent',
                }
              : { 'zh-CN': '客户没有手机号，未发送提醒', en: 'The customer has no mobile number: no SMS sent' },
          data: { skipped: sent.skipped },
        });
    }
    return fired;
  });
}

/** The reminders recorded for these units (the unit page and the tests read them). */
export async function remindersOf(db: DbLike, unitIds: string[]) {
  if (!unitIds.length) return [];
  return db.select().from(careReminders).where(inArray(careReminders.unitId, unitIds));
}

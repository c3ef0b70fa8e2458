import { eq, or, sql } from 'drizzle-orm';
import type { Text } from '../../../shared/i18n.js';
import { compactDay } from '../../../shared/time-zone.js';
import type { DbLike } from '../../db/client.js';
import { rowsOf } from '../../db/rows.js';
import { type Actor, pathInScope, withinScope } from '../../platform/access/index.js';
import { getSetting } from '../../platform/config/index.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { diffFields, type EventInput, events } from '../../platform/events/index.js';
import { assertVersion, recordNotFound } from '../../platform/records.js';
import { workOrders } from '../work-orders/index.js';
import type { CampaignAction, RecallUnitAction } from './contract.js';
import {
  CAMPAIGN_ACTION_NAMES,
  CAMPAIGN_STATE_NAMES,
  campaignAllows,
  campaignCode,
  UNIT_ACTION_NAMES,
  UNIT_STATE_NAMES,
  unitAllows,
} from './rules.js';
import { recallCampaigns, recallEvents, recallUnits } from './tables.js';

export type CampaignRow = typeof recallCampaigns.$inferSelect;
export type RecallUnitRow = typeof recallUnits.$inferSelect;

export const actorName = (ctx: Pick<Ctx, 'actor'>) => ctx.actor.displayName || ctx.actor.username;

/** The company's time zone in force at `at`. */
export const zoneAt = (db: DbLike, at: Date) => getSetting(db, 'company.timeZone', at);

export async function nextCode(tx: DbLike, now: Date): Promise<string> {
  const zone = await zoneAt(tx, now);
  const [r] = rowsOf<{ n: string }>(await tx.execute(sql`select nextval('recall_code_seq')::text as n`));
  return campaignCode(compactDay(now, zone), Number(r!.n));
}

/** The records' names in refusals (entity.not_found). */
export const CAMPAIGN: Text = { 'zh-CN': '召回活动', en: 'Recall campaign' };
export const RECALL_UNIT: Text = { 'zh-CN': '召回产品', en: 'Recall unit' };

/**
 * WHERE fragment: the unit rows the actor reads — those of the center whose area holds the unit
 * (a center its province's, HQ all), and those whose recall order the actor's unit holds (an
 * outlet its own orders').
 */
export function unitReadable(actor: Actor) {
  return or(
    withinScope(actor, recallUnits.orgPath),
    sql`${recallUnits.orderId} in (select ${workOrders.id} from ${workOrders} where ${withinScope(actor, workOrders.orgPath)})`,
  )!;
}

/** Whether the actor works the unit (the center's or HQ's people), not merely reads it. */
export const worksUnit = (actor: Actor, u: Pick<RecallUnitRow, 'orgPath'>) => pathInScope(actor, u.orgPath);

/** Whether the actor may change the campaign (the defining unit's subtree). */
export const managesCampaign = (actor: Actor, c: Pick<CampaignRow, 'orgPath'>) => pathInScope(actor, c.orgPath);

/** Loads a campaign for a command: locked, in the manager's scope (else not found), at the version given. */
export async function lockCampaign(tx: DbLike, ctx: Ctx, id: string, version?: number): Promise<CampaignRow> {
  const [row] = await tx.select().from(recallCampaigns).where(eq(recallCampaigns.id, id)).for('update');
  if (!row || !managesCampaign(ctx.actor, row)) throw recordNotFound(ctx.lang, CAMPAIGN);
  if (version !== undefined)
    await assertVersion(
      tx,
      ctx,
      { entity: 'recall_campaign', entityId: row.id, version: row.version, updatedAt: row.updatedAt },
      version,
    );
  return row;
}

/** Loads a unit row for a command: locked, worked by the actor (else not found), at the version given. */
export async function lockUnit(tx: DbLike, ctx: Ctx, id: string, version: number): Promise<RecallUnitRow> {
  const [row] = await tx.select().from(recallUnits).where(eq(recallUnits.id, id)).for('update');
  if (!row || !worksUnit(ctx.actor, row)) throw recordNotFound(ctx.lang, RECALL_UNIT);
  await assertVersion(
    tx,
    ctx,
    { entity: 'recall_unit', entityId: row.id, version: row.version, updatedAt: row.updatedAt },
    version,
  );
  return row;
}

export function assertCampaignAllows(c: CampaignRow, action: CampaignAction): void {
  if (!campaignAllows(c.state, action))
    throw new AppError('recall.wrong_state', {
      code: c.code,
      stateZh: CAMPAIGN_STATE_NAMES[c.state]['zh-CN'],
      actionZh: CAMPAIGN_ACTION_NAMES[action]['zh-CN'],
      state: CAMPAIGN_STATE_NAMES[c.state].en,
      action: CAMPAIGN_ACTION_NAMES[action].en,
    });
}

export function assertUnitAllows(c: CampaignRow, u: RecallUnitRow, action: RecallUnitAction): void {
  if (c.state !== 'active')
    // "Campaign RC… is closed: it cannot be booked" — a unit is worked only while its campaign is active.
    throw new AppError('recall.wrong_state', {
      code: c.code,
      stateZh: CAMPAIGN_STATE_NAMES[c.state]['zh-CN'],
      actionZh: UNIT_ACTION_NAMES[action]['zh-CN'],
      state: CAMPAIGN_STATE_NAMES[c.state].en,
      action: UNIT_ACTION_NAMES[action].en,
    });
  if (!unitAllows(c.state, u.state, action))
    throw new AppError('recall.unit_wrong_state', {
      code: c.code,
      serial: u.serialNo,
      stateZh: UNIT_STATE_NAMES[u.state]['zh-CN'],
      actionZh: UNIT_ACTION_NAMES[action]['zh-CN'],
      state: UNIT_STATE_NAMES[u.state].en,
      action: UNIT_ACTION_NAMES[action].en,
    });
}

/** Timeline rows of a campaign (its own steps, unit null, or its units'), in the command's transaction. */
export async function addEvents(
  tx: DbLike,
  ctx: Pick<Ctx, 'actor' | 'now'>,
  rows: readonly {
    campaignId: string;
    recallUnitId?: string | null;
    kind: string;
    text: Text;
    data?: Record<string, unknown>;
  }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500)
    await tx.insert(recallEvents).values(
      rows.slice(i, i + 500).map((r) => ({
        campaignId: r.campaignId,
        recallUnitId: r.recallUnitId ?? null,
        kind: r.kind,
        actorId: ctx.actor.id,
        actorName: actorName(ctx),
        at: ctx.now,
        text: r.text,
        data: r.data ?? {},
      })),
    );
}

/** Audit events for many records of one command, written as `appendEvent` writes one (batched). */
export async function appendEvents(
  tx: DbLike,
  ctx: Pick<Ctx, 'actor' | 'now' | 'requestId'>,
  inputs: readonly EventInput[],
): Promise<void> {
  for (let i = 0; i < inputs.length; i += 500)
    await tx.insert(events).values(
      inputs.slice(i, i + 500).map((e) => ({
        at: ctx.now,
        actorId: ctx.actor.id,
        actorName: actorName(ctx),
        entity: e.entity,
        entityId: e.entityId,
        action: e.action,
        changes: diffFields(e.before, e.after),
        reason: e.reason ?? null,
        requestId: ctx.requestId ?? null,
        orgPath: e.orgPath ?? null,
      })),
    );
}

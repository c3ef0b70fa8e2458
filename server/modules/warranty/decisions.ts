import { asc, desc, eq, sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import { rowsOfIds } from '../../db/arrays.js';
import { rowsOf } from '../../db/rows.js';
import type { Ctx } from '../../platform/context.js';
import type { Coverage, DayCounting, Exclusion, PolicyRef, WarrantyDecision } from './contract.js';
import { warrantyDecisions } from './tables.js';

/*
 * Decisions are stored, never recomputed: each row keeps the policy version, rule and reasons it
 * was made with, so a later policy version never rewrites who paid for past work.
 */

type DecisionRow = typeof warrantyDecisions.$inferSelect;

export interface DecisionInput {
  orderId?: string | null;
  caseId?: string | null;
  unitId: string;
  orgPath: string;
  coverage: Coverage;
  policy: PolicyRef | null;
  exclusion: Exclusion | null;
  /** The convention the coverage was computed under (Entitlement.dayCounting). */
  dayCounting: DayCounting;
}

/** Writes one decision in the caller's transaction. */
export async function recordWarrantyDecision(tx: DbLike, ctx: Ctx, input: DecisionInput): Promise<WarrantyDecision> {
  const c = input.coverage;
  const [row] = await tx
    .insert(warrantyDecisions)
    .values({
      orderId: input.orderId ?? null,
      caseId: input.caseId ?? null,
      unitId: input.unitId,
      subject: c.subject,
      partId: c.partId,
      partCode: c.partCode,
      partName: c.partName,
      covered: c.covered,
      rule: c.rule,
      policyId: input.policy?.id ?? null,
      policyCode: input.policy?.code ?? null,
      policyVersion: input.policy?.version ?? null,
      contractId: c.contractId,
      until: c.until,
      labour: c.labour,
      parts: c.parts,
      reasons: c.reasons,
      exclusion: input.exclusion,
      dayCounting: input.dayCounting,
      orgPath: input.orgPath,
      decidedAt: ctx.now,
      decidedBy: ctx.actor.id,
      decidedByName: ctx.actor.displayName,
    })
    .returning();
  return decisionView(row!);
}

export function decisionView(r: DecisionRow): WarrantyDecision {
  return {
    id: r.id,
    orderId: r.orderId,
    caseId: r.caseId,
    unitId: r.unitId,
    subject: r.subject,
    partId: r.partId,
    partCode: r.partCode,
    partName: r.partName,
    covered: r.covered,
    rule: r.rule,
    policyId: r.policyId,
    policyCode: r.policyCode,
    policyVersion: r.policyVersion,
    contractId: r.contractId,
    until: r.until,
    labour: r.labour,
    parts: r.parts,
    reasons: r.reasons,
    exclusion: r.exclusion ?? null,
    dayCounting: r.dayCounting,
    decidedAt: r.decidedAt.toISOString(),
    decidedBy: r.decidedBy,
    decidedByName: r.decidedByName,
  };
}

/** The decisions of one order, oldest first (no scope check: the caller checked the order). */
export async function decisionsOfOrder(db: DbLike, orderId: string): Promise<WarrantyDecision[]> {
  const rows = await db
    .select()
    .from(warrantyDecisions)
    .where(eq(warrantyDecisions.orderId, orderId))
    .orderBy(asc(warrantyDecisions.decidedAt), desc(warrantyDecisions.subject), asc(warrantyDecisions.partCode));
  return rows.map(decisionView);
}

export async function decisionsOfUnit(db: DbLike, unitId: string): Promise<WarrantyDecision[]> {
  const rows = await db
    .select()
    .from(warrantyDecisions)
    .where(eq(warrantyDecisions.unitId, unitId))
    .orderBy(desc(warrantyDecisions.decidedAt));
  return rows.map(decisionView);
}

/**
 * Who pays the labour of each order, by the order's stored unit decision (the latest when there
 * are several), for many orders in one read (the monthly settlement: the company pays an outlet's
 * service fee for warranty work only). Orders without a unit decision are absent.
 */
export async function labourPayersOfOrders(
  db: DbLike,
  orderIds: readonly string[],
): Promise<Map<string, { labour: DecisionRow['labour']; parts: DecisionRow['parts']; rule: DecisionRow['rule'] }>> {
  const out = new Map<
    string,
    { labour: DecisionRow['labour']; parts: DecisionRow['parts']; rule: DecisionRow['rule'] }
  >();
  if (!orderIds.length) return out;
  // One JSON document of positional rows: settlement asks this of a month's million orders. One
  // index probe per order (`rowsOfIds`).
  type Cells = [string, DecisionRow['labour'], DecisionRow['parts'], DecisionRow['rule']];
  const [res] = rowsOf<{ rows: Cells[] }>(
    await db.execute(sql`
      select coalesce(json_agg(json_build_array(d.order_id, d.labour, d.parts, d.rule) order by d.decided_at), '[]') as rows
      from ${rowsOfIds(orderIds, warrantyDecisions, warrantyDecisions.orderId, 'd', sql`${warrantyDecisions.subject} = 'unit'`)}`),
  );
  for (const r of res?.rows ?? []) out.set(r[0], { labour: r[1], parts: r[2], rule: r[3] });
  return out;
}

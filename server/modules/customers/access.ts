import { and, isNull, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { DbLike } from '../../db/client.js';
import { type Actor, withinScope } from '../../platform/access/index.js';
import { customerGrants, customers } from './tables.js';

/*
 * Who may read a customer (and their units): the area rule — the customer's responsible unit
 * lies in the reader's subtree — or a live grant to the reader's subtree, given by the unit
 * serving one of the customer's orders (DOMAIN.md, Privacy; docs/architecture.md, "Customers are
 * scoped by area"). Writes to the archive keep the area rule alone: the serving outlet reads the
 * customer to do the job, the area keeps the archive.
 */

/** HQ (a one-segment path) sees every customer; the grant subquery would only cost it time. */
function seesAll(actor: Actor): boolean {
  return actor.kind === 'system' || actor.orgPath.split('/').filter(Boolean).length <= 1;
}

/** Customer ids granted to the actor's subtree; a hashed subplan, computed once per query. */
function grantedIds(actor: Actor): SQL {
  return sql`(select ${customerGrants.customerId} from ${customerGrants} where ${customerGrants.revokedAt} is null and ${withinScope(actor, customerGrants.orgPath)})`;
}

/** WHERE fragment: the customer row (id and org path columns) is readable by the actor. */
export function customerReadable(actor: Actor, idColumn: SQLWrapper, pathColumn: SQLWrapper): SQL {
  if (seesAll(actor)) return withinScope(actor, pathColumn);
  return sql`(${withinScope(actor, pathColumn)} or ${idColumn} in ${grantedIds(actor)})`;
}

/** WHERE fragment: a unit (its org path and owner) is readable by the actor. */
export function unitReadable(actor: Actor, ownerColumn: SQLWrapper, pathColumn: SQLWrapper): SQL {
  return customerReadable(actor, ownerColumn, pathColumn);
}

/**
 * WHERE fragment for a search: `idColumn` is one of the readable customers matching `match`
 * (a condition on the `customers` table's own columns). The area and the grants are separate
 * arms of a union so each is answered by its index — (name, org_path) for the area — because
 * PostgreSQL will not split `match and (area or grant)` into index arms by itself.
 */
export function readableMatching(actor: Actor, idColumn: SQLWrapper, match: SQL): SQL {
  if (seesAll(actor)) return match;
  return sql`${idColumn} in (select ${customers.id} from ${customers} where ${match} and ${withinScope(actor, customers.orgPath)}
    union all select ${customers.id} from ${customerGrants} join ${customers} on ${customers.id} = ${customerGrants.customerId}
      where ${customerGrants.revokedAt} is null and ${withinScope(actor, customerGrants.orgPath)} and ${match})`;
}

export interface CustomerGrant {
  customerId: string;
  /** The unit that serves, by its materialised path. */
  orgPath: string;
  sourceEntity: string;
  sourceId: string;
  at: Date;
}

/** Gives a unit read access to a customer while it serves them; idempotent (a re-grant revives it). */
export async function grantCustomerAccess(tx: DbLike, g: CustomerGrant): Promise<void> {
  await tx
    .insert(customerGrants)
    .values({
      customerId: g.customerId,
      orgPath: g.orgPath,
      sourceEntity: g.sourceEntity,
      sourceId: g.sourceId,
      grantedAt: g.at,
    })
    .onConflictDoUpdate({
      target: [customerGrants.sourceEntity, customerGrants.sourceId, customerGrants.orgPath, customerGrants.customerId],
      set: { revokedAt: null, grantedAt: g.at },
    });
}

/**
 * Ends the access a source gave (all its units, or the one at `orgPath`): the order left that
 * unit. The row stays as the record of who could read the customer when.
 */
export async function revokeCustomerAccess(
  tx: DbLike,
  r: { sourceEntity: string; sourceId: string; orgPath?: string; at: Date },
): Promise<void> {
  await tx
    .update(customerGrants)
    .set({ revokedAt: r.at })
    .where(
      and(
        sql`${customerGrants.sourceEntity} = ${r.sourceEntity}`,
        sql`${customerGrants.sourceId} = ${r.sourceId}`,
        r.orgPath ? sql`${customerGrants.orgPath} = ${r.orgPath}` : undefined,
        isNull(customerGrants.revokedAt),
      ),
    );
}

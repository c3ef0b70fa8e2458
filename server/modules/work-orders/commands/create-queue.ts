import type { Db } from '../../../db/client.js';
import { requirePermission } from '../../../platform/access/index.js';
import type { Ctx } from '../../../platform/context.js';
import type { OrderCreate, OrderDetail, Suggestion } from '../contract.js';
import { type CreationOutcome, createdAnswer, createOrders } from './create.js';

/*
 * Creations asked for over HTTP are gathered into groups (group commit): requests that arrive
 * while a group is being written wait and are then created together by the one pipeline
 * (create.ts), one read of their facts, one counter bump for their numbers, one statement and
 * one commit for the lot. A lone request is a group of one and is written at once.
 *
 * A group passes two stages: reading (its facts and numbers) and writing. A group is formed only
 * when no other group is waiting to write: then it reads while the group before it writes, and
 * the requests that come meanwhile gather into the next one. Under load groups stay large and
 * the database is not left idle between them.
 *
 * When a group's write fails (nothing of it was written), each of its members is created again
 * alone, so that one member's problem (a request converted meanwhile, say) is its own error and
 * not its neighbours'. A member whose idempotency key was claimed meanwhile runs again and
 * answers the first order.
 */

export type CreateResult =
  | { kind: 'created'; id: string; detail: OrderDetail & { suggestion: Suggestion } }
  | { kind: 'replayed'; id: string };

interface Member {
  ctx: Ctx;
  body: OrderCreate;
  key: string | null;
  /** Created alone after its group failed. */
  alone: boolean;
  rounds: number;
  done: (r: CreateResult) => void;
  fail: (e: unknown) => void;
}

const MAX_GROUP = 64;
/** A member runs again at most this often (its key claimed meanwhile by a twin). */
const MAX_ROUNDS = 3;

/** How grouping has fared on this instance (the benchmark reports it). */
export interface GroupStats {
  groups: number;
  members: number;
  /** Members created again alone after their group's write failed. */
  alone: number;
}

class CreateGroups {
  private queue: Member[] = [];
  /** A group formed and not yet writing (reading, or waiting for its turn). */
  private ahead = false;
  private forming = false;
  private writes: Promise<unknown> = Promise.resolve();
  readonly stats: GroupStats = { groups: 0, members: 0, alone: 0 };

  constructor(private readonly db: Db) {}

  submit(m: Member): void {
    this.queue.push(m);
    this.pump();
  }

  private pump(): void {
    if (this.ahead || this.forming || this.queue.length === 0) return;
    // Form the group on the next turn of the event loop, after the requests already received
    // are parsed: with PGlite the database runs on this thread, so requests pile up unparsed
    // while it works, and would otherwise each make a group of one.
    this.forming = true;
    setImmediate(() => {
      this.forming = false;
      this.form();
    });
  }

  private form(): void {
    if (this.ahead || this.queue.length === 0) return;
    // A member to be created alone goes in a group of its own.
    let n = 1;
    if (!this.queue[0]!.alone) while (n < this.queue.length && n < MAX_GROUP && !this.queue[n]!.alone) n += 1;
    const group = this.queue.splice(0, n);
    this.stats.groups += 1;
    this.stats.members += group.length;
    this.ahead = true;
    let moved = false;
    // The group starts writing (or ends without a write): the next one may form.
    const onward = () => {
      if (moved) return;
      moved = true;
      this.ahead = false;
      this.pump();
    };
    void this.run(group, onward).finally(onward);
  }

  private async run(group: Member[], onward: () => void): Promise<void> {
    let outcomes: CreationOutcome[];
    try {
      outcomes = await createOrders(
        this.db,
        group.map((m) => ({ ctx: m.ctx, body: m.body, key: m.key })),
        (write) => {
          const turn = this.writes.then(() => {
            onward();
            return this.db.transaction((tx) => write(tx));
          });
          this.writes = turn.catch(() => {});
          return turn;
        },
      );
    } catch (err) {
      if (group.length === 1) {
        group[0]!.fail(err);
        return;
      }
      this.stats.alone += group.length;
      for (const m of group) this.submit({ ...m, alone: true });
      return;
    }
    for (const [i, o] of outcomes.entries()) {
      const m = group[i]!;
      // Written and committed: from here a failure is this member's error, never a second try.
      try {
        if (o.kind === 'created')
          m.done({ kind: 'created', id: o.created.order.id, detail: createdAnswer(m.ctx, o.created) });
        else if (o.kind === 'replayed') m.done({ kind: 'replayed', id: o.orderId });
        else if (o.kind === 'refused') m.fail(o.error);
        else if (m.rounds + 1 >= MAX_ROUNDS) m.fail(new Error('order creation: idempotency key still contended'));
        else this.submit({ ...m, rounds: m.rounds + 1 });
      } catch (err) {
        m.fail(err);
      }
    }
  }
}

const groups = new WeakMap<Db, CreateGroups>();

/**
 * Creates an order from a service request or directly, through the instance's groups. With an
 * idempotency key, the same key of the same person answers the first order again (`replayed`);
 * the same key with another body is refused. Several instances each group their own requests.
 */
export function createOrder(ctx: Ctx, body: OrderCreate, key: string | null): Promise<CreateResult> {
  requirePermission(ctx.actor, 'orders.create');
  let g = groups.get(ctx.db);
  if (!g) {
    g = new CreateGroups(ctx.db);
    groups.set(ctx.db, g);
  }
  const q = g;
  return new Promise((done, fail) => q.submit({ ctx, body, key, alone: false, rounds: 0, done, fail }));
}

/** The grouping figures for this database on this instance (zeros before its first creation). */
export function orderGroupStats(db: Db): GroupStats {
  return { ...(groups.get(db)?.stats ?? { groups: 0, members: 0, alone: 0 }) };
}

import type { ErrorCode } from '../../../shared/errors.js';
import type { MOVEMENT_KINDS, SERIAL_STATES, STOCK_GRADES } from './tables.js';

/*
 * The pure rules of the stock ledger (docs/parts.md): what each kind of movement does to the
 * balances and to the serials it carries, and the order balance rows are locked in.
 */

export type MovementKind = (typeof MOVEMENT_KINDS)[number];
export type StockGrade = (typeof STOCK_GRADES)[number];
export type SerialState = (typeof SERIAL_STATES)[number];

/** The largest quantity one movement may carry. */
export const MAX_MOVE_QUANTITY = 1_000_000;

/** One movement as callers post it (`postMovements`). */
export interface MovementInput {
  kind: MovementKind;
  depotId: string;
  partId: string;
  /** Default 'good'; 'defective' for old_part_return. */
  grade?: StockGrade;
  /** A count (> 0); for `adjust` a signed non-zero change of on_hand. */
  quantity: number;
  /** Serial-tracked parts: exactly |quantity| distinct serials. Others: none. */
  serials?: string[];
  /** transfer_out: where the parts go (they are in transit there until transfer_in). */
  toDepotId?: string;
  /** transfer_in: where they came from (recorded only). */
  fromDepotId?: string;
  /** issue, consume and return_unused need it; any other kind may carry it. */
  orderId?: string | null;
  /** issue: take parts reserved earlier (reserved −n as well as on_hand −n). */
  fromReserved?: boolean;
  /** consume: parts used straight from the depot's stock (a van), not ones issued to the order before. */
  fromStock?: boolean;
  /** The document the movement belongs to: a shipment, request, stocktake, return batch… */
  document?: { kind: string; id: string } | null;
  note?: string | null;
}

/** How a movement's serials move: from which state (null: from outside) to which, and where. */
export const SERIAL_FLOW = {
  in: { from: null, to: 'in_stock', toPeer: false, needsOrder: false, keepsOrder: false },
  old_in: { from: null, to: 'in_stock', toPeer: false, needsOrder: false, keepsOrder: true },
  send: { from: 'in_stock', to: 'in_transit', toPeer: true, needsOrder: false, keepsOrder: false },
  receive: { from: 'in_transit', to: 'in_stock', toPeer: false, needsOrder: false, keepsOrder: false },
  issue: { from: 'in_stock', to: 'issued', toPeer: false, needsOrder: false, keepsOrder: true },
  consume_issued: { from: 'issued', to: 'consumed', toPeer: false, needsOrder: true, keepsOrder: true },
  consume_stock: { from: 'in_stock', to: 'consumed', toPeer: false, needsOrder: false, keepsOrder: true },
  return: { from: 'issued', to: 'in_stock', toPeer: false, needsOrder: true, keepsOrder: false },
  write_off: { from: 'in_stock', to: 'scrapped', toPeer: false, needsOrder: false, keepsOrder: false },
} as const satisfies Record<
  string,
  { from: SerialState | null; to: SerialState; toPeer: boolean; needsOrder: boolean; keepsOrder: boolean }
>;
export type SerialStep = keyof typeof SERIAL_FLOW;

/** One change of one balance row (depot, part, grade), as a movement breaks down into them. */
export interface BalanceOp {
  moveIndex: number;
  depotId: string;
  partId: string;
  grade: StockGrade;
  onHand: number;
  reserved: number;
  inTransit: number;
  /** Change of what the order holds issued from this depot. */
  issued: number;
  peerDepotId?: string;
  /** The serials the op's ledger rows carry… */
  serials?: string[];
  /** …and, on the op that moves them, how. */
  serialStep?: SerialStep;
}

export interface MovementProblem {
  code: ErrorCode;
  field: string;
  params: Record<string, unknown>;
}

const NEEDS_ORDER: ReadonlySet<MovementKind> = new Set(['issue', 'consume', 'return_unused']);
const NO_SERIALS: ReadonlySet<MovementKind> = new Set(['reserve', 'release']);

/** What is wrong with a movement before any stock is looked at, or null. */
export function validateMovement(m: MovementInput, serialTracked: boolean): MovementProblem | null {
  const q = m.quantity;
  const okQuantity = Number.isInteger(q) && Math.abs(q) <= MAX_MOVE_QUANTITY && (m.kind === 'adjust' ? q !== 0 : q > 0);
  if (!okQuantity) return { code: 'stock.bad_quantity', field: 'quantity', params: { quantity: q } };
  if (m.kind === 'transfer_out' && (!m.toDepotId || m.toDepotId === m.depotId)) {
    return { code: 'stock.destination_required', field: 'toDepotId', params: {} };
  }
  if (NEEDS_ORDER.has(m.kind) && !m.orderId) return { code: 'stock.order_required', field: 'orderId', params: {} };
  const serials = m.serials ?? [];
  if (!serialTracked || NO_SERIALS.has(m.kind)) {
    if (serials.length) return { code: 'stock.serials_not_tracked', field: 'serials', params: {} };
    return null;
  }
  const n = Math.abs(q);
  if (serials.length !== n || new Set(serials).size !== n || serials.some((s) => !s.trim())) {
    return { code: 'stock.serials_count', field: 'serials', params: { quantity: n, given: new Set(serials).size } };
  }
  return null;
}

/** The balance changes of one (valid) movement. */
export function opsOfMovement(m: MovementInput, moveIndex: number): BalanceOp[] {
  const n = Math.abs(m.quantity);
  const grade: StockGrade = m.grade ?? (m.kind === 'old_part_return' ? 'defective' : 'good');
  const serials = m.serials?.length ? m.serials : undefined;
  const op = (o: Partial<BalanceOp>): BalanceOp => ({
    moveIndex,
    depotId: m.depotId,
    partId: m.partId,
    grade,
    onHand: 0,
    reserved: 0,
    inTransit: 0,
    issued: 0,
    ...(serials ? { serials } : {}),
    ...o,
  });
  const step = (s: SerialStep) => (serials ? { serialStep: s } : {});
  switch (m.kind) {
    case 'receipt':
      return [op({ onHand: n, ...step('in') })];
    case 'old_part_return':
      return [op({ onHand: n, ...step('old_in') })];
    case 'adjust':
      return [op({ onHand: m.quantity, ...step(m.quantity > 0 ? 'in' : 'write_off') })];
    case 'scrap':
      return [op({ onHand: -n, ...step('write_off') })];
    case 'transfer_out':
      return [
        op({ onHand: -n, peerDepotId: m.toDepotId!, ...step('send') }),
        op({ depotId: m.toDepotId!, inTransit: n, peerDepotId: m.depotId }),
      ];
    case 'transfer_in':
      return [
        op({ inTransit: -n, onHand: n, ...(m.fromDepotId ? { peerDepotId: m.fromDepotId } : {}), ...step('receive') }),
      ];
    case 'issue':
      return [op({ onHand: -n, reserved: m.fromReserved ? -n : 0, issued: n, ...step('issue') })];
    case 'consume':
      return m.fromStock
        ? [op({ onHand: -n, ...step('consume_stock') })]
        : [op({ issued: -n, ...step('consume_issued') })];
    case 'return_unused':
      return [op({ onHand: n, issued: -n, ...step('return') })];
    case 'reserve':
      return [op({ reserved: n })];
    case 'release':
      return [op({ reserved: -n })];
  }
}

/**
 * The lock order: balance rows are changed by (depot, part, grade), so two commands touching
 * the same rows take their locks in the same order and never deadlock. Stable: ops on the same
 * row keep the order they were posted in.
 */
export function sortOps(ops: readonly BalanceOp[]): BalanceOp[] {
  const key = (o: BalanceOp) => `${o.depotId}|${o.partId}|${o.grade}`;
  return [...ops].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Whether a balance now sits below its reorder point (available = on hand − reserved). */
export function belowReorder(b: { onHand: number; reserved: number; reorderPoint: number | null }): boolean {
  return b.reorderPoint !== null && b.onHand - b.reserved < b.reorderPoint;
}

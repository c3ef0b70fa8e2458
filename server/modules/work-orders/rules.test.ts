import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLE_PERMISSIONS, ROLE_CODES, type RoleCode } from '../../../shared/permissions.js';
import { ORDER_ACTIONS, ORDER_STATES, type OrderAction, type OrderState, type ServiceType } from './contract.js';
import {
  type ActorFacts,
  allowedActions,
  applyCorrectAddress,
  applyDispatch,
  applyReject,
  applyResume,
  applyWait,
  checkTransition,
  closeByCase,
  needsOverrideReason,
  type OrderFacts,
  orderCode,
  orderCodesIn,
  orderDay,
  priorityLabel,
  validateBook,
  validateComplete,
  validateDispatch,
} from './rules.js';

/*
 * The state machine as a table, written out here independently of rules.ts: from which states
 * each action may run, and which seeded roles may take it.
 */

const OPEN: OrderState[] = [
  'created',
  'dispatched_center',
  'dispatched_outlet',
  'accepted',
  'assigned',
  'booked',
  'en_route',
  'on_site',
  'received',
  'in_repair',
  'waiting',
];

const FROM: Record<OrderAction, OrderState[]> = {
  dispatch: ['created', 'dispatched_center', 'accepted', 'assigned', 'booked'],
  accept: ['dispatched_outlet'],
  reject: ['dispatched_center', 'dispatched_outlet'],
  book: ['assigned', 'booked'],
  depart: ['booked'],
  arrive: ['en_route'],
  receive: ['accepted', 'assigned', 'booked'],
  start: ['on_site', 'received'],
  wait: ['in_repair'],
  resume: ['waiting'],
  complete: ['on_site', 'in_repair'],
  confirm: ['completed'],
  close: ['confirmed'],
  cancel: OPEN,
  reopen: ['completed', 'confirmed', 'closed'],
  report_unfixable: ['on_site', 'received', 'in_repair', 'waiting'],
  correct_address: OPEN,
};

const TYPE_OF: Partial<Record<OrderAction, ServiceType>> = { receive: 'carry_in' };

const ROLES_MAY: Record<OrderAction, RoleCode[]> = {
  dispatch: ['admin', 'dispatcher', 'center_staff', 'outlet_manager', 'manager'],
  accept: ['admin', 'dispatcher', 'center_staff', 'outlet_manager', 'manager'],
  reject: ['admin', 'dispatcher', 'center_staff', 'outlet_manager', 'manager'],
  book: ['admin', 'dispatcher', 'center_staff', 'outlet_manager', 'technician', 'manager'],
  depart: ['admin', 'outlet_manager', 'technician', 'manager'],
  arrive: ['admin', 'outlet_manager', 'technician', 'manager'],
  receive: ['admin', 'outlet_manager', 'technician', 'manager'],
  start: ['admin', 'outlet_manager', 'technician', 'manager'],
  wait: ['admin', 'outlet_manager', 'technician', 'manager'],
  resume: ['admin', 'outlet_manager', 'technician', 'manager'],
  complete: ['admin', 'outlet_manager', 'technician', 'manager'],
  confirm: ['admin', 'dispatcher', 'center_staff', 'outlet_manager', 'manager'],
  close: ['admin', 'dispatcher', 'center_staff', 'outlet_manager', 'manager'],
  cancel: ['admin', 'hotline_agent', 'dispatcher', 'center_staff', 'outlet_manager', 'manager'],
  reopen: ['admin', 'hotline_agent', 'dispatcher', 'center_staff', 'outlet_manager', 'manager'],
  report_unfixable: ['admin', 'outlet_manager', 'technician', 'manager'],
  correct_address: ['admin', 'dispatcher', 'center_staff', 'outlet_manager', 'technician', 'manager'],
};

const TECH = 'tech-1';

function order(state: OrderState, serviceType: ServiceType = 'on_site', extra: Partial<OrderFacts> = {}): OrderFacts {
  return {
    state,
    serviceType,
    technicianId: TECH,
    orgPath: 'hq/c/o/',
    holderUnitId: 'o',
    waitReason: null,
    reopenedAsId: null,
    resolution: null,
    bookedFrom: null,
    bookedTo: null,
    ...extra,
  };
}

function actor(permissions: readonly string[], extra: Partial<ActorFacts> = {}): ActorFacts {
  return { userId: TECH, permissions: new Set(permissions), atHolder: true, ...extra };
}
const ALL = actor(['*']);

describe('the state machine: every action from every state', () => {
  for (const action of ORDER_ACTIONS) {
    for (const state of ORDER_STATES) {
      const allowed = FROM[action].includes(state);
      it(`${action} from ${state}: ${allowed ? 'allowed' : 'forbidden'}`, () => {
        const p = checkTransition(action, order(state, TYPE_OF[action]), ALL);
        if (allowed) expect(p).toBeNull();
        else expect(p).toMatchObject({ code: 'order.transition_forbidden', params: { state, action } });
      });
    }
  }

  it('starts a remote service without a visit, but not an on-site one', () => {
    expect(checkTransition('start', order('assigned', 'remote'), ALL)).toBeNull();
    expect(checkTransition('start', order('booked', 'remote'), ALL)).toBeNull();
    expect(checkTransition('start', order('booked', 'on_site'), ALL)?.code).toBe('order.transition_forbidden');
  });

  it('travels only for service types that visit, and receives only carry-in units', () => {
    expect(checkTransition('depart', order('booked', 'carry_in'), ALL)).toMatchObject({
      code: 'order.service_type_mismatch',
    });
    expect(checkTransition('depart', order('booked', 'remote'), ALL)).toMatchObject({
      code: 'order.service_type_mismatch',
    });
    expect(checkTransition('depart', order('booked', 'installation'), ALL)).toBeNull();
    expect(checkTransition('receive', order('accepted', 'on_site'), ALL)).toMatchObject({
      code: 'order.service_type_mismatch',
    });
  });

  it('reopens an order once', () => {
    expect(checkTransition('reopen', order('closed', 'on_site', { reopenedAsId: 'x' }), ALL)).toMatchObject({
      code: 'order.already_reopened',
    });
  });

  it('ends every open order when a return/exchange case is carried out, and never reopens it', () => {
    for (const state of ORDER_STATES) {
      const open = !['completed', 'confirmed', 'closed', 'cancelled'].includes(state);
      expect(closeByCase(order(state)), state).toEqual(open ? { to: 'closed', signal: 'closed' } : null);
    }
    expect(checkTransition('reopen', order('closed', 'on_site', { resolution: 'refunded' }), ALL)).toMatchObject({
      code: 'order.transition_forbidden',
    });
  });
});

describe('who may take each action (seeded roles)', () => {
  for (const action of ORDER_ACTIONS) {
    for (const role of ROLE_CODES) {
      const may = ROLES_MAY[action].includes(role);
      it(`${role} ${may ? 'may' : 'may not'} ${action}`, () => {
        const p = checkTransition(
          action,
          order(FROM[action][0]!, TYPE_OF[action]),
          actor(DEFAULT_ROLE_PERMISSIONS[role]),
        );
        if (may) expect(p).toBeNull();
        else expect(p?.code).toBe('auth.forbidden');
      });
    }
  }

  it('technicians act only on orders assigned to them; outlet managers on any of their outlet', () => {
    const tech = DEFAULT_ROLE_PERMISSIONS.technician;
    const other = actor(tech, { userId: 'tech-2' });
    for (const action of [
      'book',
      'depart',
      'arrive',
      'start',
      'wait',
      'resume',
      'complete',
      'report_unfixable',
      'correct_address',
    ] as const) {
      expect(checkTransition(action, order(FROM[action][0]!), other), action).toMatchObject({
        code: 'order.not_assigned',
      });
      expect(checkTransition(action, order(FROM[action][0]!), actor(tech)), action).toBeNull();
      expect(
        checkTransition(
          action,
          order(FROM[action][0]!),
          actor(DEFAULT_ROLE_PERMISSIONS.outlet_manager, { userId: 'mgr' }),
        ),
        action,
      ).toBeNull();
    }
  });

  it('only the holding unit accepts or rejects', () => {
    const away = actor(DEFAULT_ROLE_PERMISSIONS.dispatcher, { atHolder: false });
    expect(checkTransition('accept', order('dispatched_outlet'), away)).toMatchObject({ code: 'order.not_holder' });
    expect(checkTransition('reject', order('dispatched_center'), away)).toMatchObject({ code: 'order.not_holder' });
    expect(checkTransition('dispatch', order('created'), away)).toBeNull();
  });

  it('lists the actions an actor may take now', () => {
    expect(allowedActions(order('in_repair'), actor(DEFAULT_ROLE_PERMISSIONS.technician))).toEqual([
      'wait',
      'complete',
      'report_unfixable',
      'correct_address',
    ]);
    // The address is corrected while the order is open, by whoever dispatches it, even unassigned.
    expect(
      allowedActions(order('created', 'on_site', { technicianId: null }), actor(DEFAULT_ROLE_PERMISSIONS.dispatcher)),
    ).toEqual(['dispatch', 'cancel', 'correct_address']);
    expect(allowedActions(order('completed'), actor(DEFAULT_ROLE_PERMISSIONS.outlet_manager))).toEqual([
      'confirm',
      'reopen',
    ]);
  });
});

describe('action checks and effects', () => {
  const unit = (kind: 'hq' | 'center' | 'outlet', path: string) => ({ id: path, kind, path, active: true });
  const env = { approvals: new Set<never>(), productLineKnown: true, suggestedId: null };

  it('dispatches only below the holding unit, and a center only to outlets', () => {
    const atHq = order('created', 'on_site', { orgPath: 'hq/' });
    expect(
      validateDispatch(atHq, { toUnitId: 'c', version: 1 }, { ...env, target: unit('center', 'hq/c/') }),
    ).toBeNull();
    expect(validateDispatch(atHq, { toUnitId: 'c', version: 1 }, { ...env, target: unit('hq', 'hq/') })).toMatchObject({
      field: 'toUnitId',
    });
    const atCenter = order('dispatched_center', 'on_site', { orgPath: 'hq/c/' });
    expect(
      validateDispatch(atCenter, { toUnitId: 'x', version: 1 }, { ...env, target: unit('outlet', 'hq/d/x/') }),
    ).toMatchObject({ code: 'order.dispatch_target_invalid' });
    expect(
      validateDispatch(atCenter, { toUnitId: 'o', version: 1 }, { ...env, target: unit('outlet', 'hq/c/o/') }),
    ).toBeNull();
    expect(applyDispatch({ toUnitId: 'c', version: 1 }, { ...env, target: unit('center', 'hq/c/') })).toEqual({
      to: 'dispatched_center',
      signal: 'dispatched_center',
    });
    expect(applyDispatch({ toUnitId: 'o', version: 1 }, { ...env, target: unit('outlet', 'hq/c/o/') })).toEqual({
      to: 'dispatched_outlet',
      signal: 'dispatched_outlet',
    });
    expect(
      validateDispatch(
        order('accepted'),
        { toUnitId: 'o', version: 1 },
        { ...env, target: unit('outlet', 'hq/c/o/x/') },
      )?.code,
    ).toBe('order.transition_forbidden');
  });

  it('assigns only certified technicians of the outlet; part-time staff with an approval', () => {
    const tech = { id: 't', orgUnitId: 'o', active: true, isTechnician: true, certified: false };
    const o = order('accepted');
    expect(validateDispatch(o, { technicianId: 't', version: 1 }, { ...env, technician: tech })).toEqual({
      code: 'order.certification_missing',
      field: 'technicianId',
    });
    expect(
      validateDispatch(o, { technicianId: 't', version: 1 }, { ...env, technician: { ...tech, certified: true } }),
    ).toBeNull();
    expect(
      validateDispatch(o, { technicianId: 't', version: 1 }, { ...env, productLineKnown: false, technician: tech }),
    ).toBeNull();
    expect(
      validateDispatch(
        o,
        { technicianId: 't', version: 1 },
        { ...env, technician: { ...tech, orgUnitId: 'p', certified: true } },
      )?.code,
    ).toBe('order.technician_not_of_outlet');
    expect(
      validateDispatch(o, { technicianId: 't', version: 1, partTime: true }, { ...env, technician: tech }),
    ).toMatchObject({ code: 'order.approval_required', field: 'partTime' });
    expect(
      validateDispatch(
        o,
        { technicianId: 't', version: 1, partTime: true },
        { ...env, approvals: new Set(['part_time_staff']), technician: tech },
      ),
    ).toBeNull();
  });

  it('asks for a reason only when differing from a suggestion', () => {
    expect(needsOverrideReason({ toUnitId: 'a', version: 1 }, 'a')).toBe(false);
    expect(needsOverrideReason({ toUnitId: 'b', version: 1 }, 'a')).toBe(true);
    expect(needsOverrideReason({ toUnitId: 'b', version: 1, overrideReason: 'x' }, 'a')).toBe(false);
    expect(needsOverrideReason({ toUnitId: 'b', version: 1 }, null)).toBe(false);
  });

  it('keeps the state when the address is corrected; the zone change re-plans, not a signal', () => {
    for (const state of OPEN) expect(applyCorrectAddress(order(state))).toEqual({ to: state, signal: null });
  });

  it('sends a rejected order to the level above', () => {
    expect(applyReject(unit('center', 'hq/c/'))).toEqual({ to: 'dispatched_center', signal: 'rejected' });
    expect(applyReject(unit('hq', 'hq/'))).toEqual({ to: 'created', signal: 'rejected' });
  });

  it('pauses the SLA clock for the customer and for parts, and resumes it after', () => {
    expect(applyWait({ reason: 'customer' }).signal).toBe('pause_customer');
    expect(applyWait({ reason: 'parts' }).signal).toBe('pause_parts');
    expect(applyWait({ reason: 'approval' }).signal).toBeNull();
    expect(applyResume({ waitReason: 'parts' }).signal).toBe('resume');
    expect(applyResume({ waitReason: 'approval' }).signal).toBeNull();
  });

  it('checks the booking window and the workaround approval', () => {
    expect(validateBook({ from: '2026-11-23T10:00:00Z', to: '2026-11-23T09:00:00Z' })).toMatchObject({ field: 'to' });
    expect(validateBook({ from: '2026-11-23T10:00:00Z', to: '2026-11-23T12:00:00Z' })).toBeNull();
    expect(validateComplete({ workaround: true }, new Set())).toMatchObject({ code: 'order.approval_required' });
    expect(validateComplete({ workaround: true }, new Set(['parts_workaround']))).toBeNull();
  });
});

describe('numbers and labels', () => {
  it('numbers orders by the company-zone day', () => {
    // 23:30 UTC on the 22nd is already the 23rd in Shanghai.
    expect(orderDay(new Date('2026-11-22T23:30:00Z'), 'Asia/Shanghai')).toBe('20261123');
    expect(orderCode('FW', '20261122', 123, 6)).toBe('FW20261122-000123');
    expect(orderCode('FW', '20261122', 1234567, 6)).toBe('FW20261122-1234567');
  });
  it('finds the order numbers a mail subject may carry', () => {
    expect(orderCodesIn('回复：关于服务单FW20261122-000123的进度')).toEqual(['W20261122-000123', 'FW20261122-000123']);
    // Full-width and lower-case forms, an earlier prefix and width, no repeats, in the text's order.
    expect(orderCodesIn('Re: ｆｗ２０２６１１２２－０００１２３ and SB20250101-0042, FW20261122-000123')).toEqual([
      'W20261122-000123',
      'FW20261122-000123',
      'B20250101-0042',
      'SB20250101-0042',
    ]);
    // Letters running into a word: the last six at most.
    expect(orderCodesIn('TicketFW20261122-000123')).toContain('FW20261122-000123');
    expect(orderCodesIn('TicketFW20261122-000123')).not.toContain('TICKETFW20261122-000123');
    // Not a number: no day, too few or too many digits, no letters.
    expect(orderCodesIn('FW2026112-000123 FW20261122-12 FW20261122-123456789 20261122-000123')).toEqual([]);
  });
  it('labels priorities from the setting', () => {
    expect(priorityLabel(1, ['一级', '二级', '三级'])).toBe('一级');
    expect(priorityLabel(4, ['一级', '二级', '三级'])).toBe('4');
  });
});

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ctxOf, typed } from '../../platform/http.js';
import { confirmYear, createCalendar, removeOverrides, updateCalendar, upsertOverrides } from './commands/calendars.js';
import { createPolicy, createPolicyVersion } from './commands/policies.js';
import {
  Calendar,
  CalendarCreate,
  CalendarDay,
  CalendarUpdate,
  CalendarYear,
  CodeParams,
  ConfirmYearBody,
  DayOverride,
  IdParams,
  Milestone,
  MonthQuery,
  OrderParams,
  OverridesBody,
  OverridesQuery,
  OverridesRemoveBody,
  Policy,
  PolicyCreate,
  PolicyHistory,
  PolicySummary,
  PolicyVersionCreate,
  PreviewBody,
  PreviewResult,
  YearParams,
} from './contract.js';
import {
  calendarYears,
  getCalendar,
  listCalendars,
  listOverrides,
  listPolicies,
  monthDays,
  orderMilestones,
  policyHistory,
  previewDue,
} from './queries.js';
import { List, listOf } from '../../platform/lists/contract.js';

const tags = ['sla'];

/** Time limits: calendars, policies, due-time preview and the milestones of an order. */
export async function slaRoutes(app: FastifyInstance) {
  const r = typed(app);

  // Calendars (read: orders.read; write: settings.manage)
  r.get(
    '/api/sla/calendars',
    { schema: { tags, summary: 'Business calendars (orders.read)', response: { 200: List(Calendar) } } },
    async (req) => listOf(await listCalendars(ctxOf(req, 'orders.read'))),
  );
  r.post(
    '/api/sla/calendars',
    {
      schema: {
        tags,
        summary: 'Create a calendar (settings.manage)',
        body: CalendarCreate,
        response: { 201: Calendar },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'settings.manage');
      const row = await createCalendar(ctx, req.body);
      return reply.status(201).send(await getCalendar(ctx, row.id));
    },
  );
  r.get(
    '/api/sla/calendars/:id',
    { schema: { tags, summary: 'One calendar (orders.read)', params: IdParams, response: { 200: Calendar } } },
    async (req) => getCalendar(ctxOf(req, 'orders.read'), req.params.id),
  );
  r.patch(
    '/api/sla/calendars/:id',
    {
      schema: {
        tags,
        summary: 'Change name, zone, kind, hours or active (settings.manage)',
        params: IdParams,
        body: CalendarUpdate,
        response: { 200: Calendar },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, 'settings.manage');
      await updateCalendar(ctx, req.params.id, req.body);
      return getCalendar(ctx, req.params.id);
    },
  );
  r.get(
    '/api/sla/calendars/:id/overrides',
    {
      schema: {
        tags,
        summary: 'Day overrides of a calendar (orders.read)',
        params: IdParams,
        querystring: OverridesQuery,
        response: { 200: List(DayOverride) },
      },
    },
    async (req) => listOf(await listOverrides(ctxOf(req, 'orders.read'), req.params.id, req.query.year)),
  );
  r.post(
    '/api/sla/calendars/:id/overrides',
    {
      schema: {
        tags,
        summary: 'Add or replace day overrides in bulk (settings.manage)',
        params: IdParams,
        body: OverridesBody,
        response: { 200: List(DayOverride) },
      },
    },
    async (req) => {
      const ctx = ctxOf(req, 'settings.manage');
      const rows = await upsertOverrides(ctx, req.params.id, req.body);
      return listOf(rows.map((o) => ({ id: o.id, date: o.date, kind: o.kind, note: o.note })));
    },
  );
  r.post(
    '/api/sla/calendars/:id/overrides/remove',
    {
      schema: {
        tags,
        summary: 'Remove day overrides (settings.manage)',
        params: IdParams,
        body: OverridesRemoveBody,
        response: { 200: z.object({ removed: z.number() }) },
      },
    },
    async (req) => removeOverrides(ctxOf(req, 'settings.manage'), req.params.id, req.body),
  );
  r.get(
    '/api/sla/calendars/:id/days',
    {
      schema: {
        tags,
        summary: 'Work and off days of a month (orders.read)',
        params: IdParams,
        querystring: MonthQuery,
        response: { 200: List(CalendarDay) },
      },
    },
    async (req) => listOf(await monthDays(ctxOf(req, 'orders.read'), req.params.id, req.query.month)),
  );
  r.post(
    '/api/sla/calendars/:id/years/:year/confirm',
    {
      schema: {
        tags,
        summary: "Confirm a year's statutory days as entered (settings.manage)",
        params: YearParams,
        body: ConfirmYearBody,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await confirmYear(ctxOf(req, 'settings.manage'), req.params.id, req.params.year, req.body.note ?? null, true);
      return reply.status(204).send(null);
    },
  );
  r.post(
    '/api/sla/calendars/:id/years/:year/unconfirm',
    {
      schema: {
        tags,
        summary: 'Withdraw a confirmation (settings.manage)',
        params: YearParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await confirmYear(ctxOf(req, 'settings.manage'), req.params.id, req.params.year, null, false);
      return reply.status(204).send(null);
    },
  );
  r.get(
    '/api/sla/calendar-years',
    {
      schema: {
        tags,
        summary: 'Which years have statutory data and which are provisional (orders.read)',
        response: { 200: List(CalendarYear) },
      },
    },
    async (req) => listOf(await calendarYears(ctxOf(req, 'orders.read'))),
  );
  r.post(
    '/api/sla/preview',
    {
      schema: {
        tags,
        summary: 'When a limit started at `start` runs out on a calendar (orders.read)',
        body: PreviewBody,
        response: { 200: PreviewResult },
      },
    },
    async (req) => previewDue(ctxOf(req, 'orders.read'), req.body),
  );

  // Policies
  r.get(
    '/api/sla/policies',
    {
      schema: {
        tags,
        summary: 'Policies in their version in force (orders.read)',
        response: { 200: List(PolicySummary) },
      },
    },
    async (req) => listOf(await listPolicies(ctxOf(req, 'orders.read'))),
  );
  r.post(
    '/api/sla/policies',
    {
      schema: {
        tags,
        summary: 'Create a policy (settings.manage)',
        body: PolicyCreate,
        response: { 201: PolicyHistory },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'settings.manage');
      const row = await createPolicy(ctx, req.body);
      return reply.status(201).send(await policyHistory(ctx, row.code));
    },
  );
  r.get(
    '/api/sla/policies/:code',
    {
      schema: {
        tags,
        summary: 'A policy with all its versions, newest first (orders.read)',
        params: CodeParams,
        response: { 200: PolicyHistory },
      },
    },
    async (req) => policyHistory(ctxOf(req, 'orders.read'), req.params.code),
  );
  r.post(
    '/api/sla/policies/:code/versions',
    {
      schema: {
        tags,
        summary: 'Add a version with its effective time (settings.manage)',
        params: CodeParams,
        body: PolicyVersionCreate,
        response: { 201: Policy },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'settings.manage');
      await createPolicyVersion(ctx, req.params.code, req.body);
      const h = await policyHistory(ctx, req.params.code);
      return reply.status(201).send(h.versions[0]!);
    },
  );

  // Milestones of an order
  r.get(
    '/api/sla/orders/:orderId/milestones',
    {
      schema: {
        tags,
        summary: "An order's time limits, if the order is in my subtree (orders.read)",
        params: OrderParams,
        response: { 200: List(Milestone) },
      },
    },
    async (req) => listOf(await orderMilestones(ctxOf(req, 'orders.read'), req.params.orderId)),
  );
}

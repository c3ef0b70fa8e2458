import type { FastifyInstance } from 'fastify';
import { ctxOf, typed } from '../../platform/http.js';
import {
  Board,
  BoardQuery,
  IdParams,
  LockBody,
  MoveBody,
  MoveResult,
  MyRoute,
  MyRouteQuery,
  Plan,
  PlanCreate,
  PublishBody,
  PublishResult,
  ReplanBody,
  Shift,
  ShiftBody,
  UserIdParams,
} from './contract.js';
import { myRoute } from './my-route.js';
import { createPlan, lockVisit, moveVisit, publishPlan, replan } from './plan-commands.js';
import { getBoard, getPlan } from './plan-queries.js';
import { getShift, saveShift } from './shifts.js';

const tags = ['planning'];

/** The planning board, its plans (make, move, lock, re-plan, publish), shifts and the technician's route. */
export async function planRoutes(app: FastifyInstance) {
  const r = typed(app);

  r.get(
    '/api/planning/board',
    {
      schema: {
        tags,
        summary: "An outlet's day: technicians, visits and the newest plan (orders.dispatch)",
        querystring: BoardQuery,
        response: { 200: Board },
      },
    },
    async (req) => getBoard(ctxOf(req, 'orders.dispatch'), req.query),
  );
  r.post(
    '/api/planning/plans',
    {
      schema: {
        tags,
        summary:
          "Plan an outlet's day with the route optimiser: a new draft; the day's locks carry over (orders.dispatch)",
        body: PlanCreate,
        response: { 201: Plan },
      },
    },
    async (req, reply) => reply.code(201).send(await createPlan(ctxOf(req, 'orders.dispatch'), req.body)),
  );
  r.get(
    '/api/planning/plans/:id',
    {
      schema: { tags, summary: 'One plan (orders.dispatch)', params: IdParams, response: { 200: Plan } },
    },
    async (req) => getPlan(ctxOf(req, 'orders.dispatch'), req.params.id),
  );
  r.post(
    '/api/planning/plans/:id/moves',
    {
      schema: {
        tags,
        summary:
          "Move a visit to a technician's route at a position, or out of the plan; checked, locked there by default (orders.dispatch)",
        params: IdParams,
        body: MoveBody,
        response: { 200: MoveResult },
      },
    },
    async (req) => moveVisit(ctxOf(req, 'orders.dispatch'), req.params.id, req.body),
  );
  r.post(
    '/api/planning/plans/:id/locks',
    {
      schema: {
        tags,
        summary: 'Lock a planned visit with its technician, or unlock it (orders.dispatch)',
        params: IdParams,
        body: LockBody,
        response: { 200: Plan },
      },
    },
    async (req) => lockVisit(ctxOf(req, 'orders.dispatch'), req.params.id, req.body),
  );
  r.post(
    '/api/planning/plans/:id/replan',
    {
      schema: {
        tags,
        summary: 'Plan the day again: a new draft keeping locked and started visits where they are (orders.dispatch)',
        params: IdParams,
        body: ReplanBody,
        response: { 201: Plan },
      },
    },
    async (req, reply) => reply.code(201).send(await replan(ctxOf(req, 'orders.dispatch'), req.params.id, req.body)),
  );
  r.post(
    '/api/planning/plans/:id/publish',
    {
      schema: {
        tags,
        summary:
          'Publish a plan: each visit is dispatched to its technician and booked at its planned time, in one transaction (orders.dispatch)',
        params: IdParams,
        body: PublishBody,
        response: { 200: PublishResult },
      },
    },
    async (req) => publishPlan(ctxOf(req, 'orders.dispatch'), req.params.id, req.body),
  );
  r.get(
    '/api/planning/my-route',
    {
      schema: {
        tags,
        summary: "My route of a day (today by default) from the day's published plan (orders.execute)",
        querystring: MyRouteQuery,
        response: { 200: MyRoute },
      },
    },
    async (req) => myRoute(ctxOf(req, 'orders.execute'), req.query),
  );
  r.get(
    '/api/planning/shifts/:userId',
    {
      schema: {
        tags,
        summary: "A technician's planning shift: stored, or the settings' default (orders.dispatch)",
        params: UserIdParams,
        response: { 200: Shift },
      },
    },
    async (req) => getShift(ctxOf(req, 'orders.dispatch'), req.params.userId),
  );
  r.put(
    '/api/planning/shifts/:userId',
    {
      schema: {
        tags,
        summary:
          "Set a technician's planning shift: hours, lunch, start place, visits a day, days off (orders.dispatch)",
        params: UserIdParams,
        body: ShiftBody,
        response: { 200: Shift },
      },
    },
    async (req) => saveShift(ctxOf(req, 'orders.dispatch'), req.params.userId, req.body),
  );
}

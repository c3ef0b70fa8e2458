import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Ctx } from '../../../platform/context.js';
import { ctxOf, setEtag, typed } from '../../../platform/http.js';
import { changeUnitStatus, createUnit, replaceUnit, updateUnit } from './commands.js';
import {
  SerialParams,
  SerialQuery,
  UnitCreate,
  UnitDetail,
  UnitIdParams,
  UnitLabel,
  UnitListItem,
  UnitListQuery,
  UnitPage,
  UnitReplace,
  UnitStatusChange,
  UnitUpdate,
} from './contract.js';
import { getUnit, getUnitsBySerial, getUnitLabel, listUnits } from './queries.js';
import { List, listOf } from '../../../platform/lists/contract.js';

const tags = ['units'];

async function sendUnit(reply: FastifyReply, ctx: Ctx, id: string, status = 200) {
  const unit = await getUnit(ctx, id);
  setEtag(reply, unit.version);
  return reply.status(status).send(unit);
}

/**
 * The installed base: units customers own, scoped by the owner's area. Reads need
 * customers.read, writes customers.manage.
 */
export async function unitRoutes(app: FastifyInstance) {
  const r = typed(app);

  r.get(
    '/api/units',
    {
      schema: {
        tags,
        summary: 'Units of my area by serial (exact or beginning), customer, model, status; paged (customers.read)',
        querystring: UnitListQuery,
        response: { 200: UnitPage },
      },
    },
    async (req) => listUnits(ctxOf(req, 'customers.read'), req.query),
  );
  r.get(
    '/api/units/by-serial/:serial',
    {
      schema: {
        tags,
        summary: 'Units with exactly this serial in my area; 404 when none (customers.read)',
        params: SerialParams,
        querystring: SerialQuery,
        response: { 200: List(UnitListItem) },
      },
    },
    async (req) => listOf(await getUnitsBySerial(ctxOf(req, 'customers.read'), req.params.serial, req.query.modelId)),
  );
  r.get(
    '/api/units/:id',
    {
      schema: {
        tags,
        summary: 'One unit with model, owner, replacement chain and history; 404 outside my area (customers.read)',
        params: UnitIdParams,
        response: { 200: UnitDetail },
      },
    },
    async (req, reply) => sendUnit(reply, ctxOf(req, 'customers.read'), req.params.id),
  );
  r.get(
    '/api/units/:id/label',
    {
      schema: {
        tags,
        summary: "What the unit's QR label shows: the portal link with model and serial (customers.read)",
        params: UnitIdParams,
        response: { 200: UnitLabel },
      },
    },
    async (req) => getUnitLabel(ctxOf(req, 'customers.read'), req.params.id, `${req.protocol}://${req.host}`),
  );
  r.post(
    '/api/units',
    {
      schema: {
        tags,
        summary: 'Register a unit for a customer of my area (customers.manage)',
        body: UnitCreate,
        response: { 201: UnitDetail },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'customers.manage');
      const unit = await createUnit(ctx, req.body);
      return sendUnit(reply, ctx, unit.id, 201);
    },
  );
  r.patch(
    '/api/units/:id',
    {
      schema: {
        tags,
        summary: "Correct a unit's facts (customers.manage; 409 on a stale version)",
        params: UnitIdParams,
        body: UnitUpdate,
        response: { 200: UnitDetail },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'customers.manage');
      await updateUnit(ctx, req.params.id, req.body);
      return sendUnit(reply, ctx, req.params.id);
    },
  );
  r.post(
    '/api/units/:id/status',
    {
      schema: {
        tags,
        summary: 'Mark a unit returned, recalled, scrapped, or active again after a recall (customers.manage)',
        params: UnitIdParams,
        body: UnitStatusChange,
        response: { 200: UnitDetail },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'customers.manage');
      await changeUnitStatus(ctx, req.params.id, req.body);
      return sendUnit(reply, ctx, req.params.id);
    },
  );
  r.post(
    '/api/units/:id/replace',
    {
      schema: {
        tags,
        summary: 'Exchange a unit: register the new one (warranty restarts today) and link both (customers.manage)',
        params: UnitIdParams,
        body: UnitReplace,
        response: { 201: UnitDetail },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req, 'customers.manage');
      const fresh = await replaceUnit(ctx, req.params.id, req.body);
      return sendUnit(reply, ctx, fresh.id, 201);
    },
  );
}

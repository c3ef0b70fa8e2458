import type { FastifyInstance } from 'fastify';
import { ctxOf, typed } from '../../platform/http.js';
import { onSchedulerTick } from '../sla/index.js';
import { clearPlan, createMaintenanceOrders, respondToOffer, setPlan } from './commands.js';
import {
  AnnouncementCancel,
  AnnouncementCreate,
  AnnouncementItem,
  AnnouncementList,
  AnnouncementParams,
  BulkOrdersBody,
  BulkResults,
  ClearPlanBody,
  MaintenanceList,
  MaintenanceQuery,
  OfferItem,
  OfferList,
  OfferQuery,
  PlanBody,
  ResponseBody,
  UnitCare,
  UnitParams,
} from './contract.js';
import { listMaintenance, listOffers, unitCare } from './queries.js';
import { fireCareReminders } from './scheduler.js';
import { cancelAnnouncement, createAnnouncement, fireAnnouncements, listAnnouncements } from './announcements.js';

const tags = ['care'];

/** Customer care (docs/care.md): maintenance planner and reminders, warranty-expiry offers. */
export async function careRoutes(app: FastifyInstance) {
  // Reminders are swept on the SLA scheduler's loop; the sweep row keeps instances apart.
  onSchedulerTick('care', async (db, now) => (await fireCareReminders(db, now)) + (await fireAnnouncements(db, now)));
  const r = typed(app);

  r.get(
    '/api/care/maintenance',
    {
      schema: {
        tags,
        summary:
          'Units due for maintenance in a period (default today to today + the lead), by area and status, in my scope (care.read)',
        querystring: MaintenanceQuery,
        response: { 200: MaintenanceList },
      },
    },
    async (req) => listMaintenance(ctxOf(req, 'care.read'), req.query),
  );
  r.post(
    '/api/care/maintenance/orders',
    {
      schema: {
        tags,
        summary:
          'Create maintenance orders for chosen units, one transaction each; every unit answered created or refused with why (care.manage, orders.create)',
        body: BulkOrdersBody,
        response: { 200: BulkResults },
      },
    },
    async (req) => createMaintenanceOrders(ctxOf(req, 'care.manage'), req.body),
  );
  r.get(
    '/api/care/units/:unitId',
    {
      schema: {
        tags,
        summary: 'A unit’s next maintenance date and status, its custom plan, warranty end and offer (care.read)',
        params: UnitParams,
        response: { 200: UnitCare },
      },
    },
    async (req) => unitCare(ctxOf(req, 'care.read'), req.params.unitId),
  );
  r.put(
    '/api/care/units/:unitId/plan',
    {
      schema: {
        tags,
        summary: 'Set a unit’s custom maintenance plan: an interval in days or months, and/or a date (care.manage)',
        params: UnitParams,
        body: PlanBody,
        response: { 200: UnitCare },
      },
    },
    async (req) => setPlan(ctxOf(req, 'care.manage'), req.params.unitId, req.body),
  );
  r.post(
    '/api/care/units/:unitId/plan/clear',
    {
      schema: {
        tags,
        summary: 'Clear a unit’s custom plan: back to the model’s cycle and contracts (care.manage)',
        params: UnitParams,
        body: ClearPlanBody,
        response: { 200: UnitCare },
      },
    },
    async (req) => clearPlan(ctxOf(req, 'care.manage'), req.params.unitId, req.body),
  );
  r.get(
    '/api/care/warranty-offers',
    {
      schema: {
        tags,
        summary:
          'Units whose warranty ends within the lead, with the extended-warranty offer and the answers recorded, in my scope (care.read)',
        querystring: OfferQuery,
        response: { 200: OfferList },
      },
    },
    async (req) => listOffers(ctxOf(req, 'care.read'), req.query),
  );
  r.post(
    '/api/care/warranty-offers/:unitId/response',
    {
      schema: {
        tags,
        summary:
          'Record the customer’s answer to the extended-warranty offer; "bought" creates the contract (care.manage)',
        params: UnitParams,
        body: ResponseBody,
        response: { 200: OfferItem },
      },
    },
    async (req) => respondToOffer(ctxOf(req, 'care.manage'), req.params.unitId, req.body),
  );

  r.get(
    '/api/care/announcements',
    {
      schema: {
        tags,
        summary: 'Announcements to customers made within my area, newest first, with their audience (care.read)',
        response: { 200: AnnouncementList },
      },
    },
    async (req) => listAnnouncements(ctxOf(req, 'care.read')),
  );
  r.post(
    '/api/care/announcements',
    {
      schema: {
        tags,
        summary:
          'Schedule an SMS to consenting customers of some provinces and product lines ahead of a campaign or promotion (care.manage)',
        body: AnnouncementCreate,
        response: { 201: AnnouncementItem },
      },
    },
    async (req, reply) => reply.status(201).send(await createAnnouncement(ctxOf(req, 'care.manage'), req.body)),
  );
  r.post(
    '/api/care/announcements/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Cancel a scheduled announcement with the reason (care.manage)',
        params: AnnouncementParams,
        body: AnnouncementCancel,
        response: { 200: AnnouncementItem },
      },
    },
    async (req) => cancelAnnouncement(ctxOf(req, 'care.manage'), req.params.id, req.body),
  );
}

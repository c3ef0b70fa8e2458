import type { FastifyInstance } from 'fastify';
import { sendXlsx, XLSX_MIME } from '../../platform/export/xlsx.js';
import { ctxOf, langOf, typed } from '../../platform/http.js';
import { onUnitsRegistered } from '../customers/index.js';
import { onOrderCompleted } from '../work-orders/index.js';
import { recallOfCompletion, recallsOfRegistration } from './affect.js';
import { bookByLink, bookingView } from './booking-link.js';
import {
  activateCampaign,
  bookUnit,
  closeCampaign,
  createCampaign,
  markDeclined,
  markUnreachable,
  sendOutreach,
  updateCampaign,
} from './commands.js';
import {
  BookBody,
  CampaignCreate,
  CampaignDetail,
  CampaignPage,
  CampaignQuery,
  CampaignUpdate,
  CloseBody,
  IdParams,
  OutreachBody,
  OutreachResult,
  ProgressList,
  ProgressQuery,
  ReasonBody,
  RecallUnitExportQuery,
  RecallUnitItem,
  RecallUnitPage,
  RecallUnitQuery,
  VersionBody,
  BookingBody,
  BookingParams,
  BookingResult,
  BookingView,
} from './contract.js';
import { exportRecallUnits } from './export.js';
import { campaignProgress, getCampaign, listCampaigns, listRecallUnits } from './queries.js';

const tags = ['recalls'];

/** Recall campaigns (召回, docs/recalls.md): definition, affected units, outreach, bookings, progress. */
export async function recallRoutes(app: FastifyInstance) {
  // A unit registered while a campaign that covers it is active joins it, in the registration's transaction.
  onUnitsRegistered('recalls', recallsOfRegistration);
  // A recall order's completion marks its unit done, in the completion's transaction.
  onOrderCompleted('recalls', async (tx, ctx, e) => {
    await recallOfCompletion(tx, ctx, e);
  });
  const r = typed(app);

  r.get(
    '/api/recalls',
    {
      schema: {
        tags,
        summary: 'Recall campaigns, newest first; counts of their units in my scope (recalls.read)',
        querystring: CampaignQuery,
        response: { 200: CampaignPage },
      },
    },
    async (req) => listCampaigns(ctxOf(req, 'recalls.read'), req.query),
  );
  r.post(
    '/api/recalls',
    {
      schema: {
        tags,
        summary:
          'Define a recall campaign (draft): models, serial range, batch prefix, purchase dates (recalls.manage)',
        body: CampaignCreate,
        response: { 201: CampaignDetail },
      },
    },
    async (req, reply) => reply.code(201).send(await createCampaign(ctxOf(req, 'recalls.manage'), req.body)),
  );
  r.get(
    '/api/recalls/:id',
    {
      schema: {
        tags,
        summary: 'One campaign: its definition, counts in my scope, the SMS, its timeline (recalls.read)',
        params: IdParams,
        response: { 200: CampaignDetail },
      },
    },
    async (req) => getCampaign(ctxOf(req, 'recalls.read'), req.params.id),
  );
  r.put(
    '/api/recalls/:id',
    {
      schema: {
        tags,
        summary: 'Change a draft campaign’s definition (recalls.manage)',
        params: IdParams,
        body: CampaignUpdate,
        response: { 200: CampaignDetail },
      },
    },
    async (req) => updateCampaign(ctxOf(req, 'recalls.manage'), req.params.id, req.body),
  );
  r.post(
    '/api/recalls/:id/activate',
    {
      schema: {
        tags,
        summary: 'Start a campaign: the affected units are found in the installed base (recalls.manage)',
        params: IdParams,
        body: VersionBody,
        response: { 200: CampaignDetail },
      },
    },
    async (req) => activateCampaign(ctxOf(req, 'recalls.manage'), req.params.id, req.body),
  );
  r.post(
    '/api/recalls/:id/close',
    {
      schema: {
        tags,
        summary: 'Close an active campaign: no more units join nor are worked (recalls.manage)',
        params: IdParams,
        body: CloseBody,
        response: { 200: CampaignDetail },
      },
    },
    async (req) => closeCampaign(ctxOf(req, 'recalls.manage'), req.params.id, req.body),
  );
  r.post(
    '/api/recalls/:id/outreach',
    {
      schema: {
        tags,
        summary:
          'SMS to the customers of the affected units in my scope who agreed to messages and have a mobile; they become reached (recalls.manage)',
        params: IdParams,
        body: OutreachBody,
        response: { 200: OutreachResult },
      },
    },
    async (req) => sendOutreach(ctxOf(req, 'recalls.manage'), req.params.id, req.body),
  );
  r.get(
    '/api/recalls/:id/progress',
    {
      schema: {
        tags,
        summary: 'Units per state per province or serving outlet, in my scope (recalls.read)',
        params: IdParams,
        querystring: ProgressQuery,
        response: { 200: ProgressList },
      },
    },
    async (req) => campaignProgress(ctxOf(req, 'recalls.read'), req.params.id, req.query),
  );
  r.get(
    '/api/recalls/:id/units',
    {
      schema: {
        tags,
        summary:
          'The campaign’s units in my scope (a center: its province’s; an outlet: its own orders’) (recalls.read)',
        params: IdParams,
        querystring: RecallUnitQuery,
        response: { 200: RecallUnitPage },
      },
    },
    async (req) => listRecallUnits(ctxOf(req, 'recalls.read'), req.params.id, req.query),
  );
  r.get(
    '/api/recalls/:id/units.xlsx',
    {
      schema: {
        tags,
        summary: 'The campaign’s units with the same filters, as XLSX; audited (recalls.read)',
        params: IdParams,
        querystring: RecallUnitExportQuery,
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) =>
      sendXlsx(reply, await exportRecallUnits(ctxOf(req, 'recalls.read'), req.params.id, req.query)),
  );
  r.post(
    '/api/recall-units/:id/book',
    {
      schema: {
        tags,
        summary: 'Record a booking: a recall order is created through the order pipeline (recalls.work, orders.create)',
        params: IdParams,
        body: BookBody,
        response: { 200: RecallUnitItem },
      },
    },
    async (req) => bookUnit(ctxOf(req, 'recalls.work'), req.params.id, req.body),
  );
  r.post(
    '/api/recall-units/:id/unreachable',
    {
      schema: {
        tags,
        summary: 'Mark a unit’s customer unreachable, with the reason (recalls.work)',
        params: IdParams,
        body: ReasonBody,
        response: { 200: RecallUnitItem },
      },
    },
    async (req) => markUnreachable(ctxOf(req, 'recalls.work'), req.params.id, req.body),
  );
  r.post(
    '/api/recall-units/:id/decline',
    {
      schema: {
        tags,
        summary: 'Record that the customer declined the recall, with the reason (recalls.work)',
        params: IdParams,
        body: ReasonBody,
        response: { 200: RecallUnitItem },
      },
    },
    async (req) => markDeclined(ctxOf(req, 'recalls.work'), req.params.id, req.body),
  );

  // The customer's booking page behind the one-time link of the outreach SMS: public, no staff
  // session; the 192-bit token is the only key (nothing personal is shown).
  r.get(
    '/api/portal/recall/:token',
    {
      schema: {
        tags: ['portal'],
        summary: 'The recall booking behind a one-time SMS link: the campaign, the unit and where its booking stands',
        params: BookingParams,
        response: { 200: BookingView },
      },
    },
    async (req) => bookingView(req.server.database.db, req.params.token, req.server.clock()),
  );
  r.post(
    '/api/portal/recall/:token',
    {
      schema: {
        tags: ['portal'],
        summary: 'The customer books the recall service: a recall order through the order pipeline, once',
        params: BookingParams,
        body: BookingBody,
        response: { 200: BookingResult },
      },
    },
    async (req) =>
      bookByLink(req.server.database.db, req.params.token, req.body, {
        now: req.server.clock(),
        requestId: req.id,
        lang: langOf(req),
      }),
  );
}

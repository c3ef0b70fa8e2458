import type { FastifyInstance } from 'fastify';
import { sendXlsx, XLSX_MIME } from '../../platform/export/xlsx.js';
import { ctxOf, typed } from '../../platform/http.js';
import { onCustomerMerge } from '../customers/index.js';
import { onSchedulerTick } from '../sla/index.js';
import { onUrgeComplaint } from '../work-orders/index.js';
import {
  addContact,
  addNote,
  assignResponsibility,
  closeComplaint,
  complaintOfUrge,
  decideCompensation,
  openComplaint,
  proposeCompensation,
  recordAcceptance,
  replyToCustomer,
  routeComplaint,
  updateRoutingTable,
} from './commands.js';
import {
  AcceptanceBody,
  CloseBody,
  CompensationBody,
  CompensationDecision,
  ComplaintCreate,
  ComplaintDetail,
  ComplaintPage,
  ComplaintQuery,
  ComplaintReport,
  ContactCreate,
  DepartmentList,
  IdParams,
  MonthlyReport,
  MonthQuery,
  NoteCreate,
  ReplyBody,
  ResponsibilityBody,
  RouteBody,
  RoutingTable,
  RoutingTableUpdate,
  UrgeReport,
} from './contract.js';
import { complaintReport, getComplaint, listComplaints, listDepartments, routingTable } from './queries.js';
import { monthlyReport, monthlyReportXlsx, urgeReport, urgeReportXlsx } from './reports.js';
import { complaintsOfMerge } from './customer-merge.js';
import { fireDueComplaints } from './scheduler.js';

const tags = ['complaints'];

/** Complaints (投诉, docs/complaints.md): open, read, handle, route, escalate, report. */
export async function complaintRoutes(app: FastifyInstance) {
  // The urge's complaint record becomes a complaint; deadlines escalate on the SLA scheduler's loop.
  onUrgeComplaint(complaintOfUrge);
  onSchedulerTick('complaints', fireDueComplaints);
  // A customer merge moves the merged record's complaints (and its undo moves them back).
  onCustomerMerge('complaints', complaintsOfMerge);
  const r = typed(app);

  r.post(
    '/api/complaints',
    {
      schema: {
        tags,
        summary: 'Open a complaint from any source; routed, deadline set, crisis to leadership (complaints.read)',
        body: ComplaintCreate,
        response: { 201: ComplaintDetail },
      },
    },
    async (req, reply) => reply.status(201).send(await openComplaint(ctxOf(req, 'complaints.read'), req.body)),
  );
  r.get(
    '/api/complaints',
    {
      schema: {
        tags,
        summary: 'Complaints in my scope (an outlet: about its own orders), newest first (complaints.read)',
        querystring: ComplaintQuery,
        response: { 200: ComplaintPage },
      },
    },
    async (req) => listComplaints(ctxOf(req, 'complaints.read'), req.query),
  );
  r.get(
    '/api/complaints/:id',
    {
      schema: {
        tags,
        summary: 'One complaint with contacts, timeline, routing, escalations and handling (complaints.read)',
        params: IdParams,
        response: { 200: ComplaintDetail },
      },
    },
    async (req) => getComplaint(ctxOf(req, 'complaints.read'), req.params.id),
  );
  r.get(
    '/api/complaints/:id/report',
    {
      schema: {
        tags,
        summary: 'The printable complaint-handling report (投诉处理报告) with the full history (complaints.read)',
        params: IdParams,
        response: { 200: ComplaintReport },
      },
    },
    async (req) => complaintReport(ctxOf(req, 'complaints.read'), req.params.id),
  );

  r.post(
    '/api/complaints/:id/notes',
    {
      schema: {
        tags,
        summary: 'Add an investigation note (complaints.handle)',
        params: IdParams,
        body: NoteCreate,
        response: { 200: ComplaintDetail },
      },
    },
    async (req) => addNote(ctxOf(req, 'complaints.handle'), req.params.id, req.body),
  );
  r.post(
    '/api/complaints/:id/contacts',
    {
      schema: {
        tags,
        summary: 'Log a contact about the complaint (complaints.read)',
        params: IdParams,
        body: ContactCreate,
        response: { 200: ComplaintDetail },
      },
    },
    async (req) => addContact(ctxOf(req, 'complaints.read'), req.params.id, req.body),
  );
  r.post(
    '/api/complaints/:id/route',
    {
      schema: {
        tags,
        summary: 'Route the complaint to a department or unit by hand, with a reason (complaints.handle)',
        params: IdParams,
        body: RouteBody,
        response: { 200: ComplaintDetail },
      },
    },
    async (req) => routeComplaint(ctxOf(req, 'complaints.handle'), req.params.id, req.body),
  );
  r.post(
    '/api/complaints/:id/responsibility',
    {
      schema: {
        tags,
        summary: 'The responsible party, corrective action and discipline penalty (complaints.handle)',
        params: IdParams,
        body: ResponsibilityBody,
        response: { 200: ComplaintDetail },
      },
    },
    async (req) => assignResponsibility(ctxOf(req, 'complaints.handle'), req.params.id, req.body),
  );
  r.post(
    '/api/complaints/:id/compensation',
    {
      schema: {
        tags,
        summary: 'Propose compensation; approved at the configured level (complaints.handle)',
        params: IdParams,
        body: CompensationBody,
        response: { 200: ComplaintDetail },
      },
    },
    async (req) => proposeCompensation(ctxOf(req, 'complaints.handle'), req.params.id, req.body),
  );
  r.post(
    '/api/complaints/:id/compensation/decide',
    {
      schema: {
        tags,
        summary: 'Approve or reject the proposed compensation at its level (complaints.manage)',
        params: IdParams,
        body: CompensationDecision,
        response: { 200: ComplaintDetail },
      },
    },
    async (req) => decideCompensation(ctxOf(req, 'complaints.manage'), req.params.id, req.body),
  );
  r.post(
    '/api/complaints/:id/reply',
    {
      schema: {
        tags,
        summary: 'Record the reply to the customer; the deadline stops (complaints.handle)',
        params: IdParams,
        body: ReplyBody,
        response: { 200: ComplaintDetail },
      },
    },
    async (req) => replyToCustomer(ctxOf(req, 'complaints.handle'), req.params.id, req.body),
  );
  r.post(
    '/api/complaints/:id/acceptance',
    {
      schema: {
        tags,
        summary: "The customer's acceptance of the reply: accepted closes, not accepted reopens (complaints.handle)",
        params: IdParams,
        body: AcceptanceBody,
        response: { 200: ComplaintDetail },
      },
    },
    async (req) => recordAcceptance(ctxOf(req, 'complaints.handle'), req.params.id, req.body),
  );
  r.post(
    '/api/complaints/:id/close',
    {
      schema: {
        tags,
        summary: 'Close the complaint with a reason (complaints.handle)',
        params: IdParams,
        body: CloseBody,
        response: { 200: ComplaintDetail },
      },
    },
    async (req) => closeComplaint(ctxOf(req, 'complaints.handle'), req.params.id, req.body),
  );

  r.get(
    '/api/complaint-departments',
    {
      schema: {
        tags,
        summary: 'Complaint departments (internal and makers) (complaints.read)',
        response: { 200: DepartmentList },
      },
    },
    async (req) => listDepartments(ctxOf(req, 'complaints.read')),
  );
  r.get(
    '/api/complaint-routes',
    {
      schema: {
        tags,
        summary: 'The routing table by type and the configuration (complaints.read)',
        response: { 200: RoutingTable },
      },
    },
    async (req) => routingTable(ctxOf(req, 'complaints.read')),
  );
  r.put(
    '/api/complaint-routes',
    {
      schema: {
        tags,
        summary: 'Replace the routing table and configuration, audited (complaints.manage)',
        body: RoutingTableUpdate,
        response: { 200: RoutingTable },
      },
    },
    async (req) => updateRoutingTable(ctxOf(req, 'complaints.manage'), req.body),
  );

  r.get(
    '/api/complaint-reports/monthly',
    {
      schema: {
        tags,
        summary: 'Monthly complaint report by type, severity, province, outlet, responsible party (complaints.read)',
        querystring: MonthQuery,
        response: { 200: MonthlyReport },
      },
    },
    async (req) => monthlyReport(ctxOf(req, 'complaints.read'), req.query.month),
  );
  r.get(
    '/api/complaint-reports/monthly.xlsx',
    {
      schema: {
        tags,
        summary: 'The monthly complaint report as XLSX; audited (complaints.read)',
        querystring: MonthQuery,
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => sendXlsx(reply, await monthlyReportXlsx(ctxOf(req, 'complaints.read'), req.query.month)),
  );
  r.get(
    '/api/complaint-reports/urges',
    {
      schema: {
        tags,
        summary: 'Monthly urging report: urges per outlet, orders urged 1/2/3+ times (complaints.read)',
        querystring: MonthQuery,
        response: { 200: UrgeReport },
      },
    },
    async (req) => urgeReport(ctxOf(req, 'complaints.read'), req.query.month),
  );
  r.get(
    '/api/complaint-reports/urges.xlsx',
    {
      schema: {
        tags,
        summary: 'The monthly urging report as XLSX; audited (complaints.read)',
        querystring: MonthQuery,
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => sendXlsx(reply, await urgeReportXlsx(ctxOf(req, 'complaints.read'), req.query.month)),
  );
}

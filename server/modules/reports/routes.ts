import type { FastifyInstance } from 'fastify';
import { sendXlsx, XLSX_MIME } from '../../platform/export/xlsx.js';
import { ctxOf, typed } from '../../platform/http.js';
import { onSchedulerTick } from '../sla/index.js';
import {
  DailyQuery,
  DailyReport,
  Dashboard,
  DashboardQuery,
  MonthlyQuery,
  MonthlyReport,
  ReportOrderPage,
  ReportOrdersExportQuery,
  ReportOrdersQuery,
} from './contract.js';
import { dailyXlsx, monthlyXlsx, ordersXlsx } from './export.js';
import { dailyReport, dashboard, monthlyReport, reportOrders } from './queries.js';
import { DRAIN_BATCH, refreshDirtyFacts } from './refresh.js';

const tags = ['reports'];

/** Reports and dashboards (docs/reports.md), all in the reader's data scope (reports.read). */
export async function reportRoutes(app: FastifyInstance) {
  // Facts are kept fresh between reads too, so a read rarely has more than a few orders to redo.
  onSchedulerTick('reports', (db, now) => refreshDirtyFacts(db, now, { limit: DRAIN_BATCH }));
  const r = typed(app);

  r.get(
    '/api/reports/dashboard',
    {
      schema: {
        tags,
        summary:
          'Dashboard: today’s live counts, this month against the 3-/7-day targets, the last 30 days (reports.read)',
        querystring: DashboardQuery,
        response: { 200: Dashboard },
      },
    },
    async (req) => dashboard(ctxOf(req, 'reports.read'), req.query),
  );
  r.get(
    '/api/reports/daily',
    {
      schema: {
        tags,
        summary: 'Daily ledger: received, sent to outlets, completed, open, by day or by unit (reports.read)',
        querystring: DailyQuery,
        response: { 200: DailyReport },
      },
    },
    async (req) => dailyReport(ctxOf(req, 'reports.read'), req.query),
  );
  r.get(
    '/api/reports/daily.xlsx',
    {
      schema: {
        tags,
        summary: 'The daily ledger as XLSX; audited (reports.read)',
        querystring: DailyQuery,
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => sendXlsx(reply, await dailyXlsx(ctxOf(req, 'reports.read'), req.query)),
  );
  r.get(
    '/api/reports/monthly',
    {
      schema: {
        tags,
        summary: 'Monthly summary per province, center or outlet against the 3-day and 7-day targets (reports.read)',
        querystring: MonthlyQuery,
        response: { 200: MonthlyReport },
      },
    },
    async (req) => monthlyReport(ctxOf(req, 'reports.read'), req.query),
  );
  r.get(
    '/api/reports/monthly.xlsx',
    {
      schema: {
        tags,
        summary: 'The monthly summary as XLSX; audited (reports.read)',
        querystring: MonthlyQuery,
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => sendXlsx(reply, await monthlyXlsx(ctxOf(req, 'reports.read'), req.query)),
  );
  r.get(
    '/api/reports/orders',
    {
      schema: {
        tags,
        summary: 'The orders behind one figure of a report (the same period, filters and metric) (reports.read)',
        querystring: ReportOrdersQuery,
        response: { 200: ReportOrderPage },
      },
    },
    async (req) => reportOrders(ctxOf(req, 'reports.read'), req.query),
  );
  r.get(
    '/api/reports/orders.xlsx',
    {
      schema: {
        tags,
        summary: 'The orders behind one figure as XLSX (up to 100,000); audited (reports.read)',
        querystring: ReportOrdersExportQuery,
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => sendXlsx(reply, await ordersXlsx(ctxOf(req, 'reports.read'), req.query)),
  );
}

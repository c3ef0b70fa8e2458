import type { FastifyInstance } from 'fastify';
import { sendXlsx, XLSX_MIME } from '../../platform/export/xlsx.js';
import { ctxOf, typed } from '../../platform/http.js';
import { onSchedulerTick } from '../sla/index.js';
import { failureRateReport, faultReport, partsUseReport, productivityReport, slaReport } from './analysis.js';
import {
  DailyQuery,
  DailyReport,
  Dashboard,
  DashboardQuery,
  FailureRateQuery,
  FailureRateReport,
  FaultQuery,
  FaultReport,
  MoneyQuery,
  MoneyReport,
  MonthlyQuery,
  MonthlyReport,
  PartsUseQuery,
  PartsUseReport,
  PeriodQuery,
  ProductivityQuery,
  ProductivityReport,
  ReportOrderPage,
  ReportOrdersExportQuery,
  ReportOrdersQuery,
  SlaReport,
} from './contract.js';
import {
  dailyXlsx,
  failureRateXlsx,
  faultXlsx,
  moneyXlsx,
  monthlyXlsx,
  ordersXlsx,
  partsUseXlsx,
  productivityXlsx,
  slaXlsx,
} from './export.js';
import { mailMonthlyReports } from './mailing.js';
import { moneyReport } from './money.js';
import { dailyReport, dashboard, monthlyReport, reportOrders } from './queries.js';
import { DRAIN_BATCH, refreshDirtyFacts } from './refresh.js';

const tags = ['reports'];

/** Reports and dashboards (docs/reports.md), all in the reader's data scope (reports.read). */
export async function reportRoutes(app: FastifyInstance) {
  // Facts are kept fresh between reads too, so a read rarely has more than a few orders to redo.
  onSchedulerTick('reports', (db, now) => refreshDirtyFacts(db, now, { limit: DRAIN_BATCH }));
  onSchedulerTick('reports-mail', mailMonthlyReports);
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

  // The analyses: each as JSON and as XLSX, the same query.
  r.get(
    '/api/reports/sla',
    {
      schema: {
        tags,
        summary:
          'SLA: breaches by step and by the unit answering for it, mean and p90 per step (orders received in the period) (reports.read)',
        querystring: PeriodQuery,
        response: { 200: SlaReport },
      },
    },
    async (req) => slaReport(ctxOf(req, 'reports.read'), req.query),
  );
  r.get(
    '/api/reports/sla.xlsx',
    {
      schema: {
        tags,
        summary:
          'SLA: breaches by step and by the unit answering for it, mean and p90 per step (orders received in the period), as XLSX; audited (reports.read)',
        querystring: PeriodQuery,
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => sendXlsx(reply, await slaXlsx(ctxOf(req, 'reports.read'), req.query)),
  );
  r.get(
    '/api/reports/productivity',
    {
      schema: {
        tags,
        summary:
          'Productivity of outlets or technicians: completed per day, first-time fix rate, mean time on site (reports.read)',
        querystring: ProductivityQuery,
        response: { 200: ProductivityReport },
      },
    },
    async (req) => productivityReport(ctxOf(req, 'reports.read'), req.query),
  );
  r.get(
    '/api/reports/productivity.xlsx',
    {
      schema: {
        tags,
        summary:
          'Productivity of outlets or technicians: completed per day, first-time fix rate, mean time on site, as XLSX; audited (reports.read)',
        querystring: ProductivityQuery,
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => sendXlsx(reply, await productivityXlsx(ctxOf(req, 'reports.read'), req.query)),
  );
  r.get(
    '/api/reports/faults',
    {
      schema: {
        tags,
        summary:
          'Fault analysis: a Pareto of completed orders by model, line, fault code, cause or part; repeat repairs within 30/90 days (reports.read)',
        querystring: FaultQuery,
        response: { 200: FaultReport },
      },
    },
    async (req) => faultReport(ctxOf(req, 'reports.read'), req.query),
  );
  r.get(
    '/api/reports/faults.xlsx',
    {
      schema: {
        tags,
        summary:
          'Fault analysis: a Pareto of completed orders by model, line, fault code, cause or part; repeat repairs within 30/90 days, as XLSX; audited (reports.read)',
        querystring: FaultQuery,
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => sendXlsx(reply, await faultXlsx(ctxOf(req, 'reports.read'), req.query)),
  );
  r.get(
    '/api/reports/failure-rate',
    {
      schema: {
        tags,
        summary: 'Failure rate per purchase month: units sold, units that came in for repair (reports.read)',
        querystring: FailureRateQuery,
        response: { 200: FailureRateReport },
      },
    },
    async (req) => failureRateReport(ctxOf(req, 'reports.read'), req.query),
  );
  r.get(
    '/api/reports/failure-rate.xlsx',
    {
      schema: {
        tags,
        summary:
          'Failure rate per purchase month: units sold, units that came in for repair, as XLSX; audited (reports.read)',
        querystring: FailureRateQuery,
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => sendXlsx(reply, await failureRateXlsx(ctxOf(req, 'reports.read'), req.query)),
  );
  r.get(
    '/api/reports/parts',
    {
      schema: {
        tags,
        summary: 'Parts consumed per part or outlet: orders, quantity, cost (reports.read)',
        querystring: PartsUseQuery,
        response: { 200: PartsUseReport },
      },
    },
    async (req) => partsUseReport(ctxOf(req, 'reports.read'), req.query),
  );
  r.get(
    '/api/reports/parts.xlsx',
    {
      schema: {
        tags,
        summary: 'Parts consumed per part or outlet: orders, quantity, cost, as XLSX; audited (reports.read)',
        querystring: PartsUseQuery,
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => sendXlsx(reply, await partsUseXlsx(ctxOf(req, 'reports.read'), req.query)),
  );
  r.get(
    '/api/reports/money',
    {
      schema: {
        tags,
        summary:
          'Settlement per month or unit: fees, bonuses, penalties, adjustments (reports.read and settlement.read)',
        querystring: MoneyQuery,
        response: { 200: MoneyReport },
      },
    },
    async (req) => moneyReport(ctxOf(req, 'reports.read'), req.query),
  );
  r.get(
    '/api/reports/money.xlsx',
    {
      schema: {
        tags,
        summary: 'Settlement per month or unit as XLSX; audited (reports.read and settlement.read)',
        querystring: MoneyQuery,
        produces: [XLSX_MIME],
      },
    },
    async (req, reply) => sendXlsx(reply, await moneyXlsx(ctxOf(req, 'reports.read'), req.query)),
  );
}

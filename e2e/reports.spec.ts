import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, setupDemo } from './support/api.js';
import { openBrowser } from './support/browser.js';
import { DEMO_PASSWORD, signIn } from './support/flows.js';
import { type RunningServer, startDemoServer } from './support/server.js';

/*
 * Reports and dashboards on screen. The HQ manager opens the dashboard (live counts, this month
 * against the targets, the two charts), goes to the monthly summary of a month in which a province
 * missed its target (red), clicks that province's over-3-day count and lands on the orders behind
 * it: as many as the cell said, the figure named in words, and the XLSX export of them read back
 * with one row per order under the header. The dashboard fits a 375 px phone, and an outlet's
 * manager sees their own outlet only. Last month's faults by cause: the top cause's count lists as
 * many orders, and so does the chart's bar of it; the SLA steps show the API's figures; the faults
 * page fits a phone.
 *
 * The demo's completed orders span the last 90 days, so the month and province are picked from the
 * API first (the previous month preferred, whose statements the demo drafts): a province whose
 * 3-day rate missed its target, else one whose 7-day rate did, else any with orders over 3 days.
 */

interface MonthlyRow {
  key: string;
  name: string;
  completed: number;
  over3: number;
  over7: number;
  met3: boolean | null;
  met7: boolean | null;
}
interface MonthlyReport {
  items: MonthlyRow[];
  sum: MonthlyRow;
  month: string;
  by: string;
}
interface Dashboard {
  today: string;
  month: string;
  live: { received: number; dispatched: number; completed: number; open: number; openOver3: number };
  monthly: MonthlyReport;
  trend: { day: string }[];
}
interface FaultReport {
  items: { key: string; name: string; count: number }[];
  orders: number;
}
interface SlaReport {
  steps: { step: string; measured: number; late: number; lateText: string }[];
}
interface OrgUnit {
  id: string;
  kind: string;
  name: string;
}
interface ReportOrder {
  code: string;
  outletName: string | null;
}

function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

/**
 * Clicks the first bar of a chart (a canvas): across a line at 60 % of its height — inside the
 * first bar of a Pareto, the tallest — the mouse moves right until the chart shows the pointer of a
 * clickable item, and clicks there.
 */
async function clickFirstBar(page: Page, testId: string): Promise<void> {
  const chart = page.locator(`[data-testid="${testId}"] [role="img"]`);
  await chart.locator('canvas').first().waitFor();
  const box = (await chart.boundingBox())!;
  const y = box.y + box.height * 0.6;
  const pointer = () =>
    chart.evaluate((el) => [el, ...el.querySelectorAll('*')].some((e) => getComputedStyle(e).cursor === 'pointer'));
  for (let x = box.x + 20; x < box.x + box.width / 2; x += 4) {
    await page.mouse.move(x, y);
    if (await pointer()) {
      await page.mouse.click(x, y);
      return;
    }
  }
  throw new Error(`no bar found on ${testId}`);
}

/** Which red cell the test follows: the rate that is red and the row whose over-3 count it clicks. */
interface Pick {
  month: string;
  row: MonthlyRow;
  red: 'rate3' | 'rate7' | null;
}

describe('reports', () => {
  let server: RunningServer;
  let manager: Api;
  let outlet: Api;
  let dashboard: Dashboard;
  let pick: Pick;

  beforeAll(async () => {
    server = await startDemoServer();
    const demo = await setupDemo(server);
    manager = await demo.as('manager', DEMO_PASSWORD);
    outlet = await demo.as('gd01.manager', DEMO_PASSWORD);
    // The first read brings the report facts of the whole demo up to date.
    dashboard = await manager.get<Dashboard>('/api/reports/dashboard');
    const months = [previousMonth(dashboard.month), dashboard.month, previousMonth(previousMonth(dashboard.month))];
    const reports = await Promise.all(
      months.map((m) => manager.get<MonthlyReport>(`/api/reports/monthly?month=${m}&by=province`)),
    );
    const find = (test: (r: MonthlyRow) => boolean, red: Pick['red']): Pick | null => {
      for (const r of reports) {
        const row = r.items.find((x) => x.key !== '-' && x.over3 > 0 && test(x));
        if (row) return { month: r.month, row, red };
      }
      return null;
    };
    const found =
      find((r) => r.met3 === false, 'rate3') ?? find((r) => r.met7 === false, 'rate7') ?? find(() => true, null);
    if (!found) throw new Error('the demo has no province with orders completed over 3 days');
    pick = found;
    console.log(
      `reports e2e: ${pick.month} ${pick.row.name} (${pick.row.key}), over3 ${pick.row.over3}, red ${pick.red ?? 'none'}`,
    );
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('reads the dashboard, follows a red province’s over-3-day count to its orders and exports them', async () => {
    const b = await openBrowser({ width: 1366, height: 900 });
    const { page } = b;
    try {
      await signIn(page, server.url, 'manager');
      await page.locator('.ant-menu').getByText('报表', { exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/reports');

      // Live counts, this month per province against the targets, the two charts.
      await page.getByTestId('live-counts').waitFor();
      await expect.poll(() => page.getByTestId('live-open').innerText()).toContain(String(dashboard.live.open));
      const rows = page.getByTestId('dashboard-monthly-row');
      await expect.poll(() => rows.count()).toBe(dashboard.monthly.items.length + 1);
      expect(await page.getByTestId('dashboard-monthly-sum-completed').innerText()).toBe(
        String(dashboard.monthly.sum.completed),
      );
      expect(await page.locator('[data-testid="rate-chart"] canvas').count()).toBeGreaterThan(0);
      expect(await page.locator('[data-testid="trend-chart"] canvas').count()).toBeGreaterThan(0);
      // The orders open over 3 days are a click away too.
      expect(await page.getByTestId('live-openOver3').locator('a').getAttribute('href')).toBe(
        `/reports/orders?from=${dashboard.today}&to=${dashboard.today}&metric=open_over3`,
      );

      // The monthly summary of the picked month, by the reports' tabs: choose the month on the picker.
      await page.getByTestId('reports-nav').getByRole('link', { name: '月度汇总', exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/reports/monthly');
      const monthInput = page.getByLabel('月份');
      await monthInput.click();
      await monthInput.fill(pick.month);
      await monthInput.press('Enter');
      await page.waitForURL((u) => u.searchParams.get('month') === pick.month);
      const key = pick.row.key;
      const over3 = page.getByTestId(`monthly-${key}-over3`);
      await expect.poll(() => over3.innerText()).toBe(String(pick.row.over3));
      if (pick.red) {
        const rate = page.getByTestId(`monthly-${key}-${pick.red}`);
        expect(await rate.getAttribute('data-met')).toBe('false');
        expect(await rate.getAttribute('class')).toContain('error');
      }
      await b.screenshot('reports-monthly');

      // The over-3-day count lists exactly its orders, named in words.
      await over3.click();
      await page.waitForURL((u) => u.pathname === '/reports/orders');
      const url = new URL(page.url());
      expect(Object.fromEntries(url.searchParams)).toEqual({
        from: `${pick.month}-01`,
        to: monthEnd(pick.month),
        metric: 'over3',
        province: key,
      });
      const total = page.getByTestId('drill-total');
      await expect.poll(() => total.getAttribute('data-total')).toBe(String(pick.row.over3));
      const figure = await page.getByTestId('drill-figure').innerText();
      expect(figure).toContain('超三天完工');
      expect(figure).toContain(pick.month);
      expect(figure).toContain(pick.row.name);
      await expect.poll(() => page.getByTestId('drill-row').count()).toBe(Math.min(pick.row.over3, 50));
      const firstCode = await page.getByTestId('drill-row').first().locator('a').first().innerText();
      expect(await page.getByTestId('drill-row').first().locator('a').first().getAttribute('href')).toMatch(
        /^\/orders\/[0-9a-f-]{36}$/,
      );
      await b.screenshot('reports-drill');

      // The export holds the same orders: the header and one row per order.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('drill-xlsx').click()]);
      expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
      const file = await download.path();
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(file);
      const sheet = workbook.worksheets[0]!;
      expect(sheet.actualRowCount).toBe(pick.row.over3 + 1);
      expect(String(sheet.getRow(1).getCell(1).value)).toBe('服务单号');
      expect(String(sheet.getRow(2).getCell(1).value)).toBe(firstCode);

      // The drill-down is its address: opened afresh, it shows the same figure.
      await page.goto(url.toString());
      await expect.poll(() => page.getByTestId('drill-total').getAttribute('data-total')).toBe(String(pick.row.over3));
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it('fits the dashboard on a 375 px phone', async () => {
    const b = await openBrowser({ width: 375, height: 800 });
    const { page } = b;
    try {
      await signIn(page, server.url, 'manager');
      await page.goto(`${server.url}/reports`);
      await page.getByTestId('dashboard-monthly-sum-completed').waitFor();
      await page.locator('[data-testid="trend-chart"] canvas').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375 + 1);
      await b.screenshot('reports-phone');
      await page.goto(`${server.url}/reports/monthly?month=${pick.month}`);
      await page.getByTestId(`monthly-${pick.row.key}-over3`).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375 + 1);
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it('follows last month’s top fault cause to its orders, reads the SLA steps, fits the faults on a phone', async () => {
    const month = previousMonth(dashboard.month);
    const period = `from=${month}-01&to=${monthEnd(month)}`;
    const [faults, sla] = await Promise.all([
      manager.get<FaultReport>(`/api/reports/faults?${period}&dimension=cause`),
      manager.get<SlaReport>(`/api/reports/sla?${period}`),
    ]);
    const top = faults.items[0];
    if (!top) throw new Error(`the demo completed no orders in ${month}`);
    const b = await openBrowser({ width: 1366, height: 900 });
    const { page } = b;
    try {
      await signIn(page, server.url, 'manager');
      await page.goto(`${server.url}/reports/faults?${period}`);
      await page.getByTestId('faults-row').first().waitFor();
      await page.getByTestId('faults-dimension').getByText('按故障原因', { exact: true }).click();
      await page.waitForURL((u) => u.searchParams.get('dimension') === 'cause');
      const first = page.getByTestId('faults-row').first();
      await expect.poll(() => first.getAttribute('data-key')).toBe(top.key);
      const count = first.locator('[data-drill]');
      expect(await count.innerText()).toBe(String(top.count));
      expect(await page.locator('[data-testid="pareto-chart"] canvas').count()).toBeGreaterThan(0);
      await count.click();
      await page.waitForURL((u) => u.pathname === '/reports/orders');
      expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({
        from: `${month}-01`,
        to: monthEnd(month),
        metric: 'completed',
        cause: top.key,
      });
      await expect.poll(() => page.getByTestId('drill-total').getAttribute('data-total')).toBe(String(top.count));
      expect(await page.getByTestId('drill-figure').innerText()).toContain(
        `故障原因：${top.key === '-' ? '未记录' : top.key}`,
      );
      const drilled = page.url();

      // The chart's first bar (the top cause, the tallest) opens the very same orders.
      await page.goBack();
      await page.getByTestId('faults-row').first().waitFor();
      await clickFirstBar(page, 'pareto-chart');
      await page.waitForURL((u) => u.pathname === '/reports/orders');
      expect(page.url()).toBe(drilled);
      await expect.poll(() => page.getByTestId('drill-total').getAttribute('data-total')).toBe(String(top.count));
      expect(top.count).toBeGreaterThan(0);

      // The SLA steps as the API counts them, each late count a link.
      await page.goto(`${server.url}/reports/sla?${period}`);
      await page.getByTestId('sla-step-row').first().waitFor();
      await expect.poll(() => page.getByTestId('sla-step-row').count()).toBe(sla.steps.length);
      for (const s of sla.steps) {
        expect(await page.getByTestId(`sla-${s.step}-measured`).innerText()).toBe(String(s.measured));
        expect(await page.getByTestId(`sla-${s.step}-late`).innerText()).toBe(String(s.late));
        expect(await page.getByTestId(`sla-${s.step}-share`).innerText()).toBe(s.lateText);
      }
      expect(await page.getByTestId('sla-on_site-late').getAttribute('href')).toContain('metric=late_on_site');
      await b.screenshot('reports-sla');

      // The faults on a 375 px phone: nothing wider than the screen.
      await page.setViewportSize({ width: 375, height: 800 });
      await page.goto(`${server.url}/reports/faults?${period}&dimension=cause`);
      await page.getByTestId('faults-row').first().waitFor();
      await page.locator('[data-testid="pareto-chart"] canvas').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375 + 1);
      await b.screenshot('reports-faults-phone');
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it('shows an outlet’s manager their own outlet only', async () => {
    const own = (await outlet.get<{ items: OrgUnit[] }>('/api/org/units')).items.filter((u) => u.kind === 'outlet');
    expect(own).toHaveLength(1);
    const unit = own[0]!;
    const d = await outlet.get<Dashboard>('/api/reports/dashboard');
    expect(d.monthly.by).toBe('outlet');
    expect(d.monthly.items.map((r) => r.key)).toEqual(d.monthly.items.length ? [unit.id] : []);

    const b = await openBrowser({ width: 1366, height: 900 });
    const { page } = b;
    try {
      await signIn(page, server.url, 'gd01.manager');
      await page.goto(`${server.url}/reports`);
      const rows = page.getByTestId('dashboard-monthly-row');
      await page.getByTestId('dashboard-monthly-sum-completed').waitFor();
      const keys = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
      expect(keys.filter((k) => k !== 'sum')).toEqual(d.monthly.items.map((r) => r.key));
      if (d.monthly.items.length) expect(await rows.first().innerText()).toContain(unit.name);

      // The month's summary by outlet: one row, theirs; its completed orders are all theirs.
      await page.goto(`${server.url}/reports/monthly?month=${pick.month}&by=outlet`);
      await page.getByTestId('monthly-sum-completed').waitFor();
      const monthKeys = await page
        .getByTestId('monthly-row')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-key')));
      expect(monthKeys).toEqual([unit.id, 'sum']);
      // No province or center to choose from, no grouping by center.
      expect(await page.getByTestId('filter-province').count()).toBe(0);
      expect(await page.getByTestId('filter-center').count()).toBe(0);
      expect(await page.getByTestId('monthly-by').innerText()).not.toContain('按中心');
      const completed = Number(await page.getByTestId(`monthly-${unit.id}-completed`).innerText());
      await page.getByTestId(`monthly-${unit.id}-completed`).click();
      await page.waitForURL((u) => u.pathname === '/reports/orders');
      await expect.poll(() => page.getByTestId('drill-total').getAttribute('data-total')).toBe(String(completed));
      const listed = await outlet.get<{ items: ReportOrder[]; total: number }>(
        `/api/reports/orders?from=${pick.month}-01&to=${monthEnd(pick.month)}&metric=completed&pageSize=200`,
      );
      expect(listed.total).toBe(completed);
      expect(new Set(listed.items.map((o) => o.outletName))).toEqual(new Set([unit.name]));
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });
});

import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, setupDemo } from './support/api.js';
import { openBrowser } from './support/browser.js';
import { DEMO_PASSWORD, daysAgo, signIn } from './support/flows.js';
import { type RunningServer, startDemoServer } from './support/server.js';

/*
 * Planning a demo outlet's day on screen. The demo books about sixty visits for tomorrow at outlet
 * O-GD-01 with eight technicians (server/demo/planning-day.ts). The outlet's manager, who dispatches,
 * opens the planning board (their outlet, tomorrow by default), plans the day — a progress bar while
 * the optimiser runs — and sees the routes on the timeline and the plain plot (no tile server is
 * configured), and the reasons of visits that could not be placed. They move one visit by hand,
 * checking it first with a dry run, lock another, publish, and the moved order has its technician
 * and appointment. Then one of the technicians sees the ordered route on the phone view. Last, with
 * the outlet's region using the order pool, the manager publishes an unassigned visit to the pool
 * and a technician certified for its line claims it on the phone.
 */

interface Me {
  orgUnitId: string;
}
interface Stop {
  orderId: string;
  locked: boolean;
  fixed: boolean;
  start: number;
}
interface Route {
  technicianId: string;
  stops: Stop[];
}
interface Plan {
  id: string;
  state: string;
  routes: Route[];
  unplaced: { orderId: string; reason: string }[];
}
interface Board {
  visits: {
    orderId: string;
    code: string;
    location: unknown;
    fixed: boolean;
    pooled: boolean;
    technicianId: string | null;
    productLine: { id: string } | null;
  }[];
  technicians: { id: string; name: string; working: boolean; certifications: { productLineId: string }[] }[];
  poolEnabled: boolean;
  plan: Plan | null;
  tiles: unknown;
}
interface User {
  id: string;
  username: string;
}
interface Order {
  technicianId: string | null;
  technicianName: string | null;
  bookedFrom: string | null;
}

const REASONS: Record<string, string> = {
  no_location: '地址无坐标',
  no_certified_technician: '无持证工程师',
  part_missing: '缺少备件',
  window_unreachable: '时段内无法到达',
  no_room: '当天已排满',
};

/** Picks an option of an antd Select by its visible text, and waits for the list to close. */
async function choose(page: Page, select: Locator, text: RegExp): Promise<void> {
  const open = page.locator('.ant-select-dropdown:visible');
  // A click that lands while the list still slides in can miss its option: open and pick again.
  for (let attempt = 1; ; attempt++) {
    await select.click();
    await open.waitFor();
    await open.locator('.ant-select-item-option', { hasText: text }).first().click();
    try {
      await expect.poll(() => select.innerText(), { timeout: 3000 }).toMatch(text);
      break;
    } catch (e) {
      if (attempt >= 3) throw e;
      if (await open.count()) await select.click();
      await open.waitFor({ state: 'hidden' });
    }
  }
  // A list still open (the click landed while it moved in) would cover the dialog's buttons.
  if (await open.count()) await page.locator('.ant-modal-title:visible').first().click();
  await open.waitFor({ state: 'hidden' });
}

describe('day planning', () => {
  let server: RunningServer;
  let manager: Api;
  let admin: Api;
  let outletId: string;
  /** Tomorrow in the company's zone: the board's default day (read from the page, which may run past midnight). */
  let day = daysAgo(-1);

  beforeAll(async () => {
    server = await startDemoServer();
    const demo = await setupDemo(server);
    manager = await demo.as('gd01.manager', DEMO_PASSWORD);
    admin = demo.admin;
    outletId = (await manager.get<Me>('/api/auth/me')).orgUnitId;
    const board = await manager.get<Board>(`/api/planning/board?outletId=${outletId}&day=${day}`);
    console.log(`planning e2e: ${board.visits.length} visits, ${board.technicians.length} technicians on ${day}`);
    if (board.visits.length < 10) throw new Error('the demo has no planning day at O-GD-01');
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('plans the day, moves and locks visits, publishes, and the technician sees the route', async () => {
    const b = await openBrowser({ width: 1440, height: 1000 });
    const { page } = b;
    let board: Board;
    let movedId: string;
    try {
      await signIn(page, server.url, 'gd01.manager');
      await page.locator('.ant-menu').getByText('排程', { exact: true }).click();
      await page.waitForURL((u) => u.pathname === '/planning');

      // The outlet's visits for tomorrow, before any plan.
      await page.getByTestId('visit-row').first().waitFor();
      const shownDay = await page.getByLabel('日期').inputValue();
      expect([day, daysAgo(-1)]).toContain(shownDay);
      day = shownDay;
      const before = await manager.get<Board>(`/api/planning/board?outletId=${outletId}&day=${day}`);
      await expect.poll(() => page.getByTestId('visit-row').count()).toBe(before.visits.length);
      await page.getByRole('tab', { name: /工程师/ }).click();
      await expect.poll(() => page.getByTestId('technician-item').count()).toBe(before.technicians.length);
      // A technician's shift: the dialog, a later end, saved and shown.
      const working = before.technicians.find((x) => x.working)!;
      const item = page.locator(`[data-testid="technician-item"][data-technician="${working.id}"]`);
      await item.getByRole('button', { name: /班次/ }).click();
      const shiftDialog = page.locator('.ant-modal').filter({ has: page.getByLabel('下班') });
      await shiftDialog.getByLabel('下班').fill('18:30');
      await shiftDialog.getByRole('button', { name: '保存' }).click();
      await page.getByText('班次已保存').waitFor();
      await shiftDialog.waitFor({ state: 'detached' });
      await expect.poll(() => item.innerText()).toContain('–18:30');
      await page.getByRole('tab', { name: /上门/ }).click();

      // Plan the day: a progress bar while the optimiser runs, then the routes.
      await page.getByTestId('plan-run').click();
      await page.getByTestId('plan-progress').waitFor();
      await page.getByTestId('plan-summary').waitFor({ timeout: 90_000 });
      await page.getByTestId('plan-progress').waitFor({ state: 'detached' });
      board = await manager.get<Board>(`/api/planning/board?outletId=${outletId}&day=${day}`);
      const plan = board.plan!;
      expect(plan.state).toBe('draft');
      const planned = plan.routes.flatMap((r) => r.stops);
      expect(planned.length).toBeGreaterThan(0);
      await expect.poll(() => page.getByTestId('timeline-stop').count()).toBe(planned.length);
      expect(await page.getByTestId('timeline-row').count()).toBe(board.technicians.length);
      // The plain plot: every visit with coordinates, a line per technician out.
      expect(board.tiles).toBeNull();
      await page.getByTestId('plan-plot').waitFor();
      expect(await page.getByTestId('plot-visit').count()).toBe(board.visits.filter((v) => v.location).length);
      expect(await page.getByTestId('plot-route').count()).toBe(plan.routes.filter((r) => r.stops.length).length);
      await page.getByTestId('plot-outlet').waitFor();
      // The visits that could not be placed, each with its reason.
      await expect.poll(() => page.getByTestId('unplaced-item').count()).toBe(plan.unplaced.length);
      for (const u of plan.unplaced.slice(0, 5))
        expect(
          await page
            .locator(`[data-testid="unplaced-item"][data-order="${u.orderId}"] [data-testid="unplaced-reason"]`)
            .innerText(),
        ).toBe(REASONS[u.reason]);
      await b.screenshot('planning-board');

      // Move a visit by hand: the last stop of the longest route to its first place; check, then apply.
      const route = [...plan.routes].sort((x, y) => y.stops.length - x.stops.length)[0]!;
      const movable = route.stops.filter((s) => !s.fixed && !s.locked);
      const moved = movable[movable.length - 1]!;
      movedId = moved.orderId;
      await page.locator(`[data-testid="timeline-stop"][data-order="${movedId}"]`).click();
      await page.locator(`[data-testid="selected-visit"][data-order="${movedId}"]`).waitFor();
      await page.getByTestId('move-open').click();
      const dialog = page.locator('.ant-modal').filter({ has: page.getByTestId('move-check') });
      await dialog.waitFor();
      await choose(page, dialog.getByTestId('move-position'), /^第 1 站/);
      await dialog.getByTestId('move-check').click();
      const result = dialog.getByTestId('move-result');
      await result.waitFor();
      if ((await result.getAttribute('data-feasible')) !== 'true') {
        // It does not fit there (the window, say): the reason is shown; back to the last place, which fits.
        expect(await result.innerText()).toContain('无法安排');
        await choose(page, dialog.getByTestId('move-position'), /最后一站/);
        await dialog.getByTestId('move-check').click();
        await result.waitFor();
      }
      await expect.poll(() => result.getAttribute('data-feasible')).toBe('true');
      expect(await result.innerText()).toContain('可以安排');
      await dialog.getByTestId('move-apply').click();
      await dialog.waitFor({ state: 'detached' });
      // Moved and locked there (the dialog's "lock it there" is ticked by default).
      await page.getByTestId('selected-visit-locked').waitFor();
      await expect
        .poll(() => page.locator(`[data-testid="timeline-stop"][data-order="${movedId}"] .anticon-lock`).count())
        .toBe(1);

      // Lock another visit with the toggle.
      const other = route.stops.find((s) => s.orderId !== movedId && !s.fixed && !s.locked)!;
      await page.locator(`[data-testid="timeline-stop"][data-order="${other.orderId}"]`).click();
      await page.locator(`[data-testid="selected-visit"][data-order="${other.orderId}"]`).waitFor();
      const toggle = page.getByTestId('lock-toggle');
      await expect.poll(() => toggle.getAttribute('data-locked')).toBe('false');
      await toggle.click();
      await expect.poll(() => page.getByTestId('lock-toggle').getAttribute('data-locked')).toBe('true');

      // Publish: confirm, and the counts come back.
      await page.getByTestId('plan-publish').click();
      await page.locator('.ant-modal-confirm').getByRole('button', { name: '发布' }).click();
      const published = page.getByTestId('publish-result');
      await published.waitFor({ timeout: 60_000 });
      expect(await published.innerText()).toMatch(/已发布：派工 \d+ 单，预约 \d+ 单/);
      await expect.poll(() => page.getByTestId('plan-summary').getAttribute('data-state')).toBe('published');
      await b.screenshot('planning-published');

      // The moved order has its technician and appointment, on its page too.
      board = await manager.get<Board>(`/api/planning/board?outletId=${outletId}&day=${day}`);
      const movedRoute = board.plan!.routes.find((r) => r.stops.some((s) => s.orderId === movedId))!;
      const order = await manager.get<Order>(`/api/orders/${movedId}`);
      expect(order.technicianId).toBe(movedRoute.technicianId);
      expect(order.bookedFrom).not.toBeNull();
      await page.goto(`${server.url}/orders/${movedId}`);
      await page.getByTestId('order-code').waitFor();
      await page.getByText(order.technicianName!, { exact: true }).first().waitFor();
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }

    // One of the technicians: the ordered route of tomorrow on the phone.
    const users = await manager.get<{ items: User[] }>('/api/users?pageSize=100');
    const routed =
      board.plan!.routes.find((r) => r.stops.length >= 2) ?? board.plan!.routes.find((r) => r.stops.length)!;
    const username = users.items.find((u) => u.id === routed.technicianId)!.username;
    const phone = await openBrowser({ width: 390, height: 844 });
    try {
      await signIn(phone.page, server.url, username);
      await phone.page.waitForURL((u) => u.pathname === '/tech');
      const card = phone.page.getByTestId('my-route');
      await card.waitFor();
      await card.getByText('明天', { exact: true }).click();
      const stops = card.getByTestId('my-route-stop');
      await expect.poll(() => stops.count()).toBe(routed.stops.length);
      const shown = await stops.evaluateAll((els) => els.map((e) => e.getAttribute('data-order')));
      expect(shown).toEqual(routed.stops.map((s) => s.orderId));
      // Nothing is wider than the phone.
      expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await phone.screenshot('planning-technician-route');
      await stops.first().click();
      await phone.page.waitForURL((u) => u.pathname === `/tech/orders/${routed.stops[0]!.orderId}`);
      // The order pool is a tap away; the demo's region does not use it, so it is empty.
      await phone.page.goto(`${server.url}/pool`);
      await phone.page.getByText('工单池中没有可抢的上门').waitFor();
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });
  it('publishes an unassigned visit to the order pool, where a certified technician claims it', async () => {
    // The pool is for regions that use it: Guangdong, where the demo outlet is.
    await admin.put('/api/settings/planning.poolRegions', { value: ['44', '4401', '440000', '440100'] });
    const board = await manager.get<Board>(`/api/planning/board?outletId=${outletId}&day=${day}`);
    expect(board.poolEnabled).toBe(true);
    const certified = (lineId: string) =>
      board.technicians.find((x) => x.certifications.some((c) => c.productLineId === lineId));
    const visit = board.visits.find(
      (v) => !v.fixed && !v.pooled && !v.technicianId && v.productLine && certified(v.productLine.id),
    )!;
    const tech = certified(visit.productLine!.id)!;
    const users = await manager.get<{ items: User[] }>('/api/users?pageSize=100');
    const username = users.items.find((u) => u.id === tech.id)!.username;

    const b = await openBrowser({ width: 1440, height: 1000 });
    try {
      await signIn(b.page, server.url, 'gd01.manager');
      await b.page.goto(`${server.url}/planning?day=${day}`);
      const row = b.page.locator(`[data-testid="visit-row"][data-order="${visit.orderId}"]`);
      await row.waitFor();
      await row.locator('.ant-checkbox-input').check();
      await b.page.getByTestId('pool-publish').click();
      await b.page.getByText('已发布 1 单到工单池').waitFor();
      await expect.poll(() => row.innerText()).toContain('工单池中');
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }

    const phone = await openBrowser({ width: 390, height: 844 });
    try {
      await signIn(phone.page, server.url, username);
      await phone.page.goto(`${server.url}/pool`);
      const offer = phone.page.locator(`[data-testid="pool-offer"][data-order="${visit.orderId}"]`);
      await offer.waitFor();
      await offer.getByTestId('pool-claim').click();
      await phone.page.getByText('抢单成功，已派给您').waitFor();
      await offer.waitFor({ state: 'detached' });
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
    const order = await manager.get<Order>(`/api/orders/${visit.orderId}`);
    expect(order.technicianId).toBe(tech.id);
  });
});

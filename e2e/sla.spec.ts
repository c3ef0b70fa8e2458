import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupDemo } from './support/api.js';
import { type Browser, openBrowser } from './support/browser.js';
import { type RunningServer, startDemoServer } from './support/server.js';

/*
 * Time limits in the browser: the administrator sees that next year's statutory holidays are
 * missing (red warning), enters them by pasting the announcement, confirms the year and the
 * warning goes; the policies page lists the seeded policies with their versions; the header bell
 * opens the inbox.
 */
describe('business calendars, SLA policies and the inbox', () => {
  let server: RunningServer;
  let b: Browser;
  const next = new Date().getFullYear() + 1;

  beforeAll(async () => {
    server = await startDemoServer();
    await setupDemo(server);
    b = await openBrowser({ width: 1366, height: 900 });
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  it('warns about a year without holidays until they are entered and confirmed', async () => {
    const { page } = b;
    await page.goto(`${server.url}/login`);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('Admin12345');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByRole('menuitem', { name: '业务日历' }).click();
    await page.waitForURL('**/sla/calendars');
    const warning = page.getByTestId('calendar-year-missing');
    await expect.poll(() => warning.first().textContent()).toContain(`${next} 法定节假日未导入`);
    await expect.poll(() => page.getByTestId('month-view').locator('[data-work]').count()).toBeGreaterThan(27);
    await b.screenshot('sla-month');

    await page.getByRole('tab', { name: '调整日' }).click();
    await page.getByLabel('批量录入').fill(`元旦：${next}年1月1日至3日放假调休，共3天。`);
    await page.getByText('识别到 3 个日期').waitFor();
    await page.getByRole('button', { name: /添\s*加/ }).click();
    await page.getByRole('cell', { name: new RegExp(`^${next}-01-03`) }).waitFor();

    await page.getByRole('tab', { name: '法定节假日数据' }).click();
    await page.getByRole('button', { name: '确认年度' }).click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await expect.poll(() => warning.count()).toBe(0);
    await b.screenshot('sla-calendars');
  });

  it('lists the policies and their versions', async () => {
    const { page } = b;
    await page.getByRole('menuitem', { name: 'SLA 策略' }).click();
    await page.waitForURL('**/sla/policies');
    await page.getByRole('cell', { name: 'default' }).waitFor();
    await page.getByRole('cell', { name: 'far' }).waitFor();
    await page.getByRole('button', { name: '版本历史' }).first().click();
    await page.getByText('v1 · 默认时限').waitFor();
    await page.waitForTimeout(500); // the drawer slides in
    await b.screenshot('sla-policies');
    await page.keyboard.press('Escape');
  });

  it('opens the inbox from the bell', async () => {
    const { page } = b;
    await page.getByTestId('inbox-bell').click();
    await page.waitForURL('**/inbox');
    // The demo's complaints notify the administrator, so the inbox may hold notices or be empty.
    await page.getByText('站内消息').first().waitFor();
    await expect
      .poll(async () => (await page.getByTestId('inbox-item').count()) + (await page.getByText('暂无消息').count()))
      .toBeGreaterThan(0);
    expect(b.errors).toEqual([]);
  });
});

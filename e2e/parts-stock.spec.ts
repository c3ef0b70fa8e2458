import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, setupDemo } from './support/api.js';
import { type Browser, openBrowser } from './support/browser.js';
import { type RunningServer, startDemoServer } from './support/server.js';

/*
 * Parts stock in the browser: the parts clerk opens the stock page (the HQ warehouse is chosen
 * in the depot tree), posts a receipt, sees the balance and the ledger row; scrapping more than
 * is held is refused with the stock.insufficient message naming part, depot, available and
 * asked. A technician sees their van's stock on the phone.
 */
describe('parts stock', () => {
  let server: RunningServer;
  let b: Browser;
  let admin: Api;

  beforeAll(async () => {
    server = await startDemoServer();
    ({ admin } = await setupDemo(server));
    await admin.post('/api/catalog/parts', { code: 'E2E-BELT', name: '测试皮带' });
    b = await openBrowser({ width: 1366, height: 900 });
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  it('posts a receipt, shows the balance and the ledger, and refuses taking more than is held', async () => {
    const { page } = b;
    await page.goto(`${server.url}/login`);
    await page.getByLabel('用户名').fill('parts');
    await page.getByLabel('密码').fill('Sanbao2026');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByRole('menuitem', { name: '配件库存' }).click();
    await page.waitForURL('**/parts/stock');
    await page.getByTestId('depot-tree').waitFor();

    const dialog = page.getByRole('dialog');
    /**
     * Picks an option of a select in the dialog until the field shows it: a click on an option
     * still sliding in (or replaced when the search answers) misses, and is tried again.
     */
    const choose = async (label: string, title: string, search?: string) => {
      const option = page
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
        .getByTitle(title, { exact: true })
        .first();
      for (let attempt = 1; ; attempt++) {
        if (!(await option.isVisible())) {
          await dialog.getByLabel(label).click();
          if (search) await dialog.getByLabel(label).fill(search);
        }
        await option.click();
        try {
          await dialog.getByTitle(title, { exact: true }).waitFor({ timeout: 5_000 });
          return;
        } catch (err) {
          if (attempt === 3) throw err;
        }
      }
    };
    const post = async (kind: string | null, quantity: string, note?: string) => {
      await page.getByRole('button', { name: '出入库' }).first().click();
      if (kind) await choose('类型', kind);
      await choose('配件', 'E2E-BELT · 测试皮带', 'E2E-BELT');
      await dialog.getByLabel('数量').fill(quantity);
      if (note) await dialog.getByLabel(/原因|备注/).fill(note);
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
    };

    await post(null, '5', '首批到货');
    await expect.poll(() => dialog.count()).toBe(0);
    const row = page.getByTestId('depot-stock').getByRole('row', { name: /E2E-BELT/ });
    await row.waitFor();
    await expect.poll(() => row.textContent()).toContain('5');
    await b.screenshot('parts-stock');

    await row.getByRole('button', { name: '流水' }).click();
    const ledger = page.getByTestId('parts-ledger');
    await ledger.getByRole('cell', { name: '采购入库' }).waitFor();
    await expect.poll(() => ledger.getByRole('row', { name: /采购入库/ }).textContent()).toContain('+5');
    await expect.poll(() => ledger.getByRole('row', { name: /采购入库/ }).textContent()).toContain('配件管理员 赵芳');
    await b.screenshot('parts-ledger');
    await page.keyboard.press('Escape');

    await post('报废', '9', '破损');
    const refusal = page.getByTestId('movement-refusal');
    await refusal.waitFor();
    const text = await refusal.textContent();
    expect(text).toContain('E2E-BELT');
    expect(text).toMatch(/可用数量为5，不足9/);
    await b.screenshot('parts-insufficient');
    await dialog.getByRole('button', { name: /取\s*消/ }).click();

    // At phone width the tree stacks above the stock list.
    await page.setViewportSize({ width: 390, height: 844 });
    await row.waitFor();
    await b.screenshot('parts-stock-phone');
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  it("shows the technician's van stock at phone width", async () => {
    const depots = await admin.get<{ items: { id: string; code: string }[] }>('/api/parts/depots');
    const van = depots.items.find((d) => d.code === 'VAN-GD01.TECH1');
    expect(van).toBeTruthy();
    const parts = await admin.get<{ items: { id: string }[] }>('/api/catalog/parts?q=E2E-BELT');
    await admin.post('/api/parts/movements', {
      kind: 'receipt',
      depotId: van!.id,
      partId: parts.items[0]!.id,
      quantity: 2,
    });
    const phone = await openBrowser({ width: 390, height: 844 });
    try {
      const { page } = phone;
      await page.goto(`${server.url}/login`);
      await page.getByLabel('用户名').fill('gd01.tech1');
      await page.getByLabel('密码').fill('Sanbao2026');
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.waitForURL('**/tech');
      await page.getByRole('link', { name: '我的车载库存' }).click();
      await page.waitForURL('**/tech/van');
      const list = page.getByTestId('van-stock');
      await list.getByText('测试皮带').waitFor();
      await expect.poll(() => list.textContent()).toContain('2');
      await phone.screenshot('parts-van-phone');
    } finally {
      await phone.close();
    }
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, openBrowser } from './support/browser.js';
import { type RunningServer, startDemoServer } from './support/server.js';

/*
 * The customer archive in the browser: a demo company set up through the API, a product line and
 * model from the catalog API; then in the UI an agent opens a customer with a phone and an
 * address, registers a unit, sees its QR label, and finds the customer by the phone's last digits.
 * The same pages at phone width.
 */
const PHONE = '199 5718 2046';
const SERIAL = 'E2E-SN-000123';

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

describe('customer archive, catalog and installed base', () => {
  let server: RunningServer;
  let b: Browser;
  let token = '';
  const post = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    server = await startDemoServer();
    ({ token } = await json<{ token: string }>(
      await post('/api/auth/login', { username: 'admin', password: 'Admin12345', token: true, tokenName: 'e2e' }),
    ));
    const line = await json<{ id: string }>(
      await post('/api/catalog/lines', { code: 'E2E-WASH', name: '测试洗衣机', category: 'washer' }),
    );
    await json(
      await post('/api/catalog/models', {
        lineId: line.id,
        code: 'E2E-XQB80',
        name: '测试全自动洗衣机',
        usageKinds: ['household'],
        maintenanceDays: 180,
      }),
    );
    b = await openBrowser({ width: 1366, height: 768 });
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  it('opens a customer with phone and address, adds a unit, shows its QR label, finds the customer by phone', async () => {
    const { page } = b;
    await page.goto(`${server.url}/login`);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('Admin12345');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    // An administrator lands on the reports' dashboard.
    await page.waitForURL((u) => u.pathname === '/reports');
    await page.getByTestId('live-counts').waitFor();

    await page.getByRole('menuitem', { name: '客户档案' }).click();
    await page.waitForURL('**/customers');
    await page.getByRole('button', { name: '新建客户' }).click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByLabel('姓名').fill('赵小明');
    await drawer.getByLabel('号码').fill(PHONE);
    await drawer.getByRole('button', { name: '添加地址' }).click();
    await drawer.getByLabel('省/市/区县').fill('西湖区');
    await page.locator('.ant-cascader-menu-item').filter({ hasText: '杭州市' }).first().click();
    await drawer.getByLabel('详细地址').fill('文三路 100 号 2 幢 301 室');
    await drawer.getByLabel('标签').fill('VIP');
    await page.keyboard.press('Enter');
    await b.screenshot('c01-customer-form');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    // Demo customers have random numbers; should one match, this is another person: create anyway.
    const anyway = drawer.getByRole('button', { name: '仍然新建' });
    await Promise.race([page.waitForURL(/\/customers\/[0-9a-f-]{36}$/), anyway.waitFor().then(() => anyway.click())]);
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    const customerUrl = page.url();
    await page.getByText('浙江省 杭州市 西湖区').first().waitFor();
    await page.locator('.ant-descriptions').getByText(PHONE).waitFor();
    await b.screenshot('c02-customer-detail');

    // A unit of the catalog's model.
    await page.getByRole('button', { name: '添加产品' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('型号').fill('E2E');
    await page.locator('.ant-select-item-option').filter({ hasText: 'E2E-XQB80' }).click();
    await dialog.getByLabel('序列号').fill(SERIAL);
    await dialog.getByLabel('销售渠道').fill('杭州大厦');
    await b.screenshot('c03-unit-form');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.waitForURL(/\/units\/[0-9a-f-]{36}$/);
    await page.getByRole('button', { name: '二维码标签' }).waitFor();
    await page.locator('.ant-descriptions').getByText('赵小明', { exact: false }).waitFor();
    await page.getByText('每 180 天').waitFor();
    await b.screenshot('c04-unit-detail');

    // The printable QR label.
    await page.getByRole('button', { name: '二维码标签' }).click();
    const qr = page.locator('.sanbao-unit-label img');
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await page.locator('.sanbao-unit-label').innerText()).toContain(SERIAL);
    await page.getByRole('button', { name: '打印标签' }).waitFor();
    await b.screenshot('c05-unit-label');
    await page.locator('.ant-modal-footer').getByRole('button', { name: '关闭' }).click();

    // The customer's page lists the unit; the archive is complete now.
    await page.goto(customerUrl);
    await page.getByRole('cell', { name: SERIAL, exact: true }).waitFor();
    await page.getByText('已完善').first().waitFor();

    // Search by the last four digits of the phone.
    await page.getByRole('menuitem', { name: '客户档案' }).click();
    await page.getByLabel('搜索').fill(PHONE.slice(-4));
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/customers?q=${PHONE.slice(-4)}`);
    await page.getByRole('cell', { name: '赵小明' }).waitFor();
    await b.screenshot('c06-customer-search');

    // The catalog shows the model; its page shows the parts list editor.
    await page.getByRole('menuitem', { name: '产品目录' }).click();
    await page.getByRole('link', { name: 'E2E-XQB80' }).click();
    await page.getByText('配件清单（BOM）').waitFor();
    await b.screenshot('c07-model');
    expect(b.errors).toEqual([]);
  });

  it('merges a duplicate and undoes it, edits a parts list, exchanges a unit', async () => {
    const { page } = b;
    const dupPhone = '199 5718 7733';
    const keep = await json<{ id: string }>(
      await post('/api/customers', { name: '钱多多', phones: [{ number: dupPhone }], tags: ['E2E'] }),
    );
    await json(
      await post('/api/customers', { name: '钱多多（重复）', phones: [{ number: dupPhone }], allowDuplicate: true }),
    );
    await json(await post('/api/catalog/parts', { code: 'E2E-MOTOR', name: '测试电机' }));

    await page.goto(`${server.url}/customers/${keep.id}`);
    await page.getByRole('tab', { name: '合并' }).click();
    await page.getByRole('button', { name: '查找重复' }).click();
    await page.getByRole('cell', { name: '钱多多（重复）' }).waitFor();
    await page.getByRole('button', { name: '合并到本档案' }).click();
    await page.getByRole('button', { name: '确认合并' }).click();
    await page.getByText(/已合并：/).waitFor();
    const history = page.locator('.ant-table').last();
    await history.getByText('已合并', { exact: true }).waitFor();
    await b.screenshot('c08-merge');
    await history.getByRole('button', { name: '撤销合并' }).click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '撤销合并' }).click();
    await history.getByText('已撤销', { exact: true }).waitFor();

    // Parts list: add the motor as a main part.
    await page.goto(`${server.url}/catalog?tab=models`);
    await page.getByRole('link', { name: 'E2E-XQB80' }).click();
    await page.getByLabel('添加配件（输入编码或名称）').fill('E2E-MOTOR');
    await page.locator('.ant-select-item-option').filter({ hasText: '测试电机' }).click();
    await page.getByRole('switch', { name: '主要部件' }).click();
    await page.getByRole('button', { name: '保存配件清单' }).click();
    await page.getByText('配件清单已保存').waitFor();
    await b.screenshot('c09-bom');

    // Exchange the unit: the new one links back to the old.
    await page.goto(`${server.url}/units?q=${SERIAL}`);
    await page.getByRole('link', { name: SERIAL, exact: true }).click();
    await page.getByRole('button', { name: '换机' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('新机序列号').fill(`${SERIAL}-N`);
    await dialog.getByLabel('原因').fill('三次维修未修好，换机');
    await dialog.getByRole('button', { name: '换机' }).click();
    await page.getByText(`已换机，新机 ${SERIAL}-N`).waitFor();
    await page.locator('.ant-descriptions').getByRole('link', { name: SERIAL, exact: true }).waitFor();
    await b.screenshot('c10-exchanged');
    expect(b.errors).toEqual([]);
  });

  it('imports customers from a CSV file: check first, then import', async () => {
    const { page } = b;
    const dir = mkdtempSync(join(tmpdir(), 'sanbao-import-'));
    const file = join(dir, '客户导入.csv');
    writeFileSync(
      file,
      '客户姓名,手机号,省,市,区,详细地址,型号,序列号,备用列\n孙小圣,199 5718 0001,浙江省,杭州市,西湖区,灵隐路 1 号,E2E-XQB80,E2E-IMP-001,x\n',
    );
    try {
      await page.goto(`${server.url}/customers`);
      await page.getByRole('button', { name: '导入' }).click();
      await page.waitForURL('**/customers/import');
      await page.locator('input[type=file]').setInputFiles(file);
      await page.getByRole('cell', { name: '备用列' }).waitFor();
      await page.getByRole('button', { name: '检查（试运行）' }).click();
      await page.getByText('检查通过，可以导入').waitFor();
      await page.getByRole('button', { name: '导入', exact: true }).click();
      await page.getByText('已导入 1 行').first().waitFor();
      await b.screenshot('c15-import');
      await page.goto(`${server.url}/customers?q=0001`);
      await page.getByRole('cell', { name: '孙小圣' }).waitFor();
      expect(b.errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('works at phone width', async () => {
    const phone = await openBrowser({ width: 375, height: 812 });
    try {
      const { page } = phone;
      await page.goto(`${server.url}/login`);
      await page.getByLabel('用户名').fill('admin');
      await page.getByLabel('密码').fill('Admin12345');
      await page.getByRole('button', { name: /登\s*录/ }).click();
      // An administrator lands on the reports' dashboard.
      await page.waitForURL((u) => u.pathname === '/reports');
      await page.getByTestId('live-counts').waitFor();
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

      await page.goto(`${server.url}/customers?q=${PHONE.slice(-4)}`);
      await page.getByRole('cell', { name: '赵小明' }).waitFor();
      expect(await overflow()).toBeLessThanOrEqual(1);
      await phone.screenshot('c11-phone-customers');

      await page.getByRole('cell', { name: '赵小明' }).click();
      await page.getByRole('cell', { name: SERIAL, exact: true }).waitFor();
      expect(await overflow()).toBeLessThanOrEqual(1);
      await phone.screenshot('c12-phone-customer');

      await page.getByRole('button', { name: /编\s*辑/ }).click();
      await page.locator('.ant-drawer').getByLabel('详细地址').waitFor();
      await page.waitForTimeout(400); // the drawer slides in
      expect(await overflow()).toBeLessThanOrEqual(1);
      await phone.screenshot('c13-phone-customer-form');
      await page
        .locator('.ant-drawer')
        .getByRole('button', { name: /取\s*消/ })
        .click();

      await page.getByRole('cell', { name: SERIAL, exact: true }).click();
      await page.getByRole('button', { name: '二维码标签' }).waitFor();
      expect(await overflow()).toBeLessThanOrEqual(1);
      await phone.screenshot('c14-phone-unit');

      // English throughout.
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('button', { name: 'QR label' }).waitFor();
      expect(await page.locator('main').innerText()).not.toMatch(/型号|序列号|服务历史|二维码/);
      await phone.screenshot('c16-phone-unit-en');
      await page.goto(`${server.url}/customers`);
      await page.getByRole('button', { name: 'New customer' }).waitFor();
      await phone.screenshot('c17-phone-customers-en');
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});

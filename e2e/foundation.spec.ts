import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, openBrowser } from './support/browser.js';
import { type RunningServer, startServer } from './support/server.js';

/*
 * The first-day flow, in Chinese by default: setup wizard → sign in → create a center, an
 * outlet and a technician → see them in the audit log → switch to English. Then the same
 * pages at phone width.
 */
describe('first day with Sanbao', () => {
  let server: RunningServer;
  let b: Browser;

  beforeAll(async () => {
    server = await startServer();
    b = await openBrowser();
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  it('sets up, signs in, builds the org, audits it, and speaks English', async () => {
    const { page } = b;
    await page.goto(server.url);
    await page.waitForURL('**/setup');

    await page.getByLabel('公司名称').fill('浙江某某电器有限公司');
    await page.getByLabel('管理员账号').fill('admin');
    await page.getByLabel('姓名').fill('系统管理员');
    await page.getByLabel('密码', { exact: true }).fill('Admin12345');
    await page.getByLabel('确认密码').fill('Admin12345');
    await b.screenshot('01-setup');
    await page.getByRole('button', { name: '完成初始化' }).click();

    await page.waitForURL('**/login**');
    await expect.poll(() => page.getByLabel('用户名').inputValue()).toBe('admin');
    await page.getByLabel('密码').fill('Admin12345');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    // An administrator lands on the reports' dashboard.
    await page.waitForURL((u) => u.pathname === '/reports');
    await page.getByTestId('live-counts').waitFor();
    await b.screenshot('02-home');

    // A provincial center under HQ.
    await page.getByRole('menuitem', { name: '组织架构' }).click();
    await page.locator('.ant-tree').getByText('浙江某某电器有限公司').click();
    await page.getByRole('button', { name: '新增下级' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('编码').fill('C-ZJ');
    await dialog.getByLabel('名称').fill('浙江省服务中心');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });

    // An outlet under the center.
    await page.locator('.ant-tree').getByText('浙江省服务中心').click();
    await page.getByRole('button', { name: '新增下级' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('编码').fill('O-ZJ-01');
    await dialog.getByLabel('名称').fill('杭州西湖家电维修部');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.ant-tree').getByText('杭州西湖家电维修部').waitFor();
    await b.screenshot('03-org');

    // A technician of the outlet.
    await page.getByRole('menuitem', { name: '人员' }).click();
    await page.getByRole('button', { name: '新建人员' }).click();
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('用户名').fill('xh.tech1');
    await dialog.getByLabel('姓名').fill('王师傅');
    await dialog.getByLabel('密码', { exact: true }).fill('Tech12345');
    const confirm = dialog.getByLabel('确认密码');
    if (await confirm.count()) await confirm.fill('Tech12345');
    // antd selects: type to filter, Enter to pick the highlighted option.
    await dialog.getByLabel('所属组织').fill('杭州西湖');
    await page.locator('.ant-select-tree-treenode').filter({ hasText: '杭州西湖家电维修部' }).waitFor();
    await page.keyboard.press('Enter');
    // New people default to the technician role; pick it only when it is not there already.
    const roleItem = dialog.locator('.ant-form-item').filter({ hasText: '角色' });
    if (!(await roleItem.innerText()).includes('维修工程师')) {
      await roleItem.locator('.ant-select').click();
      await page.locator('.ant-select-item-option[title="维修工程师"]').click();
      await page.keyboard.press('Escape');
    }
    expect(await roleItem.innerText()).toContain('维修工程师');
    await b.screenshot('04a-user-form');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('cell', { name: 'xh.tech1' }).waitFor();
    await b.screenshot('04-users');

    // Both appear in the audit log, with who did it.
    await page.getByRole('menuitem', { name: '审计日志' }).click();
    const table = page.locator('.ant-table');
    // Wait for the rows themselves: the table shows its empty state while the list loads, and
    // the users page's table (also naming the administrator) may still be on screen.
    await table.getByText('杭州西湖家电维修部').first().waitFor();
    await table.getByText('系统管理员').first().waitFor();
    const text = await table.innerText();
    expect(text).toContain('杭州西湖家电维修部');
    expect(text).toContain('xh.tech1');
    await b.screenshot('05-audit');

    // English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('menuitem', { name: 'Audit log' }).waitFor();
    expect(await page.locator('body').innerText()).not.toContain('审计日志');
    await b.screenshot('06-english');

    // The language choice sticks to the profile.
    await page.reload();
    await page.getByRole('menuitem', { name: 'Audit log' }).waitFor();
    expect(b.errors).toEqual([]);
  });

  it('works at phone width', async () => {
    const phone = await openBrowser({ width: 390, height: 844 });
    try {
      const { page } = phone;
      await page.goto(`${server.url}/login`);
      await page.getByLabel(/用户名|Username/).fill('xh.tech1');
      await page.getByLabel(/^(密码|Password)$/).fill('Tech12345');
      await page.getByRole('button', { name: /登\s*录|Sign in/ }).click();
      // A technician lands on their jobs, not on the welcome page.
      await page.waitForURL((u) => u.pathname === '/tech');
      await page.getByRole('heading', { name: /我的工单|My jobs/ }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(1);
      await phone.screenshot('07-phone-home');
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});

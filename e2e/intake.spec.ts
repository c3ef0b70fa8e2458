import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, setupDemo } from './support/api.js';
import { type Browser, openBrowser } from './support/browser.js';
import { type RunningServer, startDemoServer } from './support/server.js';

/*
 * The hotline desk at 1366×768, keyboard first: the agent types a known caller's phone, picks the
 * card with Enter, logs a consultation answered on the spot with Ctrl+Enter; then a caller
 * nobody knows: a new customer inline with a repair request, and its request number. A CTI
 * call pops the caller on the open desk; an escalated consultation is answered from the queue.
 * A repair call for a customer and unit on file becomes an order in one step from the desk.
 */
const KNOWN = '139 1234 5678';
const OWNER = '13800002222';
const SERIAL = 'E2E-DESK-0001';
const NEW_PHONE = '13700001111';

interface Page<T> {
  items: T[];
}
interface ContactRow {
  code: string;
  class: string;
  status: string;
  customerId: string | null;
  startedAt: string;
  endedAt: string | null;
  answer: string | null;
  serviceRequestId: string | null;
}
interface RequestRow {
  code: string;
  kind: string;
  customerName: string;
  addressId: string | null;
  contactId: string | null;
  phone: string;
}

describe('hotline intake desk', () => {
  let server: RunningServer;
  let admin: Api;
  let hotlineApi: Api;
  let b: Browser;

  beforeAll(async () => {
    server = await startDemoServer();
    const s = await setupDemo(server);
    admin = s.admin;
    hotlineApi = await s.as('hotline', 'Sanbao2026');
    await admin.post('/api/customers', {
      kind: 'individual',
      name: '钱多多',
      phones: [{ number: KNOWN, isPrimary: true }],
      addresses: [
        { provinceCode: '330000', cityCode: '330100', districtCode: '330106', detail: '文三路1号', isPrimary: true },
      ],
    });
    const line = await admin.post<{ id: string }>('/api/catalog/lines', {
      code: 'E2E-DESK',
      name: '测试洗衣机',
      category: 'washer',
    });
    const model = await admin.post<{ id: string }>('/api/catalog/models', {
      lineId: line.id,
      code: 'E2E-DESK-W1',
      name: '测试滚筒洗衣机',
      usageKinds: ['household'],
    });
    const owner = await admin.post<{ id: string }>('/api/customers', {
      kind: 'individual',
      name: '李一步',
      phones: [{ number: OWNER, isPrimary: true }],
      addresses: [
        { provinceCode: '330000', cityCode: '330100', districtCode: '330106', detail: '文一路9号', isPrimary: true },
      ],
    });
    await admin.post('/api/units', { modelId: model.id, serialNo: SERIAL, customerId: owner.id, usage: 'household' });
    b = await openBrowser({ width: 1366, height: 768 });
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  it('logs a consultation for a known caller, then a new customer with a repair request', async () => {
    const { page } = b;
    await page.goto(`${server.url}/login`);
    await page.getByLabel('用户名').fill('hotline');
    await page.getByLabel('密码').fill('Sanbao2026');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByRole('menuitem', { name: '受理台' }).click();
    await page.waitForURL('**/intake');

    // The search box has the focus: just type.
    const search = page.getByLabel('查找客户');
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('5678');
    const card = page.getByTestId('customer-card').filter({ hasText: '钱多多' });
    await card.waitFor();
    await search.fill(KNOWN);
    await card.waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('desk-customer').getByText('钱多多').waitFor();
    // Enter moved to the contact text; Alt+1 is the consultation class.
    await page.keyboard.press('Alt+1');
    await page.keyboard.type('洗衣机显示E3是什么意思？');
    await page.getByLabel('解答内容').fill('E3为门锁未关好，请重新关门后启动。');
    await expect.poll(() => page.getByTestId('call-timer').innerText()).toMatch(/\d\d:\d\d/);
    await b.screenshot('intake-01-consultation');
    await page.keyboard.press('Control+Enter');
    const saved = page.getByTestId('last-saved');
    await saved.waitFor();
    expect(await saved.innerText()).toMatch(/T\d{10}/);

    const contacts = await admin.get<Page<ContactRow>>('/api/intake/contacts?class=consultation');
    expect(contacts.items).toHaveLength(1);
    expect(contacts.items[0]).toMatchObject({ status: 'answered', answer: 'E3为门锁未关好，请重新关门后启动。' });
    expect(contacts.items[0]!.endedAt).not.toBeNull();

    // Back in the search box, a number nobody knows: a new customer inline, a repair request.
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(NEW_PHONE);
    await page.getByText(`没有找到“${NEW_PHONE}”`).waitFor();
    await page.keyboard.press('Alt+n');
    const fresh = page.getByTestId('new-customer');
    await fresh.waitFor();
    expect(await fresh.getByLabel('电话').inputValue()).toBe(NEW_PHONE);
    await fresh.getByLabel('姓名').fill('孙新客');
    await fresh.getByLabel('所在地区').fill('西湖区');
    await page.locator('.ant-cascader-menu-item').filter({ hasText: '杭州市' }).first().click();
    await fresh.getByLabel('详细地址').fill('天目山路88号3单元201');
    await page.keyboard.press('Alt+2');
    await page.getByTestId('request-section').waitFor();
    await page.getByLabel('来电内容').fill('滚筒洗衣机不脱水，有异响');
    await b.screenshot('intake-02-new-customer-repair');
    await page.getByTestId('desk-save').click();
    await expect.poll(() => saved.innerText()).toMatch(/服务申请单号 SR\d{6}-\d{4}/);
    const code = /SR\d{6}-\d{4}/.exec(await saved.innerText())![0];
    await b.screenshot('intake-03-saved');

    const requests = await admin.get<Page<RequestRow>>('/api/intake/requests?kind=repair');
    const request = requests.items.find((r) => r.code === code);
    expect(request).toMatchObject({ customerName: '孙新客', phone: NEW_PHONE });
    expect(request!.addressId).not.toBeNull();
    expect(request!.contactId).not.toBeNull();

    // The request is listed, and its customer is found by the new phone.
    await page.getByRole('button', { name: '服务申请' }).click();
    await page.getByRole('cell', { name: code }).waitFor();
    await b.screenshot('intake-04-requests');
    expect(b.errors).toEqual([]);
  });

  it('makes a repair call for a unit on file an order in one step, keyboard only', async () => {
    const { page } = b;
    await page.getByRole('menuitem', { name: '受理台' }).click();
    await page.waitForURL('**/intake');
    const search = page.getByLabel('查找客户');
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type(OWNER);
    await page.getByTestId('customer-card').filter({ hasText: '李一步' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('desk-customer').getByText('李一步').waitFor();
    // The one unit is chosen with the customer; Alt+2 is a repair.
    await page.keyboard.press('Alt+2');
    await page.keyboard.type('洗衣机不脱水，有异响');
    await page.getByTestId('entitlement-panel').waitFor();
    await page.getByTestId('desk-order').waitFor();
    await page.keyboard.press('Control+Shift+Enter');
    const result = page.getByTestId('desk-order-result');
    await result.waitFor();
    await b.screenshot('intake-04b-desk-order');
    const link = result.getByTestId('desk-order-link');
    const orderId = (await link.getAttribute('href'))!.split('/').pop()!;
    expect(await result.getByTestId('desk-order-suggestion').innerText()).toMatch(/建议派往|暂无派单建议/);
    await result.getByTestId('entitlement-unit').waitFor();
    const order = await admin.get<{ code: string; contactId: string | null; serialNo: string | null }>(
      `/api/orders/${orderId}`,
    );
    expect(await link.innerText()).toBe(order.code);
    expect(order.contactId).not.toBeNull();
    const contacts = await admin.get<Page<ContactRow & { id: string }>>('/api/intake/contacts?class=repair');
    expect(contacts.items.filter((c) => c.id === order.contactId)).toHaveLength(1);
    // No service request on this path; the order opens from the link.
    const requests = await admin.get<Page<RequestRow>>('/api/intake/requests?kind=repair');
    expect(requests.items.some((r) => r.contactId === order.contactId)).toBe(false);
    await link.click();
    await page.waitForURL(`**/orders/${orderId}`);
    await page.getByText(order.code).first().waitFor();
    expect(b.errors).toEqual([]);
  });

  it('pops an incoming call and answers an escalated consultation from the queue', async () => {
    const { page } = b;
    await page.getByRole('menuitem', { name: '受理台' }).click();
    await page.waitForURL('**/intake');
    // The desk opens the agent's event stream as it mounts; on a busy machine it may connect after
    // the first pop, so the telephony side rings again until the desk shows the call.
    const popped = page.locator('.ant-notification').getByText('来电 139 1234 5678').first();
    for (let ring = 1; ; ring++) {
      const pop = await hotlineApi.post<{ customers: { name: string }[] }>('/api/intake/caller-id', {
        phone: KNOWN,
        agent: 'hotline',
      });
      expect(pop.customers.map((c) => c.name)).toEqual(['钱多多']);
      const shown = await popped.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => false,
      );
      if (shown) break;
      if (ring === 6) throw new Error('the desk never showed the incoming call');
    }
    await expect.poll(() => page.getByLabel('查找客户').inputValue()).toBe('13912345678');
    await page.getByTestId('customer-card').filter({ hasText: '钱多多' }).waitFor();
    await b.screenshot('intake-05-caller-id');

    await page.keyboard.press('Enter');
    await page.keyboard.type('烘干功能能否单独使用？');
    await page.getByText('转技术主管').click();
    await page.getByLabel('转交说明').fill('客户机型较老，请主管确认');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('last-saved').waitFor();
    await b.screenshot('intake-05b-escalated');
    const escalated = await admin.get<Page<ContactRow>>('/api/intake/contacts?status=escalated');
    expect(escalated.items.map((c) => c.class)).toEqual(['consultation']);

    await page.getByRole('menuitem', { name: '技术主管队列' }).click();
    const row = page.locator('.ant-table-row').filter({ hasText: '烘干功能能否单独使用？' });
    await row.waitFor();
    await b.screenshot('intake-06-queue');
    await row.getByRole('button', { name: '答复' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('解答内容').fill('可以，选择“单烘干”程序即可。');
    await dialog.getByRole('button', { name: '答复' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('暂无待答复的咨询').waitFor();
    expect(b.errors).toEqual([]);
  });

  it('works at phone width', async () => {
    const phone = await openBrowser({ width: 375, height: 812 });
    try {
      const { page } = phone;
      await page.goto(`${server.url}/login`);
      await page.getByLabel('用户名').fill('hotline');
      await page.getByLabel('密码').fill('Sanbao2026');
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      await page.goto(`${server.url}/intake`);
      await page.getByLabel('查找客户').fill('5678');
      await page.getByTestId('customer-card').filter({ hasText: '钱多多' }).waitFor();
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(375);
      await phone.screenshot('intake-07-phone');
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByText('Intake desk').first().waitFor();
      const text = await page.locator('main, .ant-layout-content').first().innerText();
      expect(text).toContain('Consultation');
      expect(text).not.toMatch(/咨询|来电内容|新客户/);
      await phone.screenshot('intake-08-phone-english');
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});

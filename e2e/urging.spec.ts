import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, setupDemo } from './support/api.js';
import { type Browser, openBrowser } from './support/browser.js';
import { type RunningServer, startDemoServer } from './support/server.js';

/*
 * A caller chases an open order from the hotline desk (催单): the agent finds the caller, sees
 * the open order with its time limit, and urges it four times; the fourth urge raises a
 * complaint record (seed 004, DOMAIN.md Complaints: "urged more than 3 times"), shown on the order.
 */
const PHONE = '13911112222';

interface OrderView {
  id: string;
  code: string;
  urgeCount: number;
  complaintFlagged?: boolean;
  urges: unknown[];
}

describe('urging an open order from the intake desk', () => {
  let server: RunningServer;
  let admin: Api;
  let b: Browser;
  let order: OrderView;
  let login: (username: string, password: string) => Promise<Api>;

  beforeAll(async () => {
    server = await startDemoServer();
    const s = await setupDemo(server);
    admin = s.admin;
    login = s.as;
    const customer = await admin.post<{ id: string }>('/api/customers', {
      kind: 'individual',
      name: '周急急',
      phones: [{ number: PHONE, isPrimary: true }],
      addresses: [
        { provinceCode: '440000', cityCode: '440100', districtCode: '440106', detail: '天河路1号', isPrimary: true },
      ],
    });
    const hotline = await s.as('hotline', 'Sanbao2026');
    order = await hotline.post<OrderView>('/api/orders', {
      customerId: customer.id,
      serviceType: 'on_site',
      faultDescription: '冰箱不制冷',
    });
    b = await openBrowser({ width: 1366, height: 768 });
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  it('urges four times and the fourth raises a complaint record, shown on the order', async () => {
    const { page } = b;
    await page.goto(`${server.url}/login`);
    await page.getByLabel('用户名').fill('hotline');
    await page.getByLabel('密码').fill('Sanbao2026');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByRole('menuitem', { name: '受理台' }).click();
    await page.waitForURL('**/intake');
    await page.getByLabel('查找客户').fill(PHONE);
    await page.getByTestId('customer-card').filter({ hasText: '周急急' }).click();
    const panel = page.getByTestId('open-orders');
    await panel.getByText(order.code).waitFor();
    for (let n = 1; n <= 4; n++) {
      await panel.getByTestId('urge-button').click();
      await page.getByPlaceholder('客户的原话、期望时间等（可选）').fill(`第${n}次来电催促`);
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /催\s*单/ })
        .click();
      await page
        .getByText(n < 4 ? `已催单（第${n}次）` : '已自动生成投诉记录')
        .first()
        .waitFor();
      await panel.getByText(`已催${n}次`).waitFor();
    }
    await b.screenshot('urging-01-fourth-urge');
    const after = await admin.get<OrderView>(`/api/orders/${order.id}`);
    expect(after.urgeCount).toBe(4);
    expect(after.urges).toHaveLength(4);
    expect(after.complaintFlagged).toBe(true);
    await page.goto(`${server.url}/orders/${order.id}`);
    const record = page.getByTestId('order-complaints');
    await record.getByText('催单超过 3 次（已催 4 次）').waitFor();
    await record.getByText('第4次来电催促').waitFor();
    await b.screenshot('urging-01b-complaint-record');
  });

  it('shows a dispatch on an open board at once, without waiting for its refresh', async () => {
    const { page } = b;
    await page.goto(`${server.url}/orders`);
    await page.getByText(order.code).first().waitFor();
    const row = page.locator('tr').filter({ hasText: order.code });
    // The agent's board holds the order as created; HQ dispatches it elsewhere.
    const dispatcher = await login('dispatcher', 'Sanbao2026');
    const suggestion = await dispatcher.get<{ center: { unitId: string } }>(`/api/orders/${order.id}/suggestion`);
    const current = await dispatcher.get<{ version: number }>(`/api/orders/${order.id}`);
    const started = Date.now();
    await dispatcher.post(`/api/orders/${order.id}/dispatch`, {
      version: current.version,
      toUnitId: suggestion.center.unitId,
    });
    await row.getByText('待派网点').waitFor({ timeout: 10_000 });
    // The list refreshes by itself every 15 s; the push makes it a matter of a second or two.
    expect(Date.now() - started).toBeLessThan(8_000);
    await b.screenshot('urging-02-live-board');
  });
});

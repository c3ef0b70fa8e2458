import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, setupDemo } from './support/api.js';
import { openBrowser } from './support/browser.js';
import { DEMO_PASSWORD, signIn } from './support/flows.js';
import { type RunningServer, startDemoServer } from './support/server.js';

/*
 * A complaint (投诉) from the hotline to its report. A customer with an order calls to complain
 * about the technician's attitude: the hotline agent finds the caller on the intake desk and
 * records the complaint there; the routing table sends an attitude complaint to the market
 * department. The complaint handler finds it on the board, counts down its deadline, replies to
 * the customer by phone and records that the customer accepted; the complaint is closed, and the
 * handling report (投诉处理报告) prints with the reply and the whole history.
 */
const PHONE = '13902000417';
const SUMMARY = '维修师傅上门态度恶劣，说话不耐烦，要求道歉';
const REPLY = '已核实，网点已对维修师傅批评教育，向您诚恳道歉';

interface Detail {
  id: string;
  code: string;
  state: string;
  type: string;
  department: { id: string; name: string } | null;
  orders: { id: string; code: string }[];
  handling: { replies: { content: string; accepted: boolean | null }[] };
}

describe('complaints', () => {
  let server: RunningServer;
  let admin: Api;
  let orderCode: string;

  beforeAll(async () => {
    server = await startDemoServer();
    const s = await setupDemo(server);
    admin = s.admin;
    const hotline = await s.as('hotline', DEMO_PASSWORD);
    const customer = await admin.post<{ id: string }>('/api/customers', {
      kind: 'individual',
      name: '邓女士',
      phones: [{ number: PHONE, isPrimary: true }],
      addresses: [
        {
          provinceCode: '440000',
          cityCode: '440100',
          districtCode: '440106',
          detail: '天河北路 17 号',
          isPrimary: true,
        },
      ],
    });
    const order = await hotline.post<{ code: string }>('/api/orders', {
      customerId: customer.id,
      serviceType: 'on_site',
      faultDescription: '空调不制冷',
    });
    orderCode = order.code;
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('hotline records a complaint, it is routed, the handler replies, the customer accepts, the report prints', async () => {
    let id = '';
    let code = '';
    const a = await openBrowser({ width: 1366, height: 900 });
    try {
      const { page } = a;
      await signIn(page, server.url, 'hotline');
      await page.goto(`${server.url}/intake`);
      await page.getByLabel('查找客户').fill(PHONE);
      await page.getByTestId('customer-card').filter({ hasText: '邓女士' }).click();
      await page.getByTestId('desk-complaints').waitFor();
      await page.getByTestId('record-complaint').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('登记投诉').first().waitFor();
      // Nothing filled in: the form refuses and says why, nothing is sent.
      await dialog.getByRole('button', { name: '登记' }).click();
      await dialog.locator('.ant-form-item-explain-error').first().waitFor();
      const option = (text: string) =>
        page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').filter({
          hasText: text,
        });
      await dialog.getByTestId('complaint-orders').click();
      await option(orderCode).click();
      // The caller's orders load while the list is open: the choice holds once the form shows it.
      await expect.poll(() => dialog.getByTestId('complaint-orders').innerText()).toContain(orderCode);
      await dialog.locator('.ant-alert').click();
      await page
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
        .waitFor({ state: 'detached' })
        .catch(() => {});
      await dialog.getByTestId('complaint-type').click();
      await option('服务态度').click();
      await expect.poll(() => dialog.getByTestId('complaint-type').innerText()).toContain('服务态度');
      await dialog.getByLabel('投诉内容').fill(SUMMARY);
      await a.screenshot('complaints-01-record');
      await dialog.getByRole('button', { name: '登记' }).click();
      await page.waitForURL(/\/complaints\/[0-9a-f-]{36}$/);
      id = page.url().split('/').pop()!;
      await page.getByTestId('complaint-summary').getByText(SUMMARY).waitFor();
      // Routed by the table: an attitude complaint goes to the market department for discipline.
      const routing = page.getByTestId('complaint-routing');
      await routing.getByText(/分派到/).waitFor();
      await a.screenshot('complaints-02-routed');
      expect(a.errors).toEqual([]);
    } finally {
      await a.close();
    }

    const opened = await admin.get<Detail>(`/api/complaints/${id}`);
    code = opened.code;
    expect(opened).toMatchObject({ type: 'attitude', state: 'open' });
    expect(opened.orders.map((o) => o.code)).toEqual([orderCode]);
    expect(opened.department).not.toBeNull();

    const h = await openBrowser({ width: 1366, height: 900 });
    try {
      const { page } = h;
      await signIn(page, server.url, 'complaints');
      await page.goto(`${server.url}/complaints`);
      await page.getByRole('heading', { name: '投诉看板' }).waitFor();
      const row = page.getByRole('row').filter({ hasText: code });
      await row.getByTestId('complaint-deadline').waitFor();
      await h.screenshot('complaints-03-board');
      await row.getByRole('link', { name: code }).click();
      await page.waitForURL(new RegExp(`/complaints/${id}$`));

      // The reply: an empty one is refused on its field, then the reply by phone.
      await page.getByTestId('complaint-actions').getByRole('button', { name: '答复客户' }).click();
      let dialog = page.getByRole('dialog');
      await dialog.getByLabel('答复内容').waitFor();
      await dialog.getByRole('button', { name: '答复客户' }).click();
      await dialog.locator('.ant-form-item-explain-error').first().waitFor();
      await dialog.getByLabel('答复内容').fill(REPLY);
      await dialog.getByRole('button', { name: '答复客户' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByTestId('complaint-state').first().getByText('已答复待确认').waitFor();
      await page.getByTestId('complaint-reply').getByText(REPLY).waitFor();

      // The customer accepts: the complaint is closed.
      await page.getByTestId('complaint-actions').getByRole('button', { name: '客户确认' }).click();
      dialog = page.getByRole('dialog');
      await dialog.getByLabel('接受，结案').check();
      await dialog.getByRole('button', { name: '客户确认' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByTestId('complaint-state').first().getByText('已结案').waitFor();
      await h.screenshot('complaints-04-closed');

      // The handling report, printable, with the reply and the history.
      await page.getByRole('button', { name: '投诉处理报告' }).click();
      const sheet = page.getByTestId('complaint-sheet');
      await sheet.waitFor();
      await expect.poll(() => page.title()).toBe(`投诉处理报告 ${code}`);
      const text = await sheet.innerText();
      expect(text).toContain(code);
      expect(text).toContain(SUMMARY);
      expect(text).toContain(REPLY);
      expect(text).toContain('客户接受');
      await h.screenshot('complaints-05-report');
      expect(h.errors).toEqual([]);
    } finally {
      await h.close();
    }

    const closed = await admin.get<Detail>(`/api/complaints/${id}`);
    expect(closed.state).toBe('closed');
    expect(closed.handling.replies).toEqual([expect.objectContaining({ content: REPLY, accepted: true })]);
  }, 300_000);
});

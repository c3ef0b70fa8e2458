import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, setupDemo } from './support/api.js';
import { openBrowser } from './support/browser.js';
import { DEMO_PASSWORD, daysAgo, signIn } from './support/flows.js';
import { type RunningServer, startDemoServer } from './support/server.js';

/*
 * Paid work on screen: a washer bought more than five years ago (out of warranty) is repaired at
 * outlet O-GD-01 by gd01.tech1 (walked there through the API). On the phone (390 px) the
 * technician makes the quote, the customer signs and agrees, the technician collects cash, records
 * the customer's company invoice request (a wrong tax ID is refused on its field) and opens the
 * receipt. The outlet manager then sees the technician's open cash difference on the cash
 * reconciliation, records the hand-over, the difference becomes 0, and issues the invoice. On the
 * desktop order page staff see the same payment (quote, collection with its receipt, invoice), and
 * record a collection and an invoice request there for the excluded-fault quote the customer agreed.
 */

/** A one-pixel PNG: the customer's signature when the quote is agreed through the API. */
const SIGNATURE =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

interface Order {
  id: string;
  code: string;
  version: number;
}

/** Taps a button once it is not busy (a loading antd button ignores clicks). */
async function tap(page: Page, testId: string): Promise<void> {
  const button = page.getByTestId(testId);
  await button.waitFor();
  await expect
    .poll(async () => (await button.getAttribute('class')) ?? 'ant-btn-loading', { timeout: 15_000 })
    .not.toContain('ant-btn-loading');
  await button.click();
}

/** Draws a stroke on the signature pad inside `scope`. */
async function sign(page: Page, scope: ReturnType<Page['getByTestId']>): Promise<void> {
  const pad = scope.getByTestId('signature-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + box.height / 2);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) {
    await page.mouse.move(box.x + 30 + i * 25, box.y + box.height / 2 + (i % 2 ? -30 : 30), { steps: 3 });
  }
  await page.mouse.up();
}

describe('paid work: quote, collection, receipt and cash reconciliation', () => {
  let server: RunningServer;
  let order: Order;
  /** The same repair on a washer bought a month ago: in warranty, quoted only for an excluded fault. */
  let covered: Order;
  let techName: string;
  let total = '';
  const users: Record<string, Api> = {};

  beforeAll(async () => {
    server = await startDemoServer();
    const { admin, as } = await setupDemo(server);
    for (const u of ['hotline', 'dispatcher', 'gd.dispatch', 'gd01.manager', 'gd01.tech1'])
      users[u] = await as(u, DEMO_PASSWORD);
    const org = Object.fromEntries(
      (await admin.get<{ items: { id: string; code: string }[] }>('/api/org/units')).items.map((u) => [u.code, u.id]),
    );
    const line = await admin.post<{ id: string }>('/api/catalog/lines', {
      code: 'E2E-PAID',
      name: '测试洗衣机',
      category: 'washer',
    });
    const model = await admin.post<{ id: string }>('/api/catalog/models', {
      lineId: line.id,
      code: 'E2E-PAID-100',
      name: '测试波轮洗衣机',
      usageKinds: ['household'],
    });
    const customer = await admin.post<{ id: string }>('/api/customers', {
      kind: 'individual',
      name: '郑先生',
      phones: [{ number: '13902000088', isPrimary: true }],
      addresses: [
        { provinceCode: '440000', cityCode: '440100', districtCode: '440106', detail: '天河路 88 号', isPrimary: true },
      ],
    });
    // Bought more than five years ago: no warranty term covers it, the repair is paid work.
    const unit = await admin.post<{ id: string }>('/api/units', {
      modelId: model.id,
      serialNo: 'E2EPAID0001',
      customerId: customer.id,
      usage: 'household',
      purchaseDate: daysAgo(2000),
    });
    const techs = await admin.get<{ items: { id: string; username: string; displayName: string }[] }>(
      '/api/users?q=gd01.tech1',
    );
    const tech = techs.items.find((u) => u.username === 'gd01.tech1')!;
    techName = tech.displayName;
    await admin.post('/api/technician-certifications', {
      userId: tech.id,
      productLineId: line.id,
      validUntil: '2030-12-31',
    });
    const act = (who: string, o: Order, path: string, body: Record<string, unknown> = {}) =>
      users[who]!.post<Order>(`/api/orders/${o.id}/${path}`, { version: o.version, ...body });
    /** A carry-in repair of the unit walked to in repair at O-GD-01 by gd01.tech1. */
    const inRepair = async (unitId: string, fault: string, condition: string) => {
      let o = await users.hotline!.post<Order>('/api/orders', {
        customerId: customer.id,
        unitId,
        serviceType: 'carry_in',
        faultDescription: fault,
      });
      o = await act('dispatcher', o, 'dispatch', { toUnitId: org['C-GD'] });
      o = await act('gd.dispatch', o, 'dispatch', { toUnitId: org['O-GD-01'] });
      o = await act('gd01.manager', o, 'accept');
      o = await act('gd01.manager', o, 'dispatch', { technicianId: tech.id });
      o = await act('gd01.tech1', o, 'receive', { condition });
      return act('gd01.tech1', o, 'start');
    };
    order = await inRepair(unit.id, '洗衣机不脱水', '外观完好');
    const young = await admin.post<{ id: string }>('/api/units', {
      modelId: model.id,
      serialNo: 'E2EPAID0002',
      customerId: customer.id,
      usage: 'household',
      purchaseDate: daysAgo(30),
    });
    covered = await inRepair(young.id, '机身被烧焦，不能启动', '机身有烧痕');
    // The demo set-up alone takes a minute or two on a busy machine.
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('an order in warranty is quoted only for an excluded fault, its cause and finding required', async () => {
    const phone = await openBrowser({ width: 390, height: 844 });
    try {
      const { page } = phone;
      await signIn(page, server.url, 'gd01.tech1');
      await page.goto(`${server.url}/tech/orders/${covered.id}`);
      await page.getByTestId('order-code').filter({ hasText: covered.code }).waitFor();
      // No payment card for work in warranty: only the way to quote an excluded fault.
      expect(await page.getByTestId('payment').count()).toBe(0);
      await tap(page, 'excluded-quote');
      const dialog = page.getByRole('dialog');
      await dialog.getByText('除外原因').waitFor();
      await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
      expect(await dialog.locator('.ant-form-item-explain-error').count()).toBe(2);
      await dialog.getByLabel('除外原因').click();
      await page.locator('.ant-select-dropdown').getByText('人为损坏', { exact: true }).click();
      await dialog.getByLabel('现场所见').fill('机身外壳有明显烧焦痕迹，插线板烧毁');
      await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      const payment = page.getByTestId('payment');
      await payment.getByTestId('quote-lines').waitFor();
      expect(await payment.getByTestId('quote-state').innerText()).toBe('待客户确认');
      await phone.screenshot('collection-00-excluded-quote');
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('the technician quotes, the customer signs, cash is collected and handed over', async () => {
    const phone = await openBrowser({ width: 390, height: 844 });
    try {
      const { page } = phone;
      await signIn(page, server.url, 'gd01.tech1');
      await page.goto(`${server.url}/tech/orders/${order.id}`);
      await page.getByTestId('order-code').filter({ hasText: order.code }).waitFor();
      const payment = page.getByTestId('payment');
      await payment.waitFor();
      await tap(page, 'make-quote');
      await payment.getByTestId('quote-lines').waitFor();
      total = (await payment.getByTestId('quote-total').innerText()).trim();
      expect(total).toMatch(/^\d+\.\d{2}元$/);
      expect(await payment.getByTestId('quote-state').innerText()).toBe('待客户确认');
      await phone.screenshot('collection-01-quote');

      // Agreeing without a signature is refused on the form; with it, the quote is agreed.
      await tap(page, 'quote-agree');
      await payment.getByText('请客户签字后再确认').waitFor();
      await sign(page, payment);
      await tap(page, 'quote-agree');
      await expect.poll(() => payment.getByTestId('quote-state').innerText(), { timeout: 15_000 }).toBe('客户已同意');

      // The amount is prefilled with what is due; cash needs no reference.
      const amount = payment.getByLabel('金额（元）');
      await amount.waitFor();
      expect(`${await amount.inputValue()}元`).toBe(total);
      await payment.getByText('现金', { exact: true }).click();
      await phone.screenshot('collection-02-collect');
      await tap(page, 'collect-submit');
      await expect.poll(() => payment.getByTestId('collected').innerText(), { timeout: 15_000 }).toBe(total);
      expect(await payment.getByTestId('left').innerText()).toBe('0.00元');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

      // The customer wants a company invoice: a tax ID with a wrong check character is refused on its field.
      await payment.getByText('单位', { exact: true }).click();
      await payment.getByLabel('发票抬头').fill('广州某某贸易有限公司');
      await payment.getByLabel('税号（统一社会信用代码）').fill('91440101MA5C111100');
      await payment.getByLabel('邮箱').fill('finance@example.com');
      await tap(page, 'invoice-submit');
      await payment.locator('.ant-form-item-explain-error').first().waitFor();
      await payment.getByLabel('税号（统一社会信用代码）').fill('91440101MA5C111109');
      await tap(page, 'invoice-submit');
      await payment.getByTestId('invoice-request').filter({ hasText: '待开票' }).waitFor();
      await phone.screenshot('collection-03-invoice-requested');

      await payment.getByTestId('receipt-link').click();
      await page.waitForURL(/\/collections\/[0-9a-f-]+\/receipt$/);
      const receipt = page.getByTestId('receipt');
      await receipt.waitFor();
      const text = await receipt.innerText();
      expect(text).toContain(order.code);
      expect(text).toContain('郑先生');
      expect(text).toContain('现金');
      expect(await receipt.getByTestId('receipt-amount').innerText()).toBe(total);
      expect((await receipt.getByTestId('receipt-no').innerText()).trim()).not.toBe('');
      await phone.screenshot('collection-04-receipt');
      // The one refused request is the wrong tax ID, on purpose.
      expect(phone.errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
      expect(phone.errors.filter((e) => /status of 400/.test(e))).toHaveLength(1);
    } finally {
      await phone.close();
    }

    const desk = await openBrowser({ width: 1366, height: 900 });
    try {
      const { page } = desk;
      const today = daysAgo(0);
      await signIn(page, server.url, 'gd01.manager');
      await page.goto(`${server.url}/cash-reconciliation`);
      const row = page.getByRole('row').filter({ hasText: techName }).filter({ hasText: today });
      await row.waitFor();
      const difference = row.getByTestId('difference');
      expect(await difference.innerText()).not.toBe('0.00元');
      // An open difference shows in red.
      expect(await difference.getAttribute('class')).toContain('ant-typography-danger');
      await desk.screenshot('collection-05-reconciliation-open');

      await row.getByRole('button', { name: '登记交款' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('金额（元）').waitFor();
      // Prefilled with the open difference, handed to the outlet.
      expect(await dialog.getByLabel('金额（元）').inputValue()).not.toBe('');
      await dialog.getByLabel('备注').fill('当日现金交网点');
      await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect.poll(() => difference.innerText(), { timeout: 15_000 }).toBe('0.00元');
      expect(await difference.getAttribute('class')).not.toContain('ant-typography-danger');
      await page.getByText('期间内的交款（含冲正）').waitFor();
      await desk.screenshot('collection-06-reconciliation-settled');

      // Finance's side of the invoice request: issue it with its number.
      await page.goto(`${server.url}/invoice-requests`);
      const request = page.getByRole('row').filter({ hasText: order.code });
      await request.waitFor();
      expect(await request.innerText()).toContain('91440101MA5C111109');
      await request.getByRole('button', { name: '开票' }).click();
      const issue = page.getByRole('dialog');
      await issue.getByLabel('发票号').fill('44001234');
      await issue.getByRole('button', { name: /确\s*定|OK/ }).click();
      await issue.waitFor({ state: 'hidden' });
      await page.getByRole('tab', { name: '已开票' }).click();
      await page.getByRole('row').filter({ hasText: order.code }).filter({ hasText: '44001234' }).waitFor();
      await desk.screenshot('collection-07-invoice-issued');
      expect(desk.errors).toEqual([]);
    } finally {
      await desk.close();
    }
  }, 240_000);

  it('staff see the payment on the desktop order page and record a collection and an invoice request there', async () => {
    // The customer agreed the excluded-fault quote at the job.
    const money = await users['gd01.tech1']!.get<{ quote: { id: string } }>(`/api/orders/${covered.id}/money`);
    await users['gd01.tech1']!.post(`/api/order-quotes/${money.quote.id}/agree`, { signature: SIGNATURE });

    const desk = await openBrowser({ width: 1366, height: 900 });
    try {
      const { page } = desk;
      await signIn(page, server.url, 'gd01.manager');
      await page.goto(`${server.url}/orders/${order.id}`);
      await page.getByTestId('order-code').filter({ hasText: order.code }).waitFor();
      const pay = page.getByTestId('order-payment');
      await pay.getByTestId('quote-lines').waitFor();
      expect(await pay.getByTestId('quote-state').innerText()).toBe('客户已同意');
      expect((await pay.getByTestId('quote-total').innerText()).trim()).toBe(total);
      expect(await pay.getByTestId('collected').innerText()).toBe(total);
      expect(await pay.getByTestId('left').innerText()).toBe('0.00元');
      await pay.getByTestId('invoice-request').filter({ hasText: '已开票' }).filter({ hasText: '44001234' }).waitFor();
      // Nothing left to collect, the invoice requested: no forms; the receipt is a link.
      expect(await pay.getByTestId('collect-submit').count()).toBe(0);
      expect(await pay.getByTestId('make-quote').count()).toBe(0);
      await pay.getByRole('link', { name: '收据' }).first().click();
      await page.waitForURL(/\/collections\/[0-9a-f-]+\/receipt$/);
      await page.getByTestId('receipt').waitFor();
      await desk.screenshot('collection-08-order-payment');

      // The covered order: collected from the desk by transfer (its reference required), then the invoice request.
      await page.goto(`${server.url}/orders/${covered.id}`);
      await page.getByTestId('order-code').filter({ hasText: covered.code }).waitFor();
      const cpay = page.getByTestId('order-payment');
      await cpay.getByTestId('quote-lines').waitFor();
      expect(await cpay.getByTestId('quote-state').innerText()).toBe('客户已同意');
      const amount = cpay.getByLabel('金额（元）');
      await amount.waitFor();
      const due = `${await amount.inputValue()}元`;
      expect(due).toBe((await cpay.getByTestId('quote-total').innerText()).trim());
      await cpay.getByText('银行转账', { exact: true }).click();
      await tap(page, 'collect-submit');
      await cpay.getByText('非现金收款须填写交易单号').waitFor();
      await cpay.getByLabel('交易单号').fill('TX20261206001');
      await tap(page, 'collect-submit');
      await expect.poll(() => cpay.getByTestId('collected').innerText(), { timeout: 15_000 }).toBe(due);
      await cpay.getByTestId('receipt-link').waitFor();
      await cpay.getByLabel('发票抬头').fill('郑先生');
      await cpay.getByLabel('手机', { exact: true }).fill('13902000088');
      await tap(page, 'invoice-submit');
      await cpay.getByTestId('invoice-request').filter({ hasText: '待开票' }).waitFor();
      await desk.screenshot('collection-09-order-collect');
      expect(desk.errors).toEqual([]);
    } finally {
      await desk.close();
    }
  }, 240_000);
});

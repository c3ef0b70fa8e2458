import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, setupDemo } from './support/api.js';
import { type Browser, openBrowser } from './support/browser.js';
import { type RunningServer, startDemoServer } from './support/server.js';

/*
 * The customer's side, at phone width and without any staff login: the QR label of a unit opens
 * the report page with the product filled in; the customer verifies the phone with a code (read
 * here from the outbox, as a developer would), reports a fault with a photo, and tracks it by
 * number, phone and a new code.
 */
const MODEL = 'E2E-XQB80';
const SERIAL = 'SN-PORTAL-0001';
const PHONE = '13812345678';

// The smallest valid PNG: 1×1 pixel.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

interface OutboxMessage {
  recipient: string;
  template: string;
  params: { code?: string };
  createdAt: string;
}
interface RequestRow {
  code: string;
  source: string;
  unitId: string | null;
  serialNo: string | null;
  attachments: { fileName: string; mime: string }[];
}

describe('customer portal', () => {
  let server: RunningServer;
  let admin: Api;
  let b: Browser;

  /** The newest code sent to the phone, once it differs from `previous`. */
  async function latestCode(previous: string | null = null): Promise<string> {
    for (let i = 0; i < 40; i++) {
      const page = await admin.get<{ items: OutboxMessage[] }>(`/api/outbox?recipient=${PHONE}&limit=5`);
      const code = page.items.find((m) => m.template === 'portal.otp')?.params.code ?? null;
      if (code && code !== previous) return code;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('no code in the outbox');
  }

  beforeAll(async () => {
    server = await startDemoServer();
    ({ admin } = await setupDemo(server));
    // Codes to one phone at most every 10 s (the least allowed), so tracking need not wait a minute.
    await admin.put('/api/settings/portal.otpIntervalSeconds', { value: 10 });
    const line = await admin.post<{ id: string }>('/api/catalog/lines', {
      code: 'E2E-WASH',
      name: '测试洗衣机',
      category: 'washer',
    });
    const model = await admin.post<{ id: string }>('/api/catalog/models', {
      lineId: line.id,
      code: MODEL,
      name: '测试全自动洗衣机',
      usageKinds: ['household'],
      maintenanceDays: 180,
    });
    const customer = await admin.post<{ id: string }>('/api/customers', {
      kind: 'individual',
      name: '周先生',
      phones: [{ number: PHONE, isPrimary: true }],
    });
    await admin.post('/api/units', {
      modelId: model.id,
      serialNo: SERIAL,
      customerId: customer.id,
      usage: 'household',
    });
    b = await openBrowser({ width: 390, height: 844 });
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  it('reports a fault from the QR link with a photo and tracks it', async () => {
    const { page } = b;
    await page.goto(`${server.url}/portal/report?model=${MODEL}&serial=${SERIAL}`);
    const product = page.getByTestId('portal-product');
    await product.getByText('测试全自动洗衣机').waitFor();
    expect(await product.innerText()).toContain(SERIAL);

    await page.getByLabel('手机号').fill(PHONE);
    await page.getByTestId('send-code').click();
    await page.getByLabel('验证码').waitFor();
    await expect.poll(() => page.getByTestId('send-code').innerText()).toMatch(/秒后重发/);
    const code = await latestCode();

    await page.getByLabel('验证码').fill(code);
    await page.getByLabel('您的称呼').fill('周先生');
    await page.getByLabel('问题描述').fill('洗衣机不脱水，脱水时有咔咔声');
    await page.getByLabel('所在地区').fill('西湖区');
    await page.locator('.ant-cascader-menu-item').filter({ hasText: '杭州市' }).first().click();
    await page.getByLabel('详细地址').fill('文一西路100号2幢501');
    await page.locator('input[type=file]').setInputFiles({ name: 'fault.png', mimeType: 'image/png', buffer: PNG });
    await page.locator('.ant-upload-list-item').first().waitFor();
    await b.screenshot('portal-01-report');
    await page.getByTestId('portal-submit').click();

    const number = page.getByTestId('request-code');
    await number.waitFor();
    const requestCode = (await number.innerText()).trim();
    expect(requestCode).toMatch(/^SR\d{6}-\d{4}$/);
    await b.screenshot('portal-02-done');

    const list = await admin.get<{ items: (RequestRow & { id: string })[] }>('/api/intake/requests');
    const found = list.items.find((r) => r.code === requestCode);
    const row = await admin.get<RequestRow>(`/api/intake/requests/${found!.id}`);
    expect(row).toMatchObject({ source: 'portal', serialNo: SERIAL });
    expect(row!.unitId).not.toBeNull();
    expect(row!.attachments).toEqual([expect.objectContaining({ fileName: 'fault.png', mime: 'image/png' })]);

    // Track: number and phone carried over, a new code after the resend interval.
    await page.getByRole('button', { name: '查询进度' }).click();
    await page.waitForURL('**/portal/track**');
    expect(await page.getByLabel('申请单号').inputValue()).toBe(requestCode);
    expect(await page.getByLabel('手机号').inputValue()).toBe(PHONE);
    await page.waitForTimeout(10_500);
    await page.getByTestId('send-code').click();
    await page.getByLabel('验证码').waitFor();
    const trackCode = await latestCode(code);
    await page.getByLabel('验证码').fill(trackCode);
    await page.getByTestId('track-submit').click();
    const result = page.getByTestId('track-result');
    await result.getByText('已提交').first().waitFor();
    expect(await result.innerText()).toContain(requestCode);
    await b.screenshot('portal-03-track');

    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    expect(b.errors).toEqual([]);
  });

  it('speaks English and shows the server’s wait when codes come too often', async () => {
    const { page } = b;
    await page.goto(`${server.url}/portal/report`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Report a problem').first().waitFor();
    // The tracking code went to this phone a moment ago: the server says how long to wait.
    await page.getByLabel('Mobile number').fill(PHONE);
    await page.getByTestId('send-code').click();
    await page.getByText(/Too many requests; try again in \d+ seconds/).waitFor();
    await expect.poll(() => page.getByTestId('send-code').innerText()).toMatch(/Resend in \d+s/);
    await b.screenshot('portal-04-english-rate-limited');
    expect(b.errors.filter((e) => !/status of 429/.test(e))).toEqual([]);
  });

  it('shows staff the codes in the outbox and the photo on the request', async () => {
    const staff = await openBrowser({ width: 1366, height: 768 });
    try {
      const { page } = staff;
      await page.goto(`${server.url}/login`);
      await page.getByLabel('用户名').fill('admin');
      await page.getByLabel('密码').fill('Admin12345');
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.getByRole('menuitem', { name: '发件箱' }).click();
      await page.waitForURL('**/outbox');
      await page.getByLabel('收件人').fill(PHONE);
      await page.keyboard.press('Enter');
      // The number may have other messages too (the demo books orders for its customers): the code's among them.
      await page.getByTestId('outbox-body').filter({ hasText: /验证码是 \d{6}/ }).first().waitFor();
      await staff.screenshot('portal-05-outbox');

      await page.goto(`${server.url}/intake/requests`);
      await page.locator('.ant-table-row').first().click();
      const drawer = page.locator('.ant-drawer');
      await drawer.getByText('fault.png').waitFor();
      expect(await drawer.innerText()).toContain('自助报修');
      await staff.screenshot('portal-06-request-detail');
      expect(staff.errors).toEqual([]);
    } finally {
      await staff.close();
    }
  });
});

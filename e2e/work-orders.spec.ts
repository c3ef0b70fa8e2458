import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, setupDemo } from './support/api.js';
import { openBrowser } from './support/browser.js';
import { DEMO_PASSWORD, signIn } from './support/flows.js';
import { type RunningServer, startDemoServer } from './support/server.js';

/*
 * One order down the tree, each person in their own browser: the HQ dispatcher sends it to the
 * provincial center the suggestion names, the center's dispatcher to an outlet, the outlet
 * manager accepts it and assigns the certified technician; the technician, on a phone
 * (390×844), starts travel, arrives, fills in the job and has the customer sign on the screen;
 * the order then shows completed, with its signature (and milestones when the SLA module
 * reports them).
 */
const PASSWORD = DEMO_PASSWORD;
/** A 1×1 PNG: the photo taken on the job. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

interface OrderView {
  id: string;
  code: string;
  state: string;
  version: number;
  holderUnitId: string;
  holderUnitName: string;
  technicianId: string | null;
  completion: { signature: string | null; rating: number | null; diagnosis: string; photoIds: string[] } | null;
  photos: { id: string; kind: string }[];
  milestones: unknown[];
}
interface Unit {
  id: string;
  code: string;
  kind: string;
}
interface Person {
  id: string;
  username: string;
}

/** Waits for the order page to show the state (an action's answer, or the 15-second refresh). */
async function expectState(page: Page, state: string): Promise<void> {
  await expect.poll(() => page.getByTestId('order-state').first().innerText(), { timeout: 15_000 }).toBe(state);
}

/** Taps a button once it is not busy (a loading antd button ignores clicks). */
async function tap(page: Page, testId: string): Promise<void> {
  const button = page.getByTestId(testId);
  await expect
    .poll(async () => (await button.getAttribute('class')) ?? 'ant-btn-loading', { timeout: 15_000 })
    .not.toContain('ant-btn-loading');
  await button.click();
}

/** Opens the order from the board's queue tab and waits for its page. */
async function openFromBoard(page: Page, url: string, queue: string, code: string): Promise<void> {
  await page.goto(`${url}/orders`);
  await page.getByRole('tab', { name: queue }).click();
  await page.getByRole('link', { name: code }).click();
  await page.getByTestId('order-code').filter({ hasText: code }).waitFor();
}

/** Accepts the routing suggestion in the dispatch dialog (the button names the suggested pick). */
async function acceptSuggestion(page: Page, action: string, expected?: string): Promise<void> {
  await page.getByTestId('order-actions').getByRole('button', { name: action }).click();
  const dialog = page.getByRole('dialog');
  const suggestion = dialog.getByTestId('suggestion');
  await suggestion.waitFor();
  if (expected) expect(await suggestion.innerText()).toContain(expected);
  await tap(page, 'accept-suggestion');
  await dialog.waitFor({ state: 'hidden' });
}

describe('work orders down the service network', () => {
  let server: RunningServer;
  let admin: Api;
  let as: (username: string, password: string) => Promise<Api>;
  let orderId: string;
  let code: string;
  let customerId: string;
  let unitId: string;

  beforeAll(async () => {
    server = await startDemoServer();
    ({ admin, as } = await setupDemo(server));
    const line = await admin.post<{ id: string }>('/api/catalog/lines', {
      code: 'E2E-AC',
      name: '测试空调',
      category: 'electronics',
    });
    const model = await admin.post<{ id: string }>('/api/catalog/models', {
      lineId: line.id,
      code: 'E2E-KFR35',
      name: '测试挂壁式空调',
      usageKinds: ['household'],
    });
    const customer = await admin.post<{ id: string; addresses?: { id: string }[] }>('/api/customers', {
      kind: 'individual',
      name: '吴女士',
      phones: [{ number: '13805710001', isPrimary: true }],
      addresses: [
        {
          provinceCode: '330000',
          cityCode: '330100',
          districtCode: '330105',
          detail: '莫干山路100号',
          isPrimary: true,
        },
      ],
    });
    const unit = await admin.post<{ id: string }>('/api/units', {
      modelId: model.id,
      serialNo: 'E2EAC0001',
      customerId: customer.id,
      usage: 'household',
    });
    const order = await admin.post<OrderView>('/api/orders', {
      customerId: customer.id,
      unitId: unit.id,
      addressId: customer.addresses?.[0]?.id,
      serviceType: 'on_site',
      priority: 1,
      faultDescription: '空调不制冷，外机不转',
    });
    orderId = order.id;
    code = order.code;
    customerId = customer.id;
    unitId = unit.id;

    // Every first technician of the Zhejiang outlets is certified for the line; the second is not.
    const techs = await admin.get<{ items: Person[] }>('/api/users?role=technician&q=zj&pageSize=200');
    for (const t of techs.items.filter((u) => /^zj\d+\.tech1$/.test(u.username))) {
      await admin.post('/api/technician-certifications', {
        userId: t.id,
        productLineId: line.id,
        validUntil: '2030-12-31',
      });
    }
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('is dispatched by HQ, the center and the outlet, and assigned to a certified technician', async () => {
    const b = await openBrowser({ width: 1366, height: 768 });
    try {
      const { page } = b;
      await signIn(page, server.url, 'dispatcher');
      await page.getByRole('menuitem', { name: '服务单' }).first().click();
      await page.waitForURL('**/orders');
      await page.getByRole('tab', { name: '待派省中心' }).click();
      await page.getByRole('row').filter({ hasText: code }).waitFor();
      await b.screenshot('orders-01-board');
      await page.getByRole('link', { name: code }).click();
      await page.getByTestId('order-code').waitFor();
      await acceptSuggestion(page, '派单', '浙江省服务中心');
      await expectState(page, '待派网点');
      await b.screenshot('orders-02-dispatched-center');
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }

    const center = await openBrowser({ width: 1366, height: 768 });
    try {
      const { page } = center;
      await signIn(page, server.url, 'zj.dispatch');
      await openFromBoard(page, server.url, '待派网点', code);
      await acceptSuggestion(page, '派单');
      await expectState(page, '待接单');
      expect(center.errors).toEqual([]);
    } finally {
      await center.close();
    }

    const key = await holderKey();

    const manager = await openBrowser({ width: 1366, height: 768 });
    try {
      const { page } = manager;
      await signIn(page, server.url, `${key}.manager`);
      await openFromBoard(page, server.url, '待接单', code);
      await page.getByTestId('order-actions').getByRole('button', { name: '接单' }).click();
      await page.getByRole('dialog').getByRole('button', { name: '接单' }).click();
      await expectState(page, '待派工程师');
      await acceptSuggestion(page, '派工程师');
      await expectState(page, '待预约');
      await manager.screenshot('orders-03-assigned');
      expect(manager.errors).toEqual([]);
    } finally {
      await manager.close();
    }

    const assigned = await admin.get<OrderView>(`/api/orders/${orderId}`);
    const tech = await admin.get<{ items: Person[] }>(`/api/users?q=${key}.tech1`);
    expect(assigned.technicianId).toBe(tech.items[0]!.id);
  });

  it('is carried out on the technician’s phone and signed by the customer', async () => {
    const key = await holderKey();
    const techApi = await as(`${key}.tech1`, PASSWORD);
    const before = await techApi.get<OrderView>(`/api/orders/${orderId}`);
    // The appointment agreed on the phone with the customer: today, within the next hours.
    const from = new Date(Date.now() + 30 * 60_000);
    await techApi.post(`/api/orders/${orderId}/appointment`, {
      version: before.version,
      from: from.toISOString(),
      to: new Date(from.getTime() + 2 * 3600_000).toISOString(),
      confirmedWithCustomer: true,
    });

    const phone = await openBrowser({ width: 390, height: 844 });
    try {
      const { page, context } = phone;
      await context.grantPermissions(['geolocation'], { origin: server.url });
      await context.setGeolocation({ latitude: 30.2741, longitude: 120.1551, accuracy: 20 });
      await signIn(page, server.url, `${key}.tech1`);
      await page.goto(`${server.url}/tech`);
      const job = page.getByTestId('tech-job').filter({ hasText: code });
      await job.waitFor();
      expect(await job.innerText()).toContain('吴女士');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await phone.screenshot('orders-04-tech-list');
      await job.getByRole('link').first().click();
      await page.getByTestId('order-code').filter({ hasText: code }).waitFor();

      await tap(page, 'step-depart');
      await expectState(page, '在途');
      await tap(page, 'step-arrive');
      await expectState(page, '已到达');

      await page.getByLabel('诊断结论').fill('外机电容损坏');
      await page.getByLabel('故障原因').fill('电容老化');
      await page.getByLabel('处理方法').fill('更换外机启动电容，试机制冷正常');
      await page.getByTestId('photo-input').setInputFiles({ name: 'job.png', mimeType: 'image/png', buffer: PNG });
      await page.getByRole('img', { name: 'job.png' }).waitFor();
      const pad = page.getByTestId('signature-pad');
      await pad.scrollIntoViewIfNeeded();
      const box = (await pad.boundingBox())!;
      await page.mouse.move(box.x + 30, box.y + box.height / 2);
      await page.mouse.down();
      for (let i = 1; i <= 12; i++) {
        await page.mouse.move(box.x + 30 + i * 22, box.y + box.height / 2 + (i % 2 ? -30 : 30), { steps: 3 });
      }
      await page.mouse.up();
      await page.locator('.ant-rate-star').nth(4).click();
      await phone.screenshot('orders-05-tech-finish');
      await page.getByTestId('finish-job').click();
      await page.getByText('已完工，感谢！').waitFor();
      await phone.screenshot('orders-06-tech-done');
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }

    const done = await admin.get<OrderView>(`/api/orders/${orderId}`);
    expect(done.state).toBe('completed');
    expect(done.completion?.signature).toMatch(/^data:image\/png;base64,/);
    expect(done.completion).toMatchObject({ rating: 5, diagnosis: '外机电容损坏' });
    expect(done.completion?.photoIds).toHaveLength(1);
    expect(done.photos.filter((p) => p.kind === 'completion').map((p) => p.id)).toEqual(done.completion?.photoIds);

    const b = await openBrowser({ width: 1366, height: 768 });
    try {
      const { page } = b;
      await signIn(page, server.url, 'dispatcher');
      await page.goto(`${server.url}/orders/${orderId}`);
      await expectState(page, '已完工');
      await page.getByTestId('signature-image').waitFor();
      await page.getByTestId('order-photos').locator('img').first().waitFor();
      // Every time limit of the chain was met, and the page lists them.
      expect(done.milestones.length).toBeGreaterThan(3);
      expect((done.milestones as { key: string; state: string }[]).filter((m) => m.state !== 'met')).toEqual([]);
      const limits = page.getByTestId('order-milestones');
      await limits.waitFor();
      // A met limit says when it was met, in the company zone (the table fills once its read answers).
      await expect.poll(() => limits.innerText(), { timeout: 15_000 }).toContain('达成于');
      // Met, never late: no row says 超 (the header "剩余 / 超时" names the column).
      const rows = (await limits.innerText()).split('\n').filter((l) => !l.includes('剩余 / 超时'));
      expect(rows.join('\n')).not.toMatch(/超\s*\d|已超时/);
      await b.screenshot('orders-07-completed');
      // Confirmed elsewhere: the open page follows the order's event stream, well before its 15 s refresh.
      await admin.post(`/api/orders/${orderId}/confirm`, { version: done.version });
      await expect.poll(() => page.getByTestId('order-state').first().innerText(), { timeout: 5_000 }).toBe('已确认');
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it('turns a service request into one order despite a double click, and prints its service sheet', async () => {
    const request = await admin.post<{ id: string; code: string }>('/api/intake/requests', {
      kind: 'repair',
      customerId,
      unitId,
      symptoms: '空调漏水，内机滴水',
    });
    const b = await openBrowser({ width: 1366, height: 768 });
    try {
      const { page } = b;
      await signIn(page, server.url, 'hotline');
      await page.goto(`${server.url}/intake/requests`);
      await page.getByRole('cell', { name: request.code }).click();
      await page.getByRole('button', { name: '转服务单' }).click();
      await page.waitForURL('**/orders/new?requestId=*');
      await page.getByText(`来自服务申请 ${request.code}`).waitFor();
      await expect.poll(() => page.getByLabel('故障描述').inputValue()).toBe('空调漏水，内机滴水');
      // The unit's warranty standing is on the form before the order goes out.
      await page.getByTestId('entitlement-panel').waitFor();
      await b.screenshot('orders-08-create-from-request');
      await page.getByTestId('order-create-submit').dblclick();
      await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
      const created = await page.getByTestId('order-code').innerText();
      const mine = await admin.get<{ items: { code: string }[] }>(`/api/orders?customerId=${customerId}`);
      expect(mine.items.filter((o) => o.code === created)).toHaveLength(1);
      expect(mine.items).toHaveLength(2);

      await page.getByRole('button', { name: '打印服务单' }).click();
      const sheet = page.getByTestId('service-sheet');
      await sheet.getByRole('img', { name: created }).waitFor();
      expect(await sheet.innerText()).toContain('空调漏水，内机滴水');
      await b.screenshot('orders-09-service-sheet');
      await page.getByRole('button', { name: 'English' }).click();
      await sheet.getByText('After-sales service sheet').waitFor();
      const english = await sheet.innerText();
      expect(english).toContain('Fault');
      expect(english).not.toMatch(/售后服务单|故障描述|报修时间|客户签字/);
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });

  /** The outlet holding the order, as its account prefix (O-ZJ-01 → zj01). */
  async function holderKey(): Promise<string> {
    const order = await admin.get<OrderView>(`/api/orders/${orderId}`);
    const units = await admin.get<{ items: Unit[] }>('/api/org/units');
    const outlet = units.items.find((u) => u.id === order.holderUnitId)!;
    expect(outlet.kind).toBe('outlet');
    return outlet.code.slice(2).replace('-', '').toLowerCase();
  }
});

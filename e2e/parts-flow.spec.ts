import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, setupDemo } from './support/api.js';
import { type Browser, openBrowser } from './support/browser.js';
import { DEMO_PASSWORD, daysAgo, signIn } from './support/flows.js';
import { type RunningServer, startDemoServer } from './support/server.js';

/*
 * A part from request to appraisal, on screen. Technician gd01.tech1 is on site at a washer whose
 * drain pump is broken; the outlet O-GD-01 has ¥50 of its parts quota left and the pump costs ¥80.
 * On the phone the technician requests it and is warned, before sending, that the center must
 * approve it and why. The Guangdong center approves; the outlet cannot ship from the center's
 * depot (no Ship button there), the center's parts keeper does; the outlet receives the shipment
 * and the order resumes; the technician completes with the pump, which consumes it; the outlet
 * returns the old pump in a batch and the center appraises it.
 */

interface Order {
  id: string;
  code: string;
  version: number;
  state: string;
}

const PART = 'E2E-FPUMP';
const OLD_SERIAL = 'FPUMP-OLD-1';

async function openAs(url: string, username: string, size: { width: number; height: number }): Promise<Browser> {
  const b = await openBrowser(size);
  await signIn(b.page, url, username);
  return b;
}

/** The board's tab, then the row of the order (waits for both). */
async function boardRow(page: Page, url: string, tab: string, orderCode: string) {
  await page.goto(`${url}/part-requests`);
  await page.getByRole('tab', { name: tab }).click();
  const row = page.getByRole('row').filter({ hasText: orderCode });
  await row.waitFor();
  return row;
}

/** The board's success message after a step. */
const done = (page: Page) => page.locator('.ant-message').getByText('已完成').first().waitFor();

const DESK = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

describe('parts from request to appraisal', () => {
  let server: RunningServer;
  let admin: Api;
  let order: Order;

  beforeAll(async () => {
    server = await startDemoServer();
    const demo = await setupDemo(server);
    admin = demo.admin;
    const users: Record<string, Api> = {};
    for (const u of ['hotline', 'dispatcher', 'gd.dispatch', 'gd.center', 'gd01.manager', 'gd01.tech1'])
      users[u] = await demo.as(u, DEMO_PASSWORD);
    const org = Object.fromEntries(
      (await admin.get<{ items: { id: string; code: string }[] }>('/api/org/units')).items.map((u) => [u.code, u.id]),
    );

    // A washer model whose parts list has the drain pump, priced ¥80 at cost from today.
    const line = await admin.post<{ id: string }>('/api/catalog/lines', {
      code: 'E2E-FWASH',
      name: '测试洗衣机',
      category: 'washer',
    });
    const model = await admin.post<{ id: string; version: number }>('/api/catalog/models', {
      lineId: line.id,
      code: 'E2E-FXQG',
      name: '测试滚筒洗衣机',
      usageKinds: ['household'],
    });
    const pump = await admin.post<{ id: string }>('/api/catalog/parts', { code: PART, name: '排水泵' });
    await admin.put(`/api/catalog/models/${model.id}/bom`, {
      version: model.version,
      items: [{ partId: pump.id, quantity: 1, isMain: false }],
    });
    await admin.put(`/api/parts/${pump.id}/prices`, { costFen: 8000, salePriceFen: 12000, effectiveFrom: daysAgo(0) });

    // The Guangdong center's depot holds pumps; the outlet's does not.
    const depots = await admin.get<{ items: { id: string; code: string }[] }>('/api/parts/depots');
    const centerDepot = depots.items.find((d) => d.code === 'D-C-GD')!;
    await admin.post('/api/parts/movements', {
      kind: 'receipt',
      depotId: centerDepot.id,
      partId: pump.id,
      quantity: 5,
    });

    // The center's parts keeper (the demo has none at the centers), with a password of their own.
    await admin.post('/api/users', {
      username: 'gd.parts',
      displayName: '广东配件管理员 陈刚',
      password: 'Temp-Pass-2026',
      orgUnitId: org['C-GD'],
      roles: ['parts_clerk'],
    });
    const keeper = await demo.as('gd.parts', 'Temp-Pass-2026');
    await keeper.post('/api/auth/password', { currentPassword: 'Temp-Pass-2026', newPassword: DEMO_PASSWORD });

    // Quotas: the outlet has ¥50 left this period (whatever the demo already drew), the technician plenty.
    const tech = (await admin.get<{ items: { id: string; username: string }[] }>('/api/users?q=gd01.tech1')).items.find(
      (u) => u.username === 'gd01.tech1',
    )!;
    const center = users['gd.center']!;
    const now = await center.get<{ outlet: { used: { valueFen: number } }; technician: unknown }>(
      `/api/part-requests/quota?outletId=${org['O-GD-01']}&technicianId=${tech.id}`,
    );
    await center.put('/api/part-quotas', {
      orgUnitId: org['O-GD-01'],
      valueFen: now.outlet.used.valueFen + 5000,
      quantity: null,
    });
    await center.put('/api/part-quotas', { userId: tech.id, valueFen: 1_000_000, quantity: 100 });
    await admin.post('/api/technician-certifications', {
      userId: tech.id,
      productLineId: line.id,
      validUntil: '2030-12-31',
    });

    const customer = await admin.post<{ id: string; addresses?: { id: string }[] }>('/api/customers', {
      kind: 'individual',
      name: '郑女士',
      phones: [{ number: '13902000088', isPrimary: true }],
      addresses: [
        {
          provinceCode: '440000',
          cityCode: '440100',
          districtCode: '440106',
          detail: '体育西路 8 号',
          isPrimary: true,
        },
      ],
    });
    const unit = await admin.post<{ id: string }>('/api/units', {
      modelId: model.id,
      serialNo: 'E2EFLOW0001',
      customerId: customer.id,
      usage: 'household',
      purchaseDate: daysAgo(90),
    });
    const act = (who: string, o: Order, path: string, body: Record<string, unknown> = {}) =>
      users[who]!.post<Order>(`/api/orders/${o.id}/${path}`, { version: o.version, ...body });
    let o = await users.hotline!.post<Order>('/api/orders', {
      customerId: customer.id,
      unitId: unit.id,
      addressId: customer.addresses?.[0]?.id,
      serviceType: 'on_site',
      faultDescription: '洗衣机不排水',
    });
    o = await act('dispatcher', o, 'dispatch', { toUnitId: org['C-GD'] });
    o = await act('gd.dispatch', o, 'dispatch', { toUnitId: org['O-GD-01'] });
    o = await act('gd01.manager', o, 'accept');
    o = await act('gd01.manager', o, 'dispatch', { technicianId: tech.id, overrideReason: '熟悉该型号' });
    const from = new Date(Date.now() + 30 * 60_000);
    o = await act('gd01.tech1', o, 'appointment', {
      from: from.toISOString(),
      to: new Date(from.getTime() + 2 * 3600_000).toISOString(),
      confirmedWithCustomer: true,
    });
    o = await act('gd01.tech1', o, 'depart');
    o = await act('gd01.tech1', o, 'arrive');
    expect(o.state).toBe('on_site');
    order = o;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('is requested beyond quota, approved, shipped, received, fitted, returned and appraised', async () => {
    // 1. The technician, on the phone, requests the pump and is told before sending who approves and why.
    let b = await openAs(server.url, 'gd01.tech1', PHONE);
    try {
      const { page } = b;
      await page.goto(`${server.url}/tech/orders/${order.id}`);
      await page.getByTestId('order-code').filter({ hasText: order.code }).waitFor();
      await page.getByRole('button', { name: '申请配件' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('剩余 50.00 元 / 不限 件').waitFor();
      await dialog.getByLabel('配件').click();
      await page.locator('.ant-select-item-option').filter({ hasText: PART }).click();
      const preview = dialog.getByTestId('request-preview');
      await preview.getByText('提交后需服务中心审批').waitFor();
      expect(await preview.innerText()).toContain('超出网点金额额度：申请80.00元，剩余50.00元，超出30.00元');
      await b.screenshot('parts-flow-01-request-warning');
      await dialog.getByRole('button', { name: '提交申请' }).click();
      await page.getByText(/已提交配件申请 PR-\d{8}-\d{4}/).waitFor();
      await dialog.waitFor({ state: 'hidden' });
      await page.locator('.ant-tag').filter({ hasText: '等待中' }).first().waitFor();
      // The job says why it waits: the request, waiting for the center.
      await page.getByTestId('order-part-request').filter({ hasText: PART }).getByText('待服务中心审批').waitFor();
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }

    // 2. The center approves it (beyond the outlet's quota, below HQ's amount).
    b = await openAs(server.url, 'gd.center', DESK);
    try {
      const { page } = b;
      const row = await boardRow(page, server.url, '待审批', order.code);
      expect(await row.innerText()).toContain('服务中心');
      await row.getByRole('button', { name: '批准' }).click();
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /确\s*定|OK/ })
        .click();
      await done(page);
      await row.waitFor({ state: 'detached' });
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }

    // 3. The outlet keeps parts too, but the pump goes out of the center's depot: not theirs to ship.
    b = await openAs(server.url, 'gd01.manager', DESK);
    try {
      // The board decides on Ship from the reader's depots: judge it once they are loaded.
      const depots = b.page.waitForResponse((r) => new URL(r.url()).pathname === '/api/parts/depots' && r.ok());
      const row = await boardRow(b.page, server.url, '待发货', order.code);
      await depots;
      await row.getByRole('link', { name: order.code }).waitFor();
      expect(await row.getByRole('button', { name: '发货' }).count()).toBe(0);
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }

    // 4. The center's parts keeper ships it from the center's depot; then it is in transit, not to ship again.
    b = await openAs(server.url, 'gd.parts', DESK);
    try {
      const { page } = b;
      const row = await boardRow(page, server.url, '待发货', order.code);
      await row.getByRole('button', { name: '发货' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('D-C-GD').waitFor();
      await dialog.getByLabel('承运商').fill('顺丰');
      await dialog.getByLabel('运单号').fill('SF1234500001');
      await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
      await done(page);
      await row.waitFor({ state: 'detached' });
      const moving = await boardRow(page, server.url, '在途', order.code);
      await moving.getByText('在途').waitFor();
      expect(await moving.getByRole('button').count()).toBe(0);
      await b.screenshot('parts-flow-02-in-transit');
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }

    // 5. The outlet receives it; the order, no longer waiting for parts, is back in repair.
    b = await openAs(server.url, 'gd01.manager', DESK);
    try {
      const { page } = b;
      const row = await boardRow(page, server.url, '在途', order.code);
      await row.getByRole('button', { name: '收货' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText(/发货单 PS-\d{8}-\d{4}/).waitFor();
      await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
      await done(page);
      await row.waitFor({ state: 'detached' });
      const received = await boardRow(page, server.url, '已收货', order.code);
      await received.getByRole('link', { name: order.code }).click();
      await page.getByTestId('order-code').filter({ hasText: order.code }).waitFor();
      await page.locator('.ant-tag').filter({ hasText: '维修中' }).first().waitFor();
      await page.getByTestId('order-part-request').getByText('已到货').waitFor();
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }

    // 6. The technician fits the pump and completes the job with the customer's signature.
    b = await openAs(server.url, 'gd01.tech1', PHONE);
    try {
      const { page } = b;
      await page.goto(`${server.url}/tech/orders/${order.id}`);
      await page.getByTestId('order-code').filter({ hasText: order.code }).waitFor();
      await page.locator('.ant-tag').filter({ hasText: '维修中' }).first().waitFor();
      await page.getByLabel('诊断结论').fill('排水泵损坏');
      await page.getByLabel('故障原因').fill('排水泵电机烧毁');
      await page.getByLabel('处理方法').fill('更换排水泵，试机排水正常');
      const issued = page.getByTestId('part-row').filter({ hasText: PART });
      await issued.waitFor();
      await issued.getByLabel('旧件序列号').fill(OLD_SERIAL);
      const pad = page.getByTestId('signature-pad');
      await pad.scrollIntoViewIfNeeded();
      const box = (await pad.boundingBox())!;
      await page.mouse.move(box.x + 30, box.y + box.height / 2);
      await page.mouse.down();
      for (let i = 1; i <= 12; i++)
        await page.mouse.move(box.x + 30 + i * 22, box.y + box.height / 2 + (i % 2 ? -30 : 30), { steps: 3 });
      await page.mouse.up();
      await b.screenshot('parts-flow-03-finish');
      await page.getByTestId('finish-job').click();
      await page.getByText('已完工，感谢！').waitFor();
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
    // Completion consumed the pump that was issued to the order, at its cost.
    const costs = await admin.get<{
      items: { partCode: string; quantity: number; unstocked: boolean; costFen: number }[];
    }>(`/api/parts/costs/orders/${order.id}`);
    expect(costs.items).toEqual([
      expect.objectContaining({ partCode: PART, quantity: 1, unstocked: false, costFen: 8000 }),
    ]);

    let batchCode = '';
    // 7. The outlet sends the old pump back in a batch.
    b = await openAs(server.url, 'gd01.manager', DESK);
    try {
      const { page } = b;
      await page.goto(`${server.url}/part-returns`);
      const row = page.getByRole('row').filter({ hasText: order.code });
      await row.waitFor();
      expect(await row.innerText()).toContain(OLD_SERIAL);
      await row.getByRole('checkbox').check();
      await page.getByRole('button', { name: /寄回所选旧件/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('承运商').fill('顺丰');
      await dialog.getByLabel('运单号').fill('SF1234500002');
      await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
      await page.waitForURL(/\/part-returns\/batches\/[0-9a-f-]+$/);
      const code = page.getByText(/RB-\d{8}-\d{4}/).first();
      await code.waitFor();
      batchCode = /RB-\d{8}-\d{4}/.exec(await code.innerText())![0];
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }

    // 8. The center receives the batch and appraises the pump: the fault is confirmed.
    b = await openAs(server.url, 'gd.center', DESK);
    try {
      const { page } = b;
      await page.goto(`${server.url}/part-returns/batches`);
      await page.getByRole('link', { name: batchCode }).click();
      await page.getByRole('button', { name: '签收' }).click();
      await page.getByText('已签收').first().waitFor();
      const line = page.getByRole('row').filter({ hasText: order.code });
      await line.getByRole('combobox').first().click();
      await page.locator('.ant-select-item-option').filter({ hasText: '确有故障' }).click();
      await line.getByRole('button', { name: '鉴定' }).click();
      await page.getByText('已鉴定 1/1').waitFor();
      await b.screenshot('parts-flow-04-appraised');
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  }, 180_000);
});

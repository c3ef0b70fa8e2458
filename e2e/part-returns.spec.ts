import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, setupDemo } from './support/api.js';
import { openBrowser } from './support/browser.js';
import { DEMO_PASSWORD, daysAgo, signIn } from './support/flows.js';
import { type RunningServer, startDemoServer } from './support/server.js';

/*
 * Old-part returns (旧件返还) on screen: a washer pump replaced under warranty at outlet O-GD-01
 * (completed through the API) must go back. The outlet manager selects it on the due tab, ships it
 * with carrier and tracking number (a blank tracking number is refused on the form), prints the
 * return note with its QR code; the Guangdong center receives the batch and appraises the part.
 */
const SIGNATURE =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

interface Order {
  id: string;
  code: string;
  version: number;
}

describe('old-part returns', () => {
  let server: RunningServer;
  let orderCode: string;

  beforeAll(async () => {
    server = await startDemoServer();
    const { admin, as } = await setupDemo(server);
    const users: Record<string, Api> = {};
    for (const u of ['hotline', 'dispatcher', 'gd.dispatch', 'gd01.manager']) users[u] = await as(u, DEMO_PASSWORD);
    const org = Object.fromEntries(
      (await admin.get<{ items: { id: string; code: string }[] }>('/api/org/units')).items.map((u) => [u.code, u.id]),
    );
    const line = await admin.post<{ id: string }>('/api/catalog/lines', {
      code: 'E2E-RWASH',
      name: '测试洗衣机',
      category: 'washer',
    });
    const model = await admin.post<{ id: string; version: number }>('/api/catalog/models', {
      lineId: line.id,
      code: 'E2E-RXQG',
      name: '测试滚筒洗衣机',
      usageKinds: ['household'],
    });
    const pump = await admin.post<{ id: string }>('/api/catalog/parts', { code: 'E2E-RPUMP', name: '排水泵' });
    await admin.put(`/api/catalog/models/${model.id}/bom`, {
      version: model.version,
      items: [{ partId: pump.id, quantity: 1, isMain: false }],
    });
    const customer = await admin.post<{ id: string }>('/api/customers', {
      kind: 'individual',
      name: '周女士',
      phones: [{ number: '13902000071', isPrimary: true }],
      addresses: [
        { provinceCode: '440000', cityCode: '440100', districtCode: '440106', detail: '天河路 7 号', isPrimary: true },
      ],
    });
    const unit = await admin.post<{ id: string }>('/api/units', {
      modelId: model.id,
      serialNo: 'E2ERET0001',
      customerId: customer.id,
      usage: 'household',
      purchaseDate: daysAgo(90),
    });
    const act = (who: string, o: Order, path: string, body: Record<string, unknown> = {}) =>
      users[who]!.post<Order>(`/api/orders/${o.id}/${path}`, { version: o.version, ...body });
    let o = await users.hotline!.post<Order>('/api/orders', {
      customerId: customer.id,
      unitId: unit.id,
      serviceType: 'carry_in',
      faultDescription: '不排水',
    });
    o = await act('dispatcher', o, 'dispatch', { toUnitId: org['C-GD'] });
    o = await act('gd.dispatch', o, 'dispatch', { toUnitId: org['O-GD-01'] });
    o = await act('gd01.manager', o, 'accept');
    o = await act('gd01.manager', o, 'receive', { condition: '完好' });
    o = await act('gd01.manager', o, 'start');
    o = await act('gd01.manager', o, 'complete', {
      diagnosis: '排水泵损坏',
      faultCode: 'E21',
      cause: '老化',
      solution: '更换排水泵',
      parts: [{ partId: pump.id, qty: 1, oldSerial: 'PUMP-OLD-7' }],
      labourMinutes: 30,
      signature: SIGNATURE,
    });
    orderCode = o.code;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('the outlet ships the old part with a return note; the center receives and appraises it', async () => {
    let batchId = '';
    const b = await openBrowser({ width: 1366, height: 900 });
    try {
      const { page } = b;
      await signIn(page, server.url, 'gd01.manager');
      await page.goto(`${server.url}/part-returns`);
      const row = page.getByRole('row').filter({ hasText: orderCode });
      await row.waitFor();
      expect(await row.innerText()).toContain('PUMP-OLD-7');
      await row.getByRole('checkbox').check();
      await page.getByRole('button', { name: /寄回所选旧件/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('承运商').fill('顺丰');
      await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
      // The tracking number is required: the form refuses, nothing is shipped.
      await dialog.locator('.ant-form-item-explain-error').first().waitFor();
      await dialog.getByLabel('运单号').fill('SF9988776655');
      await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
      await page.waitForURL(/\/part-returns\/batches\/[0-9a-f-]+$/);
      batchId = new URL(page.url()).pathname.split('/').pop()!;
      await page
        .getByText(/RB-\d{8}-\d{4}/)
        .first()
        .waitFor();
      await b.screenshot('part-returns-01-batch-shipped');
      await page.getByRole('button', { name: '打印返还单' }).click();
      await page.getByTestId('return-note').waitFor();
      await page.getByTestId('return-note').locator('img').waitFor();
      expect(await page.getByTestId('return-note').innerText()).toContain(orderCode);
      await b.screenshot('part-returns-02-return-note');
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }

    const c = await openBrowser({ width: 1366, height: 900 });
    try {
      const { page } = c;
      await signIn(page, server.url, 'gd.center');
      await page.goto(`${server.url}/part-returns/batches`);
      // The demo has return batches of its own: open the one just shipped.
      await page.locator(`a[href="/part-returns/batches/${batchId}"]`).click();
      await page.getByRole('button', { name: '签收' }).click();
      await page.getByText('已签收').first().waitFor();
      const line = page.getByRole('row').filter({ hasText: orderCode });
      await line.getByRole('combobox').first().click();
      await page.locator('.ant-select-item-option').filter({ hasText: '错件' }).click();
      await line.getByRole('button', { name: '鉴定' }).click();
      await page.getByRole('row').filter({ hasText: '结算时扣回该项保修费用' }).waitFor();
      await c.screenshot('part-returns-03-appraised');
      expect(c.errors).toEqual([]);
    } finally {
      await c.close();
    }
  }, 180_000);
});

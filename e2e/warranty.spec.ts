import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, setupDemo } from './support/api.js';
import { openBrowser } from './support/browser.js';
import { DEMO_PASSWORD, daysAgo, signIn } from './support/flows.js';
import { type RunningServer, startDemoServer } from './support/server.js';

/*
 * Warranty and 三包 as the after-sales department sees them. A washer bought two years ago: the
 * agent sees the whole unit out of warranty and its motor (a main part, 3 years) still covered.
 * A newer washer has had the same fault repaired twice; the technician completes the third repair
 * on the phone and the order proposes an exchange; a return/exchange case is opened, appraised,
 * approved by the service center and carried out; the new unit starts a fresh warranty.
 * Catalog, units and the earlier repairs are set up through the API (seeded household washer policy).
 */
const PASSWORD = DEMO_PASSWORD;
const SIGNATURE =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

interface Order {
  id: string;
  code: string;
  version: number;
  state: string;
}
interface OrgUnit {
  id: string;
  code: string;
}

describe('warranty and 三包', () => {
  let server: RunningServer;
  let admin: Api;
  let as: (username: string, password: string) => Promise<Api>;
  const users: Record<string, Api> = {};
  let org: Record<string, string>;
  let lineId: string;
  let oldUnitId: string;
  let unitId: string;
  let customerId: string;
  let thirdOrder: Order;
  let caseId: string;

  const act = async (who: string, order: Order, path: string, body: Record<string, unknown> = {}) =>
    users[who]!.post<Order>(`/api/orders/${order.id}/${path}`, { version: order.version, ...body });

  /** A carry-in order on the unit, at outlet O-GD-01, received and in repair by whoever `worker` is. */
  async function orderInRepair(worker: string, technicianId?: string): Promise<Order> {
    let o = await users.hotline!.post<Order>('/api/orders', {
      customerId,
      unitId,
      serviceType: 'carry_in',
      faultDescription: '洗衣机不脱水，报 E21',
    });
    o = await act('dispatcher', o, 'dispatch', { toUnitId: org['C-GD'] });
    o = await act('gd.dispatch', o, 'dispatch', { toUnitId: org['O-GD-01'] });
    o = await act('gd01.manager', o, 'accept');
    if (technicianId) o = await act('gd01.manager', o, 'dispatch', { technicianId });
    o = await act(worker, o, 'receive', { condition: '外观完好' });
    return act(worker, o, 'start');
  }

  beforeAll(async () => {
    server = await startDemoServer();
    ({ admin, as } = await setupDemo(server));
    for (const u of ['hotline', 'dispatcher', 'gd.dispatch', 'gd01.manager', 'gd01.tech1'])
      users[u] = await as(u, PASSWORD);
    org = Object.fromEntries(
      (await admin.get<{ items: OrgUnit[] }>('/api/org/units')).items.map((u) => [u.code, u.id]),
    );
    // A center approver: a manager at the Guangdong center.
    await admin.post('/api/users', {
      username: 'gd.approver',
      displayName: '广东中心 审批',
      password: 'Approve2026x',
      orgUnitId: org['C-GD'],
      roles: ['manager'],
    });

    const line = await admin.post<{ id: string }>('/api/catalog/lines', {
      code: 'E2E-WASH',
      name: '测试洗衣机',
      category: 'washer',
    });
    lineId = line.id;
    const model = await admin.post<{ id: string; version: number }>('/api/catalog/models', {
      lineId,
      code: 'E2E-XQG100',
      name: '测试滚筒洗衣机',
      usageKinds: ['household'],
    });
    const motor = await admin.post<{ id: string }>('/api/catalog/parts', { code: 'E2E-MOTOR', name: '电机' });
    const pump = await admin.post<{ id: string }>('/api/catalog/parts', { code: 'E2E-PUMP', name: '排水泵' });
    await admin.put(`/api/catalog/models/${model.id}/bom`, {
      version: model.version,
      items: [
        { partId: motor.id, quantity: 1, isMain: true },
        { partId: pump.id, quantity: 1, isMain: false },
      ],
    });

    // The customer lives in 广州天河, the area of outlet O-GD-01.
    const customer = await admin.post<{ id: string }>('/api/customers', {
      kind: 'individual',
      name: '陈先生',
      phones: [{ number: '13902000001', isPrimary: true }],
      addresses: [
        {
          provinceCode: '440000',
          cityCode: '440100',
          districtCode: '440106',
          detail: '天河路 100 号',
          isPrimary: true,
        },
      ],
    });
    customerId = customer.id;
    oldUnitId = (
      await admin.post<{ id: string }>('/api/units', {
        modelId: model.id,
        serialNo: 'E2EWASH0001',
        customerId,
        usage: 'household',
        purchaseDate: daysAgo(730),
      })
    ).id;
    unitId = (
      await admin.post<{ id: string }>('/api/units', {
        modelId: model.id,
        serialNo: 'E2EWASH0002',
        customerId,
        usage: 'household',
        purchaseDate: daysAgo(90),
      })
    ).id;

    // Two repairs of the same fault (E21) already done within the warranty.
    for (let i = 0; i < 2; i++) {
      const o = await orderInRepair('gd01.manager');
      await act('gd01.manager', o, 'complete', {
        diagnosis: '排水泵堵转',
        faultCode: 'E21',
        cause: '排水泵故障',
        solution: '清理并更换排水泵',
        parts: [{ partId: pump.id, qty: 1 }],
        labourMinutes: 30,
        signature: SIGNATURE,
      });
    }
    // The third: assigned to the certified technician, received and started.
    const tech = await admin.get<{ items: { id: string; username: string }[] }>('/api/users?q=gd01.tech1');
    const techId = tech.items.find((u) => u.username === 'gd01.tech1')!.id;
    await admin.post('/api/technician-certifications', {
      userId: techId,
      productLineId: lineId,
      validUntil: '2030-12-31',
    });
    thirdOrder = await orderInRepair('gd01.tech1', techId);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('shows the agent a two-year-old unit: whole unit expired, motor still covered', async () => {
    const b = await openBrowser({ width: 1366, height: 900 });
    try {
      const { page } = b;
      await signIn(page, server.url, 'hotline');
      // On the intake desk: the caller is found by phone, the unit picked, its entitlement shown at once.
      await page.goto(`${server.url}/intake`);
      await page.getByLabel('查找客户').fill('13902000001');
      await page.getByTestId('customer-card').filter({ hasText: '陈先生' }).waitFor();
      await page.keyboard.press('Enter');
      await page.getByTestId('desk-customer').getByText('陈先生').waitFor();
      await page.getByRole('combobox', { name: '产品' }).click();
      await page.locator('.ant-select-item-option').filter({ hasText: 'E2EWASH0001' }).click();
      const desk = page.getByTestId('entitlement-unit');
      await desk.waitFor();
      expect(await desk.innerText()).toContain('已过保');
      await page.getByTestId('entitlement-part').filter({ hasText: '电机' }).waitFor();
      await b.screenshot('warranty-00-intake-desk');

      await page.goto(`${server.url}/units/${oldUnitId}`);
      const unitLine = page.getByTestId('entitlement-unit');
      await unitLine.waitFor();
      const unitText = await unitLine.innerText();
      expect(unitText).toContain('保外');
      expect(unitText).toContain('已过保');
      const motor = page.getByTestId('entitlement-part').filter({ hasText: '电机' });
      await motor.waitFor();
      const motorText = await motor.innerText();
      expect(motorText).toContain('保内');
      expect(motorText).toContain('主要部件保修期');
      await b.screenshot('warranty-01-unit-expired-motor-covered');

      // An extended warranty sold at the desk (price in yuan, stored in fen) covers the unit again.
      await page.getByTestId('new-contract').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('价格（元）').fill('199.5');
      await dialog.getByRole('button', { name: '保存' }).click();
      await page.getByRole('row').filter({ hasText: '¥199.50' }).waitFor();
      await expect
        .poll(() => page.getByTestId('entitlement-unit').innerText(), { timeout: 10_000 })
        .toContain('服务合同');
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it('proposes an exchange when the technician completes the third repair of the same fault', async () => {
    const phone = await openBrowser({ width: 390, height: 844 });
    try {
      const { page } = phone;
      await signIn(page, server.url, 'gd01.tech1');
      await page.goto(`${server.url}/tech/orders/${thirdOrder.id}`);
      await page.getByTestId('order-code').filter({ hasText: thirdOrder.code }).waitFor();
      await page.getByLabel('诊断结论').fill('排水泵再次堵转');
      await page.getByLabel('故障代码').fill('E21');
      await page.getByLabel('故障原因').fill('排水泵故障');
      await page.getByLabel('处理方法').fill('更换排水泵，试机正常');
      // Who pays, before finishing: the unit is within its first year.
      expect(await page.getByTestId('entitlement-unit').first().innerText()).toContain('保内');
      const pad = page.getByTestId('signature-pad');
      await pad.scrollIntoViewIfNeeded();
      const box = (await pad.boundingBox())!;
      await page.mouse.move(box.x + 30, box.y + box.height / 2);
      await page.mouse.down();
      for (let i = 1; i <= 10; i++) {
        await page.mouse.move(box.x + 30 + i * 25, box.y + box.height / 2 + (i % 2 ? -30 : 30), { steps: 3 });
      }
      await page.mouse.up();
      await phone.screenshot('warranty-02-tech-finish');
      await page.getByTestId('finish-job').click();
      await page.getByText('已完工，感谢！').waitFor();
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }

    const b = await openBrowser({ width: 1366, height: 900 });
    try {
      const { page } = b;
      await signIn(page, server.url, 'gd01.manager');
      await page.goto(`${server.url}/orders/${thirdOrder.id}`);
      const banner = page.getByTestId('remedy-banner');
      await banner.waitFor();
      const text = await banner.innerText();
      expect(text).toContain('换货');
      expect(text).toContain('同一故障');
      await page.getByTestId('warranty-decisions').waitFor();
      await b.screenshot('warranty-03-exchange-proposed');

      // The case is opened from the order and appraised.
      await page.getByTestId('open-case').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('购买价格').fill('2599');
      await dialog.getByLabel('申请原因').fill('同一故障第三次维修，客户要求换货');
      await dialog.getByRole('button', { name: '保存' }).click();
      await page.waitForURL(/\/warranty\/cases\/[0-9a-f-]{36}$/);
      caseId = page.url().split('/').pop()!;
      await page.getByTestId('case-code').waitFor();
      expect(await page.getByTestId('case-state').innerText()).toBe('待鉴定');
      await page.getByTestId('case-actions').getByRole('button', { name: '鉴定' }).click();
      const appraise = page.getByRole('dialog');
      await appraise.getByLabel('检验情况').fill('通电后排水泵不工作，故障属实');
      await appraise.getByLabel('检测结果').fill('排水测试不通过');
      await appraise.getByRole('button', { name: '鉴定' }).click();
      await expect.poll(() => page.getByTestId('case-state').innerText(), { timeout: 10_000 }).toBe('已鉴定');
      await page.getByTestId('case-appraisal').waitFor();
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it('is approved by the service center and carried out', async () => {
    const b = await openBrowser({ width: 1366, height: 900 });
    try {
      const { page } = b;
      await signIn(page, server.url, 'gd.approver', 'Approve2026x');
      await page.goto(`${server.url}/warranty/cases`);
      await page.getByRole('link', { name: 'E2EWASH0002', exact: false }).first().waitFor();
      await page.goto(`${server.url}/warranty/cases/${caseId}`);
      await page.getByTestId('case-actions').getByRole('button', { name: '批准' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('备注').fill('同意换机');
      await dialog.getByRole('button', { name: '批准' }).click();
      await expect.poll(() => page.getByTestId('case-state').innerText(), { timeout: 10_000 }).toBe('已批准');
      await b.screenshot('warranty-04-approved');
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }

    const m = await openBrowser({ width: 1366, height: 900 });
    try {
      const { page } = m;
      await signIn(page, server.url, 'gd01.manager');
      await page.goto(`${server.url}/warranty/cases/${caseId}`);
      await page.getByTestId('case-actions').getByRole('button', { name: '办理' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('新机条码').fill('E2EWASH0002-NEW');
      await dialog.getByRole('button', { name: '办理' }).click();
      await expect.poll(() => page.getByTestId('case-state').innerText(), { timeout: 10_000 }).toBe('已办理');
      await page.getByTestId('new-unit-link').waitFor();
      expect(m.errors).toEqual([]);
    } finally {
      await m.close();
    }
  });

  it('gives the new unit a fresh warranty', async () => {
    const b = await openBrowser({ width: 1366, height: 900 });
    try {
      const { page } = b;
      await signIn(page, server.url, 'gd01.manager');
      await page.goto(`${server.url}/warranty/cases/${caseId}`);
      await page.getByTestId('new-unit-link').click();
      await page.waitForURL(/\/units\/[0-9a-f-]{36}$/);
      const unitLine = page.getByTestId('entitlement-unit');
      await unitLine.waitFor();
      const text = await unitLine.innerText();
      expect(text).toContain('保内');
      expect(text).toContain('整机保修期');
      const panel = await page.getByTestId('entitlement-panel').first().innerText();
      expect(panel).toContain(daysAgo(0));
      await b.screenshot('warranty-05-fresh-warranty');

      await page.goto(`${server.url}/warranty/cases/${caseId}/print`);
      await page.getByTestId('appraisal-form').waitFor();
      expect(await page.getByTestId('appraisal-form').innerText()).toContain('E2EWASH0002');
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it('lets the administrator read the policies with their terms and open a new version', async () => {
    const b = await openBrowser({ width: 1366, height: 900 });
    try {
      const { page } = b;
      await signIn(page, server.url, 'admin', 'Admin12345');
      await page.goto(`${server.url}/warranty/policies`);
      const row = page.getByRole('row').filter({ hasText: 'washer-household' });
      await row.waitFor();
      expect(await row.innerText()).toContain('36 个月');
      await row.getByRole('button', { name: '新版本' }).click();
      await page.getByLabel('整机保修（月）').waitFor();
      expect(await page.getByLabel('整机保修（月）').inputValue()).toBe('12');
      await b.screenshot('warranty-06-policy-version');
      await page.goto(`${server.url}/warranty/cases?state=executed`);
      await page.getByRole('row').filter({ hasText: 'E2EWASH0002' }).waitFor();
      await b.screenshot('warranty-07-cases');
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, setupDemo } from './support/api.js';
import { openBrowser } from './support/browser.js';
import { DEMO_PASSWORD, daysAgo, signIn } from './support/flows.js';
import { type RunningServer, startDemoServer } from './support/server.js';

/*
 * Three flows as the demo roles do them:
 * - the technician completes a repair with two parts and the customer's signature on the phone; a
 *   refusal (a workaround without a manager's approval) is shown next to the field it names;
 * - the Guangdong center's staff approve a return case within the HQ threshold; above it the case
 *   waits for HQ, whose manager approves it;
 * - the outlet carries out the refund: the order ends (closed, refunded) and leaves the
 *   technician's list, and the returned unit shows its status instead of a warranty verdict.
 * Catalog, customer, units and the orders' earlier steps are set up through the API.
 */
const PASSWORD = DEMO_PASSWORD;

interface Order {
  id: string;
  code: string;
  version: number;
  state: string;
}
interface Case {
  id: string;
  code: string;
  version: number;
  state: string;
}

describe('flows walked as each role', () => {
  let server: RunningServer;
  let admin: Api;
  const users: Record<string, Api> = {};
  let org: Record<string, string>;
  let customerId: string;
  let modelId: string;
  let techId: string;
  let repairOrder: Order;
  let refundUnitId: string;
  let refundOrder: Order;
  let lowCase: Case;
  let highCase: Case;

  const act = async (who: string, order: Order, path: string, body: Record<string, unknown> = {}) =>
    users[who]!.post<Order>(`/api/orders/${order.id}/${path}`, { version: order.version, ...body });

  /** An order on the unit at outlet O-GD-01, assigned to gd01.tech1. */
  async function assignedOrder(unitId: string, serviceType: string): Promise<Order> {
    let o = await users.hotline!.post<Order>('/api/orders', {
      customerId,
      unitId,
      serviceType,
      faultDescription: '洗衣机不脱水',
    });
    o = await act('dispatcher', o, 'dispatch', { toUnitId: org['C-GD'] });
    o = await act('gd.dispatch', o, 'dispatch', { toUnitId: org['O-GD-01'] });
    o = await act('gd01.manager', o, 'accept');
    return act('gd01.manager', o, 'dispatch', { technicianId: techId });
  }

  async function appraisedCase(unitId: string, priceFen: number, orderId?: string): Promise<Case> {
    const c = await users['gd01.manager']!.post<Case>('/api/warranty/cases', {
      unitId,
      ...(orderId ? { orderId } : {}),
      requested: 'refund',
      rule: 'within_refund_days',
      reason: '买回三天不脱水',
      priceFen,
    });
    return users['gd01.tech1']!.post<Case>(`/api/warranty/cases/${c.id}/appraise`, {
      version: c.version,
      faultVerified: true,
      faultCode: 'E21',
      findings: '通电后排水泵不工作，故障属实',
      testResults: '排水测试不通过',
      conclusion: 'refund',
      customerChoice: 'refund',
    });
  }

  beforeAll(async () => {
    server = await startDemoServer();
    const s = await setupDemo(server);
    admin = s.admin;
    for (const u of ['hotline', 'dispatcher', 'gd.dispatch', 'gd01.manager', 'gd01.tech1'])
      users[u] = await s.as(u, PASSWORD);
    org = Object.fromEntries(
      (await admin.get<{ items: { id: string; code: string }[] }>('/api/org/units')).items.map((u) => [u.code, u.id]),
    );
    const line = await admin.post<{ id: string }>('/api/catalog/lines', {
      code: 'E2E-SCR',
      name: '测试洗衣机',
      category: 'washer',
    });
    const model = await admin.post<{ id: string; version: number }>('/api/catalog/models', {
      lineId: line.id,
      code: 'E2E-SCR-100',
      name: '测试波轮洗衣机',
      usageKinds: ['household'],
    });
    modelId = model.id;
    await admin.post('/api/catalog/parts', { code: 'E2E-SCR-PUMP', name: '排水泵' });
    await admin.post('/api/catalog/parts', { code: 'E2E-SCR-BELT', name: '传动皮带' });
    const customer = await admin.post<{ id: string }>('/api/customers', {
      kind: 'individual',
      name: '林女士',
      phones: [{ number: '13902000077', isPrimary: true }],
      addresses: [
        { provinceCode: '440000', cityCode: '440100', districtCode: '440106', detail: '天河路 77 号', isPrimary: true },
      ],
    });
    customerId = customer.id;
    const unit = async (serialNo: string, days: number) =>
      (
        await admin.post<{ id: string }>('/api/units', {
          modelId,
          serialNo,
          customerId,
          usage: 'household',
          purchaseDate: daysAgo(days),
        })
      ).id;
    const repairUnitId = await unit('E2ESCR0001', 200);
    refundUnitId = await unit('E2ESCR0002', 3);
    const highUnitId = await unit('E2ESCR0003', 3);

    const tech = await admin.get<{ items: { id: string; username: string }[] }>('/api/users?q=gd01.tech1');
    techId = tech.items.find((u) => u.username === 'gd01.tech1')!.id;
    await admin.post('/api/technician-certifications', {
      userId: techId,
      productLineId: line.id,
      validUntil: '2030-12-31',
    });

    // The repair: a carry-in unit received and in repair by the technician.
    repairOrder = await assignedOrder(repairUnitId, 'carry_in');
    repairOrder = await act('gd01.tech1', repairOrder, 'receive', { condition: '外观完好' });
    repairOrder = await act('gd01.tech1', repairOrder, 'start');

    // The refund: an on-site order assigned to the technician (待预约), a case opened from it.
    refundOrder = await assignedOrder(refundUnitId, 'on_site');
    lowCase = await appraisedCase(refundUnitId, 259_900, refundOrder.id);
    // Above the HQ threshold (default 5 000 yuan).
    highCase = await appraisedCase(highUnitId, 899_900);
    // Demo setup and some forty API steps: on a busy machine this takes longer than the default.
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('lets the technician complete a repair with two parts and a signature on the phone', async () => {
    const phone = await openBrowser({ width: 390, height: 844 });
    try {
      const { page } = phone;
      await signIn(page, server.url, 'gd01.tech1');
      await page.goto(`${server.url}/tech/orders/${repairOrder.id}`);
      await page.getByTestId('order-code').filter({ hasText: repairOrder.code }).waitFor();
      await page.getByLabel('诊断结论').fill('排水泵堵转，皮带老化');
      await page.getByLabel('故障代码').fill('E21');
      await page.getByLabel('故障原因').fill('排水泵故障、皮带磨损');
      await page.getByLabel('处理方法').fill('更换排水泵和皮带，试机正常');
      for (const [code, name] of [
        ['E2E-SCR-PUMP', '排水泵'],
        ['E2E-SCR-BELT', '传动皮带'],
      ] as const) {
        const picker = page.getByRole('combobox', { name: '添加配件（输入编码或名称）' });
        await picker.click();
        await picker.fill(code);
        await page.locator('.ant-select-item-option').filter({ hasText: name }).click();
        await page
          .getByTestId('part-name')
          .filter({ hasText: `${code} · ${name}` })
          .waitFor();
      }
      expect(await page.getByTestId('part-row').count()).toBe(2);

      const pad = page.getByTestId('signature-pad');
      await pad.scrollIntoViewIfNeeded();
      const box = (await pad.boundingBox())!;
      await page.mouse.move(box.x + 30, box.y + box.height / 2);
      await page.mouse.down();
      for (let i = 1; i <= 10; i++) {
        await page.mouse.move(box.x + 30 + i * 25, box.y + box.height / 2 + (i % 2 ? -30 : 30), { steps: 3 });
      }
      await page.mouse.up();

      // A workaround without a manager's approval: refused, and the refusal sits by the checkbox.
      await page.getByLabel('使用配件替代方案（须经理审批）').check();
      await page.getByTestId('finish-job').click();
      const refusal = page.locator('.ant-form-item-explain-error').filter({ hasText: '须先经经理审批' });
      await refusal.waitFor();
      await page.locator('.ant-message-notice').filter({ hasText: '须先经经理审批' }).first().waitFor();
      await phone.screenshot('screens-01-tech-refusal-by-field');

      await page.getByLabel('使用配件替代方案（须经理审批）').uncheck();
      await page.getByTestId('finish-job').click();
      await page.getByText('已完工，感谢！').waitFor();
      await phone.screenshot('screens-02-tech-finished');
      // The refused request is a 409 the browser logs; nothing else went wrong.
      expect(phone.errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
    } finally {
      await phone.close();
    }
    const done = await admin.get<{ state: string; parts: { partCode: string; qty: number }[] }>(
      `/api/orders/${repairOrder.id}`,
    );
    expect(done.state).toBe('completed');
    expect(done.parts.map((p) => p.partCode).sort()).toEqual(['E2E-SCR-BELT', 'E2E-SCR-PUMP']);
  });

  it('lets the center approve within the threshold; above it HQ approves after the center', async () => {
    const center = await openBrowser({ width: 1440, height: 900 });
    try {
      const { page } = center;
      await signIn(page, server.url, 'gd.center');
      await page.goto(`${server.url}/warranty/cases/${lowCase.id}`);
      const actions = page.getByTestId('case-actions');
      await actions.getByRole('button', { name: '批准' }).click();
      await page.getByRole('dialog').getByRole('button', { name: '批准' }).click();
      await expect.poll(() => page.getByTestId('case-state').innerText(), { timeout: 10_000 }).toBe('已批准');
      await center.screenshot('screens-03-center-approved');

      await page.goto(`${server.url}/warranty/cases/${highCase.id}`);
      await actions.getByRole('button', { name: '批准' }).click();
      await page.getByRole('dialog').getByRole('button', { name: '批准' }).click();
      await expect.poll(() => page.getByTestId('case-state').innerText(), { timeout: 10_000 }).toBe('待总部审批');
      await actions.getByRole('button', { name: '驳回' }).waitFor();
      expect(await actions.getByRole('button', { name: '批准' }).count()).toBe(0);
      expect(center.errors).toEqual([]);
    } finally {
      await center.close();
    }
    const hq = await openBrowser({ width: 1440, height: 900 });
    try {
      const { page } = hq;
      await signIn(page, server.url, 'manager');
      await page.goto(`${server.url}/warranty/cases/${highCase.id}`);
      await page.getByTestId('case-actions').getByRole('button', { name: '批准' }).click();
      await page.getByRole('dialog').getByRole('button', { name: '批准' }).click();
      await expect.poll(() => page.getByTestId('case-state').innerText(), { timeout: 10_000 }).toBe('已批准');
      expect(hq.errors).toEqual([]);
    } finally {
      await hq.close();
    }
  });

  it('ends the order when the refund is carried out, and the returned unit shows its status', async () => {
    const b = await openBrowser({ width: 1440, height: 900 });
    try {
      const { page } = b;
      await signIn(page, server.url, 'gd01.manager');
      await page.goto(`${server.url}/warranty/cases/${lowCase.id}`);
      await page.getByTestId('case-actions').getByRole('button', { name: '办理' }).click();
      await page.getByRole('dialog').getByRole('button', { name: '办理' }).click();
      await expect.poll(() => page.getByTestId('case-state').innerText(), { timeout: 10_000 }).toBe('已办理');
      await page.getByTestId('case-actions').getByRole('button', { name: '结案' }).click();
      await page.getByRole('dialog').getByRole('button', { name: '结案' }).click();
      await expect.poll(() => page.getByTestId('case-state').innerText(), { timeout: 10_000 }).toBe('已结案');

      await page.goto(`${server.url}/orders/${refundOrder.id}`);
      await page.getByTestId('order-resolution').filter({ hasText: '已退货退款' }).waitFor();
      await page.getByText('已关闭').first().waitFor();
      for (const name of ['派工程师', '预约', '催单']) {
        expect(await page.getByRole('button', { name }).count(), name).toBe(0);
      }
      await page.getByText('退换货办结，服务单关闭').waitFor();
      await b.screenshot('screens-04-order-closed-refunded');

      await page.goto(`${server.url}/units/${refundUnitId}`);
      await page.getByTestId('unit-gone').waitFor();
      expect(await page.getByTestId('entitlement-unit').count()).toBe(0);
      expect(await page.getByTestId('open-case').count()).toBe(0);
      expect(await page.getByRole('button', { name: '申请退换货' }).count()).toBe(0);
      await b.screenshot('screens-05-unit-returned');
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }

    const phone = await openBrowser({ width: 390, height: 844 });
    try {
      const { page } = phone;
      await signIn(page, server.url, 'gd01.tech1');
      await page.goto(`${server.url}/tech`);
      await page.getByRole('heading').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.getByText(refundOrder.code).count()).toBe(0);
      expect(phone.errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});

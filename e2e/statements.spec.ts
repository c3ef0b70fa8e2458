import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, setupDemo } from './support/api.js';
import { openBrowser } from './support/browser.js';
import { DEMO_PASSWORD, daysAgo, signIn } from './support/flows.js';
import { type RunningServer, startDemoServer } from './support/server.js';

/*
 * The monthly outlet settlement (网点结算) on screen. An order of outlet O-GD-01 is completed
 * through the API this month, the Guangdong center drafts the month's statement of O-GD-01 and
 * sends it. In the browser the outlet manager opens 结算单, opens the statement and disputes a line
 * of that order with a reason; the center upholds the dispute with a corrected amount 10 yuan
 * higher, sees the correction line and the total risen by exactly that, and locks the statement.
 */
const SIGNATURE =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

/** The zh-CN labels of the line kinds (web/modules/statements/messages.ts). */
const KIND_ZH: Record<string, string> = {
  service_fee: '服务费',
  parts_reimbursement: '配件费用',
  timeliness_bonus: '及时奖励',
  late_completion: '超时完工处罚',
  over_cap: '超期处罚',
  late_dispatch: '派工超时处罚',
  withheld_old_part: '旧件扣回',
  center_bonus: '中心奖金',
  adjustment: '调整',
  dispute_correction: '异议更正',
};

/** 123456 → '¥1,234.56', as the screens show amounts. */
function yuanText(fen: number): string {
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${fen < 0 ? '-' : ''}¥${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** Fen as typed into an amount field: '-12.50'. */
function inputText(fen: number): string {
  const abs = Math.abs(fen);
  return `${fen < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

interface Order {
  id: string;
  code: string;
  version: number;
}
interface Line {
  id: string;
  seq: number;
  kind: string;
  orderCode: string | null;
  amountFen: number;
  dispute: { state: string } | null;
}
interface Statement {
  id: string;
  code: string;
  state: string;
  totalFen: number;
  lines: Line[];
}

describe('settlement statements', () => {
  let server: RunningServer;
  let center: Api;
  let orderCode: string;
  let statement: Statement;
  let line: Line;

  beforeAll(async () => {
    server = await startDemoServer();
    const { admin, as } = await setupDemo(server);
    const users: Record<string, Api> = {};
    for (const u of ['hotline', 'dispatcher', 'gd.dispatch', 'gd01.manager', 'gd.center'])
      users[u] = await as(u, DEMO_PASSWORD);
    center = users['gd.center']!;
    const org = Object.fromEntries(
      (await admin.get<{ items: { id: string; code: string }[] }>('/api/org/units')).items.map((u) => [u.code, u.id]),
    );
    // An order of O-GD-01 completed now, so the month's statement has lines citing it.
    const line0 = await admin.post<{ id: string }>('/api/catalog/lines', {
      code: 'E2E-SWASH',
      name: '测试洗衣机',
      category: 'washer',
    });
    const model = await admin.post<{ id: string; version: number }>('/api/catalog/models', {
      lineId: line0.id,
      code: 'E2E-SXQG',
      name: '测试滚筒洗衣机',
      usageKinds: ['household'],
    });
    const pump = await admin.post<{ id: string }>('/api/catalog/parts', { code: 'E2E-SPUMP', name: '排水泵' });
    await admin.put(`/api/catalog/models/${model.id}/bom`, {
      version: model.version,
      items: [{ partId: pump.id, quantity: 1, isMain: false }],
    });
    const customer = await admin.post<{ id: string }>('/api/customers', {
      kind: 'individual',
      name: '梁先生',
      phones: [{ number: '13902000083', isPrimary: true }],
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
      serialNo: 'E2ESTM0001',
      customerId: customer.id,
      usage: 'household',
      purchaseDate: daysAgo(60),
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
      parts: [{ partId: pump.id, qty: 1 }],
      labourMinutes: 30,
      signature: SIGNATURE,
    });
    orderCode = o.code;

    // The center drafts this month (company time zone) for O-GD-01 and sends it.
    const month = daysAgo(0).slice(0, 7);
    await center.post('/api/statements/draft', { month, unitId: org['O-GD-01'] });
    const list = await center.get<{ items: { id: string; state: string }[] }>(
      `/api/statements?month=${month}&unitId=${org['O-GD-01']}`,
    );
    expect(list.items).toHaveLength(1);
    const id = list.items[0]!.id;
    if (list.items[0]!.state === 'draft') await center.post(`/api/statements/${id}/recompute`, {});
    statement = await center.post<Statement>(`/api/statements/${id}/send`, {});
    expect(statement.state).toBe('sent');
    const ours = statement.lines.filter((l) => l.orderCode === orderCode && !l.dispute);
    expect(ours.length).toBeGreaterThan(0);
    line = ours[0]!;
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('the outlet disputes a line; the center upholds it with a corrected amount and locks the statement', async () => {
    const lineRow = (page: import('playwright-core').Page) =>
      page.getByRole('row').filter({ hasText: orderCode }).filter({ hasText: KIND_ZH[line.kind]! }).first();

    const a = await openBrowser({ width: 1366, height: 900 });
    try {
      const { page } = a;
      await signIn(page, server.url, 'gd01.manager');
      await page.goto(`${server.url}/statements`);
      await page.getByRole('heading', { name: '结算单' }).waitFor();
      // The list opens on last month; this statement is of this month.
      await page.goto(`${server.url}/statements?month=${daysAgo(0).slice(0, 7)}`);
      await page.getByRole('link', { name: statement.code }).click();
      await page.waitForURL(new RegExp(`/statements/${statement.id}$`));
      await page.getByText('已发送').first().waitFor();
      await lineRow(page).getByRole('button', { name: '异议' }).click();
      const dialog = page.getByRole('dialog');
      // The reason is required: the form refuses, nothing is sent.
      await dialog.getByRole('button', { name: '异议' }).click();
      await dialog.locator('.ant-form-item-explain-error').first().waitFor();
      await dialog.getByLabel('异议原因').fill('该单为保内维修，服务费应按自动洗衣机标准计算');
      await dialog.getByRole('button', { name: '异议' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await lineRow(page).getByText('待裁决').waitFor();
      await page.getByText('有异议').first().waitFor();
      await a.screenshot('statements-01-disputed');
      expect(a.errors).toEqual([]);
    } finally {
      await a.close();
    }

    const corrected = line.amountFen + 1000;
    const c = await openBrowser({ width: 1366, height: 900 });
    try {
      const { page } = c;
      await signIn(page, server.url, 'gd.center');
      await page.goto(`${server.url}/statements/${statement.id}`);
      await lineRow(page).getByRole('button', { name: '裁决' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('该行应为（元）').fill(inputText(corrected));
      await dialog.getByLabel('裁决说明').fill('核实无误，按自动洗衣机标准补足');
      await dialog.getByRole('button', { name: '裁决' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await lineRow(page).getByText('异议成立').waitFor();
      // The difference is a correction line; the total rises by exactly that.
      await page
        .getByRole('row')
        .filter({ hasText: '异议更正' })
        .filter({ hasText: yuanText(1000) })
        .waitFor();
      const total = yuanText(statement.totalFen + 1000);
      await expect.poll(() => page.getByTestId('statement-total').innerText()).toBe(total);
      expect(await page.getByTestId('lines-total').innerText()).toBe(total);
      await c.screenshot('statements-02-resolved');

      await page.getByRole('button', { name: '锁定' }).click();
      await page.locator('.ant-modal-confirm').getByRole('button', { name: '锁定' }).click();
      await page.getByText('已锁定').first().waitFor();
      await c.screenshot('statements-03-locked');

      await page.getByRole('button', { name: '打印' }).click();
      await page.getByTestId('statement-sheet').waitFor();
      const sheet = await page.getByTestId('statement-sheet').innerText();
      expect(sheet).toContain(statement.code);
      expect(sheet).toContain(total);
      await c.screenshot('statements-04-print');
      expect(c.errors).toEqual([]);
    } finally {
      await c.close();
    }

    const after = await center.get<Statement>(`/api/statements/${statement.id}`);
    expect(after.state).toBe('locked');
    expect(after.totalFen).toBe(statement.totalFen + 1000);
    expect(after.lines.reduce((s, l) => s + l.amountFen, 0)).toBe(after.totalFen);
  }, 240_000);
});

import { createServer, type Server } from 'node:http';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, apiClient } from './support/api.js';
import { openBrowser } from './support/browser.js';
import { signIn } from './support/flows.js';
import { type RunningServer, startServer } from './support/server.js';

/*
 * Messages as the administrator runs them. The SMS provider is a gateway of one's own (a webhook
 * played here by a small HTTP server that checks each call's signature and refuses one number as
 * invalid). The administrator edits the "visit booked" SMS (the preview follows the typing, an
 * unknown variable is refused on its field, a valid text is saved as a new version), keeps the
 * gateway's secret by saving its settings with the mask untouched, finds the one-time code that
 * failed among the dead letters and resends it to a corrected number, reads the delivery report,
 * and stops a customer's messages on their word. An unknown unsubscribe link says so, and the
 * unsubscribe page's flow is followed against the answers the API documents.
 */

const SECRET = 'e2e-gateway-secret';
const BAD = '13900000001';
const GOOD = '13900000002';
const ADMIN_PASSWORD = 'Admin12345';

interface Message {
  id: string;
  recipient: string;
  template: string;
  status: string;
  providerId: string | null;
  attempts: { at: string; error?: string; permanent?: boolean; resend?: string }[];
}

/** The SMS gateway: answers 401 to a call not signed with SECRET, 400 to the bad number, else an id. */
function startGateway(): Promise<{ server: Server; url: string; calls: string[] }> {
  const calls: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      const ts = String(req.headers['x-sanbao-timestamp'] ?? '');
      const mac = createHmac('sha256', SECRET).update(`${ts}.`).update(body).digest('hex');
      res.setHeader('content-type', 'application/json');
      if (req.headers['x-sanbao-signature'] !== `sha256=${mac}`) {
        res.statusCode = 401;
        res.end('{"error":"bad signature"}');
        return;
      }
      const to = (JSON.parse(body) as { to: string }).to;
      calls.push(to);
      if (to === BAD) {
        res.statusCode = 400;
        res.end('{"error":"invalid number"}');
        return;
      }
      res.end(JSON.stringify({ id: `gw-${calls.length}` }));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}/sms`, calls });
    });
  });
}

async function until<T>(what: string, fn: () => Promise<T | null | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('messages', () => {
  let server: RunningServer;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  let admin: Api;
  let customerId = '';

  beforeAll(async () => {
    gateway = await startGateway();
    server = await startServer();
    // The company alone, without the demo organisation: nothing here needs it, and it is quicker.
    const anon = apiClient(server.url);
    await anon.post('/api/setup', {
      company: '浙江某某电器有限公司',
      admin: { username: 'admin', displayName: '系统管理员', password: ADMIN_PASSWORD },
    });
    const { token } = await anon.post<{ token: string }>('/api/auth/login', {
      username: 'admin',
      password: ADMIN_PASSWORD,
      token: true,
      tokenName: 'e2e',
    });
    admin = apiClient(server.url, token);
    await admin.put('/api/settings/company.hotline', { value: '400-800-1234' });
    await admin.put('/api/settings/messages.sms', {
      value: { provider: 'webhook', url: gateway.url, secret: SECRET },
    });
    const c = await admin.post<{ id: string }>('/api/customers', {
      kind: 'individual',
      name: '钱女士',
      phones: [{ number: '13700000003', isPrimary: true }],
      email: 'qian@example.com',
    });
    customerId = c.id;
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    await new Promise((r) => gateway?.server.close(r));
  });

  it('edits a template, resends a dead letter, reads the report and stops a customer’s messages', async () => {
    const b = await openBrowser({ width: 1366, height: 900 });
    try {
      const { page } = b;
      await signIn(page, server.url, 'admin', ADMIN_PASSWORD);

      // The templates: customers' messages and staff notices; the "visit booked" SMS opens its editor.
      await page.goto(`${server.url}/messages/templates`);
      await page.getByRole('heading', { name: '消息模板' }).waitFor();
      await page.getByTestId('tpl-audience-staff').waitFor();
      const cell = page.getByTestId('tpl-order.booked-sms');
      expect(await cell.innerText()).toContain('默认内容');
      await cell.click();
      const editor = page.getByTestId('tpl-editor');
      await editor.waitFor();
      const zh = page.getByTestId('tpl-preview-zh-CN');
      // The preview fills the event's example values in both languages, with the SMS length.
      await expect.poll(() => zh.innerText()).toContain('SB000123');
      await expect.poll(() => page.getByTestId('tpl-preview-en').innerText()).toContain('Order SB000123');
      await expect.poll(() => page.getByTestId('tpl-length-zh-CN').innerText()).toMatch(/\d+ 字，按 \d 条短信计费/);

      // An amount the event does not supply: refused on the Chinese text, by the preview already.
      const body = editor.getByLabel('内容（中文）');
      await body.fill('服务单{{orderCode}}预约{{window}}，费用{{amount}}');
      const bodyItem = editor.locator('.ant-form-item').filter({ has: page.getByLabel('内容（中文）') });
      await expect.poll(() => bodyItem.locator('.ant-form-item-explain-error').innerText()).toContain('amount');
      await page.getByTestId('tpl-preview-error').waitFor();
      // Saved anyway: refused by the server, on the same field.
      await page.getByTestId('tpl-save').click();
      await page
        .locator('.ant-message')
        .getByText(/模板使用了变量 amount/)
        .waitFor();
      expect(await page.getByTestId('tpl-editor').count()).toBe(1);

      // A valid text, the technician's name put at the caret from the variables.
      await body.fill('服务单{{orderCode}}已预约{{window}}上门，工程师');
      await body.press('End');
      await editor.locator('[data-variable="technicianName"]').click();
      expect(await body.inputValue()).toBe('服务单{{orderCode}}已预约{{window}}上门，工程师{{technicianName}}');
      await expect.poll(() => zh.innerText()).toBe('服务单SB000123已预约12月8日 14:00–16:00上门，工程师王师傅');
      await expect.poll(() => bodyItem.locator('.ant-form-item-explain-error').count()).toBe(0);
      expect(await page.getByTestId('tpl-preview-error').count()).toBe(0);
      await editor.getByLabel('备注').fill('改短，省一条短信');
      await b.screenshot('messages-01-template');
      await page.getByTestId('tpl-save').click();
      await page.locator('.ant-message').getByText('模板已保存').waitFor();
      await page.getByTestId('tpl-editor').waitFor({ state: 'detached' });
      await expect.poll(() => cell.innerText()).toContain('已修改');
      const templates = await admin.get<{
        items: {
          event: string;
          channels: { channel: string; versionId: string | null; body: { 'zh-CN': string } }[];
        }[];
      }>('/api/messages/templates');
      const sms = templates.items.find((i) => i.event === 'order.booked')!.channels.find((c) => c.channel === 'sms')!;
      expect(sms.versionId).not.toBeNull();
      expect(sms.body['zh-CN']).toBe('服务单{{orderCode}}已预约{{window}}上门，工程师{{technicianName}}');

      // The SMS provider's settings as a form: the secret shows as the mask, and saved untouched it
      // stays what it was (the gateway checks every call's signature with it).
      await page.goto(`${server.url}/settings`);
      const smsRow = page.locator('tr').filter({ hasText: 'messages.sms' });
      await smsRow.getByText('自建短信网关（Webhook）').waitFor();
      await smsRow
        .getByTestId('receipt-urls-messages.sms')
        .getByText('/api/hooks/messages/sms/webhook/receipts')
        .waitFor();
      await smsRow.getByRole('button', { name: '编辑' }).click();
      const modal = page.locator('.ant-modal').filter({ hasText: '修改：短信通道' });
      await modal.waitFor();
      expect(await modal.getByLabel('签名密钥').inputValue()).toBe('••••••');
      expect(await modal.getByLabel('网关地址').inputValue()).toBe(gateway.url);
      await modal.getByLabel('备注').fill('确认网关地址');
      await b.screenshot('messages-02-sms-settings');
      await modal.getByRole('button', { name: '保存' }).click();
      await page.locator('.ant-message').getByText('配置已保存').waitFor();

      // A one-time code to a number the gateway refuses: a dead letter.
      await apiClient(server.url).post('/api/portal/otp', { phone: BAD, purpose: 'report' });
      const dead = await until('the dead letter', async () => {
        const list = await admin.get<{ items: Message[] }>(`/api/outbox?recipient=${BAD}&status=failed`);
        return list.items[0];
      });
      expect(dead.attempts).toEqual([expect.objectContaining({ permanent: true })]);

      // The outbox: the dead letters one click away, the message's drawer with the gateway's answer.
      await page.goto(`${server.url}/outbox`);
      await page.getByRole('heading', { name: '发件箱' }).waitFor();
      await page.getByTestId('outbox-quick').getByText('失败（死信）').click();
      await page.waitForURL(/status=failed/);
      const row = page.getByTestId('outbox-row').filter({ hasText: BAD });
      await row.waitFor();
      expect(await page.locator('[data-testid="outbox-row"]:not([data-status="failed"])').count()).toBe(0);
      await row.click();
      const detail = page.getByTestId('outbox-detail');
      await detail.waitFor();
      await expect.poll(() => detail.getByTestId('outbox-provider-answer').innerText()).toContain('invalid number');
      await detail.getByTestId('outbox-attempts').getByText('永久失败').waitFor();
      await b.screenshot('messages-03-dead-letter');

      // Resent to the corrected number, with a note.
      await page.getByTestId('outbox-resend').click();
      const resend = page.locator('.ant-modal').filter({ hasText: '重发消息' });
      await resend.getByLabel('改发到（可选）').fill(GOOD);
      await resend.getByLabel('原因（可选）').fill('客户来电更正号码');
      await resend.getByRole('button', { name: '重发' }).click();
      await page.locator('.ant-message').getByText('已重新排队发送').waitFor();
      const sent = await until('the resent message', async () => {
        const m = await admin.get<Message>(`/api/outbox/${dead.id}`);
        return m.status === 'sent' ? m : null;
      });
      expect(sent).toMatchObject({ recipient: GOOD, providerId: expect.stringMatching(/^gw-/) });
      expect(sent.attempts.map((a) => (a.resend ? 'resend' : a.error ? 'error' : 'ok'))).toEqual([
        'error',
        'resend',
        'ok',
      ]);
      expect(gateway.calls).toEqual([BAD, GOOD]);
      // The drawer follows: sent, the resend and the success in its attempts.
      await detail.getByTestId('outbox-detail-recipient').getByText(GOOD).waitFor();
      await detail.getByTestId('outbox-attempts').getByText('系统管理员 重发').waitFor();

      // The delivery report of the last seven days: today's SMS counted, the chart drawn.
      await page.goto(`${server.url}/messages/report`);
      await page.getByRole('heading', { name: '消息发送报表' }).waitFor();
      const table = page.getByTestId('report-table');
      await table.locator('.ant-table-row').filter({ hasText: '短信' }).first().waitFor();
      await page.getByTestId('report-totals').locator('.ant-table-row').filter({ hasText: '短信' }).waitFor();
      await page.getByTestId('delivery-chart').locator('canvas').first().waitFor();
      await b.screenshot('messages-04-report');

      // A customer's messages: the addresses masked, one stopped on the customer's word with a note.
      await page.goto(`${server.url}/customers/${customerId}`);
      await page.getByRole('tab', { name: '消息通知' }).click();
      const messaging = page.getByTestId('customer-messaging');
      const phone = messaging.getByTestId('customer-address').filter({ hasText: '短信' });
      await phone.waitFor();
      expect(await phone.innerText()).not.toContain('13700000003');
      expect(await messaging.getByTestId('customer-channels-state').innerText()).toBe('全部启用的渠道');
      await phone.getByRole('button', { name: '停止发送' }).click();
      const stop = page.locator('.ant-modal').filter({ hasText: '停止向' });
      await stop.getByRole('button', { name: '停止发送' }).click();
      await stop.getByText('请填写备注').waitFor();
      await stop.getByLabel('备注').fill('客户来电：不要再发短信');
      await stop.getByRole('button', { name: '停止发送' }).click();
      await page.locator('.ant-message').getByText('已停止发送').waitFor();
      await expect.poll(() => phone.getAttribute('data-opted-out')).toBe('true');
      expect(await phone.innerText()).toContain('客服登记');
      expect(await messaging.getByTestId('customer-outbox-link').getAttribute('href')).toBe(
        `/outbox?customerId=${customerId}`,
      );
      await b.screenshot('messages-05-customer');

      // Only the refusals made on purpose: the unknown variable, previewed and saved.
      expect(b.errors.filter((e) => !/status of 400/.test(e))).toEqual([]);
    } finally {
      await b.close();
    }
    const m = await admin.get<{ addresses: { channel: string; optedOut: boolean; source: string | null }[] }>(
      `/api/customers/${customerId}/messaging`,
    );
    expect(m.addresses.find((a) => a.channel === 'sms')).toMatchObject({ optedOut: true, source: 'agent' });
  }, 180_000);

  it('the unsubscribe page on a phone: an unknown link, and the flow of a valid one', async () => {
    const p = await openBrowser({ width: 375, height: 800 });
    try {
      const { page } = p;
      // An unknown link: the server's reason, no button.
      await page.goto(`${server.url}/portal/unsubscribe/not-a-real-token`);
      const invalid = page.getByTestId('unsub-invalid');
      await invalid.getByText('链接无效').waitFor();
      expect(await page.getByRole('button', { name: '退订' }).count()).toBe(0);

      // No module sends customers e-mail yet, so no real link exists to follow: the server's
      // answers for a link are played here as the API documents them (the page's side only).
      const view = { channel: 'email', address: 'q***@example.com' };
      await page.route('**/api/portal/unsubscribe/valid-token', (route) =>
        route.fulfill({
          contentType: 'application/json',
          body: JSON.stringify({ ...view, optedOut: route.request().method() === 'POST' }),
        }),
      );
      await page.goto(`${server.url}/portal/unsubscribe/valid-token`);
      const form = page.getByTestId('unsub-page');
      await form.waitFor();
      expect(await form.getByTestId('unsub-address').innerText()).toBe('q***@example.com');
      expect(await form.innerText()).toContain('邮件');
      await form.getByRole('button', { name: '退订' }).click();
      await page.getByTestId('unsub-done').getByText('已退订').waitFor();
      await p.screenshot('messages-06-unsubscribed');

      await page.route('**/api/portal/unsubscribe/used-token', (route) =>
        route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ...view, optedOut: true }) }),
      );
      await page.goto(`${server.url}/portal/unsubscribe/used-token`);
      await page.getByTestId('unsub-already').getByText('该地址已退订').waitFor();

      // A link past its time: the button's refusal words why.
      await page.route('**/api/portal/unsubscribe/old-token', (route) =>
        route.request().method() === 'POST'
          ? route.fulfill({
              status: 410,
              contentType: 'application/problem+json',
              body: JSON.stringify({
                status: 410,
                code: 'link.expired',
                detail: '链接已过有效期，如需反馈请致电服务热线',
              }),
            })
          : route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ...view, optedOut: false }) }),
      );
      await page.goto(`${server.url}/portal/unsubscribe/old-token`);
      await page.getByTestId('unsub-page').getByRole('button', { name: '退订' }).click();
      await page.getByTestId('unsub-refused').getByText('链接已过有效期').waitFor();
      expect(p.errors.filter((e) => !/status of (404|410)/.test(e))).toEqual([]);
    } finally {
      await p.close();
    }
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, setupDemo } from './support/api.js';
import { openBrowser } from './support/browser.js';
import { DEMO_PASSWORD, signIn } from './support/flows.js';
import { type RunningServer, startDemoServer } from './support/server.js';

/*
 * A callback (回访) from the provincial center's queue. After a service the center calls the
 * customer back: the center's staff finds the task in the queue with its countdown, opens it,
 * does not get through the first time (无人接听: one attempt of three, and another call right away
 * is refused until the retry interval has passed), then reaches the customer, who says the fault
 * is not fixed and the fee was as recorded. The answer reopens the order as a repeat visit (返修),
 * linked from the task's outcomes. The queue reads as cards on a phone, and the satisfaction
 * scores count the answer.
 */

interface Task {
  id: string;
  code: string;
  state: string;
  orderId: string;
  orderCode: string;
  customerName: string;
  outletName: string | null;
  dueFrom: string;
  dueBy: string;
  attempts: number;
  nextAttemptAt: string | null;
}

interface TaskDetail extends Task {
  actions: string[];
  maxAttempts: number;
  outcomes: { kind: string; refId: string | null; refCode: string | null }[];
  answer: { fixed: boolean; feeAsRecorded: boolean; attitude: number; quality: number; timeliness: number } | null;
}

interface Order {
  id: string;
  code: string;
  state: string;
  reopenedAsId: string | null;
  repeatOfId: string | null;
}

/** The provincial centers of the demo (server/demo/org-data.ts), Guangdong first. */
const CENTERS = ['gd', 'zj', 'sc', 'ha', 'yn', 'ln'];
/** Orders in these states can be reopened as a repeat visit (server/modules/callbacks/rules.ts). */
const REOPENABLE = ['completed', 'confirmed', 'closed'];

describe('callbacks', () => {
  let server: RunningServer;
  let admin: Api;
  let staff: Api;
  let username = '';
  let task: Task;

  beforeAll(async () => {
    server = await startDemoServer();
    const s = await setupDemo(server);
    admin = s.admin;
    const now = Date.now();
    // A center's open task the agent can work now: no attempt made yet and an order that a "not
    // fixed" answer can reopen; one whose window is open (or past) is preferred, and among those
    // one still inside its window.
    const rank = (t: Task) => (Date.parse(t.dueFrom) > now ? 2 : Date.parse(t.dueBy) < now ? 1 : 0);
    // A center whose queue keeps other open tasks once this one is answered is preferred, so the
    // phone's cards have something to show; how many there are depends on the day the demo is built.
    let fallback: { task: Task; api: Api; key: string } | null = null;
    for (const key of CENTERS) {
      const api = await s.as(`${key}.center`, DEMO_PASSWORD);
      const page = await api.get<{ items: Task[] }>('/api/callbacks?state=open&pageSize=200');
      const candidates = page.items
        .filter((t) => t.state === 'open' && t.attempts === 0 && t.nextAttemptAt === null)
        .sort((a, b) => rank(a) - rank(b));
      let found: Task | null = null;
      for (const t of candidates) {
        const order = await api.get<Order>(`/api/orders/${t.orderId}`);
        if (REOPENABLE.includes(order.state) && order.reopenedAsId === null) {
          found = t;
          break;
        }
      }
      if (!found) continue;
      if (page.items.length >= 2) {
        fallback = { task: found, api, key };
        break;
      }
      fallback ??= { task: found, api, key };
    }
    if (fallback) {
      task = fallback.task;
      staff = fallback.api;
      username = `${fallback.key}.center`;
    }
    if (!task) throw new Error('the demo has no open callback task a center can work');
    const detail = await staff.get<TaskDetail>(`/api/callbacks/${task.id}`);
    expect(detail.actions).toEqual(expect.arrayContaining(['answer', 'attempt']));
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('a center agent works the callback queue; a "not fixed" answer reopens the order as a repeat visit', async () => {
    let repeatId = '';
    let repeatCode = '';
    const b = await openBrowser({ width: 1366, height: 900 });
    try {
      const { page } = b;
      const answers: string[] = [];
      page.on('request', (r) => {
        if (r.method() === 'POST' && r.url().endsWith(`/api/callbacks/${task.id}/answer`)) answers.push(r.url());
      });
      await signIn(page, server.url, username);

      // The queue: the task's row with the countdown to the end of its window (red once overdue).
      await page.goto(`${server.url}/callbacks`);
      await page.getByRole('heading', { name: '回访任务' }).waitFor();
      const row = page.getByTestId('callback-row').filter({ hasText: task.code });
      await row.waitFor();
      await expect.poll(() => row.innerText()).toContain(task.orderCode);
      const countdown = row.getByTestId('callback-countdown');
      await countdown.waitFor();
      const overdue = Date.parse(task.dueBy) < Date.now();
      const upcoming = Date.parse(task.dueFrom) > Date.now();
      expect(await countdown.getAttribute('data-overdue')).toBe(overdue ? 'true' : 'false');
      expect(await countdown.innerText()).toMatch(overdue ? /^已逾期/ : upcoming ? /后开始$/ : /^剩余/);
      await b.screenshot('callbacks-01-queue');

      // The task: who to call and about what; a center's staff may answer and record attempts, not cancel.
      await row.getByRole('link', { name: task.code }).click();
      await page.waitForURL(new RegExp(`/callbacks/${task.id}$`));
      await page.getByText(`回访任务 ${task.code}`).waitFor();
      await page.getByTestId('callback-task').getByText(task.customerName).waitFor();
      // The agent who makes the call sees the number whole, to dial from the page.
      const dial = page.getByTestId('callback-task').locator('a[href^="tel:"]');
      await dial.waitFor();
      expect(await dial.innerText()).toMatch(/1\d{10}/);
      const attempt = page.getByTestId('callback-attempt');
      const answer = page.getByTestId('callback-answer');
      await attempt.waitFor();
      await answer.waitFor();
      expect(await page.getByRole('button', { name: '取消任务' }).count()).toBe(0);
      const attempts = page.getByTestId('callback-attempts');
      expect(await attempts.innerText()).toContain('0/3');

      // Not reached: no answer. One attempt of three, and the next one waits for the retry interval.
      await attempt.getByText('无人接听', { exact: true }).click();
      await attempt.getByRole('button', { name: '记录未接通' }).click();
      await page.locator('.ant-message').getByText('已记录未接通').waitFor();
      await expect.poll(() => attempts.innerText()).toContain('1/3');
      await page.getByTestId('callback-attempt-history').getByText('第1次 · 无人接听').waitFor();
      await page.getByText(/须在.+之后再次拨打（还有/).waitFor();
      // Calling again at once is refused by the server, and the refusal is shown.
      await attempt.getByText('无人接听', { exact: true }).click();
      await attempt.getByRole('button', { name: '记录未接通' }).click();
      await page
        .locator('.ant-message')
        .getByText(new RegExp(`回访任务${task.code}须在.+之后再次拨打（间隔240分钟）`))
        .waitFor();
      expect(await attempts.innerText()).toContain('1/3');
      expect(
        await page
          .getByTestId('callback-attempt-history')
          .getByText(/^第\d次/)
          .count(),
      ).toBe(1);

      // The answer: sent empty, the form names every missing answer and nothing is sent.
      const submit = answer.getByRole('button', { name: '提交回访结果' });
      await submit.click();
      const fieldErrors = answer.locator('.ant-form-item-explain-error');
      await expect.poll(() => fieldErrors.count()).toBe(5);
      expect(answers).toEqual([]);

      // Reached: not fixed, fee as recorded, the scores by stars.
      await answer.getByTestId('callback-fixed').getByText('没修好', { exact: true }).click();
      await answer.getByTestId('callback-fee').getByText('一致', { exact: true }).click();
      const stars = (field: string, n: number) =>
        answer
          .locator(`.ant-form-item:has(label[for="callback-answer_${field}"])`)
          .locator('.ant-rate-star')
          .nth(n - 1)
          .click();
      await stars('attitude', 4);
      await stars('quality', 3);
      await stars('timeliness', 4);
      await expect.poll(() => fieldErrors.count()).toBe(0);
      await answer.getByLabel('您还有其他意见或建议吗？').fill('修完第三天又不制冷了');
      await b.screenshot('callbacks-02-task');
      await submit.click();
      await page.locator('.ant-message').getByText('回访结果已保存').waitFor();
      expect(answers).toHaveLength(1);

      // Done: the answer as given, and what followed — the repeat visit, linked.
      await page.getByTestId('callback-state').first().getByText('已完成').waitFor();
      await answer.waitFor({ state: 'detached' });
      const view = page.getByTestId('callback-answer-view');
      await view.getByText('没修好').waitFor();
      const outcome = page
        .getByTestId('callback-outcomes')
        .locator('[data-testid="callback-outcome"][data-kind="repeat_visit"]');
      await outcome.waitFor();
      expect(await outcome.innerText()).toContain('安排返修');
      const link = outcome.getByRole('link');
      repeatCode = (await link.innerText()).trim();
      expect(repeatCode).not.toBe('');
      expect(repeatCode).not.toBe(task.orderCode);
      await expect.poll(() => page.getByTestId('callback-timeline').innerText()).toContain('未修好');
      expect(await attempt.count()).toBe(0);
      await b.screenshot('callbacks-03-answered');

      // The repeat visit: its own order, a repeat of the original one.
      await link.click();
      await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
      repeatId = page.url().split('/').pop()!;
      await expect.poll(() => page.getByTestId('order-code').innerText()).toBe(repeatCode);
      const repeatOf = page.getByRole('link', { name: '返修自' });
      await repeatOf.waitFor();
      expect(await repeatOf.getAttribute('href')).toBe(`/orders/${task.orderId}`);

      // The original order points to its repeat visit.
      await repeatOf.click();
      await page.waitForURL(new RegExp(`/orders/${task.orderId}$`));
      await expect.poll(() => page.getByTestId('order-code').innerText()).toBe(task.orderCode);
      const repeatLink = page.getByRole('link', { name: /返修单 · 查看返修单/ });
      await repeatLink.waitFor();
      expect(await repeatLink.getAttribute('href')).toBe(`/orders/${repeatId}`);

      // The one refused request is the attempt made too early, on purpose.
      expect(b.errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
      expect(b.errors.filter((e) => /status of 409/.test(e))).toHaveLength(1);
    } finally {
      await b.close();
    }

    // Through the API: the task is done with a repeat visit, and the order was reopened as it.
    const done = await staff.get<TaskDetail>(`/api/callbacks/${task.id}`);
    expect(done.state).toBe('done');
    expect(done.attempts).toBe(1);
    expect(done.actions).toEqual([]);
    expect(done.answer).toMatchObject({ fixed: false, feeAsRecorded: true, attitude: 4, quality: 3, timeliness: 4 });
    expect(done.outcomes).toContainEqual(
      expect.objectContaining({ kind: 'repeat_visit', refId: repeatId, refCode: repeatCode }),
    );
    expect(done.outcomes.map((o) => o.kind)).not.toContain('fee_complaint');
    const original = await staff.get<Order>(`/api/orders/${task.orderId}`);
    expect(original.reopenedAsId).toBe(repeatId);
    const repeat = await staff.get<Order>(`/api/orders/${repeatId}`);
    expect(repeat).toMatchObject({ code: repeatCode, repeatOfId: task.orderId });

    // On a phone: the queue as cards, nothing wider than the screen.
    const p = await openBrowser({ width: 375, height: 800 });
    try {
      const { page } = p;
      await signIn(page, server.url, username);
      await page.goto(`${server.url}/callbacks`);
      const cards = page.getByTestId('callback-cards');
      await cards.waitFor();
      const left = await staff.get<{ total: number }>('/api/callbacks?state=open&pageSize=1');
      if (left.total > 0) {
        await cards.getByTestId('callback-row').first().waitFor();
        await cards.getByTestId('callback-countdown').first().waitFor();
      } else {
        await cards.locator('.ant-empty').waitFor();
      }
      expect(await page.getByTestId('callback-table').count()).toBe(0);
      // The answered task has left the queue of tasks still to call.
      expect(await cards.getByTestId('callback-row').filter({ hasText: task.code }).count()).toBe(0);
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375 + 1);
      await p.screenshot('callbacks-04-phone');
      expect(p.errors).toEqual([]);
    } finally {
      await p.close();
    }

    // The satisfaction scores: the outlet's answered callbacks, ours among them.
    const s = await openBrowser({ width: 1366, height: 900 });
    try {
      const { page } = s;
      await signIn(page, server.url, username);
      await page.goto(`${server.url}/callback-scores`);
      await page.getByRole('heading', { name: '回访满意度评分' }).waitFor();
      const table = page.getByTestId('callback-scores');
      await table.waitFor();
      const rows = table.locator('.ant-table-row');
      await rows.first().waitFor();
      if (task.outletName) await rows.filter({ hasText: task.outletName }).first().waitFor();
      expect(s.errors).toEqual([]);
    } finally {
      await s.close();
    }
  }, 300_000);

  it('a customer answers the survey from the SMS link on a phone, once', async () => {
    // The survey link of another open task, as the completion message carried it (the demo's
    // completions sent them), as the outbox holds it.
    interface Sms {
      template: string;
      params: { orderCode?: string; surveyUrl?: string | null };
    }
    const outbox = await admin.get<{ items: Sms[] }>('/api/outbox?channel=sms&limit=200');
    let survey: { url: string; task: Task } | null = null;
    for (const m of outbox.items.filter((x) => x.template === 'order.completed')) {
      if (!m.params.surveyUrl || m.params.orderCode === task.orderCode) continue;
      const found = await admin.get<{ items: Task[] }>(`/api/callbacks?q=${m.params.orderCode}&state=open`);
      const open = found.items.find((x) => x.orderCode === m.params.orderCode && Date.parse(x.dueBy) > Date.now());
      if (open) {
        survey = { url: new URL(m.params.surveyUrl).pathname, task: open };
        break;
      }
    }
    if (!survey) throw new Error('the demo sent no survey for an open callback task');

    const p = await openBrowser({ width: 375, height: 800 });
    try {
      const { page } = p;
      await page.goto(`${server.url}${survey.url}`);
      const form = page.getByTestId('survey-page');
      await form.waitFor();
      await form.getByText(survey.task.orderCode).waitFor();
      // Nothing personal on a page whose link may be forwarded.
      expect(await form.innerText()).not.toContain(survey.task.customerName);
      // Sent empty: every required question is named, nothing is sent.
      await form.getByRole('button', { name: '提交评价' }).click();
      const errors = form.locator('.ant-form-item-explain-error');
      await expect.poll(() => errors.count()).toBe(5);
      await form.getByTestId('callback-fixed').getByText('已修好', { exact: true }).click();
      await form.getByTestId('callback-fee').getByText('一致', { exact: true }).click();
      for (const field of ['attitude', 'quality', 'timeliness'])
        await form.locator(`.ant-form-item:has(label[for="survey_${field}"])`).locator('.ant-rate-star').nth(4).click();
      await expect.poll(() => errors.count()).toBe(0);
      await p.screenshot('callbacks-05-survey');
      await form.getByRole('button', { name: '提交评价' }).click();
      await page.getByTestId('survey-answered').getByText('感谢您的评价').waitFor();
      // The link is used: opened again, it says so.
      await page.reload();
      await page.getByTestId('survey-answered').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375 + 1);
      expect(p.errors).toEqual([]);
    } finally {
      await p.close();
    }
    const done = await admin.get<TaskDetail & { answer: { channel: string } | null }>(
      `/api/callbacks/${survey.task.id}`,
    );
    expect(done.state).toBe('done');
    expect(done.answer).toMatchObject({ channel: 'survey', attitude: 5, quality: 5, timeliness: 5 });
  }, 180_000);
});

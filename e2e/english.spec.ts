import { areaList } from '@vant/area-data';
import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zhCN } from '../web/i18n/zh-cn.js';
import { type Api, setupDemo } from './support/api.js';
import { type Browser, openBrowser } from './support/browser.js';
import { type RunningServer, startDemoServer } from './support/server.js';

/*
 * Every label in the user's language: the demo roles walk a handful of pages in English and no
 * visible text, placeholder, tooltip or document title may contain Han characters unless it is
 * data people entered (names, addresses, fault descriptions, product names). Data is whatever
 * string the API answered with, except the server's own texts: bilingual `{zh-CN, en}` objects
 * and fields that carry server-made summaries and titles, which must reach the screen in English.
 * Division names (province, city, district) are place names and count as data; so does the name of
 * the other language on the language switch ("中文").
 *
 * A text the app words itself from a Chinese message with placeholders (the catalog's sentences) is
 * never data, even when the server stored and returned it: that is how a text made in one person's
 * language reaches another's screen. Before the walk, a technician whose UI is Chinese records an
 * arrival with the phone's position: the timeline must word that position in each reader's language.
 */
const PASSWORD = 'Sanbao2026';
const HAN = /\p{Script=Han}/u;
/** Fields whose strings the server writes itself (labels), never data a person typed. */
const SERVER_TEXT_FIELDS = new Set(['summary', 'title', 'message', 'label']);
/** Place names and the language switch's "中文": data in any UI language. */
const ALWAYS_DATA = [
  '中文',
  ...Object.values(areaList.province_list),
  ...Object.values(areaList.city_list),
  ...Object.values(areaList.county_list),
];

/** The Chinese catalog's sentences with placeholders, as patterns matching a whole text. */
const ZH_SENTENCES = Object.values(zhCN as Record<string, string>)
  // A sentence with a single Han character of its own ("已{action}") would match any text that starts
  // with it, typed data included: too little to tell a sentence by.
  .filter((m) => m.includes('{') && (m.replace(/\{\w+\}/g, '').match(/\p{Script=Han}/gu)?.length ?? 0) >= 2)
  .map(
    (m) =>
      new RegExp(
        `^${m
          .split(/\{\w+\}/)
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('.+?')}$`,
        'su',
      ),
  );

interface Finding {
  role: string;
  path: string;
  text: string;
}

/** Han strings the API answered with that are data (see above), collected from every JSON response. */
function collectData(value: unknown, into: Set<string>, key = ''): void {
  if (typeof value === 'string') {
    if (HAN.test(value) && !SERVER_TEXT_FIELDS.has(key)) into.add(value.trim());
  } else if (Array.isArray(value)) {
    for (const v of value) collectData(v, into, key);
  } else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    if (typeof o['zh-CN'] === 'string' && typeof o.en === 'string') {
      // The same string in both languages was never translated: what a person typed (a note on a
      // complaint's history), which is data.
      if (o['zh-CN'] === o.en) collectData(o.en, into, 'text');
      return;
    }
    // A complaint's `summary` is what the customer said, typed by a person: data, not a server text.
    const complaint = 'severity' in o && 'customer' in o;
    for (const [k, v] of Object.entries(o)) collectData(v, into, complaint && k === 'summary' ? 'complaint' : k);
  }
}

/** Visible text nodes, placeholders, titles and aria labels of the page, and the document title. */
async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [document.title];
    const visible = (el: Element | null) => {
      for (let e = el; e; e = e.parentElement) {
        const s = getComputedStyle(e);
        if (s.display === 'none' || s.visibility === 'hidden') return false;
      }
      return true;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent?.trim();
      if (text && visible(n.parentElement)) out.push(text);
    }
    for (const el of document.querySelectorAll('[placeholder],[title],[aria-label]')) {
      if (!visible(el)) continue;
      for (const a of ['placeholder', 'title', 'aria-label']) {
        const v = el.getAttribute(a)?.trim();
        if (v) out.push(v);
      }
    }
    return out;
  });
}

describe('the English UI shows no Chinese labels', () => {
  let server: RunningServer;
  let admin: Api;
  let as: (u: string, p: string) => Promise<Api>;
  const findings: Finding[] = [];

  beforeAll(async () => {
    server = await startDemoServer();
    const s = await setupDemo(server);
    admin = s.admin;
    as = s.as;
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
  });

  /** Signs in as `username` with English saved in the profile and walks `paths`. */
  async function walk(role: string, username: string, paths: string[], width = 1366): Promise<void> {
    const { token } = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: username === 'admin' ? 'Admin12345' : PASSWORD, token: true }),
    }).then((r) => r.json() as Promise<{ token: string }>);
    await fetch(`${server.url}/api/auth/me`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ lang: 'en' }),
    });
    const b: Browser = await openBrowser({ width, height: 800 });
    try {
      const { page } = b;
      const data = new Set<string>(ALWAYS_DATA);
      const reading: Promise<void>[] = [];
      page.on('response', (r: Response) => {
        // A refusal (problem+json) is the server's own text, never data.
        const type = r.headers()['content-type'] ?? '';
        if (!r.url().includes('/api/') || !type.includes('application/json')) return;
        reading.push(
          r.json().then(
            (body) => collectData(body, data),
            () => {},
          ),
        );
      });
      await page.addInitScript(() => localStorage.setItem('sanbao.lang', 'en'));
      await page.goto(`${server.url}/login`);
      await page.getByLabel('Username').fill(username);
      await page.getByLabel('Password').fill(username === 'admin' ? 'Admin12345' : PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      for (const path of paths) {
        await page.goto(`${server.url}${path}`);
        await page.waitForLoadState('networkidle');
        await page.waitForTimeout(300);
        await Promise.all(reading);
        // A print page names the document itself (the browser's print header and PDF file name).
        // The title is set once the document has loaded: wait for it rather than a fixed time.
        if (path.endsWith('/print'))
          await page.waitForFunction(
            () =>
              /^(After-sales service sheet|Statutory warranty appraisal form|Complaint handling report) \S+$/.test(
                document.title,
              ),
            null,
            { timeout: 15_000 },
          );
        const texts = await visibleTexts(page);
        // Whatever data is on screen came in a response: on a busy machine its body may still be
        // being read when the texts are taken, so wait for every read begun so far before judging.
        await page.waitForTimeout(200);
        await Promise.all(reading);
        const known = [...data].sort((a, b) => b.length - a.length);
        for (const text of texts) {
          let rest = text;
          for (const d of known) if (rest.includes(d)) rest = rest.split(d).join(' ');
          if (HAN.test(rest) || ZH_SENTENCES.some((re) => re.test(text))) findings.push({ role, path, text });
        }
      }
      expect(b.errors).toEqual([]);
    } finally {
      await b.close();
    }
  }

  /** gd01.tech1 (Chinese UI) sets off for a booked job through the API and taps "arrive" on the phone. */
  async function arriveInChinese(items: { id: string; state: string; version: number }[]): Promise<string> {
    const tech = await as('gd01.tech1', PASSWORD);
    let job = items.find((o) => o.state === 'booked') ?? items.find((o) => o.state === 'en_route');
    if (!job) {
      // The demo's orders are laid out back from today, so on some days this technician has
      // only assigned jobs: book one with the customer as the technician would.
      const assigned = items.find((o) => o.state === 'assigned');
      if (!assigned) throw new Error('the demo data has no assigned, booked or en-route job for gd01.tech1');
      const from = new Date(Date.now() + 30 * 60_000);
      const booked = await tech.post<{ version: number }>(`/api/orders/${assigned.id}/appointment`, {
        version: assigned.version,
        from: from.toISOString(),
        to: new Date(from.getTime() + 2 * 3600_000).toISOString(),
        confirmedWithCustomer: true,
      });
      job = { ...assigned, state: 'booked', version: booked.version };
    }
    if (job.state === 'booked') await tech.post(`/api/orders/${job.id}/depart`, { version: job.version });
    const phone = await openBrowser({ width: 390, height: 844 });
    try {
      const { page, context } = phone;
      await context.grantPermissions(['geolocation'], { origin: server.url });
      await context.setGeolocation({ latitude: 23.1372, longitude: 113.3245, accuracy: 12 });
      await page.goto(`${server.url}/login`);
      await page.getByLabel('用户名').fill('gd01.tech1');
      await page.getByLabel('密码').fill(PASSWORD);
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      await page.goto(`${server.url}/tech/orders/${job.id}`);
      await page.getByTestId('step-arrive').click();
      await page.getByTestId('step-arrive').waitFor({ state: 'detached' });
    } finally {
      await phone.close();
    }
    return job.id;
  }

  it('walks the demo roles in English', async () => {
    // The walk is bounded: the admin's pages and the first orders of each kind.
    const orders = await admin.get<{ items: { id: string; state: string; orgPath?: string }[] }>(
      '/api/orders?pageSize=200',
    );
    const byState = (s: string) => orders.items.find((o) => o.state === s)?.id;
    const someOrders = [
      ...new Set([byState('completed'), byState('closed'), byState('in_progress'), orders.items[0]?.id]),
    ]
      .filter((id): id is string => !!id)
      .slice(0, 3);
    const cases = await admin.get<{ items: { id: string }[] }>('/api/warranty/cases');
    const caseId = cases.items[0]?.id;
    const statements = await admin.get<{ items: { id: string }[] }>('/api/statements?pageSize=1');
    const statementId = statements.items[0]?.id;
    const complaints = await admin.get<{ items: { id: string }[] }>('/api/complaints?pageSize=1');
    const complaintId = complaints.items[0]?.id;
    const customers = await admin.get<{ items: { id: string }[] }>('/api/customers');
    const units = await admin.get<{ items: { id: string }[] }>('/api/units');
    const tech = await as('gd01.tech1', PASSWORD);
    const techOrders = await tech.get<{ items: { id: string; state: string; version: number }[] }>(
      '/api/orders?pageSize=100&mine=true',
    );
    const arrivedId = await arriveInChinese(techOrders.items);
    await walk('admin', 'admin', [
      '/',
      '/audit',
      '/settings',
      '/orders',
      `/orders/${arrivedId}`,
      ...someOrders.flatMap((id) => [`/orders/${id}`, `/orders/${id}/print`]),
      ...(caseId ? [`/warranty/cases`, `/warranty/cases/${caseId}`, `/warranty/cases/${caseId}/print`] : []),
      `/customers/${customers.items[0]!.id}`,
      `/units/${units.items[0]!.id}`,
      '/customers',
      '/units',
      '/users',
      '/org',
      '/catalog',
      '/outbox',
      '/outbox?status=failed',
      '/messages/report',
      '/messages/templates',
      '/sla/calendars',
      '/sla/policies',
      '/warranty/contracts',
      '/warranty/policies',
      // Before the inbox: its complaint notices quote what customers said, which these pages answer as data.
      '/complaints?all=1',
      '/complaints/new',
      '/complaints/reports',
      '/complaints/reports?tab=urges',
      ...(complaintId ? [`/complaints/${complaintId}`, `/complaints/${complaintId}/print`] : []),
      '/complaints/routes',
      '/inbox',
      '/statements',
      ...(statementId ? [`/statements/${statementId}`] : []),
      '/cash-reconciliation',
      '/invoice-requests',
    ]);
    await walk('dispatcher', 'dispatcher', ['/orders', '/intake', ...someOrders.map((id) => `/orders/${id}`)]);
    await walk('outlet manager', 'gd01.manager', [
      '/orders',
      '/orders/register',
      '/warranty/cases',
      '/org/certifications',
      '/statements',
      '/complaints',
    ]);
    await walk(
      'technician',
      'gd01.tech1',
      ['/tech', `/tech/orders/${arrivedId}`, ...techOrders.items.slice(0, 2).map((o) => `/tech/orders/${o.id}`)],
      390,
    );
    const report = findings.map((f) => `${f.role} ${f.path}: ${f.text}`);
    expect([...new Set(report)]).toEqual([]);
  }, 300_000);
});

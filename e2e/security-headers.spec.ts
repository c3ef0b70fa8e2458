import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, setupDemo } from './support/api.js';
import { type Browser, openBrowser } from './support/browser.js';
import { type RunningServer, startDemoServer } from './support/server.js';

/*
 * The built UI under its content security policy: every page visited here must load and run
 * without one CSP violation (antd's inline styles, data: QR codes and blob: previews included),
 * and the API docs (Swagger UI) too. A deliberate inline script at the end shows the listener
 * hears violations, so a silent pass means a clean page, not a deaf test.
 */

declare global {
  interface Window {
    __csp?: string[];
    __inlineRan?: boolean;
  }
}

describe('content security policy of the built UI', () => {
  let server: RunningServer;
  let b: Browser;
  let admin: Api;
  const consoleCsp: string[] = [];

  beforeAll(async () => {
    server = await startDemoServer();
    ({ admin } = await setupDemo(server));
    b = await openBrowser();
    await b.context.addInitScript(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__csp?.push(
          `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`,
        );
      });
    });
    b.page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) consoleCsp.push(m.text());
    });
  });
  afterAll(async () => {
    await b?.close();
    await server?.stop();
  });

  async function violations(): Promise<string[]> {
    return (await b.page.evaluate(() => window.__csp ?? [])) as string[];
  }

  it('sends the policy and the other security headers with the app', async () => {
    const res = await b.page.goto(`${server.url}/login`);
    const h = res!.headers();
    expect(h['content-security-policy']).toContain("script-src 'self'");
    expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(h['x-frame-options']).toBe('DENY');
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['referrer-policy']).toBe('same-origin');
  });

  it('runs the signed-in pages, the portal and the API docs without a violation', async () => {
    const { page } = b;
    await page.goto(`${server.url}/login`);
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('Admin12345');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    // An administrator lands on the reports' dashboard.
    await page.waitForURL((u) => u.pathname === '/reports');
    await page.getByTestId('live-counts').waitFor();
    const seen: Record<string, string[]> = { '/': await violations() };

    const units = await admin.get<{ items: { id: string }[] }>('/api/units?pageSize=1');
    const pages = [
      '/orders',
      '/orders/new',
      '/customers',
      '/units',
      ...(units.items[0] ? [`/units/${units.items[0].id}`] : []),
      '/catalog',
      '/org',
      '/users',
      '/roles',
      '/settings',
      '/audit',
      '/intake',
      '/sla/calendars',
      '/warranty/policies',
      '/inbox',
      '/profile',
    ];
    for (const path of pages) {
      await page.goto(`${server.url}${path}`);
      await page.locator('.ant-layout').first().waitFor();
      await page.waitForLoadState('networkidle');
      seen[path] = await violations();
    }
    for (const path of ['/portal', '/portal/track']) {
      await page.goto(`${server.url}${path}`);
      await page.locator('#root *').first().waitFor();
      await page.waitForLoadState('networkidle');
      seen[path] = await violations();
    }
    await page.goto(`${server.url}/api/docs/`);
    await page.locator('.swagger-ui .info').waitFor();
    await page.locator('.opblock').first().waitFor();
    await page.waitForLoadState('networkidle');
    seen['/api/docs/'] = await violations();
    await b.screenshot('csp-01-api-docs');

    const broken = Object.entries(seen).filter(([, v]) => v.length > 0);
    expect(broken).toEqual([]);
    expect(consoleCsp).toEqual([]);
  });

  it('hears a violation when one happens: an injected inline script is blocked and reported', async () => {
    const { page } = b;
    await page.goto(`${server.url}/portal/track`);
    await page.locator('#root *').first().waitFor();
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.append(s);
    });
    await expect.poll(violations).toEqual([expect.stringMatching(/^script-src/)]);
    expect(await page.evaluate(() => window.__inlineRan)).toBeUndefined();
  });
});

import type { Page } from 'playwright-core';

/** The demo people's password (server/demo/org-data.ts). */
export const DEMO_PASSWORD = 'Sanbao2026';

/** Signs in on the login page in the Chinese UI and waits to leave it. */
export async function signIn(page: Page, url: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

/** A day `days` ago in the company's zone (Asia/Shanghai), as YYYY-MM-DD. */
export function daysAgo(days: number): string {
  return new Date(Date.now() + 8 * 3600_000 - days * 86_400_000).toISOString().slice(0, 10);
}

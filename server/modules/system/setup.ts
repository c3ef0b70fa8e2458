import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { seedDemo } from '../../demo/index.js';
import { refreshDirtyFacts } from '../reports/index.js';
import { checkPasswordRules } from '../../platform/auth/passwords.js';
import { cachedSetting, setSetting } from '../../platform/config/index.js';
import type { SetupBody } from '../../platform/config/contract.js';
import type { Ctx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { orgUnits } from '../../platform/identity/tables.js';
import { seedComplaintDefaults } from '../complaints/index.js';
import { createHeadquarters, createUser, seedRoles } from '../org/index.js';
import { seedSlaDefaults } from '../sla/index.js';
import { seedWarrantyDefaults } from '../warranty/index.js';

/** Sanbao needs setup until the root unit (HQ) exists. */
export async function needsSetup(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: orgUnits.id }).from(orgUnits).where(eq(orgUnits.kind, 'hq')).limit(1);
  return !row;
}

export async function setupStatus(
  db: Db,
): Promise<{ needsSetup: boolean; companyName: string | null; hotline: string | null; timeZone: string }> {
  // Public (the portal shows dates too); before setup the setting's default zone.
  const timeZone = await cachedSetting(db, 'company.timeZone');
  const pending = await needsSetup(db);
  if (pending) return { needsSetup: true, companyName: null, hotline: null, timeZone };
  const [companyName, hotline] = [await cachedSetting(db, 'company.name'), await cachedSetting(db, 'company.hotline')];
  return { needsSetup: false, companyName, hotline: hotline || null, timeZone };
}

/** Advisory lock key so two first starts cannot both set up (PostgreSQL with several instances). */
const SETUP_LOCK = 727_3302;

/**
 * First start: company settings, HQ, built-in roles, the first administrator and, on request,
 * the demo organisation. One transaction: a failure leaves the database as it was.
 */
export interface SetupOptions {
  /** With `demo`: false loads the demo organisation without its catalog and customers (tests). */
  demoCustomers?: boolean;
}

export async function runSetup(
  ctx: Ctx,
  body: SetupBody,
  opts: SetupOptions = {},
): Promise<{ adminId: string; hqId: string }> {
  checkPasswordRules(body.admin.password, 'admin.password');
  return ctx.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SETUP_LOCK})`);
    const c: Ctx = { ...ctx, db: tx as unknown as Db };
    if (!(await needsSetup(c.db))) throw new AppError('setup.already_done');
    await setSetting(tx, ctx, { key: 'company.name', value: body.company });
    await setSetting(tx, ctx, { key: 'company.timeZone', value: body.timeZone });
    await seedRoles(tx);
    await seedSlaDefaults(tx, c);
    await seedWarrantyDefaults(tx, c);
    await seedComplaintDefaults(tx);
    const hq = await createHeadquarters(c, { code: 'HQ', name: body.company });
    const admin = await createUser(c, {
      username: body.admin.username,
      displayName: body.admin.displayName ?? body.admin.username,
      password: body.admin.password,
      lang: 'zh-CN',
      orgUnitId: hq.id,
      roles: ['admin'],
    });
    if (body.demo) {
      await seedDemo(c, { hqId: hq.id, customers: opts.demoCustomers });
      // The demo's orders into the reports' read model now, not on the first report read.
      await refreshDirtyFacts(tx, ctx.now);
    }
    return { adminId: admin.id, hqId: hq.id };
  });
}

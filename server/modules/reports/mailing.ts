import type { Readable } from 'node:stream';
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { localParts } from '../../../shared/time-zone.js';
import type { DbLike } from '../../db/client.js';
import { hasPermission } from '../../platform/access/index.js';
import { loadActor } from '../../platform/auth/actors.js';
import { getSetting } from '../../platform/config/index.js';
import { type Ctx, systemCtx } from '../../platform/context.js';
import { users } from '../../platform/identity/tables.js';
import { mailStaff } from '../../platform/notify/index.js';
import { staffMailPrefs } from '../../platform/notify/tables.js';
import { XLSX_MIME } from '../../platform/export/xlsx.js';
import { monthlyXlsx } from './export.js';
import { addMonths } from './rules.js';
import { reportMailings } from './tables.js';

/*
 * The monthly summary by e-mail (docs/reports.md): on the 1st of each month, from
 * MAIL_HOUR company time, everyone who switched on "月度汇总报表" on their profile (the staff mail
 * preference of event report.monthly) and holds reports.read gets last month's summary against
 * the targets as an XLSX attachment, built as them — their own data scope, their language — and
 * recorded as their export. One instance sends a month: the first to insert its report_mailings
 * row; a restart after that does not send it again.
 */

/** The hour (company time) from which the 1st's mailing goes out. */
export const MAIL_HOUR = 8;

async function bytes(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

/** The scheduler's timer: sends last month's summary once, on the 1st from MAIL_HOUR. Returns how many were queued. */
export async function mailMonthlyReports(db: DbLike, now: Date): Promise<number> {
  const zone = await getSetting(db, 'company.timeZone', now);
  const p = localParts(now, zone);
  if (Number(p.day) !== 1 || Number(p.hour) < MAIL_HOUR) return 0;
  const month = addMonths(`${p.year}-${p.month}`, -1);
  const taken = await db
    .insert(reportMailings)
    .values({ month, startedAt: now })
    .onConflictDoNothing()
    .returning({ month: reportMailings.month });
  if (!taken.length) return 0;
  return sendMonthly(db, month, now);
}

/** Queues the month's summary to every subscriber (also the operator's resend). */
export async function sendMonthly(db: DbLike, month: string, now: Date): Promise<number> {
  const people = await db
    .select({ id: users.id, lang: users.lang })
    .from(users)
    .innerJoin(staffMailPrefs, and(eq(staffMailPrefs.userId, users.id), eq(staffMailPrefs.event, 'report.monthly')))
    .where(and(eq(users.active, true), isNotNull(users.email)));
  let queued = 0;
  for (const person of people) {
    const actor = await loadActor(db, person.id);
    if (!actor || !hasPermission(actor, 'reports.read')) continue;
    const ctx: Ctx = { ...systemCtx(db as never, { name: 'report-mailing', now }), actor, lang: person.lang };
    const file = await monthlyXlsx(ctx, { month, by: 'province' });
    const content = await bytes(file.stream);
    queued += await mailStaff(
      db,
      'report.monthly',
      [person.id],
      {
        title: { 'zh-CN': `${month}月度汇总报表`, en: `Monthly summary ${month}` },
        body: {
          'zh-CN': `附件为${month}各省三天、七天完成率与目标的对照（${file.rows - 1}行），数据范围为您的权限范围。`,
          en: `Attached: each province's 3-day and 7-day completion rates for ${month} against the targets (${file.rows - 1} rows), within your data scope.`,
        },
        link: `/reports/monthly?month=${month}`,
        orgPath: actor.orgPath || null,
        attachments: [{ fileName: file.fileName, contentType: XLSX_MIME, contentBase64: content.toString('base64') }],
      },
      now,
    );
  }
  await db
    .update(reportMailings)
    .set({ recipients: queued })
    .where(inArray(reportMailings.month, [month]));
  return queued;
}

import { randomInt, randomBytes } from 'node:crypto';
import { and, count, desc, eq, gt, isNull, lt, max, min, sql } from 'drizzle-orm';
import type { Lang } from '../../../../shared/i18n.js';
import { maskPhone } from '../../../../shared/phone.js';
import type { Db, DbLike, Tx } from '../../../db/client.js';
import { getSetting } from '../../../platform/config/index.js';
import { type Ctx, systemCtx } from '../../../platform/context.js';
import { AppError, fieldError } from '../../../platform/errors.js';
import { appendEvent } from '../../../platform/events/index.js';
import { sendMessage } from '../../../platform/notify/index.js';
import { customerAddresses, customers } from '../../customers/index.js';
import { notFound, nextSequence } from '../common.js';
import type { OtpBody, PortalRequestFields, TrackBody, TrackResult } from '../contract.js';
import {
  createCustomerInline,
  customerIdsByPhone,
  findModelByCode,
  findUnitForPortal,
  markFirstContact,
  normaliseSerial,
  phoneOrFail,
} from '../customers-port.js';
import { trackView } from '../queries.js';
import { contactCode, hashOtp, otpMatches, otpProblem, otpWaitSeconds, requestCode } from '../rules.js';
import { attachments, contacts, otpCodes, serviceRequests } from '../tables.js';
import { removeUploads, type StoredFile, storeUpload, type UploadedPhoto } from '../uploads.js';

/*
 * The customer self-service portal (no staff login). A portal user proves they hold a phone with
 * a one-time code; limits per phone and per IP are counted in the database, so they hold across
 * app instances. Every change is recorded with the system actor 'portal'.
 */

const HOUR = 3600_000;

export interface PortalMeta {
  ip: string;
  now: Date;
  requestId: string;
  lang: Lang;
}

function portalCtx(db: Db, meta: PortalMeta): Ctx {
  return { ...systemCtx(db, { name: 'portal', now: meta.now }), requestId: meta.requestId };
}

/** Only mobiles receive text messages. */
function mobileOrFail(raw: string, field: string): string {
  const phone = phoneOrFail(raw, field);
  if (!/^1[3-9]\d{9}$/.test(phone)) throw fieldError(field, 'intake.phone_invalid', { value: raw });
  return phone;
}

/** Codes to one phone (or from one IP): how many in the last hour and the last 24 hours, the oldest of each, the latest. */
async function otpCounts(tx: DbLike, column: typeof otpCodes.phone | typeof otpCodes.ip, value: string, now: Date) {
  const hourAgo = new Date(now.getTime() - HOUR);
  const dayAgo = new Date(now.getTime() - 24 * HOUR);
  const inHour = sql`${otpCodes.createdAt} > ${hourAgo.toISOString()}::timestamptz`;
  const [row] = await tx
    .select({
      day: count(),
      oldestInDay: min(otpCodes.createdAt),
      hour: sql<number>`(count(*) filter (where ${inHour}))::int`,
      oldestInHour: sql<string | null>`min(${otpCodes.createdAt}) filter (where ${inHour})`,
      last: max(otpCodes.createdAt),
    })
    .from(otpCodes)
    .where(and(eq(column, value), gt(otpCodes.createdAt, dayAgo)));
  const at = (d: Date | string | null | undefined) => (d ? new Date(d) : null);
  return {
    lastHour: { n: row?.hour ?? 0, oldest: at(row?.oldestInHour) },
    lastDay: { n: row?.day ?? 0, oldest: at(row?.oldestInDay) },
    last: at(row?.last),
  };
}

/** Whether the phone is one the company knows: a customer's, or one a service request was made from. */
async function knownPhone(tx: DbLike, phone: string): Promise<boolean> {
  if ((await customerIdsByPhone(tx, phone, 1)).length > 0) return true;
  const [request] = await tx
    .select({ id: serviceRequests.id })
    .from(serviceRequests)
    .where(eq(serviceRequests.phone, phone))
    .limit(1);
  return !!request;
}

/**
 * Sends a 6-digit code by SMS (through the outbox), within an interval per phone and caps per
 * phone and per IP per hour and per day (settings `portal.otp…`). A code for tracking goes only
 * to a phone the company knows; to any other the answer is the same, but nothing is sent (no
 * free text messages to strangers, and no telling which numbers are customers'). Reporting a
 * fault sends to any mobile, since a new customer reports their first fault this way.
 */
export async function requestOtp(
  db: Db,
  input: OtpBody,
  meta: PortalMeta,
): Promise<{ expiresInSeconds: number; resendInSeconds: number }> {
  const phone = mobileOrFail(input.phone, 'phone');
  const now = meta.now;
  const [intervalSeconds, perPhonePerHour, perIpPerHour, perPhonePerDay, perIpPerDay, ttlMinutes] = await Promise.all([
    getSetting(db, 'portal.otpIntervalSeconds', now),
    getSetting(db, 'portal.otpPerPhonePerHour', now),
    getSetting(db, 'portal.otpPerIpPerHour', now),
    getSetting(db, 'portal.otpPerPhonePerDay', now),
    getSetting(db, 'portal.otpPerIpPerDay', now),
    getSetting(db, 'portal.otpTtlMinutes', now),
  ]);
  return db.transaction(async (tx) => {
    // Serialise codes for one phone and one IP across instances, so two requests cannot both pass the limit.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sanbao.otp.${phone}`}))`);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sanbao.otp.ip.${meta.ip}`}))`);
    const byPhone = await otpCounts(tx, otpCodes.phone, phone, now);
    const byIp = await otpCounts(tx, otpCodes.ip, meta.ip, now);
    const wait = otpWaitSeconds(
      {
        lastForPhoneAt: byPhone.last,
        phoneLastHour: byPhone.lastHour,
        phoneLastDay: byPhone.lastDay,
        ipLastHour: byIp.lastHour,
        ipLastDay: byIp.lastDay,
      },
      { intervalSeconds, perPhonePerHour, perIpPerHour, perPhonePerDay, perIpPerDay },
      now,
    );
    if (wait > 0) throw new AppError('portal.rate_limited', { seconds: wait });
    // The row is written either way: a withheld code counts against the caps like a sent one.
    const send = input.purpose === 'report' || (await knownPhone(tx, phone));
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const salt = randomBytes(16).toString('hex');
    const [row] = await tx
      .insert(otpCodes)
      .values({
        phone,
        purpose: input.purpose,
        codeHash: hashOtp(code, salt),
        ip: meta.ip,
        expiresAt: new Date(now.getTime() + ttlMinutes * 60_000),
        createdAt: now,
      })
      .returning({ id: otpCodes.id });
    if (send) {
      // A code the person asked for: sent at night and despite an opt-out (events.ts, 'security').
      await sendMessage(
        tx,
        { event: 'portal.otp', to: { phone, lang: meta.lang }, params: { code, minutes: ttlMinutes } },
        now,
      );
    }
    await appendEvent(tx, portalCtx(tx as unknown as Db, meta), {
      entity: 'otp_code',
      entityId: row!.id,
      action: send ? 'portal.otp_sent' : 'portal.otp_withheld',
      after: { phone: maskPhone(phone), purpose: input.purpose, ip: meta.ip },
      ...(send ? {} : { reason: 'no customer or service request has this phone' }),
    });
    return { expiresInSeconds: ttlMinutes * 60, resendInSeconds: intervalSeconds };
  });
}

/**
 * Checks a code against the latest one sent to the phone for `purpose`. A wrong code counts an
 * attempt and that count is committed even though the request fails; after the maximum the
 * code is dead. Returns the code's id for the caller to consume in its own transaction.
 */
export async function verifyOtp(
  db: Db,
  phone: string,
  purpose: 'report' | 'track',
  code: string,
  now: Date,
): Promise<string> {
  const maxAttempts = await getSetting(db, 'portal.otpMaxAttempts', now);
  const outcome = await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(otpCodes)
      .where(and(eq(otpCodes.phone, phone), eq(otpCodes.purpose, purpose)))
      .orderBy(desc(otpCodes.createdAt))
      .limit(1)
      .for('update');
    const problem = otpProblem(row, now, maxAttempts);
    if (problem)
      return { error: problem === 'attempts' ? ('portal.otp_attempts' as const) : ('portal.otp_invalid' as const) };
    if (!otpMatches(code, row!.codeHash)) {
      await tx
        .update(otpCodes)
        .set({ attempts: row!.attempts + 1 })
        .where(eq(otpCodes.id, row!.id));
      return {
        error: row!.attempts + 1 >= maxAttempts ? ('portal.otp_attempts' as const) : ('portal.otp_invalid' as const),
      };
    }
    return { id: row!.id };
  });
  if ('error' in outcome && outcome.error) throw fieldError(purpose === 'track' ? 'otp' : 'code', outcome.error);
  return (outcome as { id: string }).id;
}

/**
 * Uses up a verified code inside the caller's transaction: each code proves the phone once, so a
 * second report or a second look at a request needs a fresh code. Two requests racing with one
 * code: the second finds it consumed and is refused on `field`.
 */
async function consumeOtp(tx: Tx, otpId: string, field: 'code' | 'otp', now: Date): Promise<void> {
  const consumed = await tx
    .update(otpCodes)
    .set({ consumedAt: now })
    .where(and(eq(otpCodes.id, otpId), isNull(otpCodes.consumedAt)))
    .returning({ id: otpCodes.id });
  if (consumed.length === 0) throw fieldError(field, 'portal.otp_invalid');
}

/** Model name and whether the serial is known, for the QR link prefill: nothing personal. */
export async function portalUnit(db: Db, q: { model?: string; serial: string }) {
  const [model, unit] = await Promise.all([
    q.model ? findModelByCode(db, q.model) : null,
    findUnitForPortal(db, { modelCode: q.model ?? null, serial: q.serial }),
  ]);
  const shown = model ?? (unit ? { code: unit.modelCode, name: unit.modelName } : null);
  return { model: shown ? { code: shown.code, name: shown.name } : null, serialKnown: !!unit };
}

/**
 * A fault reported on the portal: verifies the code, finds the customer by phone or creates one
 * (in the area's org unit), links the unit when the serial is theirs, and writes the request, a
 * 'web' contact and the photos in one transaction. Files written before a failed transaction
 * are removed again.
 */
export async function submitPortalRequest(
  db: Db,
  input: PortalRequestFields,
  photos: UploadedPhoto[],
  meta: PortalMeta & { dataDir: string },
): Promise<{ code: string; id: string }> {
  const phone = mobileOrFail(input.phone, 'phone');
  const otpId = await verifyOtp(db, phone, 'report', input.code, meta.now);
  const stored: string[] = [];
  try {
    const files: (StoredFile & { photo: UploadedPhoto })[] = [];
    for (const p of photos) {
      const f = await storeUpload(meta.dataDir, p.bytes, meta.now);
      stored.push(f.key);
      files.push({ ...f, photo: p });
    }
    return await db.transaction(async (tx) => {
      const ctx = portalCtx(tx as unknown as Db, meta);
      await consumeOtp(tx, otpId, 'code', meta.now);

      // The customer: the first active archive with this phone, else a new one in the area's unit.
      const ids = await customerIdsByPhone(tx, phone);
      const [existing] = ids.length
        ? await tx
            .select({ id: customers.id, orgPath: customers.orgPath })
            .from(customers)
            .where(
              and(
                sql`${customers.id} in (${sql.join(
                  ids.map((i) => sql`${i}::uuid`),
                  sql`, `,
                )})`,
                isNull(customers.mergedIntoId),
              ),
            )
            .orderBy(customers.createdAt)
            .limit(1)
        : [];
      const address = {
        provinceCode: input.provinceCode,
        cityCode: input.cityCode ?? null,
        districtCode: input.districtCode ?? null,
        detail: input.address,
      };
      let customer: { id: string; orgPath: string };
      let addressId: string | null;
      if (existing) {
        customer = existing;
        const [same] = await tx
          .select({ id: customerAddresses.id })
          .from(customerAddresses)
          .where(and(eq(customerAddresses.customerId, existing.id), eq(customerAddresses.detail, input.address)));
        if (same) addressId = same.id;
        else {
          const [a] = await tx
            .insert(customerAddresses)
            .values({ customerId: existing.id, ...address, label: 'portal' })
            .returning({ id: customerAddresses.id });
          addressId = a!.id;
        }
      } else {
        const created = await createCustomerInline(
          ctx,
          { kind: 'individual', name: input.name, phone, address },
          phone,
        );
        customer = created;
        addressId = created.addressId;
      }

      // The unit, when the serial (and model) name one of this customer's units; another
      // owner's unit is not linked (the visitor proved only their own phone).
      const model = input.model ? await findModelByCode(tx, input.model) : null;
      const match = input.serial
        ? await findUnitForPortal(tx, { modelCode: input.model ?? null, serial: input.serial })
        : null;
      const unit = match && match.customerId === customer.id ? match : null;
      const unitModel = unit ? await findModelByCode(tx, unit.modelCode) : null;

      const { day, seq } = await nextSequence(tx, 'service_request', meta.now);
      const [request] = await tx
        .insert(serviceRequests)
        .values({
          code: requestCode(day, seq),
          kind: input.kind,
          source: 'portal',
          customerId: customer.id,
          unitId: unit?.unitId ?? null,
          modelId: unitModel?.id ?? model?.id ?? null,
          serialNo: input.serial ? normaliseSerial(input.serial) : null,
          symptoms: input.symptoms,
          phone,
          addressId,
          preferredNote: input.preferredNote ?? null,
          orgPath: customer.orgPath,
          createdAt: meta.now,
          updatedAt: meta.now,
        })
        .returning();
      const c = await nextSequence(tx, 'contact', meta.now);
      const [contact] = await tx
        .insert(contacts)
        .values({
          code: contactCode(c.day, c.seq),
          customerId: customer.id,
          unitId: unit?.unitId ?? null,
          channel: 'web',
          class: input.kind,
          fromAddress: phone,
          content: input.symptoms,
          serviceRequestId: request!.id,
          startedAt: meta.now,
          orgPath: customer.orgPath,
          createdAt: meta.now,
          updatedAt: meta.now,
        })
        .returning();
      await tx.update(serviceRequests).set({ contactId: contact!.id }).where(eq(serviceRequests.id, request!.id));
      if (files.length) {
        await tx.insert(attachments).values(
          files.map((f) => ({
            ownerType: 'service_request' as const,
            ownerId: request!.id,
            fileName: f.photo.fileName.slice(0, 200),
            mime: f.photo.mime,
            size: f.size,
            storageKey: f.key,
            sha256: f.sha256,
            createdAt: meta.now,
          })),
        );
      }
      await markFirstContact(tx, customer.id, meta.now);
      await appendEvent(tx, ctx, {
        entity: 'contact',
        entityId: contact!.id,
        action: 'contact.created',
        after: contact,
        orgPath: customer.orgPath,
      });
      await appendEvent(tx, ctx, {
        entity: 'service_request',
        entityId: request!.id,
        action: 'service_request.created',
        after: { ...request, contactId: contact!.id, photos: files.length },
        orgPath: customer.orgPath,
      });
      return { code: request!.code, id: request!.id };
    });
  } catch (err) {
    await removeUploads(meta.dataDir, stored);
    throw err;
  }
}

/** Status of a request by its number and the phone that reported it, after a code sent to that phone. */
export async function trackRequest(db: Db, input: TrackBody, meta: PortalMeta): Promise<TrackResult> {
  const phone = mobileOrFail(input.phone, 'phone');
  const otpId = await verifyOtp(db, phone, 'track', input.otp, meta.now);
  const id = await db.transaction(async (tx) => {
    const [row] = await tx
      .select({ id: serviceRequests.id })
      .from(serviceRequests)
      .where(and(eq(serviceRequests.code, input.code.trim().toUpperCase()), eq(serviceRequests.phone, phone)));
    // A mistyped number leaves the code usable: the phone is proven, and only its own requests are found.
    if (!row) throw notFound(meta, 'service_request');
    await consumeOtp(tx, otpId, 'otp', meta.now);
    return row.id;
  });
  return trackView({ db }, id);
}

/** One-time codes matter for an hour (the rate limits look back that far); a day is kept for looking into abuse. */
export async function purgeOtpCodes(db: Db, now: Date): Promise<number> {
  const gone = await db
    .delete(otpCodes)
    .where(lt(otpCodes.createdAt, new Date(now.getTime() - 24 * HOUR)))
    .returning({ id: otpCodes.id });
  return gone.length;
}

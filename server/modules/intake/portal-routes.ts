import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { FIELD_MESSAGES } from '../../../shared/errors.js';
import { fill, type Lang } from '../../../shared/i18n.js';
import { loadConfig } from '../../config.js';
import { getSetting } from '../../platform/config/index.js';
import { AppError } from '../../platform/errors.js';
import { langOf, typed } from '../../platform/http.js';
import {
  type PortalMeta,
  portalUnit,
  purgeOtpCodes,
  requestOtp,
  submitPortalRequest,
  trackRequest,
} from './commands/portal.js';
import {
  OtpBody,
  OtpResult,
  PortalRequestFields,
  PortalRequestResult,
  PortalUnit,
  PortalUnitQuery,
  TrackBody,
  TrackResult,
} from './contract.js';
import { readPhotoForm } from './uploads.js';

const tags = ['portal'];

declare module 'fastify' {
  interface FastifyInstance {
    /** Where uploads live when the app is given a data folder (else SANBAO_DATA_DIR or ./data). */
    dataDir?: string;
  }
}

function meta(req: FastifyRequest): PortalMeta {
  return { ip: req.ip, now: req.server.clock(), requestId: req.id, lang: langOf(req) };
}

/** Schema problems of the multipart fields, named like the JSON routes' (body.phone …). */
function fieldProblems(
  issues: { path: PropertyKey[]; code: string; message: string }[],
  raw: Record<string, string>,
  lang: Lang,
): AppError {
  return new AppError(
    'validation.failed',
    {},
    issues.map((i) => {
      const key = i.path.map(String).join('.');
      const path = `body.${key}`;
      const code = raw[key] === undefined ? 'required' : i.code;
      const text = FIELD_MESSAGES[code] ?? FIELD_MESSAGES.custom!;
      return { path, code, message: `${path}: ${fill(text[lang], i as unknown as Record<string, unknown>)}` };
    }),
  );
}

/** The customer self-service portal: public, no staff login; abuse is bounded per phone and IP. */
export async function portalRoutes(app: FastifyInstance) {
  const r = typed(app);
  const dataDir = app.dataDir ?? loadConfig().dataDir;
  await app.register(fastifyMultipart);

  // Hourly, on every instance (deleting is idempotent); the timer never keeps the process alive.
  let purge: NodeJS.Timeout | null = null;
  app.addHook('onReady', async () => {
    purge = setInterval(() => {
      purgeOtpCodes(app.database.db, app.clock()).catch((err) =>
        app.log.warn({ err }, 'purging one-time codes failed'),
      );
    }, 3600_000);
    purge.unref();
  });
  app.addHook('onClose', async () => {
    if (purge) clearInterval(purge);
  });

  r.post(
    '/api/portal/otp',
    {
      schema: {
        tags,
        summary:
          'Send a 6-digit code by SMS to verify the phone (1/min, 5/h, 10/day per phone; 20/h, 50/day per IP); ' +
          'a tracking code goes only to a phone of a customer or service request, the answer is the same either way',
        body: OtpBody,
        response: { 200: OtpResult },
      },
    },
    async (req) => ({ sent: true as const, ...(await requestOtp(req.server.database.db, req.body, meta(req))) }),
  );
  r.get(
    '/api/portal/unit',
    {
      schema: {
        tags,
        summary: 'Model name and whether the serial is known, for the QR label link (no personal data)',
        querystring: PortalUnitQuery,
        response: { 200: PortalUnit },
      },
    },
    async (req) => portalUnit(req.server.database.db, req.query),
  );
  r.post(
    '/api/portal/requests',
    {
      schema: {
        tags,
        summary: 'Report a fault: multipart form with the verified phone, code, details and up to 5 photos',
        description:
          'multipart/form-data fields: phone, code (6 digits from POST /api/portal/otp with purpose "report"), name, ' +
          'kind (repair | installation | maintenance), model?, serial?, symptoms, provinceCode, cityCode?, districtCode?, ' +
          'address, preferredNote?; file parts (any field name, e.g. "photos"): JPEG, PNG, WebP or HEIC, checked by ' +
          'their bytes, at most portal.photoMaxCount files of portal.photoMaxMb MB each (413/415 name the field).',
        consumes: ['multipart/form-data'],
        response: { 201: PortalRequestResult },
      },
      bodyLimit: 64 * 1024 * 1024,
    },
    async (req, reply) => {
      const db = req.server.database.db;
      const m = meta(req);
      const [maxMb, maxCount] = await Promise.all([
        getSetting(db, 'portal.photoMaxMb', m.now),
        getSetting(db, 'portal.photoMaxCount', m.now),
      ]);
      const { fields, photos } = await readPhotoForm(req, { maxMb, maxCount, fields: 40, fieldSize: 20_000 });
      const parsed = PortalRequestFields.safeParse(fields);
      if (!parsed.success) throw fieldProblems(parsed.error.issues, fields, m.lang);
      const created = await submitPortalRequest(db, parsed.data, photos, { ...m, dataDir });
      return reply
        .status(201)
        .send({ code: created.code, trackUrl: `/portal/track?code=${encodeURIComponent(created.code)}` });
    },
  );
  r.post(
    '/api/portal/track',
    {
      schema: {
        tags,
        summary: 'Status timeline of a request by its number, phone and a code sent to that phone',
        body: TrackBody,
        response: { 200: TrackResult },
      },
    },
    async (req) => trackRequest(req.server.database.db, req.body, meta(req)),
  );
}

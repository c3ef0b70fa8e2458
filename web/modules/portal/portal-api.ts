import type { PortalRequestFields, TrackBody, TrackResult } from '../../../server/modules/intake/contract.js';
import type { Problem } from '../../../shared/errors.js';
import type { Lang } from '../../../shared/i18n.js';
import { ApiError, type BodyOf, type ResponseOf, routeUrl } from '../../api/client.js';

export type { TrackResult };
export type PortalKind = PortalRequestFields['kind'];

export type OtpResult = ResponseOf<'POST /api/portal/otp'>;
export type PortalUnit = ResponseOf<'GET /api/portal/unit'>;
export type PortalRequestResult = ResponseOf<'POST /api/portal/requests'>;
export type SurveyView = ResponseOf<'GET /api/portal/survey/:token'>;
export type SurveyAnswers = BodyOf<'POST /api/portal/survey/:token'>;
export type RecallBookingView = ResponseOf<'GET /api/portal/recall/:token'>;
export type RecallBookingBody = BodyOf<'POST /api/portal/recall/:token'>;
export type UnsubscribeView = ResponseOf<'GET /api/portal/unsubscribe/:token'>;

/**
 * The portal's calls, typed by the route table (web/api/routes.ts) like the staff client's.
 * The portal talks to the server without the staff session: a visitor is no staff member, and an
 * agent trying the portal in the same browser must not send their session (nor need its CSRF token).
 */
async function portalFetch<T>(method: string, path: string, lang: Lang, body?: BodyInit, json = true): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': lang };
  if (body !== undefined && json) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body, credentials: 'omit' });
  } catch {
    throw new ApiError(0, { code: 'network' });
  }
  const type = res.headers.get('content-type') ?? '';
  const data = type.includes('json') ? await res.json().catch(() => ({})) : {};
  if (!res.ok) throw new ApiError(res.status, data as Partial<Problem>);
  return data as T;
}

export const portalApi = {
  sendCode: (lang: Lang, phone: string, purpose: 'report' | 'track') =>
    portalFetch<OtpResult>('POST', '/api/portal/otp', lang, JSON.stringify({ phone, purpose })),
  unit: (lang: Lang, model: string | null, serial: string) => {
    const url = routeUrl('GET /api/portal/unit', { query: { serial, model: model ?? undefined } });
    return portalFetch<PortalUnit>('GET', url, lang);
  },
  /** One multipart request: the text fields, then each photo as a file part named `photo`. */
  submit: (lang: Lang, fields: Partial<Record<keyof PortalRequestFields, string>>, photos: File[]) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== '') form.append(k, v);
    for (const p of photos) form.append('photo', p, p.name);
    return portalFetch<PortalRequestResult>('POST', '/api/portal/requests', lang, form, false);
  },
  /** The callback survey behind the SMS link (its token is the only key). */
  survey: (lang: Lang, token: string) =>
    portalFetch<SurveyView>('GET', routeUrl('GET /api/portal/survey/:token', { params: { token } }), lang),
  answerSurvey: (lang: Lang, token: string, body: SurveyAnswers) =>
    portalFetch<ResponseOf<'POST /api/portal/survey/:token'>>(
      'POST',
      routeUrl('POST /api/portal/survey/:token', { params: { token } }),
      lang,
      JSON.stringify(body),
    ),
  /** The recall booking behind the outreach SMS link. */
  recall: (lang: Lang, token: string) =>
    portalFetch<RecallBookingView>('GET', routeUrl('GET /api/portal/recall/:token', { params: { token } }), lang),
  bookRecall: (lang: Lang, token: string, body: RecallBookingBody) =>
    portalFetch<ResponseOf<'POST /api/portal/recall/:token'>>(
      'POST',
      routeUrl('POST /api/portal/recall/:token', { params: { token } }),
      lang,
      JSON.stringify(body),
    ),
  /** What the unsubscribe link of a customer e-mail stops: the channel and the masked address. */
  unsubscribeView: (lang: Lang, token: string) =>
    portalFetch<UnsubscribeView>('GET', routeUrl('GET /api/portal/unsubscribe/:token', { params: { token } }), lang),
  unsubscribe: (lang: Lang, token: string) =>
    portalFetch<ResponseOf<'POST /api/portal/unsubscribe/:token'>>(
      'POST',
      routeUrl('POST /api/portal/unsubscribe/:token', { params: { token } }),
      lang,
    ),
  track: (lang: Lang, body: TrackBody) =>
    portalFetch<TrackResult>('POST', '/api/portal/track', lang, JSON.stringify(body)),
};

import { DeliveryError } from '../channels.js';

/** Every provider call gives up after this long; the outbox retries it later as a temporary failure. */
export const PROVIDER_TIMEOUT_MS = 10_000;

/** Provider answers kept on the outbox row are cut to this length. */
export const ANSWER_MAX = 500;

export const truncate = (s: string, max = ANSWER_MAX): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Why a request failed, in a few words: 'ECONNREFUSED', 'timeout', or the message. */
function reason(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } } | null;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timeout';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(err);
}

/**
 * One HTTP call to a provider with the common timeout. A failure to get any answer (refused,
 * reset, timeout) is a temporary DeliveryError: nothing says the provider refused the message.
 */
export async function providerFetch(
  provider: string,
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; text: string }> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS) });
    return { status: res.status, text: await res.text() };
  } catch (err) {
    throw new DeliveryError(`${provider}: ${reason(err)}`, false);
  }
}

/** The body as JSON, or undefined when it is not JSON (an HTML error page of a proxy). */
export function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A template variable as the text a provider template takes (they accept strings only). */
export function paramText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v);
}

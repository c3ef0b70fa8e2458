/** Languages the product speaks. zh-CN is the default everywhere (UI, errors, mail). */
export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = 'zh-CN';

export interface Text {
  'zh-CN': string;
  en: string;
}

/** Picks a language from an Accept-Language header or a stored preference. */
export function pickLang(pref: string | null | undefined): Lang {
  if (!pref) return DEFAULT_LANG;
  const first = pref.split(',')[0]?.trim().toLowerCase() ?? '';
  if (first.startsWith('en')) return 'en';
  return DEFAULT_LANG;
}

/** Fills `{name}` placeholders. */
export function fill(template: string, params: Record<string, unknown> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (params[k] === undefined ? `{${k}}` : String(params[k])));
}

import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn.js';
import 'dayjs/locale/en.js';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { DEFAULT_LANG, fill, type Lang, LANGS, type Text } from '../../shared/i18n.js';
import { setApiLang } from '../api/client.js';
import { setDisplayLang } from '../lib/format.js';
import { en } from './en.js';
import { type MessageKey, zhCN } from './zh-cn.js';

const STORAGE_KEY = 'sanbao.lang';
const CATALOGS: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
const DAYJS_LOCALE: Record<Lang, string> = { 'zh-CN': 'zh-cn', en: 'en' };

export type Translate = (key: MessageKey, params?: Record<string, unknown>) => string;

export interface I18n {
  lang: Lang;
  t: Translate;
  /** Looks up a key built at run time (entity or action codes); undefined when there is none. */
  tryT: (key: string, params?: Record<string, unknown>) => string | undefined;
  /** Picks the current language from a shared `{zh-CN, en}` text. */
  pick: (text: Text) => string;
  setLang: (lang: Lang) => void;
}

function isLang(v: unknown): v is Lang {
  return typeof v === 'string' && (LANGS as readonly string[]).includes(v);
}

/** zh-CN unless this browser chose otherwise before; never guessed from the browser's own language. */
function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLang(stored)) return stored;
  } catch {
    // Storage can be unavailable (private mode); the default is fine.
  }
  return DEFAULT_LANG;
}

/** The open page's own document title (a print page's), in the current language; null: the app's name. */
let pageTitle: string | null = null;

function applyLang(lang: Lang): void {
  setApiLang(lang);
  setDisplayLang(lang);
  dayjs.locale(DAYJS_LOCALE[lang]);
  document.documentElement.lang = lang;
  document.title = pageTitle ?? CATALOGS[lang]['app.name'];
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const l = initialLang();
    applyLang(l);
    return l;
  });

  useEffect(() => applyLang(lang), [lang]);

  const setLang = useCallback((next: Lang) => {
    applyLang(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisted; the choice still holds for this page.
    }
    setLangState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const catalog = CATALOGS[lang];
    const t: Translate = (key, params) => fill(catalog[key] ?? key, params);
    const tryT = (key: string, params?: Record<string, unknown>) => {
      const msg = (catalog as Record<string, string | undefined>)[key];
      return msg === undefined ? undefined : fill(msg, params);
    };
    return { lang, t, tryT, pick: (text) => text[lang], setLang };
  }, [lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}

/** The `t(key, params)` function for the current language. */
export function useT(): Translate {
  return useI18n().t;
}

/**
 * Names the document while the calling page is open: the browser prints it in the page header and
 * offers it as the PDF's file name, so a print page passes its own title in the reader's language.
 * Child effects run before the provider's, so a language switch keeps the page's title.
 */
export function useDocumentTitle(title: string): void {
  const { lang } = useI18n();
  useEffect(() => {
    pageTitle = title;
    document.title = title;
    return () => {
      pageTitle = null;
      document.title = CATALOGS[lang]['app.name'];
    };
  }, [title, lang]);
}

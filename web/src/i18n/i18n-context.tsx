import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en } from './en';
import { errorsEn } from './errors-en';
import { errorsZh, type ErrorMessageKey } from './errors-zh';
import { memberEn } from './member-en';
import { memberZh, type MemberMessageKey } from './member-zh';
import { zh, type MessageKey } from './zh';

export type Locale = 'zh' | 'en';
/** Any string key: the console's (zh.ts), the member client's (member-zh.ts) or an error's (errors-zh.ts). */
export type AnyMessageKey = MessageKey | MemberMessageKey | ErrorMessageKey;
export type Translate = (key: AnyMessageKey, vars?: Record<string, string | number>) => string;

const STORAGE_KEY = 'enclave.locale';
const dictionaries: Record<Locale, Record<AnyMessageKey, string>> = {
  zh: { ...zh, ...memberZh, ...errorsZh },
  en: { ...en, ...memberEn, ...errorsEn },
};

function isLocale(value: unknown): value is Locale {
  return value === 'zh' || value === 'en';
}

/** Saved choice first, then the browser's language; Chinese for any zh-*, English otherwise. */
export function initialLocale(): Locale {
  try {
    const saved = window.localStorage.getItem(STORAGE_KEY);
    if (isLocale(saved)) return saved;
  } catch {
    // storage unavailable (private mode): use the browser language
  }
  const languages = navigator.languages?.length ? navigator.languages : [navigator.language];
  return languages[0]?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function translate(locale: Locale, key: AnyMessageKey, vars?: Record<string, string | number>): string {
  const text = dictionaries[locale][key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}

interface I18nValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);

  useEffect(() => {
    document.documentElement.lang = locale === 'zh' ? 'zh-CN' : 'en';
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    setLocaleState(next);
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // not persisted; the choice still applies to this tab
    }
  }, []);

  const value = useMemo<I18nValue>(
    () => ({ locale, setLocale, t: (key, vars) => translate(locale, key, vars) }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}

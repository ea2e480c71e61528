/**
 * i18next setup. The language comes from `?lang=ko|en`, then the user's last choice (localStorage), then
 * navigator.language (any `ko…` → Korean), and English otherwise.
 */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { ko } from './ko';

export const LANGUAGES = ['ko', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'zk-lab.lang';

export const resources = {
  en: { translation: en },
  ko: { translation: ko },
} as const;

function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

export function detectLanguage(): Language {
  try {
    const fromUrl = new URLSearchParams(globalThis.location?.search ?? '').get('lang');
    if (isLanguage(fromUrl)) return fromUrl;
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (isLanguage(saved)) return saved;
  } catch {
    // storage may be unavailable (private mode, sandboxed frames)
  }
  const nav = globalThis.navigator?.languages?.[0] ?? globalThis.navigator?.language ?? 'en';
  return nav.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

export function setLanguage(lang: Language): void {
  void i18n.changeLanguage(lang);
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // ignore
  }
}

function syncDocument(lang: string): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = lang;
  document.title = i18n.t('app.title');
}

export function initI18n(lang: Language = detectLanguage()): typeof i18n {
  i18n.on('languageChanged', syncDocument);
  void i18n.use(initReactI18next).init({
    resources,
    lng: lang,
    fallbackLng: 'en',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false }, // React escapes text itself
    returnNull: false,
    initAsync: false,
  });
  syncDocument(lang);
  return i18n;
}

export default i18n;

/**
 * `t` for a key built at run time (`note.${what}`, `settings.fields.${id}`, …), which the typed `t` does not
 * accept; a key missing from the files comes back as the key itself, as i18next does.
 */
export type DynamicT = (key: string, options?: Record<string, unknown>) => string;
export function dynamicT(t: unknown): DynamicT {
  return t as DynamicT;
}

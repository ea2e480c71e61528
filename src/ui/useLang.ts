import { useTranslation } from 'react-i18next';

/** The UI language, for picking a lesson text's `ko` / `en`. */
export function useLang(): 'ko' | 'en' {
  const { i18n } = useTranslation();
  return (i18n.resolvedLanguage ?? i18n.language) === 'ko' ? 'ko' : 'en';
}

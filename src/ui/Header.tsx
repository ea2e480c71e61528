import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage } from '../i18n';
import { useLab } from './store';
import type { Language } from '../i18n';

function Logo() {
  // three ensemble members on a ring, one of them leading
  return (
    <svg className="logo" viewBox="0 0 40 40" width="40" height="40" aria-hidden="true" focusable="false">
      <circle cx="20" cy="20" r="14" fill="none" stroke="currentColor" strokeOpacity="0.35" strokeWidth="2" />
      <circle cx="20" cy="6" r="6" fill="#f59e0b" stroke="#7c2d12" strokeWidth="2" />
      <circle cx="8" cy="27" r="5" fill="#dbeafe" stroke="#1e3a8a" strokeWidth="2" />
      <circle cx="32" cy="27" r="5" fill="#dbeafe" stroke="#1e3a8a" strokeWidth="2" />
    </svg>
  );
}

export function Header() {
  const { t, i18n } = useTranslation();
  const current = (i18n.resolvedLanguage ?? i18n.language) as Language;
  const presenter = useLab((s) => s.presenter);
  const { setPresenter, setHelp, setSettings, setPanel } = useLab.getState();
  const panel = useLab((s) => s.panel);
  return (
    <header className="app-header">
      <div className="brand">
        <Logo />
        <div>
          <h1 data-testid="app-title">{t('app.title')}</h1>
          <p className="tagline" title={t('app.tagline')}>{t('app.tagline')}</p>
        </div>
      </div>
      <nav className="header-learn" aria-label={t('learn.header.lessons')}>
        {(['lessons', 'scenarios', 'explorer', 'share'] as const).map((p) => (
          <button key={p} type="button" className="btn btn-small btn-dark" aria-pressed={panel === p} onClick={() => setPanel(p)} data-testid={`open-${p}`}>
            {t(`learn.header.${p}`)}
          </button>
        ))}
      </nav>
      <div className="header-tools">
        <button type="button" className="btn btn-small btn-dark" onClick={() => setSettings(true)} aria-keyshortcuts="s" data-testid="open-settings">
          {t('settings.open')}
        </button>
        <button type="button" className="btn btn-small btn-dark" aria-pressed={presenter} onClick={() => setPresenter(!presenter)} aria-keyshortcuts="p" data-testid="presenter">
          {t('header.presenter')}
        </button>
        <button type="button" className="btn btn-small btn-dark" onClick={() => setHelp(true)} aria-keyshortcuts="Shift+/" data-testid="open-help">
          {t('header.keys')}
        </button>
      </div>
      <div className="lang-switch" role="group" aria-label={t('lang.label')}>
        {LANGUAGES.map((lang) => (
          <button
            key={lang}
            type="button"
            lang={lang}
            aria-pressed={current === lang}
            className={current === lang ? 'active' : undefined}
            onClick={() => setLanguage(lang)}
          >
            {t(`lang.${lang}`)}
          </button>
        ))}
      </div>
    </header>
  );
}

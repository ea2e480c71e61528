import { useTranslation } from 'react-i18next';
import { useLab } from './store';
import { formatSeconds } from './layout';

/** The latest invariant violation, if any: the protocol did something it must never do. */
export function ViolationBanner() {
  const { t } = useTranslation();
  const count = useLab((s) => s.panels?.violations.length ?? 0);
  const last = useLab((s) => s.panels?.violations.at(-1));
  const first = useLab((s) => s.panels?.violations[0]);
  const scrubTo = useLab((s) => s.scrubTo);
  if (!count || !last || !first) return null;
  return (
    <div className="banner banner-violation" role="alert" data-testid="violation">
      <strong>
        ⚠ {t('violation.title')}
        {count > 1 ? ` (${count})` : ''}
      </strong>{' '}
      {t('violation.text', { invariant: last.invariant, node: last.node, t: formatSeconds(last.t), detail: last.detail })}{' '}
      <button type="button" className="btn btn-small" onClick={() => scrubTo(first.t)} data-testid="violation-jump">
        {t('violation.jump', { t: formatSeconds(first.t) })}
      </button>
    </div>
  );
}

export function ErrorBanner() {
  const { t } = useTranslation();
  const error = useLab((s) => s.error);
  const dismiss = useLab((s) => s.dismissError);
  const start = useLab((s) => s.start);
  if (!error) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="error">
      <strong>{t('error.title')}:</strong> <span>{error}</span>
      <span className="banner-actions">
        <button type="button" className="btn btn-small" onClick={() => void start()}>
          {t('transport.restart')}
        </button>
        <button type="button" className="btn btn-small btn-quiet" onClick={dismiss}>
          {t('error.dismiss')}
        </button>
      </span>
    </div>
  );
}

/** Announces the result of the last action to screen readers. */
export function LiveRegion() {
  const announcement = useLab((s) => s.announcement);
  return (
    <div className="sr-only" aria-live="polite" role="status">
      {announcement}
    </div>
  );
}

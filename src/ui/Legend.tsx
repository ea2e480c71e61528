import { useTranslation } from 'react-i18next';
import { useLab } from './store';
import { useRef } from 'react';
import { messageColor } from './layout';
import { StatusIcon } from './NodeGlyph';

/** Legend: colours of the message types in flight, status icons, blocked links, lost messages. */
export function Legend() {
  const { t } = useTranslation();
  // a primitive key, so this re-renders only when the set of types in flight changes
  const inFlightKey = useLab((s) => [...new Set(s.panels?.messages.map((m) => m.type) ?? [])].sort().join(' '));
  // the types in flight now; when nothing is in flight, keep showing the last ones (stable while paused)
  const last = useRef<string[]>([]);
  if (inFlightKey) last.current = inFlightKey.split(' ');
  const types = last.current;
  return (
    <div className="legend" aria-label={t('legend.label')} role="group" data-testid="legend">
      <div className="legend-row legend-row--one-line">
        <span className="legend-title">{t('legend.messages')}</span>
        {types.length === 0 && <span className="legend-none">{t('legend.none')}</span>}
        {types.map((type) => (
          <span key={type} className="legend-item">
            <svg width="18" height="18" viewBox="-9 -9 18 18" aria-hidden="true" focusable="false">
              <circle r="7" fill={messageColor(type)} />
            </svg>
            {type}
          </span>
        ))}
      </div>
      <div className="legend-row">
        <span className="legend-title">{t('legend.statusTitle')}</span>
        {(['up', 'paused', 'crashed'] as const).map((s) => (
          <span key={s} className={`legend-item legend-status--${s}`}>
            <svg width="18" height="18" viewBox="-9 -9 18 18" aria-hidden="true" focusable="false">
              <StatusIcon status={s} />
            </svg>
            {t(`status.${s}`)}
          </span>
        ))}
        <span className="legend-item">
          <svg width="34" height="18" viewBox="0 0 34 18" aria-hidden="true" focusable="false">
            <line x1="2" y1="9" x2="32" y2="9" className="blocked-lane" />
          </svg>
          {t('legend.blocked')}
        </span>
        <span className="legend-item">
          <svg width="18" height="18" viewBox="-9 -9 18 18" aria-hidden="true" focusable="false">
            <circle r="6.5" fill="#fff" stroke="#334155" strokeWidth="2.5" strokeDasharray="3 2" />
          </svg>
          {t('legend.lost')}
        </span>
      </div>
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { useLab } from './store';
import { useMemo, useRef } from 'react';
import { messageColor } from './layout';
import { StatusIcon } from './NodeGlyph';

/** How long (simulated ms) a message type stays in the legend after its last message was in flight. */
const LEGEND_KEEP_MS = 10_000;

/** Legend: colours of the message types in flight, status icons, blocked links, lost messages. */
export function Legend() {
  const { t } = useTranslation();
  // a primitive key, so this re-renders only when the set of types in flight changes
  const inFlightKey = useLab((s) => [...new Set(s.panels?.messages.map((m) => m.type) ?? [])].sort().join(' '));
  const now = useLab((s) => s.panels?.now ?? 0);
  // the types seen in flight during the last LEGEND_KEEP_MS of simulated time: entries do not come and go with
  // every message (that re-laid out the row several times a second and was hard to read); back in time: afresh
  const seen = useRef<{ at: number; lastSeen: Map<string, number> }>({ at: 0, lastSeen: new Map() });
  if (now < seen.current.at) seen.current = { at: now, lastSeen: new Map() };
  seen.current.at = now;
  for (const type of inFlightKey ? inFlightKey.split(' ') : []) seen.current.lastSeen.set(type, now);
  const recent = [...seen.current.lastSeen].filter(([, at]) => now - at <= LEGEND_KEEP_MS).map(([type]) => type);
  const typesKey = recent.sort().join(' ');
  const types = useMemo(() => (typesKey ? typesKey.split(' ') : []), [typesKey]);
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

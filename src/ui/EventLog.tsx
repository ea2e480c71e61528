import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { TraceRecord } from '../worker/api';
import { useLab } from './store';
import { formatSeconds } from './layout';

const SHOWN = 40;

function params(detail: string | undefined): string {
  if (!detail) return '';
  try {
    const v = JSON.parse(detail) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v))
      return Object.entries(v as Record<string, unknown>)
        .filter(([k]) => k !== 'type')
        .map(([k, x]) => `${k}=${typeof x === 'object' ? JSON.stringify(x) : String(x)}`)
        .join(' ');
    return String(v);
  } catch {
    return detail;
  }
}

/** An XState state value as text: "LEADING" → LEADING, {"FOLLOWING":"BROADCAST"} → FOLLOWING › BROADCAST. */
export function stateText(what: string): string {
  const flat = (v: unknown): string => {
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object' && !Array.isArray(v))
      return Object.entries(v as Record<string, unknown>)
        .map(([k, x]) => `${k} › ${flat(x)}`)
        .join(', ');
    return JSON.stringify(v);
  };
  try {
    return flat(JSON.parse(what));
  } catch {
    return what;
  }
}

/** A user action record as the console would spell it: {"type":"crash","node":"zk3"} → crash zk3. */
export function actionText(what: string, detail: string | undefined): string {
  if (!detail) return what;
  try {
    const a = JSON.parse(detail) as Record<string, unknown>;
    const parts = Object.entries(a)
      .filter(([k]) => k !== 'type')
      .map(([, v]) =>
        Array.isArray(v) ? v.map((x) => (Array.isArray(x) ? x.join(',') : String(x))).join(Array.isArray(v[0]) ? ' | ' : ',') : typeof v === 'object' ? JSON.stringify(v) : String(v),
      );
    return [what, ...parts].join(' ');
  } catch {
    return `${what} ${detail}`;
  }
}

/** One trace record in plain words (text only: node names and payloads are never parsed as HTML). */
function describe(r: TraceRecord, t: TFunction, i18nExists: (key: string) => boolean): string {
  const base = { node: r.node ?? '', from: r.from ?? '', to: r.to ?? '', what: r.what, detail: '' };
  switch (r.kind) {
    case 'drop': {
      const cause = r.detail === 'partition' || r.detail === 'loss' || r.detail === 'down' ? t(`cause.${r.detail}`) : (r.detail ?? '');
      return t('ev.drop', { ...base, cause });
    }
    case 'action':
      return t('ev.action', { ...base, detail: actionText(r.what, r.detail) });
    case 'note': {
      // notes carry an i18n key (e.g. zk.elected) and parameters; unknown keys are shown as they are
      const key = `note.${r.what}`;
      if (i18nExists(key)) {
        let values: Record<string, unknown>;
        try {
          values = r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : {};
        } catch {
          values = {};
        }
        const dynamicT = t as unknown as (key: string, options?: Record<string, unknown>) => string;
        return `${r.node ?? ''}: ${dynamicT(key, values)}`;
      }
      const p = params(r.detail);
      return t('ev.note', { ...base, what: p ? `${r.what} (${p})` : r.what });
    }
    case 'state':
      // state values arrive as JSON: "LEADING" → LEADING
      return t('ev.state', { ...base, what: stateText(r.what) });
    case 'fault':
      return t('ev.fault', { ...base, node: [r.node, r.detail].filter(Boolean).join(' ') });
    case 'violation':
    case 'output':
      return t(`ev.${r.kind}`, { ...base, detail: r.detail ?? '' });
    default:
      return t(`ev.${r.kind}`, base);
  }
}

export function EventLog() {
  const { t, i18n } = useTranslation();
  const [importantOnly, setImportantOnly] = useState(true);
  const events = useLab((s) => (importantOnly ? s.importantEvents : s.events));
  const anyEvents = useLab((s) => s.events.length > 0);
  const shown = events.slice(-SHOWN).reverse();
  return (
    <section className="panel events" aria-labelledby="events-title">
      <div className="panel-head">
        <h2 id="events-title">{t('events.title')}</h2>
        <label className="check" title={t('events.importantHint')}>
          <input type="checkbox" checked={importantOnly} onChange={(e) => setImportantOnly(e.target.checked)} />
          <span>{t('events.importantOnly')}</span>
        </label>
      </div>
      {shown.length === 0 ? (
        <p className="events-empty">{anyEvents && importantOnly ? t('events.noneImportant') : t('events.empty')}</p>
      ) : (
        <ol className="event-list" aria-label={t('events.list')} data-testid="event-list" tabIndex={0}>
          {shown.map((r) => (
            <li key={r.seq} className={`ev ev-${r.kind}`}>
              <span className="ev-time">{formatSeconds(r.t)}</span>
              <span className={`ev-kind kind-${r.kind}`}>{t(`kind.${r.kind}`)}</span>
              <span className="ev-text">{describe(r, t, (k) => i18n.exists(k))}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

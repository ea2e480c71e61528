import { memo, useMemo, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { TraceRecord } from '../worker/api';
import { useLab } from './store';
import { reasonText } from './reasons';
import { faultText } from './faults';
import { formatSeconds } from './layout';
import { dynamicT } from '../i18n';

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
    // a console request handed to a client: "client1: create /a" rather than its JSON
    const ev = a['event'] as { type?: string; request?: { op?: string; path?: string } } | undefined;
    if (what === 'inject' && ev?.request?.op) return `${String(a['node'])}: ${ev.request.op}${ev.request.path ? ` ${ev.request.path}` : ''}`;
    if (what === 'inject' && ev?.type) return `${String(a['node'])} ← ${ev.type}`;
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
          const parsed: unknown = r.detail ? JSON.parse(r.detail) : {};
          values = parsed && typeof parsed === 'object' ? { detail: r.detail, ...(parsed as Record<string, unknown>) } : { detail: r.detail };
        } catch {
          values = { detail: r.detail ?? '' };
        }
        if (typeof values['reason'] === 'string') values['reason'] = reasonText(values['reason'], t);
        const tt = dynamicT(t);
        return `${r.node ?? ''}: ${tt(key, values)}`;
      }
      const p = params(r.detail);
      return t('ev.note', { ...base, what: p ? `${r.what} (${p})` : r.what });
    }
    case 'state':
      // state values arrive as JSON: "LEADING" → LEADING
      return t('ev.state', { ...base, what: stateText(r.what) });
    case 'fault':
      return faultText(r.what, r.node, r.detail, t) ?? t('ev.fault', { ...base, node: [r.node, r.detail].filter(Boolean).join(' ') });
    case 'violation':
    case 'output':
      return t(`ev.${r.kind}`, { ...base, detail: r.detail ?? '' });
    default:
      return t(`ev.${r.kind}`, base);
  }
}

/** One line of the log (memoized: a record and its text never change). */
const EventRow = memo(function EventRow({ r, line, scrubTo, t }: { r: TraceRecord; line: string; scrubTo(t: number): void; t: TFunction }) {
  return (
    <li className={`ev ev-${r.kind}`}>
      <button type="button" className="ev-time" onClick={() => scrubTo(r.t)} title={t('events.jump')} aria-label={`${t('events.jump')}: ${formatSeconds(r.t)} s`}>
        {formatSeconds(r.t)}
      </button>
      <span className={`ev-kind kind-${r.kind}`}>{t(`kind.${r.kind}`)}</span>
      <span className="ev-text">{line}</span>
    </li>
  );
});

const FILTER_KINDS = ['all', 'note', 'state', 'fault', 'action', 'violation', 'send', 'deliver', 'drop', 'timer'] as const;

export function EventLog() {
  const { t, i18n } = useTranslation();
  const [importantOnly, setImportantOnly] = useState(true);
  const [kind, setKind] = useState<(typeof FILTER_KINDS)[number]>('all');
  const [text, setText] = useState('');
  const events = useLab((s) => (importantOnly ? s.importantEvents : s.events));
  const anyEvents = useLab((s) => s.events.length > 0);
  const scrubTo = useLab((s) => s.scrubTo);
  const needle = text.trim().toLowerCase();
  const lang = i18n.language;
  // each record is described once per language (records are immutable), and only the newest few are rendered
  const described = useMemo(() => new WeakMap<TraceRecord, string>(), [lang, t, i18n]);
  const shown = useMemo(() => {
    const text = (r: TraceRecord): string => {
      let s = described.get(r);
      if (s === undefined) {
        s = describe(r, t, (k) => i18n.exists(k));
        described.set(r, s);
      }
      return s;
    };
    const out: Array<{ r: TraceRecord; text: string }> = [];
    for (let i = events.length - 1; i >= 0 && out.length < SHOWN; i--) {
      const r = events[i] as TraceRecord;
      if (kind !== 'all' && r.kind !== kind) continue;
      const line = text(r);
      if (needle && !line.toLowerCase().includes(needle) && !(r.node ?? '').toLowerCase().includes(needle)) continue;
      out.push({ r, text: line });
    }
    return out;
  }, [events, kind, needle, described, t, i18n]);
  return (
    <section className="panel events" aria-labelledby="events-title">
      <div className="panel-head">
        <h2 id="events-title">{t('events.title')}</h2>
        <label className="check" title={t('events.importantHint')}>
          <input type="checkbox" checked={importantOnly} onChange={(e) => setImportantOnly(e.target.checked)} />
          <span>{t('events.importantOnly')}</span>
        </label>
      </div>
      <div className="events-filter">
        <label>
          <span className="sr-only">{t('events.kindFilter')}</span>
          <select value={kind} onChange={(e) => setKind(e.target.value as (typeof FILTER_KINDS)[number])} data-testid="event-kind">
            {FILTER_KINDS.map((k) => (
              <option key={k} value={k}>
                {k === 'all' ? t('events.allKinds') : t(`kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <input
          type="search"
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('events.search')}
          aria-label={t('events.search')}
          data-testid="event-search"
        />
      </div>
      {shown.length === 0 ? (
        <p className="events-empty">{anyEvents && importantOnly ? t('events.noneImportant') : t('events.empty')}</p>
      ) : (
        <ol className="event-list" aria-label={t('events.list')} data-testid="event-list" tabIndex={0}>
          {shown.map(({ r, text: line }) => (
            <EventRow key={r.seq} r={r} line={line} scrubTo={scrubTo} t={t} />
          ))}
        </ol>
      )}
    </section>
  );
}

import { useEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLab } from './store';
import type { ConsoleEntry } from './store';
import { formatSeconds } from './layout';

function Line({ e }: { e: ConsoleEntry }) {
  const { t } = useTranslation();
  const watch = useLab((s) => s.watch);
  if (e.stream === 'info') return <div className="cl cl-info">{e.key ? t(e.key as 'console.welcome') : e.text}</div>;
  if (e.stream === 'in') {
    const w = e.watch;
    return (
      <div className="cl cl-in">
        <span className="prompt" aria-hidden="true">
          ›{' '}
        </span>
        {e.text}
        {e.key && <span className="cl-note"> ({t(e.key as 'console.fromMenu')})</span>}
        {w && (
          <button
            type="button"
            className="btn btn-small btn-quiet cl-watch"
            onClick={() => void watch(w.from, w.to)}
            aria-label={t('console.watchLabel', { from: formatSeconds(w.from), to: formatSeconds(w.to) })}
            title={t('console.watchLabel', { from: formatSeconds(w.from), to: formatSeconds(w.to) })}
            data-testid="console-watch"
          >
            ▶ {t('console.watch')}
          </button>
        )}
      </div>
    );
  }
  return <div className={`cl cl-${e.stream}`}>{e.text}</div>;
}

/** Longest common prefix of some strings. */
function commonPrefix(words: string[]): string {
  if (!words.length) return '';
  let p = words[0] as string;
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

export function Console() {
  const { t } = useTranslation();
  const entries = useLab((s) => s.consoleEntries);
  const history = useLab((s) => s.history);
  const command = useLab((s) => s.command);
  const clear = useLab((s) => s.clearConsole);
  const watchAll = useLab((s) => s.watchCommands);
  const setWatchAll = useLab((s) => s.setWatchCommands);
  const [text, setText] = useState('');
  const [cursor, setCursor] = useState<number | null>(null); // index into history while browsing
  const [draft, setDraft] = useState('');
  const outRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = outRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [entries]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const line = text;
    setText('');
    setCursor(null);
    setDraft('');
    void command(line);
  };

  const complete = (): boolean => {
    const st = useLab.getState();
    const words = text.split(/\s+/);
    const last = words.at(-1) ?? '';
    if (!last) return false;
    const pool = words.length === 1 ? st.commandNames : (st.view?.nodes.map((n) => n.id) ?? []);
    const hits = pool.filter((w) => w.startsWith(last));
    if (!hits.length) return false;
    const prefix = hits.length === 1 ? `${hits[0] as string} ` : commonPrefix(hits);
    if (prefix.length <= last.length && hits.length > 1) return true; // ambiguous: keep focus, nothing to add
    setText(words.slice(0, -1).concat(prefix).join(' '));
    return true;
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowUp') {
      if (!history.length) return;
      e.preventDefault();
      const next = cursor === null ? history.length - 1 : Math.max(0, cursor - 1);
      if (cursor === null) setDraft(text);
      setCursor(next);
      setText(history[next] ?? '');
    } else if (e.key === 'ArrowDown') {
      if (cursor === null) return;
      e.preventDefault();
      const next = cursor + 1;
      if (next >= history.length) {
        setCursor(null);
        setText(draft);
      } else {
        setCursor(next);
        setText(history[next] ?? '');
      }
    } else if (e.key === 'Tab' && !e.shiftKey && text.trim()) {
      if (complete()) e.preventDefault();
    }
  };

  return (
    <section className="panel console" aria-labelledby="console-title">
      <div className="panel-head">
        <h2 id="console-title">{t('console.title')}</h2>
        <label className="console-watch-all">
          <input type="checkbox" checked={watchAll} onChange={(e) => setWatchAll(e.target.checked)} data-testid="console-watch-all" /> {t('console.watchAll')}
        </label>
        <button type="button" className="btn btn-small btn-quiet" onClick={clear}>
          {t('console.clear')}
        </button>
      </div>
      <div className="console-out" ref={outRef} role="log" aria-label={t('console.output')} tabIndex={0} data-testid="console-output">
        {entries.map((e) => (
          <Line key={e.id} e={e} />
        ))}
      </div>
      <form className="console-in" onSubmit={submit}>
        <span className="prompt" aria-hidden="true">
          ›
        </span>
        <input
          data-testid="console-input"
          aria-label={t('console.input')}
          placeholder={t('console.placeholder')}
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setCursor(null);
          }}
          onKeyDown={onKey}
        />
        <button type="submit" className="btn btn-small">
          {t('console.run')}
        </button>
      </form>
    </section>
  );
}

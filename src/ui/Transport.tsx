import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { SMART, SPEEDS, useLab } from './store';
import { formatSeconds } from './layout';

function PlayIcon() {
  return (
    <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
      <path d="M5 3.5v13l11-6.5z" fill="currentColor" />
    </svg>
  );
}
function PauseIcon() {
  return (
    <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
      <rect x="4" y="3.5" width="4.2" height="13" rx="1" fill="currentColor" />
      <rect x="11.8" y="3.5" width="4.2" height="13" rx="1" fill="currentColor" />
    </svg>
  );
}
function StepIcon() {
  return (
    <svg viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
      <path d="M4 3.5v13l9-6.5z" fill="currentColor" />
      <rect x="13.5" y="3.5" width="3" height="13" rx="1" fill="currentColor" />
    </svg>
  );
}

function SeedField() {
  const { t } = useTranslation();
  const seed = useLab((s) => s.view?.seed ?? s.config.seed);
  const start = useLab((s) => s.start);
  const config = useLab((s) => s.config);
  const setNotice = useLab((s) => s.setNotice);
  const [text, setText] = useState(String(seed));
  const [bad, setBad] = useState(false);
  useEffect(() => {
    setText(String(seed));
    setBad(false);
  }, [seed]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const n = Number(text.trim());
    // a seed that is not one says so (and the run is kept) rather than restarting with the old seed
    if (!(/^\d+$/.test(text.trim()) && n <= 0xffffffff)) {
      setBad(true);
      setNotice({ key: 'transport.seedBad' });
      return;
    }
    setBad(false);
    if (useLab.getState().notice?.key === 'transport.seedBad') setNotice(null);
    void start({ ...config, seed: n });
  };
  return (
    <form className="seed" onSubmit={submit} title={t('transport.seedHint')}>
      <label htmlFor="seed-input">{t('transport.seed')}</label>
      <input
        id="seed-input"
        data-testid="seed"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        value={text}
        size={6}
        aria-invalid={bad || undefined}
        onChange={(e) => {
          setText(e.target.value);
          setBad(false);
        }}
      />

      <button type="submit" className="btn" title={t('transport.restartHint')}>
        {t('transport.restart')}
      </button>
    </form>
  );
}

/** The clock: the only part of the transport bar that changes every frame. */
function Clock() {
  const { t } = useTranslation();
  const now = useLab((s) => s.view?.now ?? 0);
  return <span data-testid="clock">{t('transport.clockValue', { t: formatSeconds(now) })}</span>;
}

export function Transport() {
  const { t } = useTranslation();
  const playing = useLab((s) => s.playing);
  const ready = useLab((s) => s.view !== null);
  const processed = useLab((s) => s.panels?.processed ?? 0);
  const speed = useLab((s) => s.speed);
  const { togglePlay, step, setSpeed } = useLab.getState();

  return (
    <section className="transport" aria-label={t('transport.label')}>
      <div className="transport-buttons">
        <button
          type="button"
          className="btn btn-primary btn-play"
          data-testid="play"
          disabled={!ready}
          onClick={togglePlay}
          aria-keyshortcuts="Space"
          title={t('transport.playHint')}
        >
          {playing ? <PauseIcon /> : <PlayIcon />}
          <span>{playing ? t('transport.pause') : t('transport.play')}</span>
        </button>
        <button
          type="button"
          className="btn"
          data-testid="step"
          disabled={!ready}
          onClick={() => void step()}
          aria-keyshortcuts="ArrowRight"
          title={t('transport.stepHint')}
        >
          <StepIcon />
          <span>{t('transport.step')}</span>
        </button>
        <label className="speed" title={speed === SMART ? t('transport.smartHint') : t('transport.speedHint')}>
          <span>{t('transport.speed')}</span>
          <select data-testid="speed" value={speed} onChange={(e) => setSpeed(Number(e.target.value))}>
            {SPEEDS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.value === SMART ? t('transport.smart') : t('transport.speedOption', { label: s.label })}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="readouts">
        <div className="clock" title={t('transport.clock')}>
          <span className="sr-only">{t('transport.clock')}: </span>
          <Clock />
          <span className={`run-state ${playing ? 'is-running' : ''}`} data-testid="run-state">
            {playing ? t('transport.running') : t('transport.paused')}
          </span>
        </div>
        <div className="readout" title={t('transport.processedHint')}>
          <span className="readout-label">{t('transport.processed')}</span>
          <span className="readout-value" data-testid="processed">
            {processed}
          </span>
        </div>
        <SeedField />
      </div>
    </section>
  );
}

/** Modal dialogs: keyboard shortcuts (`?`) and run settings (seed, ensemble, sessions, Kafka, workload). */
import { useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLab } from './store';
import { SECTIONS, SETTINGS_FIELDS, configFromDraft, fieldText } from './settings';
import type { SettingsField } from './settings';
import { dynamicT } from '../i18n';

export function Modal({ title, onClose, children, testId }: { title: string; onClose(): void; children: ReactNode; testId: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="modal"
      aria-label={title}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onKeyDown={(e) => e.stopPropagation()}
      data-testid={testId}
    >
      <div className="modal-head">
        <h2>{title}</h2>
        <button type="button" className="btn btn-small" onClick={onClose}>
          {useTranslation().t('dialog.close')}
        </button>
      </div>
      {children}
    </dialog>
  );
}

export const SHORTCUTS: Array<[string, string]> = [
  ['Space', 'keys.play'],
  ['→', 'keys.step'],
  ['←  /  Shift+←', 'keys.back'],
  ['[  /  ]', 'keys.speed'],
  ['0', 'keys.smart'],
  ['1  2  3  4', 'keys.tabs'],
  ['h', 'keys.heal'],
  ['p', 'keys.presenter'],
  ['s', 'keys.settings'],
  ['l', 'keys.lang'],
  ['Home', 'keys.home'],
  ['?', 'keys.help'],
  ['Esc', 'keys.esc'],
];

export function HelpDialog() {
  const { t } = useTranslation();
  const open = useLab((s) => s.helpOpen);
  const setHelp = useLab((s) => s.setHelp);
  if (!open) return null;
  return (
    <Modal title={t('keys.title')} onClose={() => setHelp(false)} testId="help">
      <table className="keys">
        <tbody>
          {SHORTCUTS.map(([k, what]) => (
            <tr key={what}>
              <th scope="row">
                <kbd>{k}</kbd>
              </th>
              <td>{t(what as 'keys.play')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted">{t('keys.more')}</p>
    </Modal>
  );
}

export function SettingsDialog() {
  const { t } = useTranslation();
  const open = useLab((s) => s.settingsOpen);
  const setSettings = useLab((s) => s.setSettings);
  const config = useLab((s) => s.config);
  const start = useLab((s) => s.start);
  const api = useLab((s) => s.api);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string[]>([]);
  useEffect(() => {
    if (!open) return;
    setDraft(Object.fromEntries(SETTINGS_FIELDS.map((f) => [f.id, fieldText(config, f)])));
    setErrors({});
    setGeneral([]);
  }, [open, config]);
  if (!open) return null;
  const tt = dynamicT(t);
  const label = (f: SettingsField) => tt(`settings.fields.${f.id}`);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { config: next, bad } = configFromDraft(config, draft);
    const found: Record<string, string> = {};
    for (const [id, f] of Object.entries(bad)) {
      const range = { min: f.min ?? '', max: f.max ?? '' };
      found[id] = f.kind === 'choice' ? t('settings.badChoice') : f.optional ? t('settings.badOptional', range) : t(f.kind === 'int' ? 'settings.badInt' : 'settings.badNumber', range);
    }
    // rules between fields (minSessionTimeout ≤ maxSessionTimeout, …) are the worker's to check
    const issues = Object.keys(found).length || !api ? [] : await api.checkConfig(next);
    const rest: string[] = [];
    for (const i of issues) {
      if (SETTINGS_FIELDS.some((f) => f.id === i.path)) found[i.path] = i.message;
      else rest.push(i.path ? `${i.path}: ${i.message}` : i.message);
    }
    setErrors(found);
    setGeneral(rest);
    if (Object.keys(found).length || rest.length) {
      const first = SETTINGS_FIELDS.find((f) => found[f.id]);
      if (first) document.getElementById(`set-${first.id}`)?.focus();
      return;
    }
    setSettings(false);
    void start(next);
  };
  return (
    <Modal title={t('settings.title')} onClose={() => setSettings(false)} testId="settings">
      <form className="settings" onSubmit={(e) => void submit(e)} noValidate>
        <p className="muted">{t('settings.intro')}</p>
        {SECTIONS.map((section) => (
          <fieldset key={section} className="settings-section">
            <legend>{t(`settings.section.${section}`)}</legend>
            <div className="settings-grid">
              {SETTINGS_FIELDS.filter((f) => f.section === section).map((f) => {
                const id = `set-${f.id}`;
                const error = errors[f.id];
                const hint = f.kind === 'bool' || f.kind === 'choice' ? null : f.optional ? t('settings.derived') : `${f.min}–${f.max}`;
                const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
                const testId = `set-${f.id.replace(/^zk\./, '')}`;
                if (f.kind === 'bool')
                  return (
                    <label key={f.id} className="settings-check">
                      <input
                        id={id}
                        type="checkbox"
                        checked={draft[f.id] === 'true'}
                        onChange={(e) => setDraft({ ...draft, [f.id]: String(e.target.checked) })}
                        data-testid={testId}
                      />
                      <span>{label(f)}</span>
                    </label>
                  );
                return (
                  <label key={f.id} htmlFor={id}>
                    <span>{label(f)}</span>
                    {f.kind === 'choice' ? (
                      <select id={id} value={draft[f.id] ?? ''} onChange={(e) => setDraft({ ...draft, [f.id]: e.target.value })} data-testid={testId}>
                        {f.choices?.map((c) => (
                          <option key={String(c)} value={String(c)}>
                            {f.id.endsWith('.acks') && c === -1 ? 'all (-1)' : String(c)}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <input
                        id={id}
                        type="text"
                        inputMode={f.kind === 'int' ? 'numeric' : 'decimal'}
                        value={draft[f.id] ?? ''}
                        placeholder={f.optional ? tt(`settings.placeholder.${f.id}`) : undefined}
                        aria-invalid={error ? true : undefined}
                        aria-describedby={describedBy}
                        onChange={(e) => setDraft({ ...draft, [f.id]: e.target.value })}
                        data-testid={testId}
                      />
                    )}
                    {hint && (
                      <small className="muted" id={`${id}-hint`}>
                        {hint}
                      </small>
                    )}
                    {error && (
                      <small className="settings-error" id={`${id}-error`} role="alert" data-testid={`${testId}-error`}>
                        {error}
                      </small>
                    )}
                  </label>
                );
              })}
            </div>
          </fieldset>
        ))}
        {general.length > 0 && (
          <ul className="settings-error" role="alert" data-testid="settings-errors">
            {general.map((g) => (
              <li key={g}>{g}</li>
            ))}
          </ul>
        )}
        <div className="settings-actions">
          <button type="submit" className="btn btn-primary" data-testid="settings-apply">
            {t('settings.apply')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

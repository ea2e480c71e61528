/** Modal dialogs: keyboard shortcuts (`?`) and run settings (seed, ensemble, timing, clients, brokers). */
import { useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLab } from './store';
import type { SimConfigInput } from '../worker/api';

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

interface NumField {
  key: string;
  min: number;
  max: number;
  get(c: SimConfigInput): number;
  set(c: SimConfigInput, v: number): SimConfigInput;
}

const zk = (c: SimConfigInput) => c.zk ?? { servers: 3 };
const FIELDS: NumField[] = [
  { key: 'seed', min: 0, max: 0xffffffff, get: (c) => c.seed, set: (c, v) => ({ ...c, seed: v }) },
  { key: 'servers', min: 0, max: 9, get: (c) => zk(c).servers, set: (c, v) => ({ ...c, zk: { ...zk(c), servers: v } }) },
  { key: 'observers', min: 0, max: 8, get: (c) => zk(c).observers ?? 0, set: (c, v) => ({ ...c, zk: { ...zk(c), observers: v } }) },
  { key: 'tickTime', min: 100, max: 60000, get: (c) => zk(c).tickTime ?? 2000, set: (c, v) => ({ ...c, zk: { ...zk(c), tickTime: v } }) },
  { key: 'initLimit', min: 1, max: 100, get: (c) => zk(c).initLimit ?? 10, set: (c, v) => ({ ...c, zk: { ...zk(c), initLimit: v } }) },
  { key: 'syncLimit', min: 1, max: 100, get: (c) => zk(c).syncLimit ?? 5, set: (c, v) => ({ ...c, zk: { ...zk(c), syncLimit: v } }) },
  { key: 'clients', min: 0, max: 20, get: (c) => zk(c).clients ?? 1, set: (c, v) => ({ ...c, zk: { ...zk(c), clients: v } }) },
  { key: 'brokers', min: 0, max: 12, get: (c) => c.brokers ?? 0, set: (c, v) => ({ ...c, brokers: v }) },
];

export function SettingsDialog() {
  const { t } = useTranslation();
  const open = useLab((s) => s.settingsOpen);
  const setSettings = useLab((s) => s.setSettings);
  const config = useLab((s) => s.config);
  const start = useLab((s) => s.start);
  const [draft, setDraft] = useState<Record<string, string>>({});
  useEffect(() => {
    if (open) setDraft(Object.fromEntries(FIELDS.map((f) => [f.key, String(f.get(config))])));
  }, [open, config]);
  if (!open) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    let c: SimConfigInput = { ...config, zk: { ...zk(config) } };
    for (const f of FIELDS) {
      const raw = (draft[f.key] ?? '').trim();
      const n = Number(raw);
      if (/^\d+$/.test(raw) && n >= f.min && n <= f.max) c = f.set(c, n);
    }
    setSettings(false);
    void start(c);
  };
  return (
    <Modal title={t('settings.title')} onClose={() => setSettings(false)} testId="settings">
      <form className="settings" onSubmit={submit}>
        <p className="muted">{t('settings.intro')}</p>
        <div className="settings-grid">
          {FIELDS.map((f) => (
            <label key={f.key}>
              <span>{t(`settings.${f.key}` as 'settings.seed')}</span>
              <input
                type="number"
                min={f.min}
                max={f.max}
                value={draft[f.key] ?? ''}
                onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
                data-testid={`set-${f.key}`}
              />
              <small className="muted">
                {f.min}–{f.max}
              </small>
            </label>
          ))}
        </div>
        <p className="muted">{t('settings.kafkaLater')}</p>
        <div className="settings-actions">
          <button type="submit" className="btn btn-primary" data-testid="settings-apply">
            {t('settings.apply')}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** The menu of one link between two servers: cut it one way (or both), set its loss and delay. */
import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLab } from './store';
import type { Point } from './layout';

const W = 320;

export function LinkMenu({ a, b, at, bounds, onClose }: { a: string; b: string; at: Point; bounds: { width: number; height: number }; onClose(): void }) {
  const { t } = useTranslation();
  const act = useLab((s) => s.act);
  const ref = useRef<HTMLDivElement>(null);
  const [loss, setLoss] = useState(0);
  const [delay, setDelay] = useState(0);
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('button')?.focus();
    const onDown = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [onClose]);
  const cut = async (from: string, to: string) => {
    await act({ type: 'cut', from, to }, `cut ${from} ${to}`);
  };
  const apply = async () => {
    for (const [f, to] of [
      [a, b],
      [b, a],
    ] as const) {
      await act({ type: 'loss', percent: loss, from: f, to }, `loss ${loss} ${f} ${to}`);
      await act({ type: 'delay', ms: delay, from: f, to }, `delay ${delay}ms ${f} ${to}`);
    }
    onClose();
  };
  const onKey = (e: KeyboardEvent) => {
    e.stopPropagation();
    if (e.key === 'Escape') onClose();
  };
  const left = Math.min(Math.max(8, at.x - W / 2), bounds.width - W - 8);
  const top = Math.min(Math.max(8, at.y + 12), Math.max(8, bounds.height - 300));
  return (
    <div ref={ref} className="link-menu" role="dialog" aria-label={t('link.title', { a, b })} style={{ left, top, width: W }} onKeyDown={onKey} data-testid="link-menu">
      <div className="node-menu-title">{t('link.title', { a, b })}</div>
      <button type="button" className="btn btn-small" onClick={() => void cut(a, b).then(onClose)} data-testid="cut-ab">
        {t('link.cut', { from: a, to: b })}
      </button>
      <button type="button" className="btn btn-small" onClick={() => void cut(b, a).then(onClose)} data-testid="cut-ba">
        {t('link.cut', { from: b, to: a })}
      </button>
      <button type="button" className="btn btn-small" onClick={() => void cut(a, b).then(() => cut(b, a)).then(onClose)}>
        {t('link.cutBoth')}
      </button>
      <label className="slider">
        <span>{t('link.loss', { value: loss })}</span>
        <input type="range" min={0} max={100} step={5} value={loss} onChange={(e) => setLoss(Number(e.target.value))} />
      </label>
      <label className="slider">
        <span>{t('link.delay', { value: delay })}</span>
        <input type="range" min={0} max={2000} step={10} value={delay} onChange={(e) => setDelay(Number(e.target.value))} />
      </label>
      <div className="link-actions">
        <button type="button" className="btn btn-primary btn-small" onClick={() => void apply()}>
          {t('link.apply')}
        </button>
        <button type="button" className="btn btn-small" onClick={onClose}>
          {t('menu.close')}
        </button>
      </div>
    </div>
  );
}

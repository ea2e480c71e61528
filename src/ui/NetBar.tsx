import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useLab } from './store';

/** Network totals and settings, with a Heal button when anything is broken. */
export function NetBar() {
  const { t } = useTranslation();
  const s = useLab(
    useShallow((st) => {
      const v = st.panels;
      if (!v) return null;
      const dropped = v.totals.dropped.partition + v.totals.dropped.loss + v.totals.dropped.down;
      return {
        sent: v.totals.sent,
        delivered: v.totals.delivered,
        dropped,
        inFlight: v.messages.length,
        blocked: v.blocked.length,
        lossPct: v.link.lossPct,
        delayMs: v.link.delayMs,
        dupPct: v.link.dupPct,
        reorder: !v.link.fifo,
      };
    }),
  );
  const act = useLab((st) => st.act);
  if (!s) return null;
  const broken = s.blocked > 0 || s.lossPct > 0 || s.delayMs > 0 || s.dupPct > 0 || s.reorder;
  return (
    <div className="netbar legend-row" data-testid="netbar">
      <span className="legend-title">{t('legend.network')}</span>
      <dl className="totals">
        <div>
          <dt>{t('net.sent')}</dt>
          <dd>{s.sent}</dd>
        </div>
        <div>
          <dt>{t('net.delivered')}</dt>
          <dd>{s.delivered}</dd>
        </div>
        <div>
          <dt>{t('net.dropped')}</dt>
          <dd>{s.dropped}</dd>
        </div>
        <div>
          <dt>{t('net.inFlight')}</dt>
          <dd>{s.inFlight}</dd>
        </div>
      </dl>
      <NetSliders lossPct={s.lossPct} delayMs={s.delayMs} />
      <button type="button" className="btn btn-small" title={t('net.healHint')} onClick={() => void act({ type: 'heal' }, 'heal')} data-testid="heal">
        {t('net.healAll')}
      </button>
      {broken && (
        <div className="net-faults">
          {s.blocked > 0 && <span className="fault-chip">{t('net.blocked', { count: s.blocked })}</span>}
          {s.lossPct > 0 && <span className="fault-chip">{t('net.loss', { value: s.lossPct })}</span>}
          {s.delayMs > 0 && <span className="fault-chip">{t('net.delay', { value: s.delayMs })}</span>}
          {s.dupPct > 0 && <span className="fault-chip">{t('net.dup', { value: s.dupPct })}</span>}
          {s.reorder && <span className="fault-chip">{t('net.reorder')}</span>}
        </div>
      )}
    </div>
  );
}

/** Network-wide loss and delay: the value applies when the slider is released (one action, not one per pixel). */
function NetSliders({ lossPct, delayMs }: { lossPct: number; delayMs: number }) {
  const { t } = useTranslation();
  const act = useLab((st) => st.act);
  const [loss, setLoss] = useState(lossPct);
  const [delay, setDelay] = useState(delayMs);
  useEffect(() => setLoss(lossPct), [lossPct]);
  useEffect(() => setDelay(delayMs), [delayMs]);
  const commitLoss = () => {
    if (loss !== lossPct) void act({ type: 'loss', percent: loss }, `loss ${loss}`);
  };
  const commitDelay = () => {
    if (delay !== delayMs) void act({ type: 'delay', ms: delay }, `delay ${delay}ms`);
  };
  return (
    <div className="net-sliders">
      <label className="slider">
        <span>{t('net.lossSlider', { value: loss })}</span>
        <input
          type="range"
          min={0}
          max={100}
          step={5}
          value={loss}
          onChange={(e) => setLoss(Number(e.target.value))}
          onPointerUp={commitLoss}
          onKeyUp={commitLoss}
          onBlur={commitLoss}
          data-testid="loss-slider"
        />
      </label>
      <label className="slider">
        <span>{t('net.delaySlider', { value: delay })}</span>
        <input
          type="range"
          min={0}
          max={1000}
          step={10}
          value={delay}
          onChange={(e) => setDelay(Number(e.target.value))}
          onPointerUp={commitDelay}
          onKeyUp={commitDelay}
          onBlur={commitDelay}
          data-testid="delay-slider"
        />
      </label>
    </div>
  );
}

import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useLab } from './store';

/** Network totals and settings, with a Heal button when anything is broken. */
export function NetBar() {
  const { t } = useTranslation();
  const s = useLab(
    useShallow((st) => {
      const v = st.view;
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
      {broken && (
        <div className="net-faults">
          {s.blocked > 0 && <span className="fault-chip">{t('net.blocked', { count: s.blocked })}</span>}
          {s.lossPct > 0 && <span className="fault-chip">{t('net.loss', { value: s.lossPct })}</span>}
          {s.delayMs > 0 && <span className="fault-chip">{t('net.delay', { value: s.delayMs })}</span>}
          {s.dupPct > 0 && <span className="fault-chip">{t('net.dup', { value: s.dupPct })}</span>}
          {s.reorder && <span className="fault-chip">{t('net.reorder')}</span>}
          <button type="button" className="btn btn-small" title={t('net.healHint')} onClick={() => void act({ type: 'heal' }, 'heal')}>
            {t('net.heal')}
          </button>
        </div>
      )}
    </div>
  );
}

/**
 * Kafka partitions × brokers: per partition its leader, leader epoch, ISR, preferred leader and flags
 * (offline, under-replicated), and per broker its replica: leader (L) or follower (F), in the ISR or out of
 * sync, LEO and high-watermark bars, segment count. Fetched from the worker on demand (not every frame), and after the first time only the rows that changed.
 */
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { KafkaView, NumberedKafkaView, PartitionRowView, ReplicaCellView } from '../worker/api';
import { applyKafkaDelta, isKafkaDelta } from '../worker/frameDelta';
import { useLab } from './store';
import { KafkaGroups } from './KafkaGroups';
import { KafkaFiles } from './KafkaFiles';

type Mode = 'partitions' | 'groups' | 'files';
const MODES: Mode[] = ['partitions', 'groups', 'files'];

type T = TFunction;

/**
 * The cell texts of one language, translated once: a busy grid has over a thousand cells, and i18next's
 * interpolation per cell was the grid's main cost. Numbers go into the translated templates by replacement.
 */
interface CellText {
  offline: string;
  isr: string;
  outOfSync: string;
  leoHw(leo: number, hw: number): string;
  segments(count: number): string;
}

function cellText(t: T): CellText {
  const leoHw = t('kafka.leoHw', { leo: '\u0001', hw: '\u0002' });
  const one = t('kafka.segments', { count: 1 }).replace('1', '\u0001');
  const other = t('kafka.segments', { count: 2 }).replace('2', '\u0001');
  return {
    offline: t('kafka.offline'),
    isr: t('kafka.isr'),
    outOfSync: t('kafka.outOfSync'),
    leoHw: (leo, hw) => leoHw.replace('\u0001', String(leo)).replace('\u0002', String(hw)),
    segments: (count) => (count === 1 ? one : other).replace('\u0001', String(count)),
  };
}

/** One replica's cell: a plain function of its data (no hooks: a busy grid has over a thousand of them). */
function cell(c: ReplicaCellView | undefined, maxLeo: number, broker: number, x: CellText) {
  if (!c)
    return (
      <div key={broker} role="cell" className="kcell kcell-none">
        –
      </div>
    );
  if (!c.present)
    return (
      <div key={broker} role="cell" className="kcell kcell-offline" data-testid="kcell" data-state="offline">
        ✕ {x.offline}
      </div>
    );
  const leoPct = maxLeo > 0 ? (100 * c.leo) / maxLeo : 0;
  const hwPct = maxLeo > 0 ? (100 * c.hw) / maxLeo : 0;
  return (
    <div key={broker} role="cell" className={`kcell ${c.leader ? 'kcell-leader' : ''} ${c.inIsr ? '' : 'kcell-oos'}`} data-testid="kcell" data-state={c.leader ? 'leader' : c.inIsr ? 'isr' : 'out-of-sync'}>
      <strong>{c.leader ? 'L' : 'F'}</strong> {c.inIsr ? `✓ ${x.isr}` : `⚠ ${x.outOfSync}`}
      {/* plain boxes, not an <svg>: an SVG root per cell made a paint chunk each, and the compositor's per-frame
          layerize walked a thousand of them */}
      <div className="kbar" aria-hidden="true">
        <div className="kbar-leo" style={{ width: `${leoPct}%` }} />
        <div className="kbar-hw" style={{ width: `${hwPct}%` }} />
      </div>
      <span className="mono small">
        {x.leoHw(c.leo, c.hw)} · {x.segments(c.segments)}
      </span>
    </div>
  );
}

/**
 * One partition's row: its own grid box (ARIA table roles), so a changed row is laid out and painted alone and
 * rows scrolled out of sight are skipped (`content-visibility`); a <table> re-laid out every row. Memoized: the worker sends only the rows that changed (`kafkaUpdate`), the others keep
 * their objects, so only the partitions that moved re-render.
 */
const PartitionRow = memo(function PartitionRow({ p, brokers, highlighted, t, x }: { p: PartitionRowView; brokers: KafkaView['brokers']; highlighted: boolean; t: T; x: CellText }) {
  const maxLeo = Math.max(1, ...p.cells.map((c) => c.leo));
  const byBroker = new Map(p.cells.map((c) => [c.broker, c]));
  return (
    <div role="row" className={highlighted ? 'krow kpart-highlight' : 'krow'} data-testid={`kpart-${p.topic}-${p.partition}`} data-leader={p.leader} data-isr={p.isr.join(',')}>
      <div role="rowheader" className="mono">
        {p.topic}-{p.partition}
      </div>
      <div role="cell" className="mono">
        {p.leader < 0 ? t('kafka.noLeader') : `broker${p.leader}`}
      </div>
      <div role="cell" className="mono">
        {p.leaderEpoch}
      </div>
      <div role="cell" className="mono">
        {p.isr.join(', ') || '–'}
      </div>
      <div role="cell" className="mono">
        {p.preferred}
        {p.preferred === p.leader ? ' ✓' : ` (${t('kafka.notPreferred')})`}
      </div>
      <div role="cell" className="kpart-state">
        {p.offline && <span className="kflag kflag-bad">{t('kafka.offlineFlag')}</span>}
        {p.underReplicated && <span className="kflag kflag-warn">{t('kafka.under')}</span>}
        {!p.offline && !p.underReplicated && <span className="muted">{t('kafka.ok')}</span>}
      </div>
      {brokers.map((b) => cell(byBroker.get(b.id), maxLeo, b.id, x))}
    </div>
  );
});

export function KafkaGrid() {
  const { t } = useTranslation();
  const api = useLab((s) => s.api);
  const now = useLab((s) => s.panels?.now ?? 0);
  const highlight = useLab((s) => s.highlight);
  const hlParts = new Set((highlight ?? []).flatMap((h) => h.partitions ?? []));
  const [view, setView] = useState<NumberedKafkaView | null | undefined>(undefined);
  const x = useMemo(() => cellText(t), [t]);
  const [mode, setMode] = useState<Mode>('partitions');
  const highlightGroups = (highlight ?? []).some((h) => h.view === 'groups');
  const highlightLog = (highlight ?? []).some((h) => h.view === 'log');
  useEffect(() => {
    if (highlightGroups) setMode('groups');
    else if (highlightLog) setMode('files');
  }, [highlightGroups, highlightLog]);
  const busy = useRef(false);
  // the grid on show, numbered by the worker: the next fetch brings only the rows that changed since
  const shown = useRef<NumberedKafkaView | null | undefined>(undefined);
  useEffect(() => {
    if (!api || busy.current) return;
    busy.current = true;
    api
      .kafkaUpdate(shown.current?.version)
      .then((u) => {
        busy.current = false;
        const prev = shown.current;
        if (isKafkaDelta(u) && (!prev || prev.version !== u.base)) {
          // not against the grid on show (cannot happen with one grid at a time): the next fetch gets it whole
          shown.current = undefined;
          return;
        }
        shown.current = isKafkaDelta(u) ? applyKafkaDelta(prev as NumberedKafkaView, u) : u;
        setView(shown.current);
      })
      .catch(() => {
        busy.current = false;
      });
  }, [api, now]);
  if (view === undefined) return <p className="empty">{t('tree.loading')}</p>;
  if (view === null) return <p className="empty">{t('kafka.none')}</p>;
  const modes = (
    <div className="seg seg-small" role="group" aria-label={t('kview.modes.label')}>
      {MODES.map((m) => (
        <button key={m} type="button" aria-pressed={mode === m} className={mode === m ? 'active' : undefined} onClick={() => setMode(m)} data-testid={`kmode-${m}`}>
          {t(`kview.modes.${m}`)}
        </button>
      ))}
    </div>
  );
  if (mode === 'groups')
    return (
      <div className="kafka">
        {modes}
        <KafkaGroups />
      </div>
    );
  if (mode === 'files')
    return (
      <div className="kafka">
        {modes}
        <KafkaFiles view={view} />
      </div>
    );
  return (
    <div className="kafka" data-testid="kafka-grid">
      {modes}
      <p className="muted">
        {t('kafka.legend')}
        {view.hiddenInternal ? ` ${t('kafka.hidden', { count: view.hiddenInternal })}` : ''}
      </p>
      {view.partitions.length === 0 ? (
        <p className="muted">{t('kafka.noTopics')}</p>
      ) : (
        <div role="table" className="ktable" aria-label={t('kafka.gridLabel')} style={{ ['--kbrokers' as string]: view.brokers.length }}>
          <div role="rowgroup">
            <div role="row" className="krow khead">
              <div role="columnheader">{t('kafka.partition')}</div>
              <div role="columnheader">{t('kafka.leader')}</div>
              <div role="columnheader">{t('kafka.epoch')}</div>
              <div role="columnheader">{t('kafka.isrCol')}</div>
              <div role="columnheader">{t('kafka.preferred')}</div>
              <div role="columnheader">{t('kafka.flags')}</div>
              {view.brokers.map((b) => (
                <div role="columnheader" key={b.id}>
                  {b.node}
                  {b.status !== 'up' ? ` (${t(`status.${b.status}` as 'status.up')})` : ''}
                </div>
              ))}
            </div>
          </div>
          <div role="rowgroup">
            {view.partitions.map((p) => (
              <PartitionRow key={`${p.topic}-${p.partition}`} p={p} brokers={view.brokers} highlighted={hlParts.has(`${p.topic}-${p.partition}`)} t={t} x={x} />
            ))}
          </div>
        </div>
      )}
    </div>
  );
}

/** The panel under the topology: election & quorum, znode tree, space-time diagram, Kafka partitions (tabs; keys 1–4). */
import { useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLab } from './store';
import type { DockTab } from './store';
import { QuorumPanel } from './QuorumPanel';
import { ZnodeTree } from './ZnodeTree';
import { SpaceTime } from './SpaceTime';
import { KafkaGrid } from './KafkaGrid';

export const TABS: DockTab[] = ['quorum', 'tree', 'spacetime', 'kafka'];

export function Dock() {
  const { t } = useTranslation();
  const tab = useLab((s) => s.dock);
  const setDock = useLab((s) => s.setDock);
  const [big, setBig] = useState(false);
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    e.stopPropagation();
    const i = TABS.indexOf(tab);
    const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length] as DockTab;
    setDock(next);
    document.getElementById(`dock-tab-${next}`)?.focus();
  };
  return (
    <section className={`dock${big ? ' dock--big' : ''}`} aria-label={t('dock.label')}>
      <div className="dock-head">
        <div className="dock-tabs" role="tablist" aria-label={t('dock.label')} onKeyDown={onKey}>
          {TABS.map((k, i) => (
            <button
              key={k}
              id={`dock-tab-${k}`}
              type="button"
              role="tab"
              aria-selected={tab === k}
              aria-controls="dock-panel"
              tabIndex={tab === k ? 0 : -1}
              className={tab === k ? 'active' : undefined}
              onClick={() => setDock(k)}
              data-testid={`tab-${k}`}
              aria-keyshortcuts={String(i + 1)}
            >
              {t(`dock.${k}`)}
            </button>
          ))}
        </div>
        <button type="button" className="dock-size" aria-pressed={big} onClick={() => setBig(!big)} data-testid="dock-size">
          {big ? t('dock.smaller') : t('dock.larger')}
        </button>
      </div>
      <div className="dock-panel" id="dock-panel" role="tabpanel" aria-labelledby={`dock-tab-${tab}`} tabIndex={0}>
        {tab === 'quorum' && <QuorumPanel />}
        {tab === 'tree' && <ZnodeTree />}
        {tab === 'spacetime' && <SpaceTime />}
        {tab === 'kafka' && <KafkaGrid />}
      </div>
    </section>
  );
}

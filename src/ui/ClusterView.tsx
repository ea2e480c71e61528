import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { NodeView } from '../worker/api';
import { useLab } from './store';
import { computeLayout, groupKey, lanePath, lanePoint, meshPairs } from './layout';
import type { Layout } from './layout';
import { NodeGlyph } from './NodeGlyph';
import { Messages } from './Messages';
import { NodeMenu } from './NodeMenu';
import { Legend } from './Legend';
import { NetBar } from './NetBar';

function useSize<T extends HTMLElement>(): [RefObject<T | null>, { width: number; height: number }] {
  const ref = useRef<T>(null);
  const [size, setSize] = useState({ width: 800, height: 600 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(([e]) => {
      if (!e) return;
      const { width, height } = e.contentRect;
      setSize((s) => (Math.abs(s.width - width) < 1 && Math.abs(s.height - height) < 1 ? s : { width, height }));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, size];
}

function Mesh({ nodes, layout }: { nodes: readonly NodeView[]; layout: Layout }) {
  const pairs = useMemo(() => meshPairs(nodes), [nodes]);
  return (
    <g className="mesh" aria-hidden="true" strokeOpacity={pairs.length > 15 ? 0.55 : 1}>
      {pairs.map(([a, b]) => {
        const pa = layout.positions.get(a);
        const pb = layout.positions.get(b);
        if (!pa || !pb) return null;
        return <line key={`${a}-${b}`} x1={pa.x} y1={pa.y} x2={pb.x} y2={pb.y} />;
      })}
    </g>
  );
}

/** Blocked directed links: a red dashed lane (the one messages from → to would take) with a ✕ on it. */
function Blocked({ layout }: { layout: Layout }) {
  const { t } = useTranslation();
  const blocked = useLab((s) => s.view?.blocked);
  if (!blocked?.length) return null;
  return (
    <g className="blocked" data-testid="blocked-links" data-count={blocked.length}>
      {blocked.map(([from, to]) => {
        const a = layout.positions.get(from);
        const b = layout.positions.get(to);
        if (!a || !b) return null;
        const mid = lanePoint(a, b, 0.5);
        return (
          <g key={`${from}>${to}`}>
            <title>{`${from} → ${to}: ${t('legend.blocked')}`}</title>
            <path d={lanePath(a, b)} className="blocked-lane" />
            <g transform={`translate(${mid.x},${mid.y}) rotate(45)`} className="blocked-mark">
              <rect x={-2.5} y={-10} width={5} height={20} />
              <rect x={-10} y={-2.5} width={20} height={5} />
            </g>
          </g>
        );
      })}
    </g>
  );
}

function GroupCaptions({ layout }: { layout: Layout }) {
  const { t } = useTranslation();
  return (
    <g className="group-captions">
      {layout.groups.map((g) => (
        <text key={g.key} x={g.x} y={g.y} dy="0.35em">
          {groupTitle(g.key, t)} ({g.count})
        </text>
      ))}
    </g>
  );
}

function groupTitle(key: string, t: TFunction): string {
  if (key === 'zk') return t('view.groupZk');
  if (key === 'broker') return t('view.groupBroker');
  if (key === 'client') return t('view.clients');
  return key;
}

export function ClusterView() {
  const { t } = useTranslation();
  const nodes = useLab((s) => s.view?.nodes);
  const menuNode = useLab((s) => s.menuNode);
  const openMenu = useLab((s) => s.openMenu);
  const [ref, size] = useSize<HTMLDivElement>();

  // `nodes` keeps its identity until a node changes (structural sharing in the store)
  const layout = useMemo(() => computeLayout(nodes ?? [], size.width, size.height), [nodes, size.width, size.height]);

  const onOpen = useCallback(
    (id: string) => openMenu(useLab.getState().menuNode === id ? null : id),
    [openMenu],
  );

  const keys = new Set(nodes?.map((n) => groupKey(n.id)));
  const title = keys.size === 1 && keys.has('zk') ? t('view.ensemble') : t('view.label');

  const menuTarget = menuNode ? nodes?.find((n) => n.id === menuNode) : undefined;
  const menuAt = menuTarget ? layout.positions.get(menuTarget.id) : undefined;

  return (
    <section className="cluster" aria-labelledby="cluster-title">
      <div className="cluster-head">
        <h2 id="cluster-title">{title}</h2>
        <p className="hint">{t('view.hint')}</p>
      </div>
      <div className="canvas" ref={ref}>
        {nodes && nodes.length === 0 && <p className="empty">{t('view.empty')}</p>}
        {nodes && (
          <svg width={size.width} height={size.height} className="cluster-svg" data-testid="cluster-svg">
            <GroupCaptions layout={layout} />
            <Mesh nodes={nodes} layout={layout} />
            <Blocked layout={layout} />
            <Messages layout={layout} />
            <g className="nodes">
              {nodes.map((n) => {
                const at = layout.positions.get(n.id);
                return at ? <NodeGlyph key={n.id} node={n} at={at} expanded={menuNode === n.id} onOpen={onOpen} /> : null;
              })}
            </g>
          </svg>
        )}
        {menuTarget && menuAt && <NodeMenu node={menuTarget} at={menuAt} bounds={size} />}
      </div>
      <div className="cluster-foot">
        <Legend />
        <NetBar />
      </div>
    </section>
  );
}

import { memo, useCallback, useMemo, useRef, useState } from 'react';
import type { PointerEvent as ReactPointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { polygonContains } from 'd3';
import type { NodeView } from '../worker/api';
import { useLab } from './store';
import { NODE_RADIUS, computeLayout, groupKey, lanePath, lanePoint, meshPairs, messagePoint, separateIslands } from './layout';
import type { IslandBox, Layout, Point } from './layout';
import { NodeGlyph, textWidth } from './NodeGlyph';
import { CANVAS_FROM, MessageCanvas, Messages } from './Messages';
import { NodeMenu } from './NodeMenu';
import { LinkMenu } from './LinkMenu';
import { Legend } from './Legend';
import { NetBar } from './NetBar';
import { useSize } from './useSize';

/** The full mesh between servers; each link is clickable (cut it one way, set its loss / delay). */
/** The links between servers of a group (memoized: it changes with the layout and the link faults only). */
const Mesh = memo(function Mesh({ nodes, layout, onLink }: { nodes: readonly NodeView[]; layout: Layout; onLink(a: string, b: string, at: Point): void }) {
  const { t } = useTranslation();
  const pairs = useMemo(() => meshPairs(nodes), [nodes]);
  const links = useLab((s) => s.panels?.links);
  return (
    <g className="mesh" strokeOpacity={pairs.length > 15 ? 0.55 : 1}>
      {pairs.map(([a, b]) => {
        const pa = layout.positions.get(a);
        const pb = layout.positions.get(b);
        if (!pa || !pb) return null;
        const mid = { x: (pa.x + pb.x) / 2, y: (pa.y + pb.y) / 2 };
        const faults = links?.filter((l) => (l.from === a && l.to === b) || (l.from === b && l.to === a)) ?? [];
        return (
          <g key={`${a}-${b}`} className={faults.length ? 'link link--faulty' : 'link'} data-testid={`link-${a}-${b}`} onClick={() => onLink(a, b, mid)}>
            <title>{t('link.hint', { a, b })}</title>
            <line x1={pa.x} y1={pa.y} x2={pb.x} y2={pb.y} className="link-hit" />
            <line x1={pa.x} y1={pa.y} x2={pb.x} y2={pb.y} />
          </g>
        );
      })}
    </g>
  );
});

/**
 * The loss / delay of links that have their own, written beside the link's middle, above the nodes (the mesh is
 * drawn under them, so a label there was hidden by the nodes it runs into); one line per direction.
 */
function LinkFaultLabels({ layout }: { layout: Layout }) {
  const { t } = useTranslation();
  const links = useLab((s) => s.panels?.links);
  if (!links?.length) return null;
  const byPair = new Map<string, typeof links>();
  for (const l of links) {
    const key = [l.from, l.to].sort().join('|');
    byPair.set(key, [...(byPair.get(key) ?? []), l]);
  }
  return (
    <g className="link-faults" aria-hidden="true">
      {[...byPair].map(([key, list]) => {
        const [a, b] = key.split('|') as [string, string];
        const pa = layout.positions.get(a);
        const pb = layout.positions.get(b);
        if (!pa || !pb) return null;
        const mid = { x: (pa.x + pb.x) / 2, y: (pa.y + pb.y) / 2 };
        return (
          <text key={key} x={mid.x} y={mid.y - 6 - (list.length - 1) * 8} textAnchor="middle" className="link-fault" data-testid={`link-fault-${key}`}>
            {list.map((l, i) => (
              <tspan key={`${l.from}>${l.to}`} x={mid.x} dy={i ? 16 : 0}>
                {`${l.from}→${l.to}${l.lossPct ? ` ${t('net.loss', { value: l.lossPct })}` : ''}${l.delayMs ? ` +${l.delayMs} ms` : ''}`}
              </tspan>
            ))}
          </text>
        );
      })}
    </g>
  );
}

/** What the current lesson step or scenario points at: rings around nodes, glowing links. */
function Highlights({ layout }: { layout: Layout }) {
  const highlight = useLab((s) => s.highlight);
  if (!highlight) return null;
  const nodes = new Set<string>();
  const links: Array<[string, string]> = [];
  for (const h of highlight) {
    if (h.view !== 'cluster' && h.view !== 'messages') continue;
    for (const n of h.nodes ?? []) nodes.add(n);
    for (const l of h.links ?? []) links.push(l);
  }
  return (
    <g className="highlights" aria-hidden="true" data-testid="highlights">
      {links.map(([a, b]) => {
        const pa = layout.positions.get(a);
        const pb = layout.positions.get(b);
        return pa && pb ? <line key={`${a}>${b}`} x1={pa.x} y1={pa.y} x2={pb.x} y2={pb.y} className="hl-link" /> : null;
      })}
      {[...nodes].map((id) => {
        const p = layout.positions.get(id);
        return p ? <circle key={id} cx={p.x} cy={p.y} r={(NODE_RADIUS + 14) * p.scale} className="hl-ring" data-testid={`hl-${id}`} /> : null;
      })}
    </g>
  );
}

/**
 * Blocked links: a link cut both ways is one red dashed line with a ✕; a one-way cut is the red dashed lane
 * messages from → to would take (bent to the right of its direction), with its ✕.
 */
function Blocked({ layout }: { layout: Layout }) {
  const { t } = useTranslation();
  const blocked = useLab((s) => s.panels?.blocked);
  const islands = useLab((s) => s.panels?.islands);
  if (!blocked?.length) return null;
  const set = new Set(blocked.map(([a, b]) => `${a}>${b}`));
  // a link cut both ways between two separated islands is already shown by the gap between them
  const islandOf = new Map<string, number>();
  if ((islands?.length ?? 0) > 1) islands?.forEach((members, i) => members.forEach((m) => islandOf.set(m, i)));
  const apart = (a: string, b: string) => islandOf.has(a) && islandOf.has(b) && islandOf.get(a) !== islandOf.get(b);
  const drawn = new Set<string>();
  return (
    <g className="blocked" data-testid="blocked-links" data-count={blocked.length}>
      {blocked.map(([from, to]) => {
        const a = layout.positions.get(from);
        const b = layout.positions.get(to);
        if (!a || !b) return null;
        const both = set.has(`${to}>${from}`);
        if (both && apart(from, to)) return null;
        if (both) {
          const key = from < to ? `${from}|${to}` : `${to}|${from}`;
          if (drawn.has(key)) return null;
          drawn.add(key);
        }
        const mid = both ? { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 } : lanePoint(a, b, 0.5);
        return (
          <g key={`${from}>${to}`} data-both={both}>
            <title>{both ? `${from} ↔ ${to}: ${t('legend.blocked')}` : `${from} → ${to}: ${t('legend.blocked')}`}</title>
            {both ? <line x1={a.x} y1={a.y} x2={b.x} y2={b.y} className="blocked-lane" /> : <path d={lanePath(a, b)} className="blocked-lane" />}
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

/** Boxes around the sides of a partition, each labelled with what that side can do. */
function Islands({ boxes, width, height }: { boxes: IslandBox[]; width: number; height: number }) {
  // keep each label inside the canvas (an island at the edge would clip it)
  const labelHalf = 80;
  const { t } = useTranslation();
  const zkIslands = useLab((s) => s.panels?.zk?.quorum.islands);
  if (!boxes.length) return null;
  // each box's side of the ZooKeeper quorum math (undefined for a side without ensemble servers)
  const sides = boxes.map((b) => zkIslands?.find((z) => z.members.some((m) => b.members.includes(m))));
  return (
    <g className="islands-layer" data-testid="islands" data-count={boxes.length}>
      {/* every box first, then every label: a box drawn later would hide the label of one it overlaps */}
      {boxes.map((b, i) => (
        <rect key={b.members.join(',')} x={b.x} y={b.y} width={b.w} height={b.h} rx={24} className={`island-box ${sides[i] && !sides[i].canElect ? 'island-box--minority' : ''}`} />
      ))}
      {boxes.map((b, i) => {
        const zi = sides[i];
        const can = zi ? (zi.canElect ? t('island.quorum') : t('island.noQuorum')) : '';
        return (
          <g key={b.members.join(',')}>
            <text
              x={Math.min(Math.max(b.x + b.w / 2, labelHalf), width - labelHalf)}
              y={b.y + b.h + 18 < height ? b.y + b.h + 16 : b.y > 20 ? b.y - 6 : b.y + 16}
              textAnchor="middle"
              className="island-label"
            >
              {t('quorum.side', { n: String.fromCharCode(65 + i) })}
              {can ? ` · ${can}` : ''}
            </text>
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
      {layout.groups.map((g) => {
        const text = `${groupTitle(g.key, t)} (${g.count})`;
        // a narrow group's caption is moved in from the edge rather than cut off
        const half = textWidth(text, 16) / 2 + 4;
        const x = Math.max(half, Math.min(layout.width - half, g.x));
        return (
          <text key={g.key} x={x} y={g.y} dy="0.35em">
            {text}
          </text>
        );
      })}
    </g>
  );
}

function groupTitle(key: string, t: TFunction): string {
  if (key === 'zk') return t('view.groupZk');
  if (key === 'broker') return t('view.groupBroker');
  if (key === 'client') return t('view.clients');
  return key;
}

/** The nodes picked with the lasso (or the node menu), and the button that splits them from the rest. */
function SelectionBar() {
  const { t } = useTranslation();
  const selection = useLab((s) => s.selection);
  const nodes = useLab((s) => s.panels?.nodes);
  const act = useLab((s) => s.act);
  const setSelection = useLab((s) => s.setSelection);
  if (!selection.length || !nodes) return null;
  const rest = nodes.map((n) => n.id).filter((id) => !selection.includes(id));
  const split = () => {
    if (!rest.length) return;
    void act({ type: 'partition', groups: [selection, rest] }, `partition ${selection.join(',')} | ${rest.join(',')}`);
    setSelection([]);
  };
  return (
    <div className="selection-bar" role="group" aria-label={t('lasso.label')} data-testid="selection-bar">
      <span>{t('lasso.selected', { ids: selection.join(', ') })}</span>
      <button type="button" className="btn btn-primary btn-small" onClick={split} disabled={!rest.length} data-testid="split" autoFocus>
        {t('lasso.split')}
      </button>
      <button type="button" className="btn btn-small" onClick={() => setSelection([])}>
        {t('lasso.clear')}
      </button>
    </div>
  );
}

function linkMid(layout: Layout, a: string, b: string): Point {
  const pa = layout.positions.get(a);
  const pb = layout.positions.get(b);
  if (!pa || !pb) return { x: layout.width / 2, y: layout.height / 2 };
  return { x: (pa.x + pb.x) / 2, y: (pa.y + pb.y) / 2 };
}

/** The payload of a hovered message (fetched from the worker), as text. */
function PayloadTip({ tip }: { tip: { x: number; y: number; text: string } | null }) {
  if (!tip) return null;
  return (
    <div className="payload-tip" style={{ left: tip.x + 14, top: tip.y + 14 }} data-testid="payload-tip">
      {tip.text}
    </div>
  );
}

export function ClusterView() {
  const { t } = useTranslation();
  // node states at the panels' pace while playing (every frame when paused or stepping); messages move every frame
  const nodes = useLab((s) => s.panels?.nodes);
  const islands = useLab((s) => s.panels?.islands);
  const menuNode = useLab((s) => s.menuNode);
  const openMenu = useLab((s) => s.openMenu);
  const selection = useLab((s) => s.selection);
  const setSelection = useLab((s) => s.setSelection);
  const [ref, size] = useSize<HTMLDivElement>();
  const [lasso, setLasso] = useState<Array<[number, number]> | null>(null);
  const linkMenu = useLab((s) => s.linkMenu);
  const openLink = useLab((s) => s.openLink);
  const [tip, setTip] = useState<{ x: number; y: number; text: string } | null>(null);
  const svgRef = useRef<SVGSVGElement>(null);

  // the layout depends only on which nodes there are and their roles, not on what they are doing: keep it (and
  // everything drawn from it) while only node states change
  const shapeKey = (nodes ?? []).map((n) => `${n.id}|${n.kind}|${n.role}`).join(',');
  const shapeNodes = useMemo(() => nodes ?? [], [shapeKey]);
  const base = useMemo(() => computeLayout(shapeNodes, size.width, size.height), [shapeNodes, size.width, size.height]);
  const islandsKey = JSON.stringify(islands ?? []);
  const { layout, boxes } = useMemo(() => separateIslands(base, islands ?? []), [base, islandsKey]);

  const closeLink = useCallback(() => openLink(null), [openLink]);
  const onLink = useCallback((a: string, b: string) => openLink({ a, b }), [openLink]);
  const onOpen = useCallback(
    (id: string) => openMenu(useLab.getState().menuNode === id ? null : id),
    [openMenu],
  );

  const keys = new Set(nodes?.map((n) => groupKey(n.id)));
  const title = keys.size === 1 && keys.has('zk') ? t('view.ensemble') : t('view.label');

  const menuTarget = menuNode ? nodes?.find((n) => n.id === menuNode) : undefined;
  const menuAt = menuTarget ? layout.positions.get(menuTarget.id) : undefined;

  const local = (e: ReactPointerEvent): [number, number] => {
    const r = svgRef.current?.getBoundingClientRect();
    return [e.clientX - (r?.left ?? 0), e.clientY - (r?.top ?? 0)];
  };
  const onDown = (e: ReactPointerEvent<SVGSVGElement>) => {
    const target = e.target as Element;
    if (e.button !== 0 || target.closest('[data-node], .link, .msg')) return;
    setLasso([local(e)]);
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onMove = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (!lasso) {
      hoverCanvas(e);
      return;
    }
    const p = local(e);
    const last = lasso[lasso.length - 1] as [number, number];
    if (Math.hypot(p[0] - last[0], p[1] - last[1]) > 4) setLasso([...lasso, p]);
  };
  const onUp = () => {
    if (!lasso) return;
    if (lasso.length > 3) {
      const inside = (nodes ?? []).filter((n) => {
        const at = layout.positions.get(n.id);
        return at && polygonContains(lasso, [at.x, at.y]);
      });
      setSelection(inside.map((n) => n.id));
    }
    setLasso(null);
  };
  // busy scenes draw messages on a canvas (no DOM per message): hovering finds the nearest one by position
  const canvasHover = useRef<number | null>(null);
  const hoverCanvas = (e: ReactPointerEvent<SVGSVGElement>) => {
    const v = useLab.getState().view;
    if (!v || v.messages.length <= CANVAS_FROM) return;
    const [px, py] = local(e);
    let best: number | null = null;
    let bestD = 9;
    for (const m of v.messages) {
      if (m.from === m.to) continue;
      const p = messagePoint(m, v.now, layout.positions);
      if (!p) continue;
      const d = Math.hypot(p.x - px, p.y - py);
      if (d < bestD) {
        bestD = d;
        best = m.id;
      }
    }
    if (best === canvasHover.current) return;
    canvasHover.current = best;
    onMsgHover(best, px, py);
  };
  const onMsgHover = (id: number | null, x: number, y: number) => {
    if (id === null) {
      setTip(null);
      return;
    }
    const api = useLab.getState().api;
    void api?.payload(id).then((text) => setTip(text ? { x, y, text } : null));
  };

  return (
    <section className="cluster" aria-labelledby="cluster-title">
      <div className="cluster-head">
        <h2 id="cluster-title">{title}</h2>
        <p className="hint">{t('view.hint')}</p>
      </div>
      <div className="canvas" ref={ref}>
        {nodes && nodes.length === 0 && <p className="empty">{t('view.empty')}</p>}
        {nodes && (
          <svg
            ref={svgRef}
            width={size.width}
            height={size.height}
            className={`cluster-svg${lasso ? ' lassoing' : ''}`}
            data-testid="cluster-svg"
            onPointerDown={onDown}
            onPointerMove={onMove}
            onPointerUp={onUp}
            onPointerCancel={() => setLasso(null)}
            onPointerLeave={() => {
              canvasHover.current = null;
              setTip(null);
            }}
          >
            <GroupCaptions layout={layout} />
            <Islands boxes={boxes} width={size.width} height={size.height} />
            <Mesh nodes={shapeNodes} layout={layout} onLink={onLink} />
            <Blocked layout={layout} />
            <Highlights layout={layout} />
            <Messages layout={layout} onHover={onMsgHover} />
            <g className="nodes">
              {nodes.map((n) => {
                const at = layout.positions.get(n.id);
                return at ? (
                  <g key={n.id} className={selection.includes(n.id) ? 'selected' : undefined}>
                    <NodeGlyph node={n} at={at} expanded={menuNode === n.id} onOpen={onOpen} />
                  </g>
                ) : null;
              })}
            </g>
            <LinkFaultLabels layout={layout} />
            {lasso && <path className="lasso" d={`M${lasso.map((p) => p.join(',')).join('L')}Z`} data-testid="lasso" />}
          </svg>
        )}
        {nodes && <MessageCanvas layout={layout} />}
        {menuTarget && menuAt && <NodeMenu node={menuTarget} at={menuAt} bounds={size} />}
        {linkMenu && <LinkMenu a={linkMenu.a} b={linkMenu.b} at={linkMid(layout, linkMenu.a, linkMenu.b)} bounds={size} onClose={closeLink} />}
        <SelectionBar />
        <PayloadTip tip={tip} />
      </div>
      <div className="cluster-foot">
        <Legend />
        <NetBar />
      </div>
    </section>
  );
}

/**
 * The znode tree of one server (d3-hierarchy tidy tree), with a ZooInspector-like Stat panel for the
 * selected node, watch marks, and a compare mode against another server (a lagging follower's stale or
 * missing nodes are marked). Types are told apart by shape AND a text tag, never by colour alone. Names and
 * data are rendered as text only.
 */
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { stratify, tree as d3tree } from 'd3';
import type { HierarchyPointNode } from 'd3';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ZnodeTreeView, ZnodeView } from '../worker/api';
import { useLab } from './store';
import { formatSeconds } from './layout';

const ROW = 30;
const INDENT = 34;
const DELETED_KEEP_MS = 1600;

type Diff = 'same' | 'missing' | 'extra' | 'stale';

/** A visible, escaped preview: control and bidi characters shown as \u…, so a name cannot spoof another. */
export function visible(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function KindShape({ n }: { n: ZnodeView }) {
  switch (n.kind) {
    case 'ephemeral':
      return <path d="M0,-8 L8,0 L0,8 L-8,0 Z" className="zn-shape zn-ephemeral" />;
    case 'container':
      return <rect x={-7} y={-7} width={14} height={14} className="zn-shape zn-container" />;
    case 'ttl':
      return <path d="M0,-8 L8,7 L-8,7 Z" className="zn-shape zn-ttl" />;
    default:
      return <circle r={7} className="zn-shape zn-persistent" />;
  }
}

function kindTag(n: ZnodeView): string {
  const k = n.kind === 'persistent' ? 'P' : n.kind === 'ephemeral' ? 'E' : n.kind === 'container' ? 'C' : 'TTL';
  return n.sequential ? `${k}·S` : k;
}

interface Row {
  node: ZnodeView;
  diff: Diff;
  deleted: boolean;
}

function merge(left: ZnodeTreeView | null | undefined, right: ZnodeTreeView | null | undefined): Map<string, Row> {
  const out = new Map<string, Row>();
  for (const n of left?.nodes ?? []) out.set(n.path, { node: n, diff: 'same', deleted: false });
  if (right) {
    const r = new Map(right.nodes.map((n) => [n.path, n]));
    for (const [path, row] of out) {
      const o = r.get(path);
      if (!o) row.diff = 'extra';
      else if (o.stat.mzxid !== row.node.stat.mzxid || o.stat.pzxid !== row.node.stat.pzxid || o.stat.version !== row.node.stat.version)
        row.diff = 'stale';
    }
    for (const n of right.nodes) if (!out.has(n.path)) out.set(n.path, { node: n, diff: 'missing', deleted: false });
  }
  return out;
}

interface ZnodeRowProps {
  row: Row;
  x: number;
  y: number;
  selected: boolean;
  highlighted: boolean;
  shown: string;
  compare: string;
  t: TFunction;
  onSelect(path: string): void;
}

/** What a row shows of its znode: a fetched tree brings new objects, so rows compare these. */
function sameZnode(a: ZnodeView, b: ZnodeView): boolean {
  return (
    a.path === b.path &&
    a.name === b.name &&
    a.kind === b.kind &&
    a.sequential === b.sequential &&
    a.preview === b.preview &&
    a.clipped === b.clipped &&
    a.dataWatches === b.dataWatches &&
    a.childWatches === b.childWatches &&
    a.stat.mzxid === b.stat.mzxid
  );
}

/**
 * One znode of the tree (memoized: a Kafka cluster keeps hundreds of znodes, and a fetched tree or the panels'
 * pace would otherwise render every one of them again; only the znodes that changed are).
 */
const ZnodeRow = memo(
  function ZnodeRow({ row: r, x, y, selected, highlighted, shown, compare, t, onSelect }: ZnodeRowProps) {
    const z = r.node;
    const watches = z.dataWatches + z.childWatches;
    const diffText = r.diff === 'missing' ? t('tree.missing', { id: shown }) : r.diff === 'stale' ? t('tree.stale') : r.diff === 'extra' ? t('tree.extra', { id: compare }) : '';
    const label = `${z.path}, ${t(`tree.kind.${z.kind}`)}${z.sequential ? `, ${t('tree.kind.sequential')}` : ''}${watches ? `, ${t('tree.watches', { count: watches })}` : ''}${diffText ? `, ${diffText}` : ''}${r.deleted ? `, ${t('tree.deleted')}` : ''}`;
    return (
      <g
        className={`zn zn-diff-${r.diff}${r.deleted ? ' zn-gone' : ''}${selected ? ' zn-selected' : ''}${highlighted ? ' zn-highlight' : ''}`}
        transform={`translate(${y},${x})`}
        role="treeitem"
        aria-selected={selected}
        aria-label={label}
        tabIndex={0}
        onClick={() => onSelect(z.path)}
        onKeyDown={(e: KeyboardEvent<SVGGElement>) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            e.stopPropagation();
            onSelect(z.path);
          }
        }}
        data-testid={`znode-${z.path}`}
        data-kind={z.kind}
        data-sequential={z.sequential}
        data-diff={r.diff}
      >
        <g key={z.stat.mzxid} className="zn-flash">
          <rect x={-12} y={-12} width={24} height={24} rx={5} />
        </g>
        <KindShape n={z} />
        <text x={14} dy="0.35em" className="zn-name">
          {visible(z.name)}
          <tspan className="zn-tag"> [{kindTag(z)}]</tspan>
          {watches ? <tspan className="zn-watch"> ◉ {t('tree.watches', { count: watches })}</tspan> : null}
          {z.preview !== null && z.preview !== '' ? <tspan className="zn-data"> = “{visible(z.preview)}{z.clipped ? '…' : ''}”</tspan> : null}
          {diffText ? <tspan className="zn-difftext"> ({diffText})</tspan> : null}
        </text>
      </g>
    );
  },
  (p, q) =>
    p.x === q.x &&
    p.y === q.y &&
    p.selected === q.selected &&
    p.highlighted === q.highlighted &&
    p.shown === q.shown &&
    p.compare === q.compare &&
    p.t === q.t &&
    p.onSelect === q.onSelect &&
    p.row.diff === q.row.diff &&
    p.row.deleted === q.row.deleted &&
    sameZnode(p.row.node, q.row.node),
);

export function ZnodeTree() {
  const highlight = useLab((s) => s.highlight);
  const hlZnodes = new Set((highlight ?? []).flatMap((h) => h.znodes ?? []));
  const { t } = useTranslation();
  // primitive keys: the tree re-renders when the servers or the leader change, not at the panels' pace (a
  // re-render set the selects' options again, which repainted the whole tree picture several times a second)
  const idsKey = useLab((s) => s.panels?.zk?.servers.map((z) => z.id).join(',') ?? '');
  const leaderId = useLab((s) => s.panels?.zk?.servers.find((z) => z.role === 'LEADING')?.id);
  const trees = useLab((s) => s.trees);
  const showTrees = useLab((s) => s.showTrees);
  const ids = useMemo(() => (idsKey ? idsKey.split(',') : []), [idsKey]);
  const [server, setServer] = useState<string>('');
  const [compare, setCompare] = useState<string>('');
  const [selected, setSelected] = useState<string>('/');
  const shown = server || leaderId || ids[0] || '';

  useEffect(() => {
    showTrees([shown, compare].filter(Boolean));
    return () => showTrees([]);
  }, [shown, compare, showTrees]);

  const tree = trees[shown];
  const other = compare ? trees[compare] : undefined;

  // deletions: keep removed nodes on screen for a moment, fading out
  const prev = useRef<{ server: string; nodes: Map<string, ZnodeView> }>({ server: '', nodes: new Map() });
  const [gone, setGone] = useState<Map<string, { node: ZnodeView; at: number }>>(new Map());
  useEffect(() => {
    const cur = new Map((tree?.nodes ?? []).map((n) => [n.path, n]));
    if (prev.current.server === shown && tree) {
      const removed = [...prev.current.nodes.values()].filter((n) => !cur.has(n.path));
      if (removed.length) {
        const at = performance.now();
        setGone((g) => {
          const next = new Map(g);
          for (const n of removed) next.set(n.path, { node: n, at });
          return next;
        });
        setTimeout(() => setGone((g) => new Map([...g].filter(([, v]) => performance.now() - v.at < DELETED_KEEP_MS))), DELETED_KEEP_MS + 50);
      }
    } else setGone(new Map());
    prev.current = { server: shown, nodes: cur };
  }, [tree, shown]);

  const rows = useMemo(() => {
    const m = merge(tree, compare ? other : undefined);
    for (const [path, g] of gone) if (!m.has(path) && (g.node.parent === null || m.has(g.node.parent))) m.set(path, { node: g.node, diff: 'same', deleted: true });
    return m;
  }, [tree, other, compare, gone]);

  const laid = useMemo(() => {
    const list = [...rows.values()];
    if (!list.length) return null;
    try {
      const root = stratify<Row>()
        .id((r) => r.node.path)
        .parentId((r) => (r.node.parent !== null && rows.has(r.node.parent) ? r.node.parent : r.node.path === '/' ? null : '/'))(list);
      root.sort((a, b) => (a.id ?? '').localeCompare(b.id ?? ''));
      // one row per node (an indented list drawn as a tidy tree)
      const layout = d3tree<Row>().nodeSize([ROW, INDENT]);
      const p = layout(root);
      let i = 0;
      p.eachBefore((n) => {
        n.x = i++ * ROW;
      });
      return p;
    } catch {
      return null;
    }
  }, [rows]);

  const sel = rows.get(selected)?.node ?? tree?.nodes[0];
  const nodes: HierarchyPointNode<Row>[] = laid ? laid.descendants() : [];
  const width = Math.max(300, ...nodes.map((n) => n.y + 80 + (n.data.node.name.length + (n.data.node.preview?.length ?? 0)) * 8.5));
  const height = nodes.length * ROW + 20;

  return (
    <div className="ztree" data-testid="znode-tree">
      <div className="ztree-controls">
        <label>
          {t('tree.server')}{' '}
          <select value={shown} onChange={(e) => setServer(e.target.value)} data-testid="tree-server">
            {ids.map((id) => (
              <option key={id} value={id}>
                {id}
                {id === leaderId ? ` (${t('tree.leader')})` : ''}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('tree.compare')}{' '}
          <select value={compare} onChange={(e) => setCompare(e.target.value)} data-testid="tree-compare">
            <option value="">{t('tree.noCompare')}</option>
            {ids
              .filter((id) => id !== shown)
              .map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
          </select>
        </label>
        <span className="muted mono">
          {tree ? t('tree.summary', { count: tree.nodes.length, zxid: tree.lastZxid }) : ''}
        </span>
      </div>
      <div className="ztree-legend" aria-hidden="true">
        <svg width="16" height="16" viewBox="-8 -8 16 16">
          <circle r={6} className="zn-shape zn-persistent" />
        </svg>{' '}
        {t('tree.kind.persistent')} (P){' '}
        <svg width="16" height="16" viewBox="-8 -8 16 16">
          <path d="M0,-7 L7,0 L0,7 L-7,0 Z" className="zn-shape zn-ephemeral" />
        </svg>{' '}
        {t('tree.kind.ephemeral')} (E){' '}
        <svg width="16" height="16" viewBox="-8 -8 16 16">
          <rect x={-6} y={-6} width={12} height={12} className="zn-shape zn-container" />
        </svg>{' '}
        {t('tree.kind.container')} (C){' '}
        <svg width="16" height="16" viewBox="-8 -8 16 16">
          <path d="M0,-7 L7,6 L-7,6 Z" className="zn-shape zn-ttl" />
        </svg>{' '}
        {t('tree.kind.ttl')} (TTL) · S = {t('tree.kind.sequential')} · ◉ = {t('tree.watch')}
        {compare ? ` · ${t('tree.diffLegend', { a: shown, b: compare })}` : ''}
      </div>
      <div className="ztree-body">
        <div className="ztree-scroll">
          {tree === null ? (
            <p className="empty">{t('tree.down', { id: shown })}</p>
          ) : !laid ? (
            <p className="empty">{t('tree.loading')}</p>
          ) : (
            <svg width={width} height={height} role="tree" aria-label={t('tree.label', { id: shown })}>
              <g transform="translate(16,14)">
                <g className="zn-links" aria-hidden="true">
                  {laid.links().map((l) => (
                    <path key={`${l.source.id}>${l.target.id}`} d={`M${l.source.y},${l.source.x}V${l.target.x}H${l.target.y}`} />
                  ))}
                </g>
                {nodes.map((n) => (
                  <ZnodeRow
                    key={n.data.node.path}
                    row={n.data}
                    x={n.x}
                    y={n.y}
                    selected={sel?.path === n.data.node.path}
                    highlighted={hlZnodes.has(n.data.node.path)}
                    shown={shown}
                    compare={compare}
                    t={t}
                    onSelect={setSelected}
                  />
                ))}
              </g>
            </svg>
          )}
        </div>
        {sel && <StatPanel node={sel} />}
      </div>
    </div>
  );
}

function StatPanel({ node }: { node: ZnodeView }) {
  const { t } = useTranslation();
  const s = node.stat;
  const rows: Array<[string, string]> = [
    ['cZxid', s.czxid],
    ['ctime', `${formatSeconds(s.ctime)} s`],
    ['mZxid', s.mzxid],
    ['mtime', `${formatSeconds(s.mtime)} s`],
    ['pZxid', s.pzxid],
    ['cversion', String(s.cversion)],
    ['dataVersion', String(s.version)],
    ['aclVersion', String(s.aversion)],
    ['ephemeralOwner', s.ephemeralOwner],
    ['dataLength', String(s.dataLength)],
    ['numChildren', String(s.numChildren)],
  ];
  return (
    <aside className="stat" tabIndex={0} aria-label={t('tree.statTitle', { path: node.path })} data-testid="stat-panel">
      <h3 className="mono">{visible(node.path)}</h3>
      <p>
        {t(`tree.kind.${node.kind}`)}
        {node.sequential ? ` · ${t('tree.kind.sequential')}` : ''}
        {node.ttl !== undefined ? ` · TTL ${node.ttl} ms` : ''}
      </p>
      <p className="stat-data">
        {t('tree.data')}: <span className="mono">{node.preview === null ? 'null' : `“${visible(node.preview)}${node.clipped ? '…' : ''}”`}</span>
      </p>
      <dl>
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd className="mono">{v}</dd>
          </div>
        ))}
      </dl>
      <p>{t('tree.watchLine', { data: node.dataWatches, child: node.childWatches })}</p>
    </aside>
  );
}

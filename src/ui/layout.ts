/**
 * Pure geometry for the cluster view, computed with D3 (React renders the elements):
 * servers on a ring (one per group), clients in columns beside them, and each message's position as a pure function of
 * simulated time: lerp along the sender→receiver lane by (now − sentAt) / (deliverAt − sentAt).
 * Messages in opposite directions use lanes bent to opposite sides, so a request and its reply never overlap.
 */
import { interpolateNumber, path as d3path, pointRadial, scaleOrdinal } from 'd3';
import type { MessageView, NodeView } from '../worker/api';

export interface Point {
  x: number;
  y: number;
}

/** Where a node is drawn, how large (1 = full size), and whether its detail lines fit. */
export interface Placed extends Point {
  scale: number;
  compact: boolean;
  /** Status and detail lines go above the node (it sits high on its ring). */
  flipped: boolean;
}

/** A labelled group of nodes (ZooKeeper servers, Kafka brokers, clients), for captions. */
export interface Group {
  key: string;
  x: number;
  y: number;
  count: number;
}

export interface Layout {
  width: number;
  height: number;
  positions: Map<string, Placed>;
  groups: Group[];
  /** The horizontal band each group of nodes (by groupKey) is laid out in. */
  regions?: Map<string, { x0: number; w: number }>;
}

export const NODE_RADIUS = 42;
/** Detail lines under a server / a client: characters per line and lines (the rest is in the tooltip). */
export const DETAIL_CHARS_SERVER = 28;
export const DETAIL_LINES_SERVER = 2;
export const DETAIL_CHARS_CLIENT = 22;
export const DETAIL_LINES_CLIENT = 3;

/**
 * Space a node needs around its centre. Nodes low on a ring carry the role badge above and status + detail
 * lines below; nodes high on a ring carry everything above them ("flipped"), so the inside of the ring,
 * where messages fly, stays clear of text.
 */
const FULL_BOX = { above: 84, below: 128, flippedAbove: 160, flippedBelow: 56, side: 140 };
const COMPACT_BOX = { above: 80, below: 80, flippedAbove: 106, flippedBelow: 56, side: 70 };
type Box = typeof FULL_BOX;
/** Nodes whose unit position is this far up the ring are flipped. */
const FLIP_Y = -0.35;
/** Distance between neighbours needed to show a node in full, and in compact form at full size. */
const FULL_GAP = 200;
const COMPACT_GAP = 150;
const MIN_SCALE = 0.55;
/** Below MIN_SCALE nodes shrink only as far as needed for neighbours not to touch, never below this. */
const LAST_SCALE = 0.3;
/** Centre distance two nodes of a ring need at a scale: their circles and the role badge's half-width apart. */
function separation(scale: number): number {
  return (2 * NODE_RADIUS + 20) * scale;
}
const CLIENT_COL_W = 230;
const CLIENTS_PER_COLUMN = 7;
/** Closest two clients in a column may stand (centre to centre) before another column is opened. */
const MIN_CLIENT_GAP = COMPACT_GAP * MIN_SCALE + 8;

/** How many clients fit in one column of height h without overlapping. */
function clientsPerColumn(h: number): number {
  return Math.max(1, Math.min(CLIENTS_PER_COLUMN, Math.floor((h - 20) / MIN_CLIENT_GAP) + 1));
}
const CAPTION_H = 30;

/** Nodes are grouped by the letters of their id: zk1…zk5 → 'zk', broker1… → 'broker', client1… → 'client'. */
export function groupKey(id: string): string {
  return id.replace(/[-_]?\d+$/, '') || id;
}

function groupBy(nodes: readonly NodeView[]): NodeView[][] {
  const map = new Map<string, NodeView[]>();
  for (const n of nodes) {
    const k = groupKey(n.id);
    const list = map.get(k);
    if (list) list.push(n);
    else map.set(k, [n]);
  }
  return [...map.values()];
}

/** Unit positions on a ring: first node at the top, clockwise; two nodes side by side. */
function ringUnits(n: number): Array<[number, number]> {
  if (n === 1) return [[0, 0]];
  if (n === 2)
    return [
      [-1, 0],
      [1, 0],
    ];
  return Array.from({ length: n }, (_, i) => pointRadial((2 * Math.PI * i) / n, 1) as [number, number]);
}

function minNeighbourDistance(points: Point[]): number {
  let d = Infinity;
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++) {
      const a = points[i] as Point;
      const b = points[j] as Point;
      d = Math.min(d, Math.hypot(a.x - b.x, a.y - b.y));
    }
  return d;
}

/** Places one group on a ring (an ellipse for big groups) inside the box x0, y0, w, h. */
function placeRing(nodes: NodeView[], x0: number, y0: number, w: number, h: number, out: Map<string, Placed>, row = false): void {
  const n = nodes.length;
  // a row: the last resort of a box too short for any ring
  const units: Array<[number, number]> = row ? nodes.map((_, i) => [n > 1 ? -1 + (2 * i) / (n - 1) : 0, 0]) : ringUnits(n);
  const xs = units.map((u) => u[0]);
  const ys = units.map((u) => u[1]);
  const minX = Math.min(...xs);
  const maxX = Math.max(...xs);
  const minY = Math.min(...ys);
  const maxY = Math.max(...ys);

  const flipped = units.map(([, uy]) => n > 2 && uy < FLIP_Y);

  /** `stretch`: an ellipse up to four times as wide as tall, for a box too short for a round ring. */
  const attempt = (box: Box, scale: number, stretch = false) => {
    const above = units.map((_, i) => (flipped[i] ? box.flippedAbove : box.above) * scale);
    const below = units.map((_, i) => (flipped[i] ? box.flippedBelow : box.below) * scale);
    // vertical: the largest ry for which some centre keeps every node's box inside [y0, y0 + h]
    const bounds = (ry: number) => ({
      lo: Math.max(...units.map(([, uy], i) => (above[i] as number) - uy * ry)),
      hi: h - Math.max(...units.map(([, uy], i) => (below[i] as number) + uy * ry)),
    });
    let ry = 320;
    if (maxY > minY) {
      let a = 20;
      let b = 320;
      for (let k = 0; k < 30; k++) {
        const mid = (a + b) / 2;
        const { lo, hi } = bounds(mid);
        if (lo <= hi) a = mid;
        else b = mid;
      }
      ry = a;
    }
    const side = box.side * scale;
    const fitW = maxX > minX ? (w - 2 * side) / (maxX - minX) : Infinity;
    let rx = Math.max(20, Math.min(fitW, 320));
    if (stretch) rx = Math.min(rx, ry * 4);
    else if (n <= 5 || maxY === minY) rx = ry = Math.min(rx, ry);
    else rx = Math.min(rx, ry * 1.6);
    const { lo, hi } = bounds(ry);
    const cx = x0 + w / 2 - ((maxX + minX) / 2) * rx;
    const cy = y0 + (lo + hi) / 2;
    const pts = units.map(([ux, uy]) => ({ x: cx + ux * rx, y: cy + uy * ry }));
    return { pts, gap: n > 1 ? minNeighbourDistance(pts) : Infinity };
  };

  let placed = attempt(FULL_BOX, 1);
  let compact = false;
  let scale = 1;
  if (placed.gap < FULL_GAP) {
    compact = true;
    placed = attempt(COMPACT_BOX, 1);
    if (placed.gap < COMPACT_GAP) {
      scale = Math.max(MIN_SCALE, placed.gap / COMPACT_GAP);
      placed = attempt(COMPACT_BOX, scale);
    }
    // a short box (a small window, the larger dock): widen the ring into an ellipse, then shrink on until
    // neighbours no longer touch
    if (placed.gap < separation(scale)) {
      placed = attempt(COMPACT_BOX, scale, true);
      if (placed.gap < separation(scale)) {
        let lo = LAST_SCALE;
        let hi = scale;
        for (let k = 0; k < 16; k++) {
          const mid = (lo + hi) / 2;
          if (attempt(COMPACT_BOX, mid, true).gap >= separation(mid)) lo = mid;
          else hi = mid;
        }
        scale = lo;
        placed = attempt(COMPACT_BOX, scale, true);
      }
    }
  }
  if (!row && n > 2 && placed.gap < separation(scale)) {
    placeRing(nodes, x0, y0, w, h, out, true);
    return;
  }
  nodes.forEach((node, i) => {
    const p = placed.pts[i] as Point;
    out.set(node.id, { x: p.x, y: p.y, scale, compact, flipped: flipped[i] as boolean });
  });
}

/** Clients stand in columns at the right edge, beside the servers. */
function placeClients(clients: NodeView[], x0: number, y0: number, h: number, out: Map<string, Placed>, colW = CLIENT_COL_W): void {
  const cols = Math.ceil(clients.length / clientsPerColumn(h));
  const rows = Math.ceil(clients.length / cols);
  const gap = Math.min(190, (h - 20) / rows);
  const compact = gap < FULL_GAP - 10;
  const scale = Math.max(MIN_SCALE, Math.min(1, gap / COMPACT_GAP, colW / CLIENT_COL_W + 0.1));
  const top = y0 + h / 2 - (gap * (rows - 1)) / 2 + (COMPACT_BOX.above - COMPACT_BOX.below) * scale * 0.5;
  clients.forEach((node, i) => {
    const col = Math.floor(i / rows);
    const row = i % rows;
    out.set(node.id, { x: x0 + colW * (col + 0.5), y: top + gap * row, scale, compact, flipped: false });
  });
}

/**
 * Servers on a ring per group (side by side when there are several, e.g. ZooKeeper and Kafka), clients in
 * columns at the right. Crowded rings first drop the detail lines, then shrink their nodes.
 */
export function computeLayout(nodes: readonly NodeView[], width: number, height: number): Layout {
  const servers = nodes.filter((n) => n.role !== 'client');
  const clients = nodes.filter((n) => n.role === 'client');
  const serverGroups = groupBy(servers);
  const captionsFirst = groupBy(servers).length + (clients.length ? 1 : 0) > 1;
  const clientCols = clients.length ? Math.ceil(clients.length / clientsPerColumn(height - (captionsFirst ? CAPTION_H : 0))) : 0;
  // the client columns get a share of the width by their number of nodes (15–45 %: narrower columns, smaller nodes)
  const share = Math.max(0.15, Math.min(0.45, clients.length / Math.max(1, clients.length + servers.length)));
  const colW = clientCols ? Math.min(CLIENT_COL_W, Math.max(100, (width * share) / clientCols)) : CLIENT_COL_W;
  const clientW = clientCols * colW;
  const usableW = width - clientW;
  const captions = serverGroups.length + (clients.length ? 1 : 0) > 1;
  const top = captions ? CAPTION_H : 0;
  const positions = new Map<string, Placed>();
  const groups: Group[] = [];
  const regions = new Map<string, { x0: number; w: number }>();
  const weights = serverGroups.map((g) => Math.max(3, g.length));
  const total = weights.reduce((a, b) => a + b, 0);
  let x = 0;
  serverGroups.forEach((g, i) => {
    const w = (usableW * (weights[i] as number)) / total;
    placeRing(g, x, top, w, height - top, positions);
    groups.push({ key: groupKey((g[0] as NodeView).id), x: x + w / 2, y: 20, count: g.length });
    regions.set(groupKey((g[0] as NodeView).id), { x0: x, w });
    x += w;
  });
  if (clients.length) {
    placeClients(clients, usableW, top, height - top, positions, colW);
    groups.push({ key: 'client', x: usableW + clientW / 2, y: 20, count: clients.length });
  }
  return { width, height, positions, groups: captions ? groups : [], regions };
}

/** The control point that bends the lane from a to b to the right of its direction. */
function laneControl(a: Point, b: Point, bend = 0.14): Point {
  const mx = (a.x + b.x) / 2;
  const my = (a.y + b.y) / 2;
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  // perpendicular (to the right when y grows downwards)
  return { x: mx - dy * bend, y: my + dx * bend };
}

/** SVG path of the lane messages from a to b travel on. */
export function lanePath(a: Point, b: Point): string {
  const c = laneControl(a, b);
  const p = d3path();
  p.moveTo(a.x, a.y);
  p.quadraticCurveTo(c.x, c.y, b.x, b.y);
  return p.toString();
}

/** A point on the lane from a to b at fraction f in [0, 1]. */
export function lanePoint(a: Point, b: Point, f: number): Point {
  const c = laneControl(a, b);
  const u = 1 - f;
  return {
    x: u * u * a.x + 2 * u * f * c.x + f * f * b.x,
    y: u * u * a.y + 2 * u * f * c.y + f * f * b.y,
  };
}

/** How far along its trip a message is at simulated time `now`: a pure function, so pause freezes it mid-flight. */
export function progress(m: Pick<MessageView, 'sentAt' | 'deliverAt'>, now: number): number {
  const span = m.deliverAt - m.sentAt;
  if (!(span > 0)) return 1;
  return Math.min(1, Math.max(0, (now - m.sentAt) / span));
}

/**
 * Where to draw a message: on its lane, starting at the rim of the sender's circle and ending at the
 * rim of the receiver's, interpolated by progress. Undefined if an end is not on screen.
 */
export function messagePoint(m: MessageView, now: number, positions: ReadonlyMap<string, Placed>): Point | undefined {
  const a = positions.get(m.from);
  const b = positions.get(m.to);
  if (!a || !b) return undefined;
  const dist = Math.hypot(b.x - a.x, b.y - a.y);
  if (dist < 1) return { x: a.x, y: a.y };
  const rimA = Math.min(0.45, (NODE_RADIUS * a.scale + 4) / dist);
  const rimB = Math.min(0.45, (NODE_RADIUS * b.scale + 4) / dist);
  const f = interpolateNumber(rimA, 1 - rimB)(progress(m, now));
  return lanePoint(a, b, f);
}

/** Pairs of the full mesh between the servers of each group (each unordered pair once). */
export function meshPairs(nodes: readonly NodeView[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const g of groupBy(nodes.filter((n) => n.role !== 'client'))) {
    const ids = g.map((n) => n.id);
    for (let i = 0; i < ids.length; i++)
      for (let j = i + 1; j < ids.length; j++) pairs.push([ids[i] as string, ids[j] as string]);
  }
  return pairs;
}

// ---- colours ---------------------------------------------------------------------------------------

/** Distinct hues (Okabe–Ito inspired), each dark enough for text on white (contrast ≥ 4.5:1). */
const MESSAGE_PALETTE = [
  '#0063a6', // blue
  '#b83d00', // vermillion
  '#007a5a', // green
  '#b0407f', // magenta
  '#7a6000', // olive
  '#00798c', // teal
  '#6b3fa0', // violet
  '#b8002e', // crimson
  '#2f4b7c', // navy
  '#7a5c3a', // brown
];

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

const assigned = new Map<string, string>();

/**
 * A stable colour for a message type: the type's hash picks a palette slot, moving on to the next free
 * slot if another type already has it. So everyone in a classroom sees the same colour for the same type.
 */
export function messageColor(type: string): string {
  const known = assigned.get(type);
  if (known) return known;
  const used = new Set(assigned.values());
  const start = hashString(type) % MESSAGE_PALETTE.length;
  let color = MESSAGE_PALETTE[start] as string;
  for (let k = 0; k < MESSAGE_PALETTE.length; k++) {
    const c = MESSAGE_PALETTE[(start + k) % MESSAGE_PALETTE.length] as string;
    if (!used.has(c)) {
      color = c;
      break;
    }
  }
  assigned.set(type, color);
  return color;
}

/** Role badge colours (text, background) for the roles ZooKeeper and Kafka nodes report; grey otherwise. */
export const roleColors = scaleOrdinal<string, [string, string]>()
  .domain(['LEADING', 'FOLLOWING', 'LOOKING', 'OBSERVING', 'CONTROLLER', 'CONNECTED', 'DISCONNECTED'])
  .range([
    ['#7c2d12', '#ffedd5'],
    ['#1e3a8a', '#dbeafe'],
    ['#581c87', '#f3e8ff'],
    ['#134e4a', '#ccfbf1'],
    ['#7c2d12', '#ffedd5'],
    ['#14532d', '#dcfce7'],
    ['#7f1d1d', '#fee2e2'],
  ])
  .unknown(['#1f2937', '#e5e7eb']);

export function formatSeconds(ms: number, digits = 3): string {
  return (ms / 1000).toFixed(digits);
}

// ---- partitions: islands -------------------------------------------------------------------------

export interface IslandBox {
  members: string[];
  x: number;
  y: number;
  w: number;
  h: number;
}

/** How far each side of a partition moves away from the others. */
const ISLAND_SHIFT = 0.16;
/** The rings shrink this much around their centre first, to make room for the gap. */
const ISLAND_SHRINK = 1;

/**
 * Moves the sides of a partition apart (each away from the centre of all servers) and returns a box around
 * each side, so a split cluster reads as separate islands. With one island, the layout is unchanged.
 */
export function separateIslands(layout: Layout, islands: readonly string[][]): { layout: Layout; boxes: IslandBox[] } {
  if (islands.length < 2) return { layout, boxes: [] };
  const positions = new Map(layout.positions);
  // islands of one group (ZooKeeper servers, brokers) move apart inside that group's band only
  const centre = new Map<string, Point>();
  const byGroup = new Map<string, Placed[]>();
  for (const id of islands.flat()) {
    const p = positions.get(id);
    if (!p) continue;
    const k = groupKey(id);
    byGroup.set(k, [...(byGroup.get(k) ?? []), p]);
  }
  for (const [k, ps] of byGroup) centre.set(k, { x: ps.reduce((a, p) => a + p.x, 0) / ps.length, y: ps.reduce((a, p) => a + p.y, 0) / ps.length });
  if (!centre.size) return { layout, boxes: [] };
  for (const id of islands.flat()) {
    const p = positions.get(id);
    const c = centre.get(groupKey(id));
    if (p && c && p.scale) positions.set(id, { ...p, x: c.x + (p.x - c.x) * ISLAND_SHRINK, y: c.y + (p.y - c.y) * ISLAND_SHRINK });
  }
  const boxes: IslandBox[] = [];
  islands.forEach((members, i) => {
    const ps = members.map((id) => positions.get(id)).filter((p): p is Placed => !!p);
    if (!ps.length) return;
    const k = groupKey(members[0] as string);
    const c = centre.get(k) as Point;
    const region = layout.regions?.get(k) ?? { x0: 0, w: layout.width };
    const shift = ISLAND_SHIFT * Math.min(region.w * 1.4, layout.height * 1.6);
    let ix = ps.reduce((a, p) => a + p.x, 0) / ps.length - c.x;
    let iy = ps.reduce((a, p) => a + p.y, 0) / ps.length - c.y;
    let len = Math.hypot(ix, iy);
    if (len < 1) {
      // an island in the middle: push it along a fixed direction per index
      ix = Math.cos(i * 2.4);
      iy = Math.sin(i * 2.4);
      len = 1;
    }
    let dx = (ix / len) * shift;
    let dy = (iy / len) * shift;
    // move the island as a whole, no further than keeps every member inside its group's band and the canvas
    const left = region.x0;
    const right = region.x0 + region.w;
    // not up over the group captions
    const ceiling = layout.groups.length ? CAPTION_H : 0;
    for (const p of ps) {
      const r = (NODE_RADIUS + 22) * p.scale;
      // the island's box reaches this far above a member (see below)
      const top = (NODE_RADIUS + 52) * p.scale;
      if (dx > 0) dx = Math.min(dx, Math.max(0, right - r - p.x));
      if (dx < 0) dx = Math.max(dx, Math.min(0, left + r - p.x));
      if (dy > 0) dy = Math.min(dy, Math.max(0, layout.height - r - p.y));
      if (dy < 0) dy = Math.max(dy, Math.min(0, ceiling + top - p.y));
    }
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const id of members) {
      const p = positions.get(id);
      if (!p) continue;
      const x = p.x + dx;
      const y = p.y + dy;
      positions.set(id, { ...p, x, y });
      const r = (NODE_RADIUS + 22) * p.scale;
      x0 = Math.min(x0, x - r);
      y0 = Math.min(y0, y - r - 30 * p.scale);
      x1 = Math.max(x1, x + r);
      y1 = Math.max(y1, y + r + 10 * p.scale);
    }
    boxes.push({ members, x: x0, y: y0, w: x1 - x0, h: y1 - y0 });
  });
  return { layout: { ...layout, positions }, boxes };
}

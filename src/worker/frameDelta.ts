/**
 * "Send only what changed": while playing, the worker answers each frame with a `FrameDelta` against the
 * last view it sent instead of the whole `FrameView`. Every view the worker hands out is numbered (`frame`);
 * the UI says which one it has drawn (`advanceTo(t, budget, have)`), and the worker sends a delta only when
 * that is exactly its own baseline — anything else (a view the UI dropped, a reload, a second tab of the
 * same service) gets a full view, so the two sides can never drift apart.
 *
 * A delta carries the few numbers that change every frame, the parts whose content changed (compared as
 * JSON), the nodes whose view changed, and the messages put in flight or gone since the baseline. The UI
 * rebuilds the view with `applyFrameDelta`, which keeps the old objects for everything unchanged (so React
 * re-renders only what changed).
 */
import type { FrameView, KafkaView, MessageView, NodeView, PartitionRowView } from './api';

/** Parts of the frame compared as a whole (JSON) and sent only when they changed. */
export const FRAME_PARTS = ['blocked', 'zk', 'bands', 'islands', 'links', 'checkpoints', 'actions', 'violations', 'link', 'totals'] as const;
export type FramePart = (typeof FRAME_PARTS)[number];

/** The fields that change nearly every frame: always sent. */
type Scalars = Pick<FrameView, 'now' | 'horizon' | 'seed' | 'processed' | 'hash' | 'traceSeq' | 'nextEventAt'>;

// every key of FrameView is a part, a scalar, `nodes`, `messages` or `frame`: a new key must be added to one of them
type Unsent = Exclude<keyof FrameView, FramePart | keyof Scalars | 'nodes' | 'messages' | 'frame'>;
const allKeysSent: [Unsent] extends [never] ? true : Unsent = true;
void allKeysSent;

export interface FrameDelta extends Scalars {
  delta: true;
  /** This frame's number, and the frame it is relative to. */
  frame: number;
  base: number;
  parts: Partial<Pick<FrameView, FramePart>>;
  /** Nodes whose view changed (the node list itself is the baseline's: when it changes a full view is sent). */
  nodes: NodeView[];
  /** Messages now in flight that the baseline did not have (or had with other times), and ids gone since. */
  added: MessageView[];
  removed: number[];
}

/** A frame as the worker answers `advanceTo`: whole, or relative to the frame the UI has. */
export type FrameUpdate = FrameView | FrameDelta;

export function isFrameDelta(u: FrameUpdate): u is FrameDelta {
  return (u as FrameDelta).delta === true;
}

function messageSig(m: MessageView): string {
  return `${m.from}>${m.to}|${m.type}|${m.sentAt}|${m.deliverAt}|${m.lost ? 1 : 0}${m.dup ? 1 : 0}`;
}

interface Baseline {
  frame: number;
  parts: Map<FramePart, string>;
  nodes: Map<string, string>;
  nodeOrder: string;
  messages: Map<number, string>;
}

/** The worker side: numbers every view it sends and remembers the last as the baseline for the next delta. */
export class FrameEncoder {
  private seq = 0;
  private baseline: Baseline | null = null;

  /** Sends `v` whole (and makes it the baseline). */
  full(v: FrameView): FrameView {
    const frame = ++this.seq;
    this.baseline = this.remember(frame, v);
    return { ...v, frame };
  }

  /** Sends `v` relative to frame `have` when that is the baseline, else whole. */
  update(v: FrameView, have: number | undefined): FrameUpdate {
    const b = this.baseline;
    if (have === undefined || !b || b.frame !== have) return this.full(v);
    if (v.nodes.map((n) => n.id).join(',') !== b.nodeOrder) return this.full(v);
    const frame = ++this.seq;
    const parts: Partial<Record<FramePart, unknown>> = {};
    const partJson = new Map<FramePart, string>();
    for (const k of FRAME_PARTS) {
      const json = JSON.stringify(v[k]);
      partJson.set(k, json);
      if (json !== b.parts.get(k)) parts[k] = v[k];
    }
    const nodes: NodeView[] = [];
    const nodeJson = new Map<string, string>();
    for (const n of v.nodes) {
      const json = JSON.stringify(n);
      nodeJson.set(n.id, json);
      if (json !== b.nodes.get(n.id)) nodes.push(n);
    }
    const added: MessageView[] = [];
    const messages = new Map<number, string>();
    for (const m of v.messages) {
      const sig = messageSig(m);
      messages.set(m.id, sig);
      if (b.messages.get(m.id) !== sig) added.push(m);
    }
    const removed: number[] = [];
    for (const [id, sig] of b.messages) if (messages.get(id) !== sig) removed.push(id);
    this.baseline = { frame, parts: partJson, nodes: nodeJson, nodeOrder: b.nodeOrder, messages };
    return {
      delta: true,
      frame,
      base: have,
      now: v.now,
      horizon: v.horizon,
      seed: v.seed,
      processed: v.processed,
      hash: v.hash,
      traceSeq: v.traceSeq,
      nextEventAt: v.nextEventAt,
      parts: parts as FrameDelta['parts'],
      nodes,
      added,
      removed,
    };
  }

  private remember(frame: number, v: FrameView): Baseline {
    return {
      frame,
      parts: new Map(FRAME_PARTS.map((k) => [k, JSON.stringify(v[k])])),
      nodes: new Map(v.nodes.map((n) => [n.id, JSON.stringify(n)])),
      nodeOrder: v.nodes.map((n) => n.id).join(','),
      messages: new Map(v.messages.map((m) => [m.id, messageSig(m)])),
    };
  }
}

/**
 * The UI side: the view the delta describes, built on `prev` (the frame numbered `d.base`). Unchanged parts,
 * nodes and messages keep their objects. Messages stay in the worker's order (by delivery time, then id).
 */
export function applyFrameDelta(prev: FrameView, d: FrameDelta): FrameView {
  if (prev.frame !== d.base) throw new Error(`frame delta for ${d.base} applied to frame ${String(prev.frame)}`);
  const changedNodes = new Map(d.nodes.map((n) => [n.id, n]));
  const nodes = changedNodes.size ? prev.nodes.map((n) => changedNodes.get(n.id) ?? n) : prev.nodes;
  let messages = prev.messages;
  if (d.removed.length || d.added.length) {
    const gone = new Set(d.removed);
    messages = mergeByDelivery(gone.size ? prev.messages.filter((m) => !gone.has(m.id)) : prev.messages, d.added);
  }
  return {
    ...prev,
    ...d.parts,
    now: d.now,
    horizon: d.horizon,
    seed: d.seed,
    processed: d.processed,
    hash: d.hash,
    traceSeq: d.traceSeq,
    nextEventAt: d.nextEventAt,
    nodes,
    messages,
    frame: d.frame,
  };
}

function byDelivery(a: MessageView, b: MessageView): number {
  return a.deliverAt - b.deliverAt || a.id - b.id;
}

/** Merges two lists sorted by delivery time (then id) into one. */
function mergeByDelivery(a: readonly MessageView[], b: readonly MessageView[]): MessageView[] {
  const out: MessageView[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(byDelivery(a[i] as MessageView, b[j] as MessageView) <= 0 ? (a[i++] as MessageView) : (b[j++] as MessageView));
  while (i < a.length) out.push(a[i++] as MessageView);
  while (j < b.length) out.push(b[j++] as MessageView);
  return out;
}

// ---- the partition grid ------------------------------------------------------------------------------

/** The partition grid relative to an earlier one: only rows that changed, and which went away. */
export interface KafkaDelta {
  delta: true;
  version: number;
  base: number;
  brokers?: KafkaView['brokers'];
  hiddenInternal: number;
  /** Rows changed or new since the base. */
  rows: PartitionRowView[];
  /** Keys (`topic-partition`) of rows gone since the base. */
  removed: string[];
  /** The row order, only when it is not the base's order with new rows appended. */
  order?: string[];
}

/** A numbered grid (`version`), so a later one can be sent as a delta against it. */
export type NumberedKafkaView = KafkaView & { version: number };
export type KafkaUpdate = NumberedKafkaView | KafkaDelta | null;

export function isKafkaDelta(u: KafkaUpdate): u is KafkaDelta {
  return u !== null && (u as KafkaDelta).delta === true;
}

const rowKey = (p: PartitionRowView): string => `${p.topic}-${p.partition}`;

/** The worker side of the grid: like FrameEncoder, a delta only against the grid the UI says it has. */
export class KafkaEncoder {
  private seq = 0;
  private baseline: { version: number; brokers: string; rows: Map<string, string>; order: string[] } | null = null;

  update(v: KafkaView | null, have: number | undefined): KafkaUpdate {
    if (!v) {
      this.baseline = null;
      return null;
    }
    const version = ++this.seq;
    const b = this.baseline;
    const rows = new Map(v.partitions.map((p) => [rowKey(p), JSON.stringify(p)]));
    const order = v.partitions.map(rowKey);
    const brokers = JSON.stringify(v.brokers);
    this.baseline = { version, brokers, rows, order };
    if (have === undefined || !b || b.version !== have) return { ...v, version };
    const changed = v.partitions.filter((p) => b.rows.get(rowKey(p)) !== rows.get(rowKey(p)));
    const removed = b.order.filter((k) => !rows.has(k));
    const kept = b.order.filter((k) => rows.has(k));
    const appended = kept.concat(order.filter((k) => !b.rows.has(k)));
    return {
      delta: true,
      version,
      base: have,
      hiddenInternal: v.hiddenInternal,
      rows: changed,
      removed,
      ...(brokers !== b.brokers ? { brokers: v.brokers } : {}),
      ...(appended.join('\n') !== order.join('\n') ? { order } : {}),
    };
  }
}

/** The UI side: the grid the delta describes, built on `prev` (version `d.base`); unchanged rows keep their objects. */
export function applyKafkaDelta(prev: NumberedKafkaView, d: KafkaDelta): NumberedKafkaView {
  if (prev.version !== d.base) throw new Error(`grid delta for ${d.base} applied to grid ${prev.version}`);
  const byKey = new Map(prev.partitions.map((p) => [rowKey(p), p]));
  for (const k of d.removed) byKey.delete(k);
  const prevOrder = prev.partitions.map(rowKey).filter((k) => byKey.has(k));
  for (const r of d.rows) byKey.set(rowKey(r), r);
  const order = d.order ?? prevOrder.concat(d.rows.map(rowKey).filter((k) => !prevOrder.includes(k)));
  return {
    brokers: d.brokers ?? prev.brokers,
    hiddenInternal: d.hiddenInternal,
    partitions: order.map((k) => byKey.get(k) as PartitionRowView),
    version: d.version,
  };
}

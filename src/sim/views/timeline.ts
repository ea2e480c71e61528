/**
 * Timeline view models: fault bands (intervals during which a fault the user injected was active, one lane
 * per kind, like Jepsen's shaded nemesis intervals) and space-time arrows from trace records.
 */
import type { TimedAction } from '../actions';
import type { TraceRecord } from '../kernel/trace';
import type { ArrowView, FaultBand, FaultKind } from './types';

/**
 * Fault bands from the recorded actions: crash → restart (kill), pause → resume (pause), partitions, cuts and
 * isolation → heal (partition), loss / delay / duplication / reordering → set back to 0 or heal (packet),
 * clock skew → skew 0 (clock). Bands still open at the end have `end: null`.
 */
export function faultBands(actions: readonly TimedAction[]): FaultBand[] {
  const out: FaultBand[] = [];
  const open = new Map<string, FaultBand>();
  const begin = (key: string, kind: FaultKind, label: string, at: number, node?: string) => {
    if (open.has(key)) return;
    const b: FaultBand = { kind, label, start: at, end: null, ...(node ? { node } : {}) };
    open.set(key, b);
    out.push(b);
  };
  const finish = (key: string, at: number) => {
    const b = open.get(key);
    if (b) {
      b.end = at;
      open.delete(key);
    }
  };
  const finishWhere = (pred: (key: string) => boolean, at: number) => {
    for (const key of [...open.keys()]) if (pred(key)) finish(key, at);
  };
  for (const { at, action: a } of actions) {
    switch (a.type) {
      case 'crash':
        finish(`pause:${a.node}`, at);
        begin(`kill:${a.node}`, 'kill', `crash ${a.node}`, at, a.node);
        break;
      case 'restart':
        finish(`kill:${a.node}`, at);
        break;
      case 'pause':
        begin(`pause:${a.node}`, 'pause', `pause ${a.node}`, at, a.node);
        break;
      case 'resume':
        finish(`pause:${a.node}`, at);
        break;
      case 'partition':
        finish('part:partition', at);
        begin('part:partition', 'partition', `partition ${a.groups.map((g) => g.join(',')).join(' | ')}`, at);
        break;
      case 'isolate':
        begin(`part:isolate:${a.node}`, 'partition', `isolate ${a.node}`, at, a.node);
        break;
      case 'cut':
        begin(`part:cut:${a.from}>${a.to}`, 'partition', `cut ${a.from} → ${a.to}`, at);
        break;
      case 'bridge':
        finish('part:partition', at);
        begin('part:partition', 'partition', `bridge via ${a.node}`, at);
        break;
      case 'ring':
        finish('part:partition', at);
        begin('part:partition', 'partition', `ring ${a.nodes.join(',')}`, at);
        break;
      case 'heal':
        finishWhere((k) => k.startsWith('part:') || k.startsWith('packet:'), at);
        break;
      case 'loss':
      case 'delay':
      case 'dup':
      case 'reorder': {
        const link = 'from' in a && a.from && a.to ? `${a.from}>${a.to}` : '*';
        const key = `packet:${a.type}:${link}`;
        const off = a.type === 'loss' || a.type === 'dup' ? a.percent === 0 : a.type === 'delay' ? a.ms === 0 && !a.jitterMs : !a.on;
        finish(key, at);
        if (!off) {
          const what = a.type === 'loss' ? `loss ${a.percent}%` : a.type === 'dup' ? `dup ${a.percent}%` : a.type === 'delay' ? `delay ${a.ms} ms` : 'reorder';
          begin(key, 'packet', link === '*' ? what : `${what} ${link.replace('>', ' → ')}`, at);
        }
        break;
      }
      case 'skew':
        finish(`clock:${a.node}`, at);
        if (a.ms !== 0) begin(`clock:${a.node}`, 'clock', `skew ${a.node} ${a.ms} ms`, at, a.node);
        break;
      case 'inject':
        break;
    }
  }
  return out;
}

/**
 * Arrows for the space-time diagram from trace records (send, deliver, drop), plus the messages still in
 * flight. Only messages between different nodes; at most `max` (the newest).
 */
export function arrowsOf(
  records: readonly TraceRecord[],
  inFlight: ReadonlyArray<{ id: number; from: string; to: string; type: string; sentAt: number }> = [],
  max = 600,
): ArrowView[] {
  const byId = new Map<number, ArrowView>();
  for (const r of records) {
    if (r.msgId === undefined || !r.from || !r.to || r.from === r.to) continue;
    if (r.kind === 'send') byId.set(r.msgId, { id: r.msgId, from: r.from, to: r.to, type: r.what, sentAt: r.t, at: null, dropped: false });
    else if (r.kind === 'deliver' || r.kind === 'drop') {
      const a = byId.get(r.msgId);
      if (a && a.at === null) {
        a.at = r.t;
        a.dropped = r.kind === 'drop';
      }
    }
  }
  const live = new Set(inFlight.map((m) => m.id));
  for (const m of inFlight) if (m.from !== m.to && !byId.has(m.id)) byId.set(m.id, { id: m.id, from: m.from, to: m.to, type: m.type, sentAt: m.sentAt, at: null, dropped: false });
  // a send whose arrival fell out of the ring and that is not in flight any more: drop it (unknown end)
  const out = [...byId.values()].filter((a) => a.at !== null || live.has(a.id));
  out.sort((a, b) => a.sentAt - b.sentAt || a.id - b.id);
  return out.slice(-max);
}

/**
 * The trace: every send, delivery, drop, timer firing, state change, fault, user action, note and invariant
 * violation becomes one compact record with a sequence number. A running hash covers every record; a
 * bounded ring buffer keeps the most recent ones for the UI.
 */
import { RunningHash } from './hash';

export type TraceKind =
  | 'send'
  | 'deliver'
  | 'drop'
  | 'timer'
  | 'state'
  | 'fault'
  | 'action'
  | 'note'
  | 'violation'
  | 'disk'
  | 'output';

export interface TraceRecord {
  seq: number;
  /** Simulated time in ms. */
  t: number;
  kind: TraceKind;
  /** The node concerned (receiver for deliveries and drops, sender for sends). */
  node?: string;
  from?: string;
  to?: string;
  /** Message type, timer name, new state, fault name, note key … */
  what: string;
  /** Message id for send / deliver / drop. */
  msgId?: number;
  /** Extra compact detail (payload JSON, drop cause, note params …). */
  detail?: string;
}

export interface TraceState {
  seq: number;
  hash: [number, number];
  counts: Record<string, number>;
}

export class Trace {
  private readonly hash = new RunningHash();
  private ring: (TraceRecord | undefined)[];
  private ringStart = 0;
  private ringLength = 0;
  seq = 0;
  counts: Record<string, number> = {};
  /** Optional observer of every record (the Simulation keeps its own history with it). */
  sink: ((record: TraceRecord) => void) | undefined;

  constructor(readonly capacity = 4096) {
    this.ring = new Array<TraceRecord | undefined>(capacity);
  }

  record(r: Omit<TraceRecord, 'seq'>): TraceRecord {
    const rec = { seq: ++this.seq, ...r } as TraceRecord;
    this.hash.update(
      `${rec.seq}|${rec.t}|${rec.kind}|${rec.node ?? ''}|${rec.from ?? ''}|${rec.to ?? ''}|${rec.what}|${rec.msgId ?? ''}|${rec.detail ?? ''}`,
    );
    this.counts[rec.kind] = (this.counts[rec.kind] ?? 0) + 1;
    const idx = (this.ringStart + this.ringLength) % this.capacity;
    this.ring[idx] = rec;
    if (this.ringLength < this.capacity) this.ringLength++;
    else this.ringStart = (this.ringStart + 1) % this.capacity;
    this.sink?.(rec);
    return rec;
  }

  /** Hex digest of every record so far. */
  hashHex(): string {
    return this.hash.hex();
  }

  /** The most recent records, oldest first (at most `limit`). */
  tail(limit = this.capacity): TraceRecord[] {
    const n = Math.min(limit, this.ringLength);
    const out: TraceRecord[] = [];
    for (let i = this.ringLength - n; i < this.ringLength; i++) {
      const rec = this.ring[(this.ringStart + i) % this.capacity];
      if (rec) out.push(rec);
    }
    return out;
  }

  /** Records with seq > after still in the ring. */
  since(after: number): TraceRecord[] {
    return this.tail().filter((r) => r.seq > after);
  }

  save(): TraceState {
    return { seq: this.seq, hash: this.hash.save(), counts: { ...this.counts } };
  }

  /** Restores counters and hash; the ring keeps only records up to the restored sequence number. */
  restore(state: TraceState): void {
    const kept = this.tail().filter((r) => r.seq <= state.seq);
    this.ring = new Array<TraceRecord | undefined>(this.capacity);
    this.ringStart = 0;
    this.ringLength = 0;
    for (const r of kept) {
      this.ring[this.ringLength++] = r;
    }
    this.seq = state.seq;
    this.hash.restore(state.hash);
    this.counts = { ...state.counts };
  }
}

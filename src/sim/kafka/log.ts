/**
 * A partition's log on one broker (UnifiedLog + LogSegment + LeaderEpochFileCache), as pure functions over
 * plain data: segments named by their 20-digit base offset, roll on segment.bytes / segment.ms, retention by
 * whole segments never beyond the high watermark, compaction with tombstones, truncation, and the
 * leader-epoch cache used by KIP-101 truncation.
 */
import type { Rec, Replica, Segment, TopicConfig } from './types';

export const RECORD_OVERHEAD = 20;

export function recordSize(key: string | null, value: string | null): number {
  return RECORD_OVERHEAD + (key?.length ?? 0) + (value?.length ?? 0);
}

export function segmentName(base: number): string {
  return String(base).padStart(20, '0');
}

export function newSegment(base: number, now: number): Segment {
  return { base, created: now, bytes: 0, records: [], maxTs: -1 };
}

export function activeSegment(r: Replica): Segment {
  let s = r.segments[r.segments.length - 1];
  if (!s) {
    s = newSegment(r.leo, 0);
    r.segments.push(s);
  }
  return s;
}

/** Rolls a new active segment if the next record would not fit, or the active one is older than segment.ms. */
export function maybeRoll(r: Replica, cfg: TopicConfig, size: number, now: number): boolean {
  const a = activeSegment(r);
  if (a.records.length === 0) return false;
  if (a.bytes + size > cfg['segment.bytes'] || now - a.created >= cfg['segment.ms']) {
    r.segments.push(newSegment(r.leo, now));
    return true;
  }
  return false;
}

/**
 * The stored record: the fields of `rec` then offset and size, in the order `{ ...rec, offset, size }` gives
 * them, but built as object literals with a fixed shape (a spread gives every record its own hidden class).
 */
function fullRecord(rec: Omit<Rec, 'offset' | 'size'>, offset: number, size: number): Rec {
  const keys = Object.keys(rec);
  const n = keys.length;
  if (n === 4 && keys[0] === 'epoch' && keys[1] === 'key' && keys[2] === 'value' && keys[3] === 'ts') {
    return { epoch: rec.epoch, key: rec.key, value: rec.value, ts: rec.ts, offset, size };
  }
  if (n === 6 && keys[0] === 'epoch' && keys[1] === 'key' && keys[2] === 'value' && keys[3] === 'ts' && keys[4] === 'pid' && keys[5] === 'seq') {
    return { epoch: rec.epoch, key: rec.key, value: rec.value, ts: rec.ts, pid: rec.pid, seq: rec.seq, offset, size };
  }
  return { ...rec, offset, size };
}

/** Appends one record at the log end. Returns true when a segment was rolled first. */
export function appendRecord(r: Replica, cfg: TopicConfig, rec: Omit<Rec, 'offset' | 'size'>, now: number): { rec: Rec; rolled: boolean } {
  const size = recordSize(rec.key, rec.value);
  const rolled = maybeRoll(r, cfg, size, now);
  const a = activeSegment(r);
  if (a.records.length === 0 && a.base !== r.leo) a.base = r.leo;
  const full = fullRecord(rec, r.leo, size);
  a.records.push(full);
  a.bytes += size;
  if (full.ts > a.maxTs) a.maxTs = full.ts;
  r.leo++;
  assignEpoch(r, full.epoch, full.offset);
  if (full.pid !== undefined && full.seq !== undefined) {
    const pids = (r.pids ??= {});
    const list = (pids[full.pid] ??= []);
    list.push([full.seq, full.offset]);
    if (list.length > 5) list.shift();
  }
  return { rec: full, rolled };
}

/**
 * Rebuilds the idempotent-producer state (each producer's last five (sequence, offset) pairs) from the records
 * of the log, as UnifiedLog does on start-up (it reloads the last producer snapshot and replays the log after
 * it; the snapshot here is the log itself, since every record keeps its producer id and sequence).
 */
export function rebuildProducerState(r: Replica): void {
  const pids: Record<string, Array<[number, number]>> = {};
  let any = false;
  for (const s of r.segments) {
    for (const rec of s.records) {
      if (rec.pid === undefined || rec.seq === undefined) continue;
      const list = (pids[rec.pid] ??= []);
      list.push([rec.seq, rec.offset]);
      if (list.length > 5) list.shift();
      any = true;
    }
  }
  if (any) r.pids = pids;
  else delete r.pids;
}

/** The offset of an already appended (producer, sequence), if it is among the producer's last five. */
export function duplicateOf(r: Replica, pid: string | undefined, seq: number | undefined): number | undefined {
  if (pid === undefined || seq === undefined) return undefined;
  const hit = r.pids?.[pid]?.find((e) => e[0] === seq);
  return hit && hit[1] < r.leo ? hit[1] : undefined;
}

/** LeaderEpochFileCache.assign: a new epoch starts at this offset. */
export function assignEpoch(r: Replica, epoch: number, startOffset: number): void {
  const last = r.epochs[r.epochs.length - 1];
  if (last && last[0] >= epoch) return;
  r.epochs.push([epoch, startOffset]);
}

export function latestEpoch(r: Replica): number {
  const last = r.epochs[r.epochs.length - 1];
  return last ? last[0] : -1;
}

/**
 * LeaderEpochFileCache.endOffsetFor: for the requested epoch, the largest epoch ≤ it that this log knows and
 * the offset where that epoch ended (the start of the next epoch, or the LEO for the latest epoch).
 */
export function endOffsetFor(r: Replica, epoch: number): { epoch: number; endOffset: number } {
  const latest = latestEpoch(r);
  if (epoch === latest) return { epoch, endOffset: r.leo };
  let found = -1;
  let end = -1;
  for (let i = 0; i < r.epochs.length; i++) {
    const e = r.epochs[i] as [number, number];
    if (e[0] <= epoch) {
      found = e[0];
      const next = r.epochs[i + 1];
      end = next ? next[1] : r.leo;
    }
  }
  if (found < 0) return { epoch: -1, endOffset: -1 };
  return { epoch: found, endOffset: end };
}

/** Removes every record at or above `offset` (and the epoch entries that start there). */
export function truncateTo(r: Replica, offset: number): Rec[] {
  if (offset >= r.leo) {
    // LeaderEpochFileCache.truncateFromEnd: epochs starting at or after the end go even if no record does
    r.epochs = r.epochs.filter((e) => e[1] < Math.max(offset, r.leo) || e[1] < r.leo);
    if (offset === r.leo) r.epochs = r.epochs.filter((e) => e[1] < offset);
    return [];
  }
  const removed: Rec[] = [];
  const target = Math.max(offset, r.logStart);
  while (r.segments.length > 0) {
    const s = r.segments[r.segments.length - 1] as Segment;
    if (s.base >= target && r.segments.length > 1) {
      removed.unshift(...s.records);
      r.segments.pop();
      continue;
    }
    const keep: Rec[] = [];
    for (const rec of s.records) (rec.offset < target ? keep : removed).push(rec);
    s.records = keep;
    s.bytes = keep.reduce((n, x) => n + x.size, 0);
    if (keep.length === 0) s.base = target;
    break;
  }
  r.leo = target;
  if (r.hw > r.leo) r.hw = r.leo;
  r.epochs = r.epochs.filter((e) => e[1] < target);
  removed.sort((a, b) => a.offset - b.offset);
  // ProducerStateManager.truncateAndReload: producer state follows the log back
  if (r.pids && removed.some((q) => q.pid !== undefined)) rebuildProducerState(r);
  return removed;
}

/** Records in [from, to) (at most max), across segments. */
export function readRecords(r: Replica, from: number, to: number, max: number): Rec[] {
  const out: Rec[] = [];
  for (const s of r.segments) {
    const nextBase = s.records.length ? (s.records[s.records.length - 1] as Rec).offset + 1 : s.base;
    if (nextBase <= from) continue;
    for (const rec of s.records) {
      if (rec.offset < from) continue;
      if (rec.offset >= to || out.length >= max) return out;
      out.push(rec);
    }
  }
  return out;
}

/** The record at an offset, if this replica still has it. */
export function recordAt(r: Replica, offset: number): Rec | undefined {
  for (let i = r.segments.length - 1; i >= 0; i--) {
    const s = r.segments[i] as Segment;
    if (s.base > offset) continue;
    for (const rec of s.records) if (rec.offset === offset) return rec;
    return undefined;
  }
  return undefined;
}

export function logSize(r: Replica): number {
  return r.segments.reduce((n, s) => n + s.bytes, 0);
}

/**
 * Retention (UnifiedLog.deleteOldSegments): whole segments whose newest record is older than retention.ms,
 * or the oldest ones while the log is over retention.bytes; never the segment holding the high watermark
 * or above, and never the active segment (an expired active segment is rolled first, so it goes next time).
 */
export function applyRetention(r: Replica, cfg: TopicConfig, now: number): { deleted: Segment[]; rolled: boolean } {
  const deleted: Segment[] = [];
  let rolled = false;
  if (cfg['cleanup.policy'] !== 'delete') return { deleted, rolled };
  const expired = (s: Segment): boolean => cfg['retention.ms'] >= 0 && s.records.length > 0 && now - s.maxTs > cfg['retention.ms'];
  let size = logSize(r);
  const overSize = (s: Segment): boolean => cfg['retention.bytes'] >= 0 && size - s.bytes >= cfg['retention.bytes'];
  for (;;) {
    const s = r.segments[0];
    const next = r.segments[1];
    if (!s || !next) break;
    // the whole segment must be below the high watermark: its successor's base ≤ HW
    if (next.base > r.hw) break;
    if (!(expired(s) || overSize(s))) break;
    r.segments.shift();
    size -= s.bytes;
    deleted.push(s);
    r.logStart = next.base;
  }
  const a = r.segments[r.segments.length - 1];
  if (a && r.segments.length === 1 && expired(a) && r.hw >= r.leo) {
    r.segments.push(newSegment(r.leo, now));
    rolled = true;
  }
  return { deleted, rolled };
}

/**
 * Log cleaner for cleanup.policy=compact: in the closed segments (the "dirty" part below the active
 * segment), keep only the latest record of each key; tombstones (null value) are kept for delete.retention.ms
 * after the segment was cleaned, then removed.
 */
export function compact(r: Replica, cfg: TopicConfig, now: number): number {
  if (cfg['cleanup.policy'] !== 'compact' || r.segments.length < 2) return 0;
  const closed = r.segments.slice(0, -1);
  const all = closed.flatMap((s) => s.records);
  if (all.length === 0) return 0;
  const latest = new Map<string, number>();
  for (const rec of r.segments.flatMap((s) => s.records)) if (rec.key !== null) latest.set(rec.key, rec.offset);
  const dirty = all.filter((rec) => rec.key !== null && latest.get(rec.key) !== rec.offset).length;
  const tombstonesDue = all.some((rec) => rec.value === null && now - rec.ts > cfg['delete.retention.ms']);
  if (dirty / all.length < cfg['min.cleanable.dirty.ratio'] && !tombstonesDue) return 0;
  let removed = 0;
  for (const s of closed) {
    const keep = s.records.filter((rec) => {
      if (rec.key === null) return true;
      if (latest.get(rec.key) !== rec.offset) return false;
      if (rec.value === null && now - rec.ts > cfg['delete.retention.ms']) return false;
      return true;
    });
    removed += s.records.length - keep.length;
    s.records = keep;
    s.bytes = keep.reduce((n, x) => n + x.size, 0);
    s.cleaned = true;
  }
  return removed;
}

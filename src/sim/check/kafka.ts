/**
 * Jepsen's Kafka anomaly checkers (after `jepsen.tests.kafka`), over a history of sends and polls per
 * topic-partition. Every value is unique (one write = one value), so a value identifies its write.
 *
 * - **lost write**: an acknowledged send whose value is not in the final log (read by the final "drain",
 *   which polls every partition through to its end) and that no observer ever read.
 *   (Acknowledged, read once and then gone is also a lost write: "lost after being read".)
 * - **duplicate**: the same value at two offsets of a topic-partition (across every observation).
 * - **inconsistent offsets**: two different values at the same topic-partition offset across observers
 *   (acknowledged sends, every consumer's polls, the final log).
 * - **non-monotonic poll**: within one consumer's poll sequence for a partition, a poll that starts at or
 *   below an offset it already read, with no seek / rebalance in between (`epoch` changes mark those).
 * - **poll skip**: a poll that starts beyond the next offset present in the final log (offsets that exist
 *   were jumped over). Reported, not a failure: it is expected across rebalances and seeks.
 *
 * Configurations that are allowed to lose data (acks < all, unclean leader election, the pre-KIP-101
 * high-watermark truncation) are not checked for "no loss" but for the loss being *explained*: the caller
 * passes `explain`, which says why (from the simulator's trace) or returns null (unexplained = a problem).
 *
 * Pure functions over plain data; no simulator imports.
 */

export interface KafkaSend {
  /** The unique value written. */
  value: string;
  tp: string;
  /** acks of the request: 0, 1 or -1 (all). */
  acks: number;
  /** Acknowledged (the producer got a success with an offset). */
  acked: boolean;
  offset?: number;
  producer?: string;
}

export interface KafkaRecordSeen {
  offset: number;
  value: string | null;
}

export interface KafkaPoll {
  consumer: string;
  tp: string;
  /** Changes on every seek / rebalance / position reset of this consumer: ordering is only required within one epoch. */
  epoch: number;
  records: KafkaRecordSeen[];
  /** The position the poll was issued at, when known (for skips of empty polls; optional). */
  from?: number;
}

export interface KafkaHistory {
  sends: KafkaSend[];
  /** Polls in the order each consumer received them. */
  polls: KafkaPoll[];
  /** tp → the final log as read by the drain (every partition read to its end after healing). */
  final: Record<string, KafkaRecordSeen[]>;
  /** tp → the log start offset at the drain (records below it may have been deleted by retention). */
  finalLogStart?: Record<string, number>;
}

export type KafkaAnomalyKind = 'lost-write' | 'duplicate' | 'inconsistent-offsets' | 'nonmonotonic-poll';

export interface KafkaAnomaly {
  kind: KafkaAnomalyKind;
  tp: string;
  offset?: number;
  value?: string;
  /** Inconsistent offsets: the values seen at that offset. */
  values?: string[];
  detail: string;
}

export interface KafkaCheckOptions {
  /** Why an anomaly is allowed by the configuration and the trace, or null when nothing explains it. */
  explain?: (a: KafkaAnomaly, send?: KafkaSend) => string | null;
  /** At most this many problems are listed (all are counted). */
  maxListed?: number;
}

export interface KafkaCheckReport {
  ok: boolean;
  /** Unexplained anomalies: failures. */
  problems: string[];
  /** Anomalies the configuration allowed, with the reason (not failures). */
  explained: string[];
  counts: {
    sends: number;
    acked: number;
    lostWrites: number;
    lostExplained: number;
    duplicates: number;
    inconsistentOffsets: number;
    nonmonotonicPolls: number;
    pollSkips: number;
    /** Unacknowledged (failed / indeterminate / acks=0) sends that are in the final log anyway. */
    unackedPresent: number;
    polls: number;
    recordsRead: number;
  };
}

function describe(a: KafkaAnomaly): string {
  return `${a.kind} ${a.tp}${a.offset !== undefined ? `@${a.offset}` : ''}${a.value !== undefined ? ` ${JSON.stringify(a.value)}` : ''}: ${a.detail}`;
}

export function checkKafkaHistory(h: KafkaHistory, opts: KafkaCheckOptions = {}): KafkaCheckReport {
  const maxListed = opts.maxListed ?? 20;
  const problems: string[] = [];
  const explained: string[] = [];
  const counts: KafkaCheckReport['counts'] = {
    sends: h.sends.length,
    acked: 0,
    lostWrites: 0,
    lostExplained: 0,
    duplicates: 0,
    inconsistentOffsets: 0,
    nonmonotonicPolls: 0,
    pollSkips: 0,
    unackedPresent: 0,
    polls: h.polls.length,
    recordsRead: 0,
  };
  const sendOf = new Map<string, KafkaSend>();
  for (const s of h.sends) sendOf.set(s.value, s);
  let unexplained = 0;
  const report = (a: KafkaAnomaly): boolean => {
    const why = opts.explain?.(a, a.value !== undefined ? sendOf.get(a.value) : undefined) ?? null;
    if (why !== null) {
      if (explained.length < maxListed) explained.push(`${describe(a)} — allowed: ${why}`);
      return true;
    }
    unexplained++;
    if (problems.length < maxListed) problems.push(describe(a));
    return false;
  };

  // every observation: tp → offset → values (with who saw them), and tp → value → offsets
  const atOffset = new Map<string, Map<number, Map<string, string>>>();
  const offsetsOf = new Map<string, Map<string, Set<number>>>();
  const seen = new Set<string>();
  const observe = (tp: string, offset: number, value: string | null, who: string): void => {
    if (value === null) return;
    let byOff = atOffset.get(tp);
    if (!byOff) atOffset.set(tp, (byOff = new Map()));
    let vals = byOff.get(offset);
    if (!vals) byOff.set(offset, (vals = new Map()));
    if (!vals.has(value)) vals.set(value, who);
    let byVal = offsetsOf.get(tp);
    if (!byVal) offsetsOf.set(tp, (byVal = new Map()));
    let offs = byVal.get(value);
    if (!offs) byVal.set(value, (offs = new Set()));
    offs.add(offset);
  };
  for (const s of h.sends) {
    if (!s.acked) continue;
    counts.acked++;
    if (s.offset !== undefined && s.offset >= 0) observe(s.tp, s.offset, s.value, `the ack to ${s.producer ?? 'the producer'}`);
  }
  for (const p of h.polls) {
    for (const r of p.records) {
      counts.recordsRead++;
      observe(p.tp, r.offset, r.value, p.consumer);
      if (r.value !== null) seen.add(`${p.tp}|${r.value}`);
    }
  }
  const finalValues = new Map<string, Set<string>>();
  const finalOffsets = new Map<string, number[]>();
  for (const [tp, recs] of Object.entries(h.final)) {
    const vals = new Set<string>();
    for (const r of recs) {
      observe(tp, r.offset, r.value, 'the final log');
      if (r.value !== null) vals.add(r.value);
    }
    finalValues.set(tp, vals);
    finalOffsets.set(
      tp,
      recs.map((r) => r.offset),
    );
  }

  // lost writes
  for (const s of h.sends) {
    const inFinal = finalValues.get(s.tp)?.has(s.value) ?? false;
    if (!s.acked) {
      if (inFinal) counts.unackedPresent++;
      continue;
    }
    if (inFinal) continue;
    if (!(s.tp in h.final)) continue; // the partition was never drained: nothing to say
    const start = h.finalLogStart?.[s.tp] ?? 0;
    if (s.offset !== undefined && s.offset >= 0 && s.offset < start) continue; // deleted by retention
    counts.lostWrites++;
    const readBefore = seen.has(`${s.tp}|${s.value}`);
    const ok = report({
      kind: 'lost-write',
      tp: s.tp,
      ...(s.offset !== undefined ? { offset: s.offset } : {}),
      value: s.value,
      detail: `acknowledged (acks=${s.acks === -1 ? 'all' : s.acks}) but not in the final log${readBefore ? ' (it was read before: lost after being read)' : ' and never read'}`,
    });
    if (ok) counts.lostExplained++;
  }

  // duplicates and inconsistent offsets
  for (const [tp, byVal] of offsetsOf) {
    for (const [value, offs] of byVal) {
      if (offs.size < 2) continue;
      counts.duplicates++;
      const list = [...offs].sort((a, b) => a - b);
      report({ kind: 'duplicate', tp, offset: list[0] as number, value, detail: `the same value at offsets ${list.join(', ')}` });
    }
  }
  for (const [tp, byOff] of atOffset) {
    const offsets = [...byOff.keys()].sort((a, b) => a - b);
    for (const o of offsets) {
      const vals = byOff.get(o) as Map<string, string>;
      if (vals.size < 2) continue;
      counts.inconsistentOffsets++;
      const shown = [...vals.entries()].slice(0, 4).map(([v, who]) => `${JSON.stringify(v)} (${who})`);
      report({ kind: 'inconsistent-offsets', tp, offset: o, values: [...vals.keys()], detail: `different values at one offset: ${shown.join(' vs ')}` });
    }
  }

  // per consumer and partition: monotonic polls within an epoch; skips over offsets present in the final log
  const last = new Map<string, { epoch: number; offset: number }>();
  for (const p of h.polls) {
    const key = `${p.consumer}|${p.tp}`;
    const prev = last.get(key);
    const first = p.records[0];
    if (first && prev && prev.epoch === p.epoch) {
      if (first.offset <= prev.offset) {
        counts.nonmonotonicPolls++;
        report({ kind: 'nonmonotonic-poll', tp: p.tp, offset: first.offset, detail: `${p.consumer} polled offset ${first.offset} after having read up to ${prev.offset} (no seek or rebalance in between)` });
      } else if (first.offset > prev.offset + 1) {
        const fin = finalOffsets.get(p.tp);
        if (fin && fin.some((o) => o > prev.offset && o < first.offset)) counts.pollSkips++;
      }
    }
    // within one poll, offsets must increase too
    for (let i = 1; i < p.records.length; i++) {
      const a = p.records[i - 1] as KafkaRecordSeen;
      const b = p.records[i] as KafkaRecordSeen;
      if (b.offset <= a.offset) {
        counts.nonmonotonicPolls++;
        report({ kind: 'nonmonotonic-poll', tp: p.tp, offset: b.offset, detail: `${p.consumer} got offset ${b.offset} after ${a.offset} within one poll` });
      }
    }
    const lastRec = p.records[p.records.length - 1];
    if (lastRec) last.set(key, { epoch: p.epoch, offset: lastRec.offset });
    else if (prev && prev.epoch !== p.epoch) last.delete(key);
  }

  return { ok: unexplained === 0, problems, explained, counts };
}

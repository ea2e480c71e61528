import { describe, expect, it } from 'vitest';
import type { Json } from '../kernel/types';
import { segmentName } from './log';
import { kafkaSim, notes } from './testkit';
import type { BrokerContext } from './types';

/**
 * Segment files are written incrementally (a roll writes the segments that changed, retention deletes the
 * expired files, truncation rewrites only the segment it cut into). That must leave the disk exactly as a
 * rewrite of the whole log would: every segment in memory is on disk with equal content (same keys in the
 * same order) and no other segment file is, checked at every step of a run with rolls, retention, compaction, crashes and truncation.
 */
function mismatches(sim: ReturnType<typeof kafkaSim>): string[] {
  const out: string[] = [];
  for (const node of sim.world.nodeIds()) {
    if (sim.world.spec(node).kind !== 'broker' || sim.world.status(node) === 'crashed') continue;
    const ctx = (sim.world.snapshotOf(node) as unknown as { context?: BrokerContext } | undefined)?.context;
    if (!ctx?.replicas) continue;
    const disk = sim.world.diskOf(node) as Record<string, Json>;
    for (const [tp, r] of Object.entries(ctx.replicas)) {
      for (const s of r.segments) {
        const onDisk = disk[`log/${tp}/${segmentName(s.base)}.log`];
        // an empty segment's file is empty: nothing is written until its first record (or a roll / truncation)
        if (onDisk === undefined ? s.records.length > 0 : JSON.stringify(onDisk) !== JSON.stringify(s)) out.push(`${node} ${tp} ${s.base} at ${sim.now}`);
      }
      // and no file of a segment the log no longer has (deleted by retention, or cut off by a truncation)
      const bases = new Set(r.segments.map((s) => `log/${tp}/${segmentName(s.base)}.log`));
      for (const k of Object.keys(disk)) if (k.startsWith(`log/${tp}/`) && k.endsWith('.log') && !bases.has(k)) out.push(`${node} stale ${k} at ${sim.now}`);
    }
  }
  return out;
}

describe('incremental segment persistence', () => {
  it('the disk always equals a full rewrite of every log (rolls, retention, compaction, truncation, restarts)', () => {
    const sim = kafkaSim(
      {
        brokers: 3,
        kafka: {
          segmentBytes: 300,
          retentionMs: 15_000,
          retentionCheckIntervalMs: 3_000,
          offsetsTopicPartitions: 3,
          workload: { producers: 2, messagesPerSecond: 20, consumers: 2, topics: 2, partitions: 2, replicationFactor: 3, groupId: 'g', assignor: 'range', acks: 1 },
        } as never,
      },
      11,
    );
    const bad: string[] = [];
    let steps = 0;
    const runTo = (t: number): void => {
      while (sim.now < t && sim.step()) if (++steps % 100 === 0) bad.push(...mismatches(sim));
      bad.push(...mismatches(sim));
    };
    runTo(25_000);
    // crashes and restarts: unacknowledged (acks=1) suffixes get truncated, logs reload from disk
    for (const [i, node] of ['broker1', 'broker2', 'broker3', 'broker1'].entries()) {
      sim.act({ type: 'crash', node });
      runTo(25_000 + i * 12_000 + 6_000);
      sim.act({ type: 'restart', node });
      runTo(25_000 + (i + 1) * 12_000);
    }
    runTo(sim.now + 10_000);
    expect(bad.slice(0, 5)).toEqual([]);
    // the run did exercise the incremental paths
    expect(notes(sim, 'kafka.log.rolled').length).toBeGreaterThan(0);
    expect(notes(sim, 'kafka.log.segmentsDeleted').length).toBeGreaterThan(0);
    expect(notes(sim, 'kafka.replica.truncated').length).toBeGreaterThan(0);
  }, 120_000);
});

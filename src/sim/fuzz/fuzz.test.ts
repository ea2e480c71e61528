/**
 * The CI slice of the swarm harness: a fixed set of seeds (a few seconds each on a slow machine), the
 * determinism check, replay of a recorded run, and delta debugging. Thousands of seeds: `npm run fuzz`
 * (see scripts/fuzz.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { checkKafkaHistory } from '../check/kafka';
import type { KafkaHistory } from '../check/kafka';
import { checkZkHistory } from '../check/zk';
import type { ZkHistoryOp } from '../check/zk';
import { ddmin, planSeed, replaySeed, runSeed } from './harness';

/**
 * Seeds chosen to cover 1, 2, 3, 4, 5, 7 and 9 servers, observers and every fault kind; 15 s safety phases to
 * fit CI. Seeds 2, 17 and 54 also run Kafka (2 brokers RF 1; 4 brokers RF 3 acks=all minISR 2 with a group of
 * 3; 4 brokers, two topics).
 */
export const CI_SEEDS = [2, 7, 9, 17, 18, 19, 21, 26, 29, 40, 54];

/**
 * Kafka seeds: 53 (3 brokers RF 3, acks=all, unclean election on, targeted faults: an unclean election),
 * 23 (acks=1, unclean on, a single-server ensemble: an acknowledged write lost and explained), 70 (the
 * pre-KIP-101 high-watermark truncation, acks=all minISR 2), 30 (acks=0, legacy truncation, 9 ZooKeeper servers).
 */
export const KAFKA_CI_SEEDS = [53, 23, 70, 30];

describe('swarm simulation (CI seeds)', () => {
  for (const seed of CI_SEEDS) {
    it(`seed ${seed} passes every invariant, history check and the liveness phase`, () => {
      const r = runSeed(seed, { safetyMs: 15_000 });
      expect(r.failures, `reproduce: npm run fuzz -- --seed ${seed}`).toEqual([]);
      expect(r.stats['calls']).toBeGreaterThan(0);
    }, 60_000);
  }

  for (const seed of KAFKA_CI_SEEDS) {
    it(`Kafka seed ${seed} passes every invariant, the Kafka checkers and the liveness phase`, () => {
      const r = runSeed(seed, { safetyMs: 15_000 });
      expect(r.plan.domains.map((d) => d.name)).toContain('kafka');
      expect(r.failures, `reproduce: npm run fuzz -- --seed ${seed}`).toEqual([]);
      expect(r.stats['kafka.sends']).toBeGreaterThan(0);
      expect(r.stats['kafka.finalRecords']).toBeGreaterThan(0);
    }, 60_000);
  }

  it('same seed twice ⇒ same trace; the recorded run replays to the same trace', () => {
    const r = runSeed(5, { safetyMs: 10_000, checkDeterminism: true });
    expect(r.failures).toEqual([]);
  }, 60_000);

  it('replaying the recorded safety-phase actions reproduces the run exactly', () => {
    const r = runSeed(4, { safetyMs: 10_000 });
    const again = replaySeed(r.plan, r.safetyActions);
    expect(again.hash).toBe(r.hash);
    expect(again.stats).toEqual(r.stats);
  }, 60_000);

  it('plans differ between seeds and are a pure function of the seed', () => {
    expect(planSeed(123)).toEqual(planSeed(123));
    const sizes = new Set(Array.from({ length: 60 }, (_, i) => planSeed(i).config.zk.servers));
    expect(sizes.size).toBeGreaterThanOrEqual(4);
  });
});

describe('the checkers catch a lying history from a real run', () => {
  let history: ZkHistoryOp[] = [];
  beforeAll(() => {
    history = runSeed(2, { safetyMs: 15_000 }).artifacts['zkHistory'] as ZkHistoryOp[];
  }, 60_000);
  const clone = (): ZkHistoryOp[] => JSON.parse(JSON.stringify(history, (_k, v: unknown) => (v === Infinity ? 'Infinity' : v)), (_k, v: unknown) => (v === 'Infinity' ? Infinity : v)) as ZkHistoryOp[];

  it('the real history passes', () => {
    expect(checkZkHistory(clone()).problems).toEqual([]);
  });

  it('a read returning data nobody wrote is caught', () => {
    const h = clone();
    const read = h.find((o) => o.request.op === 'getData' && o.reply?.rc === 'OK' && /^\/fz\/k/.test(o.request.path ?? ''));
    expect(read).toBeDefined();
    if (read?.reply) read.reply.data = 'never-written';
    expect(checkZkHistory(h).problems.join('\n')).toMatch(/linearizability of \/fz\/k/);
  });

  it('an acknowledged write that vanished is caught', () => {
    const h = clone();
    // the last successful setData on a key that is read afterwards: pretend a different value was written
    const writes = h.filter((o) => o.request.op === 'setData' && o.reply?.rc === 'OK' && /^\/fz\/k/.test(o.request.path ?? ''));
    const w = writes.find((x) => h.some((o) => o.request.op === 'getData' && o.reply?.rc === 'OK' && o.reply.data === x.request.data && o.call > x.ret));
    expect(w).toBeDefined();
    if (w) w.request.data = 'lost';
    expect(checkZkHistory(h).ok).toBe(false);
  });
});

describe('the Kafka checkers catch a lying history from a real run', () => {
  let history: KafkaHistory = { sends: [], polls: [], final: {} };
  beforeAll(() => {
    history = runSeed(53, { safetyMs: 15_000 }).artifacts['kafkaHistory'] as KafkaHistory;
  }, 60_000);
  const clone = (): KafkaHistory => structuredClone(history);

  it('the real history passes, and has sends, group polls and a drained final log', () => {
    const r = checkKafkaHistory(clone());
    expect(r.problems).toEqual([]);
    expect(r.counts.acked).toBeGreaterThan(10);
    expect(history.polls.some((p) => p.consumer.startsWith('consumer'))).toBe(true);
    expect(Object.keys(history.final).length).toBeGreaterThan(0);
  });

  it('an acknowledged record missing from the final log is a lost write', () => {
    const h = clone();
    const [tp, recs] = Object.entries(h.final).find(([, l]) => l.length > 2) as [string, KafkaHistory['final'][string]];
    const gone = recs.splice(1, 1)[0];
    expect(gone).toBeDefined();
    const r = checkKafkaHistory(h);
    expect(r.counts.lostWrites).toBeGreaterThanOrEqual(1);
    expect(r.problems.join('\n')).toMatch(new RegExp(`lost-write ${tp}`));
  });

  it('a poll that saw another value at an offset is an inconsistent offset; a repeated one is non-monotonic', () => {
    const h = clone();
    const poll = h.polls.find((p) => p.records.length > 0 && p.consumer !== 'drain');
    expect(poll).toBeDefined();
    if (!poll) return;
    (poll.records[0] as { value: string | null }).value = 'forged';
    expect(checkKafkaHistory(h).problems.join('\n')).toMatch(/inconsistent-offsets/);
    const h2 = clone();
    const i = h2.polls.findIndex((p) => p.records.length > 0 && p.consumer !== 'drain');
    h2.polls.splice(i + 1, 0, structuredClone(h2.polls[i] as KafkaHistory['polls'][number]));
    expect(checkKafkaHistory(h2).problems.join('\n')).toMatch(/nonmonotonic-poll/);
  });
});

describe('delta debugging', () => {
  it('finds a 1-minimal failing subset', () => {
    const items = Array.from({ length: 40 }, (_, i) => i);
    // fails when both 7 and 31 are present
    const min = ddmin(items, (s) => s.includes(7) && s.includes(31));
    expect(min).toEqual([7, 31]);
    let tests = 0;
    const bounded = ddmin(items, () => ++tests > 0, () => tests < 5);
    expect(tests).toBeLessThanOrEqual(5);
    expect(bounded.length).toBeLessThan(items.length);
  });
});

/**
 * Seeds that once failed, pinned so they keep passing. Add a line per fixed failure:
 * the seed, what failed, and what fixed it.
 */
import { describe, expect, it } from 'vitest';
import { runSeed } from './harness';

export const REGRESSION_SEEDS: Array<{ seed: number; safetyMs?: number; why: string }> = [
  // The harness issued creates under /fz before /fz existed; their NoNode (missing *parent*) was read as
  // "the key is absent", a false linearizability failure. Fixed: parents are created first (retried after
  // ConnectionLoss), and the checker ignores a NoNode caused by a missing parent.
  { seed: 1, safetyMs: 20_000, why: 'false alarm: NoNode from a missing parent taken as a key read' },
  { seed: 3, safetyMs: 20_000, why: 'false alarm: NoNode from a missing parent taken as a key read' },
  // A batch worker stalled on this seed (2.8 GB, minutes): the WGL search on one key with many
  // indeterminate (ConnectionLoss) ops exploded. Fixed: a work budget per key (maxWork); the key is now
  // reported as unknown (stats.unknownKeys) instead of hanging the run.
  { seed: 10141, why: 'linearizability search must stay bounded (one key ends as unknown)' },
];

/**
 * Seeds that fail because of a simulator bug outside the harness (src/sim/kafka, src/sim/zookeeper, owned
 * elsewhere): skipped until it is fixed, then move them to REGRESSION_SEEDS.
 */
export const KNOWN_SIMULATOR_BUGS: Array<{ seed: number; safetyMs?: number; why: string }> = [
  // Kafka, liveness: a follower truncates to offset 0, re-fetches, and truncates again, forever (thousands of
  // `kafka.replica.truncated` reason=leader-epoch notes a second from t≈56 s); the ISR never returns to all
  // replicas. broker3 restarted at 45.3 s and loaded a leader-epoch cache from disk that lacks the epochs of
  // records it had appended as a follower (the cache is persisted on becoming leader / rolls / truncation, not
  // when a follower's append starts a new epoch); elected leader of epoch 3 its cache is [[3, 29]] only, so
  // endOffsetFor(the follower's lastFetchedEpoch) = (-1, -1) → the follower truncates to 0, refetches records
  // of epochs 0–2 with no epoch check (lastFetchedEpoch = -1), and the next fetch diverges again.
  { seed: 3, why: 'Kafka: follower truncation loop after a leader restarted with an incomplete leader-epoch cache' },
  // ZooKeeper (7 voters + observer zk8, with Kafka brokers on the ensemble): from t≈5 s a FastLeaderElection
  // NOTIFICATION ping-pong between zk2 and the observer zk8 (≈470,000 notifications in 22 simulated s, each
  // answered at once by the other side); the run crawls (minutes of wall time per simulated minute). Not
  // diagnosed further: the notification-reply rule between a LOOKING voter and an observer.
  { seed: 76, why: 'ZooKeeper: endless FLE notification exchange between a voter and the observer (event storm)' },
  // Found in the last batch, not diagnosed yet (brokers' own state, nothing the harness waits on by mistake):
  // broker4 is still REGISTERING 120 s after healing (every other broker and the ensemble are fine).
  { seed: 170, why: 'Kafka liveness (undiagnosed): a broker never finishes registering after healing' },
  // topic1-0 keeps ISR [1] of replicas [3,1] and __consumer_offsets-0 ISR [1,2] of [3,1,2] for 120 s after
  // healing (broker3 never rejoins), and the consumer group stays Empty with none of its 3 members.
  { seed: 232, why: 'Kafka liveness (undiagnosed): a replica never rejoins the ISR; the group never re-forms' },
];

describe('pinned regression seeds', () => {
  for (const r of REGRESSION_SEEDS) {
    it(`seed ${r.seed}: ${r.why}`, () => {
      const res = runSeed(r.seed, r.safetyMs !== undefined ? { safetyMs: r.safetyMs } : {});
      expect(res.failures, `reproduce: npm run fuzz -- --seed ${r.seed}`).toEqual([]);
    }, 60_000);
  }
  for (const r of KNOWN_SIMULATOR_BUGS) {
    it.skip(`seed ${r.seed} (known simulator bug): ${r.why}`, () => {
      const res = runSeed(r.seed, r.safetyMs !== undefined ? { safetyMs: r.safetyMs } : {});
      expect(res.failures, `reproduce: npm run fuzz -- --seed ${r.seed}`).toEqual([]);
    }, 600_000);
  }
});

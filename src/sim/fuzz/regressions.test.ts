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
  // Kafka: a follower truncated to 0 again and again after a leader restarted with an incomplete leader-epoch
  // cache. Fixed: the cache is flushed when a follower's append starts a new epoch (LeaderEpochFileCache.assign).
  { seed: 3, why: 'Kafka: follower truncation loop after a restart with an incomplete leader-epoch cache' },
  // Kafka: after a majorities ring a broker kept a stale leadership forever (its AlterPartition fenced) because
  // the controller's LeaderAndIsr was lost in the partition. Fixed: the controller's channel resends
  // unanswered LeaderAndIsr requests (ControllerChannelManager); consumers discard stale fetch responses.
  { seed: 232, why: 'Kafka: a replica never rejoined the ISR; a lost LeaderAndIsr must be resent' },
];

/**
 * Seeds that fail because of a simulator bug outside the harness (src/sim/kafka, src/sim/zookeeper, owned
 * elsewhere): skipped until it is fixed, then move them to REGRESSION_SEEDS.
 */
export const KNOWN_SIMULATOR_BUGS: Array<{ seed: number; safetyMs?: number; why: string }> = [
  // ZooKeeper (7 voters + observer zk8, with Kafka brokers on the ensemble): from t≈5 s a FastLeaderElection
  // NOTIFICATION ping-pong between zk2 and the observer zk8 (≈470,000 notifications in 22 simulated s, each
  // answered at once by the other side); the run crawls (minutes of wall time per simulated minute). Not
  // diagnosed further: the notification-reply rule between a LOOKING voter and an observer.
  { seed: 76, why: 'ZooKeeper: endless FLE notification exchange between a voter and the observer (event storm)' },
  // Not diagnosed yet: broker4 is still REGISTERING 120 s after healing (every other broker and the ensemble
  // are fine); the shrunk schedule pauses brokers and cuts them from the ensemble.
  { seed: 170, why: 'Kafka liveness (undiagnosed): a broker never finishes registering after healing' },
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

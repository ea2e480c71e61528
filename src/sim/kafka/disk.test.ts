import { describe, expect, it } from 'vitest';
import '../zookeeper/register';
import './register';
import { Simulation } from '../simulation';
import type { BrokerContext } from './types';
import { segmentName } from './log';

describe('log segments on the simulated disk', () => {
  it('the disk holds exactly the in-memory segments (appends, rolls, retention) and a restart reloads them', () => {
    const sim = new Simulation({
      seed: 5,
      zk: { servers: 3, clients: 0 },
      brokers: 3,
      kafka: { cli: false, workload: { producers: 2, messagesPerSecond: 40, consumers: 1, topics: 1, partitions: 2, replicationFactor: 3, groupId: 'g', assignor: 'range', acks: -1 } },
    } as never);
    sim.runUntil(90_000);
    let segments = 0;
    let rolled = 0;
    for (const node of sim.world.nodeIds().filter((n) => sim.world.spec(n).kind === 'broker')) {
      const ctx = (sim.world.snapshotOf(node) as unknown as { context: BrokerContext }).context;
      const disk = sim.world.diskOf(node);
      for (const [tp, r] of Object.entries(ctx.replicas)) {
        if (r.segments.length > 1) rolled++;
        for (const s of r.segments) {
          // an empty segment's file is empty: nothing is written until its first record
          if (!s.records.length) continue;
          segments++;
          expect(disk[`log/${tp}/${segmentName(s.base)}.log`], `${node} ${tp} ${s.base}`).toEqual(JSON.parse(JSON.stringify(s)));
        }
      }
    }
    expect(segments).toBeGreaterThan(0);
    expect(rolled).toBeGreaterThan(0);
    // a broker restarted from its disk has the same log
    const before = (sim.world.snapshotOf('broker1') as unknown as { context: BrokerContext }).context.replicas;
    const leos = Object.fromEntries(Object.entries(before).map(([tp, r]) => [tp, r.leo]));
    sim.act({ type: 'crash', node: 'broker1' });
    sim.act({ type: 'restart', node: 'broker1' });
    sim.runUntil(sim.now + 1);
    const after = (sim.world.snapshotOf('broker1') as unknown as { context: BrokerContext }).context.replicas;
    for (const [tp, leo] of Object.entries(leos)) expect(after[tp]?.leo, tp).toBe(leo);
  });
});

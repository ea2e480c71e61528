import { describe, expect, it } from 'vitest';
import type { Simulation } from '../simulation';
import { readRecords } from './log';
import { broker, controllerOf, kafkaSim, kcall, notes, partitionState, replica } from './testkit';

function createTopic(sim: Simulation, topic: string, partitions: number, rf: number, config: Record<string, string> = {}, assignment?: Record<string, number[]>) {
  const r = kcall(sim, { op: 'createTopic', topic, partitions, replicationFactor: rf, config, ...(assignment ? { assignment } : {}) });
  expect(r?.['error']).toBe('NONE');
  sim.runUntil(sim.now + 2000);
}

function produce(sim: Simulation, topic: string, partition: number, values: string[], acks: number, retries = 0) {
  return kcall(sim, { op: 'produce', topic, acks, retries, records: values.map((value) => ({ key: null, value, partition })) }) as { results: Array<{ offset: number; error: string }> } | undefined;
}

function values(sim: Simulation, b: number, tp: string): string[] {
  const r = replica(sim, b, tp);
  return r ? readRecords(r, r.logStart, r.leo, 10_000).map((x) => String(x.value)) : [];
}

function others(all: number[], ...not: number[]): number[] {
  return all.filter((b) => !not.includes(b));
}

describe('kafka in zookeeper mode', () => {
  it('elects one controller (epoch 1) and spreads the leaders of a new topic over the brokers', () => {
    const sim = kafkaSim({ brokers: 3 });
    sim.runUntil(15_000);
    expect(controllerOf(sim)?.epoch).toBe(1);
    createTopic(sim, 't', 6, 3);
    const leaders = [0, 1, 2, 3, 4, 5].map((p) => partitionState(sim, `t-${p}`)?.leader);
    const count: Record<string, number> = {};
    for (const l of leaders) count[String(l)] = (count[String(l)] ?? 0) + 1;
    expect(Object.values(count)).toEqual([2, 2, 2]);
    for (let p = 0; p < 6; p++) expect(partitionState(sim, `t-${p}`)?.isr.length).toBe(3);
    expect(sim.world.violations).toEqual([]);
  });

  it('a crashed broker loses leadership only after its ZooKeeper session expires; the ISR shrinks and the leader epoch grows', () => {
    const sim = kafkaSim({ brokers: 3 });
    sim.runUntil(15_000);
    createTopic(sim, 't', 3, 3);
    const ctl = controllerOf(sim)?.id as number;
    const victimTp = [0, 1, 2].map((p) => `t-${p}`).find((tp) => partitionState(sim, tp)?.leader !== ctl) as string;
    const victim = partitionState(sim, victimTp)?.leader as number;
    const before = partitionState(sim, victimTp);
    const p = Number(victimTp.slice(2));
    expect(produce(sim, 't', p, ['a', 'b', 'c'], -1)?.results.every((r) => r.error === 'NONE')).toBe(true);
    const t0 = sim.now;
    sim.tryAct({ type: 'crash', node: `broker${victim}` });
    sim.runUntil(t0 + 15_000);
    expect(partitionState(sim, victimTp)?.leader).toBe(victim); // session still alive
    sim.runUntil(t0 + 25_000);
    const after = partitionState(sim, victimTp);
    expect(after?.leader).not.toBe(victim);
    expect(after?.isr).not.toContain(victim);
    expect(after?.leader_epoch).toBe((before?.leader_epoch ?? 0) + 1);
    const moved = notes(sim, 'kafka.controller.brokerChange').find((n) => n.detail?.includes(`"dead":"${victim}"`));
    expect(moved && moved.t - t0).toBeGreaterThan(18_000);
    // nothing acknowledged was lost
    expect(values(sim, after?.leader as number, victimTp)).toEqual(['a', 'b', 'c']);
    expect(sim.world.violations).toEqual([]);
  });

  it('a crashed controller is replaced by one with a higher epoch, and a paused (zombie) one is fenced', () => {
    const sim = kafkaSim({ brokers: 3 });
    sim.runUntil(15_000);
    createTopic(sim, 't', 3, 3);
    const c1 = controllerOf(sim) as { id: number; epoch: number };
    sim.tryAct({ type: 'crash', node: `broker${c1.id}` });
    sim.runUntil(sim.now + 25_000);
    const c2 = controllerOf(sim) as { id: number; epoch: number };
    expect(c2.id).not.toBe(c1.id);
    expect(c2.epoch).toBe(c1.epoch + 1);
    // zombie: pause the new controller past its session timeout, then resume it
    sim.tryAct({ type: 'pause', node: `broker${c2.id}` });
    sim.runUntil(sim.now + 25_000);
    const c3 = controllerOf(sim) as { id: number; epoch: number };
    expect(c3.epoch).toBe(c2.epoch + 1);
    sim.tryAct({ type: 'resume', node: `broker${c2.id}` });
    sim.runUntil(sim.now + 5000);
    expect(broker(sim, c2.id)?.ctl).toBeNull();
    expect(sim.world.violations).toEqual([]);
  });

  it('acks=all with min.insync.replicas=2 and two brokers down: produce refused, nothing acknowledged lost', () => {
    const sim = kafkaSim({ brokers: 3 });
    sim.runUntil(15_000);
    const ctl = controllerOf(sim)?.id as number;
    const [b1, b2] = others([1, 2, 3], ctl) as [number, number];
    createTopic(sim, 'safe', 1, 3, { 'min.insync.replicas': '2' }, { '0': [ctl, b1, b2] });
    expect(produce(sim, 'safe', 0, ['m1', 'm2'], -1)?.results.map((r) => r.error)).toEqual(['NONE', 'NONE']);
    sim.tryAct({ type: 'crash', node: `broker${b1}` });
    sim.tryAct({ type: 'crash', node: `broker${b2}` });
    sim.runUntil(sim.now + 25_000);
    expect(partitionState(sim, 'safe-0')?.isr).toEqual([ctl]);
    const r = produce(sim, 'safe', 0, ['m3'], -1);
    expect(r?.results[0]?.error).toBe('NOT_ENOUGH_REPLICAS');
    expect(values(sim, ctl, 'safe-0')).toEqual(['m1', 'm2']);
    // acks=1 still works
    expect(produce(sim, 'safe', 0, ['m4'], 1)?.results[0]?.error).toBe('NONE');
    expect(sim.world.violations).toEqual([]);
  });

  function isolatedLeaderRun(unclean: boolean) {
    const sim = kafkaSim({ brokers: 4 });
    sim.runUntil(15_000);
    const ctl = controllerOf(sim)?.id as number;
    const [l, f1, f2] = others([1, 2, 3, 4], ctl) as [number, number, number];
    createTopic(sim, 'u', 1, 3, { 'unclean.leader.election.enable': String(unclean) }, { '0': [l, f1, f2] });
    expect(produce(sim, 'u', 0, ['c1', 'c2'], -1)?.results.map((r) => r.error)).toEqual(['NONE', 'NONE']);
    // the leader loses its followers (but still talks to ZooKeeper, the controller and clients)
    sim.tryAct({ type: 'partition', groups: [[`broker${l}`], [`broker${f1}`, `broker${f2}`]] });
    sim.runUntil(sim.now + 50_000);
    expect(partitionState(sim, 'u-0')?.isr).toEqual([l]);
    const acked = produce(sim, 'u', 0, ['x1', 'x2', 'x3'], 1);
    expect(acked?.results.map((r) => r.error)).toEqual(['NONE', 'NONE', 'NONE']);
    sim.tryAct({ type: 'crash', node: `broker${l}` });
    sim.tryAct({ type: 'heal' });
    sim.runUntil(sim.now + 25_000);
    return { sim, l, f1, f2 };
  }

  it('acks=1 + an isolated leader + unclean election: acknowledged records are lost (and the trace says so)', () => {
    const { sim, l, f1 } = isolatedLeaderRun(true);
    const st = partitionState(sim, 'u-0');
    expect(st?.leader).toBe(f1);
    expect(st?.isr).toContain(f1);
    expect(st?.isr).not.toContain(l);
    expect(notes(sim, 'kafka.controller.uncleanElection').length).toBe(1);
    expect(values(sim, f1, 'u-0')).toEqual(['c1', 'c2']);
    expect(notes(sim, 'kafka.audit.ackedRecordLost').length).toBeGreaterThan(0);
    void l;
  });

  it('the same with unclean election disabled: the partition goes offline (Leader: none) and nothing is lost', () => {
    const { sim, l } = isolatedLeaderRun(false);
    const st = partitionState(sim, 'u-0');
    expect(st?.leader).toBe(-1);
    expect(st?.isr).toEqual([l]);
    expect(notes(sim, 'kafka.audit.ackedRecordLost').length).toBe(0);
    // the last ISR member comes back: it is elected, with everything
    sim.tryAct({ type: 'restart', node: `broker${l}` });
    sim.runUntil(sim.now + 30_000);
    expect(partitionState(sim, 'u-0')?.leader).toBe(l);
    expect(values(sim, l, 'u-0')).toEqual(['c1', 'c2', 'x1', 'x2', 'x3']);
  });

  function kip101Run(legacy: boolean) {
    const sim = kafkaSim({ brokers: 4, kafka: { legacyHwTruncation: legacy, autoLeaderRebalance: false } });
    sim.runUntil(15_000);
    const ctl = controllerOf(sim)?.id as number;
    const [b, a, c] = others([1, 2, 3, 4], ctl) as [number, number, number];
    createTopic(sim, 'k', 1, 3, {}, { '0': [b, a, c] });
    expect(produce(sim, 'k', 0, ['m1'], -1)?.results[0]?.error).toBe('NONE');
    sim.runUntil(sim.now + 2000);
    // m2 is acknowledged (acks=all) the moment A's fetch at offset 2 reaches B; A has not yet learnt the new HW
    expect(produce(sim, 'k', 0, ['m2'], -1)?.results[0]?.error).toBe('NONE');
    sim.tryAct({ type: 'cut', from: `broker${b}`, to: `broker${a}` });
    sim.tryAct({ type: 'cut', from: `broker${a}`, to: `broker${b}` });
    expect(replica(sim, a, 'k-0')?.leo).toBe(2);
    expect(replica(sim, a, 'k-0')?.hw).toBe(1);
    // C dies: the controller removes it from the ISR with a new leader epoch; A becomes follower again
    sim.tryAct({ type: 'crash', node: `broker${c}` });
    sim.runUntil(sim.now + 20_000);
    // B dies before it can shrink A out of the ISR: A is elected
    sim.tryAct({ type: 'crash', node: `broker${b}` });
    sim.tryAct({ type: 'heal' });
    sim.runUntil(sim.now + 25_000);
    expect(partitionState(sim, 'k-0')?.leader).toBe(a);
    expect(produce(sim, 'k', 0, ['m3'], -1, 5)?.results[0]?.error).toBe('NONE');
    sim.tryAct({ type: 'restart', node: `broker${b}` });
    sim.runUntil(sim.now + 30_000);
    return { sim, a, b };
  }

  it('KIP-101: with the old high-watermark truncation an acknowledged record is lost and the replicas diverge', () => {
    const { sim, a, b } = kip101Run(true);
    expect(values(sim, a, 'k-0')).toEqual(['m1', 'm3']);
    expect(values(sim, b, 'k-0')).toEqual(['m1', 'm2']);
    expect(notes(sim, 'kafka.audit.ackedRecordLost').length).toBeGreaterThan(0);
  });

  it('KIP-101: with leader-epoch truncation nothing is lost and the replicas agree', () => {
    const { sim, a, b } = kip101Run(false);
    expect(values(sim, a, 'k-0')).toEqual(['m1', 'm2', 'm3']);
    expect(values(sim, b, 'k-0')).toEqual(['m1', 'm2', 'm3']);
    expect(notes(sim, 'kafka.audit.ackedRecordLost').length).toBe(0);
    expect(sim.world.violations).toEqual([]);
  });

  it('losing the ZooKeeper quorum: existing leaders keep serving, but no leader can change', () => {
    const sim = kafkaSim({ brokers: 3 });
    sim.runUntil(15_000);
    createTopic(sim, 'q', 3, 3);
    const leaders = [0, 1, 2].map((p) => partitionState(sim, `q-${p}`)?.leader);
    sim.tryAct({ type: 'crash', node: 'zk1' });
    sim.tryAct({ type: 'crash', node: 'zk2' });
    sim.runUntil(sim.now + 5000);
    expect(produce(sim, 'q', 0, ['during'], 1)?.results[0]?.error).toBe('NONE');
    const victim = leaders[1] as number;
    sim.tryAct({ type: 'crash', node: `broker${victim}` });
    sim.runUntil(sim.now + 60_000);
    expect([0, 1, 2].map((p) => partitionState(sim, `q-${p}`)?.leader)).toEqual(leaders);
    expect(produce(sim, 'q', 0, ['still'], 1)?.results[0]?.error).toBe('NONE');
    expect(sim.world.violations).toEqual([]);
  });
});

describe('consumer groups', () => {
  function groupRun(consumers: number, assignor = 'range') {
    const sim = kafkaSim({
      brokers: 3,
      kafka: { offsetsTopicPartitions: 5, workload: { producers: 1, messagesPerSecond: 20, consumers, topics: 1, partitions: 3, replicationFactor: 3, groupId: 'g1', assignor, acks: -1 } as never },
    });
    sim.runUntil(40_000);
    return sim;
  }

  function describeGroup(sim: Simulation) {
    return kcall(sim, { op: 'group', groupId: 'g1', msg: { type: 'DescribeGroup', groupId: 'g1' } }) as { state: string; generation: number; members: Array<{ memberId: string; clientId: string; assignment: Record<string, number[]> }>; offsets: Record<string, number> };
  }

  it('four consumers on three partitions: the group is Stable and one consumer is idle', () => {
    const sim = groupRun(4);
    const d = describeGroup(sim);
    expect(d.state).toBe('Stable');
    expect(d.members.length).toBe(4);
    const counts = d.members.map((m) => Object.values(m.assignment).reduce((n, ps) => n + ps.length, 0)).sort();
    expect(counts).toEqual([0, 1, 1, 1]);
    expect(sim.world.violations).toEqual([]);
  }, 180_000);

  it('a consumer leaves (crash): after the session timeout the group rebalances and committed offsets are respected', () => {
    const sim = groupRun(3, 'roundrobin');
    const before = describeGroup(sim);
    expect(before.state).toBe('Stable');
    const victim = before.members[0] as { clientId: string; assignment: Record<string, number[]> };
    sim.tryAct({ type: 'crash', node: victim.clientId });
    sim.runUntil(sim.now + 30_000);
    expect(describeGroup(sim).members.length).toBe(3); // not yet: session.timeout.ms 45 s
    sim.runUntil(sim.now + 40_000);
    const after = describeGroup(sim);
    expect(after.members.length).toBe(2);
    expect(after.generation).toBeGreaterThan(before.generation);
    expect(after.state).toBe('Stable');
    // the moved partition resumed from its committed offset: commits keep increasing, and lag goes to ~0
    for (const [tp, off] of Object.entries(before.offsets)) expect(after.offsets[tp]).toBeGreaterThanOrEqual(off);
    expect(notes(sim, 'kafka.group.memberExpired').length).toBe(1);
    expect(sim.world.violations).toEqual([]);
  }, 180_000);
});

describe('cooperative-sticky', () => {
  it('survivors keep their partitions; the departed member\'s partition is handed over after the session timeout', () => {
    const sim = kafkaSim({
      brokers: 3,
      kafka: { offsetsTopicPartitions: 5, workload: { producers: 1, messagesPerSecond: 10, consumers: 3, topics: 1, partitions: 3, replicationFactor: 3, groupId: 'g1', assignor: 'cooperative-sticky', acks: -1 } as never },
    });
    sim.runUntil(40_000);
    const d = () => kcall(sim, { op: 'group', groupId: 'g1', msg: { type: 'DescribeGroup', groupId: 'g1' } }) as { state: string; protocol: string; members: Array<{ clientId: string; assignment: Record<string, number[]> }> };
    const before = d();
    expect(before.state).toBe('Stable');
    expect(before.protocol).toBe('cooperative-sticky');
    const victim = before.members[0]?.clientId as string;
    sim.tryAct({ type: 'crash', node: victim });
    sim.runUntil(sim.now + 70_000);
    const after = d();
    expect(after.state).toBe('Stable');
    expect(after.members.length).toBe(2);
    for (const m of after.members) {
      const old = before.members.find((b) => b.clientId === m.clientId)?.assignment['topic1'] ?? [];
      for (const p of old) expect(m.assignment['topic1']).toContain(p);
    }
    expect(after.members.flatMap((m) => m.assignment['topic1'] ?? []).sort()).toEqual([0, 1, 2]);
    expect(sim.world.violations).toEqual([]);
  }, 180_000);
});

describe('log segments, retention, determinism', () => {
  it('segments roll on segment.bytes and old ones are deleted by retention (whole segments, never beyond the HW)', () => {
    const sim = kafkaSim({ brokers: 3, kafka: { retentionMs: 60_000, retentionCheckIntervalMs: 10_000, segmentBytes: 300 } });
    sim.runUntil(15_000);
    createTopic(sim, 'logs', 1, 3);
    const leader = partitionState(sim, 'logs-0')?.leader as number;
    for (let i = 0; i < 4; i++) produce(sim, 'logs', 0, Array.from({ length: 10 }, (_, k) => `v${i}-${k}`), -1);
    const r1 = replica(sim, leader, 'logs-0');
    expect(r1?.segments.length).toBeGreaterThan(2);
    expect(r1?.logStart).toBe(0);
    expect(notes(sim, 'kafka.log.rolled').length).toBeGreaterThan(0);
    sim.runUntil(sim.now + 90_000);
    const r2 = replica(sim, leader, 'logs-0');
    expect(r2?.logStart).toBeGreaterThan(0);
    expect(r2?.logStart).toBeLessThanOrEqual(r2?.hw ?? 0);
    expect(notes(sim, 'kafka.log.segmentsDeleted').length).toBeGreaterThan(0);
    // followers follow the leader's log start
    for (const b of [1, 2, 3]) expect(replica(sim, b, 'logs-0')?.logStart).toBe(r2?.logStart);
    expect(sim.world.violations).toEqual([]);
  });

  it('compaction keeps the latest value per key (tombstones included)', () => {
    const sim = kafkaSim({ brokers: 3, kafka: { retentionCheckIntervalMs: 5_000, segmentBytes: 200 } });
    sim.runUntil(15_000);
    createTopic(sim, 'c', 1, 3, { 'cleanup.policy': 'compact' });
    const recs = Array.from({ length: 30 }, (_, i) => ({ key: `k${i % 3}`, value: `v${i}`, partition: 0 }));
    kcall(sim, { op: 'produce', topic: 'c', acks: -1, retries: 0, records: recs });
    kcall(sim, { op: 'produce', topic: 'c', acks: -1, retries: 0, records: [{ key: 'k0', value: null, partition: 0 }, { key: 'z', value: 'last', partition: 0 }] });
    sim.runUntil(sim.now + 20_000);
    const leader = partitionState(sim, 'c-0')?.leader as number;
    const r = replica(sim, leader, 'c-0');
    const kept = r ? readRecords(r, 0, r.leo, 1000) : [];
    expect(kept.length).toBeLessThan(20);
    const latest = new Map(kept.map((k) => [k.key, k.value]));
    expect(latest.get('k1')).toBe('v28');
    expect(latest.get('k2')).toBe('v29');
    expect(latest.get('k0')).toBe(null);
  });

  function scripted(seed: number): Simulation {
    const sim = kafkaSim({ brokers: 3, kafka: { offsetsTopicPartitions: 5, workload: { producers: 1, messagesPerSecond: 5, consumers: 2, topics: 1, partitions: 3, replicationFactor: 3, groupId: 'g', assignor: 'range', acks: -1 } as never } }, seed);
    sim.runUntil(15_000);
    sim.tryAct({ type: 'crash', node: 'broker2' });
    sim.runUntil(30_000);
    sim.tryAct({ type: 'restart', node: 'broker2' });
    sim.runUntil(40_000);
    return sim;
  }

  it('same seed ⇒ same trace hash; a checkpoint restored and re-run ⇒ same hash', () => {
    const a = scripted(11);
    const b = scripted(11);
    expect(a.traceHash()).toBe(b.traceHash());
    const h = a.traceHash();
    a.seek(17_000);
    a.runUntil(40_000);
    expect(a.traceHash()).toBe(h);
    expect(a.world.violations).toEqual([]);
  }, 180_000);
});

describe('controlled shutdown and preferred leaders', () => {
  it('controlled shutdown moves leadership first (no session timeout wait); a preferred election brings it back', () => {
    const sim = kafkaSim({ brokers: 3, kafka: { autoLeaderRebalance: false } });
    sim.runUntil(15_000);
    createTopic(sim, 't', 3, 3);
    const ctl = controllerOf(sim)?.id as number;
    const tp = [0, 1, 2].map((p) => `t-${p}`).find((x) => partitionState(sim, x)?.leader !== ctl) as string;
    const victim = partitionState(sim, tp)?.leader as number;
    const epoch = partitionState(sim, tp)?.leader_epoch as number;
    sim.tryAct({ type: 'inject', node: `broker${victim}`, event: { type: 'kafka.shutdown' } });
    sim.runUntil(sim.now + 2000);
    expect(partitionState(sim, tp)?.leader).not.toBe(victim);
    expect(partitionState(sim, tp)?.leader_epoch).toBe(epoch + 1);
    expect(partitionState(sim, tp)?.isr).not.toContain(victim);
    expect(notes(sim, 'kafka.controller.brokerChange').some((n) => n.detail?.includes(`"dead":"${victim}"`))).toBe(true);
    // start it again: it rejoins the ISR but is not leader until a preferred election
    sim.tryAct({ type: 'crash', node: `broker${victim}` });
    sim.tryAct({ type: 'restart', node: `broker${victim}` });
    sim.runUntil(sim.now + 20_000);
    expect(partitionState(sim, tp)?.isr).toContain(victim);
    expect(partitionState(sim, tp)?.leader).not.toBe(victim);
    const r = kcall(sim, { op: 'electLeaders', kind: 'preferred', partitions: [tp] });
    expect(r?.['elected']).toEqual([tp]);
    sim.runUntil(sim.now + 1000);
    expect(partitionState(sim, tp)?.leader).toBe(victim);
    expect(sim.world.violations).toEqual([]);
  });

  it('automatic preferred-leader rebalance (leader.imbalance.check.interval.seconds) restores assignment-order leaders', () => {
    const sim = kafkaSim({ brokers: 3, kafka: { leaderImbalanceCheckIntervalMs: 30_000 } });
    sim.runUntil(15_000);
    createTopic(sim, 't', 3, 3);
    const ctl = controllerOf(sim)?.id as number;
    const victim = [1, 2, 3].find((b) => b !== ctl) as number;
    sim.tryAct({ type: 'crash', node: `broker${victim}` });
    sim.runUntil(sim.now + 25_000);
    sim.tryAct({ type: 'restart', node: `broker${victim}` });
    sim.runUntil(sim.now + 70_000);
    for (const p of [0, 1, 2]) {
      const st = partitionState(sim, `t-${p}`);
      expect(st?.leader).toBe(broker(sim, ctl)?.ctl?.topics['t']?.assignment[String(p)]?.[0]);
    }
    expect(notes(sim, 'kafka.controller.autoRebalance').length).toBeGreaterThan(0);
  });
});

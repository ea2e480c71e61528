/**
 * Group coordinator and client fidelity: the console consumer as a real group member, max.poll.interval.ms,
 * group metadata reloaded by a new coordinator, OffsetCommit answered after replication (acks=all), and
 * idempotent producer state surviving a broker restart.
 */
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../simulation';
import { OFFSETS_TOPIC } from './common';
import { offsetsPartitionFor } from './coordinator';
import { readRecords } from './log';
import { broker, controllerOf, kafkaSim, kcall, kclient, notes, partitionState, replica } from './testkit';

interface Described {
  state: string;
  generation: number;
  protocol: string;
  coordinator: number;
  members: Array<{ memberId: string; clientId: string; assignment: Record<string, number[]> }>;
  offsets: Record<string, number>;
}

function describeGroup(sim: Simulation, group: string): Described {
  return kcall(sim, { op: 'group', groupId: group, msg: { type: 'DescribeGroup', groupId: group } }) as unknown as Described;
}

function createTopic(sim: Simulation, topic: string, partitions: number, rf: number, assignment?: Record<string, number[]>) {
  const r = kcall(sim, { op: 'createTopic', topic, partitions, replicationFactor: rf, config: {}, ...(assignment ? { assignment } : {}) });
  expect(r?.['error']).toBe('NONE');
  sim.runUntil(sim.now + 2000);
}

function produce(sim: Simulation, topic: string, partition: number, values: string[]) {
  const r = kcall(sim, { op: 'produce', topic, acks: -1, retries: 3, records: values.map((value) => ({ key: null, value, partition })) }) as { results: Array<{ offset: number; error: string }> };
  expect(r.results.every((q) => q.error === 'NONE')).toBe(true);
  return r;
}

function groupSim(consumers: number, partitions: number, seed = 7): Simulation {
  const sim = kafkaSim(
    {
      brokers: 3,
      kafka: { offsetsTopicPartitions: 5, workload: { producers: 0, messagesPerSecond: 10, consumers, topics: 1, partitions, replicationFactor: 3, groupId: 'g', assignor: 'range', acks: -1 } as never },
    },
    seed,
  );
  sim.runUntil(15_000);
  createTopic(sim, 'topic1', partitions, 3);
  sim.runUntil(sim.now + 15_000);
  return sim;
}

const count = (a: Record<string, number[]>): number => Object.values(a).reduce((n, ps) => n + ps.length, 0);

describe('the console consumer is a group member', () => {
  it('joins (JoinGroup/SyncGroup/Heartbeat), reads only its assigned partition, commits, and leaves on close', () => {
    const sim = groupSim(1, 2);
    const before = describeGroup(sim, 'g');
    expect(before.state).toBe('Stable');
    expect(before.members.map((m) => count(m.assignment))).toEqual([2]);
    expect(kcall(sim, { op: 'subscribe', groupId: 'g', topics: ['topic1'], autoOffsetReset: 'earliest' })?.['error']).toBe('NONE');
    // the first poll joins; the rebalance completes once consumer1 has rejoined (it hears it in a heartbeat)
    const first = kcall(sim, { op: 'poll', max: 100, timeoutMs: 8000 });
    expect(first?.['records']).toEqual([]);
    const during = describeGroup(sim, 'g');
    expect(during.state).toBe('Stable');
    expect(during.generation).toBeGreaterThan(before.generation);
    const cli = during.members.find((m) => m.clientId === 'kafka-cli');
    const other = during.members.find((m) => m.clientId === 'consumer1');
    // range over members sorted by id: consumer1-… gets partition 0, kafka-cli-… partition 1
    expect(other?.assignment).toEqual({ topic1: [0] });
    expect(cli?.assignment).toEqual({ topic1: [1] });
    expect(cli?.memberId).toMatch(/^kafka-cli-/);
    produce(sim, 'topic1', 0, ['a0', 'b0', 'c0']);
    produce(sim, 'topic1', 1, ['a1', 'b1', 'c1']);
    const got = kcall(sim, { op: 'poll', max: 100, timeoutMs: 5000 }) as { records: Array<{ tp: string; offset: number; value: string }> };
    expect(got.records.map((r) => `${r.tp}:${r.value}`)).toEqual(['topic1-1:a1', 'topic1-1:b1', 'topic1-1:c1']);
    // heartbeats kept it in the group while it polled
    sim.runUntil(sim.now + 10_000);
    expect(describeGroup(sim, 'g').members.length).toBe(2);
    const t0 = sim.now;
    expect(kcall(sim, { op: 'close' })?.['error']).toBe('NONE');
    expect(kclient(sim, 'kafka-cli')?.member).toBeNull();
    // close(): the commit of what poll() returned (current generation), then LeaveGroup → rebalance
    const left = notes(sim, 'kafka.group.memberRemoved').filter((n) => n.t >= t0 && n.detail?.includes(cli?.memberId as string));
    expect(left.length).toBe(1);
    expect(left[0]?.detail).toContain('left the group');
    const after = describeGroup(sim, 'g');
    expect(after.offsets['topic1-1']).toBe(3);
    sim.runUntil(sim.now + 10_000);
    const settled = describeGroup(sim, 'g');
    expect(settled.members.map((m) => m.clientId)).toEqual(['consumer1']);
    expect(settled.members[0]?.assignment).toEqual({ topic1: [0, 1] });
    expect(sim.world.violations).toEqual([]);
  }, 180_000);
});

describe('max.poll.interval.ms', () => {
  it('is 300000 by default and is the rebalance timeout sent in JoinGroup', () => {
    const sim = groupSim(1, 1);
    const d = describeGroup(sim, 'g');
    const coord = broker(sim, d.coordinator);
    const member = Object.values(coord?.groups['g']?.members ?? {})[0];
    expect(member?.rebalanceTimeoutMs).toBe(300_000);
    expect(kclient(sim, 'consumer1')?.member?.maxPollIntervalMs).toBe(300_000);
  }, 180_000);

  it('a consumer stalled in processing longer than max.poll.interval.ms leaves the group itself, and rejoins on its next poll', () => {
    const sim = groupSim(2, 2);
    const before = describeGroup(sim, 'g');
    expect(before.members.map((m) => count(m.assignment))).toEqual([1, 1]);
    const t0 = sim.now;
    // consumer1 spends 40 s on one batch; its max.poll.interval.ms is 10 s
    sim.tryAct({ type: 'inject', node: 'consumer1', event: { type: 'kafka.consumer.stall', ms: 40_000, maxPollIntervalMs: 10_000 } });
    sim.runUntil(t0 + 9_000);
    expect(describeGroup(sim, 'g').members.length).toBe(2);
    sim.runUntil(t0 + 25_000);
    const timeouts = notes(sim, 'kafka.group.pollTimeout');
    expect(timeouts.length).toBe(1);
    expect(timeouts[0]?.node).toBe('consumer1');
    // the heartbeat thread noticed within one heartbeat interval, and sent LeaveGroup (not a session expiry)
    expect((timeouts[0]?.t ?? 0) - t0).toBeGreaterThanOrEqual(10_000);
    expect((timeouts[0]?.t ?? 0) - t0).toBeLessThan(13_500);
    const removed = notes(sim, 'kafka.group.memberRemoved').filter((n) => n.t > t0);
    expect(removed.length).toBe(1);
    expect(removed[0]?.detail).toContain('left the group');
    expect(notes(sim, 'kafka.group.memberExpired').length).toBe(0);
    const during = describeGroup(sim, 'g');
    expect(during.state).toBe('Stable');
    expect(during.members.map((m) => m.clientId)).toEqual(['consumer2']);
    expect(during.members[0]?.assignment).toEqual({ topic1: [0, 1] });
    // the stall ends: poll() rejoins with a new member id
    sim.runUntil(t0 + 60_000);
    const after = describeGroup(sim, 'g');
    expect(after.state).toBe('Stable');
    expect(after.members.map((m) => m.clientId).sort()).toEqual(['consumer1', 'consumer2']);
    expect(after.members.map((m) => count(m.assignment))).toEqual([1, 1]);
    const oldId = before.members.find((m) => m.clientId === 'consumer1')?.memberId;
    expect(after.members.find((m) => m.clientId === 'consumer1')?.memberId).not.toBe(oldId);
    expect(sim.world.violations).toEqual([]);
  }, 180_000);
});

describe('coordinator failover', () => {
  it('the new coordinator loads members, generation, protocol and assignment from __consumer_offsets: no rebalance', () => {
    const sim = groupSim(3, 3);
    sim.runUntil(sim.now + 10_000);
    const before = describeGroup(sim, 'g');
    expect(before.state).toBe('Stable');
    expect(before.members.length).toBe(3);
    const t0 = sim.now;
    sim.tryAct({ type: 'crash', node: `broker${before.coordinator}` });
    sim.runUntil(t0 + 40_000);
    const after = describeGroup(sim, 'g');
    expect(after.coordinator).not.toBe(before.coordinator);
    expect(after.state).toBe('Stable');
    expect(after.generation).toBe(before.generation);
    expect(after.protocol).toBe('range');
    const byId = (d: Described) => Object.fromEntries(d.members.map((m) => [m.memberId, m.assignment]));
    expect(byId(after)).toEqual(byId(before));
    for (const [tp, off] of Object.entries(before.offsets)) expect(after.offsets[tp]).toBeGreaterThanOrEqual(off);
    // members kept heartbeating to the new coordinator under their old ids and generation
    expect(notes(sim, 'kafka.group.rebalance').filter((n) => n.t > t0)).toEqual([]);
    expect(notes(sim, 'kafka.group.memberJoined').filter((n) => n.t > t0)).toEqual([]);
    const loaded = notes(sim, 'kafka.group.coordinatorLoaded').filter((n) => n.t > t0 && n.node === `broker${after.coordinator}`);
    expect(loaded.length).toBeGreaterThan(0);
    expect(sim.world.violations).toEqual([]);
  }, 180_000);
});

describe('OffsetCommit waits for acks=all replication of __consumer_offsets', () => {
  it('is answered once every ISR replica has the commit; with a stuck follower it times out and is not visible', () => {
    const sim = kafkaSim({ brokers: 3, kafka: { offsetsTopicPartitions: 5 } });
    sim.runUntil(15_000);
    const commit = (off: number, retries?: number) =>
      kcall(sim, { op: 'group', groupId: 'cg', msg: { type: 'OffsetCommit', groupId: 'cg', generation: -1, memberId: '', offsets: { 'x-0': off } }, ...(retries === undefined ? {} : { retries }) });
    const fetched = () => (kcall(sim, { op: 'group', groupId: 'cg', msg: { type: 'OffsetFetch', groupId: 'cg', tps: ['x-0'] } })?.['offsets'] as Record<string, number>)['x-0'];
    expect(commit(5)?.['error']).toBe('NONE');
    const tp = `${OFFSETS_TOPIC}-${offsetsPartitionFor('cg', 5)}`;
    const st = partitionState(sim, tp);
    expect(st?.isr.length).toBe(3);
    // answered only after every ISR replica has the record
    expect(commit(7)?.['error']).toBe('NONE');
    for (const b of st?.isr ?? []) {
      const r = replica(sim, b, tp);
      const last = r ? readRecords(r, r.logStart, r.leo, 100_000).filter((q) => q.key === 'offset:cg:x-0').pop() : undefined;
      expect(last?.value).toBe('7');
    }
    expect(fetched()).toBe(7);
    // a follower in the ISR stops fetching: the commit is appended but not replicated → offsets.commit.timeout.ms (5 s)
    const follower = (st?.isr ?? []).find((b) => b !== st?.leader && b !== controllerOf(sim)?.id) as number;
    sim.tryAct({ type: 'pause', node: `broker${follower}` });
    const t0 = sim.now;
    const r = commit(9, 0);
    expect(r?.['error']).toBe('REQUEST_TIMED_OUT');
    expect(sim.now - t0).toBeGreaterThanOrEqual(5000);
    expect(sim.now - t0).toBeLessThan(7000);
    expect(fetched()).toBe(7);
    // once the leader drops the follower from the ISR (replica.lag.time.max.ms), commits succeed again
    sim.runUntil(sim.now + 40_000);
    expect(partitionState(sim, tp)?.isr).not.toContain(follower);
    expect(commit(11)?.['error']).toBe('NONE');
    expect(fetched()).toBe(11);
    sim.tryAct({ type: 'resume', node: `broker${follower}` });
    sim.runUntil(sim.now + 5000);
    expect(sim.world.violations).toEqual([]);
  }, 180_000);
});

describe('idempotent producer state survives a restart', () => {
  it('after the leader crashes and restarts, a retried batch is still recognised as a duplicate', () => {
    const sim = kafkaSim({ brokers: 3 });
    sim.runUntil(15_000);
    const ctl = controllerOf(sim)?.id as number;
    const b = [1, 2, 3].find((n) => n !== ctl) as number;
    createTopic(sim, 'p', 1, 1, { '0': [b] });
    const res = produce(sim, 'p', 0, ['a', 'b', 'c']);
    expect(res.results.map((q) => q.offset)).toEqual([0, 1, 2]);
    const recs = () => {
      const r = replica(sim, b, 'p-0');
      return r ? readRecords(r, r.logStart, r.leo, 1000) : [];
    };
    const last = recs()[2];
    expect(last?.pid).toBe('kafka-cli');
    sim.tryAct({ type: 'crash', node: `broker${b}` });
    sim.runUntil(sim.now + 2000);
    sim.tryAct({ type: 'restart', node: `broker${b}` });
    sim.runUntil(sim.now + 30_000);
    expect(partitionState(sim, 'p-0')?.leader).toBe(b);
    // rebuilt from the log at start-up
    expect(replica(sim, b, 'p-0')?.pids?.['kafka-cli']?.map((e) => e[0])).toEqual(recs().map((q) => q.seq));
    // the producer retries its last batch (the response was lost in the crash): same producer id and sequence
    const t0 = sim.now;
    sim.tryAct({ type: 'inject', node: `broker${b}`, event: { type: 'Produce', from: 'kafka-cli', corr: 999_999, tp: 'p-0', acks: -1, records: [{ key: null, value: 'c', pid: 'kafka-cli', seq: last?.seq }] } });
    sim.runUntil(sim.now + 1000);
    expect(recs().map((q) => q.value)).toEqual(['a', 'b', 'c']);
    const dup = notes(sim, 'kafka.producer.duplicateIgnored').filter((n) => n.t >= t0);
    expect(dup.length).toBe(1);
    expect(dup[0]?.detail).toContain('"offset":2');
    // a new sequence is appended normally
    expect(produce(sim, 'p', 0, ['d']).results[0]?.offset).toBe(3);
    expect(sim.world.violations).toEqual([]);
  }, 180_000);
});

describe('replica fetch sessions (KIP-227)', () => {
  it('responses leave out unchanged partitions, yet every follower keeps the leader\'s HW and log', () => {
    const sim = kafkaSim({ brokers: 3, kafka: { offsetsTopicPartitions: 5 } });
    sim.runUntil(15_000);
    createTopic(sim, 't', 3, 3);
    for (let i = 0; i < 5; i++) for (const p of [0, 1, 2]) produce(sim, 't', p, [`v${i}-${p}`]);
    const t0 = sim.now;
    sim.runUntil(t0 + 3000);
    const sends = sim.world.trace.since(0).filter((r) => r.t >= t0 && r.kind === 'send');
    const asked = sends.filter((r) => r.what === 'Fetch' && r.detail?.includes('"replicaId":')).map((r) => (JSON.parse(r.detail as string) as { partitions: unknown[] }).partitions.length);
    const answered = sends.filter((r) => r.what === 'FetchResponse').map((r) => (JSON.parse(r.detail as string) as { partitions: unknown[] }).partitions.length);
    expect(Math.min(...asked)).toBeGreaterThan(0);
    expect(answered.some((n) => n === 0)).toBe(true);
    for (const p of [0, 1, 2]) {
      const st = partitionState(sim, `t-${p}`);
      const leader = replica(sim, st?.leader as number, `t-${p}`);
      for (const b of st?.isr ?? []) {
        expect(replica(sim, b, `t-${p}`)?.hw).toBe(leader?.hw);
        expect(replica(sim, b, `t-${p}`)?.leo).toBe(5);
      }
    }
    // a restarted follower opens a new session and gets everything again
    const f = (partitionState(sim, 't-0')?.isr ?? []).find((b) => b !== partitionState(sim, 't-0')?.leader) as number;
    sim.tryAct({ type: 'crash', node: `broker${f}` });
    sim.runUntil(sim.now + 1000);
    sim.tryAct({ type: 'restart', node: `broker${f}` });
    sim.runUntil(sim.now + 30_000);
    produce(sim, 't', 0, ['after']);
    sim.runUntil(sim.now + 2000);
    expect(replica(sim, f, 't-0')?.leo).toBe(6);
    expect(replica(sim, f, 't-0')?.hw).toBe(replica(sim, partitionState(sim, 't-0')?.leader as number, 't-0')?.hw);
    expect(sim.world.violations).toEqual([]);
  }, 180_000);
});

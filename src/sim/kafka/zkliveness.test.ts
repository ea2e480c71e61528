/**
 * ZooKeeper-mode liveness corner cases found by the swarm fuzzer (src/sim/fuzz): broker registration,
 * controller election and the controller's reaction to ZooKeeper events when replies or sessions are lost.
 */
import { describe, expect, it } from 'vitest';
import type { TraceRecord } from '../kernel/trace';
import type { Simulation } from '../simulation';
import { broker, controllerOf, kafkaSim, kcall, notes, partitionState } from './testkit';

/** Steps the simulation until a trace record matches (at most `limitMs` of simulated time). */
function stepUntil(sim: Simulation, match: (r: Omit<TraceRecord, 'seq'>) => boolean, limitMs = 60_000): boolean {
  const trace = sim.world.trace;
  const record = trace.record.bind(trace);
  let seen = false;
  trace.record = ((r: Parameters<typeof record>[0]) => {
    const out = record(r);
    if (!seen && match(r)) seen = true;
    return out;
  }) as typeof trace.record;
  const deadline = sim.now + limitMs;
  while (!seen && sim.now < deadline) if (!sim.step()) break;
  trace.record = record;
  return seen;
}

const ZK = ['zk1', 'zk2', 'zk3'];

describe('broker registration (KafkaZkClient.registerBroker)', () => {
  it('a create of /brokers/ids/N applied but whose reply was lost is recognised as ours (same session owner) on the retry', () => {
    const sim = kafkaSim({ brokers: 3 });
    // broker1's create of its ephemeral znode reaches ZooKeeper; the reply back is lost with the connection
    expect(stepUntil(sim, (r) => r.kind === 'send' && r.node === 'broker1' && r.what === 'REQ' && (r.detail ?? '').includes('"path":"/brokers/ids/1"'))).toBe(true);
    for (const z of ZK) sim.act({ type: 'cut', from: z, to: 'broker1' });
    sim.runUntil(sim.now + 1000);
    sim.act({ type: 'heal' });
    sim.runUntil(30_000);
    // CheckedEphemeral.getAfterNodeExists: NodeExists, owner = this session → registered with that znode's czxid
    const b = broker(sim, 1);
    expect(b?.phase).toBe('RUNNING');
    expect(notes(sim, 'kafka.broker.registrationConflict').filter((n) => n.node === 'broker1')).toEqual([]);
    const reg = notes(sim, 'kafka.broker.registered').filter((n) => n.node === 'broker1');
    expect(reg.length).toBe(1);
    expect(b?.brokerEpoch).toBeGreaterThan(0);
    expect(sim.world.violations).toEqual([]);
  });
});

/** Lets the ZooKeeper servers' replies to `node` get lost for a second (the connection breaks), then heals. */
function loseReplies(sim: Simulation, node: string): void {
  for (const z of ZK) sim.act({ type: 'cut', from: z, to: node });
  sim.runUntil(sim.now + 1000);
  sim.act({ type: 'heal' });
}

const sentReq = (node: string | null, ...parts: string[]) => (r: Omit<TraceRecord, 'seq'>) =>
  r.kind === 'send' && r.what === 'REQ' && (node === null ? /^broker/.test(r.node ?? '') : r.node === node) && parts.every((p) => (r.detail ?? '').includes(p));

function createTopic(sim: Simulation, topic: string, partitions: number, rf: number): void {
  const r = kcall(sim, { op: 'createTopic', topic, partitions, replicationFactor: rf, config: {} });
  expect(r?.['error']).toBe('NONE');
  sim.runUntil(sim.now + 2000);
}

describe('KafkaZkClient.retryRequestsUntilConnected: the controller never takes a ConnectionLoss for an answer', () => {
  it('controller election: a /controller multi applied whose reply was lost still makes that broker the controller (checkControllerAndEpoch)', () => {
    const sim = kafkaSim({ brokers: 3 });
    let who = '';
    expect(
      stepUntil(sim, (r) => {
        const hit = sentReq(null, '"op":"multi"', '"path":"/controller"')(r);
        if (hit) who = r.node ?? '';
        return hit;
      }),
    ).toBe(true);
    loseReplies(sim, who);
    sim.runUntil(40_000);
    const c = controllerOf(sim);
    expect(c?.id).toBe(Number(who.slice('broker'.length)));
    expect(broker(sim, c?.id ?? 0)?.ctl?.ready).toBe(true);
    for (const n of [1, 2, 3]) expect(broker(sim, n)?.activeControllerId).toBe(c?.id);
    expect(sim.world.violations).toEqual([]);
  });

  it('a new controller whose topic reads lose their replies still loads every topic (and watches it)', () => {
    const sim = kafkaSim({ brokers: 3, kafka: { sessionTimeoutMs: 6000, offsetsTopicPartitions: 1 } as never });
    sim.runUntil(10_000);
    createTopic(sim, 't', 3, 3);
    const old = controllerOf(sim)?.id as number;
    sim.act({ type: 'crash', node: `broker${old}` });
    // after the session expires another broker wins; its reads of /brokers/topics/t lose their replies
    expect(stepUntil(sim, sentReq(null, '"op":"getData"', '"path":"/brokers/topics/t"'))).toBe(true);
    const next = controllerOf(sim)?.id as number;
    expect(next).not.toBe(old);
    loseReplies(sim, `broker${next}`);
    sim.act({ type: 'restart', node: `broker${old}` });
    sim.runUntil(sim.now + 40_000);
    expect(controllerOf(sim)?.id).toBe(next);
    for (let p = 0; p < 3; p++) {
      const st = partitionState(sim, `t-${p}`);
      expect(st?.leader ?? -1).toBeGreaterThan(0);
      expect(st?.isr.length).toBe(3);
    }
    expect(sim.world.violations).toEqual([]);
  });

  it('a partition-state write applied whose reply was lost: the controller reads the state back instead of failing BadVersion forever', () => {
    const sim = kafkaSim({ brokers: 3, kafka: { sessionTimeoutMs: 6000, offsetsTopicPartitions: 1 } as never });
    sim.runUntil(10_000);
    createTopic(sim, 't', 1, 3);
    const ctl = controllerOf(sim)?.id as number;
    const st0 = partitionState(sim, 't-0');
    const victim = [1, 2, 3].find((b) => b !== ctl && b !== st0?.leader) as number;
    sim.act({ type: 'crash', node: `broker${victim}` });
    // the controller removes the dead replica from the ISR (multi check + setData state); the reply is lost
    expect(stepUntil(sim, sentReq(`broker${ctl}`, '"op":"multi"', '/brokers/topics/t/partitions/0/state'))).toBe(true);
    loseReplies(sim, `broker${ctl}`);
    sim.runUntil(sim.now + 5000);
    sim.act({ type: 'restart', node: `broker${victim}` });
    sim.runUntil(sim.now + 60_000);
    expect(controllerOf(sim)?.id).toBe(ctl);
    const st = partitionState(sim, 't-0');
    expect(st?.isr.length).toBe(3);
    expect(notes(sim, 'kafka.controller.writeFailed')).toEqual([]);
    expect(sim.world.violations).toEqual([]);
  });
});

describe('AlterPartition is idempotent (LeaderAndIsr.equalsAllowStalePartitionEpoch)', () => {
  it('a retried AlterPartition whose ISR is already the current one is answered with the current state, not INVALID_UPDATE_VERSION', () => {
    const sim = kafkaSim({ brokers: 3, kafka: { sessionTimeoutMs: 6000, offsetsTopicPartitions: 1 } as never });
    sim.runUntil(10_000);
    createTopic(sim, 't', 1, 3);
    const ctl = controllerOf(sim)?.id as number;
    const leader = partitionState(sim, 't-0')?.leader as number;
    const victim = [1, 2, 3].find((b) => b !== ctl && b !== leader) as number;
    sim.act({ type: 'crash', node: `broker${victim}` });
    sim.runUntil(sim.now + 20_000);
    const st = partitionState(sim, 't-0');
    expect(st?.isr.length).toBe(2);
    expect(st?.zkVersion).toBeGreaterThan(0);
    // the leader's earlier request, sent again after its answer was lost: same ISR, an older partition epoch
    const item = { tp: 't-0', leaderEpoch: st?.leader_epoch, partitionEpoch: (st?.zkVersion ?? 1) - 1, isr: st?.isr };
    let answer = '';
    const trace = sim.world.trace;
    const record = trace.record.bind(trace);
    trace.record = ((r: Parameters<typeof record>[0]) => {
      if (r.kind === 'send' && r.what === 'AlterPartitionResponse' && (r.detail ?? '').includes('"corr":9999')) answer = r.detail ?? '';
      return record(r);
    }) as typeof trace.record;
    sim.act({ type: 'inject', node: `broker${ctl}`, event: { type: 'AlterPartition', from: `broker${leader}`, corr: 9999, brokerId: leader, brokerEpoch: broker(sim, leader)?.brokerEpoch ?? -1, items: [item] } as never });
    sim.runUntil(sim.now + 2000);
    trace.record = record;
    expect(answer).toContain('"error":"NONE"');
    expect(answer).toContain(`"partitionEpoch":${st?.zkVersion}`);
  });
});

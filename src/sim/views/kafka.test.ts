import { describe, expect, it } from 'vitest';
import { Simulation } from '../simulation';
import { createConsole } from '../../console/interpreter';
import '../../console/register';
import { kafkaViewOf } from './kafka';

describe('Kafka view model', () => {
  it('a topic shows its partitions, replicas, leader and ISR; a crashed leader broker moves leadership', () => {
    const sim = new Simulation({ seed: 42, zk: { servers: 3 }, brokers: 3 });
    const con = createConsole(sim);
    sim.runUntil(5000);
    expect(kafkaViewOf(sim.world)?.partitions).toEqual([]);
    con.exec('kafka-topics.sh --create --topic t --partitions 2 --replication-factor 3');
    sim.runUntil(sim.now + 2000);
    const v = kafkaViewOf(sim.world)!;
    expect(v.brokers.map((b) => b.node)).toEqual(['broker1', 'broker2', 'broker3']);
    expect(v.partitions.map((p) => `${p.topic}-${p.partition}`)).toEqual(['t-0', 't-1']);
    const p0 = v.partitions[0]!;
    expect(p0.cells).toHaveLength(3);
    expect(p0.isr).toHaveLength(3);
    expect(p0.cells.filter((c) => c.leader)).toHaveLength(1);
    expect(p0.underReplicated).toBe(false);
    expect(JSON.parse(JSON.stringify(v))).toEqual(v);
    sim.act({ type: 'crash', node: `broker${p0.leader}` });
    sim.runUntil(sim.now + 30_000);
    const after = kafkaViewOf(sim.world)!.partitions[0]!;
    expect(after.leader).not.toBe(p0.leader);
    expect(after.isr).toHaveLength(2);
    expect(after.underReplicated).toBe(true);
    expect(after.cells.find((c) => c.broker === p0.leader)?.present).toBe(false);
  });

  it('no brokers, no Kafka view', () => {
    expect(kafkaViewOf(new Simulation({ seed: 1 }).world)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import '../zookeeper/register';
import '../kafka/register';
import { Simulation } from '../simulation';
import { kafkaGroupsOf, replicaFilesOf } from './kafkaGroups';

function cluster(): Simulation {
  return new Simulation({
    seed: 3,
    zk: { servers: 3, clients: 0 },
    brokers: 3,
    kafka: { cli: false, workload: { producers: 1, messagesPerSecond: 20, consumers: 3, topics: 1, partitions: 2, replicationFactor: 2, groupId: 'g1', assignor: 'range', acks: -1 } },
  } as never);
}

describe('Kafka consumer-group and segment-file views', () => {
  it('shows the group as its coordinator knows it: Stable, members, one idle, offsets and lag', () => {
    const sim = cluster();
    sim.runUntil(90_000);
    const groups = kafkaGroupsOf(sim.world);
    const g = groups.find((x) => x.groupId === 'g1');
    expect(g).toBeDefined();
    if (!g) return;
    expect(g.state).toBe('Stable');
    expect(g.coordinator).toBeGreaterThan(0);
    expect(g.generation).toBeGreaterThan(0);
    expect(g.members).toHaveLength(3);
    // three consumers, two partitions: exactly one is idle
    expect(g.members.filter((m) => m.partitions.length === 0)).toHaveLength(1);
    const assigned = g.members.flatMap((m) => m.partitions).sort();
    expect(new Set(assigned).size).toBe(assigned.length);
    expect(g.partitions.length).toBe(2);
    for (const p of g.partitions) {
      expect(p.owner).not.toBeNull();
      expect(p.logEnd).not.toBeNull();
      if (p.committed !== null && p.logEnd !== null) {
        expect(p.committed).toBeLessThanOrEqual(p.logEnd);
        expect(p.lag).toBe(p.logEnd - p.committed);
      }
    }
    expect(g.partitions.some((p) => (p.committed ?? 0) > 0)).toBe(true);
  });

  it("lists a replica's segment files, live and from the disk of a crashed broker", () => {
    const sim = cluster();
    sim.runUntil(60_000);
    const g = kafkaGroupsOf(sim.world).find((x) => x.groupId === 'g1');
    const tp = `${g?.partitions[0]?.topic ?? 'topic1'}-0`;
    const holder = sim.world.nodeIds().find((n) => n.startsWith('broker') && replicaFilesOf(sim.world, n, tp) !== null);
    expect(holder).toBeDefined();
    const live = replicaFilesOf(sim.world, holder as string, tp);
    expect(live?.fromDisk).toBe(false);
    expect(live?.files.length).toBeGreaterThan(0);
    expect(live?.files[0]?.name).toMatch(/^\d{20}$/);
    expect(live?.files.at(-1)?.active).toBe(true);
    expect(live?.files.reduce((a, f) => a + f.records, 0)).toBeGreaterThan(0);
    sim.act({ type: 'crash', node: holder as string });
    const disk = replicaFilesOf(sim.world, holder as string, tp);
    expect(disk?.fromDisk).toBe(true);
    expect(disk?.files.map((f) => f.name)).toEqual(live?.files.map((f) => f.name));
    expect(replicaFilesOf(sim.world, holder as string, 'nope-9')).toBeNull();
    expect(replicaFilesOf(sim.world, 'zk1', tp)).toBeNull();
  });
});

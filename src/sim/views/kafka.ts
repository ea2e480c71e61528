/**
 * Kafka view model: the partitions × replicas grid (leader, followers, ISR / out-of-sync, offline,
 * under-replicated, preferred leader, LEO / HW per replica, leader epoch, segment count), read from every
 * broker's replicas. Pure: reads snapshots, returns JSON.
 */
import type { World } from '../kernel/world';
import type { BrokerContext } from '../kafka/types';

export interface ReplicaCellView {
  broker: number;
  /** This broker holds the replica and is up. */
  present: boolean;
  leader: boolean;
  inIsr: boolean;
  offline: boolean;
  leo: number;
  hw: number;
  segments: number;
  leaderEpoch: number;
}

export interface PartitionRowView {
  topic: string;
  partition: number;
  replicas: number[];
  /** -1 when no leader. */
  leader: number;
  leaderEpoch: number;
  isr: number[];
  preferred: number;
  underReplicated: boolean;
  offline: boolean;
  cells: ReplicaCellView[];
}

export interface KafkaView {
  brokers: Array<{ id: number; node: string; status: string; controller: boolean }>;
  partitions: PartitionRowView[];
  /** Internal partitions (__consumer_offsets) left out of `partitions`. */
  hiddenInternal: number;
}

function brokerContext(world: World, id: string): BrokerContext | undefined {
  if (world.status(id) === 'crashed') return undefined;
  return (world.snapshotOf(id) as { context?: BrokerContext } | undefined)?.context;
}

export function kafkaViewOf(world: World, maxPartitions = 120): KafkaView | null {
  const ids = world.nodeIds().filter((id) => world.spec(id).kind === 'broker');
  if (!ids.length) return null;
  const ctxs = ids.map((id) => ({ id, ctx: brokerContext(world, id), status: world.status(id) }));
  const brokers = ctxs.map(({ id, ctx, status }) => ({
    id: ctx?.brokerId ?? (Number(id.replace(/\D+/g, '')) || 0),
    node: id,
    status,
    controller: !!ctx?.ctl?.ready,
  }));
  const rows = new Map<string, PartitionRowView>();
  let hiddenInternal = 0;
  const seenInternal = new Set<string>();
  for (const { ctx, status } of ctxs) {
    if (!ctx || status !== 'up') continue;
    for (const [key, r] of Object.entries(ctx.replicas)) {
      if (r.topic.startsWith('__')) {
        if (!seenInternal.has(key)) {
          seenInternal.add(key);
          hiddenInternal++;
        }
        continue;
      }
      let row = rows.get(key);
      // the leader's own view of the partition wins (it knows the ISR best)
      if (!row || r.leader === ctx.brokerId) {
        const prevCells = row?.cells ?? [];
        row = {
          topic: r.topic,
          partition: r.partition,
          replicas: r.replicas.slice(),
          leader: r.leader,
          leaderEpoch: r.leaderEpoch,
          isr: r.isr.slice().sort((a, b) => a - b),
          preferred: r.replicas[0] ?? -1,
          underReplicated: false,
          offline: false,
          cells: prevCells,
        };
        rows.set(key, row);
      }
      row.cells = row.cells.filter((c) => c.broker !== ctx.brokerId);
      row.cells.push({
        broker: ctx.brokerId,
        present: true,
        leader: r.leader === ctx.brokerId,
        inIsr: false,
        offline: !!r.offline,
        leo: r.leo,
        hw: r.hw,
        segments: r.segments.length,
        leaderEpoch: r.leaderEpoch,
      });
    }
  }
  const up = new Set(brokers.filter((b) => b.status === 'up').map((b) => b.id));
  const out = [...rows.values()].sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition).slice(0, maxPartitions);
  for (const row of out) {
    row.offline = row.leader < 0 || !up.has(row.leader);
    row.underReplicated = row.isr.length < row.replicas.length;
    const have = new Map(row.cells.map((c) => [c.broker, c]));
    row.cells = row.replicas.map(
      (b) =>
        have.get(b) ?? { broker: b, present: false, leader: false, inIsr: false, offline: true, leo: 0, hw: 0, segments: 0, leaderEpoch: 0 },
    );
    for (const c of row.cells) {
      c.inIsr = row.isr.includes(c.broker);
      c.leader = c.broker === row.leader && c.present;
    }
  }
  return { brokers, partitions: out, hiddenInternal };
}

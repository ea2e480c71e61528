/**
 * Kafka view models for the consumer groups (state, generation, assignor, coordinator, members with their
 * partitions, and per partition the committed offset, log end offset and lag, like
 * `kafka-consumer-groups.sh --describe`) and for one replica's segment files (like `segments` / a
 * `kafka-log-dirs` listing: 20-digit base-offset names with .log / .index / .timeindex, sizes, the active
 * segment, log start offset, HW and LEO). Pure: reads snapshots and disks, returns JSON.
 */
import type { World } from '../kernel/world';
import type { BrokerContext, Segment } from '../kafka/types';
import { offsetsPartitionFor } from '../kafka/coordinator';
import { segmentName } from '../kafka/log';

export interface GroupMemberView {
  memberId: string;
  clientId: string;
  node: string;
  /** `topic-partition` keys assigned to this member (empty: idle). */
  partitions: string[];
}

export interface GroupPartitionView {
  topic: string;
  partition: number;
  /** null: nothing committed yet. */
  committed: number | null;
  /** The partition leader's high watermark (what the tool prints as LOG-END-OFFSET). null: no leader. */
  logEnd: number | null;
  /** logEnd − committed (null when either is unknown). */
  lag: number | null;
  /** Member the partition is assigned to (null: none). */
  owner: string | null;
}

export interface GroupView {
  groupId: string;
  state: string;
  generation: number;
  protocol: string | null;
  /** Broker id of the group coordinator (leader of the group's __consumer_offsets partition). */
  coordinator: number;
  /** The __consumer_offsets partition that holds the group. */
  offsetsPartition: number;
  leader: string | null;
  members: GroupMemberView[];
  partitions: GroupPartitionView[];
}

function brokers(world: World): Array<{ node: string; ctx: BrokerContext }> {
  const out: Array<{ node: string; ctx: BrokerContext }> = [];
  for (const node of world.nodeIds()) {
    if (world.spec(node).kind !== 'broker' || world.status(node) === 'crashed') continue;
    const ctx = (world.snapshotOf(node) as { context?: BrokerContext } | undefined)?.context;
    if (ctx) out.push({ node, ctx });
  }
  return out;
}

function offsetsPartitionCount(all: ReadonlyArray<{ ctx: BrokerContext }>): number {
  let n = 0;
  for (const { ctx } of all)
    for (const r of Object.values(ctx.replicas)) if (r.topic === '__consumer_offsets') n = Math.max(n, r.partition + 1);
  return n || 50;
}

/** The consumer groups as their coordinators know them (sorted by group id). */
export function kafkaGroupsOf(world: World): GroupView[] {
  const all = brokers(world);
  if (!all.length) return [];
  const nOffsets = offsetsPartitionCount(all);
  // high watermark per partition, from its leader
  const hw = new Map<string, number>();
  for (const { ctx } of all)
    for (const [key, r] of Object.entries(ctx.replicas)) if (r.leader === ctx.brokerId && !r.offline) hw.set(key, r.hw);
  const groups = new Map<string, GroupView>();
  for (const { ctx } of all) {
    for (const g of Object.values(ctx.groups ?? {})) {
      const p = offsetsPartitionFor(g.groupId, nOffsets);
      const leads = ctx.replicas[`__consumer_offsets-${p}`]?.leader === ctx.brokerId;
      const have = groups.get(g.groupId);
      // the coordinator's copy wins; otherwise a stale copy is better than nothing
      if (have && (have.coordinator >= 0 || !leads)) continue;
      const members: GroupMemberView[] = Object.values(g.members)
        .map((m) => ({
          memberId: m.memberId,
          clientId: m.clientId,
          node: m.node,
          partitions: Object.entries(m.assignment ?? {})
            .flatMap(([topic, ps]) => ps.map((x) => `${topic}-${x}`))
            .sort(),
        }))
        .sort((a, b) => a.memberId.localeCompare(b.memberId));
      const owner = new Map<string, string>();
      for (const m of members) for (const tp of m.partitions) owner.set(tp, m.memberId);
      const keys = new Set([...Object.keys(g.offsets ?? {}), ...owner.keys()]);
      const partitions: GroupPartitionView[] = [...keys]
        .map((key) => {
          const cut = key.lastIndexOf('-');
          const topic = key.slice(0, cut);
          const partition = Number(key.slice(cut + 1));
          const committed = g.offsets?.[key] ?? null;
          const logEnd = hw.get(key) ?? null;
          return { topic, partition, committed, logEnd, lag: committed !== null && logEnd !== null ? Math.max(0, logEnd - committed) : null, owner: owner.get(key) ?? null };
        })
        .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
      groups.set(g.groupId, {
        groupId: g.groupId,
        state: g.state,
        generation: g.generation,
        protocol: g.protocol,
        coordinator: leads ? ctx.brokerId : -1,
        offsetsPartition: p,
        leader: g.leader,
        members,
        partitions,
      });
    }
  }
  return [...groups.values()].sort((a, b) => a.groupId.localeCompare(b.groupId));
}

export interface SegmentFileView {
  /** 20-digit base offset, e.g. 00000000000000000042. */
  name: string;
  base: number;
  bytes: number;
  records: number;
  /** Index files (sizes as Kafka preallocates them sparsely: one entry per 4 KiB of log). */
  indexBytes: number;
  timeIndexBytes: number;
  active: boolean;
  cleaned: boolean;
}

export interface ReplicaFilesView {
  node: string;
  topic: string;
  partition: number;
  /** The broker is down: the files are read from its disk. */
  fromDisk: boolean;
  leader: boolean;
  logStart: number;
  hw: number | null;
  leo: number | null;
  files: SegmentFileView[];
}

function fileView(s: Pick<Segment, 'base' | 'bytes' | 'records'> & { cleaned?: boolean }, active: boolean): SegmentFileView {
  const entries = Math.floor(s.bytes / 4096);
  return { name: segmentName(s.base), base: s.base, bytes: s.bytes, records: s.records.length, indexBytes: entries * 8, timeIndexBytes: entries * 12, active, cleaned: !!s.cleaned };
}

/** One replica's segment files (`tp` like `orders-0`), live or from the disk of a crashed broker; null if it has none. */
export function replicaFilesOf(world: World, node: string, tp: string): ReplicaFilesView | null {
  if (!world.hasNode(node) || world.spec(node).kind !== 'broker') return null;
  const cut = tp.lastIndexOf('-');
  if (cut <= 0) return null;
  const topic = tp.slice(0, cut);
  const partition = Number(tp.slice(cut + 1));
  if (!Number.isInteger(partition) || partition < 0) return null;
  const up = world.status(node) !== 'crashed';
  const ctx = up ? (world.snapshotOf(node) as { context?: BrokerContext } | undefined)?.context : undefined;
  const live = ctx?.replicas[tp];
  if (live) {
    return {
      node,
      topic,
      partition,
      fromDisk: false,
      leader: live.leader === ctx?.brokerId,
      logStart: live.logStart,
      hw: live.hw,
      leo: live.leo,
      files: live.segments.map((s, i) => fileView(s, i === live.segments.length - 1)),
    };
  }
  const disk = world.diskOf(node);
  const meta = disk[`log/${tp}/meta`] as { segs: number[]; logStart: number } | undefined;
  if (!meta) return null;
  const segs = meta.segs.map((b) => disk[`log/${tp}/${segmentName(b)}.log`] as unknown as Segment | undefined).filter((s): s is Segment => !!s);
  return { node, topic, partition, fromDisk: true, leader: false, logStart: meta.logStart, hw: null, leo: null, files: segs.map((s, i) => fileView(s, i === segs.length - 1)) };
}

/**
 * Pure extractors for the ZooKeeper views: election state per server, Zab proposals with their ACK counts,
 * quorum arithmetic per side of the current partition, and per-server znode trees. They read a world's
 * current snapshots (no DOM, no host clock) and return plain JSON view models (see `types.ts`).
 */
import type { World } from '../kernel/world';
import type { ServerContext, Vote } from '../zookeeper/server/types';
import type { DataTree, TxnBody, WatchTable, ZNode } from '../zookeeper/data/types';
import { CONTAINER_OWNER, isTtlOwner, ttlOfOwner } from '../zookeeper/data/constants';
import { toStat } from '../zookeeper/data/tree';
import { hex } from '../zookeeper/server/util';
import type {
  IslandView,
  LeaderPhaseView,
  ProposalView,
  QuorumView,
  ReceivedVote,
  StatView,
  VoteView,
  ZkDomainView,
  ZkServerView,
  ZnodeKind,
  ZnodeTreeView,
  ZnodeView,
} from './types';

export const PREVIEW_CHARS = 48;
export const MAX_TREE_NODES = 400;

/** The ZooKeeper server ids of a world (kind 'zk'), in world order. */
export function zkServerIdsOf(world: World): string[] {
  return world.nodeIds().filter((id) => world.spec(id).kind === 'zk');
}

function contextOf(world: World, id: string): ServerContext | undefined {
  if (world.status(id) === 'crashed') return undefined;
  const snap = world.snapshotOf(id) as { context?: ServerContext } | undefined;
  return snap?.context;
}

interface SpecPeers {
  myid: number;
  peers: Array<{ myid: number; node: string; observer: boolean }>;
}

function peersOf(world: World, id: string): SpecPeers | undefined {
  const cfg = world.spec(id).config as Partial<SpecPeers> | undefined;
  return cfg && typeof cfg.myid === 'number' && Array.isArray(cfg.peers) ? (cfg as SpecPeers) : undefined;
}

export function majorityOf(voters: number): number {
  return Math.floor(voters / 2) + 1;
}

export function toleratedOf(voters: number): number {
  return voters > 0 ? Math.floor((voters - 1) / 2) : 0;
}

function voteView(v: { leader: number; zxid: number; epoch?: number; peerEpoch?: number }): VoteView {
  return { leader: v.leader, zxid: hex(v.zxid), epoch: v.epoch ?? v.peerEpoch ?? 0 };
}

function sameVote(a: Vote, leader: number, zxid: number, epoch: number): boolean {
  return a.leader === leader && a.zxid === zxid && a.peerEpoch === epoch;
}

/** Election state of one server (null fields while it is crashed). */
export function serverView(world: World, id: string): ZkServerView {
  const peers = peersOf(world, id);
  const myid = peers?.myid ?? (Number(id.replace(/\D+/g, '')) || 0);
  const observer = !!peers?.peers.find((p) => p.myid === myid)?.observer;
  const s = contextOf(world, id);
  const status = world.status(id);
  if (!s) {
    return {
      id, myid, observer, status, role: null, zab: null, epoch: 0, acceptedEpoch: 0, lastZxid: '0x0', serving: false,
      leader: null, vote: null, round: 0, finalizing: false, received: [], agree: [],
    };
  }
  const looking = s.role === 'LOOKING';
  const mine = looking ? { leader: s.fle.leader, zxid: s.fle.zxid, epoch: s.fle.epoch } : { leader: s.vote.leader, zxid: s.vote.zxid, epoch: s.vote.peerEpoch };
  const received: ReceivedVote[] = [];
  const seen = new Set<number>();
  for (const table of [s.fle.recvset, s.fle.outofelection]) {
    for (const [from, v] of Object.entries(table)) {
      const sid = Number(from);
      if (seen.has(sid)) continue;
      seen.add(sid);
      received.push({ from: sid, ...voteView(v), state: v.state, agrees: sameVote(v, mine.leader, mine.zxid, mine.epoch) });
    }
  }
  received.sort((a, b) => a.from - b.from);
  // a server counts its own vote (FLE puts it in its recvset too)
  const agree = looking ? [...new Set([s.myid, ...received.filter((r) => r.agrees).map((r) => r.from)])].sort((a, b) => a - b) : [];
  return {
    id,
    myid: s.myid,
    observer,
    status,
    role: s.role,
    zab: s.zab,
    epoch: s.currentEpoch,
    acceptedEpoch: s.acceptedEpoch,
    lastZxid: hex(s.lastProcessed),
    serving: s.serving && status === 'up',
    leader: s.role === 'LEADING' || s.role === 'STANDALONE' ? s.myid : (s.learner?.leaderSid ?? null),
    vote: voteView(mine),
    round: s.fle.logicalclock,
    finalizing: s.fle.finalizing,
    received,
    agree,
  };
}

/** A txn in a few words: "create /a", "setData /a", "createSession", "multi (2)". */
export function txnLabel(t: TxnBody): string {
  switch (t.type) {
    case 'create':
    case 'delete':
    case 'deleteContainer':
    case 'setData':
    case 'setACL':
    case 'check':
      return `${t.type} ${t.path}`;
    case 'multi':
      return `multi (${t.txns.length})`;
    case 'error':
      return `error ${t.err}${t.op ? ` ${t.op}` : ''}${t.path ? ` ${t.path}` : ''}`;
    default:
      return t.type;
  }
}

function votersOf(s: ServerContext): number {
  return s.cfg.peers.filter((p) => !p.observer).length;
}

/** Proposals every leader has outstanding, with their ACKs against the quorum. */
export function proposalsOf(world: World, ids = zkServerIdsOf(world)): ProposalView[] {
  const out: ProposalView[] = [];
  for (const id of ids) {
    const s = contextOf(world, id);
    if (!s?.leader) continue;
    const voters = votersOf(s);
    for (const p of s.leader.outstanding) {
      out.push({ leader: id, zxid: hex(p.entry.zxid), op: txnLabel(p.entry.txn), acks: [...p.acks].sort((a, b) => a - b), needed: majorityOf(voters), voters });
    }
  }
  return out;
}

/** Leaders still establishing their epoch (discovery / synchronization). */
export function leaderPhasesOf(world: World, ids = zkServerIdsOf(world)): LeaderPhaseView[] {
  const out: LeaderPhaseView[] = [];
  for (const id of ids) {
    const s = contextOf(world, id);
    if (!s?.leader || s.zab === 'BROADCAST') continue;
    const voters = votersOf(s);
    const acks = s.zab === 'DISCOVERY' ? s.leader.electing : s.leader.newLeaderAcks;
    out.push({
      leader: id,
      epoch: s.leader.epoch,
      zab: s.zab,
      acks: [...acks].sort((a, b) => a - b),
      needed: majorityOf(voters),
      learners: Object.values(s.leader.handlers)
        .map((h) => ({ sid: h.sid, stage: h.stage, observer: h.observer }))
        .sort((a, b) => a.sid - b.sid),
    });
  }
  return out;
}

/**
 * Sides of the network among the given nodes: groups in which every pair is connected (directly or through
 * others) by links open in both directions.
 */
export function islandsOf(ids: readonly string[], blocked: ReadonlyArray<readonly [string, string]>): string[][] {
  const cut = new Set(blocked.map(([a, b]) => `${a}>${b}`));
  const open = (a: string, b: string) => !cut.has(`${a}>${b}`) && !cut.has(`${b}>${a}`);
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const start of ids) {
    if (seen.has(start)) continue;
    const group: string[] = [];
    const stack = [start];
    seen.add(start);
    while (stack.length) {
      const a = stack.pop() as string;
      group.push(a);
      for (const b of ids) if (!seen.has(b) && open(a, b)) {
        seen.add(b);
        stack.push(b);
      }
    }
    out.push(ids.filter((x) => group.includes(x)));
  }
  return out;
}

/** Quorum arithmetic for the ensemble as it is now: size, majority, failures tolerated, and per side. */
export function quorumOf(world: World, servers: readonly ZkServerView[]): QuorumView {
  const voterIds = servers.filter((s) => !s.observer).map((s) => s.id);
  const voters = voterIds.length;
  const majority = majorityOf(voters);
  const up = (s: ZkServerView) => s.status === 'up';
  const byId = new Map(servers.map((s) => [s.id, s]));
  const groups = islandsOf(servers.map((s) => s.id), world.network.blockedPairs());
  const islands: IslandView[] = groups.map((members) => {
    const ms = members.map((m) => byId.get(m) as ZkServerView);
    const votersUp = ms.filter((s) => !s.observer && up(s)).length;
    const canElect = voters > 0 && votersUp >= majority;
    const leader = ms.find((s) => up(s) && (s.role === 'LEADING' || s.role === 'STANDALONE'))?.id ?? null;
    return {
      members,
      voters: ms.filter((s) => !s.observer).length,
      votersUp,
      canElect,
      canWrite: canElect,
      canRead: canElect,
      leader,
      serving: ms.filter((s) => s.serving).map((s) => s.id),
    };
  });
  return {
    voters,
    observers: servers.length - voters,
    majority,
    tolerated: toleratedOf(voters),
    votersUp: servers.filter((s) => !s.observer && up(s)).length,
    islands,
    partitioned: islands.length > 1,
  };
}

function watchTotal(w: WatchTable | undefined): number {
  if (!w) return 0;
  let n = 0;
  for (const e of Object.values(w.data)) n += Object.keys(e).length;
  for (const e of Object.values(w.child)) n += Object.keys(e).length;
  return n;
}

/** A string that changes whenever a server's tree (or its watches) may have changed. */
export function treeVersionOf(world: World, id: string): string {
  const s = contextOf(world, id);
  if (!s) return `down:${world.incarnation(id)}`;
  return `${world.incarnation(id)}:${s.applied}:${hex(s.lastProcessed)}:${Object.keys(s.tree.nodes).length}:${watchTotal(s.watches)}`;
}

/** Everything the ZooKeeper panels need per frame (small: no trees). */
export function zkDomainView(world: World): ZkDomainView {
  const ids = zkServerIdsOf(world);
  const servers = ids.map((id) => serverView(world, id));
  const treeVersions: Record<string, string> = {};
  for (const id of ids) treeVersions[id] = treeVersionOf(world, id);
  return { servers, proposals: proposalsOf(world, ids), phases: leaderPhasesOf(world, ids), quorum: quorumOf(world, servers), treeVersions };
}

// ---- znode trees ---------------------------------------------------------------------------------

const SEQUENCE_SUFFIX = /\d{10}$/;

export function znodeKind(node: ZNode): { kind: ZnodeKind; ttl?: number } {
  const owner = node.stat.ephemeralOwner;
  if (owner === CONTAINER_OWNER) return { kind: 'container' };
  if (isTtlOwner(owner)) return { kind: 'ttl', ttl: ttlOfOwner(owner) };
  if (owner !== '0x0') return { kind: 'ephemeral' };
  return { kind: 'persistent' };
}

function statView(node: ZNode): StatView {
  const s = toStat(node);
  return { ...s, czxid: hex(s.czxid), mzxid: hex(s.mzxid), pzxid: hex(s.pzxid), ephemeralOwner: node.stat.ephemeralOwner };
}

function countWatches(table: Record<string, Record<string, unknown>>, path: string): number {
  const e = Object.prototype.hasOwnProperty.call(table, path) ? table[path] : undefined;
  return e ? Object.keys(e).length : 0;
}

/** One server's znode tree as the UI draws it (at most `max` nodes, sorted by path). */
export function treeViewOf(tree: DataTree, watches: WatchTable | undefined, server: string, version: string, max = MAX_TREE_NODES): ZnodeTreeView {
  const paths = Object.keys(tree.nodes).sort();
  const nodes: ZnodeView[] = [];
  for (const path of paths.slice(0, max)) {
    const node = tree.nodes[path] as ZNode;
    const name = path === '/' ? '/' : path.slice(path.lastIndexOf('/') + 1);
    const parent = path === '/' ? null : path.slice(0, path.lastIndexOf('/')) || '/';
    const data = node.data;
    const { kind, ttl } = znodeKind(node);
    nodes.push({
      path,
      name,
      parent,
      kind,
      sequential: path !== '/' && SEQUENCE_SUFFIX.test(name),
      ...(ttl !== undefined ? { ttl } : {}),
      preview: data === null ? null : data.slice(0, PREVIEW_CHARS),
      clipped: data !== null && data.length > PREVIEW_CHARS,
      stat: statView(node),
      dataWatches: watches ? countWatches(watches.data, path) : 0,
      childWatches: watches ? countWatches(watches.child, path) : 0,
    });
  }
  return { server, version, nodes, lastZxid: hex(tree.lastProcessedZxid), truncated: paths.length > max };
}

/** The znode tree a server holds now (null while it is crashed or not a ZooKeeper server). */
export function zkTreeOf(world: World, id: string): ZnodeTreeView | null {
  if (!world.hasNode(id) || world.spec(id).kind !== 'zk') return null;
  const s = contextOf(world, id);
  if (!s) return null;
  return treeViewOf(s.tree, s.watches, id, treeVersionOf(world, id));
}

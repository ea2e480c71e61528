/**
 * Live ZooKeeper invariants (TLA+ Zab/ZkV3_7 specs and ZooKeeper's own sanity checks), checked after
 * every kernel event by looking at the servers' contexts and disks. Each distinct breach is reported once.
 *
 * - zk-one-leader-per-epoch: at most one server ever becomes the established leader of an epoch.
 * - zk-prefix-agreement: the committed prefixes of all servers agree (same txn at the same zxid, no gaps).
 * - zk-committed-lost: an established leader holds every txn committed in earlier epochs.
 * - zk-zxid-monotonic: a server's known-committed zxid never goes down, its log is strictly increasing.
 * - zk-commit-quorum: a txn is committed only once a quorum of voters has it on disk (a voter whose counted ACK
 *   the same leader then undid with TRUNC before the commit counts, as ZooKeeper counts it: see addCommitted).
 * - zk-ephemeral-live-session: every ephemeral node belongs to a session in that server's session table.
 * - zk-sequential-unique: a sequential name is never handed out twice under the same parent.
 * - zk-watch-once: a one-time watch fires at most once per registration (checked by the clients).
 */
import type { World } from '../kernel/world';
import type { ClientContext } from './client/types';
import type { TxnBody } from './data';
import { isSequential } from './data';
import type { LogEntry, ServerContext } from './server/types';
import { epochOf, hex, isQuorum } from './server/util';
import { K_SNAPSHOT, logKey } from './server/storage';

interface PerServer {
  incarnation: number;
  checkedUpTo: number;
  lastProcessed: number;
}

interface Found {
  node: string;
  detail: string;
}

export const ZK_INVARIANTS = [
  'zk-one-leader-per-epoch',
  'zk-prefix-agreement',
  'zk-committed-lost',
  'zk-zxid-monotonic',
  'zk-commit-quorum',
  'zk-ephemeral-live-session',
  'zk-sequential-unique',
  'zk-watch-once',
] as const;
export type ZkInvariant = (typeof ZK_INVARIANTS)[number];

function ctxOf<T>(world: World, id: string): T | undefined {
  if (world.status(id) === 'crashed') return undefined;
  return (world.snapshotOf(id) as unknown as { context?: T } | undefined)?.context;
}

function digest(e: LogEntry): string {
  return JSON.stringify(e.txn);
}

/** First index in a sorted array with value > x. */
function upperBound(arr: number[], x: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((arr[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lastLogged(s: ServerContext): number {
  const last = s.log[s.log.length - 1];
  return Math.max(last ? last.zxid : s.snapZxid, s.lastProcessed);
}

/** Adds the ZooKeeper invariants to a world whose nodes come from zkNodeSpecs. */
export function installZkInvariants(world: World): void {
  const leaders = new Map<number, number>();
  const committed = new Map<number, string>();
  const order: number[] = [];
  const servers = new Map<string, PerServer>();
  const seqNames = new Map<string, Map<string, number>>();
  const clientErrors = new Map<string, number>();
  const reported = new Set<string>();
  const queues = new Map<ZkInvariant, Found[]>();
  for (const name of ZK_INVARIANTS) queues.set(name, []);
  let lastStep = -1;

  const flag = (name: ZkInvariant, node: string, detail: string): void => {
    const key = `${name}|${detail}`;
    if (reported.has(key)) return;
    reported.add(key);
    queues.get(name)?.push({ node, detail });
  };

  // the world's nodes are fixed when it is built: look them up once
  const allServers = world.nodeIds().filter((id) => world.spec(id).kind === 'zk');
  const allVoters = allServers.filter((id) => {
    const cfg = world.spec(id).config as { myid: number; peers: { myid: number; observer: boolean }[] };
    return cfg.peers.some((p) => p.myid === cfg.myid && !p.observer);
  });
  const allClients = world.nodeIds().filter((id) => world.spec(id).kind === 'zk-client');

  const voterBySid = new Map<number, string>();
  for (const id of allVoters) voterBySid.set((world.spec(id).config as { myid: number }).myid, id);
  /** Voters a leader counted for zxid after truncating their copy (LeaderState.truncatedAckCommits). */
  const truncatedAckers = (zxid: number): string[] => {
    const out = new Set<string>();
    for (const id of allServers) {
      const sids = ctxOf<ServerContext>(world, id)?.leader?.truncatedAckCommits?.[String(zxid)];
      for (const sid of sids ?? []) {
        const v = voterBySid.get(sid);
        if (v) out.add(v);
      }
    }
    return [...out];
  };

  const onDisk = (id: string, zxid: number): boolean => {
    const disk = world.diskOf(id);
    if (disk[logKey(zxid)] !== undefined) return true;
    const snap = disk[K_SNAPSHOT] as { zxid?: number } | undefined;
    return !!snap && typeof snap.zxid === 'number' && snap.zxid >= zxid;
  };

  const sequentialCheck = (node: string, zxid: number, body: TxnBody): void => {
    if (body.type === 'multi') {
      for (const t of body.txns) sequentialCheck(node, zxid, t);
      return;
    }
    if (body.type === 'create' && isSequential(body.mode)) {
      const i = body.path.lastIndexOf('/');
      const parent = i <= 0 ? '/' : body.path.slice(0, i);
      const name = body.path.slice(i + 1);
      let names = seqNames.get(parent);
      if (!names) seqNames.set(parent, (names = new Map()));
      const prev = names.get(name);
      if (prev !== undefined && prev !== zxid) flag('zk-sequential-unique', node, `${body.path} created at ${hex(prev)} and again at ${hex(zxid)}`);
      else names.set(name, zxid);
    }
    const deleted = body.type === 'delete' || body.type === 'deleteContainer' ? [body.path] : body.type === 'closeSession' ? body.paths : [];
    for (const p of deleted) seqNames.delete(p);
  };

  const addCommitted = (node: string, e: LogEntry): void => {
    committed.set(e.zxid, digest(e));
    order.push(e.zxid);
    const have = allVoters.filter((v) => onDisk(v, e.zxid)).length;
    if (!isQuorum(have, allVoters.length)) {
      // ZooKeeper's own gap, reproduced as is: a voter that ACKed the proposal, reconnected before the commit
      // and was sent TRUNC below it by the same leader (LearnerHandler.syncFollower: peerLastZxid >
      // maxCommittedLog) still counts, since Proposal ack sets are kept by sid across connections. Such
      // voters (audited by the leader, Proposal.truncated) make up the difference; anything else is a breach.
      const truncated = truncatedAckers(e.zxid).filter((v) => !onDisk(v, e.zxid)).length;
      if (!isQuorum(have + truncated, allVoters.length)) {
        flag('zk-commit-quorum', node, `${hex(e.zxid)} committed with only ${have} of ${allVoters.length} voters holding it`);
      }
    }
    sequentialCheck(node, e.zxid, e.txn);
  };

  const scanServer = (id: string): void => {
    const s = ctxOf<ServerContext>(world, id);
    if (!s) return;
    const inc = world.incarnation(id);
    let ps = servers.get(id);
    if (!ps || ps.incarnation !== inc) {
      ps = { incarnation: inc, checkedUpTo: Math.min(s.trustedZxid, s.snapZxid), lastProcessed: -1 };
      servers.set(id, ps);
    }
    // one established leader per epoch
    if (s.role === 'LEADING' && s.zab !== 'DISCOVERY') {
      const prev = leaders.get(s.currentEpoch);
      if (prev === undefined) leaders.set(s.currentEpoch, s.myid);
      else if (prev !== s.myid) flag('zk-one-leader-per-epoch', id, `epoch ${s.currentEpoch} has leaders ${prev} and ${s.myid}`);
    }
    // known-committed prefix
    if (s.trustedZxid < ps.checkedUpTo) {
      flag('zk-zxid-monotonic', id, `${id} committed zxid went back from ${hex(ps.checkedUpTo)} to ${hex(s.trustedZxid)}`);
      ps.checkedUpTo = s.trustedZxid;
    } else if (s.trustedZxid > ps.checkedUpTo) {
      const from = Math.max(ps.checkedUpTo, s.snapZxid);
      const to = s.trustedZxid;
      // the server's entries in (from, to]
      let lo = 0;
      let hi = s.log.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((s.log[mid] as LogEntry).zxid <= from) lo = mid + 1;
        else hi = mid;
      }
      const mine: LogEntry[] = [];
      let prevZ = from;
      for (let i = lo; i < s.log.length; i++) {
        const e = s.log[i] as LogEntry;
        if (e.zxid > to) break;
        if (e.zxid <= prevZ) flag('zk-zxid-monotonic', id, `${id} log not increasing at ${hex(e.zxid)}`);
        prevZ = e.zxid;
        mine.push(e);
      }
      const globalMax = order.length ? (order[order.length - 1] as number) : 0;
      // committed txns in (from, min(to, globalMax)] must all be there, with the same content
      const a = upperBound(order, from);
      const b = upperBound(order, Math.min(to, globalMax));
      const mineSet = new Map(mine.map((e) => [e.zxid, e]));
      for (let i = a; i < b; i++) {
        const z = order[i] as number;
        const e = mineSet.get(z);
        if (!e) flag('zk-prefix-agreement', id, `${id} committed past ${hex(z)} without having it`);
        else if (digest(e) !== committed.get(z)) flag('zk-prefix-agreement', id, `${id} has a different txn at ${hex(z)}`);
      }
      for (const e of mine) {
        if (e.zxid <= globalMax) {
          if (!committed.has(e.zxid)) flag('zk-prefix-agreement', id, `${id} committed ${hex(e.zxid)} that no other history has`);
        } else addCommitted(id, e);
      }
      ps.checkedUpTo = to;
    }
    // an established leader holds everything committed before its epoch
    if (s.role === 'LEADING' && s.zab === 'BROADCAST' && order.length) {
      const max = order[order.length - 1] as number;
      if (epochOf(max) < s.currentEpoch && lastLogged(s) < max) {
        flag('zk-committed-lost', id, `leader ${id} of epoch ${s.currentEpoch} lacks committed ${hex(max)}`);
      }
    }
    // ephemerals belong to live sessions
    if (s.serving && s.lastProcessed !== ps.lastProcessed) {
      ps.lastProcessed = s.lastProcessed;
      for (const [session, paths] of Object.entries(s.tree.ephemerals)) {
        if (paths.length > 0 && s.tree.sessions[session] === undefined) {
          flag('zk-ephemeral-live-session', id, `${id}: ${paths[0]} owned by ${session}, which has no session`);
        }
      }
    }
  };

  const scanClient = (id: string): void => {
    const c = ctxOf<ClientContext>(world, id);
    if (!c) return;
    const seen = clientErrors.get(id) ?? 0;
    if (c.watchErrors.length > seen) {
      for (const d of c.watchErrors.slice(seen)) flag('zk-watch-once', id, d);
      clientErrors.set(id, c.watchErrors.length);
    } else if (c.watchErrors.length < seen) clientErrors.set(id, c.watchErrors.length);
  };

  const scan = (): void => {
    if (world.processed === lastStep) return;
    if (world.processed < lastStep) {
      // the world was restored to an earlier checkpoint: start over from what the servers hold now
      leaders.clear();
      committed.clear();
      order.length = 0;
      servers.clear();
      seqNames.clear();
      clientErrors.clear();
    }
    lastStep = world.processed;
    for (const id of allServers) scanServer(id);
    for (const id of allClients) scanClient(id);
  };

  for (const name of ZK_INVARIANTS) {
    world.addInvariant(name, (w) => {
      void w;
      scan();
      const q = queues.get(name);
      return q && q.length ? (q.shift() as Found) : null;
    });
  }
}

/** For tests and views: the committed history as the invariants see it is not exported; this helper
 * gives the txn log of one server (zxid → txn type). */
export function zkLogSummary(world: World, id: string): { zxid: string; type: string }[] {
  const s = ctxOf<ServerContext>(world, id);
  if (!s) return [];
  return s.log.map((e) => ({ zxid: hex(e.zxid), type: e.txn.type }));
}


/**
 * The ZooKeeper server node: one XState actor per server (zk1 … zk9). The state value shows the peer
 * state and the Zab phase, e.g. `{"LEADING":"BROADCAST"}`; the protocol itself lives in election.ts,
 * leader.ts, learner.ts and serving.ts, which work on the context (plain JSON data, mutated in place) and
 * return kernel requests (sends, timers, disk writes, notes) that the machine emits.
 */
import { enqueueActions, setup } from 'xstate';
import type { KernelRequest, NodeEnv, NodeInput, WireMessage } from '../../kernel/types';
import { SOCKET_CLOSED } from '../../kernel/world';
import type { Ctx, Out } from './core';
import { emitNote } from './core';
import { dbApply, dbNewWatchTable } from './db';
import type { ElectionHooks, NotificationMsg } from './election';
import { onFleFinalize, onFleTimeout, onNotification, startLooking, T_FLE_FINALIZE, T_FLE_TIMEOUT } from './election';
import {
  becomeLeader,
  leaderShutdown,
  onContainerCheck,
  onLeadPhaseTimeout,
  onLeadTick,
  onLearnerInfo,
  onLearnerPacket,
  onSessionExpiry,
  setLeaderHooks,
  startStandalone,
  T_CONTAINERS,
  T_LEAD_PHASE,
  T_LEAD_TICK,
  T_SESSION_EXPIRY,
} from './leader';
import { becomeLearner, learnerShutdown, onLeaderPacket, onLearnerRetry, onLearnerTimeout, setLearnerHooks, T_LEARNER_RETRY, T_LEARNER_TIMEOUT } from './learner';
import type { ClientReqMsg, ConnectMsg } from './serving';
import { closeAllConns, onClientClose, onClientPing, onClientRequest, onConnect, onFlw } from './serving';
import { loadDisk, rebuildTree } from './storage';
import type { ServerContext, ZkServerConfig } from './types';
import { hex } from './util';

export type ServerEvent = (WireMessage & { from: string; msgId: number }) | { type: string; timer: true };

/** Leave FOLLOWING / LEADING / OBSERVING: close everything, fast-forward the tree, start an election. */
export function goLooking(c: Ctx, reason: string): void {
  const s = c.s;
  emitNote(c, 'zk.shutdown', { role: s.role, reason });
  if (s.leader) leaderShutdown(c, reason);
  if (s.learner) learnerShutdown(c);
  closeAllConns(c, reason);
  s.leader = null;
  s.learner = null;
  s.serving = false;
  // ZooKeeperServer.shutdown → fastForwardDataBase: logged txns are applied, committed or not
  for (const e of s.log) {
    if (e.zxid <= s.lastProcessed) continue;
    dbApply(s.tree, e.txn);
    s.lastProcessed = e.zxid;
  }
  startLooking(c);
}

const electionHooks: ElectionHooks = { becomeLeader, becomeLearner };
setLeaderHooks({ goLooking });
setLearnerHooks({ goLooking });

export function initServerContext(input: NodeInput<ZkServerConfig>, env: NodeEnv): ServerContext {
  const cfg = input.config;
  const d = loadDisk(input.disk);
  const s: ServerContext = {
    id: input.id,
    myid: cfg.myid,
    cfg,
    incarnation: input.incarnation,
    role: 'LOOKING',
    zab: 'ELECTION',
    acceptedEpoch: d.acceptedEpoch,
    currentEpoch: d.currentEpoch,
    tree: null as unknown as ServerContext['tree'],
    watches: dbNewWatchTable(),
    lastProcessed: 0,
    snapZxid: d.snapZxid,
    snapshot: d.snapshot,
    log: d.log,
    trustedZxid: d.snapZxid,
    fle: { logicalclock: 0, leader: cfg.myid, zxid: 0, epoch: 0, recvset: {}, outofelection: {}, notTimeout: 200, finalizing: false, lastMsgFrom: {} },
    vote: { leader: cfg.myid, zxid: 0, electionEpoch: 0, peerEpoch: d.currentEpoch, state: 'LOOKING' },
    leader: null,
    learner: null,
    serving: false,
    conns: {},
    queues: {},
    sessionCounter: 0,
    sessionBase: 0,
    seq: 0,
    stats: { received: 0, sent: 0, minLatency: 0, maxLatency: 0, totalLatency: 0, count: 0 },
    lastContainerCheck: 0,
    applied: 0,
  };
  rebuildTree(s, env.now());
  s.vote.zxid = s.lastProcessed;
  return s;
}

function boot(c: Ctx): void {
  const s = c.s;
  emitNote(c, 'zk.boot', { myid: s.myid, zxid: hex(s.lastProcessed), acceptedEpoch: s.acceptedEpoch, currentEpoch: s.currentEpoch });
  if (s.cfg.standalone) startStandalone(c);
  else startLooking(c);
}

const LEADER_PACKETS = new Set(['LEADERINFO', 'DIFF', 'TRUNC', 'SNAP', 'PROPOSAL', 'COMMIT', 'INFORM', 'NEWLEADER', 'UPTODATE', 'SYNC']);
const LEARNER_PACKETS = new Set(['ACKEPOCH', 'ACK', 'REQUEST']);

export function handleServerEvent(c: Ctx, ev: ServerEvent): void {
  const s = c.s;
  const m = ev as unknown as WireMessage & { from: string; conn: string };
  switch (ev.type) {
    case T_FLE_TIMEOUT:
      onFleTimeout(c);
      return;
    case T_FLE_FINALIZE:
      onFleFinalize(c, electionHooks);
      return;
    case T_LEAD_TICK:
      onLeadTick(c);
      return;
    case T_LEAD_PHASE:
      onLeadPhaseTimeout(c);
      return;
    case T_SESSION_EXPIRY:
      onSessionExpiry(c);
      return;
    case T_CONTAINERS:
      onContainerCheck(c);
      return;
    case T_LEARNER_TIMEOUT:
      onLearnerTimeout(c);
      return;
    case T_LEARNER_RETRY:
      onLearnerRetry(c);
      return;
    case 'NOTIFICATION':
      if (!s.cfg.standalone) onNotification(c, electionHooks, ev as unknown as NotificationMsg);
      return;
    case 'FOLLOWERINFO':
    case 'OBSERVERINFO':
      onLearnerInfo(c, ev as unknown as { type: string; from: string; conn: string; sid: number; zxid: number });
      return;
    case 'PING':
    case 'REVALIDATE':
    case 'QUORUM_CLOSE':
      if (s.learner && m.from === s.learner.leaderNode) onLeaderPacket(c, m);
      else if (s.role === 'LEADING' || ev.type !== 'QUORUM_CLOSE') onLearnerPacket(c, m);
      return;
    case 'CONNECT':
      onConnect(c, ev as unknown as ConnectMsg);
      return;
    case 'REQ':
      onClientRequest(c, ev as unknown as ClientReqMsg);
      return;
    case 'CPING':
      onClientPing(c, ev as unknown as { conn: string; from: string });
      return;
    case 'CCLOSE':
      onClientClose(c, ev as unknown as { conn: string });
      return;
    case 'FLW':
      onFlw(c, ev as unknown as { from: string; reqId: number; word: string });
      return;
    case SOCKET_CLOSED:
      onPeerSocketsClosed(c, m.from);
      return;
    default:
      if (LEADER_PACKETS.has(ev.type)) onLeaderPacket(c, m);
      else if (LEARNER_PACKETS.has(ev.type)) onLearnerPacket(c, m);
  }
}

/**
 * The process at `node` died and its OS closed every socket it had with us: the quorum connection to our
 * leader or from a learner, and client connections from that host, all end now (not after a timeout).
 */
function onPeerSocketsClosed(c: Ctx, node: string): void {
  const s = c.s;
  const reason = 'connection reset: the peer process died';
  if (s.learner && s.learner.leaderNode === node && s.learner.conn) {
    onLeaderPacket(c, { type: 'QUORUM_CLOSE', from: node, conn: s.learner.conn, reason });
  }
  if (s.role === 'LEADING' && s.leader) {
    for (const h of Object.values(s.leader.handlers)) {
      if (h.node === node) onLearnerPacket(c, { type: 'QUORUM_CLOSE', from: node, conn: h.conn, reason });
    }
  }
  for (const conn of Object.values(s.conns)) {
    if (conn.client === node) onClientClose(c, { conn: conn.conn });
  }
}

type Role = ServerContext['role'];
type Zab = ServerContext['zab'];
const COMBOS: [Role, Zab][] = [
  ['LOOKING', 'ELECTION'],
  ['FOLLOWING', 'DISCOVERY'],
  ['FOLLOWING', 'SYNCHRONIZATION'],
  ['FOLLOWING', 'BROADCAST'],
  ['OBSERVING', 'DISCOVERY'],
  ['OBSERVING', 'SYNCHRONIZATION'],
  ['OBSERVING', 'BROADCAST'],
  ['LEADING', 'DISCOVERY'],
  ['LEADING', 'SYNCHRONIZATION'],
  ['LEADING', 'BROADCAST'],
  ['STANDALONE', 'BROADCAST'],
];

interface StateNodeConfig {
  initial?: string;
  states?: Record<string, StateNodeConfig>;
  always?: { guard: (a: { context: ServerContext }) => boolean; target: string }[];
}

function buildStates(): Record<string, StateNodeConfig> {
  const states: Record<string, StateNodeConfig> = {};
  for (const [role, zab] of COMBOS) {
    const parent = (states[role] ??= { states: {} });
    parent.initial ??= zab;
    const always = COMBOS.filter(([r, z]) => r !== role || z !== zab).map(([r, z]) => ({
      guard: ({ context }: { context: ServerContext }) => context.role === r && context.zab === z,
      target: `#zk.${r}.${z}`,
    }));
    (parent.states as Record<string, StateNodeConfig>)[zab] = { always };
  }
  return states;
}

export function zkServerMachine(env: NodeEnv) {
  const run = (context: ServerContext, enqueue: { emit: (r: KernelRequest) => void }, fn: (c: Ctx) => void): void => {
    const out: Out = [];
    fn({ s: context, out, env });
    for (const r of out) enqueue.emit(r);
  };
  return setup({
    types: {
      context: {} as ServerContext,
      input: {} as NodeInput<ZkServerConfig>,
      events: {} as ServerEvent,
      emitted: {} as KernelRequest,
    },
  }).createMachine({
    id: 'zk',
    context: ({ input }) => initServerContext(input, env),
    initial: 'LOOKING',
    entry: enqueueActions(({ context, enqueue }) => run(context, enqueue, boot)),
    on: {
      '*': {
        actions: enqueueActions(({ context, event, enqueue }) => run(context, enqueue, (c) => handleServerEvent(c, event))),
      },
    },
    states: buildStates() as Record<string, object>,
  });
}

/**
 * A ZooKeeper ensemble on the kernel: node specs for servers zk1…zkN (participants, then observers) and
 * clients client1…clientM, with `describe` for the views, plus small accessors other code needs.
 */
import type { Snapshot } from 'xstate';
import type { NodeDescription, NodeSpec } from '../kernel/types';
import type { DataTree } from './data';
import { zkClientMachine } from './client/client.machine';
import type { ClientContext, ZkClientConfig } from './client/types';
import { zkServerMachine } from './server/server.machine';
import { srvrTextOf } from './server/serving';
import type { PeerInfo, ServerContext, ServerRole, ZabState, ZkServerConfig } from './server/types';
import { hex } from './server/util';

export interface ZkEnsembleConfig {
  /** Voting servers (1–9; 1 means standalone). */
  servers: number;
  /** Observers, after the voting servers (zk{servers+1}…). */
  observers?: number;
  tickTime?: number;
  initLimit?: number;
  syncLimit?: number;
  /** Default 2 × tickTime. */
  minSessionTimeout?: number;
  /** Default 20 × tickTime. */
  maxSessionTimeout?: number;
  extendedTypesEnabled?: boolean;
  /** ContainerManager interval, default 60000 ms. */
  containerCheckIntervalMs?: number;
  /** zkCli-like clients client1…clientM. */
  clients?: number;
  /** Requested session timeout of the clients (zkCli: 30000). */
  clientSessionTimeout?: number;
  /** Whether clients connect as soon as the world starts (default true). */
  clientsAutoConnect?: boolean;
}

export function zkServerIds(cfg: ZkEnsembleConfig): string[] {
  const n = cfg.servers + (cfg.servers > 1 ? (cfg.observers ?? 0) : 0);
  return Array.from({ length: n }, (_, i) => `zk${i + 1}`);
}

export function zkClientIds(cfg: ZkEnsembleConfig): string[] {
  return Array.from({ length: cfg.clients ?? 0 }, (_, i) => `client${i + 1}`);
}

/** The dynamic config string ZooKeeper stores in /zookeeper/config. */
export function quorumConfigString(peers: PeerInfo[]): string {
  const lines = peers.map((p) => `server.${p.myid}=${p.node}:2888:3888:${p.observer ? 'observer' : 'participant'};0.0.0.0:2181`);
  return [...lines, 'version=0'].join('\n');
}

export function zkServerConfigs(cfg: ZkEnsembleConfig): ZkServerConfig[] {
  const tickTime = cfg.tickTime ?? 2000;
  const standalone = cfg.servers <= 1;
  const ids = zkServerIds(cfg);
  const peers: PeerInfo[] = ids.map((node, i) => ({ myid: i + 1, node, observer: i >= cfg.servers }));
  const quorumConfig = standalone ? '' : quorumConfigString(peers);
  return peers.map((p) => ({
    myid: p.myid,
    peers,
    tickTime,
    initLimit: cfg.initLimit ?? 10,
    syncLimit: cfg.syncLimit ?? 5,
    minSessionTimeout: cfg.minSessionTimeout ?? 2 * tickTime,
    maxSessionTimeout: cfg.maxSessionTimeout ?? 20 * tickTime,
    extendedTypesEnabled: cfg.extendedTypesEnabled ?? false,
    standalone,
    containerCheckIntervalMs: cfg.containerCheckIntervalMs ?? 60000,
    quorumConfig,
  }));
}

export interface ZkServerInfo {
  id: string;
  myid: number;
  role: ServerRole;
  zab: ZabState;
  epoch: number;
  acceptedEpoch: number;
  /** lastProcessedZxid (what srvr shows). */
  lastZxid: number;
  lastLoggedZxid: number;
  serving: boolean;
  /** The leader this server follows (or itself when leading); null while LOOKING. */
  leader: number | null;
  vote: string;
  connections: number;
  tree: DataTree;
}

function serverContext(snapshot: Snapshot<unknown> | undefined): ServerContext | undefined {
  return (snapshot as unknown as { context?: ServerContext } | undefined)?.context;
}

export function zkServerInfo(snapshot: Snapshot<unknown> | undefined): ZkServerInfo | null {
  const s = serverContext(snapshot);
  if (!s) return null;
  const last = s.log[s.log.length - 1];
  return {
    id: s.id,
    myid: s.myid,
    role: s.role,
    zab: s.zab,
    epoch: s.currentEpoch,
    acceptedEpoch: s.acceptedEpoch,
    lastZxid: s.lastProcessed,
    lastLoggedZxid: Math.max(last ? last.zxid : s.snapZxid, s.lastProcessed),
    serving: s.serving,
    leader: s.role === 'LEADING' || s.role === 'STANDALONE' ? s.myid : s.learner ? s.learner.leaderSid : null,
    vote: `${s.vote.leader}/${hex(s.vote.zxid)}/${s.vote.peerEpoch}`,
    connections: Object.keys(s.conns).length,
    tree: s.tree,
  };
}

/** What `echo srvr | nc <server> 2181` prints right now (null when the server is down). */
export function zkSrvrText(snapshot: Snapshot<unknown> | undefined): string | null {
  const s = serverContext(snapshot);
  return s ? srvrTextOf(s) : null;
}

function describeServer(snapshot: Snapshot<unknown>): NodeDescription {
  const s = serverContext(snapshot);
  if (!s) return {};
  const vote = s.role === 'LOOKING' ? `${s.fle.leader}/${hex(s.fle.zxid)}/${s.fle.epoch}` : `${s.vote.leader}/${hex(s.vote.zxid)}/${s.vote.peerEpoch}`;
  return {
    role: s.role,
    detail: {
      epoch: s.currentEpoch,
      zxid: hex(s.lastProcessed),
      vote,
      serving: s.serving,
      zab: s.zab,
      round: s.fle.logicalclock,
      leader: s.role === 'LEADING' || s.role === 'STANDALONE' ? s.myid : (s.learner?.leaderSid ?? null),
      sessions: Object.keys(s.tree.sessions).length,
      connections: Object.keys(s.conns).length,
      observer: s.cfg.peers.some((p) => p.myid === s.myid && p.observer),
    },
  };
}

export interface ZkClientInfo {
  id: string;
  /** ZooKeeper.States name for the zkCli prompt: CONNECTING, CONNECTED, CLOSED. */
  state: string;
  /** The machine's finer state: CONNECTING / CONNECTED / DISCONNECTED / EXPIRED / CLOSED. */
  phase: string;
  server: string | null;
  session: string | null;
  timeout: number;
  lastZxid: number;
}

function clientContext(snapshot: Snapshot<unknown> | undefined): ClientContext | undefined {
  return (snapshot as unknown as { context?: ClientContext } | undefined)?.context;
}

export function zkClientInfo(snapshot: Snapshot<unknown> | undefined): ZkClientInfo | null {
  const c = clientContext(snapshot);
  if (!c) return null;
  return { id: c.id, state: c.zkState, phase: c.phase, server: c.server, session: c.session, timeout: c.timeout, lastZxid: c.lastZxid };
}

function describeClient(snapshot: Snapshot<unknown>): NodeDescription {
  const c = clientContext(snapshot);
  if (!c) return {};
  return {
    role: c.phase,
    detail: { state: c.zkState, server: c.server, session: c.session, timeout: c.timeout, lastZxid: hex(c.lastZxid), pending: c.pending.length },
  };
}

export function zkNodeSpecs(cfg: ZkEnsembleConfig): NodeSpec<unknown>[] {
  const servers = zkServerConfigs(cfg);
  const serverIds = servers.map((s) => s.peers.find((p) => p.myid === s.myid)?.node ?? `zk${s.myid}`);
  const specs: NodeSpec<unknown>[] = servers.map((config, i) => ({
    id: serverIds[i] as string,
    kind: 'zk',
    role: 'server' as const,
    config,
    logic: zkServerMachine,
    describe: describeServer,
  }));
  zkClientIds(cfg).forEach((id, i) => {
    const config: ZkClientConfig = {
      servers: serverIds,
      connectTo: serverIds[i % serverIds.length] as string,
      sessionTimeout: cfg.clientSessionTimeout ?? 30000,
      autoConnect: cfg.clientsAutoConnect ?? true,
    };
    specs.push({ id, kind: 'zk-client', role: 'client' as const, config, logic: zkClientMachine, describe: describeClient });
  });
  return specs;
}


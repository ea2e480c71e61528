/**
 * Types of the simulated ZooKeeper client library (ClientCnxn + ZooKeeper + ZKWatchManager).
 */
import type { Json } from '../../kernel/types';
import type { Acl, OpResult, ReadRequest, Stat, WriteRequest } from '../data';

export interface ZkClientConfig {
  /** Server node ids, e.g. ['zk1','zk2','zk3'] (the connect string). */
  servers: string[];
  /** The server tried first (the rest follow in a shuffled order, like StaticHostProvider). */
  connectTo?: string;
  /** Requested session timeout in ms (zkCli asks for 30000). */
  sessionTimeout: number;
  /** Connect as soon as the node starts (like starting zkCli). Default true. */
  autoConnect?: boolean;
}

/** The machine's connection phase (finer than ZooKeeper.States). */
export type ClientPhase = 'IDLE' | 'CONNECTING' | 'CONNECTED' | 'DISCONNECTED' | 'EXPIRED' | 'CLOSED';
/** ZooKeeper.States names as zkCli shows them in its prompt. */
export type ZkStates = 'NOT_CONNECTED' | 'CONNECTING' | 'CONNECTED' | 'CLOSED';

export interface PendingRequest {
  xid: number;
  reqId: number;
  req: Record<string, Json> & { op: string };
}

export interface ClientWatches {
  data: Record<string, true>;
  exist: Record<string, true>;
  child: Record<string, true>;
  persistent: Record<string, true>;
  persistentRecursive: Record<string, true>;
}

export interface ClientContext {
  id: string;
  cfg: ZkClientConfig;
  incarnation: number;
  hosts: string[];
  hostIdx: number;
  /** StaticHostProvider.lastIndex: coming back to it costs a 1 s sleep. */
  lastIndex: number;
  phase: ClientPhase;
  zkState: ZkStates;
  session: string | null;
  /** Negotiated timeout once connected, the requested one before. */
  timeout: number;
  lastZxid: number;
  conn: string | null;
  server: string | null;
  seq: number;
  xid: number;
  /** Sent on the current connection, waiting for replies (in order). */
  pending: PendingRequest[];
  /** Waiting for a connection. */
  outgoing: { reqId: number; req: Record<string, Json> & { op: string } }[];
  watches: ClientWatches;
  /** Outstanding four-letter words: reqId → server. */
  flw: Record<string, string>;
  /** A close() waiting for its closeSession reply. */
  closingReqId: number | null;
  isFirstConnect: boolean;
  /** Packet sequence numbers on the current connection (TCP order: a gap breaks it, a duplicate is dropped). */
  outSeq: number;
  inSeq: number;
  /** One-time watch events that matched no registration (an invariant breach). */
  watchErrors: string[];
}

/** What `world.inject(clientId, { type: 'zk.call', reqId, request })` accepts. */
export type ZkCallRequest =
  | WriteRequest
  | ReadRequest
  | { op: 'sync'; path: string }
  /** zkCli addWatch: mode PERSISTENT or PERSISTENT_RECURSIVE (zkCli's default). */
  | { op: 'addWatch'; path: string; mode: 'PERSISTENT' | 'PERSISTENT_RECURSIVE' }
  /** zkCli removewatches: -c Children, -d Data, -a / default Any. */
  | { op: 'removeWatches'; path: string; watcherType?: 'Children' | 'Data' | 'Any' }
  | { op: 'close' }
  /** zkCli connect host:port: closes the current session and opens a new one (on `servers`, else only `server`). */
  | { op: 'connect'; server?: string; servers?: string[] }
  | { op: '4lw'; server: string; word: string };

/** Output on channel `zk:<clientId>` for a call. */
export interface ZkReply {
  reqId: number;
  /** An ErrorCode name, or 'ConnectionRefused' for a four-letter word to a dead / unreachable server. */
  rc: string;
  /** The zxid in the reply header (writes: the txn's; reads: the server's lastProcessedZxid). */
  zxid?: number;
  path?: string;
  data?: string | null;
  stat?: Stat;
  children?: string[];
  count?: number;
  paths?: string[];
  acl?: Acl[];
  results?: OpResult[];
  /** 4lw: the text the server answered. */
  text?: string;
  /** Client-side path validation failure (PathUtils message); nothing was sent. */
  error?: string;
  /** The session is closed or expired: zkCli prints `Not connected`. */
  notConnected?: boolean;
}

/** Output on channel `zk:<clientId>` for a watch or session event (WatchedEvent). */
export interface ZkEventOutput {
  event: { state: 'SyncConnected' | 'Disconnected' | 'Expired' | 'Closed'; type: string; path: string | null };
}

/**
 * Types of the pure ZooKeeper 3.8 data layer: the data tree (`S.DataTree`), transactions as
 * PrepRequestProcessor makes them and DataTree.processTxn applies them, reads, and the watch table.
 *
 * Everything here is plain JSON data (objects, arrays, strings, numbers, null), so it can live in XState
 * contexts that are checkpointed with structuredClone and persisted.
 */

/** epoch * 2**32 + counter (fits in a double). Format with `formatZxid`. */
export type Zxid = number;

/** '0x' + lowercase hex like Java Long.toHexString, e.g. '0x100000a3b20000'; '0x0' = none. */
export type SessionId = string;

export type CreateMode =
  | 'PERSISTENT'
  | 'EPHEMERAL'
  | 'PERSISTENT_SEQUENTIAL'
  | 'EPHEMERAL_SEQUENTIAL'
  | 'CONTAINER'
  | 'PERSISTENT_WITH_TTL'
  | 'PERSISTENT_SEQUENTIAL_WITH_TTL';

/** KeeperException.Code names (the Java enum constants, camel-cased as in the ZooKeeper docs). */
export type ErrorCode =
  | 'OK'
  | 'SystemError'
  | 'RuntimeInconsistency'
  | 'DataInconsistency'
  | 'ConnectionLoss'
  | 'MarshallingError'
  | 'Unimplemented'
  | 'OperationTimeout'
  | 'BadArguments'
  | 'UnknownSession'
  | 'NewConfigNoQuorum'
  | 'ReconfigInProgress'
  | 'APIError'
  | 'NoNode'
  | 'NoAuth'
  | 'BadVersion'
  | 'NoChildrenForEphemerals'
  | 'NodeExists'
  | 'NotEmpty'
  | 'SessionExpired'
  | 'InvalidCallback'
  | 'InvalidACL'
  | 'AuthFailed'
  | 'SessionMoved'
  | 'NotReadOnly'
  | 'EphemeralOnLocalSession'
  | 'NoWatcher'
  | 'RequestTimeout'
  | 'ReconfigDisabled'
  | 'SessionClosedRequireSaslAuth'
  | 'QuotaExceeded'
  | 'ThrottledOp';

/** The Stat a client sees (`org.apache.zookeeper.data.Stat`, built by DataNode.copyStat). */
export interface Stat {
  czxid: Zxid;
  mzxid: Zxid;
  pzxid: Zxid;
  ctime: number;
  mtime: number;
  /** Shown as dataVersion. */
  version: number;
  /** The REPORTED value: 2 * stored cversion - numChildren. */
  cversion: number;
  /** Shown as aclVersion. */
  aversion: number;
  /** The client view: '0x0' for persistent, container and TTL nodes. */
  ephemeralOwner: SessionId;
  dataLength: number;
  numChildren: number;
}

/** What the server keeps per node (`StatPersisted`): cversion is the stored child-create counter. */
export interface StoredStat {
  czxid: Zxid;
  mzxid: Zxid;
  pzxid: Zxid;
  ctime: number;
  mtime: number;
  version: number;
  /** Number of child creates (never changed by deletes). The next sequence suffix. */
  cversion: number;
  aversion: number;
  /** Raw owner: a session id, CONTAINER_OWNER, a TTL owner (0xff...), or '0x0'. */
  ephemeralOwner: SessionId;
}

/** An ACL entry: scheme 'world' id 'anyone', 'ip' id '10.0.0.1', 'digest' id 'user:base64'. */
export interface Acl {
  scheme: string;
  id: string;
  /** Bit mask: READ 1, WRITE 2, CREATE 4, DELETE 8, ADMIN 16. */
  perms: number;
}

/** Authenticated ids of a connection (what `addauth` and the ip provider give the server). */
export interface AuthId {
  scheme: string;
  id: string;
}

export interface ZNode {
  /** UTF-8 string, or null (zkCli `create /a` with no data). */
  data: string | null;
  stat: StoredStat;
  /** Child names, kept sorted (UTF-16 code unit order, like Java String.compareTo). */
  children: string[];
  acl: Acl[];
}

export interface DataTree {
  /** Full path → node. The root is '/' (ZooKeeper also maps '' to it; see nodeCount). */
  nodes: Record<string, ZNode>;
  /** Session → paths of its ephemeral nodes, sorted. */
  ephemerals: Record<SessionId, string[]>;
  /** Paths of container nodes, sorted. */
  containers: string[];
  /** Paths of TTL nodes, sorted. */
  ttls: string[];
  /** The replicated session table (ZKDatabase.sessionsWithTimeouts): session → timeout ms. */
  sessions: Record<SessionId, number>;
  lastProcessedZxid: Zxid;
}

// ---- requests ------------------------------------------------------------------------------------

export type WriteRequest =
  | { op: 'create'; path: string; data: string | null; mode: CreateMode; ttl?: number; acl?: Acl[] }
  /** version -1 = any. */
  | { op: 'delete'; path: string; version: number }
  | { op: 'setData'; path: string; data: string | null; version: number }
  | { op: 'setACL'; path: string; acl: Acl[]; version: number }
  /** Only meaningful inside multi. */
  | { op: 'check'; path: string; version: number }
  | { op: 'multi'; ops: WriteRequest[] }
  | { op: 'createSession'; sessionId: SessionId; timeoutMs: number }
  | { op: 'closeSession'; sessionId: SessionId }
  /** Made by the server's ContainerManager, not by clients. */
  | { op: 'deleteContainer'; path: string };

export type ReadRequest =
  | { op: 'getData'; path: string; watch: boolean }
  | { op: 'exists'; path: string; watch: boolean }
  /** zkCli ls; the stat of the node comes back too (getChildren2), for ls -s. */
  | { op: 'getChildren'; path: string; watch: boolean }
  | { op: 'getAllChildrenNumber'; path: string }
  /** Prefix path, for the calling session. */
  | { op: 'getEphemerals'; path: string }
  | { op: 'getACL'; path: string };

export interface PrepMeta {
  /** The session of the request (for createSession/closeSession: the session created or closed). */
  sessionId: SessionId;
  /** The zxid this txn gets (the caller allocates it; a failed write still consumes it). */
  zxid: Zxid;
  /** The leader's wall clock (TxnHeader.time), used for ctime/mtime. */
  time: number;
  /** zookeeper.extendedTypesEnabled: TTL nodes are Unimplemented without it. */
  extendedTypesEnabled?: boolean;
  /**
   * The leader's session tracker: session → 'open' or 'closing'. When given, data writes from a session
   * that is missing or closing fail with SessionExpired (LeaderSessionTracker.checkSession). When omitted
   * the session check is skipped.
   */
  liveSessions?: Record<SessionId, 'open' | 'closing'>;
  /** The connection's authenticated ids, for ACL checks (default: none; world:anyone always matches). */
  authIds?: AuthId[];
}

// ---- transactions --------------------------------------------------------------------------------

/** The body of a txn (TxnHeader.type + the record). A multi's sub-txns are bodies too. */
export type TxnBody =
  | {
      type: 'create';
      path: string;
      data: string | null;
      acl: Acl[];
      /** Raw owner: session id for ephemerals, CONTAINER_OWNER, a TTL owner, or '0x0'. */
      ephemeralOwner: SessionId;
      /** The parent's new stored cversion (CreateTxn.parentCVersion). */
      parentCVersion: number;
      mode: CreateMode;
    }
  | { type: 'delete'; path: string }
  | { type: 'deleteContainer'; path: string }
  | { type: 'setData'; path: string; data: string | null; version: number }
  | { type: 'setACL'; path: string; acl: Acl[]; version: number }
  | { type: 'check'; path: string; version: number }
  | { type: 'createSession'; timeoutMs: number }
  /** paths: the session's ephemerals, deleted at this zxid (CloseSessionTxn.paths2Delete). */
  | { type: 'closeSession'; paths: string[] }
  | { type: 'multi'; txns: TxnBody[] }
  /** ErrorTxn. path/op describe the failed request (not part of ZooKeeper's record; for display). */
  | { type: 'error'; err: ErrorCode; path?: string; op?: string };

export interface TxnHeader {
  zxid: Zxid;
  /** The leader's wall clock in ms when it made the txn. */
  time: number;
  /** TxnHeader.clientId. */
  sessionId: SessionId;
}

export type Txn = TxnHeader & TxnBody;

export type WatchEventType = 'NodeCreated' | 'NodeDeleted' | 'NodeDataChanged' | 'NodeChildrenChanged';

/**
 * A watch trigger in the order ZooKeeper fires them. NodeCreated and NodeDataChanged go to the data
 * watches of `path`, NodeChildrenChanged to its child watches, NodeDeleted to its data watches and then to
 * its child watches (a connection that got the first is not notified again).
 */
export interface WatchTrigger {
  path: string;
  type: WatchEventType;
}

export interface OpResult {
  /** The sub-op kind ('error' for every sub-result of a failed multi). */
  type: TxnBody['type'];
  rc: ErrorCode;
  /** create: the actual path (with the sequence suffix). */
  path?: string;
  /** create, setData and setACL: the node's stat after the op. */
  stat?: Stat;
}

export interface ApplyResult {
  /** For multi: the first non-OK sub-result; for an error txn: its code. */
  rc: ErrorCode;
  /** create: the actual created path. */
  path?: string;
  stat?: Stat;
  /** multi only. */
  results?: OpResult[];
  /** closeSession: the paths actually deleted. */
  deleted?: string[];
  triggers: WatchTrigger[];
}

export interface ReadResult {
  rc: ErrorCode;
  /** getData. */
  data?: string | null;
  /** getData, exists, getChildren, getACL. */
  stat?: Stat;
  /** getChildren, sorted. */
  children?: string[];
  /** getAllChildrenNumber. */
  count?: number;
  /** getEphemerals, sorted. */
  paths?: string[];
  /** getACL. */
  acl?: Acl[];
}

// ---- watches -------------------------------------------------------------------------------------

export type WatchMode = 'STANDARD' | 'PERSISTENT' | 'PERSISTENT_RECURSIVE';
export type WatchKind = 'data' | 'exists' | 'child';

/**
 * The two WatchManagers of one server (dataWatches, childWatches): path → watcher → mode. A watcher is a
 * client connection; we key it by the client's session id. Like ZooKeeper 3.8's WatcherModeManager, a
 * (watcher, path) pair has ONE mode per table: the last registration wins.
 */
export interface WatchTable {
  data: Record<string, Record<SessionId, WatchMode>>;
  child: Record<string, Record<SessionId, WatchMode>>;
  /** Number of PERSISTENT_RECURSIVE entries (they make triggers walk up the parent paths). */
  recursive: number;
}

export interface WatchedEvent {
  type: WatchEventType;
  path: string;
}

export interface WatchDelivery {
  watcher: SessionId;
  event: WatchedEvent;
}

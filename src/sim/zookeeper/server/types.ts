/**
 * Types of the simulated ZooKeeper 3.8 server: configuration, the machine context (plain JSON data, so the
 * kernel can checkpoint it) and the wire messages between servers (FLE notifications, Zab packets) and
 * between servers and clients.
 */
import type { DbTree, DbTxn, DbWatchTable } from './db';

export type PeerState = 'LOOKING' | 'FOLLOWING' | 'LEADING' | 'OBSERVING';
/** What the machine shows: a quorum peer state, or STANDALONE for a one-server "ensemble". */
export type ServerRole = PeerState | 'STANDALONE';
export type ZabState = 'ELECTION' | 'DISCOVERY' | 'SYNCHRONIZATION' | 'BROADCAST';

export interface PeerInfo {
  myid: number;
  node: string;
  observer: boolean;
}

export interface ZkServerConfig {
  myid: number;
  /** Every server of the ensemble (participants and observers). */
  peers: PeerInfo[];
  tickTime: number;
  initLimit: number;
  syncLimit: number;
  minSessionTimeout: number;
  maxSessionTimeout: number;
  extendedTypesEnabled: boolean;
  /** One server: ZooKeeperServerMain, Mode standalone, epoch 0. */
  standalone: boolean;
  /** ContainerManager check interval (znode.container.checkIntervalMs), 60000 by default. */
  containerCheckIntervalMs: number;
  /** The dynamic config string stored in /zookeeper/config ('' in standalone). */
  quorumConfig: string;
}

// ---- FLE -----------------------------------------------------------------------------------------

export interface Vote {
  leader: number;
  zxid: number;
  electionEpoch: number;
  peerEpoch: number;
  state: PeerState;
}

export interface FleState {
  logicalclock: number;
  /** The current proposal (proposedLeader, proposedZxid, proposedEpoch). */
  leader: number;
  zxid: number;
  epoch: number;
  recvset: Record<string, Vote>;
  outofelection: Record<string, Vote>;
  notTimeout: number;
  /** A quorum agrees with the proposal; waiting finalizeWait (200 ms) for a better vote. */
  finalizing: boolean;
  /**
   * Per sending node, the kernel id of the last notification delivered (election connections are TCP:
   * duplicates and overtaken messages are not delivered). Not a ZooKeeper field.
   */
  lastMsgFrom: Record<string, number>;
}

// ---- logs and proposals --------------------------------------------------------------------------

/** One transaction as it is proposed, logged, committed and applied. */
export interface LogEntry {
  zxid: number;
  /** Session and client xid of the request that made it ('0x0'/0 for server-made txns). */
  session: string;
  cxid: number;
  /** The leader's wall clock when it made the txn (TxnHeader.time). */
  time: number;
  txn: DbTxn;
}

// ---- leader side ---------------------------------------------------------------------------------

export type HandlerStage = 'info' | 'epoch' | 'sync' | 'newleader' | 'uptodate';

/** The leader's view of one learner connection (LearnerHandler). */
export interface LearnerHandler {
  sid: number;
  node: string;
  conn: string;
  observer: boolean;
  stage: HandlerStage;
  acceptedEpoch: number;
  /** From ACKEPOCH. */
  peerLastZxid: number;
  peerCurrentEpoch: number;
  /** Gets new PROPOSAL/COMMIT (or INFORM) packets. */
  forwarding: boolean;
  /** LearnerHandler.tickOfNextAckDeadline. */
  tickOfNextAckDeadline: number;
  /** Leader-local time the last packet arrived from it. */
  lastHeard: number;
  /** Packet sequence numbers on this connection (TCP order: a gap breaks it, a duplicate is dropped). */
  outSeq: number;
  inSeq: number;
}

export interface Proposal {
  entry: LogEntry;
  acks: number[];
  /** Leader monotonic time it was proposed (syncLimitCheck uses Time.currentElapsedTime()). */
  time: number;
  /**
   * Voters whose ACK is in `acks` but whose copy the leader's own sync then truncated (a reconnecting
   * follower that ACKed this outstanding proposal gets TRUNC to maxCommittedLog, below it). ZooKeeper keeps
   * the ACK: Leader.removeLearnerHandler and LearnerHandler.syncFollower never touch the ack sets of
   * outstandingProposals. Audit only: the commit rule does not look at it.
   */
  truncated?: number[];
}

export interface PendingSync {
  /** 0 when the sync came from one of the leader's own clients. */
  sid: number;
  node: string;
  conn: string;
  session: string;
  cxid: number;
}

export interface TrackedSession {
  timeout: number;
  /** Expiry bucket (leader local ms, a multiple of tickTime). */
  expiresAt: number;
  closing: boolean;
}

export interface LeaderState {
  epoch: number;
  epochFixed: boolean;
  /** sid → acceptedEpoch of the learners in getEpochToPropose (the leader included). */
  connecting: Record<string, number>;
  /** sids whose ACKEPOCH counted (the leader included). */
  electing: number[];
  newLeaderAcks: number[];
  handlers: Record<string, LearnerHandler>;
  outstanding: Proposal[];
  lastProposed: number;
  tick: number;
  tickSkip: boolean;
  /** Syncs waiting for a zxid to commit: zxid (decimal string) → requests. */
  pendingSyncs: Record<string, PendingSync[]>;
  sessions: Record<string, TrackedSession>;
  /** Deadline (leader local ms) of the discovery / sync phase in progress. */
  phaseDeadline: number;
  proposalSizes: { last: number; min: number; max: number };
  /**
   * Audit for the zk-commit-quorum invariant: zxid (decimal string) → the voters of `Proposal.truncated` of a
   * proposal committed in the current event (older entries are dropped at the next tryToCommit).
   */
  truncatedAckCommits?: Record<string, number[]>;
}

// ---- learner side --------------------------------------------------------------------------------

export type LearnerStage = 'connecting' | 'discovery' | 'sync' | 'newleader' | 'uptodate';

export interface LearnerState {
  leaderSid: number;
  leaderNode: string;
  conn: string;
  stage: LearnerStage;
  tries: number;
  newEpoch: number;
  /** Proposals received during sync and not committed yet (packetsNotCommitted). */
  notCommitted: LogEntry[];
  /** COMMITs received between NEWLEADER and UPTODATE (packetsCommitted). */
  committedPending: number[];
  /** Sessions touched since the last PING (LearnerSessionTracker.snapshot). */
  touch: Record<string, number>;
  /** How the last sync went (DIFF, TRUNC, SNAP), for notes. */
  syncMode: string;
  /** Packet sequence numbers on the leader connection (TCP order). */
  outSeq: number;
  inSeq: number;
}

// ---- client connections --------------------------------------------------------------------------

export interface ClientConn {
  conn: string;
  client: string;
  session: string;
  timeout: number;
  /** 'pending' until the session is created or revalidated. */
  open: boolean;
  /** Watches the client asked to re-register (SetWatches), kept until the session is revalidated. */
  watches: SetWatchesMsg | null;
  received: number;
  sent: number;
  /** Packet sequence numbers on this connection (TCP order). */
  outSeq: number;
  inSeq: number;
}

/** Watches a reconnecting client asks to re-register (SetWatches / SetWatches2). */
export interface SetWatchesMsg {
  relativeZxid: number;
  dataWatches: string[];
  existWatches: string[];
  childWatches: string[];
  persistentWatches: string[];
  persistentRecursiveWatches: string[];
}

/** A request waiting in a session's queue on this server (CommitProcessor per-session order). */
export interface QueuedRequest {
  conn: string;
  cxid: number;
  kind: 'connect' | 'write' | 'read' | 'sync';
  /** The request (reads answered when they reach the head; writes wait for their commit). */
  request: Record<string, unknown>;
  /** For writes: sent to the leader / proposed. */
  submitted: boolean;
  received: number;
}

export interface ServerStats {
  received: number;
  sent: number;
  minLatency: number;
  maxLatency: number;
  totalLatency: number;
  count: number;
}

export interface ServerContext {
  id: string;
  myid: number;
  cfg: ZkServerConfig;
  incarnation: number;
  role: ServerRole;
  zab: ZabState;
  acceptedEpoch: number;
  currentEpoch: number;
  tree: DbTree;
  watches: DbWatchTable;
  /** Last txn applied to the data tree (lastProcessedZxid). */
  lastProcessed: number;
  /** Zxid covered by the on-disk snapshot the log starts after. */
  snapZxid: number;
  /** The snapshot itself (only after a SNAP sync; null means "the empty initial tree"). */
  snapshot: DbTree | null;
  /** The txn log (in memory mirror of the disk), in zxid order. Entries up to lastProcessed are applied. */
  log: LogEntry[];
  /** Highest zxid this server knows to be committed (for invariants; not a ZooKeeper field). */
  trustedZxid: number;
  fle: FleState;
  vote: Vote;
  leader: LeaderState | null;
  learner: LearnerState | null;
  serving: boolean;
  conns: Record<string, ClientConn>;
  queues: Record<string, QueuedRequest[]>;
  /** Low 16 bits of the next session id (SessionTrackerImpl.nextSessionId). */
  sessionCounter: number;
  sessionBase: number;
  seq: number;
  stats: ServerStats;
  /** Local time of the last container / TTL sweep (leader only). */
  lastContainerCheck: number;
  /** Count of txns this incarnation applied: lets invariants notice progress cheaply. */
  applied: number;
}

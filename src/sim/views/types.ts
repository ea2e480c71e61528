/**
 * View models: compact, JSON-only pictures of a world that the worker sends to the UI (per frame or on
 * demand). The UI imports these *types* only; the extractors that build them live next to this file and run
 * in the worker (or in Node tests), never on the UI thread.
 */

/** One vote as FLE compares them: (epoch, zxid, sid). */
export interface VoteView {
  leader: number;
  /** Hex, e.g. 0x100000002. */
  zxid: string;
  epoch: number;
}

/** A vote this server holds from another server (its recvset / outofelection). */
export interface ReceivedVote extends VoteView {
  from: number;
  /** The sender's state when it voted (LOOKING, FOLLOWING, …). */
  state: string;
  /** Whether it proposes the same leader/zxid/epoch as this server's current vote. */
  agrees: boolean;
}

export interface ZkServerView {
  id: string;
  myid: number;
  observer: boolean;
  /** From the kernel: up / paused / crashed. */
  status: string;
  /** null while crashed. */
  role: string | null;
  zab: string | null;
  epoch: number;
  acceptedEpoch: number;
  lastZxid: string;
  serving: boolean;
  /** sid of the leader it follows (or itself when leading); null while LOOKING. */
  leader: number | null;
  /** Its current vote (the FLE proposal while LOOKING, the final vote otherwise). */
  vote: VoteView | null;
  /** FLE logical clock (election round). */
  round: number;
  /** A quorum agrees; waiting finalizeWait for a better vote. */
  finalizing: boolean;
  /** Votes received in this round, by sender. */
  received: ReceivedVote[];
  /** sids (this server included) whose vote matches its own. */
  agree: number[];
}

/** A Zab proposal in flight at a leader: sent, not yet committed. */
export interface ProposalView {
  leader: string;
  zxid: string;
  /** What the txn does, e.g. "create /a" or "createSession". */
  op: string;
  acks: number[];
  /** Voters needed for a quorum (strict majority). */
  needed: number;
  voters: number;
}

/** A leader establishing its epoch: who acknowledged the new epoch / NEWLEADER so far. */
export interface LeaderPhaseView {
  leader: string;
  epoch: number;
  zab: string;
  /** ACKEPOCH (discovery) or NEWLEADER ACKs (synchronization). */
  acks: number[];
  needed: number;
  /** Learners by stage: sid → info / epoch / sync / newleader / uptodate. */
  learners: Array<{ sid: number; stage: string; observer: boolean }>;
}

/** One side of the current partition (servers that can all hear each other both ways). */
export interface IslandView {
  members: string[];
  /** Voting servers on this side that are up (not crashed, not paused). */
  votersUp: number;
  /** Voting servers on this side, any status. */
  voters: number;
  canElect: boolean;
  canWrite: boolean;
  canRead: boolean;
  /** Who leads here now (a server in LEADING state), if any. */
  leader: string | null;
  /** Servers here that currently answer clients. */
  serving: string[];
}

export interface QuorumView {
  /** Voting members. */
  voters: number;
  observers: number;
  /** Strict majority of the voters. */
  majority: number;
  /** ⌊(n − 1) / 2⌋. */
  tolerated: number;
  /** Voters up (not crashed, not paused). */
  votersUp: number;
  /** Sides of the network (one when there is no partition). */
  islands: IslandView[];
  partitioned: boolean;
}

export interface ZkDomainView {
  servers: ZkServerView[];
  proposals: ProposalView[];
  phases: LeaderPhaseView[];
  quorum: QuorumView;
  /** Per server: a version string that changes whenever its znode tree or watches change. */
  treeVersions: Record<string, string>;
}

export type ZnodeKind = 'persistent' | 'ephemeral' | 'container' | 'ttl';

export interface StatView {
  czxid: string;
  mzxid: string;
  pzxid: string;
  ctime: number;
  mtime: number;
  version: number;
  cversion: number;
  aversion: number;
  ephemeralOwner: string;
  dataLength: number;
  numChildren: number;
}

export interface ZnodeView {
  path: string;
  name: string;
  parent: string | null;
  kind: ZnodeKind;
  /** Name ends with a 10-digit sequence suffix (created with a SEQUENTIAL mode). */
  sequential: boolean;
  /** TTL in ms (TTL nodes). */
  ttl?: number;
  /** The first characters of the data (text), null when the node has no data. */
  preview: string | null;
  /** The data was longer than the preview. */
  clipped: boolean;
  stat: StatView;
  /** Watches set on this path: data (getData / exists / persistent) and child watches. */
  dataWatches: number;
  childWatches: number;
}

export interface ZnodeTreeView {
  server: string;
  version: string;
  /** Sorted by path. */
  nodes: ZnodeView[];
  lastZxid: string;
  /** More nodes exist than were sent. */
  truncated: boolean;
}

/** A fault interval on the timeline (one lane per kind), from the recorded user actions. */
export type FaultKind = 'kill' | 'pause' | 'partition' | 'packet' | 'clock';

export interface FaultBand {
  kind: FaultKind;
  /** What it is, e.g. "crash zk2", "partition zk1 | zk2,zk3". */
  label: string;
  start: number;
  /** null while still active at the end of the recorded run. */
  end: number | null;
  node?: string;
}

/** One arrow of the space-time diagram. */
export interface ArrowView {
  id: number;
  from: string;
  to: string;
  type: string;
  sentAt: number;
  /** Delivery (or drop) instant; null while still in flight. */
  at: number | null;
  dropped: boolean;
}

/**
 * Types of the simulated Kafka 3.9 cluster in ZooKeeper mode (IBP ≥ 2.7): broker configuration, the
 * per-replica log, the controller's view and the wire messages. Everything is plain JSON data.
 */
import type { ClientContext } from '../zookeeper/client/types';

/** Topic-level configs (string values in ZooKeeper, typed here). */
export interface TopicConfig {
  'min.insync.replicas': number;
  'unclean.leader.election.enable': boolean;
  'segment.bytes': number;
  'segment.ms': number;
  'retention.ms': number;
  'retention.bytes': number;
  'cleanup.policy': 'delete' | 'compact';
  'min.cleanable.dirty.ratio': number;
  'delete.retention.ms': number;
}

export interface BrokerConfig {
  brokerId: number;
  /** ZooKeeper servers (zookeeper.connect). */
  zkServers: string[];
  /** All broker node ids of the cluster (for bootstrap only; liveness comes from ZooKeeper). */
  brokerNodes: string[];
  sessionTimeoutMs: number;
  replicaLagTimeMaxMs: number;
  replicaFetchWaitMaxMs: number;
  replicaFetchBackoffMs: number;
  retentionCheckIntervalMs: number;
  autoLeaderRebalance: boolean;
  leaderImbalanceCheckIntervalMs: number;
  leaderImbalancePerBrokerPercentage: number;
  /** Truncate to the local high watermark on becoming a follower (pre-KIP-101) instead of leader epochs. */
  legacyHwTruncation: boolean;
  offsetsTopicPartitions: number;
  offsetsTopicReplicationFactor: number;
  defaults: TopicConfig;
}

/** One record as stored in a segment. Byte sizes are scaled: key + value length + 20 bytes of overhead. */
export interface Rec {
  offset: number;
  /** Leader epoch of the leader that appended it. */
  epoch: number;
  key: string | null;
  value: string | null;
  ts: number;
  size: number;
  /** Who produced it and the producer's sequence (for the lost-record audit). */
  pid?: string;
  seq?: number;
}

export interface Segment {
  base: number;
  /** Local time of the segment's creation (segment.ms rolls). */
  created: number;
  bytes: number;
  records: Rec[];
  /** Largest timestamp in the segment. */
  maxTs: number;
  /** Set once the cleaner compacted it. */
  cleaned?: boolean;
}

export interface FollowerState {
  leo: number;
  lastCaughtUpMs: number;
  lastFetchMs: number;
  lastFetchLeaderLeo: number;
}

/** A replica of one partition on this broker. */
export interface Replica {
  topic: string;
  partition: number;
  replicas: number[];
  leader: number;
  leaderEpoch: number;
  /** The partition epoch (zkVersion of the state znode). */
  partitionEpoch: number;
  isr: number[];
  /** An AlterPartition in flight (leader only). */
  pendingIsr: number[] | null;
  segments: Segment[];
  logStart: number;
  leo: number;
  hw: number;
  /** Leader-epoch cache: [epoch, startOffset] ascending. */
  epochs: Array<[number, number]>;
  /** Leader only: followers' fetch state. */
  followers: Record<string, FollowerState>;
  /** Follower only: must truncate before fetching (set on becoming follower). */
  needsTruncation: boolean;
  /** The log end offset when this broker became leader (leaderEpochStartOffset). */
  epochStartOffset: number;
  /** Set after an unclean election, until the next clean one. */
  recovering?: boolean;
  offline?: boolean;
  /** Idempotent producer state: producer id → its last 5 (sequence, offset) pairs. */
  pids?: Record<string, Array<[number, number]>>;
}

export interface PartitionState {
  leader: number;
  leader_epoch: number;
  isr: number[];
  controller_epoch: number;
  zkVersion: number;
  recovering?: boolean;
}

export interface TopicMeta {
  topicId: string;
  assignment: Record<string, number[]>;
  config: Partial<TopicConfig>;
}

/** The controller's in-memory context (ControllerContext). */
export interface ControllerState {
  epoch: number;
  epochZkVersion: number;
  /** Live brokers: id → broker epoch (czxid of /brokers/ids/<id>). */
  live: Record<string, number>;
  topics: Record<string, TopicMeta>;
  /** 'topic-partition' → state. */
  partitions: Record<string, PartitionState>;
  deleting: Record<string, true>;
  shuttingDown: Record<string, true>;
  /** Events waiting for the single controller thread. */
  queue: CtlEvent[];
  busy: boolean;
  ready: boolean;
  /**
   * LeaderAndIsr requests not acknowledged yet, by correlation id: the controller's channel to a broker
   * (ControllerChannelManager) retries a request until the broker answers or leaves the live set.
   */
  unacked?: Record<string, { to: number; sentAt: number; msg: { type: string; [k: string]: unknown } }>;
  nextCorr?: number;
}

export type CtlEvent =
  | { k: 'Startup' }
  | { k: 'BrokerChange' }
  | { k: 'TopicChange' }
  | { k: 'TopicDeletion' }
  | { k: 'ConfigChange'; topic: string }
  | { k: 'AlterPartition'; from: string; broker: number; brokerEpoch: number; corr: number; items: AlterItem[] }
  | { k: 'ControlledShutdown'; from: string; broker: number; corr: number }
  | { k: 'Elect'; from: string; corr: number; kind: 'preferred' | 'unclean'; partitions: string[] | null; cliCorr?: number }
  | { k: 'AutoRebalance' };

export interface AlterItem {
  tp: string;
  leaderEpoch: number;
  partitionEpoch: number;
  isr: number[];
}

/** The broker's metadata cache (from UpdateMetadata). */
export interface MetadataCache {
  controllerId: number;
  controllerEpoch: number;
  liveBrokers: number[];
  partitions: Record<string, { leader: number; leaderEpoch: number; isr: number[]; replicas: number[]; offline: boolean }>;
  topics: Record<string, { topicId: string; partitions: number; config: Partial<TopicConfig> }>;
}

/** What the broker still has to do with a ZooKeeper reply (continuations keyed by reqId). */
export interface ZkWait {
  tag: string;
  data?: unknown;
  /** The request, sent again after a ConnectionLoss (KafkaZkClient.retryRequestsUntilConnected). */
  req?: Record<string, unknown>;
  /** Member of a batch. */
  batch?: number;
  idx?: number;
}

export interface ZkBatch {
  tag: string;
  data?: unknown;
  left: number;
  replies: unknown[];
}

export interface ParkedProduce {
  from: string;
  corr: number;
  tp: string;
  requiredOffset: number;
  baseOffset: number;
  deadline: number;
  acks: number;
  /** An append of the group coordinator (OffsetCommit): answered with an OffsetCommitResponse once replicated. */
  commit?: { groupId: string; offsets: Record<string, number> };
}

export interface ParkedFetch {
  from: string;
  corr: number;
  deadline: number;
  req: FetchRequest;
}

export interface FetchPartitionReq {
  tp: string;
  offset: number;
  /** Follower fetches: the epoch of the last record fetched (KIP-320 style divergence check). */
  lastFetchedEpoch?: number;
  currentLeaderEpoch?: number;
  maxRecords?: number;
}

export interface FetchRequest {
  replicaId: number;
  partitions: FetchPartitionReq[];
  maxWaitMs: number;
  sessionId?: number;
}

export interface BrokerContext {
  id: string;
  brokerId: number;
  cfg: BrokerConfig;
  incarnation: number;
  zk: ClientContext;
  zkReq: number;
  zkWait: Record<string, ZkWait>;
  zkBatches: Record<string, ZkBatch>;
  nextBatch: number;
  /** STARTING → REGISTERING → RUNNING; SHUTTING_DOWN; FENCED (session lost, re-registering). */
  phase: 'STARTING' | 'REGISTERING' | 'RUNNING' | 'SHUTTING_DOWN' | 'STOPPED';
  brokerEpoch: number;
  clusterId: string | null;
  activeControllerId: number;
  controllerEpochSeen: number;
  ctl: ControllerState | null;
  meta: MetadataCache;
  replicas: Record<string, Replica>;
  /** Follower fetchers: leader broker id → in-flight state. */
  fetchers: Record<string, { inflight: boolean; sessionId: number; epoch: number; sentAt: number }>;
  parkedProduce: ParkedProduce[];
  parkedFetch: ParkedFetch[];
  /**
   * Leader side of the replica fetch sessions (KIP-227, responses only): follower id → partition → what the
   * last response carried [fetch offset, HW, log start, leader epoch]; an unchanged partition is left out.
   */
  fetchSessions?: Record<string, Record<string, number[]>>;
  nextCorr: number;
  /** Outstanding requests this broker sent as a client (AlterPartition, ControlledShutdown): corr → what. */
  outstanding: Record<string, { kind: string; to: string; data?: unknown }>;
  /** Group coordinator state (for __consumer_offsets partitions this broker leads). */
  groups: Record<string, GroupState>;
  /** Broker config overrides from /config/brokers. */
  brokerOverrides: Record<string, string>;
  /** Offsets of producer writes this leader acknowledged with acks=all (for the invariant audit). */
  lastRetentionCheck: number;
}

export interface GroupMember {
  memberId: string;
  clientId: string;
  node: string;
  protocols: string[];
  subscription: string[];
  assignment: Record<string, number[]>;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  lastHeartbeat: number;
  /** Waiting JoinGroup / SyncGroup response. */
  joinCorr: number | null;
  syncCorr: number | null;
  owned: Record<string, number[]>;
}

export interface GroupState {
  groupId: string;
  state: 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';
  generation: number;
  protocol: string | null;
  leader: string | null;
  members: Record<string, GroupMember>;
  /** topic-partition → committed offset. */
  offsets: Record<string, number>;
  nextMemberSeq: number;
  rebalanceDeadline: number;
  /** The initial rebalance delay (group.initial.rebalance.delay.ms) is still running. */
  initialDelayUntil: number;
}

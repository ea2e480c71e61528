/**
 * Node specs of the Kafka cluster: brokers broker1…brokerN (kind 'broker', role 'server', broker.id = N),
 * the console's tool node kafka-cli (kind 'kafka-client'), and the workload producers / consumers.
 */
import type { Snapshot } from 'xstate';
import type { NodeDescription, NodeSpec } from '../kernel/types';
import type { SimConfig } from '../config';
import { brokerMachine } from './broker.machine';
import { kafkaClientMachine } from './client.machine';
import type { KafkaClientConfig, KClientContext } from './client.machine';
import type { BrokerConfig, BrokerContext, TopicConfig } from './types';

export function brokerIds(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `broker${i + 1}`);
}

export function defaultTopicConfig(k: SimConfig['kafka']): TopicConfig {
  return {
    'min.insync.replicas': k.minInsyncReplicas,
    'unclean.leader.election.enable': k.uncleanLeaderElection,
    'segment.bytes': k.segmentBytes,
    'segment.ms': k.segmentMs,
    'retention.ms': k.retentionMs,
    'retention.bytes': k.retentionBytes,
    'cleanup.policy': 'delete',
    'min.cleanable.dirty.ratio': 0.5,
    'delete.retention.ms': 86_400_000,
  };
}

export function brokerConfigs(config: SimConfig): BrokerConfig[] {
  const k = config.kafka;
  const zkServers = Array.from({ length: config.zk.servers }, (_, i) => `zk${i + 1}`);
  const nodes = brokerIds(config.brokers);
  return nodes.map((_, i) => ({
    brokerId: i + 1,
    zkServers,
    brokerNodes: nodes,
    sessionTimeoutMs: k.sessionTimeoutMs,
    replicaLagTimeMaxMs: k.replicaLagTimeMaxMs,
    replicaFetchWaitMaxMs: 500,
    replicaFetchBackoffMs: 1000,
    retentionCheckIntervalMs: k.retentionCheckIntervalMs,
    autoLeaderRebalance: k.autoLeaderRebalance,
    leaderImbalanceCheckIntervalMs: k.leaderImbalanceCheckIntervalMs,
    leaderImbalancePerBrokerPercentage: 10,
    legacyHwTruncation: k.legacyHwTruncation,
    offsetsTopicPartitions: k.offsetsTopicPartitions,
    offsetsTopicReplicationFactor: Math.min(3, config.brokers),
    defaults: defaultTopicConfig(k),
  }));
}

function describeBroker(snapshot: Snapshot<unknown>): NodeDescription {
  const b = (snapshot as unknown as { context?: BrokerContext }).context;
  if (!b) return {};
  let leaders = 0;
  let replicas = 0;
  for (const r of Object.values(b.replicas)) {
    replicas++;
    if (r.leader === b.brokerId) leaders++;
  }
  return {
    role: b.ctl ? 'CONTROLLER' : b.phase,
    detail: {
      id: b.brokerId,
      epoch: b.brokerEpoch,
      zk: b.zk.phase,
      session: b.zk.session,
      controller: b.activeControllerId,
      controllerEpoch: b.ctl?.epoch ?? b.controllerEpochSeen,
      leaders,
      replicas,
    },
  };
}

function describeClient(snapshot: Snapshot<unknown>): NodeDescription {
  const c = (snapshot as unknown as { context?: KClientContext }).context;
  if (!c) return {};
  return { role: c.cfg.role, detail: { sent: c.stats.sent, acked: c.stats.acked, failed: c.stats.failed, consumed: c.stats.consumed } };
}

export function workloadTopics(config: SimConfig): string[] {
  return Array.from({ length: config.kafka.workload.topics }, (_, i) => `topic${i + 1}`);
}

export function kafkaNodeSpecs(config: SimConfig): NodeSpec<unknown>[] {
  const specs: NodeSpec<unknown>[] = brokerConfigs(config).map((cfg) => ({
    id: `broker${cfg.brokerId}`,
    kind: 'broker',
    role: 'server' as const,
    config: cfg,
    logic: brokerMachine,
    describe: describeBroker,
  }));
  const brokers = brokerIds(config.brokers);
  const w = config.kafka.workload;
  const topics = workloadTopics(config);
  const wl = (role: 'producer' | 'consumer', i: number): KafkaClientConfig => ({
    brokers: [...brokers.slice(i % brokers.length), ...brokers.slice(0, i % brokers.length)],
    role,
    workload: {
      topics,
      partitions: w.partitions,
      replicationFactor: Math.min(w.replicationFactor, config.brokers),
      messagesPerSecond: w.messagesPerSecond,
      acks: w.acks,
      groupId: w.groupId,
      assignor: w.assignor,
      createTopics: role === 'producer' && i === 0,
    },
  });
  if (config.kafka.cli) {
    specs.push({ id: 'kafka-cli', kind: 'kafka-client', role: 'client', config: { brokers, role: 'cli' } satisfies KafkaClientConfig, logic: kafkaClientMachine, describe: describeClient });
  }
  for (let i = 0; i < w.producers; i++) specs.push({ id: `producer${i + 1}`, kind: 'kafka-client', role: 'client', config: wl('producer', i), logic: kafkaClientMachine, describe: describeClient });
  for (let i = 0; i < w.consumers; i++) specs.push({ id: `consumer${i + 1}`, kind: 'kafka-client', role: 'client', config: wl('consumer', i), logic: kafkaClientMachine, describe: describeClient });
  return specs;
}

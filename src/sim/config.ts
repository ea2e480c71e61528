/**
 * The configuration of a run: what exists in the world before any user action. Validated with zod so
 * that imported files and shared links can never build a world the app cannot handle.
 */
import { z } from 'zod';

export const SimConfigSchema = z.object({
  seed: z.number().int().min(0).max(0xffffffff),
  zk: z
    .object({
      servers: z.number().int().min(0).max(9),
      observers: z.number().int().min(0).max(8).default(0),
      tickTime: z.number().int().min(100).max(60_000).default(2000),
      initLimit: z.number().int().min(1).max(100).default(10),
      syncLimit: z.number().int().min(1).max(100).default(5),
      clients: z.number().int().min(0).max(20).default(1),
      /** The session timeout the clients ask for (zkCli: 30000); the server clamps it to [min, max]. */
      clientSessionTimeout: z.number().int().min(100).max(3_600_000).default(30_000),
      /** minSessionTimeout / maxSessionTimeout of the servers; unset: 2 × and 20 × tickTime, as in ZooKeeper. */
      minSessionTimeout: z.number().int().min(100).max(3_600_000).optional(),
      maxSessionTimeout: z.number().int().min(100).max(3_600_000).optional(),
      /** Clients start connecting with the world (true), or wait to be told (`connect`), like starting zkCli later. */
      clientsAutoConnect: z.boolean().default(true),
      extendedTypesEnabled: z.boolean().default(false),
    })
    // ZooKeeper refuses to start with these the wrong way round (QuorumPeerConfig)
    .refine((z) => (z.minSessionTimeout ?? 2 * z.tickTime) <= (z.maxSessionTimeout ?? 20 * z.tickTime), {
      message: 'minSessionTimeout must not be larger than maxSessionTimeout',
      path: ['minSessionTimeout'],
    })
    .default({
      servers: 3,
      observers: 0,
      tickTime: 2000,
      initLimit: 10,
      syncLimit: 5,
      clients: 1,
      clientSessionTimeout: 30_000,
      clientsAutoConnect: true,
      extendedTypesEnabled: false,
    }),
  brokers: z.number().int().min(0).max(12).default(0),
  /** The Kafka cluster (brokers broker1…brokerN, ZooKeeper mode): topic defaults, safety switches, workload. */
  kafka: z
    .object({
      /** zookeeper.session.timeout.ms */
      sessionTimeoutMs: z.number().int().min(2000).max(120_000).default(18_000),
      replicaLagTimeMaxMs: z.number().int().min(1000).max(600_000).default(30_000),
      /** Topic defaults (scaled: a segment holds a few dozen records; retention in minutes). */
      defaultPartitions: z.number().int().min(1).max(64).default(1),
      defaultReplicationFactor: z.number().int().min(1).max(12).default(1),
      minInsyncReplicas: z.number().int().min(1).max(12).default(1),
      uncleanLeaderElection: z.boolean().default(false),
      segmentBytes: z.number().int().min(100).max(1_073_741_824).default(1024),
      segmentMs: z.number().int().min(1000).max(604_800_000).default(300_000),
      retentionMs: z.number().int().min(-1).max(604_800_000).default(600_000),
      retentionBytes: z.number().int().min(-1).default(-1),
      retentionCheckIntervalMs: z.number().int().min(1000).max(600_000).default(30_000),
      /** Restores the pre-KIP-101 truncation to the local high watermark (shows the divergence anomaly). */
      legacyHwTruncation: z.boolean().default(false),
      autoLeaderRebalance: z.boolean().default(true),
      leaderImbalanceCheckIntervalMs: z.number().int().min(1000).max(3_600_000).default(300_000),
      offsetsTopicPartitions: z.number().int().min(1).max(50).default(50),
      /** The node the console's Kafka tools run on (kafka-cli). */
      cli: z.boolean().default(true),
      workload: z
        .object({
          producers: z.number().int().min(0).max(8).default(0),
          messagesPerSecond: z.number().min(0).max(1000).default(50),
          acks: z.union([z.literal(0), z.literal(1), z.literal(-1)]).default(-1),
          consumers: z.number().int().min(0).max(16).default(0),
          groupId: z.string().min(1).max(64).default('workload'),
          assignor: z.enum(['range', 'roundrobin', 'sticky', 'cooperative-sticky']).default('range'),
          topics: z.number().int().min(0).max(8).default(0),
          partitions: z.number().int().min(1).max(64).default(6),
          replicationFactor: z.number().int().min(1).max(12).default(3),
        })
        .default({ producers: 0, messagesPerSecond: 50, acks: -1, consumers: 0, groupId: 'workload', assignor: 'range', topics: 0, partitions: 6, replicationFactor: 3 }),
    })
    .default({
      sessionTimeoutMs: 18_000,
      replicaLagTimeMaxMs: 30_000,
      defaultPartitions: 1,
      defaultReplicationFactor: 1,
      minInsyncReplicas: 1,
      uncleanLeaderElection: false,
      segmentBytes: 1024,
      segmentMs: 300_000,
      retentionMs: 600_000,
      retentionBytes: -1,
      retentionCheckIntervalMs: 30_000,
      legacyHwTruncation: false,
      autoLeaderRebalance: true,
      leaderImbalanceCheckIntervalMs: 300_000,
      offsetsTopicPartitions: 50,
      cli: true,
      workload: { producers: 0, messagesPerSecond: 50, acks: -1, consumers: 0, groupId: 'workload', assignor: 'range', topics: 0, partitions: 6, replicationFactor: 3 },
    }),
  /** Demo ping-pong nodes (used for kernel tests and the benchmark). */
  pingers: z.number().int().min(0).max(64).default(0),
  network: z
    .object({
      meanMs: z.number().min(0).max(10_000).default(1),
      sdMs: z.number().min(0).max(10_000).default(0.25),
    })
    .default({ meanMs: 1, sdMs: 0.25 }),
  /** Simulated ms between whole-world checkpoints (time travel). */
  checkpointEveryMs: z.number().int().min(100).max(600_000).default(5000),
});

export type SimConfig = z.infer<typeof SimConfigSchema>;
export type SimConfigInput = z.input<typeof SimConfigSchema>;

export function makeConfig(input: SimConfigInput): SimConfig {
  return SimConfigSchema.parse(input);
}

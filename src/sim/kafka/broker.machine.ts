/**
 * A Kafka 3.9 broker in ZooKeeper mode, on the simulation kernel.
 *
 * - ZooKeeper: the broker is a real client of the simulated ensemble. The ZooKeeper client library
 *   (`handleClientEvent`) runs inside this machine on `context.zk`; ZooKeeper server messages and the
 *   library's timers are routed to it and its replies / watch events come back as continuations (zk.ts).
 * - Startup: persistent paths, /cluster/id, ephemeral /brokers/ids/<id> (czxid = broker epoch), controller
 *   election through /controller + /controller_epoch. Session expiry: resign, new session, register again.
 * - ReplicaManager: LeaderAndIsr / UpdateMetadata / StopReplica from the controller (stale controller epochs
 *   rejected), leader and follower replicas, follower fetchers (one fetch session per leader, long-poll),
 *   HW = min LEO of the ISR, ISR shrink / expand through AlterPartition to the controller, truncation by
 *   leader epoch (or by the local high watermark with the legacy switch), produce with acks 0/1/all and
 *   min.insync.replicas, consumer fetch below the HW, retention and compaction, group coordination.
 */
import { enqueueActions, setup } from 'xstate';
import type { Json, KernelRequest, NodeEnv, NodeInput } from '../kernel/types';
import { cancelTimer, diskAppend, diskWrite, setTimer, violation } from '../kernel/machine';
import { SOCKET_CLOSED } from '../kernel/world';
import { initClientContext, startClientSession } from '../zookeeper/client/client.machine';
import { assignReplicas, brokerIdOf, brokerNode, noteK, parseTopicConfig, randomUuid, sendTo, topicConfig, tpKey } from './common';
import { ctlEnqueue, newControllerState, onCtlZk, onLeaderAndIsrResponse, onLoadAssignments, onStatesWritten, parseConfigZnode, resign, retryControllerRequests } from './controller';
import { completeOffsetCommit, handleGroupRequest, groupTick, GROUP_REQUESTS, onOffsetsPartitionLeadership } from './coordinator';
import { appendRecord, applyRetention, assignEpoch, compact, duplicateOf, endOffsetFor, latestEpoch, readRecords, rebuildProducerState, segmentName, truncateTo } from './log';
import type { AlterItem, BrokerConfig, BrokerContext, FetchPartitionReq, FetchRequest, MetadataCache, Rec, Replica, Segment, TopicConfig } from './types';
import type { X, ZkReplyValue } from './zk';
import { batchReplies, installZkHandlers, isZkClientEvent, zkBatch, zkCall, zkOps, zkRun } from './zk';

const T_ISR_EXPIRY = 'K_ISR_EXPIRY';
const T_HW_CHECKPOINT = 'K_HW_CHECKPOINT';
const T_PURGATORY = 'K_PURGATORY';
const T_RETENTION = 'K_RETENTION';
const T_REBALANCE = 'K_LEADER_REBALANCE';
const T_REGISTER_RETRY = 'K_REGISTER_RETRY';
const T_GROUPS = 'K_GROUP_TICK';
const FETCH_BACKOFF = 'K_FETCH_BACKOFF_';
const REQUEST_TIMEOUT_MS = 30000;
/** offsets.commit.timeout.ms */
const OFFSETS_COMMIT_TIMEOUT_MS = 5000;

export const PERSISTENT_PATHS = [
  '/consumers',
  '/brokers',
  '/brokers/ids',
  '/brokers/topics',
  '/brokers/seqid',
  '/config',
  '/config/changes',
  '/admin',
  '/admin/delete_topics',
  '/isr_change_notification',
  '/latest_producer_id_block',
  '/log_dir_event_notification',
  '/config/topics',
  '/config/clients',
  '/config/users',
  '/config/brokers',
  '/config/ips',
  '/cluster',
];

function emptyMeta(): MetadataCache {
  return { controllerId: -1, controllerEpoch: -1, liveBrokers: [], partitions: {}, topics: {} };
}

export function topicCfg(b: BrokerContext, topic: string): TopicConfig {
  return topicConfig(b.cfg.defaults, b.meta.topics[topic]?.config);
}

// ---- disk ------------------------------------------------------------------------------------------

function segKey(tp: string, base: number): string {
  return `log/${tp}/${segmentName(base)}.log`;
}

function persistMeta(x: X, r: Replica): void {
  const tp = tpKey(r.topic, r.partition);
  x.out.push(diskWrite(`log/${tp}/meta`, { topic: r.topic, partition: r.partition, logStart: r.logStart, epochs: r.epochs as unknown as Json, segs: r.segments.map((s) => s.base) }));
}

/**
 * Persists the `appended` records just added to the active segment: an append to the segment file on disk
 * (the whole segment is written only when the file is new), so the cost is proportional to what was appended.
 */
function persistActive(x: X, r: Replica, appended: number): void {
  const s = r.segments[r.segments.length - 1];
  if (!s || appended <= 0) return;
  const items = s.records.slice(Math.max(0, s.records.length - appended)) as unknown as Json[];
  const set: Record<string, Json> = { base: s.base, created: s.created, bytes: s.bytes, maxTs: s.maxTs };
  x.out.push(diskAppend(segKey(tpKey(r.topic, r.partition), s.base), 'records', items, s as unknown as Json, set));
}

/**
 * Persists a change to the log's segment list, incrementally as Kafka does: deletes the files of the
 * `removedBases` segments, writes the `changed` segments whole, and writes the metadata. Every other segment is
 * already on disk exactly as it is in memory (a segment is written whenever it changes: appends through
 * persistActive, everything else through here), so the disk ends up just as a rewrite of the whole log would
 * leave it, without copying the unchanged segments again (which checkpoints would otherwise each keep a copy of).
 */
function persistLog(x: X, r: Replica, removedBases: readonly number[], changed: readonly Segment[]): void {
  const tp = tpKey(r.topic, r.partition);
  for (const base of removedBases) x.out.push(diskWrite(segKey(tp, base), undefined));
  // the full rewrite's order and outcome are kept: a kept segment whose file was just deleted (same base as a
  // removed one) or that shares its base with another segment is written too
  let ordered = true;
  for (let i = 1; i < r.segments.length; i++) if ((r.segments[i] as Segment).base <= (r.segments[i - 1] as Segment).base) ordered = false;
  const write = !ordered ? r.segments : removedBases.length === 0 ? changed : r.segments.filter((s) => changed.includes(s) || removedBases.includes(s.base));
  for (const s of write) x.out.push(diskWrite(segKey(tp, s.base), s as unknown as Json));
  persistMeta(x, r);
}

/** Persists a full replacement of the log (every segment written, the old files deleted). */
function persistAll(x: X, r: Replica, removedBases: number[] = []): void {
  persistLog(x, r, removedBases, r.segments);
}

/**
 * After truncateTo: the files of the segments it dropped whole are deleted (Log.truncateTo deletes the segments
 * above the truncation point) and the last remaining one, which the truncation point fell in, is rewritten.
 */
function persistTruncated(x: X, r: Replica, basesBefore: readonly number[]): void {
  const kept = new Set(r.segments.map((s) => s.base));
  persistLog(
    x,
    r,
    basesBefore.filter((b) => !kept.has(b)),
    r.segments.slice(-1),
  );
}

function loadReplicas(disk: Record<string, Json>): Record<string, Replica> {
  const out: Record<string, Replica> = {};
  const hw = (disk['replication-offset-checkpoint'] ?? {}) as Record<string, number>;
  for (const [k, v] of Object.entries(disk)) {
    const m = /^log\/(.+)\/meta$/.exec(k);
    if (!m) continue;
    const tp = m[1] as string;
    const meta = v as { topic: string; partition: number; logStart: number; epochs: Array<[number, number]>; segs: number[] };
    const segments: Segment[] = [];
    for (const base of meta.segs) {
      const s = disk[segKey(tp, base)] as unknown as Segment | undefined;
      if (s) segments.push(structuredClone(s));
    }
    const r = newReplica(meta.topic, meta.partition);
    r.segments = segments.length ? segments : r.segments;
    r.logStart = meta.logStart;
    r.epochs = meta.epochs;
    const last = segments[segments.length - 1];
    const lastRec = last?.records[last.records.length - 1];
    r.leo = lastRec ? lastRec.offset + 1 : (last?.base ?? meta.logStart);
    r.hw = Math.min(hw[tp] ?? 0, r.leo);
    r.epochs = r.epochs.filter((e) => e[1] <= r.leo);
    // producer state is not lost with the process: it is rebuilt from the log (UnifiedLog.loadProducerState)
    rebuildProducerState(r);
    out[tp] = r;
  }
  return out;
}

function newReplica(topic: string, partition: number): Replica {
  return {
    topic,
    partition,
    replicas: [],
    leader: -1,
    leaderEpoch: -1,
    partitionEpoch: -1,
    isr: [],
    pendingIsr: null,
    segments: [{ base: 0, created: 0, bytes: 0, records: [], maxTs: -1 }],
    logStart: 0,
    leo: 0,
    hw: 0,
    epochs: [],
    followers: {},
    needsTruncation: false,
    epochStartOffset: 0,
  };
}

// ---- start-up and ZooKeeper ------------------------------------------------------------------------

function brokerJson(x: X): string {
  const host = x.b.id;
  return JSON.stringify({
    features: {},
    listener_security_protocol_map: { PLAINTEXT: 'PLAINTEXT' },
    endpoints: [`PLAINTEXT://${host}:9092`],
    jmx_port: -1,
    port: 9092,
    host,
    version: 5,
    timestamp: String(Math.floor(x.env.now())),
  });
}

function onZkEvent(x: X, ev: { state: string; type: string; path: string | null }): void {
  const b = x.b;
  if (ev.type === 'None') {
    if (ev.state === 'SyncConnected' && (b.phase === 'STARTING' || b.phase === 'REGISTERING')) startRegistration(x);
    if (ev.state === 'Expired') {
      noteK(x, 'kafka.broker.sessionExpired', { broker: b.brokerId });
      if (b.ctl) resign(x);
      b.activeControllerId = -1;
      if (b.phase !== 'STOPPED' && b.phase !== 'SHUTTING_DOWN') {
        b.phase = 'REGISTERING';
        startClientSession({ c: b.zk, out: x.out, env: x.env });
      }
    }
    if (ev.state === 'Disconnected') noteK(x, 'kafka.broker.zkDisconnected', { broker: b.brokerId });
    return;
  }
  const path = ev.path ?? '';
  if (path === '/controller') {
    checkController(x);
    return;
  }
  if (path === '/config/changes') {
    zkCall(x, zkOps.children('/config/changes', true), 'configChanges');
    return;
  }
  if (!b.ctl) return;
  if (path === '/brokers/ids') ctlEnqueue(x, { k: 'BrokerChange' });
  else if (path === '/brokers/topics' || path.startsWith('/brokers/topics/')) ctlEnqueue(x, { k: 'TopicChange' });
  else if (path === '/admin/delete_topics') ctlEnqueue(x, { k: 'TopicDeletion' });
  else if (path === '/isr_change_notification') zkCall(x, zkOps.children('/isr_change_notification', true), 'ignore');
}

function startRegistration(x: X): void {
  const b = x.b;
  b.phase = 'REGISTERING';
  zkBatch(x, PERSISTENT_PATHS.map((p) => zkOps.create(p, null)), 'paths');
}

function register(x: X): void {
  zkCall(x, zkOps.create(`/brokers/ids/${x.b.brokerId}`, brokerJson(x), 'EPHEMERAL'), 'registered');
}

function onRegistered(x: X, czxid: number): void {
  const b = x.b;
  b.brokerEpoch = czxid;
  b.phase = 'RUNNING';
  x.out.push(diskWrite('meta.properties', { 'broker.id': b.brokerId, 'cluster.id': b.clusterId, version: 0 }));
  noteK(x, 'kafka.broker.registered', { broker: b.brokerId, epoch: b.brokerEpoch });
  checkController(x);
  zkCall(x, zkOps.children('/config/changes', true), 'configChanges');
  // the controller may have seen the znode (and sent LeaderAndIsr) before our create's reply came back: start
  // the follower fetchers now (KafkaServer.startup enables request processing only after registerBroker)
  ensureFetchers(x);
}

function becomeController(x: X, epoch: number, epochZkVersion: number): void {
  const b = x.b;
  b.activeControllerId = b.brokerId;
  b.ctl = newControllerState(epoch, epochZkVersion);
  noteK(x, 'kafka.controller.elected', { broker: b.brokerId, epoch });
  ctlEnqueue(x, { k: 'Startup' });
  if (b.cfg.autoLeaderRebalance) x.out.push(setTimer(T_REBALANCE, 5000));
}

function checkController(x: X): void {
  zkCall(x, zkOps.exists('/controller', true), 'controllerExists');
}

function onZkReply(x: X, tag: string, r: ZkReplyValue, data: unknown): void {
  const b = x.b;
  if (tag.startsWith('ctl.')) {
    if (tag === 'ctl.written') return onStatesWritten(x, r, data as never);
    if (tag === 'ctl.loadStates') return onLoadAssignments(x, r, data as never);
    return onCtlZk(x, tag, r, data);
  }
  switch (tag) {
    case 'ignore':
      return;
    case 'paths':
      zkCall(x, zkOps.getData('/cluster/id'), 'clusterId');
      return;
    case 'clusterId':
      if (r.rc === 'OK' && r.data) {
        b.clusterId = (JSON.parse(r.data) as { id: string }).id;
        register(x);
      } else if (r.rc === 'NoNode') {
        const id = randomUuid(() => x.env.random());
        zkCall(x, zkOps.create('/cluster/id', JSON.stringify({ version: '1', id })), 'clusterIdCreated');
      } else x.out.push(setTimer(T_REGISTER_RETRY, 1000));
      return;
    case 'clusterIdCreated':
      zkCall(x, zkOps.getData('/cluster/id'), 'clusterId');
      return;
    case 'registered':
      if (b.phase !== 'REGISTERING') return;
      if (r.rc === 'OK' && r.stat) {
        onRegistered(x, r.stat.czxid);
      } else if (r.rc === 'NodeExists') {
        // KafkaZkClient.CheckedEphemeral.getAfterNodeExists: read the znode; if this very session owns it (an
        // earlier create of ours was applied but its reply was lost with the connection), it is our registration
        zkCall(x, zkOps.getData(`/brokers/ids/${b.brokerId}`), 'registeredExists');
      } else x.out.push(setTimer(T_REGISTER_RETRY, 1000));
      return;
    case 'registeredExists':
      if (b.phase !== 'REGISTERING') return;
      if (r.rc === 'OK' && r.stat && r.stat.ephemeralOwner === b.zk.session) {
        onRegistered(x, r.stat.czxid);
      } else if (r.rc === 'NoNode') {
        // "The ephemeral node went away while reading it, attempting create() again"
        register(x);
      } else if (r.rc === 'OK') {
        // the znode of a previous session of ours is still there until that session expires (real Kafka fails
        // start-up with NodeExists here; the simulated broker retries, as a supervisor restarting it would)
        noteK(x, 'kafka.broker.registrationConflict', { broker: b.brokerId, owner: r.stat?.ephemeralOwner ?? '' });
        x.out.push(setTimer(T_REGISTER_RETRY, 2000));
      } else x.out.push(setTimer(T_REGISTER_RETRY, 1000));
      return;
    case 'controllerExists':
      if (r.rc === 'NoNode') {
        zkCall(x, zkOps.getData('/controller_epoch'), 'epochRead');
      } else if (r.rc === 'OK') {
        zkCall(x, zkOps.getData('/controller'), 'controllerData');
      }
      return;
    case 'controllerData':
      if (r.rc === 'OK' && r.data) {
        const id = (JSON.parse(r.data) as { brokerid: number }).brokerid;
        b.activeControllerId = id;
        if (id !== b.brokerId && b.ctl) resign(x);
      } else if (r.rc === 'NoNode') checkController(x);
      return;
    case 'epochRead':
      if (r.rc === 'NoNode') {
        zkCall(x, zkOps.create('/controller_epoch', '0'), 'epochCreated');
        return;
      }
      if (r.rc === 'OK' && r.stat && b.phase === 'RUNNING') {
        const epoch = Number(r.data ?? '0');
        const body = JSON.stringify({ version: 2, brokerid: b.brokerId, timestamp: String(Math.floor(x.env.now())), kraftControllerEpoch: -1 });
        zkCall(x, zkOps.multi([zkOps.create('/controller', body, 'EPHEMERAL'), zkOps.setData('/controller_epoch', String(epoch + 1), r.stat.version)]), 'elected', { epoch: epoch + 1 });
      }
      return;
    case 'epochCreated':
      zkCall(x, zkOps.getData('/controller_epoch'), 'epochRead');
      return;
    case 'elected': {
      const d = data as { epoch: number };
      if (r.rc === 'OK') becomeController(x, d.epoch, r.results?.[1]?.stat?.version ?? 0);
      // KafkaZkClient.registerControllerAndIncrementControllerEpoch: on NODEEXISTS / BADVERSION,
      // checkControllerAndEpoch — our own multi may have been applied with its reply lost (and the retry failed)
      else zkBatch(x, [zkOps.getData('/controller'), zkOps.getData('/controller_epoch')], 'electedCheck', d);
      return;
    }
    case 'electedCheck': {
      const d = data as { epoch: number };
      const [ctlr, ep] = batchReplies(r);
      let owner: number;
      try {
        owner = ctlr?.rc === 'OK' && ctlr.data ? (JSON.parse(ctlr.data) as { brokerid: number }).brokerid : -1;
      } catch {
        owner = -1;
      }
      if (!b.ctl && owner === b.brokerId && ep?.rc === 'OK' && ep.stat && Number(ep.data) === d.epoch) becomeController(x, d.epoch, ep.stat.version);
      else checkController(x);
      return;
    }
    case 'createTopic': {
      const d = data as { from: string; corr: number; topic: string; step: number; body: string };
      if (d.step === 1) {
        zkCall(x, zkOps.create(`/brokers/topics/${d.topic}`, d.body), 'createTopic', { ...d, step: 2 });
        return;
      }
      const error = r.rc === 'OK' ? 'NONE' : r.rc === 'NodeExists' ? 'TOPIC_ALREADY_EXISTS' : 'UNKNOWN_SERVER_ERROR';
      if (error !== 'NONE') {
        sendTo(x, d.from, { type: 'CreateTopicsResponse', corr: d.corr, error });
        return;
      }
      // DelayedCreatePartitions: answer once the new partitions have leaders in the metadata (or time out)
      b.outstanding[`create:${d.topic}:${d.corr}`] = { kind: 'createTopicWait', to: d.from, data: { corr: d.corr, topic: d.topic, deadline: x.env.now() + REQUEST_TIMEOUT_MS } };
      return;
    }
    case 'simpleAdmin': {
      const d = data as { from: string; corr: number; type: string };
      const rs = batchReplies(r);
      const bad = rs.find((q) => q.rc !== 'OK' && q.rc !== 'NodeExists');
      sendTo(x, d.from, { type: d.type, corr: d.corr, error: bad ? (bad.rc === 'NoNode' ? 'UNKNOWN_TOPIC_OR_PARTITION' : bad.rc) : 'NONE' });
      return;
    }
    case 'alterConfigsRead':
      onAlterConfigsRead(x, r, data as never);
      return;
    case 'describeConfigs': {
      const d = data as { from: string; corr: number };
      sendTo(x, d.from, { type: 'DescribeConfigsResponse', corr: d.corr, error: 'NONE', config: r.rc === 'OK' ? parseConfigZnode(r.data) : {} });
      return;
    }
    case 'configChanges': {
      const kids = r.children ?? [];
      if (kids.length === 0) return;
      const last = kids[kids.length - 1] as string;
      zkCall(x, zkOps.getData(`/config/changes/${last}`), 'configChange');
      return;
    }
    case 'configChange': {
      if (r.rc !== 'OK' || !r.data) return;
      const entity = (JSON.parse(r.data) as { entity_path?: string }).entity_path ?? '';
      if (entity.startsWith('brokers/')) zkCall(x, zkOps.getData(`/config/${entity}`), 'brokerConfig', { entity });
      else if (entity.startsWith('topics/') && b.ctl) ctlEnqueue(x, { k: 'ConfigChange', topic: entity.slice('topics/'.length) });
      return;
    }
    case 'brokerConfig': {
      const d = data as { entity: string };
      const target = d.entity.slice('brokers/'.length);
      if (target === String(b.brokerId) || target === '<default>') {
        b.brokerOverrides = { ...b.brokerOverrides, ...parseConfigZnode(r.data) };
        const o = parseTopicConfig(b.brokerOverrides);
        b.cfg = { ...b.cfg, defaults: { ...b.cfg.defaults, ...o } };
        noteK(x, 'kafka.broker.configChanged', { broker: b.brokerId, entity: d.entity });
      }
      return;
    }
  }
}

installZkHandlers(onZkReply, onZkEvent);

// ---- controller-bound and admin requests ------------------------------------------------------------

function onCreateTopics(x: X, m: { from: string; corr: number; topic: string; partitions: number; replicationFactor: number; config: Record<string, string>; assignment?: Record<string, number[]> }): void {
  const b = x.b;
  if (!b.ctl || !b.ctl.ready) {
    sendTo(x, m.from, { type: 'CreateTopicsResponse', corr: m.corr, error: 'NOT_CONTROLLER' });
    return;
  }
  const live = Object.keys(b.ctl.live).map(Number);
  if (b.ctl.topics[m.topic]) {
    sendTo(x, m.from, { type: 'CreateTopicsResponse', corr: m.corr, error: 'TOPIC_ALREADY_EXISTS' });
    return;
  }
  if (!m.assignment && m.replicationFactor > live.length) {
    sendTo(x, m.from, { type: 'CreateTopicsResponse', corr: m.corr, error: 'INVALID_REPLICATION_FACTOR', message: `Replication factor: ${m.replicationFactor} larger than available brokers: ${live.length}.` });
    return;
  }
  const assignment = m.assignment ?? assignReplicas(live, m.partitions, m.replicationFactor, x.env.randomInt(live.length), x.env.randomInt(live.length));
  const topicId = randomUuid(() => x.env.random());
  const body = JSON.stringify({ partitions: assignment, topic_id: topicId, adding_replicas: {}, removing_replicas: {}, version: 3 });
  zkCall(x, zkOps.create(`/config/topics/${m.topic}`, JSON.stringify({ version: 1, config: m.config })), 'createTopic', { from: m.from, corr: m.corr, topic: m.topic, step: 1, body });
}

function onAdmin(x: X, m: { type: string; from: string; corr: number; [k: string]: unknown }): void {
  const b = x.b;
  switch (m.type) {
    case 'DeleteTopics': {
      const topic = String(m['topic']);
      if (!b.meta.topics[topic]) {
        sendTo(x, m.from, { type: 'DeleteTopicsResponse', corr: m.corr, error: 'UNKNOWN_TOPIC_OR_PARTITION' });
        return;
      }
      zkBatch(x, [zkOps.create(`/admin/delete_topics/${topic}`, null)], 'simpleAdmin', { from: m.from, corr: m.corr, type: 'DeleteTopicsResponse' });
      return;
    }
    case 'CreatePartitions': {
      const topic = String(m['topic']);
      const count = Number(m['count']);
      const c = b.ctl;
      const meta = c?.topics[topic];
      if (!c || !meta) {
        sendTo(x, m.from, { type: 'CreatePartitionsResponse', corr: m.corr, error: c ? 'UNKNOWN_TOPIC_OR_PARTITION' : 'NOT_CONTROLLER' });
        return;
      }
      const current = Object.keys(meta.assignment).length;
      if (count <= current) {
        sendTo(x, m.from, { type: 'CreatePartitionsResponse', corr: m.corr, error: 'INVALID_PARTITIONS', message: `Topic currently has ${current} partitions, which is higher than the requested ${count}.` });
        return;
      }
      const rf = (meta.assignment['0'] ?? []).length || 1;
      const live = Object.keys(c.live).map(Number);
      const extra = assignReplicas(live, count - current, rf, x.env.randomInt(live.length), x.env.randomInt(live.length), current);
      const assignment = { ...meta.assignment, ...extra };
      const body = JSON.stringify({ partitions: assignment, topic_id: meta.topicId, adding_replicas: {}, removing_replicas: {}, version: 3 });
      zkBatch(x, [zkOps.setData(`/brokers/topics/${topic}`, body, -1)], 'simpleAdmin', { from: m.from, corr: m.corr, type: 'CreatePartitionsResponse' });
      return;
    }
    case 'AlterConfigs': {
      const entity = String(m['entity']);
      const cfg = (m['config'] ?? {}) as Record<string, string>;
      const remove = (m['remove'] ?? []) as string[];
      zkCall(x, zkOps.getData(`/config/${entity}`), 'alterConfigsRead', { from: m.from, corr: m.corr, entity, cfg, remove });
      return;
    }
    case 'DescribeConfigs': {
      const entity = String(m['entity']);
      zkCall(x, zkOps.getData(`/config/${entity}`), 'describeConfigs', { from: m.from, corr: m.corr });
      return;
    }
  }
}

function onAlterConfigsRead(x: X, r: ZkReplyValue, d: { from: string; corr: number; entity: string; cfg: Record<string, string>; remove: string[] }): void {
  const current = r.rc === 'OK' ? parseConfigZnode(r.data) : {};
  const next = { ...current, ...d.cfg };
  for (const k of d.remove) delete next[k];
  const body = JSON.stringify({ version: 1, config: next });
  const ops: Array<Record<string, Json>> = [
    r.rc === 'OK' ? zkOps.setData(`/config/${d.entity}`, body, -1) : zkOps.create(`/config/${d.entity}`, body),
    { op: 'create', path: '/config/changes/config_change_', data: JSON.stringify({ version: 2, entity_path: d.entity }), mode: 'PERSISTENT_SEQUENTIAL' },
  ];
  zkBatch(x, ops, 'simpleAdmin', { from: d.from, corr: d.corr, type: 'AlterConfigsResponse' });
}

// ---- metadata ---------------------------------------------------------------------------------------

function onUpdateMetadata(x: X, m: { from: string; controllerId: number; controllerEpoch: number; liveBrokers: number[]; partitions: MetadataCache['partitions']; topics: MetadataCache['topics'] }): void {
  const b = x.b;
  if (m.controllerEpoch < b.controllerEpochSeen) {
    noteK(x, 'kafka.broker.staleControllerRejected', { broker: b.brokerId, request: 'UpdateMetadata', epoch: m.controllerEpoch, known: b.controllerEpochSeen });
    sendTo(x, m.from, { type: 'UpdateMetadataResponse', error: 'STALE_CONTROLLER_EPOCH' });
    return;
  }
  b.controllerEpochSeen = m.controllerEpoch;
  const partitions: MetadataCache['partitions'] = {};
  for (const [tp, p] of Object.entries(m.partitions)) {
    const pp = p as unknown as { leader: number; leaderEpoch: number; isr: number[]; replicas: number[] };
    partitions[tp] = { leader: pp.leader, leaderEpoch: pp.leaderEpoch, isr: pp.isr, replicas: pp.replicas, offline: pp.leader < 0 || !m.liveBrokers.includes(pp.leader) };
  }
  b.meta = { controllerId: m.controllerId, controllerEpoch: m.controllerEpoch, liveBrokers: m.liveBrokers, partitions, topics: m.topics };
  completeCreateTopics(x);
}

function completeCreateTopics(x: X): void {
  const b = x.b;
  const now = x.env.now();
  for (const [key, o] of Object.entries(b.outstanding)) {
    if (o.kind !== 'createTopicWait') continue;
    const d = o.data as { corr: number; topic: string; deadline: number };
    const t = b.meta.topics[d.topic];
    const ready = !!t && Array.from({ length: t.partitions }, (_, p) => b.meta.partitions[tpKey(d.topic, p)]).every((p) => p && p.leader >= 0);
    if (!ready && now < d.deadline) continue;
    delete b.outstanding[key];
    sendTo(x, o.to, { type: 'CreateTopicsResponse', corr: d.corr, error: ready ? 'NONE' : 'REQUEST_TIMED_OUT' });
  }
}

function onMetadataRequest(x: X, m: { from: string; corr: number; topics?: string[] }): void {
  const b = x.b;
  sendTo(x, m.from, {
    type: 'MetadataResponse',
    corr: m.corr,
    brokers: b.meta.liveBrokers,
    controllerId: b.meta.controllerId,
    clusterId: b.clusterId,
    partitions: b.meta.partitions,
    topics: b.meta.topics,
  });
}

// ---- LeaderAndIsr ------------------------------------------------------------------------------------

interface LaiPartition {
  tp: string;
  topic: string;
  partition: number;
  leader: number;
  leaderEpoch: number;
  isr: number[];
  partitionEpoch: number;
  replicas: number[];
  isNew: boolean;
  recovering: boolean;
}

function onLeaderAndIsr(x: X, m: { from: string; corr?: number; controllerId: number; controllerEpoch: number; brokerEpoch: number; partitions: LaiPartition[]; topics: MetadataCache['topics'] }): void {
  const b = x.b;
  if (m.controllerEpoch < b.controllerEpochSeen) {
    noteK(x, 'kafka.broker.staleControllerRejected', { broker: b.brokerId, request: 'LeaderAndIsr', epoch: m.controllerEpoch, known: b.controllerEpochSeen });
    sendTo(x, m.from, { type: 'LeaderAndIsrResponse', corr: m.corr, error: 'STALE_CONTROLLER_EPOCH' });
    return;
  }
  if (m.brokerEpoch < b.brokerEpoch) {
    sendTo(x, m.from, { type: 'LeaderAndIsrResponse', corr: m.corr, error: 'STALE_BROKER_EPOCH' });
    return;
  }
  b.controllerEpochSeen = m.controllerEpoch;
  for (const [t, info] of Object.entries(m.topics)) b.meta.topics[t] = info;
  const errors: Record<string, string> = {};
  const becameLeader: string[] = [];
  for (const p of m.partitions) {
    let r = b.replicas[p.tp];
    if (!r) {
      r = newReplica(p.topic, p.partition);
      b.replicas[p.tp] = r;
      persistMeta(x, r);
    }
    r.replicas = p.replicas;
    if (p.leaderEpoch < r.leaderEpoch) {
      errors[p.tp] = 'STALE_CONTROLLER_EPOCH';
      continue;
    }
    if (p.leaderEpoch === r.leaderEpoch) continue;
    if (p.leader === b.brokerId) {
      makeLeader(x, r, p);
      becameLeader.push(p.tp);
    } else makeFollower(x, r, p);
  }
  sendTo(x, m.from, { type: 'LeaderAndIsrResponse', corr: m.corr, error: 'NONE', partitionErrors: errors });
  ensureFetchers(x);
  for (const tp of becameLeader) onOffsetsPartitionLeadership(x, tp, true);
}

function makeLeader(x: X, r: Replica, p: LaiPartition): void {
  const b = x.b;
  const now = x.env.now();
  const wasLeader = r.leader === b.brokerId;
  r.leader = b.brokerId;
  r.leaderEpoch = p.leaderEpoch;
  r.partitionEpoch = p.partitionEpoch;
  r.isr = p.isr;
  r.pendingIsr = null;
  r.recovering = p.recovering;
  r.epochStartOffset = r.leo;
  assignEpoch(r, p.leaderEpoch, r.leo);
  r.followers = {};
  for (const f of p.replicas) {
    if (f === b.brokerId) continue;
    r.followers[String(f)] = { leo: -1, lastCaughtUpMs: p.isr.includes(f) ? now : 0, lastFetchMs: 0, lastFetchLeaderLeo: -1 };
  }
  for (const cache of Object.values(b.fetchSessions ?? {})) delete cache[tpKey(r.topic, r.partition)];
  persistMeta(x, r);
  noteK(x, 'kafka.replica.becameLeader', { broker: b.brokerId, tp: tpKey(r.topic, r.partition), leaderEpoch: r.leaderEpoch, leo: r.leo, hw: r.hw, wasLeader: wasLeader ? 1 : 0 });
  maybeIncrementHw(x, r);
}

function makeFollower(x: X, r: Replica, p: LaiPartition): void {
  const b = x.b;
  const tp = tpKey(r.topic, r.partition);
  const wasLeader = r.leader === b.brokerId;
  r.leader = p.leader;
  r.leaderEpoch = p.leaderEpoch;
  r.partitionEpoch = p.partitionEpoch;
  r.isr = p.isr;
  r.pendingIsr = null;
  r.followers = {};
  failParkedProduce(x, tp, 'NOT_LEADER_OR_FOLLOWER');
  if (wasLeader) onOffsetsPartitionLeadership(x, tp, false);
  if (b.cfg.legacyHwTruncation) {
    // pre-KIP-101: a new follower truncates its log to its own high watermark
    const basesBefore = r.segments.map((sg) => sg.base);
    const removed = truncateTo(r, r.hw);
    if (removed.length) {
      noteK(x, 'kafka.replica.truncated', { broker: b.brokerId, tp, to: r.leo, records: removed.length, reason: 'high-watermark', values: removed.map((q) => String(q.value)).join(',').slice(0, 200) });
      persistTruncated(x, r, basesBefore);
    }
    r.needsTruncation = false;
  } else r.needsTruncation = true;
  noteK(x, 'kafka.replica.becameFollower', { broker: b.brokerId, tp, leader: p.leader, leaderEpoch: p.leaderEpoch, leo: r.leo });
}

function onStopReplica(x: X, m: { from: string; controllerEpoch: number; deletePartitions: boolean; partitions: string[] }): void {
  const b = x.b;
  if (m.controllerEpoch < b.controllerEpochSeen) return;
  for (const tp of m.partitions) {
    const r = b.replicas[tp];
    if (!r) continue;
    failParkedProduce(x, tp, 'NOT_LEADER_OR_FOLLOWER');
    if (m.deletePartitions) {
      for (const s of r.segments) x.out.push(diskWrite(segKey(tp, s.base), undefined));
      x.out.push(diskWrite(`log/${tp}/meta`, undefined));
      delete b.replicas[tp];
    } else {
      r.leader = -1;
    }
  }
  ensureFetchers(x);
}

// ---- follower fetching -------------------------------------------------------------------------------

function followed(b: BrokerContext): Record<string, string[]> {
  const by: Record<string, string[]> = {};
  for (const [tp, r] of Object.entries(b.replicas)) {
    if (r.leader < 0 || r.leader === b.brokerId) continue;
    (by[String(r.leader)] ??= []).push(tp);
  }
  return by;
}

function ensureFetchers(x: X): void {
  const b = x.b;
  if (b.phase !== 'RUNNING' && b.phase !== 'SHUTTING_DOWN') return;
  const by = followed(b);
  for (const leader of Object.keys(b.fetchers)) {
    if (!by[leader]) {
      delete b.fetchers[leader];
      x.out.push(cancelTimer(FETCH_BACKOFF + leader));
    }
  }
  for (const leader of Object.keys(by)) {
    const f = b.fetchers[leader];
    if (!f) {
      b.fetchers[leader] = { inflight: false, sessionId: 0, epoch: 0, sentAt: 0 };
      sendFetch(x, Number(leader));
    } else if (!f.inflight) sendFetch(x, Number(leader));
  }
}

/** The partitions this broker follows on one leader (followed(b)[leader], without building the whole map). */
function followedOn(b: BrokerContext, leader: number): string[] {
  const out: string[] = [];
  for (const tp in b.replicas) {
    const r = b.replicas[tp] as Replica;
    if (r.leader === leader && leader !== b.brokerId) out.push(tp);
  }
  return out;
}

function sendFetch(x: X, leader: number): void {
  const b = x.b;
  const f = b.fetchers[String(leader)];
  const tps = followedOn(b, leader);
  if (!f || !tps || tps.length === 0) return;
  f.epoch++;
  f.inflight = true;
  const req: FetchRequest = {
    replicaId: b.brokerId,
    maxWaitMs: b.cfg.replicaFetchWaitMaxMs,
    sessionId: f.sessionId,
    partitions: tps.map((tp) => {
      const r = b.replicas[tp] as Replica;
      return {
        tp,
        offset: r.leo,
        currentLeaderEpoch: r.leaderEpoch,
        ...(b.cfg.legacyHwTruncation ? {} : { lastFetchedEpoch: latestEpoch(r) }),
      };
    }),
  };
  f.sentAt = x.env.now();
  sendTo(x, brokerNode(leader), { type: 'Fetch', corr: f.epoch, ...req });
}

interface FetchPartResp {
  tp: string;
  error: string;
  hw: number;
  leo: number;
  logStart: number;
  records: Rec[];
  diverging?: { epoch: number; endOffset: number };
}

function onFetchResponse(x: X, m: { from: string; corr: number; sessionId: number; partitions: FetchPartResp[] }): void {
  const b = x.b;
  const leader = brokerIdOf(m.from);
  const f = b.fetchers[String(leader)];
  if (!f || f.epoch !== m.corr || !f.inflight) return;
  f.inflight = false;
  f.sessionId = m.sessionId;
  let backoff = false;
  for (const p of m.partitions) {
    const r = b.replicas[p.tp];
    if (!r || r.leader !== leader) continue;
    if (p.error === 'NONE' && p.diverging) {
      const mine = endOffsetFor(r, p.diverging.epoch);
      const to = Math.min(p.diverging.endOffset, mine.epoch === p.diverging.epoch ? mine.endOffset : p.diverging.endOffset, r.leo);
      const basesBefore = r.segments.map((sg) => sg.base);
      const removed = truncateTo(r, Math.max(to, r.logStart));
      r.needsTruncation = false;
      if (removed.length) {
        noteK(x, 'kafka.replica.truncated', { broker: b.brokerId, tp: p.tp, to: r.leo, records: removed.length, reason: 'leader-epoch', values: removed.map((q) => String(q.value)).join(',').slice(0, 200) });
        persistTruncated(x, r, basesBefore);
      }
      continue;
    }
    if (p.error === 'OFFSET_OUT_OF_RANGE') {
      if (p.leo < r.leo) {
        const basesBefore = r.segments.map((sg) => sg.base);
        const removed = truncateTo(r, p.leo);
        noteK(x, 'kafka.replica.truncated', { broker: b.brokerId, tp: p.tp, to: r.leo, records: removed.length, reason: 'offset-out-of-range', values: removed.map((q) => String(q.value)).join(',').slice(0, 200) });
        persistTruncated(x, r, basesBefore);
      } else if (r.leo < p.logStart) {
        const bases = r.segments.map((s) => s.base);
        r.segments = [{ base: p.logStart, created: x.env.now(), bytes: 0, records: [], maxTs: -1 }];
        r.logStart = p.logStart;
        r.leo = p.logStart;
        r.hw = Math.min(r.hw, r.leo);
        persistAll(x, r, bases);
      }
      continue;
    }
    if (p.error !== 'NONE') {
      backoff = true;
      continue;
    }
    r.needsTruncation = false;
    const cfg = topicCfg(b, r.topic);
    let rolled = false;
    let appended = 0;
    const epochsBefore = r.epochs.length;
    const activeBefore = r.segments.length - 1;
    for (const rec of p.records) {
      if (rec.offset !== r.leo) continue;
      const res = appendRecord(r, cfg, { epoch: rec.epoch, key: rec.key, value: rec.value, ts: rec.ts, ...(rec.pid ? { pid: rec.pid, seq: rec.seq ?? 0 } : {}) }, x.env.now());
      rolled ||= res.rolled;
      appended++;
    }
    // a roll: the segment that was active (it may have taken records before the roll) and the new ones
    if (rolled) persistLog(x, r, [], r.segments.slice(Math.max(0, activeBefore)));
    else if (appended) persistActive(x, r, appended);
    // a record of a new leader epoch: the leader-epoch checkpoint is flushed at once (LeaderEpochFileCache.assign)
    if (!rolled && r.epochs.length !== epochsBefore) persistMeta(x, r);
    r.hw = Math.min(p.hw, r.leo);
    if (p.logStart > r.logStart) {
      const removed: number[] = [];
      while (r.segments.length > 1 && (r.segments[1] as Segment).base <= p.logStart) removed.push((r.segments.shift() as Segment).base);
      r.logStart = Math.min(p.logStart, r.leo);
      persistLog(x, r, removed, []);
    }
    if (r.topic === '__consumer_offsets') void 0;
  }
  if (backoff) x.out.push(setTimer(FETCH_BACKOFF + leader, b.cfg.replicaFetchBackoffMs));
  else sendFetch(x, leader);
}

// ---- leader side: fetch, produce, HW, ISR ----------------------------------------------------------

function maximalIsr(r: Replica): number[] {
  const s = new Set(r.isr);
  if (r.pendingIsr) for (const m of r.pendingIsr) s.add(m);
  return [...s];
}

export function maybeIncrementHw(x: X, r: Replica): boolean {
  const b = x.b;
  if (r.leader !== b.brokerId) return false;
  let hw = r.leo;
  for (const m of maximalIsr(r)) {
    if (m === b.brokerId) continue;
    const f = r.followers[String(m)];
    hw = Math.min(hw, f ? Math.max(f.leo, 0) : 0);
  }
  if (hw > r.hw) {
    r.hw = hw;
    onHwAdvanced(x, r);
    return true;
  }
  return false;
}

function onHwAdvanced(x: X, r: Replica): void {
  const tp = tpKey(r.topic, r.partition);
  const b = x.b;
  const keep = [];
  for (const p of b.parkedProduce) {
    if (p.tp !== tp || r.hw < p.requiredOffset) {
      keep.push(p);
      continue;
    }
    const minIsr = topicCfg(b, r.topic)['min.insync.replicas'];
    const isrSize = maximalIsr(r).length;
    const error = isrSize >= minIsr ? 'NONE' : 'NOT_ENOUGH_REPLICAS_AFTER_APPEND';
    if (error === 'NONE') {
      for (const m of r.isr) {
        const leo = m === b.brokerId ? r.leo : (r.followers[String(m)]?.leo ?? -1);
        if (leo < p.requiredOffset) x.out.push(violation('kafka.ackedByWholeIsr', `${tp} offset ${p.requiredOffset - 1} acknowledged (acks=all) but ISR member ${m} has LEO ${leo}`));
      }
    }
    if (p.commit) completeOffsetCommit(x, p, error);
    else sendTo(x, p.from, { type: 'ProduceResponse', corr: p.corr, tp, error, baseOffset: p.baseOffset, leaderEpoch: r.leaderEpoch, isr: r.isr });
  }
  b.parkedProduce = keep;
  tryCompleteFetches(x, false, tp);
}

function failParkedProduce(x: X, tp: string, error: string): void {
  const b = x.b;
  const keep = [];
  for (const p of b.parkedProduce) {
    if (p.tp !== tp) keep.push(p);
    else if (p.commit) completeOffsetCommit(x, p, error);
    else sendTo(x, p.from, { type: 'ProduceResponse', corr: p.corr, tp, error, baseOffset: -1 });
  }
  b.parkedProduce = keep;
}

function proposeIsr(x: X, r: Replica, isr: number[], why: string): void {
  const b = x.b;
  if (r.pendingIsr || b.meta.controllerId < 0) return;
  r.pendingIsr = isr;
  const tp = tpKey(r.topic, r.partition);
  noteK(x, why === 'shrink' ? 'kafka.replica.isrShrink' : 'kafka.replica.isrExpand', { broker: b.brokerId, tp, from: r.isr.join(','), to: isr.join(',') });
  sendAlterPartition(x, { tp, leaderEpoch: r.leaderEpoch, partitionEpoch: r.partitionEpoch, isr });
}

/**
 * AlterPartitionManager over the NodeToControllerChannelManager (retry timeout Long.MaxValue): the request is
 * sent to the current controller and, if it times out (a disconnection) or the answer is NOT_CONTROLLER, sent
 * again, unchanged, until a controller answers it; meanwhile the partition stays pending. (Clearing the pending
 * state without an answer would leave the leader on an ISR the controller may already have replaced.)
 */
function sendAlterPartition(x: X, item: AlterItem): void {
  const b = x.b;
  const corr = b.nextCorr++;
  b.outstanding[String(corr)] = { kind: 'AlterPartition', to: brokerNode(b.meta.controllerId), data: { tp: item.tp, since: x.env.now(), item: item as unknown as Json } };
  sendTo(x, brokerNode(b.meta.controllerId), { type: 'AlterPartition', corr, brokerId: b.brokerId, brokerEpoch: b.brokerEpoch, items: [item] });
}

/** Sends a pending AlterPartition again if its partition is still led here at that epoch and still pending. */
function resendAlterPartition(x: X, item: AlterItem | undefined): void {
  const b = x.b;
  const r = item ? b.replicas[item.tp] : undefined;
  if (!item || !r) return;
  if (r.leader !== b.brokerId || r.leaderEpoch !== item.leaderEpoch || r.partitionEpoch !== item.partitionEpoch || r.pendingIsr?.join() !== item.isr.join()) return;
  if (b.meta.controllerId < 0) {
    // no controller known yet: try again at the next check
    const corr = b.nextCorr++;
    b.outstanding[String(corr)] = { kind: 'AlterPartition', to: '', data: { tp: item.tp, since: x.env.now() - REQUEST_TIMEOUT_MS, item: item as unknown as Json } };
    return;
  }
  sendAlterPartition(x, item);
}

function onAlterPartitionResponse(x: X, m: { corr: number; items: Array<{ tp: string; error: string; leaderEpoch?: number; isr?: number[]; partitionEpoch?: number }> }): void {
  const b = x.b;
  const o = b.outstanding[String(m.corr)];
  // an answer to a request already sent again (or dropped) is not read: its connection was closed
  if (!o || o.kind !== 'AlterPartition') return;
  delete b.outstanding[String(m.corr)];
  for (const it of m.items) {
    const r = b.replicas[it.tp];
    if (!r) continue;
    if (it.error === 'NOT_CONTROLLER') {
      // NodeToControllerRequestThread: a stale controller; the request goes to the next one
      const item = (o.data as { item?: AlterItem } | undefined)?.item;
      if (item?.tp === it.tp) {
        const corr = b.nextCorr++;
        b.outstanding[String(corr)] = { kind: 'AlterPartition', to: '', data: { tp: item.tp, since: x.env.now() - REQUEST_TIMEOUT_MS, item: item as unknown as Json } };
        continue;
      }
    }
    r.pendingIsr = null;
    if (it.error === 'NONE' && it.isr && it.leaderEpoch === r.leaderEpoch && r.leader === b.brokerId) {
      r.isr = it.isr;
      r.partitionEpoch = it.partitionEpoch ?? r.partitionEpoch;
      maybeIncrementHw(x, r);
    } else if (it.error !== 'NONE') {
      noteK(x, 'kafka.replica.alterPartitionFailed', { broker: b.brokerId, tp: it.tp, error: it.error });
    }
  }
}

function isrExpiry(x: X): void {
  const b = x.b;
  const now = x.env.now();
  for (const [key, o] of Object.entries(b.outstanding)) {
    const d = o.data as { tp?: string; since?: number } | undefined;
    if (o.kind === 'AlterPartition' && d?.since !== undefined && now - d.since >= REQUEST_TIMEOUT_MS) {
      delete b.outstanding[key];
      const item = (o.data as { item?: AlterItem }).item;
      const r = d.tp ? b.replicas[d.tp] : undefined;
      if (item) resendAlterPartition(x, item);
      else if (r) r.pendingIsr = null;
    }
  }
  for (const r of Object.values(b.replicas)) {
    if (r.leader !== b.brokerId || r.pendingIsr) continue;
    const out = r.isr.filter((m) => m !== b.brokerId && now - (r.followers[String(m)]?.lastCaughtUpMs ?? 0) > b.cfg.replicaLagTimeMaxMs);
    if (out.length) proposeIsr(x, r, r.isr.filter((m) => !out.includes(m)), 'shrink');
  }
}

function handleFetchPartitions(x: X, req: FetchRequest, updateFollower: boolean): { parts: FetchPartResp[]; hasData: boolean; hasError: boolean } {
  const b = x.b;
  const now = x.env.now();
  const parts: FetchPartResp[] = [];
  let hasData = false;
  let hasError = false;
  for (const p of req.partitions) {
    const r = b.replicas[p.tp];
    if (!r || r.leader !== b.brokerId) {
      parts.push({ tp: p.tp, hw: r?.hw ?? -1, leo: r?.leo ?? -1, logStart: r?.logStart ?? 0, records: [], error: r ? 'NOT_LEADER_OR_FOLLOWER' : 'UNKNOWN_TOPIC_OR_PARTITION' });
      hasError = true;
      continue;
    }
    if (p.currentLeaderEpoch !== undefined && p.currentLeaderEpoch !== r.leaderEpoch) {
      parts.push({ tp: p.tp, hw: r.hw, leo: r.leo, logStart: r.logStart, records: [], error: p.currentLeaderEpoch < r.leaderEpoch ? 'FENCED_LEADER_EPOCH' : 'UNKNOWN_LEADER_EPOCH' });
      hasError = true;
      continue;
    }
    if (req.replicaId >= 0 && p.lastFetchedEpoch !== undefined && p.lastFetchedEpoch >= 0 && !(p.lastFetchedEpoch === latestEpoch(r) && p.offset <= r.leo)) {
      // (the common case skipped: the leader's latest epoch ends at its LEO, so nothing diverges)
      const e = endOffsetFor(r, p.lastFetchedEpoch);
      if (e.epoch !== p.lastFetchedEpoch || e.endOffset < p.offset) {
        parts.push({ tp: p.tp, hw: r.hw, leo: r.leo, logStart: r.logStart, records: [], error: 'NONE', diverging: e });
        hasData = true;
        continue;
      }
    }
    const limit = req.replicaId >= 0 ? r.leo : r.hw;
    if (p.offset > r.leo || p.offset < r.logStart) {
      parts.push({ tp: p.tp, hw: r.hw, leo: r.leo, logStart: r.logStart, records: [], error: 'OFFSET_OUT_OF_RANGE' });
      hasError = true;
      continue;
    }
    if (req.replicaId >= 0 && updateFollower) {
      const f = (r.followers[String(req.replicaId)] ??= { leo: -1, lastCaughtUpMs: 0, lastFetchMs: 0, lastFetchLeaderLeo: -1 });
      if (p.offset >= r.leo) f.lastCaughtUpMs = Math.max(f.lastCaughtUpMs, now);
      else if (p.offset >= f.lastFetchLeaderLeo && f.lastFetchLeaderLeo >= 0) f.lastCaughtUpMs = Math.max(f.lastCaughtUpMs, f.lastFetchMs);
      f.leo = p.offset;
      f.lastFetchMs = now;
      f.lastFetchLeaderLeo = r.leo;
      // ISR expansion: caught up to the HW and to the start of this leader's epoch
      if (!r.isr.includes(req.replicaId) && !r.pendingIsr && p.offset >= r.hw && p.offset >= r.epochStartOffset) {
        proposeIsr(x, r, [...r.isr, req.replicaId], 'expand');
      }
      maybeIncrementHw(x, r);
    }
    const records: Rec[] = p.offset < limit ? readRecords(r, p.offset, limit, p.maxRecords ?? 500) : [];
    if (records.length) hasData = true;
    parts.push({ tp: p.tp, hw: r.hw, leo: r.leo, logStart: r.logStart, records, error: 'NONE' });
  }
  return { parts, hasData, hasError };
}

/**
 * An incremental fetch response (KIP-227): a follower's session leaves out the partitions with nothing new
 * (no records, no error or divergence, and the same fetch offset, HW, log start and leader epoch as in the
 * last response). A request with session id 0 (a new fetcher, or one that timed out) starts a new session
 * and gets every partition.
 */
function sessionParts(x: X, req: FetchRequest, parts: FetchPartResp[]): FetchPartResp[] {
  if (req.replicaId < 0) return parts;
  const sessions = (x.b.fetchSessions ??= {});
  const key = String(req.replicaId);
  if (!req.sessionId || !sessions[key]) sessions[key] = {};
  const cache = sessions[key] as Record<string, number[]>;
  const out: FetchPartResp[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as FetchPartResp;
    const p = req.partitions[i] as FetchPartitionReq;
    if (part.error !== 'NONE' || part.diverging) {
      delete cache[part.tp];
      out.push(part);
      continue;
    }
    const prev = cache[part.tp];
    const epoch = p.currentLeaderEpoch ?? -1;
    if (part.records.length === 0 && prev && prev[0] === p.offset && prev[1] === part.hw && prev[2] === part.logStart && prev[3] === epoch) continue;
    cache[part.tp] = [p.offset, part.hw, part.logStart, epoch];
    out.push(part);
  }
  return out;
}

function onFetch(x: X, m: FetchRequest & { from: string; corr: number }): void {
  const b = x.b;
  const { parts, hasData, hasError } = handleFetchPartitions(x, m, true);
  if (!hasData && !hasError && m.maxWaitMs > 0) {
    b.parkedFetch.push({ from: m.from, corr: m.corr, deadline: x.env.now() + m.maxWaitMs, req: { replicaId: m.replicaId, partitions: m.partitions, maxWaitMs: 0, ...(m.sessionId !== undefined ? { sessionId: m.sessionId } : {}) } });
    schedulePurgatory(x);
    return;
  }
  sendTo(x, m.from, { type: 'FetchResponse', corr: m.corr, sessionId: m.sessionId || (m.replicaId >= 0 ? 1000 + m.replicaId : 0), partitions: sessionParts(x, m, parts) });
}

function tryCompleteFetches(x: X, expireOnly = false, tp?: string): void {
  const b = x.b;
  const now = x.env.now();
  const keep = [];
  for (const p of b.parkedFetch) {
    const due = now >= p.deadline - 0.001;
    if ((!due && expireOnly) || (!due && tp !== undefined && !p.req.partitions.some((q) => q.tp === tp))) {
      keep.push(p);
      continue;
    }
    const { parts, hasData, hasError } = handleFetchPartitions(x, p.req, false);
    if (hasData || hasError || due) {
      sendTo(x, p.from, { type: 'FetchResponse', corr: p.corr, sessionId: p.req.replicaId >= 0 ? 1000 + p.req.replicaId : 0, partitions: sessionParts(x, p.req, parts) });
    } else keep.push(p);
  }
  b.parkedFetch = keep;
  schedulePurgatory(x);
}

function schedulePurgatory(x: X): void {
  const b = x.b;
  let next = Infinity;
  for (const p of b.parkedFetch) next = Math.min(next, p.deadline);
  for (const p of b.parkedProduce) next = Math.min(next, p.deadline);
  if (next === Infinity) x.out.push(cancelTimer(T_PURGATORY));
  else x.out.push(setTimer(T_PURGATORY, Math.max(0.01, next - x.env.now())));
}

function onPurgatoryTimer(x: X): void {
  const b = x.b;
  const now = x.env.now();
  const keep = [];
  for (const p of b.parkedProduce) {
    if (now < p.deadline - 0.001) keep.push(p);
    else if (p.commit) completeOffsetCommit(x, p, 'REQUEST_TIMED_OUT');
    else sendTo(x, p.from, { type: 'ProduceResponse', corr: p.corr, tp: p.tp, error: 'REQUEST_TIMED_OUT', baseOffset: -1 });
  }
  b.parkedProduce = keep;
  tryCompleteFetches(x, true);
}

export interface ProduceMsg {
  from: string;
  corr: number;
  tp: string;
  acks: number;
  timeoutMs?: number;
  records: Array<{ key: string | null; value: string | null; pid?: string; seq?: number; ts?: number }>;
}

/** Appends as the leader; returns the error or the base offset. Used by clients' Produce and by the group coordinator. */
export function leaderAppend(x: X, tp: string, records: ProduceMsg['records'], acks: number): { error: string; baseOffset: number; lastOffset: number; r?: Replica } {
  const b = x.b;
  const r = b.replicas[tp];
  if (!r) return { error: b.meta.partitions[tp] ? 'NOT_LEADER_OR_FOLLOWER' : 'UNKNOWN_TOPIC_OR_PARTITION', baseOffset: -1, lastOffset: -1 };
  if (r.leader !== b.brokerId) return { error: 'NOT_LEADER_OR_FOLLOWER', baseOffset: -1, lastOffset: -1 };
  const cfg = topicCfg(b, r.topic);
  if (acks === -1 && r.isr.length < cfg['min.insync.replicas']) return { error: 'NOT_ENOUGH_REPLICAS', baseOffset: -1, lastOffset: -1 };
  // idempotence: a retried batch already in the log is acknowledged with its original offsets
  const first = records[0];
  const dup = first ? duplicateOf(r, first.pid, first.seq) : undefined;
  if (dup !== undefined) {
    noteK(x, 'kafka.producer.duplicateIgnored', { broker: b.brokerId, tp, pid: String(first?.pid), seq: Number(first?.seq), offset: dup });
    return { error: 'NONE', baseOffset: dup, lastOffset: dup + records.length - 1, r };
  }
  const base = r.leo;
  let rolled = false;
  const activeBefore = r.segments.length - 1;
  for (const rec of records) {
    const res = appendRecord(r, cfg, { epoch: r.leaderEpoch, key: rec.key, value: rec.value, ts: rec.ts ?? Math.floor(x.env.now()), ...(rec.pid ? { pid: rec.pid, seq: rec.seq ?? 0 } : {}) }, x.env.now());
    rolled ||= res.rolled;
  }
  if (rolled) {
    noteK(x, 'kafka.log.rolled', { broker: b.brokerId, tp, base: (r.segments[r.segments.length - 1] as Segment).base });
    persistLog(x, r, [], r.segments.slice(Math.max(0, activeBefore)));
  } else persistActive(x, r, records.length);
  return { error: 'NONE', baseOffset: base, lastOffset: r.leo - 1, r };
}

/**
 * The group coordinator's append to __consumer_offsets (GroupMetadataManager.appendForGroup): always with
 * requiredAcks = -1; with `commit` the OffsetCommit is answered only once the records are replicated to the
 * ISR (or fails / times out after offsets.commit.timeout.ms). Returns the append error, if any.
 */
export function coordinatorAppend(x: X, tp: string, records: ProduceMsg['records'], commit?: { from: string; corr: number; groupId: string; offsets: Record<string, number> }): string {
  const b = x.b;
  const res = leaderAppend(x, tp, records, -1);
  if (res.error !== 'NONE' || !res.r) return res.error;
  if (commit) {
    b.parkedProduce.push({ from: commit.from, corr: commit.corr, tp, requiredOffset: res.lastOffset + 1, baseOffset: res.baseOffset, deadline: x.env.now() + OFFSETS_COMMIT_TIMEOUT_MS, acks: -1, commit: { groupId: commit.groupId, offsets: commit.offsets } });
    schedulePurgatory(x);
  }
  if (!maybeIncrementHw(x, res.r)) tryCompleteFetches(x, false, tp);
  return 'NONE';
}

function onProduce(x: X, m: ProduceMsg): void {
  const b = x.b;
  const res = leaderAppend(x, m.tp, m.records, m.acks);
  if (res.error !== 'NONE' || !res.r) {
    if (m.acks !== 0) sendTo(x, m.from, { type: 'ProduceResponse', corr: m.corr, tp: m.tp, error: res.error, baseOffset: -1 });
    return;
  }
  const r = res.r;
  if (m.acks === -1) {
    b.parkedProduce.push({ from: m.from, corr: m.corr, tp: m.tp, requiredOffset: res.lastOffset + 1, baseOffset: res.baseOffset, deadline: x.env.now() + (m.timeoutMs ?? REQUEST_TIMEOUT_MS), acks: -1 });
    schedulePurgatory(x);
  } else if (m.acks === 1) {
    sendTo(x, m.from, { type: 'ProduceResponse', corr: m.corr, tp: m.tp, error: 'NONE', baseOffset: res.baseOffset, leaderEpoch: r.leaderEpoch, isr: r.isr });
  }
  if (!maybeIncrementHw(x, r)) tryCompleteFetches(x, false, m.tp);
}

function onListOffsets(x: X, m: { from: string; corr: number; tp: string; timestamp: number }): void {
  const r = x.b.replicas[m.tp];
  if (!r || r.leader !== x.b.brokerId) {
    sendTo(x, m.from, { type: 'ListOffsetsResponse', corr: m.corr, tp: m.tp, error: 'NOT_LEADER_OR_FOLLOWER', offset: -1 });
    return;
  }
  const offset = m.timestamp === -2 ? r.logStart : r.hw;
  sendTo(x, m.from, { type: 'ListOffsetsResponse', corr: m.corr, tp: m.tp, error: 'NONE', offset, logStart: r.logStart, hw: r.hw, leo: r.leo });
}

function onDescribeLogDirs(x: X, m: { from: string; corr: number }): void {
  const out: Record<string, { size: number; offsetLag: number; leo: number; hw: number; logStart: number; segments: Array<{ name: string; base: number; bytes: number; records: number }> }> = {};
  for (const [tp, r] of Object.entries(x.b.replicas)) {
    out[tp] = {
      size: r.segments.reduce((n, s) => n + s.bytes, 0),
      offsetLag: r.leader === x.b.brokerId ? 0 : Math.max(0, (x.b.meta.partitions[tp] ? r.hw : r.leo) - r.leo),
      leo: r.leo,
      hw: r.hw,
      logStart: r.logStart,
      segments: r.segments.map((s) => ({ name: segmentName(s.base), base: s.base, bytes: s.bytes, records: s.records.length, created: s.created })),
    };
  }
  sendTo(x, m.from, { type: 'DescribeLogDirsResponse', corr: m.corr, broker: x.b.brokerId, logDir: '/var/lib/kafka/data', replicas: out });
}

// ---- retention / compaction ----------------------------------------------------------------------------

function retention(x: X): void {
  const b = x.b;
  const now = x.env.now();
  for (const [tp, r] of Object.entries(b.replicas)) {
    const cfg = topicCfg(b, r.topic);
    if (cfg['cleanup.policy'] === 'compact') {
      const before = r.segments.map((s) => ({ s, records: s.records.length, cleaned: s.cleaned === true }));
      const removed = compact(r, cfg, now);
      if (removed > 0) {
        noteK(x, 'kafka.log.compacted', { broker: b.brokerId, tp, removed });
        // the cleaner rewrote the closed segments that lost records or were not marked cleaned yet
        persistLog(x, r, [], before.filter((e) => e.s.records.length !== e.records || (e.s.cleaned === true) !== e.cleaned).map((e) => e.s));
      }
      continue;
    }
    if (r.leader !== b.brokerId && r.leader >= 0) continue; // followers follow the leader's log start
    const { deleted, rolled } = applyRetention(r, cfg, now);
    if (deleted.length || rolled) {
      if (deleted.length) noteK(x, 'kafka.log.segmentsDeleted', { broker: b.brokerId, tp, segments: deleted.map((s) => segmentName(s.base)).join(','), logStart: r.logStart });
      if (rolled) noteK(x, 'kafka.log.rolled', { broker: b.brokerId, tp, base: r.leo });
      // the expired segments' files go; a roll adds the new (empty) active segment
      persistLog(x, r, deleted.map((s) => s.base), rolled ? r.segments.slice(-1) : []);
    }
  }
}

// ---- controlled shutdown ---------------------------------------------------------------------------------

function onShutdownCommand(x: X): void {
  const b = x.b;
  if (b.phase !== 'RUNNING') return;
  b.phase = 'SHUTTING_DOWN';
  noteK(x, 'kafka.broker.controlledShutdown', { broker: b.brokerId });
  if (b.meta.controllerId < 0) return finishShutdown(x);
  const corr = b.nextCorr++;
  b.outstanding[String(corr)] = { kind: 'ControlledShutdown', to: brokerNode(b.meta.controllerId) };
  sendTo(x, brokerNode(b.meta.controllerId), { type: 'ControlledShutdown', corr, brokerId: b.brokerId, brokerEpoch: b.brokerEpoch });
  x.out.push(setTimer('K_SHUTDOWN_TIMEOUT', 5000));
}

function finishShutdown(x: X): void {
  const b = x.b;
  x.out.push(cancelTimer('K_SHUTDOWN_TIMEOUT'));
  checkpointHw(x);
  // closing the ZooKeeper session deletes /brokers/ids/<id> (and /controller) at once
  zkCall(x, { op: 'close' }, 'ignore');
  b.phase = 'STOPPED';
  if (b.ctl) resign(x);
  for (const r of Object.values(b.replicas)) r.leader = -1;
  b.fetchers = {};
  noteK(x, 'kafka.broker.stopped', { broker: b.brokerId });
}

function checkpointHw(x: X): void {
  const hw: Record<string, number> = {};
  for (const [tp, r] of Object.entries(x.b.replicas)) hw[tp] = r.hw;
  x.out.push(diskWrite('replication-offset-checkpoint', hw));
}

// ---- the machine ------------------------------------------------------------------------------------------

export function initBrokerContext(input: NodeInput<BrokerConfig>, env: NodeEnv): BrokerContext {
  const cfg = input.config;
  const zk = initClientContext({ id: input.id, disk: {}, incarnation: input.incarnation, config: { servers: cfg.zkServers, sessionTimeout: cfg.sessionTimeoutMs, connectTo: cfg.zkServers[(cfg.brokerId - 1) % Math.max(1, cfg.zkServers.length)] as string } });
  void env;
  return {
    id: input.id,
    brokerId: cfg.brokerId,
    cfg,
    incarnation: input.incarnation,
    zk,
    zkReq: 1,
    zkWait: {},
    zkBatches: {},
    nextBatch: 1,
    phase: 'STARTING',
    brokerEpoch: -1,
    clusterId: null,
    activeControllerId: -1,
    controllerEpochSeen: -1,
    ctl: null,
    meta: emptyMeta(),
    replicas: loadReplicas(input.disk),
    fetchers: {},
    parkedProduce: [],
    parkedFetch: [],
    fetchSessions: {},
    nextCorr: 1,
    outstanding: {},
    groups: {},
    brokerOverrides: {},
    lastRetentionCheck: 0,
  };
}

function boot(x: X): void {
  startClientSession({ c: x.b.zk, out: x.out, env: x.env });
  x.out.push(setTimer(T_ISR_EXPIRY, x.b.cfg.replicaLagTimeMaxMs / 2));
  x.out.push(setTimer(T_HW_CHECKPOINT, 5000));
  x.out.push(setTimer(T_RETENTION, x.b.cfg.retentionCheckIntervalMs));
  x.out.push(setTimer(T_GROUPS, 1000));
}

export function handleBrokerEvent(x: X, ev: { type: string; [k: string]: unknown }): void {
  const b = x.b;
  if (isZkClientEvent(b, ev)) {
    zkRun(x, ev);
    return;
  }
  if (b.phase === 'STOPPED' && ev.type !== 'kafka.start') return;
  const m = ev as unknown as { from: string; corr: number; type: string };
  switch (ev.type) {
    case 'LeaderAndIsr':
      return onLeaderAndIsr(x, ev as never);
    case 'UpdateMetadata':
      return onUpdateMetadata(x, ev as never);
    case 'StopReplica':
      return onStopReplica(x, ev as never);
    case 'LeaderAndIsrResponse':
      return onLeaderAndIsrResponse(x, ev as never);
    case 'UpdateMetadataResponse':
      return;
    case 'Fetch':
      return onFetch(x, ev as never);
    case 'FetchResponse':
      return onFetchResponse(x, ev as never);
    case 'Produce':
      return onProduce(x, ev as never);
    case 'Metadata':
      return onMetadataRequest(x, ev as never);
    case 'ListOffsets':
      return onListOffsets(x, ev as never);
    case 'DescribeLogDirs':
      return onDescribeLogDirs(x, ev as never);
    case 'CreateTopics':
      return onCreateTopics(x, ev as never);
    case 'DeleteTopics':
    case 'CreatePartitions':
    case 'AlterConfigs':
    case 'DescribeConfigs':
      return onAdmin(x, ev as never);
    case 'AlterPartition': {
      const a = ev as unknown as { from: string; corr: number; brokerId: number; brokerEpoch: number; items: never[] };
      if (!b.ctl) {
        sendTo(x, a.from, { type: 'AlterPartitionResponse', corr: a.corr, items: (a.items as Array<{ tp: string }>).map((i) => ({ tp: i.tp, error: 'NOT_CONTROLLER' })) });
        return;
      }
      ctlEnqueue(x, { k: 'AlterPartition', from: a.from, broker: a.brokerId, brokerEpoch: a.brokerEpoch, corr: a.corr, items: a.items });
      return;
    }
    case 'AlterPartitionResponse':
      return onAlterPartitionResponse(x, ev as never);
    case 'ControlledShutdown': {
      const a = ev as unknown as { from: string; corr: number; brokerId: number };
      if (!b.ctl) {
        sendTo(x, a.from, { type: 'ControlledShutdownResponse', corr: a.corr, error: 'NOT_CONTROLLER', remaining: [] });
        return;
      }
      ctlEnqueue(x, { k: 'ControlledShutdown', from: a.from, broker: a.brokerId, corr: a.corr });
      return;
    }
    case 'ControlledShutdownResponse': {
      const a = ev as unknown as { corr: number; error: string };
      if (!b.outstanding[String(a.corr)]) return;
      delete b.outstanding[String(a.corr)];
      finishShutdown(x);
      return;
    }
    case 'ElectLeaders': {
      const a = ev as unknown as { from: string; corr: number; kind: 'preferred' | 'unclean'; partitions: string[] | null };
      if (!b.ctl) {
        sendTo(x, a.from, { type: 'ElectLeadersResponse', corr: a.corr, error: 'NOT_CONTROLLER', elected: [] });
        return;
      }
      ctlEnqueue(x, { k: 'Elect', from: a.from, corr: a.corr, kind: a.kind, partitions: a.partitions });
      return;
    }
    case 'kafka.shutdown':
      return onShutdownCommand(x);
    case 'K_SHUTDOWN_TIMEOUT':
      if (b.phase === 'SHUTTING_DOWN') finishShutdown(x);
      return;
    case SOCKET_CLOSED: {
      // a peer broker died: its fetch connection is gone; retry after the backoff
      const leader = brokerIdOf(m.from);
      const f = b.fetchers[String(leader)];
      if (f) f.sessionId = 0;
      if (f?.inflight) {
        f.inflight = false;
        x.out.push(setTimer(FETCH_BACKOFF + leader, b.cfg.replicaFetchBackoffMs));
      }
      b.parkedFetch = b.parkedFetch.filter((p) => p.from !== m.from);
      return;
    }
    case T_ISR_EXPIRY:
      isrExpiry(x);
      x.out.push(setTimer(T_ISR_EXPIRY, b.cfg.replicaLagTimeMaxMs / 2));
      return;
    case T_HW_CHECKPOINT:
      checkpointHw(x);
      retryControllerRequests(x);
      x.out.push(setTimer(T_HW_CHECKPOINT, 5000));
      return;
    case T_PURGATORY:
      return onPurgatoryTimer(x);
    case T_RETENTION:
      retention(x);
      x.out.push(setTimer(T_RETENTION, b.cfg.retentionCheckIntervalMs));
      return;
    case T_REBALANCE:
      if (b.ctl) {
        ctlEnqueue(x, { k: 'AutoRebalance' });
        x.out.push(setTimer(T_REBALANCE, b.cfg.leaderImbalanceCheckIntervalMs));
      }
      return;
    case T_REGISTER_RETRY:
      if (b.phase === 'REGISTERING') {
        if (b.clusterId) register(x);
        else startRegistration(x);
      }
      return;
    case T_GROUPS:
      // replica.socket.timeout.ms: a fetch without an answer is sent again
      for (const [leader, f] of Object.entries(b.fetchers)) {
        if (f.inflight && x.env.now() - f.sentAt > REQUEST_TIMEOUT_MS) {
          f.inflight = false;
          // the response may be lost: start a new fetch session (a full response)
          f.sessionId = 0;
          sendFetch(x, Number(leader));
        }
      }
      groupTick(x);
      completeCreateTopics(x);
      x.out.push(setTimer(T_GROUPS, 1000));
      return;
    default:
      if (ev.type.startsWith(FETCH_BACKOFF)) {
        const leader = Number(ev.type.slice(FETCH_BACKOFF.length));
        const f = b.fetchers[String(leader)];
        if (f && !f.inflight) sendFetch(x, leader);
        return;
      }
      if (GROUP_REQUESTS.has(ev.type)) {
        handleGroupRequest(x, ev as never);
        return;
      }
  }
}

export function brokerMachine(env: NodeEnv) {
  const run = (context: BrokerContext, enqueue: { emit: (r: KernelRequest) => void }, fn: (x: X) => void): void => {
    const out: KernelRequest[] = [];
    fn({ b: context, out, env });
    for (const r of out) enqueue.emit(r);
  };
  return setup({
    types: {
      context: {} as BrokerContext,
      input: {} as NodeInput<BrokerConfig>,
      events: {} as { type: string; [k: string]: unknown },
      emitted: {} as KernelRequest,
    },
  }).createMachine({
    id: 'broker',
    context: ({ input }) => initBrokerContext(input, env),
    entry: enqueueActions(({ context, enqueue }) => run(context, enqueue, boot)),
    on: {
      '*': {
        actions: enqueueActions(({ context, event, enqueue }) => run(context, enqueue, (x) => handleBrokerEvent(x, event))),
      },
    },
  });
}

/**
 * A Kafka client node (the Java clients' NetworkClient + Metadata + producer + consumer + admin, reduced):
 * the node the console's Kafka tools run on (`kafka-cli`), and the workload producers / consumers.
 *
 * Console calls arrive as `kafka.call` events { reqId, request }; results go out on `kafka:<node>`.
 * Metadata is bootstrapped from any broker; requests go to the partition leader (produce, fetch, list
 * offsets), the controller (admin), or the group coordinator; retriable errors refresh metadata and retry
 * after retry.backoff.ms until the retries or delivery.timeout.ms run out.
 */
import { enqueueActions, setup } from 'xstate';
import type { Json, KernelRequest, NodeEnv, NodeInput } from '../kernel/types';
import { output, send, setTimer } from '../kernel/machine';
import { SOCKET_CLOSED } from '../kernel/world';
import { brokerNode, murmur2, toPositive, tpKey } from './common';
import { consoleClose, consolePoll, memberEvent, memberInit, MEMBER_EVENTS } from './member';
import type { MemberState } from './member';

export interface KafkaClientConfig {
  brokers: string[];
  role: 'cli' | 'producer' | 'consumer';
  /** Workload producer / consumer settings. */
  workload?: {
    topics: string[];
    partitions: number;
    replicationFactor: number;
    messagesPerSecond: number;
    acks: number;
    groupId: string;
    assignor: string;
    createTopics: boolean;
  };
}

export interface ClientMeta {
  brokers: number[];
  controllerId: number;
  partitions: Record<string, { leader: number; leaderEpoch: number; isr: number[]; replicas: number[]; offline: boolean }>;
  topics: Record<string, { topicId: string; partitions: number; config: Record<string, unknown> }>;
}

export interface Op {
  id: number;
  /** Console reqId to answer on the output channel (null for internal ops). */
  reqId: number | null;
  request: Record<string, Json> & { op: string };
  attempts: number;
  retries: number;
  deadline: number;
  /** Produce: batches still in flight / their results. */
  pending: number;
  results: Json[];
  state: Record<string, Json>;
}

export interface KClientContext {
  id: string;
  cfg: KafkaClientConfig;
  meta: ClientMeta | null;
  bootstrapIdx: number;
  corr: number;
  inflight: Record<string, { opId: number; to: string; sub: Json; deadline: number }>;
  ops: Record<string, Op>;
  nextOp: number;
  /** Ops waiting for fresh metadata. */
  waitingMeta: number[];
  metaInflight: boolean;
  /** Acknowledged records (a window, for the no-lost-acknowledged-record audit): tp → [offset, value, acks]. */
  acked: Record<string, Array<[number, string, number]>>;
  sticky: Record<string, { partition: number; bytes: number }>;
  seq: number;
  stats: { sent: number; acked: number; failed: number; consumed: number };
  member: MemberState | null;
}

const ACK_WINDOW = 400;
const RETRY_BACKOFF_MS = 100;
const REQUEST_TIMEOUT_MS = 30000;
const STICKY_BATCH_BYTES = 16384;

export interface CX {
  c: KClientContext;
  out: KernelRequest[];
  env: NodeEnv;
}

const RETRIABLE = new Set([
  'NOT_LEADER_OR_FOLLOWER',
  'NOT_CONTROLLER',
  'LEADER_NOT_AVAILABLE',
  'NETWORK_EXCEPTION',
  'REQUEST_TIMED_OUT',
  'NOT_ENOUGH_REPLICAS',
  'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'FENCED_LEADER_EPOCH',
  'UNKNOWN_LEADER_EPOCH',
  'COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR',
  'COORDINATOR_LOAD_IN_PROGRESS',
]);

export function isRetriable(e: string): boolean {
  return RETRIABLE.has(e);
}

function reply(x: CX, op: Op, value: Record<string, unknown>): void {
  delete x.c.ops[String(op.id)];
  if (op.reqId !== null) x.out.push(output(`kafka:${x.c.id}`, { reqId: op.reqId, ...value } as Json));
  else if (x.c.member) memberEvent(x, { type: 'op.done', op: op.request.op, opId: op.id, value: value as Json });
}

/** Answers an op that waited for something else (the console consumer's poll() and close()). */
export function finishOp(x: CX, opId: number, value: Record<string, unknown>): void {
  const op = x.c.ops[String(opId)];
  if (op) reply(x, op, value);
}

/** Sends a request to a broker, tracked by corr (timeout = request.timeout.ms). */
export function rpc(x: CX, opId: number, to: string, msg: Record<string, unknown> & { type: string }, sub: Json = null): number {
  const corr = x.c.corr++;
  x.c.inflight[String(corr)] = { opId, to, sub, deadline: x.env.now() + REQUEST_TIMEOUT_MS };
  x.out.push(send(to, { ...msg, corr }));
  return corr;
}

function refreshMetadata(x: CX): void {
  const c = x.c;
  if (c.metaInflight) return;
  c.metaInflight = true;
  const to = c.cfg.brokers[c.bootstrapIdx % c.cfg.brokers.length] as string;
  rpc(x, -1, to, { type: 'Metadata' });
}

function needMeta(x: CX, op: Op): void {
  if (!x.c.waitingMeta.includes(op.id)) x.c.waitingMeta.push(op.id);
  refreshMetadata(x);
}

export function startOp(x: CX, reqId: number | null, request: Record<string, Json> & { op: string }): Op {
  const c = x.c;
  const now = x.env.now();
  const retries = typeof request['retries'] === 'number' ? request['retries'] : 2147483647;
  const op: Op = { id: c.nextOp++, reqId, request, attempts: 0, retries, deadline: now + (typeof request['deliveryTimeoutMs'] === 'number' ? request['deliveryTimeoutMs'] : 120000), pending: 0, results: [], state: {} };
  c.ops[String(op.id)] = op;
  if (!c.meta || request.op === 'metadata') needMeta(x, op);
  else runOp(x, op);
  return op;
}

function retryLater(x: CX, op: Op, error: string): void {
  op.attempts++;
  if (op.attempts > op.retries || x.env.now() >= op.deadline) {
    reply(x, op, { error, message: errorMessage(error) });
    return;
  }
  x.out.push(setTimer(`K_RETRY_${op.id}`, Math.min(1000, RETRY_BACKOFF_MS * 2 ** Math.min(op.attempts - 1, 4))));
}

export function errorMessage(e: string): string {
  switch (e) {
    case 'NOT_ENOUGH_REPLICAS':
      return 'Messages are rejected since there are fewer in-sync replicas than required.';
    case 'NOT_ENOUGH_REPLICAS_AFTER_APPEND':
      return 'Messages are written to the log, but to fewer in-sync replicas than required.';
    case 'NOT_LEADER_OR_FOLLOWER':
      return 'For requests intended only for the leader, this error indicates that the broker is not the current leader. For requests intended for any replica, this error indicates that the broker is not a replica of the topic partition.';
    case 'REQUEST_TIMED_OUT':
      return 'The request timed out.';
    case 'NETWORK_EXCEPTION':
      return 'The server disconnected before a response was received.';
    case 'TOPIC_ALREADY_EXISTS':
      return 'Topic already exists.';
    case 'UNKNOWN_TOPIC_OR_PARTITION':
      return 'This server does not host this topic-partition.';
    case 'LEADER_NOT_AVAILABLE':
      return 'There is no leader for this topic-partition as we are in the middle of a leadership election.';
    default:
      return e;
  }
}

/** Waits for metadata that knows the topic / a leader (max.block.ms 60000), without using a retry. */
function waitForMetadata(x: CX, op: Op, error: string): void {
  const waited = Number(op.state['metaWaits'] ?? 0);
  op.state['metaWaits'] = waited + 1;
  if (waited * RETRY_BACKOFF_MS >= 60000) {
    reply(x, op, { error, message: errorMessage(error) });
    return;
  }
  x.out.push(setTimer(`K_RETRY_${op.id}`, RETRY_BACKOFF_MS));
}

function leaderNode(x: CX, tp: string): string | null {
  const p = x.c.meta?.partitions[tp];
  if (!p || p.leader < 0 || p.offline) return null;
  return brokerNode(p.leader);
}

function choosePartition(x: CX, topic: string, key: string | null, n: number, size: number): number {
  if (key !== null) return toPositive(murmur2(key)) % n;
  const c = x.c;
  let s = c.sticky[topic];
  if (!s || s.bytes >= STICKY_BATCH_BYTES || s.partition >= n) {
    s = { partition: x.env.randomInt(n), bytes: 0 };
    c.sticky[topic] = s;
  }
  s.bytes += size;
  return s.partition;
}

/** Runs (or re-runs after a retry) an operation once metadata is known. */
function runOp(x: CX, op: Op): void {
  const c = x.c;
  const meta = c.meta as ClientMeta;
  const r = op.request;
  const controller = meta.controllerId >= 0 ? brokerNode(meta.controllerId) : null;
  const toController = (msg: Record<string, unknown> & { type: string }): void => {
    if (!controller) return retryLater(x, op, 'NOT_CONTROLLER');
    rpc(x, op.id, controller, msg);
  };
  switch (r.op) {
    case 'metadata':
      reply(x, op, { metadata: meta as unknown as Json });
      return;
    case 'createTopic':
      toController({ type: 'CreateTopics', topic: r['topic'], partitions: r['partitions'], replicationFactor: r['replicationFactor'], config: r['config'] ?? {}, ...(r['assignment'] ? { assignment: r['assignment'] } : {}) });
      return;
    case 'deleteTopic':
      toController({ type: 'DeleteTopics', topic: r['topic'] });
      return;
    case 'createPartitions':
      toController({ type: 'CreatePartitions', topic: r['topic'], count: r['count'] });
      return;
    case 'alterConfigs':
      toController({ type: 'AlterConfigs', entity: r['entity'], config: r['config'] ?? {}, remove: r['remove'] ?? [] });
      return;
    case 'describeConfigs':
      toController({ type: 'DescribeConfigs', entity: r['entity'] });
      return;
    case 'electLeaders':
      toController({ type: 'ElectLeaders', kind: r['kind'], partitions: r['partitions'] ?? null });
      return;
    case 'describeLogDirs': {
      const b = Number(r['broker']);
      rpc(x, op.id, brokerNode(b), { type: 'DescribeLogDirs' });
      return;
    }
    case 'produce': {
      const topic = String(r['topic']);
      const t = meta.topics[topic];
      if (!t) return waitForMetadata(x, op, 'UNKNOWN_TOPIC_OR_PARTITION');
      const recs = r['records'] as Array<{ key: string | null; value: string | null; partition?: number }>;
      if (op.results.length === 0) {
        op.results = recs.map(() => null);
        op.state['parts'] = recs.map((rec) => rec.partition ?? choosePartition(x, topic, rec.key, t.partitions, 20 + (rec.key?.length ?? 0) + (rec.value?.length ?? 0)));
        // enable.idempotence: sequence numbers are fixed once, so a retry is recognised by the leader
        op.state['seqs'] = recs.map(() => c.seq++);
      }
      const seqs = op.state['seqs'] as number[];
      const parts = op.state['parts'] as number[];
      const byPart: Record<string, number[]> = {};
      recs.forEach((_, i) => {
        if (op.results[i] !== null) return;
        (byPart[String(parts[i])] ??= []).push(i);
      });
      for (const [p, idxs] of Object.entries(byPart)) {
        const tp = tpKey(topic, Number(p));
        const leader = leaderNode(x, tp);
        if (!leader) {
          op.state['lastError'] = 'LEADER_NOT_AVAILABLE';
          continue;
        }
        const acks = Number(r['acks'] ?? -1);
        const records = idxs.map((i) => {
          const rec = recs[i] as { key: string | null; value: string | null };
          return { key: rec.key, value: rec.value, pid: c.id, seq: seqs[i] as number };
        });
        op.pending++;
        c.stats.sent += records.length;
        rpc(x, op.id, leader, { type: 'Produce', tp, acks, records, timeoutMs: 30000 }, { idxs, acks, values: records.map((q) => q.value) } as unknown as Json);
        if (acks === 0) {
          // acks=0: no response; the record counts as sent
          const corr = c.corr - 1;
          delete c.inflight[String(corr)];
          op.pending--;
          for (const i of idxs) op.results[i] = { partition: Number(p), offset: -1, error: 'NONE' };
        }
      }
      if (op.pending === 0) {
        if (op.results.every((q) => q !== null)) reply(x, op, { results: op.results });
        else if (op.state['lastError'] === 'LEADER_NOT_AVAILABLE' && op.attempts === 0) waitForMetadata(x, op, 'LEADER_NOT_AVAILABLE');
        else retryLater(x, op, String(op.state['lastError'] ?? 'LEADER_NOT_AVAILABLE'));
      }
      return;
    }
    case 'fetch': {
      const tp = String(r['tp']);
      const leader = leaderNode(x, tp);
      if (!leader) return waitForMetadata(x, op, 'LEADER_NOT_AVAILABLE');
      rpc(x, op.id, leader, { type: 'Fetch', replicaId: -1, maxWaitMs: Number(r['maxWaitMs'] ?? 500), partitions: [{ tp, offset: Number(r['offset']), maxRecords: Number(r['max'] ?? 500) }] });
      return;
    }
    case 'listOffsets': {
      const tp = String(r['tp']);
      const leader = leaderNode(x, tp);
      if (!leader) return waitForMetadata(x, op, 'LEADER_NOT_AVAILABLE');
      rpc(x, op.id, leader, { type: 'ListOffsets', tp, timestamp: Number(r['timestamp'] ?? -1) });
      return;
    }
    case 'subscribe': {
      // the console consumer's KafkaConsumer.subscribe (it joins in its first poll)
      if (c.member) return reply(x, op, { error: 'ILLEGAL_STATE', message: 'a consumer is already running on this client' });
      c.member = memberInit(x, String(r['groupId']), (r['topics'] as string[]) ?? [], 'range', { console: true, autoOffsetReset: r['autoOffsetReset'] === 'earliest' ? 'earliest' : 'latest' });
      reply(x, op, { error: 'NONE' });
      return;
    }
    case 'poll':
      if (!c.member?.console) return reply(x, op, { error: 'ILLEGAL_STATE', message: 'no console consumer' });
      consolePoll(x, op.id, Number(r['max'] ?? 500), Number(r['timeoutMs'] ?? 1000));
      return;
    case 'close':
      if (!c.member?.console) return reply(x, op, { error: 'NONE' });
      consoleClose(x, op.id);
      return;
    case 'group': {
      // a request for the group coordinator: FindCoordinator first (any broker), then the request itself
      const coordinator = typeof op.state['coordinator'] === 'number' ? (op.state['coordinator'] as number) : typeof r['broker'] === 'number' ? r['broker'] : -1;
      if (coordinator < 0) {
        const to = meta.brokers.length ? brokerNode(meta.brokers[x.env.randomInt(meta.brokers.length)] as number) : (c.cfg.brokers[0] as string);
        rpc(x, op.id, to, { type: 'FindCoordinator', groupId: r['groupId'] }, 'find');
        return;
      }
      rpc(x, op.id, brokerNode(coordinator), { ...(r['msg'] as Record<string, unknown>), type: String((r['msg'] as Record<string, unknown>)['type']) }, 'req');
      return;
    }
    default:
      reply(x, op, { error: 'INVALID_REQUEST', message: `unknown op ${r.op}` });
  }
}

function onResponse(x: CX, m: { type: string; corr: number; from: string; [k: string]: unknown }): void {
  const c = x.c;
  const key = String(m.corr);
  const inf = c.inflight[key];
  if (!inf || inf.to !== m.from) return;
  delete c.inflight[key];
  if (m.type === 'MetadataResponse' && inf.opId === -1) {
    c.metaInflight = false;
    c.meta = { brokers: m['brokers'] as number[], controllerId: m['controllerId'] as number, partitions: m['partitions'] as ClientMeta['partitions'], topics: m['topics'] as ClientMeta['topics'] };
    const waiting = c.waitingMeta;
    c.waitingMeta = [];
    for (const id of waiting) {
      const op = c.ops[String(id)];
      if (op) runOp(x, op);
    }
    return;
  }
  const op = c.ops[String(inf.opId)];
  if (!op) return;
  handleOpResponse(x, op, m, inf.sub);
}

function handleOpResponse(x: CX, op: Op, m: { type: string; [k: string]: unknown }, sub: Json): void {
  const c = x.c;
  const error = String(m['error'] ?? 'NONE');
  switch (op.request.op) {
    case 'produce': {
      op.pending--;
      const s = sub as { idxs: number[]; acks: number; values: string[] };
      const tp = String(m['tp']);
      const partition = Number(tp.slice(tp.lastIndexOf('-') + 1));
      if (error === 'NONE') {
        const base = Number(m['baseOffset']);
        s.idxs.forEach((i, k) => {
          op.results[i] = { partition, offset: base + k, error: 'NONE' };
          const list = (c.acked[tp] ??= []);
          list.push([base + k, String(s.values[k]), s.acks]);
          if (list.length > ACK_WINDOW) list.splice(0, list.length - ACK_WINDOW);
        });
        c.stats.acked += s.idxs.length;
      } else if (!isRetriable(error)) {
        for (const i of s.idxs) op.results[i] = { partition, offset: -1, error, message: errorMessage(error) };
        c.stats.failed += s.idxs.length;
      } else op.state['lastError'] = error;
      if (op.pending > 0) return;
      if (op.results.every((q) => q !== null)) {
        reply(x, op, { results: op.results });
        return;
      }
      c.meta = c.meta ? { ...c.meta } : null;
      op.attempts++;
      if (op.attempts > op.retries || x.env.now() >= op.deadline) {
        const last = String(op.state['lastError'] ?? 'REQUEST_TIMED_OUT');
        op.results = op.results.map((q) => q ?? { partition: -1, offset: -1, error: last, message: errorMessage(last) });
        c.stats.failed += op.results.filter((q) => (q as { error: string }).error !== 'NONE').length;
        reply(x, op, { results: op.results });
        return;
      }
      x.out.push(setTimer(`K_RETRY_${op.id}`, RETRY_BACKOFF_MS));
      return;
    }
    case 'group': {
      if (sub === 'find') {
        if (error !== 'NONE') return retryLater(x, op, error);
        op.state['coordinator'] = Number(m['coordinator']);
        runOp(x, op);
        return;
      }
      if (error === 'NOT_COORDINATOR' || error === 'COORDINATOR_NOT_AVAILABLE' || error === 'NETWORK_EXCEPTION' || error === 'REQUEST_TIMED_OUT') {
        op.state['coordinator'] = -1;
        return retryLater(x, op, error);
      }
      reply(x, op, { ...m, type: m.type, error, coordinatorId: typeof op.state['coordinator'] === 'number' ? op.state['coordinator'] : -1 } as Record<string, unknown>);
      return;
    }
    default:
      if (isRetriable(error)) {
        needMetaLater(x, op, error);
        return;
      }
      reply(x, op, { ...m, error });
  }
}

function needMetaLater(x: CX, op: Op, error: string): void {
  retryLater(x, op, error);
}

function onRetry(x: CX, opId: number): void {
  const op = x.c.ops[String(opId)];
  if (!op) return;
  needMeta(x, op);
}

function failInflight(x: CX, corr: string, error: string): void {
  const c = x.c;
  const inf = c.inflight[corr];
  if (!inf) return;
  delete c.inflight[corr];
  if (inf.opId === -1) {
    c.metaInflight = false;
    c.bootstrapIdx++;
    x.out.push(setTimer('K_META_RETRY', RETRY_BACKOFF_MS));
    return;
  }
  const op = c.ops[String(inf.opId)];
  if (!op) return;
  if (op.request.op === 'produce') {
    handleOpResponse(x, op, { type: 'ProduceResponse', error, tp: (inf.sub as { tp?: string } | null)?.tp ?? tpFromOp(op, inf.sub) }, inf.sub);
    return;
  }
  if (op.request.op === 'group') {
    handleOpResponse(x, op, { type: 'error', error }, inf.sub);
    return;
  }
  retryLater(x, op, error);
}

function tpFromOp(op: Op, sub: Json): string {
  const s = sub as { idxs: number[] };
  const parts = op.state['parts'] as number[];
  return tpKey(String(op.request['topic']), parts[s.idxs[0] as number] as number);
}

// ---- workload ------------------------------------------------------------------------------------------

function workloadTick(x: CX): void {
  const c = x.c;
  const w = c.cfg.workload;
  if (!w || w.topics.length === 0) return;
  const topic = w.topics[c.stats.sent % w.topics.length] as string;
  if (c.meta?.topics[topic]) {
    startOp(x, null, { op: 'produce', topic, acks: w.acks, records: [{ key: null, value: `${c.id}-${c.seq}` }] });
  } else {
    const last = Number(c.sticky['__create']?.bytes ?? -1e9);
    if (w.createTopics && x.env.now() - last > 5000) {
      c.sticky['__create'] = { partition: 0, bytes: x.env.now() };
      for (const t of w.topics) if (!c.meta?.topics[t]) startOp(x, null, { op: 'createTopic', topic: t, partitions: w.partitions, replicationFactor: w.replicationFactor, config: {}, retries: 0 });
    }
    refreshMetadata(x);
  }
  x.out.push(setTimer('K_WORKLOAD', 1000 / w.messagesPerSecond));
}

function boot(x: CX): void {
  const c = x.c;
  refreshMetadata(x);
  x.out.push(setTimer('K_SWEEP', 1000));
  const w = c.cfg.workload;
  if (c.cfg.role === 'producer' && w) {
    x.out.push(setTimer('K_WORKLOAD', 5000 + x.env.randomInt(1000)));
  }
  if (c.cfg.role === 'consumer' && w) {
    c.member = memberInit(x, w.groupId, w.topics, w.assignor);
  }
}

export function initKClient(input: NodeInput<KafkaClientConfig>): KClientContext {
  return {
    id: input.id,
    cfg: input.config,
    meta: null,
    bootstrapIdx: 0,
    corr: 1,
    inflight: {},
    ops: {},
    nextOp: 1,
    waitingMeta: [],
    metaInflight: false,
    acked: {},
    sticky: {},
    seq: 0,
    stats: { sent: 0, acked: 0, failed: 0, consumed: 0 },
    member: null,
  };
}

export function handleKClientEvent(x: CX, ev: { type: string; [k: string]: unknown }): void {
  const c = x.c;
  if (ev.type === 'kafka.call') {
    startOp(x, Number(ev['reqId']), ev['request'] as Record<string, Json> & { op: string });
    return;
  }
  if (ev.type === SOCKET_CLOSED) {
    const from = String(ev['from']);
    for (const [corr, inf] of Object.entries(c.inflight)) if (inf.to === from) failInflight(x, corr, 'NETWORK_EXCEPTION');
    if (c.member) memberEvent(x, ev);
    return;
  }
  if (ev.type === 'K_SWEEP') {
    // request.timeout.ms: one periodic sweep instead of a timer per request
    const now = x.env.now();
    for (const [corr, inf] of Object.entries(c.inflight)) if (now >= inf.deadline) failInflight(x, corr, 'REQUEST_TIMED_OUT');
    x.out.push(setTimer('K_SWEEP', 1000));
    return;
  }
  if (ev.type.startsWith('K_RETRY_')) {
    onRetry(x, Number(ev.type.slice('K_RETRY_'.length)));
    return;
  }
  if (ev.type === 'K_META_RETRY') {
    if (c.waitingMeta.length || !c.meta) refreshMetadata(x);
    return;
  }
  if (ev.type === 'K_WORKLOAD') {
    workloadTick(x);
    return;
  }
  if (MEMBER_EVENTS.has(ev.type)) {
    if (c.member) memberEvent(x, ev);
    return;
  }
  if (ev.type.endsWith('Response') && typeof ev['corr'] === 'number') {
    onResponse(x, ev as never);
    return;
  }
}

export function kafkaClientMachine(env: NodeEnv) {
  const run = (context: KClientContext, enqueue: { emit: (r: KernelRequest) => void }, fn: (x: CX) => void): void => {
    const out: KernelRequest[] = [];
    fn({ c: context, out, env });
    for (const r of out) enqueue.emit(r);
  };
  return setup({
    types: {
      context: {} as KClientContext,
      input: {} as NodeInput<KafkaClientConfig>,
      events: {} as { type: string; [k: string]: unknown },
      emitted: {} as KernelRequest,
    },
  }).createMachine({
    id: 'kafka-client',
    context: ({ input }) => initKClient(input),
    entry: enqueueActions(({ context, enqueue }) => run(context, enqueue, boot)),
    on: {
      '*': {
        actions: enqueueActions(({ context, event, enqueue }) => run(context, enqueue, (x) => handleKClientEvent(x, event))),
      },
    },
  });
}

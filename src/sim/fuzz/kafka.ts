/**
 * The Kafka domain of the swarm harness (ZooKeeper mode, on the ensemble the ZooKeeper domain chose).
 *
 * Per seed, from the seed's own stream: brokers (1–5), topics / partitions / replication factor, acks
 * (0 / 1 / all), min.insync.replicas, unclean.leader.election.enable, the pre-KIP-101 high-watermark
 * truncation switch (`legacyHwTruncation`), ZooKeeper session and replica-lag timeouts, a consumer group
 * (0–3 members, one of the four assignors), and the harness's own clients on `kafka-cli`: one idempotent
 * producer (one request in flight, unique values) and 0–2 readers that `assign` partitions and poll them.
 * The brokers are servers for the nemesis (crash, pause, partitions between brokers and ensemble servers),
 * the Kafka clients are clients (partitioned, never crashed).
 *
 * History: the producer's sends (recorded `inject`s of `kafka.call`, replies on `kafka:kafka-cli`), the
 * readers' polls, the group consumers' polls (their FetchResponses, from the trace), and a final **drain**
 * in the liveness phase that reads every partition to its end. Checked with ../check/kafka.ts (lost write,
 * duplicate, inconsistent offsets, non-monotonic poll; poll skips counted). Configurations that may lose
 * data are not required to lose nothing: a loss must be *explained* (the simulator's audit notes
 * `kafka.audit.ackedRecordLost` with their reason, unclean elections, high-watermark truncations, acks < all).
 *
 * Liveness: after healing, every broker running, one ready controller, every partition with a leader and its
 * ISR back to all replicas and HW = LEO on the leader, every producer / reader call answered, the group
 * Stable with every member, and the drain complete.
 */
import type { Action } from '../actions';
import type { Json } from '../kernel/types';
import type { Rng } from '../kernel/rng';
import type { TraceRecord } from '../kernel/trace';
import type { Simulation } from '../simulation';
import type { BrokerContext } from '../kafka/types';
import type { KClientContext } from '../kafka/client.machine';
import { OFFSETS_TOPIC } from '../kafka/common';
import { offsetsPartitionFor } from '../kafka/coordinator';
import { checkKafkaHistory } from '../check/kafka';
import type { KafkaAnomaly, KafkaHistory, KafkaPoll, KafkaRecordSeen, KafkaSend } from '../check/kafka';
import type { DomainRun, FuzzDomain, FuzzEnv } from './domain';
import '../kafka/register';

export type KafkaFuzzParams = {
  brokers: number;
  topics: number;
  partitions: number;
  rf: number;
  /** Producer acks: 0, 1 or -1 (all). */
  acks: number;
  minIsr: number;
  unclean: boolean;
  /** The pre-KIP-101 truncation to the local high watermark (BrokerConfig.legacyHwTruncation). */
  legacy: boolean;
  sessionTimeoutMs: number;
  replicaLagTimeMaxMs: number;
  offsetsPartitions: number;
  consumers: number;
  assignor: string;
  /** Chance per harness tick that the idle producer sends a request; records per request (1…batch). */
  produceRate: number;
  batch: number;
  readers: number;
  readRate: number;
  /**
   * Kafka-aware faults on top of the nemesis (recorded actions like any fault, so shrinking can drop them):
   * the "Call me maybe" choreography — pause a partition's followers until the ISR shrinks to the leader,
   * crash the leader, resume the followers (an unclean election when it is enabled, else an offline
   * partition until the leader returns) — or crash the controller.
   */
  targeted: boolean;
};

export const KAFKA_COVERAGE = [
  'kafka: ISR shrank to 1',
  'kafka: unclean leader election',
  'kafka: minISR rejection (NOT_ENOUGH_REPLICAS)',
  'kafka: controller failover',
  'kafka: leader epoch bumped',
  'kafka: consumer rebalance',
  'kafka: acknowledged write lost (allowed)',
] as const;

const GROUP = 'fuzz';
const CLI = 'kafka-cli';

function pickWeighted(rng: Rng, weights: Array<[number, number]>): number {
  let total = 0;
  for (const [, w] of weights) total += w;
  let x = rng.next() * total;
  for (const [v, w] of weights) {
    x -= w;
    if (x < 0) return v;
  }
  return (weights[0] as [number, number])[0];
}

export const kafkaDomain: FuzzDomain<KafkaFuzzParams> = {
  name: 'kafka',
  coverageGoals: KAFKA_COVERAGE,
  choose(rng) {
    if (!rng.chance(0.35)) return null;
    const brokers = pickWeighted(rng, [
      [3, 45],
      [2, 15],
      [4, 15],
      [5, 10],
      [1, 5],
    ]);
    const maxRf = Math.min(3, brokers);
    const rf = rng.chance(0.8) ? maxRf : 1 + rng.int(maxRf);
    const acks = pickWeighted(rng, [
      [-1, 6],
      [1, 3],
      [0, 1],
    ]);
    const minIsr = rf === 1 ? 1 : pickWeighted(rng, [
      [1, 3],
      [2, 5],
      [rf, 2],
    ]);
    return {
      brokers,
      topics: rng.chance(0.7) ? 1 : 2,
      partitions: 1 + rng.int(4),
      rf,
      acks,
      minIsr: Math.min(minIsr, rf),
      unclean: rng.chance(0.3),
      legacy: rng.chance(0.15),
      sessionTimeoutMs: [6000, 10_000, 18_000][rng.int(3)] as number,
      replicaLagTimeMaxMs: [3000, 10_000, 30_000][rng.int(3)] as number,
      offsetsPartitions: [1, 3, 5][rng.int(3)] as number,
      consumers: pickWeighted(rng, [
        [0, 2],
        [1, 3],
        [2, 3],
        [3, 2],
      ]),
      assignor: ['range', 'roundrobin', 'sticky', 'cooperative-sticky'][rng.int(4)] as string,
      produceRate: 0.3 + rng.next() * 0.7,
      batch: 1 + rng.int(4),
      readers: rng.int(3),
      readRate: 0.2 + rng.next() * 0.8,
      targeted: rng.chance(0.6),
    };
  },
  config(p) {
    return {
      brokers: p.brokers,
      kafka: {
        sessionTimeoutMs: p.sessionTimeoutMs,
        replicaLagTimeMaxMs: p.replicaLagTimeMaxMs,
        minInsyncReplicas: 1,
        uncleanLeaderElection: false,
        legacyHwTruncation: p.legacy,
        // nothing is deleted during a run: the final logs are complete
        retentionMs: -1,
        offsetsTopicPartitions: p.offsetsPartitions,
        cli: true,
        workload: { producers: 0, consumers: p.consumers, topics: p.topics, partitions: p.partitions, replicationFactor: p.rf, acks: p.acks === 0 ? 0 : p.acks === 1 ? 1 : -1, groupId: GROUP, assignor: p.assignor as 'range' },
      },
    };
  },
  nodes(p) {
    return {
      servers: Array.from({ length: p.brokers }, (_, i) => `broker${i + 1}`),
      clients: [CLI, ...Array.from({ length: p.consumers }, (_, i) => `consumer${i + 1}`)],
    };
  },
  start(sim, p, rng) {
    return startKafka(sim, p, rng);
  },
};

interface Call {
  reqId: number;
  request: Record<string, Json> & { op: string };
  done: boolean;
}

interface Reader {
  name: string;
  epoch: number;
  positions: Record<string, number>;
  busy: boolean;
  next: number;
  /** Refresh metadata before the next fetch (after a partition error). */
  stale: boolean;
}

interface DrainState {
  pos: number;
  end: number | null;
  logStart: number;
  records: KafkaRecordSeen[];
  busy: boolean;
  done: boolean;
}

function topicsOf(p: KafkaFuzzParams): string[] {
  return Array.from({ length: p.topics }, (_, i) => `topic${i + 1}`);
}

export function tpsOf(p: KafkaFuzzParams): string[] {
  return topicsOf(p).flatMap((t) => Array.from({ length: p.partitions }, (_, i) => `${t}-${i}`));
}

function parse(detail: string | undefined): Record<string, unknown> {
  try {
    return JSON.parse(detail ?? '{}') as Record<string, unknown>;
  } catch {
    return {};
  }
}

function startKafka(sim: Simulation, p: KafkaFuzzParams, rng: Rng): DomainRun {
  const world = sim.world;
  const { servers: brokers, clients } = kafkaDomain.nodes(p);
  const consumers = clients.filter((c) => c !== CLI);
  const consumerSet = new Set(consumers);
  const topics = topicsOf(p);
  const tps = tpsOf(p);
  const tpSet = new Set(tps);
  const offsetsTp = `${OFFSETS_TOPIC}-${offsetsPartitionFor(GROUP, p.offsetsPartitions)}`;

  const calls = new Map<number, Call>();
  let nextReqId = 1;
  const created = new Set<string>();
  let produceBusy = false;
  let nextValue = 1;
  const sends: KafkaSend[] = [];
  const polls: KafkaPoll[] = [];
  const readers: Reader[] = Array.from({ length: p.readers }, (_, i) => ({ name: `reader${i + 1}`, epoch: 0, positions: {}, busy: false, next: i, stale: false }));
  const drain = new Map<string, DrainState>();
  /** Targeted faults: the undo / next steps still to apply (generate mode), and when the next may start. */
  const scheduled: Array<{ at: number; action: Action }> = [];
  let nextTargetedAt = 8000 + rng.int(10_000);
  let drainStarted = false;
  let drainStale = false;
  let metaCall = false;

  // what the trace says (for coverage and for explaining losses)
  const cov: Record<string, boolean> = {};
  for (const g of KAFKA_COVERAGE) cov[g] = false;
  let controllersElected = 0;
  let groupStables = 0;
  const uncleanTps = new Set<string>();
  const truncatedTps = new Set<string>();
  const auditWhy = new Map<string, string>();
  let auditUnexplained = 0;
  const counters = { truncations: 0, audits: 0, notEnoughReplicas: 0, consumerPolls: 0 };
  // group consumers: FetchResponse payloads by message id (from the send), and position resets per consumer
  const fetchResp = new Map<number, { corr: number; parts: Array<{ tp: string; error: string; records?: Array<{ offset: number; value: string | null }> }> }>();
  const resets: Record<string, number> = {};
  const memberEpoch: Record<string, { key: string; n: number }> = {};

  world.onOutput(`kafka:${CLI}`, (value) => {
    const v = value as { reqId?: number } & Record<string, unknown>;
    if (typeof v.reqId !== 'number') return;
    const call = calls.get(v.reqId);
    if (!call || call.done) return;
    call.done = true;
    onReply(call, v);
  });

  const onReply = (call: Call, v: Record<string, unknown>): void => {
    const r = call.request;
    switch (r.op) {
      case 'createTopic': {
        const err = String(v['error'] ?? 'NONE');
        if (err === 'NONE' || err === 'TOPIC_ALREADY_EXISTS') created.add(String(r['topic']));
        return;
      }
      case 'produce': {
        produceBusy = false;
        const recs = r['records'] as Array<{ value: string; partition: number }>;
        const results = (v['results'] as Array<{ partition: number; offset: number; error: string }> | undefined) ?? [];
        const acks = Number(r['acks']);
        recs.forEach((rec, i) => {
          const res = results[i];
          const acked = acks !== 0 && res?.error === 'NONE' && res.offset >= 0;
          sends.push({ value: rec.value, tp: `${String(r['topic'])}-${rec.partition}`, acks, acked, ...(acked ? { offset: res.offset } : {}), producer: CLI });
        });
        return;
      }
      case 'metadata':
        metaCall = false;
        return;
      case 'fetch': {
        const tp = String(r['tp']);
        const who = String(r['fz'] ?? '');
        const part = (v['partitions'] as Array<{ error: string; hw: number; leo: number; logStart: number; records: Array<{ offset: number; value: string | null }> }> | undefined)?.[0];
        if (who === 'drain') {
          const d = drain.get(tp);
          if (!d) return;
          d.busy = false;
          if (!part || part.error !== 'NONE') {
            // a stale leader in the client's metadata: refresh it before the next read
            drainStale = true;
            return;
          }
          const recs = part.records.map((q) => ({ offset: q.offset, value: q.value }));
          if (recs.length) polls.push({ consumer: 'drain', tp, epoch: 0, records: recs });
          d.records.push(...recs);
          d.pos = recs.length ? (recs[recs.length - 1] as KafkaRecordSeen).offset + 1 : d.pos;
          if (d.end !== null && d.pos >= d.end) d.done = true;
          else if (recs.length === 0) d.end = null; // nothing where the end was promised: ask for the end again
          return;
        }
        const rd = readers.find((x) => x.name === who);
        if (!rd) return;
        rd.busy = false;
        if (!part) {
          rd.stale = true;
          return;
        }
        if (part.error === 'OFFSET_OUT_OF_RANGE') {
          // seek (auto.offset.reset=earliest): a new epoch of this reader's sequence
          rd.epoch++;
          rd.positions[tp] = part.logStart;
          return;
        }
        if (part.error !== 'NONE') {
          rd.stale = true;
          return;
        }
        const recs = part.records.map((q) => ({ offset: q.offset, value: q.value }));
        if (recs.length) {
          polls.push({ consumer: rd.name, tp, epoch: rd.epoch, records: recs, from: Number(r['offset']) });
          rd.positions[tp] = (recs[recs.length - 1] as KafkaRecordSeen).offset + 1;
        }
        return;
      }
      case 'listOffsets': {
        const tp = String(r['tp']);
        const d = drain.get(tp);
        if (!d) return;
        d.busy = false;
        if (String(v['error'] ?? 'NONE') !== 'NONE' || typeof v['offset'] !== 'number') return;
        d.end = v['offset'] as number;
        d.logStart = typeof v['logStart'] === 'number' ? (v['logStart'] as number) : 0;
        if (d.pos < d.logStart) d.pos = d.logStart;
        if (d.pos >= d.end) d.done = true;
        return;
      }
      default:
        return;
    }
  };

  /** Every kafka.call inject on kafka-cli (generated now or replayed) becomes a call. */
  let lastCall: Call | undefined;
  const beforeAction = (action: Action): void => {
    lastCall = undefined;
    if (action.type !== 'inject' || action.node !== CLI || action.event.type !== 'kafka.call') return;
    const ev = action.event as { reqId?: unknown; request?: unknown };
    if (typeof ev.reqId !== 'number' || typeof ev.request !== 'object' || ev.request === null) return;
    const call: Call = { reqId: ev.reqId, request: ev.request as Call['request'], done: false };
    calls.set(call.reqId, call);
    nextReqId = Math.max(nextReqId, call.reqId + 1);
    const r = call.request;
    if (r.op === 'produce') {
      produceBusy = true;
      for (const rec of r['records'] as Array<{ value: string }>) {
        const n = Number(/^v(\d+)$/.exec(rec.value)?.[1] ?? 0);
        nextValue = Math.max(nextValue, n + 1);
      }
    } else if (r.op === 'fetch') {
      const rd = readers.find((x) => x.name === r['fz']);
      if (rd) rd.busy = true;
    } else if (r.op === 'metadata') metaCall = true;
    lastCall = call;
  };
  const afterAction = (_action: Action, ok: boolean): void => {
    if (ok || !lastCall) return;
    calls.delete(lastCall.reqId);
    if (lastCall.request.op === 'produce') produceBusy = false;
    const rd = readers.find((x) => x.name === lastCall?.request['fz']);
    if (rd) rd.busy = false;
  };

  const call = (env: FuzzEnv, request: Record<string, Json> & { op: string }): void => {
    env.act({ type: 'inject', node: CLI, event: { type: 'kafka.call', reqId: nextReqId++, request } });
  };

  const createTopics = (env: FuzzEnv): void => {
    for (const t of topics) {
      if (created.has(t)) continue;
      if ([...calls.values()].some((c) => !c.done && c.request.op === 'createTopic' && c.request['topic'] === t)) continue;
      call(env, {
        op: 'createTopic',
        topic: t,
        partitions: p.partitions,
        replicationFactor: p.rf,
        config: { 'min.insync.replicas': String(p.minIsr), 'unclean.leader.election.enable': String(p.unclean) },
        retries: 3,
        deliveryTimeoutMs: 15_000,
      });
    }
  };

  const produce = (env: FuzzEnv): void => {
    const topic = topics[rng.int(topics.length)] as string;
    const n = 1 + rng.int(p.batch);
    const records: Json[] = [];
    for (let i = 0; i < n; i++) records.push({ key: null, value: `v${nextValue++}`, partition: rng.int(p.partitions) });
    call(env, { op: 'produce', topic, acks: p.acks, records, deliveryTimeoutMs: 10_000 + rng.int(3) * 10_000 });
  };

  const read = (env: FuzzEnv, rd: Reader): void => {
    if (rd.stale && !metaCall) {
      rd.stale = false;
      call(env, { op: 'metadata' });
    }
    const tp = tps[rd.next++ % tps.length] as string;
    const i = tp.lastIndexOf('-');
    if (!created.has(tp.slice(0, i))) return;
    call(env, { op: 'fetch', tp, offset: rd.positions[tp] ?? 0, max: 50, maxWaitMs: 0, retries: 2, fz: rd.name });
  };

  const activeController = (): BrokerContext | undefined => {
    for (const id of brokers) {
      const b = brokerCtx(id);
      if (b?.ctl?.ready && world.status(id) === 'up') return b;
    }
    return undefined;
  };

  /** Starts one targeted fault (see KafkaFuzzParams.targeted). */
  const targetedFault = (env: FuzzEnv): void => {
    const now = sim.now;
    const ctl = activeController();
    if (!ctl?.ctl) return;
    if (p.brokers > 1 && rng.chance(0.25)) {
      const node = `broker${ctl.brokerId}`;
      env.act({ type: 'crash', node });
      scheduled.push({ at: now + Math.round(p.sessionTimeoutMs * (0.5 + rng.next() * 1.5)), action: { type: 'restart', node } });
      return;
    }
    const replicasOf = (tp: string): number[] => {
      const i = tp.lastIndexOf('-');
      return ctl.ctl?.topics[tp.slice(0, i)]?.assignment[tp.slice(i + 1)] ?? [];
    };
    const candidates = tps.filter((tp) => {
      const st = ctl.ctl?.partitions[tp];
      return st && st.leader >= 0 && world.status(`broker${st.leader}`) === 'up';
    });
    // the ISR can only shrink through the controller: prefer partitions the controller does not follow
    const good = candidates.filter((tp) => ctl.ctl?.partitions[tp]?.leader === ctl.brokerId || !replicasOf(tp).includes(ctl.brokerId));
    const pool = good.length ? good : candidates;
    const tp = pool[rng.int(pool.length)];
    if (tp === undefined) return;
    const st = ctl.ctl.partitions[tp] as NonNullable<typeof ctl.ctl.partitions[string]>;
    const followers = replicasOf(tp)
      .filter((b) => b !== st.leader && b !== ctl.brokerId && world.status(`broker${b}`) === 'up')
      .map((b) => `broker${b}`);
    const leader = `broker${st.leader}`;
    // the ISR shrinks replica.lag.time.max.ms after the followers stop fetching (checked every lag / 2)
    const crashAt = now + Math.round(p.replicaLagTimeMaxMs * 1.6) + 1000 + rng.int(2000);
    for (const f of followers) {
      env.act({ type: 'pause', node: f });
      scheduled.push({ at: crashAt + 300 + rng.int(1000), action: { type: 'resume', node: f } });
    }
    scheduled.push({ at: crashAt, action: { type: 'crash', node: leader } });
    scheduled.push({ at: crashAt + p.sessionTimeoutMs + 3000 + rng.int(15_000), action: { type: 'restart', node: leader } });
  };

  const runTargeted = (env: FuzzEnv): void => {
    const now = sim.now;
    scheduled.sort((a, b) => a.at - b.at);
    while (scheduled.length && (scheduled[0] as { at: number }).at <= now) env.act((scheduled.shift() as { action: Action }).action);
    if (scheduled.length === 0 && now >= nextTargetedAt) {
      targetedFault(env);
      nextTargetedAt = now + 5000 + rng.int(20_000);
    }
  };

  const brokerCtx = (id: string): BrokerContext | undefined =>
    world.status(id) === 'crashed' ? undefined : (world.snapshotOf(id) as unknown as { context?: BrokerContext } | undefined)?.context;

  /** What keeps the cluster from being recovered (without the drain). */
  const clusterMissing = (): string[] => {
    const out: string[] = [];
    const ctxs: Record<string, BrokerContext> = {};
    for (const id of brokers) {
      const b = brokerCtx(id);
      if (!b || world.status(id) !== 'up') out.push(`${id} down`);
      else {
        ctxs[id] = b;
        if (b.phase !== 'RUNNING') out.push(`${id} ${b.phase}`);
      }
    }
    if (topics.some((t) => !created.has(t))) out.push('topics not created');
    const ctls = Object.values(ctxs).filter((b) => b.ctl?.ready);
    if (ctls.length !== 1) {
      out.push(`${ctls.length} ready controllers`);
      return out;
    }
    const ctl = (ctls[0] as BrokerContext).ctl as NonNullable<BrokerContext['ctl']>;
    for (const tp of [...tps, ...(p.consumers > 0 ? [offsetsTp] : [])]) {
      const st = ctl.partitions[tp];
      const i = tp.lastIndexOf('-');
      const replicas = ctl.topics[tp.slice(0, i)]?.assignment[tp.slice(i + 1)] ?? [];
      if (!st) {
        if (tpSet.has(tp)) out.push(`${tp} unknown to the controller`);
        continue;
      }
      if (st.leader < 0) {
        out.push(`${tp} has no leader`);
        continue;
      }
      if (st.isr.length !== replicas.length) out.push(`${tp} ISR ${st.isr.join(',')} of replicas ${replicas.join(',')}`);
      const r = ctxs[`broker${st.leader}`]?.replicas[tp];
      if (!r || r.leader !== st.leader || r.leaderEpoch !== st.leader_epoch) out.push(`${tp} leader ${st.leader} not leading epoch ${st.leader_epoch}`);
      else if (r.hw !== r.leo) out.push(`${tp} HW ${r.hw} < LEO ${r.leo}`);
    }
    return out;
  };

  const groupMissing = (): string[] => {
    if (p.consumers === 0) return [];
    const out: string[] = [];
    let group: BrokerContext['groups'][string] | undefined;
    for (const id of brokers) {
      const b = brokerCtx(id);
      const r = b?.replicas[offsetsTp];
      if (b && r && r.leader === b.brokerId && b.groups[GROUP]) group = b.groups[GROUP];
    }
    if (!group) return ['no coordinator has the group'];
    if (group.state !== 'Stable') out.push(`group ${group.state}`);
    const members = Object.keys(group.members).length;
    if (members !== p.consumers) out.push(`group has ${members} of ${p.consumers} members`);
    for (const c of consumers) {
      const ctx = (world.snapshotOf(c) as unknown as { context?: KClientContext } | undefined)?.context;
      if (ctx?.member?.phase !== 'stable') out.push(`${c} ${ctx?.member?.phase ?? 'down'}`);
    }
    return out;
  };

  const pendingCalls = (): number => {
    let n = 0;
    for (const c of calls.values()) if (!c.done && c.request['fz'] !== 'drain' && c.request.op !== 'listOffsets') n++;
    return n;
  };

  const onNote = (rec: TraceRecord): void => {
    switch (rec.what) {
      case 'kafka.controller.partitionState': {
        const d = parse(rec.detail) as { tp?: string; isr?: string; leaderEpoch?: number };
        if (!d.tp || !tpSet.has(d.tp)) return;
        if (p.rf > 1 && String(d.isr ?? '').split(',').filter(Boolean).length === 1) cov['kafka: ISR shrank to 1'] = true;
        if ((d.leaderEpoch ?? 0) > 0) cov['kafka: leader epoch bumped'] = true;
        return;
      }
      case 'kafka.replica.isrShrink': {
        const d = parse(rec.detail) as { tp?: string; to?: string };
        if (d.tp && tpSet.has(d.tp) && p.rf > 1 && String(d.to ?? '').split(',').filter(Boolean).length === 1) cov['kafka: ISR shrank to 1'] = true;
        return;
      }
      case 'kafka.controller.uncleanElection': {
        const d = parse(rec.detail) as { tp?: string };
        if (d.tp) uncleanTps.add(d.tp);
        if (d.tp && tpSet.has(d.tp)) cov['kafka: unclean leader election'] = true;
        return;
      }
      case 'kafka.controller.elected':
        if (++controllersElected > 1) cov['kafka: controller failover'] = true;
        return;
      case 'kafka.group.stable':
        if (++groupStables > 1) cov['kafka: consumer rebalance'] = true;
        return;
      case 'kafka.replica.truncated': {
        const d = parse(rec.detail) as { tp?: string };
        counters.truncations++;
        if (d.tp) truncatedTps.add(d.tp);
        return;
      }
      case 'kafka.audit.ackedRecordLost': {
        const d = parse(rec.detail) as { tp?: string; value?: string; why?: string };
        counters.audits++;
        if (d.tp && d.value !== undefined) auditWhy.set(`${d.tp}|${d.value}`, String(d.why));
        if (d.why === 'nothing allowed it') auditUnexplained++;
        else if (d.tp && tpSet.has(d.tp)) cov['kafka: acknowledged write lost (allowed)'] = true;
        return;
      }
      default:
        return;
    }
  };

  const onTrace = (rec: TraceRecord): void => {
    switch (rec.kind) {
      case 'note':
        if (rec.what.startsWith('kafka.')) onNote(rec);
        return;
      case 'send': {
        if (rec.what === 'ProduceResponse') {
          if (rec.detail && rec.detail.includes('"NOT_ENOUGH_REPLICAS')) {
            counters.notEnoughReplicas++;
            cov['kafka: minISR rejection (NOT_ENOUGH_REPLICAS)'] = true;
          }
          return;
        }
        if (rec.what === 'FetchResponse' && rec.to && consumerSet.has(rec.to) && rec.msgId !== undefined) {
          const d = parse(rec.detail) as { corr?: number; partitions?: Array<{ tp: string; error: string; records?: Array<{ offset: number; value: string | null }> }> };
          if (typeof d.corr === 'number') fetchResp.set(rec.msgId, { corr: d.corr, parts: d.partitions ?? [] });
        }
        return;
      }
      case 'drop':
        if (rec.msgId !== undefined && rec.what === 'FetchResponse') fetchResp.delete(rec.msgId);
        return;
      case 'deliver': {
        const to = rec.to;
        if (!to || rec.what !== 'FetchResponse' || rec.msgId === undefined || !consumerSet.has(to)) return;
        const resp = fetchResp.get(rec.msgId);
        fetchResp.delete(rec.msgId);
        if (!resp) return;
        // the consumer's state just before it handles this response: apply the client's own rules (the request
        // is still in flight from that broker, its op still runs, it fetches for the current generation, and
        // the partition is still assigned); anything else the consumer ignores
        const ctx = (world.snapshotOf(to) as unknown as { context?: KClientContext } | undefined)?.context;
        const m = ctx?.member;
        const inf = ctx?.inflight[String(resp.corr)];
        if (!ctx || !m || !inf || inf.to !== rec.from || !ctx.ops[String(inf.opId)]) return;
        const kind = m.ops[String(inf.opId)];
        for (const part of resp.parts) {
          const i = part.tp.lastIndexOf('-');
          // the op is `fetch:<tp>:<generation>:<offset asked>` and must be the partition's current one; a response
          // for an offset that is no longer the position is discarded by the consumer, and records before the
          // position are skipped
          const position = m.positions[part.tp];
          if (kind !== `fetch:${part.tp}:${m.generation}:${position}` || m.fetching[part.tp] !== inf.opId || !(m.assignment[part.tp.slice(0, i)] ?? []).includes(Number(part.tp.slice(i + 1)))) continue;
          // a new member id or generation (also after a coordinator failover that reuses numbers) = a new epoch
          const key = `${m.memberId}:${m.generation}`;
          const e = (memberEpoch[to] ??= { key, n: 0 });
          if (e.key !== key) {
            e.key = key;
            e.n++;
          }
          const epoch = e.n * 1000 + (resets[to] ?? 0);
          if (part.error === 'OFFSET_OUT_OF_RANGE') {
            resets[to] = (resets[to] ?? 0) + 1;
            continue;
          }
          if (part.error !== 'NONE' || !part.records?.length || !tpSet.has(part.tp)) continue;
          counters.consumerPolls++;
          const kept = part.records.filter((q) => position === undefined || q.offset >= position);
          if (!kept.length) continue;
          polls.push({ consumer: to, tp: part.tp, epoch, records: kept.map((q) => ({ offset: q.offset, value: q.value })) });
        }
        return;
      }
      default:
        return;
    }
  };

  const lostValues = new Set<string>();
  const explain = (a: KafkaAnomaly, send?: KafkaSend): string | null => {
    const tp = a.tp;
    if (a.kind === 'nonmonotonic-poll') {
      // after an unclean election / old-style truncation the log is shorter than a consumer's position: the
      // consumer resets (auto.offset.reset) and reads offsets again; anywhere else it is a failure
      if (uncleanTps.has(tp)) return `position reset after the unclean leader election on ${tp}`;
      if (p.legacy && truncatedTps.has(tp)) return `position reset after a high-watermark truncation on ${tp}`;
      return null;
    }
    if (a.kind === 'lost-write') {
      const why = auditWhy.get(`${tp}|${a.value ?? ''}`);
      let reason: string | null = null;
      if (why !== undefined && why !== 'nothing allowed it') reason = `the simulator's audit: ${why}`;
      else if (send && send.acks !== -1) reason = `acks=${send.acks}`;
      else if (uncleanTps.has(tp)) reason = `unclean leader election on ${tp}`;
      else if (p.legacy && truncatedTps.has(tp)) reason = `high-watermark truncation (pre-KIP-101) on ${tp}`;
      if (reason !== null && a.value !== undefined) lostValues.add(a.value);
      return reason;
    }
    if (uncleanTps.has(tp)) return `unclean leader election on ${tp}`;
    if (p.legacy && truncatedTps.has(tp)) return `high-watermark truncation (pre-KIP-101) on ${tp}`;
    if (a.kind === 'inconsistent-offsets' && a.values?.some((v) => lostValues.has(v))) return 'an allowed lost write at that offset';
    return null;
  };

  return {
    beforeAction,
    afterAction,
    onTrace,
    tick(env) {
      if (topics.some((t) => !created.has(t))) {
        createTopics(env);
        return;
      }
      if (p.targeted) runTargeted(env);
      if (!produceBusy && rng.chance(p.produceRate)) produce(env);
      for (const rd of readers) if (!rd.busy && rng.chance(p.readRate)) read(env, rd);
    },
    recover(env) {
      if (topics.some((t) => !created.has(t))) {
        createTopics(env);
        return;
      }
      if (!drainStarted) {
        if (pendingCalls() > 0 || clusterMissing().length > 0) return;
        drainStarted = true;
        for (const tp of tps) drain.set(tp, { pos: 0, end: null, logStart: 0, records: [], busy: false, done: false });
      }
      if (drainStale) {
        if (metaCall) return;
        drainStale = false;
        call(env, { op: 'metadata' });
      }
      for (const [tp, d] of drain) {
        if (d.done || d.busy) continue;
        d.busy = true;
        if (d.end === null) call(env, { op: 'listOffsets', tp, timestamp: -1, retries: 3 });
        else call(env, { op: 'fetch', tp, offset: d.pos, max: 500, maxWaitMs: 0, retries: 3, fz: 'drain' });
      }
    },
    missing() {
      const out = clusterMissing();
      const pending = pendingCalls();
      if (pending) out.push(`${pending} kafka-cli calls unanswered`);
      out.push(...groupMissing());
      if (!drainStarted) out.push('drain not started');
      else {
        const left = [...drain.values()].filter((d) => !d.done).length;
        if (left) out.push(`drain: ${left} partitions not read to the end`);
      }
      return out;
    },
    finish() {
      const final: Record<string, KafkaRecordSeen[]> = {};
      const finalLogStart: Record<string, number> = {};
      for (const [tp, d] of drain) {
        if (!d.done) continue;
        final[tp] = d.records;
        finalLogStart[tp] = d.logStart;
      }
      const history: KafkaHistory = { sends, polls, final, finalLogStart };
      const report = checkKafkaHistory(history, { explain });
      const problems = report.problems.slice();
      if (auditUnexplained > 0 && problems.length === 0) problems.push(`kafka audit: ${auditUnexplained} acknowledged records lost with nothing allowing it (see kafka.audit.ackedRecordLost notes)`);
      const c = report.counts;
      return {
        problems,
        coverage: cov,
        artifacts: { kafkaHistory: history, kafkaExplained: report.explained },
        stats: {
          'kafka.sends': c.sends,
          'kafka.acked': c.acked,
          'kafka.lostWrites': c.lostWrites,
          'kafka.lostExplained': c.lostExplained,
          'kafka.duplicates': c.duplicates,
          'kafka.inconsistentOffsets': c.inconsistentOffsets,
          'kafka.nonmonotonicPolls': c.nonmonotonicPolls,
          'kafka.pollSkips': c.pollSkips,
          'kafka.unackedPresent': c.unackedPresent,
          'kafka.polls': c.polls,
          'kafka.recordsRead': c.recordsRead,
          'kafka.consumerPolls': counters.consumerPolls,
          'kafka.finalRecords': Object.values(final).reduce((n, l) => n + l.length, 0),
          'kafka.truncations': counters.truncations,
          'kafka.auditNotes': counters.audits,
          'kafka.notEnoughReplicas': counters.notEnoughReplicas,
          'kafka.controllersElected': controllersElected,
        },
      };
    },
  };
}

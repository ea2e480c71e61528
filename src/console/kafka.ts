/**
 * The Kafka 3.9 command-line tools in the console. Every tool runs on the Kafka client node `kafka-cli`
 * (subject to faults like any client): each request is handed to it as a recorded `inject` action and the
 * console runs simulated time until the reply arrives, so a tool blocks in simulated time as the real one does.
 *
 * kafka-topics.sh, kafka-console-producer.sh (values on the following lines, a line `.` ends them),
 * kafka-console-consumer.sh, kafka-consumer-groups.sh, kafka-configs.sh, kafka-leader-election.sh,
 * kafka-log-dirs.sh, kafka-server-stop.sh <broker> (controlled shutdown), and `segments <broker> <topic>-<p>`.
 */
import type { Json } from '../sim/kernel/types';
import { TOPIC_CONFIG_KEYS } from '../sim/kafka/common';
import type { ClientMeta } from '../sim/kafka/client.machine';
import { replicaFilesOf } from '../sim/views/kafkaGroups';
import type { ConsoleContext, ConsoleExtension } from './interpreter';
import { registerConsoleExtension } from './interpreter';
import { zkServerInfo } from '../sim/zookeeper/ensemble';
import '../sim/kafka/register';

const CALL_LIMIT_MS = 180_000;

interface ProducerMode {
  topic: string;
  acks: number;
  parseKey: boolean;
  separator: string;
  retries: number;
}

interface KafkaConsoleState {
  client: string;
  nextReqId: number;
  replies: Record<string, Record<string, Json>>;
  producer: ProducerMode | null;
}

function kstate(ctx: ConsoleContext): KafkaConsoleState | undefined {
  return ctx.state['kafka'] as KafkaConsoleState | undefined;
}

function call(ctx: ConsoleContext, st: KafkaConsoleState, request: Record<string, Json>, limitMs = CALL_LIMIT_MS): Record<string, Json> | undefined {
  const reqId = st.nextReqId++;
  const r = ctx.sim.tryAct({ type: 'inject', node: st.client, event: { type: 'kafka.call', reqId, request } });
  if (!r.ok) {
    ctx.err(`error: ${r.error}`);
    return undefined;
  }
  const deadline = ctx.sim.now + limitMs;
  const key = String(reqId);
  while (!st.replies[key] && ctx.sim.now < deadline) if (!ctx.sim.step()) break;
  const reply = st.replies[key];
  delete st.replies[key];
  if (!reply) ctx.err(`[kafka-cli] ERROR no answer from the cluster within ${limitMs / 1000} s (is ${st.client} up?)`);
  return reply;
}

/** --name value / --flag options (repeatable ones collected). */
function parseArgs(words: string[]): { opts: Record<string, string[]>; flags: Set<string>; bad?: string } {
  const opts: Record<string, string[]> = {};
  const flags = new Set<string>();
  const takesValue = new Set([
    '--topic', '--partitions', '--replication-factor', '--config', '--bootstrap-server', '--producer-property', '--property', '--group', '--max-messages',
    '--partition', '--offset', '--entity-type', '--entity-name', '--add-config', '--delete-config', '--election-type', '--broker-list', '--topic-list',
    '--to-offset', '--timeout-ms', '--request-required-acks', '--consumer-property', '--replica-assignment', '--shift-by', '--to-datetime',
  ]);
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (!w.startsWith('--')) return { opts, flags, bad: `unexpected argument: ${w}` };
    if (takesValue.has(w)) {
      const v = words[i + 1];
      if (v === undefined) return { opts, flags, bad: `Option ${w} requires an argument` };
      (opts[w] ??= []).push(v);
      i++;
    } else flags.add(w);
  }
  return { opts, flags };
}

function one(opts: Record<string, string[]>, k: string): string | undefined {
  return opts[k]?.[opts[k].length - 1];
}

function metadata(ctx: ConsoleContext, st: KafkaConsoleState): ClientMeta | undefined {
  const r = call(ctx, st, { op: 'metadata' });
  return r?.['metadata'] as unknown as ClientMeta | undefined;
}

function tps(meta: ClientMeta, topic: string): string[] {
  const n = meta.topics[topic]?.partitions ?? 0;
  return Array.from({ length: n }, (_, p) => `${topic}-${p}`);
}

function configsText(cfg: Record<string, unknown> | undefined): string {
  return Object.entries(cfg ?? {})
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');
}

// ---- kafka-topics.sh ----------------------------------------------------------------------------------

function topics(ctx: ConsoleContext, st: KafkaConsoleState, words: string[]): void {
  const { opts, flags, bad } = parseArgs(words);
  if (bad) return ctx.err(bad);
  const topic = one(opts, '--topic');
  if (flags.has('--create')) {
    if (!topic) return ctx.err('Missing required argument "[topic]"');
    const config: Record<string, string> = {};
    for (const kv of opts['--config'] ?? []) {
      const [k, v] = kv.split('=');
      if (!k || v === undefined || !TOPIC_CONFIG_KEYS.includes(k)) return ctx.err(`Error while executing topic command : Unknown topic config name: ${k}`);
      config[k] = v;
    }
    const kcfg = ctx.sim.config.kafka;
    const partitions = Number(one(opts, '--partitions') ?? kcfg.defaultPartitions);
    const rf = Number(one(opts, '--replication-factor') ?? kcfg.defaultReplicationFactor);
    const req: Record<string, Json> = { op: 'createTopic', topic, partitions, replicationFactor: rf, config };
    const ra = one(opts, '--replica-assignment');
    if (ra) {
      const assignment: Record<string, number[]> = {};
      ra.split(',').forEach((grp, p) => (assignment[String(p)] = grp.split(':').map(Number)));
      req['assignment'] = assignment;
    }
    const r = call(ctx, st, req);
    if (!r) return;
    if (r['error'] === 'NONE') return ctx.out(`Created topic ${topic}.`);
    if (r['error'] === 'TOPIC_ALREADY_EXISTS') return ctx.err(`Error while executing topic command : Topic '${topic}' already exists.`);
    return ctx.err(`Error while executing topic command : ${String(r['message'] ?? r['error'])}`);
  }
  if (flags.has('--list')) {
    const meta = metadata(ctx, st);
    if (!meta) return;
    for (const t of Object.keys(meta.topics).sort()) if (!(flags.has('--exclude-internal') && t.startsWith('__'))) ctx.out(t);
    return;
  }
  if (flags.has('--describe')) {
    const meta = metadata(ctx, st);
    if (!meta) return;
    const names = topic ? [topic] : Object.keys(meta.topics).sort();
    if (topic && !meta.topics[topic]) return ctx.err(`Error while executing topic command : Topic '${topic}' does not exist as expected`);
    for (const t of names) {
      const info = meta.topics[t];
      if (!info) continue;
      const parts = tps(meta, t);
      const rows = parts.map((tp, p) => ({ p, m: meta.partitions[tp] }));
      const filtered = rows.filter(({ m }) => {
        if (flags.has('--under-replicated-partitions')) return !!m && m.isr.length < m.replicas.length;
        if (flags.has('--unavailable-partitions')) return !m || m.offline;
        if (flags.has('--under-min-isr-partitions')) return !!m && m.isr.length < Number((info.config as Record<string, unknown>)['min.insync.replicas'] ?? ctx.sim.config.kafka.minInsyncReplicas);
        return true;
      });
      const filtering = flags.has('--under-replicated-partitions') || flags.has('--unavailable-partitions') || flags.has('--under-min-isr-partitions');
      if (!filtering) {
        const rf = meta.partitions[parts[0] ?? '']?.replicas.length ?? 0;
        ctx.out(`Topic: ${t}\tTopicId: ${info.topicId}\tPartitionCount: ${info.partitions}\tReplicationFactor: ${rf}\tConfigs: ${configsText(info.config)}`);
      }
      for (const { p, m } of filtered) {
        if (!m) continue;
        const leader = m.offline || m.leader < 0 ? 'none' : String(m.leader);
        ctx.out(`\tTopic: ${t}\tPartition: ${p}\tLeader: ${leader}\tReplicas: ${m.replicas.join(',')}\tIsr: ${m.isr.join(',')}`);
      }
    }
    return;
  }
  if (flags.has('--delete')) {
    if (!topic) return ctx.err('Missing required argument "[topic]"');
    const r = call(ctx, st, { op: 'deleteTopic', topic });
    if (r && r['error'] !== 'NONE') ctx.err(`Error while executing topic command : Topic '${topic}' does not exist as expected`);
    return;
  }
  if (flags.has('--alter')) {
    const n = one(opts, '--partitions');
    if (!topic || !n) return ctx.err('usage: kafka-topics.sh --alter --topic <t> --partitions <n>');
    const r = call(ctx, st, { op: 'createPartitions', topic, count: Number(n) });
    if (r && r['error'] !== 'NONE') ctx.err(`Error while executing topic command : ${String(r['message'] ?? r['error'])}`);
    return;
  }
  ctx.err('Exactly one of --create, --list, --describe, --delete or --alter must be given');
}

// ---- producer / consumer ----------------------------------------------------------------------------------

function startProducer(ctx: ConsoleContext, st: KafkaConsoleState, words: string[]): void {
  const { opts, bad } = parseArgs(words);
  if (bad) return ctx.err(bad);
  const topic = one(opts, '--topic');
  if (!topic) return ctx.err('Missing required argument "[topic]"');
  let acks = -1;
  let parseKey = false;
  let separator = '\t';
  const ra = one(opts, '--request-required-acks');
  if (ra) acks = ra === 'all' ? -1 : Number(ra);
  for (const kv of [...(opts['--producer-property'] ?? []), ...(opts['--property'] ?? [])]) {
    const i = kv.indexOf('=');
    const k = kv.slice(0, i);
    const v = kv.slice(i + 1);
    if (k === 'acks') acks = v === 'all' ? -1 : Number(v);
    if (k === 'parse.key') parseKey = v === 'true';
    if (k === 'key.separator') separator = v;
  }
  if (![0, 1, -1].includes(acks)) return ctx.err(`Invalid value ${acks} for configuration acks: String must be one of: all, -1, 0, 1`);
  st.producer = { topic, acks, parseKey, separator, retries: 3 };
  ctx.out('>');
}

function produceLine(ctx: ConsoleContext, st: KafkaConsoleState, line: string): void {
  const p = st.producer as ProducerMode;
  let key: string | null = null;
  let value = line;
  if (p.parseKey) {
    const i = line.indexOf(p.separator);
    if (i < 0) {
      ctx.err(`org.apache.kafka.common.KafkaException: No key separator found on line number 1: '${line}'`);
      return;
    }
    key = line.slice(0, i);
    value = line.slice(i + p.separator.length);
  }
  const r = call(ctx, st, { op: 'produce', topic: p.topic, acks: p.acks, retries: p.retries, records: [{ key, value }] });
  const res = (r?.['results'] as Array<{ error: string; message?: string }> | undefined)?.[0];
  const err = res?.error ?? (r?.['error'] as string | undefined);
  if (err && err !== 'NONE') {
    const msg = res?.message ?? String(r?.['message'] ?? err);
    const cls = exceptionClass(err);
    ctx.err(`[${ctx.sim.now.toFixed(0)} ms] ERROR Error when sending message to topic ${p.topic} with key: ${key === null ? 'null' : `${key.length} bytes`}, value: ${value.length} bytes with error: (org.apache.kafka.clients.producer.internals.ErrorLoggingCallback)`);
    ctx.err(`${cls}: ${msg}`);
  }
  ctx.out('>');
}

function exceptionClass(err: string): string {
  const m: Record<string, string> = {
    NOT_ENOUGH_REPLICAS: 'org.apache.kafka.common.errors.NotEnoughReplicasException',
    NOT_ENOUGH_REPLICAS_AFTER_APPEND: 'org.apache.kafka.common.errors.NotEnoughReplicasAfterAppendException',
    NOT_LEADER_OR_FOLLOWER: 'org.apache.kafka.common.errors.NotLeaderOrFollowerException',
    REQUEST_TIMED_OUT: 'org.apache.kafka.common.errors.TimeoutException',
    LEADER_NOT_AVAILABLE: 'org.apache.kafka.common.errors.LeaderNotAvailableException',
    NETWORK_EXCEPTION: 'org.apache.kafka.common.errors.NetworkException',
    UNKNOWN_TOPIC_OR_PARTITION: 'org.apache.kafka.common.errors.UnknownTopicOrPartitionException',
  };
  return m[err] ?? 'org.apache.kafka.common.KafkaException';
}

function consume(ctx: ConsoleContext, st: KafkaConsoleState, words: string[]): void {
  const { opts, flags, bad } = parseArgs(words);
  if (bad) return ctx.err(bad);
  const topic = one(opts, '--topic');
  if (!topic) return ctx.err('Exactly one of whitelist/topic is required.');
  const meta = metadata(ctx, st);
  if (!meta) return;
  if (!meta.topics[topic]) {
    ctx.err(`[${ctx.sim.now.toFixed(0)} ms] WARN [Consumer clientId=console-consumer] Error while fetching metadata: {${topic}=UNKNOWN_TOPIC_OR_PARTITION}`);
    ctx.out('Processed a total of 0 messages');
    return;
  }
  const max = one(opts, '--max-messages') ? Number(one(opts, '--max-messages')) : Infinity;
  const idleMs = Number(one(opts, '--timeout-ms') ?? 10_000);
  const printKey = (opts['--property'] ?? []).includes('print.key=true');
  const printPartition = (opts['--property'] ?? []).includes('print.partition=true');
  const printOffset = (opts['--property'] ?? []).includes('print.offset=true');
  const group = one(opts, '--group');
  const partArg = one(opts, '--partition');
  const parts = partArg !== undefined ? [Number(partArg)] : Array.from({ length: meta.topics[topic].partitions }, (_, p) => p);
  const offsetArg = one(opts, '--offset');
  if (offsetArg !== undefined && partArg === undefined) return ctx.err('The partition is required when offset is specified.');
  const format = (tp: string, rec: { offset: number; key: string | null; value: string | null }): string => {
    const pieces: string[] = [];
    if (printPartition) pieces.push(`Partition:${tp.slice(tp.lastIndexOf('-') + 1)}`);
    if (printOffset) pieces.push(`Offset:${rec.offset}`);
    if (printKey) pieces.push(rec.key ?? 'null');
    pieces.push(rec.value ?? 'null');
    return pieces.join('\t');
  };
  if (group && partArg === undefined) return consumeInGroup(ctx, st, { topic, group, max, idleMs, earliest: flags.has('--from-beginning'), format });
  const positions: Record<string, number> = {};
  for (const p of parts) {
    const tp = `${topic}-${p}`;
    let pos: number | undefined;
    if (group && offsetArg === undefined) {
      const r = call(ctx, st, { op: 'group', groupId: group, msg: { type: 'OffsetFetch', groupId: group, tps: [tp] } });
      const off = (r?.['offsets'] as Record<string, number> | undefined)?.[tp];
      if (typeof off === 'number' && off >= 0) pos = off;
    }
    if (pos === undefined) {
      if (offsetArg !== undefined && /^\d+$/.test(offsetArg)) pos = Number(offsetArg);
      else {
        const earliest = offsetArg === 'earliest' || (offsetArg === undefined && flags.has('--from-beginning'));
        const r = call(ctx, st, { op: 'listOffsets', tp, timestamp: earliest ? -2 : -1 });
        pos = Number(r?.['offset'] ?? 0);
      }
    }
    positions[tp] = pos;
  }
  let total = 0;
  let idleSince = ctx.sim.now;
  while (total < max && ctx.sim.now - idleSince < idleMs) {
    let got = 0;
    for (const tp of Object.keys(positions)) {
      if (total >= max) break;
      const r = call(ctx, st, { op: 'fetch', tp, offset: positions[tp] as number, max: Math.min(500, max - total), maxWaitMs: 500 });
      const part = (r?.['partitions'] as Array<{ error: string; records: Array<{ offset: number; key: string | null; value: string | null }>; hw: number; logStart: number }> | undefined)?.[0];
      if (!part) continue;
      if (part.error === 'OFFSET_OUT_OF_RANGE') {
        positions[tp] = part.logStart;
        continue;
      }
      for (const rec of part.records) {
        if (total >= max) break;
        ctx.out(format(tp, rec));
        positions[tp] = rec.offset + 1;
        total++;
        got++;
      }
    }
    if (got > 0) idleSince = ctx.sim.now;
    if (!Number.isFinite(max) && got === 0 && ctx.sim.now - idleSince >= idleMs) break;
  }
  if (group) {
    call(ctx, st, { op: 'group', groupId: group, msg: { type: 'OffsetCommit', groupId: group, generation: -1, memberId: '', offsets: positions } });
  }
  if (total < max && Number.isFinite(max)) ctx.err(`[${ctx.sim.now.toFixed(0)} ms] ERROR Error processing message, terminating consumer process:  (kafka.tools.ConsoleConsumer$)\norg.apache.kafka.common.errors.TimeoutException`);
  ctx.out(`Processed a total of ${total} messages`);
}

/**
 * `--group` without `--partition`: a KafkaConsumer that subscribes, joins the group (JoinGroup / SyncGroup,
 * heartbeats), reads only the partitions it is assigned from the group's committed offsets (auto.offset.reset
 * = earliest with --from-beginning, else latest), auto-commits, and on exit commits what it printed and sends
 * LeaveGroup (KafkaConsumer.close).
 */
function consumeInGroup(
  ctx: ConsoleContext,
  st: KafkaConsoleState,
  o: { topic: string; group: string; max: number; idleMs: number; earliest: boolean; format: (tp: string, rec: { offset: number; key: string | null; value: string | null }) => string },
): void {
  const sub = call(ctx, st, { op: 'subscribe', groupId: o.group, topics: [o.topic], autoOffsetReset: o.earliest ? 'earliest' : 'latest' });
  if (!sub) return;
  if (sub['error'] !== 'NONE') return ctx.err(`[kafka-cli] ERROR ${String(sub['message'] ?? sub['error'])}`);
  let total = 0;
  let idleSince = ctx.sim.now;
  while (total < o.max) {
    const left = o.idleMs - (ctx.sim.now - idleSince);
    if (left <= 0) break;
    const r = call(ctx, st, { op: 'poll', max: Math.min(500, o.max - total), timeoutMs: Math.min(1000, left) });
    if (!r) break;
    const recs = (r['records'] ?? []) as Array<{ tp: string; offset: number; key: string | null; value: string | null }>;
    for (const rec of recs) {
      ctx.out(o.format(rec.tp, rec));
      total++;
    }
    if (recs.length > 0) idleSince = ctx.sim.now;
  }
  call(ctx, st, { op: 'close' });
  if (total < o.max && Number.isFinite(o.max)) ctx.err(`[${ctx.sim.now.toFixed(0)} ms] ERROR Error processing message, terminating consumer process:  (kafka.tools.ConsoleConsumer$)\norg.apache.kafka.common.errors.TimeoutException`);
  ctx.out(`Processed a total of ${total} messages`);
}

// ---- kafka-configs.sh, leader election, log dirs, segments, stop --------------------------------------------

function configs(ctx: ConsoleContext, st: KafkaConsoleState, words: string[]): void {
  const { opts, flags, bad } = parseArgs(words);
  if (bad) return ctx.err(bad);
  let type = one(opts, '--entity-type');
  let name = one(opts, '--entity-name');
  if (one(opts, '--topic')) {
    type = 'topics';
    name = one(opts, '--topic');
  }
  if (flags.has('--entity-default')) name = '<default>';
  if (type !== 'topics' && type !== 'brokers') return ctx.err('--entity-type must be topics or brokers');
  if (!name) return ctx.err('an entity name must be specified with --alter of topics (or --entity-default for brokers)');
  const entity = `${type}/${name}`;
  const what = type === 'topics' ? `topic ${name}` : name === '<default>' ? 'default brokers' : `broker ${name}`;
  if (flags.has('--alter')) {
    const config: Record<string, string> = {};
    for (const kv of (one(opts, '--add-config') ?? '').split(',').filter(Boolean)) {
      const i = kv.indexOf('=');
      if (i < 0) return ctx.err(`Invalid config: ${kv}`);
      config[kv.slice(0, i)] = kv.slice(i + 1);
    }
    const remove = (one(opts, '--delete-config') ?? '').split(',').filter(Boolean);
    const r = call(ctx, st, { op: 'alterConfigs', entity, config, remove });
    if (r?.['error'] === 'NONE') ctx.out(`Completed updating config for ${what}.`);
    else if (r) ctx.err(`Error while executing config command with args '${words.join(' ')}': ${String(r['error'])}`);
    return;
  }
  if (flags.has('--describe')) {
    const r = call(ctx, st, { op: 'describeConfigs', entity });
    if (!r) return;
    const cfg = (r['config'] ?? {}) as Record<string, string>;
    ctx.out(`Dynamic configs for ${what} are:`);
    const src = type === 'topics' ? 'DYNAMIC_TOPIC_CONFIG' : name === '<default>' ? 'DYNAMIC_DEFAULT_BROKER_CONFIG' : 'DYNAMIC_BROKER_CONFIG';
    for (const [k, v] of Object.entries(cfg)) ctx.out(`  ${k}=${v} sensitive=false synonyms={${src}:${k}=${v}}`);
    return;
  }
  ctx.err('Command must include exactly one action: --describe, --alter');
}

function leaderElection(ctx: ConsoleContext, st: KafkaConsoleState, words: string[]): void {
  const { opts, flags, bad } = parseArgs(words);
  if (bad) return ctx.err(bad);
  const kind = (one(opts, '--election-type') ?? '').toLowerCase();
  if (kind !== 'preferred' && kind !== 'unclean') return ctx.err('Missing required option(s) [election-type]');
  let partitions: string[] | null = null;
  const topic = one(opts, '--topic');
  if (topic) {
    const p = one(opts, '--partition');
    if (p === undefined) return ctx.err('Missing required option(s) [partition]');
    partitions = [`${topic}-${p}`];
  } else if (!flags.has('--all-topic-partitions')) return ctx.err('One and only one of the following options is required: --all-topic-partitions, --topic, --path-to-json-file');
  const r = call(ctx, st, { op: 'electLeaders', kind, partitions });
  if (!r) return;
  const elected = (r['elected'] as string[] | undefined) ?? [];
  const label = kind.toUpperCase();
  if (elected.length) ctx.out(`Successfully completed leader election (${label}) for partitions ${elected.join(', ')}`);
  const rest = (partitions ?? []).filter((p) => !elected.includes(p));
  if (rest.length) ctx.out(`Valid replica already elected for partitions ${rest.join(', ')}`);
  if (!elected.length && !partitions) ctx.out('Valid replica already elected for partitions');
}

function logDirs(ctx: ConsoleContext, st: KafkaConsoleState, words: string[]): void {
  const { opts, flags, bad } = parseArgs(words);
  if (bad) return ctx.err(bad);
  if (!flags.has('--describe')) return ctx.err('usage: kafka-log-dirs.sh --describe [--broker-list 1,2] [--topic-list t1,t2]');
  const meta = metadata(ctx, st);
  if (!meta) return;
  const list = one(opts, '--broker-list')?.split(',').map(Number) ?? meta.brokers;
  const topicsFilter = one(opts, '--topic-list')?.split(',');
  ctx.out('Querying brokers for log directories information');
  const brokers: Json[] = [];
  const answered: number[] = [];
  for (const b of list) {
    const r = call(ctx, st, { op: 'describeLogDirs', broker: b }, 35_000);
    if (!r || r['error'] !== 'NONE' && r['error'] !== undefined) continue;
    answered.push(b);
    const reps = (r['replicas'] ?? {}) as Record<string, { size: number; offsetLag: number }>;
    const partitions = Object.entries(reps)
      .filter(([tp]) => !topicsFilter || topicsFilter.includes(tp.slice(0, tp.lastIndexOf('-'))))
      .sort(([a], [c]) => (a < c ? -1 : 1))
      .map(([tp, v]) => ({ partition: tp, size: v.size, offsetLag: v.offsetLag, isFuture: false }));
    brokers.push({ broker: b, logDirs: [{ error: null, logDir: String(r['logDir']), partitions }] });
  }
  ctx.out(`Received log directory information from brokers ${answered.join(',')}`);
  ctx.out(JSON.stringify({ brokers, version: 1 }));
}

function segments(ctx: ConsoleContext, words: string[]): void {
  const [bArg, tp, extra] = words;
  if (!bArg || !tp || extra !== undefined) return ctx.err('usage: segments <broker> <topic>-<partition>   (e.g. segments broker1 orders-0)');
  const node = /^\d+$/.test(bArg) ? `broker${bArg}` : bArg;
  const world = ctx.sim.world;
  if (!world.hasNode(node) || world.spec(node).kind !== 'broker') return ctx.err(`error: no broker ${bArg}`);
  // a broker's files are on its disk even while it is down (the same view model the Kafka panel draws)
  const f = replicaFilesOf(world, node, tp);
  if (!f) return ctx.err(`error: ${node} has no log directory ${tp}`);
  ctx.out(`${node}:/var/lib/kafka/data/${tp}   log start offset ${f.logStart}${f.fromDisk ? '' : `   LEO ${f.leo}   HW ${f.hw}`}`);
  for (const s of f.files) {
    const active = s.active ? '  (active)' : '';
    ctx.out(`  ${s.name}.log        ${String(s.bytes).padStart(8)} bytes  ${String(s.records).padStart(5)} records  base offset ${s.base}${active}`);
    ctx.out(`  ${s.name}.index      ${String(s.indexBytes).padStart(8)} bytes`);
    ctx.out(`  ${s.name}.timeindex  ${String(s.timeIndexBytes).padStart(8)} bytes`);
  }
  ctx.out('  leader-epoch-checkpoint');
  ctx.out('  partition.metadata');
}

function serverStop(ctx: ConsoleContext, words: string[]): void {
  const [bArg] = words;
  if (!bArg) return ctx.err('usage: kafka-server-stop.sh <broker>   (controlled shutdown: leadership moves first, then the ZooKeeper session closes)');
  const node = /^\d+$/.test(bArg) ? `broker${bArg}` : bArg;
  const r = ctx.sim.tryAct({ type: 'inject', node, event: { type: 'kafka.shutdown' } });
  if (!r.ok) return ctx.err(`error: ${r.error}`);
  ctx.sim.runUntil(ctx.sim.now + 6000);
  ctx.out(`${node}: controlled shutdown done (the process stays stopped; 'crash' then 'restart' starts it again)`);
}

export const kafkaExtension: ConsoleExtension = {
  name: 'kafka',
  commands: [
    'kafka-topics.sh',
    'kafka-console-producer.sh',
    'kafka-console-consumer.sh',
    'kafka-consumer-groups.sh',
    'kafka-configs.sh',
    'kafka-leader-election.sh',
    'kafka-log-dirs.sh',
    'kafka-server-stop.sh',
    'segments',
  ],
  help: [
    'Kafka 3.9 tools (run on the node kafka-cli; --bootstrap-server is accepted and ignored):',
    '  kafka-topics.sh --create --topic t [--partitions n] [--replication-factor r] [--config k=v]',
    '  kafka-topics.sh --list | --describe [--topic t] | --delete --topic t | --alter --topic t --partitions n',
    '  kafka-console-producer.sh --topic t [--producer-property acks=all|1|0] [--property parse.key=true --property key.separator=:]',
    '      then one record per line; a line with a single . ends the producer',
    '  kafka-console-consumer.sh --topic t [--from-beginning] [--group g] [--max-messages n] [--partition p --offset o]',
    '  kafka-consumer-groups.sh --list | --describe --group g [--members|--state|--offsets] | --reset-offsets …',
    '  kafka-configs.sh --alter --entity-type topics|brokers --entity-name x --add-config k=v[,k=v] [--delete-config k]',
    '  kafka-leader-election.sh --election-type PREFERRED|UNCLEAN (--topic t --partition p | --all-topic-partitions)',
    '  kafka-log-dirs.sh --describe [--broker-list 1,2]    segments <broker> <topic>-<partition>',
    '  kafka-server-stop.sh <broker>   controlled shutdown',
  ],
  init(ctx) {
    const world = ctx.sim.world;
    const client = world.nodeIds().find((id) => world.spec(id).kind === 'kafka-client' && id === 'kafka-cli');
    if (!client) return;
    const st: KafkaConsoleState = { client, nextReqId: 1, replies: {}, producer: null };
    ctx.state['kafka'] = st;
    world.onOutput(`kafka:${client}`, (value) => {
      const v = value as { reqId?: number };
      if (typeof v.reqId === 'number') st.replies[String(v.reqId)] = value as Record<string, Json>;
    });
    if (ctx.options.settle) settleCluster(ctx);
  },
  exec(ctx, line, words) {
    const st = kstate(ctx);
    if (!st) return false;
    if (st.producer) {
      if (line.trim() === '.') {
        st.producer = null;
        return true;
      }
      produceLine(ctx, st, line);
      return true;
    }
    const name = words[0] ?? '';
    const args = words.slice(1);
    switch (name) {
      case 'kafka-topics.sh':
        topics(ctx, st, args);
        return true;
      case 'kafka-console-producer.sh':
        startProducer(ctx, st, args);
        return true;
      case 'kafka-console-consumer.sh':
        consume(ctx, st, args);
        return true;
      case 'kafka-consumer-groups.sh':
        consumerGroups(ctx, st, args);
        return true;
      case 'kafka-configs.sh':
        configs(ctx, st, args);
        return true;
      case 'kafka-leader-election.sh':
        leaderElection(ctx, st, args);
        return true;
      case 'kafka-log-dirs.sh':
        logDirs(ctx, st, args);
        return true;
      case 'kafka-server-stop.sh':
        serverStop(ctx, args);
        return true;
      case 'segments':
        segments(ctx, args);
        return true;
      default:
        return false;
    }
  },
};

// ---- kafka-consumer-groups.sh --------------------------------------------------------------------------

function consumerGroups(ctx: ConsoleContext, st: KafkaConsoleState, words: string[]): void {
  const { opts, flags, bad } = parseArgs(words);
  if (bad) return ctx.err(bad);
  const meta = metadata(ctx, st);
  if (!meta) return;
  if (flags.has('--list')) {
    const all = new Set<string>();
    for (const b of meta.brokers) {
      const r = call(ctx, st, { op: 'group', groupId: '', msg: { type: 'ListGroups' }, broker: b }, 35_000);
      for (const g of (r?.['groups'] as string[] | undefined) ?? []) all.add(g);
    }
    for (const g of [...all].sort()) ctx.out(g);
    return;
  }
  const group = one(opts, '--group');
  if (!group) return ctx.err('Option [describe] takes one of these options: [all-groups], [group]');
  const r = call(ctx, st, { op: 'group', groupId: group, msg: { type: 'DescribeGroup', groupId: group } });
  if (!r) return;
  const state = String(r['state'] ?? 'Dead');
  const members = (r['members'] ?? []) as Array<{ memberId: string; clientId: string; host: string; assignment: Record<string, number[]> }>;
  const offsets = (r['offsets'] ?? {}) as Record<string, number>;
  const coordinator = Number(r['coordinator'] ?? -1);
  if (flags.has('--reset-offsets')) {
    const topic = one(opts, '--topic');
    if (!topic) return ctx.err('Option [reset-offsets] takes one of these options: [all-topics], [topic]');
    if (state !== 'Empty' && state !== 'Dead') return ctx.err(`Error: Assignments can only be reset if the group '${group}' is inactive, but the current state is ${state}.`);
    const target: Record<string, number> = {};
    for (const tp of tps(meta, topic)) {
      let off: number;
      if (flags.has('--to-earliest') || flags.has('--to-latest')) {
        const lo = call(ctx, st, { op: 'listOffsets', tp, timestamp: flags.has('--to-earliest') ? -2 : -1 });
        off = Number(lo?.['offset'] ?? 0);
      } else if (one(opts, '--to-offset') !== undefined) off = Number(one(opts, '--to-offset'));
      else if (one(opts, '--shift-by') !== undefined) off = Math.max(0, (offsets[tp] ?? 0) + Number(one(opts, '--shift-by')));
      else return ctx.err('One of the reset scopes should be defined: --to-datetime, --by-duration, --to-earliest, --to-latest, --shift-by, --from-file, --to-current, --to-offset');
      target[tp] = off;
    }
    // printOffsetsToReset: "%-30s %-30s %-10s %-15s"
    ctx.out('');
    ctx.out(`${pad('GROUP', 30)} ${pad('TOPIC', 30)} ${pad('PARTITION', 10)} ${pad('NEW-OFFSET', 15)}`);
    for (const [tp, off] of Object.entries(target)) ctx.out(`${pad(group, 30)} ${pad(topic, 30)} ${pad(tp.slice(tp.lastIndexOf('-') + 1), 10)} ${pad(String(off), 15)}`);
    if (flags.has('--execute')) call(ctx, st, { op: 'group', groupId: group, msg: { type: 'OffsetCommit', groupId: group, generation: -1, memberId: '', offsets: target } });
    return;
  }
  describeGroup(ctx, st, { group, state, members, offsets, coordinator, protocol: String(r['protocol'] ?? '') }, flags);
}

const pad = (v: string, n: number): string => v.padEnd(n);

/**
 * ConsumerGroupService.describeGroups of Kafka 3.9 (tools/.../consumer/group/ConsumerGroupCommand.java):
 * the offsets view (default, --offsets), --members [--verbose] and --state, with its column widths
 * (at least 15, or the longest value), its messages on stderr, and "-" for a missing value.
 */
function describeGroup(
  ctx: ConsoleContext,
  st: KafkaConsoleState,
  g: { group: string; state: string; members: Array<{ memberId: string; clientId: string; host: string; assignment: Record<string, number[]> }>; offsets: Record<string, number>; coordinator: number; protocol: string },
  flags: Set<string>,
): void {
  const { group, state } = g;
  const host = (m: { host: string }): string => `/${m.host}`;
  /** shouldPrintMemberState: the state's message; false when there is nothing to print. */
  const shouldPrint = (rows: number): boolean => {
    if (state === 'Dead') {
      ctx.out('');
      ctx.out(`Error: Consumer group '${group}' does not exist.`);
    } else if (state === 'Empty') {
      ctx.err('');
      ctx.err(`Consumer group '${group}' has no active members.`);
    } else if (state === 'PreparingRebalance' || state === 'CompletingRebalance') {
      ctx.err('');
      ctx.err(`Warning: Consumer group '${group}' is rebalancing.`);
    }
    return state !== 'Dead' && rows > 0;
  };
  if (flags.has('--state')) {
    if (!shouldPrint(1)) return;
    const coord = `broker${g.coordinator}:9092  (${g.coordinator})`;
    const w = Math.max(25, coord.length);
    ctx.out('');
    ctx.out(`${pad('GROUP', w)} ${pad('COORDINATOR (ID)', 25)} ${pad('ASSIGNMENT-STRATEGY', 20)} ${pad('STATE', 15)} #MEMBERS`);
    ctx.out(`${pad(group, w)} ${pad(coord, 25)} ${pad(g.protocol, 20)} ${pad(state, 15)} ${g.members.length}`);
    return;
  }
  if (flags.has('--members')) {
    const verbose = flags.has('--verbose');
    let wg = 15;
    let wc = 15;
    let wh = 15;
    let wcl = 15;
    if (shouldPrint(g.members.length)) {
      for (const m of g.members) {
        wg = Math.max(wg, group.length);
        wc = Math.max(wc, m.memberId.length);
        wh = Math.max(wh, host(m).length);
        wcl = Math.max(wcl, m.clientId.length);
      }
    }
    // the header is printed even when there is no member to show
    ctx.out('');
    ctx.out(`${pad('GROUP', wg)} ${pad('CONSUMER-ID', wc)} ${pad('HOST', wh)} ${pad('CLIENT-ID', wcl)} ${pad('#PARTITIONS', 15)} ${verbose ? 'ASSIGNMENT' : ''}`);
    if (state === 'Dead') return;
    for (const m of g.members) {
      const n = Object.values(m.assignment).reduce((k, ps) => k + ps.length, 0);
      const parts = Object.entries(m.assignment)
        .filter(([, ps]) => ps.length > 0)
        .map(([, ps]) => `(${ps.map(String).sort().join(',')})`)
        .sort()
        .join(', ');
      ctx.out(`${pad(group, wg)} ${pad(m.memberId, wc)} ${pad(host(m), wh)} ${pad(m.clientId, wcl)} ${pad(String(n), 15)} ${verbose ? parts || '-' : ''}`);
    }
    return;
  }
  // offsets view: members that own partitions (most partitions first), then committed partitions nobody owns;
  // idle members (no partition) have no row here (they show in --members with #PARTITIONS 0)
  type Row = { topic: string; partition: number; member: (typeof g.members)[number] | null };
  const rows: Row[] = [];
  const assigned = new Set<string>();
  const owners = g.members.filter((m) => Object.values(m.assignment).some((ps) => ps.length > 0));
  const count = (m: (typeof g.members)[number]): number => Object.values(m.assignment).reduce((k, ps) => k + ps.length, 0);
  owners.sort((a, b) => count(b) - count(a));
  const byTopicPartition = (a: Row, b: Row): number => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition);
  for (const m of owners) {
    const mine: Row[] = [];
    for (const [topic, ps] of Object.entries(m.assignment)) for (const p of ps) mine.push({ topic, partition: p, member: m });
    mine.sort(byTopicPartition);
    for (const row of mine) assigned.add(`${row.topic}-${row.partition}`);
    rows.push(...mine);
  }
  const unowned: Row[] = [];
  for (const tp of Object.keys(g.offsets)) {
    if (assigned.has(tp)) continue;
    const i = tp.lastIndexOf('-');
    unowned.push({ topic: tp.slice(0, i), partition: Number(tp.slice(i + 1)), member: null });
  }
  rows.push(...unowned.sort(byTopicPartition));
  if (!shouldPrint(rows.length)) return;
  const cells = rows.map((row) => {
    const tp = `${row.topic}-${row.partition}`;
    const lo = call(ctx, st, { op: 'listOffsets', tp, timestamp: -1 });
    const end = lo && (lo['error'] ?? 'NONE') === 'NONE' && typeof lo['offset'] === 'number' ? lo['offset'] : undefined;
    const cur = g.offsets[tp];
    const hasCur = cur !== undefined && cur !== -1;
    return [
      group,
      row.topic,
      String(row.partition),
      cur === undefined ? '-' : String(cur),
      end === undefined ? '-' : String(end),
      hasCur && end !== undefined ? String(end - (cur as number)) : '-',
      row.member?.memberId ?? '-',
      row.member ? host(row.member) : '-',
      row.member?.clientId ?? '-',
    ];
  });
  const w = (i: number): number => Math.max(15, ...cells.map((c) => (c[i] as string).length));
  const line = (c: string[]): string => `${pad(c[0] as string, w(0))} ${pad(c[1] as string, w(1))} ${pad(c[2] as string, 10)} ${pad(c[3] as string, 15)} ${pad(c[4] as string, 15)} ${pad(c[5] as string, 15)} ${pad(c[6] as string, w(6))} ${pad(c[7] as string, w(7))} ${c[8] as string}`;
  ctx.out('');
  ctx.out(line(['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID']));
  for (const c of cells) ctx.out(line(c));
}

/**
 * Headless start-up, as an operator does it: before the first command, wait (bounded) until every broker
 * has registered in ZooKeeper (/brokers/ids) and a controller is elected, as seen by a serving server.
 */
function settleCluster(ctx: ConsoleContext): void {
  const world = ctx.sim.world;
  const brokers = world.nodeIds().filter((id) => world.spec(id).kind === 'broker');
  const servers = world.nodeIds().filter((id) => world.spec(id).kind === 'zk');
  const ready = (): boolean => {
    for (const id of servers) {
      const info = world.status(id) === 'up' ? zkServerInfo(world.snapshotOf(id)) : null;
      if (!info?.serving) continue;
      const ids = info.tree.nodes['/brokers/ids'];
      if (ids && ids.children.length >= brokers.length && info.tree.nodes['/controller']) return true;
    }
    return false;
  };
  const deadline = ctx.sim.now + 60_000;
  while (!ready() && ctx.sim.now < deadline) if (!ctx.sim.step()) break;
  // let the controller's first UpdateMetadata reach every broker
  ctx.sim.runUntil(ctx.sim.now + 500);
}

registerConsoleExtension(kafkaExtension);

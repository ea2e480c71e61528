/**
 * Further benchmark sections (ZooKeeper ensemble, Kafka workload, seek, scaling, UI frames) register here.
 *
 * Environment knobs (all optional):
 *   BENCH_QUICK=1                 short runs everywhere (standard workload 60 s, scaling 20 s, ZooKeeper 10 s)
 *   BENCH_SKIP_UI=1               no headless-Chromium UI section
 *   BENCH_SKIP_SCALING=1          no scaling section
 *   KAFKA_BENCH_SECONDS=N         simulated seconds of the standard Kafka workload (default 3600; quick 60)
 *   KAFKA_BENCH_CHECKPOINT_MS=N   checkpoint interval of that run (default: the app's, 5000)
 *   BENCH_SEEKS=N                 seeks measured on the standard run (default 20)
 *   BENCH_SCALE_SECONDS=N         simulated seconds of each Kafka scaling run (default 60; quick 20)
 *   BENCH_SCALE_ZK_SECONDS=N      simulated seconds of each ZooKeeper scaling run (default 20; quick 5)
 */
import type { Figure } from './bench';
import { Simulation } from '../src/sim/simulation';
import { makeConfig } from '../src/sim/config';
import { Rng } from '../src/sim/kernel/rng';
import type { KClientContext } from '../src/sim/kafka/client.machine';
import { zkEnsembleBench } from './bench-zk';
import '../src/sim/zookeeper/register';
import '../src/sim/kafka/register';

export const benchExtensions: Array<() => Figure[] | Promise<Figure[]>> = [];

export const QUICK = process.env['BENCH_QUICK'] === '1';

function envNumber(name: string, fallback: number): number {
  const v = process.env[name];
  return v !== undefined && v !== '' && Number.isFinite(Number(v)) ? Number(v) : fallback;
}

/** Progress goes to stderr: with --json, stdout carries exactly one line. */
export function progress(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
}

interface KafkaRunOptions {
  simSeconds: number;
  topics: number;
  partitions: number;
  checkpointMs: number;
  zkServers?: number;
  brokers?: number;
}

/** Runs the Kafka workload (2 producers × 50 msg/s acks=all, a group of 3 consumers) and measures its cost. */
function kafkaRun(o: KafkaRunOptions): { sim: Simulation; wall: number; delivered: number; acked: number; consumed: number; peakRss: number } {
  const sim = new Simulation({
    seed: 1,
    checkpointEveryMs: o.checkpointMs,
    zk: { servers: o.zkServers ?? 5, clients: 0 },
    brokers: o.brokers ?? 6,
    kafka: { cli: false, workload: { producers: 2, messagesPerSecond: 50, consumers: 3, topics: o.topics, partitions: o.partitions, replicationFactor: 3, groupId: 'standard', assignor: 'range', acks: -1 } },
  } as never);
  let peakRss = process.memoryUsage().rss;
  const t0 = performance.now();
  const d0 = sim.world.network.totals().delivered;
  for (let t = 0; t < o.simSeconds * 1000; ) {
    t = Math.min(o.simSeconds * 1000, t + 10_000);
    sim.runUntil(t);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (t % 300_000 === 0) progress(`kafka ${o.topics}×${o.partitions}: ${t / 1000} of ${o.simSeconds} simulated s`);
  }
  const wall = (performance.now() - t0) / 1000;
  const delivered = sim.world.network.totals().delivered - d0;
  let acked = 0;
  let consumed = 0;
  for (const id of sim.world.nodeIds()) {
    const c = (sim.world.snapshotOf(id) as unknown as { context?: KClientContext } | undefined)?.context;
    if (sim.world.spec(id).kind !== 'kafka-client' || !c) continue;
    acked += c.stats.acked;
    consumed += c.stats.consumed;
  }
  return { sim, wall, delivered, acked, consumed, peakRss };
}

/**
 * Seeking in a finished run: `seeks` instants drawn from a seeded PRNG over [0, end], visited latest first,
 * so that every seek goes back in time (restore the nearest checkpoint at or before the instant, then re-run
 * up to it: what scrubbing back in the UI does). Host time with performance.now.
 */
export function seekBench(sim: Simulation, seeks: number, seed = 42): Figure[] {
  const end = sim.now;
  // the kernel's seeded generator: the same instants on every run
  const rng = Rng.fromSeed(seed, 'bench:seek');
  const rnd = (): number => rng.next();
  const seekAll = (targets: number[]): number[] =>
    targets.map((t) => {
      const t0 = performance.now();
      sim.seek(t);
      if (sim.now !== t) throw new Error(`seek to ${t} ended at ${sim.now}`);
      return performance.now() - t0;
    });
  // scrubbing back within the last simulated minute (where every checkpoint is kept), then anywhere in the run
  const recentFrom = Math.max(0, end - 60_000);
  const recent = seekAll(Array.from({ length: seeks }, () => recentFrom + Math.floor(rnd() * (end - recentFrom))).sort((a, b) => b - a));
  const times = seekAll(Array.from({ length: seeks }, () => Math.floor(rnd() * end)).sort((a, b) => b - a));
  const round = (x: number): number => Math.round(x * 10) / 10;
  return [
    { key: 'seek.p50Ms', value: round(percentile(times, 50)), unit: 'ms', note: `${seeks} seeks back to seeded-random instants of the ${end / 1000} s standard run; a checkpoint every ${sim.config.checkpointEveryMs / 1000} s, one per simulated minute kept before the last minute` },
    { key: 'seek.p95Ms', value: round(percentile(times, 95)), unit: 'ms' },
    { key: 'seek.maxMs', value: round(Math.max(...times)), unit: 'ms' },
    { key: 'seek.recentP50Ms', value: round(percentile(recent, 50)), unit: 'ms', note: `${seeks} seeks back within the last simulated minute (scrubbing)` },
    { key: 'seek.recentP95Ms', value: round(percentile(recent, 95)), unit: 'ms' },
  ];
}

/**
 * The Kafka standard workload: 5 ZooKeeper servers, 6 brokers, 3 topics × 6 partitions RF 3, 2 producers at
 * 50 msg/s (acks=all), one group of 3 consumers, 1 simulated hour (KAFKA_BENCH_SECONDS overrides it); then
 * the seek figures on that run.
 */
export function kafkaStandardBench(simSeconds = envNumber('KAFKA_BENCH_SECONDS', QUICK ? 60 : 3600)): Figure[] {
  progress(`standard Kafka workload, ${simSeconds} simulated s`);
  // the app's own checkpoint cadence (config default), so speed and seek figures are what a user gets
  const r = kafkaRun({ simSeconds, topics: 3, partitions: 6, checkpointMs: envNumber('KAFKA_BENCH_CHECKPOINT_MS', makeConfig({ seed: 1 }).checkpointEveryMs) });
  const figures: Figure[] = [
    { key: 'standard.simSecondsPerWallSecond', value: Math.round((simSeconds / r.wall) * 10) / 10, unit: 'sim s / wall s', note: `${simSeconds} simulated s in ${r.wall.toFixed(1)} wall s` },
    { key: 'standard.deliveredPerSecond', value: Math.round(r.delivered / r.wall), unit: 'msg/s', note: `${r.delivered} kernel deliveries; ${r.acked} records acknowledged, ${r.consumed} consumed` },
    { key: 'standard.peakRssMB', value: Math.round(r.peakRss / 1048576), unit: 'MB' },
    { key: 'standard.violations', value: r.sim.world.violations.length, unit: 'count' },
  ];
  const seeks = envNumber('BENCH_SEEKS', 20);
  if (seeks > 0) {
    progress(`${seeks} seeks`);
    figures.push(...seekBench(r.sim, seeks));
  }
  return figures;
}

/**
 * Scaling: the cost of a simulated second as the system grows. ZooKeeper ensembles of 3 / 5 / 7 / 9 servers
 * (10 clients, 1000 req/s simulated, 10:1 reads) and the Kafka workload with 18 / 72 / 288 partitions
 * (3 × 6, 3 × 24, 6 × 48; 6 brokers, RF 3), short runs.
 */
export function scalingBench(): Figure[] {
  const figures: Figure[] = [];
  const zkSeconds = envNumber('BENCH_SCALE_ZK_SECONDS', QUICK ? 5 : 20);
  for (const n of [3, 5, 7, 9]) {
    progress(`scaling: ZooKeeper ${n} servers, ${zkSeconds} simulated s`);
    const f = zkEnsembleBench({ servers: n, simSeconds: zkSeconds });
    const get = (k: string): number => f.find((x) => x.key === k)?.value ?? NaN;
    figures.push(
      { key: `scale.zk${n}.simSecondsPerWallSecond`, value: get('zk.simSecondsPerWallSecond'), unit: 'sim s / wall s', note: `${n} servers, 10 clients, ${zkSeconds} simulated s` },
      { key: `scale.zk${n}.deliveredPerSecond`, value: get('zk.deliveredPerSecond'), unit: 'msg/s' },
    );
  }
  const kSeconds = envNumber('BENCH_SCALE_SECONDS', QUICK ? 20 : 60);
  for (const [topics, partitions] of [
    [3, 6],
    [3, 24],
    [6, 48],
  ] as const) {
    const total = topics * partitions;
    progress(`scaling: Kafka ${total} partitions, ${kSeconds} simulated s`);
    const r = kafkaRun({ simSeconds: kSeconds, topics, partitions, checkpointMs: 60_000 });
    figures.push(
      { key: `scale.kafka${total}.simSecondsPerWallSecond`, value: Math.round((kSeconds / r.wall) * 100) / 100, unit: 'sim s / wall s', note: `${topics} topics × ${partitions} partitions RF 3, 6 brokers, ${kSeconds} simulated s` },
      { key: `scale.kafka${total}.deliveredPerSecond`, value: Math.round(r.delivered / r.wall), unit: 'msg/s' },
    );
  }
  return figures;
}

benchExtensions.push(() => kafkaStandardBench());
if (process.env['BENCH_SKIP_SCALING'] !== '1') benchExtensions.push(() => scalingBench());

// UI frame time of the busy scene in headless Chromium (Playwright), and the initial bundle size
if (process.env['BENCH_SKIP_UI'] !== '1') benchExtensions.push(async () => (await import('./bench-ui')).uiBench());

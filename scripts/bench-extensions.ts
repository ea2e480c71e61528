/** Further benchmark sections (ZooKeeper ensemble, Kafka workload, UI frames) register here. */
import type { Figure } from './bench';
import { Simulation } from '../src/sim/simulation';
import type { KClientContext } from '../src/sim/kafka/client.machine';
import '../src/sim/zookeeper/register';
import '../src/sim/kafka/register';

export const benchExtensions: Array<() => Figure[] | Promise<Figure[]>> = [];

/**
 * The Kafka standard workload: 5 ZooKeeper servers, 6 brokers, 3 topics × 6 partitions RF 3, 2 producers at
 * 50 msg/s (acks=all), one group of 3 consumers, 1 simulated hour (KAFKA_BENCH_SECONDS overrides it).
 */
export function kafkaStandardBench(simSeconds = Number(process.env['KAFKA_BENCH_SECONDS'] ?? 3600)): Figure[] {
  const sim = new Simulation({
    seed: 1,
    // whole-world checkpoints every simulated minute (the UI default of 5 s keeps ~30 MB per checkpoint here)
    checkpointEveryMs: Number(process.env['KAFKA_BENCH_CHECKPOINT_MS'] ?? 60_000),
    zk: { servers: 5, clients: 0 },
    brokers: 6,
    kafka: { cli: false, workload: { producers: 2, messagesPerSecond: 50, consumers: 3, topics: 3, partitions: 6, replicationFactor: 3, groupId: 'standard', assignor: 'range', acks: -1 } },
  } as never);
  let peakRss = process.memoryUsage().rss;
  const t0 = performance.now();
  const d0 = sim.world.network.totals().delivered;
  for (let t = 0; t < simSeconds * 1000; ) {
    t = Math.min(simSeconds * 1000, t + 10_000);
    sim.runUntil(t);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
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
  return [
    { key: 'standard.simSecondsPerWallSecond', value: Math.round((simSeconds / wall) * 10) / 10, unit: 'sim s / wall s', note: `${simSeconds} simulated s in ${wall.toFixed(1)} wall s` },
    { key: 'standard.deliveredPerSecond', value: Math.round(delivered / wall), unit: 'msg/s', note: `${delivered} kernel deliveries; ${acked} records acknowledged, ${consumed} consumed` },
    { key: 'standard.peakRssMB', value: Math.round(peakRss / 1048576), unit: 'MB' },
    { key: 'standard.violations', value: sim.world.violations.length, unit: 'count' },
  ];
}

benchExtensions.push(() => kafkaStandardBench());

// UI frame time of the busy scene in headless Chromium (Playwright), and the initial bundle size
benchExtensions.push(async () => (await import('./bench-ui')).uiBench());

/**
 * `npm run bench` — prints the project's performance figures as a table (and `--json` as one JSON object on
 * one stdout line; progress goes to stderr). Figures are measurements, not pass/fail tests.
 * Knobs: BENCH_QUICK=1 (short runs), BENCH_SKIP_UI=1, BENCH_SKIP_SCALING=1 and more in bench-extensions.ts.
 */
import { World } from '../src/sim/kernel/world';
import { pingerSpecs } from '../src/sim/demo/pinger.machine';
import type { NodeSpec } from '../src/sim/kernel/types';
import { benchExtensions, progress, QUICK } from './bench-extensions';
import { zkEnsembleBench } from './bench-zk';

export interface Figure {
  key: string;
  value: number;
  unit: string;
  note?: string;
}

function time<T>(fn: () => T): { ms: number; result: T } {
  const t0 = performance.now();
  const result = fn();
  return { ms: performance.now() - t0, result };
}

/** Ping-pong between 5 nodes: each pings a random peer every 10 ms (±2 ms) of simulated time. */
export function kernelBench(simSeconds = 60): Figure[] {
  const world = new World({ seed: 1, nodes: pingerSpecs(5, { intervalMs: 10, jitterMs: 2 }) as NodeSpec<unknown>[] });
  world.start();
  world.runUntil(1000); // warm-up
  const before = world.network.totals().delivered;
  const t0 = world.now;
  const { ms } = time(() => world.runUntil(t0 + simSeconds * 1000));
  const delivered = world.network.totals().delivered - before;
  return [
    { key: 'kernel.deliveredPerSecond', value: Math.round(delivered / (ms / 1000)), unit: 'msg/s', note: `5-node ping-pong, ${delivered} deliveries` },
    { key: 'kernel.simSecondsPerWallSecond', value: Math.round((simSeconds / (ms / 1000)) * 10) / 10, unit: 'sim s / wall s' },
    { key: 'kernel.eventsPerSecond', value: Math.round((world.trace.seq / (ms / 1000)) | 0), unit: 'trace records/s' },
  ];
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  progress('kernel ping-pong');
  const figures: Figure[] = [...kernelBench(QUICK ? 10 : 60)];
  progress('ZooKeeper ensemble');
  figures.push(...zkEnsembleBench(QUICK ? { simSeconds: 10 } : {}));
  for (const ext of benchExtensions) figures.push(...(await ext()));
  if (json) {
    const out: Record<string, number> = {};
    for (const f of figures) out[f.key] = f.value;
    process.stdout.write(JSON.stringify(out) + '\n');
    return;
  }
  const w = Math.max(...figures.map((f) => f.key.length));
  process.stdout.write(`${'figure'.padEnd(w)}  ${'value'.padStart(12)}  unit\n`);
  for (const f of figures) {
    process.stdout.write(`${f.key.padEnd(w)}  ${String(f.value).padStart(12)}  ${f.unit}${f.note ? `  (${f.note})` : ''}\n`);
  }
}

void main();

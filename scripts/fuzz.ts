/**
 * Swarm simulation testing from the command line.
 *
 *   npm run fuzz                         100 seeds from 1, on all cores
 *   npm run fuzz -- --seeds 5000         5000 seeds (from --start, default 1)
 *   npm run fuzz -- --minutes 10         as many seeds as fit in 10 minutes
 *   npm run fuzz -- --seed 1234          one seed, verbosely, with the determinism check and shrinking
 *   options: --start S  --jobs J (processes, default = cores)  --no-shrink  --json  --determinism-every K
 *            --seed-timeout SEC (a batch seed still running after SEC wall seconds is stopped and reported
 *            as failing with "timeout", so one slow seed — an event storm — cannot stall a large run; default 300)
 *
 * Exit code 1 when any seed failed. Each failure prints the line that reproduces it and a shrunk fault
 * schedule.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { describeAction, runSeed, shrink } from '../src/sim/fuzz/harness';
import type { FuzzResult } from '../src/sim/fuzz/harness';
import { DOMAINS, HARNESS_COVERAGE } from '../src/sim/fuzz/harness';

interface Args {
  seeds: number;
  start: number;
  seed?: number;
  minutes?: number;
  jobs: number;
  shrink: boolean;
  json: boolean;
  determinismEvery: number;
  worker: boolean;
  stride: number;
  offset: number;
  seedTimeoutSec: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { seeds: 100, start: 1, jobs: Math.max(1, os.availableParallelism?.() ?? os.cpus().length), shrink: true, json: false, determinismEvery: 10, worker: false, stride: 1, offset: 0, seedTimeoutSec: 300 };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = (): number => {
      const x = Number(argv[++i]);
      if (!Number.isFinite(x)) throw new Error(`${k} needs a number`);
      return x;
    };
    if (k === '--seeds') a.seeds = v();
    else if (k === '--start') a.start = v();
    else if (k === '--seed') a.seed = v();
    else if (k === '--minutes') a.minutes = v();
    else if (k === '--jobs') a.jobs = Math.max(1, v());
    else if (k === '--no-shrink') a.shrink = false;
    else if (k === '--json') a.json = true;
    else if (k === '--determinism-every') a.determinismEvery = v();
    else if (k === '--worker') a.worker = true;
    else if (k === '--stride') a.stride = v();
    else if (k === '--offset') a.offset = v();
    else if (k === '--seed-timeout') a.seedTimeoutSec = Math.max(1, v());
    else throw new Error(`unknown option ${k}`);
  }
  return a;
}

interface Summary {
  seed: number;
  ok: boolean;
  failures: string[];
  coverage: Record<string, boolean>;
  stats: Record<string, number>;
  hash: string;
  recoveredAfterMs: number;
  servers: number;
  brokers: number;
  ms: number;
}

function summarize(r: FuzzResult, ms: number): Summary {
  return { seed: r.seed, ok: r.ok, failures: r.failures, coverage: r.coverage, stats: r.stats, hash: r.hash, recoveredAfterMs: r.recoveredAfterMs, servers: r.plan.config.zk.servers, brokers: r.plan.config.brokers, ms };
}

function runOne(seed: number, determinism: boolean): Summary {
  const t0 = performance.now();
  const r = runSeed(seed, { checkDeterminism: determinism });
  return summarize(r, performance.now() - t0);
}

function printFailure(s: Summary, doShrink: boolean): void {
  console.log(`\nFAIL seed ${s.seed}`);
  for (const f of s.failures.slice(0, 8)) console.log(`  ${f}`);
  if (s.failures.length > 8) console.log(`  … ${s.failures.length - 8} more`);
  console.log(`  reproduce: npm run fuzz -- --seed ${s.seed}`);
  // a timed-out seed is not re-run here (it would stall the report the same way)
  if (doShrink && !s.failures.some((f) => f.startsWith('timeout'))) {
    const r = runSeed(s.seed);
    if (r.ok) return;
    const sh = shrink(r, 60);
    console.log(`  shrunk fault schedule (${sh.faults.length} of ${r.safetyActions.filter((a) => a.action.type !== 'inject').length} faults, safety phase ${sh.safetyMs / 1000}s, ${sh.replays} replays, still failing with "${sh.failure}"):`);
    for (const a of sh.faults) console.log(`    ${describeAction(a)}`);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.worker) {
    // child process: run seeds start+offset, start+offset+stride, … and print one JSON line each
    const deadline = args.minutes !== undefined ? performance.now() + args.minutes * 60_000 : Infinity;
    for (let i = args.offset; i < args.seeds; i += args.stride) {
      if (performance.now() > deadline) break;
      const seed = args.start + i;
      // the parent's watchdog needs to know which seed is running, and since when
      process.stdout.write(JSON.stringify({ running: seed, index: i }) + '\n');
      const s = runOne(seed, args.determinismEvery > 0 && seed % args.determinismEvery === 0);
      process.stdout.write(JSON.stringify(s) + '\n');
    }
    return;
  }
  if (args.seed !== undefined) {
    const s = runOne(args.seed, true);
    console.log(`seed ${s.seed}: ${s.ok ? 'ok' : 'FAIL'} in ${(s.ms / 1000).toFixed(1)}s (trace ${s.hash}, recovered ${s.recoveredAfterMs}ms after healing)`);
    console.log(`  ${JSON.stringify(s.stats)}`);
    console.log(`  reached: ${Object.entries(s.coverage).filter(([, v]) => v).map(([k]) => k).join(', ') || 'nothing special'}`);
    if (!s.ok) printFailure(s, args.shrink);
    process.exitCode = s.ok ? 0 : 1;
    return;
  }
  const t0 = performance.now();
  const seeds = args.minutes !== undefined && args.seeds === 100 ? 1_000_000 : args.seeds;
  const results: Summary[] = [];
  const script = fileURLToPath(import.meta.url);
  const jobs = Math.min(args.jobs, seeds);
  /** One worker process for stride slot j from seed index `from`; a seed that runs too long is killed and reported. */
  const runWorker = (j: number, from: number): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const childArgs = [script, '--worker', '--seeds', String(seeds), '--start', String(args.start), '--stride', String(jobs), '--offset', String(from), '--determinism-every', String(args.determinismEvery)];
      if (args.minutes !== undefined) childArgs.push('--minutes', String(Math.max(0.01, args.minutes - (performance.now() - t0) / 60_000)));
      const child = spawn(process.execPath, [...process.execArgv, ...childArgs], { stdio: ['ignore', 'pipe', 'inherit'] });
      let buf = '';
      let running: { seed: number; index: number; since: number } | null = null;
      let timedOut = false;
      const watchdog = setInterval(() => {
        if (!running || performance.now() - running.since < args.seedTimeoutSec * 1000) return;
        timedOut = true;
        const s: Summary = {
          seed: running.seed,
          ok: false,
          failures: [`timeout: still running after ${args.seedTimeoutSec} s of wall time (an event storm?); reproduce: npm run fuzz -- --seed ${running.seed}`],
          coverage: {},
          stats: {},
          hash: '',
          recoveredAfterMs: -1,
          servers: 0,
          brokers: 0,
          ms: performance.now() - running.since,
        };
        results.push(s);
        if (!args.json) console.log(`FAIL seed ${s.seed}: ${s.failures[0]}`);
        const next = running.index + jobs;
        running = null;
        child.kill('SIGKILL');
        // carry on with this slot's next seed in a new process
        runWorker(j, next).then(resolve, reject);
      }, 1000);
      child.stdout.on('data', (chunk: Buffer) => {
        buf += chunk.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (!line.startsWith('{')) continue;
          const msg = JSON.parse(line) as Summary | { running: number; index: number };
          if ('running' in msg) {
            running = { seed: msg.running, index: msg.index, since: performance.now() };
            continue;
          }
          running = null;
          const s = msg;
          results.push(s);
          if (!args.json) {
            if (!s.ok) console.log(`FAIL seed ${s.seed}: ${s.failures[0]}`);
            else if (results.length % 50 === 0) console.log(`… ${results.length} seeds, ${results.filter((r) => !r.ok).length} failing, ${((performance.now() - t0) / 1000).toFixed(0)}s`);
          }
        }
      });
      child.on('error', reject);
      child.on('exit', (code) => {
        clearInterval(watchdog);
        if (timedOut) return;
        if (code === 0) resolve();
        else reject(new Error(`worker ${j} exited with ${code}`));
      });
    });
  await Promise.all(Array.from({ length: jobs }, (_, j) => runWorker(j, j)));
  const wall = (performance.now() - t0) / 1000;
  results.sort((a, b) => a.seed - b.seed);
  const failed = results.filter((r) => !r.ok);
  const goals = [...HARNESS_COVERAGE, ...DOMAINS.flatMap((d) => d.coverageGoals)];
  const coverage: Record<string, number> = {};
  for (const g of goals) coverage[g] = results.filter((r) => r.coverage[g]).length;
  const violations = results.reduce((n, r) => n + r.failures.filter((f) => f.startsWith('invariant')).length, 0);
  const simSeconds = results.reduce((n, r) => n + (r.stats['simMs'] ?? 0), 0) / 1000;
  const events = results.reduce((n, r) => n + (r.stats['events'] ?? 0), 0);
  const calls = results.reduce((n, r) => n + (r.stats['calls'] ?? 0), 0);
  const kafkaSeeds = results.filter((r) => (r.brokers ?? 0) > 0);
  const sumK = (k: string): number => kafkaSeeds.reduce((n, r) => n + (r.stats[`kafka.${k}`] ?? 0), 0);
  const kafka = {
    seeds: kafkaSeeds.length,
    failed: kafkaSeeds.filter((r) => !r.ok).length,
    sends: sumK('sends'),
    acked: sumK('acked'),
    lostWrites: sumK('lostWrites'),
    lostExplained: sumK('lostExplained'),
    duplicates: sumK('duplicates'),
    inconsistentOffsets: sumK('inconsistentOffsets'),
    nonmonotonicPolls: sumK('nonmonotonicPolls'),
    pollSkips: sumK('pollSkips'),
    recordsRead: sumK('recordsRead'),
    finalRecords: sumK('finalRecords'),
  };
  const recovered = results.filter((r) => r.recoveredAfterMs >= 0).map((r) => r.recoveredAfterMs).sort((a, b) => a - b);
  const report = {
    seeds: results.length,
    first: results[0]?.seed,
    last: results.at(-1)?.seed,
    failed: failed.length,
    failedSeeds: failed.map((r) => r.seed),
    invariantViolations: violations,
    historyProblems: results.reduce((n, r) => n + r.failures.filter((f) => f.startsWith('history')).length, 0),
    livenessFailures: results.filter((r) => r.failures.some((f) => f.startsWith('liveness'))).length,
    timeouts: results.filter((r) => r.failures.some((f) => f.startsWith('timeout'))).length,
    determinismChecked: results.filter((r) => args.determinismEvery > 0 && r.seed % args.determinismEvery === 0).length,
    determinismFailures: results.filter((r) => r.failures.some((f) => f.startsWith('determinism'))).length,
    coverage,
    kafka,
    wallSeconds: Math.round(wall),
    seedsPerSecond: Math.round((results.length / wall) * 100) / 100,
    jobs,
    simulatedSeconds: Math.round(simSeconds),
    events,
    clientCalls: calls,
    recoveryMsP50: recovered[Math.floor(recovered.length * 0.5)] ?? null,
    recoveryMsP99: recovered[Math.floor(recovered.length * 0.99)] ?? null,
    recoveryMsMax: recovered.at(-1) ?? null,
    slowestSeeds: results
      .slice()
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 3)
      .map((r) => ({ seed: r.seed, seconds: Math.round(r.ms / 100) / 10, servers: r.servers, brokers: r.brokers, calls: r.stats['calls'] ?? 0 })),
  };
  if (args.json) console.log(JSON.stringify(report));
  else {
    console.log(`\n${report.seeds} seeds (${report.first}…${report.last}) in ${report.wallSeconds}s on ${jobs} processes: ${report.failed} failed`);
    console.log(`  simulated ${report.simulatedSeconds}s, ${events} events, ${calls} client calls; recovery after healing p50 ${report.recoveryMsP50}ms p99 ${report.recoveryMsP99}ms max ${report.recoveryMsMax}ms`);
    console.log(`  invariant violations ${violations}, history problems ${report.historyProblems}, liveness failures ${report.livenessFailures}, timeouts ${report.timeouts}, determinism checked on ${report.determinismChecked} seeds (${report.determinismFailures} failures)`);
    console.log(`  ${report.seedsPerSecond} seeds/s; slowest seeds: ${report.slowestSeeds.map((s) => `${s.seed} (${s.seconds}s, ${s.servers} servers, ${s.brokers} brokers, ${s.calls} calls)`).join(', ')}`);
    if (kafka.seeds) {
      console.log(
        `  Kafka: ${kafka.seeds} seeds (${kafka.failed} failed), ${kafka.sends} sends, ${kafka.acked} acknowledged, ${kafka.recordsRead} records read, ${kafka.finalRecords} in the final logs; ` +
          `lost writes ${kafka.lostWrites} (${kafka.lostExplained} explained by the configuration), duplicates ${kafka.duplicates}, inconsistent offsets ${kafka.inconsistentOffsets}, non-monotonic polls ${kafka.nonmonotonicPolls}, poll skips ${kafka.pollSkips}`,
      );
    }
    console.log('  sometimes coverage (seeds that reached it):');
    for (const g of goals) console.log(`    ${String(coverage[g]).padStart(6)}  ${g}${coverage[g] === 0 ? '   <-- never reached' : ''}`);
    for (const f of failed.slice(0, 5)) printFailure(f, args.shrink);
    if (failed.length > 5) console.log(`\n… and ${failed.length - 5} more failing seeds: ${failed.slice(5).map((r) => r.seed).join(' ')}`);
  }
  process.exitCode = failed.length ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = 2;
});

/**
 * Swarm simulation testing (after TigerBeetle's VOPR and FoundationDB's simulation): one seed derives,
 * from its own random stream, the configuration, the workload and the nemesis; a safety phase runs with
 * faults; a liveness phase heals everything and requires recovery within a bounded simulated time. Live
 * invariants are checked after every event (world.violations); history checkers run at the end. A run is
 * fully described by its seed and its recorded action list, so a failure can be replayed, and shrunk by
 * replaying subsets of the fault schedule (delta debugging).
 *
 * Deterministic: no host clock, no host randomness. The only randomness is `Rng.fromSeed(seed, …)`.
 */
import type { Action, TimedAction } from '../actions';
import { makeConfig } from '../config';
import type { SimConfig, SimConfigInput } from '../config';
import { Rng } from '../kernel/rng';
import { Simulation } from '../simulation';
import type { RunRecord } from '../simulation';
import type { DomainRun, FuzzDomain, FuzzEnv, Phase } from './domain';
import { chooseNemesis, healAll, nextFault } from './nemesis';
import type { NemesisParams, Scheduled } from './nemesis';
import { kafkaDomain } from './kafka';
import { zkDomain } from './zk';

/**
 * The domains a seed draws from. The first (ZooKeeper) draws its parameters from the seed's plan stream
 * itself; every later one from its own stream `fuzz:plan:<name>` of the same seed, so that adding a domain
 * does not change the plans (nemesis, ensemble) of seeds that existed before.
 */
export const DOMAINS: FuzzDomain<never>[] = [zkDomain as unknown as FuzzDomain<never>, kafkaDomain as unknown as FuzzDomain<never>];

export const HARNESS_COVERAGE = ['majorities ring applied', 'leader crashed', 'a fault kind was on'] as const;

export interface FuzzOptions {
  /** Simulated ms of the safety phase (default chosen per seed: 20–60 s). */
  safetyMs?: number;
  /** Simulated ms the liveness phase may take to recover (default 120 s). */
  livenessMs?: number;
}

export interface SeedPlan {
  seed: number;
  config: SimConfig;
  nemesis: NemesisParams;
  domains: Array<{ name: string; params: unknown }>;
  tickMs: number;
  safetyMs: number;
  livenessMs: number;
}

export interface FuzzResult {
  seed: number;
  ok: boolean;
  /** One line per failure: `invariant: …`, `history: …`, `liveness: …`, `determinism: …`. */
  failures: string[];
  coverage: Record<string, boolean>;
  stats: Record<string, number>;
  hash: string;
  plan: SeedPlan;
  /** The safety phase's actions (workload + faults), which is what shrinking works on. */
  safetyActions: TimedAction[];
  record: RunRecord;
  /** Simulated ms the liveness phase needed (or -1 when it did not recover). */
  recoveredAfterMs: number;
  /** What the domains kept for inspection (e.g. `zkHistory`, the client history the checkers saw). */
  artifacts: Record<string, unknown>;
}

const LIVENESS_POLL_MS = 250;
const NETWORK_ACTIONS = new Set<Action['type']>(['partition', 'isolate', 'bridge', 'ring', 'cut', 'loss', 'delay', 'dup', 'reorder']);

export function planSeed(seed: number, opts: FuzzOptions = {}): SeedPlan {
  const rng = Rng.fromSeed(seed >>> 0, 'fuzz:plan');
  const domains: SeedPlan['domains'] = [];
  let cfg: SimConfigInput = { seed: seed >>> 0, checkpointEveryMs: 600_000, zk: { servers: 0 }, brokers: 0 };
  for (const [i, d] of DOMAINS.entries()) {
    const params = d.choose(i === 0 ? rng : Rng.fromSeed(seed >>> 0, `fuzz:plan:${d.name}`));
    if (params === null) continue;
    domains.push({ name: d.name, params });
    cfg = { ...cfg, ...d.config(params as never) };
  }
  const nemesis = chooseNemesis(rng);
  const tickMs = [50, 100, 200][rng.int(3)] as number;
  const safetyMs = opts.safetyMs ?? 20_000 + rng.int(41) * 1000;
  return { seed: seed >>> 0, config: makeConfig(cfg), nemesis, domains, tickMs, safetyMs, livenessMs: opts.livenessMs ?? 120_000 };
}

interface Execution {
  sim: Simulation;
  runs: DomainRun[];
  failures: string[];
  coverage: Record<string, boolean>;
  recoveredAfterMs: number;
  safetyActions: TimedAction[];
}

/**
 * Runs one seed. With `replay`, the safety phase applies exactly those actions (instead of generating
 * workload and faults); the liveness phase is always generated (it reacts to the state the run is in).
 */
function execute(plan: SeedPlan, replay?: readonly TimedAction[]): Execution {
  const sim = new Simulation(plan.config);
  const world = sim.world;
  const nm = Rng.fromSeed(plan.seed, 'fuzz:nemesis');
  const coverage: Record<string, boolean> = {};
  for (const g of HARNESS_COVERAGE) coverage[g] = false;
  const servers: string[] = [];
  const clients: string[] = [];
  const runs: DomainRun[] = [];
  for (const d of plan.domains) {
    const domain = DOMAINS.find((x) => x.name === d.name);
    if (!domain) continue;
    const nodes = domain.nodes(d.params as never);
    servers.push(...nodes.servers);
    clients.push(...nodes.clients);
    runs.push(domain.start(sim, d.params as never, Rng.fromSeed(plan.seed, `fuzz:${d.name}`)));
  }
  const prevSink = world.trace.sink;
  const serverSet = new Set(servers);
  world.trace.sink = (rec) => {
    prevSink?.(rec);
    if (rec.kind === 'fault') {
      if (rec.what === 'majorities-ring') coverage['majorities ring applied'] = true;
      if (rec.what === 'crash' && rec.node && serverSet.has(rec.node)) {
        const d = world.describe(rec.node);
        if (d.role === 'LEADING') coverage['leader crashed'] = true;
      }
    }
    for (const r of runs) r.onTrace?.(rec);
  };
  if (plan.nemesis.kinds.length) coverage['a fault kind was on'] = true;
  let phase: Phase = 'safety';
  const env: FuzzEnv = {
    sim,
    get phase() {
      return phase;
    },
    act(action: Action): boolean {
      for (const r of runs) r.beforeAction?.(action);
      const ok = sim.tryAct(action).ok;
      for (const r of runs) r.afterAction?.(action, ok);
      return ok;
    },
  };

  // ---- safety phase
  if (replay) {
    for (const a of replay) {
      if (a.at > plan.safetyMs) break;
      sim.runUntil(a.at);
      env.act(a.action);
    }
    sim.runUntil(plan.safetyMs);
  } else {
    const pending: Scheduled[] = [];
    /** Network faults in force, by fault id (in start order). */
    const active = new Map<number, Action[]>();
    let nextFaultId = 1;
    // faults start after the ensemble had a few seconds to form
    let nextFaultAt = 5000 + Math.round(nm.exponential(plan.nemesis.meanGapMs));
    for (let t = plan.tickMs; t <= plan.safetyMs; t += plan.tickMs) {
      sim.runUntil(t);
      pending.sort((a, b) => a.at - b.at || (a.fault ?? 0) - (b.fault ?? 0));
      while (pending.length && (pending[0] as Scheduled).at <= t) {
        const undo = pending.shift() as Scheduled;
        if (undo.fault !== undefined) active.delete(undo.fault);
        env.act(undo.action);
        // `heal` heals everything: put back the network faults that are still meant to last
        if (undo.action.type === 'heal') for (const acts of active.values()) for (const a of acts) env.act(a);
      }
      while (nextFaultAt <= t) {
        const down = new Set(servers.filter((s) => world.status(s) !== 'up'));
        const f = nextFault(nm, plan.nemesis, t, servers, clients, down);
        const id = nextFaultId++;
        for (const a of f.now) env.act(a);
        if (f.now.some((a) => NETWORK_ACTIONS.has(a.type))) active.set(id, f.now);
        pending.push(...f.later.map((l) => ({ ...l, fault: id })));
        nextFaultAt += Math.max(100, Math.round(nm.exponential(plan.nemesis.meanGapMs)));
      }
      for (const r of runs) r.tick?.(env);
    }
  }
  const safetyActions = sim.timedActions().slice();

  // ---- liveness phase
  phase = 'liveness';
  for (const a of healAll(servers, clients, (id) => world.status(id), (id) => world.skew(id))) env.act(a);
  const start = sim.now;
  let recoveredAfterMs = -1;
  let missing: string[] = [];
  for (let t = start; t <= start + plan.livenessMs; t += LIVENESS_POLL_MS) {
    sim.runUntil(t);
    for (const r of runs) r.recover?.(env);
    missing = runs.flatMap((r) => r.missing(env));
    if (missing.length === 0) {
      recoveredAfterMs = t - start;
      break;
    }
  }
  const failures: string[] = [];
  for (const v of world.violations) failures.push(`invariant ${v.invariant} at ${v.t}ms on ${v.node}: ${v.detail}`);
  if (recoveredAfterMs < 0) failures.push(`liveness: not recovered ${plan.livenessMs / 1000}s after healing: ${missing.slice(0, 6).join('; ')}`);
  return { sim, runs, failures, coverage, recoveredAfterMs, safetyActions };
}

function finishExecution(plan: SeedPlan, ex: Execution): FuzzResult {
  const env: FuzzEnv = { sim: ex.sim, phase: 'liveness', act: (a) => ex.sim.tryAct(a).ok };
  const coverage = { ...ex.coverage };
  const stats: Record<string, number> = {};
  const failures = ex.failures.slice();
  const artifacts: Record<string, unknown> = {};
  for (const r of ex.runs) {
    const f = r.finish(env);
    Object.assign(artifacts, f.artifacts ?? {});
    for (const p of f.problems) failures.push(`history: ${p}`);
    Object.assign(coverage, f.coverage);
    Object.assign(stats, f.stats);
  }
  stats['events'] = ex.sim.world.processed;
  stats['simMs'] = ex.sim.now;
  stats['actions'] = ex.sim.timedActions().length;
  return {
    seed: plan.seed,
    ok: failures.length === 0,
    failures,
    coverage,
    stats,
    hash: ex.sim.traceHash(),
    plan,
    safetyActions: ex.safetyActions,
    record: ex.sim.record(),
    recoveredAfterMs: ex.recoveredAfterMs,
    artifacts,
  };
}

export interface RunSeedOptions extends FuzzOptions {
  /** Also replay the recorded run (Simulation.fromRecord) and require the same trace hash. */
  checkDeterminism?: boolean;
}

/** Runs one seed from scratch. */
export function runSeed(seed: number, opts: RunSeedOptions = {}): FuzzResult {
  const plan = planSeed(seed, opts);
  const res = finishExecution(plan, execute(plan));
  if (opts.checkDeterminism) {
    // same seed + same recorded actions ⇒ same trace, through the ordinary replay path
    const again = Simulation.fromRecord(res.record);
    again.runUntil(res.stats['simMs'] as number);
    if (again.traceHash() !== res.hash) {
      res.failures.push(`determinism: replaying the recorded run gave trace hash ${again.traceHash()}, the run gave ${res.hash}`);
      res.ok = false;
    }
    // and the harness itself: the same seed again gives the same trace
    const twice = finishExecution(plan, execute(plan));
    if (twice.hash !== res.hash) {
      res.failures.push(`determinism: running seed ${seed} twice gave trace hashes ${res.hash} and ${twice.hash}`);
      res.ok = false;
    }
  }
  return res;
}

/** Replays a seed with the given safety-phase actions (a subset of a recorded run). */
export function replaySeed(plan: SeedPlan, actions: readonly TimedAction[]): FuzzResult {
  return finishExecution(plan, execute(plan, actions));
}

/** The kind of a failure line, for "does the shrunk run still fail the same way". */
export function failureKind(line: string): string {
  const m = /^(invariant \S+|history: [a-z ]+|liveness|determinism)/.exec(line);
  return m ? (m[1] as string).replace(/ of$/, '') : line.slice(0, 30);
}

function isFault(a: TimedAction): boolean {
  return a.action.type !== 'inject';
}

/**
 * Zeller's delta debugging (ddmin): a smaller list for which `fails` still holds, removing chunks of
 * halving size. `more()` says whether the caller's budget allows another test.
 */
export function ddmin<T>(items: readonly T[], fails: (subset: T[]) => boolean, more: () => boolean = () => true): T[] {
  let cur = items.slice();
  let n = 2;
  while (cur.length >= 1 && more()) {
    const size = Math.ceil(cur.length / n);
    let reduced = false;
    for (let i = 0; i < cur.length && more(); i += size) {
      const complement = [...cur.slice(0, i), ...cur.slice(i + size)];
      if (fails(complement)) {
        cur = complement;
        n = Math.max(n - 1, 2);
        reduced = true;
        break;
      }
    }
    if (!reduced) {
      if (size <= 1) break;
      n = Math.min(cur.length, n * 2);
    }
  }
  return cur;
}

export interface ShrinkResult {
  /** The fault actions still needed (the workload is kept as it was). */
  faults: TimedAction[];
  /** The safety phase can end here and still fail. */
  safetyMs: number;
  replays: number;
  failure: string;
}

/**
 * Delta debugging (ddmin) on the fault schedule: drop chunks of fault actions while the replay still fails
 * with the same kind of failure, then shorten the safety phase. Budgeted by number of replays.
 */
export function shrink(res: FuzzResult, maxReplays = 60): ShrinkResult {
  const kind = failureKind(res.failures[0] ?? '');
  let replays = 0;
  const stillFails = (faults: TimedAction[], safetyMs: number): boolean => {
    if (replays >= maxReplays) return false;
    replays++;
    const plan = { ...res.plan, safetyMs };
    const keep = new Set(faults);
    const acts = res.safetyActions.filter((a) => a.at <= safetyMs && (!isFault(a) || keep.has(a)));
    const r = replaySeed(plan, acts);
    return r.failures.some((f) => failureKind(f) === kind);
  };
  const faults = ddmin(res.safetyActions.filter(isFault), (subset) => stillFails(subset, res.plan.safetyMs), () => replays < maxReplays);
  // shorten: the earliest end (in whole seconds, by bisection) that still fails
  let lo = Math.ceil((faults.at(-1)?.at ?? 0) / 1000) * 1000;
  let hi = res.plan.safetyMs;
  while (hi - lo > 1000 && replays < maxReplays) {
    const mid = Math.round((lo + hi) / 2000) * 1000;
    if (mid >= hi || mid <= lo) break;
    if (stillFails(faults, mid)) hi = mid;
    else lo = mid;
  }
  return { faults, safetyMs: hi, replays, failure: kind };
}

export function describeAction(a: TimedAction): string {
  return `t=${(a.at / 1000).toFixed(3)}s ${JSON.stringify(a.action)}`;
}

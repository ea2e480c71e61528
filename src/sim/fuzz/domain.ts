/**
 * The extension point of the swarm harness: a *domain* (ZooKeeper today, Kafka next) contributes its part
 * of a seed's configuration, its client workload, what "recovered" means in the liveness phase, its
 * end-of-run history checkers and its "sometimes" coverage goals. The harness (harness.ts) owns the seed,
 * the nemesis (faults), the phases, determinism and shrinking, and knows nothing about any domain.
 */
import type { Action } from '../actions';
import type { SimConfigInput } from '../config';
import type { Rng } from '../kernel/rng';
import type { TraceRecord } from '../kernel/trace';
import type { Json } from '../kernel/types';
import type { Simulation } from '../simulation';

export type Phase = 'safety' | 'liveness';

/** What a domain's run sees of the harness. */
export interface FuzzEnv {
  sim: Simulation;
  phase: Phase;
  /** Applies (and records) an action now; false if it was refused. */
  act(action: Action): boolean;
}

/** One domain's part of one run. Observers run in every mode (generate, replay, shrink). */
export interface DomainRun {
  /** Around every action the harness applies (generated or replayed): e.g. to log client calls. */
  beforeAction?(action: Action): void;
  afterAction?(action: Action, ok: boolean): void;
  /** Called for every trace record (keep it cheap). */
  onTrace?(rec: TraceRecord): void;
  /** Generate mode only, every harness tick of the safety phase: issue workload through `env.act`. */
  tick?(env: FuzzEnv): void;
  /** Liveness phase, every poll: reactive recovery steps a real operator / application would take (e.g. open a new session after expiry). Recorded. */
  recover?(env: FuzzEnv): void;
  /** Liveness phase: what is still not recovered (empty = recovered). */
  missing(env: FuzzEnv): string[];
  /** End of run: history-checker problems, coverage and figures. */
  finish(env: FuzzEnv): { problems: string[]; coverage: Record<string, boolean>; stats: Record<string, number>; artifacts?: Record<string, unknown> };
}

export interface FuzzDomain<P extends Json = Json> {
  name: string;
  /** The names of this domain's "sometimes" goals (for the coverage table, even when never reached). */
  coverageGoals: readonly string[];
  /** Chooses this domain's swarm parameters from the seed's stream, or null when this seed leaves the domain out. */
  choose(rng: Rng): P | null;
  /** This domain's part of the SimConfig. */
  config(params: P): Partial<SimConfigInput>;
  /** Server node ids the nemesis may fault, client node ids it may partition. */
  nodes(params: P): { servers: string[]; clients: string[] };
  start(sim: Simulation, params: P, rng: Rng): DomainRun;
}

/**
 * Plays a lesson on a real Simulation: applies each step's actions and console lines at their offsets,
 * runs simulated time until the step's wait condition holds, and checks the step's claims. The lesson
 * player in the UI and the headless tests use the same code, so what the tests prove is what students see.
 *
 * Deterministic: the same lesson always produces the same run.
 */
import '../console/register';
import type { Console, ConsoleLine } from '../console/interpreter';
import { createConsole } from '../console/interpreter';
import { ActionError } from '../sim/actions';
import type { SimConfigInput } from '../sim/config';
import { Simulation } from '../sim/simulation';
import type { RunRecord } from '../sim/simulation';
import type { ClientOutput, L10n, Lesson, LessonCtx, Predicate, Scenario, ScenarioSetup, Step, StepAction } from './types';

export interface ActionOutcome {
  at: number;
  /** The console line, or what the kernel action did ("zk2 crashed"). */
  what: string;
  /** Whether this was a console line (else a kernel action). */
  console?: boolean;
  ok: boolean;
  lines: ConsoleLine[];
  error?: string;
}

export interface StepResult {
  stepId: string;
  startedAt: number;
  endedAt: number;
  actions: ActionOutcome[];
  /** undefined when the step has no waitFor. */
  waitReached?: boolean;
  /** Simulated ms the wait took. */
  waitedMs?: number;
  claims: Array<{ label: L10n; ok: boolean }>;
  output: ConsoleLine[];
}

/** Console output that means the command itself was rejected (not a ZooKeeper error the lesson may want). */
export function isConsoleFailure(line: ConsoleLine): boolean {
  return line.stream === 'err' && /^(error:|usage:)/.test(line.text);
}

export function simConfigOf(setup: ScenarioSetup): SimConfigInput {
  return { ...setup.config, seed: setup.seed };
}

function sortActions(actions: readonly StepAction[]): StepAction[] {
  // stable sort by offset
  return actions
    .map((a, i) => ({ a, i }))
    .sort((x, y) => x.a.at - y.a.at || x.i - y.i)
    .map((x) => x.a);
}

export class LessonRunner {
  readonly sim: Simulation;
  readonly console: Console;
  readonly allOutput: ConsoleLine[] = [];
  private stepOutput: ConsoleLine[] = [];
  /** Lines drained from the console while checking predicates, not yet shown to the student (see takeUnshown). */
  private unshown: ConsoleLine[] = [];
  private stepStart = 0;
  readonly clientOutputs: Record<string, ClientOutput[]> = {};
  /** Index of the next step to run. */
  next = 0;

  constructor(readonly lesson: Pick<Lesson, 'scenario' | 'steps'>) {
    this.sim = new Simulation(simConfigOf(lesson.scenario));
    const world = this.sim.world;
    for (const id of world.nodeIds()) {
      if (world.spec(id).kind !== 'zk-client') continue;
      const outs: ClientOutput[] = [];
      this.clientOutputs[id] = outs;
      world.onOutput(`zk:${id}`, (v) => {
        if (v && typeof v === 'object' && !Array.isArray(v)) outs.push({ ...(v as object), at: world.now } as ClientOutput);
      });
    }
    this.console = createConsole(this.sim);
    this.drainConsole();
  }

  private collect(lines: readonly ConsoleLine[]): void {
    this.stepOutput.push(...lines);
    this.allOutput.push(...lines);
  }

  /** Output that arrived while no command ran: it counts for predicates and waits to be shown. */
  private drainConsole(): void {
    const drained = this.console.drain();
    this.unshown.push(...drained);
    this.collect(drained);
  }

  /** The context predicates see right now. */
  ctx(): LessonCtx {
    this.drainConsole();
    return {
      sim: this.sim,
      world: this.sim.world,
      output: this.stepOutput,
      allOutput: this.allOutput,
      stepStart: this.stepStart,
      clientOutputs: this.clientOutputs,
    };
  }

  holds(p: Predicate): boolean {
    return p(this.ctx());
  }

  /** Runs simulated time until `until` holds or `withinMs` pass. Returns whether it held. */
  runUntilHolds(until: Predicate, withinMs: number): boolean {
    const deadline = this.sim.now + withinMs;
    for (;;) {
      if (this.holds(until)) return true;
      if (this.sim.now >= deadline) return false;
      const next = this.sim.world.nextEventTime();
      if (next === undefined || next > deadline) {
        this.sim.runUntil(deadline);
        return this.holds(until);
      }
      this.sim.step();
    }
  }

  runFor(ms: number): void {
    this.sim.runUntil(this.sim.now + ms);
    this.drainConsole();
  }

  /** Applies one action or console line now. */
  apply(a: StepAction): ActionOutcome {
    const at = this.sim.now;
    if ('console' in a) {
      const r = this.console.exec(a.console);
      const lines = [...this.console.drain(), ...r.lines];
      this.collect(lines);
      const bad = lines.find(isConsoleFailure);
      return { at, what: a.console, console: true, ok: !bad, lines, ...(bad ? { error: bad.text } : {}) };
    }
    try {
      const msg = this.sim.act(a.action);
      return { at, what: msg, ok: true, lines: [] };
    } catch (e) {
      if (e instanceof ActionError) return { at, what: a.action.type, ok: false, lines: [], error: e.message };
      throw e;
    }
  }

  /** Applies timed actions relative to `start` (an action whose time has passed runs at once). */
  applyTimed(actions: readonly StepAction[], start: number): ActionOutcome[] {
    const out: ActionOutcome[] = [];
    for (const a of sortActions(actions)) {
      const t = start + a.at;
      if (t > this.sim.now) this.sim.runUntil(t);
      this.drainConsole();
      out.push(this.apply(a));
    }
    return out;
  }

  /**
   * The student's own console line (the lesson player's console): its output counts for the step's
   * predicates, like the lines a step applies. Returns what to show (including output that arrived earlier).
   */
  exec(line: string): { lines: ConsoleLine[]; quit?: boolean } {
    const r = this.console.exec(line);
    this.collect(r.lines);
    const lines = this.takeUnshown().concat(r.lines);
    return r.quit ? { lines, quit: true } : { lines };
  }

  /** Console output drained by predicate checks since the last call (so a UI can still print it). */
  takeUnshown(): ConsoleLine[] {
    const out = this.unshown;
    this.unshown = [];
    return out;
  }

  /** Runs step `i` (its actions, runFor, waitFor) and checks its claims. For a try step it does NOT solve the task. */
  runStep(i = this.next): StepResult {
    const step = this.lesson.steps[i] as Step;
    this.stepStart = this.sim.now;
    this.stepOutput = [];
    const startedAt = this.sim.now;
    const actions = this.applyTimed(step.actions ?? [], startedAt);
    if (step.runFor !== undefined && startedAt + step.runFor > this.sim.now) this.sim.runUntil(startedAt + step.runFor);
    this.drainConsole();
    let waitReached: boolean | undefined;
    let waitedMs: number | undefined;
    if (step.waitFor) {
      const t0 = this.sim.now;
      waitReached = this.runUntilHolds(step.waitFor.until, step.waitFor.withinMs);
      waitedMs = this.sim.now - t0;
    }
    this.next = i + 1;
    return {
      stepId: step.id,
      startedAt,
      endedAt: this.sim.now,
      actions,
      ...(waitReached !== undefined ? { waitReached, waitedMs: waitedMs as number } : {}),
      claims: this.checkClaims(step),
      output: this.stepOutput.slice(),
    };
  }

  checkClaims(step: Step): Array<{ label: L10n; ok: boolean }> {
    return (step.claims ?? []).map((c) => ({ label: c.label, ok: this.holds(c.holds) }));
  }

  /** For a try step: has the student done it? */
  tried(i: number): boolean {
    const step = this.lesson.steps[i];
    return !!step && step.kind === 'try' && this.holds(step.success);
  }

  /** Applies a try step's solution ("show me") and runs until success; then re-checks the claims. */
  solve(i: number): { ok: boolean; actions: ActionOutcome[]; claims: Array<{ label: L10n; ok: boolean }> } {
    const step = this.lesson.steps[i];
    if (!step || step.kind !== 'try') throw new Error(`step ${i} is not a try step`);
    const solution = typeof step.solution === 'function' ? step.solution(this.ctx()) : step.solution;
    const actions = this.applyTimed(solution, this.sim.now);
    const ok = this.runUntilHolds(step.success, step.withinMs);
    return { ok, actions, claims: this.checkClaims(step) };
  }
}

/**
 * Plays a free-play scenario once, applying each action at its instant, and returns the exact run record
 * (every action with the number of events handled before it). Throws ActionError for an action that cannot
 * apply (e.g. an unknown node).
 */
export function recordScenario(s: Pick<Scenario, 'config' | 'seed' | 'actions'>): RunRecord {
  const sim = new Simulation(simConfigOf({ config: s.config, seed: s.seed }));
  const sorted = s.actions
    .map((a, i) => ({ a, i }))
    .sort((x, y) => x.a.at - y.a.at || x.i - y.i)
    .map(({ a }) => a);
  for (const a of sorted) {
    if (a.at > sim.now) sim.runUntil(a.at);
    sim.act(a.action);
  }
  return sim.record();
}

/**
 * A Simulation at t = 0 for a free-play scenario, with its actions recorded so that they apply at their
 * instants as the run plays (and again, identically, after seeking back).
 */
export function loadScenario(s: Pick<Scenario, 'config' | 'seed' | 'actions'>): Simulation {
  const rec = recordScenario(s);
  return new Simulation(rec.config, rec.actions);
}

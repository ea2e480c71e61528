/**
 * Guided lessons, quiz questions and free-play scenarios as typed data. Everything a lesson claims about the
 * simulation is written down as a predicate next to its narration, so the tests (and the lesson player)
 * can check that the narrated thing really happens.
 *
 * Only plain data and pure functions live here: no React, no Math.random, no Date.
 */
import type { Action } from '../sim/actions';
import type { SimConfigInput } from '../sim/config';
import type { World } from '../sim/kernel/world';
import type { Simulation } from '../sim/simulation';
import type { ConsoleLine } from '../console/interpreter';

/** Every user-visible text exists in Korean and English. */
export interface L10n {
  ko: string;
  en: string;
}

export type Level = 'intro' | 'basic' | 'intermediate' | 'advanced';

/** What a lesson or scenario needs besides the ZooKeeper ensemble. */
export type Requirement = 'kafka';

/** The views a lesson can point at (the UI maps these ids to its panels). */
export type ViewId =
  | 'cluster' // nodes and messages in flight
  | 'messages' // the message / Lamport view
  | 'tree' // the znode tree of one server
  | 'console' // console output
  | 'events' // event log
  | 'quorum' // the quorum-math explorer
  | 'partitions' // Kafka: partitions, leaders, ISR
  | 'log' // Kafka: a replica's log, segments, HW / LEO
  | 'groups'; // Kafka: consumer groups and assignments

export interface Highlight {
  view: ViewId;
  /** Node ids (zk1, client1, broker2 …). */
  nodes?: string[];
  /** Directed links [from, to]. */
  links?: Array<[string, string]>;
  /** Znode paths. */
  znodes?: string[];
  /** Kafka topic-partitions like `orders-0`. */
  partitions?: string[];
}

/** One thing to do at `at` ms after the step starts: a kernel action or a console line. */
export type StepAction = { at: number; action: Action } | { at: number; console: string };

/** What a ZooKeeper client node printed on its output channel: a call's reply or a watch / session event. */
export interface ClientOutput {
  at: number;
  reqId?: number;
  rc?: string;
  path?: string;
  data?: string | null;
  children?: string[];
  event?: { state: string; type: string; path: string | null };
}

/** What a predicate may look at. Pure: predicates must not change the simulation. */
export interface LessonCtx {
  sim: Simulation;
  world: World;
  /** Console output produced by this step's console lines (and the try-it attempts). */
  output: readonly ConsoleLine[];
  /** Every console line printed since the lesson started. */
  allOutput: readonly ConsoleLine[];
  /** Simulated time when the step started. */
  stepStart: number;
  /** Replies and events of each ZooKeeper client (client1 …) since the lesson started. */
  clientOutputs: Readonly<Record<string, readonly ClientOutput[]>>;
}

export type Predicate = (ctx: LessonCtx) => boolean;

export interface WaitFor {
  /** Short description of what we wait for ("a leader is serving"). */
  label: L10n;
  until: Predicate;
  /** Give up after this many simulated ms from the end of the step's actions. */
  withinMs: number;
}

/** A claim the narration makes, checked after the step ran (the tests assert every one). */
export interface Claim {
  label: L10n;
  holds: Predicate;
}

interface StepBase {
  id: string;
  narration: L10n;
  highlight?: Highlight[];
  /** Applied in order of `at` when the step starts. */
  actions?: StepAction[];
  /** Run until this many ms after the step started (after the actions). */
  runFor?: number;
  waitFor?: WaitFor;
  claims?: Claim[];
}

export interface NarrateStep extends StepBase {
  kind: 'narrate';
}

/** The student acts; `success` detects it. `solution` is the intended action (used by "show me" and the tests). */
export interface TryStep extends StepBase {
  kind: 'try';
  task: L10n;
  hint?: L10n;
  success: Predicate;
  /**
   * Console lines or actions that solve the task; a function when the right target depends on the run
   * (e.g. "crash whichever broker is the controller"). Pure: it only reads the context.
   */
  solution: StepAction[] | ((ctx: LessonCtx) => StepAction[]);
  /** Simulated time the solution may need after it was applied before `success` holds. */
  withinMs: number;
}

export type Step = NarrateStep | TryStep;

export interface Choice {
  id: string;
  text: L10n;
  /** Shown after the student picks this choice. */
  feedback: L10n;
}

export interface Question {
  id: string;
  prompt: L10n;
  choices: Choice[];
  /** Ids of the correct choices (several means "pick all that apply"). */
  correct: string[];
}

/** A run configuration without its seed (the seed is given next to it). */
export type ConfigInput = Omit<SimConfigInput, 'seed'>;

export interface ScenarioSetup {
  config: ConfigInput;
  seed: number;
}

export interface Lesson {
  id: string;
  title: L10n;
  summary: L10n;
  level: Level;
  requires?: Requirement;
  scenario: ScenarioSetup;
  steps: Step[];
  quiz: Question[];
}

/** A free-play scenario: a configuration, a seed and timed actions, loadable with one click. */
export interface Scenario {
  id: string;
  title: L10n;
  description: L10n;
  /** What to watch for, and what it teaches. */
  expect: L10n;
  requires?: Requirement;
  config: ConfigInput;
  seed: number;
  /** Applied at their simulated instants (ms from the start). */
  actions: Array<{ at: number; action: Action }>;
  /** Run at least this long to see the point (ms). */
  durationMs: number;
  highlight?: Highlight[];
}

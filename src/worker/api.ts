/**
 * The typed contract between the UI thread and the simulation worker. The UI imports only these types
 * (erased at build time), so no protocol code ever runs on the UI thread: every call is a Comlink round
 * trip that returns plain data, and per frame only the compact `SimView` crosses the thread boundary.
 */
import type { Action, TimedAction } from '../sim/actions';
import type { SimConfigInput } from '../sim/config';
import type { RunRecord, SimView } from '../sim/simulation';
import type { TraceKind, TraceRecord } from '../sim/kernel/trace';
import type { ConsoleLine } from '../console/interpreter';
import type { ArrowView, FaultBand, ZkDomainView, ZnodeTreeView } from '../sim/views/types';
import type { KafkaView } from '../sim/views/kafka';
import type { Highlight, L10n, Level, Question, Requirement } from '../lessons/types';
export type { Highlight, L10n, Level, Question, Requirement };
export type { KafkaView, PartitionRowView, ReplicaCellView } from '../sim/views/kafka';
import type { GroupView, ReplicaFilesView } from '../sim/views/kafkaGroups';
export type { GroupView, GroupMemberView, GroupPartitionView, ReplicaFilesView, SegmentFileView } from '../sim/views/kafkaGroups';

import type { FrameUpdate, KafkaUpdate } from './frameDelta';
export type { FrameDelta, FrameUpdate, KafkaDelta, KafkaUpdate, NumberedKafkaView } from './frameDelta';

export type { Action, TimedAction, SimConfigInput, RunRecord, SimView, TraceKind, TraceRecord, ConsoleLine };
export type { NodeView, MessageView } from '../sim/simulation';
export type * from '../sim/views/types';

/** What the worker sends each frame: the kernel's SimView plus the domain view models (no trees: see `tree`). */
export interface FrameView extends SimView {
  /** ZooKeeper election / proposals / quorum (null when the run has no ensemble). */
  zk: ZkDomainView | null;
  /** Fault intervals of the recorded run (including actions after `now` when seeked back). */
  bands: FaultBand[];
  /** When the next queued event is due (null when nothing is queued): the smart speed skips idle time to it. */
  nextEventAt: number | null;
  /** Sides of the network among the servers (one group when nothing is partitioned). */
  islands: string[][];
  /** Links with their own loss / delay (set on one link, not network-wide). */
  links: Array<{ from: string; to: string; lossPct: number; delayMs: number }>;
  /** The worker numbers every view it sends, so a later frame can be sent as a delta against it (frameDelta.ts). */
  frame?: number;
}

/** The result of a user action (node menu, buttons). */
export interface ActResult {
  ok: boolean;
  /** What happened, e.g. "zk2 crashed" (when ok). */
  message?: string;
  /** Why the action was refused (when not ok). */
  error?: string;
  view: FrameView;
}

/** The result of one console line. */
export interface CommandResult {
  lines: ConsoleLine[];
  quit?: boolean;
  view: FrameView;
}

/** A line for the console panel: what was typed (`in`), its output, or a note (`info`). */
export interface ShownLine {
  stream: 'in' | 'out' | 'err' | 'info';
  text: string;
}

/** Loading a run (file, link, autosave, scenario): the first view, or why it could not be loaded. */
export type LoadResult = { ok: true; view: FrameView } | { ok: false; error: string };

export interface StepInfo {
  id: string;
  kind: 'narrate' | 'try';
  narration: L10n;
  highlight?: Highlight[];
  /** What the step waits for ("a leader is serving"). */
  waitLabel?: L10n;
  /** Try steps: what the student should do, and a hint. */
  task?: L10n;
  hint?: L10n;
}

/** A lesson as the player shows it (the predicates stay in the worker). */
export interface LessonInfo {
  id: string;
  title: L10n;
  summary: L10n;
  level: Level;
  requires?: Requirement;
  steps: StepInfo[];
  quiz: Question[];
}

export type LessonStart = ({ ok: true; lesson: LessonInfo; view: FrameView; config: SimConfigInput; lines: ShownLine[] }) | { ok: false; error: string };

/** What running a lesson step (or its "show me") did. */
export interface LessonOutcome {
  index: number;
  /** The simulated interval the step ran: the player replays it at a watchable speed. */
  startedAt: number;
  endedAt: number;
  waitReached?: boolean;
  /** The narration's claims, checked on the run. */
  claims: Array<{ label: L10n; ok: boolean }>;
  lines: ShownLine[];
  /** Narrate steps: true. Try steps: whether the task is done. */
  done: boolean;
  view: FrameView;
}

export interface ScenarioInfo {
  id: string;
  title: L10n;
  description: L10n;
  expect: L10n;
  requires?: Requirement;
  durationMs: number;
  seed: number;
  servers: number;
  brokers: number;
  highlight?: Highlight[];
}

/** One thing wrong with a configuration: `path` like "zk.tickTime", and the validator's message. */
export interface ConfigIssue {
  path: string;
  message: string;
}

export interface SimApi {
  /** Starts a new run (replacing the current one) and returns its first view. Rejects on an invalid config. */
  init(config: SimConfigInput, actions?: TimedAction[]): FrameView;
  /** What is wrong with a configuration (empty when a run can start with it): the field's path and why. */
  checkConfig(config: unknown): ConfigIssue[];
  /**
   * Runs to simulated time t (ms). Asking for a time in the past does nothing. With `budgetMs` (the play
   * loop passes one) it stops early, at a chunk boundary, once that much wall time is spent, so a frame
   * never blocks for long: the view's `now` then tells how far it got. With `have` (the number of the frame
   * the UI has drawn) the answer is a delta against it when the worker still has that frame as its baseline.
   */
  advanceTo(t: number, budgetMs?: number, have?: number): FrameUpdate;
  /** Handles exactly one event. */
  step(): FrameView;
  /** Goes to simulated time t, backwards through checkpoints if needed. */
  seek(t: number): FrameView;
  act(action: Action): ActResult;
  command(line: string): CommandResult;
  /** Command names the console knows, for completion. */
  commands(): string[];
  view(): FrameView;
  /** One server's znode tree now (null when it is down or not a ZooKeeper server). */
  tree(server: string): ZnodeTreeView | null;
  /** Arrows for the space-time diagram: messages sent at or after `fromT` still known to the trace. */
  arrows(fromT: number): ArrowView[];
  /** The Kafka partitions × replicas grid now (null when the run has no brokers). */
  kafka(): KafkaView | null;
  /** The same grid numbered, and with `have` (the number of the grid the UI shows) only the rows that changed. */
  kafkaUpdate(have?: number): KafkaUpdate;
  /** The consumer groups as their coordinators know them (members, assignment, committed offsets, lag). */
  kafkaGroups(): GroupView[];
  /** One replica's segment files (`tp` like `orders-0`; read from disk when the broker is down), or null. */
  replicaFiles(node: string, tp: string): ReplicaFilesView | null;
  /** The payload of a message in flight, as JSON text (null when it has arrived). */
  payload(id: number): string | null;
  /** Trace records after `afterSeq` (the newest `limit` of them), optionally only those of some kinds. */
  traceSince(afterSeq: number, limit?: number, kinds?: TraceKind[]): TraceRecord[];
  traceHash(): string;
  record(): RunRecord;

  /** The run as a versioned JSON file. */
  exportRun(): string;
  /** The run packed for a link (`#run=…`). */
  shareParam(): string;
  /** Loads a run file (validated; the current run is kept when it is refused), then runs to `until` (default: its last action). */
  importRun(text: string, until?: number): LoadResult;
  /** Loads the run of a shared link's parameter (validated like a file). */
  loadUrlParam(param: string, until?: number): LoadResult;
  /** Loads a run record (e.g. the autosave), validated like a file. */
  loadRecord(record: RunRecord, until?: number): LoadResult;

  scenarios(): ScenarioInfo[];
  /** Replaces the run with a scenario at t = 0, its actions scheduled at their instants. */
  loadScenario(id: string): LoadResult;

  lessons(): LessonInfo[];
  /** Replaces the run with the lesson's world; the console drives the lesson's run too. */
  lessonStart(id: string): LessonStart;
  /** Runs step `index` (its actions, then until its wait holds), after catching up with the previous step. */
  lessonRunStep(index: number): LessonOutcome;
  /** Try steps: has the student done it yet? (Also returns console output that arrived meanwhile.) */
  lessonCheck(): { done: boolean; lines: ShownLine[]; claims?: Array<{ label: L10n; ok: boolean }> };
  /** Try steps: applies the intended solution ("show me"). */
  lessonSolve(): LessonOutcome;
  /** Leaves the lesson; the run and console stay. */
  lessonEnd(): void;
}

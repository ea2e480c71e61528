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

export type { Action, TimedAction, SimConfigInput, RunRecord, SimView, TraceKind, TraceRecord, ConsoleLine };
export type { NodeView, MessageView } from '../sim/simulation';

/** The result of a user action (node menu, buttons). */
export interface ActResult {
  ok: boolean;
  /** What happened, e.g. "zk2 crashed" (when ok). */
  message?: string;
  /** Why the action was refused (when not ok). */
  error?: string;
  view: SimView;
}

/** The result of one console line. */
export interface CommandResult {
  lines: ConsoleLine[];
  quit?: boolean;
  view: SimView;
}

export interface SimApi {
  /** Starts a new run (replacing the current one) and returns its first view. Rejects on an invalid config. */
  init(config: SimConfigInput, actions?: TimedAction[]): SimView;
  /**
   * Runs to simulated time t (ms). Asking for a time in the past does nothing. With `budgetMs` (the play
   * loop passes one) it stops early, at a chunk boundary, once that much wall time is spent, so a frame
   * never blocks for long: the view's `now` then tells how far it got.
   */
  advanceTo(t: number, budgetMs?: number): SimView;
  /** Handles exactly one event. */
  step(): SimView;
  /** Goes to simulated time t, backwards through checkpoints if needed. */
  seek(t: number): SimView;
  act(action: Action): ActResult;
  command(line: string): CommandResult;
  /** Command names the console knows, for completion. */
  commands(): string[];
  view(): SimView;
  /** Trace records after `afterSeq` (the newest `limit` of them), optionally only those of some kinds. */
  traceSince(afterSeq: number, limit?: number, kinds?: TraceKind[]): TraceRecord[];
  traceHash(): string;
  record(): RunRecord;
}

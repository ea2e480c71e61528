/**
 * A run: seed + configuration + the timed list of user actions, played on a World, with whole-world
 * checkpoints every few simulated seconds. Seeking back restores the nearest checkpoint and re-runs
 * (re-applying the recorded actions); acting in the past forks the run: the recorded future is discarded.
 * Runs the same in the browser worker and in Node.
 */
import { makeConfig } from './config';
import type { SimConfig, SimConfigInput } from './config';
import { ActionError, applyAction, validateAction } from './actions';
import type { Action, TimedAction } from './actions';
import { World } from './kernel/world';
import type { InFlight, Violation, WorldCheckpoint } from './kernel/world';
import type { TraceRecord } from './kernel/trace';
import type { Json, LinkCounters, NodeDescription, NodeRole, NodeStatus } from './kernel/types';
import { buildNodeSpecs, setUpWorld } from './topology';

export interface Checkpoint {
  at: number;
  processed: number;
  /** How many recorded actions had been applied. */
  applied: number;
  world: WorldCheckpoint;
}

/** Everything needed to reproduce a run exactly. */
export interface RunRecord {
  config: SimConfig;
  actions: TimedAction[];
}

export interface NodeView {
  id: string;
  kind: string;
  role: NodeRole;
  status: NodeStatus;
  since: number;
  skew: number;
  incarnation: number;
  description: NodeDescription;
}

export interface MessageView {
  id: number;
  from: string;
  to: string;
  type: string;
  sentAt: number;
  deliverAt: number;
  lost: boolean;
  dup: boolean;
}

/** The compact per-frame picture of a run that views draw. Plain data, cheap to post between threads. */
export interface SimView {
  now: number;
  horizon: number;
  seed: number;
  processed: number;
  hash: string;
  nodes: NodeView[];
  messages: MessageView[];
  blocked: Array<[string, string]>;
  link: { lossPct: number; delayMs: number; jitterMs: number; dupPct: number; fifo: boolean };
  totals: LinkCounters;
  violations: Violation[];
  checkpoints: number[];
  actions: Array<{ at: number; label: string }>;
  traceSeq: number;
}

export const MAX_MESSAGES_IN_VIEW = 2000;
/** Checkpoints closer than this (simulated ms) to the newest one are all kept. */
const DENSE_CHECKPOINT_WINDOW_MS = 60_000;
/** Older checkpoints are kept one per this many simulated ms. */
const SPARSE_CHECKPOINT_EVERY_MS = 60_000;

export class Simulation {
  readonly config: SimConfig;
  world: World;
  private actions: TimedAction[] = [];
  private applied = 0;
  private checkpoints: Checkpoint[] = [];
  /** The latest simulated instant this run has reached. */
  horizon = 0;
  /** The most events this timeline has handled: below it, the world is re-running known history. */
  private maxProcessed = 0;
  /** True while an event is being handled (the world has already counted it in `processed`). */
  private inEvent = false;

  constructor(config: SimConfigInput | SimConfig, actions: TimedAction[] = []) {
    this.config = makeConfig(config);
    this.world = Simulation.newWorld(this.config);
    this.world.start();
    this.actions = actions.slice();
    this.takeCheckpoint();
  }

  static newWorld(config: SimConfig): World {
    const world = new World({
      seed: config.seed,
      nodes: buildNodeSpecs(config),
      network: { latency: { kind: 'normal', meanMs: config.network.meanMs, sdMs: config.network.sdMs, minMs: Math.min(0.3, config.network.meanMs) } },
    });
    setUpWorld(world, config);
    return world;
  }

  /** Replays a recorded run up to its last action (or to `until`). */
  static fromRecord(record: RunRecord, until?: number): Simulation {
    const sim = new Simulation(record.config, record.actions);
    const last = record.actions.at(-1)?.at ?? 0;
    sim.runUntil(until ?? last);
    return sim;
  }

  get now(): number {
    return this.world.now;
  }

  record(): RunRecord {
    return { config: this.config, actions: this.actions.slice() };
  }

  /** Recorded actions (including those ahead of `now` after a seek back). */
  timedActions(): readonly TimedAction[] {
    return this.actions;
  }

  traceHash(): string {
    return this.world.trace.hashHex();
  }

  // ---- running ---------------------------------------------------------------------------------

  private nextCheckpointAt(): number {
    const every = this.config.checkpointEveryMs;
    return (Math.floor(this.now / every) + 1) * every;
  }

  private takeCheckpoint(): void {
    const w = this.world;
    if (this.checkpoints.some((c) => c.at === w.now && c.processed === w.processed)) return;
    const cp: Checkpoint = { at: w.now, processed: w.processed, applied: this.applied, world: w.checkpoint() };
    // keep them sorted by instant
    let i = this.checkpoints.length;
    while (i > 0) {
      const prev = this.checkpoints[i - 1] as Checkpoint;
      if (prev.at < cp.at || (prev.at === cp.at && prev.processed <= cp.processed)) break;
      i--;
    }
    this.checkpoints.splice(i, 0, cp);
    this.thinCheckpoints();
  }

  /**
   * Keeps memory bounded on long runs: every checkpoint of the last simulated minute before the newest one,
   * then one per simulated minute (and always the first), so seeking back far costs at most a minute of
   * re-running.
   */
  private thinCheckpoints(): void {
    const newest = this.checkpoints.at(-1);
    if (!newest || this.checkpoints.length <= DENSE_CHECKPOINT_WINDOW_MS / this.config.checkpointEveryMs + 2) return;
    const sparse = Math.max(SPARSE_CHECKPOINT_EVERY_MS, this.config.checkpointEveryMs);
    let lastKeptBucket = -1;
    this.checkpoints = this.checkpoints.filter((c, i) => {
      if (i === 0 || newest.at - c.at <= DENSE_CHECKPOINT_WINDOW_MS) return true;
      const bucket = Math.floor(c.at / sparse);
      if (bucket === lastKeptBucket) return false;
      lastKeptBucket = bucket;
      return true;
    });
  }

  /** Moves the world forward to a checkpoint boundary (no event is due before it) and checkpoints there. */
  private checkpointAt(at: number): void {
    this.world.advanceTo(at);
    this.takeCheckpoint();
  }

  private applyRecorded(a: TimedAction): void {
    if (a.at > this.now) this.world.advanceTo(a.at);
    try {
      applyAction(this.world, a.action);
    } catch {
      // a recorded action that cannot apply any more (e.g. a node id from another config) is skipped, deterministically
    }
    this.applied++;
  }

  /**
   * Runs to simulated time t (inclusive), applying recorded actions at their exact instants and taking
   * checkpoints at every boundary. Returns the number of events handled.
   */
  runUntil(t: number): number {
    const start = this.world.processed;
    if (t < this.now) return 0;
    for (;;) {
      const a = this.actions[this.applied];
      const cpAt = this.nextCheckpointAt();
      if (a && this.actionDue(a)) {
        if (a.at > t) break;
        if (cpAt <= a.at) {
          this.checkpointAt(cpAt);
          continue;
        }
        this.applyRecorded(a);
        continue;
      }
      const next = this.world.nextEventTime();
      if (next === undefined || next > t) break;
      if (cpAt <= next) {
        this.checkpointAt(cpAt);
        continue;
      }
      this.stepWorld();
    }
    for (let cpAt = this.nextCheckpointAt(); cpAt <= t; cpAt = this.nextCheckpointAt()) this.checkpointAt(cpAt);
    this.world.advanceTo(t);
    this.reached();
    return this.world.processed - start;
  }

  /**
   * Whether a recorded action comes before the next event. Normally that is exactly when the world has
   * handled `processed` events; a hand-written or tampered record may carry a count that does not fit its
   * time, and then its time decides (events due before it run first), so such a record still replays
   * deterministically instead of failing.
   */
  private actionDue(a: TimedAction): boolean {
    const next = this.world.nextEventTime();
    if (next === undefined || next > a.at) return true;
    return this.world.processed >= a.processed && next >= a.at;
  }

  /** Handles exactly one event (after any action recorded for this instant). False when nothing is left. */
  step(): boolean {
    const a = this.actions[this.applied];
    if (a && this.actionDue(a)) {
      const cpAt = this.nextCheckpointAt();
      if (cpAt <= a.at) this.checkpointAt(cpAt);
      this.applyRecorded(a);
      this.reached();
      return true;
    }
    const next = this.world.nextEventTime();
    if (next === undefined) return false;
    for (let cpAt = this.nextCheckpointAt(); cpAt <= next; cpAt = this.nextCheckpointAt()) this.checkpointAt(cpAt);
    this.stepWorld();
    this.reached();
    return true;
  }

  /** Handles the next event; `inEvent` tells isReplaying that the event being handled is number `processed`. */
  private stepWorld(): void {
    this.inEvent = true;
    try {
      this.world.step();
    } finally {
      this.inEvent = false;
    }
  }

  private reached(): void {
    if (this.now > this.horizon) this.horizon = this.now;
    if (this.world.processed > this.maxProcessed) this.maxProcessed = this.world.processed;
  }

  /**
   * True while the world is re-running history it already went through (after a seek back). Outputs seen
   * then were already shown once; consoles use this to avoid printing them again.
   */
  isReplaying(): boolean {
    const p = this.world.processed;
    // while an event is handled it is already counted: event number p was seen before iff p ≤ maxProcessed
    if (this.inEvent) return p <= this.maxProcessed;
    return p < this.maxProcessed || (p === this.maxProcessed && this.applied < this.actions.length);
  }

  /** Goes to simulated time t: forward by running, backward by restoring a checkpoint and re-running. */
  seek(t: number): void {
    const target = Math.max(0, t);
    if (target >= this.now) {
      // forward after a seek back: jump to the latest checkpoint of this timeline at or before the target
      // instead of re-running everything in between (the checkpoints ahead were taken on this same timeline)
      let ahead: Checkpoint | undefined;
      for (const c of this.checkpoints) if (c.at <= target && (c.at > this.now || (c.at === this.now && c.processed > this.world.processed))) ahead = c;
      if (ahead) {
        this.world.restore(ahead.world);
        this.applied = ahead.applied;
      }
      this.runUntil(target);
      return;
    }
    let cp: Checkpoint | undefined;
    for (const c of this.checkpoints) if (c.at <= target) cp = c;
    if (!cp) throw new Error('no checkpoint before the target time');
    this.world.restore(cp.world);
    this.applied = cp.applied;
    this.runUntil(target);
  }

  /**
   * Applies a user action now. If the run had recorded actions ahead of now (after a seek back), they are
   * discarded first: acting in the past forks the timeline.
   */
  act(action: Action): string {
    validateAction(this.world, action);
    if (this.applied < this.actions.length || this.horizon > this.now) this.fork();
    const timed: TimedAction = { at: this.now, processed: this.world.processed, action };
    this.actions.push(timed);
    this.applied++;
    return applyAction(this.world, action);
  }

  /** Discards everything recorded after the current instant. */
  fork(): void {
    this.actions.length = this.applied;
    const now = this.now;
    const processed = this.world.processed;
    this.checkpoints = this.checkpoints.filter((c) => c.at < now || (c.at === now && c.processed <= processed));
    this.horizon = now;
    this.maxProcessed = processed;
  }

  /** Like act, but returns an error message instead of throwing for bad actions. */
  tryAct(action: Action): { ok: true; message: string } | { ok: false; error: string } {
    try {
      return { ok: true, message: this.act(action) };
    } catch (e) {
      if (e instanceof ActionError) return { ok: false, error: e.message };
      throw e;
    }
  }

  // ---- views -----------------------------------------------------------------------------------

  checkpointTimes(): number[] {
    return this.checkpoints.map((c) => c.at);
  }

  view(): SimView {
    const w = this.world;
    const nodes: NodeView[] = w.nodeIds().map((id) => {
      const spec = w.spec(id);
      return {
        id,
        kind: spec.kind,
        role: spec.role,
        status: w.status(id),
        since: w.since(id),
        skew: w.skew(id),
        incarnation: w.incarnation(id),
        description: w.status(id) === 'crashed' ? {} : w.describe(id),
      };
    });
    const inflight: InFlight[] = w.inFlight();
    const messages: MessageView[] = [];
    for (const m of inflight) {
      if (messages.length >= MAX_MESSAGES_IN_VIEW) break;
      messages.push({
        id: m.id,
        from: m.from,
        to: m.to,
        type: m.type,
        sentAt: m.sentAt,
        deliverAt: m.deliverAt,
        lost: !!m.lost,
        dup: !!m.dup,
      });
    }
    const d = w.network.defaults;
    return {
      now: w.now,
      horizon: this.horizon,
      seed: this.config.seed,
      processed: w.processed,
      hash: w.trace.hashHex(),
      nodes,
      messages,
      blocked: w.network.blockedPairs(),
      link: { lossPct: d.loss * 100, delayMs: d.extraDelayMs, jitterMs: d.jitterMs, dupPct: d.duplicate * 100, fifo: d.fifo },
      totals: w.network.totals(),
      violations: w.violations.slice(-50),
      checkpoints: this.checkpointTimes(),
      actions: this.actions.map((a) => ({ at: a.at, label: actionLabel(a.action) })),
      traceSeq: w.trace.seq,
    };
  }

  /** Trace records after `afterSeq` still held in the ring buffer (at most `limit`, newest kept). */
  traceSince(afterSeq: number, limit = 500): TraceRecord[] {
    const recs = this.world.trace.since(afterSeq);
    return recs.length > limit ? recs.slice(recs.length - limit) : recs;
  }

  /** A JSON-safe description of one node's snapshot context, for inspectors. */
  inspect(id: string): Json {
    const snap = this.world.snapshotOf(id) as { value?: unknown; context?: unknown } | undefined;
    if (!snap) return null;
    return JSON.parse(JSON.stringify({ value: snap.value ?? null, context: snap.context ?? null })) as Json;
  }
}

export function actionLabel(a: Action): string {
  switch (a.type) {
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
    case 'isolate':
      return `${a.type} ${a.node}`;
    case 'partition':
      return `partition ${a.groups.map((g) => g.join(',')).join(' | ')}`;
    case 'cut':
      return `cut ${a.from} ${a.to}`;
    case 'bridge':
      return `bridge ${a.node}`;
    case 'ring':
      return `ring ${a.nodes.join(',')}`;
    case 'heal':
      return 'heal';
    case 'loss':
      return `loss ${a.percent}%`;
    case 'delay':
      return `delay ${a.ms}ms`;
    case 'dup':
      return `dup ${a.percent}%`;
    case 'reorder':
      return `reorder ${a.on ? 'on' : 'off'}`;
    case 'skew':
      return `skew ${a.node} ${a.ms}ms`;
    case 'inject':
      return `${a.node} ← ${a.event.type}`;
  }
}

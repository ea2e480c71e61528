/**
 * The contract between the simulation kernel and the node machines that run on it.
 *
 * A node is an XState actor. It never touches the network, timers or disk itself: it *emits* requests
 * (`kernel.send`, `kernel.setTimer`, `kernel.cancelTimer`, `kernel.disk.write`, `kernel.note`) and the
 * kernel carries them out on simulated time. Everything the kernel keeps is plain data, so a whole world
 * can be checkpointed, restored and replayed. See `machine.ts` for the action helpers machines use.
 */
import type { AnyStateMachine, Snapshot } from 'xstate';

/** A value that survives JSON.stringify / structuredClone unchanged. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Message payload on the wire: `type` plus data. The kernel adds `from` (and `msgId`) on delivery. */
export interface WireMessage {
  type: string;
  [key: string]: unknown;
}

/** What the kernel delivers to a node actor for a message. */
export interface DeliveredMessage extends WireMessage {
  from: string;
  msgId: number;
}

/** What the kernel delivers when a named timer fires: the timer name is the event type. */
export interface TimerEvent {
  type: string;
  timer: true;
}

export type NodeRole = 'server' | 'client';
export type NodeStatus = 'up' | 'crashed' | 'paused';

/**
 * Read-only facts a machine may consult inside its actions. Everything here is deterministic: the local
 * clock is simulated time plus this node's skew, and randomness comes from this node's own seeded stream.
 */
export interface NodeEnv {
  readonly id: string;
  /** This node's local wall clock in ms (simulated time + skew). Use for timestamps such as ctime. */
  now(): number;
  /**
   * This node's monotonic clock in ms (like System.nanoTime): simulated time, unaffected by wall-clock skew.
   * Use it for timeouts and deadlines where the real system uses an elapsed-time clock.
   */
  monotonic(): number;
  /** A float in [0, 1) from this node's seeded stream. */
  random(): number;
  /** An integer in [0, n) from this node's seeded stream. */
  randomInt(n: number): number;
  /** How many times this node has been (re)started: 0 for the first start. */
  readonly incarnation: number;
}

/** What a node machine gets as `input` when it starts (or restarts after a crash). */
export interface NodeInput<C = Json> {
  id: string;
  /** What this node wrote to its simulated disk before (empty on the first start). */
  disk: Record<string, Json>;
  config: C;
  incarnation: number;
}

/** A compact, UI-facing description of a node, built by the node kind from its snapshot. */
export interface NodeDescription {
  /** e.g. LOOKING / FOLLOWING / LEADING, or CONNECTED for a client. */
  role?: string;
  /** Short badge texts, e.g. { epoch: '1', zxid: '0x100000002' }. */
  detail?: Record<string, string | number | boolean | null>;
}

/** Everything the kernel needs to (re)create a node. */
export interface NodeSpec<C = Json> {
  id: string;
  /** A kind name, e.g. 'zk', 'broker', 'zk-client', 'pinger'. */
  kind: string;
  role: NodeRole;
  config: C;
  /** Builds the node's machine. Called on every start, restart and checkpoint restore. */
  logic: (env: NodeEnv) => AnyStateMachine;
  /** Builds the UI description of a running node from its snapshot. */
  describe?: (snapshot: Snapshot<unknown>) => NodeDescription;
}

// ---- requests machines emit -------------------------------------------------------------------

export interface SendRequest {
  type: 'kernel.send';
  to: string;
  msg: WireMessage;
}
export interface SetTimerRequest {
  type: 'kernel.setTimer';
  /** The timer's name; it is also the event type delivered when it fires. Setting it again replaces it. */
  name: string;
  ms: number;
  /** Optional extra random delay in [0, jitterMs], drawn from the node's timeout stream. */
  jitterMs?: number;
}
export interface CancelTimerRequest {
  type: 'kernel.cancelTimer';
  name: string;
}
export interface DiskWriteRequest {
  type: 'kernel.disk.write';
  key: string;
  /** `undefined` deletes the key. The value is copied (structuredClone) when written. */
  value: Json | undefined;
}
/**
 * Appends to an array field of an object on disk (e.g. records to a log segment) without rewriting the
 * whole value: `items` are pushed onto `value[field]` and `set` fields assigned, both copied. When the key
 * does not exist yet, `init` is written instead (copied). Cost is proportional to what is appended.
 */
export interface DiskAppendRequest {
  type: 'kernel.disk.append';
  key: string;
  field: string;
  items: Json[];
  set?: Record<string, Json>;
  init: Json;
}
/** A plain-words note for the event log: an i18n key and its parameters. */
export interface NoteRequest {
  type: 'kernel.note';
  key: string;
  params?: Record<string, string | number>;
}
/** Something the protocol considers impossible happened: recorded as an invariant violation. */
export interface ViolationRequest {
  type: 'kernel.violation';
  invariant: string;
  detail: string;
}
/** A value handed back to whoever is waiting for it outside the world (e.g. a console command's reply). */
export interface OutputRequest {
  type: 'kernel.output';
  channel: string;
  value: Json;
}

export type KernelRequest =
  | SendRequest
  | SetTimerRequest
  | CancelTimerRequest
  | DiskWriteRequest
  | DiskAppendRequest
  | NoteRequest
  | ViolationRequest
  | OutputRequest;

// ---- latency and links -------------------------------------------------------------------------

export type LatencyDistribution =
  | { kind: 'constant'; ms: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  /** Approximately normal (Irwin–Hall of 4 uniforms), truncated at minMs. */
  | { kind: 'normal'; meanMs: number; sdMs: number; minMs: number }
  | { kind: 'exponential'; meanMs: number; minMs: number };

export interface LinkConfig {
  latency: LatencyDistribution;
  /** Extra delay added to every message (netem `delay`), plus a uniform jitter in [0, jitterMs]. */
  extraDelayMs: number;
  jitterMs: number;
  /** Probability in [0, 1] that a message is lost. */
  loss: number;
  /** Probability in [0, 1] that a message is delivered twice. */
  duplicate: number;
  /** FIFO like a TCP connection (default). When false, delay variation can reorder messages. */
  fifo: boolean;
}

export type DropCause = 'partition' | 'loss' | 'down';

export interface LinkCounters {
  sent: number;
  delivered: number;
  duplicated: number;
  dropped: Record<DropCause, number>;
}

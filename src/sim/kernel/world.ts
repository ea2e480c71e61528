/**
 * A world: nodes (XState actors), one discrete-event clock, seeded random streams, the network, the trace
 * and the fault state. It carries out what machines ask for (sends, timers, disk writes) on simulated time,
 * and it can be checkpointed to plain data and restored exactly.
 */
import { createActor } from 'xstate';
import type { Actor, AnyStateMachine, Snapshot } from 'xstate';
import { EventClock } from './clock';
import type { QueueEntry } from './clock';
import { Network } from './network';
import type { NetworkState } from './network';
import { RngStreams } from './rng';
import type { RngState } from './rng';
import { SharingCloner } from './share';
import { Trace } from './trace';
import type { TraceState } from './trace';
import type {
  DropCause,
  Json,
  KernelRequest,
  LinkConfig,
  NodeDescription,
  NodeEnv,
  NodeInput,
  NodeSpec,
  NodeStatus,
  WireMessage,
} from './types';

/** A message on the wire. `sentAt` / `deliverAt` let a view draw it at any instant. */
export interface InFlight {
  id: number;
  from: string;
  to: string;
  type: string;
  sentAt: number;
  deliverAt: number;
  /** Set when the network already decided to lose it (it vanishes on arrival). */
  lost?: boolean;
  /** A duplicate copy made by the network. */
  dup?: boolean;
  msg: WireMessage;
}

export type KernelItem =
  | { kind: 'deliver'; m: InFlight }
  | { kind: 'timer'; node: string; incarnation: number; name: string };

/** Something waiting for a paused node: handled in order when it resumes. */
type HeldItem =
  | { kind: 'deliver'; m: InFlight }
  | { kind: 'timer'; name: string; seq: number }
  | { kind: 'inject'; event: { type: string; [k: string]: unknown } };

interface NodeRuntime {
  spec: NodeSpec<unknown>;
  status: NodeStatus;
  incarnation: number;
  skew: number;
  disk: Record<string, Json>;
  held: HeldItem[];
  /** Live timers: name → sequence number of the queue entry that will fire it. */
  timers: Record<string, number>;
  stateKey: string;
  actor: Actor<AnyStateMachine> | undefined;
  /** When the node last changed status (for views). */
  since: number;
  /** Nodes this incarnation exchanged messages with: its open connections, closed by the OS if it crashes. */
  contacts: Record<string, true>;
}

export interface Violation {
  seq: number;
  t: number;
  node: string;
  invariant: string;
  detail: string;
}

export interface NodeCheckpoint {
  id: string;
  status: NodeStatus;
  incarnation: number;
  skew: number;
  disk: Record<string, Json>;
  held: HeldItem[];
  timers: Record<string, number>;
  stateKey: string;
  since: number;
  contacts: Record<string, true>;
  snapshot: unknown;
}

export interface WorldCheckpoint {
  version: 1;
  now: number;
  processed: number;
  nextMsgId: number;
  clock: { now: number; nextSeq: number; entries: QueueEntry<KernelItem>[] };
  rng: Record<string, RngState>;
  network: NetworkState;
  trace: TraceState;
  nodes: NodeCheckpoint[];
  violations: Violation[];
  invariantState: Record<string, string>;
  invariantMemory: Record<string, Json>;
}

export interface WorldOptions {
  seed: number;
  nodes: NodeSpec<unknown>[];
  network?: Partial<LinkConfig>;
  traceCapacity?: number;
  /** Record every delivery's payload in the trace detail (and hash). Default true. */
  tracePayloads?: boolean;
}

/** A per-event check; returns a description of what is wrong, or null. */
export type Invariant = (world: World) => { node: string; detail: string } | null;

/**
 * Memory an invariant keeps between events (e.g. every zxid ever committed). It is saved in checkpoints,
 * so that after a seek back or a fork the check remembers only the history of the current timeline.
 */
export interface InvariantMemory {
  save(): Json;
  restore(state: Json): void;
}

const MAX_VIOLATIONS = 1000;

/**
 * The message type the kernel sends on behalf of a crashed process to every node it was talking to (the
 * OS closing its TCP connections). Machines treat it as "every connection with `from` is gone".
 */
export const SOCKET_CLOSED = 'SOCKET_CLOSED';

/**
 * A deep copy of plain JSON data (objects, arrays, primitives): what the disk stores, so a machine's later
 * changes to its own objects never reach its disk. Much cheaper than structuredClone for many small values.
 */
export function cloneJson<T>(v: T): T {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const out = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = cloneJson(v[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const k in v) if (Object.prototype.hasOwnProperty.call(v, k)) out[k] = cloneJson((v as Record<string, unknown>)[k]);
  return out as T;
}

export class World {
  readonly seed: number;
  readonly clock = new EventClock<KernelItem>();
  /** Node snapshots in checkpoints share every unchanged subtree with the previous checkpoint (share.ts). */
  private readonly sharing = new SharingCloner();
  readonly rng: RngStreams;
  readonly network: Network;
  readonly trace: Trace;
  readonly baseLink: LinkConfig;
  /** Number of queue entries handled so far: with `now`, it names an exact instant of a run. */
  processed = 0;
  violations: Violation[] = [];
  private nextMsgId = 1;
  private readonly nodes = new Map<string, NodeRuntime>();
  private readonly order: string[] = [];
  private readonly outputListeners = new Map<string, Set<(value: Json, from: string) => void>>();
  private readonly invariants = new Map<string, Invariant>();
  private readonly invariantMemory = new Map<string, InvariantMemory>();
  private readonly tracePayloads: boolean;

  constructor(opts: WorldOptions) {
    this.seed = opts.seed >>> 0;
    this.rng = new RngStreams(this.seed);
    this.network = new Network(opts.network);
    this.baseLink = { ...this.network.defaults };
    this.trace = new Trace(opts.traceCapacity);
    this.tracePayloads = opts.tracePayloads ?? true;
    for (const spec of opts.nodes) {
      if (this.nodes.has(spec.id)) throw new Error(`duplicate node id ${spec.id}`);
      this.nodes.set(spec.id, {
        spec,
        status: 'crashed',
        incarnation: -1,
        skew: 0,
        disk: {},
        held: [],
        timers: {},
        stateKey: '',
        actor: undefined,
        since: 0,
        contacts: {},
      });
      this.order.push(spec.id);
    }
  }

  get now(): number {
    return this.clock.now;
  }

  /** Starts every node (first incarnation). */
  start(): void {
    for (const id of this.order) {
      const n = this.runtime(id);
      if (n.incarnation < 0) this.boot(n);
    }
  }

  // ---- running ---------------------------------------------------------------------------------

  /** Time of the next queued event, if any. */
  nextEventTime(): number | undefined {
    return this.clock.peekTime();
  }

  /** Handles the next queued event; returns false when the queue is empty. */
  step(): boolean {
    const entry = this.clock.pop();
    if (!entry) return false;
    this.processed++;
    const item = entry.item;
    if (item.kind === 'callback') item.fn();
    else if (item.kind === 'deliver') this.arrive(item.m);
    else this.fireTimer(item.node, item.incarnation, item.name, entry.seq);
    this.checkInvariants();
    return true;
  }

  /** Handles every event up to and including time t, then sets the clock to t. */
  runUntil(t: number): void {
    for (;;) {
      const next = this.clock.peekTime();
      if (next === undefined || next > t) break;
      this.step();
    }
    if (t > this.clock.now) this.clock.now = t;
  }

  /** Moves the clock forward to t without handling events (the caller guarantees none are due before t). */
  advanceTo(t: number): void {
    const next = this.clock.peekTime();
    if (next !== undefined && next < t) throw new Error(`advanceTo(${t}) would skip an event at ${next}`);
    if (t > this.clock.now) this.clock.now = t;
  }

  // ---- nodes -----------------------------------------------------------------------------------

  nodeIds(): string[] {
    return this.order.slice();
  }

  spec(id: string): NodeSpec<unknown> {
    return this.runtime(id).spec;
  }

  hasNode(id: string): boolean {
    return this.nodes.has(id);
  }

  status(id: string): NodeStatus {
    return this.runtime(id).status;
  }

  skew(id: string): number {
    return this.runtime(id).skew;
  }

  incarnation(id: string): number {
    return this.runtime(id).incarnation;
  }

  since(id: string): number {
    return this.runtime(id).since;
  }

  /** The node's current XState snapshot (undefined while crashed). */
  snapshotOf(id: string): Snapshot<unknown> | undefined {
    return this.runtime(id).actor?.getSnapshot() as Snapshot<unknown> | undefined;
  }

  /** A read-only view of what the node has on disk. */
  diskOf(id: string): Readonly<Record<string, Json>> {
    return this.runtime(id).disk;
  }

  describe(id: string): NodeDescription {
    const n = this.runtime(id);
    if (!n.actor || !n.spec.describe) return {};
    return n.spec.describe(n.actor.getSnapshot() as Snapshot<unknown>);
  }

  /** Live timers of a node: name → due time. */
  timersOf(id: string): Record<string, number> {
    const n = this.runtime(id);
    const out: Record<string, number> = {};
    const bySeq = new Map<number, string>();
    for (const [name, seq] of Object.entries(n.timers)) bySeq.set(seq, name);
    for (const e of this.clock.scan()) {
      const name = bySeq.get(e.seq);
      if (name !== undefined && e.item.kind === 'timer') out[name] = e.at;
    }
    return out;
  }

  /** Hands an event straight to a node, as a user or an attached program would (e.g. a console command). */
  inject(id: string, event: { type: string; [k: string]: unknown }): boolean {
    const n = this.runtime(id);
    if (n.status === 'crashed' || !n.actor) return false;
    if (n.status === 'paused') {
      n.held.push({ kind: 'inject', event });
      return true;
    }
    n.actor.send(event);
    return true;
  }

  /** Subscribes to `kernel.output` values on a channel. */
  onOutput(channel: string, fn: (value: Json, from: string) => void): () => void {
    let set = this.outputListeners.get(channel);
    if (!set) {
      set = new Set();
      this.outputListeners.set(channel, set);
    }
    set.add(fn);
    return () => set.delete(fn);
  }

  addInvariant(name: string, check: Invariant, memory?: InvariantMemory): void {
    this.invariants.set(name, check);
    if (memory) this.invariantMemory.set(name, memory);
  }

  // ---- faults ----------------------------------------------------------------------------------

  /**
   * The process dies: volatile state, timers and held input are lost; the disk survives. Its operating
   * system closes its sockets, so every node it was talking to gets a `SOCKET_CLOSED` message from it (over
   * the network: a partition can swallow it, and then only a timeout tells), and later messages to it are
   * answered with one too (connection refused). A paused node's sockets stay open, which is why a pause is
   * noticed only by timeouts.
   */
  crash(id: string): boolean {
    const n = this.runtime(id);
    if (n.status === 'crashed') return false;
    this.fault('crash', id);
    this.stopActor(n);
    n.status = 'crashed';
    n.since = this.now;
    n.timers = {};
    n.held = [];
    const peers = Object.keys(n.contacts).sort();
    n.contacts = {};
    for (const peer of peers) {
      this.sendMessage(id, peer, { type: SOCKET_CLOSED, incarnation: n.incarnation, peerIncarnation: this.runtime(peer).incarnation });
    }
    return true;
  }

  /** Starts a crashed node again from what it had on disk. */
  restart(id: string): boolean {
    const n = this.runtime(id);
    if (n.status !== 'crashed') return false;
    this.fault('restart', id);
    this.boot(n);
    return true;
  }

  /** Freezes a node (SIGSTOP / long GC): its timers and incoming messages wait; the rest of the world goes on. */
  pause(id: string): boolean {
    const n = this.runtime(id);
    if (n.status !== 'up') return false;
    this.fault('pause', id);
    n.status = 'paused';
    n.since = this.now;
    return true;
  }

  /** Thaws a paused node: it first handles, in order, everything that waited for it (its stale view). */
  resume(id: string): boolean {
    const n = this.runtime(id);
    if (n.status !== 'paused') return false;
    this.fault('resume', id);
    n.status = 'up';
    n.since = this.now;
    const held = n.held;
    n.held = [];
    for (const h of held) {
      if (n.status !== 'up') {
        // the node was crashed or paused again by what it just handled: keep the rest waiting
        if (n.status === 'paused') n.held.push(h);
        continue;
      }
      if (h.kind === 'deliver') this.handOver(n, h.m);
      else if (h.kind === 'timer') {
        if (n.timers[h.name] === h.seq) this.runTimer(n, h.name);
      } else n.actor?.send(h.event);
    }
    return true;
  }

  /** Sets a node's clock offset in ms (its local wall clock = simulated time + skew). */
  setSkew(id: string, ms: number): void {
    const n = this.runtime(id);
    n.skew = ms;
    this.fault('skew', id, String(ms));
  }

  partition(groups: string[][]): void {
    this.network.partition(groups);
    this.fault('partition', undefined, groups.map((g) => g.join(',')).join('|'));
  }

  isolate(id: string, among: readonly string[]): void {
    this.network.isolate(id, among);
    this.fault('isolate', id);
  }

  cut(from: string, to: string): void {
    this.network.cut(from, to);
    this.fault('cut', undefined, `${from}>${to}`);
  }

  bridge(left: string[], right: string[], bridgeNode: string): void {
    this.network.bridge(left, right, bridgeNode);
    this.fault('bridge', bridgeNode, `${left.join(',')}|${right.join(',')}`);
  }

  majoritiesRing(nodes: readonly string[]): void {
    this.network.majoritiesRing(nodes);
    this.fault('majorities-ring', undefined, nodes.join(','));
  }

  /** Heals every partition and cut and resets loss, delay and duplication to the world's base link. */
  heal(): void {
    this.network.healAll(this.baseLink);
    this.fault('heal');
  }

  setLinkDefaults(patch: Partial<LinkConfig>): void {
    this.network.setDefaults(patch);
    this.fault('link', undefined, JSON.stringify(patch));
  }

  setLink(from: string, to: string, patch: Partial<LinkConfig>): void {
    this.network.setLink(from, to, patch);
    this.fault('link', undefined, `${from}>${to} ${JSON.stringify(patch)}`);
  }

  /** Records a user action (for the trace and its hash). */
  recordAction(what: string, detail?: string): void {
    this.trace.record({ t: this.now, kind: 'action', what, ...(detail !== undefined ? { detail } : {}) });
  }

  // ---- views -----------------------------------------------------------------------------------

  /** Messages on the wire at the current instant. */
  inFlight(): InFlight[] {
    const out: InFlight[] = [];
    for (const e of this.clock.scan()) {
      if (e.item.kind === 'deliver') out.push(e.item.m);
    }
    out.sort((a, b) => a.deliverAt - b.deliverAt || a.id - b.id);
    return out;
  }

  // ---- checkpoints -----------------------------------------------------------------------------

  checkpoint(): WorldCheckpoint {
    if (this.clock.callbackCount > 0) {
      throw new Error('cannot checkpoint: a machine used an XState `after` timer; ask the kernel with setTimer()');
    }
    const nodes: NodeCheckpoint[] = this.order.map((id) => {
      const n = this.runtime(id);
      return {
        id,
        status: n.status,
        incarnation: n.incarnation,
        skew: n.skew,
        // disk values are never changed in place (writes replace them): sharing them is safe
        disk: { ...n.disk },
        held: structuredClone(n.held),
        timers: { ...n.timers },
        stateKey: n.stateKey,
        since: n.since,
        contacts: { ...n.contacts },
        snapshot: n.actor ? this.sharing.copy(n.actor.getPersistedSnapshot()) : null,
      };
    });
    return {
      version: 1,
      now: this.now,
      processed: this.processed,
      nextMsgId: this.nextMsgId,
      clock: structuredClone(this.clock.save()),
      rng: this.rng.save(),
      network: this.network.save(),
      trace: this.trace.save(),
      nodes,
      violations: this.violations.slice(),
      invariantState: { ...this.invariantState },
      invariantMemory: Object.fromEntries([...this.invariantMemory].map(([k, m]) => [k, structuredClone(m.save())])),
    };
  }

  restore(cp: WorldCheckpoint): void {
    for (const n of this.nodes.values()) this.stopActor(n);
    this.clock.restore(structuredClone(cp.clock));
    this.processed = cp.processed;
    this.nextMsgId = cp.nextMsgId;
    this.rng.restore(cp.rng);
    this.network.restore(cp.network);
    this.trace.restore(cp.trace);
    this.violations = cp.violations.slice();
    this.invariantState = { ...cp.invariantState };
    for (const [k, m] of this.invariantMemory) {
      const saved = cp.invariantMemory[k];
      if (saved !== undefined) m.restore(structuredClone(saved));
    }
    for (const c of cp.nodes) {
      const n = this.runtime(c.id);
      n.status = c.status;
      n.incarnation = c.incarnation;
      n.skew = c.skew;
      n.disk = { ...c.disk };
      n.held = structuredClone(c.held);
      n.timers = { ...c.timers };
      n.stateKey = c.stateKey;
      n.since = c.since;
      n.contacts = { ...c.contacts };
      n.actor = undefined;
      if (c.snapshot) this.createNodeActor(n, cloneJson(c.snapshot) as Snapshot<unknown>);
    }
  }

  // ---- internals -------------------------------------------------------------------------------

  private runtime(id: string): NodeRuntime {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`unknown node ${id}`);
    return n;
  }

  private fault(what: string, node?: string, detail?: string): void {
    this.trace.record({
      t: this.now,
      kind: 'fault',
      what,
      ...(node !== undefined ? { node } : {}),
      ...(detail !== undefined ? { detail } : {}),
    });
  }

  private boot(n: NodeRuntime): void {
    n.incarnation++;
    n.status = 'up';
    n.since = this.now;
    n.timers = {};
    n.held = [];
    n.stateKey = '';
    n.contacts = {};
    this.createNodeActor(n, undefined);
  }

  private env(n: NodeRuntime): NodeEnv {
    const rng = this.rng.get(`node:${n.spec.id}`);
    const clock = this.clock;
    return {
      id: n.spec.id,
      now: () => clock.now + n.skew,
      monotonic: () => clock.now,
      random: () => rng.next(),
      randomInt: (k: number) => rng.int(k),
      get incarnation() {
        return n.incarnation;
      },
    };
  }

  private createNodeActor(n: NodeRuntime, snapshot: Snapshot<unknown> | undefined): void {
    const id = n.spec.id;
    const logic = n.spec.logic(this.env(n));
    // the machine's own copy of its disk; restoring a snapshot never reads it, so it is made on first use
    // (disk values are replaced, never changed in place: the shallow copy keeps what the disk holds now)
    const disk = { ...n.disk };
    let diskCopy: Record<string, Json> | undefined;
    const input: NodeInput<unknown> = {
      id,
      get disk(): Record<string, Json> {
        diskCopy ??= cloneJson(disk);
        return diskCopy;
      },
      config: n.spec.config,
      incarnation: n.incarnation,
    };
    const actor = createActor(logic, {
      id,
      systemId: id,
      input,
      clock: this.clock,
      ...(snapshot ? { snapshot } : {}),
    });
    n.actor = actor;
    actor.on('*', (ev: unknown) => {
      if (n.actor === actor) this.handleRequest(n, ev as KernelRequest);
    });
    actor.subscribe({
      next: (snap) => {
        if (n.actor !== actor) return;
        const key = JSON.stringify((snap as { value?: unknown }).value ?? null);
        if (key !== n.stateKey) {
          n.stateKey = key;
          this.trace.record({ t: this.now, kind: 'state', node: id, what: key });
        }
      },
      error: (err) => {
        if (n.actor !== actor) return;
        this.reportViolation(id, 'machine-error', String((err as Error)?.message ?? err));
      },
    });
    actor.start();
    if (!snapshot) {
      const key = JSON.stringify((actor.getSnapshot() as { value?: unknown }).value ?? null);
      if (key !== n.stateKey) {
        n.stateKey = key;
        this.trace.record({ t: this.now, kind: 'state', node: id, what: key });
      }
    }
  }

  private stopActor(n: NodeRuntime): void {
    const actor = n.actor;
    n.actor = undefined;
    actor?.stop();
  }

  private handleRequest(n: NodeRuntime, req: KernelRequest): void {
    const id = n.spec.id;
    switch (req.type) {
      case 'kernel.send':
        this.sendMessage(id, req.to, req.msg);
        return;
      case 'kernel.setTimer': {
        const rng = this.rng.get(`timeouts:${id}`);
        const jitter = req.jitterMs ? rng.uniform(0, req.jitterMs) : 0;
        const at = Math.round((this.now + Math.max(0, req.ms) + jitter) * 1000) / 1000;
        const seq = this.clock.schedule(at, { kind: 'timer', node: id, incarnation: n.incarnation, name: req.name });
        n.timers[req.name] = seq;
        return;
      }
      case 'kernel.cancelTimer':
        delete n.timers[req.name];
        return;
      case 'kernel.disk.write':
        if (req.value === undefined) delete n.disk[req.key];
        else n.disk[req.key] = cloneJson(req.value);
        return;
      case 'kernel.disk.append': {
        const cur = n.disk[req.key];
        const arr = cur && typeof cur === 'object' && !Array.isArray(cur) ? (cur as Record<string, Json>)[req.field] : undefined;
        if (!Array.isArray(arr)) {
          n.disk[req.key] = cloneJson(req.init);
          return;
        }
        // copy on write: a value on disk is never changed in place, so checkpoints can share it
        const next: Record<string, Json> = { ...(cur as Record<string, Json>), ...(req.set ? cloneJson(req.set) : {}) };
        next[req.field] = arr.concat(req.items.map((item) => cloneJson(item)));
        n.disk[req.key] = next;
        return;
      }
      case 'kernel.note':
        this.trace.record({
          t: this.now,
          kind: 'note',
          node: id,
          what: req.key,
          ...(req.params ? { detail: JSON.stringify(req.params) } : {}),
        });
        return;
      case 'kernel.violation':
        this.reportViolation(id, req.invariant, req.detail);
        return;
      case 'kernel.output': {
        this.trace.record({ t: this.now, kind: 'output', node: id, what: req.channel, detail: JSON.stringify(req.value) });
        const set = this.outputListeners.get(req.channel);
        if (set) for (const fn of [...set]) fn(req.value, id);
        return;
      }
      default:
        // Other emitted events are the machine's own business (e.g. for tests); the kernel ignores them.
        return;
    }
  }

  /** Sends a message on behalf of `from` (a node, or the outside world for injected traffic). */
  sendMessage(from: string, to: string, msg: WireMessage): void {
    const id = this.nextMsgId++;
    const now = this.now;
    const sender = this.nodes.get(from);
    if (sender && from !== to && msg.type !== SOCKET_CLOSED) sender.contacts[to] = true;
    const detail = this.tracePayloads ? JSON.stringify(msg) : undefined;
    this.trace.record({ t: now, kind: 'send', node: from, from, to, what: msg.type, msgId: id, ...(detail ? { detail } : {}) });
    this.network.countSent(from, to);
    const plan = this.network.plan(from, to, now, this.rng.get('network'));
    const m: InFlight = { id, from, to, type: msg.type, sentAt: now, deliverAt: plan.deliverAt, msg };
    if (plan.lost) m.lost = true;
    this.clock.schedule(plan.deliverAt, { kind: 'deliver', m });
    if (plan.duplicateAt !== undefined) {
      this.network.countDuplicated(from, to);
      const d: InFlight = { ...m, deliverAt: plan.duplicateAt, dup: true };
      this.clock.schedule(plan.duplicateAt, { kind: 'deliver', m: d });
    }
  }

  private drop(m: InFlight, cause: DropCause): void {
    this.network.countDropped(m.from, m.to, cause);
    this.trace.record({ t: this.now, kind: 'drop', node: m.to, from: m.from, to: m.to, what: m.type, msgId: m.id, detail: cause });
  }

  private arrive(m: InFlight): void {
    if (m.lost) return this.drop(m, 'loss');
    if (this.network.isBlocked(m.from, m.to)) return this.drop(m, 'partition');
    // The first packet of a new TCP connection (`syn: true`): the handshake needs the way back too (the
    // SYN-ACK), so over a one-way cut the connection is never established and the peer never sees it.
    if (m.msg['syn'] === true && this.network.isBlocked(m.to, m.from)) return this.drop(m, 'partition');
    const n = this.nodes.get(m.to);
    if (!n || n.status === 'crashed' || !n.actor) {
      this.drop(m, 'down');
      // nothing listens there any more: the host's OS answers with a reset ("connection refused")
      const sender = this.nodes.get(m.from);
      if (n && sender && m.type !== SOCKET_CLOSED && sender.status !== 'crashed') {
        this.sendMessage(m.to, m.from, { type: SOCKET_CLOSED, incarnation: n.incarnation, peerIncarnation: sender.incarnation, refused: true });
      }
      return;
    }
    if (n.status === 'paused') {
      n.held.push({ kind: 'deliver', m });
      return;
    }
    this.handOver(n, m);
  }

  private handOver(n: NodeRuntime, m: InFlight): void {
    if (m.type === SOCKET_CLOSED) {
      // it closes connections of those two incarnations only: if either end restarted since, it is stale
      const sender = this.nodes.get(m.from);
      if (m.msg['peerIncarnation'] !== n.incarnation || (sender && sender.incarnation !== m.msg['incarnation'])) {
        return this.drop(m, 'down');
      }
    } else if (m.from !== m.to) n.contacts[m.from] = true;
    this.network.countDelivered(m.from, m.to);
    this.trace.record({ t: this.now, kind: 'deliver', node: m.to, from: m.from, to: m.to, what: m.type, msgId: m.id });
    n.actor?.send({ ...m.msg, from: m.from, msgId: m.id });
  }

  private fireTimer(id: string, incarnation: number, name: string, seq: number): void {
    const n = this.nodes.get(id);
    if (!n || n.incarnation !== incarnation || n.status === 'crashed') return;
    if (n.timers[name] !== seq) return; // cancelled or replaced
    if (n.status === 'paused') {
      n.held.push({ kind: 'timer', name, seq });
      return;
    }
    this.runTimer(n, name);
  }

  private runTimer(n: NodeRuntime, name: string): void {
    delete n.timers[name];
    this.trace.record({ t: this.now, kind: 'timer', node: n.spec.id, what: name });
    n.actor?.send({ type: name, timer: true });
  }

  reportViolation(node: string, invariant: string, detail: string): void {
    const rec = this.trace.record({ t: this.now, kind: 'violation', node, what: invariant, detail });
    if (this.violations.length < MAX_VIOLATIONS) {
      this.violations.push({ seq: rec.seq, t: this.now, node, invariant, detail });
    }
  }

  /** Last failure seen per invariant: a violation is recorded when it appears or changes, not on every event. */
  private invariantState: Record<string, string> = {};

  private checkInvariants(): void {
    if (this.invariants.size === 0) return;
    for (const [name, check] of this.invariants) {
      const bad = check(this);
      const key = bad ? `${bad.node}|${bad.detail}` : '';
      if (key === (this.invariantState[name] ?? '')) continue;
      if (key) this.invariantState[name] = key;
      else delete this.invariantState[name];
      if (bad) this.reportViolation(bad.node, name, bad.detail);
    }
  }
}

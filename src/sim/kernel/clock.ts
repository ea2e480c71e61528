/**
 * The discrete-event clock: one queue for everything that happens in a world (timers, message deliveries,
 * XState's own delayed events), ordered by simulated time and then by insertion sequence. Time jumps
 * straight to the next event.
 *
 * It implements XState's `Clock` interface (its two timer methods), so it can be passed as
 * `clock` to every actor. Kernel entries are plain data (checkpointable); XState callbacks are not, which
 * is why node machines ask the kernel for named timers instead of using `after` (see types.ts).
 */
import type { ActorOptions, AnyActorLogic } from 'xstate';

/** XState's clock interface (not exported by name from the package root). */
type Clock = NonNullable<ActorOptions<AnyActorLogic>['clock']>;

export interface QueueEntry<T> {
  at: number;
  seq: number;
  item: T;
}

/** A binary min-heap ordered by (at, seq). */
export class EventHeap<T> {
  private heap: QueueEntry<T>[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(entry: QueueEntry<T>): void {
    const h = this.heap;
    h.push(entry);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!less(h[i] as QueueEntry<T>, h[p] as QueueEntry<T>)) break;
      swap(h, i, p);
      i = p;
    }
  }

  peek(): QueueEntry<T> | undefined {
    return this.heap[0];
  }

  pop(): QueueEntry<T> | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && less(h[l] as QueueEntry<T>, h[m] as QueueEntry<T>)) m = l;
        if (r < h.length && less(h[r] as QueueEntry<T>, h[m] as QueueEntry<T>)) m = r;
        if (m === i) break;
        swap(h, i, m);
        i = m;
      }
    }
    return top;
  }

  /** All entries in queue order (a sorted copy). */
  entries(): QueueEntry<T>[] {
    return this.heap.slice().sort((x, y) => (less(x, y) ? -1 : less(y, x) ? 1 : 0));
  }

  /** Unordered view of the heap, for cheap scans. */
  raw(): readonly QueueEntry<T>[] {
    return this.heap;
  }

  clear(): void {
    this.heap = [];
  }
}

function less<T>(a: QueueEntry<T>, b: QueueEntry<T>): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}

function swap<T>(h: T[], i: number, j: number): void {
  const t = h[i] as T;
  h[i] = h[j] as T;
  h[j] = t;
}

/** Items of the world's queue that are not plain data: XState's own delayed callbacks. */
export interface CallbackItem {
  kind: 'callback';
  id: number;
  fn: () => void;
}

/**
 * The world's clock. `T` is the kernel's data item type; XState callbacks share the same queue.
 */
export class EventClock<T extends { kind: string }> implements Clock {
  private readonly heap = new EventHeap<T | CallbackItem>();
  private readonly liveCallbacks = new Set<number>();
  private nextSeq = 0;
  private nextCallbackId = 1;
  now = 0;

  /** Schedules a kernel item at an absolute simulated time; returns its sequence number. */
  schedule(at: number, item: T): number {
    const seq = this.nextSeq++;
    this.heap.push({ at: Math.max(at, this.now), seq, item });
    return seq;
  }

  // XState Clock interface ---------------------------------------------------------------------
  setTimeout(fn: (...args: unknown[]) => void, timeout: number): number { // allowed: the simulated clock's own method (XState's Clock), not a host timer
    const id = this.nextCallbackId++;
    this.liveCallbacks.add(id);
    this.heap.push({ at: this.now + Math.max(0, timeout), seq: this.nextSeq++, item: { kind: 'callback', id, fn } });
    return id;
  }

  clearTimeout(id: unknown): void {
    if (typeof id === 'number') this.liveCallbacks.delete(id);
  }
  // ----------------------------------------------------------------------------------------------

  /** Time of the next live entry, or undefined when the queue is empty. */
  peekTime(): number | undefined {
    this.skipCancelled();
    return this.heap.peek()?.at;
  }

  /** Removes and returns the next live entry, advancing `now` to its time. */
  pop(): QueueEntry<T | CallbackItem> | undefined {
    this.skipCancelled();
    const entry = this.heap.pop();
    if (!entry) return undefined;
    if (entry.at > this.now) this.now = entry.at;
    if (entry.item.kind === 'callback') this.liveCallbacks.delete((entry.item as CallbackItem).id);
    return entry;
  }

  private skipCancelled(): void {
    for (;;) {
      const top = this.heap.peek();
      if (!top || top.item.kind !== 'callback') return;
      if (this.liveCallbacks.has((top.item as CallbackItem).id)) return;
      this.heap.pop();
    }
  }

  /** Live XState callbacks in the queue (they cannot be checkpointed). */
  get callbackCount(): number {
    return this.liveCallbacks.size;
  }

  get size(): number {
    return this.heap.size;
  }

  /** Kernel data items in queue order, for checkpoints. */
  dataEntries(): QueueEntry<T>[] {
    return this.heap.entries().filter((e): e is QueueEntry<T> => e.item.kind !== 'callback');
  }

  /** Unordered scan of all kernel data items. */
  scan(): readonly QueueEntry<T | CallbackItem>[] {
    return this.heap.raw();
  }

  save(): { now: number; nextSeq: number; entries: QueueEntry<T>[] } {
    return { now: this.now, nextSeq: this.nextSeq, entries: this.dataEntries() };
  }

  restore(state: { now: number; nextSeq: number; entries: QueueEntry<T>[] }): void {
    this.heap.clear();
    this.liveCallbacks.clear();
    this.now = state.now;
    this.nextSeq = state.nextSeq;
    for (const e of state.entries) this.heap.push(e);
  }
}

import { describe, expect, it } from 'vitest';
import { assign, enqueueActions, setup } from 'xstate';
import type { KernelRequest, NodeEnv, NodeInput, NodeSpec } from './types';
import { diskAppend, diskWrite, send, setTimer } from './machine';
import { World } from './world';

/** A node that sends on command, records what it receives and when, and can arm a timer. */
interface EchoCtx {
  got: Array<{ type: string; from: string; n: number; at: number }>;
  fired: number[];
  boots: number;
}
type EchoEvent =
  | { type: 'say'; to: string; n: number }
  | { type: 'open'; to: string; n: number }
  | { type: 'arm'; ms: number }
  | { type: 'log'; v: number; n: number }
  | { type: 'T'; timer: true }
  | { type: 'MSG'; from: string; n: number; msgId: number };

function echoLogic(env: NodeEnv) {
  return setup({
    types: { context: {} as EchoCtx, input: {} as NodeInput, events: {} as EchoEvent, emitted: {} as KernelRequest },
  }).createMachine({
    context: ({ input }) => ({ got: [], fired: [], boots: (typeof input.disk['boots'] === 'number' ? input.disk['boots'] : 0) + 1 }),
    entry: enqueueActions(({ context, enqueue }) => enqueue.emit(diskWrite('boots', context.boots))),
    on: {
      say: { actions: enqueueActions(({ event, enqueue }) => enqueue.emit(send(event.to, { type: 'MSG', n: event.n }))) },
      open: { actions: enqueueActions(({ event, enqueue }) => enqueue.emit(send(event.to, { type: 'MSG', n: event.n, syn: true }))) },
      arm: { actions: enqueueActions(({ event, enqueue }) => enqueue.emit(setTimer('T', event.ms))) },
      log: { actions: enqueueActions(({ event, enqueue }) => enqueue.emit(diskAppend('seg', 'records', [{ v: event.v }], { records: [{ v: event.v }], n: event.n }, { n: event.n }))) },
      T: { actions: assign({ fired: ({ context }) => [...context.fired, env.now()] }) },
      MSG: {
        actions: assign({
          got: ({ context, event }) => [...context.got, { type: event.type, from: event.from, n: event.n, at: env.now() }],
        }),
      },
    },
  });
}

function specs(ids: string[]): NodeSpec<unknown>[] {
  return ids.map((id) => ({ id, kind: 'echo', role: 'server' as const, config: null, logic: echoLogic }));
}

function ctx(w: World, id: string): EchoCtx {
  return (w.snapshotOf(id) as unknown as { context: EchoCtx }).context;
}

function world(opts: Partial<ConstructorParameters<typeof World>[0]> = {}): World {
  const w = new World({ seed: 1, nodes: specs(['a', 'b', 'c']), network: { latency: { kind: 'constant', ms: 10 } }, ...opts });
  w.start();
  return w;
}

describe('disk append', () => {
  it('writes init for a new key, then appends items and sets fields; the disk survives a crash', () => {
    const w = world();
    w.inject('a', { type: 'log', v: 1, n: 1 });
    w.inject('a', { type: 'log', v: 2, n: 2 });
    w.inject('a', { type: 'log', v: 3, n: 3 });
    expect(w.diskOf('a')['seg']).toEqual({ records: [{ v: 1 }, { v: 2 }, { v: 3 }], n: 3 });
    w.crash('a');
    w.restart('a');
    expect(w.diskOf('a')['seg']).toEqual({ records: [{ v: 1 }, { v: 2 }, { v: 3 }], n: 3 });
    // checkpoints copy the disk: restoring one gives the disk as it was
    const cp = w.checkpoint();
    w.inject('a', { type: 'log', v: 4, n: 4 });
    w.restore(cp);
    expect(w.diskOf('a')['seg']).toEqual({ records: [{ v: 1 }, { v: 2 }, { v: 3 }], n: 3 });
  });
});

describe('network semantics through the world', () => {
  it('delivers after the link latency with send and delivery times on the message', () => {
    const w = world();
    w.inject('a', { type: 'say', to: 'b', n: 1 });
    const [m] = w.inFlight();
    expect(m).toMatchObject({ from: 'a', to: 'b', type: 'MSG', sentAt: 0, deliverAt: 10 });
    w.runUntil(9);
    expect(ctx(w, 'b').got).toEqual([]);
    w.runUntil(10);
    expect(ctx(w, 'b').got).toEqual([{ type: 'MSG', from: 'a', n: 1, at: 10 }]);
  });

  it('a partition drops messages that arrive while it holds, both ways; heal restores delivery', () => {
    const w = world();
    w.partition([['a'], ['b', 'c']]);
    w.inject('a', { type: 'say', to: 'b', n: 1 });
    w.inject('b', { type: 'say', to: 'a', n: 2 });
    w.inject('b', { type: 'say', to: 'c', n: 3 });
    w.runUntil(20);
    expect(ctx(w, 'b').got).toEqual([]);
    expect(ctx(w, 'a').got).toEqual([]);
    expect(ctx(w, 'c').got.map((g) => g.n)).toEqual([3]);
    expect(w.network.totals().dropped.partition).toBe(2);
    w.heal();
    w.inject('a', { type: 'say', to: 'b', n: 4 });
    w.runUntil(40);
    expect(ctx(w, 'b').got.map((g) => g.n)).toEqual([4]);
  });

  it('a one-way cut: b stops hearing a, a still hears b', () => {
    const w = world();
    w.cut('a', 'b');
    w.inject('a', { type: 'say', to: 'b', n: 1 });
    w.inject('b', { type: 'say', to: 'a', n: 2 });
    w.runUntil(20);
    expect(ctx(w, 'b').got).toEqual([]);
    expect(ctx(w, 'a').got.map((g) => g.n)).toEqual([2]);
  });

  it('a connection-opening message (syn) needs both directions: over a one-way cut it is dropped', () => {
    const w = world();
    w.cut('b', 'a'); // a still reaches b, but b's answers (the SYN-ACK) never get back
    w.inject('a', { type: 'open', to: 'b', n: 1 });
    w.inject('a', { type: 'say', to: 'b', n: 2 });
    w.inject('c', { type: 'open', to: 'b', n: 3 });
    w.runUntil(20);
    expect(ctx(w, 'b').got.map((g) => g.n)).toEqual([2, 3]);
  });

  it('loss 100% drops everything with cause loss; duplication 100% delivers twice', () => {
    const w = world();
    w.setLinkDefaults({ loss: 1 });
    w.inject('a', { type: 'say', to: 'b', n: 1 });
    w.runUntil(20);
    expect(ctx(w, 'b').got).toEqual([]);
    expect(w.network.totals().dropped.loss).toBe(1);
    w.setLinkDefaults({ loss: 0, duplicate: 1 });
    w.inject('a', { type: 'say', to: 'b', n: 2 });
    w.runUntil(40);
    expect(ctx(w, 'b').got.map((g) => g.n)).toEqual([2, 2]);
    expect(w.network.totals().duplicated).toBe(1);
  });

  it('counts every message: sent + duplicated = delivered + dropped + in flight', () => {
    const w = world({ network: { latency: { kind: 'uniform', minMs: 1, maxMs: 30 }, loss: 0.2, duplicate: 0.2 } });
    for (let i = 0; i < 200; i++) {
      w.inject(['a', 'b', 'c'][i % 3] as string, { type: 'say', to: ['b', 'c', 'a'][i % 3] as string, n: i });
      if (i === 50) w.crash('c');
      if (i === 120) w.restart('c');
      w.runUntil(w.now + 3);
    }
    const t = w.network.totals();
    const dropped = t.dropped.loss + t.dropped.partition + t.dropped.down;
    expect(t.sent + t.duplicated).toBe(t.delivered + dropped + w.inFlight().length);
    expect(t.dropped.down).toBeGreaterThan(0);
  });
});

describe('node faults', () => {
  it('crash loses volatile state and timers; restart starts from disk', () => {
    const w = world();
    w.inject('a', { type: 'arm', ms: 100 });
    w.inject('b', { type: 'say', to: 'a', n: 1 });
    w.runUntil(50);
    expect(ctx(w, 'a').got).toHaveLength(1);
    expect(w.crash('a')).toBe(true);
    expect(w.status('a')).toBe('crashed');
    w.inject('b', { type: 'say', to: 'a', n: 2 });
    w.runUntil(80);
    expect(w.network.totals().dropped.down).toBe(1);
    w.restart('a');
    w.runUntil(300);
    const c = ctx(w, 'a');
    expect(c.got).toEqual([]); // volatile state is gone
    expect(c.fired).toEqual([]); // the timer died with the process
    expect(c.boots).toBe(2); // the disk survived
  });

  it('pause holds timers and messages; resume handles them in order, late', () => {
    const w = world();
    w.inject('a', { type: 'arm', ms: 30 });
    w.pause('a');
    w.inject('b', { type: 'say', to: 'a', n: 1 });
    w.inject('c', { type: 'say', to: 'a', n: 2 });
    w.runUntil(500);
    expect(ctx(w, 'a').got).toEqual([]);
    expect(ctx(w, 'a').fired).toEqual([]);
    // everyone else goes on
    w.inject('b', { type: 'say', to: 'c', n: 3 });
    w.runUntil(520);
    expect(ctx(w, 'c').got.map((g) => g.n)).toEqual([3]);
    w.resume('a');
    const c = ctx(w, 'a');
    expect(c.fired).toEqual([520]);
    expect(c.got.map((g) => [g.n, g.at])).toEqual([
      [1, 520],
      [2, 520],
    ]);
  });

  it('clock skew shifts the node local clock only', () => {
    const w = world();
    w.setSkew('b', 5000);
    w.inject('a', { type: 'say', to: 'b', n: 1 });
    w.inject('b', { type: 'say', to: 'c', n: 2 });
    w.runUntil(20);
    expect(ctx(w, 'b').got[0]?.at).toBe(5010);
    expect(ctx(w, 'c').got[0]?.at).toBe(10);
  });
});

describe('trace and checkpoints', () => {
  it('records sends, deliveries, drops, timers, state changes and faults with a running hash', () => {
    const w = world();
    const h0 = w.trace.hashHex();
    w.inject('a', { type: 'arm', ms: 5 });
    w.inject('a', { type: 'say', to: 'b', n: 1 });
    w.crash('c');
    w.inject('a', { type: 'say', to: 'c', n: 2 });
    w.runUntil(50);
    const kinds = new Set(w.trace.tail().map((r) => r.kind));
    for (const k of ['send', 'deliver', 'drop', 'timer', 'fault', 'disk', 'state'] as const) {
      if (k === 'disk') continue; // disk writes are not trace records
      expect(kinds.has(k), k).toBe(true);
    }
    expect(w.trace.hashHex()).not.toBe(h0);
    const seqs = w.trace.tail().map((r) => r.seq);
    expect(seqs).toEqual(seqs.slice().sort((x, y) => x - y));
  });

  it('the ring buffer is bounded but the hash covers everything', () => {
    const w = new World({ seed: 1, nodes: specs(['a', 'b']), traceCapacity: 16 });
    w.start();
    for (let i = 0; i < 100; i++) w.inject('a', { type: 'say', to: 'b', n: i });
    w.runUntil(100);
    expect(w.trace.tail()).toHaveLength(16);
    expect(w.trace.seq).toBeGreaterThan(200);
  });

  it('restoring a checkpoint and re-running gives the same trace hash as running straight', () => {
    const run = (restoreAt?: number) => {
      const w = world({ network: { latency: { kind: 'uniform', minMs: 1, maxMs: 20 }, loss: 0.1 } });
      let cp: ReturnType<World['checkpoint']> | undefined;
      for (let i = 0; i < 60; i++) {
        if (i === restoreAt) cp = w.checkpoint();
        w.inject(['a', 'b', 'c'][i % 3] as string, { type: 'say', to: ['c', 'a', 'b'][i % 3] as string, n: i });
        if (i % 7 === 0) w.inject('b', { type: 'arm', ms: 13 });
        w.runUntil(w.now + 5);
      }
      return { w, cp };
    };
    const straight = run().w.trace.hashHex();
    const { w, cp } = run(30);
    expect(w.trace.hashHex()).toBe(straight);
    // go back to the checkpoint and replay the same inputs
    w.restore(cp!);
    for (let i = 30; i < 60; i++) {
      w.inject(['a', 'b', 'c'][i % 3] as string, { type: 'say', to: ['c', 'a', 'b'][i % 3] as string, n: i });
      if (i % 7 === 0) w.inject('b', { type: 'arm', ms: 13 });
      w.runUntil(w.now + 5);
    }
    expect(w.trace.hashHex()).toBe(straight);
  });
});

describe('crash closes sockets', () => {
  it('peers get SOCKET_CLOSED from a crashed node they talked to; not after a pause; not through a partition', () => {
    const w = world();
    const seen: string[] = [];
    w.inject('a', { type: 'say', to: 'b', n: 1 });
    w.inject('c', { type: 'say', to: 'a', n: 2 });
    w.runUntil(20);
    w.pause('a');
    w.runUntil(40);
    expect(w.inFlight()).toEqual([]);
    w.resume('a');
    w.partition([['a', 'b'], ['c']]);
    w.crash('a');
    const closes = w.inFlight().filter((m) => m.type === 'SOCKET_CLOSED');
    expect(closes.map((m) => m.to).sort()).toEqual(['b', 'c']);
    w.runUntil(60);
    for (const r of w.trace.tail()) if (r.what === 'SOCKET_CLOSED' && r.kind !== 'send') seen.push(`${r.kind}:${r.to}:${r.detail ?? ''}`);
    expect(seen.sort()).toEqual(['deliver:b:', 'drop:c:partition']);
  });
});

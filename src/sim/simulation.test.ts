import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Simulation } from './simulation';
import type { Action } from './actions';

const cfg = (seed: number) => ({ seed, zk: { servers: 0 }, pingers: 5, checkpointEveryMs: 1000 });

/** A fixed little fault script. */
function script(sim: Simulation): void {
  sim.runUntil(1500);
  sim.act({ type: 'crash', node: 'node2' });
  sim.runUntil(2750);
  sim.act({ type: 'partition', groups: [['node1', 'node3'], ['node4', 'node5']] });
  sim.runUntil(4000);
  sim.act({ type: 'loss', percent: 20 });
  sim.act({ type: 'restart', node: 'node2' });
  sim.runUntil(5500);
  sim.act({ type: 'pause', node: 'node4' });
  sim.runUntil(6000);
  sim.act({ type: 'heal' });
  sim.act({ type: 'resume', node: 'node4' });
  sim.runUntil(8000);
}

describe('Simulation determinism', () => {
  it('same seed and actions give the identical trace hash; a different seed differs', () => {
    const a = new Simulation(cfg(7));
    const b = new Simulation(cfg(7));
    const c = new Simulation(cfg(8));
    script(a);
    script(b);
    script(c);
    expect(a.traceHash()).toBe(b.traceHash());
    expect(a.traceHash()).not.toBe(c.traceHash());
    expect(a.world.trace.seq).toBe(b.world.trace.seq);
  });

  it('replaying the recorded run (seed + config + timed actions) reproduces the hash', () => {
    const a = new Simulation(cfg(3));
    script(a);
    const record = JSON.parse(JSON.stringify(a.record())) as ReturnType<Simulation['record']>;
    const b = Simulation.fromRecord(record, 8000);
    expect(b.traceHash()).toBe(a.traceHash());
  });

  it('seek back then run forward equals running straight (recorded actions are re-applied)', () => {
    const straight = new Simulation(cfg(11));
    script(straight);
    const sim = new Simulation(cfg(11));
    script(sim);
    for (const t of [0, 1500, 2200, 4000, 5999, 7000]) {
      sim.seek(t);
      expect(sim.now).toBe(t);
      sim.seek(8000);
      expect(sim.traceHash()).toBe(straight.traceHash());
    }
  });

  it('seeking forward after a seek back jumps to a checkpoint ahead and gives the straight run', () => {
    const sim = new Simulation(cfg(11));
    script(sim);
    for (const [back, ahead] of [[500, 6200], [1000, 2600], [2500, 7999], [0, 8000]] as const) {
      sim.seek(back);
      sim.seek(ahead);
      const straight = new Simulation(cfg(11));
      script(straight);
      straight.seek(ahead);
      expect(sim.now).toBe(ahead);
      expect(sim.view()).toEqual(straight.view());
      expect(sim.traceHash()).toBe(straight.traceHash());
    }
  });

  it('seeking back shows the earlier state, including messages in flight', () => {
    const sim = new Simulation(cfg(5));
    sim.runUntil(2345);
    const before = sim.view();
    sim.runUntil(9000);
    sim.seek(2345);
    const again = sim.view();
    expect(again.now).toBe(2345);
    expect(again.hash).toBe(before.hash);
    expect(again.messages).toEqual(before.messages);
    expect(again.nodes).toEqual(before.nodes);
  });

  it('step handles one event at a time and the exact instant is reproducible', () => {
    const a = new Simulation(cfg(9));
    a.runUntil(1000);
    const p = a.world.processed;
    expect(a.step()).toBe(true);
    expect(a.world.processed).toBe(p + 1);
    // act between two events that share one instant, then replay
    a.step();
    a.act({ type: 'crash', node: 'node1' });
    a.runUntil(3000);
    const b = Simulation.fromRecord(a.record(), 3000);
    expect(b.traceHash()).toBe(a.traceHash());
  });

  it('acting in the past forks the run: the recorded future is discarded', () => {
    const sim = new Simulation(cfg(13));
    script(sim);
    expect(sim.timedActions()).toHaveLength(7);
    sim.seek(3000);
    expect(sim.timedActions()).toHaveLength(7); // still recorded, ahead of now
    sim.act({ type: 'crash', node: 'node5' });
    expect(sim.timedActions().map((a) => a.action.type)).toEqual(['crash', 'partition', 'crash']);
    expect(sim.horizon).toBe(3000);
    expect(Math.max(...sim.checkpointTimes())).toBeLessThanOrEqual(3000);
    sim.runUntil(8000);
    // the new timeline equals a fresh run of the forked action list
    const fresh = Simulation.fromRecord(sim.record(), 8000);
    expect(fresh.traceHash()).toBe(sim.traceHash());
    const straight = new Simulation(cfg(13));
    script(straight);
    expect(sim.traceHash()).not.toBe(straight.traceHash());
  });

  it('bad actions give a clear error and change nothing', () => {
    const sim = new Simulation(cfg(1));
    sim.runUntil(100);
    const h = sim.traceHash();
    const r = sim.tryAct({ type: 'crash', node: 'nope' });
    expect(r).toEqual({ ok: false, error: expect.stringContaining('unknown node: nope') });
    expect(sim.traceHash()).toBe(h);
    expect(sim.timedActions()).toHaveLength(0);
  });

  it('property: any action schedule, seek anywhere and back to the end, same hash as straight', () => {
    const nodes = ['node1', 'node2', 'node3', 'node4', 'node5'];
    const node = fc.constantFrom(...nodes);
    const action: fc.Arbitrary<Action> = fc.oneof(
      node.map((n) => ({ type: 'crash' as const, node: n })),
      node.map((n) => ({ type: 'restart' as const, node: n })),
      node.map((n) => ({ type: 'pause' as const, node: n })),
      node.map((n) => ({ type: 'resume' as const, node: n })),
      node.map((n) => ({ type: 'isolate' as const, node: n })),
      fc.tuple(node, node).filter(([a, b]) => a !== b).map(([from, to]) => ({ type: 'cut' as const, from, to })),
      fc.constant({ type: 'heal' as const }),
      fc.integer({ min: 0, max: 60 }).map((percent) => ({ type: 'loss' as const, percent })),
      fc.integer({ min: 0, max: 40 }).map((percent) => ({ type: 'dup' as const, percent })),
      fc.integer({ min: 0, max: 50 }).map((ms) => ({ type: 'delay' as const, ms, jitterMs: ms })),
      fc.boolean().map((on) => ({ type: 'reorder' as const, on })),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 700 }), action), { maxLength: 8 }),
        fc.integer({ min: 0, max: 4000 }),
        (seed, steps, seekTo) => {
          const play = (sim: Simulation) => {
            for (const [gap, a] of steps) {
              sim.runUntil(sim.now + gap);
              sim.tryAct(a);
            }
            sim.runUntil(4000);
          };
          const straight = new Simulation({ ...cfg(seed), checkpointEveryMs: 500 });
          play(straight);
          const sim = new Simulation({ ...cfg(seed), checkpointEveryMs: 500 });
          play(sim);
          sim.seek(seekTo);
          sim.seek(4000);
          expect(sim.traceHash()).toBe(straight.traceHash());
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('robust replay of hand-written records', () => {
  it('an action whose event count does not fit its time still replays, deterministically', () => {
    const sim = new Simulation(cfg(21));
    sim.runUntil(2000);
    sim.act({ type: 'crash', node: 'node3' });
    sim.runUntil(4000);
    const rec = sim.record();
    for (const processed of [0, 3, 10_000_000]) {
      const tampered = { ...rec, actions: rec.actions.map((a) => ({ ...a, processed })) };
      const a = Simulation.fromRecord(tampered, 4000);
      const b = Simulation.fromRecord(tampered, 4000);
      expect(a.traceHash()).toBe(b.traceHash());
      expect(a.world.status('node3')).toBe('crashed');
    }
  });
});

describe('checkpoint memory on long runs', () => {
  it('keeps dense checkpoints for the last minute and one per minute before, and seeking still matches', () => {
    const long = { seed: 4, zk: { servers: 0 }, pingers: 3, checkpointEveryMs: 1000 };
    const sim = new Simulation(long);
    sim.runUntil(5000);
    sim.act({ type: 'crash', node: 'node2' });
    sim.runUntil(600_000);
    const times = sim.checkpointTimes();
    expect(times.length).toBeLessThanOrEqual(61 + 10 + 1);
    expect(times[0]).toBe(0);
    expect(times.filter((t) => t >= 540_000)).toHaveLength(61);
    const straight = new Simulation(long);
    straight.runUntil(5000);
    straight.act({ type: 'crash', node: 'node2' });
    straight.runUntil(600_000);
    for (const t of [3000, 130_500, 599_000]) {
      sim.seek(t);
      sim.seek(600_000);
      expect(sim.traceHash()).toBe(straight.traceHash());
    }
  });
});

describe('checkpoints share unchanged state', () => {
  const zkRun = { seed: 9, zk: { servers: 3, clients: 2 }, checkpointEveryMs: 1000 };
  function run(sim: Simulation): void {
    sim.runUntil(3000);
    sim.act({ type: 'crash', node: 'zk3' });
    sim.runUntil(6500);
    sim.act({ type: 'restart', node: 'zk3' });
    sim.runUntil(12_000);
  }

  it('consecutive checkpoints reuse the copies of unchanged objects, and seeking through them matches straight', () => {
    const sim = new Simulation(zkRun);
    run(sim);
    const cps = (sim as unknown as { checkpoints: Array<{ at: number; world: { nodes: Array<{ id: string; snapshot: { context?: { cfg?: object; tree?: object } } | null }> } }> }).checkpoints;
    const at = (t: number) => cps.find((c) => c.at === t)?.world.nodes.find((n) => n.id === 'zk1')?.snapshot?.context;
    const a = at(10_000);
    const b = at(11_000);
    expect(a && b).toBeTruthy();
    expect(a).not.toBe(b); // zk1 handled events in between: a new copy of its context …
    expect(a?.cfg).toBe(b?.cfg); // … sharing what did not change
    const straight = new Simulation(zkRun);
    run(straight);
    for (const t of [11_000, 500, 3000, 6500, 6501, 9999]) {
      sim.seek(t);
      expect(sim.now).toBe(t);
      sim.seek(12_000);
      expect(sim.traceHash()).toBe(straight.traceHash());
    }
    // a fork after a seek back checkpoints again (sharing with what the restore left) and stays deterministic
    sim.seek(4000);
    sim.act({ type: 'crash', node: 'zk1' });
    sim.runUntil(9000);
    const fork = new Simulation(zkRun);
    fork.runUntil(3000);
    fork.act({ type: 'crash', node: 'zk3' });
    fork.runUntil(4000);
    fork.act({ type: 'crash', node: 'zk1' });
    fork.runUntil(9000);
    expect(sim.traceHash()).toBe(fork.traceHash());
  });
});

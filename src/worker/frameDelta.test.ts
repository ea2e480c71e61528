import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSimService } from './service';
import { applyFrameDelta, applyKafkaDelta, isFrameDelta, isKafkaDelta } from './frameDelta';
import type { FrameView } from './api';

/** A full view without its frame number (deltas and full views of the same instant must match otherwise). */
function body(v: FrameView): Omit<FrameView, 'frame'> {
  const { frame: _frame, ...rest } = v;
  return rest;
}

describe('frame deltas (the worker sends only what changed)', () => {
  it('a delta applied to the frame the UI has gives exactly the whole view, over a busy run with faults', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 700 }), fc.constantFrom('none', 'crash', 'restart', 'split', 'heal')), { minLength: 5, maxLength: 25 }), (steps) => {
        const s = createSimService();
        let ui = s.init({ seed: 11, zk: { servers: 5, clients: 3 }, brokers: 2 });
        let deltas = 0;
        for (const [dt, fault] of steps) {
          if (fault === 'crash') s.act({ type: 'crash', node: 'zk1' });
          if (fault === 'restart') s.act({ type: 'restart', node: 'zk1' });
          if (fault === 'split') s.act({ type: 'partition', groups: [['zk1', 'zk2'], ['zk3', 'zk4', 'zk5']] });
          if (fault === 'heal') s.act({ type: 'heal' });
          // the UI did not apply the act's view, so its frame is no longer the worker's baseline: a whole view
          const u = s.advanceTo(ui.now + dt, undefined, ui.frame);
          if (fault !== 'none') expect(isFrameDelta(u)).toBe(false);
          if (isFrameDelta(u)) {
            deltas++;
            ui = applyFrameDelta(ui, u);
          } else ui = u;
          expect(body(ui)).toEqual(body(s.view()));
          // view() moved the worker's baseline on: the UI's frame must be the one it holds again
          ui = s.view();
        }
        return deltas >= 0;
      }),
      { numRuns: 8, seed: 5 },
    );
  }, 60_000);

  it('sends deltas while playing, much smaller than the view, and keeps unchanged parts by reference', () => {
    const s = createSimService();
    let ui = s.init({ seed: 3, zk: { servers: 9, clients: 6 }, brokers: 3 });
    let fullBytes = 0;
    let deltaBytes = 0;
    let deltas = 0;
    for (let t = 500; t <= 12_000; t += 16) {
      const u = s.advanceTo(t, undefined, ui.frame);
      expect(isFrameDelta(u)).toBe(true);
      if (!isFrameDelta(u)) return;
      const next = applyFrameDelta(ui, u);
      if (!('bands' in u.parts)) expect(next.bands).toBe(ui.bands);
      for (const n of next.nodes) if (!u.nodes.some((c) => c.id === n.id)) expect(ui.nodes).toContain(n);
      deltaBytes += JSON.stringify(u).length;
      fullBytes += JSON.stringify(next).length;
      deltas++;
      ui = next;
    }
    expect(body(ui)).toEqual(body(s.view()));
    expect(deltas).toBeGreaterThan(500);
    expect(deltaBytes).toBeLessThan(fullBytes / 3);
  });

  it('refuses to apply a delta to another frame', () => {
    const s = createSimService();
    const a = s.init({ seed: 1, zk: { servers: 3, clients: 1 } });
    const u = s.advanceTo(1000, undefined, a.frame);
    expect(isFrameDelta(u)).toBe(true);
    if (isFrameDelta(u)) expect(() => applyFrameDelta({ ...a, frame: 999 }, u)).toThrow(/frame delta/);
  });
});

describe('partition grid deltas', () => {
  it('only changed rows travel, and applying them gives the whole grid', () => {
    const s = createSimService();
    s.init({ seed: 2, zk: { servers: 3, clients: 0 }, brokers: 4, kafka: { workload: { topics: 2, partitions: 6, replicationFactor: 3, producers: 1, messagesPerSecond: 20 } } });
    s.advanceTo(12_000);
    let grid = s.kafkaUpdate();
    if (!grid || isKafkaDelta(grid)) throw new Error('expected a whole grid first');
    let rowsSent = 0;
    let rowsShown = 0;
    for (let t = 12_500; t <= 30_000; t += 500) {
      if (t === 20_000) s.act({ type: 'crash', node: 'broker2' });
      s.advanceTo(t);
      const u = s.kafkaUpdate(grid.version);
      if (!isKafkaDelta(u)) throw new Error('expected a delta');
      const next = applyKafkaDelta(grid, u);
      const { version: _v, ...whole } = next;
      expect(whole).toEqual(s.kafka());
      for (const p of next.partitions) if (!u.rows.some((r) => r.topic === p.topic && r.partition === p.partition)) expect(grid.partitions).toContain(p);
      rowsSent += u.rows.length;
      rowsShown += next.partitions.length;
      grid = next;
    }
    expect(rowsSent).toBeLessThan(rowsShown);
    // a grid the worker did not number last (another viewer asked in between) gets a whole grid
    s.kafkaUpdate();
    expect(isKafkaDelta(s.kafkaUpdate(grid.version))).toBe(false);
  }, 60_000);
});

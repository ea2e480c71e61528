import { describe, expect, it } from 'vitest';
import { createActor, setup } from 'xstate';
import { EventClock, EventHeap } from './clock';

describe('EventHeap', () => {
  it('orders by time, then by insertion sequence', () => {
    const h = new EventHeap<string>();
    const items: Array<[number, string]> = [[5, 'c'], [1, 'a'], [5, 'd'], [3, 'b'], [1, 'a2'], [9, 'e']];
    items.forEach(([at, item], seq) => h.push({ at, seq, item }));
    const out: string[] = [];
    for (let e = h.pop(); e; e = h.pop()) out.push(e.item);
    expect(out).toEqual(['a', 'a2', 'b', 'c', 'd', 'e']);
  });
});

describe('EventClock', () => {
  it('jumps straight to each deadline and runs callbacks at their own time, even ones created by callbacks', () => {
    const clock = new EventClock<{ kind: 'x' }>();
    const log: string[] = [];
    clock.setTimeout(() => {
      log.push(`a@${clock.now}`);
      clock.setTimeout(() => log.push(`a0@${clock.now}`), 0);
    }, 10);
    clock.setTimeout(() => log.push(`b@${clock.now}`), 20);
    const cancelled = clock.setTimeout(() => log.push('never'), 15);
    clock.clearTimeout(cancelled);
    for (let e = clock.pop(); e; e = clock.pop()) if (e.item.kind === 'callback') e.item.fn();
    // the 0 ms timer created at t=10 runs before b@20 (XState's SimulatedClock gets this wrong)
    expect(log).toEqual(['a@10', 'a0@10', 'b@20']);
    expect(clock.callbackCount).toBe(0);
  });

  it('drives XState `after` transitions on simulated time', () => {
    const clock = new EventClock<{ kind: 'x' }>();
    const machine = setup({}).createMachine({
      initial: 'a',
      states: { a: { after: { 1500: 'b' } }, b: {} },
    });
    const actor = createActor(machine, { clock, id: 'm', systemId: 'm' }).start();
    expect(actor.getSnapshot().value).toBe('a');
    const e = clock.pop();
    expect(e?.at).toBe(1500);
    if (e?.item.kind === 'callback') e.item.fn();
    expect(actor.getSnapshot().value).toBe('b');
    expect(clock.now).toBe(1500);
  });

  it('saves and restores its data entries', () => {
    const clock = new EventClock<{ kind: 'x'; n: number }>();
    clock.schedule(30, { kind: 'x', n: 3 });
    clock.schedule(10, { kind: 'x', n: 1 });
    const saved = structuredClone(clock.save());
    clock.pop();
    const other = new EventClock<{ kind: 'x'; n: number }>();
    other.restore(saved);
    expect(other.pop()?.item).toEqual({ kind: 'x', n: 1 });
    expect(other.pop()?.item).toEqual({ kind: 'x', n: 3 });
  });
});

import { describe, expect, it } from 'vitest';
import { Network } from './network';
import { Rng } from './rng';

describe('partition relation', () => {
  it('partition blocks across groups in both directions, and leaves unlisted nodes alone', () => {
    const n = new Network();
    n.partition([['a', 'b'], ['c', 'd', 'e']]);
    expect(n.isBlocked('a', 'c')).toBe(true);
    expect(n.isBlocked('e', 'b')).toBe(true);
    expect(n.isBlocked('a', 'b')).toBe(false);
    expect(n.isBlocked('c', 'e')).toBe(false);
    expect(n.isBlocked('client1', 'a')).toBe(false);
  });

  it('a one-way cut blocks only one direction', () => {
    const n = new Network();
    n.cut('a', 'b');
    expect(n.isBlocked('a', 'b')).toBe(true);
    expect(n.isBlocked('b', 'a')).toBe(false);
  });

  it('bridge: the bridge node hears and is heard by both halves', () => {
    const n = new Network();
    n.bridge(['a', 'b', 'c'], ['c', 'd', 'e'], 'c');
    expect(n.isBlocked('a', 'd')).toBe(true);
    for (const x of ['a', 'b', 'd', 'e']) {
      expect(n.isBlocked(x, 'c')).toBe(false);
      expect(n.isBlocked('c', x)).toBe(false);
    }
  });

  it('majorities ring on 5: everyone hears a majority (itself + 2), no two the same majority', () => {
    const nodes = ['a', 'b', 'c', 'd', 'e'];
    const n = new Network();
    n.majoritiesRing(nodes);
    const views = nodes.map((x) => nodes.filter((y) => y === x || !n.isBlocked(y, x)).sort().join(''));
    for (const v of views) expect(v.length).toBe(3);
    expect(new Set(views).size).toBe(5);
  });

  it('isolate cuts one node off from the given set only', () => {
    const n = new Network();
    n.isolate('a', ['a', 'b', 'c']);
    expect(n.isBlocked('a', 'b')).toBe(true);
    expect(n.isBlocked('c', 'a')).toBe(true);
    expect(n.isBlocked('b', 'c')).toBe(false);
    n.healPartitions();
    expect(n.isBlocked('a', 'b')).toBe(false);
  });
});

describe('delivery plans', () => {
  it('FIFO links never deliver out of order, even with large jitter', () => {
    const n = new Network({ jitterMs: 50 });
    const rng = Rng.fromSeed(3, 'net');
    let last = 0;
    for (let t = 0; t < 100; t++) {
      const p = n.plan('a', 'b', t, rng);
      expect(p.deliverAt).toBeGreaterThanOrEqual(last);
      last = p.deliverAt;
    }
  });

  it('with reordering allowed, jitter reorders messages', () => {
    const n = new Network({ jitterMs: 50, fifo: false });
    const rng = Rng.fromSeed(3, 'net');
    const times = Array.from({ length: 50 }, (_, t) => n.plan('a', 'b', t, rng).deliverAt);
    const sorted = times.slice().sort((x, y) => x - y);
    expect(times).not.toEqual(sorted);
  });

  it('loss and duplication follow their probabilities', () => {
    const n = new Network({ loss: 0.3, duplicate: 0.2 });
    const rng = Rng.fromSeed(11, 'net');
    let lost = 0;
    let dup = 0;
    for (let i = 0; i < 5000; i++) {
      const p = n.plan('a', 'b', i, rng);
      if (p.lost) lost++;
      if (p.duplicateAt !== undefined) dup++;
    }
    expect(lost / 5000).toBeGreaterThan(0.27);
    expect(lost / 5000).toBeLessThan(0.33);
    // duplicates are drawn only for messages that are not lost: 0.7 * 0.2
    expect(dup / 5000).toBeGreaterThan(0.12);
    expect(dup / 5000).toBeLessThan(0.16);
  });
});

import { describe, expect, it } from 'vitest';
import { SharingCloner } from './share';

describe('SharingCloner', () => {
  it('reuses the copies of unchanged subtrees and copies what changed, including in-place edits', () => {
    const c = new SharingCloner();
    const live = { a: { x: 1 }, b: [{ y: 2 }, { y: 3 }], c: 'k' };
    const one = c.copy(live);
    expect(one).toEqual(live);
    expect(one.a).not.toBe(live.a);
    expect(c.copy(live)).toBe(one); // nothing changed: the same copy
    live.b[1]!.y = 4; // in place
    const two = c.copy(live);
    expect(two).toEqual(live);
    expect(one.b[1]!.y).toBe(3); // the earlier copy is untouched
    expect(two.a).toBe(one.a);
    expect(two.b[0]).toBe(one.b[0]);
    expect(two.b).not.toBe(one.b);
    live.b.push({ y: 5 });
    expect(c.copy(live).b).toHaveLength(3);
  });

  it('notices a key deleted and added again (the order of keys is part of the state)', () => {
    const c = new SharingCloner();
    const live: Record<string, number> = { a: 1, b: 2 };
    const one = c.copy(live);
    delete live['a'];
    live['a'] = 1;
    const two = c.copy(live);
    expect(Object.keys(two)).toEqual(['b', 'a']);
    expect(two).not.toBe(one);
  });
});

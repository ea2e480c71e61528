import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { casRegister, checkLinearizable } from './linearizability';
import type { Operation, RegisterInput, RegisterOutput } from './linearizability';
import { checkZkHistory } from './zk';
import type { ZkHistoryOp } from './zk';

type Op = Operation<RegisterInput, RegisterOutput>;
const w = (call: number, ret: number, value: number): Op => ({ call, ret, input: { f: 'write', value }, output: {} });
const r = (call: number, ret: number, value: number): Op => ({ call, ret, input: { f: 'read' }, output: { value } });
const cas = (call: number, ret: number, from: number, to: number, ok: boolean): Op => ({ call, ret, input: { f: 'cas', from, to }, output: { ok } });
const info = (call: number, input: RegisterInput): Op => ({ call, ret: Infinity, input });

describe('WGL linearizability checker (cas register)', () => {
  it('accepts known-linearizable histories', () => {
    expect(checkLinearizable(casRegister, []).ok).toBe(true);
    // sequential
    expect(checkLinearizable(casRegister, [w(0, 1, 1), r(2, 3, 1), cas(4, 5, 1, 2, true), r(6, 7, 2)]).ok).toBe(true);
    // concurrent write and read may see either value
    expect(checkLinearizable(casRegister, [w(0, 10, 1), r(1, 2, 0), r(3, 4, 1)]).ok).toBe(true);
    // Knossos' classic: two concurrent writes, reads agree on an order
    expect(checkLinearizable(casRegister, [w(0, 10, 1), w(1, 11, 2), r(12, 13, 1), r(14, 15, 1)]).ok).toBe(true);
    // an indeterminate write can be the reason for a later read
    expect(checkLinearizable(casRegister, [info(0, { f: 'write', value: 7 }), r(5, 6, 7)]).ok).toBe(true);
    // ... or never happen
    expect(checkLinearizable(casRegister, [info(0, { f: 'write', value: 7 }), r(5, 6, 0)]).ok).toBe(true);
  });

  it('rejects known-non-linearizable histories', () => {
    // a read of a value never written
    expect(checkLinearizable(casRegister, [w(0, 1, 1), r(2, 3, 5)]).ok).toBe(false);
    // stale read after the write returned
    expect(checkLinearizable(casRegister, [w(0, 1, 1), r(2, 3, 0)]).ok).toBe(false);
    // reads disagree on the order of two writes that both completed before them
    const res = checkLinearizable(casRegister, [w(0, 10, 1), w(1, 11, 2), r(12, 13, 1), r(14, 15, 2), r(16, 17, 1)]);
    expect(res.ok).toBe(false);
    if (res.ok === false) expect(res.message).toMatch(/not linearizable/);
    // two successful cas from the same value
    expect(checkLinearizable(casRegister, [cas(0, 10, 0, 1, true), cas(1, 11, 0, 2, true)]).ok).toBe(false);
    // an indeterminate write cannot take effect before it was called
    expect(checkLinearizable(casRegister, [r(0, 1, 7), info(2, { f: 'write', value: 7 })]).ok).toBe(false);
  });

  it('honours `after` (session order) for reads without a real-time lower bound', () => {
    // a stale read is allowed when unconstrained ...
    expect(checkLinearizable(casRegister, [w(0, 1, 1), { ...r(2, 3, 0), call: -Infinity }]).ok).toBe(true);
    // ... but not after its session saw the write
    expect(checkLinearizable(casRegister, [w(0, 1, 1), { ...r(2, 3, 0), call: -Infinity, after: [0] }]).ok).toBe(false);
  });

  it('reports unknown when the budget runs out', () => {
    const h: Op[] = [];
    for (let i = 0; i < 14; i++) h.push(w(0, 100, i + 1));
    h.push(r(101, 102, 99));
    expect(checkLinearizable(casRegister, h, { maxStates: 50 }).ok).toBe('unknown');
  });

  it('property: any history produced by a sequential register with some overlap is linearizable', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ kind: fc.constantFrom('r', 'w', 'c'), v: fc.integer({ min: 0, max: 3 }), from: fc.integer({ min: 0, max: 3 }), stretch: fc.integer({ min: 0, max: 3 }), lost: fc.boolean() }), { maxLength: 25 }),
        (specs) => {
          // execute sequentially at instants 10*i; then widen intervals (ops overlap) — still linearizable
          let state = 0;
          const h: Op[] = specs.map((s, i) => {
            const call = 10 * i - 10 * s.stretch;
            const ret = 10 * i + 5 + 10 * s.stretch;
            if (s.kind === 'w') {
              state = s.v;
              return s.lost ? info(call, { f: 'write', value: s.v }) : w(call, ret, s.v);
            }
            if (s.kind === 'c') {
              const ok = state === s.from;
              if (ok) state = s.v;
              return cas(call, ret, s.from, s.v, ok);
            }
            return r(call, ret, state);
          });
          return checkLinearizable(casRegister, h).ok === true;
        },
      ),
      { numRuns: 200 },
    );
  });

  it('property: corrupting one read of a strictly sequential history is caught unless the value fits', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 12 }), fc.nat(), fc.integer({ min: 0, max: 9 }), (writes, at, bad) => {
        const h: Op[] = [];
        let t = 0;
        for (const v of writes) {
          h.push(w(t, t + 1, v));
          h.push(r(t + 2, t + 3, v));
          t += 4;
        }
        const i = 2 * (at % writes.length) + 1;
        const truth = (h[i]?.output as RegisterOutput).value;
        h[i] = { ...(h[i] as Op), output: { value: bad } };
        return checkLinearizable(casRegister, h).ok === (bad === truth);
      }),
      { numRuns: 200 },
    );
  });
});

describe('ZooKeeper history checker', () => {
  let t = 0;
  const op = (client: string, request: ZkHistoryOp['request'], reply?: ZkHistoryOp['reply'], session = 0): ZkHistoryOp => {
    const call = ++t;
    const ret = reply ? ++t : Infinity;
    return { client, session, call, ret, request, ...(reply ? { reply } : {}) };
  };

  it('accepts a stale read by another session but not going back in time within a session', () => {
    t = 0;
    const ok = [
      op('c1', { op: 'create', path: '/fz/k1', data: 'a', mode: 'PERSISTENT' }, { rc: 'OK', zxid: 10, path: '/fz/k1' }),
      op('c1', { op: 'setData', path: '/fz/k1', data: 'b', version: -1 }, { rc: 'OK', zxid: 11, stat: { version: 1, mzxid: 11 } }),
      // c2's server is behind: a stale read, allowed
      op('c2', { op: 'getData', path: '/fz/k1' }, { rc: 'OK', zxid: 10, data: 'a', stat: { version: 0, mzxid: 10 } }),
      op('c1', { op: 'getData', path: '/fz/k1' }, { rc: 'OK', zxid: 11, data: 'b', stat: { version: 1, mzxid: 11 } }),
    ];
    const rep = checkZkHistory(ok);
    expect(rep.problems).toEqual([]);
    expect(rep.staleReads).toBe(1);
    // c1 reading its own overwritten value is not allowed
    const bad = [...ok, op('c1', { op: 'getData', path: '/fz/k1' }, { rc: 'OK', zxid: 11, data: 'a', stat: { version: 0, mzxid: 10 } })];
    const rep2 = checkZkHistory(bad);
    expect(rep2.ok).toBe(false);
    expect(rep2.problems.join('\n')).toMatch(/linearizability of \/fz\/k1/);
  });

  it('treats ConnectionLoss as indeterminate and catches lost acknowledged writes', () => {
    t = 0;
    const h = [
      op('c1', { op: 'create', path: '/fz/k1', data: 'a', mode: 'PERSISTENT' }, { rc: 'ConnectionLoss' }),
      op('c2', { op: 'exists', path: '/fz/k1' }, { rc: 'OK', zxid: 5, stat: { version: 0, mzxid: 5 } }),
    ];
    expect(checkZkHistory(h).ok).toBe(true);
    t = 0;
    const lost = [
      op('c1', { op: 'create', path: '/fz/k1', data: 'a', mode: 'PERSISTENT' }, { rc: 'OK', zxid: 5 }),
      op('c1', { op: 'create', path: '/fz/k1', data: 'b', mode: 'PERSISTENT' }, { rc: 'OK', zxid: 6 }),
    ];
    expect(checkZkHistory(lost).ok).toBe(false);
  });

  it('checks zxid order per session and sequential suffixes', () => {
    t = 0;
    const h = [
      op('c1', { op: 'getData', path: '/x' }, { rc: 'NoNode', zxid: 20 }),
      op('c1', { op: 'exists', path: '/x' }, { rc: 'NoNode', zxid: 19 }),
      op('c1', { op: 'create', path: '/seq/q-', mode: 'PERSISTENT_SEQUENTIAL' }, { rc: 'OK', zxid: 30, path: '/seq/q-0000000002' }),
      op('c2', { op: 'create', path: '/seq/q-', mode: 'PERSISTENT_SEQUENTIAL' }, { rc: 'OK', zxid: 31, path: '/seq/q-0000000001' }),
    ];
    const rep = checkZkHistory(h);
    expect(rep.problems.some((p) => p.startsWith('session order'))).toBe(true);
    expect(rep.problems.some((p) => p.startsWith('sequential'))).toBe(true);
  });

  it('checks the children set of the keys parent', () => {
    t = 0;
    const h = [
      op('c1', { op: 'create', path: '/fz/k1', data: 'a', mode: 'PERSISTENT' }, { rc: 'OK', zxid: 5 }),
      op('c1', { op: 'getChildren', path: '/fz' }, { rc: 'OK', zxid: 5, children: [] }),
    ];
    expect(checkZkHistory(h).ok).toBe(false);
    t = 0;
    const h2 = [
      op('c1', { op: 'multi', ops: [{ op: 'create', path: '/fz/k1', data: 'a', mode: 'PERSISTENT' }, { op: 'create', path: '/fz/k2', data: 'b', mode: 'PERSISTENT' }] }, { rc: 'OK', zxid: 5, results: [{ rc: 'OK' }, { rc: 'OK' }] }),
      op('c1', { op: 'getChildren', path: '/fz' }, { rc: 'OK', zxid: 5, children: ['k1', 'k2'] }),
      op('c2', { op: 'multi', ops: [{ op: 'check', path: '/fz/k1', version: 0 }, { op: 'setData', path: '/fz/k1', data: 'z', version: -1 }] }, { rc: 'OK', zxid: 6, results: [{ rc: 'OK' }, { rc: 'OK', stat: { version: 1 } }] }),
      op('c2', { op: 'getData', path: '/fz/k1' }, { rc: 'OK', zxid: 6, data: 'z', stat: { version: 1, mzxid: 6 } }),
    ];
    expect(checkZkHistory(h2).problems).toEqual([]);
  });
});

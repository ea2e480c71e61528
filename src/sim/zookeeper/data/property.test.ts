import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTAINER_OWNER, NO_SESSION } from './constants';
import { makeZxid } from './ids';
import { prepRequest } from './prep';
import { S1, S2 } from './testutil';
import { applyTxn, createDataTree, nodeCount, toStat } from './tree';
import type { CreateMode, DataTree, SessionId, Txn, WriteRequest } from './types';

const paths = ['/a', '/b', '/a/x', '/a/y', '/b/x', '/a/x/z', '/q'];
const modes: CreateMode[] = ['PERSISTENT', 'EPHEMERAL', 'PERSISTENT_SEQUENTIAL', 'EPHEMERAL_SEQUENTIAL', 'CONTAINER'];

const simpleOp: fc.Arbitrary<WriteRequest> = fc.oneof(
  fc.record({
    op: fc.constant('create' as const),
    path: fc.constantFrom(...paths),
    data: fc.oneof(fc.constant(null), fc.string({ maxLength: 4 })),
    mode: fc.constantFrom(...modes),
  }),
  fc.record({ op: fc.constant('delete' as const), path: fc.constantFrom(...paths), version: fc.integer({ min: -1, max: 2 }) }),
  fc.record({
    op: fc.constant('setData' as const),
    path: fc.constantFrom(...paths),
    data: fc.oneof(fc.constant(null), fc.string({ maxLength: 4 })),
    version: fc.integer({ min: -1, max: 2 }),
  }),
  fc.record({ op: fc.constant('check' as const), path: fc.constantFrom(...paths), version: fc.integer({ min: -1, max: 2 }) }),
);

const anyOp: fc.Arbitrary<[WriteRequest, SessionId]> = fc.tuple(
  fc.oneof({ weight: 4, arbitrary: simpleOp }, { weight: 1, arbitrary: fc.array(simpleOp, { minLength: 1, maxLength: 3 }).map((ops) => ({ op: 'multi' as const, ops })) }),
  fc.constantFrom(S1, S2),
);

function assert(cond: boolean, msg: string): void {
  if (!cond) throw new Error('invariant: ' + msg);
}

/** Tree invariants (plain asserts: this runs thousands of times). */
function checkInvariants(tree: DataTree): void {
  let count = 0;
  for (const [path, n] of Object.entries(tree.nodes)) {
    count++;
    const s = toStat(n);
    const minStored = path === '/' || path === '/zookeeper' ? 0 : n.children.length;
    assert(n.stat.cversion >= minStored, `stored cversion of ${path} >= numChildren`);
    assert(s.cversion === 2 * n.stat.cversion - n.children.length, `reported cversion of ${path}`);
    assert(n.stat.pzxid >= n.stat.czxid, `pzxid >= czxid for ${path}`);
    for (let i = 1; i < n.children.length; i++) assert((n.children[i - 1] as string) < (n.children[i] as string), `children of ${path} sorted`);
    for (const c of n.children) assert(tree.nodes[path === '/' ? '/' + c : path + '/' + c] !== undefined, `child ${c} of ${path} exists`);
    const owner = n.stat.ephemeralOwner;
    if (owner !== NO_SESSION && owner !== CONTAINER_OWNER) {
      assert((tree.ephemerals[owner] ?? []).includes(path), `${path} listed under its owner`);
      assert(n.children.length === 0, `ephemeral ${path} has no children`);
    }
    if (owner === CONTAINER_OWNER) assert(tree.containers.includes(path), `container ${path} listed`);
  }
  assert(nodeCount(tree) === count + 1, 'nodeCount counts the root twice');
  for (const [owner, list] of Object.entries(tree.ephemerals)) {
    for (const p of list) assert(tree.nodes[p]?.stat.ephemeralOwner === owner, `${p} owned by ${owner}`);
  }
}

describe('properties', () => {
  it('pipelined prep (against outstanding txns) gives the same txns and tree as prep-then-apply one by one', () => {
    fc.assert(
      fc.property(fc.array(anyOp, { maxLength: 25 }), (ops) => {
        const seqTree = createDataTree();
        const pipeTree = createDataTree();
        const seqTxns: Txn[] = [];
        const outstanding: Txn[] = [];
        ops.forEach(([req, session], i) => {
          const meta = { sessionId: session, zxid: makeZxid(1, i + 1), time: 1000 + i };
          const t = prepRequest(seqTree, [], req, meta);
          seqTxns.push(t);
          applyTxn(seqTree, t);
          checkInvariants(seqTree);
          outstanding.push(prepRequest(pipeTree, outstanding, req, meta));
        });
        expect(outstanding).toEqual(seqTxns);
        for (const t of outstanding) {
          const r = applyTxn(pipeTree, t);
          // a prepped txn never fails at apply time, except as the error it already is
          if (t.type !== 'error' && t.type !== 'multi') expect(r.rc).toBe('OK');
        }
        expect(pipeTree).toEqual(seqTree);
      }),
      { numRuns: 300 },
    );
  });

  it('closing a session removes exactly its ephemerals and leaves the invariants intact', () => {
    fc.assert(
      fc.property(fc.array(anyOp, { maxLength: 20 }), fc.constantFrom(S1, S2), (ops, victim) => {
        const tree = createDataTree();
        let zxid = makeZxid(1, 0);
        for (const [req, session] of ops) applyTxn(tree, prepRequest(tree, [], req, { sessionId: session, zxid: ++zxid, time: 1 }));
        const mine = [...(tree.ephemerals[victim] ?? [])];
        const before = Object.keys(tree.nodes).length;
        const t = prepRequest(tree, [], { op: 'closeSession', sessionId: victim }, { sessionId: victim, zxid: zxid + 1, time: 2 });
        expect(t).toMatchObject({ type: 'closeSession', paths: mine });
        const r = applyTxn(tree, t);
        expect(r.deleted).toEqual(mine);
        expect(Object.keys(tree.nodes).length).toBe(before - mine.length);
        expect(tree.ephemerals[victim]).toBeUndefined();
        checkInvariants(tree);
      }),
      { numRuns: 200 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { prepRequest, txnErrorCode } from './prep';
import { create, newDb, S1, S2, write } from './testutil';
import { applyTxn, getNode, statOf } from './tree';
import type { Txn, WriteRequest } from './types';

const meta = (zxid: number, sessionId = S1) => ({ sessionId, zxid, time: 5000 + zxid });

describe('check order (PrepRequestProcessor)', () => {
  it('create: NoNode(parent) before NodeExists before NoChildrenForEphemerals', () => {
    const db = newDb();
    create(db, '/a');
    write(db, { op: 'create', path: '/e', data: null, mode: 'EPHEMERAL' });
    expect(write(db, { op: 'create', path: '/x/y', data: null, mode: 'PERSISTENT' }).txn).toMatchObject({ type: 'error', err: 'NoNode', path: '/x/y' });
    expect(write(db, { op: 'create', path: '/a', data: null, mode: 'PERSISTENT' }).txn).toMatchObject({ type: 'error', err: 'NodeExists' });
    expect(write(db, { op: 'create', path: '/e/c', data: null, mode: 'PERSISTENT' }).txn).toMatchObject({ type: 'error', err: 'NoChildrenForEphemerals' });
    // an existing "child" of an ephemeral is impossible, but the NodeExists check comes first anyway:
    expect(write(db, { op: 'create', path: '/e', data: null, mode: 'EPHEMERAL' }).txn).toMatchObject({ err: 'NodeExists' });
  });

  it('delete: special paths → BadArguments, then NoNode, then BadVersion before NotEmpty', () => {
    const db = newDb();
    create(db, '/a');
    create(db, '/a/b');
    for (const p of ['/', '/zookeeper', '/zookeeper/quota', '/zookeeper/config']) {
      expect(write(db, { op: 'delete', path: p, version: -1 }).txn).toMatchObject({ type: 'error', err: 'BadArguments' });
    }
    expect(write(db, { op: 'delete', path: '/nope', version: -1 }).txn).toMatchObject({ err: 'NoNode' });
    expect(write(db, { op: 'delete', path: '/a', version: 7 }).txn).toMatchObject({ err: 'BadVersion' });
    expect(write(db, { op: 'delete', path: '/a', version: 0 }).txn).toMatchObject({ err: 'NotEmpty' });
    expect(write(db, { op: 'delete', path: '/a', version: -1 }).txn).toMatchObject({ err: 'NotEmpty' });
    expect(write(db, { op: 'delete', path: '/a/b', version: 0 }).res.rc).toBe('OK');
  });

  it('setData: NoNode, then BadVersion; the version rule is checkAndIncVersion', () => {
    const db = newDb();
    create(db, '/a', 'x');
    expect(write(db, { op: 'setData', path: '/nope', data: 'y', version: -1 }).txn).toMatchObject({ err: 'NoNode' });
    expect(write(db, { op: 'setData', path: '/a', data: 'y', version: 1 }).txn).toMatchObject({ err: 'BadVersion' });
    expect(write(db, { op: 'setData', path: '/a', data: 'y', version: 0 }).txn).toMatchObject({ type: 'setData', version: 1 });
    expect(write(db, { op: 'setData', path: '/a', data: 'z', version: -1 }).txn).toMatchObject({ type: 'setData', version: 2 });
  });

  it('paths without a slash are BadArguments on the server (the client rejects them earlier)', () => {
    const db = newDb();
    expect(write(db, { op: 'create', path: 'a', data: null, mode: 'PERSISTENT' }).txn).toMatchObject({ err: 'BadArguments' });
    expect(write(db, { op: 'delete', path: 'a', version: -1 }).txn).toMatchObject({ err: 'BadArguments' });
    expect(write(db, { op: 'setData', path: '/a//b', data: null, version: -1 }).txn).toMatchObject({ err: 'BadArguments' });
  });

  it('TTL needs extendedTypesEnabled (Unimplemented) and 0 < ttl <= 2^40-1 (BadArguments)', () => {
    const db = newDb();
    expect(write(db, { op: 'create', path: '/t', data: null, mode: 'PERSISTENT_WITH_TTL', ttl: 100 }).txn).toMatchObject({ err: 'Unimplemented' });
    const on = { extendedTypesEnabled: true };
    expect(write(db, { op: 'create', path: '/t', data: null, mode: 'PERSISTENT_WITH_TTL', ttl: 0 }, S1, on).txn).toMatchObject({ err: 'BadArguments' });
    expect(write(db, { op: 'create', path: '/t', data: null, mode: 'PERSISTENT_WITH_TTL', ttl: 2 ** 40 }, S1, on).txn).toMatchObject({ err: 'BadArguments' });
    expect(write(db, { op: 'create', path: '/t', data: null, mode: 'PERSISTENT_SEQUENTIAL_WITH_TTL', ttl: 100 }, S1, on).res).toMatchObject({ rc: 'OK', path: '/t0000000000' });
  });

  it('a session the leader does not know, or that is closing, gets SessionExpired', () => {
    const db = newDb();
    const live = { liveSessions: { [S1]: 'open' as const, [S2]: 'closing' as const } };
    expect(write(db, { op: 'create', path: '/a', data: null, mode: 'PERSISTENT' }, S1, live).res.rc).toBe('OK');
    expect(write(db, { op: 'create', path: '/b', data: null, mode: 'PERSISTENT' }, S2, live).txn).toMatchObject({ err: 'SessionExpired' });
    expect(write(db, { op: 'setData', path: '/a', data: null, version: -1 }, '0x99', live).txn).toMatchObject({ err: 'SessionExpired' });
  });

  it('deleteContainer: NotEmpty, and BadVersion for an ephemeral', () => {
    const db = newDb();
    write(db, { op: 'create', path: '/c', data: null, mode: 'CONTAINER' });
    create(db, '/c/x');
    write(db, { op: 'create', path: '/e', data: null, mode: 'EPHEMERAL' });
    expect(write(db, { op: 'deleteContainer', path: '/c' }).txn).toMatchObject({ err: 'NotEmpty' });
    expect(write(db, { op: 'deleteContainer', path: '/e' }).txn).toMatchObject({ err: 'BadVersion' });
  });
});

describe('failed writes consume a zxid', () => {
  it('the standalone worked example: session 0x1, create 0x2, failed create 0x3, sequential 0x4', () => {
    const db = newDb(0);
    const s = write(db, { op: 'createSession', sessionId: S1, timeoutMs: 30000 }).txn;
    expect(s.zxid).toBe(1);
    expect(write(db, { op: 'create', path: '/a', data: 'x', mode: 'PERSISTENT' }).txn.zxid).toBe(2);
    const failed = write(db, { op: 'create', path: '/a', data: 'y', mode: 'PERSISTENT' }).txn;
    expect(failed).toMatchObject({ zxid: 3, type: 'error', err: 'NodeExists' });
    // the failed create did not touch the parent's stored cversion
    expect(getNode(db.tree, '/')?.stat.cversion).toBe(1);
    const seq = write(db, { op: 'create', path: '/s', data: null, mode: 'PERSISTENT_SEQUENTIAL' });
    expect(seq.txn.zxid).toBe(4);
    expect(seq.res.path).toBe('/s0000000001');
    expect(statOf(db.tree, '/')).toMatchObject({ cversion: 1, pzxid: 4, numChildren: 3 });
    expect(db.tree.lastProcessedZxid).toBe(4);
  });
});

describe('sequential names', () => {
  it('use the parent’s stored create counter, advanced by every successful child create only', () => {
    const db = newDb();
    create(db, '/q');
    const seq = (): string | undefined => write(db, { op: 'create', path: '/q/n-', data: null, mode: 'PERSISTENT_SEQUENTIAL' }).res.path;
    expect(seq()).toBe('/q/n-0000000000');
    create(db, '/q/plain'); // non-sequential creates advance it too
    expect(seq()).toBe('/q/n-0000000002');
    write(db, { op: 'delete', path: '/q/plain', version: -1 }); // deletes never change it
    create(db, '/q/plain'); // 3
    write(db, { op: 'create', path: '/q/plain', data: null, mode: 'PERSISTENT' }); // failed: no change
    expect(seq()).toBe('/q/n-0000000004');
    // the reported cversion is not the next sequence number
    expect(statOf(db.tree, '/q')?.cversion).toBe(2 * 5 - 4);
  });

  it('a sequential path may end with / (create -s /q/)', () => {
    const db = newDb();
    create(db, '/q');
    expect(write(db, { op: 'create', path: '/q/', data: null, mode: 'PERSISTENT_SEQUENTIAL' }).res.path).toBe('/q/0000000000');
  });

  it('ephemeral sequential nodes are owned by the session', () => {
    const db = newDb();
    create(db, '/l');
    const r = write(db, { op: 'create', path: '/l/lock-', data: null, mode: 'EPHEMERAL_SEQUENTIAL' }, S2).res;
    expect(r.path).toBe('/l/lock-0000000000');
    expect(statOf(db.tree, '/l/lock-0000000000')?.ephemeralOwner).toBe(S2);
    expect(db.tree.ephemerals[S2]).toEqual(['/l/lock-0000000000']);
  });
});

describe('multi', () => {
  it('all ops share one zxid and succeed together', () => {
    const db = newDb();
    create(db, '/m', 'v');
    const { txn, res } = write(db, {
      op: 'multi',
      ops: [
        { op: 'check', path: '/m', version: 0 },
        { op: 'create', path: '/m/a', data: '1', mode: 'PERSISTENT' },
        { op: 'create', path: '/m/s-', data: null, mode: 'PERSISTENT_SEQUENTIAL' },
        { op: 'create', path: '/m/s-', data: null, mode: 'PERSISTENT_SEQUENTIAL' },
        { op: 'setData', path: '/m/a', data: '2', version: 0 },
      ],
    });
    expect(txn.type).toBe('multi');
    expect(res.rc).toBe('OK');
    expect(res.results?.map((r) => [r.type, r.rc, r.path])).toEqual([
      ['check', 'OK', undefined],
      ['create', 'OK', '/m/a'],
      ['create', 'OK', '/m/s-0000000001'],
      ['create', 'OK', '/m/s-0000000002'],
      ['setData', 'OK', undefined],
    ]);
    expect(statOf(db.tree, '/m/a')).toMatchObject({ czxid: txn.zxid, mzxid: txn.zxid, version: 1 });
    expect(res.triggers.map((t) => `${t.type} ${t.path}`)).toEqual([
      'NodeCreated /m/a',
      'NodeChildrenChanged /m',
      'NodeCreated /m/s-0000000001',
      'NodeChildrenChanged /m',
      'NodeCreated /m/s-0000000002',
      'NodeChildrenChanged /m',
      'NodeDataChanged /m/a',
    ]);
  });

  it('a failing op makes the multi fail: OK before it, its code, RuntimeInconsistency after; nothing changes', () => {
    const db = newDb();
    create(db, '/m');
    const before = structuredClone(db.tree.nodes);
    const { txn, res } = write(db, {
      op: 'multi',
      ops: [
        { op: 'create', path: '/m/a', data: null, mode: 'PERSISTENT' },
        { op: 'delete', path: '/nope', version: -1 },
        { op: 'create', path: '/m/b', data: null, mode: 'PERSISTENT' },
      ],
    });
    expect(txn).toMatchObject({ type: 'multi', txns: [{ type: 'create' }, { type: 'error', err: 'NoNode' }, { type: 'error', err: 'RuntimeInconsistency' }] });
    expect(txnErrorCode(txn)).toBe('NoNode');
    expect(res.rc).toBe('NoNode');
    expect(res.results?.map((r) => r.rc)).toEqual(['OK', 'NoNode', 'RuntimeInconsistency']);
    expect(res.triggers).toEqual([]);
    expect(db.tree.nodes).toEqual(before);
    expect(db.tree.lastProcessedZxid).toBe(txn.zxid);
  });

  it('sub-ops see the earlier sub-ops (delete leaf then parent in one multi)', () => {
    const db = newDb();
    create(db, '/d');
    create(db, '/d/x');
    const { res } = write(db, { op: 'multi', ops: [{ op: 'delete', path: '/d/x', version: -1 }, { op: 'delete', path: '/d', version: -1 }] });
    expect(res.rc).toBe('OK');
    expect(getNode(db.tree, '/d')).toBeUndefined();
  });
});

describe('outstanding (proposed, not yet applied) txns', () => {
  it('a pipelined create sees the parent and sequence counter of pending creates', () => {
    const db = newDb();
    create(db, '/q');
    const out: Txn[] = [];
    const prep = (req: WriteRequest): Txn => {
      db.zxid++;
      const t = prepRequest(db.tree, out, req, meta(db.zxid));
      out.push(t);
      return t;
    };
    const t1 = prep({ op: 'create', path: '/q/a', data: null, mode: 'PERSISTENT' });
    const t2 = prep({ op: 'create', path: '/q/a/b', data: null, mode: 'PERSISTENT' }); // parent only pending
    const t3 = prep({ op: 'create', path: '/q/s-', data: null, mode: 'PERSISTENT_SEQUENTIAL' });
    const t4 = prep({ op: 'create', path: '/q/a', data: null, mode: 'PERSISTENT' }); // exists (pending)
    const t5 = prep({ op: 'delete', path: '/q/a', version: -1 }); // has a pending child
    expect(t1.type).toBe('create');
    expect(t2.type).toBe('create');
    expect(t3).toMatchObject({ type: 'create', path: '/q/s-0000000001', parentCVersion: 2 });
    expect(t4).toMatchObject({ type: 'error', err: 'NodeExists' });
    expect(t5).toMatchObject({ type: 'error', err: 'NotEmpty' });
    for (const t of out) applyTxn(db.tree, t);
    expect(getNode(db.tree, '/q/a/b')).toBeDefined();
    // once applied, the outstanding list is ignored (zxid <= lastProcessedZxid)
    db.zxid++;
    expect(prepRequest(db.tree, out, { op: 'create', path: '/q/s-', data: null, mode: 'PERSISTENT_SEQUENTIAL' }, meta(db.zxid))).toMatchObject({ path: '/q/s-0000000002' });
  });

  it('a pending delete or setData is seen by the next request', () => {
    const db = newDb();
    create(db, '/a', 'x');
    const t1 = prepRequest(db.tree, [], { op: 'setData', path: '/a', data: 'y', version: 0 }, meta(++db.zxid));
    const t2 = prepRequest(db.tree, [t1], { op: 'setData', path: '/a', data: 'z', version: 0 }, meta(++db.zxid));
    expect(t2).toMatchObject({ type: 'error', err: 'BadVersion' });
    const t3 = prepRequest(db.tree, [t1, t2], { op: 'delete', path: '/a', version: 1 }, meta(++db.zxid));
    expect(t3.type).toBe('delete');
    const t4 = prepRequest(db.tree, [t1, t2, t3], { op: 'setData', path: '/a', data: 'w', version: -1 }, meta(++db.zxid));
    expect(t4).toMatchObject({ type: 'error', err: 'NoNode' });
  });

  it('a failed multi leaves no pending changes behind', () => {
    const db = newDb();
    const m = prepRequest(db.tree, [], { op: 'multi', ops: [{ op: 'create', path: '/x', data: null, mode: 'PERSISTENT' }, { op: 'delete', path: '/nope', version: -1 }] }, meta(++db.zxid));
    const t = prepRequest(db.tree, [m], { op: 'create', path: '/x', data: null, mode: 'PERSISTENT' }, meta(++db.zxid));
    expect(t.type).toBe('create');
  });

  it('3.8 quirk: a pending closeSession does not lower its parents’ child counts (digest enabled)', () => {
    const db = newDb();
    create(db, '/p');
    write(db, { op: 'create', path: '/p/e', data: null, mode: 'EPHEMERAL' }, S1);
    const close = prepRequest(db.tree, [], { op: 'closeSession', sessionId: S1 }, meta(++db.zxid, S1));
    expect(prepRequest(db.tree, [close], { op: 'delete', path: '/p', version: -1 }, meta(++db.zxid, S2))).toMatchObject({ err: 'NotEmpty' });
    applyTxn(db.tree, close);
    expect(prepRequest(db.tree, [close], { op: 'delete', path: '/p', version: -1 }, meta(++db.zxid, S2)).type).toBe('delete');
  });

  it('closeSession collects ephemerals created or deleted by pending txns', () => {
    const db = newDb();
    write(db, { op: 'create', path: '/e1', data: null, mode: 'EPHEMERAL' }, S1);
    write(db, { op: 'create', path: '/e2', data: null, mode: 'EPHEMERAL' }, S1);
    const a = prepRequest(db.tree, [], { op: 'create', path: '/e3', data: null, mode: 'EPHEMERAL' }, meta(++db.zxid, S1));
    const b = prepRequest(db.tree, [a], { op: 'delete', path: '/e1', version: -1 }, meta(++db.zxid, S2));
    const c = prepRequest(db.tree, [a, b], { op: 'closeSession', sessionId: S1 }, meta(++db.zxid, S1));
    expect(c).toMatchObject({ type: 'closeSession', sessionId: S1, paths: ['/e2', '/e3'] });
    for (const t of [a, b, c]) applyTxn(db.tree, t);
    expect(Object.keys(db.tree.nodes).filter((p) => p.startsWith('/e'))).toEqual([]);
  });
});

describe('setACL', () => {
  it('checks the aclVersion and ADMIN permission; InvalidACL for an empty list or bad scheme', () => {
    const db = newDb();
    create(db, '/a');
    expect(write(db, { op: 'setACL', path: '/a', acl: [], version: -1 }).txn).toMatchObject({ err: 'InvalidACL' });
    expect(write(db, { op: 'setACL', path: '/a', acl: [{ scheme: 'bogus', id: 'x', perms: 31 }], version: -1 }).txn).toMatchObject({ err: 'InvalidACL' });
    expect(write(db, { op: 'setACL', path: '/a', acl: [{ scheme: 'auth', id: '', perms: 31 }], version: -1 }).txn).toMatchObject({ err: 'InvalidACL' });
    expect(write(db, { op: 'setACL', path: '/a', acl: [{ scheme: 'world', id: 'anyone', perms: 1 }], version: 3 }).txn).toMatchObject({ err: 'BadVersion' });
    expect(write(db, { op: 'setACL', path: '/a', acl: [{ scheme: 'world', id: 'anyone', perms: 1 }], version: 0 }).txn).toMatchObject({ type: 'setACL', version: 1 });
    expect(write(db, { op: 'setACL', path: '/a', acl: [{ scheme: 'world', id: 'anyone', perms: 31 }], version: -1 }).txn).toMatchObject({ err: 'NoAuth' });
    expect(write(db, { op: 'setACL', path: '/a', acl: [{ scheme: 'world', id: 'anyone', perms: 31 }], version: -1 }, S1, { authIds: [{ scheme: 'super', id: 'admin' }] }).res.rc).toBe('OK');
  });
});

import { describe, expect, it } from 'vitest';
import { expiredContainersAndTtls } from './containers';
import { CONTAINER_OWNER } from './constants';
import { create, newDb, S1, S2, write } from './testutil';
import { applyTxn, approximateDataSize, createDataTree, getNode, listSubTreeBFS, nodeCount, readRequest, statOf } from './tree';
import type { DataTree } from './types';

describe('createDataTree (DataTree constructor)', () => {
  it('has /, /zookeeper, /zookeeper/quota, /zookeeper/config and counts 5 nodes', () => {
    const t = createDataTree();
    expect(Object.keys(t.nodes).sort()).toEqual(['/', '/zookeeper', '/zookeeper/config', '/zookeeper/quota']);
    expect(nodeCount(t)).toBe(5);
    expect(readRequest(t, { op: 'getAllChildrenNumber', path: '/' }, S1)).toEqual({ rc: 'OK', count: 3 });
  });

  it('root data is the empty string, not null; all stats are 0', () => {
    const t = createDataTree();
    expect(getNode(t, '/')?.data).toBe('');
    expect(statOf(t, '/')).toEqual({
      czxid: 0, mzxid: 0, pzxid: 0, ctime: 0, mtime: 0, version: 0, cversion: -1, aversion: 0,
      ephemeralOwner: '0x0', dataLength: 0, numChildren: 1,
    });
  });

  it('fresh / reports cversion -1 and /zookeeper -2', () => {
    const t = createDataTree();
    expect(statOf(t, '/')?.cversion).toBe(-1);
    expect(statOf(t, '/zookeeper')?.cversion).toBe(-2);
    expect(statOf(t, '/zookeeper/quota')?.cversion).toBe(0);
  });

  it('/zookeeper/config is world:anyone:r with aclVersion -1; a quorum writes its membership with version -1', () => {
    const t = createDataTree();
    expect(getNode(t, '/zookeeper/config')?.acl).toEqual([{ scheme: 'world', id: 'anyone', perms: 1 }]);
    expect(statOf(t, '/zookeeper/config')?.aversion).toBe(-1);
    const q = createDataTree({ quorumConfig: 'server.1=zoo1:2888:3888:participant;0.0.0.0:2181\nversion=0', configTime: 5000 });
    const r = readRequest(q, { op: 'getData', path: '/zookeeper/config', watch: false }, S1);
    expect(r.data).toBe('server.1=zoo1:2888:3888:participant;0.0.0.0:2181\nversion=0');
    expect(r.stat?.version).toBe(-1);
    expect(r.stat?.mtime).toBe(5000);
    expect(r.stat?.dataLength).toBe(r.data?.length);
  });

  it('is plain JSON data that survives structuredClone and JSON', () => {
    const db = newDb();
    create(db, '/a', 'x');
    write(db, { op: 'create', path: '/a/e', data: 'y', mode: 'EPHEMERAL' });
    const copy = structuredClone(db.tree);
    expect(copy).toEqual(db.tree);
    expect(JSON.parse(JSON.stringify(db.tree)) as DataTree).toEqual(db.tree);
  });
});

describe('stat updates (DataTree.processTxn)', () => {
  it('create sets czxid/mzxid/pzxid/ctime/mtime and bumps the parent', () => {
    const db = newDb();
    write(db, { op: 'createSession', sessionId: S1, timeoutMs: 30000 }); // 0x100000001
    const r = create(db, '/a', 'x'); // 0x100000002
    expect(r.rc).toBe('OK');
    expect(r.path).toBe('/a');
    const a = statOf(db.tree, '/a');
    expect(a).toMatchObject({ czxid: 0x100000002, mzxid: 0x100000002, pzxid: 0x100000002, version: 0, cversion: 0, aversion: 0, ephemeralOwner: '0x0', dataLength: 1, numChildren: 0 });
    expect(a?.ctime).toBe(a?.mtime);
    const root = statOf(db.tree, '/');
    expect(root?.pzxid).toBe(0x100000002);
    expect(getNode(db.tree, '/')?.stat.cversion).toBe(1); // stored
    expect(root?.cversion).toBe(0); // 2*1 - 2
    expect(db.tree.lastProcessedZxid).toBe(0x100000002);
  });

  it('setData changes mzxid/mtime/version even when the data is identical', () => {
    const db = newDb();
    create(db, '/a', 'x');
    const before = statOf(db.tree, '/a');
    const { res } = write(db, { op: 'setData', path: '/a', data: 'x', version: -1 });
    expect(res.rc).toBe('OK');
    expect(res.triggers).toEqual([{ path: '/a', type: 'NodeDataChanged' }]);
    const after = statOf(db.tree, '/a');
    expect(after?.version).toBe(1);
    expect(after?.mzxid).toBe(db.zxid);
    expect(after?.mtime).toBeGreaterThan(before?.mtime ?? 0);
    expect(after?.czxid).toBe(before?.czxid);
    expect(after?.pzxid).toBe(before?.pzxid);
    expect(res.stat).toEqual(after);
  });

  it('child delete bumps the reported cversion, keeps the stored one, moves pzxid', () => {
    const db = newDb();
    create(db, '/p');
    create(db, '/p/a');
    create(db, '/p/b');
    expect(statOf(db.tree, '/p')?.cversion).toBe(2);
    write(db, { op: 'delete', path: '/p/a', version: -1 });
    const p = statOf(db.tree, '/p');
    expect(getNode(db.tree, '/p')?.stat.cversion).toBe(2);
    expect(p?.cversion).toBe(3); // 2*2 - 1
    expect(p?.numChildren).toBe(1);
    expect(p?.pzxid).toBe(db.zxid);
    expect(p?.mzxid).toBe(getNode(db.tree, '/p')?.stat.czxid);
  });

  it('null data has dataLength 0; UTF-8 length otherwise', () => {
    const db = newDb();
    create(db, '/n', null);
    create(db, '/u', 'héllo');
    expect(readRequest(db.tree, { op: 'getData', path: '/n', watch: false }, S1)).toMatchObject({ rc: 'OK', data: null, stat: { dataLength: 0 } });
    expect(statOf(db.tree, '/u')?.dataLength).toBe(6);
  });

  it('setACL bumps aversion and fires nothing', () => {
    const db = newDb();
    create(db, '/a');
    const { res } = write(db, { op: 'setACL', path: '/a', acl: [{ scheme: 'world', id: 'anyone', perms: 1 }], version: 0 });
    expect(res.rc).toBe('OK');
    expect(res.triggers).toEqual([]);
    expect(statOf(db.tree, '/a')?.aversion).toBe(1);
    expect(getNode(db.tree, '/a')?.acl).toEqual([{ scheme: 'world', id: 'anyone', perms: 1 }]);
  });

  it('an error txn changes nothing but lastProcessedZxid', () => {
    const db = newDb();
    create(db, '/a', 'x');
    const snapshot = structuredClone(db.tree.nodes);
    const { txn, res } = write(db, { op: 'create', path: '/a', data: 'y', mode: 'PERSISTENT' });
    expect(txn.type).toBe('error');
    expect(res).toEqual({ rc: 'NodeExists', path: '/a', triggers: [] });
    expect(db.tree.nodes).toEqual(snapshot);
    expect(db.tree.lastProcessedZxid).toBe(txn.zxid);
  });

  it('a create that meets an existing node at apply time fails with NodeExists', () => {
    const db = newDb();
    const { txn } = write(db, { op: 'create', path: '/a', data: null, mode: 'PERSISTENT' });
    const again = applyTxn(db.tree, { ...txn, zxid: txn.zxid + 5 });
    expect(again.rc).toBe('NodeExists');
    expect(again.triggers).toEqual([]);
  });
});

describe('sessions and ephemerals', () => {
  it('createSession/closeSession maintain the session table; closeSession deletes ephemerals at its zxid', () => {
    const db = newDb();
    write(db, { op: 'createSession', sessionId: S1, timeoutMs: 30000 }, S1);
    expect(db.tree.sessions).toEqual({ [S1]: 30000 });
    create(db, '/live', '');
    write(db, { op: 'create', path: '/live/w', data: 'a', mode: 'EPHEMERAL' }, S1);
    write(db, { op: 'create', path: '/live/l-', data: 'b', mode: 'EPHEMERAL_SEQUENTIAL' }, S1);
    expect(db.tree.ephemerals[S1]).toEqual(['/live/l-0000000001', '/live/w']);
    expect(statOf(db.tree, '/live/w')?.ephemeralOwner).toBe(S1);
    const { txn, res } = write(db, { op: 'closeSession', sessionId: S1 }, S1);
    expect(txn).toMatchObject({ type: 'closeSession', sessionId: S1, paths: ['/live/l-0000000001', '/live/w'] });
    expect(res.deleted).toEqual(['/live/l-0000000001', '/live/w']);
    expect(res.triggers).toEqual([
      { path: '/live/l-0000000001', type: 'NodeDeleted' },
      { path: '/live', type: 'NodeChildrenChanged' },
      { path: '/live/w', type: 'NodeDeleted' },
      { path: '/live', type: 'NodeChildrenChanged' },
    ]);
    expect(db.tree.sessions).toEqual({});
    expect(db.tree.ephemerals[S1]).toBeUndefined();
    const live = statOf(db.tree, '/live');
    expect(live?.pzxid).toBe(txn.zxid);
    expect(live?.cversion).toBe(4);
  });

  it('getEphemerals lists the calling session’s ephemerals under a prefix', () => {
    const db = newDb();
    create(db, '/a');
    write(db, { op: 'create', path: '/a/x', data: null, mode: 'EPHEMERAL' }, S1);
    write(db, { op: 'create', path: '/b', data: null, mode: 'EPHEMERAL' }, S1);
    write(db, { op: 'create', path: '/c', data: null, mode: 'EPHEMERAL' }, S2);
    expect(readRequest(db.tree, { op: 'getEphemerals', path: '/' }, S1).paths).toEqual(['/a/x', '/b']);
    expect(readRequest(db.tree, { op: 'getEphemerals', path: '/a' }, S1).paths).toEqual(['/a/x']);
    expect(readRequest(db.tree, { op: 'getEphemerals', path: '/' }, S2).paths).toEqual(['/c']);
  });
});

describe('reads', () => {
  it('getChildren returns sorted children and the stat; missing nodes give NoNode', () => {
    const db = newDb();
    create(db, '/p');
    for (const c of ['b', 'a', 'C', 'a0']) create(db, '/p/' + c);
    const r = readRequest(db.tree, { op: 'getChildren', path: '/p', watch: false }, S1);
    expect(r.children).toEqual(['C', 'a', 'a0', 'b']);
    expect(r.stat?.numChildren).toBe(4);
    expect(readRequest(db.tree, { op: 'getChildren', path: '/nope', watch: false }, S1).rc).toBe('NoNode');
    expect(readRequest(db.tree, { op: 'exists', path: '/nope', watch: false }, S1)).toEqual({ rc: 'NoNode' });
  });

  it('getAllChildrenNumber counts all descendants; getACL gives the ACL', () => {
    const db = newDb();
    create(db, '/p');
    create(db, '/p/a');
    create(db, '/p/a/b');
    create(db, '/pq');
    expect(readRequest(db.tree, { op: 'getAllChildrenNumber', path: '/p' }, S1).count).toBe(2);
    expect(readRequest(db.tree, { op: 'getAllChildrenNumber', path: '/' }, S1).count).toBe(7);
    expect(nodeCount(db.tree)).toBe(9);
    expect(readRequest(db.tree, { op: 'getACL', path: '/p' }, S1).acl).toEqual([{ scheme: 'world', id: 'anyone', perms: 31 }]);
    expect(listSubTreeBFS(db.tree, '/p')).toEqual(['/p', '/p/a', '/p/a/b']);
    expect(approximateDataSize(db.tree)).toBeGreaterThan(0);
  });

  it('ACLs: world:anyone:r lets anyone read but not write', () => {
    const db = newDb();
    write(db, { op: 'create', path: '/r', data: 'x', mode: 'PERSISTENT', acl: [{ scheme: 'world', id: 'anyone', perms: 1 }] });
    expect(readRequest(db.tree, { op: 'getData', path: '/r', watch: false }, S1).rc).toBe('OK');
    expect(write(db, { op: 'setData', path: '/r', data: 'y', version: -1 }).res.rc).toBe('NoAuth');
    expect(write(db, { op: 'create', path: '/r/c', data: null, mode: 'PERSISTENT' }).res.rc).toBe('NoAuth');
    write(db, { op: 'create', path: '/w', data: 'x', mode: 'PERSISTENT', acl: [{ scheme: 'world', id: 'anyone', perms: 2 }] });
    expect(readRequest(db.tree, { op: 'getData', path: '/w', watch: false }, S1).rc).toBe('NoAuth');
    expect(write(db, { op: 'setData', path: '/zookeeper/config', data: 'y', version: -1 }).res.rc).toBe('NoAuth');
  });
});

describe('expiredContainersAndTtls (ContainerManager)', () => {
  it('containers are eligible once empty after having had a child (stored cversion > 0)', () => {
    const db = newDb();
    write(db, { op: 'create', path: '/c', data: null, mode: 'CONTAINER' });
    expect(getNode(db.tree, '/c')?.stat.ephemeralOwner).toBe(CONTAINER_OWNER);
    expect(statOf(db.tree, '/c')?.ephemeralOwner).toBe('0x0');
    expect(db.tree.containers).toEqual(['/c']);
    expect(expiredContainersAndTtls(db.tree, 1e9)).toEqual([]);
    expect(expiredContainersAndTtls(db.tree, 1e9, { maxNeverUsedIntervalMs: 10 })).toEqual(['/c']);
    create(db, '/c/x');
    expect(expiredContainersAndTtls(db.tree, 1e9)).toEqual([]);
    write(db, { op: 'delete', path: '/c/x', version: -1 });
    expect(expiredContainersAndTtls(db.tree, 1e9)).toEqual(['/c']);
    const { res } = write(db, { op: 'deleteContainer', path: '/c' });
    expect(res.rc).toBe('OK');
    expect(db.tree.containers).toEqual([]);
  });

  it('TTL nodes are eligible when childless and mtime is older than the ttl', () => {
    const db = newDb();
    const { res } = write(db, { op: 'create', path: '/t', data: null, mode: 'PERSISTENT_WITH_TTL', ttl: 500 }, S1, { extendedTypesEnabled: true });
    expect(res.rc).toBe('OK');
    const n = getNode(db.tree, '/t');
    expect(n?.stat.ephemeralOwner).toBe('0xff000000000001f4');
    expect(statOf(db.tree, '/t')?.ephemeralOwner).toBe('0x0');
    const mtime = n?.stat.mtime ?? 0;
    expect(expiredContainersAndTtls(db.tree, mtime + 500)).toEqual([]);
    expect(expiredContainersAndTtls(db.tree, mtime + 501)).toEqual(['/t']);
  });
});

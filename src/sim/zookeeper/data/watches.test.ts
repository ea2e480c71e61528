import { describe, expect, it } from 'vitest';
import { create, newDb, S1, S2, write } from './testutil';
import type { Db } from './testutil';
import type { WatchDelivery, WatchTable, WriteRequest } from './types';
import {
  addPersistentWatch,
  createWatchTable,
  dropWatcher,
  readWithWatch,
  registerWatch,
  removeWatches,
  setWatches,
  triggerWatches,
  watchCount,
  watchModeOf,
  watchesByPath,
  watchesByWatcher,
} from './watches';

function fire(db: Db, w: WatchTable, req: WriteRequest, session = S1): string[] {
  const { res } = write(db, req, session);
  return show(triggerWatches(w, res.triggers));
}

const show = (ds: WatchDelivery[]): string[] => ds.map((d) => `${d.watcher} ${d.event.type} ${d.event.path}`);

describe('registration asymmetry', () => {
  it('exists on a missing node registers (NodeCreated fires); getData/getChildren on a missing node do not', () => {
    const db = newDb();
    const w = createWatchTable();
    expect(readWithWatch(db.tree, w, { op: 'exists', path: '/a', watch: true }, S1).rc).toBe('NoNode');
    expect(readWithWatch(db.tree, w, { op: 'getData', path: '/a', watch: true }, S2).rc).toBe('NoNode');
    expect(readWithWatch(db.tree, w, { op: 'getChildren', path: '/a', watch: true }, S2).rc).toBe('NoNode');
    expect(watchCount(w)).toBe(1);
    expect(fire(db, w, { op: 'create', path: '/a', data: null, mode: 'PERSISTENT' })).toEqual([`${S1} NodeCreated /a`]);
    expect(watchCount(w)).toBe(0);
  });
});

describe('triggers', () => {
  it('create fires NodeCreated on the node and NodeChildrenChanged on the parent', () => {
    const db = newDb();
    const w = createWatchTable();
    create(db, '/p');
    readWithWatch(db.tree, w, { op: 'getChildren', path: '/p', watch: true }, S1);
    readWithWatch(db.tree, w, { op: 'exists', path: '/p/c', watch: true }, S2);
    expect(fire(db, w, { op: 'create', path: '/p/c', data: null, mode: 'PERSISTENT' })).toEqual([`${S2} NodeCreated /p/c`, `${S1} NodeChildrenChanged /p`]);
  });

  it('deleting /a sends NodeDeleted (not NodeChildrenChanged) to data AND child watchers of /a, once per connection', () => {
    const db = newDb();
    const w = createWatchTable();
    create(db, '/a');
    readWithWatch(db.tree, w, { op: 'getData', path: '/a', watch: true }, S1);
    readWithWatch(db.tree, w, { op: 'getChildren', path: '/a', watch: true }, S1);
    readWithWatch(db.tree, w, { op: 'getChildren', path: '/a', watch: true }, S2);
    readWithWatch(db.tree, w, { op: 'getChildren', path: '/', watch: true }, S2);
    expect(fire(db, w, { op: 'delete', path: '/a', version: -1 })).toEqual([`${S1} NodeDeleted /a`, `${S2} NodeDeleted /a`, `${S2} NodeChildrenChanged /`]);
    expect(watchCount(w)).toBe(0); // both of S1's watches were consumed
  });

  it('setData with the same bytes still fires NodeDataChanged; a one-time watch fires once', () => {
    const db = newDb();
    const w = createWatchTable();
    create(db, '/a', 'x');
    readWithWatch(db.tree, w, { op: 'getData', path: '/a', watch: true }, S1);
    readWithWatch(db.tree, w, { op: 'exists', path: '/a', watch: true }, S1); // same connection, same table: one event
    expect(fire(db, w, { op: 'setData', path: '/a', data: 'x', version: -1 })).toEqual([`${S1} NodeDataChanged /a`]);
    expect(fire(db, w, { op: 'setData', path: '/a', data: 'x', version: -1 })).toEqual([]);
  });

  it('setACL and failed writes fire nothing', () => {
    const db = newDb();
    const w = createWatchTable();
    create(db, '/a', 'x');
    readWithWatch(db.tree, w, { op: 'getData', path: '/a', watch: true }, S1);
    readWithWatch(db.tree, w, { op: 'getChildren', path: '/a', watch: true }, S1);
    expect(fire(db, w, { op: 'setACL', path: '/a', acl: [{ scheme: 'world', id: 'anyone', perms: 31 }], version: -1 })).toEqual([]);
    expect(fire(db, w, { op: 'setData', path: '/a', data: 'y', version: 42 })).toEqual([]);
    expect(fire(db, w, { op: 'create', path: '/a', data: null, mode: 'PERSISTENT' })).toEqual([]);
    expect(watchCount(w)).toBe(2);
  });

  it('closeSession fires NodeDeleted and the parent’s NodeChildrenChanged for every ephemeral', () => {
    const db = newDb();
    const w = createWatchTable();
    create(db, '/live');
    write(db, { op: 'create', path: '/live/a', data: null, mode: 'EPHEMERAL' }, S2);
    readWithWatch(db.tree, w, { op: 'getChildren', path: '/live', watch: true }, S1);
    readWithWatch(db.tree, w, { op: 'exists', path: '/live/a', watch: true }, S1);
    expect(fire(db, w, { op: 'closeSession', sessionId: S2 }, S2)).toEqual([`${S1} NodeDeleted /live/a`, `${S1} NodeChildrenChanged /live`]);
  });
});

describe('persistent watches (addWatch)', () => {
  it('PERSISTENT acts like data + child watches on the node and stays', () => {
    const db = newDb();
    const w = createWatchTable();
    create(db, '/p');
    addPersistentWatch(w, S1, '/p', 'PERSISTENT');
    expect(fire(db, w, { op: 'setData', path: '/p', data: '1', version: -1 })).toEqual([`${S1} NodeDataChanged /p`]);
    expect(fire(db, w, { op: 'create', path: '/p/c', data: null, mode: 'PERSISTENT' })).toEqual([`${S1} NodeChildrenChanged /p`]);
    expect(fire(db, w, { op: 'setData', path: '/p/c', data: '1', version: -1 })).toEqual([]);
    expect(fire(db, w, { op: 'delete', path: '/p/c', version: -1 })).toEqual([`${S1} NodeChildrenChanged /p`]);
    expect(fire(db, w, { op: 'delete', path: '/p', version: -1 })).toEqual([`${S1} NodeDeleted /p`]);
    expect(fire(db, w, { op: 'create', path: '/p', data: null, mode: 'PERSISTENT' })).toEqual([`${S1} NodeCreated /p`]);
  });

  it('PERSISTENT_RECURSIVE covers the subtree and never gets NodeChildrenChanged', () => {
    const db = newDb();
    const w = createWatchTable();
    create(db, '/r');
    addPersistentWatch(w, S1, '/r', 'PERSISTENT_RECURSIVE');
    expect(fire(db, w, { op: 'setData', path: '/r', data: 'abc', version: -1 })).toEqual([`${S1} NodeDataChanged /r`]);
    expect(fire(db, w, { op: 'create', path: '/r/sub', data: null, mode: 'PERSISTENT' })).toEqual([`${S1} NodeCreated /r/sub`]);
    expect(fire(db, w, { op: 'create', path: '/r/sub/sub2', data: null, mode: 'PERSISTENT' })).toEqual([`${S1} NodeCreated /r/sub/sub2`]);
    expect(fire(db, w, { op: 'setData', path: '/r/sub/sub2', data: 'x', version: -1 })).toEqual([`${S1} NodeDataChanged /r/sub/sub2`]);
    expect(fire(db, w, { op: 'delete', path: '/r/sub/sub2', version: -1 })).toEqual([`${S1} NodeDeleted /r/sub/sub2`]);
    expect(fire(db, w, { op: 'create', path: '/rx', data: null, mode: 'PERSISTENT' })).toEqual([]);
    expect(watchModeOf(w, S1, '/r', 'child')).toBeUndefined();
  });

  it('a recursive watcher that also has a one-time child watch on the parent gets one event per trigger', () => {
    const db = newDb();
    const w = createWatchTable();
    create(db, '/r');
    addPersistentWatch(w, S1, '/r', 'PERSISTENT_RECURSIVE');
    readWithWatch(db.tree, w, { op: 'getChildren', path: '/r', watch: true }, S1);
    expect(fire(db, w, { op: 'create', path: '/r/c', data: null, mode: 'PERSISTENT' })).toEqual([`${S1} NodeCreated /r/c`, `${S1} NodeChildrenChanged /r`]);
  });

  it('3.8 keeps one mode per (watcher, path): a later getData watch turns a persistent data watch into a one-time one', () => {
    const db = newDb();
    const w = createWatchTable();
    create(db, '/p');
    addPersistentWatch(w, S1, '/p', 'PERSISTENT');
    readWithWatch(db.tree, w, { op: 'getData', path: '/p', watch: true }, S1);
    expect(watchModeOf(w, S1, '/p', 'data')).toBe('STANDARD');
    expect(watchModeOf(w, S1, '/p', 'child')).toBe('PERSISTENT');
    expect(fire(db, w, { op: 'setData', path: '/p', data: '1', version: -1 })).toEqual([`${S1} NodeDataChanged /p`]);
    expect(fire(db, w, { op: 'setData', path: '/p', data: '2', version: -1 })).toEqual([]);
    addPersistentWatch(w, S2, '/p', 'PERSISTENT_RECURSIVE');
    registerWatch(w, S2, 'data', '/p');
    expect(w.recursive).toBe(0);
  });
});

describe('removal', () => {
  it('removeWatches by type; NoWatcher when nothing matches', () => {
    const db = newDb();
    const w = createWatchTable();
    create(db, '/a');
    readWithWatch(db.tree, w, { op: 'getData', path: '/a', watch: true }, S1);
    readWithWatch(db.tree, w, { op: 'getChildren', path: '/a', watch: true }, S1);
    expect(removeWatches(w, S1, '/a', 'Children')).toEqual({ removed: true, child: 'STANDARD' });
    expect(removeWatches(w, S1, '/a', 'Children')).toEqual({ removed: false });
    expect(removeWatches(w, S2, '/a', 'Any')).toEqual({ removed: false });
    expect(removeWatches(w, S1, '/a', 'Any')).toEqual({ removed: true, data: 'STANDARD' });
    addPersistentWatch(w, S1, '/a', 'PERSISTENT_RECURSIVE');
    expect(w.recursive).toBe(1);
    expect(removeWatches(w, S1, '/a', 'Data')).toEqual({ removed: true, data: 'PERSISTENT_RECURSIVE' });
    expect(w.recursive).toBe(0);
    expect(watchCount(w)).toBe(0);
  });

  it('dropWatcher forgets a closed connection', () => {
    const db = newDb();
    const w = createWatchTable();
    create(db, '/a');
    readWithWatch(db.tree, w, { op: 'getData', path: '/a', watch: true }, S1);
    readWithWatch(db.tree, w, { op: 'getData', path: '/a', watch: true }, S2);
    addPersistentWatch(w, S1, '/', 'PERSISTENT_RECURSIVE');
    expect(watchesByWatcher(w)).toEqual({ [S1]: ['/', '/a'], [S2]: ['/a'] });
    expect(watchesByPath(w)).toEqual({ '/': [S1], '/a': [S1, S2] });
    dropWatcher(w, S1);
    expect(w.recursive).toBe(0);
    expect(fire(db, w, { op: 'setData', path: '/a', data: null, version: -1 })).toEqual([`${S2} NodeDataChanged /a`]);
  });
});

describe('setWatches (reconnect)', () => {
  it('fires missed events instead of registering', () => {
    const db = newDb();
    const w = createWatchTable();
    create(db, '/a');
    create(db, '/b');
    const seen = db.zxid;
    write(db, { op: 'setData', path: '/a', data: 'x', version: -1 });
    create(db, '/b/c');
    create(db, '/n');
    const d = setWatches(db.tree, w, S1, seen, {
      dataWatches: ['/a', '/b', '/gone'],
      existWatches: ['/n', '/m'],
      childWatches: ['/b', '/a'],
    });
    expect(show(d)).toEqual([
      `${S1} NodeDataChanged /a`,
      `${S1} NodeDeleted /gone`,
      `${S1} NodeCreated /n`,
      `${S1} NodeChildrenChanged /b`,
    ]);
    expect(watchesByWatcher(w)).toEqual({ [S1]: ['/a', '/b', '/m'] });
  });
});

describe('JSON', () => {
  it('the watch table is plain data', () => {
    const w = createWatchTable();
    registerWatch(w, S1, 'child', '/x');
    addPersistentWatch(w, S2, '/y', 'PERSISTENT');
    expect(structuredClone(w)).toEqual(w);
    expect(JSON.parse(JSON.stringify(w)) as WatchTable).toEqual(w);
  });
});

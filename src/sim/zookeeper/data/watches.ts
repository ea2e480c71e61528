/**
 * Server-side watches (`S.watch.WatchManager` ×2 + WatcherModeManager, ZooKeeper 3.8): one table for data
 * watches (getData, exists, persistent and recursive watches) and one for child watches (getChildren,
 * persistent watches). A watcher is a client connection, keyed by its session id; a trigger sends at most
 * one event per watcher.
 */
import { getNode, readRequest } from './tree';
import type {
  AuthId,
  DataTree,
  ReadRequest,
  ReadResult,
  SessionId,
  WatchDelivery,
  WatchEventType,
  WatchKind,
  WatchMode,
  WatchTable,
  WatchTrigger,
  Zxid,
} from './types';

type TableName = 'data' | 'child';

export function createWatchTable(): WatchTable {
  return { data: {}, child: {}, recursive: 0 };
}

function has(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** WatchManager.addWatch + WatcherModeManager.setWatcherMode: the last mode set for (watcher, path) wins. */
function addWatch(table: WatchTable, name: TableName, path: string, watcher: SessionId, mode: WatchMode): void {
  const tbl = table[name];
  const entry = has(tbl, path) ? (tbl[path] as Record<SessionId, WatchMode>) : (tbl[path] = {});
  const old = has(entry, watcher) ? entry[watcher] : undefined;
  if (old === 'PERSISTENT_RECURSIVE') table.recursive--;
  if (mode === 'PERSISTENT_RECURSIVE') table.recursive++;
  entry[watcher] = mode;
}

/** WatchManager.removeWatcher(path, watcher). Returns the removed mode. */
function removeWatch(table: WatchTable, name: TableName, path: string, watcher: SessionId): WatchMode | undefined {
  const tbl = table[name];
  if (!has(tbl, path)) return undefined;
  const entry = tbl[path] as Record<SessionId, WatchMode>;
  if (!has(entry, watcher)) return undefined;
  const mode = entry[watcher];
  delete entry[watcher];
  if (mode === 'PERSISTENT_RECURSIVE') table.recursive--;
  if (Object.keys(entry).length === 0) delete tbl[path];
  return mode;
}

/**
 * A one-time watch set by a successful read: 'data' (getData) and 'exists' go to the data table, 'child'
 * (getChildren) to the child table. Callers must follow ZooKeeper's asymmetry: exists registers even when
 * the node is missing, getData/getChildren only when the read succeeded (or use `readWithWatch`).
 */
export function registerWatch(table: WatchTable, watcher: SessionId, kind: WatchKind, path: string): void {
  addWatch(table, kind === 'child' ? 'child' : 'data', path, watcher, 'STANDARD');
}

/**
 * addWatch(path, mode) (DataTree.addWatch): PERSISTENT goes to both tables, PERSISTENT_RECURSIVE only to
 * the data table (so it never sees NodeChildrenChanged). The node does not have to exist.
 */
export function addPersistentWatch(table: WatchTable, watcher: SessionId, path: string, mode: 'PERSISTENT' | 'PERSISTENT_RECURSIVE'): void {
  addWatch(table, 'data', path, watcher, mode);
  if (mode !== 'PERSISTENT_RECURSIVE') addWatch(table, 'child', path, watcher, mode);
}

export interface RemoveWatchesResult {
  /** false → the server answers NoWatcher. */
  removed: boolean;
  /** The mode removed from the data table, if any. */
  data?: WatchMode;
  /** The mode removed from the child table, if any. */
  child?: WatchMode;
}

/**
 * removeWatches / removeAllWatches (DataTree.removeWatch) for one connection: Children → child table,
 * Data → data table (exists, getData, persistent, recursive), Any → both.
 */
export function removeWatches(table: WatchTable, watcher: SessionId, path: string, type: 'Children' | 'Data' | 'Any'): RemoveWatchesResult {
  const out: RemoveWatchesResult = { removed: false };
  if (type === 'Children' || type === 'Any') {
    const m = removeWatch(table, 'child', path, watcher);
    if (m) out.child = m;
  }
  if (type === 'Data' || type === 'Any') {
    const m = removeWatch(table, 'data', path, watcher);
    if (m) out.data = m;
  }
  out.removed = out.data !== undefined || out.child !== undefined;
  return out;
}

/** WatchManager.removeWatcher(watcher): a closed connection loses all its watches. */
export function dropWatcher(table: WatchTable, watcher: SessionId): void {
  for (const name of ['data', 'child'] as const) {
    const tbl = table[name];
    for (const path of Object.keys(tbl)) removeWatch(table, name, path, watcher);
  }
}

/** The path and its parents up to '/', like PathParentIterator.forAll. */
function pathAndParents(path: string): string[] {
  const out = [path];
  let p = path;
  while (p !== '/' && p.length > 0) {
    const i = p.lastIndexOf('/');
    p = i <= 0 ? '/' : p.slice(0, i);
    out.push(p);
  }
  return out;
}

/** WatchManager.triggerWatch: the watchers to notify, removing one-time watches. */
function triggerTable(table: WatchTable, name: TableName, path: string, type: WatchEventType): SessionId[] {
  const tbl = table[name];
  const paths = table.recursive === 0 ? [path] : pathAndParents(path);
  const watchers: SessionId[] = [];
  const seen = new Set<SessionId>();
  paths.forEach((localPath, i) => {
    if (!has(tbl, localPath)) return;
    const entry = tbl[localPath] as Record<SessionId, WatchMode>;
    for (const [w, mode] of Object.entries(entry)) {
      if (mode === 'PERSISTENT_RECURSIVE') {
        if (type !== 'NodeChildrenChanged' && !seen.has(w)) {
          seen.add(w);
          watchers.push(w);
        }
      } else if (i === 0) {
        if (!seen.has(w)) {
          seen.add(w);
          watchers.push(w);
        }
        if (mode !== 'PERSISTENT') delete entry[w];
      }
    }
    if (Object.keys(entry).length === 0) delete tbl[localPath];
  });
  return watchers;
}

/**
 * Fires the triggers of an applied txn (in order) and returns the events to send, one per watcher per
 * trigger. One-time watches are removed; persistent ones stay. NodeDeleted goes to the data watches and
 * then the child watches of the path, without notifying a connection twice.
 */
export function triggerWatches(table: WatchTable, triggers: readonly WatchTrigger[]): WatchDelivery[] {
  const out: WatchDelivery[] = [];
  for (const t of triggers) {
    const event = { type: t.type, path: t.path };
    if (t.type === 'NodeChildrenChanged') {
      for (const w of triggerTable(table, 'child', t.path, t.type)) out.push({ watcher: w, event: { ...event } });
    } else if (t.type === 'NodeDeleted') {
      const processed = new Set(triggerTable(table, 'data', t.path, t.type));
      for (const w of processed) out.push({ watcher: w, event: { ...event } });
      for (const w of triggerTable(table, 'child', t.path, t.type)) if (!processed.has(w)) out.push({ watcher: w, event: { ...event } });
    } else {
      for (const w of triggerTable(table, 'data', t.path, t.type)) out.push({ watcher: w, event: { ...event } });
    }
  }
  return out;
}

/**
 * A read plus its watch, as FinalRequestProcessor/DataTree do it: exists registers a data watch even when
 * the node is missing (so NodeCreated can fire); getData and getChildren register only when they succeed.
 */
export function readWithWatch(
  tree: DataTree,
  table: WatchTable,
  req: ReadRequest,
  watcher: SessionId,
  authIds: readonly AuthId[] = [],
): ReadResult {
  const r = readRequest(tree, req, watcher, authIds);
  if (req.op === 'exists' && req.watch && (r.rc === 'OK' || r.rc === 'NoNode')) registerWatch(table, watcher, 'exists', req.path);
  else if (req.op === 'getData' && req.watch && r.rc === 'OK') registerWatch(table, watcher, 'data', req.path);
  else if (req.op === 'getChildren' && req.watch && r.rc === 'OK') registerWatch(table, watcher, 'child', req.path);
  return r;
}

export interface SetWatchesLists {
  dataWatches?: readonly string[];
  existWatches?: readonly string[];
  childWatches?: readonly string[];
  persistentWatches?: readonly string[];
  persistentRecursiveWatches?: readonly string[];
}

/**
 * DataTree.setWatches (a client re-registering its watches after reconnecting, with its lastZxidSeen):
 * watches whose event was missed fire at once instead of being registered.
 */
export function setWatches(tree: DataTree, table: WatchTable, watcher: SessionId, relativeZxid: Zxid, lists: SetWatchesLists): WatchDelivery[] {
  const out: WatchDelivery[] = [];
  const fire = (type: WatchEventType, path: string): void => {
    out.push({ watcher, event: { type, path } });
  };
  for (const path of lists.dataWatches ?? []) {
    const n = getNode(tree, path);
    if (!n) fire('NodeDeleted', path);
    else if (n.stat.mzxid > relativeZxid) fire('NodeDataChanged', path);
    else registerWatch(table, watcher, 'data', path);
  }
  for (const path of lists.existWatches ?? []) {
    if (getNode(tree, path)) fire('NodeCreated', path);
    else registerWatch(table, watcher, 'exists', path);
  }
  for (const path of lists.childWatches ?? []) {
    const n = getNode(tree, path);
    if (!n) fire('NodeDeleted', path);
    else if (n.stat.pzxid > relativeZxid) fire('NodeChildrenChanged', path);
    else registerWatch(table, watcher, 'child', path);
  }
  for (const path of lists.persistentWatches ?? []) addPersistentWatch(table, watcher, path, 'PERSISTENT');
  for (const path of lists.persistentRecursiveWatches ?? []) addPersistentWatch(table, watcher, path, 'PERSISTENT_RECURSIVE');
  return out;
}

/** The mode a watcher has on a path in a table, if any. */
export function watchModeOf(table: WatchTable, watcher: SessionId, path: string, name: TableName): WatchMode | undefined {
  const tbl = table[name];
  if (!has(tbl, path)) return undefined;
  const entry = tbl[path] as Record<SessionId, WatchMode>;
  return has(entry, watcher) ? entry[watcher] : undefined;
}

/** mntr zk_watch_count: dataWatches.size() + childWatches.size() (watcher-path pairs). */
export function watchCount(table: WatchTable): number {
  let n = 0;
  for (const name of ['data', 'child'] as const) for (const entry of Object.values(table[name])) n += Object.keys(entry).length;
  return n;
}

/** wchc: watcher → sorted paths it watches (either table). */
export function watchesByWatcher(table: WatchTable): Record<SessionId, string[]> {
  const out: Record<SessionId, string[]> = {};
  for (const name of ['data', 'child'] as const) {
    for (const [path, entry] of Object.entries(table[name])) {
      for (const w of Object.keys(entry)) {
        const list = out[w] ?? (out[w] = []);
        if (!list.includes(path)) list.push(path);
      }
    }
  }
  for (const list of Object.values(out)) list.sort();
  return out;
}

/** wchp: path → sorted watchers (either table). */
export function watchesByPath(table: WatchTable): Record<string, SessionId[]> {
  const out: Record<string, SessionId[]> = {};
  for (const name of ['data', 'child'] as const) {
    for (const [path, entry] of Object.entries(table[name])) {
      const list = out[path] ?? (out[path] = []);
      for (const w of Object.keys(entry)) if (!list.includes(w)) list.push(w);
    }
  }
  for (const list of Object.values(out)) list.sort();
  return out;
}

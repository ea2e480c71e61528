/**
 * The server's window onto the pure data layer (`../data`): the data tree, PrepRequestProcessor,
 * DataTree.processTxn, reads and the watch table. Kept thin on purpose: the protocol code only talks to
 * these names.
 */
import {
  addPersistentWatch,
  applyTxn,
  createDataTree,
  createWatchTable,
  dropWatcher,
  expiredContainersAndTtls,
  nodeCount,
  prepRequest,
  readWithWatch,
  removeWatches,
  setWatches,
  triggerWatches,
} from '../data';
import type {
  ApplyResult,
  DataTree,
  PrepMeta,
  ReadRequest,
  ReadResult,
  SessionId,
  SetWatchesLists,
  Txn,
  WatchDelivery,
  WatchTable,
  WriteRequest,
} from '../data';

export type DbTree = DataTree;
export type DbTxn = Txn;
export type DbWatchTable = WatchTable;

export function dbNewTree(quorumConfig: string | null, now: number): DbTree {
  return quorumConfig === null ? createDataTree() : createDataTree({ quorumConfig, configVersion: 0, configTime: now });
}

export function dbCloneTree(t: DbTree): DbTree {
  return structuredClone(t);
}

export function dbPrep(tree: DbTree, outstanding: readonly Txn[], req: WriteRequest, meta: PrepMeta): Txn {
  return prepRequest(tree, outstanding, req, meta);
}

export function dbApply(tree: DbTree, txn: Txn): ApplyResult {
  return applyTxn(tree, txn);
}

export function dbRead(tree: DbTree, table: WatchTable, req: ReadRequest, watcher: SessionId, session: SessionId): ReadResult {
  // getEphemerals answers for the caller's session; the watcher is the connection.
  if (req.op === 'getEphemerals') return readWithWatch(tree, table, req, session);
  return readWithWatch(tree, table, req, watcher);
}

export function dbNodeCount(tree: DbTree): number {
  return nodeCount(tree);
}

export function dbNewWatchTable(): WatchTable {
  return createWatchTable();
}

export function dbTrigger(table: WatchTable, triggers: ApplyResult['triggers']): WatchDelivery[] {
  return triggerWatches(table, triggers);
}

export function dbDropWatcher(table: WatchTable, watcher: string): void {
  dropWatcher(table, watcher);
}

export function dbAddPersistent(table: WatchTable, watcher: string, path: string, recursive: boolean): void {
  addPersistentWatch(table, watcher, path, recursive ? 'PERSISTENT_RECURSIVE' : 'PERSISTENT');
}

export function dbRemoveWatches(table: WatchTable, watcher: string, path: string, type: 'Children' | 'Data' | 'Any'): ReturnType<typeof removeWatches> {
  return removeWatches(table, watcher, path, type);
}

export function dbSetWatches(tree: DbTree, table: WatchTable, watcher: string, relativeZxid: number, lists: SetWatchesLists): WatchDelivery[] {
  return setWatches(tree, table, watcher, relativeZxid, lists);
}

export function dbExpiredContainers(tree: DbTree, now: number): string[] {
  return expiredContainersAndTtls(tree, now);
}

/**
 * The pure ZooKeeper 3.8 data layer: data tree, PrepRequestProcessor, DataTree.processTxn, reads,
 * watches, container/TTL expiry. No network, no clocks: time comes in as numbers.
 *
 * Typical server use:
 * ```ts
 * const tree = createDataTree({ quorumConfig });
 * const watches = createWatchTable();
 * // leader, for each write request (outstanding = proposed, not yet applied txns):
 * const txn = prepRequest(tree, outstanding, req, { sessionId, zxid: nextZxid, time: now });
 * // every server, when the txn commits (in zxid order):
 * const res = applyTxn(tree, txn);
 * for (const d of triggerWatches(watches, res.triggers)) sendEvent(d.watcher, d.event);
 * ```
 */
export * from './types';
export * from './constants';
export {
  formatZxid,
  makeZxid,
  zxidEpoch,
  zxidCounter,
  parseZxid,
  sessionIdOf,
  serverIdOfSession,
  normalizeSessionId,
  utf8Length,
  validatePath,
  parentPath,
  nodeName,
  joinPath,
  formatSequence,
} from './ids';
export {
  createDataTree,
  setConfigData,
  nodeCount,
  getNode,
  toStat,
  statOf,
  clientEphemeralOwner,
  approximateDataSize,
  ephemeralsBySession,
  ephemeralCount,
  checkAcl,
  applyTxn,
  readRequest,
  listSubTreeBFS,
  listSubTreeDFS,
} from './tree';
export type { CreateDataTreeOptions } from './tree';
export { prepRequest, txnErrorCode } from './prep';
export {
  createWatchTable,
  registerWatch,
  addPersistentWatch,
  removeWatches,
  dropWatcher,
  triggerWatches,
  readWithWatch,
  setWatches,
  watchModeOf,
  watchCount,
  watchesByWatcher,
  watchesByPath,
} from './watches';
export type { RemoveWatchesResult, SetWatchesLists } from './watches';
export { expiredContainersAndTtls } from './containers';
export type { ContainerCheckOptions } from './containers';

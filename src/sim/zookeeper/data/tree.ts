/**
 * The data tree (`S.DataTree`): the initial nodes, DataTree.processTxn (`applyTxn`), reads, and the
 * client view of a node's stat (`DataNode.copyStat`).
 */
import {
  CONFIG_ZOOKEEPER,
  CONTAINER_OWNER,
  NO_SESSION,
  OPEN_ACL_UNSAFE,
  PERMS,
  PROC_ZOOKEEPER,
  QUOTA_ZOOKEEPER,
  READ_ACL_UNSAFE,
  ROOT,
  isNormalEphemeralOwner,
  isTtlOwner,
} from './constants';
import { KeeperError } from './errors';
import { nodeName, parentPath, sortedHas, sortedInsert, sortedRemove, utf8Length } from './ids';
import type {
  Acl,
  ApplyResult,
  AuthId,
  DataTree,
  ErrorCode,
  OpResult,
  ReadRequest,
  ReadResult,
  SessionId,
  Stat,
  StoredStat,
  Txn,
  TxnBody,
  TxnHeader,
  WatchTrigger,
  ZNode,
  Zxid,
} from './types';

export interface CreateDataTreeOptions {
  /**
   * The membership string written to /zookeeper/config in a quorum (ZKDatabase.initConfigInZKDatabase:
   * setData with version -1, mzxid = the config version, mtime = the server's clock). Omit for standalone,
   * where the node stays empty with all-zero stats.
   */
  quorumConfig?: string;
  /** QuorumVerifier.getVersion(), stored as /zookeeper/config's mzxid (default 0). */
  configVersion?: Zxid;
  /** Wall clock when the server loaded its database, stored as /zookeeper/config's mtime (default 0). */
  configTime?: number;
}

function zeroStat(): StoredStat {
  return { czxid: 0, mzxid: 0, pzxid: 0, ctime: 0, mtime: 0, version: 0, cversion: 0, aversion: 0, ephemeralOwner: NO_SESSION };
}

/**
 * The DataTree constructor: '/', '/zookeeper', '/zookeeper/quota', '/zookeeper/config', all stats 0.
 * Root data is the empty string (new byte[0]); the children were added without bumping the stored
 * cversion, so '/' reports cversion -1 and '/zookeeper' -2. /zookeeper/config gets READ_ACL_UNSAFE
 * through DataTree.setACL(path, acl, -1), so its aclVersion is -1.
 */
export function createDataTree(opts: CreateDataTreeOptions = {}): DataTree {
  const tree: DataTree = {
    nodes: {
      [ROOT]: { data: '', stat: zeroStat(), children: ['zookeeper'], acl: [...OPEN_ACL_UNSAFE] },
      [PROC_ZOOKEEPER]: { data: '', stat: zeroStat(), children: ['config', 'quota'], acl: [...OPEN_ACL_UNSAFE] },
      [QUOTA_ZOOKEEPER]: { data: '', stat: zeroStat(), children: [], acl: [...OPEN_ACL_UNSAFE] },
      [CONFIG_ZOOKEEPER]: { data: '', stat: { ...zeroStat(), aversion: -1 }, children: [], acl: [...READ_ACL_UNSAFE] },
    },
    ephemerals: {},
    containers: [],
    ttls: [],
    sessions: {},
    lastProcessedZxid: 0,
  };
  if (opts.quorumConfig !== undefined) setConfigData(tree, opts.quorumConfig, opts.configVersion ?? 0, opts.configTime ?? 0);
  return tree;
}

/** ZKDatabase.initConfigInZKDatabase: setData(/zookeeper/config, config, -1, configVersion, time). No watches fire. */
export function setConfigData(tree: DataTree, config: string, configVersion: Zxid, time: number): void {
  const n = tree.nodes[CONFIG_ZOOKEEPER];
  if (!n) return;
  n.data = config;
  n.stat.mtime = time;
  n.stat.mzxid = configVersion;
  n.stat.version = -1;
}

/** srvr/mntr "Node count": the map size, which counts the root twice ('' and '/'). A fresh tree gives 5. */
export function nodeCount(tree: DataTree): number {
  return Object.keys(tree.nodes).length + 1;
}

export function getNode(tree: DataTree, path: string): ZNode | undefined {
  return Object.prototype.hasOwnProperty.call(tree.nodes, path) ? tree.nodes[path] : undefined;
}

/** DataNode.getClientEphemeralOwner: 0 for container and TTL nodes. */
export function clientEphemeralOwner(owner: SessionId): SessionId {
  return isNormalEphemeralOwner(owner) ? owner : NO_SESSION;
}

/** DataNode.copyStat: the client's Stat (reported cversion = 2 * stored - numChildren). */
export function toStat(node: ZNode): Stat {
  const s = node.stat;
  const numChildren = node.children.length;
  return {
    czxid: s.czxid,
    mzxid: s.mzxid,
    pzxid: s.pzxid,
    ctime: s.ctime,
    mtime: s.mtime,
    version: s.version,
    cversion: (s.cversion * 2 - numChildren) | 0,
    aversion: s.aversion,
    ephemeralOwner: clientEphemeralOwner(s.ephemeralOwner),
    dataLength: utf8Length(node.data),
    numChildren,
  };
}

/** The stat of a path, or undefined. */
export function statOf(tree: DataTree, path: string): Stat | undefined {
  const n = getNode(tree, path);
  return n ? toStat(n) : undefined;
}

/** Approximate data size as mntr's zk_approximate_data_size: path length + data length per node. */
export function approximateDataSize(tree: DataTree): number {
  let total = 0;
  for (const [path, n] of Object.entries(tree.nodes)) total += path.length + utf8Length(n.data);
  return total;
}

/** Every ephemeral node: session → sorted paths (the `dump` 4lw). */
export function ephemeralsBySession(tree: DataTree): Record<SessionId, string[]> {
  const out: Record<SessionId, string[]> = {};
  for (const [s, paths] of Object.entries(tree.ephemerals)) if (paths.length > 0) out[s] = [...paths];
  return out;
}

export function ephemeralCount(tree: DataTree): number {
  let n = 0;
  for (const paths of Object.values(tree.ephemerals)) n += paths.length;
  return n;
}

// ---- ACLs ----------------------------------------------------------------------------------------

/** ZooKeeperServer.checkACL: true if allowed. world:anyone matches everyone; 'super' ids pass everything. */
export function checkAcl(acl: readonly Acl[], perm: number, authIds: readonly AuthId[] = []): boolean {
  if (acl.length === 0) return true;
  if (authIds.some((a) => a.scheme === 'super')) return true;
  for (const a of acl) {
    if ((a.perms & perm) === 0) continue;
    if (a.scheme === 'world' && a.id === 'anyone') return true;
    for (const id of authIds) {
      if (id.scheme === a.scheme && aclIdMatches(a.scheme, id.id, a.id)) return true;
    }
  }
  return false;
}

function aclIdMatches(scheme: string, clientId: string, aclId: string): boolean {
  if (scheme === 'ip') {
    const slash = aclId.indexOf('/');
    if (slash < 0) return clientId === aclId;
    const bits = Number(aclId.slice(slash + 1));
    const a = ipv4ToInt(aclId.slice(0, slash));
    const c = ipv4ToInt(clientId);
    if (a === null || c === null || !(bits >= 0 && bits <= 32)) return false;
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return ((a & mask) >>> 0) === ((c & mask) >>> 0);
  }
  return clientId === aclId;
}

function ipv4ToInt(s: string): number | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let v = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    v = v * 256 + n;
  }
  return v >>> 0;
}

// ---- applying txns (DataTree.processTxn) ---------------------------------------------------------

function addToList(list: string[], path: string): void {
  sortedInsert(list, path);
}

/** DataTree.createNode. Throws the error code on NoNode (parent) / NodeExists. */
function createNode(
  tree: DataTree,
  path: string,
  data: string | null,
  acl: Acl[],
  ephemeralOwner: SessionId,
  parentCVersionIn: number,
  zxid: Zxid,
  time: number,
  triggers: WatchTrigger[],
): ZNode {
  const parentName = parentPath(path);
  const parent = parentName === null ? undefined : getNode(tree, parentName);
  if (!parent || parentName === null) throw new KeeperError('NoNode');
  const childName = nodeName(path);
  if (sortedHas(parent.children, childName)) throw new KeeperError('NodeExists');
  let parentCVersion = parentCVersionIn;
  if (parentCVersion === -1) parentCVersion = (parent.stat.cversion + 1) | 0;
  // Only move cversion/pzxid forward (fuzzy-snapshot replay guard in DataTree.createNode).
  if (parentCVersion > parent.stat.cversion) {
    parent.stat.cversion = parentCVersion;
    parent.stat.pzxid = zxid;
  }
  const child: ZNode = {
    data,
    stat: { czxid: zxid, mzxid: zxid, pzxid: zxid, ctime: time, mtime: time, version: 0, cversion: 0, aversion: 0, ephemeralOwner },
    children: [],
    acl: acl.map((a) => ({ ...a })),
  };
  sortedInsert(parent.children, childName);
  tree.nodes[path] = child;
  if (ephemeralOwner === CONTAINER_OWNER) addToList(tree.containers, path);
  else if (isTtlOwner(ephemeralOwner)) addToList(tree.ttls, path);
  else if (ephemeralOwner !== NO_SESSION) {
    const list = tree.ephemerals[ephemeralOwner] ?? (tree.ephemerals[ephemeralOwner] = []);
    addToList(list, path);
  }
  triggers.push({ path, type: 'NodeCreated' });
  triggers.push({ path: parentName, type: 'NodeChildrenChanged' });
  return child;
}

/** DataTree.deleteNode. The parent's stored cversion is NOT changed; pzxid moves forward. */
function deleteNode(tree: DataTree, path: string, zxid: Zxid, triggers: WatchTrigger[]): void {
  const parentName = parentPath(path);
  const parent = parentName === null ? undefined : getNode(tree, parentName);
  if (!parent || parentName === null) throw new KeeperError('NoNode');
  sortedRemove(parent.children, nodeName(path));
  if (zxid > parent.stat.pzxid) parent.stat.pzxid = zxid;
  const node = getNode(tree, path);
  if (!node) throw new KeeperError('NoNode');
  delete tree.nodes[path];
  const owner = node.stat.ephemeralOwner;
  if (owner === CONTAINER_OWNER) sortedRemove(tree.containers, path);
  else if (isTtlOwner(owner)) sortedRemove(tree.ttls, path);
  else if (owner !== NO_SESSION) {
    const list = tree.ephemerals[owner];
    if (list) {
      sortedRemove(list, path);
      if (list.length === 0) delete tree.ephemerals[owner];
    }
  }
  triggers.push({ path, type: 'NodeDeleted' });
  triggers.push({ path: parentName, type: 'NodeChildrenChanged' });
}

/** DataTree.setData: mzxid/mtime/version always change (identical data too) and NodeDataChanged fires. */
function setData(tree: DataTree, path: string, data: string | null, version: number, zxid: Zxid, time: number, triggers: WatchTrigger[]): Stat {
  const n = getNode(tree, path);
  if (!n) throw new KeeperError('NoNode');
  n.data = data;
  n.stat.mtime = time;
  n.stat.mzxid = zxid;
  n.stat.version = version;
  triggers.push({ path, type: 'NodeDataChanged' });
  return toStat(n);
}

/** DataTree.setACL: aversion = the txn's version; no watch fires. */
function setAcl(tree: DataTree, path: string, acl: Acl[], version: number): Stat {
  const n = getNode(tree, path);
  if (!n) throw new KeeperError('NoNode');
  n.stat.aversion = version;
  n.acl = acl.map((a) => ({ ...a }));
  return toStat(n);
}


interface SubApply {
  rc: ErrorCode;
  path?: string;
  stat?: Stat;
  results?: OpResult[];
  deleted?: string[];
}

function applyBody(tree: DataTree, hdr: TxnHeader, body: TxnBody, triggers: WatchTrigger[]): SubApply {
  try {
    switch (body.type) {
      case 'create': {
        const node = createNode(tree, body.path, body.data, body.acl, body.ephemeralOwner, body.parentCVersion, hdr.zxid, hdr.time, triggers);
        return { rc: 'OK', path: body.path, stat: toStat(node) };
      }
      case 'delete':
      case 'deleteContainer':
        deleteNode(tree, body.path, hdr.zxid, triggers);
        return { rc: 'OK', path: body.path };
      case 'setData':
        return { rc: 'OK', path: body.path, stat: setData(tree, body.path, body.data, body.version, hdr.zxid, hdr.time, triggers) };
      case 'setACL':
        return { rc: 'OK', path: body.path, stat: setAcl(tree, body.path, body.acl, body.version) };
      case 'check':
        return { rc: 'OK', path: body.path };
      case 'createSession':
        tree.sessions[hdr.sessionId] = body.timeoutMs;
        return { rc: 'OK' };
      case 'closeSession':
        return { rc: 'OK', deleted: killSession(tree, hdr.sessionId, hdr.zxid, body.paths, triggers) };
      case 'error':
        return { rc: body.err, ...(body.path !== undefined ? { path: body.path } : {}) };
      case 'multi':
        return applyMulti(tree, hdr, body.txns, triggers);
    }
  } catch (e) {
    if (e instanceof KeeperError) return { rc: e.code };
    throw e;
  }
}

/** DataTree.killSession: deletes the txn's paths, then whatever else the tree still lists for the session. */
function killSession(tree: DataTree, session: SessionId, zxid: Zxid, paths: readonly string[], triggers: WatchTrigger[]): string[] {
  const local = tree.ephemerals[session] ?? [];
  delete tree.ephemerals[session];
  delete tree.sessions[session];
  const deleted: string[] = [];
  const inTxn = new Set(paths);
  const leftovers = local.filter((p) => !inTxn.has(p));
  for (const p of [...paths, ...leftovers]) {
    try {
      deleteNode(tree, p, zxid, triggers);
      deleted.push(p);
    } catch (e) {
      if (!(e instanceof KeeperError)) throw e; // NoNode: logged and ignored by ZooKeeper
    }
  }
  return deleted;
}

/**
 * DataTree.processTxn case multi: if any sub-txn is an error, every sub-txn becomes an error result:
 * OK (0) before the first error, the error itself, RuntimeInconsistency after it. rc = the first non-OK.
 */
function applyMulti(tree: DataTree, hdr: TxnHeader, txns: readonly TxnBody[], triggers: WatchTrigger[]): SubApply {
  const failed = txns.some((t) => t.type === 'error');
  const results: OpResult[] = [];
  let rc: ErrorCode = 'OK';
  let postFailed = false;
  for (const sub of txns) {
    let r: OpResult;
    if (failed) {
      if (sub.type === 'error') {
        postFailed = true;
        r = { type: 'error', rc: sub.err };
      } else {
        r = { type: 'error', rc: postFailed ? 'RuntimeInconsistency' : 'OK' };
      }
    } else {
      const sr = applyBody(tree, hdr, sub, triggers);
      r = { type: sub.type, rc: sr.rc };
      if (sr.path !== undefined && sub.type === 'create') r.path = sr.path;
      if (sr.stat !== undefined) r.stat = sr.stat;
    }
    results.push(r);
    if (r.rc !== 'OK' && rc === 'OK') rc = r.rc;
  }
  return { rc, results };
}

/**
 * DataTree.processTxn: applies a txn (committed, in zxid order) to the tree, mutating it. Returns the
 * result the server replies with and the watch triggers in the order ZooKeeper fires them. A failing
 * txn (error txn, or a create that meets an existing node) changes nothing but lastProcessedZxid.
 */
export function applyTxn(tree: DataTree, txn: Txn): ApplyResult {
  const triggers: WatchTrigger[] = [];
  const hdr: TxnHeader = { zxid: txn.zxid, time: txn.time, sessionId: txn.sessionId };
  const r = applyBody(tree, hdr, txn, triggers);
  if (txn.zxid > tree.lastProcessedZxid) tree.lastProcessedZxid = txn.zxid;
  const out: ApplyResult = { rc: r.rc, triggers };
  if (r.path !== undefined) out.path = r.path;
  if (r.stat !== undefined) out.stat = r.stat;
  if (r.results !== undefined) out.results = r.results;
  if (r.deleted !== undefined) out.deleted = r.deleted;
  return out;
}

// ---- reads (FinalRequestProcessor + DataTree getters) -------------------------------------------

/**
 * Answers a read from this server's copy of the tree. Reads never consume a zxid and never change the
 * tree. Watch registration is separate (see `readWithWatch` in watches.ts).
 */
export function readRequest(tree: DataTree, req: ReadRequest, sessionId: SessionId, authIds: readonly AuthId[] = []): ReadResult {
  switch (req.op) {
    case 'exists': {
      const n = getNode(tree, req.path);
      return n ? { rc: 'OK', stat: toStat(n) } : { rc: 'NoNode' };
    }
    case 'getData': {
      const n = getNode(tree, req.path);
      if (!n) return { rc: 'NoNode' };
      if (!checkAcl(n.acl, PERMS.READ, authIds)) return { rc: 'NoAuth' };
      return { rc: 'OK', data: n.data, stat: toStat(n) };
    }
    case 'getChildren': {
      const n = getNode(tree, req.path);
      if (!n) return { rc: 'NoNode' };
      if (!checkAcl(n.acl, PERMS.READ, authIds)) return { rc: 'NoAuth' };
      return { rc: 'OK', children: [...n.children], stat: toStat(n) };
    }
    case 'getAllChildrenNumber': {
      const n = getNode(tree, req.path);
      if (!n) return { rc: 'NoNode' };
      if (!checkAcl(n.acl, PERMS.READ, authIds)) return { rc: 'NoAuth' };
      if (req.path === ROOT) return { rc: 'OK', count: nodeCount(tree) - 2 };
      const prefix = req.path + '/';
      let count = 0;
      for (const p of Object.keys(tree.nodes)) if (p.startsWith(prefix)) count++;
      return { rc: 'OK', count };
    }
    case 'getEphemerals': {
      const all = tree.ephemerals[sessionId] ?? [];
      const prefix = req.path.trim();
      const paths = prefix === '' || prefix === '/' ? [...all] : all.filter((p) => p.startsWith(req.path));
      return { rc: 'OK', paths };
    }
    case 'getACL': {
      const n = getNode(tree, req.path);
      if (!n) return { rc: 'NoNode' };
      if (!checkAcl(n.acl, PERMS.READ | PERMS.ADMIN, authIds)) return { rc: 'NoAuth' };
      return { rc: 'OK', acl: n.acl.map((a) => ({ ...a })), stat: toStat(n) };
    }
  }
}

/** All paths of the subtree under `path` (inclusive), breadth first, children sorted (ZKUtil.listSubTreeBFS). */
export function listSubTreeBFS(tree: DataTree, path: string): string[] {
  if (!getNode(tree, path)) return [];
  const out = [path];
  for (let i = 0; i < out.length; i++) {
    const p = out[i] as string;
    const n = getNode(tree, p);
    if (!n) continue;
    for (const c of n.children) out.push(p === '/' ? '/' + c : p + '/' + c);
  }
  return out;
}

/**
 * The subtree in zkCli `ls -R` order (ZKUtil.visitSubTreeDFS): the path, then each node's children (sorted)
 * all printed before descending into the first of them.
 */
export function listSubTreeDFS(tree: DataTree, path: string): string[] {
  if (!getNode(tree, path)) return [];
  const out = [path];
  const stack = [path];
  for (let p = stack.pop(); p !== undefined; p = stack.pop()) {
    const n = getNode(tree, p);
    if (!n) continue;
    const kids = n.children.map((c) => (p === '/' ? '/' + c : p + '/' + c));
    out.push(...kids);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as string);
  }
  return out;
}

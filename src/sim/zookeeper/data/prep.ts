/**
 * PrepRequestProcessor: turns a write request into a txn, checking it against the tree PLUS the changes
 * of txns already proposed but not yet applied (ZooKeeperServer.outstandingChanges), in ZooKeeper 3.8's
 * exact check order. A failing write becomes an error txn that still consumes its zxid.
 */
import {
  CONTAINER_OWNER,
  MAX_TTL,
  NO_SESSION,
  OPEN_ACL_UNSAFE,
  PERMS,
  isContainer,
  isEphemeral,
  isNormalEphemeralOwner,
  isSequential,
  isSpecialPath,
  isTtl,
  ttlOwner,
} from './constants';
import { KeeperError } from './errors';
import { formatSequence, validatePath } from './ids';
import { checkAcl, getNode } from './tree';
import type { Acl, AuthId, DataTree, ErrorCode, PrepMeta, SessionId, StoredStat, Txn, TxnBody, TxnHeader, WriteRequest } from './types';

/** A ChangeRecord: what PrepRequestProcessor believes about a path once pending txns are applied. */
interface ChangeRecord {
  path: string;
  /** null = deleted. */
  stat: StoredStat | null;
  childCount: number;
  data: string | null;
  acl: Acl[];
}

/** outstandingChanges (in order) and outstandingChangesForPath (the latest per path). */
interface Pending {
  list: ChangeRecord[];
  byPath: Map<string, ChangeRecord>;
}

/** Parent path as PrepRequestProcessor computes it (substring up to the last '/'), with '' meaning '/'. */
function prepParent(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

function lookup(tree: DataTree, pending: Pending, path: string): ChangeRecord | null {
  const c = pending.byPath.get(path);
  if (c) return c;
  const n = getNode(tree, path);
  if (!n) return null;
  return { path, stat: { ...n.stat }, childCount: n.children.length, data: n.data, acl: n.acl };
}

/** getRecordForPath: NoNode when missing or deleted by a pending txn. */
function getRecordForPath(tree: DataTree, pending: Pending, path: string): ChangeRecord & { stat: StoredStat } {
  const r = lookup(tree, pending, path);
  if (!r || !r.stat) throw new KeeperError('NoNode', path);
  return r as ChangeRecord & { stat: StoredStat };
}

function duplicate(r: ChangeRecord): ChangeRecord {
  return { path: r.path, stat: r.stat ? { ...r.stat } : null, childCount: r.childCount, data: r.data, acl: r.acl };
}

function addChangeRecord(pending: Pending, r: ChangeRecord): void {
  pending.list.push(r);
  pending.byPath.set(r.path, r);
}

function newStat(zxid: number, time: number, ephemeralOwner: SessionId): StoredStat {
  return { czxid: zxid, mzxid: zxid, pzxid: zxid, ctime: time, mtime: time, version: 0, cversion: 0, aversion: 0, ephemeralOwner };
}

/**
 * Replays the ChangeRecords an already-prepared txn added. A multi with an error sub-txn was rolled back,
 * so it adds nothing; an error txn adds nothing.
 */
function recordTxn(tree: DataTree, pending: Pending, hdr: TxnHeader, body: TxnBody): void {
  switch (body.type) {
    case 'create': {
      const parentName = prepParent(body.path);
      const p = lookup(tree, pending, parentName);
      if (p && p.stat) {
        const parent = duplicate(p);
        parent.childCount++;
        (parent.stat as StoredStat).cversion = body.parentCVersion;
        (parent.stat as StoredStat).pzxid = hdr.zxid;
        addChangeRecord(pending, parent);
      }
      addChangeRecord(pending, { path: body.path, stat: newStat(hdr.zxid, hdr.time, body.ephemeralOwner), childCount: 0, data: body.data, acl: body.acl });
      return;
    }
    case 'delete':
    case 'deleteContainer': {
      const p = lookup(tree, pending, prepParent(body.path));
      if (p && p.stat) {
        const parent = duplicate(p);
        parent.childCount--;
        (parent.stat as StoredStat).pzxid = hdr.zxid;
        addChangeRecord(pending, parent);
      }
      addChangeRecord(pending, { path: body.path, stat: null, childCount: -1, data: null, acl: [] });
      return;
    }
    case 'setData': {
      const r = lookup(tree, pending, body.path);
      if (!r || !r.stat) return;
      const n = duplicate(r);
      const s = n.stat as StoredStat;
      s.version = body.version;
      s.mtime = hdr.time;
      s.mzxid = hdr.zxid;
      n.data = body.data;
      addChangeRecord(pending, n);
      return;
    }
    case 'setACL': {
      const r = lookup(tree, pending, body.path);
      if (!r || !r.stat) return;
      // Like PrepRequestProcessor: the record gets the new aversion but keeps the old ACL list.
      const n = duplicate(r);
      (n.stat as StoredStat).aversion = body.version;
      addChangeRecord(pending, n);
      return;
    }
    case 'closeSession': {
      for (const path of body.paths) {
        // zookeeper.digest.enabled (default true): the parent record gets the new pzxid but keeps its
        // child count, exactly as 3.8 does.
        const p = lookup(tree, pending, prepParent(path));
        if (p && p.stat) {
          const parent = duplicate(p);
          (parent.stat as StoredStat).pzxid = hdr.zxid;
          addChangeRecord(pending, parent);
        }
        addChangeRecord(pending, { path, stat: null, childCount: 0, data: null, acl: [] });
      }
      return;
    }
    case 'multi': {
      if (body.txns.some((t) => t.type === 'error')) return;
      for (const t of body.txns) recordTxn(tree, pending, hdr, t);
      return;
    }
    case 'check':
    case 'createSession':
    case 'error':
      return;
  }
}

function buildPending(tree: DataTree, outstanding: readonly Txn[]): Pending {
  const pending: Pending = { list: [], byPath: new Map() };
  for (const t of outstanding) {
    // Txns already applied to this tree are no longer outstanding.
    if (t.zxid <= tree.lastProcessedZxid) continue;
    recordTxn(tree, pending, { zxid: t.zxid, time: t.time, sessionId: t.sessionId }, t);
  }
  return pending;
}

/** zks.sessionTracker.checkSession (LeaderSessionTracker: unknown or closing → SessionExpired). */
function checkSession(meta: PrepMeta): void {
  if (!meta.liveSessions) return;
  const s = meta.liveSessions[meta.sessionId];
  if (s !== 'open') throw new KeeperError('SessionExpired');
}

/** PrepRequestProcessor.fixupACL: validates the ACL list and expands 'auth' ids. */
function fixupAcl(path: string, authIds: readonly AuthId[], acls: readonly Acl[]): Acl[] {
  const uniq: Acl[] = [];
  for (const a of acls) {
    if (!uniq.some((u) => u.scheme === a.scheme && u.id === a.id && u.perms === a.perms)) uniq.push({ ...a });
  }
  if (uniq.length === 0) throw new KeeperError('InvalidACL', path);
  const out: Acl[] = [];
  for (const a of uniq) {
    if (a.scheme === 'world' && a.id === 'anyone') out.push(a);
    else if (a.scheme === 'auth') {
      // Only authenticated providers (digest, sasl, x509) count; the ip provider does not.
      const ids = authIds.filter((id) => id.scheme !== 'ip' && id.scheme !== 'world');
      if (ids.length === 0) throw new KeeperError('InvalidACL', path);
      for (const id of ids) out.push({ scheme: id.scheme, id: id.id, perms: a.perms });
    } else if (a.scheme === 'ip') {
      if (!/^\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?$/.test(a.id) && !a.id.includes(':')) throw new KeeperError('InvalidACL', path);
      out.push(a);
    } else if (a.scheme === 'digest') {
      if (a.id.split(':').length !== 2) throw new KeeperError('InvalidACL', path);
      out.push(a);
    } else if (a.scheme === 'super' || a.scheme === 'x509' || a.scheme === 'sasl') {
      out.push(a);
    } else {
      throw new KeeperError('InvalidACL', path);
    }
  }
  return out;
}

function checkAndIncVersion(current: number, expected: number, path: string): number {
  if (expected !== -1 && expected !== current) throw new KeeperError('BadVersion', path);
  return (current + 1) | 0;
}

/** validatePathForCreate / getParentPathAndValidate: BadArguments for a path without '/' or with NUL. */
function parentForWrite(path: string, forDelete: boolean): string {
  const lastSlash = path.lastIndexOf('/');
  if (lastSlash === -1 || path.includes('\0') || (forDelete && isSpecialPath(path))) throw new KeeperError('BadArguments', path);
  return lastSlash === 0 ? '/' : path.slice(0, lastSlash);
}

/** pRequest2Txn for one (sub-)request. Adds its ChangeRecords to `pending` on success. */
function prepOne(tree: DataTree, pending: Pending, req: WriteRequest, meta: PrepMeta): TxnBody {
  const hdr: TxnHeader = { zxid: meta.zxid, time: meta.time, sessionId: meta.sessionId };
  const authIds = meta.authIds ?? [];
  switch (req.op) {
    case 'create': {
      const mode = req.mode;
      // validateCreateRequest
      if (isTtl(mode) && !meta.extendedTypesEnabled) throw new KeeperError('Unimplemented');
      const ttl = req.ttl ?? -1;
      if (isTtl(mode) ? !(ttl > 0 && ttl <= MAX_TTL) : ttl >= 0) throw new KeeperError('BadArguments', req.path);
      checkSession(meta);
      const parentName = parentForWrite(req.path, false);
      const acl = fixupAcl(req.path, authIds, req.acl ?? OPEN_ACL_UNSAFE);
      const parent = getRecordForPath(tree, pending, parentName);
      if (!checkAcl(parent.acl, PERMS.CREATE, authIds)) throw new KeeperError('NoAuth', req.path);
      let path = req.path;
      if (isSequential(mode)) path = path + formatSequence(parent.stat.cversion);
      if (validatePath(path) !== null) throw new KeeperError('BadArguments', path);
      const existing = lookup(tree, pending, path);
      if (existing && existing.stat) throw new KeeperError('NodeExists', path);
      if (isNormalEphemeralOwner(parent.stat.ephemeralOwner)) throw new KeeperError('NoChildrenForEphemerals', path);
      const newCversion = (parent.stat.cversion + 1) | 0;
      let owner: SessionId = NO_SESSION;
      if (isContainer(mode)) owner = CONTAINER_OWNER;
      else if (isTtl(mode)) owner = ttlOwner(ttl);
      else if (isEphemeral(mode)) owner = meta.sessionId;
      const body: TxnBody = { type: 'create', path, data: req.data, acl, ephemeralOwner: owner, parentCVersion: newCversion, mode };
      recordTxn(tree, pending, hdr, body);
      return body;
    }
    case 'delete': {
      checkSession(meta);
      const parentName = parentForWrite(req.path, true);
      const parent = getRecordForPath(tree, pending, parentName);
      if (!checkAcl(parent.acl, PERMS.DELETE, authIds)) throw new KeeperError('NoAuth', req.path);
      const node = getRecordForPath(tree, pending, req.path);
      checkAndIncVersion(node.stat.version, req.version, req.path);
      if (node.childCount > 0) throw new KeeperError('NotEmpty', req.path);
      const body: TxnBody = { type: 'delete', path: req.path };
      recordTxn(tree, pending, hdr, body);
      return body;
    }
    case 'deleteContainer': {
      const parentName = parentForWrite(req.path, true);
      const node = getRecordForPath(tree, pending, req.path);
      if (node.childCount > 0) throw new KeeperError('NotEmpty', req.path);
      // EphemeralType.get(owner) == NORMAL → BadVersion (a plain persistent node passes, as in 3.8).
      if (isNormalEphemeralOwner(node.stat.ephemeralOwner)) throw new KeeperError('BadVersion', req.path);
      getRecordForPath(tree, pending, parentName);
      const body: TxnBody = { type: 'deleteContainer', path: req.path };
      recordTxn(tree, pending, hdr, body);
      return body;
    }
    case 'setData': {
      checkSession(meta);
      if (validatePath(req.path) !== null) throw new KeeperError('BadArguments', req.path);
      const node = getRecordForPath(tree, pending, req.path);
      if (!checkAcl(node.acl, PERMS.WRITE, authIds)) throw new KeeperError('NoAuth', req.path);
      const version = checkAndIncVersion(node.stat.version, req.version, req.path);
      const body: TxnBody = { type: 'setData', path: req.path, data: req.data, version };
      recordTxn(tree, pending, hdr, body);
      return body;
    }
    case 'setACL': {
      checkSession(meta);
      if (validatePath(req.path) !== null) throw new KeeperError('BadArguments', req.path);
      const acl = fixupAcl(req.path, authIds, req.acl);
      const node = getRecordForPath(tree, pending, req.path);
      if (!checkAcl(node.acl, PERMS.ADMIN, authIds)) throw new KeeperError('NoAuth', req.path);
      const version = checkAndIncVersion(node.stat.aversion, req.version, req.path);
      const body: TxnBody = { type: 'setACL', path: req.path, acl, version };
      recordTxn(tree, pending, hdr, body);
      return body;
    }
    case 'check': {
      checkSession(meta);
      if (validatePath(req.path) !== null) throw new KeeperError('BadArguments', req.path);
      const node = getRecordForPath(tree, pending, req.path);
      if (!checkAcl(node.acl, PERMS.READ, authIds)) throw new KeeperError('NoAuth', req.path);
      const version = checkAndIncVersion(node.stat.version, req.version, req.path);
      return { type: 'check', path: req.path, version };
    }
    case 'createSession':
      return { type: 'createSession', timeoutMs: req.timeoutMs };
    case 'closeSession': {
      const es = new Set(tree.ephemerals[req.sessionId] ?? []);
      for (const c of pending.list) {
        if (c.stat === null) es.delete(c.path);
        else if (c.stat.ephemeralOwner === req.sessionId) es.add(c.path);
      }
      const paths = [...es].sort();
      const body: TxnBody = { type: 'closeSession', paths };
      recordTxn(tree, pending, { ...hdr, sessionId: req.sessionId }, body);
      return body;
    }
    case 'multi': {
      const txns: TxnBody[] = [];
      // Rollback = work on a copy of the pending records and keep it only if every op succeeds.
      const local: Pending = { list: [...pending.list], byPath: new Map(pending.byPath) };
      let failed = false;
      for (const op of req.ops) {
        if (failed) {
          txns.push({ type: 'error', err: 'RuntimeInconsistency' });
          continue;
        }
        if (op.op === 'multi' || op.op === 'createSession' || op.op === 'closeSession') {
          failed = true;
          txns.push({ type: 'error', err: 'Unimplemented', op: op.op });
          continue;
        }
        try {
          txns.push(prepOne(tree, local, op, meta));
        } catch (e) {
          if (!(e instanceof KeeperError)) throw e;
          failed = true;
          txns.push({ type: 'error', err: e.code, op: op.op, path: op.path });
        }
      }
      if (!failed) {
        pending.list = local.list;
        pending.byPath = local.byPath;
      }
      return { type: 'multi', txns };
    }
  }
}

/**
 * PrepRequestProcessor.pRequest for a write: validates `req` against `tree` plus the not-yet-applied
 * `outstanding` txns (in zxid order; txns with zxid <= tree.lastProcessedZxid are ignored as already
 * applied) and returns the txn to propose with `meta.zxid`.
 *
 * - A failing write becomes `{ type: 'error', err }` (it still consumes the zxid). The client's exception
 *   carries the client's own request path, whatever path the server checked.
 * - Path syntax: the server only rejects a path without '/' or with NUL at the start (BadArguments) and a
 *   sequential name that is invalid; zkCli and the Java client reject bad paths BEFORE sending (use
 *   `validatePath` from ids.ts on the client side and send nothing when it fails).
 * - Sequential names take the parent's stored create counter as `%010d`.
 * - multi: one zxid; at the first failure the remaining ops are not checked and the sub-txns become
 *   [the successes so far, the error, RuntimeInconsistency...]; applyTxn turns the successes into OK.
 * - closeSession lists the session's ephemerals (tree + pending creates/deletes) in `paths`.
 */
export function prepRequest(tree: DataTree, outstanding: readonly Txn[], req: WriteRequest, meta: PrepMeta): Txn {
  const hdr: TxnHeader = {
    zxid: meta.zxid,
    time: meta.time,
    sessionId: req.op === 'createSession' || req.op === 'closeSession' ? req.sessionId : meta.sessionId,
  };
  const pending = buildPending(tree, outstanding);
  try {
    return { ...hdr, ...prepOne(tree, pending, req, meta) };
  } catch (e) {
    if (!(e instanceof KeeperError)) throw e;
    const body: TxnBody = { type: 'error', err: e.code, op: req.op };
    if ('path' in req) body.path = req.path;
    return { ...hdr, ...body };
  }
}

/**
 * The error code the client gets for a txn: the error txn's code, or a multi's first failing sub-code.
 * (For a successful txn use applyTxn's result.)
 */
export function txnErrorCode(txn: TxnBody): ErrorCode {
  if (txn.type === 'error') return txn.err;
  if (txn.type === 'multi') {
    for (const t of txn.txns) if (t.type === 'error') return t.err;
  }
  return 'OK';
}

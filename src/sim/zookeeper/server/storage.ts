/**
 * What a server keeps on its simulated disk and how it comes back after a crash: the two epoch files
 * (acceptedEpoch, currentEpoch), the txn log (one key per txn, `log/<zxid hex>`) and an optional snapshot
 * (written when a leader sends SNAP). On restart the server loads the snapshot and replays every logged
 * txn, committed or not, like ZKDatabase.loadDataBase.
 */
import type { Json } from '../../kernel/types';
import type { Ctx } from './core';
import { emitDisk } from './core';
import { dbApply, dbCloneTree, dbNewTree } from './db';
import type { DbTree } from './db';
import type { LogEntry, ServerContext } from './types';
import { hex } from './util';

export const K_ACCEPTED = 'acceptedEpoch';
export const K_CURRENT = 'currentEpoch';
export const K_SNAPSHOT = 'snapshot';
export const LOG_PREFIX = 'log/';

export function logKey(zxid: number): string {
  return LOG_PREFIX + hex(zxid);
}

export interface Loaded {
  acceptedEpoch: number;
  currentEpoch: number;
  snapZxid: number;
  snapshot: DbTree | null;
  log: LogEntry[];
}

export function loadDisk(disk: Record<string, Json>): Loaded {
  const acceptedEpoch = typeof disk[K_ACCEPTED] === 'number' ? disk[K_ACCEPTED] : 0;
  const currentEpoch = typeof disk[K_CURRENT] === 'number' ? disk[K_CURRENT] : 0;
  const snap = disk[K_SNAPSHOT] as unknown as { zxid: number; tree: DbTree } | undefined;
  const log: LogEntry[] = [];
  for (const [k, v] of Object.entries(disk)) {
    if (!k.startsWith(LOG_PREFIX)) continue;
    log.push(structuredClone(v) as unknown as LogEntry);
  }
  log.sort((a, b) => a.zxid - b.zxid);
  const snapZxid = snap ? snap.zxid : 0;
  return {
    acceptedEpoch,
    currentEpoch,
    snapZxid,
    snapshot: snap ? (structuredClone(snap.tree) as DbTree) : null,
    log: log.filter((e) => e.zxid > snapZxid),
  };
}

/** A fresh tree as the server builds it from its snapshot (or from nothing) before replaying the log. */
export function baseTree(s: ServerContext, now: number): DbTree {
  if (s.snapshot) return dbCloneTree(s.snapshot);
  return dbNewTree(s.cfg.standalone ? null : s.cfg.quorumConfig, now);
}

/** Replays the whole log into a fresh tree (ZKDatabase.loadDataBase / fastForwardDataBase). */
export function rebuildTree(s: ServerContext, now: number, upTo = Infinity): void {
  s.tree = baseTree(s, now);
  s.lastProcessed = s.snapZxid;
  for (const e of s.log) {
    if (e.zxid > upTo) break;
    dbApply(s.tree, e.txn);
    s.lastProcessed = e.zxid;
  }
}

export function persistEpochs(c: Ctx): void {
  emitDisk(c, K_ACCEPTED, c.s.acceptedEpoch);
  emitDisk(c, K_CURRENT, c.s.currentEpoch);
}

/** SyncRequestProcessor: append to the txn log (memory mirror + disk). */
export function logAppend(c: Ctx, entry: LogEntry): void {
  c.s.log.push(entry);
  emitDisk(c, logKey(entry.zxid), entry as unknown as Json);
}

/** ZKDatabase.truncateLog(zxid): drop every logged txn after zxid and reload the tree. False if impossible. */
export function truncateLog(c: Ctx, zxid: number): boolean {
  const s = c.s;
  if (zxid < s.snapZxid) return false;
  const keep: LogEntry[] = [];
  for (const e of s.log) {
    if (e.zxid <= zxid) keep.push(e);
    else emitDisk(c, logKey(e.zxid), undefined);
  }
  s.log = keep;
  rebuildTree(s, c.env.now());
  return true;
}

/** SNAP: the leader's whole tree replaces ours; the log starts over after it. */
export function installSnapshot(c: Ctx, zxid: number, tree: DbTree): void {
  const s = c.s;
  for (const e of s.log) emitDisk(c, logKey(e.zxid), undefined);
  s.log = [];
  s.snapZxid = zxid;
  s.snapshot = dbCloneTree(tree);
  s.tree = dbCloneTree(tree);
  s.lastProcessed = zxid;
  emitDisk(c, K_SNAPSHOT, { zxid, tree: s.snapshot } as unknown as Json);
}

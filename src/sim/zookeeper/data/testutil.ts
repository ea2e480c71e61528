/**
 * Test helpers for the data layer (used by the *.test.ts files; pure, no host APIs).
 */
import { makeZxid } from './ids';
import { prepRequest } from './prep';
import { applyTxn, createDataTree } from './tree';
import type { ApplyResult, DataTree, PrepMeta, SessionId, Txn, WriteRequest } from './types';

export const S1: SessionId = '0x1000000000000001';
export const S2: SessionId = '0x2000000000000002';

/** A tree plus a zxid counter and a clock: each write is prepped and applied at once. */
export interface Db {
  tree: DataTree;
  zxid: number;
  time: number;
  txns: Txn[];
}

export function newDb(epoch = 1): Db {
  return { tree: createDataTree(), zxid: makeZxid(epoch, 0), time: 1000, txns: [] };
}

export function write(db: Db, req: WriteRequest, sessionId: SessionId = S1, extra: Partial<PrepMeta> = {}): { txn: Txn; res: ApplyResult } {
  db.zxid += 1;
  db.time += 10;
  const txn = prepRequest(db.tree, [], req, { sessionId, zxid: db.zxid, time: db.time, ...extra });
  db.txns.push(txn);
  const res = applyTxn(db.tree, txn);
  return { txn, res };
}

export function create(db: Db, path: string, data: string | null = null, sessionId: SessionId = S1): ApplyResult {
  return write(db, { op: 'create', path, data, mode: 'PERSISTENT' }, sessionId).res;
}

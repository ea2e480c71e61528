/**
 * Followers and observers (Q.Learner, Q.Follower, Q.Observer): connect to the elected leader (5 tries,
 * 100 ms apart), FOLLOWERINFO / OBSERVERINFO → LEADERINFO → ACKEPOCH, then syncWithLeader (DIFF / TRUNC /
 * SNAP, proposals and commits, NEWLEADER → ACK, UPTODATE → serve), then broadcast: log each PROPOSAL and
 * ACK it, apply each COMMIT (it must be the head of the pending txns), answer PINGs with the touch table,
 * forward writes and syncs (REQUEST), check reconnecting sessions with the leader (REVALIDATE). The
 * leader is lost after initLimit ticks of silence while syncing, syncLimit ticks after NEWLEADER.
 */
import type { Json, WireMessage } from '../../kernel/types';
import type { Ctx } from './core';
import { amObserver, emitCancel, emitNote, emitSend, emitTimer, emitViolation, lastLoggedZxid, logHas, logIndexAfter, nextConnId, peerBySid } from './core';
import type { DbTree } from './db';
import { applyCommitted, completeSync, finishRevalidate } from './serving';
import { installSnapshot, logAppend, persistEpochs, truncateLog } from './storage';
import type { LearnerState, LogEntry } from './types';
import { counterOf, epochOf, hex, makeZxid } from './util';

export const T_LEARNER_TIMEOUT = 'LEARNER_TIMEOUT';
export const T_LEARNER_RETRY = 'LEARNER_RETRY';
const CONNECT_TRIES = 5;
const CONNECT_RETRY_MS = 100;

export interface LearnerHooks {
  goLooking(c: Ctx, reason: string): void;
}
let hooks: LearnerHooks = { goLooking: () => undefined };
export function setLearnerHooks(h: LearnerHooks): void {
  hooks = h;
}

function readTimeout(c: Ctx): number {
  const l = c.s.learner;
  const limit = l && (l.stage === 'newleader' || l.stage === 'uptodate') ? c.s.cfg.syncLimit : c.s.cfg.initLimit;
  return limit * c.s.cfg.tickTime;
}

function armReadTimeout(c: Ctx): void {
  emitTimer(c, T_LEARNER_TIMEOUT, readTimeout(c));
}

export function becomeLearner(c: Ctx, leaderSid: number): void {
  const s = c.s;
  const leader = peerBySid(s, leaderSid);
  s.role = amObserver(s) ? 'OBSERVING' : 'FOLLOWING';
  s.zab = 'DISCOVERY';
  s.serving = false;
  const l: LearnerState = {
    leaderSid,
    leaderNode: leader?.node ?? '',
    conn: '',
    stage: 'connecting',
    tries: 0,
    newEpoch: -1,
    notCommitted: [],
    committedPending: [],
    touch: {},
    syncMode: '',
    outSeq: 0,
    inSeq: 0,
  };
  s.learner = l;
  emitNote(c, s.role === 'OBSERVING' ? 'zk.observing' : 'zk.following', { leader: leaderSid, round: s.fle.logicalclock });
  armReadTimeout(c);
  connect(c);
}

function connect(c: Ctx): void {
  const s = c.s;
  const l = s.learner as LearnerState;
  l.tries++;
  l.conn = nextConnId(c, 'q');
  l.outSeq = 1;
  l.inSeq = 0;
  emitSend(c, l.leaderNode, {
    type: amObserver(s) ? 'OBSERVERINFO' : 'FOLLOWERINFO',
    conn: l.conn,
    seq: 0,
    // opens the connection (Learner.connectToLeader): not established over a one-way cut
    syn: true,
    sid: s.myid,
    zxid: makeZxid(s.acceptedEpoch, 0),
    version: 0x10000,
  });
}

export function onLearnerRetry(c: Ctx): void {
  const l = c.s.learner;
  if (!l || l.stage !== 'connecting') return;
  connect(c);
}

export function onLearnerTimeout(c: Ctx): void {
  if (!c.s.learner) return;
  hooks.goLooking(c, c.s.learner.stage === 'uptodate' ? 'leader timed out (no packet for syncLimit ticks)' : 'timed out while connecting or syncing with the leader');
}

function sendToLeader(c: Ctx, msg: WireMessage): void {
  const l = c.s.learner as LearnerState;
  emitSend(c, l.leaderNode, { ...msg, conn: l.conn, seq: l.outSeq++ });
}

/** Every packet from the leader (matched on the connection id). */
export function onLeaderPacket(c: Ctx, m: WireMessage & { from: string; conn: string }): void {
  const s = c.s;
  const l = s.learner;
  if (!l || m.from !== l.leaderNode || m.conn !== l.conn) return; // an old connection
  if (m.type === 'QUORUM_CLOSE') {
    if (l.stage === 'connecting' && (m as unknown as { reason?: string }).reason === 'refused') {
      if (l.tries < CONNECT_TRIES) emitTimer(c, T_LEARNER_RETRY, CONNECT_RETRY_MS);
      else hooks.goLooking(c, `Failed connect to leader ${l.leaderSid}`);
      return;
    }
    hooks.goLooking(c, `leader closed the connection (${String((m as unknown as { reason?: string }).reason ?? '')})`);
    return;
  }
  const seq = (m as unknown as { seq?: number }).seq ?? l.inSeq;
  if (seq < l.inSeq) return; // duplicate
  if (seq > l.inSeq) {
    hooks.goLooking(c, `connection to the leader broken (packet ${l.inSeq} lost)`);
    return;
  }
  l.inSeq++;
  armReadTimeout(c);
  switch (m.type) {
    case 'LEADERINFO':
      onLeaderInfo(c, (m as unknown as { zxid: number }).zxid);
      return;
    case 'DIFF':
    case 'TRUNC':
    case 'SNAP':
      onSyncMode(c, m);
      return;
    case 'PROPOSAL':
      onProposal(c, structuredClone((m as unknown as { entry: LogEntry }).entry));
      return;
    case 'COMMIT':
      onCommit(c, (m as unknown as { zxid: number }).zxid);
      return;
    case 'INFORM':
      onInform(c, structuredClone((m as unknown as { entry: LogEntry }).entry));
      return;
    case 'NEWLEADER':
      onNewLeader(c, (m as unknown as { zxid: number }).zxid);
      return;
    case 'UPTODATE':
      onUptodate(c);
      return;
    case 'PING': {
      if (l.stage !== 'uptodate') return;
      const touch = l.touch;
      l.touch = {};
      sendToLeader(c, { type: 'PING', zxid: (m as unknown as { zxid: number }).zxid, touch });
      return;
    }
    case 'SYNC': {
      const r = m as unknown as { session: string; cxid: number };
      completeSync(c, r.session, r.cxid);
      return;
    }
    case 'REVALIDATE': {
      const r = m as unknown as { clientConn: string; valid: boolean };
      finishRevalidate(c, r.clientConn, r.valid);
      return;
    }
  }
}

function onLeaderInfo(c: Ctx, zxid: number): void {
  const s = c.s;
  const l = s.learner as LearnerState;
  if (l.stage !== 'connecting') return;
  const newEpoch = epochOf(zxid);
  l.newEpoch = newEpoch;
  if (newEpoch > s.acceptedEpoch) {
    s.acceptedEpoch = newEpoch;
    persistEpochs(c);
    sendToLeader(c, { type: 'ACKEPOCH', zxid: lastLoggedZxid(s), epoch: s.currentEpoch });
  } else if (newEpoch === s.acceptedEpoch) {
    sendToLeader(c, { type: 'ACKEPOCH', zxid: lastLoggedZxid(s), epoch: -1 });
  } else {
    hooks.goLooking(c, `Leaders epoch, ${newEpoch} is less than accepted epoch, ${s.acceptedEpoch}`);
    return;
  }
  l.stage = 'sync';
  s.zab = 'SYNCHRONIZATION';
}

function onSyncMode(c: Ctx, m: WireMessage): void {
  const s = c.s;
  const l = s.learner as LearnerState;
  if (l.stage !== 'sync') return;
  const zxid = (m as unknown as { zxid: number }).zxid;
  if (m.type === 'DIFF') {
    l.syncMode = l.syncMode === 'TRUNC' ? 'TRUNC+DIFF' : 'DIFF';
  } else if (m.type === 'TRUNC') {
    l.syncMode = 'TRUNC';
    if (!truncateLog(c, zxid)) {
      emitNote(c, 'zk.truncFailed', { zxid: hex(zxid) });
      hooks.goLooking(c, `Not able to truncate the log ${hex(zxid)}`);
      return;
    }
    emitNote(c, 'zk.truncated', { zxid: hex(zxid) });
  } else {
    l.syncMode = 'SNAP';
    installSnapshot(c, zxid, (m as unknown as { tree: DbTree }).tree);
  }
}

function onProposal(c: Ctx, entry: LogEntry): void {
  const s = c.s;
  const l = s.learner as LearnerState;
  if (l.stage === 'sync' || l.stage === 'newleader') {
    l.notCommitted.push(entry);
    return;
  }
  if (l.stage !== 'uptodate' || amObserver(s)) return;
  logAndAck(c, entry);
}

/** FollowerZooKeeperServer.logRequest → SyncRequestProcessor → SendAckRequestProcessor. */
function logAndAck(c: Ctx, entry: LogEntry): void {
  const s = c.s;
  const last = lastLoggedZxid(s);
  if (logHas(s, entry.zxid)) {
    emitNote(c, 'zk.duplicateProposal', { zxid: hex(entry.zxid) });
    sendToLeader(c, { type: 'ACK', zxid: entry.zxid });
    return;
  }
  if (entry.zxid <= last) {
    emitViolation(c, 'proposalInconsistent', `${s.id} got proposal ${hex(entry.zxid)} at or below its last logged ${hex(last)}`);
    return;
  }
  if (epochOf(entry.zxid) === epochOf(last) && counterOf(entry.zxid) !== counterOf(last) + 1) {
    emitNote(c, 'zk.proposalGap', { got: hex(entry.zxid), expected: hex(last + 1) });
  }
  logAppend(c, entry);
  sendToLeader(c, { type: 'ACK', zxid: entry.zxid });
}

function onCommit(c: Ctx, zxid: number): void {
  const s = c.s;
  const l = s.learner as LearnerState;
  if (l.stage === 'sync') {
    const head = l.notCommitted[0];
    if (!head || head.zxid !== zxid) {
      emitNote(c, 'zk.commitMismatch', { zxid: hex(zxid), next: head ? hex(head.zxid) : 'none' });
      return;
    }
    l.notCommitted.shift();
    // applied during sync (and logged, so a crash does not lose it)
    logAppend(c, head);
    applyCommitted(c, head);
    return;
  }
  if (l.stage === 'newleader') {
    l.committedPending.push(zxid);
    return;
  }
  if (l.stage !== 'uptodate') return;
  commitPending(c, zxid);
}

/** FollowerZooKeeperServer.commit: the zxid must be the head of the logged, uncommitted txns. */
function commitPending(c: Ctx, zxid: number): void {
  const s = c.s;
  if (zxid <= s.lastProcessed) {
    emitNote(c, 'zk.staleCommit', { zxid: hex(zxid) });
    return;
  }
  const head = s.log[logIndexAfter(s, s.lastProcessed)];
  if (!head) {
    emitNote(c, 'zk.commitWithoutPending', { zxid: hex(zxid) });
    return;
  }
  if (head.zxid !== zxid) {
    emitViolation(c, 'commitInconsistent', `${s.id} got COMMIT ${hex(zxid)} but its next pending txn is ${hex(head.zxid)}`);
    hooks.goLooking(c, 'UNMATCHED_TXN_COMMIT');
    return;
  }
  s.trustedZxid = Math.max(s.trustedZxid, zxid);
  applyCommitted(c, head);
}

function onInform(c: Ctx, entry: LogEntry): void {
  const s = c.s;
  const l = s.learner as LearnerState;
  if (l.stage !== 'uptodate') {
    if (l.stage === 'sync' || l.stage === 'newleader') {
      l.notCommitted.push(entry);
      l.committedPending.push(entry.zxid);
    }
    return;
  }
  if (entry.zxid <= s.lastProcessed) return;
  logAppend(c, entry);
  s.trustedZxid = Math.max(s.trustedZxid, entry.zxid);
  applyCommitted(c, entry);
}

function onNewLeader(c: Ctx, zxid: number): void {
  const s = c.s;
  const l = s.learner as LearnerState;
  if (l.stage !== 'sync') return;
  s.currentEpoch = l.newEpoch;
  persistEpochs(c);
  s.vote = { ...s.vote, peerEpoch: l.newEpoch };
  l.stage = 'newleader';
  // ZOOKEEPER-3911: log the proposals not yet committed before acking NEWLEADER
  const pending = l.notCommitted;
  l.notCommitted = [];
  sendToLeader(c, { type: 'ACK', zxid });
  for (const e of pending) {
    if (amObserver(s)) l.notCommitted.push(e);
    else logAndAck(c, e);
  }
  armReadTimeout(c);
}

function onUptodate(c: Ctx): void {
  const s = c.s;
  const l = s.learner as LearnerState;
  if (l.stage !== 'newleader') return;
  l.stage = 'uptodate';
  const pending = l.notCommitted;
  l.notCommitted = [];
  const commits = l.committedPending;
  l.committedPending = [];
  if (amObserver(s)) {
    for (const e of pending) {
      if (!commits.includes(e.zxid) || e.zxid <= s.lastProcessed) continue;
      logAppend(c, e);
      applyCommitted(c, e);
    }
  } else {
    for (const e of pending) logAndAck(c, e);
    for (const z of commits) commitPending(c, z);
  }
  if (s.learner !== l) return;
  s.zab = 'BROADCAST';
  s.trustedZxid = Math.max(s.trustedZxid, s.lastProcessed);
  s.serving = true;
  s.sessionBase = Math.floor(c.env.monotonic());
  s.sessionCounter = 0;
  s.stats = { received: 0, sent: 0, minLatency: 0, maxLatency: 0, totalLatency: 0, count: 0 };
  emitNote(c, 'zk.uptodate', { leader: l.leaderSid, epoch: s.currentEpoch, zxid: hex(s.lastProcessed), sync: l.syncMode || 'DIFF' });
  sendToLeader(c, { type: 'ACK', zxid: makeZxid(l.newEpoch, 0) });
  armReadTimeout(c);
}

/** FollowerRequestProcessor: writes and syncs go to the leader as REQUEST packets. */
export function learnerForward(c: Ctx, session: string, cxid: number, req: Json): void {
  const l = c.s.learner;
  if (!l || l.stage !== 'uptodate') return;
  sendToLeader(c, { type: 'REQUEST', session, cxid, req });
}

export function learnerRevalidate(c: Ctx, session: string, timeout: number, clientConn: string): void {
  const l = c.s.learner;
  if (!l || l.stage !== 'uptodate') {
    finishRevalidate(c, clientConn, false);
    return;
  }
  sendToLeader(c, { type: 'REVALIDATE', session, timeout, clientConn });
}

/** Learner.shutdown: close the leader connection. */
export function learnerShutdown(c: Ctx): void {
  const l = c.s.learner;
  if (!l) return;
  if (l.conn) emitSend(c, l.leaderNode, { type: 'QUORUM_CLOSE', conn: l.conn, reason: 'learner shutdown' });
  emitCancel(c, T_LEARNER_TIMEOUT);
  emitCancel(c, T_LEARNER_RETRY);
}

/**
 * The leader (Q.Leader + Q.LearnerHandler) and the standalone server: discovery (FOLLOWERINFO →
 * LEADERINFO → ACKEPOCH, new epoch = max acceptedEpoch of a quorum + 1), synchronization (DIFF / TRUNC /
 * SNAP, then NEWLEADER, a quorum of ACKs, UPTODATE), broadcast (PROPOSAL → ACK quorum → COMMIT, strictly in
 * zxid order), the tick loop (PING every tickTime/2, step down when a quorum is not synced), the session
 * tracker (expiry buckets, only the leader expires sessions) and the ContainerManager.
 */
import type { Json, WireMessage } from '../../kernel/types';
import type { SessionId, WriteRequest } from '../data';
import type { Ctx } from './core';
import { emitCancel, emitNote, emitSend, emitTimer, hasQuorum, isVoter, lastLoggedZxid, logIndexAfter, peerByNode } from './core';
import { dbCloneTree, dbExpiredContainers, dbPrep } from './db';
import { applyCommitted, completeSync, finishRevalidate } from './serving';
import { logAppend, persistEpochs } from './storage';
import type { LearnerHandler, LeaderState, LogEntry, PendingSync, Proposal } from './types';
import { counterOf, epochOf, hex, makeZxid } from './util';

export const T_LEAD_TICK = 'LEAD_TICK';
export const T_LEAD_PHASE = 'LEAD_PHASE';
export const T_SESSION_EXPIRY = 'SESSION_EXPIRY';
export const T_CONTAINERS = 'CONTAINER_CHECK';

/** Set by the machine: leave the current role and start a new election. */
export interface LeaderHooks {
  goLooking(c: Ctx, reason: string): void;
}
let hooks: LeaderHooks = { goLooking: () => undefined };
export function setLeaderHooks(h: LeaderHooks): void {
  hooks = h;
}

function newLeaderState(epoch: number): LeaderState {
  return {
    epoch,
    epochFixed: false,
    connecting: {},
    electing: [],
    newLeaderAcks: [],
    handlers: {},
    outstanding: [],
    lastProposed: 0,
    tick: 0,
    tickSkip: true,
    pendingSyncs: {},
    sessions: {},
    phaseDeadline: 0,
    proposalSizes: { last: -1, min: -1, max: -1 },
  };
}

function L(c: Ctx): LeaderState {
  if (!c.s.leader) throw new Error('not leading');
  return c.s.leader;
}

function roundToNextInterval(c: Ctx, time: number): number {
  const t = c.s.cfg.tickTime;
  return (Math.floor(time / t) + 1) * t;
}

// ---- standalone ----------------------------------------------------------------------------------

/** ZooKeeperServerMain: serve at once, epoch 0, zxids 0x1, 0x2, ... */
export function startStandalone(c: Ctx): void {
  const s = c.s;
  s.role = 'STANDALONE';
  s.zab = 'BROADCAST';
  s.leader = newLeaderState(0);
  s.leader.epochFixed = true;
  s.leader.lastProposed = lastLoggedZxid(s);
  s.trustedZxid = s.lastProcessed;
  startServing(c);
  emitNote(c, 'zk.standalone', { zxid: hex(s.lastProcessed) });
}

function startServing(c: Ctx): void {
  const s = c.s;
  s.serving = true;
  s.sessionBase = Math.floor(c.env.monotonic());
  s.sessionCounter = 0;
  s.stats = { received: 0, sent: 0, minLatency: 0, maxLatency: 0, totalLatency: 0, count: 0 };
  const Ls = L(c);
  Ls.sessions = {};
  const now = c.env.monotonic();
  // SessionTrackerImpl constructor: every known session gets a fresh full timeout
  for (const [id, timeout] of Object.entries(s.tree.sessions)) {
    Ls.sessions[id] = { timeout, expiresAt: roundToNextInterval(c, now + timeout), closing: false };
  }
  scheduleExpiry(c);
  s.lastContainerCheck = now;
  emitTimer(c, T_CONTAINERS, s.cfg.containerCheckIntervalMs);
}

// ---- discovery -----------------------------------------------------------------------------------

export function becomeLeader(c: Ctx): void {
  const s = c.s;
  s.role = 'LEADING';
  s.zab = 'DISCOVERY';
  s.serving = false;
  s.leader = newLeaderState(-1);
  emitNote(c, 'zk.leading', { round: s.fle.logicalclock, zxid: hex(lastLoggedZxid(s)) });
  startPhase(c);
  getEpochToPropose(c, s.myid, s.acceptedEpoch);
}

function startPhase(c: Ctx): void {
  const ms = c.s.cfg.initLimit * c.s.cfg.tickTime;
  L(c).phaseDeadline = c.env.monotonic() + ms;
  emitTimer(c, T_LEAD_PHASE, ms);
}

export function onLeadPhaseTimeout(c: Ctx): void {
  const s = c.s;
  if (s.role !== 'LEADING' || s.zab === 'BROADCAST') return;
  const Ls = L(c);
  const why = !Ls.epochFixed
    ? 'Timeout while waiting for epoch from quorum'
    : s.zab === 'DISCOVERY'
      ? 'Timeout while waiting for epoch to be acked by quorum'
      : 'Timeout while waiting for NEWLEADER to be acked by quorum';
  hooks.goLooking(c, why);
}

function getEpochToPropose(c: Ctx, sid: number, lastAcceptedEpoch: number): void {
  const s = c.s;
  const Ls = L(c);
  if (Ls.epochFixed) return;
  if (lastAcceptedEpoch >= Ls.epoch) Ls.epoch = lastAcceptedEpoch + 1;
  if (isVoter(s, sid)) Ls.connecting[String(sid)] = lastAcceptedEpoch;
  const sids = Object.keys(Ls.connecting).map(Number);
  if (sids.includes(s.myid) && hasQuorum(s, sids)) {
    Ls.epochFixed = true;
    s.acceptedEpoch = Ls.epoch;
    persistEpochs(c);
    emitNote(c, 'zk.newEpoch', { epoch: Ls.epoch, from: sids.sort((a, b) => a - b).join(',') });
    for (const h of Object.values(Ls.handlers)) if (h.stage === 'info') sendLeaderInfo(c, h);
    // the leader's own waitForEpochAck
    startPhase(c);
    Ls.electing = [s.myid];
    checkEpochAcks(c);
  }
}

/** A packet on a learner connection, with its sequence number. */
function sendH(c: Ctx, h: LearnerHandler, msg: WireMessage): void {
  emitSend(c, h.node, { ...msg, seq: h.outSeq++ });
}

function sendLeaderInfo(c: Ctx, h: LearnerHandler): void {
  h.stage = 'epoch';
  sendH(c, h, { type: 'LEADERINFO', conn: h.conn, zxid: makeZxid(L(c).epoch, 0), version: 0x10000 });
}

export function onLearnerInfo(c: Ctx, m: { type: string; from: string; conn: string; sid: number; zxid: number }): void {
  const s = c.s;
  if (s.role !== 'LEADING' || !s.leader) {
    // no Leader object, so nothing listens on the quorum port: connection refused
    emitSend(c, m.from, { type: 'QUORUM_CLOSE', conn: m.conn, reason: 'refused' });
    return;
  }
  const Ls = s.leader;
  const old = Ls.handlers[String(m.sid)];
  if (old && old.conn === m.conn) return; // a duplicate of the packet that opened it
  if (old) shutdownHandler(c, old, 'learner reconnected', false);
  const h: LearnerHandler = {
    sid: m.sid,
    node: m.from,
    conn: m.conn,
    observer: m.type === 'OBSERVERINFO',
    stage: 'info',
    acceptedEpoch: epochOf(m.zxid),
    peerLastZxid: 0,
    peerCurrentEpoch: 0,
    forwarding: false,
    tickOfNextAckDeadline: Ls.tick + s.cfg.initLimit + s.cfg.syncLimit,
    lastHeard: c.env.monotonic(),
    outSeq: 0,
    inSeq: 1,
  };
  Ls.handlers[String(m.sid)] = h;
  if (!Ls.epochFixed) getEpochToPropose(c, m.sid, h.acceptedEpoch);
  if (Ls.epochFixed && h.stage === 'info') sendLeaderInfo(c, h);
}

function isMoreRecent(e1: number, z1: number, e2: number, z2: number): boolean {
  return e1 > e2 || (e1 === e2 && z1 > z2);
}

function onAckEpoch(c: Ctx, h: LearnerHandler, m: { zxid: number; epoch: number }): void {
  const s = c.s;
  const Ls = L(c);
  if (h.stage !== 'epoch') return;
  h.peerLastZxid = m.zxid;
  h.peerCurrentEpoch = m.epoch;
  if (s.zab === 'DISCOVERY') {
    if (m.epoch !== -1) {
      if (isMoreRecent(m.epoch, m.zxid, s.currentEpoch, s.lastProcessed)) {
        shutdownHandler(c, h, `Follower is ahead of the leader, leader summary: ${s.currentEpoch} (current epoch), ${hex(s.lastProcessed)} (last zxid)`, true);
        return;
      }
      if (isVoter(s, h.sid) && !Ls.electing.includes(h.sid)) Ls.electing.push(h.sid);
    }
    h.stage = 'sync';
    checkEpochAcks(c);
    return;
  }
  h.stage = 'sync';
  syncFollower(c, h);
}

function checkEpochAcks(c: Ctx): void {
  const s = c.s;
  const Ls = L(c);
  if (s.zab !== 'DISCOVERY') return;
  if (!Ls.electing.includes(s.myid) || !hasQuorum(s, Ls.electing)) return;
  // electionFinished
  s.currentEpoch = Ls.epoch;
  persistEpochs(c);
  s.zab = 'SYNCHRONIZATION';
  emitNote(c, 'zk.epochAcked', { epoch: Ls.epoch, by: [...Ls.electing].sort((a, b) => a - b).join(',') });
  startPhase(c);
  Ls.newLeaderAcks = [s.myid];
  for (const h of Object.values(Ls.handlers)) if (h.stage === 'sync' && !h.forwarding) syncFollower(c, h);
  checkNewLeaderAcks(c);
}

// ---- synchronization -----------------------------------------------------------------------------

function entryMsg(e: LogEntry): Json {
  return structuredClone(e) as unknown as Json;
}

/** LearnerHandler.syncFollower + startForwarding + NEWLEADER. */
function syncFollower(c: Ctx, h: LearnerHandler): void {
  const s = c.s;
  const Ls = L(c);
  const peer = h.peerLastZxid;
  const committed = s.log.slice(0, logIndexAfter(s, s.lastProcessed));
  let minC = committed[0]?.zxid ?? s.lastProcessed;
  let maxC = committed[committed.length - 1]?.zxid ?? s.lastProcessed;
  if (committed.length === 0) minC = maxC = s.lastProcessed;
  const isPeerNewEpochZxid = counterOf(peer) === 0;
  const packets: WireMessage[] = [];
  let needSnap = true;
  let currentZxid = peer;
  let mode = 'SNAP';

  const queueCommitted = (entries: LogEntry[], peerLast: number, lastCommitted: number): number | null => {
    let needOp = true;
    let queued = peerLast;
    let prev = -1;
    for (const e of entries) {
      const z = e.zxid;
      if (z < peerLast) {
        prev = z;
        continue;
      }
      if (needOp) {
        if (z === peerLast) {
          packets.push({ type: 'DIFF', conn: h.conn, zxid: lastCommitted });
          mode = 'DIFF';
          needOp = false;
          continue;
        }
        if (isPeerNewEpochZxid) {
          packets.push({ type: 'DIFF', conn: h.conn, zxid: lastCommitted });
          mode = 'DIFF';
          needOp = false;
        } else if (z > peerLast) {
          if (epochOf(z) !== epochOf(peerLast) || prev < 0) return null; // cannot TRUNC across an epoch: SNAP
          packets.push({ type: 'TRUNC', conn: h.conn, zxid: prev });
          mode = 'TRUNC+DIFF';
          needOp = false;
        }
      }
      if (z <= queued) continue;
      packets.push({ type: 'PROPOSAL', conn: h.conn, entry: entryMsg(e) });
      packets.push({ type: 'COMMIT', conn: h.conn, zxid: z });
      queued = z;
    }
    if (needOp && isPeerNewEpochZxid) {
      packets.push({ type: 'DIFF', conn: h.conn, zxid: lastCommitted });
      mode = 'DIFF';
      needOp = false;
    }
    return needOp ? null : queued;
  };

  if (peer === s.lastProcessed) {
    packets.push({ type: 'DIFF', conn: h.conn, zxid: peer });
    mode = 'DIFF';
    needSnap = false;
  } else if (peer > maxC && !isPeerNewEpochZxid) {
    packets.push({ type: 'TRUNC', conn: h.conn, zxid: maxC });
    mode = 'TRUNC';
    currentZxid = maxC;
    needSnap = false;
  } else if (maxC >= peer && minC <= peer) {
    const r = queueCommitted(committed, peer, maxC);
    if (r !== null) {
      currentZxid = r;
      needSnap = false;
    } else packets.length = 0;
  } else if (peer < minC && peer >= s.snapZxid && committed.length > 0) {
    // the on-disk txn log still covers the peer
    const r = queueCommitted(committed, peer, maxC);
    if (r !== null) {
      currentZxid = r;
      needSnap = false;
    } else packets.length = 0;
  }
  if (needSnap) {
    packets.length = 0;
    mode = 'SNAP';
    currentZxid = s.lastProcessed;
    packets.push({ type: 'SNAP', conn: h.conn, zxid: s.lastProcessed, tree: dbCloneTree(s.tree) as unknown as Json });
  }
  emitNote(c, 'zk.syncLearner', { sid: h.sid, mode, peer: hex(peer), to: hex(currentZxid) });
  // A TRUNC below an outstanding proposal this follower already ACKed (it logged it, lost the connection
  // and came back before the commit): the follower discards it, yet its ACK stays in the proposal's ack set
  // (ZooKeeper keys acks by sid and never drops them when a LearnerHandler goes). Kept as in ZooKeeper; noted.
  const trunc = packets.find((p) => p.type === 'TRUNC') as { zxid: number } | undefined;
  if (trunc && !h.observer) {
    for (const p of Ls.outstanding) {
      if (p.entry.zxid <= trunc.zxid || !p.acks.includes(h.sid)) continue;
      if (!(p.truncated ??= []).includes(h.sid)) p.truncated.push(h.sid);
      emitNote(c, 'zk.audit.ackedProposalTruncated', { sid: h.sid, zxid: hex(p.entry.zxid), to: hex(trunc.zxid) });
    }
  }
  for (const p of packets) sendH(c, h, p);
  // startForwarding: outstanding proposals (participants only), then new broadcasts
  if (!h.observer) {
    for (const p of Ls.outstanding) {
      if (p.entry.zxid <= currentZxid) continue;
      sendH(c, h, { type: 'PROPOSAL', conn: h.conn, entry: entryMsg(p.entry) });
    }
  }
  h.forwarding = true;
  sendH(c, h, { type: 'NEWLEADER', conn: h.conn, zxid: makeZxid(Ls.epoch, 0) });
}

function checkNewLeaderAcks(c: Ctx): void {
  const s = c.s;
  const Ls = L(c);
  if (s.zab !== 'SYNCHRONIZATION') return;
  if (!hasQuorum(s, Ls.newLeaderAcks)) return;
  startZkServer(c);
}

/** Leader.startZkServer: serve, zxid = epoch<<32, UPTODATE to every learner that acked NEWLEADER. */
function startZkServer(c: Ctx): void {
  const s = c.s;
  const Ls = L(c);
  s.zab = 'BROADCAST';
  emitCancel(c, T_LEAD_PHASE);
  const z = makeZxid(Ls.epoch, 0);
  s.trustedZxid = lastLoggedZxid(s);
  s.lastProcessed = z;
  Ls.lastProposed = z;
  s.vote = { ...s.vote, peerEpoch: Ls.epoch };
  emitNote(c, 'zk.leaderEstablished', { epoch: Ls.epoch, acks: [...Ls.newLeaderAcks].sort((a, b) => a - b).join(',') });
  startServing(c);
  for (const h of Object.values(Ls.handlers)) if (h.stage === 'newleader') sendUptodate(c, h);
  Ls.tick = 0;
  Ls.tickSkip = true;
  emitTimer(c, T_LEAD_TICK, s.cfg.tickTime / 2);
}

function sendUptodate(c: Ctx, h: LearnerHandler): void {
  h.stage = 'uptodate';
  sendH(c, h, { type: 'UPTODATE', conn: h.conn, zxid: -1 });
}

// ---- learner packets -----------------------------------------------------------------------------

/** Every packet a learner sends to the leader (after FOLLOWERINFO). */
export function onLearnerPacket(c: Ctx, m: WireMessage & { from: string; conn: string }): void {
  const s = c.s;
  const peer = peerByNode(s, m.from);
  const Ls = s.leader;
  const h = peer && Ls ? Ls.handlers[String(peer.myid)] : undefined;
  if (s.role !== 'LEADING' || !Ls || !h || h.conn !== m.conn) {
    if (m.type === 'QUORUM_CLOSE') return;
    // no such connection (any more): the learner's socket gets reset
    emitSend(c, m.from, { type: 'QUORUM_CLOSE', conn: m.conn, reason: 'no such connection' });
    return;
  }
  if (m.type !== 'QUORUM_CLOSE') {
    const seq = (m as unknown as { seq?: number }).seq ?? h.inSeq;
    if (seq < h.inSeq) return; // duplicate
    if (seq > h.inSeq) {
      shutdownHandler(c, h, `connection broken (packet ${h.inSeq} lost)`, true);
      return;
    }
    h.inSeq++;
  }
  h.lastHeard = c.env.monotonic();
  if (h.stage === 'newleader' || h.stage === 'uptodate') h.tickOfNextAckDeadline = Ls.tick + s.cfg.syncLimit;
  switch (m.type) {
    case 'ACKEPOCH':
      onAckEpoch(c, h, m as unknown as { zxid: number; epoch: number });
      return;
    case 'ACK':
      onAck(c, h, (m as unknown as { zxid: number }).zxid);
      return;
    case 'PING':
      for (const [session, to] of Object.entries((m as unknown as { touch: Record<string, number> }).touch ?? {})) touchSession(c, session, to);
      return;
    case 'REQUEST': {
      if (h.stage !== 'uptodate' || s.zab !== 'BROADCAST') return;
      const r = m as unknown as { session: string; cxid: number; req: WriteRequest | { op: 'sync'; path: string } };
      if (r.req.op === 'sync') leaderSync(c, { sid: h.sid, node: h.node, conn: h.conn, session: r.session, cxid: r.cxid });
      else leaderSubmit(c, r.req as WriteRequest, r.session, r.cxid);
      return;
    }
    case 'REVALIDATE': {
      const r = m as unknown as { session: string; timeout: number; clientConn: string };
      const valid = s.zab === 'BROADCAST' && leaderRevalidate(c, r.session, r.timeout);
      sendH(c, h, { type: 'REVALIDATE', conn: h.conn, session: r.session, valid, clientConn: r.clientConn });
      return;
    }
    case 'QUORUM_CLOSE':
      shutdownHandler(c, h, 'learner closed the connection', false);
      return;
  }
}

function onAck(c: Ctx, h: LearnerHandler, zxid: number): void {
  const s = c.s;
  const Ls = L(c);
  if (h.stage === 'sync') {
    // the ACK of NEWLEADER
    h.stage = 'newleader';
    h.tickOfNextAckDeadline = Ls.tick + s.cfg.syncLimit;
    if (s.zab === 'SYNCHRONIZATION') {
      if (zxid === makeZxid(Ls.epoch, 0) && isVoter(s, h.sid) && !Ls.newLeaderAcks.includes(h.sid)) Ls.newLeaderAcks.push(h.sid);
      checkNewLeaderAcks(c);
    }
    if (s.zab === 'BROADCAST' && h.stage === 'newleader') sendUptodate(c, h);
    return;
  }
  processAck(c, h.sid, zxid);
}

function processAck(c: Ctx, sid: number, zxid: number): void {
  const s = c.s;
  const Ls = L(c);
  if (counterOf(zxid) === 0) return; // NEWLEADER / UPTODATE acks
  if (Ls.outstanding.length === 0) return;
  const p = Ls.outstanding.find((x) => x.entry.zxid === zxid);
  if (!p) return;
  if (isVoter(s, sid) && !p.acks.includes(sid)) p.acks.push(sid);
  tryToCommit(c);
}

/** Commit the head proposal(s) that have a quorum of ACKs, strictly in zxid order. */
function tryToCommit(c: Ctx): void {
  const s = c.s;
  const Ls = L(c);
  if (Ls.truncatedAckCommits) {
    for (const z of Object.keys(Ls.truncatedAckCommits)) if (Number(z) <= s.trustedZxid) delete Ls.truncatedAckCommits[z];
  }
  for (;;) {
    const p = Ls.outstanding[0];
    if (!p || !hasQuorum(s, p.acks)) return;
    Ls.outstanding.shift();
    commit(c, p);
    if (s.role !== 'LEADING' && s.role !== 'STANDALONE') return;
  }
}

function commit(c: Ctx, p: Proposal): void {
  const s = c.s;
  const Ls = L(c);
  const z = p.entry.zxid;
  const stale = (p.truncated ?? []).filter((sid) => p.acks.includes(sid));
  if (stale.length) {
    (Ls.truncatedAckCommits ??= {})[String(z)] = stale;
    emitNote(c, 'zk.audit.commitCountsTruncatedAck', { zxid: hex(z), sids: stale.join(','), acks: [...p.acks].sort((a, b) => a - b).join(',') });
  }
  for (const h of Object.values(Ls.handlers)) {
    if (!h.forwarding) continue;
    if (h.observer) sendH(c, h, { type: 'INFORM', conn: h.conn, entry: entryMsg(p.entry) });
    else sendH(c, h, { type: 'COMMIT', conn: h.conn, zxid: z });
  }
  s.trustedZxid = Math.max(s.trustedZxid, z);
  applyCommitted(c, p.entry);
  const waiting = Ls.pendingSyncs[String(z)];
  if (waiting) {
    delete Ls.pendingSyncs[String(z)];
    for (const w of waiting) sendSync(c, w);
  }
}

// ---- proposals -----------------------------------------------------------------------------------

function liveSessions(c: Ctx): Record<SessionId, 'open' | 'closing'> {
  const out: Record<SessionId, 'open' | 'closing'> = {};
  for (const [id, t] of Object.entries(L(c).sessions)) out[id] = t.closing ? 'closing' : 'open';
  return out;
}

/** PrepRequestProcessor + Leader.propose: a write becomes a txn with the next zxid and is proposed. */
export function leaderSubmit(c: Ctx, req: WriteRequest, session: string, cxid: number): void {
  const s = c.s;
  const Ls = L(c);
  if (s.zab !== 'BROADCAST') return;
  const zxid = Ls.lastProposed + 1;
  const time = Math.floor(c.env.now());
  const meta = { sessionId: session, zxid, time, extendedTypesEnabled: s.cfg.extendedTypesEnabled, liveSessions: liveSessions(c) };
  if (req.op === 'closeSession') {
    const t = Ls.sessions[req.sessionId];
    if (t) t.closing = true;
  }
  const outstanding = Ls.outstanding.map((p) => p.entry.txn);
  const txn = dbPrep(s.tree, outstanding, req, meta);
  const entry: LogEntry = { zxid, session, cxid, time, txn };
  Ls.lastProposed = zxid;
  const p: Proposal = { entry, acks: [], time: c.env.monotonic() };
  Ls.outstanding.push(p);
  const size = JSON.stringify(txn).length + 36;
  const ps = Ls.proposalSizes;
  ps.last = size;
  ps.min = ps.min < 0 ? size : Math.min(ps.min, size);
  ps.max = Math.max(ps.max, size);
  for (const h of Object.values(Ls.handlers)) {
    if (h.forwarding && !h.observer) sendH(c, h, { type: 'PROPOSAL', conn: h.conn, entry: entryMsg(entry) });
  }
  // the leader logs it and acks itself (SyncRequestProcessor → AckRequestProcessor)
  logAppend(c, entry);
  p.acks.push(s.myid);
  tryToCommit(c);
}

/** Leader.processSync: answer at once, or after the last proposal issued so far commits. */
export function leaderSync(c: Ctx, w: PendingSync): void {
  const Ls = L(c);
  if (Ls.outstanding.length === 0) {
    sendSync(c, w);
    return;
  }
  const key = String(Ls.lastProposed);
  (Ls.pendingSyncs[key] ??= []).push(w);
}

function sendSync(c: Ctx, w: PendingSync): void {
  if (w.sid === 0) {
    completeSync(c, w.session, w.cxid);
    return;
  }
  const h = L(c).handlers[String(w.sid)];
  if (!h || h.conn !== w.conn) return;
  sendH(c, h, { type: 'SYNC', conn: h.conn, session: w.session, cxid: w.cxid });
}

// ---- sessions ------------------------------------------------------------------------------------

/** SessionTracker.touchSession: push the expiry to a later bucket. */
export function touchSession(c: Ctx, session: string, timeout: number): boolean {
  const Ls = c.s.leader;
  if (!Ls) return false;
  const t = Ls.sessions[session];
  if (!t || t.closing) return false;
  const at = roundToNextInterval(c, c.env.monotonic() + timeout);
  if (at > t.expiresAt) t.expiresAt = at;
  t.timeout = timeout;
  return true;
}

/** REVALIDATE (and the leader's own reconnecting clients): is the session alive? Touches it. */
export function leaderRevalidate(c: Ctx, session: string, timeout: number): boolean {
  return touchSession(c, session, timeout);
}

function scheduleExpiry(c: Ctx): void {
  const Ls = L(c);
  let next = Infinity;
  for (const t of Object.values(Ls.sessions)) if (!t.closing && t.expiresAt < next) next = t.expiresAt;
  if (next === Infinity) {
    emitCancel(c, T_SESSION_EXPIRY);
    return;
  }
  emitTimer(c, T_SESSION_EXPIRY, Math.max(0, next - c.env.monotonic()));
}

export function onSessionExpiry(c: Ctx): void {
  const s = c.s;
  if (!s.leader || !s.serving || (s.role !== 'LEADING' && s.role !== 'STANDALONE')) return;
  const now = c.env.monotonic();
  const expired = Object.entries(s.leader.sessions)
    .filter(([, t]) => !t.closing && t.expiresAt <= now)
    .map(([id]) => id)
    .sort();
  for (const id of expired) {
    const t = s.leader.sessions[id];
    if (!t) continue;
    emitNote(c, 'zk.sessionExpired', { session: id, timeout: t.timeout });
    leaderSubmit(c, { op: 'closeSession', sessionId: id }, id, 0);
  }
  scheduleExpiry(c);
}

/** SessionTracker.trackSession for a committed createSession. */
export function trackSession(c: Ctx, session: string, timeout: number): void {
  const Ls = c.s.leader;
  if (!Ls) return;
  Ls.sessions[session] = { timeout, expiresAt: roundToNextInterval(c, c.env.monotonic() + timeout), closing: false };
  if (c.s.serving) scheduleExpiry(c);
}

export function onContainerCheck(c: Ctx): void {
  const s = c.s;
  if (!s.leader || !s.serving || (s.role !== 'LEADING' && s.role !== 'STANDALONE')) return;
  s.lastContainerCheck = c.env.now();
  for (const path of dbExpiredContainers(s.tree, c.env.now())) {
    // ContainerManager submits deleteContainer for containers and TTL nodes alike
    const pending = s.leader.outstanding.some((p) => p.entry.txn.type === 'deleteContainer' && (p.entry.txn as { path?: string }).path === path);
    if (!pending) leaderSubmit(c, { op: 'deleteContainer', path }, '0x0', 0);
  }
  emitTimer(c, T_CONTAINERS, s.cfg.containerCheckIntervalMs);
}

// ---- the tick loop -------------------------------------------------------------------------------

function shutdownHandler(c: Ctx, h: LearnerHandler, reason: string, notify: boolean): void {
  const Ls = L(c);
  if (Ls.handlers[String(h.sid)] === h) delete Ls.handlers[String(h.sid)];
  emitNote(c, 'zk.learnerGone', { sid: h.sid, reason });
  if (notify) emitSend(c, h.node, { type: 'QUORUM_CLOSE', conn: h.conn, reason });
}

export function onLeadTick(c: Ctx): void {
  const s = c.s;
  if (s.role !== 'LEADING' || s.zab !== 'BROADCAST' || !s.leader) return;
  const Ls = s.leader;
  const now = c.env.monotonic();
  const T = s.cfg.tickTime;
  if (!Ls.tickSkip) Ls.tick++;
  // handlers whose socket read timed out die
  for (const h of Object.values(Ls.handlers)) {
    const limit = (h.stage === 'newleader' || h.stage === 'uptodate' ? s.cfg.syncLimit : s.cfg.initLimit) * T;
    if (now - h.lastHeard > limit) shutdownHandler(c, h, 'read timeout', true);
  }
  const synced = [s.myid];
  for (const h of Object.values(Ls.handlers)) {
    if (!h.observer && Ls.tick <= h.tickOfNextAckDeadline && h.stage !== 'info' && h.stage !== 'epoch') synced.push(h.sid);
  }
  if (!Ls.tickSkip && !hasQuorum(s, synced)) {
    hooks.goLooking(c, `Not sufficient followers synced, only synced with sids: [ ${synced.sort((a, b) => a - b).join(',')} ]`);
    return;
  }
  Ls.tickSkip = !Ls.tickSkip;
  for (const h of Object.values(Ls.handlers)) {
    if (h.stage === 'info' || h.stage === 'epoch') continue;
    // syncLimitCheck: an ACK outstanding for longer than syncLimit ticks closes the connection
    const head = Ls.outstanding[0];
    if (!h.observer && head && !head.acks.includes(h.sid) && now - head.time > s.cfg.syncLimit * T && h.stage === 'uptodate') {
      shutdownHandler(c, h, 'Closing connection to peer due to transaction timeout.', true);
      continue;
    }
    sendH(c, h, { type: 'PING', conn: h.conn, zxid: Ls.lastProposed });
  }
  emitTimer(c, T_LEAD_TICK, T / 2);
}

/** Leader.shutdown: tell every learner its connection is gone. */
export function leaderShutdown(c: Ctx, reason: string): void {
  const Ls = c.s.leader;
  if (!Ls) return;
  for (const h of Object.values(Ls.handlers)) emitSend(c, h.node, { type: 'QUORUM_CLOSE', conn: h.conn, reason });
  Ls.handlers = {};
  emitCancel(c, T_LEAD_TICK);
  emitCancel(c, T_LEAD_PHASE);
  emitCancel(c, T_SESSION_EXPIRY);
  emitCancel(c, T_CONTAINERS);
}

export { finishRevalidate };

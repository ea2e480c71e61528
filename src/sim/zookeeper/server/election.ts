/**
 * Fast Leader Election (Q.FastLeaderElection, 3.8): notifications carry (leader, zxid, electionEpoch,
 * state, peerEpoch); the order is (peerEpoch, zxid, sid); a decision needs a quorum of votes equal to the
 * proposal plus finalizeWait (200 ms) without a better one; LOOKING servers back off notTimeout from 200 ms
 * doubling to 60 s; servers that are not LOOKING answer LOOKING peers with their current vote, which is how
 * a late or restarted server joins an ensemble (outofelection).
 */
import type { Ctx } from './core';
import { amObserver, emitCancel, emitNote, emitSend, emitTimer, hasQuorum, isVoter, lastLoggedZxid, peerBySid, voters } from './core';
import type { FleState, PeerState, Vote } from './types';
import { hex } from './util';

export const FINALIZE_WAIT = 200;
export const MAX_NOTIFICATION_INTERVAL = 60000;
/** Long.MIN_VALUE stand-in for observers' votes (they can never win). */
export const NO_VOTE = Number.MIN_SAFE_INTEGER;

export const T_FLE_TIMEOUT = 'FLE_TIMEOUT';
export const T_FLE_FINALIZE = 'FLE_FINALIZE';

export interface NotificationMsg {
  type: 'NOTIFICATION';
  sid: number;
  leader: number;
  zxid: number;
  electionEpoch: number;
  peerEpoch: number;
  state: PeerState;
  from: string;
  /** The kernel's id of this message (a duplicate copy has the same id). */
  msgId?: number;
}

/** Hooks into the rest of the server (set by server.machine to avoid import cycles). */
export interface ElectionHooks {
  becomeLeader(c: Ctx): void;
  becomeLearner(c: Ctx, leader: number): void;
}

function initVote(c: Ctx): { leader: number; zxid: number; epoch: number } {
  if (amObserver(c.s)) return { leader: NO_VOTE, zxid: NO_VOTE, epoch: NO_VOTE };
  return { leader: c.s.myid, zxid: lastLoggedZxid(c.s), epoch: c.s.currentEpoch };
}

/** totalOrderPredicate(newId, newZxid, newEpoch, curId, curZxid, curEpoch). */
export function totalOrder(c: Ctx, newId: number, newZxid: number, newEpoch: number, curId: number, curZxid: number, curEpoch: number): boolean {
  if (!isVoter(c.s, newId)) return false; // weight 0
  return newEpoch > curEpoch || (newEpoch === curEpoch && (newZxid > curZxid || (newZxid === curZxid && newId > curId)));
}

/** Vote.equals: full comparison if either side is LOOKING, else (leader, peerEpoch). */
function voteEquals(a: Vote, b: Vote): boolean {
  if (a.state === 'LOOKING' || b.state === 'LOOKING') {
    return a.leader === b.leader && a.zxid === b.zxid && a.electionEpoch === b.electionEpoch && a.peerEpoch === b.peerEpoch;
  }
  return a.leader === b.leader && a.peerEpoch === b.peerEpoch;
}

function agreeing(c: Ctx, votes: Record<string, Vote>, v: Vote): number[] {
  const sids: number[] = [];
  for (const [sid, vote] of Object.entries(votes)) if (voteEquals(vote, v)) sids.push(Number(sid));
  return sids.filter((sid) => isVoter(c.s, sid));
}

function checkLeader(c: Ctx, votes: Record<string, Vote>, leader: number, electionEpoch: number): boolean {
  if (leader !== c.s.myid) {
    const v = votes[String(leader)];
    return !!v && v.state === 'LEADING';
  }
  return c.s.fle.logicalclock === electionEpoch;
}

function peerState(c: Ctx): PeerState {
  return c.s.role === 'STANDALONE' ? 'LEADING' : c.s.role;
}

function sendVote(c: Ctx, sid: number, v: { leader: number; zxid: number; electionEpoch: number; peerEpoch: number }, state: PeerState): void {
  const peer = peerBySid(c.s, sid);
  if (!peer) return;
  emitSend(c, peer.node, {
    type: 'NOTIFICATION',
    sid: c.s.myid,
    leader: v.leader,
    zxid: v.zxid,
    electionEpoch: v.electionEpoch,
    peerEpoch: v.peerEpoch,
    state,
  });
}

/** sendNotifications(): my proposal to every voter, myself included. */
function sendNotifications(c: Ctx): void {
  const f = c.s.fle;
  for (const p of voters(c.s)) {
    sendVote(c, p.myid, { leader: f.leader, zxid: f.zxid, electionEpoch: f.logicalclock, peerEpoch: f.epoch }, 'LOOKING');
  }
}

/** lookForLeader(): a new round. */
export function startLooking(c: Ctx): void {
  const s = c.s;
  s.role = 'LOOKING';
  s.zab = 'ELECTION';
  s.serving = false;
  const f = s.fle;
  f.logicalclock++;
  const init = initVote(c);
  f.leader = init.leader;
  f.zxid = init.zxid;
  f.epoch = init.epoch;
  f.recvset = {};
  f.outofelection = {};
  f.notTimeout = FINALIZE_WAIT;
  f.finalizing = false;
  emitNote(c, 'zk.looking', { round: f.logicalclock, zxid: hex(lastLoggedZxid(s)), epoch: s.currentEpoch });
  sendNotifications(c);
  emitCancel(c, T_FLE_FINALIZE);
  emitTimer(c, T_FLE_TIMEOUT, f.notTimeout);
}

function updateProposal(c: Ctx, leader: number, zxid: number, epoch: number): void {
  c.s.fle.leader = leader;
  c.s.fle.zxid = zxid;
  c.s.fle.epoch = epoch;
}

function decide(c: Ctx, hooks: ElectionHooks, leader: number, vote: Vote, votes: number[]): void {
  const s = c.s;
  emitCancel(c, T_FLE_TIMEOUT);
  emitCancel(c, T_FLE_FINALIZE);
  s.fle.finalizing = false;
  const state: PeerState = leader === s.myid ? 'LEADING' : amObserver(s) ? 'OBSERVING' : 'FOLLOWING';
  s.vote = { ...vote, state };
  emitNote(c, 'zk.elected', {
    leader,
    round: s.fle.logicalclock,
    votes: votes.sort((a, b) => a - b).join(','),
    as: state,
  });
  if (state === 'LEADING') hooks.becomeLeader(c);
  else hooks.becomeLearner(c, leader);
}

/**
 * QuorumCnxManager: election messages travel on one TCP connection per pair of servers, so a message is
 * delivered at most once and in the order it was sent. The simulated network may duplicate or reorder
 * datagrams; a copy of a message already delivered, or one overtaken by a later message of the same
 * sender, never reaches FastLeaderElection (the later message supersedes it). Without this a duplicated
 * notification in a reply loop (a LOOKING voter answering an observer, the observer answering a voter whose
 * round is behind) multiplied itself at every round trip.
 */
function acceptFromConnection(f: FleState, n: NotificationMsg): boolean {
  if (n.msgId === undefined) return true;
  const last = f.lastMsgFrom[n.from];
  if (last !== undefined && n.msgId <= last) return false;
  f.lastMsgFrom[n.from] = n.msgId;
  return true;
}

/** The WorkerReceiver and the lookForLeader loop, for one incoming notification. */
export function onNotification(c: Ctx, hooks: ElectionHooks, n: NotificationMsg): void {
  const s = c.s;
  const f = s.fle;
  if (!acceptFromConnection(f, n)) return;
  if (!isVoter(s, n.sid)) {
    // Not in the voting view (an observer): answer with my current vote, process nothing.
    sendVote(c, n.sid, { leader: s.vote.leader, zxid: s.vote.zxid, electionEpoch: f.logicalclock, peerEpoch: s.vote.peerEpoch }, peerState(c));
    return;
  }
  if (s.role !== 'LOOKING') {
    // Not looking: tell a LOOKING peer who leads (the vote of the election I won or followed).
    if (n.state === 'LOOKING') {
      sendVote(c, n.sid, { leader: s.vote.leader, zxid: s.vote.zxid, electionEpoch: s.vote.electionEpoch, peerEpoch: s.vote.peerEpoch }, peerState(c));
    }
    return;
  }
  // I am LOOKING. A LOOKING sender that is behind gets my proposal back at once.
  if (n.state === 'LOOKING' && n.electionEpoch < f.logicalclock) {
    sendVote(c, n.sid, { leader: f.leader, zxid: f.zxid, electionEpoch: f.logicalclock, peerEpoch: f.epoch }, 'LOOKING');
  }
  if (f.finalizing) {
    if (totalOrder(c, n.leader, n.zxid, n.peerEpoch, f.leader, f.zxid, f.epoch)) {
      f.finalizing = false;
      emitCancel(c, T_FLE_FINALIZE);
    } else {
      // consumed and dropped; the 200 ms poll starts again
      emitTimer(c, T_FLE_FINALIZE, FINALIZE_WAIT);
      return;
    }
  }
  if (!isVoter(s, n.leader)) {
    restartPoll(c);
    return;
  }
  switch (n.state) {
    case 'LOOKING': {
      if (n.electionEpoch > f.logicalclock) {
        f.logicalclock = n.electionEpoch;
        f.recvset = {};
        const init = initVote(c);
        if (totalOrder(c, n.leader, n.zxid, n.peerEpoch, init.leader, init.zxid, init.epoch)) updateProposal(c, n.leader, n.zxid, n.peerEpoch);
        else updateProposal(c, init.leader, init.zxid, init.epoch);
        sendNotifications(c);
      } else if (n.electionEpoch < f.logicalclock) {
        restartPoll(c);
        return;
      } else if (totalOrder(c, n.leader, n.zxid, n.peerEpoch, f.leader, f.zxid, f.epoch)) {
        updateProposal(c, n.leader, n.zxid, n.peerEpoch);
        sendNotifications(c);
      }
      f.recvset[String(n.sid)] = { leader: n.leader, zxid: n.zxid, electionEpoch: n.electionEpoch, peerEpoch: n.peerEpoch, state: 'LOOKING' };
      const mine: Vote = { leader: f.leader, zxid: f.zxid, electionEpoch: f.logicalclock, peerEpoch: f.epoch, state: 'LOOKING' };
      if (hasQuorum(s, agreeing(c, f.recvset, mine))) {
        f.finalizing = true;
        emitCancel(c, T_FLE_TIMEOUT);
        emitTimer(c, T_FLE_FINALIZE, FINALIZE_WAIT);
        return;
      }
      restartPoll(c);
      return;
    }
    case 'OBSERVING':
      restartPoll(c);
      return;
    case 'FOLLOWING':
    case 'LEADING': {
      const nv: Vote = { leader: n.leader, zxid: n.zxid, electionEpoch: n.electionEpoch, peerEpoch: n.peerEpoch, state: n.state };
      if (n.electionEpoch === f.logicalclock) {
        f.recvset[String(n.sid)] = nv;
        const set = agreeing(c, f.recvset, nv);
        if (hasQuorum(s, set) && checkLeader(c, f.recvset, n.leader, n.electionEpoch)) {
          decide(c, hooks, n.leader, { ...nv, state: 'LOOKING' }, set);
          return;
        }
      }
      f.outofelection[String(n.sid)] = nv;
      const set = agreeing(c, f.outofelection, nv);
      if (hasQuorum(s, set) && checkLeader(c, f.outofelection, n.leader, n.electionEpoch)) {
        f.logicalclock = n.electionEpoch;
        decide(c, hooks, n.leader, { ...nv, state: 'LOOKING' }, set);
        return;
      }
      restartPoll(c);
      return;
    }
  }
}

function restartPoll(c: Ctx): void {
  if (c.s.role === 'LOOKING' && !c.s.fle.finalizing) emitTimer(c, T_FLE_TIMEOUT, c.s.fle.notTimeout);
}

/** recvqueue.poll(notTimeout) returned nothing: send again and back off. */
export function onFleTimeout(c: Ctx): void {
  const s = c.s;
  if (s.role !== 'LOOKING' || s.fle.finalizing) return;
  sendNotifications(c);
  s.fle.notTimeout = Math.min(s.fle.notTimeout * 2, MAX_NOTIFICATION_INTERVAL);
  emitTimer(c, T_FLE_TIMEOUT, s.fle.notTimeout);
}

/** finalizeWait passed with no better vote: decide. */
export function onFleFinalize(c: Ctx, hooks: ElectionHooks): void {
  const s = c.s;
  const f = s.fle;
  if (s.role !== 'LOOKING' || !f.finalizing) return;
  const mine: Vote = { leader: f.leader, zxid: f.zxid, electionEpoch: f.logicalclock, peerEpoch: f.epoch, state: 'LOOKING' };
  decide(c, hooks, f.leader, mine, agreeing(c, f.recvset, mine));
}

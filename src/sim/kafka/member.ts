/**
 * A consumer group member (KafkaConsumer with the classic protocol, eager rebalancing): FindCoordinator,
 * JoinGroup (MEMBER_ID_REQUIRED then again), the leader runs the assignor, SyncGroup, heartbeats every
 * heartbeat.interval.ms, fetches its partitions below the high watermark from their committed offsets
 * (auto.offset.reset otherwise), auto-commits every auto.commit.interval.ms, and rejoins on
 * REBALANCE_IN_PROGRESS / UNKNOWN_MEMBER_ID / ILLEGAL_GENERATION.
 *
 * max.poll.interval.ms: the application polls every 100 ms unless it is stalled (`kafka.consumer.stall`); the
 * heartbeat thread notices a poll older than max.poll.interval.ms, sends LeaveGroup itself and forgets its
 * member id and generation (AbstractCoordinator.maybeLeaveGroup); the next poll() rejoins.
 *
 * The console consumer (`kafka-console-consumer.sh --group`) is a member too (`console`): fetched records wait
 * in a buffer until the tool's poll() takes them, the position is what poll() returned, and close() commits
 * that position and sends LeaveGroup.
 */
import type { Json } from '../kernel/types';
import { note, setTimer, violation } from '../kernel/machine';
import { assign } from './assignors';
import type { CX } from './client.machine';
import { finishOp, startOp } from './client.machine';
import { tpKey } from './common';

export interface MemberState {
  groupId: string;
  topics: string[];
  assignor: string;
  phase: 'idle' | 'joining' | 'syncing' | 'stable';
  memberId: string;
  generation: number;
  coordinator: number;
  assignment: Record<string, number[]>;
  positions: Record<string, number>;
  /**
   * tp → the id of the op that currently fetches it / looks up its position (OffsetFetch, ListOffsets). Only
   * that op's result is applied: like SubscriptionState, a result for a partition state that has since been
   * revoked and re-assigned (or reset) is dropped (OffsetFetcher "Skipping reset of partition … since reset
   * is no longer needed"; ConsumerCoordinator discards a pending committed-offset fetch of an older generation).
   */
  fetching: Record<string, number>;
  /** opId → what it was for. */
  ops: Record<string, string>;
  autoOffsetReset: 'earliest' | 'latest';
  /** max.poll.interval.ms (also the rebalance timeout sent in JoinGroup). */
  maxPollIntervalMs: number;
  /** When the application last called poll(). */
  lastPoll: number;
  /** The application is busy (not polling) until then. */
  stallUntil: number;
  /** Rejoin on the next poll() (after leaving on max.poll.interval.ms, a rebalance seen while busy, or a new console consumer). */
  rejoinOnPoll: string | null;
  /** Console consumer: records fetched but not yet returned by poll(), per partition. */
  console: boolean;
  buffer: Record<string, Array<{ offset: number; key: string | null; value: string | null }>>;
  /** Console consumer: a poll() waiting for records (its op id) until its deadline. */
  pendingPoll: { opId: number; max: number; deadline: number } | null;
  /** Console consumer: the close() op waiting for the final commit and LeaveGroup. */
  closeOp: number | null;
  [k: string]: Json;
}

export const MEMBER_EVENTS = new Set(['K_HEARTBEAT', 'K_POLL', 'K_AUTOCOMMIT', 'K_REJOIN', 'kafka.consumer.stall']);

const HEARTBEAT_MS = 3000;
const SESSION_MS = 45000;
export const MAX_POLL_INTERVAL_MS = 300000;

function m(x: CX): MemberState {
  return x.c.member as MemberState;
}

function groupOp(x: CX, kind: string, msg: Record<string, Json>): void {
  const s = m(x);
  const req: Record<string, Json> & { op: string } = { op: 'group', groupId: s.groupId, msg: { ...msg, groupId: s.groupId }, retries: 3 };
  if (s.coordinator >= 0) req['broker'] = s.coordinator;
  const op = startOp(x, null, req);
  s.ops[String(op.id)] = kind;
}

export function memberInit(x: CX, groupId: string, topics: string[], assignor: string, opts: { console?: boolean; autoOffsetReset?: 'earliest' | 'latest'; maxPollIntervalMs?: number } = {}): MemberState {
  if (!opts.console) x.out.push(setTimer('K_REJOIN', 3000 + x.env.randomInt(500)));
  x.out.push(setTimer('K_POLL', 100));
  x.out.push(setTimer('K_AUTOCOMMIT', 5000));
  return {
    groupId,
    topics,
    assignor,
    phase: 'idle',
    memberId: '',
    generation: -1,
    coordinator: -1,
    assignment: {},
    positions: {},
    fetching: {},
    ops: {},
    autoOffsetReset: opts.autoOffsetReset ?? 'earliest',
    maxPollIntervalMs: opts.maxPollIntervalMs ?? MAX_POLL_INTERVAL_MS,
    lastPoll: x.env.now(),
    stallUntil: 0,
    rejoinOnPoll: opts.console ? 'NEW' : null,
    console: opts.console === true,
    buffer: {},
    pendingPoll: null,
    closeOp: null,
  };
}

function join(x: CX): void {
  const s = m(x);
  if (s.phase === 'joining') return;
  s.phase = 'joining';
  const owned = s.assignment;
  if (s.assignor !== 'cooperative-sticky') {
    // eager protocol: everything is revoked before joining (stop the world)
    s.assignment = {};
    s.fetching = {};
    s.buffer = {};
  }
  groupOp(x, 'join', { type: 'JoinGroup', memberId: s.memberId, clientId: x.c.id, protocols: [s.assignor], topics: s.topics, sessionTimeoutMs: SESSION_MS, rebalanceTimeoutMs: s.maxPollIntervalMs, owned: owned as unknown as Json });
}

/** AbstractCoordinator.maybeLeaveGroup: LeaveGroup, then forget the member id and generation. */
function leave(x: CX, kind: string): void {
  const s = m(x);
  if (s.memberId !== '' && (s.generation >= 0 || s.phase !== 'idle')) groupOp(x, kind, { type: 'LeaveGroup', memberId: s.memberId });
  else if (kind === 'close') {
    closeDone(x);
    return;
  }
  s.memberId = '';
  s.generation = -1;
  s.phase = 'idle';
  s.assignment = {};
  s.fetching = {};
  s.buffer = {};
}

function commit(x: CX): void {
  const s = m(x);
  if (s.phase !== 'stable' || Object.keys(s.positions).length === 0) return;
  groupOp(x, 'commit', { type: 'OffsetCommit', memberId: s.memberId, generation: s.generation, offsets: s.positions });
}

export function memberEvent(x: CX, ev: { type: string; [k: string]: unknown }): void {
  const s = x.c.member;
  if (!s) return;
  switch (ev.type) {
    case 'K_REJOIN':
      if (s.phase !== 'idle') return;
      if (s.topics.some((t) => !x.c.meta?.topics[t])) {
        startOp(x, null, { op: 'metadata' });
        x.out.push(setTimer('K_REJOIN', 1000));
        return;
      }
      join(x);
      return;
    case 'K_HEARTBEAT':
      if (s.closeOp !== null) return;
      if ((s.phase === 'stable' || s.phase === 'syncing') && x.env.now() - s.lastPoll > s.maxPollIntervalMs) {
        // the heartbeat thread sees the poll timer expired: leave proactively (no more heartbeats until poll())
        x.out.push(note('kafka.group.pollTimeout', { group: s.groupId, member: s.memberId, after: Math.round(x.env.now() - s.lastPoll), max: s.maxPollIntervalMs }));
        leave(x, 'leave');
        s.rejoinOnPoll = 'LEFT';
        return;
      }
      if (s.phase === 'stable' || s.phase === 'syncing') groupOp(x, 'heartbeat', { type: 'Heartbeat', memberId: s.memberId, generation: s.generation });
      x.out.push(setTimer('K_HEARTBEAT', HEARTBEAT_MS));
      return;
    case 'kafka.consumer.stall': {
      // the application spends this long processing the last batch (it does not call poll())
      const ms = Number(ev['ms'] ?? 0);
      if (typeof ev['maxPollIntervalMs'] === 'number') s.maxPollIntervalMs = ev['maxPollIntervalMs'];
      s.stallUntil = Math.max(s.stallUntil, x.env.now() + ms);
      return;
    }
    case 'K_AUTOCOMMIT':
      commit(x);
      x.out.push(setTimer('K_AUTOCOMMIT', 5000));
      return;
    case 'K_POLL':
      if (s.closeOp !== null) return;
      if (!s.console) {
        // the application's poll loop: poll() unless it is busy processing
        if (x.env.now() < s.stallUntil) {
          x.out.push(setTimer('K_POLL', 100));
          return;
        }
        s.lastPoll = x.env.now();
      }
      if (!s.console) rejoinAtPoll(x);
      poll(x);
      if (s.console) expirePendingPoll(x);
      x.out.push(setTimer('K_POLL', 100));
      return;
    case 'op.done':
      onDone(x, Number(ev['opId']), (ev['value'] ?? {}) as Record<string, Json>);
      return;
  }
}

function poll(x: CX): void {
  const s = m(x);
  if (s.phase !== 'stable') return;
  for (const [t, ps] of Object.entries(s.assignment)) {
    for (const p of ps) {
      const tp = tpKey(t, p);
      if (s.fetching[tp] !== undefined) continue;
      if (s.console && (s.buffer[tp]?.length ?? 0) > 0) continue;
      if (s.positions[tp] === undefined) {
        tpOp(x, tp, `position:${tp}`, { op: 'group', groupId: s.groupId, msg: { type: 'OffsetFetch', groupId: s.groupId, tps: [tp] }, retries: 3, ...(s.coordinator >= 0 ? { broker: s.coordinator } : {}) });
      } else {
        tpOp(x, tp, `fetch:${tp}:${s.generation}:${s.positions[tp] as number}`, { op: 'fetch', tp, offset: s.positions[tp] as number, max: 500, maxWaitMs: 500, retries: 3 });
      }
    }
  }
}

/** Starts the op that fetches `tp` or looks up its position, as the partition's current one. */
function tpOp(x: CX, tp: string, kind: string, request: Record<string, Json> & { op: string }): void {
  const s = m(x);
  // registered before it starts: an op may complete at once
  const id = x.c.nextOp;
  s.fetching[tp] = id;
  s.ops[String(id)] = kind;
  startOp(x, null, request);
}

function onDone(x: CX, opId: number, v: Record<string, Json>): void {
  const s = m(x);
  const kind = s.ops[String(opId)];
  if (kind === undefined) return;
  delete s.ops[String(opId)];
  const error = String(v['error'] ?? 'NONE');
  if (kind.startsWith('fetch:')) {
    const [, tp, gen, at] = kind.split(':') as [string, string, string, string | undefined];
    if (s.fetching[tp] !== opId) return;
    delete s.fetching[tp];
    if (Number(gen) !== s.generation || !owns(s, tp)) return;
    // Fetcher: a response for an offset that is no longer the position is stale and discarded
    if (at !== undefined && s.positions[tp] !== Number(at)) return;
    const part = (v['partitions'] as Array<{ error: string; hw: number; logStart: number; records: Array<{ offset: number }> }> | undefined)?.[0];
    if (!part) return;
    if (part.error === 'OFFSET_OUT_OF_RANGE') {
      s.positions[tp] = s.autoOffsetReset === 'earliest' ? part.logStart : part.hw;
      return;
    }
    const recs = part.records as Array<{ offset: number; key: string | null; value: string | null }>;
    for (const rec of recs) {
      // records before the position (a batch that starts earlier) are skipped, as the consumer does
      if (!s.console && s.positions[tp] !== undefined && rec.offset < (s.positions[tp] as number)) continue;
      if (rec.offset >= part.hw) x.out.push(violation('kafka.consumerBelowHw', `${x.c.id} read ${tp} offset ${rec.offset} at or above the HW ${part.hw}`));
      if (s.console) continue;
      s.positions[tp] = rec.offset + 1;
      x.c.stats.consumed++;
    }
    if (s.console && recs.length) {
      (s.buffer[tp] ??= []).push(...recs.map((r) => ({ offset: r.offset, key: r.key ?? null, value: r.value ?? null })));
      answerPendingPoll(x);
    }
    return;
  }
  if (kind.startsWith('position:')) {
    const tp = kind.slice('position:'.length);
    if (s.fetching[tp] !== opId) return;
    delete s.fetching[tp];
    if (!owns(s, tp) || s.positions[tp] !== undefined) return;
    const off = (v['offsets'] as Record<string, number> | undefined)?.[tp];
    if (typeof off === 'number' && off >= 0) s.positions[tp] = off;
    else tpOp(x, tp, `reset:${tp}`, { op: 'listOffsets', tp, timestamp: s.autoOffsetReset === 'earliest' ? -2 : -1, retries: 3 });
    return;
  }
  if (kind.startsWith('reset:')) {
    const tp = kind.slice('reset:'.length);
    if (s.fetching[tp] !== opId) return;
    delete s.fetching[tp];
    if (!owns(s, tp) || s.positions[tp] !== undefined) return;
    if (typeof v['offset'] === 'number' && (v['offset'] as number) >= 0) s.positions[tp] = v['offset'] as number;
    return;
  }
  if (error === 'NOT_COORDINATOR' || error === 'COORDINATOR_NOT_AVAILABLE' || error === 'NETWORK_EXCEPTION' || error === 'REQUEST_TIMED_OUT') s.coordinator = -1;
  else if (typeof v['coordinatorId'] === 'number' && v['coordinatorId'] >= 0) s.coordinator = v['coordinatorId'];
  switch (kind) {
    case 'join': {
      if (error === 'MEMBER_ID_REQUIRED') {
        s.memberId = String(v['memberId']);
        s.phase = 'idle';
        join(x);
        return;
      }
      if (error !== 'NONE') {
        if (error === 'UNKNOWN_MEMBER_ID') s.memberId = '';
        s.phase = 'idle';
        x.out.push(setTimer('K_REJOIN', 500));
        return;
      }
      s.generation = Number(v['generation']);
      s.phase = 'syncing';
      const members = (v['members'] ?? []) as Array<{ memberId: string; topics: string[]; owned: Record<string, number[]> }>;
      let assignments: Json = null;
      if (v['leader'] === s.memberId) {
        const parts: Record<string, number> = {};
        for (const t of s.topics) parts[t] = x.c.meta?.topics[t]?.partitions ?? 0;
        assignments = assign(String(v['protocol'] ?? s.assignor), members, parts) as unknown as Json;
      }
      groupOp(x, 'sync', { type: 'SyncGroup', memberId: s.memberId, generation: s.generation, ...(assignments ? { assignments } : {}) });
      x.out.push(setTimer('K_HEARTBEAT', HEARTBEAT_MS));
      return;
    }
    case 'sync':
      if (error !== 'NONE') {
        if (error === 'UNKNOWN_MEMBER_ID') s.memberId = '';
        s.phase = 'idle';
        join(x);
        return;
      }
    {
      const previous = s.assignment;
      s.assignment = (v['assignment'] ?? {}) as Record<string, number[]>;
      s.phase = 'stable';
      if (s.assignor === 'cooperative-sticky') {
        // incremental: keep fetching what stays; revoke what moved (commit it) and rejoin at once
        const revoked: string[] = [];
        for (const [t, ps] of Object.entries(previous)) for (const p of ps) if (!owns(s, tpKey(t, p))) revoked.push(tpKey(t, p));
        if (revoked.length) {
          const offsets: Record<string, number> = {};
          for (const tp of revoked) {
            if (s.positions[tp] !== undefined) offsets[tp] = s.positions[tp] as number;
            delete s.positions[tp];
            delete s.fetching[tp];
          }
          if (Object.keys(offsets).length) groupOp(x, 'commit', { type: 'OffsetCommit', memberId: s.memberId, generation: s.generation, offsets });
          s.phase = 'idle';
          join(x);
        }
        return;
      }
      // positions come from the committed offsets of the new generation
      s.positions = {};
      return;
    }
    case 'heartbeat':
      if (s.closeOp !== null || s.phase === 'idle') return;
      if (error === 'REBALANCE_IN_PROGRESS' || error === 'ILLEGAL_GENERATION' || error === 'UNKNOWN_MEMBER_ID') {
        // the heartbeat thread only flags it; the rejoin happens inside the application's next poll()
        if (x.env.now() < s.stallUntil || s.console) {
          if (s.rejoinOnPoll === null || error === 'UNKNOWN_MEMBER_ID') s.rejoinOnPoll = error;
          return;
        }
        rejoinFor(x, error);
      }
      return;
    case 'closeCommit':
      // ConsumerCoordinator.close: the final synchronous commit, then LeaveGroup
      leave(x, 'close');
      return;
    case 'close':
      closeDone(x);
      return;
    default:
      return;
  }
}

function rejoinFor(x: CX, error: string): void {
  const s = m(x);
  if (s.phase === 'joining') return;
  if (error === 'UNKNOWN_MEMBER_ID') s.memberId = '';
  if (s.phase === 'stable' && s.assignor !== 'cooperative-sticky') commit(x);
  s.phase = 'idle';
  join(x);
}

function rejoinAtPoll(x: CX): void {
  const s = m(x);
  const why = s.rejoinOnPoll;
  if (why === null) return;
  s.rejoinOnPoll = null;
  if (why === 'LEFT' || why === 'NEW') {
    if (s.phase === 'idle') join(x);
    return;
  }
  rejoinFor(x, why);
}

// ---- the console consumer's KafkaConsumer API ------------------------------------------------------------

/** poll(timeout): returns buffered records at once, or waits for some until the timeout. */
export function consolePoll(x: CX, opId: number, max: number, timeoutMs: number): void {
  const s = m(x);
  if (s.pendingPoll) finishOp(x, s.pendingPoll.opId, { error: 'NONE', records: [] });
  s.pendingPoll = { opId, max, deadline: x.env.now() + timeoutMs };
  s.lastPoll = x.env.now();
  rejoinAtPoll(x);
  poll(x);
  answerPendingPoll(x);
}

function answerPendingPoll(x: CX): void {
  const s = m(x);
  const pp = s.pendingPoll;
  if (!pp) return;
  const out: Array<{ tp: string; offset: number; key: string | null; value: string | null }> = [];
  for (const tp of Object.keys(s.buffer).sort()) {
    const buf = s.buffer[tp] as Array<{ offset: number; key: string | null; value: string | null }>;
    while (buf.length && out.length < pp.max) {
      const rec = buf.shift() as { offset: number; key: string | null; value: string | null };
      out.push({ tp, ...rec });
      s.positions[tp] = rec.offset + 1;
      x.c.stats.consumed++;
    }
    if (buf.length === 0) delete s.buffer[tp];
  }
  if (out.length === 0) return;
  s.pendingPoll = null;
  finishOp(x, pp.opId, { error: 'NONE', records: out as unknown as Json });
  poll(x);
}

function expirePendingPoll(x: CX): void {
  const s = m(x);
  if (s.pendingPoll && x.env.now() >= s.pendingPoll.deadline) {
    const opId = s.pendingPoll.opId;
    s.pendingPoll = null;
    finishOp(x, opId, { error: 'NONE', records: [], assignment: s.assignment as unknown as Json });
  }
}

/** close(): commit what poll() returned, LeaveGroup, then answer. */
export function consoleClose(x: CX, opId: number): void {
  const s = m(x);
  s.closeOp = opId;
  if (s.pendingPoll) {
    finishOp(x, s.pendingPoll.opId, { error: 'NONE', records: [] });
    s.pendingPoll = null;
  }
  if (s.phase === 'stable' && Object.keys(s.positions).length > 0) {
    groupOp(x, 'closeCommit', { type: 'OffsetCommit', memberId: s.memberId, generation: s.generation, offsets: s.positions });
    return;
  }
  leave(x, 'close');
}

function closeDone(x: CX): void {
  const s = m(x);
  const opId = s.closeOp;
  x.c.member = null;
  if (opId !== null) finishOp(x, opId, { error: 'NONE' });
}

function owns(s: MemberState, tp: string): boolean {
  const i = tp.lastIndexOf('-');
  return (s.assignment[tp.slice(0, i)] ?? []).includes(Number(tp.slice(i + 1)));
}

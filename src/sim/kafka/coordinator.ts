/**
 * The group coordinator (classic rebalance protocol) on the broker leading partition
 * abs(groupId.hashCode) % offsets.topic.num.partitions of __consumer_offsets. Groups move through
 * Empty → PreparingRebalance → CompletingRebalance → Stable (→ Dead); JoinGroup (with MEMBER_ID_REQUIRED),
 * SyncGroup, Heartbeat, LeaveGroup, OffsetCommit / OffsetFetch, member expiry after session.timeout.ms, and
 * the initial rebalance delay. Commits and group metadata are records of the compacted __consumer_offsets.
 */
import { brokerNode, javaHash, kafkaAbs, noteK, OFFSETS_TOPIC, randomUuid, sendTo, tpKey } from './common';
import type { GroupMember, GroupState, ParkedProduce } from './types';
import type { X } from './zk';
import { coordinatorAppend } from './broker.machine';
import { readRecords } from './log';

export const GROUP_REQUESTS = new Set(['FindCoordinator', 'JoinGroup', 'SyncGroup', 'Heartbeat', 'LeaveGroup', 'OffsetCommit', 'OffsetFetch', 'DescribeGroup', 'ListGroups']);

const INITIAL_REBALANCE_DELAY_MS = 3000;

export function offsetsPartitionFor(groupId: string, n: number): number {
  return kafkaAbs(javaHash(groupId)) % n;
}

interface Req {
  type: string;
  from: string;
  corr: number;
  groupId: string;
  [k: string]: unknown;
}

function respond(x: X, m: Req, body: Record<string, unknown>): void {
  sendTo(x, m.from, { type: `${m.type}Response`, corr: m.corr, ...body });
}

function offsetsTp(x: X, groupId: string): string {
  return tpKey(OFFSETS_TOPIC, offsetsPartitionFor(groupId, x.b.cfg.offsetsTopicPartitions));
}

function isCoordinator(x: X, groupId: string): boolean {
  const r = x.b.replicas[offsetsTp(x, groupId)];
  return !!r && r.leader === x.b.brokerId;
}

function newGroup(groupId: string): GroupState {
  return { groupId, state: 'Empty', generation: 0, protocol: null, leader: null, members: {}, offsets: {}, nextMemberSeq: 1, rebalanceDeadline: 0, initialDelayUntil: 0 };
}

/** The group metadata record (GroupMetadataManager.groupMetadataValue): generation, protocol, leader and members with their assignment. */
interface GroupRecord {
  protocolType: string;
  generation: number;
  protocol: string | null;
  leader: string | null;
  members: Array<Pick<GroupMember, 'memberId' | 'clientId' | 'node' | 'protocols' | 'subscription' | 'assignment' | 'sessionTimeoutMs' | 'rebalanceTimeoutMs'>>;
}

/** storeGroup: written when a generation becomes Stable (the leader's SyncGroup) and when the group becomes Empty. */
function storeGroup(x: X, g: GroupState): void {
  const value: GroupRecord = {
    protocolType: 'consumer',
    generation: g.generation,
    protocol: g.protocol,
    leader: g.leader,
    members: Object.values(g.members).map((m) => ({ memberId: m.memberId, clientId: m.clientId, node: m.node, protocols: m.protocols, subscription: m.subscription, assignment: m.assignment, sessionTimeoutMs: m.sessionTimeoutMs, rebalanceTimeoutMs: m.rebalanceTimeoutMs })),
  };
  coordinatorAppend(x, offsetsTp(x, g.groupId), [{ key: `group:${g.groupId}`, value: JSON.stringify(value) }]);
}

/** GroupMetadataManager.storeOffsets: the response error for a failed append. */
function commitError(error: string): string {
  switch (error) {
    case 'NONE':
      return 'NONE';
    case 'UNKNOWN_TOPIC_OR_PARTITION':
    case 'NOT_ENOUGH_REPLICAS':
    case 'NOT_ENOUGH_REPLICAS_AFTER_APPEND':
      return 'COORDINATOR_NOT_AVAILABLE';
    case 'NOT_LEADER_OR_FOLLOWER':
      return 'NOT_COORDINATOR';
    default:
      return error;
  }
}

/** A parked OffsetCommit append is replicated (or failed): the offsets become visible and the member is answered. */
export function completeOffsetCommit(x: X, p: ParkedProduce, appendError: string): void {
  const c = p.commit;
  if (!c) return;
  const error = commitError(appendError);
  if (error === 'NONE') {
    const g = x.b.groups[c.groupId] ?? (isCoordinator(x, c.groupId) ? (x.b.groups[c.groupId] = newGroup(c.groupId)) : undefined);
    if (g) for (const [tp, off] of Object.entries(c.offsets)) g.offsets[tp] = off;
  }
  sendTo(x, p.from, { type: 'OffsetCommitResponse', corr: p.corr, error });
}

export function handleGroupRequest(x: X, m: Req): void {
  const b = x.b;
  if (m.type === 'FindCoordinator') {
    const meta = b.meta.topics[OFFSETS_TOPIC];
    if (!meta) {
      ensureOffsetsTopic(x);
      respond(x, m, { error: 'COORDINATOR_NOT_AVAILABLE' });
      return;
    }
    const p = b.meta.partitions[offsetsTp(x, m.groupId)];
    if (!p || p.leader < 0 || p.offline) return respond(x, m, { error: 'COORDINATOR_NOT_AVAILABLE' });
    respond(x, m, { error: 'NONE', coordinator: p.leader, host: brokerNode(p.leader), port: 9092 });
    return;
  }
  if (m.type === 'ListGroups') {
    respond(x, m, { error: 'NONE', groups: Object.keys(b.groups).filter((g) => isCoordinator(x, g)).sort() });
    return;
  }
  if (!isCoordinator(x, m.groupId)) return respond(x, m, { error: 'NOT_COORDINATOR' });
  const now = x.env.now();
  // only JoinGroup and OffsetCommit create a group; reads of an unknown group see it Dead
  let g = b.groups[m.groupId];
  if (!g) {
    g = newGroup(m.groupId);
    if (m.type === 'JoinGroup' || m.type === 'OffsetCommit') b.groups[m.groupId] = g;
  }
  switch (m.type) {
    case 'JoinGroup': {
      let memberId = String(m['memberId'] ?? '');
      if (memberId === '') {
        memberId = `${String(m['clientId'] ?? 'consumer')}-${randomUuid(() => x.env.random())}`;
        respond(x, m, { error: 'MEMBER_ID_REQUIRED', memberId });
        return;
      }
      const existing = g.members[memberId];
      const mem: GroupMember = existing ?? {
        memberId,
        clientId: String(m['clientId'] ?? 'consumer'),
        node: m.from,
        protocols: [],
        subscription: [],
        assignment: {},
        sessionTimeoutMs: 45000,
        rebalanceTimeoutMs: 300000,
        lastHeartbeat: now,
        joinCorr: null,
        syncCorr: null,
        owned: {},
      };
      mem.protocols = (m['protocols'] as string[]) ?? ['range'];
      mem.subscription = (m['topics'] as string[]) ?? [];
      mem.sessionTimeoutMs = Number(m['sessionTimeoutMs'] ?? 45000);
      mem.rebalanceTimeoutMs = Number(m['rebalanceTimeoutMs'] ?? 300000);
      mem.owned = (m['owned'] as Record<string, number[]>) ?? {};
      mem.joinCorr = m.corr;
      mem.node = m.from;
      mem.lastHeartbeat = now;
      g.members[memberId] = mem;
      if (!existing) noteK(x, 'kafka.group.memberJoined', { group: g.groupId, member: memberId });
      if (g.state !== 'PreparingRebalance') prepareRebalance(x, g, existing ? 'member rejoined' : 'new member');
      maybeCompleteJoin(x, g);
      return;
    }
    case 'SyncGroup': {
      const mem = g.members[String(m['memberId'])];
      if (!mem) return respond(x, m, { error: 'UNKNOWN_MEMBER_ID' });
      if (Number(m['generation']) !== g.generation) return respond(x, m, { error: 'ILLEGAL_GENERATION' });
      if (g.state === 'PreparingRebalance') return respond(x, m, { error: 'REBALANCE_IN_PROGRESS' });
      mem.lastHeartbeat = now;
      if (g.state === 'Stable') return respond(x, m, { error: 'NONE', assignment: mem.assignment });
      mem.syncCorr = m.corr;
      if (mem.memberId === g.leader && m['assignments']) {
        const a = m['assignments'] as Record<string, Record<string, number[]>>;
        for (const [id, mm] of Object.entries(g.members)) mm.assignment = a[id] ?? {};
        g.state = 'Stable';
        noteK(x, 'kafka.group.stable', { group: g.groupId, generation: g.generation, members: Object.keys(g.members).length });
        storeGroup(x, g);
        for (const mm of Object.values(g.members)) {
          if (mm.syncCorr !== null) {
            sendTo(x, mm.node, { type: 'SyncGroupResponse', corr: mm.syncCorr, error: 'NONE', assignment: mm.assignment });
            mm.syncCorr = null;
          }
        }
      }
      return;
    }
    case 'Heartbeat': {
      const mem = g.members[String(m['memberId'])];
      if (!mem) return respond(x, m, { error: 'UNKNOWN_MEMBER_ID' });
      mem.lastHeartbeat = now;
      if (Number(m['generation']) !== g.generation) return respond(x, m, { error: 'ILLEGAL_GENERATION' });
      if (g.state === 'PreparingRebalance' || g.state === 'CompletingRebalance') return respond(x, m, { error: 'REBALANCE_IN_PROGRESS' });
      return respond(x, m, { error: 'NONE' });
    }
    case 'LeaveGroup': {
      const id = String(m['memberId']);
      if (!g.members[id]) return respond(x, m, { error: 'UNKNOWN_MEMBER_ID' });
      removeMember(x, g, id, 'left the group');
      return respond(x, m, { error: 'NONE' });
    }
    case 'OffsetCommit': {
      const gen = Number(m['generation'] ?? -1);
      const offsets = (m['offsets'] ?? {}) as Record<string, number>;
      if (gen >= 0 || Object.keys(g.members).length > 0) {
        const mem = g.members[String(m['memberId'])];
        if (!mem) return respond(x, m, { error: 'UNKNOWN_MEMBER_ID' });
        if (gen !== g.generation) return respond(x, m, { error: 'ILLEGAL_GENERATION' });
        // GroupCoordinator.doCommitOffsets: accepted in Stable and PreparingRebalance (the eager revocation commit)
        if (g.state === 'CompletingRebalance') return respond(x, m, { error: 'REBALANCE_IN_PROGRESS' });
        mem.lastHeartbeat = now;
      }
      const tps = Object.keys(offsets);
      if (tps.length === 0) return respond(x, m, { error: 'NONE' });
      // appended with requiredAcks=-1; answered (and visible to OffsetFetch) once the ISR has it
      const error = coordinatorAppend(
        x,
        offsetsTp(x, g.groupId),
        tps.map((tp) => ({ key: `offset:${g.groupId}:${tp}`, value: String(offsets[tp]) })),
        { from: m.from, corr: m.corr, groupId: g.groupId, offsets },
      );
      if (error !== 'NONE') return respond(x, m, { error: commitError(error) });
      return;
    }
    case 'OffsetFetch': {
      const want = (m['tps'] as string[] | undefined) ?? Object.keys(g.offsets);
      const out: Record<string, number> = {};
      for (const tp of want) out[tp] = g.offsets[tp] ?? -1;
      return respond(x, m, { error: 'NONE', offsets: out });
    }
    case 'DescribeGroup': {
      const state = Object.keys(g.members).length === 0 && Object.keys(g.offsets).length === 0 ? 'Dead' : g.state;
      return respond(x, m, {
        error: 'NONE',
        state,
        protocol: g.protocol ?? '',
        generation: g.generation,
        coordinator: b.brokerId,
        members: Object.values(g.members).map((mm) => ({ memberId: mm.memberId, clientId: mm.clientId, host: mm.node, assignment: mm.assignment })),
        offsets: g.offsets,
      });
    }
  }
}

function prepareRebalance(x: X, g: GroupState, why: string): void {
  const now = x.env.now();
  const wasEmpty = g.state === 'Empty';
  g.state = 'PreparingRebalance';
  const timeout = Math.max(0, ...Object.values(g.members).map((m) => m.rebalanceTimeoutMs));
  g.rebalanceDeadline = now + timeout;
  g.initialDelayUntil = wasEmpty ? now + INITIAL_REBALANCE_DELAY_MS : 0;
  noteK(x, 'kafka.group.rebalance', { group: g.groupId, why, generation: g.generation });
  // members that are not in a JoinGroup learn it from their next heartbeat (REBALANCE_IN_PROGRESS)
  for (const m of Object.values(g.members)) {
    if (m.syncCorr !== null) {
      sendTo(x, m.node, { type: 'SyncGroupResponse', corr: m.syncCorr, error: 'REBALANCE_IN_PROGRESS' });
      m.syncCorr = null;
    }
  }
}

function maybeCompleteJoin(x: X, g: GroupState, force = false): void {
  if (g.state !== 'PreparingRebalance') return;
  const now = x.env.now();
  if (g.initialDelayUntil > now && !force) return;
  const all = Object.values(g.members);
  if (!force && all.some((m) => m.joinCorr === null)) return;
  for (const m of all) if (m.joinCorr === null) removeMemberQuiet(x, g, m.memberId, 'did not rejoin in time');
  const members = Object.values(g.members);
  if (members.length === 0) {
    g.state = 'Empty';
    g.generation++;
    g.protocol = null;
    g.leader = null;
    storeGroup(x, g);
    return;
  }
  g.generation++;
  const first = members[0] as GroupMember;
  g.protocol = first.protocols.find((p) => members.every((m) => m.protocols.includes(p))) ?? first.protocols[0] ?? 'range';
  if (!g.leader || !g.members[g.leader]) g.leader = first.memberId;
  g.state = 'CompletingRebalance';
  for (const m of members) {
    const isLeader = m.memberId === g.leader;
    sendTo(x, m.node, {
      type: 'JoinGroupResponse',
      corr: m.joinCorr,
      error: 'NONE',
      generation: g.generation,
      protocol: g.protocol,
      leader: g.leader,
      memberId: m.memberId,
      members: isLeader ? members.map((mm) => ({ memberId: mm.memberId, topics: mm.subscription, owned: mm.owned })) : [],
    });
    m.joinCorr = null;
  }
}

function removeMemberQuiet(x: X, g: GroupState, id: string, why: string): void {
  delete g.members[id];
  if (g.leader === id) g.leader = null;
  noteK(x, 'kafka.group.memberRemoved', { group: g.groupId, member: id, why });
}

function removeMember(x: X, g: GroupState, id: string, why: string): void {
  removeMemberQuiet(x, g, id, why);
  if (Object.keys(g.members).length === 0) {
    // the last member is gone: the (delayed) join completes at once with nobody → Empty, generation + 1
    g.state = 'Empty';
    g.generation++;
    g.protocol = null;
    g.leader = null;
    storeGroup(x, g);
    return;
  }
  if (g.state !== 'PreparingRebalance') prepareRebalance(x, g, `member ${why}`);
  maybeCompleteJoin(x, g);
}

export function groupTick(x: X): void {
  const now = x.env.now();
  for (const g of Object.values(x.b.groups)) {
    if (!isCoordinator(x, g.groupId)) continue;
    for (const m of Object.values(g.members)) {
      if (g.state === 'PreparingRebalance' && m.joinCorr !== null) continue;
      if (now - m.lastHeartbeat > m.sessionTimeoutMs) {
        noteK(x, 'kafka.group.memberExpired', { group: g.groupId, member: m.memberId, after: m.sessionTimeoutMs });
        removeMember(x, g, m.memberId, 'session timeout');
      }
    }
    if (g.state === 'PreparingRebalance') maybeCompleteJoin(x, g, now >= g.rebalanceDeadline);
    if (g.state === 'PreparingRebalance' && g.initialDelayUntil > 0 && now >= g.initialDelayUntil) {
      g.initialDelayUntil = 0;
      maybeCompleteJoin(x, g);
    }
  }
}

/** Loads committed offsets from the partition's log when this broker becomes its leader; drops groups otherwise. */
export function onOffsetsPartitionLeadership(x: X, tp: string, leader: boolean): void {
  if (!tp.startsWith(`${OFFSETS_TOPIC}-`)) return;
  const b = x.b;
  const p = Number(tp.slice(OFFSETS_TOPIC.length + 1));
  if (!leader) {
    // GroupCoordinator.onGroupUnloaded: members waiting in JoinGroup / SyncGroup hear NOT_COORDINATOR and rediscover
    for (const id of Object.keys(b.groups)) {
      if (offsetsPartitionFor(id, b.cfg.offsetsTopicPartitions) !== p) continue;
      for (const m of Object.values((b.groups[id] as GroupState).members)) {
        if (m.joinCorr !== null) sendTo(x, m.node, { type: 'JoinGroupResponse', corr: m.joinCorr, error: 'NOT_COORDINATOR' });
        if (m.syncCorr !== null) sendTo(x, m.node, { type: 'SyncGroupResponse', corr: m.syncCorr, error: 'NOT_COORDINATOR' });
      }
      delete b.groups[id];
    }
    return;
  }
  const r = b.replicas[tp];
  if (!r) return;
  const now = x.env.now();
  for (const id of Object.keys(b.groups)) if (offsetsPartitionFor(id, b.cfg.offsetsTopicPartitions) === p) delete b.groups[id];
  for (const rec of readRecords(r, r.logStart, r.leo, Number.MAX_SAFE_INTEGER)) {
    const key = rec.key ?? '';
    if (key.startsWith('offset:')) {
      const rest = key.slice('offset:'.length);
      const i = rest.indexOf(':');
      const groupId = rest.slice(0, i);
      const g = (b.groups[groupId] ??= newGroup(groupId));
      if (rec.value === null) delete g.offsets[rest.slice(i + 1)];
      else g.offsets[rest.slice(i + 1)] = Number(rec.value);
    } else if (key.startsWith('group:')) {
      const groupId = key.slice('group:'.length);
      const g = (b.groups[groupId] ??= newGroup(groupId));
      if (rec.value === null) {
        g.members = {};
        continue;
      }
      const v = JSON.parse(rec.value) as GroupRecord;
      // the latest record wins (the log is read in order, as the cleaner would keep it)
      g.generation = v.generation;
      g.protocol = v.protocol;
      g.leader = v.leader;
      g.members = {};
      for (const mm of v.members) g.members[mm.memberId] = { ...mm, lastHeartbeat: now, joinCorr: null, syncCorr: null, owned: mm.assignment };
    }
  }
  // GroupMetadataManager.loadGroup: a group with members is Stable (their heartbeats are expected from now on)
  for (const id of Object.keys(b.groups)) {
    if (offsetsPartitionFor(id, b.cfg.offsetsTopicPartitions) !== p) continue;
    const g = b.groups[id] as GroupState;
    g.state = Object.keys(g.members).length > 0 ? 'Stable' : 'Empty';
    g.rebalanceDeadline = 0;
    g.initialDelayUntil = 0;
  }
  noteK(x, 'kafka.group.coordinatorLoaded', { broker: b.brokerId, tp, groups: Object.keys(b.groups).length });
}

function ensureOffsetsTopic(x: X): void {
  const b = x.b;
  if (b.meta.controllerId < 0) return;
  const corr = b.nextCorr++;
  sendTo(x, brokerNode(b.meta.controllerId), {
    type: 'CreateTopics',
    corr,
    topic: OFFSETS_TOPIC,
    partitions: b.cfg.offsetsTopicPartitions,
    replicationFactor: Math.min(b.cfg.offsetsTopicReplicationFactor, Math.max(1, b.meta.liveBrokers.length)),
    config: { 'cleanup.policy': 'compact', 'segment.bytes': '104857600', 'compression.type': 'producer' },
  });
}

/**
 * The ZooKeeper-mode controller (KafkaController + PartitionStateMachine + ReplicaStateMachine), run by the
 * broker that owns /controller. One event at a time, like the controller's event thread: each event reads and
 * writes ZooKeeper (every write fenced by a CheckOp on /controller_epoch) and ends by sending LeaderAndIsr /
 * UpdateMetadata. Brokers die for the controller only when their /brokers/ids znode goes, i.e. when their
 * ZooKeeper session expires.
 */
import type { Json } from '../kernel/types';
import { brokerNode, noteK, parseTopicConfig, sendTo, splitTp, topicConfig, tpKey } from './common';
import type { AlterItem, ControllerState, CtlEvent, PartitionState, TopicMeta } from './types';
import type { X, ZkReplyValue } from './zk';
import { batchReplies, zkBatch, zkCall, zkOps } from './zk';

export function newControllerState(epoch: number, epochZkVersion: number): ControllerState {
  return { epoch, epochZkVersion, live: {}, topics: {}, partitions: {}, deleting: {}, shuttingDown: {}, queue: [], busy: false, ready: false };
}

export function stateJson(st: PartitionState): string {
  const o: Record<string, unknown> = { controller_epoch: st.controller_epoch, leader: st.leader, version: 1, leader_epoch: st.leader_epoch, isr: st.isr };
  if (st.recovering) o['leader_recovery_state'] = 1;
  return JSON.stringify(o);
}

export function parseState(data: string | null | undefined, zkVersion: number): PartitionState | null {
  if (!data) return null;
  try {
    const o = JSON.parse(data) as { controller_epoch: number; leader: number; leader_epoch: number; isr: number[]; leader_recovery_state?: number };
    return { leader: o.leader, leader_epoch: o.leader_epoch, isr: o.isr, controller_epoch: o.controller_epoch, zkVersion, ...(o.leader_recovery_state === 1 ? { recovering: true } : {}) };
  } catch {
    return null;
  }
}

function ctl(x: X): ControllerState {
  return x.b.ctl as ControllerState;
}

export function ctlEnqueue(x: X, ev: CtlEvent): void {
  const c = x.b.ctl;
  if (!c) return;
  c.queue.push(ev);
  ctlPump(x);
}

function ctlPump(x: X): void {
  const c = x.b.ctl;
  while (c && !c.busy && c.queue.length > 0) {
    const ev = c.queue.shift() as CtlEvent;
    c.busy = true;
    handle(x, ev);
  }
}

function done(x: X): void {
  const c = x.b.ctl;
  if (!c) return;
  c.busy = false;
  ctlPump(x);
}

function isLive(c: ControllerState, id: number): boolean {
  return c.live[String(id)] !== undefined && !c.shuttingDown[String(id)];
}

function liveIds(c: ControllerState): number[] {
  return Object.keys(c.live)
    .map(Number)
    .sort((a, b) => a - b);
}

function uncleanAllowed(x: X, topic: string): boolean {
  const meta = ctl(x).topics[topic];
  return topicConfig(x.b.cfg.defaults, meta?.config)['unclean.leader.election.enable'];
}

function replicasOf(c: ControllerState, tp: string): number[] {
  const { topic, partition } = splitTp(tp);
  return c.topics[topic]?.assignment[String(partition)] ?? [];
}

// ---- requests to brokers -------------------------------------------------------------------------

function partitionInfo(c: ControllerState, tp: string, isNew = false): Record<string, unknown> {
  const st = c.partitions[tp] as PartitionState;
  const { topic, partition } = splitTp(tp);
  return {
    tp,
    topic,
    partition,
    leader: st.leader,
    leaderEpoch: st.leader_epoch,
    isr: st.isr,
    partitionEpoch: st.zkVersion,
    replicas: replicasOf(c, tp),
    isNew,
    recovering: !!st.recovering,
  };
}

function topicsInfo(c: ControllerState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [t, m] of Object.entries(c.topics)) out[t] = { topicId: m.topicId, partitions: Object.keys(m.assignment).length, config: m.config };
  return out;
}

export function sendLeaderAndIsr(x: X, brokers: number[], tps: string[], isNew = false): void {
  const c = ctl(x);
  for (const b of brokers) {
    if (c.live[String(b)] === undefined) continue;
    const parts = tps.filter((tp) => c.partitions[tp] && replicasOf(c, tp).includes(b)).map((tp) => partitionInfo(c, tp, isNew));
    if (parts.length === 0) continue;
    const corr = (c.nextCorr = (c.nextCorr ?? 0) + 1);
    const msg = {
      type: 'LeaderAndIsr',
      corr,
      controllerId: x.b.brokerId,
      controllerEpoch: c.epoch,
      brokerEpoch: c.live[String(b)],
      partitions: parts,
      topics: topicsInfo(c),
    };
    (c.unacked ??= {})[String(corr)] = { to: b, sentAt: x.env.monotonic(), msg: msg as never };
    sendTo(x, brokerNode(b), msg);
  }
}

/** How long the controller waits for a LeaderAndIsr answer before it sends the request again. */
export const CONTROLLER_RETRY_MS = 10_000;

/** A broker answered a LeaderAndIsr: the channel forgets it. */
export function onLeaderAndIsrResponse(x: X, m: { corr?: number }): void {
  const c = x.b.ctl;
  if (!c?.unacked || typeof m.corr !== 'number') return;
  delete c.unacked[String(m.corr)];
}

/**
 * The controller's channel manager resends a LeaderAndIsr that got no answer (lost in a partition: the TCP
 * connection broke and was re-established), as long as the broker is live with the same broker epoch.
 * A broker ignores partitions whose leader epoch it already has, so a resend is harmless.
 */
export function retryControllerRequests(x: X): void {
  const c = x.b.ctl;
  if (!c?.ready || !c.unacked) return;
  const now = x.env.monotonic();
  for (const [key, u] of Object.entries(c.unacked)) {
    if (c.live[String(u.to)] === undefined || c.live[String(u.to)] !== u.msg['brokerEpoch']) {
      delete c.unacked[key];
      continue;
    }
    if (now - u.sentAt < CONTROLLER_RETRY_MS) continue;
    u.sentAt = now;
    sendTo(x, brokerNode(u.to), u.msg);
  }
}

/** UpdateMetadata to every live broker (full metadata: it is small here). */
export function sendUpdateMetadata(x: X, to?: number[]): void {
  const c = ctl(x);
  const partitions: Record<string, unknown> = {};
  for (const tp of Object.keys(c.partitions)) partitions[tp] = partitionInfo(c, tp);
  for (const b of to ?? liveIds(c)) {
    sendTo(x, brokerNode(b), {
      type: 'UpdateMetadata',
      controllerId: x.b.brokerId,
      controllerEpoch: c.epoch,
      brokerEpoch: c.live[String(b)] ?? -1,
      liveBrokers: liveIds(c),
      partitions,
      topics: topicsInfo(c),
    });
  }
}

// ---- fenced partition-state writes ----------------------------------------------------------------

interface Change {
  tp: string;
  st: PartitionState;
  create?: boolean;
  why: string;
}

/**
 * Writes new partition states with `multi[check /controller_epoch, setData state]` (or creates); applies the
 * ones that succeeded; a failed epoch check means another controller took over: resign. Then `then`.
 */
function writeStates(x: X, changes: Change[], then: string, data?: unknown): void {
  const c = ctl(x);
  // parents of new state znodes first (requests on one session are applied in order)
  const parents = new Set(changes.filter((ch) => ch.create).map((ch) => `/brokers/topics/${splitTp(ch.tp).topic}/partitions`));
  for (const p of parents) zkCall(x, zkOps.create(p, null), 'ignore');
  const reqs = changes.map((ch) => {
    const { topic, partition } = splitTp(ch.tp);
    const base = `/brokers/topics/${topic}/partitions`;
    const body = stateJson(ch.st);
    const ops: Array<Record<string, Json>> = [zkOps.check('/controller_epoch', c.epochZkVersion)];
    if (ch.create) {
      ops.push(zkOps.create(`${base}/${partition}`, null), zkOps.create(`${base}/${partition}/state`, body));
    } else ops.push(zkOps.setData(`${base}/${partition}/state`, body, (c.partitions[ch.tp]?.zkVersion ?? 0)));
    return zkOps.multi(ops);
  });
  zkBatch(x, reqs, 'ctl.written', { changes, then, data } as unknown as Json);
}

export function onStatesWritten(x: X, reply: ZkReplyValue, d: { changes: Change[]; then: string; data: unknown }): void {
  const c = x.b.ctl;
  if (!c) return;
  const rs = batchReplies(reply);
  const applied: string[] = [];
  const failed: Change[] = [];
  let fenced = false;
  d.changes.forEach((ch, i) => {
    const r = rs[i];
    if (!r) return;
    if (r.rc === 'OK') {
      const last = r.results?.[r.results.length - 1];
      applyWritten(x, ch, last?.stat?.version ?? 0);
      applied.push(ch.tp);
    } else if (r.results?.[0]?.rc === 'BadVersion' || r.rc === 'SessionExpired' || r.notConnected) {
      fenced = true;
    } else {
      failed.push(ch);
    }
  });
  if (fenced) {
    noteK(x, 'kafka.controller.fenced', { epoch: c.epoch });
    resign(x);
    return;
  }
  if (failed.length) {
    // BadVersion on the state znode (or NodeExists on a create): the controller's copy is not what ZooKeeper
    // holds, typically because a write of ours was applied but its reply was lost with the connection and the
    // retry found the new version. Like the controller's elections and ISR removals (which read the partition
    // states from ZooKeeper before they write: getTopicPartitionStatesRaw), read them back and go on from there.
    const reqs = failed.map((ch) => {
      const { topic, partition } = splitTp(ch.tp);
      return zkOps.getData(`/brokers/topics/${topic}/partitions/${partition}/state`);
    });
    zkBatch(x, reqs, 'ctl.reread', { failed, applied, then: d.then, data: d.data } as unknown as Json);
    return;
  }
  continueAfterWrite(x, d.then, applied, d.data);
}

function applyWritten(x: X, ch: Change, zkVersion: number): void {
  const c = ctl(x);
  c.partitions[ch.tp] = { ...ch.st, zkVersion };
  noteK(x, 'kafka.controller.partitionState', {
    tp: ch.tp,
    leader: ch.st.leader,
    leaderEpoch: ch.st.leader_epoch,
    isr: ch.st.isr.join(','),
    why: ch.why,
  });
  if (ch.why === 'unclean') noteK(x, 'kafka.controller.uncleanElection', { tp: ch.tp, leader: ch.st.leader, leaderEpoch: ch.st.leader_epoch });
}

function sameState(a: PartitionState, b: PartitionState): boolean {
  return a.leader === b.leader && a.leader_epoch === b.leader_epoch && a.controller_epoch === b.controller_epoch && a.isr.join() === b.isr.join() && !!a.recovering === !!b.recovering;
}

/** The partition states read back after failed writes: ours (the write was applied after all), or refreshed. */
function onReread(x: X, rs: ZkReplyValue[], d: { failed: Change[]; applied: string[]; then: string; data: unknown }): void {
  const c = ctl(x);
  const applied = d.applied.slice();
  d.failed.forEach((ch, i) => {
    const r = rs[i];
    const st = r?.rc === 'OK' && r.stat ? parseState(r.data, r.stat.version) : null;
    if (st && r?.stat && sameState(st, ch.st)) {
      applyWritten(x, ch, r.stat.version);
      applied.push(ch.tp);
      return;
    }
    if (st) c.partitions[ch.tp] = st;
    noteK(x, 'kafka.controller.writeFailed', { tp: ch.tp, rc: r?.rc ?? 'none' });
  });
  continueAfterWrite(x, d.then, applied, d.data);
}

// continuations after writes
function continueAfterWrite(x: X, then: string, applied: string[], data: unknown): void {
  const c = ctl(x);
  switch (then) {
    case 'leaderAndIsr': {
      const brokers = new Set<number>();
      for (const tp of applied) for (const b of replicasOf(c, tp)) brokers.add(b);
      sendLeaderAndIsr(x, [...brokers], applied, !!(data as { isNew?: boolean } | undefined)?.isNew);
      sendUpdateMetadata(x);
      const dd = data as { reply?: { to: string; corr: number; kind: string } } | undefined;
      if (dd?.reply) replyElection(x, dd.reply, applied);
      done(x);
      return;
    }
    case 'alterPartition': {
      const dd = data as { from: string; corr: number; errors: Record<string, string>; unchanged?: string[]; tps: string[] };
      sendUpdateMetadata(x);
      const items = dd.tps.map((tp) => {
        const st = c.partitions[tp];
        if (dd.errors[tp] || !st) return { tp, error: dd.errors[tp] ?? 'UNKNOWN_TOPIC_OR_PARTITION' };
        if (!applied.includes(tp) && !dd.unchanged?.includes(tp)) return { tp, error: 'INVALID_UPDATE_VERSION' };
        return { tp, error: 'NONE', leader: st.leader, leaderEpoch: st.leader_epoch, isr: st.isr, partitionEpoch: st.zkVersion };
      });
      sendTo(x, dd.from, { type: 'AlterPartitionResponse', corr: dd.corr, items });
      done(x);
      return;
    }
    case 'shutdown': {
      const dd = data as { from: string; corr: number; broker: number };
      const brokers = new Set<number>();
      for (const tp of applied) for (const b of replicasOf(c, tp)) brokers.add(b);
      sendLeaderAndIsr(x, [...brokers], applied);
      sendUpdateMetadata(x);
      const remaining = Object.keys(c.partitions).filter((tp) => c.partitions[tp]?.leader === dd.broker && replicasOf(c, tp).length > 1);
      sendTo(x, dd.from, { type: 'ControlledShutdownResponse', corr: dd.corr, error: 'NONE', remaining });
      done(x);
      return;
    }
    default:
      done(x);
  }
}

function replyElection(x: X, r: { to: string; corr: number; kind: string }, applied: string[]): void {
  sendTo(x, r.to, { type: 'ElectLeadersResponse', corr: r.corr, elected: applied });
}

// ---- elections -------------------------------------------------------------------------------------

/** OfflinePartitionLeaderElectionStrategy (+ the ISR removal of dead replicas), for partitions touched by dead brokers. */
function offlineChanges(x: X, tps: string[], dead: Set<number>): Change[] {
  const c = ctl(x);
  const out: Change[] = [];
  for (const tp of tps) {
    const st = c.partitions[tp];
    if (!st) continue;
    const replicas = replicasOf(c, tp);
    const leaderDead = st.leader < 0 || dead.has(st.leader) || !isLive(c, st.leader);
    if (!leaderDead) {
      // replicas on dead brokers become OfflineReplica: out of the ISR (also at controller failover)
      const isr = st.isr.filter((b) => !dead.has(b) && (b === st.leader || isLive(c, b)));
      if (isr.length === st.isr.length) continue;
      out.push({ tp, st: { ...st, isr, leader_epoch: st.leader_epoch + 1, controller_epoch: c.epoch }, why: 'isr-shrink' });
      continue;
    }
    const clean = replicas.find((b) => isLive(c, b) && st.isr.includes(b));
    if (clean !== undefined) {
      out.push({ tp, st: { leader: clean, leader_epoch: st.leader_epoch + 1, isr: st.isr.filter((b) => isLive(c, b)), controller_epoch: c.epoch, zkVersion: st.zkVersion }, why: 'offline' });
      continue;
    }
    const { topic } = splitTp(tp);
    const anyLive = replicas.find((b) => isLive(c, b));
    if (anyLive !== undefined && uncleanAllowed(x, topic)) {
      out.push({ tp, st: { leader: anyLive, leader_epoch: st.leader_epoch + 1, isr: [anyLive], controller_epoch: c.epoch, zkVersion: st.zkVersion, recovering: true }, why: 'unclean' });
      continue;
    }
    // no leader: keep the last ISR member (never an empty ISR)
    let isr = st.isr.filter((b) => !dead.has(b) && isLive(c, b));
    if (isr.length === 0) isr = st.isr.length ? [st.isr[st.isr.length - 1] as number] : [];
    if (st.leader === -1 && isr.join() === st.isr.join()) continue;
    out.push({ tp, st: { leader: -1, leader_epoch: st.leader_epoch + 1, isr, controller_epoch: c.epoch, zkVersion: st.zkVersion }, why: 'offline-no-leader' });
    noteK(x, 'kafka.controller.partitionOffline', { tp, isr: isr.join(',') });
  }
  return out;
}

function preferredChanges(x: X, tps: string[]): Change[] {
  const c = ctl(x);
  const out: Change[] = [];
  for (const tp of tps) {
    const st = c.partitions[tp];
    const head = replicasOf(c, tp)[0];
    if (!st || head === undefined || st.leader === head) continue;
    if (!isLive(c, head) || !st.isr.includes(head)) continue;
    out.push({ tp, st: { ...st, leader: head, leader_epoch: st.leader_epoch + 1, controller_epoch: c.epoch }, why: 'preferred' });
  }
  return out;
}

// ---- event handlers --------------------------------------------------------------------------------

function handle(x: X, ev: CtlEvent): void {
  switch (ev.k) {
    case 'Startup':
      zkBatch(x, [zkOps.children('/brokers/ids', true), zkOps.children('/brokers/topics', true), zkOps.children('/admin/delete_topics', true), zkOps.children('/isr_change_notification', true)], 'ctl.startup1');
      return;
    case 'BrokerChange':
      zkBatch(x, [zkOps.children('/brokers/ids', true)], 'ctl.brokers1');
      return;
    case 'TopicChange':
      zkBatch(x, [zkOps.children('/brokers/topics', true)], 'ctl.topics1');
      return;
    case 'TopicDeletion':
      zkBatch(x, [zkOps.children('/admin/delete_topics', true)], 'ctl.delete1');
      return;
    case 'ConfigChange':
      zkBatch(x, [zkOps.getData(`/config/topics/${ev.topic}`)], 'ctl.config', { topic: ev.topic });
      return;
    case 'AlterPartition':
      alterPartition(x, ev);
      return;
    case 'ControlledShutdown':
      controlledShutdown(x, ev);
      return;
    case 'Elect': {
      const c = ctl(x);
      const tps = ev.partitions ?? Object.keys(c.partitions);
      let changes: Change[];
      if (ev.kind === 'preferred') changes = preferredChanges(x, tps);
      else {
        changes = [];
        for (const tp of tps) {
          const st = c.partitions[tp];
          if (!st || (st.leader >= 0 && isLive(c, st.leader))) continue;
          const anyLive = replicasOf(c, tp).find((b) => isLive(c, b));
          if (anyLive === undefined) continue;
          const clean = st.isr.includes(anyLive);
          changes.push({ tp, st: { leader: anyLive, leader_epoch: st.leader_epoch + 1, isr: clean ? st.isr.filter((b) => isLive(c, b)) : [anyLive], controller_epoch: c.epoch, zkVersion: st.zkVersion, ...(clean ? {} : { recovering: true }) }, why: clean ? 'offline' : 'unclean' });
        }
      }
      writeStates(x, changes, 'leaderAndIsr', { reply: { to: ev.from, corr: ev.corr, kind: ev.kind } });
      return;
    }
    case 'AutoRebalance': {
      const c = ctl(x);
      const byPreferred: Record<string, string[]> = {};
      for (const tp of Object.keys(c.partitions)) {
        const head = replicasOf(c, tp)[0];
        if (head === undefined) continue;
        (byPreferred[String(head)] ??= []).push(tp);
      }
      const todo: string[] = [];
      for (const [b, tps] of Object.entries(byPreferred)) {
        if (!isLive(c, Number(b))) continue;
        const notLed = tps.filter((tp) => c.partitions[tp]?.leader !== Number(b));
        const ratio = notLed.length / tps.length;
        if (ratio * 100 > x.b.cfg.leaderImbalancePerBrokerPercentage) todo.push(...notLed);
      }
      const changes = preferredChanges(x, todo);
      if (changes.length) noteK(x, 'kafka.controller.autoRebalance', { partitions: changes.length });
      writeStates(x, changes, 'leaderAndIsr');
      return;
    }
  }
}

export function onCtlZk(x: X, tag: string, reply: ZkReplyValue, data: unknown): void {
  const c = x.b.ctl;
  if (!c) return;
  const rs = batchReplies(reply);
  if (rs.some((r) => r && (r.rc === 'SessionExpired' || r.notConnected))) {
    resign(x);
    return;
  }
  switch (tag) {
    case 'ctl.reread':
      onReread(x, rs, data as never);
      return;
    case 'ctl.startup1': {
      const brokerIds = rs[0]?.children ?? [];
      const topics = (rs[1]?.children ?? []).filter((t) => !(rs[2]?.children ?? []).includes(t) || true);
      const deleting = rs[2]?.children ?? [];
      for (const t of deleting) c.deleting[t] = true;
      // stale ISR change notifications are deleted (IBP ≥ 2.7 leaders do not write them)
      const stale = (rs[3]?.children ?? []).map((n) => zkOps.delete(`/isr_change_notification/${n}`));
      zkBatch(x, [...brokerIds.map((id) => zkOps.getData(`/brokers/ids/${id}`)), ...stale], 'ctl.startup2', { brokerIds, topics });
      return;
    }
    case 'ctl.startup2': {
      const d = data as { brokerIds: string[]; topics: string[] };
      d.brokerIds.forEach((id, i) => {
        const r = rs[i];
        if (r?.rc === 'OK' && r.stat) c.live[id] = r.stat.czxid;
      });
      loadTopics(x, d.topics, 'ctl.startup3');
      return;
    }
    case 'ctl.startup3': {
      applyLoadedTopics(x, data as LoadData, rs);
      c.ready = true;
      noteK(x, 'kafka.controller.ready', { epoch: c.epoch, brokers: liveIds(c).join(','), topics: Object.keys(c.topics).length });
      sendUpdateMetadata(x);
      // replicas come online: tell every live replica its state
      sendLeaderAndIsr(x, liveIds(c), Object.keys(c.partitions));
      const tps = Object.keys(c.partitions);
      const changes = offlineChanges(x, tps, new Set());
      const news = newPartitionChanges(x, Object.keys(c.topics));
      writeStates(x, [...news, ...changes], 'leaderAndIsr', { isNew: news.length > 0 });
      if (Object.keys(c.deleting).length) ctlEnqueue(x, { k: 'TopicDeletion' });
      return;
    }
    case 'ctl.brokers1': {
      const ids = rs[0]?.children ?? [];
      zkBatch(x, ids.map((id) => zkOps.getData(`/brokers/ids/${id}`)), 'ctl.brokers2', { ids });
      return;
    }
    case 'ctl.brokers2': {
      const d = data as { ids: string[] };
      const now: Record<string, number> = {};
      d.ids.forEach((id, i) => {
        const r = rs[i];
        if (r?.rc === 'OK' && r.stat) now[id] = r.stat.czxid;
      });
      const added: number[] = [];
      const dead: number[] = [];
      const bounced: number[] = [];
      for (const [id, ep] of Object.entries(now)) {
        const old = c.live[id];
        if (old === undefined) added.push(Number(id));
        else if (old !== ep) bounced.push(Number(id));
      }
      for (const id of Object.keys(c.live)) if (now[id] === undefined) dead.push(Number(id));
      c.live = now;
      for (const id of [...dead, ...bounced]) delete c.shuttingDown[String(id)];
      if (added.length + dead.length + bounced.length === 0) {
        done(x);
        return;
      }
      noteK(x, 'kafka.controller.brokerChange', { added: added.join(','), dead: dead.join(','), bounced: bounced.join(',') });
      const deadSet = new Set([...dead, ...bounced]);
      const touched = Object.keys(c.partitions).filter((tp) => {
        const st = c.partitions[tp] as PartitionState;
        return st.leader < 0 || deadSet.has(st.leader) || st.isr.some((b) => deadSet.has(b));
      });
      const changes = offlineChanges(x, touched, deadSet);
      // new / bounced brokers: full metadata and their replicas' states
      sendUpdateMetadata(x);
      const comers = [...added, ...bounced];
      if (comers.length) sendLeaderAndIsr(x, comers, Object.keys(c.partitions).filter((tp) => !changes.some((ch) => ch.tp === tp)));
      writeStates(x, changes, 'leaderAndIsr');
      return;
    }
    case 'ctl.topics1': {
      const names = (rs[0]?.children ?? []).filter((t) => !c.topics[t] || true);
      loadTopics(x, names, 'ctl.topics2');
      return;
    }
    case 'ctl.topics2': {
      const d = data as LoadData;
      const before = new Set(Object.keys(c.partitions));
      applyLoadedTopics(x, d, rs);
      const fresh = newPartitionChanges(x, Object.keys(c.topics)).filter((ch) => !before.has(ch.tp));
      if (fresh.length) noteK(x, 'kafka.controller.newPartitions', { partitions: fresh.map((f) => f.tp).join(',') });
      writeStates(x, fresh, 'leaderAndIsr', { isNew: true });
      return;
    }
    case 'ctl.delete1': {
      const names = rs[0]?.children ?? [];
      const reqs: Array<Record<string, Json>> = [];
      const deleted: string[] = [];
      for (const t of names) {
        const meta = c.topics[t];
        if (meta) {
          const replicas = new Set<number>();
          for (const rs2 of Object.values(meta.assignment)) for (const b of rs2) replicas.add(b);
          for (const b of replicas) {
            if (c.live[String(b)] === undefined) continue;
            const tps = Object.keys(meta.assignment).filter((p) => meta.assignment[p]?.includes(b)).map((p) => tpKey(t, Number(p)));
            sendTo(x, brokerNode(b), { type: 'StopReplica', controllerId: x.b.brokerId, controllerEpoch: c.epoch, deletePartitions: true, partitions: tps });
          }
          for (const p of Object.keys(meta.assignment)) {
            reqs.push(zkOps.delete(`/brokers/topics/${t}/partitions/${p}/state`), zkOps.delete(`/brokers/topics/${t}/partitions/${p}`));
            delete c.partitions[tpKey(t, Number(p))];
          }
          reqs.push(zkOps.delete(`/brokers/topics/${t}/partitions`), zkOps.delete(`/brokers/topics/${t}`), zkOps.delete(`/config/topics/${t}`));
          delete c.topics[t];
          deleted.push(t);
        }
        reqs.push(zkOps.delete(`/admin/delete_topics/${t}`));
        delete c.deleting[t];
      }
      if (deleted.length) noteK(x, 'kafka.controller.topicsDeleted', { topics: deleted.join(',') });
      zkBatch(x, reqs, 'ctl.delete2');
      return;
    }
    case 'ctl.delete2':
      sendUpdateMetadata(x);
      done(x);
      return;
    case 'ctl.config': {
      const d = data as { topic: string };
      const r = rs[0];
      const meta = c.topics[d.topic];
      if (meta && r?.rc === 'OK') {
        meta.config = parseTopicConfig(parseConfigZnode(r.data));
        sendUpdateMetadata(x);
        // toggling unclean.leader.election.enable on elects leaders for offline partitions
        const offline = Object.keys(meta.assignment).map((p) => tpKey(d.topic, Number(p))).filter((tp) => (c.partitions[tp]?.leader ?? 0) < 0);
        writeStates(x, offlineChanges(x, offline, new Set()), 'leaderAndIsr');
        return;
      }
      done(x);
      return;
    }
  }
}

export function parseConfigZnode(data: string | null | undefined): Record<string, string> {
  if (!data) return {};
  try {
    return ((JSON.parse(data) as { config?: Record<string, string> }).config ?? {}) as Record<string, string>;
  } catch {
    return {};
  }
}

interface LoadData {
  topics: string[];
}

function loadTopics(x: X, topics: string[], tag: string): void {
  const reqs: Array<Record<string, Json>> = [];
  for (const t of topics) reqs.push(zkOps.getData(`/brokers/topics/${t}`, true), zkOps.getData(`/config/topics/${t}`), zkOps.children(`/brokers/topics/${t}/partitions`));
  zkBatch(x, reqs, 'ctl.loadStates', { topics, tag } as unknown as Json);
}

/** Second stage of loading: every partition's state znode. */
export function onLoadAssignments(x: X, reply: ZkReplyValue, d: { topics: string[]; tag: string }): void {
  const c = x.b.ctl;
  if (!c) return;
  const rs = batchReplies(reply);
  const metas: Record<string, TopicMeta> = {};
  const reqs: Array<Record<string, Json>> = [];
  const tps: string[] = [];
  d.topics.forEach((t, i) => {
    const a = rs[i * 3];
    const cfg = rs[i * 3 + 1];
    if (a?.rc !== 'OK' || !a.data) return;
    try {
      const o = JSON.parse(a.data) as { topic_id?: string; partitions: Record<string, number[]> };
      metas[t] = { topicId: o.topic_id ?? '', assignment: o.partitions, config: parseTopicConfig(parseConfigZnode(cfg?.data)) };
      for (const p of Object.keys(o.partitions)) {
        reqs.push(zkOps.getData(`/brokers/topics/${t}/partitions/${p}/state`));
        tps.push(tpKey(t, Number(p)));
      }
    } catch {
      // unreadable assignment: skipped
    }
  });
  zkBatch(x, reqs, d.tag, { metas, tps } as unknown as Json);
}

function applyLoadedTopics(x: X, data: unknown, rs: ZkReplyValue[]): void {
  const c = ctl(x);
  const d = data as { metas: Record<string, TopicMeta>; tps: string[] };
  for (const [t, m] of Object.entries(d.metas)) c.topics[t] = m;
  d.tps.forEach((tp, i) => {
    const r = rs[i];
    if (r?.rc === 'OK' && r.stat) {
      const st = parseState(r.data, r.stat.version);
      if (st) c.partitions[tp] = st;
    }
  });
}

/** New partitions (no state znode yet): leader = first live replica, ISR = live replicas, epoch 0. */
function newPartitionChanges(x: X, topics: string[]): Change[] {
  const c = ctl(x);
  const out: Change[] = [];
  for (const t of topics) {
    const meta = c.topics[t];
    if (!meta || c.deleting[t]) continue;
    for (const [p, replicas] of Object.entries(meta.assignment)) {
      const tp = tpKey(t, Number(p));
      if (c.partitions[tp]) continue;
      const live = replicas.filter((b) => isLive(c, b));
      if (live.length === 0) {
        noteK(x, 'kafka.controller.noLiveReplicas', { tp });
        continue;
      }
      out.push({ tp, st: { leader: live[0] as number, leader_epoch: 0, isr: live, controller_epoch: c.epoch, zkVersion: 0 }, create: true, why: 'new' });
    }
  }
  return out;
}

function alterPartition(x: X, ev: Extract<CtlEvent, { k: 'AlterPartition' }>): void {
  const c = ctl(x);
  const errors: Record<string, string> = {};
  const changes: Change[] = [];
  const unchanged: string[] = [];
  if (c.live[String(ev.broker)] !== ev.brokerEpoch) {
    for (const it of ev.items) errors[it.tp] = 'STALE_BROKER_EPOCH';
  } else {
    for (const it of ev.items as AlterItem[]) {
      const st = c.partitions[it.tp];
      if (!st) errors[it.tp] = 'UNKNOWN_TOPIC_OR_PARTITION';
      else if (st.leader !== ev.broker || it.leaderEpoch !== st.leader_epoch) errors[it.tp] = it.leaderEpoch < st.leader_epoch ? 'FENCED_LEADER_EPOCH' : 'NOT_LEADER_OR_FOLLOWER';
      // LeaderAndIsr.equalsAllowStalePartitionEpoch: already in the desired state (a retried request whose answer
      // was lost): answer with the current state; checked before the partition-epoch fencing, for idempotency
      else if (it.partitionEpoch <= st.zkVersion && it.isr.join() === st.isr.join() && !st.recovering) unchanged.push(it.tp);
      else if (it.partitionEpoch !== st.zkVersion) errors[it.tp] = 'INVALID_UPDATE_VERSION';
      else if (it.isr.some((b) => !replicasOf(c, it.tp).includes(b))) errors[it.tp] = 'INVALID_REQUEST';
      else if (it.isr.some((b) => !st.isr.includes(b) && !isLive(c, b))) errors[it.tp] = 'INELIGIBLE_REPLICA';
      else changes.push({ tp: it.tp, st: { ...st, isr: it.isr, controller_epoch: c.epoch }, why: it.isr.length < st.isr.length ? 'isr-shrink' : 'isr-expand' });
    }
  }
  writeStates(x, changes, 'alterPartition', { from: ev.from, corr: ev.corr, errors, unchanged, tps: ev.items.map((i) => i.tp) });
}

function controlledShutdown(x: X, ev: Extract<CtlEvent, { k: 'ControlledShutdown' }>): void {
  const c = ctl(x);
  if (c.live[String(ev.broker)] === undefined) {
    sendTo(x, ev.from, { type: 'ControlledShutdownResponse', corr: ev.corr, error: 'BROKER_NOT_AVAILABLE', remaining: [] });
    done(x);
    return;
  }
  c.shuttingDown[String(ev.broker)] = true;
  noteK(x, 'kafka.controller.controlledShutdown', { broker: ev.broker });
  const changes: Change[] = [];
  for (const [tp, st] of Object.entries(c.partitions)) {
    const replicas = replicasOf(c, tp);
    if (!replicas.includes(ev.broker) || replicas.length < 2) continue;
    if (st.leader === ev.broker) {
      const next = replicas.find((b) => b !== ev.broker && isLive(c, b) && st.isr.includes(b));
      if (next === undefined) continue;
      changes.push({ tp, st: { ...st, leader: next, leader_epoch: st.leader_epoch + 1, isr: st.isr.filter((b) => b !== ev.broker), controller_epoch: c.epoch }, why: 'controlled-shutdown' });
    } else if (st.isr.includes(ev.broker) && st.isr.length > 1) {
      changes.push({ tp, st: { ...st, isr: st.isr.filter((b) => b !== ev.broker), leader_epoch: st.leader_epoch + 1, controller_epoch: c.epoch }, why: 'controlled-shutdown' });
    }
  }
  writeStates(x, changes, 'shutdown', { from: ev.from, corr: ev.corr, broker: ev.broker });
}

/** The controller resigns (session expired, or another controller fenced it). */
export function resign(x: X): void {
  if (!x.b.ctl) return;
  noteK(x, 'kafka.controller.resigned', { epoch: x.b.ctl.epoch });
  x.b.ctl = null;
  // forget pending controller continuations' results: they check x.b.ctl
}

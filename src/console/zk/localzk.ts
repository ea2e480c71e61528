/**
 * An in-memory, single-server ZooKeeper built directly on the data layer: every write is prepped and
 * applied at once (zxids allocated in order, failed writes included), reads and watches go to the same
 * tree. No network, no elections, no session expiry. It runs zkCli scripts for tests and offline demos;
 * the real simulation goes through the server machines instead.
 */
import {
  addPersistentWatch,
  applyTxn,
  createDataTree,
  createWatchTable,
  dropWatcher,
  makeZxid,
  prepRequest,
  readWithWatch,
  removeWatches,
  sessionIdOf,
  triggerWatches,
} from '../../sim/zookeeper/data';
import type { ApplyResult, DataTree, SessionId, Txn, WatchDelivery, WatchTable, WriteRequest } from '../../sim/zookeeper/data';
import { formatWatchedEvent } from './format';
import type { CliLine, CliWatchedEvent } from './format';
import { createZkCliShell, executeZkCliLine, resumeZkCliCommand } from './runner';
import type { ZkClientOp, ZkClientReply, ZkCliShell } from './runner';

export interface LocalZk {
  tree: DataTree;
  watches: WatchTable;
  /** The last zxid handed out. */
  zxid: number;
  /** Wall clock in ms; advanced by `tick` per request. */
  now: number;
  tick: number;
  serverId: number;
  /** The base time given to sessionIdOf. */
  sessionBaseMs: number;
  sessionCounter: number;
  sessions: Record<SessionId, 'open' | 'closing'>;
  /** Every txn applied, in order. */
  log: Txn[];
  extendedTypesEnabled: boolean;
  /** Watch events not yet printed, per watcher (session). */
  inbox: Record<SessionId, WatchDelivery[]>;
}

export interface LocalZkOptions {
  /** Epoch of the zxids (1 = a fresh ensemble's first leader, 0 = standalone). Default 1. */
  epoch?: number;
  serverId?: number;
  startTime?: number;
  tick?: number;
  quorumConfig?: string;
  extendedTypesEnabled?: boolean;
}

export function createLocalZk(opts: LocalZkOptions = {}): LocalZk {
  const treeOpts = opts.quorumConfig !== undefined ? { quorumConfig: opts.quorumConfig } : {};
  const epoch = opts.epoch ?? 1;
  const tree = createDataTree(treeOpts);
  tree.lastProcessedZxid = makeZxid(epoch, 0);
  return {
    tree,
    watches: createWatchTable(),
    zxid: makeZxid(epoch, 0),
    now: opts.startTime ?? 1_700_000_000_000,
    tick: opts.tick ?? 1,
    serverId: opts.serverId ?? 1,
    sessionBaseMs: opts.startTime ?? 1_700_000_000_000,
    sessionCounter: 0,
    sessions: {},
    log: [],
    extendedTypesEnabled: opts.extendedTypesEnabled ?? false,
    inbox: {},
  };
}

/** Prepares and applies one write at the next zxid; returns the result and the watch deliveries. */
export function localWrite(zk: LocalZk, sessionId: SessionId, req: WriteRequest): { result: ApplyResult; events: WatchDelivery[]; txn: Txn } {
  zk.now += zk.tick;
  zk.zxid += 1;
  const txn = prepRequest(zk.tree, [], req, {
    sessionId,
    zxid: zk.zxid,
    time: zk.now,
    extendedTypesEnabled: zk.extendedTypesEnabled,
    liveSessions: zk.sessions,
  });
  const result = applyTxn(zk.tree, txn);
  zk.log.push(txn);
  if (txn.type === 'createSession') zk.sessions[txn.sessionId] = 'open';
  if (txn.type === 'closeSession') delete zk.sessions[txn.sessionId];
  const events = triggerWatches(zk.watches, result.triggers);
  deliver(zk, events);
  return { result, events, txn };
}

function deliver(zk: LocalZk, events: readonly WatchDelivery[]): void {
  for (const d of events) (zk.inbox[d.watcher] ??= []).push(d);
}

/** Takes the watch events waiting for a session. */
export function takeEvents(zk: LocalZk, sessionId: SessionId): WatchDelivery[] {
  const list = zk.inbox[sessionId] ?? [];
  delete zk.inbox[sessionId];
  return list;
}

/** Opens a session (a createSession txn). */
export function localConnect(zk: LocalZk, timeoutMs = 30000): SessionId {
  const sessionId = sessionIdOf(zk.serverId, zk.sessionBaseMs, zk.sessionCounter++);
  localWrite(zk, sessionId, { op: 'createSession', sessionId, timeoutMs });
  return sessionId;
}

/** Closes a session (a closeSession txn deleting its ephemerals) and drops its watches. */
export function localClose(zk: LocalZk, sessionId: SessionId): WatchDelivery[] {
  if (!zk.sessions[sessionId]) return [];
  zk.sessions[sessionId] = 'closing';
  const { events } = localWrite(zk, sessionId, { op: 'closeSession', sessionId });
  dropWatcher(zk.watches, sessionId);
  delete zk.inbox[sessionId];
  return events.filter((e) => e.watcher !== sessionId);
}

/** Performs one zkCli client call for `sessionId`. `connect`/`close`/`quit` are handled by the caller. */
export function localCall(zk: LocalZk, sessionId: SessionId, op: ZkClientOp): { reply: ZkClientReply; events: WatchDelivery[] } {
  switch (op.op) {
    case 'create':
    case 'delete':
    case 'setData':
    case 'setACL':
    case 'multi': {
      const { result, events } = localWrite(zk, sessionId, op);
      const reply: ZkClientReply = { rc: result.rc };
      if (result.path !== undefined) reply.path = result.path;
      if (result.stat !== undefined) reply.stat = result.stat;
      if (result.results !== undefined) reply.results = result.results;
      return { reply, events };
    }
    case 'getData':
    case 'exists':
    case 'getChildren':
    case 'getAllChildrenNumber':
    case 'getEphemerals':
    case 'getACL':
      return { reply: readWithWatch(zk.tree, zk.watches, op, sessionId), events: [] };
    case 'sync':
      return { reply: { rc: 'OK' }, events: [] };
    case 'addWatch':
      addPersistentWatch(zk.watches, sessionId, op.path, op.mode);
      return { reply: { rc: 'OK' }, events: [] };
    case 'removeWatches': {
      // With a live connection the server decides, `local` or not (local only matters without one).
      const r = removeWatches(zk.watches, sessionId, op.path, op.type);
      return { reply: r.removed ? { rc: 'OK', removed: r } : { rc: 'NoWatcher' }, events: [] };
    }
    case 'whoAmI':
      return { reply: { rc: 'OK', clientInfo: [{ scheme: 'ip', user: '127.0.0.1' }] }, events: [] };
    case 'close':
    case 'connect':
    case 'quit':
      return { reply: { rc: 'OK' }, events: [] };
  }
}

export interface ScriptState {
  zk: LocalZk;
  shell: ZkCliShell;
  session: SessionId | null;
  lines: CliLine[];
  quit: boolean;
}

/** Prints (printwatches on) or drops the watch events waiting for this script's session. */
export function flushScriptEvents(st: ScriptState): void {
  if (st.session === null) return;
  for (const d of takeEvents(st.zk, st.session)) {
    if (!st.shell.printWatches) continue;
    const e: CliWatchedEvent = { state: 'SyncConnected', type: d.event.type, path: d.event.path };
    for (const text of formatWatchedEvent(e).stdout) st.lines.push({ stream: 'stdout', text });
  }
}

/** Starts a zkCli "process" connected to a fresh session (no banner lines are recorded). */
export function startScript(zk: LocalZk = createLocalZk(), host = 'localhost:2181'): ScriptState {
  return { zk, shell: createZkCliShell(host), session: localConnect(zk), lines: [], quit: false };
}

/** Feeds one line to zkCli; output (and this session's watch events) are appended to st.lines. */
export function runScriptLine(st: ScriptState, line: string): void {
  if (st.quit) return;
  flushScriptEvents(st);
  const r = executeZkCliLine(st.shell, line);
  st.shell = r.shell;
  let step = r.step;
  for (;;) {
    st.lines.push(...step.lines);
    if (step.events && st.shell.printWatches) {
      for (const e of step.events) for (const text of formatWatchedEvent(e).stdout) st.lines.push({ stream: 'stdout', text });
    }
    if (step.done || !step.request || !step.run) break;
    const req = step.request;
    let reply: ZkClientReply = { rc: 'OK' };
    if (req.op === 'close' || req.op === 'quit') {
      if (st.session) localClose(st.zk, st.session);
      st.session = null;
      if (req.op === 'quit') st.quit = true;
    } else if (req.op === 'connect') {
      if (st.session) localClose(st.zk, st.session);
      st.session = localConnect(st.zk);
    } else if (st.session === null) {
      reply = { rc: 'SessionExpired' };
    } else {
      reply = localCall(st.zk, st.session, req).reply;
      flushScriptEvents(st);
    }
    step = resumeZkCliCommand(step.run, reply);
  }
}

/** Runs a whole script (one command per line) and returns what zkCli printed, stdout and stderr merged. */
export function runZkCliScript(script: string | readonly string[], zk?: LocalZk): CliLine[] {
  const st = startScript(zk);
  const lines = typeof script === 'string' ? script.split('\n') : script;
  for (const line of lines) runScriptLine(st, line);
  return st.lines;
}

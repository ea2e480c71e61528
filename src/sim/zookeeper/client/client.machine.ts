/**
 * A simulated ZooKeeper client library (ClientCnxn, StaticHostProvider, ZKWatchManager), the thing zkCli
 * runs on. Commands arrive as `zk.call` events; replies and watch/session events go out on the output
 * channel `zk:<clientId>`.
 *
 * - Connect handshake with timeout negotiation; connectTimeout = timeout / number of servers; the server
 *   list is walked round robin (the configured server first, the rest shuffled) with a random 0–1 s pause
 *   before each reconnect and 1 s more after a full pass.
 * - Connected: a PING after timeout/3 of idle sending; the link is declared dead after 2/3 of the timeout
 *   without hearing anything; then pending and queued requests fail with ConnectionLoss, a Disconnected
 *   event fires and the client tries the next server with its session id and lastZxidSeen (a server that
 *   is behind refuses it) and re-registers its watches.
 * - Timeout 0 in the connect response = the session expired: Expired event, state CLOSED.
 * - close: a closeSession request, then CLOSED and a Closed event.
 */
import { enqueueActions, setup } from 'xstate';
import type { Json, KernelRequest, NodeEnv, NodeInput, WireMessage } from '../../kernel/types';
import { cancelTimer, output, send, setTimer } from '../../kernel/machine';
import { validatePath } from '../data';
import { SOCKET_CLOSED } from '../../kernel/world';
import type { ClientContext, ClientWatches, PendingRequest, ZkClientConfig } from './types';

export const T_CONNECT_TIMEOUT = 'CONNECT_TIMEOUT';
export const T_READ_TIMEOUT = 'READ_TIMEOUT';
export const T_PING = 'CLIENT_PING';
export const T_RECONNECT = 'RECONNECT';
const FLW_TIMEOUT_PREFIX = 'FLW_TIMEOUT_';
const FLW_TIMEOUT_MS = 2000;
const MAX_SEND_PING_INTERVAL = 10000;

type Out = KernelRequest[];
/** What the library's functions work on: its context, the requests they produce, and the node's env. */
export interface ClientRun {
  c: ClientContext;
  out: Out;
  env: NodeEnv;
}
type C = ClientRun;

export type ClientEvent = { type: string; [k: string]: unknown };

const PATH_OPS = new Set(['create', 'delete', 'setData', 'setACL', 'getData', 'exists', 'getChildren', 'getAllChildrenNumber', 'getACL', 'sync', 'addWatch', 'removeWatches']);

function channel(x: C): string {
  return 'zk:' + x.c.id;
}

function reply(x: C, value: Record<string, unknown>): void {
  x.out.push(output(channel(x), value as Json));
}

function event(x: C, state: string, type: string, path: string | null): void {
  x.out.push(output(channel(x), { event: { state, type, path } }));
}

function emptyWatches(): ClientWatches {
  return { data: {}, exist: {}, child: {}, persistent: {}, persistentRecursive: {} };
}

function readTimeout(x: C): number {
  return Math.floor((x.c.timeout * 2) / 3);
}

function pingInterval(x: C): number {
  const half = readTimeout(x) / 2;
  const t = half >= 2000 ? half - 1000 : Math.min(half, 1000);
  return Math.min(t, MAX_SEND_PING_INTERVAL);
}

function sendServer(x: C, msg: WireMessage): void {
  if (!x.c.server) return;
  x.out.push(send(x.c.server, { ...msg, seq: x.c.outSeq++ }));
  if (x.c.phase === 'CONNECTED') x.out.push(setTimer(T_PING, pingInterval(x)));
}

function shuffledHosts(x: C, servers: string[], first: string | undefined): string[] {
  const rest = servers.filter((s) => s !== first);
  for (let i = rest.length - 1; i > 0; i--) {
    const j = x.env.randomInt(i + 1);
    const t = rest[i] as string;
    rest[i] = rest[j] as string;
    rest[j] = t;
  }
  return first && servers.includes(first) ? [first, ...rest] : rest;
}

export function initClientContext(input: NodeInput<ZkClientConfig>): ClientContext {
  return {
    id: input.id,
    cfg: input.config,
    incarnation: input.incarnation,
    hosts: [],
    hostIdx: 0,
    lastIndex: 0,
    phase: 'IDLE',
    zkState: 'NOT_CONNECTED',
    session: null,
    timeout: input.config.sessionTimeout,
    lastZxid: 0,
    conn: null,
    server: null,
    seq: 0,
    xid: 1,
    pending: [],
    outgoing: [],
    watches: emptyWatches(),
    flw: {},
    closingReqId: null,
    isFirstConnect: true,
    outSeq: 0,
    inSeq: 0,
    watchErrors: [],
  };
}

// ---- connecting ----------------------------------------------------------------------------------

function newSession(x: C, servers: string[], first: string | undefined): void {
  const c = x.c;
  c.hosts = shuffledHosts(x, servers, first);
  c.hostIdx = 0;
  c.lastIndex = 0;
  c.session = null;
  c.timeout = c.cfg.sessionTimeout;
  c.lastZxid = 0;
  c.watches = emptyWatches();
  c.isFirstConnect = true;
  c.phase = 'CONNECTING';
  c.zkState = 'CONNECTING';
  startConnect(x);
}

function startConnect(x: C): void {
  const c = x.c;
  const host = c.hosts[c.hostIdx];
  if (!host) return;
  c.seq++;
  c.conn = `${c.id}.${c.incarnation}.${c.seq}`;
  c.server = host;
  c.phase = 'CONNECTING';
  c.zkState = 'CONNECTING';
  c.isFirstConnect = false;
  c.outSeq = 1;
  c.inSeq = 0;
  const w = c.watches;
  const hasWatches = Object.keys(w.data).length + Object.keys(w.exist).length + Object.keys(w.child).length + Object.keys(w.persistent).length + Object.keys(w.persistentRecursive).length > 0;
  x.out.push(
    send(host, {
      type: 'CONNECT',
      conn: c.conn,
      seq: 0,
      session: c.session,
      timeout: c.cfg.sessionTimeout,
      lastZxidSeen: c.lastZxid,
      watches: hasWatches
        ? {
            relativeZxid: c.lastZxid,
            dataWatches: Object.keys(w.data),
            existWatches: Object.keys(w.exist),
            childWatches: Object.keys(w.child),
            persistentWatches: Object.keys(w.persistent),
            persistentRecursiveWatches: Object.keys(w.persistentRecursive),
          }
        : null,
    }),
  );
  x.out.push(setTimer(T_CONNECT_TIMEOUT, Math.floor(c.timeout / Math.max(1, c.hosts.length))));
}

/** cleanup(): every request on the wire or waiting for a connection fails. */
function failAll(x: C, rc: string): void {
  const c = x.c;
  const all = [...c.pending.map((p) => p.reqId), ...c.outgoing.map((o) => o.reqId)];
  c.pending = [];
  c.outgoing = [];
  for (const reqId of all) {
    if (reqId === c.closingReqId) continue;
    reply(x, { reqId, rc });
  }
}

function stopTimers(x: C): void {
  x.out.push(cancelTimer(T_CONNECT_TIMEOUT), cancelTimer(T_READ_TIMEOUT), cancelTimer(T_PING));
}

/** The link is gone (timeout, server closed it, refused): clean up and try the next server. */
function connectionLost(x: C, why: string, closeSocket: boolean): void {
  const c = x.c;
  if (c.phase !== 'CONNECTING' && c.phase !== 'CONNECTED') return;
  if (closeSocket && c.server && c.conn) x.out.push(send(c.server, { type: 'CCLOSE', conn: c.conn }));
  stopTimers(x);
  failAll(x, 'ConnectionLoss');
  if (c.closingReqId !== null) {
    finishClose(x, c.closingReqId);
    return;
  }
  c.conn = null;
  c.phase = 'DISCONNECTED';
  c.zkState = 'CONNECTING';
  event(x, 'Disconnected', 'None', null);
  // StaticHostProvider.next(1000): the next host; a 1 s sleep when coming back around
  c.hostIdx = (c.hostIdx + 1) % c.hosts.length;
  let delay = x.env.randomInt(1000);
  if (c.hostIdx === c.lastIndex) delay += 1000;
  x.out.push(setTimer(T_RECONNECT, delay));
  void why;
}

function onConnectResp(x: C, m: { conn: string; session: string; timeout: number }): void {
  const c = x.c;
  if (m.conn !== c.conn || c.phase !== 'CONNECTING') return;
  x.out.push(cancelTimer(T_CONNECT_TIMEOUT));
  if (m.timeout <= 0) {
    // the session expired while we were away
    c.phase = 'EXPIRED';
    if (c.server && c.conn) x.out.push(send(c.server, { type: 'CCLOSE', conn: c.conn }));
    stopTimers(x);
    event(x, 'Expired', 'None', null);
    failAll(x, 'SessionExpired');
    c.phase = 'CLOSED';
    c.zkState = 'CLOSED';
    c.conn = null;
    c.watches = emptyWatches();
    if (c.closingReqId !== null) {
      reply(x, { reqId: c.closingReqId, rc: 'OK' });
      c.closingReqId = null;
    }
    return;
  }
  c.session = m.session;
  c.timeout = m.timeout;
  c.phase = 'CONNECTED';
  c.zkState = 'CONNECTED';
  c.lastIndex = c.hostIdx;
  event(x, 'SyncConnected', 'None', null);
  x.out.push(setTimer(T_READ_TIMEOUT, readTimeout(x)));
  x.out.push(setTimer(T_PING, pingInterval(x)));
  const queued = c.outgoing;
  c.outgoing = [];
  for (const o of queued) transmit(x, o.reqId, o.req);
}

function onReconnectTimer(x: C): void {
  if (x.c.phase !== 'DISCONNECTED') return;
  startConnect(x);
}

// ---- requests ------------------------------------------------------------------------------------

function transmit(x: C, reqId: number, req: Record<string, Json> & { op: string }): void {
  const c = x.c;
  const xid = c.xid++;
  c.pending.push({ xid, reqId, req });
  sendServer(x, { type: 'REQ', conn: c.conn, xid, req });
}

function finishClose(x: C, reqId: number): void {
  const c = x.c;
  stopTimers(x);
  c.closingReqId = null;
  c.phase = 'CLOSED';
  c.zkState = 'CLOSED';
  c.conn = null;
  c.watches = emptyWatches();
  failAll(x, 'ConnectionLoss');
  event(x, 'Closed', 'None', null);
  reply(x, { reqId, rc: 'OK' });
}

function registerWatch(x: C, p: PendingRequest, rc: string): void {
  const req = p.req as { op: string; path?: string; watch?: boolean; mode?: string; watcherType?: string };
  const w = x.c.watches;
  const path = req.path ?? '';
  if (req.watch) {
    if (req.op === 'exists') {
      if (rc === 'OK') w.data[path] = true;
      else if (rc === 'NoNode') w.exist[path] = true;
    } else if (req.op === 'getData' && rc === 'OK') w.data[path] = true;
    else if (req.op === 'getChildren' && rc === 'OK') w.child[path] = true;
  }
  if (req.op === 'addWatch' && rc === 'OK') {
    if (req.mode === 'PERSISTENT') w.persistent[path] = true;
    else w.persistentRecursive[path] = true;
  }
  if (req.op === 'removeWatches' && rc === 'OK') {
    const t = req.watcherType ?? 'Any';
    if (t === 'Children' || t === 'Any') {
      delete w.child[path];
      delete w.persistent[path];
    }
    if (t === 'Data' || t === 'Any') {
      delete w.data[path];
      delete w.exist[path];
      delete w.persistent[path];
      delete w.persistentRecursive[path];
    }
  }
}

function onReply(x: C, m: { conn: string; xid: number; zxid: number; rc: string; [k: string]: unknown }): void {
  const c = x.c;
  if (m.conn !== c.conn) return;
  const i = c.pending.findIndex((p) => p.xid === m.xid);
  if (i < 0) return;
  const [p] = c.pending.splice(i, 1);
  if (!p) return;
  if (m.zxid > 0) c.lastZxid = m.zxid;
  registerWatch(x, p, m.rc);
  if (p.req.op === 'closeSession') {
    if (c.server && c.conn) x.out.push(send(c.server, { type: 'CCLOSE', conn: c.conn }));
    finishClose(x, p.reqId);
    return;
  }
  const out: Record<string, unknown> = { reqId: p.reqId };
  for (const [k, v] of Object.entries(m)) {
    if (k === 'type' || k === 'conn' || k === 'xid' || k === 'from' || k === 'msgId') continue;
    out[k] = v;
  }
  reply(x, out);
}

function pathCovered(w: ClientWatches, path: string, type: string): boolean {
  if (w.persistent[path]) return true;
  if (type === 'NodeChildrenChanged') return false;
  let p = path;
  for (;;) {
    if (w.persistentRecursive[p]) return true;
    if (p === '/') return false;
    const i = p.lastIndexOf('/');
    p = i <= 0 ? '/' : p.slice(0, i);
  }
}

/** ZKWatchManager.materialize: a one-time watch is consumed by its event. */
function onWatchEvent(x: C, m: { conn: string; event: { type: string; path: string } }): void {
  const c = x.c;
  if (m.conn !== c.conn) return;
  const { type, path } = m.event;
  const w = c.watches;
  let hit = false;
  const take = (tbl: Record<string, true>): void => {
    if (tbl[path]) {
      delete tbl[path];
      hit = true;
    }
  };
  if (type === 'NodeCreated' || type === 'NodeDataChanged') {
    take(w.data);
    take(w.exist);
  } else if (type === 'NodeChildrenChanged') take(w.child);
  else if (type === 'NodeDeleted') {
    take(w.data);
    take(w.exist);
    take(w.child);
  }
  if (!hit && !pathCovered(w, path, type)) {
    const detail = `${c.id} got ${type} for ${path} with no watch registered (fired twice?)`;
    c.watchErrors.push(detail);
  }
  event(x, 'SyncConnected', type, path);
}

function call(x: C, ev: { reqId: number; request: Record<string, Json> & { op: string } }): void {
  const c = x.c;
  const { reqId, request } = ev;
  const op = request.op;
  if (op === '4lw') {
    const server = String(request['server'] ?? '');
    c.flw[String(reqId)] = server;
    x.out.push(send(server, { type: 'FLW', reqId, word: String(request['word'] ?? 'srvr') }));
    x.out.push(setTimer(FLW_TIMEOUT_PREFIX + reqId, FLW_TIMEOUT_MS));
    return;
  }
  if (op === 'connect') {
    const server = request['server'] ? String(request['server']) : undefined;
    const list = Array.isArray(request['servers']) ? (request['servers'] as string[]) : server ? [server] : c.cfg.servers;
    if (c.phase === 'CONNECTED' && c.server && c.conn) {
      x.out.push(send(c.server, { type: 'REQ', conn: c.conn, seq: c.outSeq++, xid: c.xid++, req: { op: 'closeSession' } }));
      x.out.push(send(c.server, { type: 'CCLOSE', conn: c.conn }));
    } else if (c.phase === 'CONNECTING' && c.server && c.conn) {
      x.out.push(send(c.server, { type: 'CCLOSE', conn: c.conn }));
    }
    stopTimers(x);
    x.out.push(cancelTimer(T_RECONNECT));
    failAll(x, 'ConnectionLoss');
    if (c.phase === 'CONNECTED' || c.phase === 'CONNECTING' || c.phase === 'DISCONNECTED') event(x, 'Closed', 'None', null);
    reply(x, { reqId, rc: 'OK' });
    newSession(x, list, server ?? c.cfg.connectTo);
    return;
  }
  if (op === 'close') {
    if (c.phase === 'CONNECTED') {
      c.closingReqId = reqId;
      transmit(x, -1, { op: 'closeSession' });
      const last = c.pending[c.pending.length - 1];
      if (last) last.reqId = reqId;
      return;
    }
    if (c.phase === 'CONNECTING' || c.phase === 'DISCONNECTED') {
      if (c.server && c.conn) x.out.push(send(c.server, { type: 'CCLOSE', conn: c.conn }));
      x.out.push(cancelTimer(T_RECONNECT));
      finishClose(x, reqId);
      return;
    }
    reply(x, { reqId, rc: 'OK' });
    return;
  }
  if (c.phase === 'CLOSED' || c.phase === 'IDLE' || c.phase === 'EXPIRED') {
    reply(x, { reqId, rc: c.phase === 'IDLE' ? 'ConnectionLoss' : 'SessionExpired', notConnected: true });
    return;
  }
  if (PATH_OPS.has(op)) {
    const seq = op === 'create' && String(request['mode'] ?? '').includes('SEQUENTIAL');
    const err = validatePath(request['path'] as string | undefined, seq);
    if (err) {
      reply(x, { reqId, rc: 'BadArguments', error: err });
      return;
    }
  }
  if (c.phase === 'CONNECTED') transmit(x, reqId, request);
  else c.outgoing.push({ reqId, req: request });
}

function onFlwReply(x: C, m: { reqId: number; text: string; from: string }): void {
  const key = String(m.reqId);
  if (x.c.flw[key] !== m.from) return;
  delete x.c.flw[key];
  x.out.push(cancelTimer(FLW_TIMEOUT_PREFIX + m.reqId));
  reply(x, { reqId: m.reqId, rc: 'OK', text: m.text });
}

function onFlwTimeout(x: C, name: string): void {
  const reqId = Number(name.slice(FLW_TIMEOUT_PREFIX.length));
  const key = String(reqId);
  if (x.c.flw[key] === undefined) return;
  delete x.c.flw[key];
  reply(x, { reqId, rc: 'ConnectionRefused' });
}

export function handleClientEvent(x: C, ev: ClientEvent): void {
  const c = x.c;
  const m = ev as ClientEvent & { conn?: string; from?: string };
  // TCP order on the current connection: drop duplicates, a gap breaks the connection
  if (m.from && m.from === c.server && m.conn === c.conn && ev.type !== 'CNX_CLOSE' && typeof ev['seq'] === 'number') {
    const seq = ev['seq'];
    if (seq < c.inSeq) return;
    if (seq > c.inSeq) {
      connectionLost(x, 'lost packet', true);
      return;
    }
    c.inSeq++;
  }
  // anything from the current server counts as hearing from it
  if (m.from && m.from === c.server && m.conn === c.conn && c.phase === 'CONNECTED') {
    x.out.push(setTimer(T_READ_TIMEOUT, readTimeout(x)));
  }
  switch (ev.type) {
    case 'zk.call':
      call(x, ev as unknown as { reqId: number; request: Record<string, Json> & { op: string } });
      return;
    case 'CONNECT_RESP':
      onConnectResp(x, ev as unknown as { conn: string; session: string; timeout: number });
      return;
    case 'REPLY':
      onReply(x, ev as unknown as { conn: string; xid: number; zxid: number; rc: string });
      return;
    case 'EVENT':
      onWatchEvent(x, ev as unknown as { conn: string; event: { type: string; path: string } });
      return;
    case 'CPONG':
      return;
    case 'CNX_CLOSE':
      if (m.conn === c.conn && m.from === c.server) connectionLost(x, String(ev['reason'] ?? ''), false);
      return;
    case 'FLW_REPLY':
      onFlwReply(x, ev as unknown as { reqId: number; text: string; from: string });
      return;
    case SOCKET_CLOSED: {
      // the server process died (or nothing listens there): its OS reset our connection / refused the 4lw
      if (m.from === c.server && (c.phase === 'CONNECTED' || c.phase === 'CONNECTING')) {
        connectionLost(x, 'connection reset by peer', true);
      }
      for (const [key, server] of Object.entries(c.flw)) {
        if (server === m.from) onFlwTimeout(x, FLW_TIMEOUT_PREFIX + key);
      }
      return;
    }
    case T_CONNECT_TIMEOUT:
      if (c.phase === 'CONNECTING') connectionLost(x, 'connect timeout', true);
      return;
    case T_READ_TIMEOUT:
      if (c.phase === 'CONNECTED') connectionLost(x, 'read timeout', true);
      return;
    case T_PING:
      if (c.phase === 'CONNECTED') sendServer(x, { type: 'CPING', conn: c.conn });
      return;
    case T_RECONNECT:
      onReconnectTimer(x);
      return;
    default:
      if (ev.type.startsWith(FLW_TIMEOUT_PREFIX)) onFlwTimeout(x, ev.type);
  }
}

/** Opens a new session on the configured servers (what the machine does at start when autoConnect is on). */
export function startClientSession(x: ClientRun): void {
  newSession(x, x.c.cfg.servers, x.c.cfg.connectTo);
}

function boot(x: C): void {
  if (x.c.cfg.autoConnect === false) return;
  newSession(x, x.c.cfg.servers, x.c.cfg.connectTo);
}

export function zkClientMachine(env: NodeEnv) {
  const run = (context: ClientContext, enqueue: { emit: (r: KernelRequest) => void }, fn: (x: C) => void): void => {
    const out: Out = [];
    fn({ c: context, out, env });
    for (const r of out) enqueue.emit(r);
  };
  const phaseIs = (p: string) => ({ context }: { context: ClientContext }) => context.phase === p;
  const phases = ['IDLE', 'CONNECTING', 'CONNECTED', 'DISCONNECTED', 'EXPIRED', 'CLOSED'];
  const states: Record<string, { always: { guard: ReturnType<typeof phaseIs>; target: string }[] }> = {};
  for (const p of phases) states[p] = { always: phases.filter((q) => q !== p).map((q) => ({ guard: phaseIs(q), target: q })) };
  return setup({
    types: {
      context: {} as ClientContext,
      input: {} as NodeInput<ZkClientConfig>,
      events: {} as ClientEvent,
      emitted: {} as KernelRequest,
    },
  }).createMachine({
    id: 'zkclient',
    context: ({ input }) => initClientContext(input),
    initial: 'IDLE',
    entry: enqueueActions(({ context, enqueue }) => run(context, enqueue, boot)),
    on: {
      '*': {
        actions: enqueueActions(({ context, event, enqueue }) => run(context, enqueue, (x) => handleClientEvent(x, event))),
      },
    },
    states: states as Record<string, object>,
  });
}

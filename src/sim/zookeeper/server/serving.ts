/**
 * The client-facing half of a server: connections (ConnectRequest, session create / revalidate,
 * lastZxidSeen check), the request pipeline with per-session order (CommitProcessor: a read waits behind
 * the same session's pending write; reads from other sessions do not), local reads with watches,
 * applying committed txns (DataTree.processTxn → watches fire → reply), and the `srvr` four-letter word.
 */
import type { Json, WireMessage } from '../../kernel/types';
import type { ReadRequest, WriteRequest } from '../data';
import { sessionIdOf } from '../data';
import type { Ctx } from './core';
import { emitNote, emitSend } from './core';
import { dbAddPersistent, dbApply, dbDropWatcher, dbNodeCount, dbRead, dbRemoveWatches, dbSetWatches, dbTrigger } from './db';
import { leaderRevalidate, leaderSubmit, leaderSync, touchSession, trackSession } from './leader';
import { learnerForward, learnerRevalidate } from './learner';
import type { ClientConn, LogEntry, QueuedRequest, ServerContext, SetWatchesMsg } from './types';
import { hex } from './util';

export const VERSION_LINE = 'Zookeeper version: 3.8.4-sim, built on 2024-01-01 00:00 UTC';
export const NOT_SERVING = 'This ZooKeeper instance is not currently serving requests';

const WRITE_OPS = new Set(['create', 'delete', 'setData', 'setACL', 'check', 'multi', 'closeSession']);

export interface ConnectMsg extends WireMessage {
  type: 'CONNECT';
  from: string;
  conn: string;
  session: string | null;
  timeout: number;
  lastZxidSeen: number;
  watches: SetWatchesMsg | null;
}

export interface ClientReqMsg extends WireMessage {
  type: 'REQ';
  from: string;
  conn: string;
  xid: number;
  seq?: number;
  req: Record<string, unknown> & { op: string };
}

function isLeaderLike(c: Ctx): boolean {
  return c.s.role === 'LEADING' || c.s.role === 'STANDALONE';
}

function sendToClient(c: Ctx, conn: ClientConn, msg: WireMessage): void {
  conn.sent++;
  c.s.stats.sent++;
  emitSend(c, conn.client, { ...msg, seq: conn.outSeq++ });
}

/** TCP order on a client connection: drop duplicates, a gap breaks the connection. */
function inOrder(c: Ctx, conn: ClientConn, m: { seq?: number }): boolean {
  const seq = m.seq ?? conn.inSeq;
  if (seq < conn.inSeq) return false;
  if (seq > conn.inSeq) {
    closeConn(c, conn.conn, 'connection broken (lost packet)', true);
    return false;
  }
  conn.inSeq++;
  return true;
}

function recordLatency(c: Ctx, since: number): void {
  const st = c.s.stats;
  const l = Math.max(0, Math.round(c.env.monotonic() - since));
  st.count++;
  st.totalLatency += l;
  st.minLatency = st.count === 1 ? l : Math.min(st.minLatency, l);
  st.maxLatency = Math.max(st.maxLatency, l);
}

/** Activity from a session: the leader touches it, a learner records it for its next PING reply. */
export function touch(c: Ctx, session: string, timeout: number): void {
  if (isLeaderLike(c)) touchSession(c, session, timeout);
  else if (c.s.learner) c.s.learner.touch[session] = timeout;
}

function queueOf(c: Ctx, session: string): QueuedRequest[] {
  let q = c.s.queues[session];
  if (!q) {
    q = [];
    c.s.queues[session] = q;
  }
  return q;
}

function submitWrite(c: Ctx, session: string, cxid: number, req: WriteRequest): void {
  if (isLeaderLike(c)) leaderSubmit(c, req, session, cxid);
  else learnerForward(c, session, cxid, req as unknown as Json);
}

// ---- connections ---------------------------------------------------------------------------------

export function onConnect(c: Ctx, m: ConnectMsg): void {
  const s = c.s;
  if (s.conns[m.conn]) return; // a duplicate
  s.stats.received++;
  if (!s.serving) {
    emitSend(c, m.from, { type: 'CNX_CLOSE', conn: m.conn, reason: 'ZooKeeperServer not running' });
    return;
  }
  if (m.lastZxidSeen > s.lastProcessed) {
    emitNote(c, 'zk.connectRefused', { client: m.from, seen: hex(m.lastZxidSeen), last: hex(s.lastProcessed) });
    emitSend(c, m.from, {
      type: 'CNX_CLOSE',
      conn: m.conn,
      reason: `Refusing session request for client as it has seen zxid ${hex(m.lastZxidSeen)} our last zxid is ${hex(s.lastProcessed)} client must try another server`,
    });
    return;
  }
  const timeout = Math.min(Math.max(m.timeout, s.cfg.minSessionTimeout), s.cfg.maxSessionTimeout);
  const conn: ClientConn = {
    conn: m.conn,
    client: m.from,
    session: m.session ?? '',
    timeout,
    open: false,
    watches: m.watches,
    received: 1,
    sent: 0,
    outSeq: 0,
    inSeq: 1,
  };
  if (!m.session) {
    const session = sessionIdOf(s.myid, s.sessionBase, s.sessionCounter++);
    conn.session = session;
    s.conns[m.conn] = conn;
    queueOf(c, session).push({ conn: m.conn, cxid: 0, kind: 'connect', request: { op: 'createSession' }, submitted: true, received: c.env.monotonic() });
    submitWrite(c, session, 0, { op: 'createSession', sessionId: session, timeoutMs: timeout });
    return;
  }
  s.conns[m.conn] = conn;
  if (isLeaderLike(c)) finishRevalidate(c, m.conn, leaderRevalidate(c, m.session, timeout));
  else learnerRevalidate(c, m.session, timeout, m.conn);
}

/** The session check came back (REVALIDATE): reattach, or answer timeout 0 (expired) and close. */
export function finishRevalidate(c: Ctx, connId: string, valid: boolean): void {
  const conn = c.s.conns[connId];
  if (!conn || conn.open) return;
  if (!valid) {
    sendToClient(c, conn, { type: 'CONNECT_RESP', conn: connId, session: conn.session, timeout: 0 });
    closeConn(c, connId, 'session expired', false);
    return;
  }
  openConn(c, conn);
}

function openConn(c: Ctx, conn: ClientConn): void {
  conn.open = true;
  sendToClient(c, conn, { type: 'CONNECT_RESP', conn: conn.conn, session: conn.session, timeout: conn.timeout });
  emitNote(c, 'zk.sessionEstablished', { session: conn.session, client: conn.client, timeout: conn.timeout });
  if (conn.watches) {
    const w = conn.watches;
    conn.watches = null;
    const missed = dbSetWatches(c.s.tree, c.s.watches, conn.conn, w.relativeZxid, w);
    for (const d of missed) sendToClient(c, conn, { type: 'EVENT', conn: conn.conn, event: d.event as unknown as Json });
  }
}

/** The server closes a connection (NIOServerCnxn.close): its watches go, its queued requests are dropped. */
export function closeConn(c: Ctx, connId: string, reason: string, notify: boolean): void {
  const s = c.s;
  const conn = s.conns[connId];
  if (!conn) return;
  delete s.conns[connId];
  dbDropWatcher(s.watches, connId);
  const q = s.queues[conn.session];
  if (q) {
    const rest = q.filter((r) => r.conn !== connId);
    if (rest.length) s.queues[conn.session] = rest;
    else delete s.queues[conn.session];
  }
  if (notify) emitSend(c, conn.client, { type: 'CNX_CLOSE', conn: connId, reason });
}

/** closeAllConnections(): the server stops serving (lost its leader or quorum). */
export function closeAllConns(c: Ctx, reason: string): void {
  for (const id of Object.keys(c.s.conns)) closeConn(c, id, reason, true);
  c.s.queues = {};
}

/** The client closed its end of the socket. */
export function onClientClose(c: Ctx, m: { conn: string; seq?: number }): void {
  const conn = c.s.conns[m.conn];
  if (conn && m.seq !== undefined && m.seq < conn.inSeq) return;
  closeConn(c, m.conn, 'client closed', false);
}

// ---- requests ------------------------------------------------------------------------------------

export function onClientRequest(c: Ctx, m: ClientReqMsg): void {
  const s = c.s;
  const conn = s.conns[m.conn];
  if (!conn || !conn.open) {
    emitSend(c, m.from, { type: 'CNX_CLOSE', conn: m.conn, reason: 'connection unknown to the server' });
    return;
  }
  if (!inOrder(c, conn, m)) return;
  s.stats.received++;
  conn.received++;
  touch(c, conn.session, conn.timeout);
  const op = m.req.op;
  const kind: QueuedRequest['kind'] = WRITE_OPS.has(op) ? 'write' : op === 'sync' ? 'sync' : 'read';
  const q = queueOf(c, conn.session);
  q.push({ conn: m.conn, cxid: m.xid, kind, request: m.req, submitted: kind !== 'read', received: c.env.monotonic() });
  if (kind === 'write') {
    const req = op === 'closeSession' ? { op: 'closeSession', sessionId: conn.session } : m.req;
    submitWrite(c, conn.session, m.xid, req as WriteRequest);
  } else if (kind === 'sync') {
    if (isLeaderLike(c)) leaderSync(c, { sid: 0, node: c.s.id, conn: m.conn, session: conn.session, cxid: m.xid });
    else learnerForward(c, conn.session, m.xid, m.req as unknown as Json);
  }
  drain(c, conn.session);
}

export function onClientPing(c: Ctx, m: { conn: string; from: string; seq?: number }): void {
  const s = c.s;
  const conn = s.conns[m.conn];
  if (!conn || !conn.open) {
    emitSend(c, m.from, { type: 'CNX_CLOSE', conn: m.conn, reason: 'connection unknown to the server' });
    return;
  }
  if (!inOrder(c, conn, m)) return;
  s.stats.received++;
  conn.received++;
  touch(c, conn.session, conn.timeout);
  queueOf(c, conn.session).push({ conn: m.conn, cxid: -2, kind: 'read', request: { op: 'ping' }, submitted: false, received: c.env.monotonic() });
  drain(c, conn.session);
}

/** Answers the reads at the head of a session's queue. */
function drain(c: Ctx, session: string): void {
  const q = c.s.queues[session];
  if (!q) return;
  while (q.length > 0 && q[0]?.kind === 'read') {
    const r = q.shift() as QueuedRequest;
    answerRead(c, r);
  }
  if (q.length === 0) delete c.s.queues[session];
}

function answerRead(c: Ctx, r: QueuedRequest): void {
  const s = c.s;
  const conn = s.conns[r.conn];
  if (!conn) return;
  const req = r.request as Record<string, unknown> & { op: string; path?: string };
  recordLatency(c, r.received);
  if (req.op === 'ping') {
    sendToClient(c, conn, { type: 'CPONG', conn: r.conn });
    return;
  }
  let result: Record<string, unknown>;
  if (req.op === 'addWatch') {
    dbAddPersistent(s.watches, r.conn, String(req.path), req['mode'] !== 'PERSISTENT');
    result = { rc: 'OK' };
  } else if (req.op === 'removeWatches') {
    // the client library sends `watcherType`; zkCli's runner calls it `type`
    const type = ((req['watcherType'] ?? req['type']) as 'Children' | 'Data' | 'Any' | undefined) ?? 'Any';
    const r2 = dbRemoveWatches(s.watches, r.conn, String(req.path), type);
    result = r2.removed ? { rc: 'OK', removed: { ...(r2.data ? { data: r2.data } : {}), ...(r2.child ? { child: r2.child } : {}) } } : { rc: 'NoWatcher' };
  } else if (req.op === 'whoAmI') {
    // WhoAmI (3.7+): the authentication ids of this connection; without SASL/auth it is the client's IP
    result = { rc: 'OK', clientInfo: [{ scheme: 'ip', user: '127.0.0.1' }] };
  } else {
    result = { ...dbRead(s.tree, s.watches, req as unknown as ReadRequest, r.conn, conn.session) };
  }
  sendToClient(c, conn, { type: 'REPLY', conn: r.conn, xid: r.cxid, zxid: s.lastProcessed, ...result });
}

/** The leader answered a forwarded sync (or the leader's own pending sync is done). */
export function completeSync(c: Ctx, session: string, cxid: number): void {
  const q = c.s.queues[session];
  if (!q) return;
  const i = q.findIndex((r) => r.kind === 'sync' && r.cxid === cxid);
  if (i < 0) return;
  const [r] = q.splice(i, 1);
  const conn = r ? c.s.conns[r.conn] : undefined;
  if (r && conn) {
    recordLatency(c, r.received);
    sendToClient(c, conn, { type: 'REPLY', conn: r.conn, xid: r.cxid, zxid: c.s.lastProcessed, rc: 'OK', path: (r.request as { path?: string }).path ?? '/' });
  }
  drain(c, session);
}

// ---- applying committed txns ---------------------------------------------------------------------

/**
 * FinalRequestProcessor for one committed txn: apply it to the tree, fire this server's watches, then
 * reply to the client that sent it if it is connected here. Session txns update the leader's tracker;
 * a closeSession also closes the session's connection on this server.
 */
export function applyCommitted(c: Ctx, entry: LogEntry): void {
  const s = c.s;
  const res = dbApply(s.tree, entry.txn);
  s.lastProcessed = Math.max(s.lastProcessed, entry.zxid);
  s.applied++;
  const txn = entry.txn;
  // watches first: a client sees the event before the reply carrying the new data
  if (res.triggers.length > 0) {
    for (const d of dbTrigger(s.watches, res.triggers)) {
      const conn = s.conns[d.watcher];
      if (conn && conn.open) sendToClient(c, conn, { type: 'EVENT', conn: conn.conn, event: d.event as unknown as Json });
    }
  }
  if (txn.type === 'createSession') {
    if (s.leader && isLeaderLike(c)) trackSession(c, txn.sessionId, txn.timeoutMs);
  }
  const q = s.queues[entry.session];
  if (q) {
    const wantConnect = txn.type === 'createSession';
    const i = q.findIndex((r) => (wantConnect ? r.kind === 'connect' : r.kind === 'write' && r.cxid === entry.cxid));
    if (i >= 0) {
      const [r] = q.splice(i, 1);
      const conn = r ? s.conns[r.conn] : undefined;
      if (r && conn) {
        recordLatency(c, r.received);
        if (wantConnect) openConn(c, conn);
        else {
          const reply: Record<string, unknown> = { type: 'REPLY', conn: r.conn, xid: r.cxid, zxid: entry.zxid, rc: res.rc };
          if (res.path !== undefined) reply['path'] = res.path;
          if (res.stat !== undefined) reply['stat'] = res.stat;
          if (res.results !== undefined) reply['results'] = res.results;
          sendToClient(c, conn, reply as WireMessage);
        }
      }
      drain(c, entry.session);
    }
  }
  if (txn.type === 'closeSession') {
    if (s.leader && isLeaderLike(c)) delete s.leader.sessions[txn.sessionId];
    for (const conn of Object.values(s.conns)) {
      if (conn.session === txn.sessionId) closeConn(c, conn.conn, 'session closed', true);
    }
    delete s.queues[txn.sessionId];
  }
}


// ---- four-letter words ---------------------------------------------------------------------------

function javaDouble(x: number): string {
  const r = Math.round(x * 10000) / 10000;
  return Number.isInteger(r) ? r.toFixed(1) : String(r);
}

export function srvrText(c: Ctx): string {
  return srvrTextOf(c.s);
}

/** The `srvr` answer of a server, from its context (also used by views). */
export function srvrTextOf(s: ServerContext): string {
  if (!s.serving) return NOT_SERVING + '\n';
  const st = s.stats;
  const mode = s.role === 'LEADING' ? 'leader' : s.role === 'FOLLOWING' ? 'follower' : s.role === 'OBSERVING' ? 'observer' : 'standalone';
  let outstanding = 0;
  for (const q of Object.values(s.queues)) outstanding += q.length;
  const lines = [
    VERSION_LINE,
    `Latency min/avg/max: ${st.count ? st.minLatency : 0}/${javaDouble(st.count ? st.totalLatency / st.count : 0)}/${st.maxLatency}`,
    `Received: ${st.received}`,
    `Sent: ${st.sent}`,
    `Connections: ${Object.keys(s.conns).length + 1}`,
    `Outstanding: ${outstanding}`,
    `Zxid: ${hex(s.lastProcessed)}`,
    `Mode: ${mode}`,
    `Node count: ${dbNodeCount(s.tree)}`,
  ];
  if (s.role === 'LEADING' && s.leader) {
    const p = s.leader.proposalSizes;
    lines.push(`Proposal sizes last/min/max: ${p.last}/${p.min}/${p.max}`);
  }
  return lines.join('\n') + '\n';
}

export function onFlw(c: Ctx, m: { from: string; reqId: number; word: string }): void {
  c.s.stats.received++;
  let text: string;
  if (m.word === 'srvr') text = srvrText(c);
  else text = `${m.word} is not executed because it is not in the whitelist.\n`;
  emitSend(c, m.from, { type: 'FLW_REPLY', reqId: m.reqId, text });
}

/**
 * The ZooKeeper domain of the swarm harness: ensemble size, clients and workload chosen per seed; the
 * workload (create / setData / delete / getData / exists / getChildren / sync / multi, sequential and
 * ephemeral nodes, a lock recipe) issued as recorded `inject` actions of `zk.call`; replies collected from
 * the clients' output channels into a history for the checkers in ../check/zk.ts; liveness = a serving
 * leader, every server serving in its epoch, every client connected, every call answered.
 */
import type { Action } from '../actions';
import type { Json } from '../kernel/types';
import type { Rng } from '../kernel/rng';
import type { TraceRecord } from '../kernel/trace';
import type { Simulation } from '../simulation';
import { zkClientInfo, zkServerInfo } from '../zookeeper/ensemble';
import type { ServerContext } from '../zookeeper/server/types';
import { checkZkHistory } from '../check/zk';
import type { ZkHistoryOp } from '../check/zk';
import type { DomainRun, FuzzDomain, FuzzEnv } from './domain';
import '../zookeeper/register';

export type ZkFuzzParams = {
  servers: number;
  observers: number;
  clients: number;
  tickTime: number;
  /** Register keys /fz/k0 … */
  keys: number;
  /** Chance per harness tick that an idle client issues a call. */
  rate: number;
  /** Relative weights of the op kinds. */
  mix: Record<string, number>;
  lock: boolean;
  /** Chance per tick that a client whose session expired opens a new one (during the safety phase). */
  reconnect: number;
};

export const ZK_COVERAGE = [
  'election under partition',
  'session expiry holding a lock',
  'leader change with pending writes',
  'zombie leader fenced',
  'stale read observed',
  'session expired',
  'follower log truncated',
] as const;

const OP_KINDS = ['create', 'set', 'cas', 'delete', 'get', 'exists', 'children', 'sync', 'multiCreate', 'seq', 'ephemeral'] as const;
const PARENTS = ['/fz', '/seq', '/eph', '/lock'];
const WRITE_OPS = new Set(['create', 'setData', 'delete', 'multi']);

function pickWeighted<T extends string>(rng: Rng, weights: Record<string, number>, keys: readonly T[]): T {
  let total = 0;
  for (const k of keys) total += weights[k] ?? 0;
  let x = rng.next() * total;
  for (const k of keys) {
    x -= weights[k] ?? 0;
    if (x < 0) return k;
  }
  return keys[0] as T;
}

interface ClientState {
  id: string;
  gen: number;
  busy: number | null;
  counter: number;
  lock: { stage: 'idle' | 'creating' | 'checking' | 'holding' | 'releasing'; path?: string; until?: number };
}

interface CallRec extends ZkHistoryOp {
  reqId: number;
}

export const zkDomain: FuzzDomain<ZkFuzzParams> = {
  name: 'zk',
  coverageGoals: ZK_COVERAGE,
  choose(rng) {
    // mostly 3 or 5 voters, sometimes 1 (standalone), 2, 4, 7 or 9
    const servers = pickWeighted(rng, { '3': 40, '5': 30, '1': 5, '2': 5, '4': 6, '7': 9, '9': 5 }, ['3', '5', '1', '2', '4', '7', '9']);
    const n = Number(servers);
    const mix: Record<string, number> = {};
    for (const k of OP_KINDS) mix[k] = rng.chance(0.2) ? 0 : 1 + rng.int(10);
    mix['get'] = (mix['get'] ?? 0) + 3;
    mix['set'] = (mix['set'] ?? 0) + 3;
    return {
      servers: n,
      observers: n >= 3 && rng.chance(0.15) ? 1 : 0,
      clients: 1 + rng.int(5),
      tickTime: pickWeighted(rng, { '500': 2, '1000': 3, '2000': 3 }, ['500', '1000', '2000'] as const) === '500' ? 500 : rng.chance(0.5) ? 1000 : 2000,
      keys: 1 + rng.int(4),
      rate: 0.2 + rng.next() * 0.8,
      mix,
      lock: rng.chance(0.6),
      reconnect: rng.chance(0.7) ? 0.05 + rng.next() * 0.3 : 0,
    };
  },
  config(p) {
    return { zk: { servers: p.servers, observers: p.observers, tickTime: p.tickTime, clients: p.clients, initLimit: 10, syncLimit: 5, clientsAutoConnect: true, extendedTypesEnabled: false } };
  },
  nodes(p) {
    const nServers = p.servers + (p.servers > 1 ? p.observers : 0);
    return {
      servers: Array.from({ length: nServers }, (_, i) => `zk${i + 1}`),
      clients: Array.from({ length: p.clients }, (_, i) => `client${i + 1}`),
    };
  },
  start(sim, p, rng) {
    return startZk(sim, p, rng);
  },
};

function startZk(sim: Simulation, p: ZkFuzzParams, rng: Rng): DomainRun {
  const world = sim.world;
  const { servers, clients: clientIds } = zkDomain.nodes(p);
  const keys = Array.from({ length: p.keys }, (_, i) => `/fz/k${i}`);
  const clients = new Map<string, ClientState>();
  const calls = new Map<number, CallRec>();
  const history: CallRec[] = [];
  let nextReqId = 1;
  let setupDone = false;
  const setupOk = new Set<string>();
  const cov: Record<string, boolean> = {};
  for (const g of ZK_COVERAGE) cov[g] = false;
  let leadersEstablished = 0;
  const proposals = new Map<number, number>();
  const serverSet = new Set(servers);

  for (const id of clientIds) {
    const st: ClientState = { id, gen: 0, busy: null, counter: 0, lock: { stage: 'idle' } };
    clients.set(id, st);
    world.onOutput(`zk:${id}`, (value) => {
      const v = value as { reqId?: number; rc?: string; event?: { state: string } };
      if (v.event) {
        if (v.event.state === 'Expired') st.lock = { stage: 'idle' };
        return;
      }
      if (typeof v.reqId !== 'number') return;
      const c = calls.get(v.reqId);
      if (!c || c.ret !== Infinity) return;
      c.ret = world.trace.seq;
      c.reply = JSON.parse(JSON.stringify(value)) as CallRec['reply'];
      if (st.busy === v.reqId) st.busy = null;
      if (c.request.op === 'create' && PARENTS.includes(c.request.path ?? '') && (c.reply?.rc === 'OK' || c.reply?.rc === 'NodeExists')) setupOk.add(c.request.path ?? '');
      onLockReply(st, c);
    });
  }

  const onLockReply = (st: ClientState, c: CallRec): void => {
    const rc = c.reply?.rc;
    const l = st.lock;
    if (l.stage === 'creating' && c.request.path === '/lock/n-') {
      if (rc === 'OK' && c.reply?.path) st.lock = { stage: 'checking', path: c.reply.path };
      else st.lock = { stage: 'idle' };
    } else if (l.stage === 'checking' && c.request.op === 'getChildren' && c.request.path === '/lock') {
      if (rc !== 'OK') st.lock = { stage: 'idle' };
      else {
        const kids = (c.reply?.children ?? []).slice().sort();
        const mine = l.path?.slice('/lock/'.length);
        if (!mine || !kids.includes(mine)) st.lock = { stage: 'idle' };
        else if (kids[0] === mine) st.lock = { stage: 'holding', path: l.path as string, until: sim.now + 500 + rng.int(10_000) };
      }
    } else if (l.stage === 'releasing' && c.request.op === 'delete') st.lock = { stage: 'idle' };
  };

  /** Every zk.call inject (generated now or replayed from a record) becomes a call of the history. */
  let lastRec: CallRec | undefined;
  const beforeAction = (action: Action): void => {
    lastRec = undefined;
    if (action.type !== 'inject' || action.event.type !== 'zk.call') return;
    const st = clients.get(action.node);
    const ev = action.event as { reqId?: unknown; request?: unknown };
    if (!st || typeof ev.reqId !== 'number' || typeof ev.request !== 'object' || ev.request === null) return;
    const request = ev.request as CallRec['request'];
    if (request.op === 'connect') {
      st.gen++;
      st.lock = { stage: 'idle' };
    }
    const rec: CallRec = { reqId: ev.reqId, client: st.id, session: st.gen, call: world.trace.seq + 1, ret: Infinity, request };
    calls.set(rec.reqId, rec);
    if (request.op !== 'connect') {
      history.push(rec);
      st.busy = rec.reqId;
    }
    lastRec = rec;
  };
  const afterAction = (_action: Action, ok: boolean): void => {
    if (ok || !lastRec) return;
    calls.delete(lastRec.reqId);
    const i = history.indexOf(lastRec);
    if (i >= 0) history.splice(i, 1);
    const st = clients.get(lastRec.client);
    if (st && st.busy === lastRec.reqId) st.busy = null;
  };

  const call = (env: FuzzEnv, st: ClientState, request: Record<string, Json> & { op: string }): void => {
    env.act({ type: 'inject', node: st.id, event: { type: 'zk.call', reqId: nextReqId++, request } });
  };

  const connect = (env: FuzzEnv, st: ClientState): void => {
    call(env, st, { op: 'connect' });
  };

  const data = (st: ClientState): string => `${st.id}:${++st.counter}`;
  const key = (): string => keys[rng.int(keys.length)] as string;

  const workloadOp = (env: FuzzEnv, st: ClientState): void => {
    // the lock recipe (no herd-avoiding watch: the waiter polls now and then) runs alongside other work
    const l = st.lock;
    if (l.stage === 'checking' && rng.chance(0.3)) return call(env, st, { op: 'getChildren', path: '/lock', watch: false });
    if (l.stage === 'holding' && sim.now >= (l.until ?? 0)) {
      st.lock = { stage: 'releasing', path: l.path as string };
      return call(env, st, { op: 'delete', path: l.path as string, version: -1 });
    }
    if (p.lock && l.stage === 'idle' && rng.chance(0.1)) {
      st.lock = { stage: 'creating' };
      call(env, st, { op: 'create', path: '/lock/n-', data: st.id, mode: 'EPHEMERAL_SEQUENTIAL' });
      return;
    }
    const kind = pickWeighted(rng, p.mix, OP_KINDS);
    switch (kind) {
      case 'create':
        return call(env, st, { op: 'create', path: key(), data: data(st), mode: 'PERSISTENT' });
      case 'set':
        return call(env, st, { op: 'setData', path: key(), data: data(st), version: rng.chance(0.3) ? rng.int(4) : -1 });
      case 'cas': {
        const k = key();
        return call(env, st, { op: 'multi', ops: [{ op: 'check', path: k, version: rng.int(4) }, { op: 'setData', path: k, data: data(st), version: -1 }] });
      }
      case 'delete':
        return call(env, st, { op: 'delete', path: key(), version: -1 });
      case 'get':
        return call(env, st, { op: 'getData', path: key(), watch: rng.chance(0.2) });
      case 'exists':
        return call(env, st, { op: 'exists', path: key(), watch: rng.chance(0.2) });
      case 'children':
        return call(env, st, { op: 'getChildren', path: '/fz', watch: rng.chance(0.2) });
      case 'sync':
        return call(env, st, { op: 'sync', path: '/fz' });
      case 'multiCreate': {
        const a = key();
        const b = key();
        if (a === b) return call(env, st, { op: 'create', path: a, data: data(st), mode: 'PERSISTENT' });
        return call(env, st, { op: 'multi', ops: [{ op: 'create', path: a, data: data(st), mode: 'PERSISTENT' }, { op: 'create', path: b, data: data(st), mode: 'PERSISTENT' }] });
      }
      case 'seq':
        return call(env, st, { op: 'create', path: '/seq/q-', data: data(st), mode: 'PERSISTENT_SEQUENTIAL' });
      case 'ephemeral':
        if (rng.chance(0.5)) return call(env, st, { op: 'create', path: `/eph/${st.id}`, data: data(st), mode: 'EPHEMERAL' });
        return call(env, st, { op: 'delete', path: `/eph/${st.id}`, version: -1 });
    }
  };

  const serverCtx = (id: string): ServerContext | undefined =>
    world.status(id) === 'crashed' ? undefined : (world.snapshotOf(id) as unknown as { context?: ServerContext } | undefined)?.context;

  const outstandingWrite = (): boolean => {
    for (const c of calls.values()) if (c.ret === Infinity && WRITE_OPS.has(c.request.op)) return true;
    return false;
  };

  return {
    beforeAction,
    afterAction,
    onTrace(rec: TraceRecord) {
      if (rec.kind === 'note') {
        if (rec.what === 'zk.leaderEstablished') {
          if (world.network.blockedPairs().some(([a, b]) => serverSet.has(a) && serverSet.has(b))) cov['election under partition'] = true;
          if (leadersEstablished > 0 && outstandingWrite()) cov['leader change with pending writes'] = true;
          leadersEstablished++;
        } else if (rec.what === 'zk.sessionExpired') {
          cov['session expired'] = true;
          const session = (JSON.parse(rec.detail ?? '{}') as { session?: string }).session ?? '';
          const eph = rec.node ? serverCtx(rec.node)?.tree.ephemerals[session] : undefined;
          if (eph?.some((path) => path.startsWith('/lock/'))) cov['session expiry holding a lock'] = true;
        } else if (rec.what === 'zk.truncated') cov['follower log truncated'] = true;
      } else if (rec.what === 'PROPOSAL') {
        if (rec.kind === 'send' && rec.msgId !== undefined && rec.detail) {
          const zxid = (JSON.parse(rec.detail) as { entry?: { zxid?: number } }).entry?.zxid;
          if (typeof zxid === 'number') proposals.set(rec.msgId, Math.floor(zxid / 2 ** 32));
        } else if (rec.msgId !== undefined && (rec.kind === 'deliver' || rec.kind === 'drop')) {
          const epoch = proposals.get(rec.msgId);
          proposals.delete(rec.msgId);
          if (rec.kind === 'deliver' && epoch !== undefined && rec.to) {
            const s = serverCtx(rec.to);
            // an established member of a newer epoch gets a proposal of an older one: it is ignored
            if (s && s.acceptedEpoch > epoch) cov['zombie leader fenced'] = true;
          }
        }
      }
    },
    tick(env) {
      const first = clients.get(clientIds[0] ?? '');
      if (!setupDone && first) {
        // the parents, created by client1 as ordinary calls before any other workload (again after a
        // ConnectionLoss); parents are never deleted, so a create under them can only fail on its own key
        if (first.busy !== null) return;
        const missing = PARENTS.filter((path) => !setupOk.has(path));
        if (missing.length === 0) setupDone = true;
        else {
          const path = missing[0] as string;
          call(env, first, { op: 'create', path, data: null, mode: 'PERSISTENT' });
          return;
        }
      }
      for (const st of clients.values()) {
        if (st.busy !== null) continue;
        const phase = zkClientInfo(world.snapshotOf(st.id))?.phase;
        if (phase === 'CLOSED' || phase === 'EXPIRED') {
          if (p.reconnect > 0 && rng.chance(p.reconnect)) connect(env, st);
          continue;
        }
        if (rng.chance(p.rate)) workloadOp(env, st);
      }
    },
    recover(env) {
      for (const st of clients.values()) {
        if (world.status(st.id) !== 'up') continue;
        const phase = zkClientInfo(world.snapshotOf(st.id))?.phase;
        if (phase === 'CLOSED' || phase === 'EXPIRED' || phase === 'IDLE') connect(env, st);
      }
    },
    missing() {
      const out: string[] = [];
      const infos = servers.map((id) => ({ id, up: world.status(id) === 'up', info: zkServerInfo(world.snapshotOf(id)) }));
      const leaders = infos.filter((s) => s.up && s.info && (s.info.role === 'LEADING' || s.info.role === 'STANDALONE') && s.info.serving);
      if (leaders.length !== 1) out.push(`${leaders.length} serving leaders`);
      const leader = leaders[0]?.info;
      for (const s of infos) {
        if (!s.up || !s.info) out.push(`${s.id} down`);
        else if (!s.info.serving) out.push(`${s.id} not serving (${s.info.role})`);
        else if (leader && (s.info.epoch !== leader.epoch || s.info.leader !== leader.myid)) out.push(`${s.id} in epoch ${s.info.epoch} following ${String(s.info.leader)}`);
      }
      for (const id of clientIds) {
        const c = zkClientInfo(world.snapshotOf(id));
        if (c?.phase !== 'CONNECTED') out.push(`${id} ${c?.phase ?? 'down'}`);
      }
      const pending = history.filter((c) => c.ret === Infinity).length;
      if (pending) out.push(`${pending} calls unanswered`);
      return out;
    },
    finish() {
      const report = checkZkHistory(history);
      if (report.staleReads > 0) cov['stale read observed'] = true;
      const problems = report.problems.slice(0, 20);
      // a key whose search ran out of budget is not a failure; it is counted in stats.unknownKeys
      return {
        problems,
        coverage: cov,
        artifacts: { zkHistory: history },
        stats: {
          calls: history.length,
          answered: history.filter((c) => c.ret !== Infinity).length,
          ok: history.filter((c) => c.reply?.rc === 'OK').length,
          connectionLoss: history.filter((c) => c.reply?.rc === 'ConnectionLoss').length,
          staleReads: report.staleReads,
          checkedOps: report.ops,
          unknownKeys: report.unknownKeys.length,
        },
      };
    },
  };
}

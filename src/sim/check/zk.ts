/**
 * End-of-run history checkers for ZooKeeper client histories.
 *
 * What ZooKeeper 3.8 promises, and so what is checked (ZooKeeper Programmer's Guide, "ZooKeeper
 * guarantees"; Jepsen's ZooKeeper analysis):
 *
 * 1. Writes are linearizable. Every update (create, setData, delete, multi), *including the ones that
 *    fail* with NodeExists / NoNode / BadVersion / NotEmpty, is ordered by the leader's
 *    PrepRequestProcessor into one total order (the zxid order) that respects real time: the update takes
 *    effect at one instant between its call and its reply.
 * 2. Reads are served from the local replica of whichever server the session is connected to, so they may
 *    be stale (not linearizable). What holds is per-session sequential consistency: a read sees a state
 *    that is a prefix of the write order, no older than anything the session already saw (its own writes
 *    and earlier reads, on any server after a reconnect: a server that is behind refuses the session), and
 *    not containing writes invoked after the read returned. In WGL terms a read has no real-time lower
 *    bound (call = -Infinity) but must be linearized after the previous op of its session (`after`), and
 *    before its own return. `sync` is treated like a read here (a deposed leader can still answer a sync,
 *    so sync + read is not linearizable either).
 * 3. A ConnectionLoss (or any other reply that does not say whether the op ran: SessionExpired for an op
 *    already sent, OperationTimeout…) is indeterminate: the op may or may not have taken effect, at any
 *    time after its call (Knossos' `:info`). Such an op has ret = Infinity and no output. It also does not
 *    count as "seen" by its session: the next op does not have to follow it.
 *
 * Checks:
 * (a) Linearizability per znode (P-compositional: one sub-history per key): the znode model (absent, or
 *     data + dataVersion) for every key `/fz/kN`, plus the children-set model for their parent `/fz`
 *     (creates, deletes, getChildren). A multi is projected on each key it touches: when it succeeded each
 *     sub-op is an op on its key; when it failed only the failing sub-op is kept (it is a definite read of
 *     that key); when indeterminate each sub-op is indeterminate on its key. Projection loses the
 *     cross-key atomicity of multi and cross-key session causality, so it can miss some bugs but never
 *     reports a history ZooKeeper could have produced.
 * (b) Per-session order: within one session, the zxid in reply headers never goes down (writes carry
 *     their txn's zxid, reads and syncs the serving server's lastProcessedZxid), and a read's data is never
 *     newer than the state it claims (stat.mzxid ≤ reply zxid).
 * (c) Sequential nodes: names handed out under one parent are unique, and a sequential create that was
 *     called after another one returned got a larger suffix.
 *
 * Also reported (not failures): stale reads — a read whose reply zxid is below the zxid of a write that
 * had already been acknowledged (to anyone) before the read was called.
 */
import type { LinearizabilityResult, Model, Operation } from './linearizability';
import { checkLinearizable } from './linearizability';

/** A client call as the harness saw it: what was asked, when, and what came back. */
export interface ZkHistoryOp {
  client: string;
  /** Session generation of the client (changes when the client starts a new session). */
  session: number;
  /** Instants on one total order (trace sequence numbers). */
  call: number;
  /** Infinity when no reply came. */
  ret: number;
  request: { op: string; path?: string; data?: string | null; version?: number; mode?: string; ops?: unknown[] };
  reply?: { rc: string; zxid?: number; data?: string | null; stat?: { version: number; mzxid: number }; children?: string[]; path?: string; results?: Array<{ rc: string; stat?: { version: number }; path?: string }> };
}

/** Reply codes that say exactly what the op did. Anything else leaves it indeterminate. */
const DEFINITE = new Set(['OK', 'NoNode', 'NodeExists', 'BadVersion', 'NotEmpty']);

export function isDefinite(op: ZkHistoryOp): boolean {
  return !!op.reply && DEFINITE.has(op.reply.rc);
}

// ---- models --------------------------------------------------------------------------------------

export type ZnodeState = { data: string | null; version: number } | null;
export type ZnodeInput =
  | { t: 'create'; data: string | null }
  | { t: 'set'; data: string | null; version: number }
  | { t: 'delete'; version: number }
  | { t: 'get' }
  | { t: 'exists' };
export interface ZnodeOutput {
  rc: string;
  data?: string | null;
  version?: number;
}

/** One znode without children: absent, or data and dataVersion. */
export const znodeModel: Model<ZnodeState, ZnodeInput, ZnodeOutput> = {
  init: () => null,
  key: (s) => (s ? `${s.version}:${JSON.stringify(s.data)}` : '-'),
  step(s, input, out) {
    const expect = (rc: string, next: ZnodeState, extra?: (o: ZnodeOutput) => boolean): ZnodeState | undefined => {
      if (!out) return next;
      if (out.rc !== rc) return undefined;
      if (extra && !extra(out)) return undefined;
      return next;
    };
    switch (input.t) {
      case 'create':
        return s ? expect('NodeExists', s) : expect('OK', { data: input.data, version: 0 });
      case 'set': {
        if (!s) return expect('NoNode', s);
        if (input.version !== -1 && input.version !== s.version) return expect('BadVersion', s);
        const next = { data: input.data, version: s.version + 1 };
        return expect('OK', next, (o) => o.version === undefined || o.version === next.version);
      }
      case 'delete':
        if (!s) return expect('NoNode', s);
        if (input.version !== -1 && input.version !== s.version) return expect('BadVersion', s);
        return expect('OK', null);
      case 'get':
      case 'exists':
        if (!s) return expect('NoNode', s);
        return expect('OK', s, (o) => (o.version === undefined || o.version === s.version) && (input.t === 'exists' || o.data === s.data));
    }
  },
};

export type ChildrenInput = { t: 'add'; name: string } | { t: 'remove'; name: string } | { t: 'list' };
export interface ChildrenOutput {
  rc: string;
  children?: string[];
}

/**
 * The set of children names of one parent (creates and deletes of its children, getChildren). An
 * indeterminate delete is applied or not as WGL chooses (a conditional one may have failed its version
 * check: leaving it out covers that).
 */
export const childrenModel: Model<string[], ChildrenInput, ChildrenOutput> = {
  init: () => [],
  key: (s) => s.join('/'),
  step(s, input, out) {
    const has = (n: string): boolean => s.includes(n);
    switch (input.t) {
      case 'add':
        if (has(input.name)) return !out || out.rc === 'NodeExists' ? s : undefined;
        return !out || out.rc === 'OK' ? [...s, input.name].sort() : undefined;
      case 'remove':
        if (!has(input.name)) return !out || out.rc === 'NoNode' ? s : undefined;
        // a conditional delete that lost its version check (or hit children): still there, unchanged
        if (out && (out.rc === 'BadVersion' || out.rc === 'NotEmpty')) return s;
        return !out || out.rc === 'OK' ? s.filter((x) => x !== input.name) : undefined;
      case 'list':
        if (!out) return s;
        return out.rc === 'OK' && out.children !== undefined && out.children.slice().sort().join('/') === s.join('/') ? s : undefined;
    }
  },
};

// ---- projection ----------------------------------------------------------------------------------

type KeyOp = Operation<ZnodeInput | ChildrenInput, ZnodeOutput | ChildrenOutput> & { src: number; read: boolean };

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

interface SubOp {
  op: string;
  path?: string;
  data?: string | null;
  version?: number;
  mode?: string;
}

function label(op: ZkHistoryOp): string {
  const r = op.request;
  const args = [r.path ?? '', r.data !== undefined ? JSON.stringify(r.data) : '', r.version !== undefined && r.version !== -1 ? `v${r.version}` : '']
    .filter(Boolean)
    .join(' ');
  const rep = op.reply ? `${op.reply.rc}${op.reply.stat ? ` v${op.reply.stat.version}` : ''}${op.reply.data !== undefined ? ` ${JSON.stringify(op.reply.data)}` : ''}${op.reply.children ? ` [${op.reply.children.join(',')}]` : ''}` : 'no reply';
  return `${op.client}#${op.session} ${r.op}${r.op === 'multi' ? `(${(r.ops as SubOp[] | undefined)?.map((s) => `${s.op} ${s.path ?? ''}`).join('; ') ?? ''})` : ''} ${args} → ${rep} [${op.call}..${op.ret === Infinity ? '?' : op.ret}]`;
}

/**
 * Splits a history into per-key WGL histories. `isKey(path)`: the znodes checked as registers (persistent
 * leaves); their parents get a children-set history.
 */
export function projectZkHistory(history: readonly ZkHistoryOp[], isKey: (path: string) => boolean): Map<string, KeyOp[]> {
  const out = new Map<string, KeyOp[]>();
  // last determinate op index per (session, key), for reads' `after`
  const lastSeen = new Map<string, number>();
  const keyParents = new Set<string>();
  for (const h of history) {
    const paths = [h.request.path, ...((h.request.ops ?? []) as SubOp[]).map((s) => s.path)];
    for (const p of paths) if (p && isKey(p)) keyParents.add(parentOf(p));
  }
  const order = history.map((_, i) => i).sort((a, b) => (history[a] as ZkHistoryOp).call - (history[b] as ZkHistoryOp).call);
  const push = (key: string, src: number, input: ZnodeInput | ChildrenInput, output: ZnodeOutput | ChildrenOutput | undefined, read: boolean): void => {
    const h = history[src] as ZkHistoryOp;
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    const sk = `${h.client}#${h.session}|${key}`;
    const prev = lastSeen.get(sk);
    const op: KeyOp = {
      call: read ? -Infinity : h.call,
      ret: output === undefined ? Infinity : h.ret,
      input,
      src,
      read,
      label: label(h),
      ...(output !== undefined ? { output } : {}),
    };
    if (read && prev !== undefined) op.after = [prev];
    list.push(op);
    if (output !== undefined) lastSeen.set(sk, list.length - 1);
  };
  const writeSub = (src: number, s: SubOp, rc: string | undefined, version: number | undefined): void => {
    const path = s.path ?? '';
    const parent = parentOf(path);
    const out1 = rc === undefined ? undefined : { rc, ...(version !== undefined ? { version } : {}) };
    if (s.op === 'create' && isKey(path) && (s.mode ?? 'PERSISTENT') === 'PERSISTENT') {
      push(path, src, { t: 'create', data: s.data ?? null }, out1, false);
      push(parent, src, { t: 'add', name: nameOf(path) }, rc === undefined ? undefined : { rc }, false);
    } else if (s.op === 'setData' && isKey(path)) {
      push(path, src, { t: 'set', data: s.data ?? null, version: s.version ?? -1 }, out1, false);
    } else if (s.op === 'delete' && isKey(path)) {
      push(path, src, { t: 'delete', version: s.version ?? -1 }, rc === undefined ? undefined : { rc }, false);
      push(parent, src, { t: 'remove', name: nameOf(path) }, rc === undefined ? undefined : { rc }, false);
    }
  };
  for (const i of order) {
    const h = history[i] as ZkHistoryOp;
    const r = h.request;
    // a create / getChildren answered NoNode because a *parent* is missing says nothing about the keys
    // (the harness creates the parents first and never deletes them)
    const parentMissing = h.reply?.rc === 'NoNode' && (r.op === 'create' || r.op === 'getChildren');
    if (parentMissing) continue;
    const definite = isDefinite(h);
    const rc = definite ? h.reply?.rc : undefined;
    const path = r.path ?? '';
    switch (r.op) {
      case 'create':
      case 'setData':
      case 'delete':
        writeSub(i, r as SubOp, rc, h.reply?.stat?.version);
        break;
      case 'multi': {
        const ops = (r.ops ?? []) as SubOp[];
        // multi [check p v, setData p d -1] is a compare-and-set on p
        const cas = ops.length === 2 && ops[0]?.op === 'check' && ops[1]?.op === 'setData' && ops[0].path === ops[1].path;
        if (cas) {
          const p = ops[0]?.path ?? '';
          if (isKey(p)) {
            const version = rc === 'OK' ? h.reply?.results?.[1]?.stat?.version : undefined;
            push(p, i, { t: 'set', data: ops[1]?.data ?? null, version: ops[0]?.version ?? -1 }, rc === undefined ? undefined : { rc, ...(version !== undefined ? { version } : {}) }, false);
          }
          break;
        }
        if (rc === undefined) for (const s of ops) writeSub(i, s, undefined, undefined);
        else if (rc === 'OK') ops.forEach((s, k) => writeSub(i, s, 'OK', h.reply?.results?.[k]?.stat?.version));
        else {
          const k = h.reply?.results?.findIndex((x) => x.rc !== 'OK' && x.rc !== 'RuntimeInconsistency') ?? -1;
          const s = k >= 0 ? ops[k] : undefined;
          const subRc = h.reply?.results?.[k]?.rc;
          if (s && s.op !== 'check' && !(s.op === 'create' && subRc === 'NoNode')) writeSub(i, s, subRc, undefined);
        }
        break;
      }
      case 'getData':
      case 'exists':
        if (definite && isKey(path)) {
          const rep = h.reply as NonNullable<ZkHistoryOp['reply']>;
          const o: ZnodeOutput = { rc: rep.rc };
          if (rep.stat) o.version = rep.stat.version;
          if (r.op === 'getData' && rep.rc === 'OK') o.data = rep.data ?? null;
          push(path, i, { t: r.op === 'getData' ? 'get' : 'exists' }, o, true);
        }
        break;
      case 'getChildren':
        if (definite && keyParents.has(path)) {
          push(path, i, { t: 'list' }, { rc: h.reply?.rc ?? 'OK', children: h.reply?.children ?? [] }, true);
        }
        break;
      default:
        break;
    }
  }
  return out;
}

export interface ZkCheckReport {
  ok: boolean;
  /** One line per problem. */
  problems: string[];
  keys: number;
  ops: number;
  /** Keys where the linearizability search gave up. */
  unknownKeys: string[];
  staleReads: number;
  linearizability: Array<{ key: string; result: LinearizabilityResult }>;
}

export interface ZkCheckOptions {
  isKey?: (path: string) => boolean;
  /** Search budget per key (see CheckOptions); past it the key is reported as unknown, not as a failure. */
  maxStates?: number;
  maxWork?: number;
}

export function checkZkHistory(history: readonly ZkHistoryOp[], opts: ZkCheckOptions = {}): ZkCheckReport {
  const isKey = opts.isKey ?? ((p: string) => /^\/fz\/k\d+$/.test(p));
  const problems: string[] = [];
  const unknownKeys: string[] = [];
  const lin: ZkCheckReport['linearizability'] = [];
  // (a)
  const perKey = projectZkHistory(history, isKey);
  let ops = 0;
  for (const [key, h] of perKey) {
    ops += h.length;
    const model = (isKey(key) ? znodeModel : childrenModel) as Model<unknown, ZnodeInput | ChildrenInput, ZnodeOutput | ChildrenOutput>;
    const r = checkLinearizable(model, h, { maxStates: opts.maxStates ?? 200_000, maxWork: opts.maxWork ?? 50_000_000 });
    if (r.ok === false) {
      problems.push(`linearizability of ${key}: ${r.message}`);
      lin.push({ key, result: r });
    } else if (r.ok === 'unknown') unknownKeys.push(key);
  }
  // (b) per-session zxid order
  const bySession = new Map<string, ZkHistoryOp[]>();
  for (const h of history) {
    const k = `${h.client}#${h.session}`;
    let l = bySession.get(k);
    if (!l) bySession.set(k, (l = []));
    l.push(h);
  }
  for (const [s, list] of bySession) {
    list.sort((a, b) => a.call - b.call);
    let seen = 0;
    let seenBy = '';
    for (const h of list) {
      if (!isDefinite(h) && !(h.reply?.rc === 'OK')) continue;
      const z = h.reply?.zxid;
      if (typeof z !== 'number' || z <= 0) continue;
      if (z < seen) problems.push(`session order: ${s} saw zxid 0x${z.toString(16)} in ${label(h)} after 0x${seen.toString(16)} in ${seenBy}`);
      const m = h.reply?.stat?.mzxid;
      if ((h.request.op === 'getData' || h.request.op === 'exists') && typeof m === 'number' && m > z) {
        problems.push(`session order: ${label(h)} shows data of 0x${m.toString(16)} from a server at 0x${z.toString(16)}`);
      }
      if (z > seen) {
        seen = z;
        seenBy = label(h);
      }
    }
  }
  // (c) sequential names
  const seqs = history
    .filter((h) => h.request.op === 'create' && String(h.request.mode ?? '').includes('SEQUENTIAL') && h.reply?.rc === 'OK' && typeof h.reply.path === 'string')
    .sort((a, b) => a.ret - b.ret);
  const names = new Map<string, ZkHistoryOp>();
  for (const h of seqs) {
    const p = h.reply?.path as string;
    const prev = names.get(p);
    if (prev) problems.push(`sequential: ${p} handed out twice (${label(prev)} and ${label(h)})`);
    names.set(p, h);
  }
  for (const a of seqs)
    for (const b of seqs) {
      if (a === b || a.ret >= b.call) continue;
      const pa = a.reply?.path as string;
      const pb = b.reply?.path as string;
      if (parentOf(pa) !== parentOf(pb)) continue;
      const sa = Number(pa.slice(-10));
      const sb = Number(pb.slice(-10));
      if (sb <= sa) problems.push(`sequential: ${pb} (called after ${pa} returned) has a smaller suffix`);
    }
  // stale reads (reported, allowed)
  let staleReads = 0;
  const acked = history
    .filter((h) => ['create', 'setData', 'delete', 'multi'].includes(h.request.op) && h.reply?.rc === 'OK' && typeof h.reply.zxid === 'number')
    .map((h) => ({ ret: h.ret, zxid: h.reply?.zxid as number }))
    .sort((a, b) => a.ret - b.ret);
  for (const h of history) {
    if (!['getData', 'exists', 'getChildren'].includes(h.request.op) || !isDefinite(h)) continue;
    const z = h.reply?.zxid ?? 0;
    let maxBefore = 0;
    for (const a of acked) {
      if (a.ret >= h.call) break;
      if (a.zxid > maxBefore) maxBefore = a.zxid;
    }
    if (z < maxBefore) staleReads++;
  }
  return { ok: problems.length === 0, problems, keys: perKey.size, ops, unknownKeys, staleReads, linearizability: lin };
}

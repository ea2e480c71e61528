/**
 * A small linearizability checker in the style of Knossos / Porcupine: the Wing–Gong–Lowe search (WGL)
 * with memoisation of (set of linearized ops, model state), generic over a sequential model.
 *
 * A history is a list of operations, each with a call instant and a return instant on one totally ordered
 * clock (the harness uses trace sequence numbers, so "returned before called" is never ambiguous).
 *
 * - An op with a known output (`output !== undefined`) must be linearized: placed at one point between its
 *   call and its return, and the model must produce exactly that output there.
 * - An *indeterminate* op (Jepsen's `:info`, e.g. ZooKeeper's ConnectionLoss) has `ret = Infinity` and no
 *   output: it may take effect at any point after its call, or never. The model applies it as it would
 *   any op whose result nobody saw.
 * - `after` lists ops that must be linearized before this one (whatever the clock says). The ZooKeeper
 *   checker uses it with `call = -Infinity` to express reads that may be stale but follow their session.
 *
 * Real-time rule: an op `o` may be linearized next only if no not-yet-linearized op returned before `o`
 * was called (`p.ret < o.call`), and all of `o.after` are linearized.
 *
 * P-compositionality (Porcupine, jepsen.independent): `checkPartitioned` checks each key's sub-history on
 * its own, which is sound when every op touches one key (or is projected per key, see the zk checker).
 */

/** A deterministic sequential specification. */
export interface Model<S, I, O> {
  init(): S;
  /**
   * The state after `input` is applied to `state` and returns `output`, or undefined when that output is
   * impossible in that state. `output === undefined`: the result is unknown; return the state the op
   * leaves (unchanged if it would fail).
   */
  step(state: S, input: I, output: O | undefined): S | undefined;
  /** A canonical string for memoisation: equal states give equal keys. */
  key(state: S): string;
}

export interface Operation<I, O> {
  call: number;
  /** Infinity when the op never returned (or returned an indeterminate result). */
  ret: number;
  input: I;
  /** undefined = indeterminate: may or may not have happened. */
  output?: O;
  /** Indices (in the same history) of ops that must be linearized before this one. */
  after?: readonly number[];
  /** Free text for reports (e.g. `client2 set /k1 c2:7 → OK v3`). */
  label?: string;
}

export type LinearizabilityResult =
  | { ok: true; order: number[]; explored: number }
  | {
      ok: false;
      /** The longest prefix of ops that could be linearized (indices). */
      longest: number[];
      /** Ops that had to come next at that point but none of them could be linearized (indices). */
      stuck: number[];
      explored: number;
      message: string;
    }
  | { ok: 'unknown'; explored: number; message: string };

export interface CheckOptions {
  /** Most search states explored before giving up with `unknown` (default 2 000 000). */
  maxStates?: number;
  /** Most elementary steps (op scans) before giving up with `unknown` (default 200 000 000): bounds the time a long history can take. */
  maxWork?: number;
}

export function checkLinearizable<S, I, O>(model: Model<S, I, O>, history: readonly Operation<I, O>[], opts: CheckOptions = {}): LinearizabilityResult {
  const maxStates = opts.maxStates ?? 2_000_000;
  const maxWork = opts.maxWork ?? 200_000_000;
  let work = 0;
  const n = history.length;
  // ops in call order: the candidates are tried earliest-called first
  const byCall = history.map((_, i) => i).sort((a, b) => (history[a] as Operation<I, O>).call - (history[b] as Operation<I, O>).call || a - b);
  const done = new Uint8Array(n);
  const words = new Uint32Array(Math.ceil(n / 32) || 1);
  let mustLeft = 0;
  for (const op of history) if (op.output !== undefined) mustLeft++;
  for (const op of history) {
    if (op.output === undefined && op.ret !== Infinity) throw new Error('an indeterminate op must have ret = Infinity');
    for (const a of op.after ?? []) if (a < 0 || a >= n) throw new Error(`after refers to op ${a}, which is not in the history`);
  }
  const seen = new Set<string>();
  const order: number[] = [];
  let longest: number[] = [];
  let stuckAtLongest: number[] = [];
  let explored = 0;
  let exhausted = false;

  const minRet = (): number => {
    let m = Infinity;
    for (let i = 0; i < n; i++) if (!done[i]) m = Math.min(m, (history[i] as Operation<I, O>).ret);
    return m;
  };

  const candidates = (): number[] => {
    const bound = minRet();
    const out: number[] = [];
    for (const i of byCall) {
      if (done[i]) continue;
      const op = history[i] as Operation<I, O>;
      // sorted by call: once an op was called after (or when) some pending op returned, so were the rest
      if (op.call >= bound) break;
      if (op.after && op.after.some((a) => !done[a])) continue;
      out.push(i);
    }
    return out;
  };

  const memoKey = (s: S): string => `${Array.from(words).join(',')}|${model.key(s)}`;

  const search = (state: S): boolean => {
    if (mustLeft === 0) return true;
    work += n;
    if (explored >= maxStates || work >= maxWork) {
      exhausted = true;
      return false;
    }
    const k = memoKey(state);
    if (seen.has(k)) return false;
    seen.add(k);
    explored++;
    const cands = candidates();
    for (const i of cands) {
      const op = history[i] as Operation<I, O>;
      const next = model.step(state, op.input, op.output);
      if (next === undefined) continue;
      done[i] = 1;
      words[i >>> 5] = (words[i >>> 5] as number) | (1 << (i & 31));
      if (op.output !== undefined) mustLeft--;
      order.push(i);
      if (order.length > longest.length) longest = order.slice();
      if (search(next)) return true;
      order.pop();
      if (op.output !== undefined) mustLeft++;
      done[i] = 0;
      words[i >>> 5] = (words[i >>> 5] as number) & ~(1 << (i & 31));
      if (exhausted) return false;
    }
    if (order.length === longest.length && stuckAtLongest.length === 0) {
      // the ops that were due at the deepest point and could not go next
      stuckAtLongest = cands.filter((i) => (history[i] as Operation<I, O>).output !== undefined);
    }
    return false;
  };

  const ok = search(model.init());
  if (ok) return { ok: true, order: order.slice(), explored };
  if (exhausted) return { ok: 'unknown', explored, message: `gave up after ${explored} search states` };
  const stuck = stuckAtLongest.length ? stuckAtLongest : firstUnplaced(history, longest);
  const labels = stuck.slice(0, 3).map((i) => history[i]?.label ?? `op ${i}`);
  return {
    ok: false,
    longest,
    stuck,
    explored,
    message: `not linearizable: after ${longest.length} ops, none of ${labels.join('; ')} can take effect`,
  };
}

function firstUnplaced<I, O>(history: readonly Operation<I, O>[], placed: number[]): number[] {
  const set = new Set(placed);
  let best = -1;
  for (let i = 0; i < history.length; i++) {
    if (set.has(i) || history[i]?.output === undefined) continue;
    if (best < 0 || (history[i] as Operation<I, O>).ret < (history[best] as Operation<I, O>).ret) best = i;
  }
  return best >= 0 ? [best] : [];
}

export interface PartitionedResult<I, O> {
  ok: boolean | 'unknown';
  /** Per key: its result (only failures and unknowns are kept when `keepPassing` is false). */
  failures: Array<{ key: string; result: LinearizabilityResult; history: readonly Operation<I, O>[] }>;
  unknown: string[];
  keys: number;
  ops: number;
}

/** Checks every key's sub-history independently (each with its own model). */
export function checkPartitioned<I, O>(
  modelFor: (key: string) => Model<unknown, I, O>,
  histories: ReadonlyMap<string, readonly Operation<I, O>[]>,
  opts: CheckOptions = {},
): PartitionedResult<I, O> {
  const failures: PartitionedResult<I, O>['failures'] = [];
  const unknown: string[] = [];
  let ops = 0;
  for (const [key, h] of histories) {
    ops += h.length;
    const r = checkLinearizable(modelFor(key), h, opts);
    if (r.ok === false) failures.push({ key, result: r, history: h });
    else if (r.ok === 'unknown') unknown.push(key);
  }
  return { ok: failures.length ? false : unknown.length ? 'unknown' : true, failures, unknown, keys: histories.size, ops };
}

// ---- ready-made models ---------------------------------------------------------------------------

export type RegisterInput = { f: 'read' } | { f: 'write'; value: number } | { f: 'cas'; from: number; to: number };
export type RegisterOutput = { value?: number; ok?: boolean };

/** A read/write/compare-and-set register (Knossos' cas-register), initially 0. */
export const casRegister: Model<number, RegisterInput, RegisterOutput> = {
  init: () => 0,
  step(state, input, output) {
    switch (input.f) {
      case 'read':
        if (output === undefined) return state;
        return output.value === state ? state : undefined;
      case 'write':
        return input.value;
      case 'cas': {
        const applies = state === input.from;
        if (output === undefined) return applies ? input.to : state;
        if (output.ok !== applies) return undefined;
        return applies ? input.to : state;
      }
    }
  },
  key: (s) => String(s),
};

/**
 * Checkpoints with structural sharing. A machine's context is plain JSON data that its handlers mutate in
 * place, and a checkpoint must not change when they do: so a checkpoint holds a copy. Copying the whole state
 * at every checkpoint costs memory and time in proportion to the state (the logs, the trees), though between
 * two checkpoints most of it did not change. `SharingCloner` remembers, for every live object it copied, the
 * copy it made; at the next checkpoint an object whose own values are still the same (primitives equal,
 * children whose copies are reused) gets its previous copy back instead of a new one. Successive checkpoints
 * then share every unchanged subtree (a log's old records, untouched znodes), and only what changed is new.
 *
 * Copies are never mutated: checkpoints are read-only, and a restore deep-copies them again (cloneJson). The
 * walk still visits the whole live state (its time grows with the state); what it saves is the allocation and
 * the memory, so checkpoints can be many.
 */

interface Memo {
  copy: object;
  /** The live object's own keys, in order, when it was copied (undefined for arrays). */
  keys: string[] | undefined;
  /** Array length when copied. */
  length: number;
}

function sameKeys(a: string[], b: string[] | undefined): boolean {
  if (!b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class SharingCloner {
  private memo = new WeakMap<object, Memo>();
  /** Objects and arrays allocated by the last `copy` call (a measure of what the checkpoint added). */
  allocated = 0;

  /** A deep copy of `v` that reuses the copies made by earlier calls for every unchanged subtree. */
  copy<T>(v: T): T {
    this.allocated = 0;
    return this.walk(v) as T;
  }

  private walk(v: unknown): unknown {
    if (v === null || typeof v !== 'object') return v;
    const m = this.memo.get(v);
    if (Array.isArray(v)) {
      const n = v.length;
      const prev = m && m.keys === undefined && m.length === n ? (m.copy as unknown[]) : undefined;
      let out: unknown[] | undefined = prev ? undefined : new Array<unknown>(n);
      for (let i = 0; i < n; i++) {
        const c = this.walk(v[i]);
        if (out) out[i] = c;
        else if ((prev as unknown[])[i] !== c) {
          out = (prev as unknown[]).slice(0, i);
          out.length = n;
          out[i] = c;
        }
      }
      if (!out) return prev;
      this.allocated++;
      this.memo.set(v, { copy: out, keys: undefined, length: n });
      return out;
    }
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    const n = keys.length;
    const prev = m && sameKeys(keys, m.keys) ? (m.copy as Record<string, unknown>) : undefined;
    let out: Record<string, unknown> | undefined = prev ? undefined : {};
    for (let i = 0; i < n; i++) {
      const k = keys[i] as string;
      const c = this.walk(o[k]);
      if (out) out[k] = c;
      else if ((prev as Record<string, unknown>)[k] !== c) {
        out = {};
        for (let j = 0; j < i; j++) out[keys[j] as string] = (prev as Record<string, unknown>)[keys[j] as string];
        out[k] = c;
      }
    }
    if (!out) return prev;
    this.allocated++;
    this.memo.set(v, { copy: out, keys, length: 0 });
    return out;
  }
}

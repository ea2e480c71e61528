/**
 * Seeded random streams. One world seed; every named stream (network, node timeouts, workload, faults)
 * is derived from (seed, name) by hashing, so adding a stream never shifts another. Each stream's state is
 * four uint32 words (sfc32) that can be saved and restored.
 */

/** 32-bit string hash (cyrb53's mixing, low word) used to derive stream seeds. */
export function hashString32(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h1 ^ h2) >>> 0;
}

export type RngState = [number, number, number, number];

/** A small, fast, seedable generator (sfc32) whose whole state is four numbers. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(state: RngState) {
    [this.a, this.b, this.c, this.d] = state;
  }

  static fromSeed(seed: number, name: string): Rng {
    const s = seed >>> 0;
    const rng = new Rng([
      hashString32(name, s),
      hashString32(name, s ^ 0x9e3779b9),
      hashString32(name, s ^ 0x85ebca6b),
      hashString32(name, s ^ 0xc2b2ae35) | 1,
    ]);
    for (let i = 0; i < 12; i++) rng.nextUint32();
    return rng;
  }

  getState(): RngState {
    return [this.a, this.b, this.c, this.d];
  }

  setState(state: RngState): void {
    [this.a, this.b, this.c, this.d] = state;
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    if (!(n > 0)) return 0;
    return Math.floor(this.next() * n);
  }

  /** True with probability p. Draws nothing when p is 0 or 1, so turning a fault off keeps other draws stable. */
  chance(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.next() < p;
  }

  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Approximately normal: Irwin–Hall sum of 4 uniforms (no transcendental functions, identical everywhere). */
  normal(mean: number, sd: number): number {
    const s = this.next() + this.next() + this.next() + this.next();
    // sum of 4 U(0,1): mean 2, variance 4/12
    return mean + sd * (s - 2) * 1.7320508075688772;
  }

  /** Exponential with the given mean, by inversion. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  pick<T>(items: readonly T[]): T | undefined {
    return items.length === 0 ? undefined : items[this.int(items.length)];
  }

  /** Fisher–Yates shuffle of a copy. */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }
}

/** All named streams of one world, created on first use, saved and restored together. */
export class RngStreams {
  private readonly streams = new Map<string, Rng>();

  constructor(readonly seed: number) {}

  get(name: string): Rng {
    let rng = this.streams.get(name);
    if (!rng) {
      rng = Rng.fromSeed(this.seed, name);
      this.streams.set(name, rng);
    }
    return rng;
  }

  save(): Record<string, RngState> {
    const out: Record<string, RngState> = {};
    for (const name of [...this.streams.keys()].sort()) out[name] = (this.streams.get(name) as Rng).getState();
    return out;
  }

  restore(states: Record<string, RngState>): void {
    this.streams.clear();
    for (const [name, state] of Object.entries(states)) this.streams.set(name, new Rng(state));
  }
}

/**
 * The network: per-link latency, loss, duplication and ordering, and partitions kept as one directed
 * relation "who does not hear whom". Halves, isolate-one, bridge, majorities-ring and one-way cuts all
 * compile to that relation. Machines never see any of this: they ask to send, the kernel asks the network
 * for a delivery plan, and the network keeps per-link counters.
 */
import type { DropCause, LatencyDistribution, LinkConfig, LinkCounters } from './types';
import type { Rng } from './rng';

/** A LAN: about 1 ms one way, small jitter, FIFO like TCP. */
export const DEFAULT_LINK: LinkConfig = {
  latency: { kind: 'normal', meanMs: 1, sdMs: 0.25, minMs: 0.3 },
  extraDelayMs: 0,
  jitterMs: 0,
  loss: 0,
  duplicate: 0,
  fifo: true,
};

export function linkKey(from: string, to: string): string {
  return `${from}>${to}`;
}

export interface DeliveryPlan {
  deliverAt: number;
  /** The message will be dropped on arrival because of random loss. */
  lost: boolean;
  /** When duplicated: the second copy's delivery time. */
  duplicateAt?: number;
}

export interface NetworkState {
  defaults: LinkConfig;
  overrides: Record<string, Partial<LinkConfig>>;
  blocked: string[];
  counters: Record<string, LinkCounters>;
  lastDeliverAt: Record<string, number>;
}

function roundUs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

export function sampleLatency(dist: LatencyDistribution, rng: Rng): number {
  switch (dist.kind) {
    case 'constant':
      return dist.ms;
    case 'uniform':
      return rng.uniform(dist.minMs, dist.maxMs);
    case 'normal':
      return Math.max(dist.minMs, rng.normal(dist.meanMs, dist.sdMs));
    case 'exponential':
      return dist.minMs + rng.exponential(Math.max(0, dist.meanMs - dist.minMs));
  }
}

function newCounters(): LinkCounters {
  return { sent: 0, delivered: 0, duplicated: 0, dropped: { partition: 0, loss: 0, down: 0 } };
}

export class Network {
  defaults: LinkConfig;
  private overrides: Record<string, Partial<LinkConfig>> = {};
  private blocked = new Set<string>();
  private counters: Record<string, LinkCounters> = {};
  private lastDeliverAt: Record<string, number> = {};

  constructor(defaults: Partial<LinkConfig> = {}) {
    this.defaults = { ...DEFAULT_LINK, ...defaults };
  }

  config(from: string, to: string): LinkConfig {
    const o = this.overrides[linkKey(from, to)];
    return o ? { ...this.defaults, ...o } : this.defaults;
  }

  setDefaults(patch: Partial<LinkConfig>): void {
    this.defaults = { ...this.defaults, ...patch };
  }

  setLink(from: string, to: string, patch: Partial<LinkConfig>): void {
    const key = linkKey(from, to);
    this.overrides[key] = { ...this.overrides[key], ...patch };
  }

  /** Decides when (and whether) a message sent now on from→to arrives. */
  plan(from: string, to: string, now: number, rng: Rng): DeliveryPlan {
    const cfg = this.config(from, to);
    const key = linkKey(from, to);
    const one = (): number => {
      let d = sampleLatency(cfg.latency, rng) + cfg.extraDelayMs;
      if (cfg.jitterMs > 0) d += rng.uniform(0, cfg.jitterMs);
      return roundUs(now + d);
    };
    let deliverAt = one();
    if (cfg.fifo) {
      const last = this.lastDeliverAt[key] ?? 0;
      if (deliverAt < last) deliverAt = last;
      this.lastDeliverAt[key] = deliverAt;
    }
    const lost = rng.chance(cfg.loss);
    const plan: DeliveryPlan = { deliverAt, lost };
    if (!lost && rng.chance(cfg.duplicate)) {
      let dup = one();
      if (cfg.fifo && dup < deliverAt) dup = deliverAt;
      plan.duplicateAt = dup;
      if (cfg.fifo) this.lastDeliverAt[key] = Math.max(this.lastDeliverAt[key] ?? 0, dup);
    }
    return plan;
  }

  // ---- the partition relation ----------------------------------------------------------------

  /** True when `to` does not hear `from`. */
  isBlocked(from: string, to: string): boolean {
    return this.blocked.size > 0 && this.blocked.has(linkKey(from, to));
  }

  /** `to` stops hearing `from` (one way). */
  cut(from: string, to: string): void {
    if (from !== to) this.blocked.add(linkKey(from, to));
  }

  /** Both directions. */
  cutBoth(a: string, b: string): void {
    this.cut(a, b);
    this.cut(b, a);
  }

  uncut(from: string, to: string): void {
    this.blocked.delete(linkKey(from, to));
  }

  /** Nodes in different groups stop hearing each other. Nodes in no group are left alone. */
  partition(groups: string[][]): void {
    for (let i = 0; i < groups.length; i++) {
      for (let j = 0; j < groups.length; j++) {
        if (i === j) continue;
        for (const a of groups[i] ?? []) for (const b of groups[j] ?? []) this.cut(a, b);
      }
    }
  }

  /** Cuts `node` off from every other node in `among` (both ways). */
  isolate(node: string, among: readonly string[]): void {
    for (const other of among) if (other !== node) this.cutBoth(node, other);
  }

  /** Two halves, plus one bridge node that hears and is heard by both. */
  bridge(left: string[], right: string[], bridgeNode: string): void {
    this.partition([left.filter((n) => n !== bridgeNode), right.filter((n) => n !== bridgeNode)]);
  }

  /**
   * Majorities ring (Jepsen): nodes on a circle, each hears itself and its ⌊n/2⌋ nearest neighbours, so
   * everyone sees a majority and no two nodes see the same one.
   */
  majoritiesRing(nodes: readonly string[]): void {
    const n = nodes.length;
    const reach = Math.floor(n / 2);
    const lo = Math.floor(reach / 2);
    const hi = reach - lo;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j) continue;
        const fwd = (j - i + n) % n;
        const visible = fwd <= hi || n - fwd <= lo;
        if (!visible) this.cut(nodes[j] as string, nodes[i] as string);
      }
    }
  }

  /** Clears every partition and cut. */
  healPartitions(): void {
    this.blocked.clear();
  }

  /** Clears partitions and every packet fault, back to the given defaults. */
  healAll(defaults: LinkConfig): void {
    this.blocked.clear();
    this.overrides = {};
    this.defaults = { ...defaults };
  }

  blockedPairs(): Array<[string, string]> {
    return [...this.blocked].sort().map((k) => k.split('>') as [string, string]);
  }

  // ---- counters ------------------------------------------------------------------------------

  private counter(from: string, to: string): LinkCounters {
    const key = linkKey(from, to);
    let c = this.counters[key];
    if (!c) {
      c = newCounters();
      this.counters[key] = c;
    }
    return c;
  }

  countSent(from: string, to: string): void {
    this.counter(from, to).sent++;
  }
  countDelivered(from: string, to: string): void {
    this.counter(from, to).delivered++;
  }
  countDuplicated(from: string, to: string): void {
    this.counter(from, to).duplicated++;
  }
  countDropped(from: string, to: string, cause: DropCause): void {
    this.counter(from, to).dropped[cause]++;
  }

  allCounters(): Record<string, LinkCounters> {
    return this.counters;
  }

  totals(): LinkCounters {
    const t = newCounters();
    for (const c of Object.values(this.counters)) {
      t.sent += c.sent;
      t.delivered += c.delivered;
      t.duplicated += c.duplicated;
      t.dropped.partition += c.dropped.partition;
      t.dropped.loss += c.dropped.loss;
      t.dropped.down += c.dropped.down;
    }
    return t;
  }

  overridesFor(): Record<string, Partial<LinkConfig>> {
    return this.overrides;
  }

  save(): NetworkState {
    return structuredClone({
      defaults: this.defaults,
      overrides: this.overrides,
      blocked: [...this.blocked].sort(),
      counters: this.counters,
      lastDeliverAt: this.lastDeliverAt,
    });
  }

  restore(state: NetworkState): void {
    const s = structuredClone(state);
    this.defaults = s.defaults;
    this.overrides = s.overrides;
    this.blocked = new Set(s.blocked);
    this.counters = s.counters;
    this.lastDeliverAt = s.lastDeliverAt;
  }
}

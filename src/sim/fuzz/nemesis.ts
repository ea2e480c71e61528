/**
 * The nemesis: which fault kinds a seed turns on, how often, and the faults themselves, all as recorded
 * Simulation actions (crash/restart, pause/resume, partitions of every shape, one-way cuts, loss, delay,
 * duplication, reordering, clock skew). Every fault it starts is also undone later (a restart, a resume,
 * a heal), so the safety phase sees many fault windows, not one long outage.
 */
import type { Action } from '../actions';
import type { Rng } from '../kernel/rng';

export const FAULT_KINDS = ['crash', 'pause', 'halves', 'isolate', 'bridge', 'ring', 'cut', 'clientCut', 'clientIsolate', 'loss', 'delay', 'slowLink', 'dup', 'reorder', 'skew'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export type NemesisParams = {
  /** Kinds switched on for this seed (swarm testing: a random subset, so faults do not mask each other). */
  kinds: FaultKind[];
  /** Mean simulated ms between fault starts. */
  meanGapMs: number;
  /** Mean simulated ms a fault lasts before it is undone. */
  meanDurationMs: number;
};

export function chooseNemesis(rng: Rng): NemesisParams {
  let kinds = FAULT_KINDS.filter(() => rng.chance(0.45));
  if (rng.chance(0.05)) kinds = [];
  else if (kinds.length === 0) kinds = [FAULT_KINDS[rng.int(FAULT_KINDS.length)] as FaultKind];
  return {
    kinds,
    meanGapMs: [1000, 3000, 8000, 15000][rng.int(4)] as number,
    meanDurationMs: [1000, 5000, 15000, 40000][rng.int(4)] as number,
  };
}

export interface Scheduled {
  at: number;
  action: Action;
  /** The fault this action undoes (set by the harness). */
  fault?: number;
}

/** Starts one fault now; returns the actions to apply now and the ones that undo it later. */
export function nextFault(rng: Rng, p: NemesisParams, now: number, servers: string[], clients: string[], down: ReadonlySet<string>): { now: Action[]; later: Scheduled[] } {
  if (p.kinds.length === 0 || servers.length === 0) return { now: [], later: [] };
  const kind = p.kinds[rng.int(p.kinds.length)] as FaultKind;
  const until = now + Math.max(200, Math.round(rng.exponential(p.meanDurationMs)));
  const pick = (list: string[]): string => list[rng.int(list.length)] as string;
  const shuffled = rng.shuffle(servers);
  const splitClients = (a: string[], b: string[]): [string[], string[]] => {
    const l = a.slice();
    const r = b.slice();
    for (const c of clients) (rng.chance(0.5) ? l : r).push(c);
    return [l, r];
  };
  switch (kind) {
    case 'crash': {
      const up = servers.filter((s) => !down.has(s));
      if (!up.length) return { now: [], later: [] };
      const node = pick(up);
      return { now: [{ type: 'crash', node }], later: [{ at: until, action: { type: 'restart', node } }] };
    }
    case 'pause': {
      const up = servers.filter((s) => !down.has(s));
      if (!up.length) return { now: [], later: [] };
      const node = pick(up);
      return { now: [{ type: 'pause', node }], later: [{ at: until, action: { type: 'resume', node } }] };
    }
    case 'halves': {
      if (servers.length < 2) return { now: [], later: [] };
      const cut = 1 + rng.int(servers.length - 1);
      const [l, r] = splitClients(shuffled.slice(0, cut), shuffled.slice(cut));
      return { now: [{ type: 'partition', groups: [l, r] }], later: [{ at: until, action: { type: 'heal' } }] };
    }
    case 'isolate':
      return { now: [{ type: 'isolate', node: pick(servers) }], later: [{ at: until, action: { type: 'heal' } }] };
    case 'bridge': {
      if (servers.length < 3) return { now: [], later: [] };
      const node = shuffled[0] as string;
      const rest = shuffled.slice(1);
      const cut = Math.ceil(rest.length / 2);
      const [l, r] = splitClients(rest.slice(0, cut), rest.slice(cut));
      return { now: [{ type: 'bridge', left: l, right: r, node }], later: [{ at: until, action: { type: 'heal' } }] };
    }
    case 'ring':
      if (servers.length < 3) return { now: [], later: [] };
      return { now: [{ type: 'ring', nodes: shuffled }], later: [{ at: until, action: { type: 'heal' } }] };
    case 'cut': {
      if (servers.length < 2) return { now: [], later: [] };
      return { now: [{ type: 'cut', from: shuffled[0] as string, to: shuffled[1] as string }], later: [{ at: until, action: { type: 'heal' } }] };
    }
    case 'clientCut': {
      if (!clients.length) return { now: [], later: [] };
      const c = pick(clients);
      const s = pick(servers);
      const oneWay = rng.chance(0.5);
      const acts: Action[] = [{ type: 'cut', from: s, to: c }];
      if (!oneWay) acts.push({ type: 'cut', from: c, to: s });
      return { now: acts, later: [{ at: until, action: { type: 'heal' } }] };
    }
    case 'clientIsolate': {
      // a client cut off from every server for long enough that its session may expire
      if (!clients.length) return { now: [], later: [] };
      const c = pick(clients);
      const acts: Action[] = servers.flatMap((s): Action[] => [
        { type: 'cut', from: s, to: c },
        { type: 'cut', from: c, to: s },
      ]);
      return { now: acts, later: [{ at: now + 10_000 + rng.int(35_000), action: { type: 'heal' } }] };
    }
    case 'loss':
      return { now: [{ type: 'loss', percent: [1, 5, 20, 50][rng.int(4)] as number }], later: [{ at: until, action: { type: 'loss', percent: 0 } }] };
    case 'delay':
      return {
        now: [{ type: 'delay', ms: [5, 50, 500, 3000][rng.int(4)] as number, jitterMs: rng.chance(0.5) ? 100 : 0 }],
        later: [{ at: until, action: { type: 'delay', ms: 0 } }],
      };
    case 'slowLink': {
      // one slow direction between two servers: a follower that lags behind the others (stale reads)
      if (servers.length < 2) return { now: [], later: [] };
      const [from, to] = [shuffled[0] as string, shuffled[1] as string];
      return { now: [{ type: 'delay', ms: [50, 300, 1500][rng.int(3)] as number, from, to }], later: [{ at: until, action: { type: 'delay', ms: 0, from, to } }] };
    }
    case 'dup':
      return { now: [{ type: 'dup', percent: [1, 10, 30][rng.int(3)] as number }], later: [{ at: until, action: { type: 'dup', percent: 0 } }] };
    case 'reorder':
      return { now: [{ type: 'reorder', on: true }], later: [{ at: until, action: { type: 'reorder', on: false } }] };
    case 'skew': {
      const node = pick(servers);
      const ms = (rng.chance(0.5) ? -1 : 1) * [100, 2000, 30000][rng.int(3)]!;
      return { now: [{ type: 'skew', node, ms }], later: [{ at: until, action: { type: 'skew', node, ms: 0 } }] };
    }
  }
}

/** Everything the liveness phase does first: heal the network, reset link faults and clocks, restart and resume. */
export function healAll(servers: string[], clients: string[], status: (id: string) => string, skew: (id: string) => number): Action[] {
  const out: Action[] = [{ type: 'heal' }, { type: 'reorder', on: false }];
  for (const id of [...servers, ...clients]) {
    if (skew(id) !== 0) out.push({ type: 'skew', node: id, ms: 0 });
    const st = status(id);
    if (st === 'crashed') out.push({ type: 'restart', node: id });
    else if (st === 'paused') out.push({ type: 'resume', node: id });
  }
  return out;
}

/**
 * The quorum explorer against the real simulated ensemble: for crashes and partitions it predicts which
 * side elects a leader and serves; the simulation must agree once the servers have noticed.
 */
import { describe, expect, it } from 'vitest';
import '../console/register';
import type { Action } from '../sim/actions';
import { Simulation } from '../sim/simulation';
import * as P from './probe';
import { analyzeQuorum } from './quorum';
import type { QuorumInput } from './quorum';

const id = (n: number): string => `zk${n}`;

const CASES: Array<{ name: string; input: QuorumInput }> = [
  { name: '3 servers, one down', input: { voters: 3, down: [3] } },
  { name: '3 servers, two down', input: { voters: 3, down: [1, 3] } },
  { name: '4 servers, one down', input: { voters: 4, down: [2] } },
  { name: '4 servers, two down', input: { voters: 4, down: [1, 4] } },
  { name: '4 servers split 2 | 2', input: { voters: 4, groups: [[1, 2], [3, 4]] } },
  { name: '5 servers split 2 | 3, leader in the minority', input: { voters: 5, groups: [[4, 5], [1, 2, 3]] } },
  { name: '5 servers split 1 | 2 | 2', input: { voters: 5, groups: [[1], [2, 3], [4, 5]] } },
  { name: '5 servers, two down, rest together', input: { voters: 5, down: [1, 5] } },
  { name: '3 voters + 2 observers, two voters down', input: { voters: 3, observers: 2, down: [1, 2] } },
  { name: '3 voters + 1 observer, observer cut off with one voter', input: { voters: 3, observers: 1, groups: [[1, 4], [2, 3]] } },
];

describe('quorum explorer agrees with the simulated ensemble', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const a = analyzeQuorum(c.input);
      const sim = new Simulation({ seed: 9, zk: { servers: c.input.voters, observers: c.input.observers ?? 0, clients: 0 } });
      sim.runUntil(5000);
      const faults: Action[] = (c.input.down ?? []).map((n) => ({ type: 'crash', node: id(n) }));
      if (c.input.groups?.length) faults.push({ type: 'partition', groups: c.input.groups.map((g) => g.map(id)) });
      for (const f of faults) sim.act(f);
      if (!c.input.down?.length) {
        // a partition is noticed only by timeouts: right after it, the minority still answers (stale) reads
        sim.runUntil(5200);
        const early = new Set(P.servingServers(sim.world));
        for (const side of a.sides) for (const s of side.staleUntilNoticed.map(id)) expect(early.has(s), `${c.name}: ${s} still serves right after the cut`).toBe(true);
      }
      // long enough for followers to notice (syncLimit × tickTime = 10 s) and for a new election
      sim.runUntil(45_000);
      const serving = new Set(P.servingServers(sim.world));
      const leader = P.theLeader(sim.world);
      for (const side of a.sides) {
        const ids = side.servers.map(id);
        if (side.canElect) {
          expect(leader && ids.includes(leader), `${c.name}: a leader on side ${ids.join(',')}`).toBe(true);
          for (const s of side.servingAfter.map(id)) expect(serving.has(s), `${c.name}: ${s} serves`).toBe(true);
        } else {
          for (const s of ids) expect(serving.has(s), `${c.name}: ${s} must not serve`).toBe(false);
        }
      }
      expect(sim.world.violations).toEqual([]);
    });
  }
});

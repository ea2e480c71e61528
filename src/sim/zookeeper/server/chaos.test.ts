/**
 * Random faults (crash, restart, isolate, heal, pause, resume) plus 0.5–2 % message loss and duplication
 * under a steady mixed workload: the ZooKeeper invariants must stay silent and the ensemble must end up
 * with one leader and every server at the same zxid. `CHAOS=<n> [SEED0=<m>] [LOSS=0.02]` runs more seeds.
 */
import { describe, expect, it } from 'vitest';
import { World } from '../../kernel/world';
import { zkNodeSpecs, zkServerInfo } from '../ensemble';
import { installZkInvariants } from '../invariants';

/** A tiny deterministic PRNG for the fault script (mulberry32). */
function prng(seed: number): (n: number) => number {
  let a = seed >>> 0;
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

export function chaosRun(seed: number, loss: number): World {
  const servers = 3 + (seed % 3);
  const w = new World({ seed, nodes: zkNodeSpecs({ servers, clients: 3, clientSessionTimeout: 8000 }) });
  installZkInvariants(w);
  w.setLinkDefaults({ loss, duplicate: 0.005 });
  w.start();
  const ids = w.nodeIds().filter((i) => i.startsWith('zk'));
  const rnd = prng(seed);
  let req = 1;
  for (let t = 1000; t < 300000; t += 500) {
    w.runUntil(t);
    const path = '/n' + rnd(5);
    const op = rnd(4);
    const request =
      op === 0
        ? { op: 'create', path, data: 'x', mode: rnd(2) ? 'EPHEMERAL' : 'PERSISTENT_SEQUENTIAL' }
        : op === 1
          ? { op: 'setData', path, data: 'v' + t, version: -1 }
          : op === 2
            ? { op: 'delete', path, version: -1 }
            : { op: 'getData', path, watch: true };
    w.inject('client' + (1 + rnd(3)), { type: 'zk.call', reqId: req++, request });
    if (t % 15000 === 0) {
      const target = ids[rnd(ids.length)] as string;
      switch (rnd(6)) {
        case 0:
          w.crash(target);
          break;
        case 1:
          for (const id of ids) w.restart(id);
          break;
        case 2:
          w.isolate(target, w.nodeIds());
          break;
        case 3:
          w.heal();
          break;
        case 4:
          w.pause(target);
          break;
        default:
          for (const id of ids) w.resume(id);
      }
    }
  }
  for (const id of ids) {
    w.restart(id);
    w.resume(id);
  }
  w.heal();
  w.runUntil(400000);
  return w;
}

describe('ZooKeeper under random faults', () => {
  const n = Number(process.env['CHAOS'] ?? 4);
  const seed0 = Number(process.env['SEED0'] ?? 1);
  const loss = Number(process.env['LOSS'] ?? 0.01);
  for (let seed = seed0; seed < seed0 + n; seed++) {
    it(`seed ${seed}: invariants silent, one leader, servers converge`, () => {
      const w = chaosRun(seed, loss);
      expect(w.violations.map((v) => `${v.t} ${v.invariant} ${v.node} ${v.detail}`)).toEqual([]);
      const infos = w.nodeIds().filter((i) => i.startsWith('zk')).map((id) => zkServerInfo(w.snapshotOf(id)));
      expect(infos.filter((i) => i?.role === 'LEADING')).toHaveLength(1);
      // same data everywhere (lastZxid may differ: a SNAP carries the leader's epoch<<32 zxid)
      const views = new Set(
        infos.map((i) =>
          Object.entries(i?.tree.nodes ?? {})
            .filter(([p]) => p !== '/zookeeper/config')
            .map(([p, n]) => `${p}=${n.data}@${n.stat.mzxid}`)
            .sort()
            .join(','),
        ),
      );
      expect(views.size).toBe(1);
    });
  }
});

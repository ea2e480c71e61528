/**
 * The ZooKeeper ensemble benchmark: 5 servers, 10 clients, each issuing one request every 10 ms of
 * simulated time with a 10:1 read/write mix (getData vs setData on its own znode, plus the initial creates).
 */
import { World } from '../src/sim/kernel/world';
import type { Json, NodeSpec } from '../src/sim/kernel/types';
import { zkNodeSpecs, zkClientInfo, zkServerInfo } from '../src/sim/zookeeper/ensemble';
import { installZkInvariants } from '../src/sim/zookeeper/invariants';
import type { Figure } from './bench';

export function zkEnsembleBench(opts: { servers?: number; clients?: number; simSeconds?: number; intervalMs?: number } = {}): Figure[] {
  const servers = opts.servers ?? 5;
  const clients = opts.clients ?? 10;
  const simSeconds = opts.simSeconds ?? 60;
  const intervalMs = opts.intervalMs ?? 10;
  const world = new World({ seed: 7, nodes: zkNodeSpecs({ servers, clients }) as NodeSpec<unknown>[] });
  installZkInvariants(world);
  world.start();
  const clientIds = world.nodeIds().filter((id) => world.spec(id).kind === 'zk-client');
  let replies = 0;
  let errors = 0;
  for (const id of clientIds) {
    world.onOutput(`zk:${id}`, (v) => {
      const r = v as { reqId?: number; rc?: string };
      if (typeof r.reqId !== 'number') return;
      replies++;
      if (r.rc !== 'OK') errors++;
    });
  }
  // let the ensemble elect and every client connect
  const ready = (): boolean =>
    clientIds.every((id) => zkClientInfo(world.snapshotOf(id))?.phase === 'CONNECTED') &&
    world.nodeIds().some((id) => zkServerInfo(world.snapshotOf(id))?.role === 'LEADING');
  while (!ready() && world.now < 60_000) world.runUntil(world.now + 100);
  let reqId = 1;
  const call = (client: string, request: Json): void => {
    world.inject(client, { type: 'zk.call', reqId: reqId++, request });
  };
  clientIds.forEach((id) => call(id, { op: 'create', path: `/${id}`, data: 'v0', mode: 'PERSISTENT' }));
  world.runUntil(world.now + 1000);
  const sentBefore = world.network.totals().delivered;
  const repliesBefore = replies;
  const start = world.now;
  const t0 = performance.now();
  let n = 0;
  for (let t = start; t < start + simSeconds * 1000; t += intervalMs) {
    world.runUntil(t);
    for (const id of clientIds) {
      n++;
      if (n % 11 === 0) call(id, { op: 'setData', path: `/${id}`, data: `v${n}`, version: -1 });
      else call(id, { op: 'getData', path: `/${id}`, watch: false });
    }
  }
  world.runUntil(start + simSeconds * 1000 + 1000);
  const wallS = (performance.now() - t0) / 1000;
  const delivered = world.network.totals().delivered - sentBefore;
  return [
    { key: 'zk.simSecondsPerWallSecond', value: Math.round((simSeconds / wallS) * 100) / 100, unit: 'sim s / wall s', note: `${servers} servers, ${clients} clients, ${Math.round((clients * 1000) / intervalMs)} req/s simulated, 10:1 reads` },
    { key: 'zk.deliveredPerSecond', value: Math.round(delivered / wallS), unit: 'msg/s' },
    { key: 'zk.requestsPerWallSecond', value: Math.round((replies - repliesBefore) / wallS), unit: 'req/s', note: `${errors} non-OK replies, ${world.violations.length} invariant violations` },
  ];
}

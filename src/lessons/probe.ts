/**
 * Read-only questions about a running world, for lesson predicates and claims: who leads, in which epoch,
 * which servers serve clients, what a server's copy of a znode holds, where a client is connected, and the
 * Kafka metadata Kafka keeps in ZooKeeper. Nothing here changes the world.
 */
import type { World } from '../sim/kernel/world';
import type { ZkClientInfo, ZkServerInfo } from '../sim/zookeeper/ensemble';
import { zkClientInfo, zkServerInfo } from '../sim/zookeeper/ensemble';
import type { ZNode } from '../sim/zookeeper/data/types';
import type { ConsoleLine } from '../console/interpreter';

export function zkServers(world: World): string[] {
  return world.nodeIds().filter((id) => world.spec(id).kind === 'zk');
}

export function zkClients(world: World): string[] {
  return world.nodeIds().filter((id) => world.spec(id).kind === 'zk-client');
}

/** The server's state, or null when it is crashed. A paused server still reports its (frozen) state. */
export function zk(world: World, id: string): ZkServerInfo | null {
  if (!world.hasNode(id) || world.status(id) === 'crashed') return null;
  return zkServerInfo(world.snapshotOf(id));
}

export function client(world: World, id: string): ZkClientInfo | null {
  if (!world.hasNode(id) || world.status(id) === 'crashed') return null;
  return zkClientInfo(world.snapshotOf(id));
}

/** Roles by server: LOOKING / FOLLOWING / LEADING / OBSERVING / STANDALONE, or DOWN. */
export function roles(world: World): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of zkServers(world)) out[id] = zk(world, id)?.role ?? 'DOWN';
  return out;
}

/** Servers that are up (not crashed or paused) and answer clients. */
export function servingServers(world: World): string[] {
  return zkServers(world).filter((id) => world.status(id) === 'up' && zk(world, id)?.serving === true);
}

/** Up servers in LEADING state that serve clients (an established leader). */
export function servingLeaders(world: World): string[] {
  return servingServers(world).filter((id) => zk(world, id)?.role === 'LEADING');
}

/** True when exactly `id` is the serving leader and the whole ensemble agrees on it. */
export function leads(world: World, id: string, epoch?: number): boolean {
  const i = zk(world, id);
  if (!i || world.status(id) !== 'up' || i.role !== 'LEADING' || !i.serving) return false;
  if (epoch !== undefined && i.epoch !== epoch) return false;
  return servingLeaders(world).length === 1;
}

/** The one established leader, if exactly one exists. */
export function theLeader(world: World): string | undefined {
  const ls = servingLeaders(world);
  return ls.length === 1 ? ls[0] : undefined;
}

/** A leader serves and at least `k` servers (itself included) serve in its epoch. */
export function ensembleServing(world: World, k: number): boolean {
  const l = theLeader(world);
  if (!l) return false;
  const e = zk(world, l)?.epoch;
  return servingServers(world).filter((id) => zk(world, id)?.epoch === e).length >= k;
}

export function epochOf(world: World, id: string): number | undefined {
  return zk(world, id)?.epoch;
}

export function znode(world: World, server: string, path: string): ZNode | undefined {
  return zk(world, server)?.tree.nodes[path];
}

/** The data of a znode on one server's copy; undefined when it does not exist there. */
export function dataOn(world: World, server: string, path: string): string | null | undefined {
  const n = znode(world, server, path);
  return n ? n.data : undefined;
}

export function childrenOn(world: World, server: string, path: string): string[] {
  return znode(world, server, path)?.children.slice() ?? [];
}

/** The leader's copy when there is a leader, otherwise the first serving server's, otherwise any server's. */
export function bestServer(world: World): string | undefined {
  return theLeader(world) ?? servingServers(world)[0] ?? zkServers(world).find((id) => zk(world, id));
}

export function exists(world: World, path: string, server = bestServer(world)): boolean {
  return !!server && !!znode(world, server, path);
}

export function children(world: World, path: string, server = bestServer(world)): string[] {
  return server ? childrenOn(world, server, path) : [];
}

export function data(world: World, path: string, server = bestServer(world)): string | null | undefined {
  return server ? dataOn(world, server, path) : undefined;
}

/** The sessions that own ephemeral znodes (on the best server's copy). */
export function ephemeralOwner(world: World, path: string, server = bestServer(world)): string | undefined {
  const n = server ? znode(world, server, path) : undefined;
  return n && n.stat.ephemeralOwner !== '0x0' ? n.stat.ephemeralOwner : undefined;
}

/** Every up server that serves has the same data at `path` (value `data`). */
export function allServingHave(world: World, path: string, value: string | null): boolean {
  const s = servingServers(world);
  return s.length > 0 && s.every((id) => dataOn(world, id, path) === value);
}

export function clientConnected(world: World, id: string): boolean {
  return client(world, id)?.phase === 'CONNECTED';
}

export function clientPhase(world: World, id: string): string | undefined {
  return client(world, id)?.phase;
}

export function clientServer(world: World, id: string): string | null | undefined {
  return client(world, id)?.server;
}

export function clientSession(world: World, id: string): string | null | undefined {
  return client(world, id)?.session;
}

// ---- console output ---------------------------------------------------------------------------------

export function printed(lines: readonly ConsoleLine[], text: string | RegExp): boolean {
  return lines.some((l) => (typeof text === 'string' ? l.text === text : text.test(l.text)));
}

export function printedIncludes(lines: readonly ConsoleLine[], text: string): boolean {
  return lines.some((l) => l.text.includes(text));
}

// ---- Kafka metadata, as Kafka keeps it in ZooKeeper -----------------------------------------------------

export interface PartitionStateJson {
  controller_epoch: number;
  leader: number;
  leader_epoch: number;
  isr: number[];
  version: number;
}

function json<T>(text: string | null | undefined): T | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

export function partitionState(world: World, topic: string, partition: number): PartitionStateJson | undefined {
  return json<PartitionStateJson>(data(world, `/brokers/topics/${topic}/partitions/${partition}/state`));
}

/** The broker id in /controller, if any. */
export function controllerId(world: World): number | undefined {
  return json<{ brokerid: number }>(data(world, '/controller'))?.brokerid;
}

export function controllerEpoch(world: World): number | undefined {
  const t = data(world, '/controller_epoch');
  return typeof t === 'string' && /^\d+$/.test(t) ? Number(t) : undefined;
}

/** Broker ids registered in /brokers/ids (their ephemeral znodes). */
export function registeredBrokers(world: World): number[] {
  return children(world, '/brokers/ids')
    .filter((c) => /^\d+$/.test(c))
    .map(Number)
    .sort((a, b) => a - b);
}

export function topicAssignment(world: World, topic: string): Record<string, number[]> | undefined {
  return json<{ partitions: Record<string, number[]> }>(data(world, `/brokers/topics/${topic}`))?.partitions;
}

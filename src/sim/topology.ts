/**
 * Turns a configuration into the node specs of a world. Domain modules (ZooKeeper, Kafka) register the
 * builders for their nodes, so the kernel and this file do not depend on them.
 */
import type { SimConfig } from './config';
import type { NodeSpec } from './kernel/types';
import type { World } from './kernel/world';
import { pingerSpecs } from './demo/pinger.machine';

export type TopologyBuilder = (config: SimConfig) => NodeSpec<unknown>[];
/** Runs once on every new world of a configuration (e.g. to install the part's live invariants). */
export type WorldSetup = (world: World, config: SimConfig) => void;

const builders = new Map<string, TopologyBuilder>();
const setups = new Map<string, WorldSetup>();

/** Registers (or replaces) what a part does to every new world. */
export function registerWorldSetup(part: string, setup: WorldSetup): void {
  setups.set(part, setup);
}

export function setUpWorld(world: World, config: SimConfig): void {
  for (const setup of setups.values()) setup(world, config);
}

/** Registers (or replaces) the node builder for one part of the system ('zk', 'kafka', …). */
export function registerTopology(part: string, builder: TopologyBuilder): void {
  builders.set(part, builder);
}

export function buildNodeSpecs(config: SimConfig): NodeSpec<unknown>[] {
  const specs: NodeSpec<unknown>[] = [];
  const zk = builders.get('zk');
  if (config.zk.servers > 0) {
    if (zk) specs.push(...zk(config));
    else specs.push(...(pingerSpecs(config.zk.servers, { prefix: 'zk' }) as NodeSpec<unknown>[]));
  }
  const kafka = builders.get('kafka');
  if (config.brokers > 0) {
    if (kafka) specs.push(...kafka(config));
    else specs.push(...(pingerSpecs(config.brokers, { prefix: 'broker' }) as NodeSpec<unknown>[]));
  }
  if (config.pingers > 0) specs.push(...(pingerSpecs(config.pingers) as NodeSpec<unknown>[]));
  return specs;
}

/**
 * Plugs the ZooKeeper ensemble into worlds built from a SimConfig: servers zk1…zkN (then observers) and
 * zkCli-like clients client1…, with the ensemble's live invariants installed on every world.
 */
import { registerTopology, registerWorldSetup } from '../topology';
import { zkNodeSpecs } from './ensemble';
import { installZkInvariants } from './invariants';

registerTopology('zk', (config) =>
  zkNodeSpecs({
    servers: config.zk.servers,
    observers: config.zk.observers,
    tickTime: config.zk.tickTime,
    initLimit: config.zk.initLimit,
    syncLimit: config.zk.syncLimit,
    extendedTypesEnabled: config.zk.extendedTypesEnabled,
    clients: config.zk.clients,
    clientSessionTimeout: config.zk.clientSessionTimeout,
    minSessionTimeout: config.zk.minSessionTimeout,
    maxSessionTimeout: config.zk.maxSessionTimeout,
    clientsAutoConnect: config.zk.clientsAutoConnect,
  }),
);

registerWorldSetup('zk', (world, config) => {
  if (config.zk.servers > 0) installZkInvariants(world);
});

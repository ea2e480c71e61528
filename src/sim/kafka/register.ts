/**
 * Plugs the Kafka cluster into worlds built from a SimConfig: brokers broker1…brokerN on the ZooKeeper
 * ensemble, the kafka-cli tool node, workload clients, and the cluster's live invariants.
 */
import { registerTopology, registerWorldSetup } from '../topology';
import { kafkaNodeSpecs } from './cluster';
import { installKafkaInvariants } from './invariants';

registerTopology('kafka', (config) => kafkaNodeSpecs(config));

registerWorldSetup('kafka', (world, config) => {
  if (config.brokers > 0) installKafkaInvariants(world);
});

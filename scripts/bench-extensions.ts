/** Further benchmark sections (ZooKeeper ensemble, Kafka workload, UI frames) register here. */
import type { Figure } from './bench';

export const benchExtensions: Array<() => Figure[] | Promise<Figure[]>> = [];

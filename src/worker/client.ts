/** Starts the simulation worker and wraps it in a typed Comlink proxy. */
import { wrap } from 'comlink';
import type { Remote } from 'comlink';
import type { SimApi } from './api';

export type SimRemote = Remote<SimApi>;

export function startSimWorker(): { api: SimRemote; worker: Worker } {
  const worker = new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module', name: 'simulation' });
  return { api: wrap<SimApi>(worker), worker };
}

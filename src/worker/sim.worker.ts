/**
 * The simulation worker: exposes the simulation service (service.ts) over Comlink. Comlink handles calls
 * one at a time in arrival order, so the UI may queue calls (a frame's advanceTo, then a crash) without
 * locking.
 */
import { expose } from 'comlink';
import { createSimService } from './service';

// For the recovery test: `{ type: '__crash' }` makes the worker fail the way a bug would (an uncaught error).
self.addEventListener('message', (e: MessageEvent) => {
  const d: unknown = e.data;
  if (typeof d === 'object' && d !== null && (d as { type?: unknown }).type === '__crash') {
    setTimeout(() => {
      throw new Error('the simulation worker crashed (test)');
    }, 0);
  }
});

expose(createSimService());

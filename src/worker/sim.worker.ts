/**
 * The simulation worker: exposes the simulation service (service.ts) over Comlink. Comlink handles calls
 * one at a time in arrival order, so the UI may queue calls (a frame's advanceTo, then a crash) without
 * locking.
 */
import { expose } from 'comlink';
import { createSimService } from './service';

expose(createSimService());

/**
 * Helpers node machines use to ask the kernel for sends, timers and disk writes.
 *
 * They build plain request objects; a machine emits them with XState's `emit` (usually inside
 * `enqueueActions`):
 *
 * ```ts
 * entry: enqueueActions(({ context, enqueue }) => {
 *   for (const peer of context.peers) enqueue.emit(send(peer, { type: 'PING', n: context.n }));
 *   enqueue.emit(setTimer('HEARTBEAT', 1000));
 * }),
 * ```
 *
 * A machine that uses these must declare `types: { emitted: {} as KernelRequest }`.
 */
import type {
  CancelTimerRequest,
  DiskWriteRequest,
  DiskAppendRequest,
  Json,
  NoteRequest,
  OutputRequest,
  SendRequest,
  SetTimerRequest,
  ViolationRequest,
  WireMessage,
} from './types';

export function send(to: string, msg: WireMessage): SendRequest {
  return { type: 'kernel.send', to, msg };
}

export function setTimer(name: string, ms: number, jitterMs?: number): SetTimerRequest {
  return jitterMs ? { type: 'kernel.setTimer', name, ms, jitterMs } : { type: 'kernel.setTimer', name, ms };
}

export function cancelTimer(name: string): CancelTimerRequest {
  return { type: 'kernel.cancelTimer', name };
}

export function diskWrite(key: string, value: Json | undefined): DiskWriteRequest {
  return { type: 'kernel.disk.write', key, value };
}

/** Appends `items` to `value[field]` of the object at `key` (and assigns `set`); writes `init` if the key is new. */
export function diskAppend(key: string, field: string, items: Json[], init: Json, set?: Record<string, Json>): DiskAppendRequest {
  return set ? { type: 'kernel.disk.append', key, field, items, set, init } : { type: 'kernel.disk.append', key, field, items, init };
}

export function note(key: string, params?: Record<string, string | number>): NoteRequest {
  return params ? { type: 'kernel.note', key, params } : { type: 'kernel.note', key };
}

export function violation(invariant: string, detail: string): ViolationRequest {
  return { type: 'kernel.violation', invariant, detail };
}

export function output(channel: string, value: Json): OutputRequest {
  return { type: 'kernel.output', channel, value };
}

/**
 * A tiny ping-pong node used to exercise the kernel (tests, the benchmark and the first screen before a
 * ZooKeeper ensemble is configured). Every `intervalMs` (with jitter) it pings a random peer; a peer answers
 * PONG. It counts what it sent and received on its "disk" every few pongs, so crash/restart is visible.
 */
import { assign, enqueueActions, setup } from 'xstate';
import type { KernelRequest, NodeEnv, NodeInput, NodeSpec, WireMessage } from '../kernel/types';
import { diskWrite, send, setTimer } from '../kernel/machine';

export interface PingerConfig {
  peers: string[];
  intervalMs: number;
  jitterMs: number;
}

interface PingerContext {
  id: string;
  peers: string[];
  intervalMs: number;
  jitterMs: number;
  pings: number;
  pongs: number;
  /** Pongs saved on disk: survives a crash. */
  saved: number;
}

type PingerEvent =
  | { type: 'TICK'; timer: true }
  | (WireMessage & { type: 'PING'; from: string; n: number })
  | (WireMessage & { type: 'PONG'; from: string; n: number });

export function pingerMachine(env: NodeEnv) {
  return setup({
    types: {
      context: {} as PingerContext,
      input: {} as NodeInput<PingerConfig>,
      events: {} as PingerEvent,
      emitted: {} as KernelRequest,
    },
  }).createMachine({
    id: 'pinger',
    context: ({ input }) => ({
      id: input.id,
      peers: input.config.peers,
      intervalMs: input.config.intervalMs,
      jitterMs: input.config.jitterMs,
      pings: 0,
      pongs: 0,
      saved: typeof input.disk['pongs'] === 'number' ? input.disk['pongs'] : 0,
    }),
    initial: 'running',
    states: {
      running: {
        entry: enqueueActions(({ context, enqueue }) => {
          enqueue.emit(setTimer('TICK', context.intervalMs, context.jitterMs));
        }),
        on: {
          TICK: {
            actions: [
              assign({ pings: ({ context }) => context.pings + 1 }),
              enqueueActions(({ context, enqueue }) => {
                const peer = context.peers[env.randomInt(context.peers.length)];
                if (peer) enqueue.emit(send(peer, { type: 'PING', n: context.pings }));
                enqueue.emit(setTimer('TICK', context.intervalMs, context.jitterMs));
              }),
            ],
          },
          PING: {
            actions: enqueueActions(({ event, enqueue }) => {
              enqueue.emit(send(event.from, { type: 'PONG', n: event.n }));
            }),
          },
          PONG: {
            actions: [
              assign({ pongs: ({ context }) => context.pongs + 1 }),
              enqueueActions(({ context, enqueue }) => {
                if (context.pongs % 10 === 0) enqueue.emit(diskWrite('pongs', context.saved + context.pongs));
              }),
            ],
          },
        },
      },
    },
  });
}

/** Node specs for n pingers named `${prefix}1` … `${prefix}n`. */
export function pingerSpecs(n: number, opts: { prefix?: string; intervalMs?: number; jitterMs?: number } = {}): NodeSpec<PingerConfig>[] {
  const prefix = opts.prefix ?? 'node';
  const ids = Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
  return ids.map((id) => ({
    id,
    kind: 'pinger',
    role: 'server' as const,
    config: { peers: ids.filter((p) => p !== id), intervalMs: opts.intervalMs ?? 100, jitterMs: opts.jitterMs ?? 20 },
    logic: pingerMachine,
    describe: (snap) => {
      const c = (snap as unknown as { context: PingerContext }).context;
      return { role: 'RUNNING', detail: { pings: c.pings, pongs: c.pongs, saved: c.saved } };
    },
  }));
}

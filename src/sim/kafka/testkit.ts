/** Helpers for Kafka scenario tests and the console: a Simulation with a cluster, and blocking client calls. */
import type { Json } from '../kernel/types';
import type { TraceRecord } from '../kernel/trace';
import { Simulation } from '../simulation';
import type { SimConfigInput } from '../config';
import type { BrokerContext, Replica } from './types';
import type { KClientContext } from './client.machine';
import '../zookeeper/register';
import './register';

const allNotes = new WeakMap<Simulation, TraceRecord[]>();

export function kafkaSim(input: Partial<SimConfigInput> & { kafka?: SimConfigInput['kafka'] }, seed = 7): Simulation {
  const sim = new Simulation({ seed, zk: { servers: 3, clients: 0 }, brokers: 3, ...input } as SimConfigInput);
  // keep every note (the trace itself is a ring buffer)
  const kept: TraceRecord[] = [];
  allNotes.set(sim, kept);
  const trace = sim.world.trace;
  const record = trace.record.bind(trace);
  trace.record = ((r: Parameters<typeof record>[0]) => {
    const out = record(r);
    if (r.kind === 'note') kept.push(out);
    return out;
  }) as typeof trace.record;
  return sim;
}

const replies = new WeakMap<Simulation, { next: number; got: Record<string, Json>; hooked: Set<string> }>();

function st(sim: Simulation) {
  let s = replies.get(sim);
  if (!s) {
    s = { next: 1, got: {}, hooked: new Set() };
    replies.set(sim, s);
  }
  return s;
}

/** Sends a kafka.call to a client node as a recorded action and runs simulated time until the reply (or limitMs). */
export function kcall(sim: Simulation, request: Record<string, Json>, node = 'kafka-cli', limitMs = 180_000): Record<string, Json> | undefined {
  const s = st(sim);
  if (!s.hooked.has(node)) {
    s.hooked.add(node);
    sim.world.onOutput(`kafka:${node}`, (v) => {
      const r = v as { reqId?: number };
      if (typeof r.reqId === 'number') s.got[`${node}:${r.reqId}`] = v;
    });
  }
  const reqId = 1_000_000 + s.next++;
  const res = sim.tryAct({ type: 'inject', node, event: { type: 'kafka.call', reqId, request } });
  if (!res.ok) return undefined;
  const key = `${node}:${reqId}`;
  const deadline = sim.now + limitMs;
  while (!s.got[key] && sim.now < deadline) if (!sim.step()) break;
  const out = s.got[key] as Record<string, Json> | undefined;
  delete s.got[key];
  return out;
}

export function broker(sim: Simulation, n: number): BrokerContext | undefined {
  return (sim.world.snapshotOf(`broker${n}`) as unknown as { context?: BrokerContext } | undefined)?.context;
}

export function replica(sim: Simulation, n: number, tp: string): Replica | undefined {
  return broker(sim, n)?.replicas[tp];
}

export function kclient(sim: Simulation, node: string): KClientContext | undefined {
  return (sim.world.snapshotOf(node) as unknown as { context?: KClientContext } | undefined)?.context;
}

/** The active controller (broker id) and its epoch, from the brokers' own state. */
export function controllerOf(sim: Simulation): { id: number; epoch: number } | null {
  for (const id of sim.world.nodeIds()) {
    if (sim.world.spec(id).kind !== 'broker' || sim.world.status(id) === 'crashed') continue;
    const b = broker(sim, Number(id.slice(6)));
    if (b?.ctl) return { id: b.brokerId, epoch: b.ctl.epoch };
  }
  return null;
}

/** Partition state as the controller sees it. */
export function partitionState(sim: Simulation, tp: string) {
  const c = controllerOf(sim);
  if (!c) return undefined;
  return broker(sim, c.id)?.ctl?.partitions[tp];
}

export function notes(sim: Simulation, key: string): Array<{ t: number; node?: string; detail?: string }> {
  return (allNotes.get(sim) ?? sim.world.trace.since(0)).filter((r) => r.kind === 'note' && r.what === key);
}

/**
 * The simulation worker: owns the one `Simulation` of this tab and its console, and answers the UI through
 * Comlink. Everything here is synchronous; Comlink handles calls one at a time in arrival order, so the UI
 * may queue calls (a frame's advanceTo, then a crash) without locking.
 */
import { expose } from 'comlink';
import { Simulation } from '../sim/simulation';
import { createConsole } from '../console/interpreter';
import type { Console } from '../console/interpreter';
import '../console/register';
import { arrowsOf, faultBands, islandsOf, kafkaViewOf, zkDomainView, zkServerIdsOf, zkTreeOf } from '../sim/views';
import type { ActResult, CommandResult, FrameView, SimApi } from './api';

let sim: Simulation | undefined;
let console_: Console | undefined;

function current(): Simulation {
  if (!sim) throw new Error('the simulation has not been started (call init first)');
  return sim;
}

function serverNodes(s: Simulation): string[] {
  return s.world.nodeIds().filter((id) => s.world.spec(id).role === 'server');
}

/** The kernel's view plus the domain view models the panels draw. */
function frame(s: Simulation): FrameView {
  const v = s.view();
  return {
    ...v,
    zk: zkServerIdsOf(s.world).length ? zkDomainView(s.world) : null,
    bands: faultBands(s.timedActions()),
    nextEventAt: s.world.nextEventTime() ?? null,
    islands: v.blocked.length ? islandsOf(serverNodes(s), v.blocked) : [serverNodes(s)],
    links: Object.entries(s.world.network.overridesFor()).map(([key, c]) => {
      const [from = '', to = ''] = key.split('>');
      return { from, to, lossPct: (c.loss ?? 0) * 100, delayMs: c.extraDelayMs ?? 0 };
    }).filter((l) => l.lossPct > 0 || l.delayMs > 0),
  };
}

function shell(): Console {
  if (!console_) console_ = createConsole(current());
  return console_;
}

const api: SimApi = {
  init(config, actions = []) {
    sim = new Simulation(config, actions);
    console_ = undefined;
    return frame(sim);
  },
  advanceTo(t, budgetMs) {
    const s = current();
    if (!Number.isFinite(t) || t <= s.now) return frame(s);
    if (budgetMs === undefined || !(budgetMs > 0)) {
      s.runUntil(t);
      return frame(s);
    }
    // in chunks, so we can stop when the frame's budget is spent (running to any instant is deterministic)
    const started = performance.now();
    const chunk = Math.max((t - s.now) / 16, 0.001);
    while (s.now < t) {
      s.runUntil(Math.min(t, s.now + chunk));
      if (performance.now() - started > budgetMs) break;
    }
    return frame(s);
  },
  step() {
    const s = current();
    s.step();
    return frame(s);
  },
  seek(t) {
    const s = current();
    if (Number.isFinite(t)) s.seek(t);
    return frame(s);
  },
  act(action): ActResult {
    const s = current();
    const r = s.tryAct(action);
    return r.ok ? { ok: true, message: r.message, view: frame(s) } : { ok: false, error: r.error, view: frame(s) };
  },
  command(line): CommandResult {
    const r = shell().exec(line);
    return { lines: r.lines, ...(r.quit ? { quit: true } : {}), view: frame(current()) };
  },
  commands() {
    return shell().commands();
  },
  view() {
    return frame(current());
  },
  tree(server) {
    return zkTreeOf(current().world, server);
  },
  arrows(fromT) {
    const s = current();
    const recs = s.traceSince(0, 1_000_000).filter((r) => r.t >= fromT && (r.kind === 'send' || r.kind === 'deliver' || r.kind === 'drop'));
    return arrowsOf(recs, s.view().messages);
  },
  kafka() {
    return kafkaViewOf(current().world);
  },
  payload(id) {
    const m = current().world.inFlight().find((x) => x.id === id);
    return m ? JSON.stringify(m.msg) : null;
  },
  traceSince(afterSeq, limit = 200, kinds) {
    const n = Math.max(1, Math.min(limit, 2000));
    if (!kinds?.length) return current().traceSince(afterSeq, n);
    const wanted = new Set(kinds);
    // look through everything the trace ring still holds, so rare kinds are not crowded out
    return current()
      .traceSince(afterSeq, 1_000_000)
      .filter((r) => wanted.has(r.kind))
      .slice(-n);
  },
  traceHash() {
    return current().traceHash();
  },
  record() {
    return current().record();
  },
};

expose(api);

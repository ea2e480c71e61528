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
import type { ActResult, CommandResult, SimApi } from './api';

let sim: Simulation | undefined;
let console_: Console | undefined;

function current(): Simulation {
  if (!sim) throw new Error('the simulation has not been started (call init first)');
  return sim;
}

function shell(): Console {
  if (!console_) console_ = createConsole(current());
  return console_;
}

const api: SimApi = {
  init(config, actions = []) {
    sim = new Simulation(config, actions);
    console_ = undefined;
    return sim.view();
  },
  advanceTo(t, budgetMs) {
    const s = current();
    if (!Number.isFinite(t) || t <= s.now) return s.view();
    if (budgetMs === undefined || !(budgetMs > 0)) {
      s.runUntil(t);
      return s.view();
    }
    // in chunks, so we can stop when the frame's budget is spent (running to any instant is deterministic)
    const started = performance.now();
    const chunk = Math.max((t - s.now) / 16, 0.001);
    while (s.now < t) {
      s.runUntil(Math.min(t, s.now + chunk));
      if (performance.now() - started > budgetMs) break;
    }
    return s.view();
  },
  step() {
    const s = current();
    s.step();
    return s.view();
  },
  seek(t) {
    const s = current();
    if (Number.isFinite(t)) s.seek(t);
    return s.view();
  },
  act(action): ActResult {
    const s = current();
    const r = s.tryAct(action);
    return r.ok ? { ok: true, message: r.message, view: s.view() } : { ok: false, error: r.error, view: s.view() };
  },
  command(line): CommandResult {
    const r = shell().exec(line);
    return { lines: r.lines, ...(r.quit ? { quit: true } : {}), view: current().view() };
  },
  commands() {
    return shell().commands();
  },
  view() {
    return current().view();
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

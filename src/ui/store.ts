/**
 * The one UI store. It holds the latest `SimView` from the worker plus UI state (playing, speed, console,
 * event list, open menu), and runs the play loop:
 *
 *   requestAnimationFrame → simulated delta = wall delta × speed → await api.advanceTo(now + delta) → setView
 *
 * Each frame waits for the worker's answer before asking for the next one (pull model), so a slow frame
 * never queues work: it just makes the next delta larger (capped at MAX_FRAME_MS of wall time). The worker
 * also stops a frame's advance after FRAME_BUDGET_MS of work, so when the simulation cannot keep up with
 * the chosen speed, simulated time runs slower than asked instead of the page freezing.
 * Comlink answers calls in the order they were made, so views are applied in arrival order.
 */
import { create } from 'zustand';
import type { SimRemote } from '../worker/client';
import type { Action, ActResult, SimConfigInput, SimView, TimedAction, TraceKind, TraceRecord } from '../worker/api';

/** Simulated-time speeds offered (multiples of real time). */
export const SPEEDS: ReadonlyArray<{ value: number; label: string }> = [
  { value: 0.001, label: '1/1000×' },
  { value: 0.01, label: '1/100×' },
  { value: 0.05, label: '1/20×' },
  { value: 0.1, label: '1/10×' },
  { value: 0.25, label: '1/4×' },
  { value: 0.5, label: '1/2×' },
  { value: 1, label: '1×' },
  { value: 10, label: '10×' },
  { value: 100, label: '100×' },
];
export const DEFAULT_SPEED = 0.05;

/** Trace kinds the event list shows with "Important only": what changed, not the routine traffic. */
export const IMPORTANT_KINDS: ReadonlySet<TraceKind> = new Set<TraceKind>(['state', 'fault', 'action', 'note', 'violation']);
export const DEFAULT_SEED = 42;

/** Wall time of one frame is capped (a background tab, a slow worker answer) so time never jumps far. */
const MAX_FRAME_MS = 100;
/** Wall time the worker may spend on one frame's advance before it answers with where it got to. */
const FRAME_BUDGET_MS = 30;
/** How often the event list is refreshed while playing (wall ms). */
const EVENTS_EVERY_MS = 200;
const EVENTS_KEPT = 120;
const CONSOLE_KEPT = 500;
const HISTORY_KEPT = 100;

export type ConsoleStream = 'in' | 'out' | 'err' | 'info';
export interface ConsoleEntry {
  id: number;
  stream: ConsoleStream;
  text: string;
  /** For 'info' entries: an i18n key rendered in the current language. */
  key?: string;
}

export interface LabState {
  api: SimRemote | null;
  config: SimConfigInput;
  view: SimView | null;
  playing: boolean;
  speed: number;
  /** The latest trace records of every kind. */
  events: TraceRecord[];
  /** The latest records of the kinds in IMPORTANT_KINDS (kept separately so traffic cannot crowd them out). */
  importantEvents: TraceRecord[];
  consoleEntries: ConsoleEntry[];
  history: string[];
  commandNames: string[];
  menuNode: string | null;
  /** The last thing that happened, for the screen-reader live region. */
  announcement: string;
  error: string | null;

  connect(api: SimRemote): void;
  start(config?: SimConfigInput, actions?: TimedAction[]): Promise<void>;
  play(): void;
  pause(): void;
  togglePlay(): void;
  setSpeed(speed: number): void;
  step(): Promise<void>;
  advanceTo(t: number): Promise<SimView | null>;
  seek(t: number): Promise<void>;
  act(action: Action, echo?: string): Promise<ActResult | null>;
  command(line: string): Promise<void>;
  clearConsole(): void;
  openMenu(id: string | null): void;
  dismissError(): void;
  traceHash(): Promise<string>;
}

let entryId = 0;
const entry = (stream: ConsoleStream, text: string, key?: string): ConsoleEntry => ({
  id: ++entryId,
  stream,
  text,
  ...(key ? { key } : {}),
});

function describeError(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

// ---- structural sharing: keep old references when a part of the view did not change ------------------

let nodesJson = '';
let blockedJson = '';

function share(prev: SimView | null, next: SimView): SimView {
  if (!prev) {
    nodesJson = JSON.stringify(next.nodes);
    blockedJson = JSON.stringify(next.blocked);
    return next;
  }
  const nj = JSON.stringify(next.nodes);
  const bj = JSON.stringify(next.blocked);
  const out = { ...next };
  if (nj === nodesJson) out.nodes = prev.nodes;
  if (bj === blockedJson) out.blocked = prev.blocked;
  nodesJson = nj;
  blockedJson = bj;
  return out;
}

// ---- the store ------------------------------------------------------------------------------------

let loopGeneration = 0;
let lastWall: number | null = null;
let eventsFetching = false;
let eventsFetchedAt = -Infinity;
let eventsSeq = 0;

export const useLab = create<LabState>()((set, get) => {
  function setView(v: SimView): void {
    set({ view: share(get().view, v) });
    void refreshEvents(false);
  }

  function fail(e: unknown): void {
    loopGeneration++;
    set({ playing: false, error: describeError(e) });
  }

  async function refreshEvents(force: boolean): Promise<void> {
    const { api, view, playing } = get();
    if (!api || !view || eventsFetching) return;
    if (view.traceSeq === eventsSeq) return;
    const wallNow = performance.now();
    if (!force && playing && wallNow - eventsFetchedAt < EVENTS_EVERY_MS) return;
    eventsFetching = true;
    eventsFetchedAt = wallNow;
    const rewound = view.traceSeq < eventsSeq;
    const after = rewound ? 0 : eventsSeq;
    try {
      // both calls are queued back to back, so they see the same trace
      const [recs, important] = await Promise.all([
        api.traceSince(after, EVENTS_KEPT),
        api.traceSince(after, EVENTS_KEPT, [...IMPORTANT_KINDS]),
      ]);
      const st = get();
      eventsSeq = recs.at(-1)?.seq ?? (rewound ? 0 : eventsSeq);
      set({
        events: (rewound ? [] : st.events).concat(recs).slice(-EVENTS_KEPT),
        importantEvents: (rewound ? [] : st.importantEvents).concat(important).slice(-EVENTS_KEPT),
      });
      eventsFetching = false;
      // more may have happened while we waited
      if ((get().view?.traceSeq ?? 0) !== eventsSeq) void refreshEvents(false);
    } catch (e) {
      eventsFetching = false;
      fail(e);
    }
  }

  function frame(generation: number, wall: number): void {
    const { api, view, playing, speed } = get();
    if (generation !== loopGeneration || !playing || !api || !view) return;
    const dt = lastWall === null ? 0 : Math.min(Math.max(wall - lastWall, 0), MAX_FRAME_MS);
    lastWall = wall;
    const target = view.now + dt * speed;
    api
      .advanceTo(target, FRAME_BUDGET_MS)
      .then((v) => {
        setView(v);
        if (generation === loopGeneration && get().playing) requestAnimationFrame((w) => frame(generation, w));
      })
      .catch(fail);
  }

  function appendConsole(entries: ConsoleEntry[]): void {
    if (!entries.length) return;
    set({ consoleEntries: get().consoleEntries.concat(entries).slice(-CONSOLE_KEPT) });
  }

  return {
    api: null,
    config: { seed: DEFAULT_SEED },
    view: null,
    playing: false,
    speed: DEFAULT_SPEED,
    events: [],
    importantEvents: [],
    consoleEntries: [entry('info', '', 'console.welcome')],
    history: [],
    commandNames: [],
    menuNode: null,
    announcement: '',
    error: null,

    connect(api) {
      set({ api });
    },

    async start(config = get().config, actions) {
      const { api } = get();
      if (!api) return;
      loopGeneration++;
      set({ playing: false, config, menuNode: null, error: null });
      try {
        const v = await api.init(config, actions);
        nodesJson = '';
        eventsSeq = 0;
        set({ view: null, events: [], importantEvents: [] });
        setView(v);
        const commandNames = await api.commands();
        set({ commandNames });
      } catch (e) {
        fail(e);
      }
    },

    play() {
      const { api, view, playing } = get();
      if (playing || !api || !view) return;
      const generation = ++loopGeneration;
      lastWall = null;
      set({ playing: true });
      requestAnimationFrame((w) => frame(generation, w));
    },

    pause() {
      loopGeneration++;
      set({ playing: false });
      void refreshEvents(true);
    },

    togglePlay() {
      if (get().playing) get().pause();
      else get().play();
    },

    setSpeed(speed) {
      if (Number.isFinite(speed) && speed > 0) set({ speed });
    },

    async step() {
      const { api } = get();
      if (!api) return;
      if (get().playing) get().pause();
      try {
        setView(await api.step());
      } catch (e) {
        fail(e);
      }
    },

    async advanceTo(t) {
      const { api } = get();
      if (!api) return null;
      try {
        const v = await api.advanceTo(t);
        setView(v);
        return v;
      } catch (e) {
        fail(e);
        return null;
      }
    },

    async seek(t) {
      const { api } = get();
      if (!api) return;
      try {
        setView(await api.seek(t));
      } catch (e) {
        fail(e);
      }
    },

    async act(action, echo) {
      const { api } = get();
      if (!api) return null;
      try {
        const r = await api.act(action);
        setView(r.view);
        const text = r.ok ? (r.message ?? '') : `error: ${r.error ?? ''}`;
        appendConsole([
          ...(echo ? [entry('in', echo, 'console.fromMenu')] : []),
          entry(r.ok ? 'out' : 'err', text),
        ]);
        set({ announcement: text, menuNode: null });
        return r;
      } catch (e) {
        fail(e);
        return null;
      }
    },

    async command(line) {
      const { api, history } = get();
      if (!api) return;
      const trimmed = line.trim();
      if (trimmed && history.at(-1) !== trimmed) set({ history: history.concat(trimmed).slice(-HISTORY_KEPT) });
      appendConsole([entry('in', line)]);
      if (!trimmed) return;
      try {
        const r = await api.command(line);
        setView(r.view);
        appendConsole(r.lines.map((l) => entry(l.stream, l.text)));
        const last = r.lines.at(-1);
        if (last) set({ announcement: last.text });
      } catch (e) {
        appendConsole([entry('err', `error: ${describeError(e)}`)]);
      }
    },

    clearConsole() {
      set({ consoleEntries: [] });
    },

    openMenu(id) {
      set({ menuNode: id });
    },

    dismissError() {
      set({ error: null });
    },

    async traceHash() {
      const { api } = get();
      if (!api) throw new Error('not connected');
      return api.traceHash();
    },
  };
});

/** Handle for tests and curious users: `__zkLab.getState().seek(2000)` in the devtools console. */
declare global {
  interface Window {
    __zkLab?: typeof useLab;
  }
}

/**
 * The one UI store. It holds the latest `SimView` from the worker plus UI state (playing, speed, console,
 * event list, open menu), and runs the play loop:
 *
 *   requestAnimationFrame → apply the answer that arrived → simulated delta = wall delta × speed → api.advanceTo(now + delta)
 *
 * One advance is in flight at a time (pull model), so a slow frame never queues work: it just makes the next
 * delta larger (capped at MAX_FRAME_MS of wall time). The worker computes the next frame while the main thread
 * draws this one, and an answer is applied in the next animation frame (see `frame`). The worker
 * also stops a frame's advance after FRAME_BUDGET_MS of work, so when the simulation cannot keep up with
 * the chosen speed, simulated time runs slower than asked instead of the page freezing.
 * Comlink answers calls in the order they were made, so views are applied in arrival order.
 */
import { create } from 'zustand';
import type { SimRemote } from '../worker/client';
import type {
  Action,
  ActResult,
  FrameView,
  Highlight,
  LessonInfo,
  LessonOutcome,
  RunRecord,
  ScenarioInfo,
  ShownLine,
  SimConfigInput,
  TimedAction,
  TraceKind,
  TraceRecord,
  ZnodeTreeView,
} from '../worker/api';
import type { FrameUpdate } from '../worker/frameDelta';
import { FRAME_PARTS, applyFrameDelta, isFrameDelta } from '../worker/frameDelta';

type SimView = FrameView;

/** Simulated-time speeds offered (multiples of real time). */
/** The smart speed: slow while messages fly (so they can be seen), quick over idle stretches. */
export const SMART = 0;
export const SPEEDS: ReadonlyArray<{ value: number; label: string }> = [
  { value: SMART, label: 'smart' },
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
export const DEFAULT_SPEED = SMART;
/** Smart speed: the shortest trip in flight takes this much wall time… */
export const SMART_FLIGHT_MS = 700;
/** …and idle stretches pass at this many times real time until the next event is due. */
export const SMART_IDLE_SPEED = 25;

/**
 * Where the smart speed asks the worker to go next, given the latest view and the wall time since the last
 * frame. A pure function of the view: it only changes how fast the UI asks for time, never what happens.
 */
export function smartTarget(v: Pick<FrameView, 'now' | 'messages' | 'nextEventAt'>, dtWall: number): number {
  let span = Infinity;
  for (const m of v.messages) {
    if (m.from === m.to || m.deliverAt <= v.now) continue;
    span = Math.min(span, m.deliverAt - m.sentAt);
  }
  if (span < Infinity) return v.now + (dtWall * Math.max(span, 0.05)) / SMART_FLIGHT_MS;
  if (v.nextEventAt === null) return v.now + dtWall;
  return Math.min(v.nextEventAt, v.now + dtWall * SMART_IDLE_SPEED);
}

export type DockTab = 'quorum' | 'tree' | 'spacetime' | 'kafka';

/** The panels opened from the header (one at a time). */
export type Panel = 'lessons' | 'scenarios' | 'explorer' | 'share';

/** A lesson being played: which step is on show and what running it did. */
export interface LessonPlay {
  info: LessonInfo;
  /** Step on show; steps.length = the quiz. */
  index: number;
  /** The last run of the step on show (null while it runs). */
  outcome: LessonOutcome | null;
  /** What running each step did (by index), so going back shows a step without running it again. */
  outcomes: Record<number, LessonOutcome>;
  /** The furthest step that has run (-1: none yet). */
  furthest: number;
  busy: boolean;
  /** Try steps: the student has done the task. */
  done: boolean;
  /** The student asked for the hint. */
  hint: boolean;
  /** Quiz answers: question id → the choices picked. */
  answers: Record<string, string[]>;
}

/** What the autosave and the worker-crash recovery keep: the run (seed, config, actions) and where it was. */
export interface SavedRun {
  record: RunRecord;
  now: number;
}

/** Trace kinds the event list shows with "Important only": what changed, not the routine traffic. */
export const IMPORTANT_KINDS: ReadonlySet<TraceKind> = new Set<TraceKind>(['state', 'fault', 'action', 'note', 'violation']);
export const DEFAULT_SEED = 42;

/** Wall time of one frame is capped (a background tab, a slow worker answer) so time never jumps far. */
const MAX_FRAME_MS = 100;
/** Wall time the worker may spend on one frame's advance before it answers with where it got to. */
const FRAME_BUDGET_MS = 30;
/** How often the slower panels are refreshed while playing (wall ms). */
const PANELS_EVERY_MS = 120;
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
  /** For a command ('in') that ran simulated time on while messages were sent: the span, to watch it again. */
  watch?: { from: number; to: number };
}

export interface LabState {
  api: SimRemote | null;
  config: SimConfigInput;
  view: SimView | null;
  /**
   * The same view, refreshed at most every PANELS_EVERY_MS of wall time while playing (always when paused):
   * panels that need not move at 60 fps (quorum, tree list, timeline bands, legend, totals) read this one.
   */
  panels: SimView | null;
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
  /** Znode trees fetched on demand, by server (refetched when the server's tree version changes). */
  trees: Record<string, ZnodeTreeView | null>;
  /** Servers whose trees a view is showing. */
  treeServers: string[];
  dock: DockTab;
  presenter: boolean;
  helpOpen: boolean;
  settingsOpen: boolean;
  /** Nodes selected with the lasso (for a partition). */
  selection: string[];
  /** The link whose menu is open (cut one way, loss, delay). */
  linkMenu: { a: string; b: string } | null;
  /** Header panel on show (lessons, scenarios, quorum explorer, share). */
  panel: Panel | null;
  /** Lessons and scenarios the worker offers (fetched once). */
  lessons: LessonInfo[] | null;
  scenarios: ScenarioInfo[] | null;
  lesson: LessonPlay | null;
  /** What the current lesson step or scenario points at. */
  highlight: Highlight[] | null;
  /** Playing stops when simulated time reaches this (a lesson step's replay). */
  playUntil: number | null;
  /** A message for the user that is not an error (e.g. "loaded from a link"), or an i18n key with values. */
  notice: { key: string; values?: Record<string, string | number> } | null;
  /** The run as last saved (autosave, worker-crash recovery). */
  saved: SavedRun | null;

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
  /** Seeks while scrubbing: at most one seek in flight, the latest target wins. */
  scrubTo(t: number): void;
  showTrees(servers: string[]): void;
  setDock(tab: DockTab): void;
  setPresenter(on: boolean): void;
  setHelp(open: boolean): void;
  setSettings(open: boolean): void;
  setSelection(ids: string[]): void;
  openLink(link: { a: string; b: string } | null): void;
  setPanel(panel: Panel | null): void;
  setNotice(notice: LabState['notice']): void;
  /** Plays until simulated time `t`, then pauses. */
  playTo(t: number): void;
  /** Seeks back to `from` and plays to `to` at the chosen speed (watching a console command's messages). */
  watch(from: number, to: number): Promise<void>;
  /** Replay every console command's messages right after its reply (remembered in this browser). */
  watchCommands: boolean;
  setWatchCommands(on: boolean): void;
  /** Applies a view that came with another answer (lessons, loads) and refreshes the panels. */
  applyView(v: FrameView, opts?: { reset?: boolean }): void;
  /** Appends lines to the console panel. */
  print(lines: readonly ShownLine[]): void;
  /** Asks the worker for the run record and keeps it (autosave, recovery). */
  snapshot(): Promise<SavedRun | null>;
}

const WATCH_KEY = 'zk-lab.watchCommands';

function savedWatchCommands(): boolean {
  try {
    return globalThis.localStorage?.getItem(WATCH_KEY) === '1';
  } catch {
    return false;
  }
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

/**
 * A whole view (an action's or a command's answer; frames while playing come as deltas, which keep unchanged
 * parts by construction): its parts and nodes whose content equals the shown view's keep the old objects.
 */
function share(prev: SimView | null, next: SimView): SimView {
  if (!prev) return next;
  const out = { ...next } as Record<string, unknown>;
  for (const k of FRAME_PARTS) if (JSON.stringify(prev[k]) === JSON.stringify(next[k])) out[k] = prev[k];
  // nodes that did not change keep their objects too, so only their own glyphs re-render
  const before = new Map(prev.nodes.map((n) => [n.id, n]));
  const nodes = next.nodes.map((n) => {
    const p = before.get(n.id);
    return p && JSON.stringify(p) === JSON.stringify(n) ? p : n;
  });
  out['nodes'] = nodes.length === prev.nodes.length && nodes.every((n, i) => n === prev.nodes[i]) ? prev.nodes : nodes;
  return out as unknown as SimView;
}

// ---- the store ------------------------------------------------------------------------------------

/** How the worker's answers arrived (whole views or deltas): for tests and the devtools console. */
export const frameCounts = { full: 0, delta: 0 };

let loopGeneration = 0;
let lastWall: number | null = null;
let eventsFetching = false;
let eventsFetchedAt = -Infinity;
let eventsSeq = 0;
let panelsAt = -Infinity;
/** The play loop's advance in flight, and its answer waiting for the next animation frame. */
let advancing = false;
let arrived: { generation: number; update: FrameUpdate } | null = null;
let scrubTarget: number | null = null;
let scrubbing = false;
const treeFetching = new Set<string>();

export const useLab = create<LabState>()((set, get) => {
  function setView(u: FrameUpdate): void {
    const prev = get().view;
    let view: SimView;
    if (isFrameDelta(u)) {
      if (!prev || prev.frame !== u.base) {
        // not the frame the delta was made against (cannot happen with in-order replies): ask for a whole view
        void get().api?.view().then(setView, fail);
        return;
      }
      view = applyFrameDelta(prev, u);
      frameCounts.delta++;
    } else {
      view = share(prev, u);
      frameCounts.full++;
    }
    const wall = performance.now();
    if (!get().playing) {
      panelsAt = wall;
      set({ view, panels: view });
    } else if (wall - panelsAt >= PANELS_EVERY_MS) {
      // while playing, the panels are refreshed in a task of their own right after this frame, so that their
      // render (several ms) does not add to the frame that draws the messages and the clock
      panelsAt = wall;
      set({ view });
      setTimeout(() => {
        if (get().playing) set({ panels: get().view });
      }, 0);
    } else set({ view });
    void refreshEvents(false);
    refreshTrees();
  }

  /** Fetches the trees on show whose version changed (one request per server at a time). */
  function refreshTrees(): void {
    const { api, view, treeServers, trees } = get();
    if (!api || !view) return;
    for (const id of treeServers) {
      const version = view.zk?.treeVersions[id];
      const have = trees[id];
      if (treeFetching.has(id)) continue;
      if (version === undefined) {
        if (have !== undefined && have !== null) set({ trees: { ...get().trees, [id]: null } });
        continue;
      }
      if (have !== undefined && (have?.version ?? `down`) === version) continue;
      if (have === null && version.startsWith('down')) continue;
      treeFetching.add(id);
      api
        .tree(id)
        .then((tree) => {
          treeFetching.delete(id);
          set({ trees: { ...get().trees, [id]: tree } });
          if (get().view?.zk?.treeVersions[id] !== (tree?.version ?? undefined)) refreshTrees();
        })
        .catch((e: unknown) => {
          treeFetching.delete(id);
          fail(e);
        });
    }
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

  /**
   * The play loop, pipelined: the worker computes the next frame while this one is drawn. Each animation frame
   * first applies the answer that arrived since the last one (so React renders inside the frame, right before
   * it is painted, and never in a task between frames), then asks for the next advance. When the worker has not
   * answered yet, the frame shows nothing new and the next one tries again; simulated time still follows wall
   * time, because each advance covers the wall time since the last request.
   */
  function frame(generation: number, wall: number): void {
    if (generation !== loopGeneration || !get().playing) return;
    requestAnimationFrame((w) => frame(generation, w));
    if (arrived && arrived.generation !== generation) arrived = null;
    if (arrived) {
      const v = arrived.update;
      arrived = null;
      setView(v);
      const stop = get().playUntil;
      if (stop !== null && get().view!.now >= stop) {
        set({ playUntil: null });
        get().pause();
        return;
      }
    }
    const { api, view, speed } = get();
    if (advancing || !api || !view) return;
    const dt = lastWall === null ? 0 : Math.min(Math.max(wall - lastWall, 0), MAX_FRAME_MS);
    lastWall = wall;
    const until = get().playUntil;
    let target = speed === SMART ? smartTarget(view, dt) : view.now + dt * speed;
    if (until !== null) target = Math.min(target, until);
    advancing = true;
    api
      .advanceTo(target, FRAME_BUDGET_MS, view.frame)
      .then((v) => {
        advancing = false;
        // still playing: the next animation frame applies it; paused or restarted meanwhile: apply it now, so
        // the view shows where the simulation is
        if (generation === loopGeneration && get().playing) arrived = { generation, update: v };
        else setView(v);
      })
      .catch((e: unknown) => {
        advancing = false;
        fail(e);
      });
  }

  function appendConsole(entries: ConsoleEntry[]): void {
    if (!entries.length) return;
    set({ consoleEntries: get().consoleEntries.concat(entries).slice(-CONSOLE_KEPT) });
  }

  return {
    api: null,
    config: { seed: DEFAULT_SEED },
    view: null,
    panels: null,
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
    trees: {},
    treeServers: [],
    dock: 'quorum',
    presenter: false,
    helpOpen: false,
    settingsOpen: false,
    selection: [],
    linkMenu: null,
    panel: null,
    lessons: null,
    scenarios: null,
    lesson: null,
    highlight: null,
    playUntil: null,
    watchCommands: savedWatchCommands(),
    notice: null,
    saved: null,

    connect(api) {
      set({ api });
    },

    async start(config = get().config, actions) {
      const { api } = get();
      if (!api) return;
      loopGeneration++;
      set({ playing: false, playUntil: null, config, menuNode: null, error: null });
      try {
        if (get().lesson) await api.lessonEnd();
        const v = await api.init(config, actions);
        set({ lesson: null, highlight: null });
        get().applyView(v, { reset: true });
        const commandNames = await api.commands();
        set({ commandNames });
        void get().snapshot();
      } catch (e) {
        fail(e);
      }
    },

    applyView(v, opts) {
      if (opts?.reset) {
        eventsSeq = 0;
        // another run: the console's spans to watch again belong to the old one
        const consoleEntries = get().consoleEntries.map((e) => (e.watch ? { ...e, watch: undefined } : e));
        set({ view: null, panels: null, events: [], importantEvents: [], trees: {}, selection: [], menuNode: null, linkMenu: null, consoleEntries });
      }
      setView(v);
    },

    print(lines) {
      appendConsole(lines.map((l) => entry(l.stream, l.text)));
    },

    async snapshot() {
      const { api } = get();
      if (!api) return null;
      try {
        const [record, v] = await Promise.all([api.record(), api.view()]);
        const saved = { record, now: v.now };
        set({ saved });
        return saved;
      } catch {
        return null;
      }
    },

    setPanel(panel) {
      set({ panel, ...(panel ? { menuNode: null, linkMenu: null } : {}) });
    },

    setNotice(notice) {
      set({ notice });
    },

    playTo(t) {
      const { view } = get();
      if (!view || !(t > view.now)) return;
      if (get().playing) get().pause();
      set({ playUntil: t });
      get().play();
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
      if (arrived?.generation === loopGeneration) setView(arrived.update);
      arrived = null;
      loopGeneration++;
      set({ playing: false, panels: get().view, playUntil: null });
      void refreshEvents(true);
    },

    togglePlay() {
      if (get().playing) get().pause();
      else get().play();
    },

    setSpeed(speed) {
      if (Number.isFinite(speed) && speed >= 0) set({ speed });
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
        setView(await api.advanceTo(t));
        return get().view;
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
        if (r.ok) void get().snapshot();
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
      const input = get().consoleEntries.at(-1);
      const before = get().view;
      try {
        const r = await api.command(line);
        setView(r.view);
        // the console runs the world until the reply: a command that sent messages can be watched again
        const after = get().view;
        const watch = input && before && after && after.now > before.now && after.totals.sent > before.totals.sent ? { from: before.now, to: after.now } : null;
        if (watch) set({ consoleEntries: get().consoleEntries.map((e) => (e.id === input?.id ? { ...e, watch } : e)) });
        appendConsole(r.lines.map((l) => entry(l.stream, l.text)));
        const last = r.lines.at(-1);
        if (last) set({ announcement: last.text });
        void get().snapshot();
        // not inside a lesson: its steps check the run as it goes and replay their own parts
        if (watch && get().watchCommands && !get().lesson) void get().watch(watch.from, watch.to);
      } catch (e) {
        appendConsole([entry('err', `error: ${describeError(e)}`)]);
      }
    },

    async watch(from, to) {
      if (get().playing) get().pause();
      await get().seek(from);
      get().playTo(to);
    },

    setWatchCommands(on) {
      set({ watchCommands: on });
      try {
        globalThis.localStorage?.setItem(WATCH_KEY, on ? '1' : '0');
      } catch {
        // storage may be unavailable
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

    scrubTo(t) {
      const { api } = get();
      if (!api) return;
      if (get().playing) get().pause();
      scrubTarget = t;
      if (scrubbing) return;
      scrubbing = true;
      const next = () => {
        const target = scrubTarget;
        scrubTarget = null;
        if (target === null) {
          scrubbing = false;
          return;
        }
        api
          .seek(target)
          .then((v) => {
            setView(v);
            next();
          })
          .catch((e: unknown) => {
            scrubbing = false;
            fail(e);
          });
      };
      next();
    },

    showTrees(servers) {
      const cur = get().treeServers;
      if (cur.length === servers.length && cur.every((x, i) => x === servers[i])) return;
      set({ treeServers: servers });
      refreshTrees();
    },

    setDock(dock) {
      set({ dock });
    },

    setPresenter(presenter) {
      set({ presenter });
    },

    setHelp(helpOpen) {
      set({ helpOpen });
    },

    setSettings(settingsOpen) {
      set({ settingsOpen });
    },

    setSelection(selection) {
      set({ selection });
    },

    openLink(linkMenu) {
      set({ linkMenu, ...(linkMenu ? { menuNode: null } : {}) });
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
    __zkLabFrames?: typeof frameCounts;
  }
}

/**
 * The simulation service behind the worker: owns the one `Simulation` of this tab, its console and (when a
 * lesson plays) the `LessonRunner` driving it, and implements `SimApi`. Everything is synchronous plain
 * data in, plain data out, so `sim.worker.ts` only exposes it over Comlink and the tests call it directly
 * in Node.
 */
import { Simulation } from '../sim/simulation';
import { SimConfigSchema } from '../sim/config';
import { createConsole } from '../console/interpreter';
import type { Console } from '../console/interpreter';
import '../console/register';
import { arrowsOf, faultBands, islandsOf, kafkaGroupsOf, kafkaViewOf, replicaFilesOf, zkDomainView, zkServerIdsOf, zkTreeOf } from '../sim/views';
import { LESSONS, LessonRunner, SCENARIOS, lessonById, loadScenario, scenarioById } from '../lessons';
import type { ActionOutcome, Lesson, Step } from '../lessons';
import { decodeRunFromUrlParam, encodeRunToUrlParam, exportRun, importRun, importRunObject, MAX_ACTION_AT_MS, RUN_FORMAT, RUN_VERSION } from '../share/runCodec';
import type { ImportResult } from '../share/runCodec';
import { FrameEncoder, KafkaEncoder } from './frameDelta';
import type {
  ActResult,
  CommandResult,
  FrameView,
  LessonInfo,
  LessonOutcome,
  LoadResult,
  ScenarioInfo,
  ShownLine,
  SimApi,
  StepInfo,
} from './api';

function serverNodes(s: Simulation): string[] {
  return s.world.nodeIds().filter((id) => s.world.spec(id).role === 'server');
}

/**
 * Sides of the network to draw as separated islands: the ensemble servers split by direct links among
 * themselves (ZooKeeper servers talk only to each other, so a broker or client that still reaches both
 * sides does not join them), and the same for the brokers. One group when nothing is split.
 */
export function islandsView(s: Simulation, blocked: ReadonlyArray<readonly [string, string]>): string[][] {
  const servers = serverNodes(s);
  if (!blocked.length) return [servers];
  const byKind = new Map<string, string[]>();
  for (const id of servers) {
    const kind = s.world.spec(id).kind;
    byKind.set(kind, [...(byKind.get(kind) ?? []), id]);
  }
  const out: string[][] = [];
  for (const ids of byKind.values()) {
    const comps = islandsOf(ids, blocked);
    if (comps.length > 1) out.push(...comps);
  }
  return out.length ? out : [servers];
}

/** The kernel's view plus the domain view models the panels draw. */
export function frameOf(s: Simulation): FrameView {
  const v = s.view();
  return {
    ...v,
    zk: zkServerIdsOf(s.world).length ? zkDomainView(s.world) : null,
    bands: faultBands(s.timedActions()),
    nextEventAt: s.world.nextEventTime() ?? null,
    islands: islandsView(s, v.blocked),
    links: Object.entries(s.world.network.overridesFor())
      .map(([key, c]) => {
        const [from = '', to = ''] = key.split('>');
        return { from, to, lossPct: (c.loss ?? 0) * 100, delayMs: c.extraDelayMs ?? 0 };
      })
      .filter((l) => l.lossPct > 0 || l.delayMs > 0),
  };
}

/** A lesson's text and structure for the player (predicates stay in the worker). */
export function lessonInfo(l: Lesson): LessonInfo {
  return {
    id: l.id,
    title: l.title,
    summary: l.summary,
    level: l.level,
    ...(l.requires ? { requires: l.requires } : {}),
    steps: l.steps.map(stepInfo),
    quiz: l.quiz,
  };
}

function stepInfo(s: Step): StepInfo {
  return {
    id: s.id,
    kind: s.kind,
    narration: s.narration,
    ...(s.highlight ? { highlight: s.highlight } : {}),
    ...(s.waitFor ? { waitLabel: s.waitFor.label } : {}),
    ...(s.kind === 'try' ? { task: s.task, ...(s.hint ? { hint: s.hint } : {}) } : {}),
  };
}

/** Console lines for what a lesson step did: each console line echoed as input, then its output. */
function outcomeLines(outcomes: readonly ActionOutcome[]): ShownLine[] {
  const out: ShownLine[] = [];
  for (const o of outcomes) {
    // console lines are echoed as input; kernel actions ("zk2 crashed") as a note
    out.push({ stream: o.console ? 'in' : 'info', text: o.what });
    out.push(...o.lines);
    if (!o.ok && o.error && !o.lines.some((l) => l.text === o.error)) out.push({ stream: 'err', text: o.error });
  }
  return out;
}

interface LessonSession {
  lesson: Lesson;
  runner: LessonRunner;
  /** Index of the step on show (-1 before the first). */
  index: number;
  /** Where the last step's run ended: a later step first runs up to here (the UI may replay it slower). */
  endedAt: number;
}

export function createSimService(): SimApi {
  let sim: Simulation | undefined;
  let console_: Console | undefined;
  let session: LessonSession | null = null;
  const encoder = new FrameEncoder();
  const kafkaEncoder = new KafkaEncoder();
  /** Every view handed out is numbered and becomes the baseline of the next frame delta. */
  const sent = (s: Simulation): FrameView => encoder.full(frameOf(s));

  function current(): Simulation {
    if (!sim) throw new Error('the simulation has not been started (call init first)');
    return sim;
  }

  function shell(): Console {
    if (!console_) console_ = createConsole(current());
    return console_;
  }

  function replace(next: Simulation, nextConsole?: Console): void {
    sim = next;
    console_ = nextConsole;
    session = null;
  }

  function loaded(r: ImportResult, until?: number): LoadResult {
    if (!r.ok) return { ok: false, error: r.error };
    let next: Simulation;
    try {
      next = new Simulation(r.record.config, r.record.actions);
    } catch (e) {
      return { ok: false, error: `this run could not be started: ${(e as Error).message}` };
    }
    const last = r.record.actions.at(-1)?.at ?? 0;
    const target = until !== undefined && Number.isFinite(until) ? Math.min(Math.max(until, 0), MAX_ACTION_AT_MS) : last;
    next.runUntil(target);
    replace(next);
    return { ok: true, view: sent(next) };
  }

  function lessonNow(): LessonSession {
    if (!session) throw new Error('no lesson is playing');
    return session;
  }

  function lessonView(s: LessonSession): LessonOutcome['view'] {
    return sent(s.runner.sim);
  }

  /** Brings the lesson's run up to where its last step ended (the UI may have replayed it only part way). */
  function catchUp(s: LessonSession): void {
    const now = s.runner.sim.now;
    if (now < s.endedAt) s.runner.sim.runUntil(s.endedAt);
  }

  const api: SimApi = {
    init(config, actions = []) {
      replace(new Simulation(config, actions));
      return sent(current());
    },
    checkConfig(config) {
      const r = SimConfigSchema.safeParse(config);
      return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
    },
    advanceTo(t, budgetMs, have) {
      const s = current();
      const reply = () => encoder.update(frameOf(s), typeof have === 'number' ? have : undefined);
      if (!Number.isFinite(t) || t <= s.now) return reply();
      if (budgetMs === undefined || !(budgetMs > 0)) {
        s.runUntil(t);
        return reply();
      }
      // in chunks, so we can stop when the frame's budget is spent (running to any instant is deterministic)
      const started = performance.now();
      const chunk = Math.max((t - s.now) / 16, 0.001);
      while (s.now < t) {
        s.runUntil(Math.min(t, s.now + chunk));
        if (performance.now() - started > budgetMs) break;
      }
      return reply();
    },
    step() {
      const s = current();
      s.step();
      return sent(s);
    },
    seek(t) {
      const s = current();
      if (Number.isFinite(t)) s.seek(t);
      return sent(s);
    },
    act(action): ActResult {
      const s = current();
      const r = s.tryAct(action);
      return r.ok ? { ok: true, message: r.message, view: sent(s) } : { ok: false, error: r.error, view: sent(s) };
    },
    command(line): CommandResult {
      const r = session ? session.runner.exec(line) : shell().exec(line);
      return { lines: r.lines, ...(r.quit ? { quit: true } : {}), view: sent(current()) };
    },
    commands() {
      return shell().commands();
    },
    view() {
      return sent(current());
    },
    tree(server) {
      return zkTreeOf(current().world, server);
    },
    arrows(fromT) {
      const s = current();
      const recs = s.traceSince(0, 1_000_000).filter((r) => r.t >= fromT && (r.kind === 'send' || r.kind === 'deliver' || r.kind === 'drop'));
      // the messages in flight straight from the network (a whole view() per fetch was most of its cost)
      return arrowsOf(recs, s.world.inFlight());
    },
    kafka() {
      return kafkaViewOf(current().world);
    },
    kafkaUpdate(have) {
      return kafkaEncoder.update(kafkaViewOf(current().world), typeof have === 'number' ? have : undefined);
    },
    kafkaGroups() {
      return kafkaGroupsOf(current().world);
    },
    replicaFiles(node, tp) {
      if (typeof node !== 'string' || typeof tp !== 'string') return null;
      return replicaFilesOf(current().world, node, tp);
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

    // ---- runs as files and links -----------------------------------------------------------------
    exportRun() {
      return exportRun(current());
    },
    shareParam() {
      return encodeRunToUrlParam(current().record());
    },
    importRun(text, until) {
      return loaded(importRun(text), until);
    },
    loadUrlParam(param, until) {
      return loaded(decodeRunFromUrlParam(param), until);
    },
    loadRecord(record, until) {
      // a record from this tab's own autosave still goes through the file validation
      return loaded(importRunObject({ format: RUN_FORMAT, version: RUN_VERSION, config: record?.config, actions: record?.actions }), until);
    },

    // ---- scenarios ------------------------------------------------------------------------------------
    scenarios(): ScenarioInfo[] {
      return SCENARIOS.map((s) => ({
        id: s.id,
        title: s.title,
        description: s.description,
        expect: s.expect,
        ...(s.requires ? { requires: s.requires } : {}),
        durationMs: s.durationMs,
        seed: s.seed,
        servers: s.config.zk?.servers ?? 3,
        brokers: s.config.brokers ?? 0,
        ...(s.highlight ? { highlight: s.highlight } : {}),
      }));
    },
    loadScenario(id) {
      const s = scenarioById(id);
      if (!s) return { ok: false, error: `unknown scenario: ${id}` };
      try {
        replace(loadScenario(s));
      } catch (e) {
        return { ok: false, error: `scenario ${id} could not be loaded: ${(e as Error).message}` };
      }
      return { ok: true, view: sent(current()) };
    },

    // ---- lessons --------------------------------------------------------------------------------------
    lessons(): LessonInfo[] {
      return LESSONS.map(lessonInfo);
    },
    lessonStart(id) {
      const lesson = lessonById(id);
      if (!lesson) return { ok: false, error: `unknown lesson: ${id}` };
      let runner: LessonRunner;
      try {
        runner = new LessonRunner(lesson);
      } catch (e) {
        return { ok: false, error: `lesson ${id} could not start: ${(e as Error).message}` };
      }
      replace(runner.sim, runner.console);
      session = { lesson, runner, index: -1, endedAt: 0 };
      return { ok: true, lesson: lessonInfo(lesson), view: lessonView(session), config: runner.sim.record().config, lines: runner.takeUnshown() };
    },
    lessonRunStep(index) {
      const s = lessonNow();
      if (!Number.isInteger(index) || index < 0 || index >= s.lesson.steps.length) throw new Error(`no step ${index} in lesson ${s.lesson.id}`);
      catchUp(s);
      const r = s.runner.runStep(index);
      s.index = index;
      s.endedAt = r.endedAt;
      const step = s.lesson.steps[index] as Step;
      return {
        index,
        startedAt: r.startedAt,
        endedAt: r.endedAt,
        ...(r.waitReached !== undefined ? { waitReached: r.waitReached } : {}),
        claims: r.claims,
        lines: [...s.runner.takeUnshown(), ...outcomeLines(r.actions)],
        done: step.kind === 'try' ? s.runner.tried(index) : true,
        view: lessonView(s),
      };
    },
    lessonCheck() {
      const s = lessonNow();
      const step = s.lesson.steps[s.index];
      const done = step?.kind === 'try' ? s.runner.tried(s.index) : true;
      return { done, lines: s.runner.takeUnshown(), ...(done && step ? { claims: s.runner.checkClaims(step) } : {}) };
    },
    lessonSolve() {
      const s = lessonNow();
      const step = s.lesson.steps[s.index];
      if (!step || step.kind !== 'try') throw new Error('this step has nothing to try');
      catchUp(s);
      const startedAt = s.runner.sim.now;
      const r = s.runner.solve(s.index);
      s.endedAt = s.runner.sim.now;
      return {
        index: s.index,
        startedAt,
        endedAt: s.endedAt,
        claims: r.claims,
        lines: [...s.runner.takeUnshown(), ...outcomeLines(r.actions)],
        done: r.ok,
        view: lessonView(s),
      };
    },
    lessonEnd() {
      if (session) {
        // the run stays; only the lesson's bookkeeping goes
        console_ = session.runner.console;
        session = null;
      }
    },
  };
  return api;
}

/**
 * Lessons, scenarios and runs as files or links, on top of the one store: every function here asks the
 * worker and then updates `useLab`. The lesson player runs a step in the worker (which runs simulated time
 * until the step's wait condition holds), then seeks back to the step's start and replays it at a watchable
 * speed; a later step (or "show me") first catches up. Replaying is exact because the run is deterministic.
 */
import { useLab } from './store';
import type { DockTab, LessonPlay } from './store';
import type { FrameView, Highlight, LessonOutcome, LoadResult, Question, SimConfigInput } from '../worker/api';
import { pickChoice } from './QuizQuestion';

function apiOrNull() {
  return useLab.getState().api;
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Which dock tab shows a highlighted view. */
export function dockFor(view: Highlight['view']): DockTab | null {
  switch (view) {
    case 'tree':
      return 'tree';
    case 'quorum':
      return 'quorum';
    case 'messages':
      return 'spacetime';
    case 'partitions':
    case 'log':
    case 'groups':
      return 'kafka';
    default:
      return null;
  }
}

function showHighlight(highlight: Highlight[] | undefined): void {
  const st = useLab.getState();
  useLab.setState({ highlight: highlight?.length ? highlight : null });
  for (const h of highlight ?? []) {
    const tab = dockFor(h.view);
    if (tab) {
      st.setDock(tab);
      break;
    }
  }
}

function patchLesson(patch: Partial<LessonPlay>): void {
  const l = useLab.getState().lesson;
  if (l) useLab.setState({ lesson: { ...l, ...patch } });
}

export async function fetchLessons(): Promise<void> {
  const api = apiOrNull();
  if (!api || useLab.getState().lessons) return;
  try {
    useLab.setState({ lessons: await api.lessons() });
  } catch (e) {
    useLab.setState({ error: describe(e) });
  }
}

export async function fetchScenarios(): Promise<void> {
  const api = apiOrNull();
  if (!api || useLab.getState().scenarios) return;
  try {
    useLab.setState({ scenarios: await api.scenarios() });
  } catch (e) {
    useLab.setState({ error: describe(e) });
  }
}

async function refreshCommands(): Promise<void> {
  const api = apiOrNull();
  if (api) useLab.setState({ commandNames: await api.commands() });
}

/** After a step ran in the worker: show its view at the end, then replay it from its start. */
async function replay(r: LessonOutcome): Promise<void> {
  const st = useLab.getState();
  st.print(r.lines);
  st.applyView(r.view);
  void st.snapshot();
  if (r.endedAt > r.startedAt) {
    await st.seek(r.startedAt);
    useLab.getState().playTo(r.endedAt);
  }
}

export async function startLesson(id: string): Promise<void> {
  const api = apiOrNull();
  if (!api) return;
  const st = useLab.getState();
  st.pause();
  useLab.setState({ panel: null });
  try {
    const r = await api.lessonStart(id);
    if (!r.ok) {
      useLab.setState({ error: r.error });
      return;
    }
    useLab.setState({
      config: r.config,
      lesson: { info: r.lesson, index: 0, outcome: null, outcomes: {}, furthest: -1, busy: true, done: false, hint: false, answers: {} },
    });
    st.applyView(r.view, { reset: true });
    st.print([{ stream: 'info', text: `— ${r.lesson.title[lang()]} —` }, ...r.lines]);
    await refreshCommands();
    await runStep(0);
  } catch (e) {
    useLab.setState({ error: describe(e) });
  }
}

function lang(): 'ko' | 'en' {
  return document.documentElement.lang === 'ko' ? 'ko' : 'en';
}

export async function runStep(index: number): Promise<void> {
  const api = apiOrNull();
  const lesson = useLab.getState().lesson;
  if (!api || !lesson) return;
  const step = lesson.info.steps[index];
  if (!step) return;
  useLab.getState().pause();
  patchLesson({ index, outcome: null, busy: true, done: false, hint: false });
  showHighlight(step.highlight);
  try {
    const r = await api.lessonRunStep(index);
    const now = useLab.getState().lesson;
    patchLesson({ outcome: r, outcomes: { ...now?.outcomes, [index]: r }, furthest: Math.max(now?.furthest ?? -1, index), busy: false, done: r.done });
    await replay(r);
  } catch (e) {
    patchLesson({ busy: false });
    useLab.setState({ error: describe(e) });
  }
}

/** Shows a step that has already run (going back and forth), without running it again. */
function showStep(lesson: LessonPlay, index: number): void {
  patchLesson({ index, outcome: lesson.outcomes[index] ?? null, done: true, hint: false });
  showHighlight(lesson.info.steps[index]?.highlight);
}

/** Next step (run it if it has not run yet), or the quiz after the last one. */
export async function nextStep(): Promise<void> {
  const lesson = useLab.getState().lesson;
  if (!lesson || lesson.busy) return;
  const next = lesson.index + 1;
  if (next <= lesson.furthest) return showStep(lesson, next);
  if (next < lesson.info.steps.length) return runStep(next);
  useLab.getState().pause();
  patchLesson({ index: lesson.info.steps.length, outcome: null, done: false });
  useLab.setState({ highlight: null });
}

/** Back to the step before (its narration; the run is not undone — "watch again" or the timeline show it). */
export function previousStep(): void {
  const lesson = useLab.getState().lesson;
  if (!lesson || lesson.busy || lesson.index === 0) return;
  showStep(lesson, Math.min(lesson.index, lesson.info.steps.length) - 1);
}

/** "Show me": the intended solution of a try step. */
export async function solveStep(): Promise<void> {
  const api = apiOrNull();
  const lesson = useLab.getState().lesson;
  if (!api || !lesson || lesson.busy) return;
  useLab.getState().pause();
  patchLesson({ busy: true });
  try {
    const r = await api.lessonSolve();
    const now = useLab.getState().lesson;
    patchLesson({ outcome: r, outcomes: { ...now?.outcomes, [r.index]: r }, busy: false, done: r.done });
    await replay(r);
  } catch (e) {
    patchLesson({ busy: false });
    useLab.setState({ error: describe(e) });
  }
}

let checking = false;
/** Try steps: asks the worker whether the student has done the task (after each action, and while playing). */
export async function checkLesson(): Promise<void> {
  const api = apiOrNull();
  const lesson = useLab.getState().lesson;
  if (!api || !lesson || lesson.busy || lesson.done || checking) return;
  if (lesson.info.steps[lesson.index]?.kind !== 'try') return;
  checking = true;
  try {
    const r = await api.lessonCheck();
    useLab.getState().print(r.lines);
    const now = useLab.getState().lesson;
    if (r.done && now && now.index === lesson.index) {
      const outcome = now.outcome ? { ...now.outcome, claims: r.claims ?? now.outcome.claims, done: true } : now.outcome;
      patchLesson({ done: true, outcome, ...(outcome ? { outcomes: { ...now.outcomes, [now.index]: outcome } } : {}) });
    }
  } catch {
    // a failed check is retried on the next action
  } finally {
    checking = false;
  }
}

export function toggleAnswer(q: Question, choiceId: string): void {
  const lesson = useLab.getState().lesson;
  if (!lesson) return;
  patchLesson({ answers: { ...lesson.answers, [q.id]: pickChoice(q, lesson.answers[q.id] ?? [], choiceId) } });
}

export async function endLesson(): Promise<void> {
  const api = apiOrNull();
  useLab.setState({ lesson: null, highlight: null });
  if (api) await api.lessonEnd();
}

/**
 * Shows a run the worker has just loaded (file, link, autosave, scenario): a clean slate in the UI, the notice,
 * and the configuration taken from the snapshot the autosave keeps anyway.
 */
export async function adoptRun(view: FrameView, noticeKey: string, values?: Record<string, string | number>): Promise<void> {
  const st = useLab.getState();
  useLab.setState({ lesson: null, highlight: null, panel: null, notice: { key: noticeKey, ...(values ? { values } : {}) } });
  st.applyView(view, { reset: true });
  const saved = await st.snapshot();
  if (saved) useLab.setState({ config: saved.record.config as SimConfigInput });
  await refreshCommands();
}

/** Adopts a loaded run, or says why it was refused (the current run is kept). */
async function applyLoad(r: LoadResult, noticeKey: string, values?: Record<string, string | number>): Promise<boolean> {
  if (!r.ok) {
    useLab.setState({ notice: { key: 'learn.share.refused', values: { error: r.error } } });
    return false;
  }
  await adoptRun(r.view, noticeKey, values);
  return true;
}

export async function loadScenario(id: string): Promise<void> {
  const api = apiOrNull();
  if (!api) return;
  const st = useLab.getState();
  st.pause();
  try {
    const info = useLab.getState().scenarios?.find((s) => s.id === id);
    const ok = await applyLoad(await api.loadScenario(id), 'learn.scenarios.loaded', { title: info ? info.title[lang()] : id });
    if (ok && info) {
      useLab.setState({ highlight: info.highlight ?? null });
      useLab.getState().play();
    }
  } catch (e) {
    useLab.setState({ error: describe(e) });
  }
}

export async function importRunText(text: string): Promise<boolean> {
  const api = apiOrNull();
  if (!api) return false;
  useLab.getState().pause();
  try {
    return await applyLoad(await api.importRun(text), 'learn.share.imported');
  } catch (e) {
    useLab.setState({ error: describe(e) });
    return false;
  }
}

/** `#run=…&t=…` in the address: the run of a shared link, at the instant it was shared. */
export function linkParams(hash: string): { run: string; t?: number } | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const run = params.get('run');
  if (run === null) return null;
  const t = Number(params.get('t'));
  return { run, ...(params.has('t') && Number.isFinite(t) && t >= 0 ? { t } : {}) };
}

/** Loads a shared link; a broken or tampered link leaves a clear message and a fresh default run. */
export async function loadFromLink(run: string, t?: number): Promise<boolean> {
  const api = apiOrNull();
  if (!api) return false;
  try {
    const r = await api.loadUrlParam(run, t);
    if (r.ok) return await applyLoad(r, 'learn.share.fromLink');
    await useLab.getState().start({ seed: useLab.getState().config.seed });
    useLab.setState({ notice: { key: 'learn.share.badLink', values: { error: r.error } } });
    return false;
  } catch (e) {
    useLab.setState({ error: describe(e) });
    return false;
  }
}

/** The address that replays this run up to now. */
export async function shareUrl(): Promise<string | null> {
  const api = apiOrNull();
  const view = useLab.getState().view;
  if (!api || !view) return null;
  const param = await api.shareParam();
  const url = new URL(location.href);
  url.search = '';
  const lang = document.documentElement.lang;
  if (lang) url.searchParams.set('lang', lang);
  url.hash = `run=${param}&t=${Math.round(view.now)}`;
  return url.toString();
}

export async function exportRunJson(): Promise<string | null> {
  const api = apiOrNull();
  return api ? api.exportRun() : null;
}

/** Offers text as a file download. */
export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// try steps are checked after every action (a new snapshot follows each one) and while time passes
let lastCheckAt = 0;
useLab.subscribe((s, prev) => {
  const l = s.lesson;
  if (!l || l.busy || l.done || l.info.steps[l.index]?.kind !== 'try') return;
  if (s.saved !== prev.saved) {
    void checkLesson();
    return;
  }
  if (s.view !== prev.view && s.view && Math.abs(s.view.now - lastCheckAt) >= 250) {
    lastCheckAt = s.view.now;
    void checkLesson();
  }
});

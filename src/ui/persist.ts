/**
 * Keeping the user's run: autosave to IndexedDB (reload the page and the run is still there), the start-up
 * order (a shared link, then explicit `?seed=` parameters, then the autosave, then a fresh run), and
 * recovery when the simulation worker dies (the run is rebuilt from its seed and action log in a new
 * worker, at the instant it had reached).
 *
 * What is saved is only the run record (configuration incl. seed + timed actions) and the simulated
 * instant: the simulation is deterministic, so that is the whole run.
 */
import { get as idbGet, set as idbSet } from 'idb-keyval';
import { useLab } from './store';
import type { SavedRun } from './store';
import { adoptRun, linkParams, loadFromLink, startLesson } from './learn';
import type { SimConfigInput } from '../worker/api';
import type { SimRemote } from '../worker/client';

export const AUTOSAVE_KEY = 'zk-lab.autosave.v1';
/** How often the simulated instant is saved while time passes (wall ms). */
const SAVE_EVERY_MS = 3000;
/** A worker that has not answered a ping for this long is considered dead (wall ms). */
const WATCHDOG_MS = 30_000;

function isSavedRun(v: unknown): v is SavedRun {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  const r = o['record'] as Record<string, unknown> | undefined;
  return typeof o['now'] === 'number' && Number.isFinite(o['now']) && typeof r === 'object' && r !== null && typeof r['config'] === 'object' && Array.isArray(r['actions']);
}

export async function readAutosave(): Promise<SavedRun | null> {
  try {
    const v: unknown = await idbGet(AUTOSAVE_KEY);
    return isSavedRun(v) ? v : null;
  } catch {
    return null; // IndexedDB unavailable (private mode, blocked storage): nothing to restore
  }
}

let lastWritten = '';
async function write(saved: SavedRun): Promise<void> {
  const key = `${saved.record.actions.length}:${saved.now}:${JSON.stringify(saved.record.config).length}`;
  if (key === lastWritten) return;
  lastWritten = key;
  try {
    await idbSet(AUTOSAVE_KEY, saved);
  } catch {
    // storage full or unavailable: the run simply is not autosaved
  }
}

/** Saves on every new snapshot (each action) and, while time passes, the instant every few seconds. */
export function startAutosave(): () => void {
  const unsubscribe = useLab.subscribe((s, prev) => {
    if (s.saved && s.saved !== prev.saved) void write(s.saved);
  });
  const timer = setInterval(() => {
    const { saved, view } = useLab.getState();
    if (saved && view && view.now !== saved.now) void write({ record: saved.record, now: view.now });
  }, SAVE_EVERY_MS);
  const onHide = () => {
    const { saved, view } = useLab.getState();
    if (saved && view) void write({ record: saved.record, now: view.now });
  };
  addEventListener('pagehide', onHide);
  return () => {
    unsubscribe();
    clearInterval(timer);
    removeEventListener('pagehide', onHide);
  };
}

/** Loads a saved run into the worker; false if it was refused (then nothing changed). */
async function restore(saved: SavedRun, noticeKey: string, values?: Record<string, string | number>): Promise<boolean> {
  const api = useLab.getState().api;
  if (!api) return false;
  const r = await api.loadRecord(saved.record, saved.now);
  if (!r.ok) return false;
  await adoptRun(r.view, noticeKey, values);
  return true;
}

/**
 * The first run of the page: a shared link (`#run=`), else explicit `?seed=/zk=/brokers=` parameters, else
 * the autosave, else a fresh run with the default seed.
 */
export async function boot(explicit: SimConfigInput | null, fallback: SimConfigInput): Promise<void> {
  const st = useLab.getState();
  const link = linkParams(location.hash);
  if (link) {
    await loadFromLink(link.run, link.t);
    // the run now lives in the autosave: a reload keeps the user's later changes instead of the link's state
    history.replaceState(null, '', location.pathname + location.search);
    return;
  }
  // `?lesson=zk-why`: a teacher's link straight into a lesson
  const lesson = new URLSearchParams(location.search).get('lesson');
  if (lesson && /^[a-z0-9-]{1,60}$/.test(lesson)) {
    await st.start(explicit ?? fallback);
    await startLesson(lesson);
    return;
  }
  if (explicit) return st.start(explicit);
  const saved = await readAutosave();
  if (saved && (await restore(saved, 'learn.share.restored', { t: (saved.now / 1000).toFixed(1) }))) return;
  return st.start(fallback);
}

// ---- the worker dying -----------------------------------------------------------------------------------

export interface WorkerHandle {
  api: SimRemote;
  worker: Worker;
}

let recovering = false;

/**
 * Watches the worker: an uncaught error, a message that cannot be read, or no answer to a ping for
 * WATCHDOG_MS ⇒ a new worker is started and the run rebuilt from the last snapshot (seed + actions) at the
 * instant it had reached.
 */
export function watchWorker(start: () => WorkerHandle, first: WorkerHandle): void {
  let current = first;
  const attach = (h: WorkerHandle) => {
    const onDeath = (reason: string) => (e: Event) => {
      e.preventDefault?.();
      const msg = e instanceof ErrorEvent && e.message ? e.message : reason;
      void recover(msg);
    };
    h.worker.addEventListener('error', onDeath('error'));
    h.worker.addEventListener('messageerror', onDeath('messageerror'));
  };
  const recover = async (reason: string) => {
    if (recovering) return;
    recovering = true;
    try {
      const st = useLab.getState();
      st.pause();
      const { saved, view, config } = st;
      const at = Math.max(view?.now ?? 0, saved?.now ?? 0);
      current.worker.terminate();
      current = start();
      attach(current);
      st.connect(current.api);
      const ok = saved && (await restore({ record: saved.record, now: at }, 'learn.worker.recovered', { reason }));
      if (!ok) {
        await useLab.getState().start(config);
        useLab.setState({ notice: { key: 'learn.worker.restarted', values: { reason } } });
      }
    } finally {
      recovering = false;
    }
  };
  attach(first);
  // a worker that stopped answering (killed without an error event) is found by a ping
  let pinging = false;
  setInterval(() => {
    if (pinging || recovering || document.visibilityState !== 'visible') return;
    pinging = true;
    const api = current.api;
    let answered = false;
    void api
      .traceHash()
      .catch(() => undefined)
      .finally(() => {
        answered = true;
        pinging = false;
      });
    setTimeout(() => {
      if (!answered && api === current.api) {
        pinging = false;
        void recover('the simulation stopped answering');
      }
    }, WATCHDOG_MS);
  }, WATCHDOG_MS);
  // for tests and the curious: kill the worker the hard way
  window.__zkLabWorker = {
    crash: () => current.worker.postMessage({ type: '__crash' }),
    kill: () => current.worker.terminate(),
  };
}

declare global {
  interface Window {
    __zkLabWorker?: { crash(): void; kill(): void };
  }
}

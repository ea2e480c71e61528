/**
 * Entry point: i18n, the simulation worker, the store, then React. The worker owns the simulation; this
 * thread only draws the views it sends back.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LANGUAGES, initI18n } from './i18n';
import { startSimWorker } from './worker/client';
import { DEFAULT_SEED, SPEEDS, frameCounts, useLab } from './ui/store';
import { App } from './ui/App';
import { boot, startAutosave, watchWorker } from './ui/persist';
import type { SimConfigInput } from './worker/api';
import './ui/styles.css';

/** Address parameters that were given but are not values of theirs (said in a notice once the run is up). */
const ignoredParams: string[] = [];

function intParam(params: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const raw = params.get(name);
  if (raw === null) return undefined;
  const n = Number(raw);
  if (/^\d+$/.test(raw) && n >= min && n <= max) return n;
  ignoredParams.push(`${name}=${raw.slice(0, 40)} (${min}–${max})`);
  return undefined;
}

/**
 * `?seed=7&zk=5&brokers=3` pick a fresh run (invalid values fall back to the defaults, and a notice says which);
 * null when the address names none of them (then the autosave, if any, is restored).
 */
function configFromUrl(params: URLSearchParams): SimConfigInput | null {
  if (!['seed', 'zk', 'brokers'].some((k) => params.has(k))) return null;
  const seed = intParam(params, 'seed', 0, 0xffffffff) ?? DEFAULT_SEED;
  const zk = intParam(params, 'zk', 0, 9);
  const brokers = intParam(params, 'brokers', 0, 12);
  return {
    seed,
    ...(zk !== undefined ? { zk: { servers: zk } } : {}),
    ...(brokers !== undefined ? { brokers } : {}),
  };
}

initI18n();

const params = new URLSearchParams(location.search);
const first = startSimWorker();
const store = useLab.getState();
store.connect(first.api);
watchWorker(startSimWorker, first);
const speedParam = params.get('speed');
const speed = Number(speedParam);
if (speedParam !== null && SPEEDS.some((s) => s.value === speed)) store.setSpeed(speed);
else if (speedParam !== null) ignoredParams.push(`speed=${speedParam.slice(0, 40)} (${SPEEDS.map((s) => s.value).join(', ')})`);
const langParam = params.get('lang');
if (langParam !== null && !(LANGUAGES as readonly string[]).includes(langParam)) ignoredParams.push(`lang=${langParam.slice(0, 40)} (${LANGUAGES.join(', ')})`);
window.__zkLab = useLab;
window.__zkLabFrames = frameCounts;
// `?fresh=1` ignores the autosave (tests, or a clean start)
const explicit = configFromUrl(params) ?? (params.get('fresh') === '1' ? { seed: DEFAULT_SEED } : null);
void boot(explicit, { seed: DEFAULT_SEED }).then(() => {
  // after the boot, whose own notices (a restored run, a refused link) would replace this one
  if (ignoredParams.length && !useLab.getState().notice) useLab.getState().setNotice({ key: 'url.ignored', values: { list: ignoredParams.join(', ') } });
  startAutosave();
  if (params.get('play') === '1') useLab.getState().play();
});

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );

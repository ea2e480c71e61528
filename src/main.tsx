/**
 * Entry point: i18n, the simulation worker, the store, then React. The worker owns the simulation; this
 * thread only draws the views it sends back.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { initI18n } from './i18n';
import { startSimWorker } from './worker/client';
import { DEFAULT_SEED, SPEEDS, frameCounts, useLab } from './ui/store';
import { App } from './ui/App';
import { boot, startAutosave, watchWorker } from './ui/persist';
import type { SimConfigInput } from './worker/api';
import './ui/styles.css';

function intParam(params: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const raw = params.get(name);
  if (raw === null || !/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= min && n <= max ? n : undefined;
}

/**
 * `?seed=7&zk=5&brokers=3` pick a fresh run (invalid values fall back to the defaults); null when the address
 * names none of them (then the autosave, if any, is restored).
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
const speed = Number(params.get('speed'));
if (SPEEDS.some((s) => s.value === speed)) store.setSpeed(speed);
window.__zkLab = useLab;
window.__zkLabFrames = frameCounts;
// `?fresh=1` ignores the autosave (tests, or a clean start)
const explicit = configFromUrl(params) ?? (params.get('fresh') === '1' ? { seed: DEFAULT_SEED } : null);
void boot(explicit, { seed: DEFAULT_SEED }).then(() => {
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

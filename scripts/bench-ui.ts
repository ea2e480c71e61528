/**
 * UI frame time of the busy scene in headless Chromium: 9 ensemble servers, 12 brokers and 204 replicas with
 * producers and a consumer group, 150 ms + up to 100 ms extra delay on every link (so many messages are in flight
 * at once), the ZooKeeper leader and a broker crashed, playing at 1× real time with the partition grid on show. Prints
 * `ui.frameP50Ms` / `ui.frameP95Ms` (requestAnimationFrame intervals) and `bundle.initialGzipKB` (gzip size of
 * what index.html loads before the worker: entry script + styles). Builds `dist/` if it is missing and
 * serves it with `vite preview` on its own port, which it stops afterwards.
 *
 *   npx tsx scripts/bench-ui.ts [--json]
 *
 * Also prints `ui.longFramePct` (frames over 20 ms) and `ui.newViewPct` (frames that showed a newer simulated
 * instant: the play loop's own rate, which the rAF intervals alone do not show).
 *
 * Diagnostics: BENCH_UI_PROFILE=out.cpuprofile writes a main-thread CPU profile, BENCH_UI_TRACE=out.json a
 * Chromium performance trace (open either in Chrome's DevTools; BENCH_UI_TRACE_CATEGORIES=cc,viz adds categories,
 * BENCH_UI_TRACE_INVALIDATIONS=1 the style / layout / paint invalidations), BENCH_UI_UPDATES=1 prints to stderr
 * what the store's updates cost (the update and React's render of it) by the state keys they changed,
 * BENCH_UI_DOCK=quorum|tree|spacetime|kafka picks the dock tab (default kafka), BENCH_UI_SHOT=out.png saves a
 * screenshot of the scene at the end of the measurement, BENCH_UI_HIDE=selector hides
 * parts of the page and BENCH_UI_CSS=rules adds styles, to see what a part costs.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import type { Figure } from './bench';

const ROOT = join(import.meta.dirname, '..');
const PORT = 4179;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] as number;
}

export function initialGzipKB(dist = join(ROOT, 'dist')): number {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1] as string);
  let bytes = gzipSync(html).length;
  for (const r of refs) bytes += gzipSync(readFileSync(join(dist, r))).length;
  return Math.round((bytes / 1024) * 10) / 10;
}

async function waitForServer(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no server at ${url}`);
}

export async function uiBench(seconds = 10): Promise<Figure[]> {
  if (!existsSync(join(ROOT, 'dist', 'index.html'))) {
    // the build's output goes to stderr: `bench --json` keeps exactly one line on stdout
    const b = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: ROOT, stdio: ['ignore', process.stderr, process.stderr] });
    if (b.status !== 0) throw new Error('vite build failed');
  }
  const server: ChildProcess = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort', '--host', '127.0.0.1'], {
    cwd: ROOT,
    stdio: 'ignore',
    detached: true,
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    await waitForServer(`http://127.0.0.1:${PORT}/`, 30_000);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, bypassCSP: !!(process.env.BENCH_UI_HIDE || process.env.BENCH_UI_CSS) });
    // tsx (esbuild keepNames) wraps named functions in __name(); give the page a no-op one
    await page.addInitScript('globalThis.__name = (f) => f;');
    await page.goto(`http://127.0.0.1:${PORT}/?lang=en`);
    await page.getByTestId('cluster-svg').waitFor();
    if (process.env.BENCH_UI_CSS) await page.addStyleTag({ content: process.env.BENCH_UI_CSS });
    if (process.env.BENCH_UI_HIDE) await page.addStyleTag({ content: `${process.env.BENCH_UI_HIDE} { display: none !important; }` });
    // BENCH_UI_PROFILE=file.cpuprofile: a CPU profile of the main thread while the frames are measured
    const profileTo = process.env.BENCH_UI_PROFILE;
    const cdp = profileTo ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    // BENCH_UI_TRACE=file.json: a Chromium performance trace (style, layout, paint per frame) of the same window
    const traceTo = process.env.BENCH_UI_TRACE;
    if (traceTo) await browser.startTracing(page, { path: traceTo, categories: [...(process.env.BENCH_UI_TRACE_CATEGORIES ? process.env.BENCH_UI_TRACE_CATEGORIES.split(',') : []), 'devtools.timeline', 'disabled-by-default-devtools.timeline', ...(process.env.BENCH_UI_TRACE_INVALIDATIONS ? ['disabled-by-default-devtools.timeline.invalidationTracking'] : [])] });
    const result = await page.evaluate(async ({ secs, diagnoseUpdates, dock }) => {
      const lab = window.__zkLab!;
      // the issue's busy scene: 9 ensemble servers, 12 brokers, 2 topics × 34 partitions × 3 replicas (204
      // replicas, plus __consumer_offsets), producers and a consumer group, the partition grid on show
      await lab.getState().start({
        seed: 1,
        zk: { servers: 9, clients: 3 },
        brokers: 12,
        kafka: { workload: { topics: 2, partitions: 34, replicationFactor: 3, producers: 3, messagesPerSecond: 60, consumers: 3 } },
      });
      lab.getState().setDock(dock as 'kafka');
      await lab.getState().advanceTo(15_000);
      await lab.getState().act({ type: 'delay', ms: 150, jitterMs: 100 });
      // the ZooKeeper leader and a broker crash: a new election and leadership moving while messages fly
      const leader = lab.getState().view?.nodes.find((n) => n.description.role === 'LEADING')?.id;
      if (leader) await lab.getState().act({ type: 'crash', node: leader });
      await lab.getState().act({ type: 'crash', node: 'broker2' });
      lab.getState().setSpeed(1);
      lab.getState().play();
      await new Promise((r) => setTimeout(r, 1000)); // warm-up
      // BENCH_UI_UPDATES: what each store update costs, the set itself and React's render of it (React flushes a
      // store change in a microtask queued before this listener's one), by the keys it changed
      const updates: Record<string, { n: number; total: number; max: number }> = {};
      const unsubscribe = diagnoseUpdates
        ? lab.subscribe((state, prev) => {
            const t0 = performance.now();
            const keys = (Object.keys(state) as (keyof typeof state)[]).filter((k) => state[k] !== prev[k]).join('+');
            queueMicrotask(() => {
              const dt = performance.now() - t0;
              const u = (updates[keys] ??= { n: 0, total: 0, max: 0 });
              u.n++;
              u.total += dt;
              u.max = Math.max(u.max, dt);
            });
          })
        : () => {};
      const frames: number[] = [];
      let messages = 0;
      let samples = 0;
      // frames that showed a view the previous frame did not have (the play loop asks the worker once a frame)
      let newViews = 0;
      let lastView = lab.getState().view;
      const simStart = lab.getState().view?.now ?? 0;
      const wallStart = performance.now();
      await new Promise<void>((done) => {
        let last = performance.now();
        const end = last + secs * 1000;
        const tick = (now: number) => {
          frames.push(now - last);
          last = now;
          const shown = lab.getState().view;
          messages += shown?.messages.length ?? 0;
          samples++;
          if (shown !== lastView) newViews++;
          lastView = shown;
          if (now < end) requestAnimationFrame(tick);
          else done();
        };
        requestAnimationFrame(tick);
      });
      const simRate = ((lab.getState().view?.now ?? 0) - simStart) / (performance.now() - wallStart);
      lab.getState().pause();
      unsubscribe();
      return { frames, meanMessages: messages / Math.max(1, samples), simRate, updates, newViewShare: newViews / Math.max(1, samples) };
    }, { secs: seconds, diagnoseUpdates: !!process.env.BENCH_UI_UPDATES, dock: process.env.BENCH_UI_DOCK ?? 'kafka' });
    if (process.env.BENCH_UI_UPDATES) {
      const rows = Object.entries(result.updates).sort((a, b) => b[1].total - a[1].total);
      for (const [keys, u] of rows) process.stderr.write(`${(u.total / seconds).toFixed(1).padStart(7)} ms/s  n=${String(u.n).padStart(4)}  mean ${(u.total / u.n).toFixed(2).padStart(6)}  max ${u.max.toFixed(1).padStart(5)}  ${keys}\n`);
    }
    // the scene as it was measured, to look at (the last frame, the dock on show)
    if (process.env.BENCH_UI_SHOT) await page.screenshot({ path: process.env.BENCH_UI_SHOT });
    if (traceTo) await browser.stopTracing();
    if (cdp && profileTo) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(profileTo, JSON.stringify(profile));
    }
    return [
      { key: 'ui.frameP50Ms', value: Math.round(percentile(result.frames, 50) * 10) / 10, unit: 'ms', note: `9 servers, 12 brokers, 204 replicas, ~${Math.round(result.meanMessages)} messages in flight, headless Chromium` },
      { key: 'ui.frameP95Ms', value: Math.round(percentile(result.frames, 95) * 10) / 10, unit: 'ms' },
      { key: 'ui.longFramePct', value: Math.round((1000 * result.frames.filter((f) => f > 20).length) / Math.max(1, result.frames.length)) / 10, unit: '%', note: 'frames over 20 ms (a missed vsync at 60 Hz)' },
      { key: 'ui.newViewPct', value: Math.round(result.newViewShare * 1000) / 10, unit: '%', note: 'frames that showed a newer simulated instant than the frame before' },
      { key: 'ui.simRate', value: Math.round(result.simRate * 100) / 100, unit: '× real time', note: 'how fast simulated time ran while the frames were measured (asked: 1×)' },
      { key: 'bundle.initialGzipKB', value: initialGzipKB(), unit: 'KB', note: 'index.html + entry JS + CSS, gzip' },
    ];
  } finally {
    await browser.close();
    if (server.pid) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  }
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  const figures = await uiBench();
  if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(Object.fromEntries(figures.map((f) => [f.key, f.value]))) + '\n');
  else for (const f of figures) process.stdout.write(`${f.key.padEnd(22)} ${String(f.value).padStart(8)} ${f.unit}${f.note ? `  (${f.note})` : ''}\n`);
}

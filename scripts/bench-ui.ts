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
 * Diagnostics: BENCH_UI_PROFILE=out.cpuprofile writes a main-thread CPU profile, BENCH_UI_TRACE=out.json a
 * Chromium performance trace (open either in Chrome's DevTools).
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

export async function uiBench(seconds = 5): Promise<Figure[]> {
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
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // tsx (esbuild keepNames) wraps named functions in __name(); give the page a no-op one
    await page.addInitScript('globalThis.__name = (f) => f;');
    await page.goto(`http://127.0.0.1:${PORT}/?lang=en`);
    await page.getByTestId('cluster-svg').waitFor();
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
    if (traceTo) await browser.startTracing(page, { path: traceTo, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', ...(process.env.BENCH_UI_TRACE_INVALIDATIONS ? ['disabled-by-default-devtools.timeline.invalidationTracking'] : [])] });
    const result = await page.evaluate(async (secs) => {
      const lab = window.__zkLab!;
      // the issue's busy scene: 9 ensemble servers, 12 brokers, 2 topics × 34 partitions × 3 replicas (204
      // replicas, plus __consumer_offsets), producers and a consumer group, the partition grid on show
      await lab.getState().start({
        seed: 1,
        zk: { servers: 9, clients: 3 },
        brokers: 12,
        kafka: { workload: { topics: 2, partitions: 34, replicationFactor: 3, producers: 3, messagesPerSecond: 60, consumers: 3 } },
      });
      lab.getState().setDock('kafka');
      await lab.getState().advanceTo(15_000);
      await lab.getState().act({ type: 'delay', ms: 150, jitterMs: 100 });
      // the ZooKeeper leader and a broker crash: a new election and leadership moving while messages fly
      const leader = lab.getState().view?.nodes.find((n) => n.description.role === 'LEADING')?.id;
      if (leader) await lab.getState().act({ type: 'crash', node: leader });
      await lab.getState().act({ type: 'crash', node: 'broker2' });
      lab.getState().setSpeed(1);
      lab.getState().play();
      await new Promise((r) => setTimeout(r, 1000)); // warm-up
      const frames: number[] = [];
      let messages = 0;
      let samples = 0;
      const simStart = lab.getState().view?.now ?? 0;
      const wallStart = performance.now();
      await new Promise<void>((done) => {
        let last = performance.now();
        const end = last + secs * 1000;
        const tick = (now: number) => {
          frames.push(now - last);
          last = now;
          messages += lab.getState().view?.messages.length ?? 0;
          samples++;
          if (now < end) requestAnimationFrame(tick);
          else done();
        };
        requestAnimationFrame(tick);
      });
      const simRate = ((lab.getState().view?.now ?? 0) - simStart) / (performance.now() - wallStart);
      lab.getState().pause();
      return { frames, meanMessages: messages / Math.max(1, samples), simRate };
    }, seconds);
    if (traceTo) await browser.stopTracing();
    if (cdp && profileTo) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(profileTo, JSON.stringify(profile));
    }
    return [
      { key: 'ui.frameP50Ms', value: Math.round(percentile(result.frames, 50) * 10) / 10, unit: 'ms', note: `9 servers, 12 brokers, 204 replicas, ~${Math.round(result.meanMessages)} messages in flight, headless Chromium` },
      { key: 'ui.frameP95Ms', value: Math.round(percentile(result.frames, 95) * 10) / 10, unit: 'ms' },
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

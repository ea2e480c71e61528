/**
 * UI frame time of a busy scene in headless Chromium: a 9-server ensemble with 12 clients, 1000 ms + up to 600 ms
 * extra delay on every link (so many messages are in flight at once), playing at 1× real time. Prints
 * `ui.frameP50Ms` / `ui.frameP95Ms` (requestAnimationFrame intervals) and `bundle.initialGzipKB` (gzip size of
 * what index.html loads before the worker: entry script + styles). Builds `dist/` if it is missing and
 * serves it with `vite preview` on its own port, which it stops afterwards.
 *
 *   npx tsx scripts/bench-ui.ts [--json]
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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
    const result = await page.evaluate(async (secs) => {
      const lab = window.__zkLab!;
      await lab.getState().start({ seed: 1, zk: { servers: 9, clients: 12 } });
      await lab.getState().advanceTo(4000);
      await lab.getState().act({ type: 'delay', ms: 1000, jitterMs: 600 });
      // the leader crashes: 8 servers elect a new one, every vote on the slow network at once
      const leader = lab.getState().view?.nodes.find((n) => n.description.role === 'LEADING')?.id;
      if (leader) await lab.getState().act({ type: 'crash', node: leader });
      lab.getState().setSpeed(1);
      lab.getState().play();
      await new Promise((r) => setTimeout(r, 1000)); // warm-up
      const frames: number[] = [];
      let messages = 0;
      let samples = 0;
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
      lab.getState().pause();
      return { frames, meanMessages: messages / Math.max(1, samples) };
    }, seconds);
    return [
      { key: 'ui.frameP50Ms', value: Math.round(percentile(result.frames, 50) * 10) / 10, unit: 'ms', note: `9 servers + 12 clients, ~${Math.round(result.meanMessages)} messages in flight, headless Chromium` },
      { key: 'ui.frameP95Ms', value: Math.round(percentile(result.frames, 95) * 10) / 10, unit: 'ms' },
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

/**
 * Hostile input to the console: arbitrary text lines (and command-shaped lines with arbitrary arguments)
 * must always come back as console lines — never an exception escaping `exec`, never a hang: the
 * simulated time one line may run is bounded (wait ≤ 24 h, each zkCli call ≤ 120 s).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createConsole } from '../console/interpreter';
import type { Console } from '../console/interpreter';
import '../console/zkcli';
import '../sim/zookeeper/register';
import { Simulation } from '../sim/simulation';

const KERNEL = ['wait', 'crash', 'restart', 'pause', 'resume', 'partition', 'isolate', 'cut', 'bridge', 'ring', 'heal', 'loss', 'delay', 'dup', 'reorder', 'skew', 'status', 'time', 'trace-hash', 'echo', 'help'];
const ZKCLI = ['create', 'ls', 'get', 'set', 'delete', 'deleteall', 'stat', 'sync', 'addWatch', 'removewatches', 'getAllChildrenNumber', 'getEphemerals', 'connect', 'close', 'history', 'redo', 'printwatches', 'whoami', 'version', 'setAcl', 'getAcl', 'addauth', 'srvr', 'quit', 'config', 'listquota', 'setquota', 'delquota', 'reconfig'];

const INTERNAL = /Cannot read|Cannot set|undefined is not|is not a function|is not iterable|Maximum call stack|of undefined|of null|Unexpected token|RangeError|TypeError|ReferenceError|unknown node /;

/** Longest simulated time one line may advance the clock. */
const LINE_BOUND_MS = 24 * 3_600_000 + 10 * 120_000;

const token = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('zk1', 'zk2', 'zk3', 'zk9', 'client1', '/', '/a', '/a/b', '//', '/zookeeper', '-s', '-e', '-c', '-w', '-v', '-t', '-R', '-1', '0', '|', ',', 'via', 'on', 'off', '100%', '1e309', 'NaN', '-0', '127.0.0.1:2181', '127.0.0.1:2189', '<script>alert(1)</script>', '${x}', '\u0000', '🦀', '"', "'"),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
);

const commandLine = fc.tuple(fc.constantFrom(...KERNEL.filter((k) => k !== 'wait'), ...ZKCLI), fc.array(token, { maxLength: 6 })).map(([c, args]) => [c, ...args].join(' '));
const waitLine = fc.tuple(fc.integer({ min: 0, max: 60_000 }), fc.constantFrom('', 'ms')).map(([n, u]) => `wait ${n}${u}`);
const anyLine = fc.oneof({ weight: 3, arbitrary: commandLine }, { weight: 1, arbitrary: waitLine }, { weight: 2, arbitrary: fc.string({ maxLength: 200 }) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 100 }) });

function newConsole(zkcli: boolean): { sim: Simulation; con: Console } {
  const sim = new Simulation({ seed: 7, zk: { servers: 3, clients: 1 } });
  const con = createConsole(sim, { settle: true, zkcli });
  return { sim, con };
}

function execChecked(sim: Simulation, con: Console, line: string): void {
  const before = sim.now;
  const r = con.exec(line);
  expect(Array.isArray(r.lines)).toBe(true);
  for (const l of r.lines) {
    expect(typeof l.text).toBe('string');
    expect(['out', 'err']).toContain(l.stream);
    // an internal exception caught by exec's safety net is not "a clear error"
    if (l.stream === 'err') expect(l.text, `line ${JSON.stringify(line)}`).not.toMatch(INTERNAL);
  }
  expect(sim.now - before).toBeLessThanOrEqual(LINE_BOUND_MS);
}

describe('console under hostile input', () => {
  it('kernel + zkCli console: arbitrary lines never throw and stay bounded', () => {
    const { sim, con } = newConsole(false);
    fc.assert(
      fc.property(fc.array(anyLine, { minLength: 1, maxLength: 8 }), (lines) => {
        for (const line of lines) execChecked(sim, con, line);
      }),
      { numRuns: Number(process.env['HOSTILE_RUNS'] ?? 120) },
    );
  }, 120_000);

  it('zkCli.sh mode: arbitrary lines never throw and stay bounded', () => {
    const { sim, con } = newConsole(true);
    fc.assert(
      fc.property(fc.array(anyLine, { minLength: 1, maxLength: 8 }), (lines) => {
        for (const line of lines) execChecked(sim, con, line);
      }),
      { numRuns: Number(process.env['HOSTILE_RUNS'] ?? 120) },
    );
  }, 120_000);

  it('refuses unbounded waits and oversized lines with a clear error', () => {
    const { sim, con } = newConsole(false);
    for (const line of ['wait 25h', 'wait 1e400ms', 'wait 99999999999999999999h', 'wait -1s', 'wait']) {
      const before = sim.now;
      const r = con.exec(line);
      expect(r.lines.some((l) => l.stream === 'err')).toBe(true);
      expect(sim.now).toBe(before);
    }
    const r = con.exec('echo ' + 'x'.repeat(20_000));
    expect(r.lines[0]?.text).toMatch(/too long/);
  });
});

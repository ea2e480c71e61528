import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import LZString from 'lz-string';

const { compressToEncodedURIComponent, decompressFromEncodedURIComponent } = LZString;
import { Simulation } from '../sim/simulation';
import {
  MAX_RUN_CHARS,
  MAX_URL_PARAM_CHARS,
  RUN_FORMAT,
  boundedDecompressFromUri,
  decodeRunFromUrlParam,
  encodeRunToUrlParam,
  exportRun,
  importRun,
  importRunObject,
  runToJson,
} from './runCodec';

function sampleSim(): Simulation {
  const sim = new Simulation({ seed: 42, zk: { servers: 3, clients: 1 } });
  sim.runUntil(3000);
  sim.act({ type: 'crash', node: 'zk1' });
  sim.runUntil(6000);
  sim.act({ type: 'inject', node: 'client1', event: { type: 'zk.call', reqId: 1, request: { op: 'create', path: '/a', data: '<script>alert(1)</script>', mode: 'PERSISTENT' } } });
  sim.runUntil(9000);
  sim.act({ type: 'partition', groups: [['zk2'], ['zk3', 'client1']] });
  sim.runUntil(12000);
  return sim;
}

describe('run codec', () => {
  it('round-trips a run through a file and a link, and the replay reaches the same trace', () => {
    const sim = sampleSim();
    const text = exportRun(sim);
    const parsed = JSON.parse(text) as { format: string; version: number };
    expect(parsed.format).toBe(RUN_FORMAT);
    expect(parsed.version).toBe(1);
    const r = importRun(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.record).toEqual(sim.record());
    const replay = Simulation.fromRecord(r.record);
    replay.runUntil(12000);
    expect(replay.traceHash()).toBe(sim.traceHash());
    const link = decodeRunFromUrlParam(encodeRunToUrlParam(sim.record()));
    expect(link).toEqual(r);
  });

  it('migrates version 0 (no event counts) by replaying', () => {
    const sim = sampleSim();
    const v0 = { format: RUN_FORMAT, version: 0, config: sim.config, actions: sim.record().actions.map((a) => ({ at: a.at, action: a.action })) };
    const r = importRun(JSON.stringify(v0));
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.record.actions).toEqual(sim.record().actions);
  });

  it('explains what is wrong', () => {
    const good = runToJson(sampleSim().record());
    const err = (x: unknown): string => {
      const r = typeof x === 'string' ? importRun(x) : importRunObject(x);
      expect(r.ok).toBe(false);
      return r.ok ? '' : r.error;
    };
    expect(err('')).toMatch(/empty/);
    expect(err('{')).toMatch(/not JSON/);
    expect(err('[]')).toMatch(/JSON object/);
    expect(err({ ...good, format: 'other' })).toMatch(/not a run of this lab/);
    expect(err({ ...good, version: 99 })).toMatch(/newer version/);
    expect(err({ ...good, version: 1.5 })).toMatch(/whole number/);
    expect(err({ ...good, config: { ...good.config, seed: -1 } })).toMatch(/config\.seed/);
    expect(err({ ...good, actions: [{ at: 5, processed: 1, action: { type: 'crash', node: 'zk9' } }] })).toMatch(/zk9.*does not have/);
    expect(err({ ...good, actions: [{ at: 5, processed: 1, action: { type: 'explode' } }] })).toMatch(/actions\[0\]\.action/);
    expect(err({ ...good, actions: [good.actions[1], good.actions[0]] })).toMatch(/time order/);
    expect(err({ ...good, actions: [{ at: 1e12, processed: 1, action: { type: 'heal' } }] })).toMatch(/at/);
    expect(err('x'.repeat(MAX_RUN_CHARS + 1))).toMatch(/too large/);
    expect(decodeRunFromUrlParam('x'.repeat(MAX_URL_PARAM_CHARS + 1))).toEqual({ ok: false, error: expect.stringMatching(/too long/) });
    expect(decodeRunFromUrlParam('<script>')).toEqual({ ok: false, error: expect.stringMatching(/damaged/) });
    expect(decodeRunFromUrlParam(encodeRunToUrlParam(sampleSim().record()).slice(0, 40))).toEqual({ ok: false, error: expect.any(String) });
  });

  it('decompresses exactly like lz-string, and stops a crafted quadratic link', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (s) => {
        const packed = compressToEncodedURIComponent(s);
        return boundedDecompressFromUri(packed, 1_000_000) === decompressFromEncodedURIComponent(packed);
      }),
      { numRuns: 300 },
    );
    // on corrupt input it may differ from lz-string (which decodes some garbage as the text "undefined…"),
    // but it always answers a string, null or 'too large'
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9+\-$]{1,200}$/), (s) => {
        const ours = boundedDecompressFromUri(s, 1_000_000);
        return ours === null || typeof ours === 'string';
      }),
      { numRuns: 300 },
    );
    // "aaaa…" compresses into codes that each extend the previous entry by one character
    const bomb = compressToEncodedURIComponent('a'.repeat(200_000));
    expect(boundedDecompressFromUri(bomb, 1000)).toBe('too large');
  });
});

describe('hostile input to the codec', () => {
  const isResult = (r: unknown): boolean => {
    const x = r as { ok: unknown; error?: unknown; record?: unknown };
    return x.ok === true ? typeof x.record === 'object' : x.ok === false && typeof x.error === 'string' && x.error.length > 0;
  };
  it('importRun: arbitrary strings, JSON and values never throw', () => {
    fc.assert(fc.property(fc.string({ maxLength: 2000 }), (s) => isResult(importRun(s))), { numRuns: 500 });
    fc.assert(fc.property(fc.json({ maxDepth: 5 }), (s) => isResult(importRun(s))), { numRuns: 500 });
    fc.assert(fc.property(fc.anything({ maxDepth: 4 }), (v) => {
      let text: string | undefined;
      try {
        text = JSON.stringify(v);
      } catch {
        text = undefined;
      }
      return isResult(importRun(text)) && isResult(importRunObject(v));
    }), { numRuns: 500 });
  });

  it('importRun: mutations of a valid run never throw', () => {
    const good = runToJson(sampleSim().record()) as unknown as Record<string, unknown>;
    fc.assert(
      fc.property(fc.constantFrom('format', 'version', 'config', 'actions'), fc.anything({ maxDepth: 3 }), (k, v) => isResult(importRunObject({ ...good, [k]: v }))),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.nat(), fc.json({ maxDepth: 3 }), (i, v) => {
        const actions = (good['actions'] as unknown[]).slice();
        actions[i % (actions.length + 1)] = JSON.parse(v) as unknown;
        return isResult(importRunObject({ ...good, actions }));
      }),
      { numRuns: 300 },
    );
  });

  it('decodeRunFromUrlParam: arbitrary strings never throw', () => {
    fc.assert(fc.property(fc.string({ maxLength: 3000 }), (s) => isResult(decodeRunFromUrlParam(s))), { numRuns: 500 });
    fc.assert(fc.property(fc.stringMatching(/^[A-Za-z0-9+\-$]{0,3000}$/), (s) => isResult(decodeRunFromUrlParam(s))), { numRuns: 500 });
    fc.assert(fc.property(fc.json({ maxDepth: 4 }), (s) => isResult(decodeRunFromUrlParam(compressToEncodedURIComponent(s)))), { numRuns: 300 });
    fc.assert(fc.property(fc.anything(), (v) => isResult(decodeRunFromUrlParam(v))), { numRuns: 200 });
  });
});

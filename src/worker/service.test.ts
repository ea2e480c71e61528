import { describe, expect, it } from 'vitest';
import { createSimService } from './service';

describe('simulation service (what the worker exposes)', () => {
  it('exports a run and imports it again to the same trace', () => {
    const a = createSimService();
    a.init({ seed: 7, zk: { servers: 3, clients: 1 } });
    a.advanceTo(3000);
    expect(a.act({ type: 'crash', node: 'zk3' }).ok).toBe(true);
    a.advanceTo(6000);
    const file = a.exportRun();
    const hash = a.traceHash();

    const b = createSimService();
    b.init({ seed: 1 });
    const r = b.importRun(file, 6000);
    expect(r.ok).toBe(true);
    expect(b.traceHash()).toBe(hash);
    expect(b.view().now).toBe(6000);
  });

  it('a share link carries the whole run', () => {
    const a = createSimService();
    a.init({ seed: 9, zk: { servers: 3, clients: 1 } });
    a.advanceTo(2000);
    a.act({ type: 'pause', node: 'zk1' });
    a.advanceTo(4000);
    const param = a.shareParam();
    const b = createSimService();
    b.init({ seed: 1 });
    expect(b.loadUrlParam(param, 4000).ok).toBe(true);
    expect(b.traceHash()).toBe(a.traceHash());
  });

  it('refuses a bad file or a tampered link with a message and keeps the current run', () => {
    const s = createSimService();
    s.init({ seed: 3, zk: { servers: 3, clients: 0 } });
    s.advanceTo(1500);
    const hash = s.traceHash();
    for (const bad of ['', 'not json', '{"format":"other"}', JSON.stringify({ format: 'zk-kafka-lab-run', version: 99 })]) {
      const r = s.importRun(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.length).toBeGreaterThan(5);
    }
    for (const bad of ['', '%%%', 'N4Ig', 'x'.repeat(1000)]) expect(s.loadUrlParam(bad).ok).toBe(false);
    expect(s.traceHash()).toBe(hash);
    expect(s.view().now).toBe(1500);
  });

  it('autosaved records load (and are validated like files)', () => {
    const a = createSimService();
    a.init({ seed: 5, zk: { servers: 3, clients: 1 } });
    a.advanceTo(2500);
    a.act({ type: 'crash', node: 'zk2' });
    a.advanceTo(5000);
    const b = createSimService();
    b.init({ seed: 1 });
    expect(b.loadRecord(a.record(), 5000).ok).toBe(true);
    expect(b.traceHash()).toBe(a.traceHash());
    const bad = b.loadRecord({ config: { seed: 1 } as never, actions: [{ at: -5, processed: 0, action: { type: 'crash', node: 'nobody' } }] as never });
    expect(bad.ok).toBe(false);
  });

  it('lists scenarios and loads one at t = 0 with its actions scheduled', () => {
    const s = createSimService();
    const list = s.scenarios();
    expect(list.length).toBeGreaterThan(5);
    const zkOnly = list.find((x) => !x.requires) ?? list[0]!;
    const r = s.loadScenario(zkOnly.id);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.view.now).toBe(0);
    expect(s.record().actions.length).toBeGreaterThan(0);
    expect(s.loadScenario('no-such-scenario').ok).toBe(false);
  });

  it('plays a lesson: narrate steps run, a try step waits for the student, the console counts', () => {
    const s = createSimService();
    const lessons = s.lessons();
    expect(lessons.length).toBeGreaterThanOrEqual(17);
    const start = s.lessonStart('zk-why');
    expect(start.ok).toBe(true);
    if (!start.ok) return;
    const steps = start.lesson.steps;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      const r = s.lessonRunStep(i);
      expect(r.endedAt).toBeGreaterThanOrEqual(r.startedAt);
      if (step.kind === 'narrate') {
        expect(r.done).toBe(true);
        expect(r.claims.every((c) => c.ok)).toBe(true);
        continue;
      }
      // the task is not done before the student acts
      expect(r.done).toBe(false);
      expect(s.lessonCheck().done).toBe(false);
      const out = s.command('get /order');
      expect(out.lines.map((l) => l.text)).toContain('paid');
      expect(s.lessonCheck().done).toBe(true);
    }
    s.lessonEnd();
    // the run and its console stay usable after the lesson
    expect(s.command('ls /').lines.length).toBeGreaterThan(0);
  });

  it('replaying a step (seek back, play forward) does not print its console output again', () => {
    const s = createSimService();
    const st = s.lessonStart('zk-why');
    if (!st.ok) throw new Error(st.error);
    const shown: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = s.lessonRunStep(i);
      shown.push(...r.lines.map((l) => l.text));
      s.seek(r.startedAt);
      for (let t = r.startedAt; t < r.endedAt; t += 300) {
        s.advanceTo(t, 30);
        shown.push(...s.lessonCheck().lines.map((l) => l.text));
      }
    }
    shown.push(...s.command('get /order').lines.map((l) => l.text));
    const events = shown.filter((x) => x.startsWith('WatchedEvent'));
    // connected, then disconnected when the reply was lost, then connected again to another server
    expect(events).toEqual([
      'WatchedEvent state:SyncConnected type:None path:null',
      'WatchedEvent state:Disconnected type:None path:null',
      'WatchedEvent state:SyncConnected type:None path:null',
    ]);
  });

  it('"show me" solves a try step', () => {
    const s = createSimService();
    const start = s.lessonStart('zk-why');
    if (!start.ok) throw new Error(start.error);
    const i = start.lesson.steps.findIndex((x) => x.kind === 'try');
    for (let k = 0; k <= i; k++) s.lessonRunStep(k);
    const r = s.lessonSolve();
    expect(r.done).toBe(true);
    expect(r.lines.some((l) => l.stream === 'in' && l.text === 'get /order')).toBe(true);
  });

  it('refuses unknown lessons and steps clearly', () => {
    const s = createSimService();
    expect(s.lessonStart('nope').ok).toBe(false);
    expect(() => s.lessonRunStep(0)).toThrow(/no lesson/);
    const start = s.lessonStart('zk-why');
    expect(start.ok).toBe(true);
    expect(() => s.lessonRunStep(99)).toThrow(/no step 99/);
  });
});

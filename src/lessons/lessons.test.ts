/**
 * Runs every lesson headlessly on the real Simulation: each step's actions apply, each wait is reached in
 * time, each try-it task is not already done before the student acts and is done by its intended solution,
 * and every claim the narration makes holds. Kafka lessons run only when the Kafka cluster and its console
 * tools are available.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../sim/simulation';
import { kafkaAvailable } from './kafkaAvailable';
import { LESSONS } from './index';
import { LessonRunner, simConfigOf } from './runner';
import type { Lesson } from './types';

const KAFKA = await kafkaAvailable();

interface Failure {
  step: string;
  what: string;
}

/** Plays a lesson from the first step to the last, solving each try step, and lists what went wrong. */
export function playLesson(lesson: Lesson): { failures: Failure[]; runner: LessonRunner } {
  const runner = new LessonRunner(lesson);
  const failures: Failure[] = [];
  lesson.steps.forEach((step, i) => {
    const res = runner.runStep(i);
    for (const a of res.actions) if (!a.ok) failures.push({ step: step.id, what: `action "${a.what}" failed: ${a.error ?? ''}` });
    if (res.waitReached === false) failures.push({ step: step.id, what: `waitFor "${step.waitFor?.label.en}" not reached within ${step.waitFor?.withinMs} ms` });
    let claims = res.claims;
    if (step.kind === 'try') {
      if (runner.tried(i)) failures.push({ step: step.id, what: 'the try-it task is already done before the student acts' });
      const solved = runner.solve(i);
      for (const a of solved.actions) if (!a.ok) failures.push({ step: step.id, what: `solution "${a.what}" failed: ${a.error ?? ''}` });
      if (!solved.ok) failures.push({ step: step.id, what: `the solution does not reach success within ${step.withinMs} ms` });
      claims = solved.claims;
    }
    for (const c of claims) if (!c.ok) failures.push({ step: step.id, what: `claim "${c.label.en}" does not hold` });
  });
  for (const v of runner.sim.world.violations) failures.push({ step: '-', what: `invariant ${v.invariant} violated on ${v.node}: ${v.detail}` });
  return { failures, runner };
}

describe('ZooKeeper lessons run as narrated', () => {
  for (const lesson of LESSONS.filter((l) => !l.requires)) {
    it(`${lesson.id}: ${lesson.title.en}`, () => {
      const { failures } = playLesson(lesson);
      expect(failures).toEqual([]);
    });
  }

  it('a lesson run is deterministic (same trace hash twice)', () => {
    const lesson = LESSONS[3] as Lesson;
    const a = playLesson(lesson).runner.sim.traceHash();
    const b = playLesson(lesson).runner.sim.traceHash();
    expect(a).toBe(b);
  });

  it('try-it predicates react to the student, not to time: waiting without acting does not succeed', () => {
    for (const lesson of LESSONS.filter((l) => !l.requires)) {
      const runner = new LessonRunner(lesson);
      lesson.steps.forEach((step, i) => {
        runner.runStep(i);
        if (step.kind !== 'try') return;
        runner.runFor(Math.min(step.withinMs, 5_000));
        expect(runner.tried(i), `${lesson.id}/${step.id}`).toBe(false);
        runner.solve(i);
      });
    }
  });
});

describe.skipIf(!KAFKA)('Kafka lessons run as narrated (Kafka cluster and console available)', () => {
  for (const lesson of LESSONS.filter((l) => l.requires === 'kafka')) {
    it(`${lesson.id}: ${lesson.title.en}`, { timeout: 240_000 }, () => {
      const { failures } = playLesson(lesson);
      expect(failures).toEqual([]);
    });
  }
});

describe('every lesson configuration builds a world', () => {
  for (const lesson of LESSONS.filter((l) => !l.requires || KAFKA)) {
    it(lesson.id, () => {
      const sim = new Simulation(simConfigOf(lesson.scenario));
      expect(sim.world.nodeIds().length).toBeGreaterThan(0);
    });
  }
});

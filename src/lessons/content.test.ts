/**
 * Static checks of the lesson and scenario data: complete Korean and English text, consistent quizzes,
 * unique ids, highlights and actions that name nodes of the lesson's own world.
 */
import { describe, expect, it } from 'vitest';
import { ActionSchema } from '../sim/actions';
import { makeConfig } from '../sim/config';
import { LESSONS, availableLessons, lessonById } from './index';
import { SCENARIOS } from './scenarios';
import type { ConfigInput, Highlight, L10n, Lesson, StepAction } from './types';

const HANGUL = /[\uac00-\ud7a3]/;

function texts(lesson: Lesson): Array<[string, L10n]> {
  const out: Array<[string, L10n]> = [
    ['title', lesson.title],
    ['summary', lesson.summary],
  ];
  for (const s of lesson.steps) {
    out.push([`${s.id}.narration`, s.narration]);
    if (s.waitFor) out.push([`${s.id}.waitFor`, s.waitFor.label]);
    for (const c of s.claims ?? []) out.push([`${s.id}.claim`, c.label]);
    if (s.kind === 'try') {
      out.push([`${s.id}.task`, s.task]);
      if (s.hint) out.push([`${s.id}.hint`, s.hint]);
    }
  }
  for (const q of lesson.quiz) {
    out.push([`${q.id}.prompt`, q.prompt]);
    for (const c of q.choices) {
      out.push([`${q.id}.${c.id}.text`, c.text]);
      out.push([`${q.id}.${c.id}.feedback`, c.feedback]);
    }
  }
  return out;
}

/** The node ids a configuration creates (zk1…, observers, client1…, broker1…, Kafka clients). */
function nodeIds(config: ConfigInput): Set<string> {
  const c = makeConfig({ ...config, seed: 1 });
  const ids: string[] = [];
  const zkTotal = c.zk.servers + (c.zk.servers > 1 ? c.zk.observers : 0);
  for (let i = 1; i <= zkTotal; i++) ids.push(`zk${i}`);
  for (let i = 1; i <= c.zk.clients; i++) ids.push(`client${i}`);
  for (let i = 1; i <= c.brokers; i++) ids.push(`broker${i}`);
  if (c.brokers > 0) {
    if (c.kafka.cli) ids.push('kafka-cli');
    for (let i = 1; i <= c.kafka.workload.producers; i++) ids.push(`producer${i}`);
    for (let i = 1; i <= c.kafka.workload.consumers; i++) ids.push(`consumer${i}`);
  }
  return new Set(ids);
}

function actionNodes(a: StepAction): string[] {
  if (!('action' in a)) return [];
  const x = a.action;
  switch (x.type) {
    case 'partition':
      return x.groups.flat();
    case 'cut':
      return [x.from, x.to];
    case 'bridge':
      return [...x.left, ...x.right, x.node];
    case 'ring':
      return x.nodes;
    case 'loss':
    case 'delay':
      return x.from && x.to ? [x.from, x.to] : [];
    case 'heal':
    case 'dup':
    case 'reorder':
      return [];
    default:
      return [x.node];
  }
}

function highlightNodes(h: Highlight[] | undefined): string[] {
  return (h ?? []).flatMap((x) => [...(x.nodes ?? []), ...(x.links ?? []).flat()]);
}

describe('lesson content', () => {
  it('covers the topics of the issue, ZooKeeper and Kafka, with unique ids', () => {
    const ids = LESSONS.map((l) => l.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(LESSONS.filter((l) => !l.requires).length).toBeGreaterThanOrEqual(8);
    expect(LESSONS.filter((l) => l.requires === 'kafka').length).toBeGreaterThanOrEqual(9);
    expect(lessonById('zk-election')?.title.en).toMatch(/election/i);
    expect(availableLessons([]).every((l) => !l.requires)).toBe(true);
    expect(availableLessons(['kafka']).length).toBe(LESSONS.length);
  });

  for (const lesson of LESSONS) {
    describe(lesson.id, () => {
      it('has complete Korean and English text everywhere', () => {
        for (const [where, t] of texts(lesson)) {
          expect(t.ko.trim(), `${where}.ko`).not.toBe('');
          expect(t.en.trim(), `${where}.en`).not.toBe('');
        }
        // the narration and questions are really Korean, not copied English
        for (const s of lesson.steps) expect(HANGUL.test(s.narration.ko), `${s.id}.narration.ko`).toBe(true);
        for (const q of lesson.quiz) expect(HANGUL.test(q.prompt.ko), `${q.id}.prompt.ko`).toBe(true);
        expect(HANGUL.test(lesson.title.ko)).toBe(true);
      });

      it('has a consistent quiz', () => {
        expect(lesson.quiz.length).toBeGreaterThanOrEqual(2);
        const qids = lesson.quiz.map((q) => q.id);
        expect(new Set(qids).size).toBe(qids.length);
        for (const q of lesson.quiz) {
          const cids = q.choices.map((c) => c.id);
          expect(new Set(cids).size, q.id).toBe(cids.length);
          expect(q.choices.length, q.id).toBeGreaterThanOrEqual(2);
          expect(q.correct.length, q.id).toBeGreaterThanOrEqual(1);
          expect(q.correct.length, q.id).toBeLessThan(q.choices.length);
          for (const c of q.correct) expect(cids, q.id).toContain(c);
        }
      });

      it('has well-formed steps: unique ids, a try-it step, valid actions and highlights on existing nodes', () => {
        const sids = lesson.steps.map((s) => s.id);
        expect(new Set(sids).size).toBe(sids.length);
        expect(lesson.steps.some((s) => s.kind === 'try')).toBe(true);
        const nodes = nodeIds(lesson.scenario.config);
        for (const s of lesson.steps) {
          const acts = [...(s.actions ?? []), ...(s.kind === 'try' && Array.isArray(s.solution) ? s.solution : [])];
          for (const a of acts) {
            expect(a.at, s.id).toBeGreaterThanOrEqual(0);
            if ('action' in a) expect(ActionSchema.safeParse(a.action).success, `${s.id} ${JSON.stringify(a.action)}`).toBe(true);
            else expect(a.console.trim(), s.id).not.toBe('');
            for (const n of actionNodes(a)) expect(nodes.has(n), `${s.id}: unknown node ${n}`).toBe(true);
          }
          for (const n of highlightNodes(s.highlight)) expect(nodes.has(n), `${s.id}: highlight of unknown node ${n}`).toBe(true);
          if (s.waitFor) expect(s.waitFor.withinMs).toBeGreaterThan(0);
          if (s.kind === 'try') expect(s.withinMs).toBeGreaterThan(0);
        }
      });
    });
  }
});

describe('scenario content', () => {
  it('has unique ids, full ko/en text, valid actions on existing nodes', () => {
    const ids = SCENARIOS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(SCENARIOS.filter((s) => !s.requires).length).toBeGreaterThanOrEqual(10);
    for (const s of SCENARIOS) {
      for (const t of [s.title, s.description, s.expect, ...(s.checks ?? []).map((c) => c.label)]) {
        expect(t.ko.trim(), s.id).not.toBe('');
        expect(t.en.trim(), s.id).not.toBe('');
        expect(HANGUL.test(t.ko), `${s.id}: ${t.ko}`).toBe(true);
      }
      const nodes = nodeIds(s.config);
      for (const a of s.actions) {
        expect(ActionSchema.safeParse(a.action).success, `${s.id} ${JSON.stringify(a.action)}`).toBe(true);
        for (const n of actionNodes(a)) expect(nodes.has(n), `${s.id}: unknown node ${n}`).toBe(true);
        expect(a.at).toBeLessThanOrEqual(s.durationMs);
      }
      for (const c of s.checks ?? []) expect(c.at).toBeLessThanOrEqual(s.durationMs);
      for (const n of highlightNodes(s.highlight)) expect(nodes.has(n), `${s.id}: highlight of unknown node ${n}`).toBe(true);
    }
  });
});

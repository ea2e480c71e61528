/**
 * Runs every free-play scenario on the real Simulation: its actions apply at their instants, what its
 * description promises (its checks) holds, no invariant is violated, and loading it with one click
 * (recorded actions) replays exactly the same run, also after seeking back.
 */
import { describe, expect, it } from 'vitest';
import type { Simulation } from '../sim/simulation';
import { kafkaAvailable } from './kafkaAvailable';
import { loadScenario, recordScenario } from './runner';
import { SCENARIOS } from './scenarios';
import type { CheckedScenario } from './scenarios';

const KAFKA = await kafkaAvailable();

function runChecks(s: CheckedScenario): { failed: string[]; knownFailed: string[]; knownPassed: string[]; sim: Simulation } {
  const sim = loadScenario(s);
  const failed: string[] = [];
  const knownFailed: string[] = [];
  const knownPassed: string[] = [];
  for (const c of [...(s.checks ?? [])].sort((a, b) => a.at - b.at)) {
    sim.runUntil(c.at);
    const ok = c.holds(sim);
    if (c.knownIssue) (ok ? knownPassed : knownFailed).push(c.label.en);
    else if (!ok) failed.push(`${c.label.en} @ ${c.at} ms`);
  }
  sim.runUntil(s.durationMs);
  for (const v of sim.world.violations) failed.push(`invariant ${v.invariant} on ${v.node}: ${v.detail}`);
  return { failed, knownFailed, knownPassed, sim };
}

function suite(list: CheckedScenario[], timeout = 60_000): void {
  for (const s of list) {
    it(`${s.id}: ${s.title.en}`, { timeout }, () => {
      // every action applies (recordScenario throws on an action that cannot)
      const rec = recordScenario(s);
      expect(rec.actions.length).toBe(s.actions.length);
      const { failed, knownFailed, knownPassed } = runChecks(s);
      expect(failed).toEqual([]);
      // a check marked knownIssue documents a simulator bug: it must still fail; when it passes, the bug is
      // fixed and the marker should go
      expect(knownPassed).toEqual([]);
      expect(knownFailed.length).toBe((s.checks ?? []).filter((c) => c.knownIssue).length);
    });
  }
}

describe('ZooKeeper scenarios play as described', () => {
  suite(SCENARIOS.filter((s) => !s.requires));

  it('a loaded scenario replays identically, also after seeking back', () => {
    const s = SCENARIOS.find((x) => x.id === 'minority-partition') as CheckedScenario;
    const a = loadScenario(s);
    a.runUntil(70_000);
    const b = loadScenario(s);
    b.runUntil(70_000);
    expect(a.traceHash()).toBe(b.traceHash());
    const roles = JSON.stringify(a.view().nodes.map((n) => n.description.role));
    a.seek(20_000);
    a.runUntil(70_000);
    expect(JSON.stringify(a.view().nodes.map((n) => n.description.role))).toBe(roles);
    expect(a.traceHash()).toBe(b.traceHash());
  });
});

describe.skipIf(!KAFKA)('Kafka scenarios play as described (Kafka cluster available)', () => {
  suite(
    SCENARIOS.filter((s) => s.requires === 'kafka'),
    240_000,
  );
});

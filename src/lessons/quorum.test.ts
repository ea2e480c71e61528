import { describe, expect, it } from 'vitest';
import { ALL_QUIZ_KINDS, QuorumInputError, analyzeKafkaWrite, analyzeQuorum, generateQuorumQuiz, isQuorum, quorumSize, seededRandom, tolerates } from './quorum';
import type { L10n } from './types';

/** Every subset of 1…n. */
function subsets(n: number): number[][] {
  const out: number[][] = [];
  for (let m = 0; m < 1 << n; m++) out.push(Array.from({ length: n }, (_, i) => i + 1).filter((s) => m & (1 << (s - 1))));
  return out;
}

/** Every way to label servers 1…n with groups 0…k-1 (k ≤ 3), as group lists (empty groups dropped). */
function labelings(n: number, k: number): number[][][] {
  const out: number[][][] = [];
  const total = k ** n;
  for (let code = 0; code < total; code++) {
    const groups: number[][] = Array.from({ length: k }, () => []);
    let c = code;
    for (let s = 1; s <= n; s++) {
      (groups[c % k] as number[]).push(s);
      c = Math.floor(c / k);
    }
    out.push(groups.filter((g) => g.length > 0));
  }
  return out;
}

const filled = (t: L10n): boolean => t.ko.trim().length > 0 && t.en.trim().length > 0;

describe('quorum math: the definitions', () => {
  it('quorum is a strict majority of the voting members', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(quorumSize)).toEqual([1, 2, 2, 3, 3, 4, 4, 5, 5]);
    for (let n = 1; n <= 9; n++)
      for (let v = 0; v <= n; v++) {
        expect(isQuorum(v, n)).toBe(v > n / 2);
        expect(isQuorum(v, n)).toBe(v >= quorumSize(n));
      }
  });

  it('2F+1: tolerated failures, and an even size adds nothing over the odd size below it', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(tolerates)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4]);
    for (let n = 1; n <= 9; n++) {
      const f = tolerates(n);
      expect(n - f).toBeGreaterThanOrEqual(quorumSize(n));
      expect(n - (f + 1)).toBeLessThan(quorumSize(n));
      if (n % 2 === 0) expect(tolerates(n)).toBe(tolerates(n - 1));
    }
    // the seed note: 3 and 4 both stop with two servers down; 5 survives two
    expect(analyzeQuorum({ voters: 3, down: [1, 2] }).sides[0]?.canWrite).toBe(false);
    expect(analyzeQuorum({ voters: 4, down: [1, 2] }).sides[0]?.canWrite).toBe(false);
    expect(analyzeQuorum({ voters: 5, down: [1, 2] }).sides[0]?.canWrite).toBe(true);
    expect(analyzeQuorum({ voters: 6, down: [1, 2, 3] }).sides[0]?.canWrite).toBe(false);
  });

  it('exhaustive: crashes and partitions (≤3 groups) for 2–7 voters and 0–2 observers agree with the definition', () => {
    let cases = 0;
    const failures: string[] = [];
    for (let n = 2; n <= 7; n++)
      for (let o = 0; o <= 2; o++) {
        const total = n + o;
        if (total > 7) continue;
        const partitions = labelings(total, total <= 5 ? 3 : 2);
        for (const down of subsets(total)) {
          for (const groups of partitions) {
            const a = analyzeQuorum({ voters: n, observers: o, down, groups });
            cases++;
            const up = Array.from({ length: total }, (_, i) => i + 1).filter((s) => !down.includes(s));
            const bad = (why: string): void => {
              if (failures.length < 20) failures.push(`n=${n} o=${o} down=${down.join(',')} groups=${JSON.stringify(groups)}: ${why}`);
            };
            const ids = a.sides.flatMap((s) => s.servers).sort((x, y) => x - y);
            if (ids.join() !== up.join()) bad('sides do not partition the up servers');
            for (const side of a.sides) {
              const votersUp = side.servers.filter((s) => s <= n).length;
              const def = votersUp * 2 > n; // strict majority of ALL configured voters; observers never count
              if (side.canElect !== def || side.canWrite !== def) bad('canElect/canWrite');
              if (side.quorum !== Math.floor(n / 2) + 1) bad('quorum size');
              if (side.voters.length !== votersUp || !side.observers.every((s) => s > n)) bad('voters/observers');
              if (side.reads !== (def ? 'fresh' : side.servers.length ? 'stale-until-noticed' : 'none')) bad('reads');
              if (side.servingAfter.join() !== (def ? side.servers : []).join()) bad('servingAfter');
              if (side.staleUntilNoticed.join() !== (def ? [] : side.servers).join()) bad('staleUntilNoticed');
              if (!side.why.length || !side.why.every(filled)) bad('why');
            }
            // quorum intersection: never two sides with a quorum
            if (a.sidesWithQuorum > 1) bad('two sides with a quorum');
            if (!filled(a.summary)) bad('summary');
          }
        }
      }
    expect(failures).toEqual([]);
    expect(cases).toBeGreaterThan(20_000);
  });

  it('observers never make a quorum, however many there are', () => {
    for (let o = 0; o <= 8; o++) {
      const a = analyzeQuorum({ voters: 3, observers: o, down: [1, 2] });
      expect(a.sides[0]?.canElect).toBe(false);
      expect(a.sides[0]?.servers.length).toBe(1 + o);
    }
    // an observer alone with the old leader's quorum elsewhere: it can do nothing
    const b = analyzeQuorum({ voters: 3, observers: 1, groups: [[4], [1, 2, 3]] });
    expect(b.sides[0]).toMatchObject({ servers: [4], canElect: false, reads: 'stale-until-noticed' });
    expect(b.sides[1]).toMatchObject({ canElect: true, servingAfter: [1, 2, 3] });
  });

  it('standalone: one server, observers ignored, no failure tolerated', () => {
    expect(analyzeQuorum({ voters: 1 })).toMatchObject({ standalone: true, quorum: 1, tolerates: 0, observers: 0 });
    expect(analyzeQuorum({ voters: 1, observers: 2 }).sides[0]?.servers).toEqual([1]);
    expect(analyzeQuorum({ voters: 1, down: [1] }).sides[0]).toMatchObject({ canWrite: false, reads: 'none' });
  });

  it('the old leader: writes continue without an election only on its side with a quorum', () => {
    const a = analyzeQuorum({ voters: 5, groups: [[1, 2], [3, 4, 5]], leader: 5 });
    expect(a.sides[1]).toMatchObject({ hasOldLeader: true, writesWithoutElection: true });
    const b = analyzeQuorum({ voters: 5, groups: [[4, 5], [1, 2, 3]], leader: 5 });
    expect(b.sides[0]).toMatchObject({ hasOldLeader: true, canElect: false, staleUntilNoticed: [4, 5] });
    expect(b.sides[1]).toMatchObject({ hasOldLeader: false, canElect: true, writesWithoutElection: false });
    // default old leader: the highest up voter
    expect(analyzeQuorum({ voters: 3, down: [3] }).oldLeader).toBe(2);
  });

  it('rejects nonsense input with a clear error', () => {
    expect(() => analyzeQuorum({ voters: 0 })).toThrow(QuorumInputError);
    expect(() => analyzeQuorum({ voters: 10 })).toThrow(QuorumInputError);
    expect(() => analyzeQuorum({ voters: 3, down: [4] })).toThrow(/no server 4/);
    expect(() => analyzeQuorum({ voters: 3, groups: [[1], [1, 2]] })).toThrow(/two groups/);
    expect(() => analyzeQuorum({ voters: 3, observers: 1, leader: 4 })).toThrow(/voter/);
  });
});

describe('quorum quiz generator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(generateQuorumQuiz(7, 10)).toEqual(generateQuorumQuiz(7, 10));
    expect(JSON.stringify(generateQuorumQuiz(7, 10))).not.toBe(JSON.stringify(generateQuorumQuiz(8, 10)));
    const r = seededRandom(1);
    const xs = Array.from({ length: 1000 }, r);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('every generated question is consistent: one correct answer that matches the explorer, full ko/en text', () => {
    for (let seed = 0; seed < 100; seed++) {
      for (const q of generateQuorumQuiz(seed, 10)) {
        expect(q.correct.length).toBe(1);
        const ids = q.choices.map((c) => c.id);
        expect(new Set(ids).size).toBe(ids.length);
        for (const c of q.correct) expect(ids).toContain(c);
        expect(filled(q.prompt)).toBe(true);
        for (const c of q.choices) {
          expect(filled(c.text)).toBe(true);
          expect(filled(c.feedback)).toBe(true);
        }
        const a = analyzeQuorum(q.input);
        switch (q.kind) {
          case 'tolerance':
            expect(q.correct).toEqual([String(a.tolerates)]);
            break;
          case 'down':
          case 'observers':
            expect(q.correct).toEqual([a.sides[0]?.canWrite ? 'yes' : 'no']);
            break;
          case 'partition': {
            const ans = a.sides[0]?.canElect ? 'A' : a.sides[1]?.canElect ? 'B' : 'none';
            expect(q.correct).toEqual([ans]);
            break;
          }
          case 'even':
            expect(q.correct).toEqual(['none']);
            break;
        }
      }
    }
  });
});

describe('Kafka write math: replication factor, min.insync.replicas, acks', () => {
  it('exhaustive: agrees with the definitions', () => {
    for (let rf = 1; rf <= 6; rf++)
      for (let minIsr = 1; minIsr <= 7; minIsr++)
        for (let down = 0; down <= rf; down++)
          for (const acks of [0, 1, 'all'] as const) {
            const a = analyzeKafkaWrite({ replicationFactor: rf, minInsyncReplicas: minIsr, acks, down });
            const isr = rf - down;
            expect(a.isr).toBe(isr);
            expect(a.why.every(filled)).toBe(true);
            if (isr === 0) expect(a.write).toBe('offline');
            else if (acks === 0) expect(a.write).toBe('no-reply');
            else if (acks === 1) expect(a).toMatchObject({ write: 'yes', survives: 0 }); // min.insync.replicas does not apply
            else if (isr < minIsr) expect(a.write).toBe('refused');
            else expect(a).toMatchObject({ write: 'yes', survives: isr - 1 });
          }
  });

  it('the reference facts: RF 3 + minISR 2 survives one loss and refuses after two; minISR 1 lets the ISR be the leader alone', () => {
    expect(analyzeKafkaWrite({ replicationFactor: 3, minInsyncReplicas: 2, acks: 'all', down: 1 })).toMatchObject({ write: 'yes', survives: 1 });
    expect(analyzeKafkaWrite({ replicationFactor: 3, minInsyncReplicas: 2, acks: 'all', down: 2 }).write).toBe('refused');
    expect(analyzeKafkaWrite({ replicationFactor: 3, minInsyncReplicas: 1, acks: 'all', down: 2 })).toMatchObject({ write: 'yes', survives: 0 });
    expect(() => analyzeKafkaWrite({ replicationFactor: 3, minInsyncReplicas: 2, acks: 'all', down: 4 })).toThrow(QuorumInputError);
  });

  it('Kafka quiz questions match the analysis', () => {
    for (let seed = 0; seed < 100; seed++)
      for (const q of generateQuorumQuiz(seed, 12, ALL_QUIZ_KINDS)) {
        if (q.kind !== 'kafka') continue;
        const k = q.kafka;
        expect(k).toBeDefined();
        if (!k) continue;
        expect(q.correct).toEqual([analyzeKafkaWrite(k).write === 'yes' ? 'yes' : 'no']);
        for (const c of q.choices) expect(filled(c.feedback)).toBe(true);
        expect(filled(q.prompt)).toBe(true);
      }
  });
});

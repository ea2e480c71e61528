import { describe, expect, it } from 'vitest';
import { checkKafkaHistory } from './kafka';
import type { KafkaHistory, KafkaPoll, KafkaSend } from './kafka';

const send = (value: string, offset: number, acked = true, acks = -1, tp = 't-0'): KafkaSend => ({ value, tp, acks, acked, ...(acked ? { offset } : {}), producer: 'p' });
const poll = (consumer: string, records: Array<[number, string]>, epoch = 0, tp = 't-0'): KafkaPoll => ({ consumer, tp, epoch, records: records.map(([offset, value]) => ({ offset, value })) });
const log = (...values: string[]): Array<{ offset: number; value: string }> => values.map((value, offset) => ({ offset, value }));

function clean(): KafkaHistory {
  return {
    sends: [send('a', 0), send('b', 1), send('c', 2)],
    polls: [poll('c1', [[0, 'a'], [1, 'b']]), poll('c1', [[2, 'c']]), poll('c2', [[0, 'a'], [1, 'b'], [2, 'c']])],
    final: { 't-0': log('a', 'b', 'c') },
  };
}

describe('Kafka history checkers (Jepsen anomalies)', () => {
  it('a clean history passes', () => {
    const r = checkKafkaHistory(clean());
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.counts).toMatchObject({ sends: 3, acked: 3, lostWrites: 0, duplicates: 0, inconsistentOffsets: 0, nonmonotonicPolls: 0, pollSkips: 0, polls: 3, recordsRead: 6 });
  });

  it('lost write: acknowledged, never read, not in the final log', () => {
    const h = clean();
    h.sends.push(send('d', 3));
    const r = checkKafkaHistory(h);
    expect(r.ok).toBe(false);
    expect(r.counts.lostWrites).toBe(1);
    expect(r.problems.join('\n')).toMatch(/lost-write t-0@3 "d".*never read/);
  });

  it('lost write after being read (and the offset reused: inconsistent offsets)', () => {
    const h: KafkaHistory = {
      sends: [send('a', 0), send('b', 1), send('x', 1, false)],
      polls: [poll('c1', [[0, 'a'], [1, 'b']])],
      final: { 't-0': log('a', 'x') },
    };
    const r = checkKafkaHistory(h);
    expect(r.counts.lostWrites).toBe(1);
    expect(r.counts.inconsistentOffsets).toBe(1);
    expect(r.counts.unackedPresent).toBe(1);
    expect(r.problems.join('\n')).toMatch(/lost after being read/);
    expect(r.problems.join('\n')).toMatch(/inconsistent-offsets t-0@1/);
  });

  it('an unacknowledged send that is missing is not a lost write; one in another partition is judged there', () => {
    const h = clean();
    h.sends.push(send('u', -1, false), send('z', 0, true, -1, 'other-0'));
    const r = checkKafkaHistory(h);
    // other-0 was never drained: nothing is claimed about it
    expect(r.ok).toBe(true);
    expect(r.counts.lostWrites).toBe(0);
  });

  it('duplicate: one value at two offsets', () => {
    const h = clean();
    h.final['t-0'] = log('a', 'b', 'c', 'b');
    const r = checkKafkaHistory(h);
    expect(r.counts.duplicates).toBe(1);
    expect(r.problems.join('\n')).toMatch(/duplicate t-0@1 "b": the same value at offsets 1, 3/);
  });

  it('inconsistent offsets: two observers disagree on an offset', () => {
    const h = clean();
    h.polls.push(poll('c3', [[2, 'zz']]));
    const r = checkKafkaHistory(h);
    expect(r.counts.inconsistentOffsets).toBe(1);
    expect(r.problems.join('\n')).toMatch(/inconsistent-offsets t-0@2: different values at one offset: "c" .* vs "zz" \(c3\)/);
  });

  it('non-monotonic poll within one epoch is a problem; across a seek / rebalance it is not', () => {
    const h = clean();
    h.polls.push(poll('c1', [[1, 'b']]));
    let r = checkKafkaHistory(h);
    expect(r.counts.nonmonotonicPolls).toBe(1);
    expect(r.problems.join('\n')).toMatch(/nonmonotonic-poll t-0@1: c1 polled offset 1 after having read up to 2/);
    h.polls[h.polls.length - 1] = poll('c1', [[1, 'b']], 1);
    r = checkKafkaHistory(h);
    expect(r.ok).toBe(true);
    // offsets going backwards inside one poll
    h.polls.push(poll('c4', [[2, 'c'], [1, 'b']]));
    expect(checkKafkaHistory(h).counts.nonmonotonicPolls).toBe(1);
  });

  it('poll skip over offsets present in the final log is counted, not a failure', () => {
    const h = clean();
    h.polls = [poll('c1', [[0, 'a']]), poll('c1', [[2, 'c']])];
    const r = checkKafkaHistory(h);
    expect(r.ok).toBe(true);
    expect(r.counts.pollSkips).toBe(1);
    // a gap that is not in the final log either (e.g. compacted away) is not a skip
    h.final['t-0'] = [
      { offset: 0, value: 'a' },
      { offset: 2, value: 'c' },
    ];
    h.sends = [send('a', 0), send('c', 2)];
    expect(checkKafkaHistory(h).counts.pollSkips).toBe(0);
  });

  it('an allowed loss is explained, not a failure; an unexplained one still fails', () => {
    const h: KafkaHistory = {
      sends: [send('a', 0, true, 1), send('b', 1, true, -1), send('x', 1, true, 1)],
      polls: [],
      final: { 't-0': log('a', 'x') },
    };
    // 'b' (acks=all) lost: the explanation only allows acks<all losses
    const r = checkKafkaHistory(h, { explain: (a, s) => (a.kind === 'lost-write' && s && s.acks !== -1 ? `acks=${s.acks}` : null) });
    expect(r.ok).toBe(false);
    expect(r.counts.lostWrites).toBe(1);
    expect(r.counts.lostExplained).toBe(0);
    // the trace says there was an unclean election on t-0: everything there is explained
    const r2 = checkKafkaHistory(h, { explain: (a) => (a.tp === 't-0' ? 'unclean leader election' : null) });
    expect(r2.ok).toBe(true);
    expect(r2.counts.lostExplained).toBe(1);
    expect(r2.explained.join('\n')).toMatch(/lost-write t-0@1 "b".*allowed: unclean leader election/);
    expect(r2.explained.join('\n')).toMatch(/inconsistent-offsets t-0@1/);
  });

  it('records below the final log start (retention) are not lost writes', () => {
    const h: KafkaHistory = { sends: [send('a', 0), send('b', 1)], polls: [], final: { 't-0': [{ offset: 1, value: 'b' }] }, finalLogStart: { 't-0': 1 } };
    expect(checkKafkaHistory(h).ok).toBe(true);
  });
});

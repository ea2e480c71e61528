import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import type { TFunction } from 'i18next';
import '../sim/zookeeper/register';
import { Simulation } from '../sim/simulation';
import type { Action } from '../sim/actions';
import { resources } from '../i18n';
import { reasonText } from './reasons';

async function translator(lng: 'ko' | 'en'): Promise<TFunction> {
  const i = i18next.createInstance();
  await i.init({ resources, lng, interpolation: { escapeValue: false }, initAsync: false });
  return i.t;
}

/** Every reason the ZooKeeper servers give in their notes during a run with crashes, cuts, pauses and loss. */
function reasonsOf(seed: number): Set<string> {
  const sim = new Simulation({ seed, zk: { servers: 5, clients: 2 } });
  const out = new Set<string>();
  let seq = 0;
  const collect = () => {
    for (const r of sim.traceSince(seq, 1_000_000)) {
      seq = r.seq;
      if (r.kind !== 'note' || !r.detail) continue;
      const reason = (JSON.parse(r.detail) as { reason?: unknown }).reason;
      if (typeof reason === 'string') out.add(reason);
    }
  };
  const script: Array<[number, Action]> = [
    [3000, { type: 'crash', node: 'zk5' }],
    [6000, { type: 'partition', groups: [['zk1', 'zk2'], ['zk3', 'zk4', 'zk5', 'client1', 'client2']] }],
    [12000, { type: 'heal' }],
    [12000, { type: 'restart', node: 'zk5' }],
    [16000, { type: 'pause', node: 'zk3' }],
    [30000, { type: 'resume', node: 'zk3' }],
    [34000, { type: 'loss', percent: 30 }],
    [44000, { type: 'loss', percent: 0 }],
    [44000, { type: 'isolate', node: 'zk4' }],
    [52000, { type: 'heal' }],
  ];
  for (const [at, action] of script) {
    while (sim.now < at) {
      sim.runUntil(Math.min(at, sim.now + 500));
      collect();
    }
    sim.act(action);
  }
  sim.runUntil(60000);
  collect();
  return out;
}

describe('note reasons in the reader\'s language', () => {
  it('translates every reason the servers give during a run with faults into Korean', async () => {
    const ko = await translator('ko');
    const reasons = new Set([...reasonsOf(1), ...reasonsOf(2)]);
    expect(reasons.size).toBeGreaterThan(3);
    const untranslated = [...reasons].filter((r) => reasonText(r, ko) === r || /[a-z]{4,} [a-z]{3,} [a-z]{3,}/.test(reasonText(r, ko)));
    expect(untranslated).toEqual([]);
  });

  it('keeps numbers and nests the reason a leader closed the connection for', async () => {
    const ko = await translator('ko');
    const en = await translator('en');
    expect(reasonText('leader closed the connection (connection reset: the peer process died)', ko)).toBe('리더가 연결을 닫음 (연결 리셋: 상대 프로세스가 죽음)');
    expect(reasonText('Not sufficient followers synced, only synced with sids: [ 1,3 ]', en)).toBe('not enough followers synced, only sids [1,3]');
    expect(reasonText('something new', ko)).toBe('something new');
  });
});

import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { Simulation } from '../sim/simulation';
import type { Action } from '../sim/actions';
import { resources } from '../i18n';
import { faultText } from './faults';

async function translator(lng: 'ko' | 'en') {
  const i = i18next.createInstance();
  await i.init({ resources, lng, interpolation: { escapeValue: false }, initAsync: false });
  return i.t;
}

describe('fault records in plain words', () => {
  it('reads back every fault the kernel records, in both languages', async () => {
    const en = await translator('en');
    const ko = await translator('ko');
    const cases: Array<[string, string | undefined, string | undefined, string]> = [
      ['crash', 'zk1', undefined, 'zk1 crashed'],
      ['skew', 'zk2', '1500', "zk2's clock skewed by 1500 ms"],
      ['partition', undefined, 'zk1,zk2|zk3,zk4,zk5', 'network split: zk1, zk2 | zk3, zk4, zk5'],
      ['cut', undefined, 'zk5>zk1', 'zk1 no longer hears zk5 (one-way cut)'],
      ['link', undefined, 'zk1>zk2 {"loss":0.3}', 'link zk1 → zk2: loss 30%'],
      ['link', undefined, 'zk3>zk4 {"extraDelayMs":200,"jitterMs":50}', 'link zk3 → zk4: delay +200 ms (jitter up to 50 ms)'],
      ['link', undefined, '{"duplicate":0.05}', 'every link: duplication 5%'],
      ['link', undefined, '{"fifo":false}', 'every link: messages may overtake each other'],
      ['bridge', 'zk3', 'zk1,zk2|zk4,zk5', 'network split zk1, zk2 | zk4, zk5, bridged by zk3'],
      ['heal', undefined, undefined, 'network healed'],
    ];
    for (const [what, node, detail, text] of cases) {
      expect(faultText(what, node, detail, en)).toBe(text);
      const k = faultText(what, node, detail, ko);
      expect(k, what).toBeTruthy();
      expect(k).not.toBe(text);
    }
    expect(faultText('link', undefined, 'not json', en)).toBeNull();
    expect(faultText('something-new', 'zk1', 'x', en)).toBeNull();
  });

  it('reads every fault record a run writes, for every fault the user can inject', async () => {
    const en = await translator('en');
    const sim = new Simulation({ seed: 1, zk: { servers: 0 }, pingers: 5 });
    const actions: Action[] = [
      { type: 'crash', node: 'node1' },
      { type: 'restart', node: 'node1' },
      { type: 'pause', node: 'node2' },
      { type: 'resume', node: 'node2' },
      { type: 'skew', node: 'node3', ms: 250 },
      { type: 'partition', groups: [['node1', 'node2'], ['node3', 'node4', 'node5']] },
      { type: 'heal' },
      { type: 'isolate', node: 'node4' },
      { type: 'cut', from: 'node1', to: 'node2' },
      { type: 'bridge', left: ['node1'], right: ['node3'], node: 'node2' },
      { type: 'ring', nodes: ['node1', 'node2', 'node3', 'node4', 'node5'] },
      { type: 'loss', percent: 20 },
      { type: 'loss', percent: 50, from: 'node1', to: 'node3' },
      { type: 'delay', ms: 100, jitterMs: 20 },
      { type: 'delay', ms: 300, from: 'node2', to: 'node4' },
      { type: 'dup', percent: 5 },
      { type: 'reorder', on: true },
    ];
    for (const a of actions) {
      sim.act(a);
      sim.runUntil(sim.now + 100);
    }
    const faults = sim.traceSince(0, 1_000_000).filter((r) => r.kind === 'fault');
    expect(faults.length).toBeGreaterThanOrEqual(actions.length);
    for (const r of faults) expect(faultText(r.what, r.node, r.detail, en), `${r.what} ${r.detail ?? ''}`).toBeTruthy();
  });
});

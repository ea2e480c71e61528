import { describe, expect, it } from 'vitest';
import { makeConfig, SimConfigSchema } from '../sim/config';
import { en } from '../i18n/en';
import { ko } from '../i18n/ko';
import { SETTINGS_FIELDS, configFromDraft, fieldText } from './settings';

function at(o: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);
}

describe('settings fields', () => {
  it('show the defaults the simulator uses (the schema fills in) and name real configuration paths', () => {
    const defaults = makeConfig({ seed: 42 });
    for (const f of SETTINGS_FIELDS) {
      expect(at(defaults, f.id), f.id).toBe(f.optional ? undefined : f.fallback);
      expect(typeof at(en.settings.fields, f.id), f.id).toBe('string');
      expect(typeof at(ko.settings.fields, f.id), f.id).toBe('string');
    }
  });

  it('turn the drafts into a configuration the schema accepts', () => {
    const base = { seed: 7, zk: { servers: 3 } };
    const draft = Object.fromEntries(SETTINGS_FIELDS.map((f) => [f.id, fieldText(base, f)]));
    Object.assign(draft, { 'zk.servers': '5', 'zk.clientSessionTimeout': '12000', brokers: '3', 'kafka.minInsyncReplicas': '2', 'kafka.uncleanLeaderElection': 'true', 'kafka.workload.acks': '1' });
    const { config, bad } = configFromDraft(base, draft);
    expect(bad).toEqual({});
    const c = makeConfig(config);
    expect(c.zk.servers).toBe(5);
    expect(c.zk.clientSessionTimeout).toBe(12000);
    expect(c.zk.minSessionTimeout).toBeUndefined();
    expect(c.brokers).toBe(3);
    expect(c.kafka.minInsyncReplicas).toBe(2);
    expect(c.kafka.uncleanLeaderElection).toBe(true);
    expect(c.kafka.workload.acks).toBe(1);
    expect(c.seed).toBe(7);
  });

  it('name every field whose text is not one of its values, and keep the others', () => {
    const base = { seed: 7 };
    const { bad } = configFromDraft(base, { 'zk.servers': '10', 'zk.tickTime': '2.5', seed: '-1', 'zk.minSessionTimeout': 'abc', 'kafka.workload.acks': '2', 'zk.clients': '' });
    expect(Object.keys(bad).sort()).toEqual(['kafka.workload.acks', 'seed', 'zk.clients', 'zk.minSessionTimeout', 'zk.servers', 'zk.tickTime']);
  });

  it('the schema refuses minSessionTimeout above maxSessionTimeout, as ZooKeeper refuses to start', () => {
    const r = SimConfigSchema.safeParse({ seed: 1, zk: { servers: 3, tickTime: 2000, minSessionTimeout: 50_000 } });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path.join('.')).toBe('zk.minSessionTimeout');
    expect(SimConfigSchema.safeParse({ seed: 1, zk: { servers: 3, minSessionTimeout: 1000, maxSessionTimeout: 90_000 } }).success).toBe(true);
  });
});

describe('session timeouts from the settings reach the ensemble', () => {
  it('the server clamps the timeout a client asks for to [minSessionTimeout, maxSessionTimeout]', async () => {
    await import('../sim/zookeeper/register');
    const { Simulation } = await import('../sim/simulation');
    const negotiated = (zk: Record<string, number>) => {
      const sim = new Simulation({ seed: 3, zk: { servers: 3, clients: 1, ...zk } });
      sim.runUntil(8000);
      const r = sim.traceSince(0, 1_000_000).find((x) => x.kind === 'note' && x.what === 'zk.sessionEstablished');
      return (JSON.parse(r?.detail ?? '{}') as { timeout?: number }).timeout;
    };
    expect(negotiated({})).toBe(30_000);
    expect(negotiated({ clientSessionTimeout: 12_000 })).toBe(12_000);
    expect(negotiated({ clientSessionTimeout: 1000 })).toBe(4000); // 2 × tickTime
    expect(negotiated({ clientSessionTimeout: 5000, minSessionTimeout: 8000 })).toBe(8000);
    expect(negotiated({ clientSessionTimeout: 90_000, maxSessionTimeout: 60_000 })).toBe(60_000);
  });
});

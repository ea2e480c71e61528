import { describe, expect, it } from 'vitest';
import type { Json } from '../kernel/types';
import { World } from '../kernel/world';
import type { ZkEnsembleConfig } from './ensemble';
import { zkClientInfo, zkNodeSpecs, zkServerInfo } from './ensemble';
import { installZkInvariants } from './invariants';

interface Reply {
  reqId?: number;
  rc?: string;
  event?: { state: string; type: string; path: string | null };
  [k: string]: unknown;
}

class Harness {
  readonly world: World;
  readonly outputs: Record<string, Reply[]> = {};
  private nextReq = 1;

  constructor(cfg: ZkEnsembleConfig, seed = 42) {
    this.world = new World({ seed, nodes: zkNodeSpecs(cfg) });
    installZkInvariants(this.world);
    for (const id of this.world.nodeIds()) {
      if (!id.startsWith('client')) continue;
      this.outputs[id] = [];
      this.world.onOutput('zk:' + id, (v: Json) => this.outputs[id]?.push(v as Reply));
    }
    this.world.start();
  }

  run(ms: number): void {
    this.world.runUntil(this.world.now + ms);
  }

  info(id: string) {
    const i = zkServerInfo(this.world.snapshotOf(id));
    if (!i) throw new Error(`${id} is down`);
    return i;
  }

  /** Issues a request and runs the world until its reply (or maxMs). */
  call(client: string, request: Record<string, unknown>, maxMs = 60000): Reply {
    const reqId = this.nextReq++;
    this.world.inject(client, { type: 'zk.call', reqId, request });
    const deadline = this.world.now + maxMs;
    for (;;) {
      const r = this.outputs[client]?.find((o) => o.reqId === reqId);
      if (r) return r;
      if (this.world.now >= deadline) throw new Error(`no reply to ${JSON.stringify(request)} from ${client}`);
      this.world.runUntil(Math.min(deadline, this.world.now + 5));
    }
  }

  callAsync(client: string, request: Record<string, unknown>): number {
    const reqId = this.nextReq++;
    this.world.inject(client, { type: 'zk.call', reqId, request });
    return reqId;
  }

  srvr(client: string, server: string): string {
    const r = this.call(client, { op: '4lw', server, word: 'srvr' });
    return r.rc === 'OK' ? String(r['text']) : String(r.rc);
  }

  events(client: string): string[] {
    return (this.outputs[client] ?? []).filter((o) => o.event).map((o) => `${o.event?.state} ${o.event?.type} ${o.event?.path}`);
  }

  roles(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const id of this.world.nodeIds()) {
      if (!id.startsWith('zk')) continue;
      out[id] = this.world.status(id) === 'crashed' ? 'DOWN' : this.info(id).role;
    }
    return out;
  }

  leaders(): string[] {
    return Object.entries(this.roles())
      .filter(([, r]) => r === 'LEADING')
      .map(([id]) => id);
  }

  violations(): string[] {
    return this.world.violations.map((v) => `${v.invariant} ${v.node} ${v.detail}`);
  }
}

const create = (path: string, data: string | null = '', mode = 'PERSISTENT') => ({ op: 'create', path, data, mode });

describe('ZooKeeper ensemble: election', () => {
  it('three servers started together: zk3 leads epoch 1, srvr shows Zxid 0x100000000', () => {
    const h = new Harness({ servers: 3, clients: 1, clientsAutoConnect: false });
    h.run(3000);
    expect(h.roles()).toEqual({ zk1: 'FOLLOWING', zk2: 'FOLLOWING', zk3: 'LEADING' });
    for (const id of ['zk1', 'zk2', 'zk3']) {
      expect(h.info(id).epoch).toBe(1);
      expect(h.info(id).serving).toBe(true);
    }
    const leader = h.srvr('client1', 'zk3');
    expect(leader).toBe(
      'Zookeeper version: 3.8.4-sim, built on 2024-01-01 00:00 UTC\nLatency min/avg/max: 0/0.0/0\nReceived: 1\nSent: 0\nConnections: 1\n' +
        'Outstanding: 0\nZxid: 0x100000000\nMode: leader\nNode count: 5\nProposal sizes last/min/max: -1/-1/-1\n',
    );
    const follower = h.srvr('client1', 'zk2');
    expect(follower).toContain('Zxid: 0x0\nMode: follower\nNode count: 5\n');
    expect(follower).not.toContain('Proposal sizes');
    expect(h.violations()).toEqual([]);
  });

  it('zxids follow the conformance transcript: session 0x100000001, failed writes consume a zxid', () => {
    const h = new Harness({ servers: 3, clients: 1 });
    h.run(3000);
    const a = h.call('client1', create('/app', 'v1'));
    expect(a).toMatchObject({ rc: 'OK', path: '/app', zxid: 0x100000002 });
    expect(h.call('client1', create('/app', 'dup'))).toMatchObject({ rc: 'NodeExists', zxid: 0x100000003 });
    expect(h.call('client1', create('/app/cfg', 'x=1'))).toMatchObject({ rc: 'OK', zxid: 0x100000004 });
    expect(h.call('client1', create('/app/job-', 'a', 'PERSISTENT_SEQUENTIAL'))).toMatchObject({ path: '/app/job-0000000001' });
    const g = h.call('client1', { op: 'getData', path: '/app/cfg', watch: false });
    expect(g).toMatchObject({ rc: 'OK', data: 'x=1' });
    expect((g['stat'] as { czxid: number }).czxid).toBe(0x100000004);
    h.run(1000);
    for (const id of ['zk1', 'zk2', 'zk3']) expect(h.info(id).lastZxid).toBe(0x100000005);
    expect(h.violations()).toEqual([]);
  });

  it('leader crash: the most up-to-date survivor leads with epoch + 1', () => {
    const h = new Harness({ servers: 3, clients: 1 });
    h.run(3000);
    h.call('client1', create('/a', 'x'));
    h.world.crash('zk3');
    h.run(30000);
    expect(h.leaders()).toEqual(['zk2']);
    expect(h.info('zk2').epoch).toBe(2);
    expect(h.info('zk1').role).toBe('FOLLOWING');
    const r = h.call('client1', create('/b', 'y'));
    expect(r.rc).toBe('OK');
    expect(Math.floor((r['zxid'] as number) / 2 ** 32)).toBe(2);
    // the old leader comes back as a follower and catches up
    h.world.restart('zk3');
    h.run(5000);
    expect(h.info('zk3').role).toBe('FOLLOWING');
    expect(h.info('zk3').lastZxid).toBe(h.info('zk2').lastZxid);
    expect(h.violations()).toEqual([]);
  });

  it('a more up-to-date server beats a higher sid', () => {
    const h = new Harness({ servers: 3, clients: 1 });
    h.run(3000);
    h.call('client1', { op: 'connect', server: 'zk1' });
    h.world.crash('zk2');
    h.run(1000);
    expect(h.call('client1', create('/only-on-1-and-3', 'x')).rc).toBe('OK');
    h.world.crash('zk3');
    h.world.restart('zk2');
    h.run(30000);
    expect(h.leaders()).toEqual(['zk1']);
    expect(h.info('zk1').epoch).toBe(2);
    expect(h.info('zk2').tree.nodes['/only-on-1-and-3']).toBeDefined();
    expect(h.violations()).toEqual([]);
  });

  it('four servers tolerate only one failure', () => {
    const h = new Harness({ servers: 4, clients: 1 });
    h.run(3000);
    expect(h.leaders()).toEqual(['zk4']);
    h.world.crash('zk1');
    h.run(20000);
    expect(h.leaders()).toEqual(['zk4']);
    expect(h.info('zk4').serving).toBe(true);
    h.world.crash('zk2');
    h.run(30000);
    expect(h.leaders()).toEqual([]);
    expect(h.info('zk3').role).toBe('LOOKING');
    expect(h.info('zk4').serving).toBe(false);
    expect(h.srvr('client1', 'zk4')).toBe('This ZooKeeper instance is not currently serving requests\n');
    expect(h.srvr('client1', 'zk1')).toBe('ConnectionRefused');
    expect(h.violations()).toEqual([]);
  });

  it('a minority side stops serving, the majority elects a new leader, after healing the old leader follows', () => {
    const h = new Harness({ servers: 3, clients: 1 });
    h.run(3000);
    h.call('client1', create('/before', 'x'));
    h.world.partition([['zk3'], ['zk1', 'zk2', 'client1']]);
    h.run(30000);
    expect(h.info('zk3').serving).toBe(false);
    expect(h.info('zk3').role).toBe('LOOKING');
    expect(h.leaders()).toEqual(['zk2']);
    expect(h.info('zk2').epoch).toBe(2);
    const r = h.call('client1', create('/after', 'y'));
    expect(r.rc).toBe('OK');
    h.world.heal();
    h.run(10000);
    expect(h.info('zk3').role).toBe('FOLLOWING');
    expect(h.info('zk3').epoch).toBe(2);
    expect(h.info('zk3').tree.nodes['/after']).toBeDefined();
    expect(h.violations()).toEqual([]);
  });
});

describe('ZooKeeper ensemble: sessions, watches, reads', () => {
  it('a paused client expires: its ephemerals vanish and another client sees the watch fire', () => {
    const h = new Harness({ servers: 3, clients: 2 });
    h.run(3000);
    expect(h.call('client1', create('/e', 'me', 'EPHEMERAL')).rc).toBe('OK');
    expect(h.call('client2', { op: 'exists', path: '/e', watch: true }).rc).toBe('OK');
    h.world.pause('client1');
    h.run(45000);
    expect(h.events('client2')).toContain('SyncConnected NodeDeleted /e');
    for (const id of ['zk1', 'zk2', 'zk3']) {
      expect(h.info(id).tree.nodes['/e']).toBeUndefined();
      expect(Object.keys(h.info(id).tree.sessions)).toHaveLength(1);
    }
    h.world.resume('client1');
    h.run(10000);
    expect(h.events('client1')).toContain('Expired None null');
    expect(zkClientInfo(h.world.snapshotOf('client1'))?.state).toBe('CLOSED');
    expect(h.call('client1', { op: 'getData', path: '/', watch: false })).toMatchObject({ rc: 'SessionExpired' });
    expect(h.violations()).toEqual([]);
  });

  it('a stale read on a lagging follower, fixed by sync', () => {
    const h = new Harness({ servers: 3, clients: 2 });
    h.run(3000);
    h.call('client1', { op: 'connect', server: 'zk1' });
    h.call('client2', { op: 'connect', server: 'zk2' });
    h.run(3000);
    expect(zkClientInfo(h.world.snapshotOf('client1'))?.server).toBe('zk1');
    expect(h.call('client2', create('/x', 'old')).rc).toBe('OK');
    h.run(100);
    h.world.setLink('zk3', 'zk1', { extraDelayMs: 800 });
    expect(h.call('client2', { op: 'setData', path: '/x', data: 'new', version: -1 }).rc).toBe('OK');
    expect(h.call('client1', { op: 'getData', path: '/x', watch: false })).toMatchObject({ rc: 'OK', data: 'old' });
    expect(h.call('client1', { op: 'sync', path: '/x' }).rc).toBe('OK');
    expect(h.call('client1', { op: 'getData', path: '/x', watch: false })).toMatchObject({ rc: 'OK', data: 'new' });
    expect(h.violations()).toEqual([]);
  });

  it('watches fire once, before the reply of the write that fired them; close removes ephemerals', () => {
    const h = new Harness({ servers: 3, clients: 2 });
    h.run(3000);
    h.call('client1', create('/w', 'a'));
    h.call('client1', { op: 'getData', path: '/w', watch: true });
    h.call('client1', { op: 'getChildren', path: '/w', watch: true });
    h.call('client1', { op: 'setData', path: '/w', data: 'b', version: -1 });
    h.call('client1', { op: 'setData', path: '/w', data: 'c', version: -1 });
    h.call('client2', create('/w/kid', '', 'EPHEMERAL'));
    h.run(500);
    expect(h.events('client1').filter((e) => !e.includes('None'))).toEqual(['SyncConnected NodeDataChanged /w', 'SyncConnected NodeChildrenChanged /w']);
    // the event reaches client1 before the reply to its own write
    const outs = h.outputs['client1'] ?? [];
    const evIdx = outs.findIndex((o) => o.event?.type === 'NodeDataChanged');
    const replyIdx = outs.findIndex((o) => o.rc === 'OK' && (o['stat'] as { version?: number } | undefined)?.version === 1);
    expect(evIdx).toBeGreaterThanOrEqual(0);
    expect(evIdx).toBeLessThan(replyIdx);
    h.call('client2', { op: 'close' });
    h.run(500);
    expect(h.info('zk1').tree.nodes['/w/kid']).toBeUndefined();
    expect(h.events('client2')).toContain('Closed None null');
    expect(h.violations()).toEqual([]);
  });

  it('a client whose server dies fails over with the same session', () => {
    const h = new Harness({ servers: 3, clients: 1 });
    h.run(3000);
    h.call('client1', { op: 'connect', server: 'zk1', servers: ['zk1', 'zk2', 'zk3'] });
    h.run(2000);
    const before = zkClientInfo(h.world.snapshotOf('client1'));
    expect(before?.server).toBe('zk1');
    h.call('client1', create('/eph', '', 'EPHEMERAL'));
    h.world.crash('zk1');
    h.run(40000);
    const after = zkClientInfo(h.world.snapshotOf('client1'));
    expect(after?.state).toBe('CONNECTED');
    expect(after?.session).toBe(before?.session);
    expect(after?.server).not.toBe('zk1');
    expect(h.events('client1')).toContain('Disconnected None null');
    expect(h.info('zk3').tree.nodes['/eph']).toBeDefined();
    expect(h.violations()).toEqual([]);
  });
});

describe('ZooKeeper ensemble: more protocol details', () => {
  it('follows the 05-sessions transcript: close, reconnect to zk2, new session zxids', () => {
    const h = new Harness({ servers: 3, clients: 1, clientsAutoConnect: false });
    h.run(3000);
    h.call('client1', { op: 'connect', server: 'zk1' });
    h.run(2000);
    expect(h.call('client1', create('/live', ''))).toMatchObject({ rc: 'OK', zxid: 0x100000002 });
    expect(h.call('client1', create('/live/worker-1', 'host-a', 'EPHEMERAL'))).toMatchObject({ zxid: 0x100000003 });
    expect(h.call('client1', create('/live/lock-', 'a', 'EPHEMERAL_SEQUENTIAL'))).toMatchObject({ path: '/live/lock-0000000001', zxid: 0x100000004 });
    expect(h.call('client1', { op: 'getChildren', path: '/live', watch: false })).toMatchObject({ children: ['lock-0000000001', 'worker-1'] });
    expect(h.call('client1', { op: 'close' }).rc).toBe('OK');
    h.call('client1', { op: 'connect', server: 'zk2' });
    h.run(2000);
    const ls = h.call('client1', { op: 'getChildren', path: '/live', watch: false });
    expect(ls).toMatchObject({ children: [] });
    expect(ls['stat']).toMatchObject({ pzxid: 0x100000005, cversion: 4, numChildren: 0 });
    const w2 = h.call('client1', create('/live/worker-2', 'host-b', 'EPHEMERAL'));
    expect(w2).toMatchObject({ zxid: 0x100000007 });
    const session = zkClientInfo(h.world.snapshotOf('client1'))?.session ?? '';
    expect(session.startsWith('0x2')).toBe(true); // created by zk2
    expect((w2['stat'] as { ephemeralOwner: string }).ephemeralOwner).toBe(session);
    expect(h.violations()).toEqual([]);
  });

  it("an isolated leader's uncommitted proposal is discarded when it rejoins (SNAP)", () => {
    const h = new Harness({ servers: 3, clients: 2 });
    h.run(3000);
    h.call('client1', { op: 'connect', server: 'zk3' });
    h.call('client2', { op: 'connect', server: 'zk1', servers: ['zk1', 'zk2'] });
    h.run(2000);
    h.call('client1', create('/base', 'x'));
    h.run(200);
    h.world.partition([['zk3', 'client1'], ['zk1', 'zk2', 'client2']]);
    const lost = h.call('client1', create('/lost', 'never committed'));
    expect(lost.rc).toBe('ConnectionLoss');
    expect(h.info('zk3').role).toBe('LOOKING');
    // zk3 fast-forwarded its log: the uncommitted node is in its tree while it is out
    expect(h.info('zk3').tree.nodes['/lost']).toBeDefined();
    h.run(20000);
    expect(h.leaders()).toEqual(['zk2']);
    expect(h.call('client2', create('/new', 'y')).rc).toBe('OK');
    h.world.heal();
    h.run(15000);
    expect(h.info('zk3').role).toBe('FOLLOWING');
    expect(h.info('zk3').tree.nodes['/lost']).toBeUndefined();
    expect(h.info('zk3').tree.nodes['/new']).toBeDefined();
    const notes = h.world.trace.tail(4096).filter((r) => r.kind === 'note' && r.what === 'zk.syncLearner' && r.detail?.includes('"sid":3'));
    expect(notes.at(-1)?.detail).toContain('SNAP');
    expect(h.violations()).toEqual([]);
  });

  it('an idle client on a follower stays alive through pings and touches, across a leader change', () => {
    const h = new Harness({ servers: 3, clients: 1, clientSessionTimeout: 6000 });
    h.run(3000);
    h.call('client1', { op: 'connect', server: 'zk1' });
    h.run(2000);
    const session = zkClientInfo(h.world.snapshotOf('client1'))?.session;
    h.call('client1', create('/mine', '', 'EPHEMERAL'));
    h.run(120000);
    expect(zkClientInfo(h.world.snapshotOf('client1'))).toMatchObject({ state: 'CONNECTED', session, timeout: 6000 });
    h.world.crash('zk3');
    h.run(60000);
    expect(h.leaders()).toEqual(['zk2']);
    expect(h.info('zk2').tree.nodes['/mine']).toBeDefined();
    expect(zkClientInfo(h.world.snapshotOf('client1'))?.session).toBe(session);
    expect(h.events('client1')).not.toContain('Expired None null');
    expect(h.violations()).toEqual([]);
  });

  it('a read waits behind the same session\'s pending write', () => {
    const h = new Harness({ servers: 3, clients: 1 });
    h.run(3000);
    h.call('client1', { op: 'connect', server: 'zk1' });
    h.run(2000);
    const w = h.callAsync('client1', create('/ordered', 'v'));
    const r = h.callAsync('client1', { op: 'getData', path: '/ordered', watch: false });
    h.run(100);
    const outs = h.outputs['client1'] ?? [];
    expect(outs.find((o) => o.reqId === w)?.rc).toBe('OK');
    expect(outs.find((o) => o.reqId === r)).toMatchObject({ rc: 'OK', data: 'v' });
  });

  it('a server behind the client refuses the reconnect', () => {
    const h = new Harness({ servers: 3, clients: 1 });
    h.run(3000);
    h.world.sendMessage('client1', 'zk1', { type: 'CONNECT', conn: 'x', session: '0x123', timeout: 30000, lastZxidSeen: 0x7fffffff0, watches: null });
    h.run(10);
    const refused = h.world.trace.tail(200).find((r) => r.kind === 'note' && r.what === 'zk.connectRefused');
    expect(refused?.node).toBe('zk1');
  });

  it('TTL nodes need extendedTypesEnabled; containers and TTLs are swept by the leader', () => {
    const off = new Harness({ servers: 3, clients: 1 });
    off.run(3000);
    expect(off.call('client1', { ...create('/t', 'x', 'PERSISTENT_WITH_TTL'), ttl: 5000 }).rc).toBe('Unimplemented');
    const h = new Harness({ servers: 3, clients: 1, extendedTypesEnabled: true });
    h.run(3000);
    expect(h.call('client1', { ...create('/t', 'x', 'PERSISTENT_WITH_TTL'), ttl: 5000 }).rc).toBe('OK');
    expect(h.call('client1', create('/c', '', 'CONTAINER')).rc).toBe('OK');
    expect(h.call('client1', create('/c/kid', '')).rc).toBe('OK');
    expect(h.call('client1', { op: 'delete', path: '/c/kid', version: -1 }).rc).toBe('OK');
    h.run(130000);
    for (const id of ['zk1', 'zk2', 'zk3']) {
      expect(h.info(id).tree.nodes['/t']).toBeUndefined();
      expect(h.info(id).tree.nodes['/c']).toBeUndefined();
    }
    expect(h.violations()).toEqual([]);
  });
});

describe('ZooKeeper ensemble: observers and even sizes', () => {
  it('observers serve and forward but never vote', () => {
    const h = new Harness({ servers: 3, observers: 2, clients: 1, clientsAutoConnect: false });
    h.run(3000);
    expect(h.roles()).toEqual({ zk1: 'FOLLOWING', zk2: 'FOLLOWING', zk3: 'LEADING', zk4: 'OBSERVING', zk5: 'OBSERVING' });
    h.call('client1', { op: 'connect', server: 'zk5' });
    h.run(2000);
    expect(h.call('client1', create('/via-observer', 'x'))).toMatchObject({ rc: 'OK', zxid: 0x100000002 });
    expect(h.srvr('client1', 'zk5')).toContain('Mode: observer');
    h.world.crash('zk1');
    h.world.crash('zk2');
    h.run(30000);
    expect(h.leaders()).toEqual([]);
    expect(h.info('zk4').serving).toBe(false);
    expect(h.info('zk5').serving).toBe(false);
    h.world.restart('zk1');
    h.run(30000);
    expect(h.leaders()).toEqual(['zk3']);
    expect(h.info('zk5').role).toBe('OBSERVING');
    expect(h.info('zk5').tree.nodes['/via-observer']).toBeDefined();
    expect(h.violations()).toEqual([]);
  });

  it('two servers need both', () => {
    const h = new Harness({ servers: 2, clients: 1 });
    h.run(3000);
    expect(h.leaders()).toEqual(['zk2']);
    h.world.crash('zk1');
    h.run(30000);
    expect(h.leaders()).toEqual([]);
    expect(h.info('zk2').role).toBe('LOOKING');
    h.world.restart('zk1');
    h.run(10000);
    expect(h.leaders()).toHaveLength(1);
    expect(h.violations()).toEqual([]);
  });
});

describe('ZooKeeper ensemble: standalone and determinism', () => {
  it('standalone: Mode standalone, epoch 0, session 0x1, first create 0x2', () => {
    const h = new Harness({ servers: 1, clients: 1 });
    h.run(2000);
    expect(h.info('zk1').role).toBe('STANDALONE');
    expect(h.call('client1', create('/a', 'x'))).toMatchObject({ rc: 'OK', zxid: 2 });
    expect(zkClientInfo(h.world.snapshotOf('client1'))?.session?.startsWith('0x1')).toBe(true);
    const t = h.srvr('client1', 'zk1');
    expect(t).toContain('Zxid: 0x2\nMode: standalone\nNode count: 6\n');
    h.world.crash('zk1');
    h.world.restart('zk1');
    h.run(100);
    expect(h.info('zk1').lastZxid).toBe(2);
    expect(h.info('zk1').tree.nodes['/a']?.data).toBe('x');
  });

  const scenario = (seed: number, checkpointAt?: number): string => {
    const h = new Harness({ servers: 3, clients: 2 }, seed);
    h.world.setLinkDefaults({ loss: 0.01 });
    h.run(3000);
    h.callAsync('client1', create('/d', 'x'));
    h.callAsync('client2', create('/e', 'y', 'EPHEMERAL'));
    h.run(2000);
    h.world.crash('zk3');
    h.run(8000);
    if (checkpointAt !== undefined) {
      const cp = h.world.checkpoint();
      const h2 = new World({ seed, nodes: zkNodeSpecs({ servers: 3, clients: 2 }) });
      h2.restore(cp);
      h2.runUntil(h2.now + 30000);
      return h2.trace.hashHex();
    }
    h.run(30000);
    return h.world.trace.hashHex();
  };

  it('same seed, same trace hash; a different seed differs', () => {
    expect(scenario(7)).toBe(scenario(7));
    expect(scenario(7)).not.toBe(scenario(8));
  });

  it('a checkpoint restored and re-run gives the same hash as running straight', () => {
    expect(scenario(11, 13000)).toBe(scenario(11));
  });
});

describe('a crashed process is noticed at once, a partitioned one only by timeouts', () => {
  it('leader crash: followers see the reset and elect within a second; leader isolation: syncLimit ticks', async () => {
    const { World } = await import('../kernel/world');
    const { zkNodeSpecs, zkServerInfo } = await import('./ensemble');
    const leaderOf = (w: InstanceType<typeof World>) =>
      ['zk1', 'zk2', 'zk3'].find((id) => w.status(id) === 'up' && zkServerInfo(w.snapshotOf(id))?.role === 'LEADING' && zkServerInfo(w.snapshotOf(id))?.serving);
    const crashed = new World({ seed: 5, nodes: zkNodeSpecs({ servers: 3 }) });
    crashed.start();
    crashed.runUntil(2000);
    expect(leaderOf(crashed)).toBe('zk3');
    crashed.crash('zk3');
    crashed.runUntil(3000);
    expect(leaderOf(crashed)).toBe('zk2');
    expect(zkServerInfo(crashed.snapshotOf('zk2'))?.epoch).toBe(2);

    const isolated = new World({ seed: 5, nodes: zkNodeSpecs({ servers: 3 }) });
    isolated.start();
    isolated.runUntil(2000);
    isolated.isolate('zk3', ['zk1', 'zk2', 'zk3']);
    isolated.runUntil(3000);
    // nobody can tell yet: the followers wait syncLimit × tickTime (10 s) for the leader
    expect(zkServerInfo(isolated.snapshotOf('zk1'))?.role).toBe('FOLLOWING');
    isolated.runUntil(15000);
    expect(leaderOf(isolated)).toBe('zk2');
  });
});

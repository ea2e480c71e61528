import { describe, expect, it } from 'vitest';
import { Simulation } from '../simulation';
import { createConsole } from '../../console/interpreter';
import '../../console/register';
import { arrowsOf, faultBands, islandsOf, majorityOf, proposalsOf, toleratedOf, zkDomainView, zkTreeOf } from './index';

function leaderOf(sim: Simulation): string | undefined {
  return zkDomainView(sim.world).servers.find((s) => s.role === 'LEADING')?.id;
}

describe('quorum arithmetic', () => {
  it('majority and failures tolerated', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 9].map(majorityOf)).toEqual([1, 2, 2, 3, 3, 4, 4, 5]);
    expect([1, 2, 3, 4, 5, 6, 7, 9].map(toleratedOf)).toEqual([0, 0, 1, 1, 2, 2, 3, 4]);
  });
  it('islands follow links open both ways', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    expect(islandsOf(ids, [])).toEqual([ids]);
    const blocked: Array<[string, string]> = [];
    for (const x of ['a', 'b']) for (const y of ['c', 'd', 'e']) blocked.push([x, y], [y, x]);
    expect(islandsOf(ids, blocked)).toEqual([
      ['a', 'b'],
      ['c', 'd', 'e'],
    ]);
  });
});

describe('ZooKeeper view models', () => {
  it('show the election, the leader, and the quorum per side of a partition', () => {
    const sim = new Simulation({ seed: 42 });
    const v0 = zkDomainView(sim.world);
    expect(v0.servers.map((s) => s.id)).toEqual(['zk1', 'zk2', 'zk3']);
    expect(v0.quorum).toMatchObject({ voters: 3, majority: 2, tolerated: 1, votersUp: 3, partitioned: false });
    sim.runUntil(3000);
    const v = zkDomainView(sim.world);
    const leader = leaderOf(sim);
    expect(leader).toBeDefined();
    for (const s of v.servers) {
      expect(s.vote?.leader).toBe(v.servers.find((x) => x.id === leader)?.myid);
      expect(s.serving).toBe(true);
    }
    expect(JSON.parse(JSON.stringify(v))).toEqual(v);

    sim.act({ type: 'partition', groups: [['zk1'], ['zk2', 'zk3']] });
    const q = zkDomainView(sim.world).quorum;
    expect(q.partitioned).toBe(true);
    expect(q.islands.map((i) => [i.members, i.canElect, i.canWrite])).toEqual([
      [['zk1'], false, false],
      [['zk2', 'zk3'], true, true],
    ]);
  });

  it('a proposal shows its ACKs against the quorum, and the tree shows znode types', () => {
    const sim = new Simulation({ seed: 42 });
    const con = createConsole(sim);
    sim.runUntil(3000);
    // look at the proposals while the console's commands run (the console runs the world until the reply)
    let seen: ReturnType<typeof proposalsOf>[number] | undefined;
    sim.world.trace.sink = () => {
      if (!seen) seen = proposalsOf(sim.world)[0];
    };
    con.exec('create /a hello');
    sim.world.trace.sink = undefined;
    expect(seen).toMatchObject({ op: 'create /a', needed: 2, voters: 3 });
    expect(seen!.acks.length).toBeLessThan(2);
    con.exec('create -e /eph x');
    con.exec('create -s /seq- y');
    con.exec('create -c /cont');
    sim.runUntil(sim.now + 1000);
    const tree = zkTreeOf(sim.world, 'zk1');
    expect(tree).not.toBeNull();
    const byPath = new Map(tree!.nodes.map((n) => [n.path, n]));
    expect(byPath.get('/a')).toMatchObject({ kind: 'persistent', sequential: false, preview: 'hello' });
    expect(byPath.get('/eph')).toMatchObject({ kind: 'ephemeral', sequential: false });
    expect(byPath.get('/seq-0000000002')).toMatchObject({ kind: 'persistent', sequential: true });
    expect(byPath.get('/cont')).toMatchObject({ kind: 'container' });
    expect(byPath.get('/a')?.stat.version).toBe(0);
    expect(zkDomainView(sim.world).treeVersions['zk1']).toBe(tree!.version);
    // every server converged to the same tree
    const paths = (id: string) => zkTreeOf(sim.world, id)!.nodes.map((n) => n.path);
    expect(paths('zk2')).toEqual(paths('zk1'));
    expect(paths('zk3')).toEqual(paths('zk1'));
  });

  it('a crashed server has no tree and a null role', () => {
    const sim = new Simulation({ seed: 7 });
    sim.runUntil(3000);
    sim.act({ type: 'crash', node: 'zk2' });
    expect(zkTreeOf(sim.world, 'zk2')).toBeNull();
    const s = zkDomainView(sim.world).servers.find((x) => x.id === 'zk2');
    expect(s).toMatchObject({ status: 'crashed', role: null, serving: false });
    expect(zkDomainView(sim.world).quorum.votersUp).toBe(2);
  });
});

describe('timeline', () => {
  it('fault bands pair faults with their repairs', () => {
    const bands = faultBands([
      { at: 100, processed: 1, action: { type: 'crash', node: 'zk1' } },
      { at: 200, processed: 2, action: { type: 'partition', groups: [['zk2'], ['zk3']] } },
      { at: 300, processed: 3, action: { type: 'loss', percent: 20 } },
      { at: 400, processed: 4, action: { type: 'restart', node: 'zk1' } },
      { at: 500, processed: 5, action: { type: 'heal' } },
      { at: 600, processed: 6, action: { type: 'pause', node: 'zk2' } },
    ]);
    expect(bands.map((b) => [b.kind, b.start, b.end])).toEqual([
      ['kill', 100, 400],
      ['partition', 200, 500],
      ['packet', 300, 500],
      ['pause', 600, null],
    ]);
    expect(bands[0]?.label).toBe('crash zk1');
  });

  it('arrows pair sends with deliveries and drops', () => {
    const sim = new Simulation({ seed: 42 });
    sim.runUntil(500);
    const arrows = arrowsOf(sim.traceSince(0, 100_000), sim.view().messages);
    expect(arrows.length).toBeGreaterThan(0);
    for (const a of arrows) {
      expect(a.from).not.toBe(a.to);
      if (a.at !== null) expect(a.at).toBeGreaterThanOrEqual(a.sentAt);
    }
  });
});

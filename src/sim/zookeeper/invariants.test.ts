import { describe, expect, it } from 'vitest';
import { World } from '../kernel/world';
import { zkNodeSpecs } from './ensemble';
import { installZkInvariants } from './invariants';
import type { ServerContext } from './server/types';

function ctx(world: World, id: string): ServerContext {
  return (world.snapshotOf(id) as unknown as { context: ServerContext }).context;
}

function setup(): World {
  const world = new World({ seed: 3, nodes: zkNodeSpecs({ servers: 3, clients: 1 }) });
  installZkInvariants(world);
  world.start();
  world.runUntil(3000);
  return world;
}

function write(world: World, reqId: number, path: string): void {
  world.inject('client1', { type: 'zk.call', reqId, request: { op: 'create', path, data: 'x', mode: 'PERSISTENT' } });
  world.runUntil(world.now + 200);
}

describe('ZooKeeper invariants catch breaches (the checker itself)', () => {
  it('silent on a healthy run', () => {
    const world = setup();
    write(world, 1, '/a');
    expect(world.violations).toEqual([]);
  });

  it('two established leaders in one epoch', () => {
    const world = setup();
    const s = ctx(world, 'zk1');
    s.role = 'LEADING';
    s.zab = 'BROADCAST';
    write(world, 1, '/a');
    expect(world.violations.map((v) => v.invariant)).toContain('zk-one-leader-per-epoch');
  });

  it('a follower whose committed txn differs from the others', () => {
    const world = setup();
    write(world, 1, '/a');
    // corrupt zk1's copy of the next txn as soon as it is logged, before it commits there
    world.inject('client1', { type: 'zk.call', reqId: 2, request: { op: 'create', path: '/b', data: 'x', mode: 'PERSISTENT' } });
    for (let i = 0; i < 2000; i++) {
      world.step();
      const s = ctx(world, 'zk1');
      const last = s.log[s.log.length - 1];
      if (last && last.zxid > s.lastProcessed) {
        (last.txn as { path?: string }).path = '/evil';
        break;
      }
    }
    world.runUntil(world.now + 500);
    expect(world.violations.map((v) => v.invariant)).toContain('zk-prefix-agreement');
  });

  it('an ephemeral whose session is gone', () => {
    const world = setup();
    const s = ctx(world, 'zk2');
    s.tree.ephemerals['0xdead'] = ['/ghost'];
    write(world, 1, '/a');
    expect(world.violations.map((v) => v.invariant)).toContain('zk-ephemeral-live-session');
  });

  it('reports each breach once', () => {
    const world = setup();
    const s = ctx(world, 'zk2');
    s.tree.ephemerals['0xdead'] = ['/ghost'];
    write(world, 1, '/a');
    write(world, 2, '/b');
    expect(world.violations.filter((v) => v.invariant === 'zk-ephemeral-live-session')).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { NodeView } from '../worker/api';
import { NODE_RADIUS, computeLayout, groupKey } from './layout';

function node(id: string): NodeView {
  return {
    id,
    kind: id.startsWith('client') ? 'zk-client' : 'zk-server',
    role: id.startsWith('client') || id === 'kafka-cli' ? 'client' : 'server',
    status: 'up',
    since: 0,
    skew: 0,
    incarnation: 0,
    description: { role: 'LOOKING', lines: [] },
  } as unknown as NodeView;
}

function cluster(zk: number, brokers: number, clients: number): NodeView[] {
  return [
    ...Array.from({ length: zk }, (_, i) => node(`zk${i + 1}`)),
    ...Array.from({ length: brokers }, (_, i) => node(`broker${i + 1}`)),
    ...Array.from({ length: clients }, (_, i) => node(`client${i + 1}`)),
  ];
}

/** Two nodes of one ring whose circles (at their drawn size) touch or overlap. */
function touching(nodes: NodeView[], width: number, height: number): string[] {
  const layout = computeLayout(nodes, width, height);
  const out: string[] = [];
  const servers = nodes.filter((n) => n.role !== 'client');
  for (let i = 0; i < servers.length; i++)
    for (let j = i + 1; j < servers.length; j++) {
      const a = servers[i] as NodeView;
      const b = servers[j] as NodeView;
      if (groupKey(a.id) !== groupKey(b.id)) continue;
      const p = layout.positions.get(a.id)!;
      const q = layout.positions.get(b.id)!;
      if (Math.hypot(p.x - q.x, p.y - q.y) < NODE_RADIUS * (p.scale + q.scale)) out.push(`${a.id}~${b.id}`);
    }
  return out;
}

describe('cluster layout', () => {
  it('keeps the nodes of a ring apart in a short cluster view (3 servers, 4 brokers, 2 clients, 860×130)', () => {
    expect(touching(cluster(3, 4, 2), 860, 130)).toEqual([]);
  });

  it("never lets two nodes of a ring overlap, for any ensemble and cluster size in a box of at least 900×160", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 900, max: 1900 }), fc.integer({ min: 160, max: 900 }), (zk, brokers, clients, w, h) => {
        expect(touching(cluster(zk, brokers, clients), w, h)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps full-size nodes where there is room (3 servers in 900×520)', () => {
    const layout = computeLayout(cluster(3, 0, 1), 900, 520);
    expect(layout.positions.get('zk1')?.scale).toBe(1);
  });
});

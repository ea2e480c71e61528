/**
 * ContainerManager.getCandidates: container and TTL nodes the leader should delete (it submits a
 * `deleteContainer` write for each, every znode.container.checkIntervalMs = 60 s by default).
 */
import { ttlOfOwner } from './constants';
import { getNode } from './tree';
import type { DataTree } from './types';

export interface ContainerCheckOptions {
  /**
   * znode.container.maxNeverUsedIntervalMs (default 0 = off): also delete containers that never had a
   * child once their age (now - mtime) exceeds this.
   */
  maxNeverUsedIntervalMs?: number;
}

/**
 * Paths eligible for deletion at wall time `now`, sorted:
 * - containers with no children whose STORED cversion > 0 (they once had a child);
 * - TTL nodes with no children and `now - mtime > ttl`.
 */
export function expiredContainersAndTtls(tree: DataTree, now: number, opts: ContainerCheckOptions = {}): string[] {
  const out = new Set<string>();
  const maxNeverUsed = opts.maxNeverUsedIntervalMs ?? 0;
  for (const path of tree.containers) {
    const n = getNode(tree, path);
    if (!n || n.children.length > 0) continue;
    if (n.stat.cversion > 0) out.add(path);
    else if (maxNeverUsed !== 0 && now - n.stat.mtime > maxNeverUsed) out.add(path);
  }
  for (const path of tree.ttls) {
    const n = getNode(tree, path);
    if (!n || n.children.length > 0) continue;
    const ttl = ttlOfOwner(n.stat.ephemeralOwner);
    if (ttl !== 0 && now - n.stat.mtime > ttl) out.add(path);
  }
  return [...out].sort();
}

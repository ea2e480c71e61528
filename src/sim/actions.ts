/**
 * User actions: the only way anything outside the simulation changes it. A run is fully described by its
 * seed, its configuration and the timed list of these actions.
 */
import { z } from 'zod';
import type { World } from './kernel/world';

const nodeName = z.string().min(1).max(64).regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'not a node name');

export const ActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('crash'), node: nodeName }),
  z.object({ type: z.literal('restart'), node: nodeName }),
  z.object({ type: z.literal('pause'), node: nodeName }),
  z.object({ type: z.literal('resume'), node: nodeName }),
  z.object({ type: z.literal('partition'), groups: z.array(z.array(nodeName).min(1)).min(2).max(12) }),
  z.object({ type: z.literal('isolate'), node: nodeName }),
  z.object({ type: z.literal('cut'), from: nodeName, to: nodeName }),
  z.object({ type: z.literal('bridge'), left: z.array(nodeName).min(1), right: z.array(nodeName).min(1), node: nodeName }),
  z.object({ type: z.literal('ring'), nodes: z.array(nodeName).min(3) }),
  z.object({ type: z.literal('heal') }),
  z.object({
    type: z.literal('loss'),
    percent: z.number().min(0).max(100),
    from: nodeName.optional(),
    to: nodeName.optional(),
  }),
  z.object({
    type: z.literal('delay'),
    ms: z.number().min(0).max(600_000),
    jitterMs: z.number().min(0).max(600_000).optional(),
    from: nodeName.optional(),
    to: nodeName.optional(),
  }),
  z.object({ type: z.literal('dup'), percent: z.number().min(0).max(100) }),
  z.object({ type: z.literal('reorder'), on: z.boolean() }),
  z.object({ type: z.literal('skew'), node: nodeName, ms: z.number().min(-86_400_000).max(86_400_000) }),
  z.object({
    type: z.literal('inject'),
    node: nodeName,
    event: z.looseObject({ type: z.string().min(1).max(64) }),
  }),
]);

export type Action = z.infer<typeof ActionSchema>;

/** An action with the exact instant it was applied: simulated time and number of events handled before it. */
export interface TimedAction {
  at: number;
  processed: number;
  action: Action;
}

export class ActionError extends Error {}

function requireNode(world: World, id: string): void {
  if (!world.hasNode(id)) throw new ActionError(`unknown node: ${id} (nodes: ${world.nodeIds().join(', ')})`);
}

/** The nodes that faults like `isolate` cut apart: servers (ensemble members, brokers), not clients. */
export function serverIds(world: World): string[] {
  return world.nodeIds().filter((id) => world.spec(id).role === 'server');
}

/** Checks an action against a world without applying it; throws ActionError with a clear message. */
export function validateAction(world: World, action: Action): void {
  switch (action.type) {
    case 'crash':
    case 'restart':
    case 'pause':
    case 'resume':
    case 'isolate':
    case 'skew':
    case 'inject':
      requireNode(world, action.node);
      return;
    case 'partition': {
      const seen = new Set<string>();
      for (const g of action.groups)
        for (const id of g) {
          requireNode(world, id);
          if (seen.has(id)) throw new ActionError(`${id} is in two groups`);
          seen.add(id);
        }
      return;
    }
    case 'cut':
      requireNode(world, action.from);
      requireNode(world, action.to);
      if (action.from === action.to) throw new ActionError('a node cannot be cut from itself');
      return;
    case 'bridge':
      for (const id of [...action.left, ...action.right, action.node]) requireNode(world, id);
      return;
    case 'ring':
      for (const id of action.nodes) requireNode(world, id);
      return;
    case 'loss':
    case 'delay':
      if ((action.from === undefined) !== (action.to === undefined)) throw new ActionError('give both ends of the link, or neither');
      if (action.from) requireNode(world, action.from);
      if (action.to) requireNode(world, action.to);
      return;
    case 'heal':
    case 'dup':
    case 'reorder':
      return;
  }
}

/** Applies an action to a world (after validateAction). Returns a short description of what happened. */
export function applyAction(world: World, action: Action): string {
  world.recordAction(action.type, JSON.stringify(action));
  switch (action.type) {
    case 'crash':
      return world.crash(action.node) ? `${action.node} crashed` : `${action.node} is already down`;
    case 'restart':
      return world.restart(action.node) ? `${action.node} restarted` : `${action.node} is not crashed`;
    case 'pause':
      return world.pause(action.node) ? `${action.node} paused` : `${action.node} is not running`;
    case 'resume':
      return world.resume(action.node) ? `${action.node} resumed` : `${action.node} is not paused`;
    case 'partition':
      world.partition(action.groups);
      return `partitioned ${action.groups.map((g) => g.join(',')).join(' | ')}`;
    case 'isolate':
      world.isolate(action.node, serverIds(world));
      return `${action.node} isolated`;
    case 'cut':
      world.cut(action.from, action.to);
      return `${action.to} no longer hears ${action.from}`;
    case 'bridge':
      world.bridge(action.left, action.right, action.node);
      return `bridge through ${action.node}`;
    case 'ring':
      world.majoritiesRing(action.nodes);
      return `majorities ring over ${action.nodes.join(',')}`;
    case 'heal':
      world.heal();
      return 'network healed';
    case 'loss':
      if (action.from && action.to) world.setLink(action.from, action.to, { loss: action.percent / 100 });
      else world.setLinkDefaults({ loss: action.percent / 100 });
      return `loss ${action.percent}%${action.from && action.to ? ` on ${action.from} -> ${action.to}` : ''}`;
    case 'delay': {
      const patch = { extraDelayMs: action.ms, jitterMs: action.jitterMs ?? 0 };
      if (action.from && action.to) world.setLink(action.from, action.to, patch);
      else world.setLinkDefaults(patch);
      return `delay ${action.ms}ms${action.jitterMs ? ` (jitter ${action.jitterMs}ms)` : ''}${action.from && action.to ? ` on ${action.from} -> ${action.to}` : ''}`;
    }
    case 'dup':
      world.setLinkDefaults({ duplicate: action.percent / 100 });
      return `duplication ${action.percent}%`;
    case 'reorder':
      world.setLinkDefaults({ fifo: !action.on });
      return action.on ? 'reordering on' : 'reordering off';
    case 'skew':
      world.setSkew(action.node, action.ms);
      return `${action.node} clock skew ${action.ms}ms`;
    case 'inject':
      return world.inject(action.node, action.event) ? `sent ${action.event.type} to ${action.node}` : `${action.node} is down`;
  }
}

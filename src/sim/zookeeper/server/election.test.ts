import { describe, expect, it } from 'vitest';
import type { NodeEnv } from '../../kernel/types';
import { zkServerConfigs } from '../ensemble';
import type { Ctx } from './core';
import type { ElectionHooks, NotificationMsg } from './election';
import { onNotification, startLooking } from './election';
import { initServerContext } from './server.machine';

const env: NodeEnv = { id: 'zk2', now: () => 0, monotonic: () => 0, random: () => 0, randomInt: () => 0, incarnation: 0 };
const hooks: ElectionHooks = { becomeLeader: () => undefined, becomeLearner: () => undefined };

/** zk2 of 3 voters + observer zk4, LOOKING in round 1. */
function lookingVoter(): Ctx {
  const config = zkServerConfigs({ servers: 3, observers: 1 })[1];
  if (!config) throw new Error('no config');
  const c: Ctx = { s: initServerContext({ id: 'zk2', disk: {}, config, incarnation: 0 }, env), out: [], env };
  startLooking(c);
  c.out = [];
  return c;
}

function sends(c: Ctx): Array<Record<string, unknown>> {
  const r = c.out.filter((o) => o.type === 'kernel.send') as unknown as Array<{ to: string; msg: Record<string, unknown> }>;
  c.out = [];
  return r.map((o) => ({ to: o.to, ...o.msg }));
}

describe('FLE receive rules', () => {
  // the observer zk4 is ahead (round 5) and LOOKING; it answers zk2's replies because zk2's round is behind
  const fromObserver = (msgId: number): NotificationMsg => ({
    type: 'NOTIFICATION', sid: 4, leader: 3, zxid: 0, electionEpoch: 5, peerEpoch: 0, state: 'LOOKING', from: 'zk4', msgId,
  });

  it('a notification from a non-voter (observer) is answered with the current vote and round, and not counted', () => {
    const c = lookingVoter();
    onNotification(c, hooks, fromObserver(10));
    const out = sends(c);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ to: 'zk4', type: 'NOTIFICATION', sid: 2, electionEpoch: 1, state: 'LOOKING' });
    expect(c.s.fle.logicalclock).toBe(1); // not processed: the observer's round does not pull zk2 along
    expect(c.s.fle.recvset['4']).toBeUndefined();
  });

  it('election connections are TCP: a duplicated or overtaken notification is not delivered again (seed 76)', () => {
    const c = lookingVoter();
    onNotification(c, hooks, fromObserver(10));
    expect(sends(c)).toHaveLength(1);
    onNotification(c, hooks, fromObserver(10)); // the network's duplicate copy
    expect(sends(c)).toHaveLength(0);
    onNotification(c, hooks, fromObserver(9)); // sent earlier, overtaken (reordering)
    expect(sends(c)).toHaveLength(0);
    onNotification(c, hooks, fromObserver(11)); // a new message is answered again
    expect(sends(c)).toHaveLength(1);
  });
});

/**
 * The same seed and the same actions give the same trace in the browser worker as in Node: the trace hash
 * the worker computes is compared with one computed here, in the test process, by the same simulation code.
 */
import { expect, test } from '@playwright/test';
import { Simulation } from '../src/sim/simulation';
import '../src/console/register';
import type { TimedAction } from '../src/sim/actions';
import { openApp } from './helpers';

function nodeRun(): { hash: string; actions: TimedAction[]; processed: number } {
  const sim = new Simulation({ seed: 42 });
  sim.runUntil(3000);
  sim.act({ type: 'crash', node: 'zk1' });
  sim.runUntil(6000);
  return { hash: sim.traceHash(), actions: sim.record().actions, processed: sim.view().processed };
}

test('seed 42, run to 3 s, crash zk1, run to 6 s: the browser worker and Node agree', async ({ page }) => {
  const expected = nodeRun();
  expect(expected.hash).toMatch(/^[0-9a-f]+$/);
  await openApp(page);

  const live = await page.evaluate(async () => {
    const lab = window.__zkLab!.getState();
    await lab.start({ seed: 42 });
    await window.__zkLab!.getState().advanceTo(3000);
    await window.__zkLab!.getState().act({ type: 'crash', node: 'zk1' });
    await window.__zkLab!.getState().advanceTo(6000);
    return { hash: await window.__zkLab!.getState().traceHash(), processed: window.__zkLab!.getState().view?.processed };
  });
  expect(live).toEqual({ hash: expected.hash, processed: expected.processed });

  // the UI shows the same run
  await expect(page.getByTestId('clock')).toHaveText('t = 6.000 s');
  await expect(page.getByTestId('node-zk1')).toHaveAttribute('data-status', 'crashed');
  await expect(page.getByTestId('processed')).toHaveText(String(expected.processed));
});

test('replaying the recorded actions in frame-sized chunks gives the same hash', async ({ page }) => {
  const expected = nodeRun();
  await openApp(page);
  const hash = await page.evaluate(async (actions) => {
    const lab = () => window.__zkLab!.getState();
    await lab().start({ seed: 42 }, actions);
    // uneven, frame-like steps as the play loop would take them (deterministic sequence)
    let t = 0;
    let i = 0;
    while (t < 6000) {
      t = Math.min(6000, t + 7 + ((i * 37) % 23) + 0.123);
      i++;
      await lab().advanceTo(t);
    }
    return lab().traceHash();
  }, expected.actions);
  expect(hash).toBe(expected.hash);
});

import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { clockMs, openApp } from './helpers';

async function hash(page: Page): Promise<string> {
  return page.evaluate(() => window.__zkLab!.getState().traceHash());
}

async function runTo(page: Page, t: number): Promise<void> {
  await page.evaluate((ms) => window.__zkLab!.getState().advanceTo(ms), t);
  await expect.poll(() => clockMs(page)).toBe(t);
}

test.describe('lessons', () => {
  test('a lesson narrates, waits for the student in the try step, checks the console, and ends with a quiz', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('open-lessons').click();
    await expect(page.getByTestId('lessons-dialog')).toBeVisible();
    await page.getByTestId('lesson-start-zk-why').click();
    const lesson = page.getByTestId('lesson');
    await expect(lesson).toBeVisible();
    await expect(page.getByTestId('lesson-step')).toHaveText(/Step 1 of 6/);
    await expect(page.getByTestId('lesson-narration')).toContainText('coordination service');
    // the lesson points at the servers
    await expect(page.getByTestId('hl-zk1')).toBeAttached();
    // narrate steps: Next until the try step
    for (let i = 2; i <= 5; i++) {
      await page.getByTestId('lesson-next').click();
      await expect(page.getByTestId('lesson-step')).toHaveText(new RegExp(`Step ${i} of 6`));
    }
    await expect(page.getByTestId('lesson-task')).toContainText('get /order');
    await expect(page.getByTestId('lesson-task-status')).toContainText('Not done yet');
    await expect(page.getByTestId('lesson-next')).toBeDisabled();
    // the student does it in the console
    await page.getByTestId('console-input').fill('get /order');
    await page.getByTestId('console-input').press('Enter');
    await expect(page.getByTestId('console-output')).toContainText('paid');
    await expect(page.getByTestId('lesson-task-status')).toContainText('Well done', { timeout: 15_000 });
    await page.getByTestId('lesson-next').click();
    await expect(page.getByTestId('lesson-step')).toHaveText(/Step 6 of 6/);
    await page.getByTestId('lesson-next').click();
    await expect(page.getByTestId('lesson-step')).toHaveText('Quiz');
    // instant feedback: a wrong pick, then the right one
    await page.getByTestId('choice-loss-meaning-failed').check();
    await expect(page.getByTestId('verdict-loss-meaning')).toHaveText(/Not quite/);
    await page.getByTestId('choice-loss-meaning-unknown').check();
    await expect(page.getByTestId('verdict-loss-meaning')).toHaveText('Correct!');
    // back shows the earlier step without running it again
    await page.getByTestId('lesson-back').click();
    await expect(page.getByTestId('lesson-step')).toHaveText(/Step 6 of 6/);
    await expect(page.getByTestId('lesson-next')).toBeEnabled();
    await page.getByTestId('lesson-leave').click();
    await expect(lesson).toHaveCount(0);
  });

  test('"show me" solves a try step', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('open-lessons').click();
    await page.getByTestId('lesson-start-zk-why').click();
    for (let i = 2; i <= 5; i++) await page.getByTestId('lesson-next').click();
    await expect(page.getByTestId('lesson-task')).toBeVisible();
    await page.getByTestId('lesson-solve').click();
    await expect(page.getByTestId('lesson-task-status')).toContainText('Well done', { timeout: 15_000 });
    await expect(page.getByTestId('console-output')).toContainText('get /order');
  });
});

test.describe('a teacher\'s link', () => {
  test('?lesson= opens the lesson directly, in the language of the link', async ({ page }) => {
    await page.goto('/?lesson=zk-election&lang=ko');
    await expect(page.getByTestId('lesson')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('lesson-step')).toHaveText(/5단계 중 1단계/);
    await expect(page.getByTestId('lesson')).toContainText('리더 선출');
    await page.goto('/?lesson=no-such-lesson');
    await expect(page.getByTestId('error')).toContainText('unknown lesson');
    await expect(page.getByTestId('cluster-svg')).toBeVisible();
  });
});

test.describe('scenarios', () => {
  test('one click loads a scenario at t = 0 with its faults on the timeline, and it plays', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('open-scenarios').click();
    const first = page.locator('[data-testid^="scenario-load-"]').first();
    await first.click();
    await expect(page.getByTestId('notice')).toContainText('Scenario loaded');
    await expect(page.getByTestId('run-state')).toHaveText('running');
    await expect.poll(() => clockMs(page), { timeout: 15_000 }).toBeGreaterThan(0);
  });
});

test.describe('quorum-math explorer', () => {
  test('answers per side of a partition, and the quiz gives feedback', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('open-explorer').click();
    await expect(page.getByTestId('qx-summary')).toContainText('Quorum: 3 of 5 votes');
    // zk1, zk2 on side B; zk3, zk4, zk5 on side A: only A has a quorum
    await page.getByTestId('qx-side-pick-1').selectOption('B');
    await page.getByTestId('qx-side-pick-2').selectOption('B');
    await expect(page.getByTestId('qx-side-0')).toContainText('Elect a leader: yes');
    await expect(page.getByTestId('qx-side-1')).toContainText('Elect a leader: no');
    // crash one on the majority side: now nobody has a quorum
    await page.getByTestId('qx-toggle-5').click();
    await expect(page.getByTestId('qx-side-0')).toContainText('Elect a leader: no');
    await page.getByTestId('qx-mode-quiz').click();
    await page.getByTestId('qx-q-0').locator('input').first().check();
    await expect(page.getByTestId('qx-q-0').locator('.quiz-feedback')).toBeVisible();
    await expect(page.getByTestId('qx-score')).toContainText('of 5 answered right');
  });
});

test.describe('sharing and saving', () => {
  test('a link replays exactly this run; a tampered link gives a clear message and a fresh run', async ({ page, context }) => {
    await openApp(page);
    await runTo(page, 3000);
    await page.getByTestId('node-zk1').click();
    await page.getByTestId('menu-crash').click();
    await runTo(page, 6000);
    const want = await hash(page);
    await page.getByTestId('open-share').click();
    await expect(page.getByTestId('share-link')).toHaveValue(/#run=.+&t=6000/);
    const url = await page.getByTestId('share-link').inputValue();

    const other = await context.newPage();
    await other.goto(url);
    await expect(other.getByTestId('notice')).toContainText('Loaded the run from the link');
    await expect.poll(() => clockMs(other)).toBe(6000);
    expect(await hash(other)).toBe(want);
    await expect(other.getByTestId('node-zk1')).toHaveAttribute('data-status', 'crashed');

    const broken = url.replace(/#run=(.{20})/, '#run=$1garbage!!');
    const third = await context.newPage();
    await third.goto(broken);
    await expect(third.getByTestId('notice')).toContainText('broken or was changed');
    await expect(third.getByTestId('cluster-svg')).toBeVisible();
    await expect(third.getByTestId('clock')).toHaveText(/t = 0\.000/);
  });

  test('export a run file and import it again; a bad file is refused and the run is kept', async ({ page }, info) => {
    await openApp(page);
    await runTo(page, 2500);
    await page.getByTestId('node-zk2').click();
    await page.getByTestId('menu-pause').click();
    await runTo(page, 4000);
    const want = await hash(page);
    await page.getByTestId('open-share').click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('share-export').click()]);
    const file = info.outputPath('run.json');
    await download.saveAs(file);
    const json = JSON.parse(readFileSync(file, 'utf8')) as { format: string; version: number; actions: unknown[] };
    expect(json.format).toBe('zk-kafka-lab-run');
    expect(json.version).toBe(1);
    expect(json.actions.length).toBeGreaterThan(0);

    // a fresh run, then import: the same run comes back (at its last action; run on to compare)
    await page.getByTestId('share-file').setInputFiles(file);
    await expect(page.getByTestId('notice')).toContainText('Run imported');
    await runTo(page, 4000);
    expect(await hash(page)).toBe(want);

    await page.getByTestId('open-share').click();
    await page.getByTestId('share-file').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"zk-kafka-lab-run","version":1,"config":{"seed":"x"},"actions":[]}') });
    await expect(page.getByTestId('notice')).toContainText('could not be loaded');
    expect(await hash(page)).toBe(want);
  });

  test('the cluster exports as SVG and PNG for slides', async ({ page }, info) => {
    await openApp(page);
    await runTo(page, 1000);
    await page.getByTestId('open-share').click();
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-cluster-svg').click()]);
    const svgPath = info.outputPath('cluster.svg');
    await svg.saveAs(svgPath);
    const text = readFileSync(svgPath, 'utf8');
    expect(text).toMatch(/^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(text).toContain('zk1');
    expect(text).not.toContain('class=');
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-cluster-png').click()]);
    const pngPath = info.outputPath('cluster.png');
    await png.saveAs(pngPath);
    const bytes = readFileSync(pngPath);
    expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(bytes.length).toBeGreaterThan(5000);
  });

  test('autosave: reload the page and the run is still there', async ({ page }) => {
    await openApp(page);
    await runTo(page, 3000);
    await page.getByTestId('node-zk3').click();
    await page.getByTestId('menu-crash').click();
    await runTo(page, 5000);
    const want = await hash(page);
    // the autosave writes the instant every few seconds and at once on each action; wait for the instant
    await page.waitForTimeout(3500);
    await page.reload();
    await expect(page.getByTestId('notice')).toContainText('Restored your last run');
    await expect.poll(() => clockMs(page)).toBe(5000);
    expect(await hash(page)).toBe(want);
    await expect(page.getByTestId('node-zk3')).toHaveAttribute('data-status', 'crashed');
  });

  test('if the worker dies, the app says so and rebuilds the run from seed + actions', async ({ page }) => {
    await openApp(page);
    await runTo(page, 2000);
    await page.getByTestId('node-zk1').click();
    await page.getByTestId('menu-pause').click();
    await runTo(page, 4000);
    const want = await hash(page);
    await page.evaluate(() => window.__zkLabWorker!.crash());
    await expect(page.getByTestId('notice')).toContainText('worker stopped', { timeout: 10_000 });
    await expect.poll(() => clockMs(page)).toBe(4000);
    expect(await hash(page)).toBe(want);
    // and it still works
    await runTo(page, 5000);
  });
});

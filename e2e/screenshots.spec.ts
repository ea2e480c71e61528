/**
 * Screenshots for docs/ (English and Korean, and one per main view). Skipped unless SCREENSHOTS=1, so
 * normal test runs leave docs/ alone: `SCREENSHOTS=1 npx playwright test screenshots`.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { openApp } from './helpers';

test.skip(!process.env.SCREENSHOTS, 'set SCREENSHOTS=1 to refresh docs/screenshot*.png');

/** The leader crashes; its followers notice and a new election starts: catch it mid-flight. */
async function stage(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const s = () => window.__zkLab!.getState();
    await s().advanceTo(2000);
    const leader = s().view?.nodes.find((n) => n.description.role === 'LEADING')?.id ?? 'zk3';
    await s().command(`crash ${leader}`);
    // the servers still up are LOOKING and their votes (NOTIFICATION) are in flight between them
    const votes = () => {
      const v = s().view;
      const up = new Set(v?.nodes.filter((n) => n.status === 'up' && n.role === 'server').map((n) => n.id));
      return v?.messages.filter((m) => m.type === 'NOTIFICATION' && m.from !== m.to && up.has(m.from) && up.has(m.to)) ?? [];
    };
    const electing = () => {
      const looking = s().view?.nodes.filter((n) => n.description.role === 'LOOKING').length ?? 0;
      return looking >= 2 && votes().length >= 2;
    };
    while (!electing() && (s().view?.now ?? Infinity) < 40_000) await s().step();
    // halfway through the flight of the newest vote
    let m: { sentAt: number; deliverAt: number } | undefined;
    for (const x of votes()) if (!m || x.sentAt > m.sentAt) m = x;
    if (m) await s().advanceTo(m.sentAt + (m.deliverAt - m.sentAt) * 0.5);
  });
  await expect(page.getByTestId('messages')).toHaveCount(1);
}

test('main screen, English', async ({ page }) => {
  await openApp(page, '?lang=en');
  await stage(page);
  await page.screenshot({ path: 'docs/screenshot.png' });
});

test('main screen, Korean', async ({ page }) => {
  await openApp(page, '?lang=ko');
  await stage(page);
  await page.screenshot({ path: 'docs/screenshot-ko.png' });
});

/** A 5-server ensemble split 2 | 3 by the lasso, after the minority noticed; znodes written before. */
async function partitioned(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const s = () => window.__zkLab!.getState();
    await s().start({ seed: 42, zk: { servers: 5, clients: 1 } });
    await s().advanceTo(3000);
    for (const c of ['create /app config-v1', 'create -e /app/lock me', 'create -s /app/job- a', 'create -s /app/job- b', 'create -c /tasks', 'get -w /app'])
      await s().command(c);
    await s().command('partition zk1,zk2 | zk3,zk4,zk5,client1');
    await s().advanceTo(s().view!.now + 12_000);
  });
}

test('partition islands and the quorum panel', async ({ page }) => {
  await openApp(page, '?lang=en');
  await partitioned(page);
  await page.screenshot({ path: 'docs/screenshot-partition.png' });
});

test('znode tree compared with a lagging follower', async ({ page }) => {
  await openApp(page, '?lang=en');
  await partitioned(page);
  // the majority writes on: the minority's trees fall behind
  await page.evaluate(async () => {
    const s = () => window.__zkLab!.getState();
    await s().command('set /app config-v2');
    await s().command('create /app/new x');
  });
  await page.getByTestId('tab-tree').click();
  const leader = await page.evaluate(() => window.__zkLab!.getState().view?.zk?.servers.find((x) => x.role === 'LEADING' && x.serving)?.id ?? 'zk5');
  await page.getByTestId('tree-server').selectOption(leader);
  await page.getByTestId('tree-compare').selectOption('zk1');
  await page.getByTestId('dock-size').click();
  await page.getByTestId('znode-/app').click();
  await page.screenshot({ path: 'docs/screenshot-tree.png' });
});

test('space-time diagram during an election (Korean)', async ({ page }) => {
  await openApp(page, '?lang=ko');
  await stage(page);
  await page.evaluate(() => window.__zkLab!.getState().setDock('spacetime'));
  await page.getByRole('button', { name: '10 ms' }).click();
  await expect(page.getByTestId('st-arrow').first()).toBeVisible();
  await page.screenshot({ path: 'docs/screenshot-spacetime-ko.png' });
});

test('Kafka partitions × brokers after a broker crash', async ({ page }) => {
  await openApp(page, '?lang=en&zk=3&brokers=4');
  await page.evaluate(async () => {
    const s = () => window.__zkLab!.getState();
    await s().advanceTo(5000);
    await s().command('kafka-topics.sh --create --topic orders --partitions 3 --replication-factor 3');
    await s().advanceTo(s().view!.now + 2000);
    await s().command('crash broker2');
    await s().advanceTo(s().view!.now + 30_000);
    s().setDock('kafka');
  });
  await page.getByTestId('dock-size').click();
  await expect(page.getByTestId('kafka-grid')).toBeVisible();
  await page.screenshot({ path: 'docs/screenshot-kafka.png' });
});

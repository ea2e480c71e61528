/**
 * Screenshots of the main screen for docs/ (English and Korean). Skipped unless SCREENSHOTS=1, so normal
 * test runs leave docs/ alone: `SCREENSHOTS=1 npx playwright test screenshots`.
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

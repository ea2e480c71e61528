import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { openApp } from './helpers';

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
}

test.describe('accessibility (axe)', () => {
  test('no serious or critical violations in English', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('step').click();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('no serious or critical violations in Korean, with a node crashed and its menu open', async ({ page }) => {
    await openApp(page, '?lang=ko');
    const input = page.getByTestId('console-input');
    await input.fill('crash zk2');
    await input.press('Enter');
    await input.fill('bogus');
    await input.press('Enter');
    await expect(page.getByTestId('node-zk2')).toHaveAttribute('data-status', 'crashed');
    await page.getByTestId('node-zk1').click();
    await expect(page.getByTestId('node-menu')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('no serious or critical violations in the settings dialog, with errors showing (Korean)', async ({ page }) => {
    await openApp(page, '?lang=ko');
    await page.getByTestId('open-settings').click();
    await page.getByTestId('set-servers').fill('12');
    await page.getByTestId('settings-apply').click();
    await expect(page.getByTestId('set-servers-error')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('no serious or critical violations in the new panels: partition, quorum, znode tree, space-time, shortcuts', async ({ page }) => {
    await openApp(page);
    await page.evaluate(async () => {
      const s = () => window.__zkLab!.getState();
      await s().advanceTo(3000);
      await s().command('create -e /eph x');
      await s().command('partition zk1 | zk2,zk3,client1');
      await s().advanceTo(s().view!.now + 500);
    });
    await expect(page.getByTestId('islands')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('tab-tree').click();
    await expect(page.getByTestId('znode-/eph')).toBeVisible();
    await page.getByTestId('znode-/eph').click();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('tab-spacetime').click();
    await expect(page.getByTestId('spacetime')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('open-help').click();
    await expect(page.getByTestId('help')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('no serious or critical violations in the lesson player, its quiz, the lesson list, the explorer and share', async ({ page }) => {
    await openApp(page, '?lang=ko');
    await page.getByTestId('open-lessons').click();
    await expect(page.getByTestId('lesson-start-zk-why')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('lesson-start-zk-why').click();
    await expect(page.getByTestId('lesson-narration')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    for (let i = 0; i < 4; i++) await page.getByTestId('lesson-next').click();
    await expect(page.getByTestId('lesson-task')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('lesson-solve').click();
    await expect(page.getByTestId('lesson-next')).toBeEnabled({ timeout: 15_000 });
    await page.getByTestId('lesson-next').click();
    await page.getByTestId('lesson-next').click();
    await page.getByTestId('choice-loss-meaning-failed').check();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('open-explorer').click();
    await expect(page.getByTestId('qx-summary')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('qx-mode-quiz').click();
    await page.getByTestId('qx-q-0').locator('input').first().check();
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByTestId('open-share').click();
    await expect(page.getByTestId('share-link')).toHaveValue(/#run=/);
    expect(await seriousViolations(page)).toEqual([]);
  });
});

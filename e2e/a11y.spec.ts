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
});

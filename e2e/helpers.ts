import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';

/** Opens the app paused (the default) and waits for the worker's first view. */
export async function openApp(page: Page, query = ''): Promise<void> {
  await page.goto(`/${query}`);
  await expect(page.getByTestId('cluster-svg')).toBeVisible();
  await expect(page.getByTestId('clock')).toHaveText(/t = 0\.000/);
}

export async function clockMs(page: Page): Promise<number> {
  const text = (await page.getByTestId('clock').textContent()) ?? '';
  const m = /([\d.]+)/.exec(text);
  if (!m) throw new Error(`no time in clock text: ${text}`);
  return Math.round(Number(m[1]) * 1000);
}

export async function processed(page: Page): Promise<number> {
  return Number(await page.getByTestId('processed').textContent());
}

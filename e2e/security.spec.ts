import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { openApp } from './helpers';

/** Collects Content-Security-Policy violations reported by the page. */
async function watchCsp(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
}

async function run(page: Page, line: string): Promise<void> {
  await page.getByTestId('console-input').fill(line);
  await page.getByTestId('console-input').press('Enter');
}

test.describe('hostile user text and the Content-Security-Policy', () => {
  test('the built app has a strict CSP and nothing violates it while you use it', async ({ page }) => {
    const violations = await watchCsp(page);
    await openApp(page);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    // the lesson player, a dialog, the lazily loaded explorer, the timeline
    await page.getByTestId('open-explorer').click();
    await expect(page.getByTestId('qx-summary')).toBeVisible();
    await page.keyboard.press('Escape');
    await page.getByTestId('play').click();
    await page.waitForTimeout(800);
    await page.getByTestId('play').click();
    expect(await violations()).toEqual([]);
  });

  test('znode names and data, and Kafka message values, that are HTML or script stay text', async ({ page }) => {
    const violations = await watchCsp(page);
    await openApp(page, '?brokers=3&zk=3');
    await page.evaluate(() => window.__zkLab!.getState().advanceTo(40_000));
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const payloads = ['<img_src=x_onerror=window.__pwned=1>', '<script>window.__pwned=2</script>', '"><svg_onload=window.__pwned=3>'];
    for (const name of payloads) await run(page, `create /${name.replace(/\//g, '_')} "<img src=x onerror=window.__pwned=4>"`);
    await run(page, 'ls /');
    await run(page, 'get /<img_src=x_onerror=window.__pwned=1>');
    await expect(page.getByTestId('console-output')).toContainText('<img src=x onerror=window.__pwned=4>');
    // a topic (Kafka only allows [a-zA-Z0-9._-] in names: an HTML name is refused) and an HTML message value
    await run(page, 'kafka-topics.sh --create --topic <b>bold</b> --partitions 1 --replication-factor 1');
    await expect(page.getByTestId('console-output')).toContainText(/illegal|Invalid|not valid|error/i);
    await run(page, 'kafka-topics.sh --create --topic html --partitions 1 --replication-factor 1');
    await run(page, 'kafka-console-producer.sh --topic html');
    await run(page, '<img src=x onerror=window.__pwned=5><script>window.__pwned=6</script>');
    await run(page, '.');
    await run(page, 'kafka-console-consumer.sh --topic html --from-beginning --max-messages 1');
    await expect(page.getByTestId('console-output')).toContainText('<script>window.__pwned=6</script>');
    // the tree view shows the znode names as text
    await page.getByTestId('tab-tree').click();
    await expect(page.getByTestId('znode-tree')).toContainText('<img_src=x_onerror=window.__pwned=1>');
    await page.getByTestId('tab-kafka').click();
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await page.locator('#root img, #root script').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(await violations()).toEqual([]);
  });
});

import { expect, test } from '@playwright/test';
import { clockMs, openApp, processed } from './helpers';

test.describe('first screen', () => {
  test('loads with the ensemble, paused at t = 0', async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await openApp(page);
    await expect(page.getByTestId('app-title')).toHaveText('ZooKeeper & Kafka Failure Lab');
    for (const id of ['zk1', 'zk2', 'zk3']) {
      await expect(page.getByTestId(`node-${id}`)).toHaveAttribute('data-status', 'up');
      await expect(page.getByTestId(`node-status-${id}`)).toHaveText('up');
    }
    await expect(page.getByTestId('seed')).toHaveValue('42');
    await expect(page.getByTestId('run-state')).toHaveText('paused');
    expect(errors).toEqual([]);
  });
});

test.describe('transport', () => {
  test('play runs the worker and advances the clock; pause stops it', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('speed').selectOption('1');
    await page.getByTestId('play').click();
    await expect(page.getByTestId('run-state')).toHaveText('running');
    await expect.poll(() => clockMs(page), { timeout: 10_000 }).toBeGreaterThan(300);
    await expect.poll(() => processed(page)).toBeGreaterThan(0);
    await page.getByTestId('play').click();
    await expect(page.getByTestId('run-state')).toHaveText('paused');
    const stopped = await clockMs(page);
    await page.waitForTimeout(400);
    expect(await clockMs(page)).toBe(stopped);
  });

  test('step handles exactly one event and moves time', async ({ page }) => {
    await openApp(page);
    let count = await processed(page);
    let t = await clockMs(page);
    for (let i = 0; i < 5; i++) {
      await page.getByTestId('step').click();
      await expect.poll(() => processed(page)).toBe(count + 1);
      const now = await clockMs(page);
      expect(now).toBeGreaterThanOrEqual(t);
      count += 1;
      t = now;
    }
    expect(t).toBeGreaterThan(0);
    await expect(page.getByTestId('run-state')).toHaveText('paused');
  });

  test('keyboard: Space plays and pauses, → steps', async ({ page }) => {
    await openApp(page);
    await page.locator('body').click({ position: { x: 5, y: 890 } });
    const before = await processed(page);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => processed(page)).toBe(before + 1);
    await page.keyboard.press('Space');
    await expect(page.getByTestId('run-state')).toHaveText('running');
    await page.keyboard.press('Space');
    await expect(page.getByTestId('run-state')).toHaveText('paused');
  });

  test('messages are drawn mid-flight and stay put while paused', async ({ page }) => {
    await openApp(page);
    const dots = page.locator('[data-testid="messages"] g.msg');
    for (let i = 0; i < 60 && !(await dots.count()); i++) await page.getByTestId('step').click();
    const dot = dots.first();
    await expect(dot).toBeVisible();
    const at = await dot.getAttribute('transform');
    expect(at).toMatch(/^translate\(/);
    await page.waitForTimeout(300);
    expect(await dot.getAttribute('transform')).toBe(at);
  });
});

test.describe('faults', () => {
  test('clicking a node opens its menu; crash and restart', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('node-zk1').click();
    const menu = page.getByRole('menu', { name: 'Actions for zk1' });
    await expect(menu).toBeVisible();
    await expect(menu.getByRole('menuitem', { name: /Restart/ })).toBeDisabled();
    await menu.getByRole('menuitem', { name: /Crash/ }).click();
    await expect(menu).toBeHidden();
    await expect(page.getByTestId('node-zk1')).toHaveAttribute('data-status', 'crashed');
    await expect(page.getByTestId('node-status-zk1')).toHaveText('crashed');
    await expect(page.getByTestId('console-output')).toContainText('zk1 crashed');

    await page.getByTestId('node-zk1').click();
    await page.getByTestId('menu-restart').click();
    await expect(page.getByTestId('node-zk1')).toHaveAttribute('data-status', 'up');
  });

  test('the node menu works from the keyboard', async ({ page }) => {
    await openApp(page);
    await expect(page.getByRole('button', { name: /^zk3, up/ })).toBeVisible();
    const zk3 = page.locator('[data-node-focus="zk3"]');
    await zk3.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'Actions for zk3' });
    await expect(menu).toBeVisible();
    await expect(page.getByTestId('menu-crash')).toBeFocused();
    await page.keyboard.press('ArrowDown'); // restart is disabled, so → pause
    await expect(page.getByTestId('menu-pause')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('node-zk3')).toHaveAttribute('data-status', 'paused');
    await page.keyboard.press('Enter');
    await expect(menu).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();
    await expect(zk3).toBeFocused();
  });
});

test.describe('console', () => {
  test('runs echo and crash, keeps history, shows errors', async ({ page }) => {
    await openApp(page);
    const input = page.getByTestId('console-input');
    const out = page.getByTestId('console-output');
    await input.fill('echo hi');
    await input.press('Enter');
    await expect(out.locator('.cl-out').last()).toHaveText('hi');

    await input.fill('crash zk2');
    await input.press('Enter');
    await expect(page.getByTestId('node-zk2')).toHaveAttribute('data-status', 'crashed');
    await expect(out).toContainText('zk2 crashed');
    // the event list (important events by default) shows the fault and the user's action
    await expect(page.getByTestId('event-list')).toContainText('crash zk2');

    await input.fill('no-such-command');
    await input.press('Enter');
    await expect(out.locator('.cl-err').last()).toContainText('unknown command');

    await input.press('ArrowUp');
    await expect(input).toHaveValue('no-such-command');
    await input.press('ArrowUp');
    await expect(input).toHaveValue('crash zk2');
    await input.press('ArrowDown');
    await input.press('ArrowDown');
    await expect(input).toHaveValue('');

    // typing a space in the console must not toggle play
    await input.fill('echo a b');
    await expect(page.getByTestId('run-state')).toHaveText('paused');
  });

  test('console text is shown as text, never as HTML', async ({ page }) => {
    await openApp(page);
    const input = page.getByTestId('console-input');
    await input.fill('echo <img src=x onerror="window.__pwned=1"><b>bold</b>');
    await input.press('Enter');
    const out = page.getByTestId('console-output');
    await expect(out.locator('.cl-out').last()).toHaveText('<img src=x onerror="window.__pwned=1"><b>bold</b>');
    expect(await out.locator('img, b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });
});

test.describe('language', () => {
  test('switching to Korean changes the header text', async ({ page }) => {
    await openApp(page);
    await page.getByRole('button', { name: '한국어' }).click();
    await expect(page.getByTestId('app-title')).toHaveText('주키퍼 & 카프카 장애 실험실');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
    await expect(page.getByTestId('play')).toContainText('재생');
    await expect(page.getByTestId('node-status-zk1')).toHaveText('동작 중');
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByTestId('app-title')).toHaveText('ZooKeeper & Kafka Failure Lab');
  });
});

test.describe('language from the browser', () => {
  test.use({ locale: 'ko-KR' });
  test('a Korean browser starts in Korean', async ({ page }) => {
    await openApp(page);
    await expect(page.getByTestId('app-title')).toHaveText('주키퍼 & 카프카 장애 실험실');
  });
});

test('address parameters it cannot use are named in a notice, and the run starts with the defaults', async ({ page }) => {
  await page.goto('/?zk=20&brokers=2&speed=7&lang=xx');
  await expect(page.getByTestId('cluster-svg')).toBeVisible();
  const notice = page.getByTestId('notice');
  await expect(notice).toContainText('zk=20 (0–9)');
  await expect(notice).toContainText('speed=7');
  await expect(notice).toContainText('lang=xx (ko, en)');
  await expect(notice).not.toContainText('brokers');
  // the valid one is used, the invalid ones fall back: 3 servers, 2 brokers
  await expect(page.getByTestId('node-zk3')).toBeVisible();
  await expect(page.getByTestId('node-zk4')).toHaveCount(0);
  await expect(page.getByTestId('node-broker2')).toBeVisible();
});

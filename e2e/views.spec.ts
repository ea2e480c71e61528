/**
 * The issue-5 views end to end: election and leader badge, crash the leader by clicking, lasso a minority,
 * a znode created in the console shows in the tree with its type, scrub back (messages mid-flight), Korean.
 */
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { clockMs, openApp } from './helpers';

async function leaderId(page: Page): Promise<string | null> {
  return page.evaluate(() => window.__zkLab!.getState().view?.nodes.find((n) => n.description.role === 'LEADING')?.id ?? null);
}

async function playUntil(page: Page, cond: () => Promise<boolean>, timeout = 30_000): Promise<void> {
  await page.getByTestId('speed').selectOption('10');
  await page.getByTestId('play').click();
  await expect.poll(cond, { timeout }).toBe(true);
  await page.getByTestId('play').click();
  await expect(page.getByTestId('run-state')).toHaveText('paused');
}

test('smart speed is the default and plays the first election until a leader badge appears', async ({ page }) => {
  await openApp(page);
  await expect(page.getByTestId('speed')).toHaveValue('0');
  await page.getByTestId('play').click();
  // the smart speed slows down for messages: the election's votes are visible in flight
  await expect.poll(async () => Number(await page.getByTestId('messages').getAttribute('data-count').catch(() => '0')), { timeout: 15_000 }).toBeGreaterThan(0);
  await expect(page.locator('[data-testid^="node-zk"][data-role="LEADING"]')).toHaveCount(1, { timeout: 30_000 });
  await page.getByTestId('play').click();
  const leader = await leaderId(page);
  expect(leader).toMatch(/^zk\d$/);
  // the quorum panel agrees: one leader, followers following it, quorum math for 3
  await expect(page.getByTestId('quorum-math')).toContainText('3 voters · majority (quorum) 2 · tolerates 1 failed');
  await expect(page.getByTestId(`vote-${leader}`)).toHaveAttribute('data-role', 'LEADING');
});

test('crash the leader by clicking it: a new leader is elected with a higher epoch', async ({ page }) => {
  await openApp(page);
  await playUntil(page, async () => (await leaderId(page)) !== null);
  const old = (await leaderId(page)) as string;
  const oldEpoch = Number(await page.getByTestId(`vote-${old}`).getAttribute('data-epoch'));
  await page.getByTestId(`node-${old}`).click();
  await page.getByTestId('menu-crash').click();
  await expect(page.getByTestId(`node-${old}`)).toHaveAttribute('data-status', 'crashed');
  await expect(page.getByTestId('quorum-math')).toContainText('2 up now');
  // the crash shows on the timeline as a labelled band
  await expect(page.locator('[data-testid="fault-band"][data-kind="kill"]')).toHaveCount(1);
  await playUntil(page, async () => {
    const l = await leaderId(page);
    return l !== null && l !== old;
  });
  const fresh = (await leaderId(page)) as string;
  await expect(page.getByTestId(`node-${fresh}`)).toHaveAttribute('data-role', 'LEADING');
  const newEpoch = Number(await page.getByTestId(`vote-${fresh}`).getAttribute('data-epoch'));
  expect(newEpoch).toBeGreaterThan(oldEpoch);
});

test('lasso a minority: it is split off, cannot elect, and stops serving', async ({ page }) => {
  await openApp(page);
  await playUntil(page, async () => (await leaderId(page)) !== null);
  const leader = (await leaderId(page)) as string;
  const victim = ['zk1', 'zk2', 'zk3'].find((id) => id !== leader) as string;
  await expect(page.getByTestId(`vote-${victim}`)).toHaveAttribute('data-serving', 'true');
  const box = (await page.getByTestId(`node-${victim}`).boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const r = 60;
  await page.mouse.move(cx - r, cy - r);
  await page.mouse.down();
  for (const [dx, dy] of [
    [r, -r],
    [r, r],
    [-r, r],
    [-r, -r],
  ] as const)
    await page.mouse.move(cx + dx, cy + dy, { steps: 4 });
  await page.mouse.up();
  await expect(page.getByTestId('selection-bar')).toContainText(victim);
  await page.getByTestId('split').click();
  await expect(page.getByTestId('islands')).toHaveAttribute('data-count', '2');
  const minority = page.locator('[data-testid^="island-"][data-can-write="false"]');
  await expect(minority).toHaveCount(1);
  await expect(minority).toContainText(victim);
  await expect(minority).toContainText('elect: no');
  // it notices (syncLimit ticks without the leader) and stops answering clients
  await playUntil(page, async () => (await page.getByTestId(`vote-${victim}`).getAttribute('data-serving')) === 'false');
  await expect(page.getByTestId(`vote-${victim}`)).toHaveAttribute('data-role', 'LOOKING');
  await expect(page.locator('[data-testid="fault-band"][data-kind="partition"]')).toHaveCount(1);
  // heal all brings it back
  await page.getByTestId('heal').click();
  await expect(page.getByTestId('islands')).toHaveCount(0);
});

test('a znode created in the console shows in the tree with its type and Stat', async ({ page }) => {
  await openApp(page);
  await playUntil(page, async () => (await leaderId(page)) !== null);
  const input = page.getByTestId('console-input');
  for (const line of ['create -e /eph x', 'create -s /job- y', 'create -c /box', 'create /plain <b>bold</b><img/src=x/onerror=window.__pwned=1>']) {
    await input.fill(line);
    await input.press('Enter');
  }
  await expect(page.getByTestId('console-output')).toContainText('Created /plain');
  await page.getByTestId('tab-tree').click();
  await expect(page.getByTestId('znode-/eph')).toHaveAttribute('data-kind', 'ephemeral');
  await expect(page.getByTestId('znode-/job-0000000001')).toHaveAttribute('data-sequential', 'true');
  await expect(page.getByTestId('znode-/job-0000000001')).toHaveAttribute('data-kind', 'persistent');
  await expect(page.getByTestId('znode-/box')).toHaveAttribute('data-kind', 'container');
  await expect(page.getByTestId('znode-/eph')).toContainText('[E]');
  await page.getByTestId('znode-/eph').click();
  await expect(page.getByTestId('stat-panel')).toContainText('ephemeralOwner');
  await expect(page.getByTestId('stat-panel')).toContainText('/eph');
  // data is text only
  await page.getByTestId('znode-/plain').click();
  await expect(page.getByTestId('stat-panel')).toContainText('<b>bold</b><img/src=x');
  expect(await page.locator('[data-testid="znode-tree"] img').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  // compare with a follower: same tree, nothing marked
  const other = await page.getByTestId('tree-server').inputValue();
  const follower = ['zk1', 'zk2', 'zk3'].find((id) => id !== other) as string;
  await page.getByTestId('tree-compare').selectOption(follower);
  await expect(page.locator('[data-testid="znode-tree"] [data-diff="missing"]')).toHaveCount(0);
});

test('scrub back on the timeline: the earlier state returns, with messages mid-flight; acting forks', async ({ page }) => {
  await openApp(page);
  await playUntil(page, async () => (await leaderId(page)) !== null);
  const leader = (await leaderId(page)) as string;
  await page.evaluate(async (id) => {
    const s = () => window.__zkLab!.getState();
    await s().command(`crash ${id}`);
    await s().advanceTo(s().view!.now + 6000);
  }, leader);
  await expect(page.getByTestId(`node-${leader}`)).toHaveAttribute('data-status', 'crashed');
  const svg = page.getByTestId('timeline-svg');
  const box = (await svg.boundingBox())!;
  const end = Number(await svg.getAttribute('data-end'));
  const left = Number(await svg.getAttribute('data-left'));
  const right = Number(await svg.getAttribute('data-right'));
  const xAt = (t: number) => box.x + left + ((box.width - left - right) * t) / end;
  // click at t ≈ 1 s: before the crash
  await page.mouse.click(xAt(1000), box.y + 10);
  await expect.poll(() => clockMs(page)).toBeLessThan(1300);
  await expect(page.getByTestId(`node-${leader}`)).toHaveAttribute('data-status', 'up');
  await expect(page.getByTestId('fork-note')).toBeVisible();
  // the space-time diagram: click an arrow to jump into the middle of its flight
  await page.getByTestId('tab-spacetime').click();
  const arrow = page.getByTestId('st-arrow').first();
  await expect(arrow).toBeVisible();
  await arrow.click({ force: true });
  await expect.poll(async () => Number(await page.getByTestId('messages').getAttribute('data-count').catch(() => '0'))).toBeGreaterThan(0);
  // hover a message for its payload (text from the worker): one that no node glyph covers (nodes are drawn
  // above the messages, so a message that has just left a node sits under its badge)
  const exposed = await page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="messages"] g.msg')].find((g) => {
      const r = g.getBoundingClientRect();
      return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)?.closest('g.msg') === g;
    })?.getAttribute('data-msg'),
  );
  expect(exposed).toBeTruthy();
  const msg = page.locator(`[data-testid="messages"] g.msg[data-msg="${exposed}"]`);
  const at = await msg.getAttribute('transform');
  await msg.hover();
  await expect(page.getByTestId('payload-tip')).toContainText('"type"');
  await page.waitForTimeout(300);
  expect(await msg.getAttribute('transform')).toBe(at);
  // acting in the past forks the run: the future is discarded
  await page.getByTestId('console-input').fill('pause zk1');
  await page.getByTestId('console-input').press('Enter');
  await expect(page.getByTestId('fork-note')).toBeHidden();
  await expect(page.locator('[data-testid="fault-band"][data-kind="kill"]')).toHaveCount(0);
  await expect(page.locator('[data-testid="fault-band"][data-kind="pause"]')).toHaveCount(1);
});

test('event log lines jump to their instant; filters work', async ({ page }) => {
  await openApp(page);
  await playUntil(page, async () => (await leaderId(page)) !== null);
  const list = page.getByTestId('event-list');
  await page.getByTestId('event-search').fill('LEADING');
  const line = list.locator('li').first();
  await expect(line).toContainText('LEADING');
  const time = Number(await line.locator('.ev-time').textContent());
  await page.getByTestId('event-search').fill('');
  await list.locator('li').last().locator('.ev-time').click();
  await expect.poll(() => clockMs(page)).toBeLessThan(time * 1000);
  await page.getByTestId('event-kind').selectOption('note');
  await expect(list.locator('li').first()).toBeVisible();
  expect(new Set(await list.locator('.ev-kind').allTextContents())).toEqual(new Set(['note']));
});

test('Korean: the new panels speak Korean; ? lists the shortcuts; presenter mode', async ({ page }) => {
  await openApp(page, '?lang=ko');
  await expect(page.getByTestId('tab-quorum')).toHaveText('선출 & 쿼럼');
  await expect(page.getByTestId('tab-tree')).toHaveText('지노드 트리');
  await expect(page.getByTestId('quorum-math')).toContainText('과반수(쿼럼) 2');
  await page.getByTestId('tab-tree').click();
  await expect(page.getByTestId('znode-tree')).toContainText('일시 노드');
  await page.locator('body').click({ position: { x: 5, y: 890 } });
  await page.keyboard.press('?');
  await expect(page.getByTestId('help')).toBeVisible();
  await expect(page.getByTestId('help')).toContainText('단축키');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help')).toBeHidden();
  await page.keyboard.press('p');
  await expect(page.getByTestId('app')).toHaveClass(/presenter/);
  await page.keyboard.press('2');
  await expect(page.getByTestId('tab-tree')).toHaveAttribute('aria-selected', 'true');
});

test('a console write can be watched again: its PROPOSAL and ACKs fly, then the run is back where it was', async ({ page }) => {
  await openApp(page);
  await playUntil(page, async () => (await leaderId(page)) !== null && (await page.getByTestId('node-client1').getAttribute('data-role')) === 'CONNECTED');
  const input = page.getByTestId('console-input');
  await input.fill('create /watched v1');
  await input.press('Enter');
  await expect(page.getByTestId('console-output')).toContainText('Created /watched');
  const end = await clockMs(page);
  const watch = page.getByTestId('console-watch').last();
  await expect(watch).toBeVisible();
  await page.getByTestId('speed').selectOption('0');
  await watch.click();
  // replayed from the command's instant at the smart speed: the proposal is seen in flight
  await expect.poll(() => clockMs(page)).toBeLessThan(end);
  await expect(page.getByTestId('legend')).toContainText('PROPOSAL', { timeout: 15_000 });
  await expect(page.getByTestId('run-state')).toHaveText('paused', { timeout: 30_000 });
  expect(await clockMs(page)).toBe(end);
  await expect(page.getByTestId('fork-note')).toBeHidden();
  // a bad seed is named and the run kept; a new run has nothing of the old one to watch
  await page.getByTestId('seed').fill('12x');
  await page.getByTestId('seed').press('Enter');
  await expect(page.getByTestId('notice')).toContainText('A seed is a whole number from 0 to 4294967295');
  await expect(page.getByTestId('seed')).toHaveAttribute('aria-invalid', 'true');
  expect(await clockMs(page)).toBe(end);
  await page.getByTestId('seed').fill('43');
  await page.getByTestId('seed').press('Enter');
  await expect(page.getByTestId('clock')).toHaveText(/t = 0\.000/);
  await expect(page.getByTestId('notice')).toBeHidden();
  await expect(page.getByTestId('console-watch')).toHaveCount(0);
});

test('settings start a new run with 5 servers and an observer', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('open-settings').click();
  await page.getByTestId('set-servers').fill('5');
  await page.getByTestId('set-observers').fill('1');
  await page.getByTestId('settings-apply').click();
  await expect(page.getByTestId('node-zk6')).toBeVisible();
  await expect(page.getByTestId('quorum-math')).toContainText('5 voters · majority (quorum) 3 · tolerates 2 failed');
});

test('settings: a bad value is named and keeps the dialog open; Kafka defaults and session timeouts start a run', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('open-settings').click();
  const dialog = page.getByTestId('settings');
  // out of range, not a number, and a rule between two fields (checked by the worker)
  await page.getByTestId('set-servers').fill('12');
  await page.getByTestId('set-tickTime').fill('fast');
  await page.getByTestId('settings-apply').click();
  await expect(page.getByTestId('set-servers-error')).toHaveText('Enter a whole number from 0 to 9.');
  await expect(page.getByTestId('set-tickTime-error')).toBeVisible();
  await expect(page.getByTestId('set-servers')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('set-servers')).toBeFocused();
  await page.getByTestId('set-servers').fill('3');
  await page.getByTestId('set-tickTime').fill('2000');
  await page.getByTestId('set-minSessionTimeout').fill('50000');
  await page.getByTestId('settings-apply').click();
  await expect(page.getByTestId('set-minSessionTimeout-error')).toContainText('minSessionTimeout must not be larger than maxSessionTimeout');
  await expect(dialog).toBeVisible();
  // a valid run: 3 brokers, topic defaults, a short session timeout for the zkCli client
  await page.getByTestId('set-minSessionTimeout').fill('');
  await page.getByTestId('set-clientSessionTimeout').fill('6000');
  await page.getByTestId('set-brokers').fill('3');
  await page.getByTestId('set-kafka.defaultReplicationFactor').fill('3');
  await page.getByTestId('set-kafka.minInsyncReplicas').fill('2');
  await page.getByTestId('settings-apply').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('node-broker3')).toBeVisible();
  const config = await page.evaluate(() => window.__zkLab!.getState().config);
  expect(config.zk?.clientSessionTimeout).toBe(6000);
  expect(config.kafka?.defaultReplicationFactor).toBe(3);
  expect(config.kafka?.minInsyncReplicas).toBe(2);
  // the topic default reaches the brokers: a topic created without --replication-factor has 3 replicas
  await page.evaluate(async () => {
    const s = () => window.__zkLab!.getState();
    await s().advanceTo(15000);
    await s().command('kafka-topics.sh --create --topic t');
    await s().advanceTo(s().view!.now + 3000);
  });
  await page.getByTestId('tab-kafka').click();
  await expect(page.getByTestId('kpart-t-0')).toHaveAttribute('data-isr', /^\d,\d,\d$/);
  // and the client's session was negotiated at the timeout it asked for
  await expect(page.getByTestId('node-client1').getByRole('button')).toHaveAttribute('aria-label', /timeout 6000/);
});

test('a busy scene: with many messages in flight the canvas layer draws them', async ({ page }) => {
  await openApp(page);
  await page.evaluate(async () => {
    const s = () => window.__zkLab!.getState();
    await s().start({ seed: 1, zk: { servers: 9, clients: 12 } });
    await s().advanceTo(4000);
    await s().act({ type: 'delay', ms: 1000, jitterMs: 600 });
    const leader = s().view?.nodes.find((n) => n.description.role === 'LEADING')?.id;
    if (leader) await s().act({ type: 'crash', node: leader });
    await s().advanceTo(s().view!.now + 1500);
  });
  await expect.poll(async () => Number(await page.getByTestId('messages').getAttribute('data-count'))).toBeGreaterThan(80);
  await expect(page.getByTestId('messages')).toHaveAttribute('data-canvas', 'true');
  await expect(page.getByTestId('message-canvas')).toBeVisible();
  await expect(page.getByTestId('quorum-math')).toContainText('9 voters · majority (quorum) 5 · tolerates 4 failed · 8 up now');
  // while playing, the worker answers frames with deltas (only what changed), not whole views
  const before = await page.evaluate(() => ({ ...window.__zkLabFrames! }));
  await page.evaluate(() => window.__zkLab!.getState().play());
  await expect.poll(async () => (await page.evaluate(() => window.__zkLabFrames!.delta)) - before.delta).toBeGreaterThan(20);
  await page.evaluate(() => window.__zkLab!.getState().pause());
  const after = await page.evaluate(() => ({ ...window.__zkLabFrames! }));
  expect(after.delta - before.delta).toBeGreaterThan(5 * (after.full - before.full));
  // the space-time diagram of a busy second is a picture: clicking an arrow still jumps to its instant
  await page.getByTestId('tab-spacetime').click();
  const canvas = page.getByTestId('st-canvas');
  await expect(canvas).toBeVisible();
  await expect(canvas).toHaveAttribute('aria-label', /\d+ arrows, drawn as a picture/);
  const hit = await canvas.evaluate((c: HTMLCanvasElement) => {
    const ctx = c.getContext('2d')!;
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    const dpr = c.width / c.clientWidth;
    // an arrow's pixel left of the cursor (the cursor is the red line at the right)
    for (let x = 80; x < c.clientWidth * 0.8; x += 3)
      for (let y = 25; y < c.clientHeight - 5; y += 2) {
        const i = (Math.round(y * dpr) * c.width + Math.round(x * dpr)) * 4;
        if (data[i + 3]! > 200) return { x, y };
      }
    return null;
  });
  expect(hit).not.toBeNull();
  const nowBefore = await page.evaluate(() => window.__zkLab!.getState().view!.now);
  await canvas.click({ position: hit! });
  await expect.poll(() => page.evaluate(() => window.__zkLab!.getState().view!.now)).toBeLessThan(nowBefore);
  // a 10 ms window has few arrows again: one focusable SVG arrow per message
  await page.getByRole('button', { name: '10 ms' }).click();
  await expect(page.getByTestId('st-canvas')).toHaveCount(0);
  await expect(page.getByTestId('st-arrow').first()).toBeVisible();
});

test('click a link to cut it one way; a proposal in flight shows its ACKs against the quorum', async ({ page }) => {
  await openApp(page);
  await playUntil(page, async () => (await leaderId(page)) !== null);
  const a = (await page.getByTestId('node-zk1').locator('.node-body').boundingBox())!;
  const b = (await page.getByTestId('node-zk2').locator('.node-body').boundingBox())!;
  // a point on the link, a third of the way from zk1 to zk2 (clear of the nodes)
  await page.mouse.click(a.x + a.width / 2 + (b.x - a.x) * 0.4, a.y + a.height / 2 + (b.y - a.y) * 0.4);
  await expect(page.getByTestId('link-menu')).toBeVisible();
  await page.getByTestId('cut-ab').click();
  await expect(page.getByTestId('blocked-links')).toHaveAttribute('data-count', '1');
  await expect(page.locator('[data-testid="fault-band"][data-kind="partition"]')).toHaveCount(1);
  await page.getByTestId('heal').click();
  await expect(page.getByTestId('blocked-links')).toHaveCount(0);
  // the same from the keyboard: the node menu's "Links…" lists the peers
  await page.locator('[data-node-focus="zk2"]').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('menu-links').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('menu-link-zk1')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('menu-link-zk3')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('link-menu')).toContainText('zk2 – zk3');
  await page.getByTestId('cut-ba').press('Enter');
  await expect(page.getByTestId('blocked-links')).toHaveAttribute('data-count', '1');
  await page.getByTestId('heal').click();
  // write, then go back to the instant the leader sent its PROPOSAL: the panel shows the ACK count
  await page.getByTestId('console-input').fill('create /x y');
  await page.getByTestId('console-input').press('Enter');
  await expect(page.getByTestId('console-output')).toContainText('Created /x');
  const sentAt = await page.evaluate(async () => {
    const s = window.__zkLab!.getState();
    const recs = await s.api!.traceSince(0, 2000, ['send']);
    return recs.filter((r) => r.what === 'PROPOSAL').at(-1)?.t ?? null;
  });
  expect(sentAt).not.toBeNull();
  await page.evaluate((t) => window.__zkLab!.getState().scrubTo(t), sentAt as number);
  await expect(page.getByTestId('proposal').first()).toContainText('create /x');
  await expect(page.getByTestId('proposal').first()).toContainText(/[01] \/ 2 needed/);
});

test('Kafka: create a topic and see its replicas; crash a broker: leadership moves and the ISR shrinks', async ({ page }) => {
  await openApp(page, '?zk=3&brokers=3');
  await page.evaluate(async () => {
    const s = () => window.__zkLab!.getState();
    await s().advanceTo(5000);
    await s().command('kafka-topics.sh --create --topic t --partitions 2 --replication-factor 3');
    await s().advanceTo(s().view!.now + 2000);
  });
  await page.getByTestId('tab-kafka').click();
  const p0 = page.getByTestId('kpart-t-0');
  await expect(p0).toBeVisible();
  await expect(p0.locator('[data-testid="kcell"]')).toHaveCount(3);
  await expect(p0.locator('[data-state="leader"]')).toHaveCount(1);
  const leader = Number(await p0.getAttribute('data-leader'));
  expect((await p0.getAttribute('data-isr'))?.split(',')).toHaveLength(3);
  // crash the partition's leader by clicking it
  await page.getByTestId(`node-broker${leader}`).click();
  await page.getByTestId('menu-crash').click();
  await page.evaluate(async () => {
    const s = () => window.__zkLab!.getState();
    await s().advanceTo(s().view!.now + 30_000);
  });
  await expect.poll(async () => Number(await p0.getAttribute('data-leader'))).not.toBe(leader);
  await expect.poll(async () => (await p0.getAttribute('data-isr'))?.split(',').length).toBe(2);
  await expect(p0).toContainText('under-replicated');
});

test('without a mouse: split a node off from its menu, and walk the space-time arrows with the keys', async ({ page }) => {
  await openApp(page);
  await page.evaluate(() => window.__zkLab!.getState().advanceTo(3000));
  // select zk1 through its menu (the keyboard stand-in for the lasso), then split it off
  await page.locator('[data-node-focus="zk1"]').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('menu-select').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('selection-bar')).toContainText('zk1');
  await expect(page.getByTestId('split')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('islands')).toHaveAttribute('data-count', '2');
  // space-time: one tab stop; arrow keys move between messages; Enter jumps to the middle of a flight
  await page.evaluate(() => window.__zkLab!.getState().advanceTo(3400));
  await page.getByTestId('tab-spacetime').click();
  const arrows = page.getByTestId('st-arrow');
  await expect.poll(() => arrows.count()).toBeGreaterThan(2);
  await expect(page.locator('[data-testid="st-arrow"][tabindex="0"]')).toHaveCount(1);
  await page.locator('[data-testid="st-arrow"][tabindex="0"]').focus();
  await page.keyboard.press('ArrowRight');
  const focused = page.locator('[data-testid="st-arrow"]:focus');
  await expect(focused).toHaveCount(1);
  const label = (await focused.getAttribute('aria-label')) ?? '';
  expect(label).toMatch(/→/);
  const before = await clockMs(page);
  await page.keyboard.press('Enter');
  await expect.poll(() => clockMs(page)).not.toBe(before);
});

test('Kafka consumer groups: members with their partitions, one idle, committed offsets and lag; segment files per replica', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('open-lessons').click();
  await page.getByTestId('lesson-start-kafka-consumer-groups').click();
  // the lesson builds three brokers, a topic with 3 partitions and a group of 4 consumers (step 2 lets it settle)
  await expect(page.getByTestId('lesson-next')).toBeEnabled({ timeout: 60_000 });
  await page.getByTestId('lesson-next').click();
  await expect(page.getByTestId('lesson-step')).toHaveText(/Step 2 of 3/);
  await expect(page.getByTestId('lesson-next')).toBeEnabled({ timeout: 60_000 });
  // skip the step's slow replay: straight to where it ended
  await page.evaluate(async () => {
    const s = window.__zkLab!.getState();
    s.pause();
    await s.advanceTo(s.lesson!.outcome!.endedAt);
  });
  await page.getByTestId('tab-kafka').click();
  await page.getByTestId('kmode-groups').click();
  const group = page.locator('[data-testid^="kgroup-"]').first();
  await expect(group).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => group.getAttribute('data-state'), { timeout: 30_000 }).toBe('Stable');
  await expect(group.getByTestId('kmember')).toHaveCount(4);
  await expect(group.locator('[data-testid="kmember"][data-idle="true"]')).toHaveCount(1);
  await expect(group).toContainText(/coordinator broker\d/);
  await page.getByTestId('kmode-files').click();
  await expect(page.getByTestId('kfiles-dir')).toContainText('/var/lib/kafka/data/');
  await expect(page.getByTestId('kfile').first()).toContainText(/^\d{20}\.log/);
  await expect(page.locator('[data-testid="kfile"][data-active="true"]')).toHaveCount(1);
});

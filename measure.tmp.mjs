import { chromium } from '@playwright/test';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu','--disable-background-networking'] });
for (const w of [1280, 1400, 1920]) for (const lang of ['en','ko']) {
  const p = await b.newPage({ viewport: { width: w, height: 900 } });
  await p.goto(`http://127.0.0.1:4173/?lang=${lang}&fresh=1`);
  await p.getByTestId('cluster-svg').waitFor();
  const m = await p.evaluate(() => ['.brand','.app-header h1','.tagline','.header-learn','.header-tools','.lang-switch','.app-header'].map(s => { const r = document.querySelector(s)?.getBoundingClientRect(); return `${s}: x=${r?.x|0} w=${r?.width|0} h=${r?.height|0}`; }));
  console.log(w, lang, m.join(' | '));
  await p.screenshot({ path: `/tmp/shots/h-${w}-${lang}.png`, clip: { x: 0, y: 0, width: w, height: 120 } });
  await p.close();
}
await b.close();

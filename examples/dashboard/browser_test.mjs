// Opens every page of the built dashboard in headless Chromium (Debian's
// chromium, driven by puppeteer-core) and saves a PNG screenshot of each.  A
// page fails on any page error, console error, failed request or HTTP error,
// and on any chart without data points or with a blank canvas.
//
// Usage: node browser_test.mjs BASE_URL SCREENSHOT_DIR PAGE...    Prints TAP.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

const [base, shots, ...pages] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const executablePath = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((p) => existsSync(p));
const browser = await puppeteer.launch({
  executablePath,
  headless: true,
  // root in a container has no user namespaces for Chromium's sandbox
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--font-render-hinting=none'],
});
console.log(`# ${await browser.version()} (${executablePath})`);

let n = 0;
let failed = 0;
for (const name of pages) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1000, height: 700 });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  const url = `${base}/${name}.html`;
  let charts = [];
  try {
    const response = await page.goto(url, { waitUntil: 'networkidle0', timeout: 60000 });
    if (!response || !response.ok()) problems.push(`HTTP ${response?.status()} for ${url}`);
    // each chart: its data points, and whether its canvas has any non-white pixel
    charts = await page.$$eval('.chart', (divs) => divs.map((div) => {
      const chart = window.echarts?.getInstanceByDom(div);
      const series = chart ? chart.getOption().series : [];
      const points = series.reduce((sum, s) => sum + (s.data || []).filter((d) => d !== null && d !== undefined
        && !(Array.isArray(d) && d.some((x) => x === null))).length, 0);
      const canvas = div.querySelector('canvas');
      let inked = false;
      if (canvas && canvas.width > 0) {
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        for (let i = 0; i < pixels.length && !inked; i += 4) {
          inked = pixels[i + 3] > 0 && (pixels[i] < 240 || pixels[i + 1] < 240 || pixels[i + 2] < 240);
        }
      }
      return { id: div.id, points, inked };
    }));
    for (const c of charts) {
      if (c.points === 0) problems.push(`chart ${c.id} has no data points`);
      if (!c.inked) problems.push(`chart ${c.id} has a blank canvas`);
    }
    const empty = await page.$$eval('.kpi b', (bs) => bs.filter((b) => !b.textContent.trim()).length);
    if (empty) problems.push(`${empty} empty figure(s)`);
    await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  } catch (e) {
    problems.push(`exception: ${e.message}`);
  }
  n++;
  const ok = problems.length === 0;
  if (!ok) failed++;
  console.log(`${ok ? 'ok' : 'not ok'} ${n} - page ${name}: ${charts.length} chart(s) checked, screenshot ${join(shots, `${name}.png`)}`);
  for (const p of problems) console.log(`#   ${p}`);
  await page.close();
}
await browser.close();
console.log(`1..${n}`);
process.exitCode = failed ? 1 : 0;

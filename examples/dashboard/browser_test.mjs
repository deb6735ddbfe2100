// Opens every page of the built Evidence site in headless Chromium (Debian's
// chromium, driven by puppeteer-core) and saves a PNG screenshot of each.  A
// page fails on any page error, console error, failed request, HTTP error or
// request to any other host than the local server (the site must work
// offline), on any Evidence error or empty-data box, on a chart still loading,
// and on any chart without data points or with a blank canvas.  Evidence keeps
// each ECharts instance it draws in window[Symbol.for('__evidence-chart-window-debug__')].
//
// Usage: node browser_test.mjs BASE_URL SCREENSHOT_DIR PAGE...   (index is /)
// Prints TAP.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

const [base, shots, ...pages] = process.argv.slice(2);
const origin = new URL(base).origin;
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
  // Evidence's Arrow reader stops reading a prerendered query's response once
  // it has the end-of-stream marker, which Chromium reports as ERR_ABORTED
  // after the 200: that is the page's choice, not a failed request.
  page.on('requestfailed', (r) => {
    const aborted = r.failure()?.errorText === 'net::ERR_ABORTED' && r.response()?.ok();
    if (!aborted) problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('request', (r) => {
    const url = r.url();
    if (/^https?:/.test(url) && new URL(url).origin !== origin) problems.push(`request to another host: ${url}`);
  });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  const url = name === 'index' ? `${base}/` : `${base}/${name}/`;
  let charts = [];
  try {
    const response = await page.goto(url, { waitUntil: 'networkidle0', timeout: 120000 });
    if (!response || !response.ok()) problems.push(`HTTP ${response?.status()} for ${url}`);
    // DuckDB-Wasm runs the page's queries after the load: wait until no
    // loading placeholder is left, then for the charts' entry animation
    await page.waitForFunction(() => document.querySelectorAll('[role=status].animate-pulse').length === 0,
      { timeout: 60000 }).catch(() => problems.push('a chart or value is still loading after 60 s'));
    await new Promise((r) => setTimeout(r, 1500));
    // each chart on the page: its data points, and whether its canvas has any non-white pixel
    charts = await page.evaluate(() => {
      const instances = Object.values(window[Symbol.for('__evidence-chart-window-debug__')] || {});
      return instances.filter((chart) => !chart.isDisposed() && chart.getDom().isConnected).map((chart) => {
        const series = chart.getOption().series || [];
        const points = series.reduce((sum, s) => sum + (s.data || []).filter((d) => d !== null && d !== undefined
          && !(Array.isArray(d) && d.some((x) => x === null || x === undefined))).length, 0);
        const canvas = chart.getDom().querySelector('canvas');
        let inked = false;
        if (canvas && canvas.width > 0) {
          const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
          for (let i = 0; i < pixels.length && !inked; i += 4) {
            inked = pixels[i + 3] > 0 && (pixels[i] < 240 || pixels[i + 1] < 240 || pixels[i + 2] < 240);
          }
        }
        return { id: chart.id, type: series.map((s) => s.type).join('+'), points, inked };
      });
    });
    for (const c of charts) {
      if (c.points === 0) problems.push(`chart ${c.id} (${c.type}) has no data points`);
      if (!c.inked) problems.push(`chart ${c.id} (${c.type}) has a blank canvas`);
    }
    // Evidence's error boxes (ErrorChart, BigValueError, ValueError) and its "No Records" boxes
    const boxes = await page.$$eval('article .bg-red-50.border-red-200, article p.border-dashed, article span.border-dashed',
      (els) => els.map((e) => e.textContent.replace(/\s+/g, ' ').trim()));
    for (const b of boxes) problems.push(`Evidence error or empty box: ${b}`);
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

// The dashboard's pages as a static site drawn with Apache ECharts (the
// charting library Evidence itself uses), for machines where Evidence cannot
// build: Evidence's DuckDB-Wasm loads its parquet extension from
// extensions.duckdb.org, at build time and again in the browser.  The data
// comes from the same queries as the Evidence pages (../sources/cxm/*.sql),
// run with node-postgres at build time and written into each page.
//
// Usage: node echarts/render.mjs OUT_DIR     (PGHOST, PGPORT, PGUSER, PGDATABASE set)
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const here = dirname(fileURLToPath(import.meta.url));
const project = join(here, '..');
const out = process.argv[2];
mkdirSync(out, { recursive: true });
copyFileSync(join(project, 'node_modules/echarts/dist/echarts.min.js'), join(out, 'echarts.min.js'));

// every source query, its numeric columns as numbers (node-postgres gives
// numeric and bigint as exact strings)
const client = new pg.Client();
await client.connect();
const data = {};
for (const file of readdirSync(join(project, 'sources/cxm')).filter((f) => f.endsWith('.sql')).sort()) {
  const result = await client.query(readFileSync(join(project, 'sources/cxm', file), 'utf8'));
  const numeric = new Set(result.fields.filter((f) => [20, 21, 23, 700, 701, 1700].includes(f.dataTypeID)).map((f) => f.name));
  data[file.slice(0, -4)] = result.rows.map((row) => Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, v !== null && numeric.has(k) ? Number(v) : v])));
}
await client.end();

const pages = [
  ['index', 'Overview'], ['surveys', 'Surveys'], ['funnel', 'Funnel'], ['retention', 'Retention'],
  ['paths', 'Paths'], ['attribution', 'Attribution'], ['drivers', 'Key drivers'],
];
const escape = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

// chart(id, title, option): a chart container; the option is built in the page
// from the query data by the function source given.
function page(name, title, intro, body) {
  const nav = pages.map(([p, t]) => `<a href="${p === 'index' ? 'index' : p}.html"${p === name ? ' class="here"' : ''}>${t}</a>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)} · cxm dashboard</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; color: #1f2937; background: #fff; }
header { padding: 10px 24px; border-bottom: 1px solid #e5e7eb; display: flex; gap: 18px; align-items: baseline; }
header b { margin-right: 12px; } header a { color: #2563eb; text-decoration: none; } header a.here { color: #111; font-weight: 600; }
main { max-width: 1000px; margin: 0 auto; padding: 8px 24px 24px; }
h1 { font-size: 22px; } h2 { font-size: 16px; margin-top: 24px; } p { line-height: 1.45; font-size: 14px; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 16px; }
.chart { height: 300px; } .small { height: 220px; }
.kpis { display: flex; gap: 28px; flex-wrap: wrap; margin: 12px 0; }
.kpi span { display: block; font-size: 12px; color: #6b7280; } .kpi b { font-size: 24px; }
code { background: #f3f4f6; padding: 0 3px; border-radius: 3px; font-size: 13px; }
</style>
<link rel="icon" href="data:,"><script src="echarts.min.js"></script></head>
<body><header><b>cxm dashboard</b>${nav}</header><main><h1>${escape(title)}</h1><p>${intro}</p>
${body}
</main>
<script>
const data = ${JSON.stringify(data)};
function draw(id, option) {
  const chart = echarts.init(document.getElementById(id), null, { renderer: 'canvas' });
  chart.setOption(Object.assign({ animation: false, textStyle: { fontFamily: 'system-ui, sans-serif' } }, option));
}
const palette = ['#236aa4', '#45a1bf', '#a5cdee', '#8dacbf', '#85c7c6', '#d2c6ac', '#f4b548', '#8f3d56'];
const unique = (rows, key) => [...new Set(rows.map((r) => r[key]))];
function grouped(rows, x, y, series, extra = {}) {
  const xs = unique(rows, x);
  return Object.assign({
    color: palette, tooltip: { trigger: 'axis' }, legend: { top: 0 }, grid: { left: 50, right: 10, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: xs },
    yAxis: { type: 'value' },
    series: unique(rows, series).map((s) => ({ name: s, type: 'bar',
      data: xs.map((v) => (rows.find((r) => r[x] === v && r[series] === s) || {})[y] ?? null) })),
  }, extra);
}
${CHARTS[name] || ''}
</script></body></html>
`;
}

const CHARTS = {
  index: '',
  surveys: `
// NPS as a line, its 95% interval as a band: the lower bound, invisible, with
// the width (upper - lower) stacked on it
for (const [i, channel] of ['web', 'app', 'store', 'call centre', 'email'].entries()) {
  const r = data.nps_monthly.filter((d) => d.channel === channel);
  const clear = { opacity: 0 };
  draw('nps' + i, {
    title: { text: channel, left: 'center', textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis', formatter: (p) => { const d = r[p[0].dataIndex];
      return d.month + '<br/>NPS ' + d.nps + ' (95%: ' + d.nps_lower + ' .. ' + d.nps_upper + ')<br/>' + d.answers + ' answers'; } },
    grid: { left: 40, right: 10, top: 35, bottom: 25 },
    xAxis: { type: 'category', data: r.map((d) => d.month), boundaryGap: false },
    yAxis: { type: 'value', min: -40, max: 60, interval: 20 },
    series: [
      { name: 'lower', type: 'line', data: r.map((d) => d.nps_lower), stack: 'band', stackStrategy: 'all', symbol: 'none', lineStyle: clear, silent: true },
      { name: '95% interval', type: 'line', data: r.map((d) => d.nps_upper - d.nps_lower), stack: 'band', stackStrategy: 'all',
        symbol: 'none', lineStyle: clear, areaStyle: { color: '#236aa4', opacity: 0.2 }, silent: true },
      { name: 'NPS', type: 'line', data: r.map((d) => d.nps), color: '#236aa4', symbolSize: 5 },
    ],
  });
}
draw('csat', grouped(data.csat_ces_quarterly, 'quarter', 'csat', 'channel', { yAxis: { type: 'value', min: 50, max: 80, name: 'CSAT %' } }));
draw('ces', grouped(data.csat_ces_quarterly, 'quarter', 'ces', 'channel', { yAxis: { type: 'value', min: 4, max: 5.5, interval: 0.5, name: 'CES 2.0' } }));
`,
  funnel: `
const steps = data.funnel_steps;
const bars = (rows, x, y, name, extra = {}) => Object.assign({
  color: palette, tooltip: { trigger: 'axis' }, grid: { left: 55, right: 10, top: 30, bottom: 30 },
  xAxis: { type: 'category', data: rows.map((r) => r[x]) }, yAxis: { type: 'value', name },
  series: [{ type: 'bar', name, data: rows.map((r) => r[y]), label: { show: true, position: 'top' } }],
}, extra);
draw('customers', bars(steps, 'event', 'customers', 'customers'));
draw('conversion', bars(steps, 'event', 'pct_of_previous', '% of the step before', { yAxis: { type: 'value', max: 100, name: '%' } }));
draw('minutes', bars(data.funnel_times, 'event', 'median_minutes_from_previous', 'median minutes'));
document.getElementById('to_purchase').textContent = data.funnel_times.find((r) => r.step === 5).median_minutes_from_visit.toFixed(1);
`,
  retention: `
const rows = data.cohort_retention;
const cohorts = unique(rows, 'cohort');
const periods = unique(rows, 'period');
draw('heatmap', {
  tooltip: { formatter: (p) => 'cohort ' + cohorts[p.value[1]] + ', period ' + periods[p.value[0]] + ': ' + p.value[2] + '%' },
  grid: { left: 90, right: 20, top: 10, bottom: 70 },
  xAxis: { type: 'category', data: periods, name: '30-day periods after the first', nameLocation: 'middle', nameGap: 28 },
  yAxis: { type: 'category', data: cohorts, inverse: true },
  visualMap: { min: 0, max: 100, calculable: false, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 200,
               inRange: { color: ['#f3f7fb', '#236aa4'] }, text: ['100%', '0%'] },
  // censored cells (NULL) are left out: they stay blank
  series: [{ type: 'heatmap', label: { show: true, formatter: (p) => p.value[2].toFixed(1) },
             data: rows.filter((r) => r.pct !== null).map((r) => [periods.indexOf(r.period), cohorts.indexOf(r.cohort), r.pct]) }],
});
`,
  paths: `
const rows = data.top_paths.slice().reverse();
draw('paths', { color: palette, tooltip: { trigger: 'axis' }, grid: { left: 140, right: 40, top: 10, bottom: 30 },
  xAxis: { type: 'value', name: 'customers' }, yAxis: { type: 'category', data: rows.map((r) => r.path) },
  series: [{ type: 'bar', data: rows.map((r) => r.customers), label: { show: true, position: 'right', formatter: (p) => rows[p.dataIndex].pct + '%' } }] });
`,
  attribution: `
draw('attribution', grouped(data.attribution, 'channel', 'pct', 'model', { yAxis: { type: 'value', name: '% of credited revenue' } }));
`,
  drivers: `
const rows = data.key_drivers;
const avg = (k) => rows.reduce((s, r) => s + r[k], 0) / rows.length;
draw('scatter', { color: palette, tooltip: { formatter: (p) => p.seriesName + ': importance ' + p.value[1] + '%, performance ' + p.value[0] },
  legend: { top: 0 }, grid: { left: 60, right: 30, top: 40, bottom: 50 },
  xAxis: { type: 'value', min: 5, max: 9, name: 'performance: mean rating, 0..10', nameLocation: 'middle', nameGap: 30 },
  yAxis: { type: 'value', min: 0, name: 'importance: % of explained NPS variance', nameLocation: 'middle', nameGap: 40 },
  series: rows.map((r, i) => ({ name: r.driver, type: 'scatter', symbolSize: 16, data: [[r.performance, r.importance]],
    label: { show: true, position: 'right', formatter: r.driver },
    markLine: i ? undefined : { silent: true, symbol: 'none', lineStyle: { type: 'dashed', color: '#9ca3af' },
      label: { formatter: (p) => p.name, position: 'insideEndTop' }, data: [{ name: 'average performance', xAxis: avg('performance') },
                                                  { name: 'average importance', yAxis: avg('importance') }] } })) });
`,
};

const o = data.overview[0];
const table = (rows) => '<table style="font-size:13px;border-collapse:collapse">' +
  '<tr>' + Object.keys(rows[0]).map((k) => `<th style="text-align:left;padding:2px 10px">${escape(k)}</th>`).join('') + '</tr>' +
  rows.map((r) => '<tr>' + Object.values(r).map((v) => `<td style="padding:2px 10px">${escape(v ?? '')}</td>`).join('') + '</tr>').join('') + '</table>';
const kpi = (label, value) => `<div class="kpi"><span>${label}</span><b>${escape(value)}</b></div>`;

const content = {
  index: ['Customer experience, computed by cxm',
    'Every number is computed inside PostgreSQL by cxm over the demo data set of a fictional retailer (<code>test/demo/data/</code>). The SQL of each chart is in <code>examples/dashboard/sources/cxm/</code>.',
    `<div class="kpis">${kpi('NPS', o.nps.toFixed(1))}${kpi('NPS margin of error (95%)', '±' + o.nps_moe.toFixed(1))}${kpi('CSAT %', o.csat.toFixed(1))}${kpi('CES 2.0', o.ces.toFixed(2))}${kpi('Survey answers', o.answers.toLocaleString('en'))}</div>
<ul>${pages.slice(1).map(([p, t]) => `<li><a href="${p}.html">${t}</a></li>`).join('')}</ul>`],
  surveys: ['Surveys',
    'NPS per month and channel, rolled up from the stored daily <code>ratings</code> summaries with <code>nps(rollup(...))</code>, and its 95% interval (<code>nps_lower</code> .. <code>nps_upper</code>, adjusted Wald) as a band: it narrows where a channel has more answers.',
    `<div class="grid">${[0, 1, 2, 3, 4].map((i) => `<div id="nps${i}" class="chart small"></div>`).join('')}</div>
<h2>CSAT (% scoring 4-5 of 5) per quarter</h2><div id="csat" class="chart"></div>
<h2>CES 2.0 (mean of 1..7, higher is easier) per quarter</h2><div id="ces" class="chart"></div>`],
  funnel: ['Funnel',
    'The online funnel with <code>window_funnel(\'7 days\', ...)</code>: the furthest step each customer reached in order within seven days of a visit; times from <code>window_funnel_steps</code>.',
    `<div class="kpis">${kpi('Median minutes from visit to purchase', '')}</div>
<h2>Customers reaching each step</h2><div id="customers" class="chart"></div>
<h2>Conversion from the step before, %</h2><div id="conversion" class="chart"></div>
<h2>Median minutes from the step before</h2><div id="minutes" class="chart"></div>
${table(data.funnel_steps)}`.replace('<b></b>', '<b id="to_purchase"></b>')],
  retention: ['Retention',
    'Customers grouped by the 30-day period of their first event, and the share of each cohort active 0..8 periods later (<code>retention_periods</code>, <code>cohort_retention</code>). Periods the data has not reached are censored: <code>cohort_retention</code> gives NULL and the cell stays blank.',
    '<div id="heatmap" class="chart" style="height:380px"></div>'],
  paths: ['Paths to purchase',
    'The channels each customer used up to their first purchase (<code>journey_path(channel, occurred_at, 4)</code>: the last four steps, repeats merged), the ten most common paths.',
    `<div id="paths" class="chart" style="height:360px"></div>${table(data.top_paths)}`],
  attribution: ['Attribution',
    'Each channel\'s share of the credited revenue under the six rule-based models (<code>attribute_all</code>) and the data-driven Markov model (<code>markov_model</code>, <code>removal_effects</code>).',
    '<div id="attribution" class="chart" style="height:380px"></div>'],
  drivers: ['Key drivers of NPS',
    'Importance is each touchpoint rating\'s share of what the linear model of the NPS answer explains (LMG, <code>key_drivers(...).share</code>); performance is its mean rating. Drivers above the average importance and below the average performance are the ones to fix first.',
    `<div id="scatter" class="chart" style="height:400px"></div>${table(data.key_drivers)}`],
};

for (const [name] of pages) {
  const [title, intro, body] = content[name];
  writeFileSync(join(out, `${name}.html`), page(name, title, intro, body));
}
console.log(`${pages.length} pages written to ${out}`);

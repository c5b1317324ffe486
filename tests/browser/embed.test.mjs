// The embed example in Debian's Chromium (playwright-core, /usr/bin/chromium): served from
// 127.0.0.1, it must show the demo store's funnel with the CLI's numbers, draw the chart,
// list the top friction, answer a step click, read a gzip copy of the events to the same
// numbers, draw the paths Sankey with the report's counts (chartjs-chart-sankey here, inline
// SVG in the CLI's HTML report) with no serious axe-core finding, and never ask anything of
// another host.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { startServer } from './static-server.mjs';
import { CHROMIUM, launchGuarded } from './chromium.mjs';
import { seriousViolations } from './workbench-helpers.mjs';
import { CLI, ROOT, requireCli, run } from '../wasm/helpers.mjs';
import { formatCount, formatInterval, formatPercent } from '../../web/format.js';

const DEMO = path.join(ROOT, 'web/data/demo-store.csv');
const SCREENSHOT = path.join(os.tmpdir(), 'frictionlens-embed.png');
const TIME_LIMIT_MS = 120_000;

test('embed example shows the CLI numbers for the demo store', { timeout: TIME_LIMIT_MS + 30_000 }, async (t) => {
  requireCli();
  assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install chromium)`);
  if (!fs.existsSync(DEMO)) {
    const made = await run(path.join(ROOT, 'scripts/demo-data'), []);
    assert.equal(made.code, 0, made.stderr);
  }
  const cli = await run(CLI, ['analyze', DEMO, '--journey', 'store', '--format', 'json']);
  assert.equal(cli.code, 0, cli.stderr);
  const expected = JSON.parse(cli.stdout);

  const server = await startServer({ mounts: { '/test-only/axe/': path.join(ROOT, 'node_modules/axe-core/') } });
  t.after(() => server.close());
  const { page, foreign, errors: pageErrors } = await launchGuarded(t, server.origin, {
    timeoutMs: TIME_LIMIT_MS, viewport: { width: 1100, height: 900 } });

  // The host page runs under the strict policy a careful analytics page would set.
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const response = await page.goto(`${server.origin}/web/embed-example.html`);
  const policy = response.headers()['content-security-policy'] ?? '';
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval';/);
  assert.doesNotMatch(policy, /'unsafe-eval'|'unsafe-inline'/);
  await page.waitForFunction(() => window.frictionlensReport !== undefined, null, { timeout: TIME_LIMIT_MS });
  const shown = await page.evaluate(() => window.frictionlensReport);

  // The element's report is the CLI's, apart from the file name it was read under.
  assert.deepEqual(shown.funnel, expected.funnel);
  assert.deepEqual(shown.friction, expected.friction);
  assert.equal(shown.input.events, expected.input.events);

  // The numbers on screen, row by row.
  const rows = page.locator('frictionlens-report table.steps tbody tr');
  assert.equal(await rows.count(), expected.funnel.steps.length);
  for (const [i, step] of expected.funnel.steps.entries()) {
    const row = rows.nth(i);
    assert.equal(await row.locator('[data-field=name]').textContent(), step.name);
    assert.equal(await row.locator('[data-field=count]').textContent(), formatCount(step.count));
    assert.equal(await row.locator('[data-field=conversion] .rate').textContent(), formatPercent(step.conversion));
    assert.equal(await row.locator('[data-field=conversion] .ci').textContent(), ` (${formatInterval(step.conversion_ci95)})`);
    assert.equal(await row.locator('[data-field=step_conversion] .rate').textContent(), formatPercent(step.step_conversion));
    assert.equal(await row.locator('[data-field=step_conversion] .ci').textContent(),
      ` (${formatInterval(step.step_conversion_ci95)})`);
    assert.equal(Number(await row.getAttribute('data-count')), step.count);
    assert.equal(Number(await row.getAttribute('data-conversion')), step.conversion);
  }

  // The chart was drawn (a canvas with pixels) and the top friction is listed.
  const canvasSize = await page.locator('frictionlens-report .chart canvas').evaluate((c) => [c.width, c.height]);
  assert.ok(canvasSize[0] > 100 && canvasSize[1] > 50, `canvas ${canvasSize}`);
  const points = expected.friction?.points;
  const items = await page.locator('frictionlens-report .friction-section ol.friction li .sentence').allTextContents();
  assert.deepEqual(items, expected.friction.top.map((entry) => entry.sentence));
  assert.ok(items.length > 0, 'the demo store has top friction');
  // The planted rage clicks say under which vendors' rules they are found.
  const first = expected.friction.points[expected.friction.top[0].point];
  assert.match(first.found_under, /^rage clicks found under 5 of 5 vendor rules/);
  assert.equal(await page.locator('frictionlens-report .friction-section ol.friction li .robustness').first().textContent(),
    ` (${first.found_under})`);
  // Signals without loss are listed apart, never in Top friction.
  const gains = await page.locator('frictionlens-report .without-loss li .sentence').allTextContents();
  assert.deepEqual(gains, expected.friction.without_loss.map((entry) => entry.sentence));
  assert.ok(gains.length > 0, 'the demo store has signals without loss');
  await page.screenshot({ path: SCREENSHOT, fullPage: true });

  // A step click reaches the host with the step's numbers.
  await rows.nth(1).click();
  const clicked = await page.locator('#clicked').textContent();
  assert.match(clicked, new RegExp(`^${expected.funnel.steps[1].name}: ${formatCount(expected.funnel.steps[1].count)} `));

  // The analysis ran in a Web Worker, not on the page's thread.
  assert.ok(page.workers().some((w) => w.url().endsWith('/wasm/worker.js')), 'a frictionlens worker ran');

  // It sizes to its container: a narrow card drops the secondary columns, the chart follows.
  await page.evaluate(() => { document.querySelector('.card').style.width = '420px'; });
  await page.waitForFunction(() => document.getElementById('report').hasAttribute('data-compact'));
  await page.waitForFunction(() => document.getElementById('report').shadowRoot.querySelector('.chart canvas')
    .getBoundingClientRect().width <= 420);
  assert.equal(await page.locator('frictionlens-report th.wide').first().isVisible(), false);
  await page.evaluate(() => { document.querySelector('.card').style.width = ''; });
  await page.waitForFunction(() => !document.getElementById('report').hasAttribute('data-compact'));

  // Views without their analysis say so; the dark theme re-renders the same numbers.
  await page.evaluate(() => { document.getElementById('report').view = 'experiment'; });
  assert.match(await page.locator('frictionlens-report .note').first().textContent(), /not in this report yet/);
  await page.evaluate(() => {
    const el = document.getElementById('report');
    el.setAttribute('theme', 'dark');
    el.view = 'funnel';
  });
  assert.equal(await rows.count(), expected.funnel.steps.length);
  await page.evaluate(() => { document.getElementById('report').view = 'friction'; });
  const allPoints = await page.locator('frictionlens-report ol.friction li').count();
  if (Array.isArray(points)) assert.equal(allPoints, points.length);
  await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, '-dark-friction.png'), fullPage: true });

  // The paths view: the journey's flow drawn by chartjs-chart-sankey (loaded after Chart.js),
  // one flow per count of the report, in the report's order; each step's flows as text.
  const flows = expectedFlows(expected);
  await page.evaluate(() => { document.getElementById('report').view = 'paths'; });
  await page.waitForFunction(() => document.getElementById('report').shadowRoot.querySelector('.sankey-chart canvas'));
  const sankey = await page.evaluate(() => {
    const chart = window.Chart.getChart(document.getElementById('report').shadowRoot.querySelector('.sankey-chart canvas'));
    return { type: chart.config.type, data: chart.data.datasets[0].data,
      drawn: chart.getDatasetMeta(0).data.map((element) => element.flow),
      thin: chart.getDatasetMeta(0).data.filter((element) => !(element.height > 0)).length };
  });
  assert.equal(sankey.type, 'sankey');
  assert.deepEqual(sankey.data, flows.map(({ from, to, flow }) => ({ from, to, flow })));
  assert.deepEqual(sankey.drawn, flows.map((f) => f.flow), 'each band is drawn with its count');
  assert.equal(sankey.thin, 0, 'every band has a thickness');
  await checkFlowSentences(page, expected);
  assert.deepEqual(await seriousViolations(page, server.origin), [], 'paths view, dark');
  await page.evaluate(() => document.getElementById('report').setAttribute('theme', 'light'));
  assert.deepEqual(await seriousViolations(page, server.origin), [], 'paths view, light');
  await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, '-paths.png'), fullPage: true });
  await page.evaluate(() => { document.getElementById('report').view = 'funnel'; });

  // A gzip copy of the same events by src: the worker decompresses it as it streams.
  fs.writeFileSync(`${DEMO}.gz`, zlib.gzipSync(fs.readFileSync(DEMO)));
  t.after(() => fs.rmSync(`${DEMO}.gz`, { force: true }));
  await page.evaluate(() => {
    window.frictionlensReport = undefined;
    document.getElementById('report').setAttribute('src', 'data/demo-store.csv.gz');
  });
  await page.waitForFunction(() => window.frictionlensReport !== undefined, null, { timeout: TIME_LIMIT_MS });
  const fromGzip = await page.evaluate(() => window.frictionlensReport);
  assert.deepEqual(fromGzip.input.files, ['demo-store.csv.gz']);
  assert.deepEqual(fromGzip.funnel, expected.funnel);
  assert.deepEqual(fromGzip.friction, expected.friction);

  // The CLI's HTML report is the same element, inlined: the same top list and the same
  // words and numbers, with no request beyond the page itself.
  const html = path.join(ROOT, 'web/data/cli-report.html');
  const made = await run(CLI, ['analyze', DEMO, '--journey', 'store', '--format', 'html', '--output', html]);
  assert.equal(made.code, 0, made.stderr);
  const before = foreign.length;
  const served = [];
  const listen = (request) => served.push(request.url());
  page.on('request', listen);
  await page.goto(`${server.origin}/web/data/cli-report.html`);
  await page.waitForFunction(() => document.getElementById('report')?.shadowRoot?.querySelector('table.steps'),
    null, { timeout: TIME_LIMIT_MS });
  page.off('request', listen);
  assert.deepEqual(served, [`${server.origin}/web/data/cli-report.html`], 'the HTML report asks for nothing else');
  assert.equal(foreign.length, before);
  assert.deepEqual(await page.locator('frictionlens-report .friction-section ol.friction li .sentence').allTextContents(), items);
  const htmlRows = page.locator('frictionlens-report table.steps tbody tr');
  assert.equal(await htmlRows.count(), expected.funnel.steps.length);
  for (const [i, step] of expected.funnel.steps.entries()) {
    const row = htmlRows.nth(i);
    assert.equal(await row.locator('[data-field=count]').textContent(), formatCount(step.count));
    assert.equal(await row.locator('[data-field=conversion] .rate').textContent(), formatPercent(step.conversion));
  }
  // The survival curves, drawn without a chart library: one curve per step after the first,
  // ending where the report's curve ends, and the table's landmarks in the report's figures.
  const survival = expected.survival;
  assert.ok(survival.steps.length >= 2, 'the demo store has survival curves');
  const curves = await page.locator('frictionlens-report svg.survival-chart path.curve').evaluateAll((paths) =>
    paths.map((p) => ({ step: p.dataset.step, reach: Number(p.dataset.reach) })));
  assert.deepEqual(curves, survival.steps.map((s) => ({ step: s.name, reach: s.curve.at(-1)?.reach ?? 0 })));
  const survivalRows = page.locator('frictionlens-report table.survival tbody tr');
  assert.equal(await survivalRows.count(), survival.steps.length);
  for (const [i, step] of survival.steps.entries()) {
    const cells = await survivalRows.nth(i).locator('td').allTextContents();
    assert.deepEqual(cells.slice(1, 1 + step.landmarks.length), step.landmarks.map((l) => formatPercent(l.reach)));
  }
  assert.deepEqual(await page.locator('frictionlens-report ul.survival-sentences li:not(.log-rank)').allTextContents(),
    survival.steps.map((s) => s.sentence));
  // The delivery block: the core's sentence, both rules' rates, what lateness does afterwards.
  const delivery = expected.delivery;
  assert.ok(delivery.orders > 0 && delivery.sentence, 'the demo store has orders with promises');
  assert.equal(await page.locator('frictionlens-report p.delivery-summary').textContent(), delivery.sentence);
  const ruleRates = await page.locator('frictionlens-report table.delivery-rules tbody tr td:nth-child(3)').allTextContents();
  assert.deepEqual(ruleRates, delivery.rules.map((r) => `${formatPercent(r.on_time_rate)} (${formatInterval(r.on_time_rate_ci95)})`));
  assert.deepEqual(await page.locator('frictionlens-report ul.delivery-sentences li:not(.finding)').allTextContents(),
    delivery.downstream.comparisons.map((c) => c.sentence));
  if (expected.input_quality) {
    assert.match(await page.locator('frictionlens-report [data-field=duplicate_events]').textContent(),
      new RegExp(`^${formatCount(expected.input_quality.duplicate_events)}$`));
  }
  // The paths Sankey, drawn without a chart library in the overview: a band per flow with
  // the report's count, its sentence (count and share, with its interval) as its title.
  assert.equal(await page.locator('frictionlens-report .paths-sankey canvas').count(), 0);
  const bands = await page.locator('frictionlens-report svg.paths-sankey-svg path.flow').evaluateAll((paths) =>
    paths.map((p) => ({ from: p.dataset.from, to: p.dataset.to, flow: Number(p.dataset.flow),
      title: p.querySelector('title').textContent })));
  assert.deepEqual(bands.map(({ from, to, flow }) => ({ from, to, flow })), flows.map(({ from, to, flow }) => ({ from, to, flow })));
  for (const [i, band] of bands.entries()) {
    assert.ok(band.title.includes(flows[i].text), `${band.title} holds ${flows[i].text}`);
  }
  await checkFlowSentences(page, expected);
  assert.deepEqual(await seriousViolations(page, server.origin), [], 'CLI HTML report');
  await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, '-cli-html.png'), fullPage: true });
  // The paths view: the core's sentences, a row per step and per listed variant, the graph's
  // most frequent transition first.
  const paths = expected.paths;
  await page.evaluate(() => { document.getElementById('report').view = 'paths'; });
  assert.deepEqual(await page.locator('frictionlens-report ul.paths-sentences li').allTextContents(), paths.sentences);
  assert.equal(await page.locator('frictionlens-report table.paths-steps tbody tr').count(), paths.steps.length);
  assert.equal(await page.locator('frictionlens-report table.paths-variants tbody tr').count(), paths.variants.top.length);
  const firstEdge = page.locator('frictionlens-report table.paths-edges tbody tr').first();
  assert.deepEqual([await firstEdge.getAttribute('data-from'), await firstEdge.getAttribute('data-to')],
    [paths.graph.edges[0].from, paths.graph.edges[0].to]);

  // The conformance view: the core's sentences, a row per step, and a row of example users
  // per step and kind of deviation found, in step then kind order.
  const conformance = expected.conformance;
  await page.evaluate(() => { document.getElementById('report').view = 'conformance'; });
  assert.deepEqual(await page.locator('frictionlens-report ul.conformance-sentences li').allTextContents(),
    conformance.sentences);
  assert.equal(await page.locator('frictionlens-report table.conformance-steps tbody tr').count(),
    conformance.steps.length);
  const deviations = conformance.steps.flatMap((s) => ['skipped', 'out_of_order', 'went_back', 'repeated']
    .filter((kind) => s[kind].units > 0).map((kind) => `${s.step}/${kind}`));
  assert.deepEqual(await page.locator('frictionlens-report table.conformance-examples tbody tr')
    .evaluateAll((rows) => rows.map((r) => `${r.dataset.step}/${r.dataset.kind}`)), deviations);

  assert.deepEqual(pageErrors, [], 'no errors in the page');
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'no Content-Security-Policy violation');
  assert.deepEqual(foreign, [], 'no request left 127.0.0.1');
});

// The paths Sankey's flows as the report gives them, in drawing order: per step, the units
// that went on (the funnel's count at the next step), the dropped by what they did next (the
// paths section's list, then its other entries), those still in their window (the funnel's
// in_progress); `text` is what each flow's title must hold (its count, and its share with the
// interval where the report gives one). The counts must add up, or nothing would be drawn.
function expectedFlows(report) {
  const funnel = report.funnel.steps;
  const flows = [];
  for (let i = 0; i + 1 < funnel.length; i++) {
    const next = funnel[i + 1];
    const dropped = report.paths.steps[i].dropped;
    assert.equal(funnel[i].count, next.count + next.dropped + next.in_progress, `units at ${funnel[i].name}`);
    assert.equal(dropped.units, next.dropped, `dropped at ${funnel[i].name}`);
    if (next.count) {
      flows.push({ from: `step:${i}`, to: `step:${i + 1}`, flow: next.count, text: `${formatCount(next.count)} of ` +
        `${formatCount(funnel[i].count)} went on, ${formatPercent(next.step_conversion)} (95% CI ${formatInterval(next.step_conversion_ci95)})` });
    }
    for (const e of dropped.events) {
      flows.push({ from: `step:${i}`, to: `dropped:${i}:${e.event}`, flow: e.units,
        text: `${formatCount(e.units)} of the ${formatCount(dropped.units)} who dropped, ${formatPercent(e.share)} (95% CI ${formatInterval(e.share_ci95)})` });
    }
    if (dropped.other.units) {
      flows.push({ from: `step:${i}`, to: `other:${i}`, flow: dropped.other.units,
        text: `${formatCount(dropped.other.units)} of the ${formatCount(dropped.units)} who dropped` });
    }
    if (next.in_progress) {
      flows.push({ from: `step:${i}`, to: `open:${i}`, flow: next.in_progress,
        text: `${formatCount(next.in_progress)} still inside their window` });
    }
  }
  assert.ok(flows.length > 0, 'the demo store has flows');
  return flows;
}

// The flows as text under the drawing: a sentence per step with a next one, with its counts.
async function checkFlowSentences(page, report) {
  const items = page.locator('frictionlens-report ul.paths-flows li');
  const funnel = report.funnel.steps;
  assert.equal(await items.count(), funnel.length - 1);
  for (let i = 0; i + 1 < funnel.length; i++) {
    const item = items.nth(i);
    const next = funnel[i + 1];
    assert.deepEqual(await item.evaluate((li) => ({ ...li.dataset })), { step: funnel[i].name,
      count: String(funnel[i].count), next: String(next.count), dropped: String(next.dropped),
      inProgress: String(next.in_progress) });
    assert.match(await item.textContent(), new RegExp(`^Of ${formatCount(funnel[i].count)} at .*: ` +
      `${formatCount(next.count)} went on to `));
  }
}

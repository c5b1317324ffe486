// The element's Correlation view in Chromium: on a generated store, the CLI's HTML report
// shows one table per step with listed candidates, a row per candidate in the report's
// order (dropping first), the odds ratio and interval in web/format.js's forms, and the
// report's sentences.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launchGuarded } from './chromium.mjs';
import { startServer } from './static-server.mjs';
import { CLI, requireCli, run, tempDir } from '../wasm/helpers.mjs';
import { formatRatio, formatRatioInterval } from '../../web/format.js';

const TEST_LIMIT_MS = 180_000;

test('the Correlation view shows the report\'s candidates per step', { timeout: TEST_LIMIT_MS }, async (t) => {
  requireCli();
  const dir = tempDir(t, 'frictionlens-correlation-');
  const csv = path.join(dir, 'store.csv');
  const made = await run(CLI, ['generate', '--users', '6000', '--seed', '3', '--output', csv]);
  assert.equal(made.code, 0, made.stderr);
  const json = await run(CLI, ['analyze', csv, '--journey', 'store', '--format', 'json']);
  assert.equal(json.code, 0, json.stderr);
  const { correlation } = JSON.parse(json.stdout);
  const listed = correlation.steps.filter((s) => s.with_dropping.length + s.with_converting.length > 0);
  assert.ok(listed.length > 0, 'the store has candidates that go with dropping or going on');
  const html = await run(CLI, ['analyze', csv, '--journey', 'store', '--format', 'html', '--output',
    path.join(dir, 'report.html')]);
  assert.equal(html.code, 0, html.stderr);

  const server = await startServer({ mounts: { '/correlation/': dir } });
  t.after(() => server.close());
  const { page, errors } = await launchGuarded(t, server.origin, { timeoutMs: 60_000 });
  await page.goto(`${server.origin}/correlation/report.html`);
  await page.locator('frictionlens-report table.steps').waitFor();
  await page.evaluate(() => { document.getElementById('report').view = 'correlation'; });
  await page.locator('frictionlens-report .correlation').waitFor();
  const summaries = await page.locator('frictionlens-report p.correlation-summary').evaluateAll(
    (nodes) => nodes.map((n) => n.dataset.step));
  assert.deepEqual(summaries, correlation.steps.map((s) => s.step));
  const tables = page.locator('frictionlens-report table.correlation-candidates');
  assert.equal(await tables.count(), listed.length);
  for (let i = 0; i < listed.length; ++i) {
    const step = listed[i];
    const table = tables.nth(i);
    assert.equal(await table.getAttribute('data-step'), step.step);
    const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => ({
      direction: tr.dataset.direction, cells: [...tr.cells].map((c) => c.textContent) })));
    const expected = [...step.with_dropping.map((c) => ['dropping', c]), ...step.with_converting.map((c) => ['converting', c])];
    assert.equal(rows.length, expected.length);
    rows.forEach((row, k) => {
      const [direction, c] = expected[k];
      assert.equal(row.direction, direction);
      assert.equal(row.cells[1], c.kind === 'event' ? c.event : `${c.property} = ${c.value}`);
      assert.equal(row.cells[4], `${formatRatio(c.odds_ratio)} (${formatRatioInterval(c.odds_ratio_ci95)})`);
      assert.equal(row.cells[7], c.examples.join(', '));
    });
  }
  const sentences = await page.locator('frictionlens-report ul.correlation-sentences li').allTextContents();
  assert.deepEqual(sentences, correlation.sentences);
  // The survival and delivery views still draw their tables (header rows by headedTable).
  await page.evaluate(() => { document.getElementById('report').view = 'survival'; });
  assert.ok((await page.locator('frictionlens-report table.survival thead th').count()) > 2);
  await page.evaluate(() => { document.getElementById('report').view = 'delivery'; });
  assert.equal(await page.locator('frictionlens-report table.delivery-rules thead th').count(), 6);
  assert.deepEqual(errors, []);
});

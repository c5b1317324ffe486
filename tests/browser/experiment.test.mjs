// The element's Experiment view in Chromium: on a generated store with a planted A/B test
// and a planted sample-ratio mismatch, the CLI's HTML report shows the mismatch warning
// first and one verdict per step, the CLI's own sentences; B also ships the coupon fix, and
// the friction that differs by variant leads with the coupon's rage clicks gone in B.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launchGuarded } from './chromium.mjs';
import { startServer } from './static-server.mjs';
import { CLI, ROOT, requireCli, run, tempDir } from '../wasm/helpers.mjs';

const TEST_LIMIT_MS = 180_000;

test('the Experiment view shows the sample-ratio warning first and the verdicts', { timeout: TEST_LIMIT_MS }, async (t) => {
  requireCli();
  const dir = tempDir(t, 'frictionlens-experiment-');
  const csv = path.join(dir, 'store.csv');
  const made = await run(CLI, ['generate', '--users', '6000', '--seed', '4', '--experiment-lift', '0.06',
    '--experiment-b-share', '0.44', '--experiment-fix-coupon', '--output', csv]);
  assert.equal(made.code, 0, made.stderr);
  const journey = path.join(ROOT, 'examples/store-experiment.json');
  const json = await run(CLI, ['analyze', csv, '--journey', journey, '--format', 'json']);
  assert.equal(json.code, 0, json.stderr);
  const { experiment, friction } = JSON.parse(json.stdout);
  const coupon = friction.points.find((p) => p.stage === 'Checkout' && p.signal === 'rage_click' &&
    p.target === '#apply-coupon');
  assert.ok(coupon?.significant, 'the coupon defect is a significant point');
  const [fixed] = coupon.by_variant.differences;
  assert.equal(fixed.variant, 'B');
  assert.ok(fixed.affected_share_difference_ci95[1] < 0, 'fewer affected in B');
  assert.equal(experiment.sample_ratio.mismatch, true, 'the planted 44/56 split is a mismatch');
  const html = await run(CLI, ['analyze', csv, '--journey', journey, '--format', 'html', '--output',
    path.join(dir, 'report.html')]);
  assert.equal(html.code, 0, html.stderr);

  const server = await startServer({ mounts: { '/experiment/': dir } });
  t.after(() => server.close());
  const { page, errors } = await launchGuarded(t, server.origin, { timeoutMs: 60_000 });
  await page.goto(`${server.origin}/experiment/report.html`);
  await page.locator('frictionlens-report table.steps').waitFor();
  await page.evaluate(() => { document.getElementById('report').view = 'experiment'; });
  const rows = page.locator('frictionlens-report table.comparisons tbody tr');
  await rows.first().waitFor();
  // The warning comes before the table, as an alert.
  const order = await page.locator('frictionlens-report .experiment > *').evaluateAll(
    (nodes) => nodes.map((n) => n.className || n.tagName.toLowerCase()));
  assert.deepEqual(order.slice(0, 2), ['h3', 'srm-warning']);
  assert.equal(await page.locator('frictionlens-report .srm-warning').textContent(), experiment.sample_ratio.warning);
  assert.equal(await rows.count(), experiment.comparisons.length);
  const verdicts = await page.locator('frictionlens-report table.comparisons [data-field=verdict]').allTextContents();
  assert.deepEqual(verdicts, experiment.comparisons.map((c) => c.verdict));
  const first = page.locator('frictionlens-report ul.friction-per-variant li').first();
  assert.equal(await first.getAttribute('data-stage'), 'Checkout');
  assert.equal(await first.getAttribute('data-signal'), 'rage_click');
  assert.equal(await first.getAttribute('data-variant'), 'B');
  assert.equal(await first.textContent(), `Checkout, rage_click on #apply-coupon: ${fixed.sentence}`);
  assert.deepEqual(errors, []);
});

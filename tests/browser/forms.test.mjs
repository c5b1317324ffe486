// The element's Forms view in Chromium: on a generated store whose checkout form has a
// broken #postcode field on iOS, the CLI's HTML report lists that field first among the
// fields that make people leave, in the core's own sentence, marks its row in the form's
// field table, and shows the fields in form order with the report's figures.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launchGuarded } from './chromium.mjs';
import { startServer } from './static-server.mjs';
import { CLI, requireCli, run, tempDir } from '../wasm/helpers.mjs';

const TEST_LIMIT_MS = 180_000;

test('the Forms view names the field that makes people leave', { timeout: TEST_LIMIT_MS }, async (t) => {
  requireCli();
  const dir = tempDir(t, 'frictionlens-forms-');
  const csv = path.join(dir, 'store.csv');
  const made = await run(CLI, ['generate', '--users', '5000', '--seed', '2', '--checkout-form', '--output', csv]);
  assert.equal(made.code, 0, made.stderr);
  const json = await run(CLI, ['analyze', csv, '--format', 'json']);
  assert.equal(json.code, 0, json.stderr);
  const { forms } = JSON.parse(json.stdout);
  assert.equal(forms.friction[0]?.field, '#postcode', 'the planted field is friction');
  const checkout = forms.forms[0];
  const table = await run(CLI, ['analyze', csv, '--format', 'table']);
  assert.equal(table.code, 0, table.stderr);
  assert.match(String(table.stdout), /\n {4}#postcode +[\d,]+ [^\n]*<- friction\n/);
  const html = await run(CLI, ['analyze', csv, '--format', 'html', '--output', path.join(dir, 'report.html')]);
  assert.equal(html.code, 0, html.stderr);

  const server = await startServer({ mounts: { '/forms/': dir } });
  t.after(() => server.close());
  const { page, errors } = await launchGuarded(t, server.origin, { timeoutMs: 60_000 });
  await page.goto(`${server.origin}/forms/report.html`);
  await page.locator('frictionlens-report table.steps').waitFor();
  // The funnel view already carries the forms block; the Forms view has it alone.
  assert.equal(await page.locator('frictionlens-report .forms').count(), 1);
  await page.evaluate(() => { document.getElementById('report').view = 'forms'; });
  const first = page.locator('frictionlens-report ul.form-friction li').first();
  await first.waitFor();
  assert.equal(await first.getAttribute('data-field'), '#postcode');
  assert.equal(await first.textContent(), forms.friction[0].sentence);
  assert.equal(await page.locator('frictionlens-report p.form-summary').first().textContent(), checkout.sentence);
  const rows = page.locator('frictionlens-report table.fields tbody tr');
  assert.deepEqual(await rows.evaluateAll((r) => r.map((row) => row.dataset.field)),
    checkout.fields.map((f) => f.field));
  const marked = await page.locator('frictionlens-report table.fields tr.friction').evaluateAll(
    (r) => r.map((row) => row.dataset.field));
  assert.deepEqual(marked, ['#postcode']);
  assert.deepEqual(errors, []);
});

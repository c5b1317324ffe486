// Order tables in the workbench (Chromium): a designer drops the three Olist files and
// examples/olist-delivery.json together; the journey file says how the tables are read,
// the Data view lists each table with its joins and the rows whose stages are out of
// order, and the report downloaded is the CLI's bytes for the same files and journey.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CLI, ROOT, SHARED, requireCli, run } from '../wasm/helpers.mjs';
import { TEST_LIMIT_MS, startWorkbench } from './workbench-helpers.mjs';

const OLIST = path.join(SHARED, 'data/olist');
const FILES = ['olist_orders_dataset.csv', 'olist_customers_dataset.csv', 'olist_order_reviews_dataset.csv'];
const JOURNEY = path.join(ROOT, 'examples/olist-delivery.json');

test('drop order tables with their journey: tables, findings and the CLI\'s report', { timeout: TEST_LIMIT_MS }, async (t) => {
  if (!FILES.every((f) => fs.existsSync(path.join(OLIST, f)))) return t.skip(`${OLIST} is absent`);
  requireCli();
  // The CLI reads the files under the names the picker gives (base names).
  const cli = await run(CLI, ['analyze', ...FILES, '--journey', JOURNEY, '--format', 'json'], { cwd: OLIST });
  assert.equal(cli.code, 0, cli.stderr);
  const expected = cli.stdout.toString();
  const report = JSON.parse(expected);

  const wb = await startWorkbench(t);
  const page = wb.page;
  await wb.open();
  await wb.pick(...FILES.map((f) => path.join(OLIST, f)), JOURNEY);
  await wb.waitForData();
  const tables = page.locator('fl-data-view #tables');
  await tables.waitFor();
  for (const t of report.input.tables) {
    const row = tables.locator(`tr[data-table="${t.table}"]`);
    assert.match(await row.innerText(), new RegExp(t.rows.toLocaleString('en-US')));
  }
  const findings = await tables.locator('ul.findings li').allInnerTexts();
  assert.ok(findings.some((f) => /orders: 77 rows with\s+shipped before payment_approved/.test(f)), findings.join('\n'));
  // The journey's steps, read from the dropped file, not the built-in store journey.
  await wb.toJourney();
  await wb.waitForFunnel(4);
  const rows = await wb.funnelRows();
  assert.deepEqual(rows.map((r) => r.count), report.funnel.steps.map((s) => s.count));
  const downloaded = await wb.download('#dl-report');
  assert.equal(downloaded.text, expected);
  await wb.checkClean();
});

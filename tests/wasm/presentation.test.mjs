// One presentation rule: the CLI table shows the report's friction.top and writes every
// figure in the display forms of web/format.js (the element's, and so the CLI HTML's,
// which inlines the element: tests/browser/embed.test.mjs checks the page).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  formatCount, formatInterval, formatPercent, formatRatio, formatRatioInterval, formatSeconds,
} from '../../web/format.js';
import { CLI, ROOT, requireCli, run, tempDir } from './helpers.mjs';

const flat = (text) => text.replace(/\s+/g, ' ');

async function tableAndReport(args) {
  const [json, table] = await Promise.all([
    run(CLI, ['analyze', ...args, '--format', 'json']),
    run(CLI, ['analyze', ...args, '--format', 'table']),
  ]);
  assert.equal(json.code, 0, json.stderr);
  assert.equal(table.code, 0, table.stderr);
  return { report: JSON.parse(json.stdout), table: table.stdout.toString() };
}

function assertTableSaysTheReport(report, table) {
  const text = flat(table);
  // The one Top friction list, in its order.
  let at = 0;
  for (const entry of report.friction.top) {
    const found = text.indexOf(flat(entry.sentence), at);
    assert.ok(found >= 0, `table lacks top friction ${entry.rank}: ${entry.sentence}`);
    at = found;
  }
  // Signals without loss: after their own heading, never among the top friction.
  const gainsAt = text.indexOf(flat('Signals without loss'));
  for (const entry of report.friction.without_loss) {
    assert.ok(gainsAt >= 0 && text.indexOf(flat(entry.sentence), gainsAt) >= 0, `table lacks ${entry.sentence}`);
    assert.ok(!report.friction.top.some((t) => t.point === entry.point), 'a gain in Top friction');
  }
  // Each step's row: count, conversion and interval, step conversion.
  const lines = table.split('\n');
  for (const [i, step] of report.funnel.steps.entries()) {
    const row = lines.find((line) => line.startsWith(`${String(i + 1).padEnd(2)} `));
    assert.ok(row, `no table row for step ${i + 1}`);
    assert.ok(row.includes(formatCount(step.count)), `${row} lacks ${formatCount(step.count)}`);
    assert.ok(row.includes(formatPercent(step.conversion)), `${row} lacks ${formatPercent(step.conversion)}`);
    if (i > 0) {
      assert.ok(row.includes(formatInterval(step.conversion_ci95)), `${row} lacks ${formatInterval(step.conversion_ci95)}`);
      assert.ok(row.includes(formatPercent(step.step_conversion)));
    }
    if (i > 0 && typeof step.median_seconds_from_previous === 'number') {
      const times = `${formatSeconds(step.median_seconds_from_previous)} / ${formatSeconds(step.p90_seconds_from_previous)}`;
      assert.ok(text.includes(times), `table lacks ${step.name} times ${times}`);
    }
  }
  const quality = report.input_quality;
  assert.ok(text.includes(`${formatCount(quality.duplicate_events)} duplicate events`));
  for (const file of quality.files) assert.ok(text.includes(flat(file.file)));
  // Correlation: each listed candidate's odds ratio and interval in the element's forms,
  // and the section's sentences.
  for (const step of report.correlation?.steps ?? []) {
    for (const c of [...step.with_dropping, ...step.with_converting].slice(0, 5)) {
      const or = `OR ${formatRatio(c.odds_ratio)} (${formatRatioInterval(c.odds_ratio_ci95)})`;
      assert.ok(text.includes(or), `table lacks ${or}`);
    }
  }
  for (const sentence of report.correlation?.sentences ?? []) assert.ok(text.includes(flat(sentence)), sentence);
}

test('the CLI table says what the element says: golden report', async () => {
  requireCli();
  const golden = path.join(ROOT, 'tests/cli/golden');
  const { report, table } = await tableAndReport([path.join(golden, 'mini.csv'), '--journey',
    path.join(golden, 'mini_journey.json')]);
  assertTableSaysTheReport(report, table);
});

test('the CLI table says what the element says: demo store', async (t) => {
  requireCli();
  const demo = path.join(tempDir(t), 'demo.csv');
  const made = await run(CLI, ['generate', '--users', '4000', '--seed', '11', '--output', demo]);
  assert.equal(made.code, 0, made.stderr);
  const { report, table } = await tableAndReport([demo, '--journey', 'store']);
  assert.ok(report.friction.top.length > 0, 'the demo store has top friction');
  assertTableSaysTheReport(report, table);
  assert.ok(fs.existsSync(demo));
});

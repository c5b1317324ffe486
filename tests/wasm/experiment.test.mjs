// Experiments through both doors: on a generated store with a planted A/B test, the wasm
// package writes the CLI's bytes (the experiment section included), and plan() gives the
// numbers of `frictionlens plan`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ANALYZE_MJS, CLI, ROOT, packageEntry, requireCli, run, tempDir } from './helpers.mjs';

const JOURNEY = path.join(ROOT, 'examples/store-experiment.json');

test('a planted A/B test: the same experiment section in both doors, lift found at Cart', async (t) => {
  requireCli();
  const dir = tempDir(t);
  const file = path.join(dir, 'store.csv');
  const made = await run(CLI, ['generate', '--users', '4000', '--seed', '7', '--experiment-lift', '0.08',
    '--output', file]);
  assert.equal(made.code, 0, made.stderr);
  const [native, wasm] = await Promise.all([
    run(CLI, ['analyze', file, '--journey', JOURNEY, '--format', 'json']),
    run(process.execPath, [ANALYZE_MJS, file, '--journey', JOURNEY]),
  ]);
  assert.equal(native.code, 0, native.stderr);
  assert.equal(wasm.code, 0, wasm.stderr);
  assert.ok(native.stdout.equals(wasm.stdout), 'the wasm report differs from the CLI report');
  const report = JSON.parse(wasm.stdout);
  assert.ok(report.sections.includes('experiment'));
  const { experiment } = report;
  assert.equal(experiment.units, 4000);
  assert.equal(experiment.control, 'A');
  const cart = experiment.comparisons.find((c) => c.step === 'Cart');
  assert.ok(cart.lift_ci95[0] > 0, `the planted lift is found: ${cart.verdict}`);
  assert.match(cart.verdict, /^B: \+\d+\.\d pp Cart \(95% CI \+\d+\.\d to \+\d+\.\d\), chance to beat A \d+\.\d%/);
});

test('plan() gives the numbers of frictionlens plan', async () => {
  requireCli();
  const { createAnalyzer } = await import(packageEntry);
  const analyzer = await createAnalyzer();
  try {
    for (const [input, flags] of [
      [{ baseline: 0.2, daily_units: 5000, mde: 0.02 }, ['--baseline', '0.2', '--daily', '5000', '--mde', '0.02']],
      [{ baseline: 0.05, daily_units: 1200, days: 21, variants: 3 },
        ['--baseline', '0.05', '--daily', '1200', '--days', '21', '--variants', '3']],
    ]) {
      const cli = await run(CLI, ['plan', ...flags, '--format', 'json']);
      assert.equal(cli.code, 0, cli.stderr);
      assert.deepEqual(await analyzer.plan(input), JSON.parse(cli.stdout));
    }
    assert.equal((await analyzer.plan({ baseline: 0.2, daily_units: 5000, mde: 0.02 })).units_per_variant, 6510);
    await assert.rejects(analyzer.plan({ baseline: 1.5, daily_units: 10, days: 3 }), /plan: baseline: expected a number between 0 and 1/);
  } finally {
    analyzer.terminate();
  }
});

// Every report validates against schema/report.schema.json (Ajv, JSON Schema 2020-12):
// the golden report, and the CLI's and the wasm module's reports over the suite's inputs,
// journeys (units, orders, breakdowns, exclusions, held properties) and sections turned
// off. (Every other report the JS suites produce is checked in helpers.mjs run().)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { assertValidReport } from './report_schema.js';
import { ANALYZE_MJS, CLI, ROOT, SMALL_CSV, SMALL_JOURNEY, TAOBAO, TAOBAO_COLUMNS, TAOBAO_JOURNEY, requireCli, run,
  tempDir } from './helpers.mjs';

const GOLDEN = path.join(ROOT, 'tests/cli/golden');

test('the golden report matches the schema', () => {
  assertValidReport(JSON.parse(fs.readFileSync(path.join(GOLDEN, 'mini_report.json'), 'utf8')), 'mini_report.json');
});

test('a report that breaks the schema is refused', () => {
  const report = JSON.parse(fs.readFileSync(path.join(GOLDEN, 'mini_report.json'), 'utf8'));
  report.funnel.steps[0].count = 'six';
  assert.throws(() => assertValidReport(report), /\/funnel\/steps\/0\/count/);
});

test('reports over the suite inputs, journeys and sections match the schema', { timeout: 300_000 }, async (t) => {
  requireCli();
  const dir = tempDir(t);
  const small = path.join(dir, 'small.csv');
  fs.writeFileSync(small, SMALL_CSV);
  const demo = path.join(dir, 'demo.csv');
  const demoJsonl = path.join(dir, 'demo.jsonl');
  for (const [file, format] of [[demo, 'csv'], [demoJsonl, 'jsonl']]) {
    const made = await run(CLI, ['generate', '--users', '1500', '--seed', '5', '--format', format, '--checkout-form',
      '--output', file]);
    assert.equal(made.code, 0, made.stderr);
  }
  const spec = (name, extra) => {
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify({ ...SMALL_JOURNEY, ...extra }));
    return file;
  };
  const store = (name, extra) => {
    const file = path.join(dir, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify({
      name: 'Store variant', window: '14d',
      steps: [{ name: 'Product page', event: 'product_view' }, { name: 'Cart', event: ['add_to_cart', 'one_click_buy'] },
        { name: 'Checkout', event: 'checkout_start', optional: true }, { name: 'Order placed', event: 'order_placed' }],
      value: { property: 'price' }, ...extra }));
    return file;
  };
  const runs = [
    [small, '--journey', spec('small', {})],
    [small, '--journey', spec('small_any', { order: 'any' })],
    [small, '--journey', spec('small_off', { sections: { friction: false, input_quality: false } })],
    [small, '--journey', spec('small_no_funnel', { sections: { funnel: false } })],
    [demo, '--journey', 'store'],
    [demoJsonl, '--journey', 'store', '--threads', '2'],
    [demo, '--journey', store('sessions', { unit: 'sessions', breakdown: { property: 'device' } })],
    [demo, '--journey', store('attempts', { unit: 'attempts', order: 'strict', trend: 'week' })],
    [demo, '--journey', store('held', { hold_constant: ['device'], exclusions: [{ event: 'refund_requested' }],
      modes: ['strict_deduplication', 'strict_increase'], input_quality: { percentiles: [25, 75] } })],
    [demo, '--journey', store('conformance', { unit: 'sessions', conformance: { examples: 2, ignore_repeats_of: [] } })],
    [path.join(GOLDEN, 'mini.csv'), '--journey', path.join(GOLDEN, 'mini_journey.json')],
  ];
  if (fs.existsSync(TAOBAO)) runs.push([TAOBAO, '--columns', TAOBAO_COLUMNS, '--journey', TAOBAO_JOURNEY]);
  for (const args of runs) {
    const cli = await run(CLI, ['analyze', ...args, '--format', 'json']);
    assert.equal(cli.code, 0, cli.stderr);
    assertValidReport(JSON.parse(cli.stdout), `frictionlens analyze ${args.join(' ')}`);
  }
  // The wasm module's reports (byte-equal to the CLI's by equality.test.mjs) too.
  for (const args of runs.slice(0, 3)) {
    const wasm = await run(process.execPath, [ANALYZE_MJS, ...args]);
    assert.equal(wasm.code, 0, wasm.stderr);
    assertValidReport(JSON.parse(wasm.stdout), `analyze.mjs ${args.join(' ')}`);
  }
});

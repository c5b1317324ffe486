// The kept table (wasm/index.js load / reanalyze / files / preview / properties / timeline):
// a journey re-run on the table in the worker gives byte for byte the report of a fresh
// analyze of the same input with that journey, and of `frictionlens analyze --format json`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CLI, ROOT, SMALL_CSV, packageEntry, requireCli, run, tempDir } from './helpers.mjs';

const { createAnalyzer, FrictionLensError } = await import(packageEntry);

const SHORT = {
  name: 'Short', window: '2h',
  steps: [{ name: 'View', event: 'view' }, { name: 'Cart', event: ['cart'], where: { device: { not: 'web' } }, optional: true },
    { name: 'Buy', event: 'buy' }],
  breakdown: { property: 'device' },
};
// A misspelt value property is a warning in its own report only; a misspelt step
// property matches nothing and is refused, with the nearest names.
const TYPO = { name: 'Typo', steps: [{ name: 'View', event: 'view' }, { name: 'Cart', event: 'cart' }], value: { property: 'prise' } };
const STEP_TYPO = { name: 'Typo', steps: [{ name: 'View', event: 'view', where: { devce: 'ios' } }, { name: 'Cart', event: 'cart' }] };
const SESSIONS = { name: 'Sessions', unit: 'sessions', order: 'strict', steps: [{ name: 'V', event: 'view' }, { name: 'C', event: 'cart' }] };

async function demoCsv(t) {
  requireCli();
  const dir = tempDir(t);
  const file = path.join(dir, 'demo.csv');
  const made = await run(CLI, ['generate', '--users', '300', '--seed', '3', '--format', 'csv', '--output', file]);
  assert.equal(made.code, 0, made.stderr);
  return file;
}

for (const worker of [true, false]) {
  test(`reanalyze equals a fresh analyze (${worker ? 'worker' : 'this thread'})`, async (t) => {
    const fl = await createAnalyzer({ worker });
    t.after(() => fl.terminate());
    const input = { name: 'small.csv', data: SMALL_CSV };
    const first = await fl.loadJson(input, TYPO);
    assert.equal(first, await fl.analyzeJson(input, TYPO));
    for (const journey of [SHORT, SESSIONS, JSON.stringify(SHORT), TYPO, SHORT]) {
      assert.equal(await fl.reanalyzeJson(journey), await fl.analyzeJson(input, journey));
    }
    await assert.rejects(fl.reanalyze(STEP_TYPO),
      (e) => e instanceof FrictionLensError && /steps\[0\]\.where\.devce: no property "devce" in the data \(nearest: device\)/.test(e.message));
    // A bad spec fails with its JSON path and leaves the table loaded.
    await assert.rejects(fl.reanalyze({ steps: [{ name: 'A', event: 3 }] }),
      (e) => e instanceof FrictionLensError && /steps\[0\]\.event/.test(e.message));
    assert.equal((await fl.reanalyze(SHORT)).funnel.steps.length, 3);

    const files = await fl.files();
    assert.equal(files[0].file, 'small.csv');
    assert.deepEqual(files[0].columns.map((c) => c.role), ['user', 'time (iso)', 'event', 'property']);
    const preview = await fl.preview(3);
    assert.deepEqual(preview.columns, ['user', 'time', 'event', 'session', 'device']);
    assert.deepEqual(preview.rows[0], ['u1', '2024-03-01T10:00:00Z', 'view', 0, 'ios']);
    assert.equal(preview.total, 7);
    const [device] = await fl.properties(2);
    assert.equal(device.name, 'device');
    assert.equal(device.distinct, 3);
    assert.equal(device.values.length, 2);
    const timeline = await fl.timeline('u1');
    assert.deepEqual(timeline.events.map((e) => [e.event, e.steps]), [['view', [0]], ['cart', [1]], ['buy', [2]]]);
    await assert.rejects(fl.timeline('nobody'), (e) => e.code === 'NOT_FOUND');
  });
}

test('reanalyze before any load is refused', async (t) => {
  const fl = await createAnalyzer();
  t.after(() => fl.terminate());
  await assert.rejects(fl.reanalyze('store'), (e) => e.code === 'FAILED_PRECONDITION');
});

test('demo store: reanalyze in the worker gives the CLI bytes, the timeline shows the rage clicks', async (t) => {
  const file = await demoCsv(t);
  const spec = path.join(tempDir(t), 'short.json');
  const journey = {
    name: 'Checkout', window: '1d',
    steps: [{ name: 'Cart', event: 'add_to_cart' }, { name: 'Checkout', event: 'checkout_start' },
      { name: 'Payment', event: 'payment_submitted' }, { name: 'Order', event: 'order_placed' }],
  };
  fs.writeFileSync(spec, JSON.stringify(journey));
  const cli = await run(CLI, ['analyze', file, '--journey', spec, '--format', 'json']);
  assert.equal(cli.code, 0, cli.stderr);
  const fl = await createAnalyzer();
  t.after(() => fl.terminate());
  const input = { name: file, data: fs.readFileSync(file) };
  await fl.load(input, 'store');
  assert.equal(await fl.reanalyzeJson(journey), cli.stdout.toString());
  const report = await fl.reanalyze('store');
  const point = report.friction.points.find((p) => p.signal === 'rage_click');
  assert.ok(point, 'the demo defect is found');
  const timeline = await fl.timeline(point.examples[0]);
  assert.ok(timeline.events.some((e) => e.signals.some((s) => s.signal === 'rage_click')), JSON.stringify(timeline).slice(0, 400));
  assert.ok(ROOT);
});

test('explain: the worker tells a user\'s story as `frictionlens explain --format json` does', async (t) => {
  requireCli();
  const dir = tempDir(t);
  const csv = path.join(dir, 'small.csv');
  fs.writeFileSync(csv, SMALL_CSV);
  const spec = path.join(dir, 'short.json');
  fs.writeFileSync(spec, JSON.stringify(SHORT));
  const fl = await createAnalyzer({ worker: true });
  t.after(() => fl.terminate());
  await fl.loadJson({ name: 'small.csv', data: SMALL_CSV }, SHORT);
  for (const user of ['u1', 'u2', 'u3']) {
    const cli = await run(CLI, ['explain', 'small.csv', '--journey', spec, '--user', user, '--format', 'json'], { cwd: dir });
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(await fl.explain(user), JSON.parse(cli.stdout));
  }
  const story = await fl.explain('u1');
  assert.equal(story.units[0].outcome, 'converted');
  assert.deepEqual(story.events.filter((e) => e.chain.length).map((e) => e.chain[0].step), ['View', 'Cart', 'Buy']);
  await assert.rejects(fl.explain('nobody'), (e) => e.code === 'NOT_FOUND');
});

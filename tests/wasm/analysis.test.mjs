// The wasm package analyses a small hand-counted CSV, on the calling thread and in a
// worker_threads Worker (the same cases against both, as duckdb-wasm's test runners do).

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SMALL_CSV, SMALL_JOURNEY, packageEntry } from './helpers.mjs';

const { createAnalyzer } = await import(packageEntry);

// Wilson score interval, written out here so the test does not trust the code it checks.
function wilson(successes, n, z = 1.959963984540054) {
  const p = successes / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return [centre - half, centre + half];
}

for (const mode of ['direct', 'worker']) {
  describe(`analysis (${mode})`, () => {
    let fl;
    before(async () => { fl = await createAnalyzer({ worker: mode === 'worker' }); });
    after(() => fl.terminate());

    test('counts, conversions and intervals of a hand-counted funnel', async () => {
      const report = await fl.analyze({ name: 'small.csv', data: SMALL_CSV }, SMALL_JOURNEY);
      assert.equal(report.schema, 'frictionlens.report/1');
      assert.equal(report.input.rows, 7);
      assert.equal(report.input.rejected, 0);
      assert.equal(report.input.users, 4);
      const steps = report.funnel.steps;
      assert.deepEqual(steps.map((s) => s.name), ['View', 'Cart', 'Buy']);
      assert.deepEqual(steps.map((s) => s.count), [3, 2, 1]);
      assert.equal(steps[0].conversion, 1);
      // The report writes rates with 6 decimals.
      const near = (actual, expected) => assert.ok(Math.abs(actual - expected) <= 5e-7, `${actual} vs ${expected}`);
      near(steps[1].conversion, 2 / 3);
      near(steps[2].conversion, 1 / 3);
      near(steps[2].step_conversion, 1 / 2);
      const [lo, hi] = wilson(2, 3);
      near(steps[1].conversion_ci95[0], lo);
      near(steps[1].conversion_ci95[1], hi);
      // u3 viewed at 12:00 and the data ends at 12:30: a 1h window still open, not dropped.
      assert.equal(steps[1].in_progress, 1);
      assert.equal(steps[1].dropped, 0);
      // u2 carted at 11:02; the window closed at 12:00 without a buy.
      assert.equal(steps[2].dropped, 1);
    });

    test('input kinds: string, Uint8Array, Blob and a {name, data} wrapper give the same report', async () => {
      const bytes = new TextEncoder().encode(SMALL_CSV);
      const reference = await fl.analyzeJson({ name: 'small.csv', data: SMALL_CSV }, SMALL_JOURNEY);
      for (const data of [bytes, new Blob([bytes]), bytes.buffer]) {
        assert.equal(await fl.analyzeJson({ name: 'small.csv', data }, SMALL_JOURNEY), reference);
      }
    });

    test('the journey as an object, as JSON text, and the built-in store journey', async () => {
      const asObject = await fl.analyzeJson(SMALL_CSV, SMALL_JOURNEY);
      const asText = await fl.analyzeJson(SMALL_CSV, JSON.stringify(SMALL_JOURNEY));
      assert.equal(asObject, asText);
      const store = await fl.analyze(SMALL_CSV, 'store');
      assert.equal(store.journey.name, 'Store');
      assert.equal(store.funnel.steps.length, 7);
      assert.equal(store.funnel.steps[0].count, 0); // no product_view events in this file
    });

    test('ingest options cross to the core: headerless CSV with columns and a map', async () => {
      const headerless = 'a;2024-03-01 10:00:00;view\na;2024-03-01 10:01:00;cart\nb;2024-03-01 10:02:00;view\n';
      const report = await fl.analyze(headerless, SMALL_JOURNEY, {
        columns: ['who', 'when', 'what'], map: { user: 'who', time: 'when', event: 'what' }, delimiter: ';',
      });
      assert.deepEqual(report.funnel.steps.map((s) => s.count), [2, 1, 0]);
    });

    test('several inputs make one data set, in order', async () => {
      const [header, ...rows] = SMALL_CSV.trimEnd().split('\n');
      const first = [header, ...rows.slice(0, 3)].join('\n') + '\n';
      const second = [header, ...rows.slice(3)].join('\n') + '\n';
      const report = await fl.analyze([{ name: 'a.csv', data: first }, { name: 'b.csv', data: second }], SMALL_JOURNEY);
      assert.deepEqual(report.funnel.steps.map((s) => s.count), [3, 2, 1]);
      assert.equal(report.input.rows, 7);
    });

    test('progress reports bytes up to the total', async () => {
      const seen = [];
      await fl.analyze(SMALL_CSV, SMALL_JOURNEY, { chunkSize: 16, onProgress: (p) => seen.push(p) });
      assert.ok(seen.length >= 1);
      const last = seen.at(-1);
      const size = new TextEncoder().encode(SMALL_CSV).byteLength;
      assert.deepEqual(last, { bytes: size, total: size });
      for (let i = 1; i < seen.length; i++) assert.ok(seen[i].bytes >= seen[i - 1].bytes);
    });
  });
}

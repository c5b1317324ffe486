// Cancellation with an AbortSignal: the promise rejects with an AbortError, the work stops
// at the next chunk, and the analyzer keeps working for the next call.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SMALL_CSV, SMALL_JOURNEY, packageEntry } from './helpers.mjs';

const { createAnalyzer } = await import(packageEntry);

// About 24 MB of events: long enough to be cancelled in the middle.
function bigInput() {
  const rows = ['user_id,timestamp,event'];
  const start = Date.parse('2024-03-01T00:00:00Z');
  for (let i = 0; i < 600_000; i++) {
    rows.push(`user${i % 50_000},${new Date(start + i * 1000).toISOString()},${['view', 'cart', 'buy'][i % 3]}`);
  }
  return new TextEncoder().encode(rows.join('\n') + '\n');
}
const BIG = bigInput();

for (const mode of ['direct', 'worker']) {
  describe(`cancellation (${mode})`, () => {
    let fl;
    before(async () => { fl = await createAnalyzer({ worker: mode === 'worker' }); });
    after(() => fl.terminate());

    test('an already aborted signal rejects at once', async () => {
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(fl.analyze(SMALL_CSV, SMALL_JOURNEY, { signal: controller.signal }),
        (error) => error.name === 'AbortError');
    });

    test('aborting during the feed stops the analysis', async () => {
      const controller = new AbortController();
      const seen = [];
      const started = Date.now();
      const promise = fl.analyze({ name: 'big.csv', data: BIG }, SMALL_JOURNEY, {
        signal: controller.signal,
        chunkSize: 64 * 1024,
        onProgress: (progress) => {
          seen.push(progress);
          if (seen.length === 1) controller.abort();
        },
      });
      await assert.rejects(promise, (error) => error.name === 'AbortError');
      assert.ok(seen.length >= 1, 'progress was reported before the abort');
      assert.ok(seen[0].bytes < BIG.byteLength, 'aborted before the end of the input');
      assert.ok(Date.now() - started < 60_000);
    });

    test('the analyzer works after a cancellation', async () => {
      const controller = new AbortController();
      const promise = fl.analyze(BIG, SMALL_JOURNEY, { signal: controller.signal, chunkSize: 64 * 1024 });
      setTimeout(() => controller.abort(), 5);
      await assert.rejects(promise, (error) => error.name === 'AbortError');
      const report = await fl.analyze(SMALL_CSV, SMALL_JOURNEY);
      assert.deepEqual(report.funnel.steps.map((s) => s.count), [3, 2, 1]);
    });

    test('an abort reason is passed through', async () => {
      const controller = new AbortController();
      const reason = new Error('user pressed stop');
      reason.name = 'AbortError';
      controller.abort(reason);
      await assert.rejects(fl.analyze(SMALL_CSV, SMALL_JOURNEY, { signal: controller.signal }), /user pressed stop/);
    });
  });
}

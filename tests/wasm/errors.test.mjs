// Errors come back as JS Errors carrying the core's message: the file, the line and the
// reason for input problems, the JSON path for a bad journey spec, the option's name.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SMALL_CSV, SMALL_JOURNEY, packageEntry } from './helpers.mjs';

const { createAnalyzer, FrictionLensError } = await import(packageEntry);

for (const mode of ['direct', 'worker']) {
  describe(`errors (${mode})`, () => {
    let fl;
    before(async () => { fl = await createAnalyzer({ worker: mode === 'worker' }); });
    after(() => fl.terminate());

    test('a bad journey spec names the JSON path', async () => {
      const spec = { ...SMALL_JOURNEY, steps: [SMALL_JOURNEY.steps[0], { name: 'Cart', event: 42 }] };
      await assert.rejects(fl.analyze(SMALL_CSV, spec), (error) => {
        assert.ok(error instanceof Error);
        assert.equal(error.name, 'FrictionLensError');
        assert.match(error.message, /steps\[1\]\.event/);
        assert.equal(typeof error.code, 'string');
        return true;
      });
    });

    test('an unknown option is named', async () => {
      await assert.rejects(fl.analyze(SMALL_CSV, SMALL_JOURNEY, { colums: ['a'] }), /options\.colums/);
    });

    test('a file the core cannot read at all fails with its file name', async () => {
      // A header with no recognisable user, time or event column: nothing to analyse.
      const text = 'alpha,beta\n1,2\n3,4\n';
      await assert.rejects(fl.analyze({ name: 'mystery.csv', data: text }, SMALL_JOURNEY), (error) => {
        assert.ok(error instanceof FrictionLensError || error.name === 'FrictionLensError');
        assert.match(error.message, /mystery\.csv/);
        return true;
      });
    });

    test('bad rows are rejected with file, line and column, and the rest is analysed', async () => {
      const lines = SMALL_CSV.trimEnd().split('\n');
      lines.splice(3, 0, 'u9,not a time,view,ios'); // becomes line 4 of the file
      const report = await fl.analyze({ name: 'dirty.csv', data: lines.join('\n') + '\n' }, SMALL_JOURNEY);
      assert.equal(report.input.rejected, 1);
      assert.deepEqual(report.funnel.steps.map((s) => s.count), [3, 2, 1]);
      const [rejection] = report.input.rejections;
      assert.equal(rejection.file, 'dirty.csv');
      assert.equal(rejection.line, 4);
      assert.equal(typeof rejection.column, 'number');
      assert.ok(rejection.reason.length > 0);
    });

    test('the analyzer stays usable after an error', async () => {
      await assert.rejects(fl.analyze(SMALL_CSV, '{"steps": "nope"}'));
      const report = await fl.analyze(SMALL_CSV, SMALL_JOURNEY);
      assert.deepEqual(report.funnel.steps.map((s) => s.count), [3, 2, 1]);
    });

    test('bad arguments are TypeErrors before any work', async () => {
      await assert.rejects(fl.analyze(42, SMALL_JOURNEY), TypeError);
      await assert.rejects(fl.analyze([], SMALL_JOURNEY), TypeError);
      await assert.rejects(fl.analyze(SMALL_CSV, SMALL_JOURNEY, { chunkSize: 0 }), RangeError);
    });
  });
}

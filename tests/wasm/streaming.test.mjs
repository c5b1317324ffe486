// Chunked streaming gives the same bytes as one-shot: the core's result never depends on
// where chunk boundaries fall (quoted newlines, CRLF and multi-byte UTF-8 split included).

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SMALL_JOURNEY, TAOBAO, TAOBAO_COLUMNS, TAOBAO_JOURNEY, packageEntry, tempDir } from './helpers.mjs';

const { createAnalyzer } = await import(packageEntry);

// Quoted fields with commas, quotes and a newline, CRLF line ends and non-ASCII text, so
// that small chunks split all of them somewhere.
const TRICKY_CSV = [
  'user_id,timestamp,event,note',
  'u1,2024-03-01T10:00:00Z,view,"a, b"',
  'u1,2024-03-01T10:05:00Z,cart,"says ""hi"""',
  'u1,2024-03-01T10:09:00Z,buy,"two\r\nlines"',
  'u2,2024-03-01T11:00:00Z,view,Grüße 👋',
  'u2,2024-03-01T11:02:00Z,cart,ñandú',
  'u3,2024-03-01T12:00:00Z,view,',
  '',
].join('\r\n');

for (const mode of ['direct', 'worker']) {
  describe(`streaming (${mode})`, () => {
    let fl;
    before(async () => { fl = await createAnalyzer({ worker: mode === 'worker' }); });
    after(() => fl.terminate());

    test('every chunk size gives the one-shot bytes', async () => {
      const bytes = new TextEncoder().encode(TRICKY_CSV);
      const input = (data) => ({ name: 'tricky.csv', data });
      const oneShot = await fl.analyzeJson(input(bytes), SMALL_JOURNEY, { chunkSize: bytes.byteLength });
      assert.deepEqual(JSON.parse(oneShot).funnel.steps.map((s) => s.count), [3, 2, 1]);
      for (const chunkSize of [1, 2, 3, 5, 7, 64, 1000]) {
        assert.equal(await fl.analyzeJson(input(bytes), SMALL_JOURNEY, { chunkSize }), oneShot, `bytes, chunk ${chunkSize}`);
        assert.equal(await fl.analyzeJson(input(TRICKY_CSV), SMALL_JOURNEY, { chunkSize }), oneShot, `text, chunk ${chunkSize}`);
      }
      assert.equal(await fl.analyzeJson(input(new Blob([bytes])), SMALL_JOURNEY), oneShot, 'Blob stream');
    });

    test('the Taobao file streamed from disk in small chunks equals one buffer', async (t) => {
      if (!fs.existsSync(TAOBAO)) return t.skip(`${TAOBAO} is absent (../shared/data not beside the project)`);
      const journey = fs.readFileSync(TAOBAO_JOURNEY, 'utf8');
      const options = { columns: TAOBAO_COLUMNS.split(',') };
      const whole = fs.readFileSync(TAOBAO);
      const oneShot = await fl.analyzeJson({ name: 'taobao.csv', data: whole }, journey,
        { ...options, chunkSize: whole.byteLength });
      const fromDisk = await fl.analyzeJson({ name: 'taobao.csv', data: pathToFileURL(TAOBAO) }, journey,
        { ...options, chunkSize: 4099 });
      assert.equal(fromDisk, oneShot);
      const blob = await fs.openAsBlob(TAOBAO);
      assert.equal(await fl.analyzeJson({ name: 'taobao.csv', data: blob }, journey, options), oneShot);
    });

    test('a file: URL is named by its last path segment', async (t) => {
      const dir = tempDir(t);
      const file = path.join(dir, 'events file.csv');
      fs.writeFileSync(file, TRICKY_CSV);
      const lines = TRICKY_CSV.split('\r\n');
      lines.splice(2, 0, 'u9,never,view,x');
      fs.writeFileSync(file, lines.join('\r\n'));
      const report = await fl.analyze(pathToFileURL(file), SMALL_JOURNEY);
      assert.equal(report.input.rejections[0].file, 'events file.csv');
    });
  });
}

// Compressed input through the wasm module: the core decompresses gzip and zstd as it reads
// (core/ingest/decompressing_input.h), so analyze.mjs, the package on the calling thread
// and in its worker give the plain file's report byte for byte; a cut-off copy rejects
// with the core's message (the file, the reason, the compressed byte offset).

import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ANALYZE_MJS, CLI, packageEntry, requireCli, run, tempDir } from './helpers.mjs';

const { createAnalyzer } = await import(packageEntry);

let dir;
let plain;        // the demo export's bytes
let plainReport;  // its report from analyze.mjs

before(async () => {
  requireCli();
  dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'frictionlens-compressed-'));
  const csv = path.join(dir, 'events.csv');
  const generated = await run(CLI, ['generate', '--users', '1500', '--seed', '5', '--output', csv]);
  assert.equal(generated.code, 0, generated.stderr);
  plain = fs.readFileSync(csv);
  fs.writeFileSync(`${csv}.gz`, zlib.gzipSync(plain));
  const zstd = await run('zstd', ['-q', '-f', csv, '-o', `${csv}.zst`]);
  assert.equal(zstd.code, 0, `zstd (scripts/lib.sh installs it): ${zstd.stderr}`);
  const report = await run(process.execPath, [ANALYZE_MJS, csv]);
  assert.equal(report.code, 0, report.stderr);
  plainReport = report.stdout.toString();
});

test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

// The report of `file` with its name put back to the plain file's.
async function analyzeMjs(file, extra = []) {
  const result = await run(process.execPath, [ANALYZE_MJS, path.join(dir, file), ...extra]);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout.toString().replaceAll(JSON.stringify(path.join(dir, file)), JSON.stringify(path.join(dir, 'events.csv')));
}

test('analyze.mjs: a gzip and a zstd file give the plain report, and the CLI agrees', async () => {
  assert.ok(plainReport.length > 1000);
  assert.equal(await analyzeMjs('events.csv.gz'), plainReport);
  assert.equal(await analyzeMjs('events.csv.zst', ['--worker']), plainReport);
  const native = await run(CLI, ['analyze', path.join(dir, 'events.csv.zst'), '--format', 'json']);
  assert.equal(native.code, 0, native.stderr);
  const wasm = await run(process.execPath, [ANALYZE_MJS, path.join(dir, 'events.csv.zst')]);
  assert.ok(native.stdout.equals(wasm.stdout), 'CLI and wasm bytes differ on the zstd file');
});

for (const mode of ['direct', 'worker']) {
  test(`package (${mode}): compressed bytes, Blob and two gzip members give the plain report`, async () => {
    const fl = await createAnalyzer({ worker: mode === 'worker' });
    try {
      const gz = new Uint8Array(zlib.gzipSync(plain));
      const zst = new Uint8Array(fs.readFileSync(path.join(dir, 'events.csv.zst')));
      const half = plain.indexOf(10, plain.length >> 1) + 1;
      const members = Buffer.concat([zlib.gzipSync(plain.subarray(0, half)), zlib.gzipSync(plain.subarray(half))]);
      const name = path.join(dir, 'events.csv');
      // Small and odd chunk sizes: the magic bytes arrive split across chunks.
      assert.equal(await fl.analyzeJson({ name, data: gz }, 'store', { chunkSize: 1 }), plainReport);
      assert.equal(await fl.analyzeJson({ name, data: zst }, 'store', { chunkSize: 4099 }), plainReport);
      assert.equal(await fl.analyzeJson({ name, data: new Blob([members]) }, 'store'), plainReport);
    } finally {
      fl.terminate();
    }
  });
}

test('a cut-off gzip file rejects with the file, the reason and the byte', async (t) => {
  const fl = await createAnalyzer({ worker: false });
  t.after(() => fl.terminate());
  const gz = zlib.gzipSync(plain);
  const cut = gz.subarray(0, gz.length >> 1);
  await assert.rejects(fl.analyze({ name: 'cut.csv.gz', data: cut }, 'store'), (error) => {
    assert.equal(error.name, 'FrictionLensError');
    assert.equal(error.code, 'INVALID_ARGUMENT');
    assert.equal(error.message, `cut.csv.gz: compressed data ends before the end of the gzip stream (byte ${cut.length})`);
    return true;
  });
  const work = tempDir(t);
  fs.writeFileSync(path.join(work, 'cut.csv.gz'), cut);
  const result = await run(process.execPath, [ANALYZE_MJS, 'cut.csv.gz'], { cwd: work });
  assert.equal(result.code, 3, result.stderr);
  assert.match(result.stderr, /cut\.csv\.gz: compressed data ends before the end of the gzip stream \(byte \d+\)/);
});

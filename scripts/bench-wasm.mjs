#!/usr/bin/env node
// Size and speed of the wasm door against the native CLI, on the same generated file.
//   node scripts/bench-wasm.mjs [--users N] [--runs R]
// Prints a Markdown section for bench/RESULTS.md: wasm size raw and gzip; wall time and
// MB/s of `frictionlens analyze --format json` (native), of the wasm package in Node (this
// thread, and analyze.mjs end to end), and in Chromium (Web Worker, fetch streaming from
// 127.0.0.1). Each timing is the median of R runs after one warm-up; every door's report
// funnel is checked against the native one before its time counts.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { startServer } from '../tests/browser/static-server.mjs';
import { ROOT, CLI, argValue, median, timeRuns as timeRunsOf, launchChromium, machine } from './bench-lib.mjs';

const WASM = path.join(ROOT, 'wasm/dist/frictionlens_wasm.wasm');
const USERS = argValue('users', 200_000);
const RUNS = argValue('runs', 3);
const timeRuns = (fn) => timeRunsOf(fn, RUNS, median);

const loadBefore = os.loadavg()[0];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frictionlens-bench-'));
try {
  const csv = path.join(dir, 'events.csv');
  execFileSync(CLI, ['generate', '--users', String(USERS), '--seed', '1', '--format', 'csv', '--output', csv]);
  const bytes = fs.statSync(csv).size;
  const mb = bytes / 1e6;
  const native = JSON.parse(execFileSync(CLI, ['analyze', csv, '--format', 'json'], { maxBuffer: 1 << 30 }));
  const events = native.input.events;
  const sameFunnel = (report, door) => {
    if (JSON.stringify(report.funnel) !== JSON.stringify(native.funnel)) throw new Error(`${door}: funnel differs from the CLI`);
  };

  const nativeSeconds = await timeRuns(() => {
    const r = spawnSync(CLI, ['analyze', csv, '--format', 'json', '--output', path.join(dir, 'out.json')]);
    if (r.status !== 0) throw new Error(String(r.stderr));
  });

  const { createAnalyzer } = await import(pathToFileURL(path.join(ROOT, 'wasm/index.js')).href);
  const direct = await createAnalyzer({ worker: false });
  sameFunnel(JSON.parse(await direct.analyzeJson({ name: csv, data: pathToFileURL(csv) })), 'node');
  const nodeSeconds = await timeRuns(() => direct.analyzeJson({ name: csv, data: pathToFileURL(csv) }));
  const analyzeMjsSeconds = await timeRuns(() => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'wasm/analyze.mjs'), csv, '--output', path.join(dir, 'out2.json')]);
    if (r.status !== 0) throw new Error(String(r.stderr));
  });
  if (!fs.readFileSync(path.join(dir, 'out.json')).equals(fs.readFileSync(path.join(dir, 'out2.json')))) {
    throw new Error('analyze.mjs and the CLI wrote different bytes');
  }

  const server = await startServer({ mounts: { '/bench-data/': dir } });
  const browser = await launchChromium();
  let chromiumSeconds;
  let chromiumVersion;
  let chromiumLongestGap;
  try {
    chromiumVersion = browser.version;
    const page = await browser.page();
    await page.goto(`${server.origin}/wasm/package.json`);
    const result = await page.evaluate(async (runs) => {
      const { createAnalyzer } = await import('/wasm/index.js');
      const fl = await createAnalyzer();
      const url = new URL('/bench-data/events.csv', location.href);
      const funnel = JSON.stringify((await fl.analyze(url)).funnel);
      const times = [];
      // The page's own thread while the worker analyses: the longest gap between 10 ms ticks.
      let last = performance.now();
      let longestGap = 0;
      const ticker = setInterval(() => {
        const now = performance.now();
        longestGap = Math.max(longestGap, now - last);
        last = now;
      }, 10);
      for (let i = 0; i < runs; i++) {
        const start = performance.now();
        await fl.analyzeJson(url);
        times.push((performance.now() - start) / 1000);
      }
      clearInterval(ticker);
      fl.terminate();
      return { funnel, times, longestGap };
    }, RUNS);
    if (result.funnel !== JSON.stringify(native.funnel)) throw new Error('chromium: funnel differs from the CLI');
    chromiumSeconds = median(result.times);
    chromiumLongestGap = result.longestGap;
  } finally {
    await browser.close();
    await server.close();
  }
  direct.terminate();

  const wasmBytes = fs.readFileSync(WASM);
  const gzip = zlib.gzipSync(wasmBytes, { level: 9 }).length;
  const glue = fs.statSync(path.join(ROOT, 'wasm/dist/frictionlens_wasm.mjs')).size;
  const row = (door, seconds) =>
    `| ${door} | ${seconds.toFixed(2)} | ${(mb / seconds).toFixed(1)} | ${(events / seconds / 1e6).toFixed(2)} | ${(seconds / nativeSeconds).toFixed(2)}x |`;
  console.log(`## WebAssembly door: size and speed

Measured ${new Date().toISOString().slice(0, 10)} on this machine (${machine()}),
Node ${process.version}, Chromium ${chromiumVersion}, Debian's Emscripten 3.1.6 (-O3, -fexceptions).
The machine is shared: 1-minute load average ${loadBefore.toFixed(1)} before the runs, ${os.loadavg()[0].toFixed(1)} after
(above 2 means other work competed for the 2 cores, and every door's figure is slower for it).

- \`wasm/dist/frictionlens_wasm.wasm\`: ${wasmBytes.length.toLocaleString('en-US')} bytes raw, ${gzip.toLocaleString('en-US')} bytes gzip -9;
  JS glue \`frictionlens_wasm.mjs\`: ${glue.toLocaleString('en-US')} bytes.
- Input: \`frictionlens generate --users ${USERS} --seed 1 --format csv\`: ${mb.toFixed(1)} MB, ${events.toLocaleString('en-US')} events;
  journey \`store\`. Median of ${RUNS} runs after a warm-up; every door's funnel equals the CLI's.

| door | seconds | MB/s | M events/s | vs native |
|---|---:|---:|---:|---:|
${row('native CLI (`frictionlens analyze --format json`)', nativeSeconds)}
${row('wasm in Node, this thread (file streamed in 1 MiB chunks)', nodeSeconds)}
${row('wasm in Node, `wasm/analyze.mjs` end to end (process start, module load)', analyzeMjsSeconds)}
${row('wasm in Chromium, Web Worker, fetch() body streamed from 127.0.0.1', chromiumSeconds)}

While Chromium's worker analysed, the page's main thread never went more than
${Math.round(chromiumLongestGap)} ms between two 10 ms timer ticks (the page stays responsive).

Command: \`node scripts/bench-wasm.mjs --users ${USERS} --runs ${RUNS}\` (after \`./dev build\` and \`./dev wasm\`).
`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

#!/usr/bin/env node
// The browser comparison of issue 8: frictionlens's wasm build against DuckDB-wasm
// (npm @duckdb/duckdb-wasm) on the same generated CSV file and the same funnel.
//
//   node bench/compare-browser.mjs [--users N] [--seed S] [--runs R] [--journey FILE]
//                                  [--csv FILE] [--engines LIST] [--shape a|b]
//
// --shape b (issue 24): the generated events in time order, a new visitor id per visit
// and on a lost cookie, and a session_id column, made by bench/compare.d/time_ordered.sh
// as bench/compare's shape (b); default a, the generator's file with each user's rows
// together.
//
// LIST: any of wasm-node, duckdb-wasm-node, wasm-chromium, duckdb-wasm-chromium (default all).
//   wasm-node             wasm/index.js on Node's own thread; the file streamed into the engine
//                         in 1 MiB chunks; the full report (funnel and friction).
//   duckdb-wasm-node      DuckDB-wasm's blocking Node bundle on Node's own thread; read_csv
//                         reads the file by path through its Node file system support.
//   wasm-chromium         wasm/index.js in Debian's Chromium: a Web Worker analyses the
//                         fetch() body as it streams from 127.0.0.1.
//   duckdb-wasm-chromium  DuckDB-wasm's browser bundle (AsyncDuckDB, its own Web Worker):
//                         fetch() the file, registerFileBuffer(), run the query.
// Every engine computes the same funnel: bench/funnel_5step.json by default; DuckDB-wasm
// runs the SQL of bench/compare.d/duckdb_funnel.mjs (ClickHouse windowFunnel semantics).
// Times are the best of R runs after a warm-up, the engines taking turns run by run so
// that the shared machine's load falls on all of them alike; Chromium's are measured inside
// the page with performance.now(). The per-level counts of all engines must agree (exit 1
// if not). Prints a Markdown section for bench/RESULTS.md to stdout; progress to stderr.
//
// Needs: the CLI (for `generate`; `cmake --build build/native --target frictionlens`),
// wasm/dist (`./dev wasm`), the root node_modules (playwright-core) and
// bench/compare.d/node_modules (installed here from its package-lock.json when missing).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { ROOT, CLI, argString, argValue, best, launchChromium, machine } from '../scripts/bench-lib.mjs';
import { startServer } from '../tests/browser/static-server.mjs';
import { timeInTurns } from './compare.d/take_turns.mjs';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  // The usage is the comment at the top of this file.
  const own = fs.readFileSync(new URL(import.meta.url), 'utf8').split('\n');
  const comment = own.slice(1, own.findIndex((line, i) => i > 0 && !line.startsWith('//')));
  process.stdout.write(`${comment.map((line) => line.replace(/^\/\/ ?/, '')).join('\n')}\n`);
  process.exit(0);
}

const HERE = path.join(ROOT, 'bench/compare.d');
const ALL_ENGINES = ['wasm-node', 'duckdb-wasm-node', 'wasm-chromium', 'duckdb-wasm-chromium'];

const USERS = argValue('users', 100_000);
const SEED = argValue('seed', 1);
const RUNS = argValue('runs', 3);
const JOURNEY_FILE = path.resolve(argString('journey', path.join(ROOT, 'bench/funnel_5step.json')));
const GIVEN_CSV = argString('csv', null);
const ENGINES = argString('engines', ALL_ENGINES.join(',')).split(',');
const SHAPE = argString('shape', 'a');

const log = (message) => process.stderr.write(`compare-browser: ${message}\n`);
function die(message) {
  log(`FAILED: ${message}`);
  process.exit(1);
}
for (const engine of ENGINES) if (!ALL_ENGINES.includes(engine)) die(`--engines: unknown engine ${engine}`);
if (!(RUNS >= 1)) die('--runs must be at least 1');
if (SHAPE !== 'a' && SHAPE !== 'b') die(`--shape: ${SHAPE} is not a or b`);
const wants = (engine) => ENGINES.includes(engine);

if (!fs.existsSync(path.join(HERE, 'node_modules/@duckdb/duckdb-wasm/package.json'))) {
  log('installing @duckdb/duckdb-wasm into bench/compare.d (versions from package-lock.json)');
  execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: HERE, stdio: ['ignore', 2, 2] });
}
if (!fs.existsSync(path.join(ROOT, 'wasm/dist/frictionlens_wasm.wasm'))) die('no wasm/dist: run ./dev wasm first');
const requireHere = createRequire(path.join(HERE, 'package.json'));
const DUCKDB_PACKAGE = path.join(HERE, 'node_modules/@duckdb/duckdb-wasm');
const DUCKDB_DIST = path.join(DUCKDB_PACKAGE, 'dist');
const duckdbWasmVersion = JSON.parse(fs.readFileSync(path.join(DUCKDB_PACKAGE, 'package.json'), 'utf8')).version;
const { funnelSql } = await import(pathToFileURL(path.join(HERE, 'duckdb_funnel.mjs')).href);

const journey = JSON.parse(fs.readFileSync(JOURNEY_FILE, 'utf8'));
const loadBefore = os.loadavg();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frictionlens-compare-browser-'));
const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
process.on('exit', cleanup);

// ------------------------------------------------------------------------- Node

async function frictionlensNode(csv) {
  const { createAnalyzer } = await import(pathToFileURL(path.join(ROOT, 'wasm/index.js')).href);
  const fl = await createAnalyzer({ worker: false });
  const input = () => ({ name: csv, data: pathToFileURL(csv) });
  return {
    run: async () => JSON.parse(await fl.analyzeJson(input(), journey)),
    close: () => fl.terminate(),
  };
}

async function duckdbWasmNode(csv) {
  const duckdb = requireHere(path.join(DUCKDB_DIST, 'duckdb-node-blocking.cjs'));
  const bundles = {
    mvp: { mainModule: path.join(DUCKDB_DIST, 'duckdb-mvp.wasm'), mainWorker: path.join(DUCKDB_DIST, 'duckdb-node-mvp.worker.cjs') },
    eh: { mainModule: path.join(DUCKDB_DIST, 'duckdb-eh.wasm'), mainWorker: path.join(DUCKDB_DIST, 'duckdb-node-eh.worker.cjs') },
  };
  const bundle = (await duckdb.getPlatformFeatures()).wasmExceptions ? 'eh' : 'mvp';
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate(() => {});
  const connection = db.connect();
  const setting = connection.query("SELECT version() AS v, current_setting('threads') AS t").toArray()[0].toJSON();
  const sql = funnelSql(csv, journey);
  return {
    bundle,
    version: setting.v,
    threads: Number(setting.t),
    run: async () => Object.values(connection.query(sql).toArray()[0].toJSON()).map(Number),
    close: () => { connection.close(); db.reset?.(); },
  };
}

// --------------------------------------------------------------------- Chromium

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>frictionlens vs DuckDB-wasm</title>
<script type="importmap">
{"imports": {
  "apache-arrow": "/bench-compare/node_modules/apache-arrow/Arrow.dom.mjs",
  "flatbuffers": "/bench-compare/node_modules/flatbuffers/mjs/flatbuffers.js",
  "tslib": "/bench-compare/node_modules/tslib/tslib.es6.mjs"
}}
</script>
`;

// Runs inside the page: both engines load first (not timed), then take turns.
async function inPage({ runs, journey, sql, engines }) {
  const url = new URL('/bench-data/events.csv', location.href);
  const fns = {};
  const info = {};
  let fl;
  let db;
  if (engines.includes('wasm-chromium')) {
    const { createAnalyzer } = await import('/wasm/index.js');
    fl = await createAnalyzer();
    fns['wasm-chromium'] = async () => JSON.parse(await fl.analyzeJson(url, journey)).funnel.steps.map((s) => s.count);
  }
  if (engines.includes('duckdb-wasm-chromium')) {
    const dist = new URL('/bench-compare/node_modules/@duckdb/duckdb-wasm/dist/', location.href);
    const duckdb = await import(new URL('duckdb-browser.mjs', dist).href);
    const worker = new Worker(new URL('duckdb-browser-eh.worker.js', dist));
    db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
    await db.instantiate(new URL('duckdb-eh.wasm', dist).href);
    const connection = await db.connect();
    const setting = (await connection.query("SELECT version() AS v, current_setting('threads') AS t")).toArray()[0].toJSON();
    info.duckdb = {
      version: setting.v, threads: Number(setting.t), crossOriginIsolated: self.crossOriginIsolated,
      fetchTimes: [], registerTimes: [], queryTimes: [],
    };
    fns['duckdb-wasm-chromium'] = async () => {
      const t0 = performance.now();
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
      const t1 = performance.now();
      await db.registerFileBuffer('events.csv', bytes);
      const t2 = performance.now();
      const table = await connection.query(sql);
      const t3 = performance.now();
      info.duckdb.fetchTimes.push((t1 - t0) / 1000);
      info.duckdb.registerTimes.push((t2 - t1) / 1000);
      info.duckdb.queryTimes.push((t3 - t2) / 1000);
      await db.dropFile('events.csv');
      return Object.values(table.toArray()[0].toJSON()).map(Number);
    };
  }
  const { timeInTurns } = await import('/bench-compare/take_turns.mjs');
  const out = await timeInTurns(fns, runs);
  fl?.terminate();
  await db?.terminate();
  return { out, info };
}

async function chromiumEngines() {
  fs.writeFileSync(path.join(dir, 'page.html'), PAGE);
  const server = await startServer({ mounts: { '/bench-data/': dir, '/bench-compare/': HERE } });
  const browser = await launchChromium();
  try {
    const page = await browser.page();
    const errors = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${server.origin}/bench-data/page.html`);
    const engines = ENGINES.filter((e) => e.endsWith('-chromium'));
    const { out, info } = await page.evaluate(inPage, { runs: RUNS, journey, sql: funnelSql('events.csv', journey), engines });
    if (errors.length) die(`errors in the page: ${errors.join('; ')}`);
    return { out, info, version: browser.version };
  } finally {
    await browser.close();
    await server.close();
  }
}

// ------------------------------------------------------------------------- main

let csv = GIVEN_CSV && path.resolve(GIVEN_CSV);
if (!csv) {
  if (!fs.existsSync(CLI)) die(`no ${CLI}: cmake --build build/native --target frictionlens -j2`);
  csv = path.join(dir, 'events.csv');
  log(`generating --users ${USERS} --seed ${SEED}${SHAPE === 'b' ? ', shape b (time-ordered)' : ''}`);
  if (SHAPE === 'b') {
    // generate | time_ordered.sh > events.csv, through bash for the pipe; every path and
    // number is an argument of the script, never part of its text.
    execFileSync('bash', ['-c', 'set -o pipefail; "$1" generate --users "$2" --seed "$3" --format csv --output - | "$4" "$5" > "$6"',
      'bash', CLI, String(USERS), String(SEED), path.join(HERE, 'time_ordered.sh'), dir, csv], { stdio: ['ignore', 'ignore', 2] });
  } else {
    execFileSync(CLI, ['generate', '--users', String(USERS), '--seed', String(SEED), '--format', 'csv', '--output', csv]);
  }
} else if (wants('wasm-chromium') || wants('duckdb-wasm-chromium')) {
  fs.symlinkSync(csv, path.join(dir, 'events.csv'));
}
const mb = fs.statSync(csv).size / 1e6;

const results = {};
let events;
let duckNode;
const nodeFns = {};
const closers = [];
if (wants('wasm-node')) {
  const fl = await frictionlensNode(csv);
  closers.push(fl.close);
  nodeFns['wasm-node'] = async () => {
    const report = await fl.run();
    events = report.input.events;
    return report.funnel.steps.map((s) => s.count);
  };
}
if (wants('duckdb-wasm-node')) {
  duckNode = await duckdbWasmNode(csv);
  closers.push(duckNode.close);
  nodeFns['duckdb-wasm-node'] = duckNode.run;
}
if (Object.keys(nodeFns).length) {
  log(`Node: ${Object.keys(nodeFns).join(', ')}, warm-up and ${RUNS} runs each`);
  Object.assign(results, await timeInTurns(nodeFns, RUNS));
}
for (const close of closers) close();

let chromium;
if (wants('wasm-chromium') || wants('duckdb-wasm-chromium')) {
  log(`Chromium: ${ENGINES.filter((e) => e.endsWith('-chromium')).join(', ')}, warm-up and ${RUNS} runs each`);
  chromium = await chromiumEngines();
  Object.assign(results, chromium.out);
}
const loadAfter = os.loadavg();

// Every engine's per-level counts must be the same.
const [first, ...rest] = Object.keys(results);
const agree = rest.every((name) => JSON.stringify(results[name].result) === JSON.stringify(results[first].result));
for (const name of Object.keys(results)) log(`${name}: counts ${results[name].result.join(' ')}; runs ${results[name].times.map((t) => t.toFixed(2)).join(' ')} s`);
if (!agree) die('the engines disagree on the funnel counts');
if (events === undefined) {
  // The event count for M events/s: the rows of the file (every generated row is an event).
  events = fs.readFileSync(csv, 'latin1').split('\n').length - 2;
}

const ratio = (ours, theirs) => (results[ours] && results[theirs] ? `${(results[ours].seconds / results[theirs].seconds).toFixed(2)}` : '');
const LABELS = {
  'wasm-node': ['frictionlens wasm', 'Node, main thread: file streamed in 1 MiB chunks, funnel + friction report', ratio('wasm-node', 'duckdb-wasm-node')],
  'duckdb-wasm-node': ['DuckDB-wasm', 'Node, blocking bundle: read_csv of the file by path, funnel SQL', ''],
  'wasm-chromium': ['frictionlens wasm', 'Chromium, Web Worker: fetch() body streamed from 127.0.0.1, funnel + friction report', ratio('wasm-chromium', 'duckdb-wasm-chromium')],
  'duckdb-wasm-chromium': ['DuckDB-wasm', 'Chromium, its Worker: fetch(), registerFileBuffer(), funnel SQL', ''],
};
const row = (engine, door, seconds, r) =>
  `| ${engine} | ${door} | ${seconds.toFixed(2)} | ${(mb / seconds).toFixed(1)} | ${(events / seconds / 1e6).toFixed(2)} | ${r} |`;
const rows = Object.keys(results).map((name) => row(...LABELS[name].slice(0, 2), results[name].seconds, LABELS[name][2]));
const duckInfo = chromium?.info?.duckdb;
const notes = [];
if (duckInfo) {
  rows.push(row('DuckDB-wasm', 'Chromium, the query alone (file already registered in wasm memory)', best(duckInfo.queryTimes), ''));
  const phases = ['fetchTimes', 'registerTimes', 'queryTimes'].map((k) => duckInfo[k].slice(1).map((t) => t.toFixed(2)).join(' '));
  notes.push(`DuckDB-wasm in Chromium, per timed run: fetch() to ArrayBuffer ${phases[0]} s, registerFileBuffer() ${phases[1]} s, query ${phases[2]} s`);
}

const command = ['node bench/compare-browser.mjs', GIVEN_CSV ? `--csv ${GIVEN_CSV}` : `--users ${USERS}`,
  SHAPE !== 'a' && !GIVEN_CSV ? `--shape ${SHAPE}` : '',
  SEED !== 1 && !GIVEN_CSV ? `--seed ${SEED}` : '', `--runs ${RUNS}`,
  ENGINES.length !== ALL_ENGINES.length ? `--engines ${ENGINES.join(',')}` : '',
  argString('journey', null) ? `--journey ${argString('journey')}` : ''].filter(Boolean).join(' ');
const duckVersion = duckNode?.version ?? duckInfo?.version ?? '';
if (duckNode) notes.unshift(`Node: DuckDB-wasm's ${duckNode.bundle} bundle, threads = ${duckNode.threads}`);
if (duckInfo) notes.splice(duckNode ? 1 : 0, 0, `Chromium: eh bundle, threads = ${duckInfo.threads}, crossOriginIsolated = ${duckInfo.crossOriginIsolated}`);

console.log(`Measured ${new Date().toISOString().slice(0, 10)} on this machine (${machine()}), Node ${process.version}${chromium ? `, Chromium ${chromium.version}` : ''},
@duckdb/duckdb-wasm ${duckdbWasmVersion} (DuckDB ${duckVersion}). 1/5/15-minute load average ${loadBefore.map((x) => x.toFixed(2)).join(', ')} before the runs,
${loadAfter.map((x) => x.toFixed(2)).join(', ')} after (above 2 means other work competed for the 2 cores).
Input: ${GIVEN_CSV ? `\`${GIVEN_CSV}\`` : `\`frictionlens generate --users ${USERS} --seed ${SEED} --format csv\`${SHAPE === 'b' ? ' through `bench/compare.d/time_ordered.sh` (shape b: time-ordered, a visitor id per visit or lost cookie, session_id)' : ''}`}: ${mb.toFixed(1)} MB, ${events.toLocaleString('en-US')} events;
journey \`${path.relative(ROOT, JOURNEY_FILE)}\`. Best of ${RUNS} runs after a warm-up, engines taking turns.
All engines agree on the per-level counts: ${results[first].result.join(' ')}.
${notes.map((n) => `- ${n}.`).join('\n')}

| engine | where and how | seconds | MB/s | M events/s | ours / DuckDB-wasm |
|---|---|---:|---:|---:|---:|
${rows.join('\n')}

Command: \`${command}\``);

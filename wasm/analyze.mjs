#!/usr/bin/env node
// wasm/analyze.mjs FILE... [--journey SPEC.json|store] [--map ...] [--columns ...] ...
// Runs the wasm package in Node and writes the report JSON exactly as
// `frictionlens analyze FILE... --format json` does: same flags, same bytes, same exit codes
// (0 ok, 1 failure, 2 usage, 3 unreadable input or spec, 4 --strict with rejected rows).
// Files are streamed from disk in chunks into the core, under the names typed here.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createAnalyzer } from './index.js';

const HELP = `Usage: node wasm/analyze.mjs FILE... [options]

The frictionlens core compiled to WebAssembly, run in Node: the same report as
\`frictionlens analyze FILE... --format json\`.

Output options:
  --format json               the only format of this entry point (default)
  --output PATH               write there instead of standard output
  --strict                    exit 4 if any row was rejected
  --worker                    run in a worker_threads Worker instead of this thread

Input options:
  --journey SPEC.json|store   the journey spec file, or a built-in journey (default: store)
  --source S                  auto | posthog | mixpanel | amplitude | segment | rudderstack |
                              ga4 | snowplow | generic (default: auto, recognised by columns)
  --map ROLE=COLUMN,...       which columns hold user, time, event, session (user=a|b:
                              fallback ids, stitched into one person)
  --columns A,B,C             column names for a CSV file without a header row
  --delimiter C               CSV delimiter: , ; tab | (default: detected)
  --input-format F            auto | csv | jsonl | otto (default: auto)
  --time-format F             auto | iso | epoch_s | epoch_ms (default: auto)
  --session-gap D             inactivity that ends a session, e.g. 30m (default: 30m)
  --keep-time-outliers        keep rows whose time is far outside the rest of the data
`;

const VALUE_FLAGS = new Set(['journey', 'map', 'columns', 'delimiter', 'input-format', 'source', 'time-format',
  'session-gap', 'format', 'output']);
const SWITCHES = new Set(['help', 'strict', 'keep-time-outliers', 'worker']);
const EXIT = { ok: 0, failure: 1, usage: 2, badInput: 3, rejectedRows: 4 };
const BAD_INPUT_CODES = new Set(['INVALID_ARGUMENT', 'NOT_FOUND', 'DATA_LOSS', 'FAILED_PRECONDITION', 'OUT_OF_RANGE']);

class UsageError extends Error {}

function parseArgs(argv) {
  const args = { positional: [], values: new Map(), switches: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--') || arg === '--') {
      args.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (VALUE_FLAGS.has(name)) {
      if (eq >= 0) args.values.set(name, arg.slice(eq + 1));
      else if (i + 1 < argv.length) args.values.set(name, argv[++i]);
      else throw new UsageError(`--${name} needs a value`);
    } else if (SWITCHES.has(name) && eq < 0) {
      args.switches.add(name);
    } else {
      throw new UsageError(`unknown flag --${name}`);
    }
  }
  return args;
}

// The options object of the package (index.d.ts AnalyzeOptions) from the CLI's flags.
function optionsFromFlags(args) {
  const options = {};
  if (args.values.has('input-format')) options.format = args.values.get('input-format');
  if (args.values.has('source')) options.source = args.values.get('source');
  if (args.values.has('delimiter')) options.delimiter = args.values.get('delimiter');
  if (args.values.has('columns')) options.columns = args.values.get('columns').split(',');
  if (args.values.has('map')) {
    options.map = {};
    for (const pair of args.values.get('map').split(',').filter((p) => p !== '')) {
      const eq = pair.indexOf('=');
      if (eq < 0 || eq === pair.length - 1) throw new UsageError(`--map: expected ROLE=COLUMN, got '${pair}'`);
      options.map[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  if (args.values.has('time-format')) options.time_format = args.values.get('time-format');
  if (args.values.has('session-gap')) options.session_gap = args.values.get('session-gap');
  if (args.switches.has('keep-time-outliers')) options.keep_time_outliers = true;
  return options;
}

// A built-in journey is a bare word ("store"); anything else names a spec file.
function journeyFromFlag(value) {
  if (value === undefined) return 'store';
  if (/^[A-Za-z0-9_-]+$/.test(value) && !fs.existsSync(value)) return value;
  try {
    return fs.readFileSync(value, 'utf8');
  } catch (error) {
    throw Object.assign(new Error(`${value}: cannot open: ${error.message}`), { code: 'NOT_FOUND' });
  }
}

function checkFiles(files) {
  for (const file of files) {
    let stat;
    try {
      stat = fs.statSync(file);
    } catch (error) {
      throw Object.assign(new Error(`${file}: cannot open: ${error.code === 'ENOENT' ? 'No such file or directory' : error.message}`),
        { code: 'NOT_FOUND' });
    }
    if (stat.isDirectory()) throw Object.assign(new Error(`${file}: is a directory`), { code: 'INVALID_ARGUMENT' });
  }
}

function progressLine() {
  if (!process.stderr.isTTY) return undefined;
  const started = Date.now();
  return ({ bytes, total }) => {
    if (Date.now() - started < 1000) return;
    const share = total ? ` ${Math.floor((100 * bytes) / total)}%` : '';
    process.stderr.write(`\rreading ${(bytes / 1e6).toFixed(1)} MB${share}   `);
  };
}

async function main(argv) {
  let args;
  let options;
  try {
    args = parseArgs(argv);
    if (args.switches.has('help')) {
      process.stdout.write(HELP);
      return EXIT.ok;
    }
    if (args.positional.length === 0) throw new UsageError('no input files');
    const format = args.values.get('format') ?? 'json';
    if (format !== 'json') throw new UsageError('--format: only json is available from the wasm module');
    options = optionsFromFlags(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`analyze.mjs: ${error.message}\n\n${HELP}`);
    return EXIT.usage;
  }
  const files = args.positional;
  let analyzer;
  try {
    const journey = journeyFromFlag(args.values.get('journey'));
    checkFiles(files);
    analyzer = await createAnalyzer({ worker: args.switches.has('worker') });
    const inputs = files.map((file) => ({ name: file, data: pathToFileURL(path.resolve(file)) }));
    const json = await analyzer.analyzeJson(inputs, journey, { ...options, onProgress: progressLine() });
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    const output = args.values.get('output');
    if (output) fs.writeFileSync(output, json);
    else await new Promise((resolve, reject) => process.stdout.write(json, (e) => (e ? reject(e) : resolve())));
    if (args.switches.has('strict')) {
      const rejected = JSON.parse(json).input.rejected;
      if (rejected > 0) {
        process.stderr.write(`frictionlens analyze: ${rejected} rows rejected (--strict)\n`);
        return EXIT.rejectedRows;
      }
    }
    return EXIT.ok;
  } catch (error) {
    process.stderr.write(`frictionlens: ${error.message}\n`);
    return BAD_INPUT_CODES.has(error.code) ? EXIT.badInput : EXIT.failure;
  } finally {
    analyzer?.terminate();
  }
}

process.exitCode = await main(process.argv.slice(2));

// Shared by the tests/wasm suites (not a test file itself: node --test runs *.test.mjs).

import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { checkIfReport } from './report_schema.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SHARED = process.env.FL_SHARED_DIR ?? path.resolve(ROOT, '../shared');
export const CLI = process.env.FL_CLI ?? path.join(ROOT, 'build/native/native-cli/frictionlens');
export const ANALYZE_MJS = path.join(ROOT, 'wasm/analyze.mjs');
export const TAOBAO = path.join(SHARED, 'data/taobao/UserBehavior_flink_subset.csv');
export const TAOBAO_COLUMNS = 'user_id,item_id,category_id,behavior,ts';
export const TAOBAO_JOURNEY = path.join(ROOT, 'tests/cases/taobao_journey.json');

// The package under test, imported the way a user would (its entry point).
export const packageEntry = new URL('../../wasm/index.js', import.meta.url).href;

// Runs a command; resolves {code, stdout (Buffer), stderr (string)}. A report it prints
// must match schema/report.schema.json (or the promise rejects).
export function run(command, args, { cwd = ROOT, timeoutMs = 300_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stdout = Buffer.concat(out);
      try {
        if (code === 0) checkIfReport(stdout, `the report of ${path.basename(command)} ${args.join(' ')}`);
      } catch (error) {
        reject(error);
        return;
      }
      resolve({ code: signal ? `signal ${signal}` : code, stdout, stderr: err });
    });
  });
}

export function requireCli() {
  if (!fs.existsSync(CLI)) {
    throw new Error(`${CLI} is missing: build it first (./dev build, or ./dev test does it)`);
  }
}

export function tempDir(t, prefix = 'frictionlens-wasm-') {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), prefix));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

// A tiny shop with a hand-counted funnel, for the view -> cart -> buy journey below:
// u1 views, carts and buys; u2 views and carts; u3 only views; u4 carts without a view
// (never enters). Counts: view 3, cart 2, buy 1.
export const SMALL_CSV = [
  'user_id,timestamp,event,device',
  'u1,2024-03-01T10:00:00Z,view,ios',
  'u1,2024-03-01T10:05:00Z,cart,ios',
  'u1,2024-03-01T10:09:00Z,buy,ios',
  'u2,2024-03-01T11:00:00Z,view,android',
  'u2,2024-03-01T11:02:00Z,cart,android',
  'u3,2024-03-01T12:00:00Z,view,web',
  'u4,2024-03-01T12:30:00Z,cart,web',
  '',
].join('\n');

export const SMALL_JOURNEY = {
  name: 'Small shop',
  window: '1h',
  order: 'ordered',
  steps: [
    { name: 'View', event: 'view' },
    { name: 'Cart', event: 'cart' },
    { name: 'Buy', event: 'buy' },
  ],
};

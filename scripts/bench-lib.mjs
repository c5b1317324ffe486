// Helpers shared by the Node benchmark scripts (scripts/bench-wasm.mjs,
// bench/compare-browser.mjs): command-line values, repeated timing, a headless Chromium
// (Debian's, driven by playwright-core) and a one-line description of the machine.

import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const CLI = path.join(ROOT, 'build/native/native-cli/frictionlens');

// `--name VALUE` from process.argv, or fallback when absent.
export function argString(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

export function argValue(name, fallback) {
  const text = argString(name, undefined);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value)) throw new Error(`--${name}: not a number: ${text}`);
  return value;
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const best = (xs) => Math.min(...xs);

// Seconds of `runs` calls of fn after one warm-up call, reduced with pick (median by default).
export async function timeRuns(fn, runs, pick = median) {
  await fn(); // warm-up (and the answer the caller checks)
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push((performance.now() - start) / 1000);
  }
  return pick(times);
}

// A headless Chromium with its own throw-away profile. close() also removes the profile.
export async function launchChromium() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'frictionlens-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    version: context.browser()?.version() ?? 'unknown',
    page: async () => context.pages()[0] ?? context.newPage(),
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export const machine = () => `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}`.trim();

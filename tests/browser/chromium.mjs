// Debian's Chromium for the browser tests (not a test file itself): launched headless with a
// fresh profile, every request to another origin than the test's server recorded and
// refused, page errors collected; everything is closed when test `t` ends.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.FL_CHROMIUM ?? '/usr/bin/chromium';

// Resolves {context, page, foreign (URLs refused), errors (page errors and console errors)}.
// extraArgs: more Chromium switches (for example V8 flags through --js-flags).
export async function launchGuarded(t, origin, { timeoutMs = 60_000, extraArgs = [], ...contextOptions } = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'frictionlens-chromium-'));
  const removeProfile = () => fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      timeout: 60_000,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
      ...contextOptions,
    });
  } catch (error) {
    removeProfile();
    throw error;
  }
  // The browser first, then its profile (it writes there until it has exited).
  t.after(async () => {
    await context.close();
    removeProfile();
  });
  context.setDefaultTimeout(timeoutMs);

  // Every request must go to our server: anything else is recorded and refused.
  const foreign = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin === origin) return route.continue();
    foreign.push(url.href);
    return route.abort();
  });
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (!['data:', 'blob:'].includes(url.protocol) && url.origin !== origin) foreign.push(url.href);
  });

  const page = context.pages()[0] ?? await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
  return { context, page, foreign, errors };
}

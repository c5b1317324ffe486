// Shared by the workbench's browser tests (not a test file itself): each test starts its own
// server on 127.0.0.1 and its own Debian Chromium, fails on any request to another origin,
// any page error or any Content-Security-Policy violation, and stops both when it ends.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { WORKBENCH_PATH, startServer } from './static-server.mjs';
import { ROOT } from '../wasm/helpers.mjs';
import { CHROMIUM, launchGuarded } from './chromium.mjs';

export { CHROMIUM };
export const DEMO = path.join(ROOT, 'web/data/demo-store.csv');
export const ARTEFACTS = path.join(ROOT, 'build/test-results/workbench');
export const STEP_LIMIT_MS = 60_000;
export const TEST_LIMIT_MS = 240_000;

export function requireWorkbench() {
  assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install chromium)`);
  assert.ok(fs.existsSync(path.join(ROOT, 'web/app/dist/index.html')), 'the workbench is not built (scripts/build-app)');
  assert.ok(fs.existsSync(DEMO), `${DEMO} is missing (scripts/demo-data)`);
}

// Starts a server and a browser for test `t`; resolves {page, context, server, origin, open()}.
export async function startWorkbench(t, { width = 1280, height = 800, colorScheme = 'light', extraArgs = [] } = {}) {
  requireWorkbench();
  const server = await startServer({ mounts: { '/test-only/axe/': path.join(ROOT, 'node_modules/axe-core/') } });
  t.after(() => server.close());
  const { context, page, foreign, errors } = await launchGuarded(t, server.origin, {
    timeoutMs: STEP_LIMIT_MS, viewport: { width, height }, colorScheme, acceptDownloads: true, extraArgs });
  // CSP violations in the page (the worker's show as console errors above).
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  t.after(async () => {
    assert.deepEqual(foreign, [], 'no request left 127.0.0.1');
  });

  const workbench = {
    page, context, server, origin: server.origin, errors, foreign,
    async open(hash = '') {
      const response = await page.goto(`${server.origin}${WORKBENCH_PATH}${hash}`);
      assert.match(response.headers()['content-security-policy'] ?? '', /default-src 'self'/);
      await page.locator('#choose').waitFor();
    },
    // Picks files through the file input, as a person does with the picker.
    async pick(...files) {
      await page.locator('#file').setInputFiles(files);
    },
    async waitForData() {
      await page.locator('fl-data-view #stat-rows').waitFor();
    },
    async toJourney() {
      await page.locator('nav button[data-view="journey"]').click();
      await page.locator('fl-journey-editor #steps').waitFor();
    },
    // Waits until the funnel shows `n` steps and no update is pending.
    async waitForFunnel(n) {
      await page.waitForFunction((count) => {
        const results = document.querySelector('fl-workbench')?.shadowRoot?.querySelector('fl-results');
        const element = results?.shadowRoot?.querySelector('frictionlens-report');
        // The step table only: a breakdown or forms table below it has rows of its own (counting
        // every tbody row made the breakdown edit's wait pass only while the old report showed).
        const rows = element?.shadowRoot?.querySelectorAll('table.steps tbody tr') ?? [];
        return rows.length === count && !results.busy;
      }, n, { timeout: STEP_LIMIT_MS });
    },
    async funnelRows() {
      return page.evaluate(() => {
        const results = document.querySelector('fl-workbench').shadowRoot.querySelector('fl-results');
        const element = results.shadowRoot.querySelector('frictionlens-report');
        return [...element.shadowRoot.querySelectorAll('table.steps tbody tr')].map((row) => ({
          name: row.dataset.name, count: Number(row.dataset.count), conversion: Number(row.dataset.conversion),
          stepConversion: Number(row.dataset.stepConversion),
        }));
      });
    },
    // A fresh page, `file` picked, on to the journey.
    async openToJourney(file) {
      await this.open();
      await this.pick(file);
      await this.waitForData();
      await this.toJourney();
    },
    // The demo store with the store journey, its top friction point opened, and that
    // point's first example user's timeline shown.
    async openDemoTimeline() {
      await page.locator('#demo').click();
      await this.waitForData();
      await this.toJourney();
      await this.waitForFunnel(7);
      const point = page.locator('#points details').first();
      await point.locator('summary').click();
      await point.locator('button.example').first().click();
      await page.locator('#timeline ol.timeline li').first().waitFor();
      return point;
    },
    async download(selector) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(selector).click()]);
      return { name: download.suggestedFilename(), text: fs.readFileSync(await download.path(), 'utf8') };
    },
    async screenshot(name) {
      fs.mkdirSync(ARTEFACTS, { recursive: true });
      const file = path.join(ARTEFACTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: false });
      return file;
    },
    async checkClean() {
      const violations = await page.evaluate(() => window.__cspViolations);
      assert.deepEqual(violations, [], 'no Content-Security-Policy violation');
      assert.deepEqual(errors, [], 'no errors in the page');
    },
  };
  return workbench;
}

// Runs axe-core (served from the project's node_modules, same origin) on the page; returns
// the serious and critical violations.
export async function seriousViolations(page, origin) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.addScriptTag({ url: `${origin}/test-only/axe/axe.min.js` });
  const result = await page.evaluate(async () => window.axe.run(document, {
    resultTypes: ['violations'],
  }));
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

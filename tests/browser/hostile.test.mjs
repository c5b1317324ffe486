// Hostile text and a failing engine in Chromium (issue 21): names and values holding HTML
// or script render as text in the CLI's HTML report and in the workbench (no script runs,
// the report's embedded JSON parses to the CLI's report), and an out-of-memory abort of the
// wasm engine in its worker shows an error while the page stays usable.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { launchGuarded } from './chromium.mjs';
import { startServer } from './static-server.mjs';
import { startWorkbench, requireWorkbench } from './workbench-helpers.mjs';
import { CLI, requireCli, run, tempDir } from '../wasm/helpers.mjs';

const TEST_LIMIT_MS = 240_000;
// Each payload sets window.__pwned if it ever runs as script.
const IMG = '<img src=x onerror="window.__pwned=1">';
const COMMENT = '<!--<script>';
const CLOSE = '</script><script>window.__pwned=2</script>';

// A small store whose event names, property values and step names carry the payloads.
function hostileFiles(dir) {
  const rows = ['user_id,event,ts,note'];
  for (let u = 1; u <= 40; u++) {
    rows.push(`u${u},"${IMG.replaceAll('"', '""')}",${1700000000 + u},"${COMMENT}"`);
    if (u % 2 === 0) rows.push(`u${u},cart,${1700000100 + u},"${CLOSE}"`);
  }
  const csv = path.join(dir, 'hostile.csv');
  fs.writeFileSync(csv, `${rows.join('\n')}\n`);
  const journey = path.join(dir, 'hostile.json');
  fs.writeFileSync(journey, JSON.stringify({
    name: CLOSE,
    steps: [{ name: IMG, event: IMG }, { name: `${COMMENT} cart`, event: 'cart' }],
    breakdown: { property: 'note' },
  }));
  return { csv, journey };
}

// Every element under `root`, through open shadow roots.
function everyElement() {
  const all = [];
  const walk = (root) => {
    for (const element of root.querySelectorAll('*')) {
      all.push(element);
      if (element.shadowRoot) walk(element.shadowRoot);
    }
  };
  walk(document);
  return all.map((e) => ({ tag: e.tagName.toLowerCase(), src: e.getAttribute('src'), type: e.getAttribute('type'),
    text: e.textContent }));
}

test('the CLI HTML report shows HTML and script in the data as text', { timeout: TEST_LIMIT_MS }, async (t) => {
  requireCli();
  const dir = tempDir(t, 'frictionlens-hostile-');
  const { csv, journey } = hostileFiles(dir);
  const json = await run(CLI, ['analyze', csv, '--journey', journey, '--format', 'json']);
  assert.equal(json.code, 0, json.stderr);
  const expected = JSON.parse(json.stdout);
  const html = path.join(dir, 'report.html');
  const made = await run(CLI, ['analyze', csv, '--journey', journey, '--format', 'html', '--output', html]);
  assert.equal(made.code, 0, made.stderr);

  // Served as a file is opened: a page of its own, no Content-Security-Policy to lean on.
  const server = await startServer({ mounts: { '/hostile/': dir } });
  t.after(() => server.close());
  const { page, errors, foreign } = await launchGuarded(t, server.origin, { timeoutMs: 60_000 });
  const dialogs = [];
  page.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.dismiss(); });
  const requests = [];
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  await page.goto(`${server.origin}/hostile/report.html`);
  await page.locator('frictionlens-report table.steps tbody tr').first().waitFor();

  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no payload ran');
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, [], 'no page errors');
  // The embedded JSON parses, whole, to the CLI's report.
  const embedded = await page.evaluate(() => JSON.parse(document.getElementById('frictionlens-report').textContent));
  assert.deepEqual(embedded.funnel, expected.funnel);
  assert.equal(embedded.journey.name, CLOSE);
  // No element came from the data (the payloads are only in the JSON block, as text); the
  // names are shown as the text they are.
  const elements = await page.evaluate(everyElement);
  const scripts = elements.filter((e) => e.tag === 'script');
  assert.deepEqual(scripts.map((e) => e.type), ['application/json', 'module']);
  assert.equal(elements.filter((e) => e.tag === 'img').length, 0);
  assert.ok(!/__pwned/.test(scripts[1].text), 'the module script is ours alone');
  const names = await page.locator('frictionlens-report table.steps tbody tr [data-field=name]').allTextContents();
  assert.deepEqual(names, [IMG, `${COMMENT} cart`]);
  assert.equal(await page.title(), `frictionlens: ${CLOSE}`);
  // The report is one file: nothing else was asked for (an <img src=x> would ask for /hostile/x).
  assert.deepEqual(requests, ['/hostile/report.html']);
  assert.deepEqual(foreign, []);
});

test('the workbench shows HTML and script in a file as text', { timeout: TEST_LIMIT_MS }, async (t) => {
  requireWorkbench();
  const dir = tempDir(t, 'frictionlens-hostile-');
  const { csv } = hostileFiles(dir);
  const wb = await startWorkbench(t);
  const dialogs = [];
  wb.page.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.dismiss(); });
  await wb.open();
  await wb.pick(csv);
  await wb.waitForData();
  // The data view lists the event names: the payload is among them, as text.
  await wb.page.waitForFunction((img) => {
    const view = document.querySelector('fl-workbench')?.shadowRoot?.querySelector('fl-data-view');
    return view?.shadowRoot?.textContent.includes(img);
  }, IMG, { timeout: 60_000 });
  assert.equal(await wb.page.evaluate(() => window.__pwned), undefined, 'no payload ran');
  assert.deepEqual(dialogs, []);
  const images = (await wb.page.evaluate(everyElement)).filter((e) => e.tag === 'img' && e.src === 'x');
  assert.deepEqual(images, []);
  await wb.checkClean();
});

// V8's cap on wasm memory pages makes the engine run out of memory on a file a few
// megabytes large, as a 1 GB file would on a phone: an Emscripten abort in the worker.
test('an out-of-memory abort in the worker shows an error; the page stays usable', { timeout: TEST_LIMIT_MS }, async (t) => {
  requireWorkbench();
  const dir = tempDir(t, 'frictionlens-oom-');
  const big = path.join(dir, 'big.csv');
  const lines = ['user_id,event,ts,note'];
  for (let i = 0; i < 400_000; i++) lines.push(`user${i},view_${i % 5000},${1700000000 + i},n${i}`);
  fs.writeFileSync(big, `${lines.join('\n')}\n`);
  const small = path.join(dir, 'small.csv');
  fs.writeFileSync(small, 'user_id,event,ts\nu1,view,1700000000\nu2,view,1700000001\n');

  const wb = await startWorkbench(t, { extraArgs: ['--js-flags=--wasm-max-mem-pages=640'] });
  await wb.open();
  await wb.pick(big);
  const error = wb.page.locator('#open-error');
  await error.waitFor({ timeout: 120_000 });
  assert.match(await error.textContent(), /out of memory: the browser would not give this page more than \d+ MB/);
  // Some errors were expected (the abort is logged by the worker); none after this point.
  wb.errors.length = 0;
  await wb.pick(small);
  await wb.waitForData();
  assert.equal(await wb.page.locator('fl-data-view #stat-rows').textContent().then((s) => s.trim()), '2');
  assert.equal(await wb.page.locator('#open-error').count(), 0, 'the error is gone with the next file');
});

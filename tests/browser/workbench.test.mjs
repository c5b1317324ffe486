// The workbench (web/app) end to end in Debian's Chromium: open a file through the picker,
// map a column, build a journey by clicking and by keyboard with the funnel equal to the
// CLI's report for the same input and spec, open a friction point down to an example
// user's timeline, export the spec and load it back, restore a view from the URL hash,
// cancel a long run, axe-core at both sizes in both themes, screenshots kept under
// build/test-results/workbench/. Every test has its own server and browser on 127.0.0.1.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { CLI, requireCli, run, tempDir } from '../wasm/helpers.mjs';
import { DEMO, TEST_LIMIT_MS, seriousViolations, startWorkbench } from './workbench-helpers.mjs';

const DEMO_DIR = path.dirname(DEMO);

// The CLI's report for the demo file and a spec, read under the same file name the picker gives.
async function cliReport(t, spec) {
  requireCli();
  let file = spec;
  if (spec !== 'store') {
    file = path.join(tempDir(t, 'frictionlens-spec-'), 'spec.json');
    fs.writeFileSync(file, spec);
  }
  const cli = await run(CLI, ['analyze', path.basename(DEMO), '--journey', file, '--format', 'json'], { cwd: DEMO_DIR });
  assert.equal(cli.code, 0, cli.stderr);
  return cli.stdout.toString();
}

function assertFunnelEquals(rows, report) {
  assert.deepEqual(rows, report.funnel.steps.map((s) => ({
    name: s.name, count: s.count, conversion: s.conversion, stepConversion: s.step_conversion })));
}

test('open a file through the picker, map its columns, check the data', { timeout: TEST_LIMIT_MS }, async (t) => {
  const wb = await startWorkbench(t);
  const dir = tempDir(t, 'frictionlens-map-');
  const file = path.join(dir, 'shop.csv');
  fs.writeFileSync(file, [
    'customer,when,action,device',
    'c1,2026-03-01T10:00:00Z,view,ios',
    'c1,2026-03-01T10:02:00Z,cart,ios',
    'c2,2026-03-01T11:00:00Z,view,android',
    'c2,not a time,cart,android',
    'c3,2026-03-01T12:00:00Z,view,web',
    '',
  ].join('\n'));
  await wb.open();
  await wb.pick(file);
  // No column is named like a user, a time or an event: the core says so, the roles are asked for.
  await wb.page.locator('#open-error').waitFor();
  assert.match(await wb.page.locator('#open-error').textContent(), /user|time|event/i);
  await wb.page.locator('#role-user').fill('customer');
  await wb.page.locator('#role-time').fill('when');
  await wb.page.locator('#role-event').fill('action');
  await wb.page.locator('#reopen').click();
  await wb.waitForData();
  const page = wb.page;
  assert.equal(await page.locator('#stat-rows').textContent(), '5');
  assert.equal(await page.locator('#stat-rejected').textContent(), '1');
  assert.equal(await page.locator('#stat-users').textContent(), '3');
  assert.match(await page.locator('.file-format').textContent(), /CSV, delimiter ",", header row/);
  const roles = await page.locator('table.columns tbody tr').evaluateAll((rows) =>
    rows.map((r) => [r.dataset.column, r.querySelector('td:last-child').textContent]));
  assert.deepEqual(roles, [['customer', 'user'], ['when', 'time (iso)'], ['action', 'event'], ['device', 'property']]);
  // The rejected row with its file, line, column and reason.
  const rejection = await page.locator('#rejections tbody tr').first().locator('td').allTextContents();
  assert.equal(rejection[0], 'shop.csv');
  assert.equal(rejection[1], '5');
  assert.equal(rejection[2], '2');
  assert.match(rejection[3], /time/);
  assert.deepEqual(await page.locator('#event-counts tbody tr td:first-child').allTextContents(), ['view', 'cart']);
  assert.equal(await page.locator('#preview tbody tr').count(), 4);
  // A role changed in the data view reads the files again with it: device as the session.
  await page.locator('select[aria-label="Role of column device"]').selectOption('session');
  await page.locator('#apply-roles').click();
  await page.waitForFunction(() => {
    const view = document.querySelector('fl-workbench').shadowRoot.querySelector('fl-data-view');
    const cell = view?.shadowRoot?.querySelector('tr[data-column="device"] td:last-child');
    return cell?.textContent === 'session';
  });
  await wb.checkClean();
});

test('build a journey by clicking and by keyboard: the funnel is the CLI\'s', { timeout: TEST_LIMIT_MS }, async (t) => {
  const wb = await startWorkbench(t);
  const page = wb.page;
  await wb.openToJourney(DEMO);
  // The built-in store journey fits the demo; start from nothing.
  while (await page.locator('button[aria-label="Remove step 1"]').count() > 0) {
    await page.locator('button[aria-label="Remove step 1"]').click();
  }
  // By clicking: two events from the list of those in the data.
  await page.locator('#palette button[data-event="product_view"]').click();
  await page.locator('#palette button[data-event="add_to_cart"]').click();
  await wb.waitForFunnel(2);
  // By keyboard: search the events, Enter adds the first match as a step.
  await page.locator('#palette-search').focus();
  await page.keyboard.type('order_pl');
  await page.keyboard.press('Enter');
  await page.locator('#palette-search').fill('checkout_st');
  await page.keyboard.press('Enter');
  await wb.waitForFunnel(4);
  // Reorder with the keyboard: checkout (step 4) up to step 3, before the order.
  await page.locator('li.step').nth(3).locator('.handle').focus();
  await page.keyboard.press('Alt+ArrowUp');
  await page.waitForFunction(() => document.querySelector('fl-workbench').shadowRoot.querySelector('fl-journey-editor')
    .shadowRoot.querySelectorAll('li.step .step-name')[2].value === 'checkout_start');
  // And by dragging: step 3 onto step 2 and back.
  const stepNames = () => page.locator('li.step .step-name').evaluateAll((inputs) => inputs.map((i) => i.value));
  await page.locator('li.step').nth(2).locator('.handle').dragTo(page.locator('li.step').nth(1));
  assert.deepEqual(await stepNames(), ['product_view', 'checkout_start', 'add_to_cart', 'order_placed']);
  await page.locator('li.step').nth(2).locator('.handle').dragTo(page.locator('li.step').nth(1));
  assert.deepEqual(await stepNames(), ['product_view', 'add_to_cart', 'checkout_start', 'order_placed']);
  // Any of two events, by keyboard in the step's own search.
  const cart = page.locator('input[aria-label="Add an event to step 2"]');
  await cart.focus();
  await page.keyboard.type('one_click');
  await page.keyboard.press('Enter');
  // Rename, a condition on a value present, optional step, windows, breakdown.
  await page.locator('input[aria-label="Step 2 name"]').fill('Cart');
  await page.locator('input[aria-label="Step 2 name"]').press('Enter');
  await page.locator('li.step').nth(2).locator('input[type="checkbox"]').check();
  await page.locator('#journey-window').fill('7d');
  await page.locator('#journey-window').press('Enter');
  await page.locator('li.step').nth(0).getByRole('button', { name: '+ condition' }).click();
  await page.locator('select[aria-label="Step 1 condition 1 property"]').selectOption('device');
  await page.locator('input[aria-label^="Step 1 condition 1 value"]').fill('android, ios');
  await page.locator('input[aria-label^="Step 1 condition 1 value"]').press('Enter');
  await page.locator('#breakdown').selectOption('country');
  await wb.waitForFunnel(4);
  await page.waitForFunction(() => {
    const results = document.querySelector('fl-workbench').shadowRoot.querySelector('fl-results');
    return results.report?.funnel.breakdown?.property === 'country' && !results.busy;
  });

  const spec = await wb.download('#dl-spec');
  assert.match(spec.name, /\.journey\.json$/);
  const parsed = JSON.parse(spec.text);
  assert.deepEqual(parsed.steps.map((s) => s.name), ['product_view', 'Cart', 'checkout_start', 'order_placed']);
  assert.deepEqual(parsed.steps[1].event, ['add_to_cart', 'one_click_buy']);
  assert.deepEqual(parsed.steps[0].where, { device: { in: ['android', 'ios'] } });
  assert.equal(parsed.steps[2].optional, true);
  assert.equal(parsed.window, '7d');

  const expected = await cliReport(t, spec.text);
  assertFunnelEquals(await wb.funnelRows(), JSON.parse(expected));
  // The report download is the CLI's bytes: the table in the worker was re-run, not re-read.
  const report = await wb.download('#dl-report');
  assert.equal(report.text, expected);
  const csv = await wb.download('#dl-csv');
  assert.equal(csv.text.split('\n')[1].split(',')[1], String(JSON.parse(expected).funnel.steps[0].count));
  // The CLI's --format csv writes the same file.
  const specFile = path.join(tempDir(t, 'frictionlens-spec-'), 'spec.json');
  fs.writeFileSync(specFile, spec.text);
  const cliCsv = await run(CLI, ['analyze', path.basename(DEMO), '--journey', specFile, '--format', 'csv'], { cwd: DEMO_DIR });
  assert.equal(cliCsv.code, 0, cliCsv.stderr);
  assert.equal(csv.text, cliCsv.stdout.toString());
  const png = await wb.download('#dl-png');
  assert.ok(png.name.endsWith('.png'));
  await wb.checkClean();
});

test('a friction point opens to its evidence and an example user\'s timeline', { timeout: TEST_LIMIT_MS }, async (t) => {
  const wb = await startWorkbench(t);
  const page = wb.page;
  await wb.open();
  const point = await wb.openDemoTimeline();
  const expected = JSON.parse(await cliReport(t, 'store'));
  assertFunnelEquals(await wb.funnelRows(), expected);
  // The workbench's Top friction is the report's friction.top: the CLI's list and words.
  const top = expected.friction.points[expected.friction.top[0].point];
  assert.equal(await point.locator('summary').textContent(), expected.friction.top[0].sentence);
  assert.deepEqual(await page.locator('#points > li summary').allTextContents(),
    expected.friction.top.map((entry) => entry.sentence));
  const evidence = await point.locator('.evidence').textContent();
  assert.match(evidence, /Difference \(95% CI\)/);
  assert.match(evidence, /p · q/);
  const marked = await page.locator('#timeline li[data-signal]').allTextContents();
  assert.ok(marked.some((text) => text.includes('⚠')), 'a friction signal is marked in the timeline');
  assert.match(await page.locator('#timeline-title').textContent(), new RegExp(`User ${top.examples[0]}`));
  // Every section the report has is shown: the session friction scores too.
  const stages = expected.friction.session_scores.by_stage.filter((s) => s.sessions > 0).length;
  assert.equal(await page.locator('#session-scores tbody tr').count(), stages + 1);
  await wb.screenshot('timeline-1280');
  await wb.checkClean();
});

test('export the spec, load it back, and restore the view from the URL hash', { timeout: TEST_LIMIT_MS }, async (t) => {
  const wb = await startWorkbench(t);
  const page = wb.page;
  await wb.openToJourney(DEMO);
  await wb.waitForFunnel(7);
  // A journey of three steps, exported.
  for (let i = 0; i < 4; i++) await page.locator('button[aria-label="Remove step 7"], button[aria-label="Remove step 4"]').first().click();
  await wb.waitForFunnel(3);
  const spec = await wb.download('#dl-spec');
  const rows = await wb.funnelRows();
  const hash = new URL(page.url()).hash;
  assert.match(hash, /journey=/);
  // Changed, then the saved spec loaded back.
  await page.locator('button[aria-label="Remove step 3"]').click();
  await wb.waitForFunnel(2);
  const dir = tempDir(t, 'frictionlens-load-');
  fs.writeFileSync(path.join(dir, 'saved.journey.json'), spec.text);
  await page.locator('#spec-file').setInputFiles(path.join(dir, 'saved.journey.json'));
  await wb.waitForFunnel(3);
  assert.deepEqual(await wb.funnelRows(), rows);
  // A fresh tab on the link, the same file picked: the same journey and view.
  const other = await wb.context.newPage();
  await other.goto(`${wb.origin}/web/app/dist/index.html${hash}`);
  await other.locator('#file').setInputFiles(DEMO);
  await other.locator('fl-journey-editor #steps').waitFor();
  await other.waitForFunction(() => {
    const results = document.querySelector('fl-workbench').shadowRoot.querySelector('fl-results');
    return results?.report?.funnel.steps.length === 3 && !results.busy;
  });
  const restored = await other.evaluate(() => document.querySelector('fl-workbench').shadowRoot.querySelector('fl-results')
    .report.funnel.steps.map((s) => s.count));
  assert.deepEqual(restored, rows.map((r) => r.count));
  await other.close();
  await wb.checkClean();
});

test('a long run can be cancelled, and the next file still opens', { timeout: TEST_LIMIT_MS }, async (t) => {
  requireCli();
  const dir = tempDir(t, 'frictionlens-long-');
  const big = path.join(dir, 'big.csv');
  const made = await run(CLI, ['generate', '--users', '60000', '--seed', '2', '--format', 'csv', '--output', big]);
  assert.equal(made.code, 0, made.stderr);
  const wb = await startWorkbench(t);
  const page = wb.page;
  await wb.open();
  await wb.pick(big);
  await page.locator('#progress').waitFor();
  await page.waitForFunction(() => {
    const panel = document.querySelector('fl-workbench').shadowRoot.querySelector('fl-open-panel');
    return (panel?.progress?.bytes ?? 0) > 0;
  });
  await page.locator('#cancel').click();
  await page.locator('#notice').waitFor();
  assert.match(await page.locator('#notice').textContent(), /Cancelled/);
  assert.equal(await page.locator('#progress').count(), 0);
  // The next file, dropped on the page this time.
  const dataTransfer = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(['user_id,timestamp,event\nu1,2026-03-01T10:00:00Z,view\nu1,2026-03-01T10:01:00Z,cart\n'],
      'dropped.csv', { type: 'text/csv' }));
    return transfer;
  });
  await page.locator('.drop').dispatchEvent('drop', { dataTransfer });
  await wb.waitForData();
  assert.equal(await page.locator('#input-name').textContent(), 'dropped.csv');
  assert.equal(await page.locator('#stat-events').textContent(), '2');
  await wb.checkClean();
});

test('accessible at 1280x800 and 400 px, light and dark; screenshots kept', { timeout: TEST_LIMIT_MS }, async (t) => {
  for (const [width, height] of [[1280, 800], [400, 860]]) {
    for (const scheme of ['light', 'dark']) {
      await t.test(`${width} px, ${scheme}`, async (t2) => {
        const wb = await startWorkbench(t2, { width, height, colorScheme: scheme });
        const page = wb.page;
        await wb.open();
        assert.deepEqual(await seriousViolations(page, wb.origin), [], 'open view');
        if (scheme === 'light') await wb.screenshot(`open-${width}`);
        await page.locator('#demo').click();
        await wb.waitForData();
        assert.deepEqual(await seriousViolations(page, wb.origin), [], 'data view');
        await wb.screenshot(`data-${width}-${scheme}`);
        await wb.open();
        await wb.openDemoTimeline();
        assert.deepEqual(await seriousViolations(page, wb.origin), [], 'journey and results');
        await page.locator('fl-results #funnel-title').scrollIntoViewIfNeeded();
        await wb.screenshot(`journey-${width}-${scheme}`);
        // Nothing runs off the side at this width.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 1, `the page is ${overflow} px wider than the window`);
        await wb.checkClean();
      });
    }
  }
});

// Vendor exports through both doors: the wasm package recognises the same shape, stitches
// the same persons and writes the same bytes as `frictionlens analyze --format json`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ANALYZE_MJS, CLI, requireCli, run, tempDir } from './helpers.mjs';

const JOURNEY = JSON.stringify({
  name: 'Shop', window: '1h',
  steps: [{ name: 'Product', event: ['Viewed Product Page', 'view_item'] },
    { name: 'Cart', event: ['Product Added', 'add_to_cart'] },
    { name: 'Order', event: ['Order Completed', 'purchase'] }],
});

// Shopper i browses anonymously, logs in at the cart (identify call), orders when i % 3 != 0.
function segmentExport(shoppers) {
  const lines = [];
  const at = (s) => new Date(Date.UTC(2024, 2, 4, 10, 0, s)).toISOString();
  for (let i = 0; i < shoppers; i++) {
    const anon = `anon-${i}`;
    const user = `user-${i}`;
    lines.push({ type: 'page', name: 'Product', anonymousId: anon, timestamp: at(i), messageId: `m${i}a` });
    lines.push({ type: 'identify', anonymousId: anon, userId: user, timestamp: at(i + 1), messageId: `m${i}b` });
    lines.push({ type: 'track', event: 'Product Added', userId: user, timestamp: at(i + 2), messageId: `m${i}c` });
    if (i % 3 !== 0) {
      lines.push({ type: 'track', event: 'Order Completed', userId: user, timestamp: at(i + 3), messageId: `m${i}d` });
    }
  }
  lines.push(lines[0]);  // a replayed message: dropped by its messageId
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

function ga4Export(shoppers) {
  const lines = [];
  const micros = (s) => String((Date.UTC(2024, 2, 4, 10, 0, 0) + s * 1000) * 1000);
  const params = (page) => [{ key: 'page_location', value: { string_value: page } },
    { key: 'ga_session_id', value: { int_value: '1709546400' } }];
  for (let i = 0; i < shoppers; i++) {
    const base = { event_date: '20240304', user_pseudo_id: `p${i}` };
    lines.push({ ...base, event_name: 'view_item', event_timestamp: micros(i), event_params: params('/p') });
    lines.push({ ...base, event_name: 'add_to_cart', event_timestamp: micros(i + 1), event_params: params('/cart') });
    if (i % 2 === 0) {
      lines.push({ ...base, user_id: `u${i}`, event_name: 'purchase', event_timestamp: micros(i + 2),
        event_params: params('/done') });
    }
  }
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

async function bothDoors(file, journey) {
  requireCli();
  const args = [file, '--journey', journey];
  const [native, wasm] = await Promise.all([
    run(CLI, ['analyze', ...args, '--format', 'json']),
    run(process.execPath, [ANALYZE_MJS, ...args]),
  ]);
  assert.equal(native.code, 0, native.stderr);
  assert.equal(wasm.code, 0, wasm.stderr);
  assert.ok(native.stdout.equals(wasm.stdout), 'the wasm report differs from the CLI report');
  return JSON.parse(wasm.stdout);
}

test('Segment stream: identify links anonymous and logged-in events, same bytes in both doors', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'segment.jsonl');
  fs.writeFileSync(file, segmentExport(30));
  const journey = path.join(dir, 'journey.json');
  fs.writeFileSync(journey, JOURNEY);
  const report = await bothDoors(file, journey);
  assert.equal(report.input.sources[0].source, 'segment');
  assert.equal(report.input.sources[0].detected, true);
  assert.equal(report.input.identity.persons, 30);
  assert.equal(report.input.identity.identity_only_rows, 30);
  assert.equal(report.input.duplicates, 1);
  assert.deepEqual(report.funnel.steps.map((s) => s.count), [30, 30, 20]);
});

test('GA4 BigQuery export: event_timestamp is the time, event_params are properties', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'ga4.jsonl');
  fs.writeFileSync(file, ga4Export(20));
  const journey = path.join(dir, 'journey.json');
  fs.writeFileSync(journey, JSON.stringify({ ...JSON.parse(JOURNEY), breakdown: { property: 'page_location' } }));
  const report = await bothDoors(file, journey);
  assert.equal(report.input.sources[0].source, 'ga4');
  assert.deepEqual(report.funnel.steps.map((s) => s.count), [20, 20, 10]);
  assert.equal(report.input.first_time, '2024-03-04T10:00:00Z');
  assert.ok(report.funnel.steps[1].median_seconds_from_previous > 0, 'steps are not all at one instant');
  assert.equal(report.funnel.breakdown.property, 'page_location');
});

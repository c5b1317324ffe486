// The paths Sankey's flow model (web/paths-sankey.js), in Node: on the golden mini store's
// report its flows are the counts worked out by hand from tests/cli/golden/mini.csv, a
// dropped list with an `other` remainder gets its own flow, and a report whose counts do
// not add up is refused with the reason (nothing is drawn rather than a made-up flow).
// The drawings themselves are checked in Chromium by embed.test.mjs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { flowSentence, pathsFlows } from '../../web/paths-sankey.js';

const MINI = JSON.parse(fs.readFileSync(new URL('../cli/golden/mini_report.json', import.meta.url), 'utf8'));

test('the mini store: flows are the hand-counted units', () => {
  const model = pathsFlows(MINI);
  assert.equal(model.problem, undefined);
  // mini.csv, window 1 h, data ending at 14:10: u1..u7 without u5 (bad time) enter (6).
  // At Product page: Cart reached by u1, u2, u4 (one_click_buy), u6 (4); u3 dropped with
  // nothing after its view (1); u7's window (13:30 to 14:30) is open at the end (1).
  // At Cart: u1 and u4 go on (Checkout is optional; both placed the order) (2); u2 (no
  // event after its cart) and u6 (its order at 14:10 is 70 min after its view, past the
  // window) dropped, with no further event in the window (2). At Checkout: both go on (2).
  assert.deepEqual(model.flows.map(({ from, to, flow, kind }) => [from, to, flow, kind]), [
    ['step:0', 'step:1', 4, 'next'],
    ['step:0', 'dropped:0:(no further event)', 1, 'dropped'],
    ['step:0', 'open:0', 1, 'open'],
    ['step:1', 'step:2', 2, 'next'],
    ['step:1', 'dropped:1:(no further event)', 2, 'dropped'],
    ['step:2', 'step:3', 2, 'next'],
  ]);
  assert.deepEqual(model.nodes.map((n) => [n.key, n.label, n.column]), [
    ['step:0', 'Product page 6', 0],
    ['step:1', 'Cart 4', 1],
    ['dropped:0:(no further event)', 'left 1', 1],
    ['open:0', 'in window 1', 1],
    ['step:2', 'Checkout 2', 2],
    ['dropped:1:(no further event)', 'left 2', 2],
    ['step:3', 'Order placed 2', 3],
  ]);
  // The shares are the report's: Cart -> Checkout is its step_conversion with its interval.
  assert.equal(model.flows[3].text, 'Cart → Checkout: 2 of 4 went on, 50.0% (95% CI 15.0–85.0%)');
  assert.equal(model.flows[4].text,
    'Dropped at Cart, then no further event in the window: 2 of the 2 who dropped, 100.0% (95% CI 34.2–100.0%)');
  assert.equal(flowSentence(model.steps[0]), 'Of 6 at Product page: 4 went on to Cart (66.7%, 95% CI 30.0–90.3%); ' +
    '1 dropped: 1 no further event in the window (100.0%, 95% CI 20.7–100.0%); 1 still inside their window.');
});

test('the rest of a dropped list beyond its top entries is one flow, a count', () => {
  const report = structuredClone(MINI);
  const dropped = report.paths.steps[1].dropped;
  // Say one of the two had gone on to an event outside the list's top entries.
  dropped.events[0].units = 1;
  dropped.other = { events: 1, units: 1, share: 0.5 };
  const model = pathsFlows(report);
  assert.equal(model.problem, undefined);
  const other = model.flows.find((f) => f.to === 'other:1');
  assert.equal(other.flow, 1);
  assert.equal(other.text, 'Dropped at Cart, then one of 1 other event: 1 of the 2 who dropped');
});

test('counts that do not add up are refused, with the reason', () => {
  const steps = structuredClone(MINI);
  steps.funnel.steps[1].in_progress = 2;  // 6 at Product page is no longer 4 + 1 + 2
  assert.match(pathsFlows(steps).problem, /^at Product page, 6 units are not 4 on \+ 1 dropped \+ 2 in progress$/);

  const list = structuredClone(MINI);
  list.paths.steps[1].dropped.units = 1;  // the funnel says 2 dropped after Cart
  assert.match(pathsFlows(list).problem, /^at Cart, the funnel's 2 dropped are not the paths section's 1/);

  const entries = structuredClone(MINI);
  entries.paths.steps[1].dropped.events[0].units = 1;  // the list holds 1 of the 2
  assert.match(pathsFlows(entries).problem, /its list holds 1\)$/);

  const { funnel, ...withoutFunnel } = MINI;
  assert.ok(funnel);
  assert.match(pathsFlows(withoutFunnel).problem, /no funnel section/);

  const renamed = structuredClone(MINI);
  renamed.paths.steps[2].step = 'Elsewhere';
  assert.match(pathsFlows(renamed).problem, /no list for the step Checkout/);
});

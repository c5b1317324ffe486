// DuckDB peer for bench/compare: the ordered funnel of a journey file, computed in SQL
// with ClickHouse windowFunnel semantics, over read_csv of the same file.
//
// Usage: node duckdb_funnel.mjs EVENTS.csv JOURNEY.json [--threads N] [--form asof|window] [--print-sql]
// Prints one JSON line: {"counts":[users at level >= 1, >= 2, ...], "query_seconds": s}.
//
// Semantics (ClickHouse windowFunnel(window), default mode): each user's events are
// sorted by (time, step number); the user's level is the deepest k for which some
// chain e1, ..., ek of events matching steps 1..k exists in that order with
// time(ek) <= time(e1) + window. Sorted order with ties broken by step number means
// a chain only needs time(e1) <= time(e2) <= ... <= time(ek): a cart at the same
// millisecond as a view follows it. For a fixed start the earliest continuation is
// optimal (any later choice can only push every later step later), and a start is
// never better than the latest step-1 event before its step-2 event (same
// continuation, later start). So each step-2 event is paired with the latest step-1
// event at or before it, the chain goes on with ASOF joins "next step-i event at or
// after the step-(i-1) time", and a user's level is the best over their chains (1 for
// a user with step-1 events only). Example, steps A,B,C and a 1 h window: A 10:00,
// B 10:30, A 10:40, C 11:20 gives one chain, A 10:00 -> B 10:30 -> C 11:20, of level 2
// (C is 80 min after A; the second A has no B after it); ClickHouse also gives 2.
//
// Only plain ordered funnels are supported: one or more event names per step, no
// property filters, optional steps, exclusions or strict modes (refused, not ignored).

import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

function fail(message) {
  process.stderr.write(`duckdb_funnel: ${message}\n`);
  process.exit(2);
}

function parseWindowMs(value) {
  if (typeof value === 'number') return value * 1000;
  const match = /^(\d+)(ms|s|m|h|d)$/.exec(String(value));
  if (!match) fail(`window: cannot read ${JSON.stringify(value)}`);
  const unit = { ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000 }[match[2]];
  return Number(match[1]) * unit;
}

const sqlString = (text) => `'${String(text).replaceAll("'", "''")}'`;

// Two SQL forms of the same funnel (both give ClickHouse's counts; the edge-case
// self-test of bench/compare checks each):
//   asof    chained ASOF joins, one per step (above);
//   window  one running maximum per step over each user's rows in (time, step) order:
//           for an event of step k, the latest start of any chain of steps 1..k that
//           ends at it is the running maximum, over the user's earlier step-(k-1)
//           events, of their own latest starts (step 1's is its own time). The user
//           reaches level k when some step-k event is within the window of that start.
//           A window per step, each over the one before (DuckDB sorts for each).
export const FORMS = ['asof', 'window'];
export const DEFAULT_FORM = 'asof';

export function funnelSql(csvPath, journey, form = DEFAULT_FORM) {
  if (!FORMS.includes(form)) fail(`unknown form ${form} (${FORMS.join(' or ')})`);
  const steps = journey.steps;
  if (!Array.isArray(steps) || steps.length < 1) fail('journey: no steps');
  if ((journey.order ?? 'ordered') !== 'ordered') fail('journey: only "ordered" funnels are supported');
  for (const key of ['exclusions', 'hold_constant', 'strict_deduplication', 'strict_order', 'strict_increase']) {
    if (journey[key] && (!Array.isArray(journey[key]) || journey[key].length)) fail(`journey: ${key} is not supported`);
  }
  const names = steps.map((step, i) => {
    if (step.where || step.optional || step.window) fail(`journey: steps[${i}]: only "event" is supported`);
    return Array.isArray(step.event) ? step.event : [step.event];
  });
  const all = names.flat();
  if (new Set(all).size !== all.length) fail('journey: an event named in several steps is not supported');
  const windowMs = parseWindowMs(journey.window);
  const n = steps.length;
  const parts = [];
  // One scan of the file; only the three columns the funnel needs are converted, and
  // each event becomes the (first) step it matches, as a small integer.
  let stepCase = 'CASE';
  names.forEach((list, i) => { stepCase += ` WHEN event IN (${list.map(sqlString).join(', ')}) THEN ${i + 1}`; });
  stepCase += ' END';
  parts.push(`ev AS MATERIALIZED (
  SELECT user_id AS u, epoch_ms("timestamp") AS t, ${stepCase} AS s
  FROM read_csv(${sqlString(csvPath)}, header = true, types = {'timestamp': 'TIMESTAMPTZ'})
  WHERE s IS NOT NULL)`);
  if (form === 'window') {
    parts.push(...windowParts(n, windowMs));
  } else {
    parts.push(...asofParts(n, windowMs));
  }
  const counts = [];
  for (let k = 1; k <= n; k++) counts.push(`count(*) FILTER (WHERE level >= ${k}) AS level_${k}`);
  return `WITH ${parts.join(',\n')}\nSELECT ${counts.join(', ')} FROM levels`;
}

// The window form's parts after `ev`: b1 is each step-1 row's own time; b(k) of a row
// is the running maximum of b(k-1) over the user's earlier step-(k-1) rows (a row of
// another step has NULL there, which max() skips; a row is never of two steps, so
// "earlier" may include the row itself).
function windowParts(n, windowMs) {
  const parts = [];
  const order = 'PARTITION BY u ORDER BY t, s ROWS UNBOUNDED PRECEDING';
  parts.push('w1 AS (SELECT u, t, s, CASE WHEN s = 1 THEN t END AS b1 FROM ev)');
  const carried = ['b1'];
  for (let k = 2; k <= n; k++) {
    parts.push(`w${k} AS (
  SELECT u, t, s, ${carried.join(', ')}, max(CASE WHEN s = ${k - 1} THEN b${k - 1} END) OVER (${order}) AS b${k}
  FROM w${k - 1})`);
    carried.push(`b${k}`);
  }
  let level = 'CASE WHEN s = 1 THEN 1';
  for (let k = 2; k <= n; k++) level += ` WHEN s = ${k} AND t - b${k} <= ${windowMs} THEN ${k}`;
  level += ' END';
  parts.push(`levels AS (SELECT u, max(${level}) AS level FROM w${n} GROUP BY u)`);
  return parts;
}

function asofParts(n, windowMs) {
  const parts = [];
  for (let i = 0; i < n; i++) parts.push(`s${i + 1} AS (SELECT u, t FROM ev WHERE s = ${i + 1})`);
  if (n === 1) {
    parts.push('levels AS (SELECT DISTINCT u, 1 AS level FROM s1)');
  } else {
    // Chains start from each step-2 event paired with the latest step-1 event at or
    // before it: any other start is dominated (a later start with the same
    // continuation), so this finds the same deepest level with far fewer rows.
    parts.push(`c2 AS (
  SELECT s2.u, s1.t AS t1, s2.t AS t2
  FROM s2 ASOF JOIN s1 ON s2.u = s1.u AND s2.t >= s1.t)`);
    for (let i = 3; i <= n; i++) {
      const prev = i - 1;
      parts.push(`c${i} AS (
  SELECT c${prev}.*, s${i}.t AS t${i}
  FROM c${prev} ASOF LEFT JOIN s${i} ON c${prev}.u = s${i}.u AND s${i}.t >= c${prev}.t${prev})`);
    }
    // An ASOF join whose left time is NULL still matches (DuckDB treats NULL as the
    // lowest value), so level k also needs every earlier link to exist.
    let level = 'CASE';
    for (let k = n; k >= 2; k--) {
      const links = [];
      for (let i = 2; i <= k; i++) links.push(`t${i} IS NOT NULL`);
      level += ` WHEN ${links.join(' AND ')} AND t${k} - t1 <= ${windowMs} THEN ${k}`;
    }
    level += ' ELSE 1 END';
    parts.push(`chains AS (SELECT u, max(${level}) AS level FROM c${n} GROUP BY u)`);
    parts.push(`levels AS (
  SELECT starters.u, coalesce(chains.level, 1) AS level
  FROM (SELECT DISTINCT u FROM s1) AS starters LEFT JOIN chains USING (u))`);
  }
  return parts;
}

async function main() {
  const args = process.argv.slice(2);
  const positional = [];
  let threads = null;
  let printSql = false;
  let form = DEFAULT_FORM;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--threads') threads = Number(args[++i]);
    else if (args[i] === '--print-sql') printSql = true;
    else if (args[i] === '--form') form = args[++i];
    else positional.push(args[i]);
  }
  if (positional.length !== 2) fail('usage: node duckdb_funnel.mjs EVENTS.csv JOURNEY.json [--threads N] [--form asof|window] [--print-sql]');
  const [csvPath, journeyPath] = positional;
  const journey = JSON.parse(fs.readFileSync(journeyPath, 'utf8'));
  const sql = funnelSql(csvPath, journey, form);
  if (printSql) {
    process.stdout.write(`${sql};\n`);
    return;
  }
  const instance = await DuckDBInstance.create(':memory:', threads ? { threads: String(threads) } : {});
  const connection = await instance.connect();
  const started = process.hrtime.bigint();
  const reader = await connection.runAndReadAll(sql);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const row = reader.getRows()[0];
  const counts = row.map((value) => Number(value));
  const threadsUsed = (await connection.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0];
  process.stdout.write(`${JSON.stringify({ counts, query_seconds: seconds, threads: Number(threadsUsed) })}\n`);
}

// Run only as a command; bench/compare-browser.mjs imports funnelSql() for DuckDB-wasm.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => fail(error.message));
}

// A direct, slow transcription of ClickHouse's windowFunnel (default mode) for small
// files: the check that the DuckDB SQL and the ClickHouse load are right, independent
// of both. Reads the demo CSV (user_id,timestamp,event first) line by line.
//
// Usage: node reference_funnel.mjs EVENTS.csv JOURNEY.json   -> {"counts":[...]}
//
// ClickHouse (AggregateFunctionWindowFunnel): sort a unit's (time, step) pairs by time
// then step; keep for each level the start time of the chain that reached it; a step-1
// event restarts level 1 at its time; a step-i event (i > 1) extends level i-1 when
// time <= start + window; the answer is the deepest level set. Example, steps A,B and
// a 1 h window: A 10:00, A 10:50, B 11:30 gives 2 (the second A starts a new chain).

import fs from 'node:fs';
import readline from 'node:readline';

const [csvPath, journeyPath] = process.argv.slice(2);
const journey = JSON.parse(fs.readFileSync(journeyPath, 'utf8'));
const unitMs = { ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000 };
const match = /^(\d+)(ms|s|m|h|d)$/.exec(String(journey.window));
const windowMs = match ? Number(match[1]) * unitMs[match[2]] : Number(journey.window) * 1000;
const stepsOf = new Map();  // event name -> step indexes (0-based)
journey.steps.forEach((step, i) => {
  for (const name of Array.isArray(step.event) ? step.event : [step.event]) {
    if (!stepsOf.has(name)) stepsOf.set(name, []);
    stepsOf.get(name).push(i);
  }
});
const levels = journey.steps.length;

const byUser = new Map();
const lines = readline.createInterface({ input: fs.createReadStream(csvPath) });
let header = true;
for await (const line of lines) {
  if (header) { header = false; continue; }
  const [user, time, event] = line.split(',', 3);
  const steps = stepsOf.get(event);
  if (!steps) continue;
  const t = Date.parse(time);
  if (!byUser.has(user)) byUser.set(user, []);
  for (const s of steps) byUser.get(user).push([t, s]);
}

const counts = new Array(levels).fill(0);
for (const events of byUser.values()) {
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const start = new Array(levels).fill(null);
  let deepest = 0;
  for (const [t, s] of events) {
    if (s === 0) start[0] = t;
    else if (start[s - 1] !== null && t <= start[s - 1] + windowMs) start[s] = start[s - 1];
    if (start[s] !== null) deepest = Math.max(deepest, s + 1);
    if (deepest === levels) break;
  }
  for (let k = 0; k < deepest; k++) counts[k]++;
}
process.stdout.write(`${JSON.stringify({ counts })}\n`);

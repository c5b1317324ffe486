// schema/report.schema.json compiled with Ajv (npm `ajv`, JSON Schema 2020-12): every
// report the JS suites see is checked against it (helpers.mjs run() checks each report a
// command prints; report_schema.test.mjs checks the golden report and a spread of inputs,
// journeys and sections).

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let validator = null;

function compile() {
  if (validator) return validator;
  const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schema/report.schema.json'), 'utf8'));
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  validator = ajv.compile(schema);
  return validator;
}

// Throws with every violation (JSON pointer and message) when `report` is not valid.
export function assertValidReport(report, what = 'report') {
  const validate = compile();
  if (validate(report)) return;
  const problems = validate.errors.slice(0, 20).map((e) => `${e.instancePath || '/'}: ${e.message}`);
  throw new Error(`${what} does not match schema/report.schema.json:\n  ${problems.join('\n  ')}`);
}

// A command's stdout that is a report ("schema": "frictionlens.report/1"): checked.
export function checkIfReport(stdout, what) {
  const text = stdout.toString();
  if (!text.startsWith('{') || !text.includes('"frictionlens.report/1"')) return;
  let report;
  try {
    report = JSON.parse(text);
  } catch {
    return;
  }
  if (report?.schema === 'frictionlens.report/1') assertValidReport(report, what);
}

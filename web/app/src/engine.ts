// The one analyzer of the page: the wasm package's worker client (wasm/index.js). The
// table stays in the worker after load(); every later question (another journey, the first
// rows, one user's events) goes to it, and nothing is read twice.
import { createAnalyzer } from '/wasm/index.js';
import type { Analyzer } from '/wasm/index.js';

let analyzer: Promise<Analyzer> | null = null;

export function engine(): Promise<Analyzer> {
  analyzer ??= createAnalyzer().catch((error: unknown) => {
    analyzer = null;
    throw error;
  });
  return analyzer;
}

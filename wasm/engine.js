// Runs one analysis on the Embind module: options and inputs in, the report's JSON text out.
// Used by worker.js (browser Web Worker, Node worker_threads) and directly by index.js when
// a caller asks for {worker: false}. It only moves bytes and reports progress; every
// decision about the data is the core's (wasm/bindings.cc -> fl::Analyzer).

import { FrictionLensError, abortError } from './protocol.js';
import { openChunks } from './inputs.js';

const isNode = typeof process === 'object' && process.versions != null && process.versions.node != null &&
  typeof window === 'undefined' && typeof importScripts === 'undefined';

export const DEFAULT_CHUNK_SIZE = 1 << 20;
const PROGRESS_INTERVAL_MS = 50;
// How long the feed loop may run before it lets the event loop deliver a cancel message.
const YIELD_INTERVAL_MS = 50;

let modulePromise = null;

async function instantiate() {
  const moduleUrl = new URL('./dist/frictionlens_wasm.mjs', import.meta.url);
  const wasmUrl = new URL('./dist/frictionlens_wasm.wasm', import.meta.url);
  if (isNode) {
    // Emscripten 3.1.6's ES6 loader fetch()es a file path under Node and refers to
    // __dirname and require (see ../shared/notes/toolchain.md): hand it the bytes and
    // define both before importing it.
    const [{ createRequire }, fs, { fileURLToPath }] =
      await Promise.all([import('node:module'), import('node:fs'), import('node:url')]);
    globalThis.__dirname ??= fileURLToPath(new URL('./dist/', import.meta.url));
    globalThis.require ??= createRequire(import.meta.url);
    const wasmBinary = await fs.promises.readFile(wasmUrl);
    const { default: factory } = await import(moduleUrl.href);
    return factory({ wasmBinary });
  }
  const { default: factory } = await import(moduleUrl.href);
  // In a module worker the loader cannot tell where it lives; say where the .wasm is.
  return factory({ locateFile: (file) => new URL(file, moduleUrl).href });
}

// Plans an A/B test: input JSON text in, the plan's JSON text out.
export async function runPlan(inputJson) {
  const module = await loadModule();
  return check(module.plan(inputJson)).json;
}

// The Embind module, loaded once per thread.
export function loadModule() {
  if (!modulePromise) {
    modulePromise = instantiate().catch((error) => {
      modulePromise = null;
      throw error;
    });
  }
  return modulePromise;
}

export function check(result) {
  if (!result.ok) throw new FrictionLensError(result.message, result.code);
  return result;
}

function yieldToEventLoop() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

// inputs: descriptors from describeInputs(); optionsJson: the core's options as JSON text.
// onProgress({bytes, total}) is called at most every 50 ms and once at the end; total is
// null while any input's size is unknown. isCancelled() is polled between chunks.
// Resolves to the report's JSON text; with keep, to {json, table}: the table stays in wasm
// memory as a KeptTable for further journeys, and the caller deletes it.
export async function runAnalysis(inputs, optionsJson, { chunkSize = DEFAULT_CHUNK_SIZE, onProgress = () => {},
  isCancelled = () => false, keep = false } = {}) {
  const module = await loadModule();
  const sizes = inputs.map((input) => input.size ?? null);
  const total = () => (sizes.every((s) => s !== null) ? sizes.reduce((a, b) => a + b, 0) : null);
  let bytes = 0;
  let lastProgress = 0;
  let lastYield = Date.now();
  const stopIfCancelled = () => {
    if (isCancelled()) throw abortError();
  };

  const analyzer = new module.Analyzer();
  let kept = false;
  try {
    check(analyzer.open(optionsJson));
    for (let i = 0; i < inputs.length; i++) {
      stopIfCancelled();
      check(analyzer.beginFile(inputs[i].name));
      for await (const chunk of openChunks(inputs[i], chunkSize, (size) => { sizes[i] = size; })) {
        stopIfCancelled();
        check(analyzer.feed(chunk));
        bytes += chunk.byteLength;
        const now = Date.now();
        if (now - lastProgress >= PROGRESS_INTERVAL_MS) {
          lastProgress = now;
          onProgress({ bytes, total: total() });
        }
        if (now - lastYield >= YIELD_INTERVAL_MS) {
          await yieldToEventLoop();
          lastYield = Date.now();
        }
      }
      check(analyzer.endFile());
    }
    stopIfCancelled();
    onProgress({ bytes, total: total() ?? bytes });
    const { json } = check(analyzer.finish());
    if (!keep) return json;
    kept = true;
    return { json, table: new KeptTable(analyzer) };
  } catch (error) {
    // A trap inside the module (out of memory, abort) leaves it unusable: load afresh next time.
    if (error instanceof WebAssembly.RuntimeError || /^Aborted\(/.test(String(error && error.message))) {
      modulePromise = null;
    }
    throw error;
  } finally {
    if (!kept) analyzer.delete();
  }
}

// The table of a finished run, kept in wasm memory: other journeys run on it without
// reading the files again (byte for byte a fresh run's report), and it describes itself
// for choosing steps. Every answer is JSON text; see fl::TableSession.
export class KeptTable {
  constructor(analyzer) {
    this.analyzer = analyzer;
  }

  // journey: a built-in name or spec JSON text.
  reanalyze(journey) {
    return check(this.analyzer.reanalyze(journey)).json;
  }

  // what: files | preview | properties | timeline | explain; args as the bindings take them.
  describe(what, args = []) {
    switch (what) {
      case 'files': return check(this.analyzer.files()).json;
      case 'preview': return check(this.analyzer.preview(Number(args[0] ?? 20))).json;
      case 'properties': return check(this.analyzer.properties(Number(args[0] ?? 50))).json;
      case 'timeline': return check(this.analyzer.timeline(String(args[0]), Number(args[1] ?? 500))).json;
      case 'explain': return check(this.analyzer.explain(String(args[0]), Number(args[1] ?? 500))).json;
      default: throw new FrictionLensError(`unknown description "${what}"`, 'INVALID_ARGUMENT');
    }
  }

  delete() {
    this.analyzer?.delete();
    this.analyzer = null;
  }
}

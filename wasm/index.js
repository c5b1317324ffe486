// frictionlens in JavaScript: the C++ core compiled to WebAssembly, run in a worker.
//
//   import { createAnalyzer } from 'frictionlens';
//   const fl = await createAnalyzer();
//   const report = await fl.analyze(file, 'store', { onProgress: ({bytes, total}) => ..., signal });
//   report.funnel.steps[1].conversion          // the same report as `frictionlens analyze --format json`
//   const text = await fl.analyzeJson(file);   // ... and its exact bytes
//   fl.terminate();
//
// A workbench keeps the table in the worker and asks it more questions:
//   await fl.load(file, 'store', options);     // analyze, and keep the table
//   await fl.reanalyze({steps: [...]});        // another journey, the file is not read again
//   await fl.files(); await fl.preview(20); await fl.properties(50); await fl.timeline('u1'); await fl.explain('u1');
//
// In the browser the work runs in a module Web Worker; in Node in a worker_threads Worker,
// or on the calling thread with createAnalyzer({worker: false}).

import { RequestType, ResponseType, FrictionLensError, abortError, errorFromMessage } from './protocol.js';
import { describeInputs } from './inputs.js';
import { DEFAULT_CHUNK_SIZE, runAnalysis, runPlan, loadModule } from './engine.js';

export { FrictionLensError };

const isNode = typeof process === 'object' && process.versions != null && process.versions.node != null &&
  typeof window === 'undefined';

// Options that belong to this package; everything else goes to the core, which rejects
// names it does not know ("options.x: unknown option").
const CALL_OPTIONS = new Set(['onProgress', 'signal', 'chunkSize']);
const CAMEL_TO_CORE = { timeFormat: 'time_format', sessionGap: 'session_gap', keepTimeOutliers: 'keep_time_outliers' };

async function journeyValue(journey) {
  if (journey === undefined || journey === null) return 'store';
  if (journey instanceof URL) {
    if (isNode && journey.protocol === 'file:') {
      const fs = await import('node:fs');
      return fs.promises.readFile(journey, 'utf8');
    }
    const response = await fetch(journey);
    if (!response.ok) throw new Error(`journey: cannot read ${journey.href}: HTTP ${response.status}`);
    return response.text();
  }
  if (typeof journey === 'string' || typeof journey === 'object') return journey;
  throw new TypeError('analyze(): journey must be a built-in name, spec JSON text, a spec object or a URL');
}

// A journey as the core reads it on its own: a built-in name or spec JSON text.
function journeyText(journey) {
  return typeof journey === 'string' ? journey : JSON.stringify(journey);
}

// The options JSON text handed to fl::ParseAnalyzerOptions.
async function coreOptionsJson(journey, options) {
  const core = { journey: await journeyValue(journey) };
  for (const [key, value] of Object.entries(options)) {
    if (CALL_OPTIONS.has(key) || value === undefined) continue;
    core[CAMEL_TO_CORE[key] ?? key] = value;
  }
  return JSON.stringify(core);
}

function chunkSizeOf(options) {
  const size = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!(size >= 1)) throw new RangeError('analyze(): chunkSize must be at least 1');
  return Math.min(size, 1 << 30);
}

// A worker behind one small interface, browser or Node.
async function spawnWorker(onMessage, onFailure) {
  const url = new URL('./worker.js', import.meta.url);
  if (isNode) {
    const { Worker } = await import('node:worker_threads');
    const worker = new Worker(url);
    worker.on('message', onMessage);
    worker.on('error', onFailure);
    worker.on('exit', (code) => onFailure(new Error(`the frictionlens worker exited (code ${code})`)));
    return {
      post: (message, transfer) => worker.postMessage(message, transfer),
      terminate: () => worker.terminate(),
      // An idle worker must not keep Node alive.
      ref: (busy) => (busy ? worker.ref() : worker.unref()),
    };
  }
  const worker = new Worker(url, { type: 'module', name: 'frictionlens' });
  worker.onmessage = (event) => onMessage(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    onFailure(new Error(`the frictionlens worker failed: ${event.message || 'could not start'}`));
  };
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    terminate: () => worker.terminate(),
    ref: () => {},
  };
}

// The client side of protocol.js: ids pair replies with pending promises.
class WorkerClient {
  constructor() {
    this.nextId = 1;
    this.pending = new Map(); // id -> {resolve, reject, onProgress}
    this.worker = null;
  }

  async start() {
    if (!this.worker) {
      // Failures of an earlier, already replaced worker (its late 'exit') must not touch this one.
      const generation = Symbol('worker');
      this.generation = generation;
      this.worker = spawnWorker((message) => this.onMessage(message),
        (error) => { if (this.generation === generation) this.onFailure(error); });
      // A worker that could not even be created is not kept: the next request tries again.
      this.worker.catch(() => {
        if (this.generation === generation) {
          this.worker = null;
          this.generation = null;
        }
      });
    }
    return this.worker;
  }

  onMessage(message) {
    const entry = this.pending.get(message.id);
    if (!entry) return; // a reply to a request that was cancelled and already settled
    switch (message.type) {
      case ResponseType.PROGRESS:
        entry.onProgress?.({ bytes: message.bytes, total: message.total });
        return;
      case ResponseType.OK:
        this.settle(message.id, () => entry.resolve());
        return;
      case ResponseType.RESULT:
        this.settle(message.id, () => entry.resolve(message.json));
        return;
      case ResponseType.ERROR:
        this.settle(message.id, () => entry.reject(errorFromMessage(message.error)));
        return;
      default:
    }
  }

  // The worker died (crash, failed load): every open request fails; the next one respawns.
  onFailure(error) {
    const worker = this.worker;
    this.worker = null;
    this.generation = null;
    worker?.then((w) => w.terminate()).catch(() => {});
    for (const id of [...this.pending.keys()]) this.settle(id, (entry) => entry.reject(error));
  }

  settle(id, finish) {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    entry.cleanup?.();
    finish(entry);
    if (this.pending.size === 0) this.worker?.then((w) => w.ref(false));
  }

  async request(message, { onProgress, signal, transfer = [] } = {}) {
    if (signal?.aborted) throw abortError(signal.reason);
    const worker = await this.start();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const entry = { resolve, reject, onProgress };
      if (signal) {
        const onAbort = () => {
          worker.post({ type: RequestType.CANCEL, id: this.nextId++, target: id });
          this.settle(id, (e) => e.reject(abortError(signal.reason)));
        };
        signal.addEventListener('abort', onAbort, { once: true });
        entry.cleanup = () => signal.removeEventListener('abort', onAbort);
      }
      this.pending.set(id, entry);
      worker.ref(true);
      try {
        worker.post({ ...message, id }, transfer);
      } catch (error) {
        this.settle(id, (e) => e.reject(error));
      }
    });
  }

  terminate() {
    this.onFailure(new Error('the analyzer was terminated'));
  }
}

class Analyzer {
  constructor(client) {
    this.client = client; // a WorkerClient, or null to run on this thread
    this.kept = null; // without a worker: the KeptTable of the last load()
  }

  // The report's exact JSON text, byte for byte what `frictionlens analyze --format json`
  // writes for the same input and journey.
  async analyzeJson(input, journey = 'store', options = {}) {
    return this.run(RequestType.ANALYZE, input, journey, options);
  }

  // analyzeJson, and the table stays in the worker (replacing the one loaded before) for
  // reanalyze() and the descriptions.
  async loadJson(input, journey = 'store', options = {}) {
    return this.run(RequestType.LOAD, input, journey, options);
  }

  async load(input, journey = 'store', options = {}) {
    return JSON.parse(await this.loadJson(input, journey, options));
  }

  // The report of another journey on the loaded table: the same bytes as analyzeJson of
  // the same input with that journey, without reading the input again.
  async reanalyzeJson(journey) {
    const text = journeyText(await journeyValue(journey));
    if (this.client) return this.client.request({ type: RequestType.REANALYZE, journey: text });
    return this.keptTable().reanalyze(text);
  }

  async reanalyze(journey) {
    return JSON.parse(await this.reanalyzeJson(journey));
  }

  // Plans an A/B test: {baseline, daily_units, mde | days, variants?, alpha?, power?} ->
  // {units_per_variant, days, mde, relative_mde, ...}, the numbers of `frictionlens plan`.
  async plan(input) {
    const text = JSON.stringify(input);
    const json = this.client ? await this.client.request({ type: RequestType.PLAN, input: text }) : await runPlan(text);
    return JSON.parse(json);
  }

  // The loaded files as the reader found them: format, delimiter, columns and their roles.
  async files() {
    return this.describe('files', []);
  }

  // The first `rows` events (user by user, in time order): {columns, rows, total}.
  async preview(rows = 20) {
    return this.describe('preview', [rows]);
  }

  // Per property: {name, filled, distinct, values: [{value, count}]}, the most frequent first.
  async properties(values = 50) {
    return this.describe('properties', [values]);
  }

  // One user's events under the last journey, with the steps each matches and the
  // friction signals found on it: {user, total, events: [{time, event, session, steps,
  // signals, properties}]}.
  async timeline(user, events = 500) {
    return this.describe('timeline', [String(user), events]);
  }

  // Why the user was counted where they were (`frictionlens explain`): per unit the chain
  // the funnel chose and why it stopped (outcome and reason), and the user's events, each
  // marked with the chains it is in: {user, journey, units, total, events}.
  async explain(user, events = 500) {
    return this.describe('explain', [String(user), events]);
  }

  async describe(what, args) {
    if (this.client) return JSON.parse(await this.client.request({ type: RequestType.DESCRIBE, what, args }));
    return JSON.parse(this.keptTable().describe(what, args));
  }

  keptTable() {
    if (!this.kept) throw new FrictionLensError('no data is loaded: call load() first', 'FAILED_PRECONDITION');
    return this.kept;
  }

  async run(type, input, journey, options) {
    const inputs = describeInputs(input);
    const optionsJson = await coreOptionsJson(journey, options);
    const chunkSize = chunkSizeOf(options);
    const { onProgress, signal } = options;
    if (this.client) {
      // Node cannot clone file-backed Blobs (fs.openAsBlob) into a worker: it gets their
      // byte streams instead, transferred, so the bytes still flow in chunks.
      const transfer = [];
      const posted = inputs.map((one) => {
        if (!isNode || one.kind !== 'blob') return one;
        const stream = one.value.stream();
        transfer.push(stream);
        return { ...one, kind: 'stream', value: stream };
      });
      for (const one of posted) if (one.kind === 'stream' && !transfer.includes(one.value)) transfer.push(one.value);
      return this.client.request({ type, inputs: posted, options: optionsJson, chunkSize },
        { onProgress, signal, transfer });
    }
    if (signal?.aborted) throw abortError(signal.reason);
    const keep = type === RequestType.LOAD;
    if (keep) {
      this.kept?.delete();
      this.kept = null;
    }
    try {
      const result = await runAnalysis(inputs, optionsJson,
        { chunkSize, onProgress, isCancelled: () => !!signal?.aborted, keep });
      if (!keep) return result;
      this.kept = result.table;
      return result.json;
    } catch (error) {
      throw signal?.aborted ? abortError(signal.reason) : error;
    }
  }

  // The report as an object (JSON.parse of analyzeJson).
  async analyze(input, journey = 'store', options = {}) {
    return JSON.parse(await this.analyzeJson(input, journey, options));
  }

  // Stops the worker; pending analyses fail. Needed in Node only if the process should
  // exit while an analysis is still running (an idle worker does not hold Node open).
  terminate() {
    this.client?.terminate();
    this.kept?.delete();
    this.kept = null;
  }
}

// options.worker: true (default) runs analyses in a worker; false on the calling thread.
// Resolves once the wasm module is loaded, so a broken install fails here.
export async function createAnalyzer({ worker = true } = {}) {
  if (!worker) {
    await loadModule();
    return new Analyzer(null);
  }
  const client = new WorkerClient();
  await client.request({ type: RequestType.PING });
  return new Analyzer(client);
}

// The worker side of the protocol (protocol.js): a Web Worker in the browser, a
// worker_threads Worker in Node. It owns the wasm module, so a long analysis never blocks
// the page; replies are paired with requests by id.

import { FrictionLensError, RequestType, ResponseType, errorToMessage } from './protocol.js';
import { loadModule, runAnalysis, runPlan } from './engine.js';

const active = new Set();
const cancelled = new Set();
let post;
let kept = null; // the KeptTable of the last LOAD

function keptTable() {
  if (!kept) throw new FrictionLensError('no data is loaded: call load() first', 'FAILED_PRECONDITION');
  return kept;
}

async function dispatch(request) {
  const { type, id } = request;
  try {
    switch (type) {
      case RequestType.PING:
        await loadModule();
        post({ type: ResponseType.OK, id });
        break;
      case RequestType.ANALYZE:
      case RequestType.LOAD: {
        active.add(id);
        const keep = type === RequestType.LOAD;
        if (keep) {
          kept?.delete(); // its memory goes to the new table
          kept = null;
        }
        const result = await runAnalysis(request.inputs, request.options, {
          chunkSize: request.chunkSize,
          onProgress: ({ bytes, total }) => post({ type: ResponseType.PROGRESS, id, bytes, total }),
          isCancelled: () => cancelled.has(id),
          keep,
        });
        if (keep) kept = result.table;
        post({ type: ResponseType.RESULT, id, json: keep ? result.json : result });
        break;
      }
      case RequestType.REANALYZE:
        post({ type: ResponseType.RESULT, id, json: keptTable().reanalyze(request.journey) });
        break;
      case RequestType.DESCRIBE:
        post({ type: ResponseType.RESULT, id, json: keptTable().describe(request.what, request.args) });
        break;
      case RequestType.PLAN:
        post({ type: ResponseType.RESULT, id, json: await runPlan(request.input) });
        break;
      case RequestType.CANCEL:
        if (active.has(request.target)) cancelled.add(request.target);
        return;
      default:
        throw new Error(`unknown request type ${type}`);
    }
  } catch (error) {
    post({ type: ResponseType.ERROR, id, error: errorToMessage(error) });
  } finally {
    if (type === RequestType.ANALYZE || type === RequestType.LOAD) {
      active.delete(id);
      cancelled.delete(id);
    }
  }
}

if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope) {
  // Set synchronously, so no message arrives before there is a handler.
  post = (message) => self.postMessage(message);
  self.onmessage = (event) => { dispatch(event.data); };
} else {
  const { parentPort } = await import('node:worker_threads');
  post = (message) => parentPort.postMessage(message);
  parentPort.on('message', (message) => { dispatch(message); });
}

// The message protocol between the main thread (index.js) and the worker (worker.js), in the
// manner of duckdb-wasm's worker_request.ts: one enum of request types, every request carries
// an id, and every reply names the id it answers, so replies find their promise in any order.
// Errors cross as plain {name, message, code} (some browsers cannot clone Error objects) and
// are rebuilt into Errors on the other side.
//
//   main -> worker  {type: ANALYZE, id: 7, inputs: [...], options: '{"journey":"store"}', chunkSize}
//   worker -> main  {type: PROGRESS, id: 7, bytes: 1048576, total: 4194304}
//   worker -> main  {type: RESULT, id: 7, json: '{\n  "schema": ...'}
//   main -> worker  {type: CANCEL, id: 8, target: 7}    (no reply; 7 ends with an AbortError)
//   main -> worker  {type: LOAD, id: 9, inputs, options, chunkSize}   (ANALYZE, and the table is kept)
//   main -> worker  {type: REANALYZE, id: 10, journey: '{"steps": ...}'}  -> RESULT
//   main -> worker  {type: DESCRIBE, id: 11, what: 'timeline', args: ['u1', 500]}  -> RESULT

export const RequestType = Object.freeze({
  PING: 'PING', // load the wasm module; replies OK, or ERROR when it cannot load
  ANALYZE: 'ANALYZE', // run one analysis; replies PROGRESS*, then RESULT or ERROR
  CANCEL: 'CANCEL', // stop request `target` at its next chunk; no reply of its own
  LOAD: 'LOAD', // ANALYZE, keeping the table in the worker (the previous one is dropped)
  REANALYZE: 'REANALYZE', // another journey on the kept table; replies RESULT or ERROR
  DESCRIBE: 'DESCRIBE', // the kept table's files, preview, properties or a user's timeline
  PLAN: 'PLAN', // plan an A/B test (input JSON text); replies RESULT or ERROR
});

export const ResponseType = Object.freeze({
  OK: 'OK',
  PROGRESS: 'PROGRESS',
  RESULT: 'RESULT',
  ERROR: 'ERROR',
});

// An error reported by the core: `message` is its absl::Status message (file, line,
// column, reason) and `code` its status code name, e.g. "INVALID_ARGUMENT".
export class FrictionLensError extends Error {
  constructor(message, code = 'UNKNOWN') {
    super(message);
    this.name = 'FrictionLensError';
    this.code = code;
  }
}

export function abortError(reason) {
  if (reason instanceof Error) return reason;
  const message = reason === undefined ? 'The analysis was cancelled' : String(reason);
  return typeof DOMException === 'function'
    ? new DOMException(message, 'AbortError')
    : Object.assign(new Error(message), { name: 'AbortError' });
}

export function errorToMessage(error) {
  return {
    name: (error && error.name) || 'Error',
    message: error && error.message !== undefined ? String(error.message) : String(error),
    code: error && typeof error.code === 'string' ? error.code : undefined,
  };
}

export function errorFromMessage({ name, message, code }) {
  if (name === 'FrictionLensError') return new FrictionLensError(message, code);
  if (name === 'AbortError') return abortError(message);
  const error = new Error(message);
  if (name) error.name = name;
  return error;
}

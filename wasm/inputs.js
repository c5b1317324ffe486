// What `analyze()` accepts as input, and how each kind becomes a stream of byte chunks.
//
// describeInputs() runs where analyze() is called and turns every input into a descriptor
// that can be posted to a worker without copying file contents:
//   File / Blob          {kind: 'blob', value: blob}       streamed with blob.stream()
//   URL                  {kind: 'url', value: href}        fetch() body reader (file: URLs in
//                                                          Node: fs read stream)
//   Uint8Array, ArrayBuffer, other views  {kind: 'bytes'}  sliced into chunks
//   ReadableStream       {kind: 'stream'}                  read as it comes (index.js also
//                                                          sends Node's Blobs this way)
//   string               {kind: 'text'}                    the events themselves (CSV or JSON
//                                                          Lines text), UTF-8 encoded per chunk
//   {name, data}         any of the above, under the given file name
//   an array             several files in one run, in order
// The name is what the core puts in error messages and in the report's input.files:
// File.name, the last segment of a URL's path, else "input" (or "input-2", ... in an array).
//
// openChunks() runs in the worker (or directly, in Node) and yields Uint8Array chunks, so a
// large file is never held whole in memory, let alone as one JS string.

const isNode = typeof process === 'object' && process.versions != null && process.versions.node != null;

function isBlob(value) {
  return typeof Blob === 'function' && value instanceof Blob;
}

function describeOne(input, fallbackName) {
  if (input && typeof input === 'object' && 'data' in input && !isBlob(input) && !(input instanceof URL)) {
    const inner = describeOne(input.data, fallbackName);
    if (input.name !== undefined) inner.name = String(input.name);
    return inner;
  }
  if (isBlob(input)) {
    const name = typeof input.name === 'string' && input.name !== '' ? input.name : fallbackName;
    return { name, kind: 'blob', value: input, size: input.size };
  }
  if (typeof ReadableStream === 'function' && input instanceof ReadableStream) {
    return { name: fallbackName, kind: 'stream', value: input, size: null };
  }
  if (input instanceof URL) {
    const segment = decodeURIComponent(input.pathname.split('/').pop() || '');
    return { name: segment || fallbackName, kind: 'url', value: input.href, size: null };
  }
  if (input instanceof Uint8Array) {
    return { name: fallbackName, kind: 'bytes', value: input, size: input.byteLength };
  }
  if (input instanceof ArrayBuffer) {
    return { name: fallbackName, kind: 'bytes', value: new Uint8Array(input), size: input.byteLength };
  }
  if (ArrayBuffer.isView(input)) {
    const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    return { name: fallbackName, kind: 'bytes', value: bytes, size: bytes.byteLength };
  }
  if (typeof input === 'string') {
    return { name: fallbackName, kind: 'text', value: input, size: utf8Length(input) };
  }
  throw new TypeError(
    'analyze(): input must be a File, Blob, URL, Uint8Array, ReadableStream, string, {name, data} or an array of them');
}

export function describeInputs(input) {
  const list = Array.isArray(input) ? input : [input];
  if (list.length === 0) throw new TypeError('analyze(): no input');
  return list.map((one, i) => describeOne(one, i === 0 ? 'input' : `input-${i + 1}`));
}

// UTF-8 byte length of a string without encoding it (lone surrogates count as U+FFFD: 3).
export function utf8Length(text) {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length &&
             (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

async function* sliceBytes(bytes, chunkSize) {
  for (let at = 0; at < bytes.byteLength; at += chunkSize) {
    yield bytes.subarray(at, Math.min(at + chunkSize, bytes.byteLength));
  }
}

async function* encodeText(text, chunkSize) {
  const encoder = new TextEncoder();
  // chunkSize counts UTF-16 units here; a slice never ends inside a surrogate pair.
  for (let at = 0; at < text.length;) {
    let end = Math.min(at + chunkSize, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++;
    yield encoder.encode(text.slice(at, end));
    at = end;
  }
}

async function* readStream(stream) {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    // Reached on completion, error and cancellation alike; stops the underlying read.
    reader.cancel().catch(() => {});
  }
}

async function* readNodeFile(href, chunkSize, onSize) {
  const fs = await import('node:fs');
  const { fileURLToPath } = await import('node:url');
  const path = fileURLToPath(href);
  onSize((await fs.promises.stat(path)).size);
  const stream = fs.createReadStream(path, { highWaterMark: chunkSize });
  try {
    for await (const chunk of stream) {
      yield new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
  } finally {
    stream.destroy();
  }
}

async function* fetchUrl(descriptor, onSize) {
  const response = await fetch(descriptor.value);
  if (!response.ok) {
    throw new Error(`${descriptor.name}: cannot read ${descriptor.value}: HTTP ${response.status}`);
  }
  const length = response.headers.get('content-length');
  // A compressed body's Content-Length is not the number of bytes we will see.
  if (length !== null && !response.headers.get('content-encoding')) onSize(Number(length));
  if (!response.body) {
    yield new Uint8Array(await response.arrayBuffer());
    return;
  }
  yield* readStream(response.body);
}

// Yields the descriptor's bytes as Uint8Array chunks. Blob and fetch streams keep the
// chunking of the platform (typically 64 KiB); bytes, text and Node files use chunkSize.
// onSize(n) reports a size learnt only on opening (a URL's Content-Length, a file's stat).
export function openChunks(descriptor, chunkSize, onSize = () => {}) {
  switch (descriptor.kind) {
    case 'blob':
      return readStream(descriptor.value.stream());
    case 'stream':
      return readStream(descriptor.value);
    case 'bytes':
      return sliceBytes(descriptor.value, chunkSize);
    case 'text':
      return encodeText(descriptor.value, chunkSize);
    case 'url':
      if (isNode && descriptor.value.startsWith('file:')) return readNodeFile(descriptor.value, chunkSize, onSize);
      return fetchUrl(descriptor, onSize);
    default:
      throw new TypeError(`unknown input kind ${descriptor.kind}`);
  }
}

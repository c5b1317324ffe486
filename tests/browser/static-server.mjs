// A tiny static file server on 127.0.0.1 for the workbench, the embed example and their
// browser tests: serves web/ (the workbench's build in web/app/dist/), the wasm package
// (wasm/, with its dist/ build) and the dist/ of Chart.js and of chartjs-chart-sankey (the
// element's paths Sankey) from the project's node_modules, and nothing else. Used by tests/browser/*.test.mjs and by `./dev serve` (node
// tests/browser/static-server.mjs --port 8080). The workbench and the wasm package are
// and the embed example's page are sent with a Content-Security-Policy that allows only this
// origin, with no unsafe-eval and no inline script or style (the worker takes its
// policy from its own script's response, not from the page).

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ALLOWED_PREFIXES = ['/web/', '/wasm/', '/node_modules/chart.js/dist/', '/node_modules/chartjs-chart-sankey/dist/'];
export const WORKBENCH_PATH = '/web/app/dist/index.html';
export const CSP = ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'",
  "img-src 'self' data: blob:", "connect-src 'self'", "worker-src 'self'", "font-src 'self'", "object-src 'none'",
  "base-uri 'self'", "form-action 'none'", "frame-ancestors 'none'"].join('; ');
const CSP_PREFIXES = ['/web/app/', '/web/embed-example', '/wasm/'];
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.jsonl': 'application/x-ndjson; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

function send(response, status, text) {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  response.end(text);
}

function handle(request, response, { log, mounts }) {
  const url = new URL(request.url, 'http://127.0.0.1');
  let pathname;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return send(response, 400, 'bad path');
  }
  if (pathname === '/favicon.ico') {
    response.writeHead(204);
    return response.end();
  }
  if (pathname === '/') {
    response.writeHead(302, { location: WORKBENCH_PATH });
    return response.end();
  }
  const normal = path.posix.normalize(pathname);
  if (normal !== pathname) return send(response, 404, 'not served');
  const mount = Object.keys(mounts).find((prefix) => normal.startsWith(prefix));
  if (!mount && !ALLOWED_PREFIXES.some((prefix) => normal.startsWith(prefix))) {
    return send(response, 404, 'not served');
  }
  const file = mount ? path.join(mounts[mount], normal.slice(mount.length)) : path.join(ROOT, normal);
  fs.stat(file, (error, stat) => {
    if (error || !stat.isFile()) return send(response, 404, 'not found');
    const headers = {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-length': stat.size,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    };
    if (CSP_PREFIXES.some((prefix) => normal.startsWith(prefix))) headers['content-security-policy'] = CSP;
    response.writeHead(200, headers);
    if (request.method === 'HEAD') return response.end();
    fs.createReadStream(file).pipe(response);
  });
  log?.(`${request.method} ${pathname}`);
}

// Starts the server on 127.0.0.1 (port 0: a free port). Resolves to {origin, close()}.
// mounts: extra {'/prefix/': directory} to serve (the benchmark's generated data).
export function startServer({ port = 0, log, mounts = {} } = {}) {
  const server = http.createServer((request, response) => handle(request, response, { log, mounts }));
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const origin = `http://127.0.0.1:${server.address().port}`;
      resolve({
        origin,
        close: () => new Promise((done) => {
          for (const socket of sockets) socket.destroy();
          server.close(() => done());
        }),
      });
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const at = process.argv.indexOf('--port');
  const port = at > 0 ? Number(process.argv[at + 1]) : 8080;
  const { origin } = await startServer({ port });
  console.log(`frictionlens workbench: ${origin}${WORKBENCH_PATH}`);
  console.log(`embed example:          ${origin}/web/embed-example.html   (Ctrl-C to stop)`);
}

// The workbench's build: TypeScript and Lit bundled into web/app/dist/. The wasm package
// (/wasm/index.js, its worker and module), the report element (/web/frictionlens-report.js)
// and Chart.js (/node_modules/chart.js/dist/chart.umd.js) stay outside the bundle: the
// static server (tests/browser/static-server.mjs) serves them from the project, so the
// worker, the module and the chart library are the same files the embed element uses.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      external: (id) => id.startsWith('/wasm/') || id.startsWith('/web/') || id.startsWith('/node_modules/'),
    },
  },
});

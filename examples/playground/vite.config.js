// Builds the playground. `simd-activations` is this package's own build (dist/, made by
// `npm run build`); Vite emits its .wasm files as assets from new URL('../wasm/…', import.meta.url).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: './',
  logLevel: 'warn',
  resolve: {
    alias: [
      { find: /^simd-activations$/, replacement: here('../../dist/index.js') },
      { find: /^node:fs\/promises$/, replacement: here('./node-stub.js') },
    ],
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 1000 },
});

// The three ways into the package from a web page, each in headless Chromium:
//  1. no bundler: a static page imports the built package by name through an import map;
//  2. Vite: an app that imports 'simd-activations' by package name, built to a temp folder (and
//     served by Vite's dev server), with the .wasm files emitted as hashed assets;
//  3. loadActivations({ wasm }) with bytes, a Response, a URL and a module the page got itself;
// and the README's esbuild recipe (file loader for the package's .wasm exports, then { wasm }).
// Each is also served with the .wasm under a wrong Content-Type (or none): the loader falls back
// from WebAssembly.compileStreaming to arrayBuffer() and still works.
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../examples/static-server.js';
import { FIXTURES, installPackage, launchChromium, openPage, resultOf, streamingOf, tempDir } from './browser.js';
import { CHROMIUM_PATH } from './chromium.js';

const f32 = (values: number[]) => Array.from(Float32Array.from(values));
const LEAKY_01 = f32([-0.2, -0.05, 0, 3]);

/** Content-Types a server may send a .wasm with: right, wrong, none at all. */
const WASM_TYPES = [
  { label: 'application/wasm', type: 'application/wasm' },
  { label: 'a wrong MIME type (application/octet-stream)', type: 'application/octet-stream' },
  { label: 'no Content-Type', type: null },
] as const;

interface PageResult {
  error?: string;
  [key: string]: unknown;
}

describe.skipIf(!CHROMIUM_PATH)('in headless Chromium', () => {
  let browser: Browser;
  const temp = tempDir('import-paths');
  // An app folder with the package installed as npm would: node_modules/simd-activations/{package.json,dist}.
  const app = join(temp.path, 'static');

  beforeAll(async () => {
    installPackage(app);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    temp.remove();
  });

  /**
   * Serves routes, opens `page`, returns the page's result, its errors, the server's requests and
   * how the page's WebAssembly.compileStreaming calls ended.
   */
  async function visit(routes: Record<string, string>, page: string, wasmType: string | null, headers = {}) {
    const server = await serveStatic({ routes, wasmType, headers });
    try {
      const opened = await openPage(browser, new URL(page, server.url).href);
      try {
        const result = await resultOf<PageResult>(opened.page);
        return { result, errors: opened.errors, requests: server.requests, streaming: await streamingOf(opened.page) };
      } finally {
        await opened.close();
      }
    } finally {
      await server.close();
    }
  }

  describe('1. no bundler: <script type="module"> and an import map', () => {
    it.each(WASM_TYPES)('loads both builds with .wasm sent as $label', async ({ type }) => {
      const routes = { '/': join(FIXTURES, 'static-page'), '/node_modules/': join(app, 'node_modules') };
      const { result, errors, requests, streaming } = await visit(routes, '/index.html', type);
      expect(result.error).toBeUndefined();
      // application/wasm streams; anything else fails compileStreaming and takes arrayBuffer().
      expect(streaming).toEqual(type === 'application/wasm' ? { ok: 2, failed: 0 } : { ok: 0, failed: 2 });
      expect(result).toMatchObject({
        simd: true,
        scalarSimd: false,
        leakyRelu: LEAKY_01,
        scalarLeakyRelu: LEAKY_01,
        relu6: [0, 3, 6],
        prelu: [-0.5, -0.25, 0, 3],
      });
      expect(result.kernels).toBeGreaterThanOrEqual(6);
      expect(requests).toContain('/node_modules/simd-activations/dist/wasm/simd.wasm');
      expect(requests).toContain('/node_modules/simd-activations/dist/wasm/scalar.wasm');
      expect(errors).toEqual([]);
    });

    const STATIC_ROUTES = () => ({ '/': join(FIXTURES, 'static-page'), '/node_modules/': join(app, 'node_modules') });
    const csp = (scriptSrc: string) => ({ 'content-security-policy': `default-src 'self'; img-src 'self' data:; script-src ${scriptSrc}` });

    it("works under a strict Content-Security-Policy that allows 'wasm-unsafe-eval'", async () => {
      const { result, errors } = await visit(STATIC_ROUTES(), '/index.html', 'application/wasm', csp("'self' 'nonce-e2e' 'wasm-unsafe-eval'"));
      expect(result.error).toBeUndefined();
      expect(result).toMatchObject({ simd: true, scalarSimd: false, leakyRelu: LEAKY_01 });
      expect(errors).toEqual([]);
    });

    it("fails to compile the wasm under a CSP without 'wasm-unsafe-eval'", async () => {
      const { result } = await visit(STATIC_ROUTES(), '/index.html', 'application/wasm', csp("'self' 'nonce-e2e'"));
      expect(result.error).toMatch(/CompileError.*(Content Security Policy|wasm-unsafe-eval)/s);
    });
  });

  describe('2. Vite: import by package name', () => {
    const vite = join(temp.path, 'vite-app');
    const out = join(temp.path, 'vite-out');

    beforeAll(async () => {
      cpSync(join(FIXTURES, 'vite-app'), vite, { recursive: true });
      installPackage(vite);
      const { build } = await import('vite');
      await build({ root: vite, configFile: false, logLevel: 'warn', build: { outDir: out, emptyOutDir: true } });
    });

    it('vite build emits both .wasm builds as hashed assets', () => {
      const assets = readdirSync(join(out, 'assets'));
      expect(assets.filter((f) => /^simd-[\w-]+\.wasm$/.test(f))).toHaveLength(1);
      expect(assets.filter((f) => /^scalar-[\w-]+\.wasm$/.test(f))).toHaveLength(1);
    });

    it.each(WASM_TYPES)('the built page loads both builds with .wasm sent as $label', async ({ type }) => {
      const { result, errors, streaming } = await visit({ '/': out }, '/', type);
      expect(result.error).toBeUndefined();
      expect(streaming).toEqual(type === 'application/wasm' ? { ok: 2, failed: 0 } : { ok: 0, failed: 2 });
      expect(result).toMatchObject({ simd: true, scalarSimd: false, leakyRelu: LEAKY_01, scalarLeakyRelu: LEAKY_01 });
      const wasm = result.wasm as string[];
      expect(wasm.some((p) => /^\/assets\/simd-[\w-]+\.wasm$/.test(p))).toBe(true);
      expect(wasm.some((p) => /^\/assets\/scalar-[\w-]+\.wasm$/.test(p))).toBe(true);
      expect(errors).toEqual([]);
    });

    it('the Vite dev server (dependency pre-bundling on) serves a working page too', async () => {
      const { createServer } = await import('vite');
      const server = await createServer({
        root: vite,
        configFile: false,
        logLevel: 'warn',
        cacheDir: join(temp.path, 'vite-cache'),
        server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
      });
      await server.listen();
      try {
        const opened = await openPage(browser, server.resolvedUrls!.local[0]);
        try {
          const result = await resultOf<PageResult>(opened.page, 60_000);
          expect(result.error).toBeUndefined();
          expect(result).toMatchObject({ simd: true, scalarSimd: false, leakyRelu: LEAKY_01 });
          expect(opened.errors).toEqual([]);
        } finally {
          await opened.close();
        }
      } finally {
        await server.close();
      }
    });
  });

  describe('esbuild (the README recipe): the file loader and { wasm }', () => {
    const out = join(temp.path, 'esbuild-out');

    beforeAll(async () => {
      const src = join(temp.path, 'esbuild-app');
      cpSync(join(FIXTURES, 'esbuild-app'), src, { recursive: true });
      installPackage(src);
      cpSync(join(src, 'index.html'), join(out, 'index.html'));
      const { build } = await import('esbuild');
      await build({
        absWorkingDir: src,
        entryPoints: ['main.js'],
        bundle: true,
        format: 'esm',
        loader: { '.wasm': 'file' },
        outdir: join(out, 'assets'),
        logLevel: 'warning',
      });
    });

    it.each(WASM_TYPES)('the bundle loads both builds with .wasm sent as $label', async ({ type }) => {
      const { result, errors, requests } = await visit({ '/': out }, '/', type);
      expect(result.error).toBeUndefined();
      expect(result).toMatchObject({ simd: true, scalarSimd: false, leakyRelu: LEAKY_01, scalarLeakyRelu: LEAKY_01 });
      expect(requests.filter((p) => p.endsWith('.wasm')).every((p) => /^\/assets\/(simd|scalar)-\w+\.wasm$/.test(p))).toBe(true);
      expect(errors).toEqual([]);
    });
  });

  describe('3. loadActivations({ wasm }) with what the page fetched itself', () => {
    it.each(WASM_TYPES)('bytes, a view, a Response, a URL and a Module, with .wasm sent as $label', async ({ type }) => {
      const routes = {
        '/': join(FIXTURES, 'static-page'),
        '/node_modules/': join(app, 'node_modules'),
        '/assets/': join(app, 'node_modules/simd-activations/dist/wasm'),
      };
      const { result, errors, requests, streaming } = await visit(routes, '/bytes.html', type);
      expect(result.error).toBeUndefined();
      const y = f32([-2, -0.5, 0, 2]);
      expect(result).toEqual({
        bytes: { simd: true, y },
        view: { simd: false, y },
        response: { simd: true, y },
        url: { simd: true, y },
        module: { simd: true, y },
      });
      // The Response and the URL stream when the type is right and fall back when it is not.
      expect(streaming).toEqual(type === 'application/wasm' ? { ok: 2, failed: 0 } : { ok: 0, failed: 2 });
      // Only the app's own copies were fetched, never the package's default location.
      expect(requests.filter((p) => p.endsWith('.wasm')).every((p) => p.startsWith('/assets/'))).toBe(true);
      expect(errors).toEqual([]);
    });
  });
});

// Loading: build selection and SIMD detection, every kind of `wasm` source (bytes, Module, file
// URL, path, Response, promise, http with right and wrong MIME type), the scalar binary's
// freedom from SIMD (checked with wabt), and the package's exports/imports wiring.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Activations, engineHasSimd, loadActivations } from '../dist/index.js';
import { SIMD_PROBE } from '../dist/feature.js';
import { firstBitMismatch, testData } from './helpers.js';
import { REFERENCE } from './reference.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SIMD_PATH = join(ROOT, 'dist/wasm/simd.wasm');
const SCALAR_PATH = join(ROOT, 'dist/wasm/scalar.wasm');
const SIMD_BYTES = new Uint8Array(readFileSync(SIMD_PATH));
const SCALAR_BYTES = new Uint8Array(readFileSync(SCALAR_PATH));
const BYTES = { simd: SIMD_BYTES, scalar: SCALAR_BYTES };
const PATHS = { simd: SIMD_PATH, scalar: SCALAR_PATH };

const X = testData(1000, 202);
const WANT = Float32Array.from(X, (v) => REFERENCE.leakyRelu(v, { alpha: 0.2 }));

/** The instance is the expected build and computes right, on JS arrays and on tensors. */
function expectWorking(act: Activations, simd: boolean): void {
  expect(act.simd).toBe(simd);
  expect(firstBitMismatch(act.leakyRelu(X, { alpha: 0.2 }), WANT, X)).toBeUndefined();
  using t = act.tensor(X);
  using y = act.leakyRelu(t, { alpha: 0.2 });
  expect(firstBitMismatch(y.data, WANT, X)).toBeUndefined();
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected a rejection').toBeInstanceOf(Error);
  return error as Error;
}

const wasmResponse = (bytes: Uint8Array<ArrayBuffer>, type = 'application/wasm') => new Response(bytes, { headers: { 'content-type': type } });

afterEach(() => {
  vi.restoreAllMocks();
});

describe('build selection', () => {
  it('the SIMD probe validates in this engine (Node 20 has SIMD)', () => {
    expect(WebAssembly.validate(SIMD_PROBE)).toBe(true);
    expect(engineHasSimd()).toBe(true);
  });

  it('the default load picks the SIMD build', async () => {
    expectWorking(await loadActivations(), true);
    expectWorking(await loadActivations({}), true);
    expectWorking(await loadActivations({ simd: undefined }), true);
  });

  it('{ simd: false } gives the scalar build, { simd: true } the SIMD build', async () => {
    expectWorking(await loadActivations({ simd: false }), false);
    expectWorking(await loadActivations({ simd: true }), true);
  });

  describe('an engine without SIMD (WebAssembly.validate stubbed to reject the probe)', () => {
    const stubNoSimd = () => {
      const validate = WebAssembly.validate.bind(WebAssembly);
      return vi.spyOn(WebAssembly, 'validate').mockImplementation((bytes) => (bytes === SIMD_PROBE ? false : validate(bytes)));
    };

    it('engineHasSimd() asks WebAssembly.validate about the probe', () => {
      const spy = stubNoSimd();
      expect(engineHasSimd()).toBe(false);
      expect(spy).toHaveBeenCalledWith(SIMD_PROBE);
    });

    it('{ simd: true } throws a clear error', async () => {
      const spy = stubNoSimd();
      const error = await rejection(loadActivations({ simd: true }));
      expect(error.message).toMatch(/^loadActivations: \{ simd: true \} requires WebAssembly SIMD \(v128\), which this engine does not support/);
      expect(error.message).toMatch(/omit simd to use the scalar build/);
      expect(spy).toHaveBeenCalledWith(SIMD_PROBE);
    });

    it('without the simd option the scalar build is chosen; { simd: false } too', async () => {
      const spy = stubNoSimd();
      expectWorking(await loadActivations(), false);
      expectWorking(await loadActivations({ simd: false }), false);
      expectWorking(await loadActivations({ maxMemory: 2 ** 24 }), false);
      expect(spy).toHaveBeenCalledWith(SIMD_PROBE);
    });

    it('the stub is gone after the test: SIMD is picked again', async () => {
      expectWorking(await loadActivations(), true);
    });
  });
});

describe.each([
  { name: 'simd', simd: true },
  { name: 'scalar', simd: false },
] as const)('{ wasm } sources of the $name build', ({ name, simd }) => {
  const bytes = BYTES[name];
  const path = PATHS[name];

  it('Uint8Array bytes, an ArrayBuffer, a view at an offset into a larger buffer, a DataView', async () => {
    expectWorking(await loadActivations({ wasm: bytes.slice() }), simd);
    expectWorking(await loadActivations({ wasm: bytes.slice().buffer }), simd);
    const padded = new Uint8Array(bytes.length + 13).fill(0xff);
    padded.set(bytes, 5);
    expectWorking(await loadActivations({ wasm: padded.subarray(5, 5 + bytes.length) }), simd);
    expectWorking(await loadActivations({ wasm: new DataView(padded.buffer, 5, bytes.length) }), simd);
    // Naming the build it is works; naming the other one is checked below.
    expectWorking(await loadActivations({ wasm: bytes, simd }), simd);
  });

  it('a WebAssembly.Module, instantiated more than once', async () => {
    const module = await WebAssembly.compile(bytes);
    const a = await loadActivations({ wasm: module });
    const b = await loadActivations({ wasm: module, simd });
    expectWorking(a, simd);
    expectWorking(b, simd);
    // Separate instances: separate memories.
    expect(a.memory).not.toBe(b.memory);
  });

  it('a file: URL, a file: URL string, an absolute and a relative path string', async () => {
    expectWorking(await loadActivations({ wasm: pathToFileURL(path) }), simd);
    expectWorking(await loadActivations({ wasm: pathToFileURL(path).href }), simd);
    expectWorking(await loadActivations({ wasm: path }), simd);
    expectWorking(await loadActivations({ wasm: relative(process.cwd(), path) }), simd);
    // A missing file is an error naming it, not a silent fallback.
    const error = await rejection(loadActivations({ wasm: join(ROOT, 'dist/wasm/missing.wasm') }));
    expect(error.message).toMatch(/missing\.wasm/);
  });

  it('a Response (application/wasm, no content type, wrong content type) and a Promise<Response>', async () => {
    expectWorking(await loadActivations({ wasm: wasmResponse(bytes) }), simd);
    expectWorking(await loadActivations({ wasm: new Response(bytes) }), simd);
    expectWorking(await loadActivations({ wasm: wasmResponse(bytes, 'application/octet-stream') }), simd);
    expectWorking(await loadActivations({ wasm: Promise.resolve(wasmResponse(bytes)) }), simd);
    const later = new Promise<Response>((done) => setTimeout(() => done(wasmResponse(bytes, 'text/plain')), 10));
    expectWorking(await loadActivations({ wasm: later }), simd);
  });

  it('a build that does not match { simd } is a clear error', async () => {
    const error = await rejection(loadActivations({ wasm: bytes, simd: !simd }));
    expect(error.message).toBe(
      `loadActivations: { simd: ${!simd} } was requested but the wasm supplied is the ${simd ? 'SIMD' : 'scalar'} build`,
    );
  });
});

describe('{ wasm } sources that fail', () => {
  it('a non-OK Response names the status', async () => {
    const error = await rejection(loadActivations({ wasm: new Response('nope', { status: 500 }) }));
    expect(error.message).toMatch(/HTTP 500/);
  });

  it('a rejected Promise<Response> passes its error on', async () => {
    const error = await rejection(loadActivations({ wasm: Promise.reject(new Error('network down')) }));
    expect(error.message).toBe('network down');
  });

  it('bytes that are not wasm are a CompileError, also when labelled application/wasm', async () => {
    const garbage = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 0xff, 0xff]);
    expect(await rejection(loadActivations({ wasm: garbage }))).toBeInstanceOf(WebAssembly.CompileError);
    expect(await rejection(loadActivations({ wasm: wasmResponse(garbage) }))).toBeInstanceOf(WebAssembly.CompileError);
    expect(await rejection(loadActivations({ wasm: wasmResponse(garbage, 'application/octet-stream') }))).toBeInstanceOf(
      WebAssembly.CompileError,
    );
  });
});

describe('over http from a local server', () => {
  let server: Server;
  let base: string;
  const requests: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const route: Record<string, [Uint8Array, string]> = {
        '/simd.wasm': [SIMD_BYTES, 'application/wasm'],
        '/scalar.wasm': [SCALAR_BYTES, 'application/wasm'],
        '/octet/simd.wasm': [SIMD_BYTES, 'application/octet-stream'],
        '/octet/scalar.wasm': [SCALAR_BYTES, 'application/octet-stream'],
      };
      const hit = route[req.url ?? ''];
      if (hit === undefined) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': hit[1], 'content-length': hit[0].length }).end(hit[0]);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
  });

  it.each([
    { name: 'simd', simd: true },
    { name: 'scalar', simd: false },
  ] as const)('the $name build served as application/wasm: compiled streaming', async ({ name, simd }) => {
    const streaming = vi.spyOn(WebAssembly, 'compileStreaming');
    const compile = vi.spyOn(WebAssembly, 'compile');
    requests.length = 0;
    expectWorking(await loadActivations({ wasm: new URL(`/${name}.wasm`, base) }), simd);
    expectWorking(await loadActivations({ wasm: `${base}/${name}.wasm`, simd }), simd);
    expect(requests).toEqual([`/${name}.wasm`, `/${name}.wasm`]);
    expect(streaming).toHaveBeenCalledTimes(2);
    expect(compile).not.toHaveBeenCalled();
  });

  it.each([
    { name: 'simd', simd: true },
    { name: 'scalar', simd: false },
  ] as const)('the $name build served as application/octet-stream: the non-streaming fallback', async ({ name, simd }) => {
    const streaming = vi.spyOn(WebAssembly, 'compileStreaming');
    const compile = vi.spyOn(WebAssembly, 'compile');
    requests.length = 0;
    expectWorking(await loadActivations({ wasm: new URL(`/octet/${name}.wasm`, base) }), simd);
    expect(requests).toEqual([`/octet/${name}.wasm`]);
    // Streaming was tried, refused the MIME type, and the bytes were compiled instead.
    expect(streaming).toHaveBeenCalledTimes(1);
    await expect(streaming.mock.results[0].value).rejects.toBeInstanceOf(TypeError);
    expect(compile).toHaveBeenCalledTimes(1);
  });

  it('a fetch() Promise<Response> of the server', async () => {
    expectWorking(await loadActivations({ wasm: fetch(`${base}/octet/scalar.wasm`) }), false);
    expectWorking(await loadActivations({ wasm: fetch(`${base}/simd.wasm`) }), true);
  });

  it('HTTP 404 is a clear error naming the URL and the status', async () => {
    const error = await rejection(loadActivations({ wasm: `${base}/nowhere.wasm` }));
    expect(error.message).toMatch(/^simd-activations: fetching http:\/\/127\.0\.0\.1:\d+\/nowhere\.wasm failed with HTTP 404$/);
    const viaFetch = await rejection(loadActivations({ wasm: fetch(`${base}/nowhere.wasm`) }));
    expect(viaFetch.message).toMatch(/failed with HTTP 404/);
  });
});

describe('the scalar build contains no SIMD instruction (wabt)', () => {
  type Wabt = { readWasm(bytes: Uint8Array, options: Record<string, boolean>): { validate(): void; destroy(): void } };
  let wabt: Wabt;

  beforeAll(async () => {
    wabt = (await (await import('wabt')).default()) as unknown as Wabt;
  });

  /** Reads and validates with the given SIMD feature setting; the error, or undefined when valid. */
  function validate(bytes: Uint8Array, simd: boolean): Error | undefined {
    let module: ReturnType<Wabt['readWasm']> | undefined;
    try {
      module = wabt.readWasm(bytes, { readDebugNames: false, simd });
      module.validate();
      return undefined;
    } catch (error) {
      return error as Error;
    } finally {
      module?.destroy();
    }
  }

  it('dist/wasm/scalar.wasm validates with SIMD disabled', () => {
    expect(validate(SCALAR_BYTES, false)).toBeUndefined();
  });

  it('the same SIMD-less reader rejects dist/wasm/simd.wasm and the SIMD probe (so the check can fail)', () => {
    expect(validate(SIMD_BYTES, false)).toBeInstanceOf(Error);
    expect(validate(SIMD_PROBE, false)).toBeInstanceOf(Error);
    // ...and only for want of SIMD: with it enabled both are valid.
    expect(validate(SIMD_BYTES, true)).toBeUndefined();
    expect(validate(SIMD_PROBE, true)).toBeUndefined();
  });

  it('the probe is the smallest SIMD module: its only code is i32.const 0; i8x16.splat', async () => {
    const module = await WebAssembly.compile(SIMD_PROBE);
    expect(WebAssembly.Module.exports(module)).toEqual([]);
    expect(Array.from(SIMD_PROBE.subarray(-5))).toEqual([0x41, 0x00, 0xfd, 0x0f, 0x0b]);
  });
});

describe('package wiring', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

  /** Every path string in an exports/imports map (through nested conditions). */
  function targets(map: unknown): string[] {
    if (typeof map === 'string') return [map];
    if (map !== null && typeof map === 'object') return Object.values(map).flatMap(targets);
    return [];
  }

  it('every exports and imports target exists', () => {
    const all = [...targets(pkg.exports), ...targets(pkg.imports), pkg.main, pkg.types];
    expect(all.length).toBeGreaterThan(6);
    for (const target of all) expect(existsSync(join(ROOT, target)), target).toBe(true);
    expect(pkg.exports['.'].default).toBe('./dist/index.js');
    expect(pkg.exports['./wasm/simd.wasm']).toBe('./dist/wasm/simd.wasm');
    expect(pkg.exports['./wasm/scalar.wasm']).toBe('./dist/wasm/scalar.wasm');
  });

  it("'#platform' maps to dist/platform/node.js under Node and dist/platform/browser.js by default", () => {
    const platform = pkg.imports['#platform'];
    expect(platform.node).toBe('./dist/platform/node.js');
    expect(platform.default).toBe('./dist/platform/browser.js');
    // The node condition comes before default (conditions match in key order).
    const keys = Object.keys(platform);
    expect(keys.indexOf('node')).toBeLessThan(keys.indexOf('default'));
  });

  it('plain Node resolves #platform to the Node build: dist/index.js imports and loads both builds', async () => {
    // The browser platform cannot read the shipped file: URLs in Node (fetch has no file: support),
    // so a load that works proves Node resolved '#platform' to dist/platform/node.js.
    const browser = await import('../dist/platform/browser.js');
    await expect(browser.compileUrl(browser.builtinWasmUrl(true))).rejects.toThrow();
    const script = `
      const { loadActivations } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/index.js')).href)});
      const a = await loadActivations();
      const b = await loadActivations({ simd: false });
      const y = a.leakyRelu(new Float32Array([-2, 3]), { alpha: 0.5 });
      const z = b.leakyRelu(new Float32Array([-2, 3]), { alpha: 0.5 });
      console.log(JSON.stringify([a.simd, b.simd, Array.from(y), Array.from(z)]));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: '/' });
    expect(JSON.parse(stdout)).toEqual([true, false, [-1, 3], [-1, 3]]);
  });

  it("the browser platform's module graph has the new URL('../wasm/*.wasm', import.meta.url) pattern bundlers rely on", () => {
    // browser.js and the modules it imports or re-exports (relative specifiers), transitively.
    const seen = new Map<string, string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      const source = readFileSync(file, 'utf8');
      seen.set(file, source);
      for (const [, specifier] of source.matchAll(/\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]/g)) visit(resolve(dirname(file), specifier));
    };
    visit(join(ROOT, 'dist/platform/browser.js'));
    for (const build of ['simd', 'scalar']) {
      const pattern = new RegExp(`new URL\\(\\s*'\\.\\./wasm/${build}\\.wasm'\\s*,\\s*import\\.meta\\.url\\s*\\)`);
      const files = [...seen].filter(([, source]) => pattern.test(source)).map(([file]) => file);
      expect(files, `${build}: the literal pattern is in the browser build's graph`).not.toHaveLength(0);
      for (const file of files) {
        // Resolved from the module it is written in, it is the shipped file.
        const url = new URL(`../wasm/${build}.wasm`, pathToFileURL(file));
        expect(fileURLToPath(url)).toBe(join(ROOT, `dist/wasm/${build}.wasm`));
        expect(existsSync(url)).toBe(true);
      }
    }
  });
});

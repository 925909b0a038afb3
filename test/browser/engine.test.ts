// Runs in Chromium (vitest browser mode): the default build there is SIMD, both builds load
// through the browser platform (fetching dist/wasm/*.wasm via new URL(..., import.meta.url)),
// and they agree bit for bit.
import { describe, expect, it } from 'vitest';
import { ELEMENTWISE, type ElementwiseName, engineHasSimd, loadActivations } from '../../dist/index.js';
import { BUILDS, build, firstBitMismatch, testData } from '../helpers.js';

describe('in Chromium', () => {
  it('is a real browser page, not Node', () => {
    expect(typeof window).toBe('object');
    expect(typeof document.createElement).toBe('function');
    expect(navigator.userAgent).toMatch(/Chrome\//);
    expect((globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node).toBeUndefined();
  });

  it('supports WebAssembly SIMD, and loadActivations() picks the SIMD build by default', async () => {
    expect(engineHasSimd()).toBe(true);
    const act = await loadActivations();
    expect(act.simd).toBe(true);
    expect(Array.from(act.leakyRelu(new Float32Array([-2, 3]), { alpha: 0.5 }))).toEqual([-1, 3]);
  });

  it.each(BUILDS)('loads the $name build from its URL beside the package', async ({ simd }) => {
    const act = await build(simd);
    expect(act.simd).toBe(simd);
    const wasm = performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.wasm'));
    expect(wasm.some((n) => n.endsWith(simd ? '/dist/wasm/simd.wasm' : '/dist/wasm/scalar.wasm'))).toBe(true);
  });

  it('the two builds agree bit for bit on every elementwise kernel', async () => {
    const [simd, scalar] = await Promise.all([build(true), build(false)]);
    const x = testData(1027, 5);
    for (const name of Object.keys(ELEMENTWISE) as ElementwiseName[]) {
      const params = Object.fromEntries(
        Object.entries(ELEMENTWISE[name].params).map(([k, spec]) => [k, 'choices' in spec ? spec.default : (spec.default ?? 0.5)]),
      );
      const run = (act: typeof simd) => (act[name] as (x: Float32Array, o: object) => Float32Array)(x, params);
      expect(firstBitMismatch(run(simd), run(scalar), x), name).toBeUndefined();
    }
  });
});

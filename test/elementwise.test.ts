// Every elementwise kernel of the registry, both builds, against test/reference.ts: bit-exact for
// a kernel with maxUlp 0, within maxUlp ulps of the float64 reference otherwise (with the sign of
// zero at zero inputs; see ulpError and zeroSignMismatch in helpers.ts). The builds agree bit for bit.
import { describe, expect, it } from 'vitest';
import { ELEMENTWISE, type ElementwiseName } from '../dist/index.js';
import { BUILDS, SPECIALS, build, firstBitMismatch, firstUlpMismatch, randomBits, testData } from './helpers.js';
import { PARAM_CASES, REFERENCE, REQUIRED_PARAMS } from './reference.js';

const NAMES = Object.keys(ELEMENTWISE) as ElementwiseName[];

function defaults(name: ElementwiseName): Record<string, number> {
  return Object.fromEntries(Object.entries(ELEMENTWISE[name].params).map(([k, spec]) => [k, (spec as { default: number }).default]));
}

/** The reference at each x: float32 for a bit-exact kernel (maxUlp 0), float64 otherwise. */
function expected(name: ElementwiseName, x: Float32Array, params: Record<string, number>): Float32Array | Float64Array {
  const resolved = { ...defaults(name), ...params };
  const reference = (v: number) => REFERENCE[name](v, resolved);
  return ELEMENTWISE[name].maxUlp === 0 ? Float32Array.from(x, reference) : Float64Array.from(x, reference);
}

/** The first result that breaks the kernel's contract (see expected), with a message. */
function mismatch(name: ElementwiseName, actual: Float32Array, want: Float32Array | Float64Array, x: Float32Array): string | undefined {
  const { maxUlp } = ELEMENTWISE[name];
  return maxUlp === 0 ? firstBitMismatch(actual, want, x) : firstUlpMismatch(actual, want, maxUlp, x);
}

// Every value of every special class on both sides of every kernel's breakpoints.
const EDGE_INPUTS = Float32Array.from([
  ...SPECIALS,
  ...[-3.0000002, -2.9999998, 0.99999994, 1.0000001, 5.9999995, 6.0000005, 2.4999998, 2.5000002].map(Math.fround),
]);

it('the reference covers every kernel of the registry', () => {
  expect(Object.keys(REFERENCE).sort()).toEqual([...NAMES].sort());
});

describe.each(BUILDS)('$name build', ({ simd }) => {
  it('loads the requested build', async () => {
    expect((await build(simd)).simd).toBe(simd);
  });

  describe.each(NAMES)('%s', (name) => {
    const cases = [{}, ...PARAM_CASES[name]].map((params) => ({ ...REQUIRED_PARAMS[name], ...params }));
    const call = async (x: Float32Array, params: Record<string, number>, out?: Float32Array) =>
      ((await build(simd))[name] as (x: Float32Array, o: object) => Float32Array)(x, { ...params, out });

    it.each(cases)('specials, random bits and random data with %o', async (params) => {
      for (const x of [EDGE_INPUTS, randomBits(4099, 7), testData(4099, 11, 8)]) {
        expect(mismatch(name, await call(x, params), expected(name, x, params), x)).toBeUndefined();
      }
    });

    it('every length 0..67, at unaligned offsets, in place and into out', async () => {
      const big = testData(200, 3);
      for (const params of cases) {
        for (let n = 0; n <= 67; n++) {
          for (const offset of [0, 1, 2, 3, 5]) {
            const x = big.subarray(offset, offset + n);
            const want = expected(name, x, params);
            expect(mismatch(name, await call(x, params), want, x), `n=${n} offset=${offset}`).toBeUndefined();
            const backing = new Float32Array(n + 8).fill(12345);
            const out = backing.subarray(offset, offset + n);
            expect(await call(x, params, out)).toBe(out);
            expect(mismatch(name, out, want, x)).toBeUndefined();
            // Neighbours of `out` are untouched.
            expect(backing.subarray(0, offset).every((v) => v === 12345)).toBe(true);
            expect(backing.subarray(offset + n).every((v) => v === 12345)).toBe(true);
            const inPlace = x.slice();
            expect(await call(inPlace, params, inPlace)).toBe(inPlace);
            expect(mismatch(name, inPlace, want, x)).toBeUndefined();
          }
        }
      }
    });

    it('WasmTensor in, WasmTensor out, in place and across the copy boundary', async () => {
      const act = await build(simd);
      const fn = act[name] as (x: unknown, o?: object) => unknown;
      for (const params of cases) {
        for (const n of [0, 1, 3, 4, 15, 16, 17, 67, 1000]) {
          const data = testData(n, n + 17);
          const want = expected(name, data, params);
          using x = act.tensor(data, [n]);
          using y = fn(x, params) as ReturnType<typeof act.tensor>;
          expect(y.shape).toEqual([n]);
          expect(mismatch(name, y.data, want, data)).toBeUndefined();
          expect(firstBitMismatch(x.data, data)).toBeUndefined();
          using into = act.tensor(n);
          expect(fn(data, { ...params, out: into })).toBe(into);
          expect(mismatch(name, into.data, want, data)).toBeUndefined();
          const back = fn(x, { ...params, out: new Float32Array(n) }) as Float32Array;
          expect(mismatch(name, back, want, data)).toBeUndefined();
          expect(fn(x, { ...params, out: x })).toBe(x);
          expect(mismatch(name, x.data, want, data)).toBeUndefined();
        }
      }
    });
  });
});

it('both builds agree bit for bit on random bit patterns', async () => {
  const [simd, scalar] = [await build(true), await build(false)];
  const x = randomBits(1 << 16, 99);
  for (const name of NAMES) {
    for (const params of [{}, ...PARAM_CASES[name]].map((p) => ({ ...REQUIRED_PARAMS[name], ...p }))) {
      const a = (simd[name] as (x: Float32Array, o: object) => Float32Array)(x, params);
      const b = (scalar[name] as (x: Float32Array, o: object) => Float32Array)(x, params);
      expect(firstBitMismatch(a, b, x), `${name} ${JSON.stringify(params)}`).toBeUndefined();
    }
  }
});

// The exp family (exp, sigmoid, tanh, tanhShrink, elu, selu, celu, silu, swish, mish), both
// builds: specials, both tails, subnormal outputs, dense sweeps against the float64 references of
// test/reference.ts within each registry entry's maxUlp, every length 0..67 at unaligned offsets
// and in place, the builds bit for bit, and bad parameters.
import { describe, expect, it } from 'vitest';
import { type Activations, ELEMENTWISE, type ElementwiseName } from '../dist/index.js';
import {
  BUILDS,
  FLT_DENORM_MIN,
  FLT_MAX,
  FLT_MIN_NORMAL,
  SPECIALS,
  build,
  firstBitMismatch,
  firstUlpMismatch,
  random,
  randomBits,
  testData,
} from './helpers.js';
import { PARAM_CASES, REFERENCE } from './reference.js';

const FAMILY = ['exp', 'sigmoid', 'tanh', 'tanhShrink', 'elu', 'selu', 'celu', 'silu', 'swish', 'mish'] as const;
type Name = (typeof FAMILY)[number] & ElementwiseName;
type Kernel = (x: Float32Array, options?: object) => Float32Array;

const SELU_ALPHA = Math.fround(1.67326319217681884765625);
const SELU_GAMMA = Math.fround(1.05070102214813232421875);

const kernel = (act: Activations, name: Name) => act[name] as unknown as Kernel;
const defaults = (name: Name): Record<string, number> =>
  Object.fromEntries(Object.entries(ELEMENTWISE[name].params).map(([k, spec]) => [k, (spec as { default: number }).default]));
const reference = (name: Name, x: ArrayLike<number>, params: Record<string, number> = {}) => {
  const resolved = { ...defaults(name), ...params };
  return Float64Array.from(x, (v) => REFERENCE[name](v, resolved));
};
const maxUlp = (name: Name) => ELEMENTWISE[name].maxUlp;
const f32 = (...values: number[]) => Float32Array.from(values);

/** Every float32 from `lo` up (by bit pattern, same sign) `count` steps of `stride` patterns apart. */
function bitRun(lo: number, count: number, stride: number): Float32Array {
  const start = new Uint32Array(f32(lo).buffer)[0];
  const bits = new Uint32Array(count);
  const direction = lo < 0 || Object.is(lo, -0) ? -1 : 1;
  for (let i = 0; i < count; i++) bits[i] = start + direction * i * stride;
  return new Float32Array(bits.buffer);
}

/** n floats spread over [lo, hi] with random offsets. */
function spread(lo: number, hi: number, n: number, seed: number): Float32Array {
  const next = random(seed);
  return Float32Array.from({ length: n }, (_, i) => lo + ((hi - lo) * (i + next())) / n);
}

/** A dense sweep: every binade of both signs, the cores of the kernels and their tails. */
const SWEEP = Float32Array.from([
  ...SPECIALS,
  ...randomBits(1 << 17, 5),
  ...spread(-20, 20, 1 << 17, 6),
  ...spread(-2, 2, 1 << 16, 7),
  ...spread(-140, -80, 1 << 15, 8),
  ...bitRun(0.25, 1 << 14, 97), // 0.25 .. 2, where tanh and tanhShrink change form
  ...bitRun(-0.25, 1 << 14, 97),
  ...bitRun(2 ** -30, 1 << 14, 4099), // small positives down to subnormal range and up
  ...bitRun(-(2 ** -30), 1 << 14, 4099),
]);

describe.each(BUILDS)('$name build', ({ simd }) => {
  describe.each(FAMILY)('%s', (name) => {
    const cases = [{}, ...PARAM_CASES[name]];

    it.each(cases)('is within its maxUlp of the float64 reference over a dense sweep, with %o', async (params) => {
      const got = kernel(await build(simd), name)(SWEEP, params);
      expect(firstUlpMismatch(got, reference(name, SWEEP, params), maxUlp(name), SWEEP)).toBeUndefined();
    });

    it('every length 0..67, at unaligned offsets, in place and into out, equals the whole-array result', async () => {
      const fn = kernel(await build(simd), name);
      const big = testData(200, 31, 12);
      for (const params of cases) {
        const whole = fn(big, params);
        for (let n = 0; n <= 67; n++) {
          for (const offset of [0, 1, 2, 3, 5]) {
            const x = big.subarray(offset, offset + n);
            const want = whole.subarray(offset, offset + n);
            expect(firstBitMismatch(fn(x, params), want, x), `n=${n} offset=${offset}`).toBeUndefined();
            const backing = new Float32Array(n + 8).fill(777);
            const out = backing.subarray(offset, offset + n);
            expect(fn(x, { ...params, out })).toBe(out);
            expect(firstBitMismatch(out, want, x)).toBeUndefined();
            expect(backing.subarray(0, offset).every((v) => v === 777)).toBe(true);
            expect(backing.subarray(offset + n).every((v) => v === 777)).toBe(true);
            const inPlace = x.slice();
            expect(fn(inPlace, { ...params, out: inPlace })).toBe(inPlace);
            expect(firstBitMismatch(inPlace, want, x)).toBeUndefined();
          }
        }
      }
    });

    it('NaN gives NaN', async () => {
      for (const params of cases) {
        const y = kernel(await build(simd), name)(f32(NaN, -NaN, NaN, NaN, NaN), params);
        expect(y.every(Number.isNaN), JSON.stringify(params)).toBe(true);
      }
    });
  });

  /** name, inputs, the exact float32 outputs (Object.is: zero signs count; NaN matches NaN). */
  const EXACT: [Name, number[], number[], object?][] = [
    ['exp', [0, -0, -Infinity, Infinity, -104, -103.9, 88.72, 88.73, 1], [1, 1, 0, Infinity, 0, 1.4e-45, 3.3961e38, Infinity, Math.E]],
    ['sigmoid', [0, -0, Infinity, -Infinity, 18, 100, FLT_MAX, -FLT_MAX, -105], [0.5, 0.5, 1, 0, 1, 1, 1, 0, 0]],
    ['tanh', [0, -0, Infinity, -Infinity, 9.1, -9.1, 1e30, -FLT_MAX], [0, -0, 1, -1, 1, -1, 1, -1]],
    ['tanhShrink', [0, -0, Infinity, -Infinity, 1e-30, -1e-30, FLT_MAX], [0, -0, Infinity, -Infinity, 0, -0, FLT_MAX]],
    ['elu', [0, -0, Infinity, -Infinity, -17.5, -1e30, 5], [0, -0, Infinity, -1, -1, -1, 5]],
    ['elu', [-Infinity, -0, -20], [-0.5, -0, -0.5], { alpha: 0.5 }],
    ['selu', [0, -0, Infinity, -Infinity, -20, 2], [0, -0, Infinity, -SELU_ALPHA * SELU_GAMMA, -SELU_ALPHA * SELU_GAMMA, 2 * SELU_GAMMA]],
    ['celu', [0, -0, Infinity, -Infinity, -20, 3], [0, -0, Infinity, -1, -1, 3]],
    ['celu', [-Infinity, -0, -200, -1e-40], [-2, -0, -2, -1e-40], { alpha: 2 }],
    ['celu', [-1e-40, -1e-38, -0], [-1e-40, -1e-38, -0], { alpha: 1e30 }],
    ['silu', [0, -0, Infinity, -Infinity, 100, FLT_MAX, -200, -FLT_MAX], [0, -0, Infinity, NaN, 100, FLT_MAX, -0, -0]],
    ['swish', [Infinity, -Infinity, 3, -3, -0], [NaN, NaN, 1.5, -1.5, -0], { beta: 0 }], // 0 * Inf is NaN
    ['swish', [Infinity, -Infinity, -200, 200], [NaN, -Infinity, -200, 0], { beta: -1 }],
    ['mish', [0, -0, Infinity, -Infinity, 10, 1e30, FLT_MAX, -200, -FLT_MAX], [0, -0, Infinity, NaN, 10, 1e30, FLT_MAX, -0, -0]],
  ];

  it.each(EXACT)('%s specials: %j -> %j (%j)', async (name, xs, want, params = {}) => {
    const y = kernel(await build(simd), name)(f32(...xs), params);
    const expected = f32(...want);
    // exp's two finite large values are checked against the reference instead (they are not short decimals).
    if (name === 'exp') {
      expect(firstUlpMismatch(y, reference(name, f32(...xs)), maxUlp(name), f32(...xs))).toBeUndefined();
      expect(y[6]).toBeLessThan(Infinity);
      expect(y[7]).toBe(Infinity);
      expect(y[4]).toBe(0);
      expect(y[5]).toBeGreaterThan(0);
      return;
    }
    for (let i = 0; i < xs.length; i++) expect(Object.is(y[i], expected[i]), `${name}(${xs[i]}) = ${y[i]}, want ${expected[i]}`).toBe(true);
  });

  it('tanh(x) = x and elu(x) = x bit for bit for tiny and subnormal x; celu and selu scale them', async () => {
    const act = await build(simd);
    const tiny = f32(FLT_DENORM_MIN, -FLT_DENORM_MIN, FLT_MIN_NORMAL / 3, -FLT_MIN_NORMAL / 3, -FLT_MIN_NORMAL, 1e-20, -1e-20, 2 ** -13, -(2 ** -13));
    expect(firstBitMismatch(act.tanh(tiny), tiny, tiny)).toBeUndefined();
    const negatives = tiny.filter((v) => v < 0 && v > -1e-5);
    expect(firstBitMismatch(act.elu(negatives), negatives, negatives)).toBeUndefined();
    expect(firstBitMismatch(act.celu(negatives, { alpha: 3 }), negatives, negatives)).toBeUndefined();
    const scaled = Float32Array.from(negatives, (v) => Math.fround(SELU_GAMMA * SELU_ALPHA * v));
    expect(firstUlpMismatch(act.selu(negatives), reference('selu', negatives), maxUlp('selu'), negatives)).toBeUndefined();
    expect(act.selu(negatives).every((v, i) => Math.abs(v - scaled[i]) <= Math.abs(scaled[i]) * 2 ** -22)).toBe(true);
  });

  it('subnormal and tiny outputs in the far tails are relative-accurate, not flushed', async () => {
    const act = await build(simd);
    // sigmoid(x) = e^x below -87.3 (subnormal from -87.34 down to -103.97); silu and mish
    // approach x e^x, subnormal below about -82.5.
    const tail = Float32Array.from([...spread(-110, -80, 4096, 11), -103.9, -103.95, -87.34, -87.33]);
    for (const name of ['sigmoid', 'silu', 'mish', 'swish'] as const) {
      const y = kernel(act, name)(tail);
      expect(firstUlpMismatch(y, reference(name, tail), maxUlp(name), tail), name).toBeUndefined();
      const subnormal = y.filter((v) => v !== 0 && Math.abs(v) < FLT_MIN_NORMAL).length;
      expect(subnormal, `${name}: subnormal outputs`).toBeGreaterThan(500);
    }
    const y = act.sigmoid(f32(-100));
    expect(y[0]).toBe(Math.fround(Math.exp(-100))); // 3.7e-44: 26 subnormal steps, correctly rounded
    expect(act.silu(f32(-100))[0]).toBe(Math.fround(-100 * Math.exp(-100)));
  });

  it('tanhShrink is relative-accurate where x - tanh(x) cancels (x^3 / 3 near 0)', async () => {
    const act = await build(simd);
    const near0 = Float32Array.from([...bitRun(2 ** -40, 4096, 1 << 12), ...bitRun(-(2 ** -40), 4096, 1 << 12), ...spread(-1.2, 1.2, 1 << 14, 12)]);
    const y = act.tanhShrink(near0);
    expect(firstUlpMismatch(y, reference('tanhShrink', near0), maxUlp('tanhShrink'), near0)).toBeUndefined();
    expect(act.tanhShrink(f32(1e-3))[0]).toBeCloseTo(1e-9 / 3, 15);
  });

  it('swish with beta 1 is silu, bit for bit', async () => {
    const act = await build(simd);
    const x = randomBits(1 << 14, 13);
    expect(firstBitMismatch(act.swish(x, { beta: 1 }), act.silu(x), x)).toBeUndefined();
    expect(firstBitMismatch(act.swish(x), act.silu(x), x)).toBeUndefined();
  });

  it('rejects bad parameters with errors that name them', async () => {
    const act = await build(simd);
    const x = f32(1, -1);
    const loose = act as unknown as Record<string, (x: Float32Array, o?: unknown) => Float32Array>;
    expect(() => loose.celu(x, { alpha: 0 })).toThrow(RangeError);
    expect(() => loose.celu(x, { alpha: -1 })).toThrow(/celu: alpha must be greater than 0/);
    expect(() => loose.celu(x, { alpha: 1e-46 })).toThrow(/alpha/); // rounds to 0 in float32
    expect(() => loose.elu(x, { alpha: NaN })).toThrow(/elu: alpha must be a finite float32/);
    expect(() => loose.selu(x, { gamma: Infinity })).toThrow(/selu: gamma/);
    expect(() => loose.selu(x, { alpha: 1e39 })).toThrow(RangeError);
    expect(() => loose.swish(x, { beta: '2' })).toThrow(/swish: beta must be a number/);
    expect(() => loose.swish(x, { alpha: 2 })).toThrow(/swish: unknown option 'alpha'/);
    expect(() => loose.silu(x, { beta: 2 })).toThrow(/silu: unknown option 'beta'/);
    expect(() => loose.mish(x, { alpha: 1 })).toThrow(TypeError);
    expect(() => loose.tanh([1, 2] as unknown as Float32Array)).toThrow(/tanh: x must be a Float32Array/);
    // Still usable afterwards.
    expect(firstUlpMismatch(act.celu(x, { alpha: 2 }), reference('celu', x, { alpha: 2 }), maxUlp('celu'), x)).toBeUndefined();
  });
});

it('both builds agree bit for bit on random bit patterns and the sweep, every parameter case', async () => {
  const [simd, scalar] = [await build(true), await build(false)];
  const inputs = [randomBits(1 << 16, 17), SWEEP];
  for (const name of FAMILY) {
    for (const params of [{}, ...PARAM_CASES[name]]) {
      for (const x of inputs) {
        const a = kernel(simd, name)(x, params);
        const b = kernel(scalar, name)(x, params);
        expect(firstBitMismatch(a, b, x), `${name} ${JSON.stringify(params)}`).toBeUndefined();
      }
    }
  }
});
